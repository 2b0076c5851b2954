import Crypto
import DeviceModel
import Foundation
import PostgresStore

/// What the server needs of its store beyond `InventoryStore`: tokens, cheap counts, and each
/// client's contract and rate card.
public protocol ServerStore: InventoryStore {
    /// The live (not revoked) token whose secret hashes to this SHA-256 (hex), if any.
    func liveToken(secretSHA256: String) async throws -> StoredToken?
    /// Whether the database answers.
    func ping() async throws
    /// Stores (replaces) a client's contract or rate card.
    func putDocument(_ document: ClientDocument) async throws
    /// A client's contract or rate card, if one was stored.
    func document(client: String, kind: ClientDocument.Kind) async throws -> ClientDocument?
    /// The clients named (every client when nil) with their counts.
    func clientSummaries(only names: [String]?) async throws -> [ClientSummary]
}

extension PostgresStore: ServerStore {}

/// Bearer tokens: `census_<prefix>_<secret>`. The prefix is public (lists, revocation); the
/// server keeps only the SHA-256 of the whole token, so a database dump grants nothing.
public enum TokenIssuer {
    public struct Issued: Sendable {
        /// The token to hand over, shown once.
        public var token: String
        public var stored: StoredToken
    }

    /// Makes a token and stores its hash.
    public static func create(client: String?, role: StoredToken.Role, in store: PostgresStore, at date: Date = Date()) async throws -> Issued {
        if role == .admin, client != nil { throw TokenError("admin tokens have no client") }
        if role != .admin, client?.trimmingCharacters(in: .whitespaces).isEmpty ?? true {
            throw TokenError("a \(role.rawValue) token needs a client")
        }
        var generator = SystemRandomNumberGenerator()
        let prefix = randomHex(4, using: &generator)
        let secret = randomHex(32, using: &generator)
        let token = "census_\(prefix)_\(secret)"
        let stored = try await store.addToken(prefix: prefix, secretSHA256: sha256Hex(token), client: role == .admin ? nil : client,
                                              role: role, at: date)
        return Issued(token: token, stored: stored)
    }

    /// The hex SHA-256 of a token, as stored.
    public static func sha256Hex(_ token: String) -> String {
        SHA256.hash(data: Data(token.utf8)).map { String(format: "%02x", $0) }.joined()
    }

    /// Whether text has a token's shape (checked before any database look-up).
    public static func looksLikeToken(_ text: some StringProtocol) -> Bool {
        let parts = text.split(separator: "_", omittingEmptySubsequences: false)
        return parts.count == 3 && parts[0] == "census" && parts[1].count == 8 && parts[2].count == 64
            && (String(parts[1]) + String(parts[2])).allSatisfy { $0.isHexDigit && !$0.isUppercase }
    }

    private static func randomHex(_ bytes: Int, using generator: inout SystemRandomNumberGenerator) -> String {
        (0..<bytes).map { _ in String(format: "%02x", UInt8.random(in: .min ... .max, using: &generator)) }.joined()
    }
}

public struct TokenError: Error, CustomStringConvertible {
    public var description: String
    public init(_ description: String) { self.description = description }
}
