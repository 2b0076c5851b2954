@testable import NetSNMP
import XCTest

/// How requests shrink after one the agent would not answer, and how walks pace their rows.
final class RequestSizeTests: XCTestCase {
    func testSilenceOrTooBigQuartersTheRequestThreeTimesAtMost() {
        var size = RequestSize()
        XCTAssertNil(size.cap)
        XCTAssertTrue(size.shrink(after: .timeout(target: "t"), asking: 240))
        XCTAssertEqual(size.cap, 60)
        XCTAssertTrue(size.shrink(after: .agentError(target: "t", status: 1, index: 0), asking: 60))
        XCTAssertEqual(size.cap, 15)
        XCTAssertTrue(size.shrink(after: .timeout(target: "t"), asking: 15))
        XCTAssertEqual(size.cap, 3)
        XCTAssertFalse(size.shrink(after: .timeout(target: "t"), asking: 3), "a dead host costs three more timeouts, no more")
        XCTAssertEqual(size.cap, 3)
    }

    func testOtherFailuresAndSingleVarbindsDoNotShrink() {
        var size = RequestSize()
        XCTAssertFalse(size.shrink(after: .timeout(target: "t"), asking: 1), "one varbind cannot be smaller")
        XCTAssertFalse(size.shrink(after: .agentError(target: "t", status: 16, index: 0), asking: 50), "authorizationError is no size")
        XCTAssertFalse(size.shrink(after: .budgetExhausted(target: "t"), asking: 50))
        XCTAssertNil(size.cap)
    }

    func testWalksAskFewRowsFirstThenDouble() {
        var pace = BulkPace(maximum: 25)
        XCTAssertEqual((0..<5).map { _ in pace.next() }, [4, 8, 16, 25, 25])
        var one = BulkPace(maximum: 0)
        XCTAssertEqual(one.next(), 1)
    }
}
