import CensusCore
import Foundation
import HeapModule
import PacketCapture

/// How an active ARP sweep paces and repeats its requests.
public struct SweepSettings: Sendable, Equatable, Codable {
    /// Requests per second to start with. The default, 500/s, is 256 kbit/s of minimum-size
    /// frames — arp-scan's default bandwidth, gentle on old switches and busy links.
    public var packetsPerSecond: Double = 500
    /// When set, the rate climbs toward this ceiling while answers keep coming back as fast
    /// as at the start, and falls back as soon as they come late (the segment or its hosts are
    /// struggling). Nil keeps `packetsPerSecond` fixed. The default ceiling, 2,000/s, is about
    /// 1 Mbit/s.
    public var maximumPacketsPerSecond: Double? = 2_000
    /// Extra requests for a host that has not answered. On a lossy link the sweep asks silent
    /// hosts further while live ones are expected among them (see `SweepState`); with 0 retries
    /// there is nothing to estimate the loss from, and it does not.
    public var retries: Int = 2
    /// How long a silent target's last request is given before the sweep gives up on it (late
    /// answers to any request count until then), and the wait between requests until answers
    /// have shown the round trip. Once they have, retries go after the measured retransmission
    /// timeout (RFC 6298: smoothed round trip + 4 × its variation, at least
    /// `SweepTuning.minimumRetryWait`), so a lost frame costs a few round trips, not a timeout.
    public var timeout: Duration = .milliseconds(400)
    /// Each further retry waits this much longer than the one before (within the base attempts).
    public var backoff: Double = 1.5

    public init() {}

    public init(packetsPerSecond: Double = 500, maximumPacketsPerSecond: Double? = 2_000, retries: Int = 2,
                timeout: Duration = .milliseconds(400), backoff: Double = 1.5) {
        self.packetsPerSecond = packetsPerSecond
        self.maximumPacketsPerSecond = maximumPacketsPerSecond.map { max($0, packetsPerSecond) }
        self.retries = retries
        self.timeout = timeout
        self.backoff = backoff
    }

    /// An upper bound on the sweep's duration when nobody answers.
    public func worstCaseDuration(targets: Int) -> Duration {
        let sending = Double(targets * (retries + 1)) / packetsPerSecond
        let waits = (0...retries).reduce(0.0) { $0 + pow(backoff, Double($1)) } * timeout.seconds
        return .seconds(sending + waits)
    }

    /// The sweep's schedule on a lossless link, at most: every target asked once at the starting
    /// rate, then the silent ones waited for through every retry as if no round trip had been
    /// measured (measured ones make the retries sooner).
    public func losslessDuration(targets: Int) -> Duration {
        let waits = (0...max(0, retries)).reduce(0.0) { $0 + pow(backoff, Double($1)) } * timeout.seconds
        return .seconds(Double(targets) / packetsPerSecond + waits)
    }

    /// How long a sweep may run when silent targets are asked again beyond `retries` on a lossy
    /// link: `SweepTuning.extensionBudgetMultiple` × the lossless schedule.
    public func lossBudget(targets: Int) -> Duration {
        Duration.seconds(losslessDuration(targets: targets).seconds * SweepTuning.extensionBudgetMultiple)
    }

    /// Expected duration when every target answers promptly, at the starting rate.
    public func expectedDuration(targets: Int) -> Duration {
        .seconds(Double(targets) / packetsPerSecond)
    }

    /// Expected duration if the rate climbs all the way to its ceiling.
    public func bestCaseDuration(targets: Int) -> Duration {
        .seconds(Double(targets) / (maximumPacketsPerSecond ?? packetsPerSecond))
    }
}

/// Where a sweep stands, for progress displays.
public struct SweepProgress: Sendable {
    public var sent: Int
    public var answered: Int
    public var resolved: Int
    public var total: Int
    public var elapsed: Duration
}

