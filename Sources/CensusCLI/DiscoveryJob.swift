import ARPDiscovery
import CensusCore
import CensusStore
import Foundation
import Synchronization
import PacketCapture

/// What kind of discovery a run does.
enum ScanMode {
    case sweep
    case passive(Duration)
    case captureFile(String)

    var name: String {
        switch self {
        case .sweep: "sweep"
        case .passive: "passive"
        case .captureFile: "pcap"
        }
    }
}

/// One discovery run, validated against the guard rails before anything is sent.
struct DiscoveryJob: Sendable {
    let interface: NetworkInterface?
    let mode: ScanMode
    let settings: SweepSettings
    let ranges: [IPv4Network]
    let excluded: [IPv4Network]
    /// The addresses an active sweep asks; empty for passive modes.
    let targets: [IPv4Address]

    init(interfaceName: String?, ranges: [IPv4Network], excluded: [IPv4Network], mode: ScanMode,
         settings: SweepSettings, force: Bool, allowPublic: Bool) throws {
        self.mode = mode
        self.settings = settings
        self.excluded = excluded
        var interface: NetworkInterface?
        if let interfaceName {
            do throws(CaptureError) { interface = try NetworkInterface.named(interfaceName) } catch { throw CensusFailure(error) }
        }
        self.interface = interface
        guard case .sweep = mode, let interface else {
            self.ranges = ranges
            targets = []
            return
        }
        guard interface.isUp else { throw CensusFailure(CaptureError.interfaceDown(interface.name)) }
        guard !interface.isLoopback else {
            throw CensusFailure("\(interface.name) is a loopback interface; ARP needs an Ethernet segment", exitCode: CensusFailure.usage)
        }
        let chosen = ranges.isEmpty ? interface.subnets : ranges
        do throws(TargetPlanError) {
            let plan = try TargetPlan(
                ranges: chosen, excluding: excluded, interfaceSubnets: interface.subnets,
                ownAddresses: interface.addresses.map(\.address), force: force, allowPublic: allowPublic)
            self.ranges = plan.ranges
            targets = plan.targets
        } catch {
            throw CensusFailure(error.description, exitCode: CensusFailure.usage)
        }
    }

    /// What the run would do, for `--dry-run`.
    func planDescription(format: OutputFormat) -> String {
        let expected = settings.expectedDuration(targets: targets.count).seconds
        let worst = settings.worstCaseDuration(targets: targets.count).seconds
        let source = interface.flatMap { i in targets.first.flatMap { i.sourceAddress(toward: $0) } }
        if format == .json {
            let plan: [String: Any] = [
                "interface": interface?.name ?? "", "source_ip": source?.description ?? "",
                "source_mac": interface?.mac?.description ?? "",
                "ranges": ranges.map(\.description), "excluded": excluded.map(\.description),
                "targets": targets.count, "first_target": targets.first?.description ?? "",
                "last_target": targets.last?.description ?? "",
                "packets_per_second": settings.packetsPerSecond,
                "max_packets_per_second": settings.maximumPacketsPerSecond ?? settings.packetsPerSecond,
                "best_case_seconds": settings.bestCaseDuration(targets: targets.count).seconds,
                "retries": settings.retries,
                "timeout_ms": Int(settings.timeout.seconds * 1000),
                "expected_seconds": expected, "worst_case_seconds": worst,
            ]
            let data = try! JSONSerialization.data(withJSONObject: plan, options: [.prettyPrinted, .sortedKeys])
            return String(decoding: data, as: UTF8.self) + "\n"
        }
        return """
        Plan (dry run, nothing sent):
          interface   \(interface?.name ?? "-") (\(source?.description ?? "-"), \(interface?.mac?.description ?? "-"))
          ranges      \(ranges.map(\.description).joined(separator: ", "))
          excluded    \(excluded.isEmpty ? "none" : excluded.map(\.description).joined(separator: ", "))
          targets     \(targets.count) (\(targets.first?.description ?? "-") – \(targets.last?.description ?? "-"))
          rate        \(rateText), \(settings.retries) retries, \(Int(settings.timeout.seconds * 1000)) ms first timeout
          duration    \(String(format: "%.1f", settings.bestCaseDuration(targets: targets.count).seconds))–\(String(format: "%.1f", expected)) s if every host answers, at most \(String(format: "%.1f", worst)) s

        """
    }

    private var rateText: String {
        let start = Int(settings.packetsPerSecond)
        guard let ceiling = settings.maximumPacketsPerSecond, Int(ceiling) > start else { return "\(start) requests/s (fixed)" }
        return "\(start) requests/s, climbing to at most \(Int(ceiling))/s while answers stay prompt"
    }

    func scanRecord(client: String?, site: String?) -> ScanRecord {
        var options: [String: String] = ["mode": mode.name]
        switch mode {
        case .sweep:
            options["rate"] = String(settings.packetsPerSecond)
            if let ceiling = settings.maximumPacketsPerSecond { options["max_rate"] = String(ceiling) }
            options["retries"] = String(settings.retries)
            options["timeout_ms"] = String(Int(settings.timeout.seconds * 1000))
            if !excluded.isEmpty { options["exclude"] = excluded.map(\.description).joined(separator: ",") }
        case .passive(let duration):
            options["passive_seconds"] = String(duration.seconds)
        case .captureFile(let path):
            options["pcap"] = path
        }
        return ScanRecord(
            id: nil, client: client, site: site, interface: interface?.name ?? "", ranges: ranges,
            options: options, startedAt: Date(), finishedAt: nil, status: .running, hostCount: 0)
    }

