@testable import ARPDiscovery
import CensusCore
import XCTest

/// The loss estimate (from the attempt on which hosts answered) and the rule that keeps asking
/// silent targets on a lossy link: pure arithmetic, then a simulated sweep on a simulated clock.
final class LossEstimatorTests: XCTestCase {
    /// `live` hosts answering with per-attempt loss `p` (expected counts, rounded), `dead` silent.
    func estimator(live: Int, dead: Int, loss p: Double, attempts: Int = 3) -> LossEstimator {
        var e = LossEstimator(baseAttempts: attempts)
        var left = Double(live)
        for k in 1...attempts {
            let now = (left * (1 - p)).rounded()
            for _ in 0..<Int(now) { e.add(answeredOnAttempt: k) }
            left -= now
        }
        for _ in 0..<(Int(left) + dead) { e.add(answeredOnAttempt: nil) }
        return e
    }

    func testLossFromTheAttemptsThatGotAnswersWhateverTheDeadShare() throws {
        // 1,000 live hosts at 10 %: 900 answer the first request, 90 the second, 9 the third.
        let e = estimator(live: 1_000, dead: 5_000, loss: 0.1)
        XCTAssertEqual(e.answeredOn, [900, 90, 9])
        XCTAssertEqual(try XCTUnwrap(e.loss), 0.1, accuracy: 0.002)
        XCTAssertEqual(e.liveFraction, 1_000.0 / 6_000, accuracy: 0.001)
        let heavy = estimator(live: 10_000, dead: 0, loss: 0.3)
        XCTAssertEqual(try XCTUnwrap(heavy.loss), 0.3, accuracy: 0.002, "no bias from the hosts never heard")
        XCTAssertEqual(heavy.liveFraction, 1, accuracy: 0.001)
    }

    func testCleanLinkAndNothingToJudgeFrom() {
        let clean = estimator(live: 30, dead: 224, loss: 0)
        XCTAssertLessThan(clean.loss!, 0.02, "half a count keeps it off zero, no more")
        XCTAssertLessThan(clean.expectedUnseen(silent: [(attempts: 3, count: 224)]), 0.001)
        XCTAssertNil(estimator(live: 0, dead: 254, loss: 0).loss, "nobody answered")
        XCTAssertEqual(estimator(live: 0, dead: 254, loss: 0).probabilityLive(silentAfter: 3), 0)
        XCTAssertNil(estimator(live: 100, dead: 0, loss: 0.1, attempts: 1).loss, "one request each says nothing of loss")
    }

    func testSilentTargetsGrowLessLikelyToBeLiveWithEveryRequest() {
        let e = estimator(live: 253, dead: 1, loss: 0.1)
        let after = (3...7).map { e.probabilityLive(silentAfter: $0) }
        XCTAssertEqual(after, after.sorted(by: >))
        XCTAssertGreaterThan(after[0], 0.01)
        XCTAssertLessThan(after[4], 0.001)
        // Expected unseen = silent targets × that probability.
        XCTAssertEqual(e.expectedUnseen(silent: [(attempts: 3, count: 2), (attempts: 5, count: 1)]),
                       2 * e.probabilityLive(silentAfter: 3) + e.probabilityLive(silentAfter: 5), accuracy: 1e-12)
        // Few live hosts among many dead targets: a silent target is most likely dead.
        let sparse = estimator(live: 30, dead: 224, loss: 0.1)
        XCTAssertLessThan(sparse.probabilityLive(silentAfter: 3), 0.001)
    }

    func testStoppingRule() {
        let rule = RetryExtensionRule(threshold: 0.01, maximumAttempts: 8)
        XCTAssertTrue(rule.askAgain(expectedUnseen: 0.5, attempts: 3, answerBy: 10, deadline: 20))
        XCTAssertFalse(rule.askAgain(expectedUnseen: 0.009, attempts: 3, answerBy: 10, deadline: 20), "below a fraction of one")
        XCTAssertFalse(rule.askAgain(expectedUnseen: 5, attempts: 8, answerBy: 10, deadline: 20), "out of attempts")
        XCTAssertFalse(rule.askAgain(expectedUnseen: 5, attempts: 3, answerBy: 21, deadline: 20), "its wait would end past the budget")
        XCTAssertTrue(rule.askAgain(expectedUnseen: 5, attempts: 3, answerBy: 20, deadline: 20))
    }

