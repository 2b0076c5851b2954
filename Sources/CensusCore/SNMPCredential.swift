/// How to authenticate to an agent. Its description never shows a secret.
public enum SNMPCredential: Sendable, Hashable, CustomStringConvertible {
    /// SNMPv1 with a community string.
    case v1(community: String)
    /// SNMPv2c with a community string.
    case v2c(community: String)
    /// SNMPv3 user-based security.
    case v3(USMUser)

    public struct USMUser: Sendable, Hashable {
        public enum AuthProtocol: String, Sendable, CaseIterable { case sha, sha256 }
        public enum PrivacyProtocol: String, Sendable, CaseIterable { case aes }

        public var user: String
        public var authProtocol: AuthProtocol?
        public var authPassphrase: String
        public var privacyProtocol: PrivacyProtocol?
        public var privacyPassphrase: String

        public init(user: String, authProtocol: AuthProtocol? = nil, authPassphrase: String = "",
                    privacyProtocol: PrivacyProtocol? = nil, privacyPassphrase: String = "") {
            self.user = user
            self.authProtocol = authProtocol
            self.authPassphrase = authPassphrase
            self.privacyProtocol = privacyProtocol
            self.privacyPassphrase = privacyPassphrase
        }

        /// noAuthNoPriv, authNoPriv or authPriv.
        public var securityLevel: String {
            authProtocol == nil ? "noAuthNoPriv" : (privacyProtocol == nil ? "authNoPriv" : "authPriv")
        }

        public static func == (a: Self, b: Self) -> Bool {
            a.user == b.user && a.authProtocol == b.authProtocol && a.authPassphrase == b.authPassphrase
                && a.privacyProtocol == b.privacyProtocol && a.privacyPassphrase == b.privacyPassphrase
        }

        public func hash(into h: inout Hasher) {
            h.combine(user); h.combine(authProtocol); h.combine(authPassphrase)
            h.combine(privacyProtocol); h.combine(privacyPassphrase)
        }
    }

    /// Safe to log and store: the version and user, never the secret.
    public var description: String {
        switch self {
        case .v1: "v1 community"
        case .v2c: "v2c community"
        case .v3(let u):
            "v3 user \(u.user) (\(u.securityLevel)\(u.authProtocol.map { ", \($0.rawValue)" } ?? "")\(u.privacyProtocol.map { "/\($0.rawValue)" } ?? ""))"
        }
    }

    /// A stable label for the credential that worked, safe to store: never the secret. A v3
    /// user without authentication is the whole credential, as a community is: not named either.
    public var label: String {
        switch self {
        case .v1: "v1"
        case .v2c: "v2c"
        case .v3(let u): u.authProtocol == nil ? "v3:\(u.securityLevel)" : "v3:\(u.user):\(u.securityLevel)"
        }
    }

    /// Every secret this credential holds (for redaction checks).
    public var secrets: [String] {
        switch self {
        case .v1(let c), .v2c(let c): [c]
        case .v3(let u): [u.authPassphrase, u.privacyPassphrase].filter { !$0.isEmpty }
        }
    }
}
