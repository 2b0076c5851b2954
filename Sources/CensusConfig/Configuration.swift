import CensusCore
import DataFiles
import Foundation

/// The user's Census configuration (YAML): defaults, named SNMP credentials and the clients
/// with their sites. Secrets are never written in it: a credential names an environment
/// variable or an owner-only file that holds the secret (see `SecretReference`).
///
/// ```yaml
/// defaults:
///   db: /var/lib/census/census.sqlite
///   snmp: { timeout-ms: 800, retries: 1 }
/// credentials:
///   - name: office
///     community: { env: ACME_COMMUNITY }
///   - name: core
///     version: v3
///     user: census
///     auth: sha256
///     auth-pass: { file: /etc/census/core-auth }
///     priv: aes
///     priv-pass: { file: /etc/census/core-priv }
/// clients:
///   - name: acme
///     sites:
///       - name: hq
///         interface: eth1
///         ranges: [10.0.0.0/24]
///         exclude: [10.0.0.250/32]
///         credentials: [core, office]
/// ```
public struct CensusConfiguration: Sendable {
    public var file: String?
    public var defaults = Defaults()
    public var credentials: [CredentialDefinition] = []
    public var clients: [Client] = []

    public struct Defaults: Sendable, Equatable {
        public var database: String?
        public var snmpTimeoutMilliseconds: Int?
        public var snmpRetries: Int?
        public init() {}
    }

    public struct Client: Sendable, Equatable {
        public var name: String
        public var sites: [Site]
    }

    public struct Site: Sendable, Equatable {
        public var name: String
        public var interface: String?
        public var ranges: [IPv4Network]
        public var exclude: [IPv4Network]
        /// Names of credentials to try, in order; empty means all of them.
        public var credentials: [String]
    }

    /// An empty configuration (no file).
    public init() {}

    /// The site `site` of client `client`, or a clear error listing what exists.
    public func site(_ site: String, of client: String) throws(ConfigurationError) -> Site {
        guard let entry = clients.first(where: { $0.name == client }) else {
            let known = clients.map(\.name).joined(separator: ", ")
            throw .unknown("client '\(client)' is not in \(file ?? "the configuration")\(known.isEmpty ? "" : " (clients: \(known))")")
        }
        guard let found = entry.sites.first(where: { $0.name == site }) else {
            let known = entry.sites.map(\.name).joined(separator: ", ")
            throw .unknown("client '\(client)' has no site '\(site)'\(known.isEmpty ? "" : " (sites: \(known))")")
        }
        return found
    }

    /// The credentials called `names` (all of them, in file order, when `names` is empty),
    /// with their secrets read from the environment or their files.
    public func resolveCredentials(_ names: [String] = [], environment: [String: String] = ProcessInfo.processInfo.environment)
        throws(ConfigurationError) -> [SNMPCredential] {
        let chosen: [CredentialDefinition]
        if names.isEmpty {
            chosen = credentials
        } else {
            chosen = try names.map { (name) throws(ConfigurationError) in
                guard let definition = credentials.first(where: { $0.name == name }) else {
                    throw .unknown("credential '\(name)' is not defined in \(file ?? "the configuration")")
                }
                return definition
            }
        }
        return try chosen.map { (definition) throws(ConfigurationError) in try definition.resolve(environment: environment) }
    }
}

/// A configuration that cannot be used; the text says where and why, never a secret.
public enum ConfigurationError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The file is malformed (located by file and line).
    case invalid(DataFileError)
    /// A client, site or credential name that the configuration does not define.
    case unknown(String)
    /// A secret could not be read, or is stored where others can read it.
    case secret(String)

    public var description: String {
        switch self {
        case .invalid(let error): "configuration: \(error)"
        case .unknown(let message): message
        case .secret(let message): message
        }
    }
}