    func testLossBudgetIsTwiceTheLosslessSchedule() {
        let s = SweepSettings()   // 500/s, 2 retries, 400 ms, backoff 1.5
        XCTAssertEqual(s.losslessDuration(targets: 254).seconds, 254.0 / 500 + 0.4 * (1 + 1.5 + 2.25), accuracy: 1e-9)
        XCTAssertEqual(s.lossBudget(targets: 254).seconds, 2 * s.losslessDuration(targets: 254).seconds, accuracy: 1e-9)
    }

    func testSummaryNotes() {
        var report = DiscoveryReport(hosts: ObservationSet(), requestsSent: 800, unanswered: [], malformed: MalformedFrames(),
                                     droppedFrames: 0, elapsed: .seconds(2), interrupted: false, smoothedRoundTrip: nil)
        XCTAssertNil(report.lossNote)
        report.estimatedLoss = 0.004; report.expectedMissed = 0.0001; report.maximumAttempts = 3
        XCTAssertNil(report.lossNote, "a clean link is not worth a word")
        report.estimatedLoss = 0.1; report.maximumAttempts = 6
        XCTAssertEqual(report.lossNote, "10% of requests or answers were lost, silent hosts asked up to 6 times")
        report.estimatedLoss = 0.31; report.expectedMissed = 2.4
        XCTAssertEqual(report.lossNote, "about 2 hosts may have been missed: 31% of requests or answers were lost")
        XCTAssertNil(report.snapshotLengthNote)
        report.framesCutBySnapshotLength = 3; report.snapshotLength = 34
        XCTAssertEqual(report.snapshotLengthNote, "3 frames too short for ARP: the capture keeps only 34 bytes per frame (snaplen 34), ARP needs 42 (recapture with tcpdump -s 0)")
    }
}

/// A sweep on a simulated clock and link: requests to live targets are lost with probability
/// `loss`, answers come back 1 ms later, requests go out at 500/s.
final class LossySweepSimulationTests: XCTestCase {
    let ms: UInt64 = 1_000_000

    struct Outcome {
        var found: Int
        var live: Int
        var sent: Int
        var seconds: Double
        var mostAttempts: Int
        var loss: Double?
        var missed: Double?
    }

    /// A sweep over `n` targets whose first `live` answer after `roundTrip(target)` unless the
    /// request or its answer is lost (probability `loss`), sending one request per 2 ms.
    func simulate(targets n: Int, live: Int, loss: Double, seed: UInt64, settings: SweepSettings = SweepSettings(retries: 2),
                  roundTrip: (Int) -> UInt64 = { _ in 1_000_000 }) -> Outcome {
        var rng = SplitMix64(seed: seed)
        let targets = (0..<n).map { IPv4Address(0xC612_0000 + UInt32($0) + 1) }
        var state = SweepState(targets: targets, settings: settings)
        var now: UInt64 = 1_000 * ms, nextSlot = now
        let interval = 2 * ms
        var answers: [(time: UInt64, target: Int)] = []
        var found = Set<Int>()
        var loops = 0
        while loops < 1_000_000 {
            loops += 1
            answers.sort { $0.time < $1.time }
            while let a = answers.first, a.time <= now {
                answers.removeFirst()
                if state.didAnswer(a.target, at: now) != nil { found.insert(a.target) }
            }
            while nextSlot <= now, let t = state.nextToSend(now: now) {
                state.didSend(t, at: now)
                if t < live, Double(rng.next() % 1_000_000) / 1_000_000 >= loss { answers.append((now + roundTrip(t), t)) }
                nextSlot += interval
            }
            if nextSlot < now { nextSlot = now }
            guard let wake = state.nextEvent(now: now, nextSlot: nextSlot) else { break }
            let next = min(wake, answers.map(\.time).min() ?? .max)
            now = max(now + 1, next)
        }
        XCTAssertLessThan(loops, 1_000_000, "the sweep must end")
        let report = state.lossReport()
        return Outcome(found: found.count, live: live, sent: state.sent, seconds: Double(now - 1_000 * ms) / 1e9,
                       mostAttempts: state.mostAttempts, loss: report.loss, missed: report.expectedMissed)
    }

    func testEveryHostFoundAtTenPercentLossAndAlmostAlwaysAtThirtyWithinTheBudget() {
        // 300 simulated runs each. The stopping rule leaves a host behind with a chance of about
        // 1 in 500 at the estimated loss; at 30 % the estimate itself wanders, so allow 1 % of
        // runs to miss one host, never more.
        let budget = SweepSettings(retries: 2).lossBudget(targets: 254).seconds
        for (loss, allowedShort) in [(0.1, 0), (0.3, 3)] {
            var short = 0
            for seed in 1...UInt64(300) {
                let o = simulate(targets: 254, live: 254, loss: loss, seed: seed)
                if o.found < 254 { short += 1 }
                XCTAssertGreaterThanOrEqual(o.found, 253, "loss \(loss), seed \(seed): \(o)")
                XCTAssertLessThanOrEqual(o.seconds, budget + 0.5, "loss \(loss), seed \(seed)")
                XCTAssertEqual(o.loss ?? 0, loss, accuracy: 0.12, "seed \(seed)")
            }
            XCTAssertLessThanOrEqual(short, allowedShort, "runs that missed a host at \(loss) loss")
        }
    }