/// What a sweep or a listen found.
public struct DiscoveryReport: Sendable {
    public var hosts: ObservationSet
    public var requestsSent: Int
    /// Targets that never answered (active sweeps only).
    public var unanswered: [IPv4Address]
    public var malformed: MalformedFrames
    /// Frames the kernel dropped before Census could read them.
    public var droppedFrames: Int
    public var elapsed: Duration
    /// True when the work was stopped early (Ctrl-C); `hosts` holds what was found until then.
    public var interrupted: Bool
    /// Smoothed round-trip time of answers, if any came.
    public var smoothedRoundTrip: Duration?
    /// The highest request rate the sweep reached.
    public var peakPacketsPerSecond: Double? = nil
    /// Share of requests (or their answers) lost on the way, estimated from the attempt on which
    /// hosts answered (active sweeps with retries, once some host answered).
    public var estimatedLoss: Double? = nil
    /// Live hosts expected among the targets that stayed silent (the loss is why); near zero
    /// on a clean link.
    public var expectedMissed: Double? = nil
    /// The most requests any target was sent (beyond `retries + 1` when the sweep asked silent
    /// targets again on a lossy link).
    public var maximumAttempts: Int? = nil
    /// Frames that were cut by the capture's snapshot length before their ARP payload ended
    /// (capture files): they may have been ARP, but could not be read.
    public var framesCutBySnapshotLength: Int = 0
    /// The capture's snapshot length (bytes kept per frame), when known.
    public var snapshotLength: Int? = nil
}

/// Lets another thread stop a running sweep or listen.
public final class StopSignal: Sendable {
    private let flag = Atomic<Bool>(false)
    public init() {}
    public func stop() { flag.store(true, ordering: .relaxed) }
    public var isStopped: Bool { flag.load(ordering: .relaxed) }
}

import Synchronization

/// An active ARP sweep: asks every target `who-has` at a steady rate, repeats the question
/// to hosts that stay silent, and ends as soon as every target has answered or the last
/// question has had its time — no fixed long sleep.
///
/// Runs on the calling thread, sleeping on the capture descriptor between sends; one thread,
/// no locks, no busy polling.
public struct ARPSweep {
    public let settings: SweepSettings
    public let source: MACAddress
    public let interface: NetworkInterface

    public init(interface: NetworkInterface, settings: SweepSettings = SweepSettings()) throws(DiscoveryError) {
        guard let mac = interface.mac, !mac.isZero else { throw .noHardwareAddress(interface.name) }
        guard !interface.addresses.isEmpty else { throw .noIPv4Address(interface.name) }
        self.settings = settings
        self.source = mac
        self.interface = interface
    }

