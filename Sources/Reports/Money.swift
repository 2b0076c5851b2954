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
        return (negative ? "-" : "") + symbol + Money(negative ? -amount : amount).grouped
    }
}
