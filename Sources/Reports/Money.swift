import Foundation

/// Amounts as a reader sees them: the currency's symbol and two decimals (`£1,234.50`).
/// Decimal only; never binary floating point.
public struct MoneyFormat: Sendable {
    public var currency: String

    public init(currency: String) { self.currency = currency }

    public var symbol: String {
        switch currency.uppercased() {
        case "GBP": "£"
        case "EUR": "€"
        case "USD", "AUD", "CAD", "NZD": "$"
        default: currency.uppercased() + " "
        }
    }

    /// `£1,234.50`, `-£45.00`.
    public func string(_ amount: Decimal) -> String {
        let negative = amount < 0
        let text = Self.plain(negative ? -amount : amount)
        let parts = text.split(separator: ".")
        var whole = String(parts[0])
        var grouped = ""
        while whole.count > 3 {
            grouped = "," + whole.suffix(3) + grouped
            whole = String(whole.dropLast(3))
        }
        return (negative ? "-" : "") + symbol + whole + grouped + "." + parts[1]
    }

    /// Rounded half away from zero to two decimals, as `1234.50`.
    public static func plain(_ amount: Decimal) -> String {
        var value = amount
        var rounded = Decimal()
        NSDecimalRound(&rounded, &value, 2, .plain)
        let text = NSDecimalNumber(decimal: rounded).stringValue
        guard let dot = text.firstIndex(of: ".") else { return text + ".00" }
        let decimals = text[text.index(after: dot)...].count
        return decimals == 1 ? text + "0" : text
    }
}