    public func run(
        targets: [IPv4Address], on capture: LiveCapture, stop: StopSignal = StopSignal(),
        progress: ((SweepProgress) -> Void)? = nil
    ) throws(DiscoveryError) -> DiscoveryReport {
        var state = SweepState(targets: targets, settings: settings)
        let clock = MonotonicClock()
        var pace = RateController(settings: settings, now: clock.now)
        let maxBurst = SweepTuning.maxBurst
        var nextSlot = clock.now
        var lastProgress: UInt64 = 0
        var reader = ARPFrameReader(linkType: capture.linkType)
        var hosts = ObservationSet()
        var frame = [UInt8]()
        let ownIPs = Set(interface.addresses.map(\.address))

        do throws(CaptureError) {
            try capture.setFilter("arp")
            sweep: while !stop.isStopped {
                // Read every answer waiting first, so that answers which came while this thread
                // was not running are counted before any retry is judged due. An answer's time
                // is when the kernel took it in (the capture's timestamp), not when it was read.
                try capture.drain { captured in
                    guard let packet = reader.packet(in: captured),
                          let host = packet.announcedHost, !ownIPs.contains(host.ip) else { return }
                    let isAnswer = packet.operation == .reply && packet.targetMAC == source
                    // A reply to this interface for an address this sweep did not ask: another
                    // sweep's on the same interface, or a late one from an earlier scan. Not ours.
                    if isAnswer && state.index(of: host.ip) == nil { return }
                    var rtt: Duration?
                    if isAnswer, let index = state.index(of: host.ip) {
                        let arrival = clock.monotonic(fromCaptureTimestamp: captured.timestamp)
                        rtt = state.didAnswer(index, at: arrival)
                        if rtt != nil, let sample = state.firstAttemptRoundTrip(index) { pace.add(sample) }
                    }
                    hosts.record(HostObservation(
                        ip: host.ip, mac: host.mac, seenBy: [isAnswer ? .arpSweep : .passive],
                        firstSeen: Date(unixSeconds: captured.timestamp), responseTime: rtt))
                }

                var now = clock.now
                // Send what is due, never faster than the rate (a small burst catches up on timer slack).
                var burst = 0
                while nextSlot <= now, burst < maxBurst, let target = state.nextToSend(now: now) {
                    let ip = state.targets[target]
                    frame = ARPPacket.request(for: ip, from: source, ip: interface.sourceAddress(toward: ip) ?? .any).ethernetFrame()
                    try capture.inject(frame)
                    state.didSend(target, at: now)
                    nextSlot += pace.interval
                    burst += 1
                }
                if nextSlot + pace.interval * UInt64(maxBurst) < now { nextSlot = now }

                now = clock.now
                pace.adjust(now: now)
                if let progress, now - lastProgress > SweepTuning.progressInterval {
                    lastProgress = now
                    progress(state.progress(elapsed: clock.elapsed(since: clock.start)))
                }
                guard let wake = state.nextEvent(now: now, nextSlot: nextSlot) else { break sweep }
                if wake > now {
                    _ = capture.waitForFrames(timeout: .nanoseconds(Int64(wake - now)))
                }
            }
        } catch {
            throw .capture(error)
        }
        let stats = capture.statistics
        progress?(state.progress(elapsed: clock.elapsed(since: clock.start)))
        let (loss, missed) = state.lossReport()
        return DiscoveryReport(
            hosts: hosts, requestsSent: state.sent, unanswered: state.unanswered, malformed: reader.malformed,
            droppedFrames: stats.dropped, elapsed: clock.elapsed(since: clock.start),
            interrupted: stop.isStopped, smoothedRoundTrip: state.smoothedRoundTrip,
            peakPacketsPerSecond: pace.peak, estimatedLoss: loss, expectedMissed: missed,
            maximumAttempts: state.mostAttempts)
    }
}

/// The numbers that pace a sweep, in one place (times in nanoseconds, the sweep's clock).
public enum SweepTuning {
    // MARK: Rate controller (RateController), judged once per window

    /// How often the rate is reconsidered: 50 ms, long enough to hold a few answers at the
    /// default 500/s, short enough to climb to the ceiling within a fraction of a second.
    static let rateWindow: UInt64 = 50_000_000
    /// The window's answers are prompt, and the rate climbs, while the typical (median) round
    /// trip is at most `promptMultiple` × the fastest seen + `promptSlack`: 2× + 2 ms.
    static let promptMultiple: UInt64 = 2
    static let promptSlack: UInt64 = 2_000_000
    /// The rate climbs by a quarter per prompt window, up to the ceiling.
    static let climbFactor = 1.25
    /// The window's answers are late, and the rate backs off, when the typical round trip
    /// exceeds `lateMultiple` × the fastest + `lateSlack`: 4× + 10 ms (queues are building up
    /// somewhere). Between the two thresholds the rate holds.
    static let lateMultiple: UInt64 = 4
    static let lateSlack: UInt64 = 10_000_000
    /// Backing off takes the rate to 60 % (a quicker retreat than the climb)...
    static let backOffFactor = 0.6
    /// ...but never below this share of the starting rate.
    static let floorShareOfStartingRate = 0.5
    /// A rate is never taken as lower than this (requests per second), so the interval
    /// between requests stays finite.
    static let minimumRate = 0.001

    // MARK: Sending and waiting (ARPSweep.run, SweepState)

