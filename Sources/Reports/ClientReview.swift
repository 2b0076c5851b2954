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

    /// Where each figure comes from, for the reports' source lists.
    public func sources(contract: ContractImport, ratesFile: String?) -> [String] {
        var list = ["Contract: \(contract.file) (\(contract.profile) layout, \(contract.lines.count) lines, \(contract.errors.count) skipped)"]
        if let ratesFile { list.append("Rate card: \(ratesFile)") }
        list.append("Scans: " + (scans.isEmpty ? "none in the period" : scans.compactMap { s in
            s.id.map { "\($0) (\(s.site ?? "no site"), \(CalendarDate(s.startedAt)))" } }.joined(separator: ", ")))
        return list
    }
}
