@testable import ARPDiscovery
import CensusCore
import PacketCapture
import XCTest

final class ARPPacketTests: XCTestCase {
    let us = MACAddress(0x0200_0000_0001)
    let usIP = IPv4Address(198, 18, 127, 254)

    func testRequestFrameLayout() throws {
        let frame = ARPPacket.request(for: IPv4Address(198, 18, 0, 7), from: us, ip: usIP).ethernetFrame()
        XCTAssertEqual(frame.count, 60)
        XCTAssertEqual(Array(frame[0..<6]), [0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF])
        XCTAssertEqual(Array(frame[6..<12]), us.bytes)
        XCTAssertEqual(Array(frame[12..<22]), [0x08, 0x06, 0x00, 0x01, 0x08, 0x00, 6, 4, 0x00, 0x01])
        XCTAssertEqual(Array(frame[28..<32]), [198, 18, 127, 254])
        XCTAssertEqual(Array(frame[32..<38]), [0, 0, 0, 0, 0, 0])
        XCTAssertEqual(Array(frame[38..<42]), [198, 18, 0, 7])
        XCTAssertTrue(frame[42...].allSatisfy { $0 == 0 })
    }

    func testRoundTrip() throws {
        let reply = ARPPacket(operation: .reply, senderMAC: MACAddress(0x0000_0C12_3456), senderIP: IPv4Address(198, 18, 0, 7),
                              targetMAC: us, targetIP: usIP)
        let frame = reply.ethernetFrame()
        XCTAssertEqual(Array(frame[0..<6]), us.bytes, "a reply goes to the asker")
        XCTAssertEqual(try ARPPacket.decode(frame: frame), reply)
    }

    func testNonARPIsNotAnError() throws {
        var frame = ARPPacket.request(for: usIP, from: us, ip: usIP).ethernetFrame()
        frame[12] = 0x08; frame[13] = 0x00
        XCTAssertNil(try ARPPacket.decode(frame: frame))
        XCTAssertNil(try ARPPacket.decode(frame: [1, 2, 3]))
    }

    func testMalformedARPIsReported() {
        let good = ARPPacket.request(for: usIP, from: us, ip: usIP).ethernetFrame()
        XCTAssertThrowsError(try ARPPacket.decode(frame: Array(good[0..<30]))) { error in
            XCTAssertEqual(error as? FrameDecodeError, .truncated(needed: 28, available: 16))
        }
        var badLength = good; badLength[18] = 8
        XCTAssertThrowsError(try ARPPacket.decode(frame: badLength)) { error in
            XCTAssertEqual(error as? FrameDecodeError, .badAddressLengths(hardware: 8, protocol: 4))
        }
        var badOp = good; badOp[21] = 9
        XCTAssertThrowsError(try ARPPacket.decode(frame: badOp)) { error in
            XCTAssertEqual(error as? FrameDecodeError, .unknownOperation(9))
        }
        var ipv6 = good; ipv6[16] = 0x86; ipv6[17] = 0xDD
        XCTAssertThrowsError(try ARPPacket.decode(frame: ipv6)) { error in
            XCTAssertEqual(error as? FrameDecodeError, .unsupportedProtocol(0x86DD))
        }
    }

    func testVLANTaggedAndCookedFrames() throws {
        let reply = ARPPacket(operation: .reply, senderMAC: MACAddress(0xC056_E300_0001), senderIP: IPv4Address(198, 18, 0, 9),
                              targetMAC: us, targetIP: usIP)
        let plain = reply.ethernetFrame()
        let tagged = Array(plain[0..<12]) + [0x81, 0x00, 0x00, 0x14] + Array(plain[12...])
        XCTAssertEqual(try ARPPacket.decode(frame: tagged), reply)
        // Linux cooked (SLL): 16-byte header with the protocol in its last two bytes.
        let sll = [0, 0, 0, 1, 0, 6] + MACAddress(0xC056_E300_0001).bytes + [0, 0, 0x08, 0x06] + Array(plain[14...])
        XCTAssertEqual(try ARPPacket.decode(frame: sll, linkType: .linuxCooked), reply)
    }

    func testProbesAnnounceNoHost() {
        let probe = ARPPacket(operation: .request, senderMAC: MACAddress(0x245A_4C00_0001), senderIP: .any, targetIP: IPv4Address(198, 18, 0, 3))
        XCTAssertTrue(probe.isProbe)
        XCTAssertNil(probe.announcedHost)
        let gratuitous = ARPPacket(operation: .request, senderMAC: MACAddress(0x245A_4C00_0001), senderIP: IPv4Address(198, 18, 0, 3), targetIP: IPv4Address(198, 18, 0, 3))
        XCTAssertTrue(gratuitous.isGratuitous)
        XCTAssertEqual(gratuitous.announcedHost?.ip, IPv4Address(198, 18, 0, 3))
    }
}

