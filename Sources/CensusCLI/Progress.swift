import Foundation
import Logging
import ScanPipeline

/// Shows a scan's progress on stderr: a rewriting line on a terminal, warnings always, stage
/// timings at debug level.
enum ProgressPrinter {
    static let logger = Logger(label: "census.scan")

    @Sendable static func show(_ event: ScanEvent) {
        switch event {
        case .started:
            break
        case let .sweeping(interface, answered, resolved, total, sent):
            Terminal.progress("sweeping \(interface): \(answered) answered, \(resolved)/\(total) done, \(sent) sent")
        case let .listening(interface, heard, seconds, of):
            Terminal.progress("listening on \(interface): \(heard) hosts heard, \(seconds) of \(of) s")
        case .discovered:
            Terminal.endProgress()
        case let .interrogating(asked, of, answered):
            Terminal.progress("SNMP: \(asked)/\(of) asked, \(answered) answered")
            if asked == of { Terminal.endProgress() }
        case let .stage(name, seconds):
            logger.debug("\(name) done", metadata: ["after": "\(String(format: "%.3f", seconds)) s"])
        case .warning(let text):
            Terminal.endProgress()
            Terminal.error("census: warning: \(text)")
        }
    }
}

/// Renders a discovery plan (`--dry-run`).
enum PlanPrinter {
    static func render(_ plan: DiscoveryPlan, as format: OutputFormat) throws -> String {
        if format == .json { return try JSONOutput.encode(plan) }
        let rate = plan.maxPacketsPerSecond > plan.packetsPerSecond
            ? "\(Int(plan.packetsPerSecond)) requests/s, climbing to at most \(Int(plan.maxPacketsPerSecond))/s while answers stay prompt"
            : "\(Int(plan.packetsPerSecond)) requests/s (fixed)"
        return """
        Plan (dry run, nothing sent):
          interface   \(plan.interface.isEmpty ? "-" : plan.interface) (\(plan.sourceIP.isEmpty ? "-" : plan.sourceIP), \(plan.sourceMAC.isEmpty ? "-" : plan.sourceMAC))
          ranges      \(plan.ranges.joined(separator: ", "))
          excluded    \(plan.excluded.isEmpty ? "none" : plan.excluded.joined(separator: ", "))
          targets     \(plan.targets) (\(plan.firstTarget.isEmpty ? "-" : plan.firstTarget) – \(plan.lastTarget.isEmpty ? "-" : plan.lastTarget))
          rate        \(rate), \(plan.retries) retries, \(plan.timeoutMs) ms first timeout
          duration    \(String(format: "%.1f", plan.bestCaseSeconds))–\(String(format: "%.1f", plan.expectedSeconds)) s if every host answers, at most \(String(format: "%.1f", plan.worstCaseSeconds)) s

        """
    }
}