    /// Requests sent back-to-back at most, to catch up on timer slack.
    static let maxBurst = 4
    /// How often progress is reported, at most.
    static let progressInterval: UInt64 = 100_000_000
    /// Once every target has answered, the sweep lingers for a second answer that would
    /// reveal an address conflict: `lingerRoundTrips` smoothed round trips, kept between
    /// `minimumLinger` and `maximumLinger` (10–100 ms).
    static let lingerRoundTrips: UInt64 = 2
    static let minimumLinger: UInt64 = 10_000_000
    static let maximumLinger: UInt64 = 100_000_000

    // MARK: Retransmission timeout (RoundTripEstimator, RFC 6298 §2)

    /// RTO = SRTT + K × RTTVAR, with K = 4.
    static let rtoVariationMultiple: UInt64 = 4
    /// Retries never go sooner than this after a request, however quick the round trip: 50 ms,
    /// nmap's shortest round-trip timeout (`-T5`), room for a host that answers ARP from a slow
    /// CPU or a power-saving radio. An answer that comes later still counts.
    static let minimumRetryWait: UInt64 = 50_000_000
    /// The timeout never grows past this many times the configured one.
    static let rtoCeilingMultiple: UInt64 = 20

    static let nanosecondsPerSecond: UInt64 = 1_000_000_000

    // MARK: Lossy links (LossEstimator, RetryExtensionRule)

    /// Silent targets are asked again past `retries` while more than this many live hosts are
    /// expected among them (the loss estimated from the attempts that got answers, see
    /// `LossEstimator`): one chance in 500 of leaving a host behind, where no host needed a
    /// retry (the estimate's loss is then only its prior: a clean link keeps three requests)…
    public static let unseenHostsThreshold = 0.002
    /// …and one in 5,000 once some host answered only a retry. At one in 500, a fully populated
    /// /24 at 10 % loss lost a host in about one sweep in 300 (the lab test saw it); the stricter
    /// figure costs a sparse lossy segment one or two more requests per silent target.
    public static let unseenHostsThresholdOnLossyLinks = 0.0002
    /// The whole sweep, extensions included, stays within this multiple of its lossless
    /// schedule (`SweepSettings.losslessDuration`): about 4.8 s for a /24 at the defaults.
    public static let extensionBudgetMultiple = 2.0
    /// No target is asked more often than this.
    public static let maximumAttempts = 24
    /// The loss is worth a word in the summary from this share of requests up.
    public static let reportableLoss = 0.02
}

/// Paces requests: a fixed rate, or one that climbs while answers come back as quickly as the
/// fastest seen and backs off when they come late (additive trust, multiplicative retreat).
/// The thresholds are in `SweepTuning`.
struct RateController {
    private(set) var rate: Double
    private(set) var peak: Double
    private let floor: Double
    private let ceiling: Double?
    private var windowStart: UInt64
    private var samples: [UInt64] = []
    private var fastest: UInt64?

    init(settings: SweepSettings, now: UInt64) {
        rate = settings.packetsPerSecond
        peak = rate
        floor = settings.packetsPerSecond * SweepTuning.floorShareOfStartingRate
        ceiling = settings.maximumPacketsPerSecond
        windowStart = now
    }

    /// Nanoseconds between two requests at the current rate.
    var interval: UInt64 { UInt64(Double(SweepTuning.nanosecondsPerSecond) / max(rate, SweepTuning.minimumRate)) }

    /// A round trip measured on a first request (unambiguous).
    mutating func add(_ sample: UInt64) {
        guard ceiling != nil else { return }
        samples.append(sample)
        fastest = min(fastest ?? sample, sample)
    }

    /// Once per window: faster while answers are prompt, slower when they lag. Silence (no
    /// answers at all) is no evidence either way, so the rate stays.
    mutating func adjust(now: UInt64) {
        guard let ceiling, now - windowStart >= SweepTuning.rateWindow else { return }
        defer { windowStart = now; samples.removeAll(keepingCapacity: true) }
        guard !samples.isEmpty, let fastest else { return }
        samples.sort()
        let typical = samples[samples.count / 2]
        if typical <= SweepTuning.promptMultiple * fastest + SweepTuning.promptSlack {
            rate = min(ceiling, rate * SweepTuning.climbFactor)
        } else if typical > SweepTuning.lateMultiple * fastest + SweepTuning.lateSlack {
            rate = max(floor, rate * SweepTuning.backOffFactor)
        }
        peak = max(peak, rate)
    }
}

