import CensusCore
import Foundation
import Synchronization

/// The IEEE's MAC address block assignments (MA-L, MA-M, MA-S and IAB), answering which
/// organisation a MAC's prefix is registered to. The longest matching prefix wins, so an MA-S
/// block inside an "IEEE Registration Authority" MA-L block names the MA-S holder.
public final class OUIRegistry: VendorLookup, Sendable {
    /// Where Debian's `ieee-data` package installs the registries.
    public static let defaultDirectory = "/usr/share/ieee-data"
    /// The registry files read from a directory, in load order: MA-L, MA-M, MA-S, IAB.
    public static let registryFileNames = ["oui.csv", "mam.csv", "oui36.csv", "iab.csv"]

    /// Organisations by prefix, one table per prefix length, longest first.
    private let tables: [PrefixTable]
    /// The files the registry was loaded from.
    public let loadedFiles: [String]
    /// Rows ignored while loading (malformed, unsupported or duplicate), with file and line.
    public let skippedRows: [SkippedRow]
    /// Number of prefixes known, all lengths together.
    public var prefixCount: Int { tables.reduce(0) { $0 + $1.organizations.count } }

    private struct PrefixTable: Sendable {
        let bits: Int
        var organizations: [UInt64: String] = [:]
    }

    /// Where parsed registries are kept between runs: `$XDG_CACHE_HOME/census`, else `~/.cache/census`.
    public static var defaultCacheDirectory: String? { RegistryCache.defaultDirectory(environment: ProcessInfo.processInfo.environment) }

    /// Loads whichever of `registryFileNames` exist in `directory`, from the cache in
    /// `cacheDirectory` when it holds these very files parsed (nil: no cache).
    /// - Throws: `OUIRegistryError.noRegistryFiles` when none does.
    public convenience init(directory: String = OUIRegistry.defaultDirectory,
                            cacheDirectory: String? = OUIRegistry.defaultCacheDirectory) throws(OUIRegistryError) {
        let candidates = Self.registryFileNames.map { URL(fileURLWithPath: directory).appendingPathComponent($0).path }
        let present = candidates.filter { FileManager.default.fileExists(atPath: $0) }
        guard !present.isEmpty else { throw .noRegistryFiles(directory: directory, tried: candidates) }
        try self.init(csvFiles: present, cacheDirectory: cacheDirectory)
    }

    /// Loads the given registry CSV files (or their parse from the cache in `cacheDirectory`).
    /// When two rows assign the same prefix, the first (in file order) is kept and the other is
    /// listed in `skippedRows`.
    public convenience init(csvFiles: [String], cacheDirectory: String? = nil) throws(OUIRegistryError) {
        let cache = cacheDirectory.map(RegistryCache.init(directory:))
        let key = cache == nil ? nil : RegistryCache.key(for: csvFiles)
        if let cache, let key, let cached = cache.load(key: key) {
            self.init(contents: cached, files: csvFiles)
            return
        }
        let parsed = try Self.parse(csvFiles)
        if let cache, let key { cache.store(parsed, key: key) }
        self.init(contents: parsed, files: csvFiles)
    }

    private init(contents: RegistryCache.Contents, files: [String]) {
        tables = contents.tables.map { PrefixTable(bits: $0.key, organizations: $0.value) }.sorted { $0.bits > $1.bits }
        loadedFiles = files
        skippedRows = contents.skipped
    }

    private static func parse(_ csvFiles: [String]) throws(OUIRegistryError) -> RegistryCache.Contents {
        var tablesByBits: [Int: [UInt64: String]] = [:]
        var skipped: [SkippedRow] = []
        for (path, file) in zip(csvFiles, try Self.parseConcurrently(csvFiles)) {
            var fileSkipped = file.skipped
            for assignment in file.assignments {
                if let kept = tablesByBits[assignment.bits]?[assignment.prefix] {
                    fileSkipped.append(SkippedRow(file: path, line: assignment.line, reason: .duplicateAssignment(keptOrganization: kept)))
                } else {
                    tablesByBits[assignment.bits, default: [:]][assignment.prefix] = assignment.organization
                }
            }
            skipped += fileSkipped.sorted { $0.line < $1.line }
        }
        return RegistryCache.Contents(tables: tablesByBits, skipped: skipped)
    }

    /// Parses each file on its own thread: CSV parsing is nearly all of the load time, and
    /// oui.csv alone is two thirds of it. Results come back in the order of `paths`; if several
    /// files fail, the first one's error is thrown.
    private static func parseConcurrently(_ paths: [String]) throws(OUIRegistryError) -> [RegistryFile] {
        let results = Mutex([Result<RegistryFile, OUIRegistryError>?](repeating: nil, count: paths.count))
        DispatchQueue.concurrentPerform(iterations: paths.count) { index in
            let result = Result { () throws(OUIRegistryError) in try RegistryFile(path: paths[index]) }
            results.withLock { $0[index] = result }
        }
        return try results.withLock { $0 }.map { result throws(OUIRegistryError) in try result!.get() }
    }

    /// The organisation registered for a universal MAC's prefix; nil for unknown prefixes and
    /// for locally administered or multicast addresses, whose prefixes name no vendor.
    public func vendor(for mac: MACAddress) -> String? {
        guard case .universal(let vendor) = classify(mac) else { return nil }
        return vendor
    }

    /// Sorts a MAC into multicast, locally administered, or universal with its vendor.
    public func classify(_ mac: MACAddress) -> MACKind {
        if mac.isMulticast { return .multicast }
        if mac.isLocallyAdministered { return .locallyAdministered }
        return .universal(vendor: longestPrefixMatch(mac))
    }

    private func longestPrefixMatch(_ mac: MACAddress) -> String? {
        for table in tables {
            if let organization = table.organizations[mac.value >> UInt64(48 - table.bits)] { return organization }
        }
        return nil
    }
}
