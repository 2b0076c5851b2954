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

        /// The day the data was taken.
        public var day: CalendarDate {
            switch self {
            case .snapshot(let day), .imported(let day): day
            }
        }

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

    /// Reads a folder of endoflife.date product files (`<product>.json`) and its `snapshot.yaml`:
    /// `fetched: YYYY-MM-DD` (the day of the newest file) and `products:` (each product's own fetch
    /// day, which becomes its origin). `tools/lifecycle/refresh-snapshot` writes both.
    public static func load(folder: String) throws(DataFileError) -> SoftwareLifecycles {
        let manifestPath = (folder as NSString).appendingPathComponent("snapshot.yaml")
        let manifest = try DataFile.load(manifestPath).mapping()
        try manifest.onlyKeys(["fetched", "source", "licence", "products"])
        func day(_ value: DataValue) throws(DataFileError) -> CalendarDate {
            guard let day = CalendarDate(iso: try value.string()) else { throw value.error("expected a date YYYY-MM-DD") }
            return day
        }
        let fetched = try day(manifest.required("fetched"))
        var fetchedPerProduct: [String: CalendarDate] = [:]
        if let products = manifest["products"] {
            for (name, value) in try products.mapping().entries { fetchedPerProduct[name] = try day(value) }
        }
        let files = try productFiles(in: folder)
        var products: [Product] = []
        for (product, cycles) in files {
            if manifest["products"] != nil, fetchedPerProduct[product] == nil {
                throw DataFileError(file: manifestPath, line: 0, message: "products: \(product).json has no fetch day")
            }
            products.append(Product(name: product, cycles: cycles, origin: .snapshot(fetchedPerProduct[product] ?? fetched)))
        }
        if let stray = fetchedPerProduct.keys.sorted().first(where: { name in !products.contains { $0.name == name } }) {
            throw DataFileError(file: manifestPath, line: 0, message: "products: \(stray) is listed but \(stray).json is missing")
        }
        return SoftwareLifecycles(products: products)
    }

    /// The endoflife.date product files (`<product>.json`) of a folder that has no `snapshot.yaml`,
    /// all taken from the API on `fetched` (the project's reference copies in ../shared, say).
    public static func load(productFiles folder: String, fetched: CalendarDate) throws(DataFileError) -> SoftwareLifecycles {
        SoftwareLifecycles(products: try productFiles(in: folder).map { Product(name: $0.name, cycles: $0.cycles, origin: .snapshot(fetched)) })
    }

    /// Every `<product>.json` of `folder`, in name order, read as endoflife.date API v0 data.
    private static func productFiles(in folder: String) throws(DataFileError) -> [(name: String, cycles: [SoftwareCycle])] {
        let names = try DataFile.folderContents(folder)
        var files: [(name: String, cycles: [SoftwareCycle])] = []
        for name in names.sorted() where name.hasSuffix(".json") {
            let path = (folder as NSString).appendingPathComponent(name)
            guard let data = FileManager.default.contents(atPath: path) else {
                throw DataFileError(file: path, line: 0, message: "cannot read")
            }
            files.append((String(name.dropLast(5)), try SoftwareCycle.list(fromJSON: data, file: path)))
        }
        return files
    }

    /// Uses `cycles` for `product` (replacing the snapshot's), as fetched on `fetchedAt`.
    public mutating func use(_ cycles: [SoftwareCycle], for product: String, fetchedAt: CalendarDate) {
        products[product] = Product(name: product, cycles: cycles, origin: .imported(fetchedAt))
    }
}
