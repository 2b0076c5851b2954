import CensusCore
import DataFiles
import Foundation

/// End-of-life facts about hardware models, kept as YAML data files (`Data/hardware/`, format in
/// its README). A user's folders are read after the built-in one; an entry with the id of an
/// earlier entry replaces it.
public struct HardwareCatalog: Sendable {
    /// One model family and its vendor-published milestones.
    public struct Entry: Sendable, Equatable {
        public var id: String
        public var vendor: String
        public var models: [ModelPattern]
        public var endOfSale: SupportEnd?
        public var endOfSoftwareMaintenance: SupportEnd?
        public var lastDateOfSupport: SupportEnd?
        /// First sale: a day, or a year alone.
        public var release: Release?
        public var state: AnnouncementState
        /// The day the source was read: a milestone given as `true` had passed by then, and a
        /// `false` one or a `not-announced` state held then (required for those).
        public var checked: CalendarDate?
        /// The vendor's bulletin or page the dates come from.
        public var source: String?
        /// Model names that must come out as this entry.
        public var examples: [String]
        /// `file:line` of the entry.
        public var location: String

        /// The most specific of this entry's patterns that matches `model`.
        func specificity(matching model: String) -> Int? {
            models.filter { $0.matches(model) }.map(\.specificity).max()
        }
    }

    /// Whether the vendor has announced the end of life.
    public enum AnnouncementState: String, Codable, Sendable {
        case announced
        case notAnnounced = "not-announced"
        case unknown
    }

    public struct Release: Sendable, Equatable {
        public var year: Int
        public var day: CalendarDate?

        /// The day a device's age counts from: the day, else 1 July of the year (at most half a year off).
        public var start: CalendarDate { day ?? CalendarDate(year: year, month: 7, day: 1)! }
    }

    public private(set) var entries: [Entry] = []

    public init() {}

    /// The folder of the catalog that ships with Census.
    public static func builtInFolder() throws(DataFileError) -> String { try bundledDataFolder("hardware") }

    /// The catalog of these folders, read in order: `load([builtInFolder()] + userFolders)`.
    public static func load(_ folders: [String]) throws(DataFileError) -> HardwareCatalog {
        var catalog = HardwareCatalog()
        for folder in folders { try catalog.add(folder: folder) }
        return catalog
    }

    /// The built-in catalog.
    public static func builtIn() throws(DataFileError) -> HardwareCatalog { try load([builtInFolder()]) }

    /// Adds every `*.yaml`/`*.yml` file of `folder`, in name order.
    public mutating func add(folder: String) throws(DataFileError) {
        for file in try DataFile.loadFolder(folder) { try add(file: file) }
    }

    /// Adds one parsed catalog file: `vendor:` (default for its entries) and `entries:`.
    public mutating func add(file root: DataValue) throws(DataFileError) {
        let top = try root.mapping()
        try top.onlyKeys(["vendor", "checked", "entries"])
        let fileVendor = try top["vendor"]?.string()
        let fileChecked = try top["checked"].map { (value) throws(DataFileError) in try Self.day(value) }
        for item in try top.required("entries").list() {
            let entry = try Self.entry(item, fileVendor: fileVendor, fileChecked: fileChecked)
            if let index = entries.firstIndex(where: { $0.id == entry.id }) {
                if entries[index].location.hasPrefix(item.file + ":") {
                    throw item.error("id '\(entry.id)' is already used at \(entries[index].location)")
                }
                entries[index] = entry
            } else {
                entries.append(entry)
            }
        }
    }

    /// The entry for a model: of the entries whose patterns match (and whose vendor is `vendor`,
    /// when given), the one with the most specific pattern; on a tie, the one read last.
    public func entry(forModel model: String, vendor: String? = nil) -> Entry? {
        var best: (entry: Entry, specificity: Int)?
        for entry in entries {
            if let vendor, entry.vendor.caseInsensitiveCompare(vendor) != .orderedSame { continue }
            guard let specificity = entry.specificity(matching: model) else { continue }
            if best == nil || specificity >= best!.specificity { best = (entry, specificity) }
        }
        return best?.entry
    }

    /// Every example that does not come out as its entry: unmatched by the entry, or won by another
    /// of its own folder. An entry of a folder read later (a user's file beside the built-in
    /// catalog) that wins an earlier folder's example overrides it on purpose: no failure.
    public func check() -> [HardwareExampleFailure] {
        var failures: [HardwareExampleFailure] = []
        let order = Dictionary(entries.enumerated().map { ($1.id, $0) }, uniquingKeysWith: { a, _ in a })
        func folder(_ e: Entry) -> String { URL(fileURLWithPath: String(e.location.prefix { $0 != ":" })).deletingLastPathComponent().path }
        for entry in entries {
            for example in entry.examples {
                if entry.specificity(matching: example) == nil {
                    failures.append(HardwareExampleFailure(entry: entry.id, location: entry.location, example: example,
                                                           problem: "no pattern of the entry matches it"))
                } else if let winner = self.entry(forModel: example, vendor: entry.vendor), winner.id != entry.id,
                          !(folder(winner) != folder(entry) && (order[winner.id] ?? 0) > (order[entry.id] ?? 0)) {
                    failures.append(HardwareExampleFailure(entry: entry.id, location: entry.location, example: example,
                                                           problem: "entry '\(winner.id)' (\(winner.location)) wins it"))
                }
            }
        }
        return failures
    }

