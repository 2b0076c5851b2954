import CensusCore
import DataFiles
import Foundation

/// The MSP's prices: what each class of device costs a month, and optionally a price per user.
///
/// ```yaml
/// currency: GBP
/// devices:                 # DeviceClass: monthly price; a class not listed is not billed per device
///   server: 45.00
///   switch: 12.50
/// per_user: 35.00          # optional; with devices too, the pricing is blended
/// users: 40                # optional default user count for per-user pricing
/// minimum_monthly: 250     # optional floor for the monthly total
/// ```
/// Amounts are read from the YAML text as written (`45.00`), never through a binary
/// floating-point value; they may not be negative. Mistakes throw a `DataFileError` naming the
/// file, line and key.
public struct RateCard: Codable, Sendable, Equatable {
    /// ISO 4217 code, upper case (`GBP`).
    public var currency: String
    /// Monthly price per device of each class.
    public var devices: [DeviceClass: Decimal]
    public var perUser: Decimal?
    /// Default user count when the caller has none (`users:`).
    public var users: Int?
    public var minimumMonthly: Decimal?

    /// The most users a client is billed for: a count beyond is a typo (or a probe), and its
    /// amount would no longer print as money.
    public static let maximumUsers = 1_000_000

    public init(currency: String, devices: [DeviceClass: Decimal] = [:], perUser: Decimal? = nil, users: Int? = nil, minimumMonthly: Decimal? = nil) {
        self.currency = currency
        self.devices = devices
        self.perUser = perUser
        self.users = users
        self.minimumMonthly = minimumMonthly
    }

    /// The monthly price of one device of `deviceClass`, or nil when the card does not bill it per device.
    public func rate(for deviceClass: DeviceClass) -> Decimal? { devices[deviceClass] }

    /// Per user and per device at once (both `per_user` and `devices`).
    public var isBlended: Bool { perUser != nil && !devices.isEmpty }

    // MARK: Reading

    public static func load(file path: String) throws(DataFileError) -> RateCard {
        try parse(DataFile.load(path))
    }

    /// Parses rate-card text (`file` names it in errors).
    public static func parse(_ text: String, file: String) throws(DataFileError) -> RateCard {
        try parse(DataFile.parse(text, file: file))
    }

    static func parse(_ root: DataValue) throws(DataFileError) -> RateCard {
        if root.isNull { throw root.error("the rate card is empty (expected currency: and devices: or per_user:)") }
        let top = try root.mapping()
        try top.onlyKeys(["currency", "devices", "per_user", "users", "minimum_monthly"])
        let currencyValue = try top.required("currency")
        let currency = try currencyValue.string().uppercased()
        guard currency.utf8.count == 3, currency.utf8.allSatisfy({ $0 >= 0x41 && $0 <= 0x5A }) else {
            throw currencyValue.error("currency must be a three-letter ISO 4217 code such as GBP, EUR or USD, not '\(try currencyValue.string())'")
        }
        guard Self.isoCodes.contains(currency) else {
            throw currencyValue.error("currency '\(currency)' is no ISO 4217 code (such as GBP, EUR or USD): a typo?")
        }
        var card = RateCard(currency: currency)
        if let devices = top["devices"], !devices.isNull {
            for (key, value) in try devices.mapping().entries {
                guard let deviceClass = DeviceClass(rawValue: key.lowercased()), deviceClass != .unknown else {
                    throw DataFileError(file: value.file, line: value.line, path: devices.path,
                                        message: "unknown class '\(key)' (expected one of: \(DeviceClass.allCases.filter { $0 != .unknown }.map(\.rawValue).joined(separator: ", ")); a device Census could not class is reviewed, never priced)")
                }
                // `Switch` and `switch` are one class: priced twice, the card is ambiguous.
                guard card.devices[deviceClass] == nil else {
                    throw DataFileError(file: value.file, line: value.line, path: devices.path, message: "class '\(deviceClass.rawValue)' is priced twice")
                }
                card.devices[deviceClass] = try amount(value)
            }
        }
        card.perUser = try top["per_user"].map { (value) throws(DataFileError) in try amount(value) }
        card.minimumMonthly = try top["minimum_monthly"].map { (value) throws(DataFileError) in try amount(value) }
        if let users = top["users"] {
            let count = try users.int()
            guard (0...Self.maximumUsers).contains(count) else { throw users.error("users must be 0 to \(Self.maximumUsers)") }
            card.users = count
        }
        if card.devices.isEmpty && card.perUser == nil {
            throw root.error("the card prices nothing: give devices: (class: monthly price) or per_user:")
        }
        return card
    }

    /// Every ISO 4217 code Foundation knows, the historic ones too.
    static let isoCodes = Set(Locale.Currency.isoCurrencies.map(\.identifier))

    /// A YAML amount read from its text: digits with an optional decimal point (`45`, `45.00`, `"45.00"`).
    static func amount(_ value: DataValue) throws(DataFileError) -> Decimal {
        let text = try value.string().trimmingCharacters(in: .whitespaces)
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        let isDigits = { (part: Substring) in !part.isEmpty && part.utf8.allSatisfy { $0 >= 0x30 && $0 <= 0x39 } }
        if text.hasPrefix("-"), text.dropFirst().first?.isNumber == true {
            throw value.error("an amount cannot be negative ('\(text)')")
        }
        guard parts.count <= 2, parts.allSatisfy(isDigits),
              let decimal = Decimal(string: text, locale: ContractCell.posix) else {
            throw value.error("expected an amount such as 45 or 45.00, not '\(text)'")
        }
        guard decimal <= AmountLimit.maximum else { throw value.error("'\(text)' is above \(AmountLimit.maximum) (a typo?)") }
        return decimal
    }

    // MARK: Codable (snake_case, classes by name)

    enum CodingKeys: String, CodingKey {
        case currency, devices
        case perUser = "per_user"
        case users
        case minimumMonthly = "minimum_monthly"
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        currency = try container.decode(String.self, forKey: .currency)
        let byName = try container.decodeIfPresent([String: Decimal].self, forKey: .devices) ?? [:]
        devices = [:]
        for (name, price) in byName {
            guard let deviceClass = DeviceClass(rawValue: name) else {
                throw DecodingError.dataCorruptedError(forKey: .devices, in: container, debugDescription: "unknown class '\(name)'")
            }
            devices[deviceClass] = price
        }
        perUser = try container.decodeIfPresent(Decimal.self, forKey: .perUser)
        users = try container.decodeIfPresent(Int.self, forKey: .users)
        minimumMonthly = try container.decodeIfPresent(Decimal.self, forKey: .minimumMonthly)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(currency, forKey: .currency)
        try container.encode(Dictionary(uniqueKeysWithValues: devices.map { ($0.key.rawValue, $0.value) }), forKey: .devices)
        try container.encodeIfPresent(perUser, forKey: .perUser)
        try container.encodeIfPresent(users, forKey: .users)
        try container.encodeIfPresent(minimumMonthly, forKey: .minimumMonthly)
    }
}
