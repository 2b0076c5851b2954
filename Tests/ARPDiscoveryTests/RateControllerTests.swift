@testable import ARPDiscovery
import XCTest

/// The adaptive sweep rate: once per 50 ms window it climbs ×1.25 (up to the ceiling) while
/// the typical round trip stays within 2× the fastest + 2 ms, backs off ×0.6 (down to half
/// the starting rate) when it exceeds 4× the fastest + 10 ms, and holds in between or in
/// silence.
final class RateControllerTests: XCTestCase {
    let ms: UInt64 = 1_000_000

    func controller(start: Double = 1_000, ceiling: Double? = 4_000) -> RateController {
        RateController(settings: SweepSettings(packetsPerSecond: start, maximumPacketsPerSecond: ceiling), now: 0)
    }

    /// One window whose answers took `roundTrips` milliseconds, closed at `end` ms.
    func window(_ c: inout RateController, _ roundTrips: [UInt64], end: UInt64) {
        for rtt in roundTrips { c.add(rtt * ms) }
        c.adjust(now: end * ms)
    }

    func testPromptAnswersClimbByAQuarterPerWindowUpToTheCeiling() {
        var c = controller()
        XCTAssertEqual(c.interval, 1_000_000, "1,000/s is one request a millisecond")
        window(&c, [2, 2, 3], end: 50)
        XCTAssertEqual(c.rate, 1_250)
        window(&c, [2, 5], end: 100)   // typical 5 ms <= 2 × 2 + 2 ms
        XCTAssertEqual(c.rate, 1_562.5)
        for i in 3...20 { window(&c, [2], end: UInt64(i) * 50) }
        XCTAssertEqual(c.rate, 4_000, "never above the ceiling")
        XCTAssertEqual(c.peak, 4_000)
    }

    func testNoAdjustmentWithinAWindow() {
        var c = controller()
        window(&c, [2], end: 49)
        XCTAssertEqual(c.rate, 1_000)
        c.adjust(now: 50 * ms)
        XCTAssertEqual(c.rate, 1_250, "the samples of the whole window count")
    }

    func testLateAnswersBackOffToHalfTheStartingRate() {
        var c = controller()
        window(&c, [2], end: 50)
        XCTAssertEqual(c.rate, 1_250)
        window(&c, [20, 20, 2], end: 100)   // typical 20 ms > 4 × 2 + 10 ms
        XCTAssertEqual(c.rate, 750)
        window(&c, [30], end: 150)
        XCTAssertEqual(c.rate, 500, "floor: half the starting rate")
        XCTAssertEqual(c.peak, 1_250)
    }

    func testMiddlingAnswersAndSilenceHoldTheRate() {
        var c = controller()
        window(&c, [2], end: 50)
        window(&c, [10], end: 100)   // 6 ms < 10 ms <= 18 ms: neither prompt nor late
        XCTAssertEqual(c.rate, 1_250)
        c.adjust(now: 150 * ms)      // nothing answered: no evidence
        XCTAssertEqual(c.rate, 1_250)
    }

    func testAFixedRateNeverMoves() {
        var c = controller(ceiling: nil)
        window(&c, [1], end: 50)
        window(&c, [100], end: 100)
        XCTAssertEqual(c.rate, 1_000)
        XCTAssertEqual(c.peak, 1_000)
    }
}