    func testTenPercentLossCostsAtMostTwiceTheLosslessTime() {
        // Retries go after the measured round trip (a few ms here), not after the 400 ms timeout:
        // a lost frame costs tens of milliseconds.
        let clean = simulate(targets: 254, live: 254, loss: 0, seed: 1)
        XCTAssertEqual(clean.found, 254)
        for seed in 1...UInt64(40) {
            let lossy = simulate(targets: 254, live: 254, loss: 0.1, seed: seed)
            XCTAssertEqual(lossy.found, 254, "seed \(seed)")
            XCTAssertLessThanOrEqual(lossy.seconds, 2 * clean.seconds, "seed \(seed): \(lossy) vs lossless \(clean)")
        }
    }

    func testASlowHostIsWaitedForAfterItsLastRequest() {
        // Every host answers in 1 ms but the last one asked, which takes 390 ms: quicker retries
        // do not give up on it, since a target's last request keeps the full 400 ms for a late answer.
        let o = simulate(targets: 254, live: 254, loss: 0, seed: 1, roundTrip: { $0 == 253 ? 390 * self.ms : self.ms })
        XCTAssertEqual(o.found, 254)
    }

    func testDeadTargetsCostTheTimeoutOnceNotThreeTimes() {
        // 30 live among 254, clean link: the 224 silent targets get their 3 requests a measured
        // round trip apart and one 400 ms wait at the end: about 0.5 s of sending plus 0.5 s.
        // (The simulation sends one request per 2 ms: 702 requests take 1.4 s. Before, the silent
        // targets' last request was followed by 0.9 s of waiting: 2.3 s.)
        let o = simulate(targets: 254, live: 30, loss: 0, seed: 1)
        XCTAssertEqual(o.sent, 30 + 224 * 3)
        XCTAssertLessThan(o.seconds, Double(o.sent) * 0.002 + 0.45, "\(o)")
    }

    func testCleanLinkKeepsTheUsualThreeRequests() {
        // 30 live hosts among 254 targets, nothing lost: silent targets get their 3 requests, no more.
        let o = simulate(targets: 254, live: 30, loss: 0, seed: 1)
        XCTAssertEqual(o.found, 30)
        XCTAssertEqual(o.sent, 30 + 224 * 3)
        XCTAssertEqual(o.mostAttempts, 3)
        XCTAssertLessThan(o.missed ?? 1, 0.01)
        XCTAssertLessThan(o.seconds, SweepSettings().worstCaseDuration(targets: 254).seconds, "no extension, no extra time")
    }

    func testSparseLossySegmentAsksTheSilentOnlyAsMuchAsTheyAreWorth() {
        // 30 live among 254 at 10 %: a silent target is almost surely dead; five rounds more at
        // most (until fewer than 1 in 5,000 live hosts are expected among the silent), and the
        // whole sweep within twice the clean segment's time.
        let o = simulate(targets: 254, live: 30, loss: 0.1, seed: 3)
        let clean = simulate(targets: 254, live: 30, loss: 0, seed: 3)
        XCTAssertEqual(o.found, 30)
        XCTAssertLessThanOrEqual(o.mostAttempts, 8)
        XCTAssertLessThan(o.missed ?? 1, 0.01)
        XCTAssertLessThanOrEqual(o.seconds, 2 * clean.seconds, "\(o) vs clean \(clean)")
    }

    func testNobodyAnsweringIsNotLoss() {
        let o = simulate(targets: 64, live: 0, loss: 0, seed: 1)
        XCTAssertEqual(o.sent, 64 * 3)
        XCTAssertNil(o.loss)
    }

    func testBudgetBoundsAHopelessLink() {
        // 90 % loss: the sweep asks as long as the budget allows, then reports what it may have missed.
        let o = simulate(targets: 254, live: 254, loss: 0.9, seed: 5)
        XCTAssertLessThanOrEqual(o.seconds, SweepSettings().lossBudget(targets: 254).seconds + 0.5)
        XCTAssertLessThan(o.found, 254)
        XCTAssertGreaterThan(o.missed ?? 0, 1)
    }
}

/// A small deterministic random number generator for the simulations.
struct SplitMix64: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
