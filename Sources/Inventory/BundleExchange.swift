import CensusCore
import DeviceModel
import Foundation

/// Scans as bundle files: exported from one store, imported into another (a laptop's into the
/// office's, a collector's into the server's), devices filed as if scanned there.
public struct BundleExchange: Sendable {
    public var filer: DeviceFiler

    public init(filer: DeviceFiler = DeviceFiler()) { self.filer = filer }

    /// Everything one scan stored, with the decisions people made about the devices it saw.
    public func export(scanId: Int64, from store: any InventoryStore, at date: Date) async throws -> ScanBundle {
        guard let scan = try await store.scan(scanId) else { throw StoreError.noSuchScan(scanId) }
        let seen = Set(try await store.sightings(client: scan.client, scans: [scanId]).map(\.deviceId))
        let decisions = try await store.devices(client: scan.client).filter { seen.contains($0.id) }.compactMap { d in
            d.decision.map { ScanBundle.DeviceDecision(keys: d.keys, decision: $0) }
        }
        return ScanBundle(exportedAt: date, scan: scan, observations: try await store.observations(scanId: scanId),
                          conflicts: try await store.conflicts(scanId: scanId), facts: try await store.facts(scanId: scanId),
                          learnt: try await store.learntHosts(scanId: scanId),
                          identifications: try await store.identifications(scanId: scanId), decisions: decisions)
    }

    /// Files a bundle, devices and all, in one transaction. The same bundle again adds nothing.
    /// A bundle exported more than a year after `now` (a collector's clock far ahead, an edited
    /// file: 2099) is refused: its scan would count as the client's latest visit for years.
    public func `import`(_ bundle: ScanBundle, into store: any InventoryStore, now: Date = Date()) async throws -> (scanId: Int64, isNew: Bool) {
        if let problem = bundle.inconsistency { throw StoreError.badBundle(file: "bundle", reason: "damaged: \(problem)") }
        if bundle.exportedAt > now.addingTimeInterval(366 * 86_400) {
            throw StoreError.badBundle(file: "bundle", reason: "exported \(ISO8601DateFormatter().string(from: bundle.exportedAt)), in the future: check the clock of the machine that made it")
        }
        let box = ConflictBox()
        let filer = self.filer
        return try await store.importBundle(bundle) { scanId in
            filer.resolution(for: DeviceFiler.ScanContents(
                scanId: scanId, site: bundle.scan.site, hosts: bundle.observations, answers: bundle.facts.map(FactSummary.init),
                identifications: bundle.identificationsByIP, decisions: bundle.decisions), box: box)
        }
    }
}