/// The fixture captures under Fixtures/pcap (written by tools/fixtures/make-arp-captures.py).
enum Fixture {
    static func path(_ name: String) -> String {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Fixtures/pcap/\(name)").path
    }
}

final class CaptureFileTests: XCTestCase {
    func testMixedCaptureYieldsItsHostsAndCountsBrokenFrames() throws {
        let (report, truncation) = try ARPListener.hosts(inCaptureFile: Fixture.path("arp-mixed.pcap"))
        XCTAssertNil(truncation)
        let pairs = report.hosts.observations.map { "\($0.ip) \($0.mac)" }
        XCTAssertEqual(pairs, [
            "198.18.0.10 00:00:0c:00:00:0a",
            "198.18.0.10 00:80:77:00:00:0f",
            "198.18.0.11 3c:d9:2b:00:00:0b",
            "198.18.0.12 00:14:22:00:00:0c",
            "198.18.0.14 c0:56:e3:00:00:0e",
        ])
        XCTAssertTrue(report.hosts.observations.allSatisfy { $0.seenBy == [.captureFile] })
        XCTAssertEqual(report.hosts.conflicts.map(\.ip), [IPv4Address(198, 18, 0, 10)])
        XCTAssertEqual(report.malformed.count, 3)
        XCTAssertTrue(report.malformed.examples[0].hasPrefix("frame 6: truncated"), report.malformed.examples[0])
        let first = try XCTUnwrap(report.hosts.observations.first)
        XCTAssertEqual(first.firstSeen.timeIntervalSince1970, 1_700_000_000, accuracy: 0.001)
    }

    func testRangesFilterCaptureHosts() throws {
        let (report, _) = try ARPListener.hosts(inCaptureFile: Fixture.path("arp-mixed.pcap"), ranges: [try IPv4Network(parsing: "198.18.0.12/31")])
        XCTAssertEqual(report.hosts.observations.map(\.ip.description), ["198.18.0.12"])
    }

    func testCaptureCutShortKeepsWhatCameBefore() throws {
        let (report, truncation) = try ARPListener.hosts(inCaptureFile: Fixture.path("arp-cut-short.pcap"))
        XCTAssertEqual(report.hosts.count, 3)
        let message = try XCTUnwrap(truncation)
        XCTAssertTrue(message.contains("truncated"), message)
    }

    func testMissingOrBogusFileIsAClearError() throws {
        XCTAssertThrowsError(try ARPListener.hosts(inCaptureFile: "/nonexistent/site.pcap")) { error in
            XCTAssertTrue("\(error)".contains("/nonexistent/site.pcap"), "\(error)")
        }
        let bogus = FileManager.default.temporaryDirectory.appendingPathComponent("census-bogus.pcap").path
        try Data("not a capture".utf8).write(to: URL(fileURLWithPath: bogus))
        XCTAssertThrowsError(try ARPListener.hosts(inCaptureFile: bogus)) { error in
            guard case .capture(.badCaptureFile) = error as? DiscoveryError else { return XCTFail("\(error)") }
        }
    }
}

final class SweepStateTests: XCTestCase {
    let ms: UInt64 = 1_000_000
    func targets(_ n: Int) -> [IPv4Address] { (1...n).map { IPv4Address(198, 18, 0, UInt8($0)) } }

    func testEveryTargetAskedOnceThenDoneWhenAllAnswer() {
        var state = SweepState(targets: targets(3), settings: SweepSettings(retries: 2, timeout: .milliseconds(100)))
        var now: UInt64 = 1_000 * ms
        var asked: [Int] = []
        while let t = state.nextToSend(now: now) { asked.append(t); state.didSend(t, at: now); now += ms }
        XCTAssertEqual(asked, [0, 1, 2])
        for t in 0..<3 { _ = state.didAnswer(t, at: now + 2 * ms) }
        now += 2 * ms
        XCTAssertNotNil(state.nextEvent(now: now, nextSlot: now), "lingers briefly for conflicting answers")
        XCTAssertNil(state.nextEvent(now: now + 200 * ms, nextSlot: now), "then ends without waiting for timeouts")
        XCTAssertEqual(state.sent, 3)
        XCTAssertTrue(state.unanswered.isEmpty)
    }