/// The bookkeeping of a sweep: who was asked when, who answered, who is due again.
///
/// Every target gets `retries + 1` requests (the base attempts), a retransmission timeout apart
/// (measured round trips, RFC 6298; the configured timeout until some are measured). On a lossy
/// link a target still silent after them is asked again, one request at a time, while the live
/// hosts expected among the silent targets (`LossEstimator`, fed in target order once a target's
/// base attempts are accounted for, so answers still on their way do not bias it) stay above
/// `SweepTuning.unseenHostsThreshold` (`…OnLossyLinks` once a host answered only a retry) and
/// the request can have its wait within the loss budget (`SweepSettings.lossBudget`). That is judged once every target's base attempts are accounted
/// for (a young estimate, from the first few targets only, is no guide). Extra requests wait one
/// retransmission timeout, without backoff; a target's last request is given the full configured
/// timeout for a late answer before the sweep gives up on it.
struct SweepState {
    let targets: [IPv4Address]
    let settings: SweepSettings
    private let indexByAddress: [IPv4Address: Int]
    private var attempts: [UInt8]
    private var firstSent: [UInt64]
    private var lastSent: [UInt64]
    private var answered: [Bool]
    private var resolvedFlags: [Bool]
    private var fresh = 0
    private var due = Heap<Due>()
    private(set) var sent = 0
    private(set) var answeredCount = 0
    private(set) var resolvedCount = 0
    private var allAnsweredAt: UInt64?
    private var estimator: RoundTripEstimator
    /// How long a target's last request is given for a late answer (`SweepSettings.timeout`).
    private let finalWait: UInt64

    // Lossy links: the loss estimate and the silent targets past their base attempts.
    private let baseAttempts: Int
    private let budget: UInt64
    private var startedAt: UInt64?
    private let rule = RetryExtensionRule()
    private let lossyLinkRule = RetryExtensionRule(threshold: SweepTuning.unseenHostsThresholdOnLossyLinks)
    private(set) var loss: LossEstimator
    /// Targets [0, examinedUpTo) are fed to `loss`.
    private var examinedUpTo = 0
    /// The attempt that got each target's answer (0: none yet).
    private var answeredOnAttempt: [UInt8]
    /// When each target's answer arrived (0: none yet).
    private var answeredAt: [UInt64]
    /// Targets silent through their base attempts, waiting for the loss estimate to see every target.
    private var parked: [Int] = []
    /// True once a target's base attempts are accounted for (answered, or silent through them).
    private var baseSettled: [Bool]
    /// For a silent target past its base attempts: the requests it has been silent through.
    private var silentThrough: [UInt8]
    /// `silentCounts[k]`: silent targets past their base attempts, silent through k requests.
    private var silentCounts: [Int]
    private(set) var mostAttempts = 0

    struct Due: Comparable {
        var time: UInt64
        var target: Int
        static func < (a: Due, b: Due) -> Bool { a.time < b.time }
    }

    init(targets: [IPv4Address], settings: SweepSettings) {
        self.targets = targets
        self.settings = settings
        indexByAddress = Dictionary(targets.enumerated().map { ($1, $0) }, uniquingKeysWith: { first, _ in first })
        attempts = Array(repeating: 0, count: targets.count)
        firstSent = Array(repeating: 0, count: targets.count)
        lastSent = Array(repeating: 0, count: targets.count)
        answered = Array(repeating: false, count: targets.count)
        resolvedFlags = Array(repeating: false, count: targets.count)
        finalWait = UInt64(settings.timeout.seconds * Double(SweepTuning.nanosecondsPerSecond))
        estimator = RoundTripEstimator(initial: finalWait)
        baseAttempts = max(0, settings.retries) + 1
        budget = UInt64(max(0, settings.lossBudget(targets: targets.count).seconds) * Double(SweepTuning.nanosecondsPerSecond))
        loss = LossEstimator(baseAttempts: baseAttempts)
        answeredOnAttempt = Array(repeating: 0, count: targets.count)
        answeredAt = Array(repeating: 0, count: targets.count)
        baseSettled = Array(repeating: false, count: targets.count)
        silentThrough = Array(repeating: 0, count: targets.count)
        silentCounts = Array(repeating: 0, count: 256)
    }

