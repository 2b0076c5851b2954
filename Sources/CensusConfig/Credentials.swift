import CensusCore
import DataFiles
import Foundation

/// Where a secret lives: never the secret itself.
public enum SecretReference: Sendable, Equatable, CustomStringConvertible {
    /// An environment variable.
    case environment(String)
    /// A file readable by its owner only (mode 0600 or stricter), owned by the user running Census.
    case file(String)

    public var description: String {
        switch self {
        case .environment(let name): "environment variable \(name)"
        case .file(let path): "file \(path)"
        }
    }

    /// Reads the secret. A file that others can read or write, or that belongs to someone
    /// else, is refused: a secret there is not a secret.
    public func read(environment: [String: String]) throws(ConfigurationError) -> String {
        switch self {
        case .environment(let name):
            guard let value = environment[name] else { throw .secret("environment variable \(name) is not set") }
            guard !value.isEmpty else { throw .secret("environment variable \(name) is empty") }
            return value
        case .file(let path):
            var info = stat()
            guard stat(path, &info) == 0 else { throw .secret("cannot read secret file \(path): \(String(cString: strerror(errno)))") }
            guard info.st_mode & S_IFMT != S_IFDIR else { throw .secret("secret file \(path) is a directory; name the file that holds the secret") }
            guard info.st_mode & S_IFMT == S_IFREG else { throw .secret("secret file \(path) is not a regular file") }
            guard info.st_mode & 0o077 == 0 else {
                throw .secret("secret file \(path) is accessible to others (mode \(String(info.st_mode & 0o777, radix: 8))); run: chmod 600 \(path)")
            }
            guard info.st_uid == getuid() else { throw .secret("secret file \(path) belongs to another user") }
            guard let data = FileManager.default.contents(atPath: path), let text = String(data: data, encoding: .utf8) else {
                throw .secret("cannot read secret file \(path)")
            }
            let secret = text.trimmingCharacters(in: .newlines)
            guard !secret.isEmpty else { throw .secret("secret file \(path) is empty") }
            return secret
        }
    }
}

/// A named SNMP credential as the configuration describes it (secrets by reference).
public struct CredentialDefinition: Sendable, Equatable {
    public enum Kind: Sendable, Equatable {
        case community(version: CommunityVersion, secret: SecretReference)
        case usm(user: String, auth: SNMPCredential.USMUser.AuthProtocol?, authSecret: SecretReference?,
                 privacy: SNMPCredential.USMUser.PrivacyProtocol?, privacySecret: SecretReference?)
    }

    public enum CommunityVersion: String, Sendable, Equatable { case v1, v2c }

    public var name: String
    public var kind: Kind
    /// Where it is defined, for messages.
    public var location: String

    /// The credential with its secrets read.
    public func resolve(environment: [String: String]) throws(ConfigurationError) -> SNMPCredential {
        func read(_ reference: SecretReference) throws(ConfigurationError) -> String {
            do { return try reference.read(environment: environment) } catch let error {
                throw .secret("credential '\(name)' (\(location)): \(error)")
            }
        }
        switch kind {
        case let .community(version, secret):
            let community = try read(secret)
            return version == .v1 ? .v1(community: community) : .v2c(community: community)
        case let .usm(user, auth, authSecret, privacy, privacySecret):
            let authPass = try authSecret.map { (s) throws(ConfigurationError) in try read(s) } ?? ""
            let privPass = try privacySecret.map { (s) throws(ConfigurationError) in try read(s) } ?? ""
            for (what, pass, used) in [("auth-pass", authPass, auth != nil), ("priv-pass", privPass, privacy != nil)] where used && pass.count < 8 {
                throw .secret("credential '\(name)' (\(location)): \(what) must be at least 8 characters")
            }
            return .v3(.init(user: user, authProtocol: auth, authPassphrase: authPass, privacyProtocol: privacy, privacyPassphrase: privPass))
        }
    }
}