    struct Outcome: Sendable {
        let report: DiscoveryReport
        let truncation: String?
        let jobInterface: String

        func summary(hosts: Int, conflicts: [AddressConflict], scanId: Int64) -> String {
            var parts = ["\(hosts) host\(hosts == 1 ? "" : "s") \(jobInterface) in \(String(format: "%.2f", report.elapsed.seconds)) s"]
            if report.requestsSent > 0 {
                let peak = report.peakPacketsPerSecond.map { ", peak \(Int($0))/s" } ?? ""
                parts.append("\(report.requestsSent) requests\(peak), \(report.unanswered.count) silent")
            }
            if !conflicts.isEmpty {
                parts.append("\(conflicts.count) address conflict\(conflicts.count == 1 ? "" : "s"): " +
                             conflicts.map { "\($0.ip) claimed by \($0.macs.map(\.description).joined(separator: " and "))" }.joined(separator: "; "))
            }
            if report.malformed.count > 0 {
                parts.append("\(report.malformed.count) malformed frame\(report.malformed.count == 1 ? "" : "s") skipped (\(report.malformed.examples.joined(separator: "; ")))")
            }
            if report.droppedFrames > 0 { parts.append("\(report.droppedFrames) frames dropped by the kernel") }
            if let truncation { parts.append("capture ends early: \(truncation)") }
            parts.append("stored as scan \(scanId)")
            return "census: " + parts.joined(separator: "; ")
        }
    }

    /// Runs the discovery on a dedicated thread (the network loop blocks), stopping cleanly on Ctrl-C.
    func run() async throws -> Outcome {
        let stop = StopSignal()
        let trap = InterruptTrap(stop: stop)
        defer { trap.release() }
        return try await onDedicatedThread { () throws -> Outcome in
            do throws(DiscoveryError) {
                switch mode {
                case .captureFile(let path):
                    let (report, truncation) = try ARPListener.hosts(inCaptureFile: path, ranges: ranges)
                    return Outcome(report: report, truncation: truncation, jobInterface: "in \(path)")
                case .passive(let duration):
                    let capture = try openCapture()
                    let report = try ARPListener.listen(on: capture, for: duration, ranges: ranges, stop: stop) { count, elapsed in
                        Terminal.progress("listening on \(capture.interface): \(count) hosts heard, \(Int(elapsed.seconds)) of \(Int(duration.seconds)) s")
                    }
                    Terminal.endProgress()
                    return Outcome(report: report, truncation: nil, jobInterface: "heard on \(capture.interface)")
                case .sweep:
                    let capture = try openCapture()
                    let sweep = try ARPSweep(interface: interface!, settings: settings)
                    let report = try sweep.run(targets: targets, on: capture, stop: stop) { p in
                        Terminal.progress("sweeping \(capture.interface): \(p.answered) answered, \(p.resolved)/\(p.total) done, \(p.sent) sent")
                    }
                    Terminal.endProgress()
                    return Outcome(report: report, truncation: nil, jobInterface: "on \(capture.interface)")
                }
            } catch {
                throw CensusFailure(error)
            }
        }
    }

    private func openCapture() throws(DiscoveryError) -> LiveCapture {
        do throws(CaptureError) { return try LiveCapture(interface: interface!.name, snapshotLength: 128) } catch { throw .capture(error) }
    }
}

/// Runs blocking work on its own thread and awaits it without tying up the concurrency pool.
func onDedicatedThread<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
    try await withCheckedThrowingContinuation { continuation in
        let thread = Thread { continuation.resume(with: Result { try body() }) }
        thread.name = "census-network"
        thread.start()
    }
}

/// Turns the first Ctrl-C (or SIGTERM) into a clean stop; a second one exits at once.
/// Traps nest: the latest one gets the signal. With no trap set, a signal exits at once.
final class InterruptTrap: @unchecked Sendable {
    private struct Handler {
        let id: Int
        let onStop: @Sendable () -> Void
        let isStopped: @Sendable () -> Bool
    }

    /// One set of signal sources for the whole process: libdispatch does not reliably deliver
    /// a signal to a source made after an earlier one for it was cancelled.
    private static let handlers = Mutex<(next: Int, stack: [Handler])>((0, []))
    nonisolated(unsafe) private static let sources: [DispatchSourceSignal] = {
        let queue = DispatchQueue(label: "census.signals")
        return [SIGINT, SIGTERM].map { sig in
            signal(sig, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: sig, queue: queue)
            source.setEventHandler {
                guard let handler = handlers.withLock({ $0.stack.last }) else { exit(CensusFailure.interrupted) }
                if handler.isStopped() { exit(CensusFailure.interrupted) }
                Terminal.error("\ncensus: stopping; keeping what was found (press Ctrl-C again to quit at once)")
                handler.onStop()
            }
            source.resume()
            return source
        }
    }()

    private let id: Int

    convenience init(stop: StopSignal) { self.init(onStop: stop.stop, isStopped: { stop.isStopped }) }

    init(onStop: @escaping @Sendable () -> Void, isStopped: @escaping @Sendable () -> Bool) {
        _ = Self.sources
        id = Self.handlers.withLock { state in
            state.next += 1
            state.stack.append(Handler(id: state.next, onStop: onStop, isStopped: isStopped))
            return state.next
        }
    }

    func release() {
        Self.handlers.withLock { state in state.stack.removeAll { $0.id == id } }
    }
}
