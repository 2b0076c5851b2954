import ArgumentParser
import CensusCore
import DataFiles
import Foundation
import Fingerprinting
import Inventory
import Lifecycle
import Reports
import SQLiteStore

/// `census lifecycle`: when each device's hardware and software fall out of support.
struct LifecycleCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "lifecycle",
        abstract: "End of support, age and refresh of every device: lifecycle data and verdicts.",
        discussion: """
        Software lifecycles come from endoflife.date's data: a snapshot ships with Census (it judges \
        offline), `import` and `update` store newer data that overrides it. Hardware lifecycles come \
        from Census's hardware catalog (YAML with vendor sources) and your own files (--lifecycle DIR).
        """,
        subcommands: [LifecycleShow.self, LifecycleImport.self, LifecycleUpdate.self, LifecycleList.self, LifecycleCheck.self],
        defaultSubcommand: LifecycleShow.self
    )
}

/// Which lifecycle data to judge with: the shipped data, what the store holds, the user's hardware files.
struct LifecycleOptions: ParsableArguments {
    @Option(name: .long, help: "Folder of hardware lifecycle YAML files that extend or override the built-in catalog; repeatable.")
    var lifecycle: [String] = []

    /// The judge: built-in software data overridden by stored imports, built-in hardware catalog
    /// extended by the user's folders.
    func judge(store: SQLiteStore) throws -> LifecycleJudge {
        var imported: [String: (cycles: [SoftwareCycle], fetchedAt: CalendarDate)] = [:]
        for product in try store.lifecycleProducts() {
            do throws(DataFileError) {
                imported[product.product] = (try SoftwareCycle.list(fromJSON: product.cycles, file: "stored \(product.product)"), product.fetchedAt)
            } catch {
                Terminal.error("census: warning: stored lifecycle data of \(product.product) is unreadable (\(error)); the shipped data is used")
            }
        }
        do {
            return LifecycleJudge(software: try SoftwareLifecycles.builtIn(imported: imported),
                                  hardware: try HardwareCatalog.load([try HardwareCatalog.builtInFolder()] + lifecycle))
        } catch {
            throw CensusFailure("lifecycle data: \(error)", exitCode: CensusFailure.dataError)
        }
    }
}

/// `census lifecycle import FILE --product NAME`.
struct LifecycleImport: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Store a product's release cycles (endoflife.date API format) to use instead of the shipped data.")

    @Argument(help: "The JSON file: an array of {cycle, releaseDate, support, eol, ...}.") var file: String
    @Option(name: .long, help: "The product it describes (endoflife.date's name, e.g. fortios, windows-server).") var product: String
    @Option(name: .long, help: "The day the data was fetched (YYYY-MM-DD). Default: the file's modification day.") var fetched: String?
    @OptionGroup var database: DatabaseOptions

    func run() async throws {
        try await reportingFailures {
            guard let data = FileManager.default.contents(atPath: file) else { throw CensusFailure("cannot read \(file)", exitCode: CensusFailure.dataError) }
            let known = SoftwareMapping.endOfLifeDateProducts + SoftwareMapping.unpublishedProducts
            guard known.contains(product) else {
                throw CensusFailure("--product \(product): no identified system maps to it, so its cycles would never be used; products: \(known.sorted().joined(separator: ", "))",
                                    exitCode: CensusFailure.usage)
            }
            let cycles: [SoftwareCycle]
            do throws(DataFileError) { cycles = try SoftwareCycle.list(fromJSON: data, file: file) } catch {
                throw CensusFailure("\(error)", exitCode: CensusFailure.dataError)
            }
            guard !cycles.isEmpty else {
                throw CensusFailure("\(file): no release cycles, nothing stored (an empty import would hide the \(product) data Census has)",
                                    exitCode: CensusFailure.dataError)
            }
            let day: CalendarDate
            if let fetched {
                guard let parsed = CalendarDate(iso: fetched) else { throw CensusFailure("--fetched takes a date, YYYY-MM-DD", exitCode: CensusFailure.usage) }
                // The day the data was taken decides what `true` and `false` mean as of a day: never ahead.
                guard parsed <= CalendarDate.today().adding(days: 1) else {
                    throw CensusFailure("--fetched \(parsed) is after today: give the day the data was taken", exitCode: CensusFailure.usage)
                }
                day = parsed
            } else {
                let modified = (try? FileManager.default.attributesOfItem(atPath: file)[.modificationDate] as? Date) ?? Date()
                day = CalendarDate(modified)
            }
            try database.openSayingNew(for: "the lifecycle data").storeLifecycleProduct(.init(product: product, cycles: data, fetchedAt: day, origin: "imported \(file)"))
            let shipped = (try? SoftwareLifecycles.builtIn()[product]) != nil
            Terminal.error("census: \(product): \(counted(cycles.count, "cycle")) stored (fetched \(day))" + (shipped ? "; they replace the shipped data" : ""))
        }
    }
}