    private static let dateKeys = ["end_of_sale", "end_of_software_maintenance", "last_date_of_support"]

    private static func entry(_ item: DataValue, fileVendor: String?, fileChecked: CalendarDate?) throws(DataFileError) -> Entry {
        let map = try item.mapping()
        try map.onlyKeys(Set(["id", "vendor", "models", "release", "state", "checked", "source", "examples"] + dateKeys))
        let id = try map.required("id").string()
        guard let vendor = try map["vendor"]?.string() ?? fileVendor else { throw item.error("'vendor' is missing (in the entry or at the top of the file)") }
        let models = try map.required("models").listOrOne().map { (value) throws(DataFileError) in try ModelPattern.read(value) }
        if models.isEmpty { throw try map.required("models").error("an entry needs at least one model pattern") }
        var ends: [String: SupportEnd] = [:]
        for key in dateKeys { if let value = map[key], !value.isNull { ends[key] = try supportEnd(value) } }
        // The milestones come in order (end of sale, of software maintenance, last support): two
        // dates the other way round are a typo.
        for (i, earlier) in dateKeys.enumerated() {
            for later in dateKeys[(i + 1)...] {
                guard case .on(let a)? = ends[earlier], case .on(let b)? = ends[later], a > b else { continue }
                throw try map.required(earlier).error("\(earlier) \(a) is after \(later) \(b): the milestones come in that order (a typo?)")
            }
        }
        let stateValue = try map.required("state")
        guard let state = AnnouncementState(rawValue: try stateValue.string()) else {
            throw stateValue.error("expected announced, not-announced or unknown")
        }
        if state == .notAnnounced, let key = dateKeys.first(where: { ends[$0].map { $0 != .notEnded } ?? false }) {
            throw try map.required(key).error("the state is not-announced, yet an end is given")
        }
        let source = try map["source"]?.string()
        if let source, !(source.hasPrefix("https://") || source.hasPrefix("http://")) {
            throw try map.required("source").error("expected the URL of the vendor's bulletin or page")
        }
        if source == nil, ends.values.contains(where: { $0 != .notEnded }) {
            throw item.error("'source' is missing: an entry with end dates names the vendor's bulletin")
        }
        let checked = try map["checked"].map { (value) throws(DataFileError) in try day(value) } ?? fileChecked
        if checked == nil, state == .notAnnounced || ends.values.contains(where: { $0 == .ended || $0 == .notEnded }) {
            throw item.error("'checked' is missing: a milestone given as true or false, or a not-announced state, holds as of the day the source was read (checked: YYYY-MM-DD, in the entry or at the top of the file)")
        }
        var release: Release?
        if let value = map["release"] {
            let text = try value.string()
            if let day = CalendarDate(iso: text) { release = Release(year: day.year, day: day) }
            else if let year = Int(text), (1970...2100).contains(year) { release = Release(year: year, day: nil) }
            else { throw value.error("expected a year or a date YYYY-MM-DD, found '\(text)'") }
        }
        let examples = try map.required("examples").listOrOne().map { (value) throws(DataFileError) in try value.string() }
        if examples.isEmpty { throw try map.required("examples").error("an entry needs at least one example model name") }
        return Entry(id: id, vendor: vendor, models: models, endOfSale: ends["end_of_sale"],
                     endOfSoftwareMaintenance: ends["end_of_software_maintenance"], lastDateOfSupport: ends["last_date_of_support"],
                     release: release, state: state, checked: checked, source: source, examples: examples, location: "\(item.file):\(item.line)")
    }

    private static func day(_ value: DataValue) throws(DataFileError) -> CalendarDate {
        let text = try value.string()
        guard let day = CalendarDate(iso: text) else { throw value.error("expected a date YYYY-MM-DD, found '\(text)'") }
        return day
    }

    private static func supportEnd(_ value: DataValue) throws(DataFileError) -> SupportEnd {
        let text = try value.string()
        if let day = CalendarDate(iso: text) { return .on(day) }
        switch text.lowercased() {
        case "true": return .ended
        case "false": return .notEnded
        default: throw value.error("expected a date YYYY-MM-DD, true (passed, day not known) or false, found '\(text)'")
        }
    }
}

/// A catalog example that does not come out as its entry says.
public struct HardwareExampleFailure: Sendable, Equatable, CustomStringConvertible {
    public var entry: String
    public var location: String
    public var example: String
    public var problem: String
    public var description: String { "\(entry) (\(location)): example '\(example)': \(problem)" }
}
