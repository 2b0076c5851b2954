import CensusCore
import Foundation

/// A Census field that a contract export can carry. The raw values are the generic profile's
/// column names and the keys of a mapping file's `columns:`.
public enum ContractField: String, CaseIterable, Codable, Sendable, CustomStringConvertible {
    case client
    case site
    case name
    case deviceClass = "class"
    case manufacturer
    case model
    case serial
    case mac
    case ip
    case plan
    case monthlyPrice = "monthly_price"
    case purchaseDate = "purchase_date"
    case warrantyEnd = "warranty_end"
    case users
    /// How many devices a line is for (an agreement's "25 × Managed Workstation").
    case quantity
    /// The line's state in the PSA: a line marked inactive, disposed, retired (or `false` in an
    /// "active" column) is no longer contracted and is not read as a line.
    case status

    /// The fields that can identify a device; a row needs at least one of them, a file at
    /// least one such column.
    public static let identifying: [ContractField] = [.name, .serial, .mac, .ip]

    /// Whether columns with these fields can say which devices a line is for: one that
    /// identifies a device, or a quantity with a class (or a product naming one) for a pool.
    public static func namesDevices(_ has: (ContractField) -> Bool) -> Bool {
        identifying.contains(where: has) || has(.quantity) && (has(.deviceClass) || has(.model))
    }

    public var description: String { rawValue }
}

/// The field separator of a contract CSV, detected from its header line.
public enum CSVDelimiter: String, Codable, Sendable, CustomStringConvertible {
    case comma = ","
    case semicolon = ";"
    case tab = "\t"
    case pipe = "|"

    public var description: String {
        switch self {
        case .comma: "comma"
        case .semicolon: "semicolon"
        case .tab: "tab"
        case .pipe: "pipe"
        }
    }

    var scalar: Unicode.Scalar { rawValue.unicodeScalars.first! }
}

/// One contracted device: one data row of the PSA export.
///
/// Text fields are trimmed and nil when empty. A class text that matches nothing in the class
/// table is kept in `classText` with `deviceClass` nil; a virtual machine ("Server - Virtual")
/// is `deviceClass == .server` with `isVirtual` set.
public struct ContractLine: Codable, Sendable, Equatable {
    /// Physical line in the file where the record starts (header = line 1).
    public var line: Int
    public var client: String?
    public var site: String?
    public var name: String?
    public var deviceClass: DeviceClass?
    /// The class cell as written in the export.
    public var classText: String?
    /// A virtual machine (from the class text: "Server - Virtual", "VM", "Virtual Firewall"…).
    public var isVirtual: Bool
    public var manufacturer: String?
    public var model: String?
    /// As written, trimmed; placeholders such as "N/A" or "TBC" are nil. Compare with `serialKey`.
    public var serial: String?
    public var macs: [MACAddress]
    public var ip: IPv4Address?
    public var plan: String?
    public var monthlyPrice: Decimal?
    public var purchaseDate: CalendarDate?
    public var warrantyEnd: CalendarDate?
    /// Users or seats, when the export has such a column.
    public var users: Int?
    /// How many devices the line is for, when the export has a quantity column ("12 × VoIP
    /// Phone"); nil when it has none.
    public var quantity: Int?
    /// The currency the price cell named (`EUR` for `€12.50` or `12.50 EUR`, `$` for a bare
    /// dollar sign); nil when it named none. Held against the rate card's, never converted.
    public var currency: String?

    public init(line: Int, client: String? = nil, site: String? = nil, name: String? = nil, deviceClass: DeviceClass? = nil,
                classText: String? = nil, isVirtual: Bool = false, manufacturer: String? = nil, model: String? = nil,
                serial: String? = nil, macs: [MACAddress] = [], ip: IPv4Address? = nil, plan: String? = nil,
                monthlyPrice: Decimal? = nil, purchaseDate: CalendarDate? = nil, warrantyEnd: CalendarDate? = nil, users: Int? = nil,
                quantity: Int? = nil, currency: String? = nil) {
        self.line = line
        self.client = client
        self.site = site
        self.name = name
        self.deviceClass = deviceClass
        self.classText = classText
        self.isVirtual = isVirtual
        self.manufacturer = manufacturer
        self.model = model
        self.serial = serial
        self.macs = macs
        self.ip = ip
        self.plan = plan
        self.monthlyPrice = monthlyPrice
        self.purchaseDate = purchaseDate
        self.warrantyEnd = warrantyEnd
        self.users = users
        self.quantity = quantity
        self.currency = currency
    }

