import CensusCore
import Foundation
import NetSNMP
import XCTest

/// The SNMP event loop needs a wake-up pipe; when the process has no file descriptors left
/// to make one, opening a session says so (a typed set-up error) instead of the loop
/// polling whatever descriptor happened to be 0.
///
/// The test is synchronous on purpose: while the descriptor limit is tight nothing else on
/// the main thread may run. (As an `async` test, XCTest's run loop made libdispatch's
/// main-queue eventfd in that window and libdispatch trapped: the first test of a fresh
/// process crashed.)
final class EventLoopStartupTests: XCTestCase {
    func testNoDescriptorForTheWakeUpPipeIsASetupError() throws {
        // The main run loop's own descriptors exist before the limit tightens.
        RunLoop.current.run(until: Date())
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

        let failed = expectation(description: "opening a session fails")
        Task {
            do {
                _ = try await client.open(host: "127.0.0.1", credential: .v2c(community: "public"), timeout: .milliseconds(100), retries: 0)
                XCTFail("opened a session without an event loop")
            } catch let error as SNMPError {
                if case .setup(let message) = error {
                    XCTAssertTrue(message.contains("wake-up pipe"), message)
                } else {
                    XCTFail("expected a set-up error, got \(error)")
                }
            } catch {
                XCTFail("expected an SNMPError, got \(error)")
            }
            failed.fulfill()
        }
        wait(for: [failed], timeout: 10)
    }
}