    func index(of ip: IPv4Address) -> Int? { indexByAddress[ip] }

    var smoothedRoundTrip: Duration? { estimator.smoothed.map { .nanoseconds(Int64($0)) } }

    /// How long to wait after the `attempt`-th request (1-based) before asking again: the
    /// retransmission timeout with backoff through the base attempts, the plain one for extra
    /// requests. (A target's last request is given `finalWait` before the sweep gives up on it.)
    private func wait(afterAttempt attempt: Int) -> UInt64 {
        guard attempt <= baseAttempts else { return estimator.timeout }
        return UInt64(Double(estimator.timeout) * pow(settings.backoff, Double(attempt - 1)))
    }

    /// The next target to ask now: a silent host whose wait is over, else a new one.
    mutating func nextToSend(now: UInt64) -> Int? {
        settleExpired(now: now)
        if let first = due.min, first.time <= now {
            return due.popMin()!.target
        }
        while fresh < targets.count {
            defer { fresh += 1 }
            if !resolvedFlags[fresh] { return fresh }
        }
        return nil
    }

    /// Drops due entries for hosts that answered, and gives up on hosts out of retries.
    private mutating func settleExpired(now: UInt64) {
        repeat {
            while let first = due.min, first.time <= now {
                let t = first.target
                if answered[t] { _ = due.popMin(); continue }
                // The estimate may have grown since this entry was queued: wait the longer time.
                let deadline = lastSent[t] + wait(afterAttempt: Int(attempts[t]))
                if deadline > now { _ = due.popMin(); due.insert(Due(time: deadline, target: t)); continue }
                if Int(attempts[t]) >= baseAttempts {
                    silent(t, through: Int(attempts[t]))
                    examine()
                    _ = due.popMin()
                    if examinedUpTo < targets.count {
                        // Other targets have base attempts to go: the loss estimate is young. Park
                        // it, neither asking nor giving up on it yet (`releaseParked`).
                        parked.append(t)
                        continue
                    }
                    if askAgain(t, now: now) {
                        due.insert(Due(time: now, target: t))
                        return
                    }
                    // No further request: the last one keeps its full time for a late answer.
                    let giveUp = lastSent[t] + finalWait
                    if giveUp > now { due.insert(Due(time: giveUp, target: t)); continue }
                    resolve(t)
                    continue
                }
                return  // due for a retry: leave it for nextToSend
            }
        } while releaseParked(now: now)
    }

    /// Targets silent through their base attempts are judged once the loss estimate has seen
    /// every target: until then they wait here, and then they are all due at once.
    /// Returns whether it released any (they are then due now, to be judged).
    private mutating func releaseParked(now: UInt64) -> Bool {
        guard !parked.isEmpty else { return false }
        examine()
        guard examinedUpTo == targets.count else { return false }
        for t in parked { due.insert(Due(time: now, target: t)) }
        parked.removeAll()
        return true
    }

    /// Whether a target silent through its requests so far gets one more.
    private mutating func askAgain(_ t: Int, now: UInt64) -> Bool {
        guard baseAttempts >= 2, let startedAt else { return false }
        let rule = loss.answeredOnARetry ? lossyLinkRule : self.rule
        return rule.askAgain(expectedUnseen: expectedUnseen, attempts: Int(attempts[t]),
                             answerBy: now + wait(afterAttempt: Int(attempts[t]) + 1), deadline: startedAt + budget)
    }

