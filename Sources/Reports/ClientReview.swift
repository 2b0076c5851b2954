import CensusCore
import Contracts
import DeviceModel
import Foundation
import Inventory
import Lifecycle
import Reconciliation

/// A client's review for a period: the devices its scans saw, held against its contract and
/// judged for lifecycle — what `reconcile` prints and both reports are built from.
public struct ClientReview: Sendable {
    public var reconciliation: ReconciliationReport
    /// Each device as the period's scans saw it.
    public var devices: [DeviceSnapshot]
    public var scans: [ScanRecord]

    /// Reads the client's complete or partial scans started in `period` from the store, the
    /// devices they saw, and reconciles them against `contract` (priced by `rates`), judging end
    /// of support with `judge`.
    public static func make(client: String, store: any InventoryStore, contract: ContractImport, rates: RateCard?,
                            period: ReconciliationPeriod, judge: LifecycleJudge, views: DeviceViews) async throws -> ClientReview {
        let scans = try await store.scans(client: client, site: nil).filter { period.contains($0.startedAt) && $0.status != .running }
        let devices = scans.isEmpty ? [] : try await views.snapshots(client: client, scans: scans.compactMap(\.id), in: store)
        let report = Reconciliation.reconcile(devices: devices, scans: scans, contract: contract, rates: rates, client: client,
                                              period: (period.since, period.until), asOf: period.until,
                                              supportEnds: SupportEnds.judging(with: judge, asOf: period.until))
        return ClientReview(reconciliation: report, devices: devices, scans: scans)
    }

    /// Why the period has nothing to review, or nil: no finished scan of the client in it, so
    /// every line would be "not covered" and every total 0.00, which reads as "all is well" for
    /// the wrong month. Says when the client's scans were taken.
    public func nothingToReview(client: String, period: ReconciliationPeriod, store: any InventoryStore) async throws -> String? {
        guard scans.isEmpty else { return nil }
        let days = try await store.scans(client: client, site: nil).filter { $0.status != .running }.map { CalendarDate($0.startedAt) }
        let known = days.isEmpty ? "it has no finished scan" : "its scans run from \(days.min()!) to \(days.max()!)"
        return "no finished scan of \(client) from \(period.since) to \(period.until) (\(known)): nothing to reconcile"
    }

    /// The purchase date of each device matched to a contract line that has one (for its age).
    public func purchaseDates(from contract: ContractImport) -> [Int64: CalendarDate] {
        let lines = Dictionary(contract.lines.map { ($0.line, $0) }, uniquingKeysWith: { a, _ in a })
        var dates: [Int64: CalendarDate] = [:]
        for finding in reconciliation.findings where finding.kind == .matched || finding.kind == .mismatch {
            guard let id = finding.device?.id, let number = finding.contractLines.first, let day = lines[number]?.purchaseDate else { continue }
            dates[id] = day
        }
        return dates
    }

    /// Where each figure comes from, for the reports' source lists: files by name, not by the
    /// folders of the machine that made the report (the client reads it).
    public func sources(contract: ContractImport, ratesFile: String?) -> [String] {
        func name(_ path: String) -> String { URL(fileURLWithPath: path).lastPathComponent }
        var list = ["Contract: \(name(contract.file)) (\(contract.profile) layout, \(contract.lines.count) lines, \(reconciliation.importErrors.count) skipped)"]
        if let ratesFile { list.append("Rate card: \(name(ratesFile))") }
        list.append("Scans: " + (scans.isEmpty ? "none in the period" : scans.compactMap { s in
            s.id.map { "\($0) (\(s.site ?? "no site"), \(CalendarDate(s.startedAt)))" } }.joined(separator: ", ")))
        // What changes the figures and is not on any line: other clients' lines ignored, scans that did not count.
        return list + reconciliation.notes.map { "Note: \($0)" }
    }
}

extension LifecycleReport {
    /// The lifecycle report of a client as of `day`: its devices judged with `judge`, aged from
    /// the purchase dates of the lines of `contract` they match (when one is given), the refresh
    /// priced with `costs` (named `costsSource` in the sources). `site`: only devices last seen there.
    /// The client's inventory as of `day`: what the finished scans up to that day saw, as they
    /// saw it (devices first seen later are not in it), at `site` when one is named; and how
    /// many later scans were left out.
    public static func inventory(client: String, store: any InventoryStore, views: DeviceViews, site: String?,
                                 asOf day: CalendarDate) async throws -> (devices: [DeviceSnapshot], laterScans: Int) {
        let period = ReconciliationPeriod(since: CalendarDate(daysSinceEpoch: 0), until: day)
        let finished = try await store.scans(client: client, site: nil).filter { $0.status != .running }
        let upToDay = finished.filter { period.contains($0.startedAt) }
        let devices = upToDay.isEmpty ? [] : try await views.snapshots(client: client, scans: upToDay.count == finished.count ? nil : upToDay.compactMap(\.id), in: store)
        return (devices.filter { site == nil || $0.site.map { isSameSite($0, site!) } == true }, finished.count - upToDay.count)
    }

    /// What `census report lifecycle` prints and the server answers.
    public static func make(client: String, store: any InventoryStore, judge: LifecycleJudge, views: DeviceViews, contract: ContractImport?,
                            costs: ReplacementCosts, costsSource: String, site: String?, asOf day: CalendarDate) async throws -> LifecycleReport {
        let period = ReconciliationPeriod(since: CalendarDate(daysSinceEpoch: 0), until: day)
        let (devices, later) = try await inventory(client: client, store: store, views: views, site: site, asOf: day)
        var sources: [String] = []
        if later > 0 {
            sources.append("Scans: \(later) \(later == 1 ? "scan" : "scans") after \(day) left out (the report is as of that day)")
        }
        var purchases: [Int64: CalendarDate] = [:]
        if let contract {
            let review = try await ClientReview.make(client: client, store: store, contract: contract, rates: nil,
                                                     period: period, judge: judge, views: views)
            let shown = Set(devices.map(\.id))
            purchases = review.purchaseDates(from: contract).filter { shown.contains($0.key) }
            sources.append("Contract: \(URL(fileURLWithPath: contract.file).lastPathComponent) (purchase dates of \(purchases.count) devices)")
        }
        var report = build(client: client, devices: DeviceLifecycle.judge(devices, with: judge, purchaseDates: purchases, asOf: day),
                           costs: costs, asOf: day)
        report.sources = sources + ["Replacement costs: \(costsSource)"] + report.sources
        return report
    }
}
