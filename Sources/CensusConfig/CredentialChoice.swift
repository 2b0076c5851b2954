import CensusCore
import Foundation

/// The SNMP credentials a run was given directly (command line or environment), and how the
/// configuration fills in the rest. One rule for every front end:
/// given directly → v3 first, then v2c communities, then v1 (plus any named `--credential`);
/// otherwise the named credentials, else the site's list, else every configured credential;
/// with none anywhere, v2c `public`.
public struct CredentialChoice: Sendable, Equatable {
    public var v3User: String?
    public var authProtocol: SNMPCredential.USMUser.AuthProtocol?
    public var authPassphrase: String?
    public var privacyProtocol: SNMPCredential.USMUser.PrivacyProtocol?
    public var privacyPassphrase: String?
    public var communities: [String]
    /// Also try each community with SNMPv1.
    public var alsoV1: Bool
    /// Configured credentials to try, by name, in order.
    public var names: [String]

    public init(v3User: String? = nil, authProtocol: SNMPCredential.USMUser.AuthProtocol? = nil, authPassphrase: String? = nil,
                privacyProtocol: SNMPCredential.USMUser.PrivacyProtocol? = nil, privacyPassphrase: String? = nil,
                communities: [String] = [], alsoV1: Bool = false, names: [String] = []) {
        self.v3User = v3User
        self.authProtocol = authProtocol
        self.authPassphrase = authPassphrase
        self.privacyProtocol = privacyProtocol
        self.privacyPassphrase = privacyPassphrase
        self.communities = communities
        self.alsoV1 = alsoV1
        self.names = names
    }

    /// Why the credentials given cannot be used.
    public enum Problem: Error, Equatable, Sendable, CustomStringConvertible {
        /// A v3 passphrase is missing or shorter than the 8 characters USM requires.
        case shortPassphrase(String)
        case configuration(ConfigurationError)

        public var description: String {
            switch self {
            case .shortPassphrase(let which): "SNMPv3 \(which) passphrase missing or shorter than 8 characters"
            case .configuration(let error): error.description
            }
        }
    }

    /// The credentials in the order they are tried. Passphrases and communities not given come
    /// from CENSUS_SNMP_AUTH_PASS, CENSUS_SNMP_PRIV_PASS and CENSUS_SNMP_COMMUNITIES.
    public func resolve(in config: CensusConfiguration, site: CensusConfiguration.Site?,
                        environment: [String: String] = ProcessInfo.processInfo.environment) throws(Problem) -> [SNMPCredential] {
        let direct = try given(environment: environment)
        do {
            if !direct.isEmpty { return direct + (names.isEmpty ? [] : try config.resolveCredentials(names, environment: environment)) }
            let chosen = names.isEmpty ? (site?.credentials ?? []) : names
            if !chosen.isEmpty || !config.credentials.isEmpty { return try config.resolveCredentials(chosen, environment: environment) }
        } catch {
            throw .configuration(error)
        }
        return [.v2c(community: "public")]
    }

    private func given(environment: [String: String]) throws(Problem) -> [SNMPCredential] {
        var list: [SNMPCredential] = []
        if let user = v3User {
            let authPass = authPassphrase ?? environment["CENSUS_SNMP_AUTH_PASS"] ?? ""
            let privPass = privacyPassphrase ?? environment["CENSUS_SNMP_PRIV_PASS"] ?? ""
            if authProtocol != nil && authPass.count < 8 { throw .shortPassphrase("authentication") }
            if privacyProtocol != nil && privPass.count < 8 { throw .shortPassphrase("privacy") }
            list.append(.v3(.init(user: user, authProtocol: authProtocol, authPassphrase: authPass,
                                  privacyProtocol: privacyProtocol, privacyPassphrase: privPass)))
        }
        var communities = self.communities
        if communities.isEmpty, let env = environment["CENSUS_SNMP_COMMUNITIES"] {
            // "wrong, public" is two communities, the second "public": spaces around the commas
            // are the list's, not the secrets' (one written with a space would never answer).
            communities = env.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        }
        if communities.isEmpty && alsoV1 { communities = ["public"] }
        list += communities.map { .v2c(community: $0) }
        if alsoV1 { list += communities.map { .v1(community: $0) } }
        return list
    }
}
