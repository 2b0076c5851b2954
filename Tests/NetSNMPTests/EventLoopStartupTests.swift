import CensusCore
import Foundation
import NetSNMP
import XCTest

/// The SNMP event loop needs a wake-up pipe; when the process has no file descriptors left
/// to make one, opening a session says so (a typed set-up error) instead of the loop
/// polling whatever descriptor happened to be 0.
final class EventLoopStartupTests: XCTestCase {
    func testNoDescriptorForTheWakeUpPipeIsASetupError() async throws {
        var saved = rlimit()
        XCTAssertEqual(getrlimit(__rlimit_resource_t(RLIMIT_NOFILE.rawValue), &saved), 0)
        // The lowest free descriptor becomes the limit: no new descriptor can be made.
        let lowest = open("/dev/null", O_RDONLY)
        XCTAssertGreaterThanOrEqual(lowest, 0)
        close(lowest)
        var tight = saved
        tight.rlim_cur = rlim_t(lowest)
        XCTAssertEqual(setrlimit(__rlimit_resource_t(RLIMIT_NOFILE.rawValue), &tight), 0)
        let client = SNMPClient()
        XCTAssertEqual(setrlimit(__rlimit_resource_t(RLIMIT_NOFILE.rawValue), &saved), 0)

        do {
            _ = try await client.open(host: "127.0.0.1", credential: .v2c(community: "public"), timeout: .milliseconds(100), retries: 0)
            XCTFail("opened a session without an event loop")
        } catch {
            guard case .setup(let message) = error else { return XCTFail("expected a set-up error, got \(error)") }
            XCTAssertTrue(message.contains("wake-up pipe"), message)
        }
    }
}