    /// Records that target `t`, past its base attempts, has stayed silent through `count` requests.
    private mutating func silent(_ t: Int, through count: Int) {
        if silentThrough[t] > 0 { silentCounts[Int(silentThrough[t])] -= 1 }
        silentThrough[t] = UInt8(min(count, 255))
        silentCounts[Int(silentThrough[t])] += 1
        if !baseSettled[t] { baseSettled[t] = true }
    }

    /// Feeds the loss estimate with the targets, in order, whose base attempts are accounted for.
    private mutating func examine() {
        while examinedUpTo < targets.count, baseSettled[examinedUpTo] {
            let attempt = Int(answeredOnAttempt[examinedUpTo])
            loss.add(answeredOnAttempt: attempt == 0 ? nil : attempt)
            examinedUpTo += 1
        }
    }

    /// Live hosts expected among the targets silent past their base attempts.
    var expectedUnseen: Double {
        loss.expectedUnseen(silent: silentCounts.indices.lazy.filter { silentCounts[$0] > 0 }.map { (attempts: $0, count: silentCounts[$0]) })
    }

    mutating func didSend(_ t: Int, at now: UInt64) {
        if startedAt == nil { startedAt = now }
        attempts[t] = attempts[t] &+ 1
        if attempts[t] == 1 { firstSent[t] = now }
        mostAttempts = max(mostAttempts, Int(attempts[t]))
        lastSent[t] = now
        sent += 1
        due.insert(Due(time: now + wait(afterAttempt: Int(attempts[t])), target: t))
    }

    /// The round trip of an answer that can only be to the target's first request (Karn's
    /// rule: it came before any second one went), else nil.
    func firstAttemptRoundTrip(_ t: Int) -> UInt64? {
        answeredOnAttempt[t] == 1 ? answeredAt[t] - firstSent[t] : nil
    }

    /// Records an answer that arrived at `arrival` (when the kernel took it in); returns the
    /// round trip since the first request.
    mutating func didAnswer(_ t: Int, at arrival: UInt64) -> Duration? {
        guard attempts[t] > 0 else { return nil }   // announced itself before we asked
        if answered[t] { return nil }
        let now = max(arrival, firstSent[t])
        answered[t] = true
        answeredCount += 1
        answeredAt[t] = now
        // An answer that came before the last request went out answers an earlier one.
        answeredOnAttempt[t] = attempts[t] > 1 && now < lastSent[t] ? attempts[t] - 1 : attempts[t]
        if t < examinedUpTo { loss.silentTargetAnsweredLater() }
        if silentThrough[t] > 0 { silentCounts[Int(silentThrough[t])] -= 1; silentThrough[t] = 0 }
        baseSettled[t] = true
        resolve(t)
        if let sample = firstAttemptRoundTrip(t) { estimator.add(sample) }
        if answeredCount == targets.count { allAnsweredAt = now }
        return .nanoseconds(Int64(now - firstSent[t]))
    }

    private mutating func resolve(_ t: Int) {
        guard !resolvedFlags[t] else { return }
        resolvedFlags[t] = true
        resolvedCount += 1
    }

    /// When the loop must next wake, or nil when the sweep is over.
    mutating func nextEvent(now: UInt64, nextSlot: UInt64) -> UInt64? {
        settleExpired(now: now)
        if let allAnsweredAt {
            // Everyone answered: linger a moment for a second answer that would reveal a conflict.
            let linger = min(SweepTuning.maximumLinger, max(SweepTuning.minimumLinger, SweepTuning.lingerRoundTrips * (estimator.smoothed ?? 0)))
            return now >= allAnsweredAt + linger ? nil : allAnsweredAt + linger
        }
        if resolvedCount == targets.count { return nil }
        var wake = UInt64.max
        if fresh < targets.count { wake = max(nextSlot, now) }
        if let first = due.min {
            // An entry still queued once its wait is over is due for a retry (settleExpired
            // gave up on the others), which waits for its sending slot; a future one is looked
            // at as soon as its wait ends.
            wake = min(wake, first.time <= now ? max(first.time, nextSlot) : first.time)
        }
        return wake == .max ? nil : wake
    }

