import CensusCore
import Foundation

/// One scan as a self-describing file, for offline site visits: a collector without the
/// central store exports it, the office imports it. It holds what the scan saw and the raw
/// SNMP answers (credential labels, never secrets).
public struct ScanBundle: Codable, Sendable {
    /// What kind of file this is, so a stray JSON file is not taken for a bundle.
    public static let kind = "census-scan-bundle"
    /// The newest bundle format this version of Census reads and writes.
    public static let currentVersion = 1

    public var format: String
    public var version: Int
    public var exportedAt: Date
    public var scan: ScanRecord
    public var observations: [HostObservation]
    public var conflicts: [AddressConflict]
    public var facts: [DeviceFacts]
    public var learnt: [LearntHost]
    public var identifications: [String: Identification]

    /// Reads a bundle, refusing other files and newer formats with a clear reason.
    public static func decode(_ data: Data, file: String) throws(CensusStoreError) -> ScanBundle {
        struct Header: Decodable { var format: String?; var version: Int? }
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        guard let header = try? decoder.decode(Header.self, from: data), header.format == kind, let version = header.version else {
            throw .badBundle(file: file, reason: "not a Census scan bundle")
        }
        guard version <= currentVersion else {
            throw .badBundle(file: file, reason: "bundle format \(version) is newer than this Census reads (\(currentVersion)); update Census")
        }
        do { return try decoder.decode(ScanBundle.self, from: data) } catch {
            throw .badBundle(file: file, reason: "damaged: \(error)")
        }
    }

    public func encoded() throws -> Data {
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .iso8601
        encoder.outputFormatting = [.sortedKeys]
        return try encoder.encode(self)
    }
}

extension CensusStore {
    /// Everything one scan stored, as a bundle.
    public func exportBundle(scanId: Int64, at date: Date = Date()) throws(CensusStoreError) -> ScanBundle {
        guard var scan = try self.scan(scanId) else { throw .noSuchScan(scanId) }
        scan.id = nil
        return ScanBundle(format: ScanBundle.kind, version: ScanBundle.currentVersion, exportedAt: date, scan: scan,
                          observations: try observations(scanId: scanId), conflicts: try conflicts(scanId: scanId),
                          facts: try facts(scanId: scanId), learnt: try learntHosts(scanId: scanId),
                          identifications: Dictionary(uniqueKeysWithValues: try identifications(scanId: scanId).map { ($0.key.description, $0.value) }))
    }

    /// Files a bundle as a scan of its own. A bundle already imported (same client, site,
    /// interface and start time) adds nothing: the existing scan's id comes back, `isNew` false.
    public func importBundle(_ bundle: ScanBundle) throws(CensusStoreError) -> (scanId: Int64, isNew: Bool) {
        if let existing = try scans(client: bundle.scan.client, site: bundle.scan.site).first(where: {
            $0.interface == bundle.scan.interface && abs($0.startedAt.timeIntervalSince(bundle.scan.startedAt)) < 0.001
        }), let id = existing.id {
            return (id, false)
        }
        var record = bundle.scan
        record.id = nil
        record.status = .running
        let id = try beginScan(record)
        try self.record(bundle.observations, conflicts: bundle.conflicts, scanId: id)
        for facts in bundle.facts {
            try recordFacts(facts, mac: bundle.observations.first { $0.ip == facts.ip }?.mac, scanId: id)
        }
        try recordLearnt(bundle.learnt, scanId: id)
        try recordIdentifications(bundle.identifications.compactMap { key, value in IPv4Address(key).map { ($0, value) } }, scanId: id)
        try finishScan(id, status: bundle.scan.status == .running ? .partial : bundle.scan.status, at: bundle.scan.finishedAt ?? bundle.exportedAt)
        return (id, true)
    }
}
