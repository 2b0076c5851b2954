import CensusCore
import Foundation

/// One scan as a self-describing file, for offline site visits and for collectors pushing to
/// the central server. It holds what the scan saw, the raw SNMP answers (credential labels,
/// never secrets), and the people's merge/split decisions about the devices it saw.
public struct ScanBundle: Codable, Sendable {
    /// What kind of file this is, so a stray JSON file is not taken for a bundle.
    public static let kind = "census-scan-bundle"
    /// The newest bundle format this version of Census reads and writes. Format 2 adds the
    /// scan's UUID, its client always named, and device decisions.
    public static let currentVersion = 2

    /// A device of the exporting store that the scan saw and a person decided about.
    public struct DeviceDecision: Codable, Sendable, Equatable {
        /// Its identity keys (`IdentityKey.text`) where it was decided.
        public var keys: [String]
        public var decision: String
        public init(keys: [String], decision: String) { self.keys = keys; self.decision = decision }
    }

    public var format: String
    public var version: Int
    public var exportedAt: Date
    public var scan: ScanRecord
    public var observations: [HostObservation]
    public var conflicts: [AddressConflict]
    public var facts: [DeviceFacts]
    public var learnt: [LearntHost]
    public var identifications: [String: Identification]
    public var decisions: [DeviceDecision]

    public init(exportedAt: Date, scan: ScanRecord, observations: [HostObservation], conflicts: [AddressConflict],
                facts: [DeviceFacts], learnt: [LearntHost], identifications: [IPv4Address: Identification],
                decisions: [DeviceDecision]) {
        format = Self.kind
        version = Self.currentVersion
        self.exportedAt = exportedAt
        var scan = scan
        scan.id = nil
        self.scan = scan
        self.observations = observations
        self.conflicts = conflicts
        self.facts = facts
        self.learnt = learnt
        self.identifications = Dictionary(uniqueKeysWithValues: identifications.map { ($0.key.description, $0.value) })
        self.decisions = decisions
    }

    private enum CodingKeys: String, CodingKey {
        case format, version, exportedAt, scan, observations, conflicts, facts, learnt, identifications, decisions
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        format = try c.decode(String.self, forKey: .format)
        version = try c.decode(Int.self, forKey: .version)
        exportedAt = try c.decode(Date.self, forKey: .exportedAt)
        scan = try c.decode(ScanRecord.self, forKey: .scan)
        observations = try c.decode([HostObservation].self, forKey: .observations)
        conflicts = try c.decode([AddressConflict].self, forKey: .conflicts)
        facts = try c.decode([DeviceFacts].self, forKey: .facts)
        learnt = try c.decode([LearntHost].self, forKey: .learnt)
        identifications = try c.decode([String: Identification].self, forKey: .identifications)
        decisions = try c.decodeIfPresent([DeviceDecision].self, forKey: .decisions) ?? []
    }

    /// The identifications by address.
    public var identificationsByIP: [IPv4Address: Identification] {
        Dictionary(identifications.compactMap { key, value in IPv4Address(key).map { ($0, value) } }, uniquingKeysWith: { a, _ in a })
    }

    /// Reads a bundle, refusing other files, newer formats and contradictory content with a
    /// clear reason.
    public static func decode(_ data: Data, file: String) throws(StoreError) -> ScanBundle {
        struct Header: Decodable { var format: String?; var version: Int? }
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        guard let header = try? decoder.decode(Header.self, from: data) else {
            // Not JSON: a bundle cut short (a copy interrupted, a full disk) or garbled still
            // says what it is near its start; anything else is some other file.
            let start = data.first(where: { !Set(" \t\r\n".utf8).contains($0) })
            // (Keys are written sorted: "format" comes late, after the facts; the first keys are these.)
            if start == UInt8(ascii: "{"),
               ["\"\(kind)\"", "\"conflicts\"", "\"exportedAt\""].contains(where: { data.range(of: Data($0.utf8)) != nil }) {
                throw .badBundle(file: file, reason: "damaged: cut short or garbled (not valid JSON); export it again")
            }
            throw .badBundle(file: file, reason: "not a Census scan bundle (not JSON)")
        }
        guard header.format == kind, let version = header.version else {
            throw .badBundle(file: file, reason: "not a Census scan bundle (no \"format\": \"\(kind)\")")
        }
        guard version >= 1 else { throw .badBundle(file: file, reason: "damaged: bundle format \(version) does not exist (formats are 1 to \(currentVersion))") }
        guard version <= currentVersion else {
            throw .badBundle(file: file, reason: "bundle format \(version) is newer than this Census reads (\(currentVersion)); update Census")
        }
        let bundle: ScanBundle
        do { bundle = try decoder.decode(ScanBundle.self, from: data) } catch {
            throw .badBundle(file: file, reason: "damaged: \(Self.describe(error))")
        }
        if let problem = bundle.inconsistency { throw .badBundle(file: file, reason: "damaged: \(problem)") }
        return bundle
    }

    /// What makes the bundle contradict itself, if anything.
    public var inconsistency: String? {
        if scan.hostCount < 0 { return "negative host count" }
        if let finished = scan.finishedAt, finished < scan.startedAt { return "finishedAt is before startedAt" }
        if scan.client.trimmingCharacters(in: .whitespaces).isEmpty { return "empty client name" }
        if scan.client.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) { return "a control character in the client name" }
        if scan.client.count > 200 { return "a client name of \(scan.client.count) characters (at most 200)" }
        if let bad = identifications.keys.first(where: { IPv4Address($0) == nil }) { return "identification for '\(bad)', not an IPv4 address" }
        return nil
    }

    private static func describe(_ error: any Error) -> String {
        guard let error = error as? DecodingError else { return "\(error)" }
        switch error {
        case .dataCorrupted(let c), .keyNotFound(_, let c), .typeMismatch(_, let c), .valueNotFound(_, let c):
            let path = c.codingPath.map { $0.intValue.map { "[\($0)]" } ?? ".\($0.stringValue)" }.joined()
            let what: String
            switch error {
            case .keyNotFound(let key, _): what = "missing \(key.stringValue)"
            default: what = c.debugDescription
            }
            return path.isEmpty ? what : "\(path.hasPrefix(".") ? String(path.dropFirst()) : path): \(what)"
        @unknown default:
            return "\(error)"
        }
    }

    public func encoded() throws -> Data {
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .iso8601
        encoder.outputFormatting = [.sortedKeys]
        return try encoder.encode(self)
    }
}