/// `census lifecycle update`.
struct LifecycleUpdate: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "update",
        abstract: "Fetch every mapped product's release cycles from endoflife.date and store them.",
        discussion: "Needs the internet. Products that cannot be fetched keep the data already stored or shipped; each is named with the reason. Exit 0 when all were fetched, 69 when none could be, 1 when some could not.")

    @Option(name: .long, help: "The endoflife.date API address (a mirror, for instance).") var apiURL: String = EndOfLifeFetcher.defaultBaseURL.absoluteString
    @Option(name: .long, help: "Only this product; repeatable.") var product: [String] = []
    @OptionGroup var database: DatabaseOptions

    func run() async throws {
        try await reportingFailures {
            guard let url = URL(string: apiURL.hasSuffix("/") ? apiURL : apiURL + "/"), ["http", "https"].contains(url.scheme?.lowercased() ?? ""), url.host != nil else {
                throw CensusFailure("--api-url \(apiURL) is not an http:// or https:// URL", exitCode: CensusFailure.usage)
            }
            // Only the products identification maps to endoflife.date's: another is never used.
            let unknown = product.filter { !SoftwareMapping.endOfLifeDateProducts.contains($0) }
            guard unknown.isEmpty else {
                throw CensusFailure("--product \(unknown.joined(separator: ", ")): not a product Census fetches from endoflife.date; products: \(SoftwareMapping.endOfLifeDateProducts.sorted().joined(separator: ", "))",
                                    exitCode: CensusFailure.usage)
            }
            let store = try database.openSayingNew(for: "the lifecycle data")
            let today = CalendarDate.today()
            let results = await EndOfLifeFetcher(baseURL: url).fetch(product.isEmpty ? SoftwareMapping.endOfLifeDateProducts : product)
            var failed: [String] = []
            for fetch in results {
                switch fetch.result {
                case .success(let fetched):
                    try store.storeLifecycleProduct(.init(product: fetch.product, cycles: fetched.json, fetchedAt: today, origin: "fetched \(url.absoluteString)"))
                    Terminal.error("census: \(fetch.product): \(fetched.cycles.count) cycles")
                case .failure(let failure):
                    failed.append(fetch.product)
                    Terminal.error("census: \(fetch.product): not updated: \(failure.reason)")
                }
            }
            if failed.count == results.count && !results.isEmpty {
                throw CensusFailure("could not fetch any lifecycle data (offline?); the stored and shipped data are kept", exitCode: CensusFailure.unavailable)
            }
            if !failed.isEmpty { throw CensusFailure("\(failed.count) of \(results.count) products not updated: \(failed.joined(separator: ", "))") }
            Terminal.error("census: \(counted(results.count, "product")) updated")
        }
    }
}

/// `census lifecycle list`.
struct LifecycleList: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list",
        abstract: "The lifecycle data Census judges with: each software product and where its data comes from.")

    @OptionGroup var database: DatabaseOptions
    @OptionGroup var options: LifecycleOptions
    @Option(name: .long, help: "Output format: table, json or csv.") var format: OutputFormat = .table

    struct Row: Encodable {
        let product: String
        let cycles: Int
        let source: String
        let newestCycle: String?
    }

    func run() async throws {
        try await reportingFailures {
            // A --db that is not there is a mistyped name (exit 65); the default place may be new.
            let judge = try options.judge(store: database.db == nil ? database.open() : await database.openExisting())
            let rows = judge.software.products.values.sorted { $0.name < $1.name }.map { p in
                // The newest is the latest released (files list cycles in either order); the
                // first listed when no cycle gives a release date.
                Row(product: p.name, cycles: p.cycles.count, source: p.origin.description,
                    newestCycle: (p.cycles.filter { $0.releaseDate != nil }.max { $0.releaseDate! < $1.releaseDate! } ?? p.cycles.first)?.cycle)
            } + (SoftwareMapping.endOfLifeDateProducts.filter { judge.software[$0] == nil }.map {
                Row(product: $0, cycles: 0, source: "no data (run census lifecycle update when online)", newestCycle: nil)
            }) + (SoftwareMapping.unpublishedProducts.filter { judge.software[$0] == nil }.map {
                Row(product: $0, cycles: 0, source: "no data (import it to judge)", newestCycle: nil)
            })
            switch format {
            case .json: print(try JSONOutput.encode(rows), terminator: "")
            case .csv: print(try CSVOutput.render(headers: ["product", "cycles", "source", "newest_cycle"],
                                                  rows: rows.map { [$0.product, String($0.cycles), $0.source, $0.newestCycle ?? ""] }), terminator: "")
            case .table: print(TextTable(headers: ["PRODUCT", "CYCLES", "NEWEST", "SOURCE"],
                                         rows: rows.map { [$0.product, String($0.cycles), $0.newestCycle ?? "-", $0.source] }).render(), terminator: "")
            }
            Terminal.error("census: \(rows.count) software products; hardware catalog: \(judge.hardware.entries.count) entries")
        }
    }
}

