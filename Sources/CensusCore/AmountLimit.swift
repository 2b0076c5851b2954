import Foundation

/// The largest amount of money Census reads from a contract, rate card or cost file (a trillion
/// less a cent): totals of amounts up to it stay exact in `Decimal`'s 38 digits; an amount beyond
/// is a mistake, not a price.
public enum AmountLimit {
    public static let maximum = Decimal(string: "999999999999.99", locale: Locale(identifier: "en_US_POSIX"))!
}
