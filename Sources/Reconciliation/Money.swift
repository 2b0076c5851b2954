import Foundation

/// A monthly amount of money: a `Decimal`, never a binary floating-point value, written in
/// JSON as a number with exactly two decimals (`45.00`, `-42.50`). An amount is whole cents from
/// the start (a rate of 4.165 is a line of 4.17), so every total is the sum of the lines shown.
///
/// `JSONEncoder` prints a `Decimal` with as few digits as it needs (`45`, `45.5`), so the two
/// decimals are put in by `ReportJSON.encode`: while it runs, each `Money` encodes itself as a
/// string carrying a random marker, and once the encoder is done every JSON string token that
/// is exactly such a marker is replaced by its number. Encoded by any other encoder, a `Money`
/// is a plain `Decimal` rounded to cents.
public struct Money: Hashable, Comparable, Sendable, Codable, CustomStringConvertible {
    /// Whole cents, always: every way in rounds.
    public private(set) var amount: Decimal

    /// The amount rounded to cents, half away from zero.
    public init(_ amount: Decimal) { self.amount = Self.cents(amount) }

    /// Rounded to cents, half away from zero (`NSDecimalNumber`'s `.plain`).
    static func cents(_ amount: Decimal) -> Decimal {
        var value = amount
        var result = Decimal()
        NSDecimalRound(&result, &value, 2, .plain)
        return result
    }

    public static let zero = Money(0)

    public static func + (a: Money, b: Money) -> Money { Money(a.amount + b.amount) }
    public static func - (a: Money, b: Money) -> Money { Money(a.amount - b.amount) }
    public static func += (a: inout Money, b: Money) { a.amount += b.amount }
    public static func < (a: Money, b: Money) -> Bool { a.amount < b.amount }

    /// `45.00`, `-0.50`, `1234.56`: digits only, no grouping, always two decimals.
    public var description: String {
        let negative = amount < 0
        // Cents as an integer, read back from Decimal's own exact text (never through a Double).
        let cents = (negative ? -amount : amount) * 100
        var text = "\(cents)"   // an integer: the amount is whole cents
        if let dot = text.firstIndex(of: ".") { text = String(text[..<dot]) }
        while text.count < 3 { text = "0" + text }
        let split = text.index(text.endIndex, offsetBy: -2)
        return (negative ? "-" : "") + text[..<split] + "." + text[split...]
    }

    /// `45.00`, `-0.50`, `1,234.56`: for people, thousands grouped with commas.
    public var grouped: String {
        let text = description
        let sign = text.hasPrefix("-") ? "-" : ""
        var whole = String(text.dropFirst(sign.count).prefix { $0 != "." })
        var groups = ""
        while whole.count > 3 {
            groups = "," + whole.suffix(3) + groups
            whole = String(whole.dropLast(3))
        }
        return sign + whole + groups + text.suffix(3)
    }

    // MARK: Codable

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if let decimal = try? container.decode(Decimal.self) {
            amount = Self.cents(decimal)
        } else {
            let text = try container.decode(String.self)
            guard let decimal = Decimal(string: text, locale: Locale(identifier: "en_US_POSIX")) else {
                throw DecodingError.dataCorruptedError(in: container, debugDescription: "'\(text)' is not an amount")
            }
            amount = Self.cents(decimal)
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        if let marker = encoder.userInfo[ReportJSON.markerKey] as? String {
            try container.encode(marker + description)
        } else {
            try container.encode(amount)
        }
    }
}

/// JSON for reports with money in them: keys sorted, slashes unescaped, dates ISO 8601, and
/// every `Money` printed as a number with two decimals.
public enum ReportJSON {
    static let markerKey = CodingUserInfoKey(rawValue: "census.money.marker")!

    /// `pretty`: indented for a person; otherwise one line for programs.
    public static func encode<T: Encodable>(_ value: T, pretty: Bool) throws -> String {
        // A marker nobody can have typed into a contract: fresh for every call.
        let marker = "\u{F8FF}money-\(UUID().uuidString):"
        let encoder = JSONEncoder()
        encoder.outputFormatting = pretty ? [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes] : [.sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .iso8601
        encoder.userInfo[markerKey] = marker
        let data = try encoder.encode(value)
        return replacingMarkedStrings(in: data, marker: marker) + "\n"
    }

    /// Walks the JSON text token by token (strings with their escapes), and replaces each string
    /// token whose whole content is `marker` + a number by the bare number.
    static func replacingMarkedStrings(in data: Data, marker: String) -> String {
        let bytes = [UInt8](data)
        let markerBytes = [UInt8](marker.utf8)
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count)
        var index = 0
        while index < bytes.count {
            let byte = bytes[index]
            guard byte == UInt8(ascii: "\"") else {
                out.append(byte)
                index += 1
                continue
            }
            // A string token: find its closing quote, skipping escaped characters.
            var end = index + 1
            while end < bytes.count && bytes[end] != UInt8(ascii: "\"") {
                end += bytes[end] == UInt8(ascii: "\\") ? 2 : 1
            }
            let content = bytes[(index + 1)..<min(end, bytes.count)]
            if content.starts(with: markerBytes) {
                let number = content.dropFirst(markerBytes.count)
                if !number.isEmpty, number.allSatisfy({ ($0 >= 0x30 && $0 <= 0x39) || $0 == UInt8(ascii: ".") || $0 == UInt8(ascii: "-") }) {
                    out.append(contentsOf: number)
                    index = end + 1
                    continue
                }
            }
            out.append(contentsOf: bytes[index..<min(end + 1, bytes.count)])
            index = end + 1
        }
        return String(decoding: out, as: UTF8.self)
    }
}
