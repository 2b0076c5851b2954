import CensusCore
import DataFiles
import Foundation

/// What replacing a device costs, for budgeting: a price per device class, and per model
/// (patterns) where one differs. Read from YAML — the defaults that ship with Census
/// (`Data/replacement-costs.yaml`) or a user's file, which replaces them whole (one currency).
public struct ReplacementCosts: Sendable {
    public var currency: String
    public var classPrices: [DeviceClass: Decimal]
    public var modelPrices: [ModelPrice]

    /// A price for the models matching any of `models`.
    public struct ModelPrice: Sendable {
        public var models: [ModelPattern]
        public var price: Decimal
        public var location: String
    }

    /// A device's price and what it was taken from.
    public struct Price: Sendable, Equatable {
        public var amount: Decimal
        public var currency: String
        /// `model 'WS-C2960X-*'` or `class switch`.
        public var basis: String
    }

    /// The price of replacing a device: its model's price (the most specific pattern), else its class's.
    public func price(class deviceClass: DeviceClass, model: String?) -> Price? {
        if let model {
            let matches = modelPrices.compactMap { entry in
                entry.models.filter { $0.matches(model) }.max { $0.specificity < $1.specificity }.map { (entry, $0) }
            }
            if let (entry, pattern) = matches.max(by: { $0.1.specificity < $1.1.specificity }) {
                return Price(amount: entry.price, currency: currency, basis: "model '\(pattern.source)'")
            }
        }
        return classPrices[deviceClass].map { Price(amount: $0, currency: currency, basis: "class \(deviceClass.rawValue)") }
    }

    /// The defaults that ship with Census.
    public static func builtIn() throws(DataFileError) -> ReplacementCosts {
        try read(DataFile.load((try bundledDataFolder("costs") as NSString).appendingPathComponent("replacement-costs.yaml")))
    }

    /// A user's costs file.
    public static func load(_ path: String) throws(DataFileError) -> ReplacementCosts {
        try read(DataFile.load(path))
    }

    /// Reads a parsed costs file: `currency`, `classes` (class → price), `models` (patterns → price).
    public static func read(_ root: DataValue) throws(DataFileError) -> ReplacementCosts {
        let top = try root.mapping()
        try top.onlyKeys(["currency", "classes", "models"])
        let currencyValue = try top.required("currency")
        let currency = try currencyValue.string()
        guard currency.count == 3, currency.allSatisfy({ $0.isASCII && $0.isUppercase }) else {
            throw currencyValue.error("expected an ISO 4217 currency code such as EUR or USD")
        }
        var classPrices: [DeviceClass: Decimal] = [:]
        for (key, value) in try top["classes"]?.mapping().entries ?? [] {
            guard let deviceClass = DeviceClass(rawValue: key) else {
                throw value.error("unknown class '\(key)' (one of: \(DeviceClass.allCases.map(\.rawValue).joined(separator: ", ")))")
            }
            classPrices[deviceClass] = try amount(value)
        }
        var modelPrices: [ModelPrice] = []
        for item in try top["models"]?.list() ?? [] {
            let map = try item.mapping()
            try map.onlyKeys(["models", "price"])
            let models = try map.required("models").listOrOne().map { (value) throws(DataFileError) in try ModelPattern.read(value) }
            modelPrices.append(ModelPrice(models: models, price: try amount(map.required("price")), location: "\(item.file):\(item.line)"))
        }
        return ReplacementCosts(currency: currency, classPrices: classPrices, modelPrices: modelPrices)
    }

    /// A non-negative amount written in decimal (`1299.50`), read as text so no binary rounding creeps in.
    private static func amount(_ value: DataValue) throws(DataFileError) -> Decimal {
        let text = try value.string()
        guard text.wholeMatch(of: #/\d+(\.\d{1,4})?/#) != nil, let amount = Decimal(string: text, locale: Locale(identifier: "en_US_POSIX")) else {
            throw value.error("expected an amount such as 1200 or 1299.50, found '\(text)'")
        }
        guard amount <= AmountLimit.maximum else { throw value.error("'\(text)' is above \(AmountLimit.maximum) (a typo?)") }
        return amount
    }
}