    /// Targets asked at least once that never answered (a sweep stopped early never asked the rest).
    var unanswered: [IPv4Address] {
        targets.indices.filter { !answered[$0] && attempts[$0] > 0 }.map { targets[$0] }
    }

    /// The loss estimate and the live hosts expected among the silent targets, for the report:
    /// every target's base attempts are accounted for once the sweep is over.
    mutating func lossReport() -> (loss: Double?, expectedMissed: Double?) {
        for t in targets.indices where !baseSettled[t] && !answered[t] && Int(attempts[t]) >= baseAttempts {
            silent(t, through: Int(attempts[t]))
        }
        examine()
        guard let p = loss.loss else { return (nil, nil) }
        // The estimate never reaches 0 (its half count keeps the stopping rule cautious); with no
        // answer to any retry, no loss was seen, and the report says 0.
        return (loss.answeredOnARetry ? p : 0, expectedUnseen)
    }

    func progress(elapsed: Duration) -> SweepProgress {
        SweepProgress(sent: sent, answered: answeredCount, resolved: resolvedCount, total: targets.count, elapsed: elapsed)
    }
}

/// Smoothed round-trip estimate and retransmission timeout (RFC 6298): `initial` until a round
/// trip has been measured, then SRTT + 4 × RTTVAR kept between `floor` and `ceiling`.
struct RoundTripEstimator {
    let initial: UInt64
    let floor: UInt64
    let ceiling: UInt64
    private(set) var smoothed: UInt64?
    private var variation: UInt64 = 0

    init(initial: UInt64, floor: UInt64 = SweepTuning.minimumRetryWait) {
        self.initial = initial
        self.floor = min(floor, initial)
        ceiling = SweepTuning.rtoCeilingMultiple * initial
    }

    mutating func add(_ sample: UInt64) {
        guard let s = smoothed else {
            smoothed = sample
            variation = sample / 2
            return
        }
        // RTTVAR ← (1 − β) RTTVAR + β |SRTT − R|, SRTT ← (1 − α) SRTT + α R, with α = 1/8, β = 1/4.
        let delta = s > sample ? s - sample : sample - s
        variation = (3 * variation + delta) / 4
        smoothed = (7 * s + sample) / 8
    }

    /// How long to wait for an answer before asking again.
    var timeout: UInt64 {
        guard let smoothed else { return initial }
        return max(floor, min(smoothed + SweepTuning.rtoVariationMultiple * variation, ceiling))
    }
}

/// Nanoseconds from CLOCK_MONOTONIC.
struct MonotonicClock {
    let start: UInt64
    /// CLOCK_REALTIME at `start`, in seconds: capture timestamps are wall-clock times.
    private let wallAtStart: Double
    init() {
        start = Self.read(CLOCK_MONOTONIC)
        wallAtStart = Double(Self.read(CLOCK_REALTIME)) / Double(SweepTuning.nanosecondsPerSecond)
    }
    var now: UInt64 { Self.read(CLOCK_MONOTONIC) }
    func elapsed(since t: UInt64) -> Duration { .nanoseconds(Int64(Self.read(CLOCK_MONOTONIC) - t)) }

    /// A capture timestamp (wall-clock seconds) on this clock, never later than now or before
    /// the start (a wall clock stepped meanwhile must not make an answer precede its question).
    func monotonic(fromCaptureTimestamp wall: Double) -> UInt64 {
        let now = self.now
        let offset = (wall - wallAtStart) * Double(SweepTuning.nanosecondsPerSecond)
        guard offset.isFinite, offset > 0 else { return start }
        return min(now, start &+ UInt64(min(offset, Double(now - start))))
    }

    private static func read(_ id: clockid_t) -> UInt64 {
        var ts = timespec()
        clock_gettime(id, &ts)
        return UInt64(ts.tv_sec) * SweepTuning.nanosecondsPerSecond + UInt64(ts.tv_nsec)
    }
}