/// `census lifecycle check`: every hardware entry's examples match it.
struct LifecycleCheck: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Check the hardware lifecycle catalog (built-in plus --lifecycle folders): every entry's examples must match it.")

    @OptionGroup var options: LifecycleOptions

    func run() async throws {
        try await reportingFailures {
            let catalog: HardwareCatalog
            do { catalog = try HardwareCatalog.load([try HardwareCatalog.builtInFolder()] + options.lifecycle) } catch {
                throw CensusFailure("lifecycle data: \(error)", exitCode: CensusFailure.dataError)
            }
            let failures = catalog.check()
            for failure in failures { print(failure.description) }
            Terminal.error("census: \(catalog.entries.count) hardware entries, \(catalog.entries.reduce(0) { $0 + $1.examples.count }) examples, \(failures.count) failing")
            if !failures.isEmpty { throw CensusFailure("\(failures.count) hardware catalog examples fail", exitCode: CensusFailure.dataError) }
        }
    }
}

/// `census lifecycle show`: every device of a client with its verdicts.
struct LifecycleShow: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "show",
        abstract: "List a client's devices with hardware and software end-of-support verdicts, age and the source of each.",
        discussion: "Status is past_eol, eol_within_6m, eol_6_12m, eol_12_24m, supported or unknown, as of --as-of (default today): the day of an end date counts as past it.")

    @OptionGroup var inventory: InventoryOptions
    @OptionGroup var options: LifecycleOptions
    @Option(name: .long, help: "Only devices last seen at this site.") var site: String?
    @Option(name: .long, help: "Judge as of this day (YYYY-MM-DD). Default: today.") var asOf: String?
    @Option(name: .long, help: "Output format: table, json or csv.") var format: OutputFormat = .table

    func run() async throws {
        try await reportingFailures {
            let day = try parseDay(asOf, flag: "--as-of") ?? CalendarDate.today()
            let store = try await inventory.openClient(site: site)
            let (devices, later) = try await LifecycleReport.inventory(client: inventory.clientName, store: store,
                                                                    views: DeviceViews(canonicalVendor: canonicalVendorName), site: site, asOf: day)
            if later > 0 { Terminal.error("census: \(counted(later, "scan")) after \(day) left out (the devices as of that day)") }
            let rows = DeviceLifecycle.judge(devices, with: try options.judge(store: store), asOf: day)
            switch format {
            case .json:
                print(try JSONOutput.encode(rows), terminator: "")
            case .csv:
                print(try LifecycleCSV.render(rows), terminator: "")
            case .table:
                print(TextTable(headers: ["ID", "IP", "CLASS", "MODEL", "HARDWARE", "SOFTWARE", "AGE", "STATUS"], rows: rows.map { r in
                    [String(r.device.id), r.device.ip?.description ?? "-", r.device.class.rawValue, r.device.model ?? "-",
                     r.hardware.status == .unknown ? "unknown" : "\(r.hardware.status.rawValue) \(r.hardware.endOfSupport.map(\.text) ?? "")",
                     r.software.product.map { product in
                         r.software.source == nil ? "\(product) \(r.software.cycle ?? "?"): no lifecycle data"
                             : "\(product) \(r.software.cycle ?? "?"): \(r.software.status.rawValue) \(r.software.eol.map(\.text) ?? "")"
                     } ?? "unknown",
                     r.ageYears.map { "\($0)y (\(r.ageSource!.rawValue))" } ?? "-", r.status.rawValue]
                }).render(), terminator: "")
            }
            // Say plainly which mapped products have no data at all, rather than a silent `unknown`.
            let missing = Dictionary(grouping: rows.filter { $0.software.product != nil && $0.software.source == nil }, by: { $0.software.product! })
            for (product, devices) in missing.sorted(by: { $0.key < $1.key }) {
                Terminal.error("census: \(LifecycleJudge.noDataReason(product: product)); \(devices.count) device\(devices.count == 1 ? "" : "s") judged unknown")
            }
            let past = rows.filter { $0.status == .pastEOL }.count
            Terminal.error("census: \(counted(rows.count, "device")) as of \(day): \(past) past end of support, \(rows.filter { $0.status == .unknown }.count) unknown")
        }
    }
}

/// A day from a flag, or nil when the flag was not given.
func parseDay(_ text: String?, flag: String) throws -> CalendarDate? {
    guard let text else { return nil }
    guard let day = CalendarDate(iso: text) else { throw CensusFailure("\(flag) takes a date, YYYY-MM-DD (got '\(text)')", exitCode: CensusFailure.usage) }
    guard CalendarDate.judgeable.contains(day) else {
        throw CensusFailure("\(flag) \(day) is out of range: a day from \(CalendarDate.judgeable.lowerBound.year) to \(CalendarDate.judgeable.upperBound.year)", exitCode: CensusFailure.usage)
    }
    return day
}

/// The catalog's name for a MAC registry's organisation ("Cisco Systems, Inc" → "Cisco").
let canonicalVendorName: @Sendable (String) -> String = {
    let catalog = try? Catalog.builtIn()
    return { name in catalog?.canonicalVendor(name) ?? name }
}()
