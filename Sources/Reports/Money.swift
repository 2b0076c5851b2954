import Foundation
import Reconciliation

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
        let text = Money(negative ? -amount : amount).description
        let parts = text.split(separator: ".")
        var whole = String(parts[0])
        var grouped = ""
        while whole.count > 3 {
            grouped = "," + whole.suffix(3) + grouped
            whole = String(whole.dropLast(3))
        }
        return (negative ? "-" : "") + symbol + whole + grouped + "." + parts[1]
    }
}
