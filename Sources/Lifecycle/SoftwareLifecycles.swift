import CensusCore
import DataFiles
import Foundation

/// Release cycles of the software products Census judges, per endoflife.date product name:
/// the snapshot that ships with Census (`Data/endoflife/`), each product replaced by data the
/// caller imported (`census lifecycle update`) when there is some.
public struct SoftwareLifecycles: Sendable {
    /// One product's cycles and where they came from.
    public struct Product: Sendable, Equatable {
        public var name: String
        public var cycles: [SoftwareCycle]
        public var origin: Origin

        public init(name: String, cycles: [SoftwareCycle], origin: Origin) {
            self.name = name
            self.cycles = cycles
            self.origin = origin
        }

        public func cycle(named name: String) -> SoftwareCycle? {
            cycles.first { $0.cycle.caseInsensitiveCompare(name) == .orderedSame }
        }
    }

    public enum Origin: Sendable, Equatable, CustomStringConvertible {
        /// Shipped with Census, taken from endoflife.date on this day.
        case snapshot(CalendarDate)
        /// Fetched by the user on this day.
        case imported(CalendarDate)

        /// `endoflife.date snapshot 2026-11-30`, `imported 2026-11-20`.
        public var description: String {
            switch self {
            case .snapshot(let day): "endoflife.date snapshot \(day)"
            case .imported(let day): "imported \(day)"
            }
        }
    }

    public private(set) var products: [String: Product]

    public init(products: [Product] = []) {
        self.products = Dictionary(products.map { ($0.name, $0) }, uniquingKeysWith: { $1 })
    }

    public subscript(product: String) -> Product? { products[product] }

    /// The snapshot that ships with Census, with `imported` data (product name → cycles and the
    /// day they were fetched) in place of the snapshot's for those products.
    public static func builtIn(imported: [String: (cycles: [SoftwareCycle], fetchedAt: CalendarDate)] = [:]) throws(DataFileError) -> SoftwareLifecycles {
        var library = try load(folder: try bundledDataFolder("endoflife"))
        for (name, data) in imported { library.use(data.cycles, for: name, fetchedAt: data.fetchedAt) }
        return library
    }

    /// Reads a folder of endoflife.date product files (`<product>.json`) and its `snapshot.yaml`
    /// (`fetched: YYYY-MM-DD`, the day the files were taken).
    public static func load(folder: String) throws(DataFileError) -> SoftwareLifecycles {
        let manifestPath = (folder as NSString).appendingPathComponent("snapshot.yaml")
        let manifest = try DataFile.load(manifestPath).mapping()
        try manifest.onlyKeys(["fetched", "source", "licence"])
        let fetchedValue = try manifest.required("fetched")
        guard let fetched = CalendarDate(iso: try fetchedValue.string()) else { throw fetchedValue.error("expected a date YYYY-MM-DD") }
        let names: [String]
        do { names = try FileManager.default.contentsOfDirectory(atPath: folder) } catch {
            throw DataFileError(file: folder, line: 0, message: "cannot read the folder: \((error as NSError).localizedDescription)")
        }
        var products: [Product] = []
        for name in names.sorted() where name.hasSuffix(".json") {
            let path = (folder as NSString).appendingPathComponent(name)
            guard let data = FileManager.default.contents(atPath: path) else {
                throw DataFileError(file: path, line: 0, message: "cannot read")
            }
            products.append(Product(name: String(name.dropLast(5)), cycles: try SoftwareCycle.list(fromJSON: data, file: path),
                                    origin: .snapshot(fetched)))
        }
        return SoftwareLifecycles(products: products)
    }

    /// Uses `cycles` for `product` (replacing the snapshot's), as fetched on `fetchedAt`.
    public mutating func use(_ cycles: [SoftwareCycle], for product: String, fetchedAt: CalendarDate) {
        products[product] = Product(name: product, cycles: cycles, origin: .imported(fetchedAt))
    }
}
