import Foundation

/// How lossy the link is, judged from the attempt on which each host answered, and how many live
/// hosts may still be hiding among the silent targets. Pure arithmetic: no clock, no network.
///
/// Each request to a live host gets an answer with probability 1 − p, independently (p covers a
/// lost request and a lost answer alike). Of the live hosts, L·(1−p) answer the first request,
/// L·p·(1−p) the second, L·p²·(1−p) the third… so the hosts that answered on attempt k + 1 are p
/// times those that answered on attempt k, whatever share of the targets is dead (dead targets
/// answer no attempt and count in neither). Pooled over the attempts every target was given:
///
///     p̂ = (a₂ + … + aₙ + ½) / (a₁ + … + aₙ₋₁ + 1)
///
/// (a Jeffreys-style half count keeps p̂ off 0 and 1 on small samples). The live hosts are then
/// about L̂ = (a₁ + … + aₙ) / (1 − p̂ⁿ) of the targets examined, the live fraction π̂ = L̂ / targets,
/// and a target silent after k requests is live with probability
///
///     π̂·p̂ᵏ / (π̂·p̂ᵏ + 1 − π̂)
///
/// Summed over the silent targets, that is the number of live hosts expected to be still unseen.
public struct LossEstimator: Sendable, Equatable {
    /// Requests every target is given before any extension (the sweep's retries + 1).
    public let baseAttempts: Int
    /// `answeredOn[k - 1]`: targets that answered on attempt k, k ≤ `baseAttempts`.
    public private(set) var answeredOn: [Int]
    /// Targets whose base attempts are all accounted for (answered, or silent through them).
    public private(set) var examined = 0
    /// Examined targets that answered only a request past the base attempts: live for sure, but
    /// no evidence about the loss within the base attempts.
    public private(set) var answeredLater = 0

    public init(baseAttempts: Int) {
        self.baseAttempts = max(1, baseAttempts)
        answeredOn = Array(repeating: 0, count: self.baseAttempts)
    }

    /// Accounts for one target: the attempt that got its answer (1-based), or nil when it stayed
    /// silent through every base attempt (an answer to a later attempt counts as silence here).
    public mutating func add(answeredOnAttempt attempt: Int?) {
        examined += 1
        if let attempt, attempt >= 1, attempt <= baseAttempts { answeredOn[attempt - 1] += 1 }
        if let attempt, attempt > baseAttempts { answeredLater += 1 }
    }

    /// An examined target, accounted for as silent through its base attempts, answered a later
    /// request after all.
    public mutating func silentTargetAnsweredLater() {
        answeredLater += 1
    }

    /// Whether any target answered only a second or later request: evidence of loss at all.
    public var answeredOnARetry: Bool { answeredOn.dropFirst().contains { $0 > 0 } || answeredLater > 0 }

    /// Targets that answered within the base attempts.
    public var answered: Int { answeredOn.reduce(0, +) }

    /// The estimated per-attempt loss p̂; nil when there is nothing to judge from (a single
    /// attempt per target, or nobody answered).
    public var loss: Double? {
        guard baseAttempts >= 2, answered > 0 else { return nil }
        let later = answeredOn.dropFirst().reduce(0, +)
        let earlier = answeredOn.dropLast().reduce(0, +)
        return min(1, (Double(later) + 0.5) / (Double(earlier) + 1))
    }

    /// The estimated share of the examined targets that are live hosts (0 with no answer): the
    /// live hosts the loss implies, and never fewer than the hosts that did answer (when every
    /// target is live, a low draw of p̂ must not make one unlucky host look dead).
    public var liveFraction: Double {
        guard examined > 0, answered > 0 else { return 0 }
        let p = loss ?? 0
        let reached = 1 - pow(p, Double(baseAttempts))
        guard reached > 0 else { return 1 }
        let live = max(Double(answered) / reached, Double(answered + answeredLater))
        return min(1, live / Double(examined))
    }

    /// The probability that a target still silent after `attempts` requests is a live host whose
    /// answers were all lost.
    public func probabilityLive(silentAfter attempts: Int) -> Double {
        let pi = liveFraction
        guard pi > 0, let p = loss else { return 0 }
        let hidden = pi * pow(p, Double(attempts))
        let dead = 1 - pi
        return hidden + dead > 0 ? hidden / (hidden + dead) : 0
    }

    /// Live hosts expected among silent targets, given as (requests each has had, how many).
    public func expectedUnseen<S: Sequence>(silent: S) -> Double where S.Element == (attempts: Int, count: Int) {
        silent.reduce(0) { $0 + Double($1.count) * probabilityLive(silentAfter: $1.attempts) }
    }
}

/// Whether silent targets get another request: while the live hosts expected among them stay
/// above `threshold` (a fraction of one) and the request can still have its wait before the
/// sweep's time budget runs out.
public struct RetryExtensionRule: Sendable, Equatable {
    /// Keep asking while more than this many live hosts are expected still unseen.
    public var threshold: Double
    /// Requests per target at most, extensions included.
    public var maximumAttempts: Int

    public init(threshold: Double = SweepTuning.unseenHostsThreshold, maximumAttempts: Int = SweepTuning.maximumAttempts) {
        self.threshold = threshold
        self.maximumAttempts = maximumAttempts
    }

    /// - Parameters:
    ///   - expectedUnseen: live hosts expected among the silent targets now.
    ///   - attempts: requests the target in question has had.
    ///   - answerBy: when its next request's wait would end (sweep clock, ns).
    ///   - deadline: the end of the sweep's time budget (sweep clock, ns).
    public func askAgain(expectedUnseen: Double, attempts: Int, answerBy: UInt64, deadline: UInt64) -> Bool {
        expectedUnseen > threshold && attempts < maximumAttempts && answerBy <= deadline
    }
}

extension DiscoveryReport {
    /// What a lossy link cost, for the summary: the hosts probably missed and the loss behind
    /// them, or just the loss and how often silent hosts were asked when nothing was missed.
    public var lossNote: String? {
        guard let loss = estimatedLoss else { return nil }
        let percent = loss >= 0.01 ? String(Int((loss * 100).rounded())) : String(format: "%.1f", loss * 100)
        let missed = Int((expectedMissed ?? 0).rounded())
        if missed >= 1 {
            return "about \(missed) host\(missed == 1 ? "" : "s") may have been missed: \(percent)% of requests or answers were lost"
        }
        guard loss >= SweepTuning.reportableLoss else { return nil }
        let asked = maximumAttempts.map { ", silent hosts asked up to \($0) times" } ?? ""
        return "\(percent)% of requests or answers were lost\(asked)"
    }

    /// Frames the capture's snapshot length cut before their ARP payload, for the summary.
    public var snapshotLengthNote: String? {
        guard framesCutBySnapshotLength > 0 else { return nil }
        let n = framesCutBySnapshotLength
        let snap = snapshotLength.map { "the capture keeps only \($0) bytes per frame (snaplen \($0))" } ?? "the capture's snap length cut them"
        return "\(n) frame\(n == 1 ? "" : "s") too short for ARP: \(snap), ARP needs 42 (recapture with tcpdump -s 0)"
    }
}