    /// A line for users, not a device: its class says users, seats, licences or a per-user
    /// subscription ("Per User", "Microsoft 365", "User Licences") and no serial, MAC or address
    /// names a device. Reconciliation matches no device to it; pricing bills its users.
    public var isUsersLine: Bool {
        guard deviceClass == nil, serial == nil, macs.isEmpty, ip == nil, let text = classText else { return false }
        return ClassSynonyms.namesUsers(text)
    }

    /// A line for devices of a class, none named: a quantity and no serial, MAC or address, and
    /// the quantity 2 or more or no name either (an agreement's "25 × Managed Workstation" at a
    /// price each). Reconciliation counts that many of the class's devices seen on no line of
    /// their own.
    public var isPool: Bool {
        guard let quantity, quantity > 1 || name == nil, serial == nil, macs.isEmpty, ip == nil, !isUsersLine else { return false }
        return true
    }

    /// The serial for comparisons: upper-case, without spaces (`" fcw 2231 l0ab "` → `"FCW2231L0AB"`).
    public var serialKey: String? { serial.map(ContractLine.serialKey) }

    /// The comparison key of any serial text (the same rule `serialKey` uses).
    public static func serialKey(_ serial: String) -> String {
        String(String.UnicodeScalarView(serial.unicodeScalars.filter { !$0.properties.isWhitespace })).uppercased()
    }

    enum CodingKeys: String, CodingKey {
        case line, client, site, name
        case deviceClass = "class"
        case classText = "class_text"
        case isVirtual = "is_virtual"
        case manufacturer, model, serial, macs, ip, plan
        case monthlyPrice = "monthly_price"
        case purchaseDate = "purchase_date"
        case warrantyEnd = "warranty_end"
        case users, quantity, currency
    }
}

/// A row that was skipped, with the physical line where its record starts and why.
public struct ContractRowError: Codable, Sendable, Equatable, CustomStringConvertible {
    public var line: Int
    public var message: String

    public init(line: Int, message: String) {
        self.line = line
        self.message = message
    }

    public var description: String { "line \(line): \(message)" }
}

/// What was read from one contract export: the good rows, and the bad rows' line numbers and
/// reasons (each bad row is skipped, the rest is read).
public struct ContractImport: Codable, Sendable, Equatable {
    /// The file's path as given (or the name passed with the text).
    public var file: String
    /// The profile's name: `generic`, `connectwise`, `autotask`, `halopsa` or the mapping file's.
    public var profile: String
    public var delimiter: CSVDelimiter
    /// Line of the header row (1, or 2 after an Excel `sep=;` line).
    public var headerLine: Int
    /// For each field read, the header column(s) it came from (`mac` may have several).
    public var columns: [String: [String]]
    public var lines: [ContractLine]
    public var errors: [ContractRowError]
    /// What a reader should know about the columns: those not read, a mapping file's column
    /// that is not in the header.
    public var notes: [String] = []

    public init(file: String, profile: String, delimiter: CSVDelimiter, headerLine: Int = 1, columns: [String: [String]] = [:],
                lines: [ContractLine] = [], errors: [ContractRowError] = []) {
        self.file = file
        self.profile = profile
        self.delimiter = delimiter
        self.headerLine = headerLine
        self.columns = columns
        self.lines = lines
        self.errors = errors
    }

    enum CodingKeys: String, CodingKey {
        case file, profile, delimiter
        case headerLine = "header_line"
        case columns, lines, errors, notes
    }
}

/// A contract file that cannot be read at all. The CLI reports it as unreadable input (exit 65).
public enum ContractImportError: Error, Equatable, Sendable, CustomStringConvertible {
    /// Missing, a directory, or unreadable.
    case unreadable(file: String, reason: String)
    /// Not UTF-8 text: `line` is where the first bad byte is.
    case notUTF8(file: String, line: Int, hint: String)
    /// Empty, or its first row has no column names.
    case noHeader(file: String)
    /// The header names no column that identifies a device (name, serial, MAC or IP).
    case noIdentifyingColumn(file: String, profile: String, header: [String])

    public var file: String {
        switch self {
        case .unreadable(let file, _), .notUTF8(let file, _, _), .noHeader(let file), .noIdentifyingColumn(let file, _, _): file
        }
    }

    public var description: String {
        switch self {
        case let .unreadable(file, reason):
            "\(file): cannot read: \(reason)"
        case let .notUTF8(file, line, hint):
            "\(file):\(line): not UTF-8 text (\(hint)); save it as CSV UTF-8"
        case let .noHeader(file):
            "\(file): no header row (the first line must name the columns)"
        case let .noIdentifyingColumn(file, profile, header):
            "\(file): none of the columns identifies a device for the '\(profile)' profile "
                + "(needs a name, serial, MAC or IP column; found: \(header.map { "'\($0)'" }.joined(separator: ", ")))"
        }
    }
}
