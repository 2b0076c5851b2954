import CensusCore
import Foundation
import NetSNMP
import XCTest

/// SNMPv3 keys are derived from the passphrases when a session opens, before anything is
/// sent: a passphrase net-snmp refuses (under 8 characters) fails the opening and says which.
final class V3KeyDerivationTests: XCTestCase {
    override func setUpWithError() throws {
        // One net-snmp set-up per process: the same one SNMPLibraryTests checks.
        try SNMPLibrary.initialise(.init(persistentDirectory: SNMPLibraryTests.persistent,
                                         mibDirectories: [SNMPLibraryTests.repository.appendingPathComponent("mibs").path]))
    }

    func openError(_ user: SNMPCredential.USMUser) async -> SNMPError? {
        do {
            _ = try await SNMPClient().open(host: "127.0.0.1", credential: .v3(user), timeout: .milliseconds(100), retries: 0)
            return nil
        } catch {
            return error
        }
    }

    func testAShortAuthenticationPassphraseIsRefused() async {
        for proto in SNMPCredential.USMUser.AuthProtocol.allCases {
            let error = await openError(.init(user: "monitor", authProtocol: proto, authPassphrase: "short"))
            XCTAssertEqual(error, .openFailed(target: "127.0.0.1", reason: "cannot derive the v3 authentication key (passphrase too short? at least 8 characters)"), proto.rawValue)
        }
    }

    func testAShortPrivacyPassphraseIsRefusedAfterAGoodAuthenticationOne() async {
        for proto in SNMPCredential.USMUser.AuthProtocol.allCases {
            let error = await openError(.init(user: "monitor", authProtocol: proto, authPassphrase: "long enough",
                                              privacyProtocol: .aes, privacyPassphrase: "short"))
            XCTAssertEqual(error, .openFailed(target: "127.0.0.1", reason: "cannot derive the v3 privacy key (passphrase too short? at least 8 characters)"), proto.rawValue)
        }
    }

    /// Good passphrases derive both keys; the session then goes on to engine discovery, which
    /// a silent local socket never answers.
    func testGoodPassphrasesGetAsFarAsEngineDiscovery() async throws {
        let socket = Glibc.socket(AF_INET, Int32(SOCK_DGRAM.rawValue), 0)
        XCTAssertGreaterThanOrEqual(socket, 0)
        defer { close(socket) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(socket, $0, length) == 0 && getsockname(socket, $0, &length) == 0 }
        }
        XCTAssertTrue(bound)
        let port = UInt16(bigEndian: address.sin_port)
        for proto in SNMPCredential.USMUser.AuthProtocol.allCases {
            let user = SNMPCredential.USMUser(user: "monitor", authProtocol: proto, authPassphrase: "long enough",
                                              privacyProtocol: .aes, privacyPassphrase: "also long enough")
            do {
                _ = try await SNMPClient().open(host: "127.0.0.1", port: port, credential: .v3(user), timeout: .milliseconds(50), retries: 0)
                XCTFail("a silent socket answered")
            } catch {
                XCTAssertEqual(error, .timeout(target: "127.0.0.1:\(port)"), proto.rawValue)
            }
        }
    }
}
