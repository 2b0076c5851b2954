import ARPDiscovery
import CensusCore
import DeviceModel
import Foundation
import PacketCapture
import Synchronization

/// What kind of discovery a run does.
public enum ScanMode: Sendable {
    case sweep
    case passive(Duration)
    case captureFile(String)

    public var name: String {
        switch self {
        case .sweep: "sweep"
        case .passive: "passive"
        case .captureFile: "pcap"
        }
    }
}

/// One discovery run, validated against the guard rails before anything is sent.
public struct DiscoveryJob: Sendable {
    let interface: NetworkInterface?
    public let mode: ScanMode
    public let settings: SweepSettings
    public let ranges: [IPv4Network]
    public let excluded: [IPv4Network]
    /// The addresses an active sweep asks; empty for passive modes.
    public let targets: [IPv4Address]

    /// Validates the job against the guard rails: ranges outside the interface's subnets need
    /// `force`, public addresses `allowPublic`.
    public init(interfaceName: String?, ranges: [IPv4Network], excluded: [IPv4Network], mode: ScanMode,
         settings: SweepSettings, force: Bool, allowPublic: Bool) throws {
        self.mode = mode
        self.settings = settings
        self.excluded = excluded
        var interface: NetworkInterface?
        if let interfaceName {
            do throws(CaptureError) { interface = try NetworkInterface.named(interfaceName) } catch { throw ScanPipelineError(error) }
        }
        self.interface = interface
        guard case .sweep = mode, let interface else {
            self.ranges = ranges
            targets = []
            return
        }
        guard interface.isUp else { throw ScanPipelineError(CaptureError.interfaceDown(interface.name)) }
        guard !interface.isLoopback else {
            throw ScanPipelineError(.usage, "\(interface.name) is a loopback interface; ARP needs an Ethernet segment")
        }
        let chosen = ranges.isEmpty ? interface.subnets : ranges
        do throws(TargetPlanError) {
            let plan = try TargetPlan(
                ranges: chosen, excluding: excluded, interfaceSubnets: interface.subnets,
                ownAddresses: interface.addresses.map(\.address), force: force, allowPublic: allowPublic)
            self.ranges = plan.ranges
            targets = plan.targets
        } catch {
            throw ScanPipelineError(.usage, error.description)
        }
    }

    /// The scanning machine's own addresses and MAC on the interface: routers' ARP caches and
    /// switches' tables list them, and they are never a client's device nor an SNMP target.
    public var ownAddresses: Set<IPv4Address> { Set(interface?.addresses.map(\.address) ?? []) }
    public var ownMAC: MACAddress? { interface?.mac }

    /// What the run would do, for `--dry-run`.
    public var plan: DiscoveryPlan {
        let source = interface.flatMap { i in targets.first.flatMap { i.sourceAddress(toward: $0) } }
        return DiscoveryPlan(
            interface: interface?.name ?? "", sourceIP: source?.description ?? "", sourceMAC: interface?.mac?.description ?? "",
            ranges: ranges.map(\.description), excluded: excluded.map(\.description), targets: targets.count,
            firstTarget: targets.first?.description ?? "", lastTarget: targets.last?.description ?? "",
            packetsPerSecond: settings.packetsPerSecond,
            maxPacketsPerSecond: settings.maximumPacketsPerSecond ?? settings.packetsPerSecond,
            retries: settings.retries, timeoutMs: Int(settings.timeout.seconds * 1000),
            bestCaseSeconds: settings.bestCaseDuration(targets: targets.count).seconds,
            expectedSeconds: settings.expectedDuration(targets: targets.count).seconds,
            worstCaseSeconds: settings.worstCaseDuration(targets: targets.count).seconds)
    }

    func scanRecord(client: String, site: String?) -> ScanRecord {
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
        return ScanRecord(client: client, site: site, interface: interface?.name ?? "", ranges: ranges,
                          options: options, startedAt: Date())
    }

    /// What discovery found.
    public struct Outcome: Sendable {
        public let report: DiscoveryReport
        /// Why a capture file ended early, if it did.
        public let truncation: String?
        /// "on lan1", "heard on lan1", "in site.pcap".
        public let jobInterface: String

        /// One line for the terminal: hosts, requests, conflicts, malformed frames, and the
        /// scan they are stored as (nil: not stored).
        public func summary(hosts: Int, conflicts: [AddressConflict], scanId: Int64?) -> String {
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
            if let loss = report.lossNote { parts.append(loss) }
            if let cut = report.snapshotLengthNote { parts.append(cut) }
            if report.droppedFrames > 0 { parts.append("\(report.droppedFrames) frames dropped by the kernel") }
            if let truncation { parts.append("capture ends early: \(truncation)") }
            parts.append(scanId.map { "stored as scan \($0)" } ?? "not stored")
            return "census: " + parts.joined(separator: "; ")
        }
    }

    /// Runs the discovery on a dedicated thread (the network loop blocks). Cancelling the
    /// calling task stops it cleanly: what was found until then comes back, `interrupted` set.
    func run(progress: @escaping @Sendable (ScanEvent) -> Void) async throws -> Outcome {
        let stop = StopSignal()
        return try await withTaskCancellationHandler {
            try await onDedicatedThread { () throws -> Outcome in
                do throws(DiscoveryError) {
                    switch mode {
                    case .captureFile(let path):
                        let (report, truncation) = try ARPListener.hosts(inCaptureFile: path, ranges: ranges)
                        return Outcome(report: report, truncation: truncation, jobInterface: "in \(path)")
                    case .passive(let duration):
                        let capture = try openCapture()
                        let report = try ARPListener.listen(on: capture, for: duration, ranges: ranges, stop: stop) { count, elapsed in
                            progress(.listening(interface: capture.interface, heard: count, seconds: Int(elapsed.seconds), of: Int(duration.seconds)))
                        }
                        return Outcome(report: report, truncation: nil, jobInterface: "heard on \(capture.interface)")
                    case .sweep:
                        let capture = try openCapture()
                        let sweep = try ARPSweep(interface: interface!, settings: settings)
                        let report = try sweep.run(targets: targets, on: capture, stop: stop) { p in
                            progress(.sweeping(interface: capture.interface, answered: p.answered, resolved: p.resolved, total: p.total, sent: p.sent))
                        }
                        return Outcome(report: report, truncation: nil, jobInterface: "on \(capture.interface)")
                    }
                } catch {
                    throw ScanPipelineError(error)
                }
            }
        } onCancel: {
            stop.stop()
        }
    }

    private func openCapture() throws(DiscoveryError) -> LiveCapture {
        do throws(CaptureError) { return try LiveCapture(interface: interface!.name, snapshotLength: 128) } catch { throw .capture(error) }
    }
}

/// Runs blocking work on its own thread and awaits it without tying up the concurrency pool.
func onDedicatedThread<T: Sendable>(name: String = "census-network", _ body: @escaping @Sendable () throws -> T) async throws -> T {
    try await withCheckedThrowingContinuation { continuation in
        let thread = Thread { continuation.resume(with: Result { try body() }) }
        thread.name = name
        thread.start()
    }
}