    /// A sweep stopped early (Ctrl-C) never asked the rest: they are not silent hosts.
    func testTargetsNeverAskedAreNotCountedSilent() {
        var state = SweepState(targets: targets(5), settings: SweepSettings(retries: 2, timeout: .milliseconds(100)))
        state.didSend(0, at: 0)
        state.didSend(1, at: ms)
        _ = state.didAnswer(0, at: 2 * ms)
        XCTAssertEqual(state.unanswered, [IPv4Address(198, 18, 0, 2)], "asked and silent: only the second")
    }

    func testSilentHostRetriedWithBackoffThenGivenUp() {
        var state = SweepState(targets: targets(1), settings: SweepSettings(retries: 2, timeout: .milliseconds(100), backoff: 2))
        var sends: [UInt64] = []
        var now: UInt64 = 0
        while let wake = state.nextEvent(now: now, nextSlot: now) {
            now = max(now, wake)
            if let t = state.nextToSend(now: now) { state.didSend(t, at: now); sends.append(now / ms) }
            if sends.count > 10 { break }
        }
        XCTAssertEqual(sends, [0, 100, 300], "first retry after 100 ms, the second 200 ms later")
        XCTAssertEqual(now / ms, 700, "no round trip measured: waits with backoff, then gives up")
        XCTAssertEqual(state.unanswered, targets(1))
    }

    func testOnceRoundTripsAreKnownRetriesGoSoonerThanTheTimeout() {
        // 20 targets; the first 19 answer in 1 ms, the last stays silent: its retries go 50 ms
        // (the floor) and 75 ms apart, not 400 and 600, and it is given up 400 ms after the last.
        var state = SweepState(targets: targets(20), settings: SweepSettings(retries: 2, timeout: .milliseconds(400)))
        var now: UInt64 = 0
        var sendsToSilent: [UInt64] = []
        while let wake = state.nextEvent(now: now, nextSlot: now) {
            now = max(now, wake)
            while let t = state.nextToSend(now: now) {
                state.didSend(t, at: now)
                if t < 19 { _ = state.didAnswer(t, at: now + ms) } else { sendsToSilent.append(now / ms) }
            }
            if sendsToSilent.count > 10 { break }
        }
        XCTAssertEqual(sendsToSilent, [0, 50, 125])
        XCTAssertEqual(now / ms, 525)
    }

    func testAnAnswerThatCameBeforeTheRetryAnswersTheFirstRequest() {
        // Target 19's answer reached the kernel 40 ms after its first request but was read only
        // after its retry went out at 50 ms (the sweep's thread was busy): it answers the first
        // request — a round-trip sample, and no evidence of loss.
        var state = SweepState(targets: targets(20), settings: SweepSettings(retries: 2, timeout: .milliseconds(400)))
        var now: UInt64 = 0
        while let t = state.nextToSend(now: now) {
            state.didSend(t, at: now)
            if t < 19 { _ = state.didAnswer(t, at: now + ms) }
        }
        now = 50 * ms
        _ = state.nextEvent(now: now, nextSlot: now)
        XCTAssertEqual(state.nextToSend(now: now), 19, "retried after the measured round trip")
        state.didSend(19, at: now)
        _ = state.didAnswer(19, at: 40 * ms)
        XCTAssertEqual(state.firstAttemptRoundTrip(19), 40 * ms)
        XCTAssertLessThan(state.lossReport().loss ?? 1, 0.05)
    }

    func testOneHostAnsweringAtOnceIsNoEvidenceOfLoss() {
        // One target, answered at the first request: the estimator's half count says 25 %, but no
        // loss was seen, and the report must not claim any ("25% of requests … were lost").
        var state = SweepState(targets: targets(1), settings: SweepSettings(retries: 2))
        let t = state.nextToSend(now: 0)!
        state.didSend(t, at: 0)
        _ = state.didAnswer(t, at: ms)
        XCTAssertEqual(state.lossReport().loss, 0)
    }

    func testLateAnswersStretchTheTimeout() {
        var estimator = RoundTripEstimator(initial: 100 * ms, floor: 50 * ms)
        XCTAssertEqual(estimator.timeout, 100 * ms, "the initial timeout until a round trip is measured")
        estimator.add(ms)
        XCTAssertEqual(estimator.timeout, 50 * ms, "a quick round trip: the floor")
        for _ in 0..<8 { estimator.add(300 * ms) }
        XCTAssertGreaterThan(estimator.timeout, 300 * ms)
        XCTAssertLessThanOrEqual(estimator.timeout, 2_000 * ms)
    }

    func testWorstCaseDuration() {
        let s = SweepSettings(packetsPerSecond: 100, retries: 1, timeout: .milliseconds(100), backoff: 2)
        XCTAssertEqual(s.worstCaseDuration(targets: 10).seconds, 0.2 + 0.3, accuracy: 1e-9)
    }
}
