import CensusCore
import Foundation

/// How a contract file writes numeric dates. ISO `YYYY-MM-DD` (and year-first `YYYY/MM/DD`) is
/// read whatever the order; written-out months (`1 Mar 2024`, `01-Mar-2024`) too, except with `iso`.
public enum DateOrder: String, Codable, Sendable, CaseIterable {
    /// Day first, UK style: `01/03/2024`, `1/3/2024`, `01.03.2024` is 1 March 2024.
    case dmy
    /// Month first, US style: `03/01/2024` is 1 March 2024.
    case mdy
    /// `YYYY-MM-DD` only.
    case iso
}

/// Readers for the cells of a contract export. Each returns nil for text it cannot read; the
/// importer turns that into a row error naming the field and the text.
public enum ContractCell {
    // MARK: Dates

    /// A calendar date, ignoring a time of day after it (`2024-03-01T09:30:00Z`, `01/03/2024 00:00`).
    public static func date(_ text: String, order: DateOrder) -> CalendarDate? {
        var text = trimmed(text)
        if let date = fastDate(text, order: order) { return date }
        if let date = excelSerialDate(text) { return date }
        if text.utf8.count > 10, let date = CalendarDate(iso: text.prefix(10)),
           let next = text.dropFirst(10).first, next == "T" || next == " " { return date }
        if let space = text.firstIndex(of: " "), text[space...].contains(":") { text = String(text[..<space]) }
        if let date = CalendarDate(iso: text) { return date }

        guard let separator = text.unicodeScalars.first(where: { "/.- ".unicodeScalars.contains($0) }) else { return nil }
        let parts = text.split(separator: Character(separator), omittingEmptySubsequences: false)
        guard parts.count == 3, parts.allSatisfy({ !$0.isEmpty }) else { return nil }
        if parts[0].count == 4 {                                   // 2024/03/01, 2024.3.1
            guard let y = number(parts[0]), let m = number(parts[1], digits: 1...2), let d = number(parts[2], digits: 1...2) else { return nil }
            return CalendarDate(year: y, month: m, day: d)
        }
        guard let year = number(parts[2], digits: 4...4) else { return nil }
        if let month = monthNumber(parts[1]) {                     // 1 Mar 2024, 01-Mar-2024
            guard order != .iso, let day = number(parts[0], digits: 1...2) else { return nil }
            return CalendarDate(year: year, month: month, day: day)
        }
        guard let a = number(parts[0], digits: 1...2), let b = number(parts[1], digits: 1...2) else { return nil }
        switch order {
        case .dmy: return CalendarDate(year: year, month: b, day: a)
        case .mdy: return CalendarDate(year: year, month: a, day: b)
        case .iso: return nil
        }
    }

    /// A date Excel wrote as its serial number (days since 30 December 1899: `40982` is
    /// 2012-03-14), as a date column shows when its cells lost their date format. Five digits
    /// from 20000 (1954) to 73050 (2099) only: nothing else in a date column looks so.
    static func excelSerialDate(_ text: String) -> CalendarDate? {
        guard text.utf8.count == 5, text.utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }), let serial = Int(text),
              (20000...73050).contains(serial) else { return nil }
        return CalendarDate(year: 1899, month: 12, day: 30)!.adding(days: serial)
    }

    /// The first two numbers of a date written `NN/NN/YYYY` or `NN.NN.YYYY` (a time may follow),
    /// whose order the text alone does not tell; nil for any other text.
    public static func numericDateParts(_ text: String) -> (first: Int, second: Int)? {
        var text = trimmed(text)
        if let space = text.firstIndex(of: " ") { text = String(text[..<space]) }
        guard let separator = text.first(where: { $0 == "/" || $0 == "." }) else { return nil }
        let parts = text.split(separator: separator, omittingEmptySubsequences: false)
        guard parts.count == 3, parts[2].count == 4, number(parts[2]) != nil,
              let a = number(parts[0], digits: 1...2), let b = number(parts[1], digits: 1...2) else { return nil }
        return (a, b)
    }

    /// `YYYY-MM-DD`, `DD/MM/YYYY` or `DD.MM.YYYY` read straight from the bytes (most cells);
    /// nil sends the text through the general reader.
    private static func fastDate(_ text: String, order: DateOrder) -> CalendarDate? {
        var text = text
        return text.withUTF8 { bytes -> CalendarDate? in
            guard bytes.count == 10 else { return nil }
            func digits(_ range: Range<Int>) -> Int? {
                var value = 0
                for i in range {
                    let byte = bytes[i]
                    guard byte >= 0x30 && byte <= 0x39 else { return nil }
                    value = value * 10 + Int(byte - 0x30)
                }
                return value
            }
            if bytes[4] == UInt8(ascii: "-") && bytes[7] == UInt8(ascii: "-") {
                guard let y = digits(0..<4), let m = digits(5..<7), let d = digits(8..<10) else { return nil }
                return CalendarDate(year: y, month: m, day: d)
            }
            let separator = bytes[2]
            guard order != .iso, separator == UInt8(ascii: "/") || separator == UInt8(ascii: "."), bytes[5] == separator,
                  let a = digits(0..<2), let b = digits(3..<5), let y = digits(6..<10) else { return nil }
            return order == .dmy ? CalendarDate(year: y, month: b, day: a) : CalendarDate(year: y, month: a, day: b)
        }
    }

    private static let months = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"]

    private static func monthNumber(_ text: Substring) -> Int? {
        let lower = text.lowercased()
        guard lower.count >= 3, lower.allSatisfy({ $0.isASCII && $0.isLetter }) else { return nil }
        let full = ["january", "february", "march", "april", "may", "june", "july", "august", "september", "october", "november", "december"]
        if let index = months.firstIndex(of: lower) { return index + 1 }
        if let index = full.firstIndex(of: lower) { return index + 1 }
        if lower == "sept" { return 9 }
        return nil
    }

    private static func number(_ text: Substring, digits: ClosedRange<Int> = 4...4) -> Int? {
        guard digits.contains(text.utf8.count), text.utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) else { return nil }
        return Int(text)
    }

    // MARK: Amounts

    /// Why an amount was refused.
    public enum AmountProblem: Error, Equatable, Sendable {
        case notANumber
        case negative
        /// Above `AmountLimit.maximum`: a typo, or more digits than the totals could keep exact.
        case tooLarge
    }

    /// A non-negative amount: `45`, `£45.00`, `GBP 45.00`, `45,00 €`, `1,234.50`, `1.234,50`,
    /// `1 234,50`; nil for empty text. Never goes through a binary floating-point value: the digits
    /// are rewritten as `1234.50` and read by `Decimal(string:locale:)`.
    ///
    /// Separators: with both `.` and `,`, the last one is the decimal mark. With one kind only,
    /// several marks are thousands separators (groups of three). A single mark is the file's own
    /// decimal mark (`,` when `decimalComma`, a `;`-delimited file; else `.`), and so is any mark
    /// not followed by exactly three digits or following a lone 0 (`45,00`, `0,125`); otherwise
    /// it is a thousands separator (`1,234`; with decimal commas, `2.500` is 2500).
    /// ISO 4217 codes, for a code written in lower case (`45gbp`).
    static let isoCurrencies = Set(Locale.commonISOCurrencyCodes)

    /// The currency an amount's text names: an ISO code at either end (`GBP 45`, `45eur`), a
    /// dollar with its country (`US$`, `A$`, `C$`, `NZ$`), or a sign (`£`, `€`, `¥`, `₹`; `$`
    /// alone is just "a dollar"); nil when it names none.
    public static func currency(_ text: String) -> String? {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        let leading = String(trimmed.prefix { $0.isLetter })
        let trailing = String(trimmed.reversed().prefix { $0.isLetter }.reversed())
        for candidate in [leading, trailing] where candidate.count == 3 && isoCurrencies.contains(candidate.uppercased()) {
            return candidate.uppercased()
        }
        // Longest first: "US$" is no "S$".
        let dollars = [("US$", "USD"), ("AU$", "AUD"), ("CA$", "CAD"), ("NZ$", "NZD"), ("HK$", "HKD"), ("A$", "AUD"), ("C$", "CAD"), ("S$", "SGD")]
        for (prefix, code) in dollars where trimmed.uppercased().contains(prefix) { return code }
        let signs: [Character: String] = ["£": "GBP", "€": "EUR", "¥": "JPY", "₹": "INR", "₩": "KRW", "₪": "ILS", "₽": "RUB", "₺": "TRY"]
        if let sign = trimmed.first(where: { signs[$0] != nil }) { return signs[sign] }
        return trimmed.contains("$") ? "$" : nil
    }

    /// Whether an amount in `named` (what a cell said) may be counted in `currency` (the rate card's).
    public static func currency(_ named: String, fits currency: String) -> Bool {
        if named == "$" { return currency.uppercased().hasSuffix("D") }    // USD, AUD, CAD, NZD, SGD, HKD…
        return named.uppercased() == currency.uppercased()
    }

    public static func amount(_ text: String, decimalComma: Bool) -> Result<Decimal?, AmountProblem> {
        switch unboundedAmount(text, decimalComma: decimalComma) {
        case .success(let value?) where value > AmountLimit.maximum: return .failure(.tooLarge)
        case let other: return other
        }
    }

    private static func unboundedAmount(_ text: String, decimalComma: Bool) -> Result<Decimal?, AmountProblem> {
        if let plain = plainAmount(text), !(decimalComma && hasThousandsPoint(text)) { return .success(plain) }
        var scalars = Substring(trimmed(text)).unicodeScalars[...]
        if scalars.isEmpty { return .success(nil) }
        var negative = false
        // Signs and accounting parentheses, around or inside the currency: -£45, £-45, (45.00), 45-
        func stripOuter() -> Bool {
            var changed = false
            while let first = scalars.first, isCurrencyOrSpace(first) || first == "-" || first == "\u{2212}" || first == "(" || first == "+" {
                if first == "-" || first == "\u{2212}" || first == "(" { negative = true }
                scalars = scalars.dropFirst()
                changed = true
            }
            while let last = scalars.last, isCurrencyOrSpace(last) || last == "-" || last == "\u{2212}" || last == ")" {
                if last == "-" || last == "\u{2212}" || last == ")" { negative = true }
                scalars = scalars.dropLast()
                changed = true
            }
            return changed
        }
        // A currency code at either end: three capitals (GBP45, 45.00EUR), an ISO code in any
        // case (45gbp), up to three letters set off by a space (45 kr) or against a currency
        // sign (US$45, 45 NZ$). Anything else with letters is not an amount.
        func stripCode() -> Bool {
            var changed = false
            func isCode(_ run: some Collection<Unicode.Scalar>, spaced: Bool, signed: Bool) -> Bool {
                let text = String(String.UnicodeScalarView(run))
                return (run.count == 3 && (run.allSatisfy { ("A"..."Z").contains($0) } || Self.isoCurrencies.contains(text.uppercased())))
                    || ((spaced || signed) && (1...3).contains(run.count))
            }
            let leading = scalars.prefix(while: { $0.properties.isAlphabetic })
            let afterLeading = scalars.dropFirst(leading.count).first
            if !leading.isEmpty, isCode(leading, spaced: afterLeading?.properties.isWhitespace == true,
                                        signed: afterLeading?.properties.generalCategory == .currencySymbol) {
                scalars = scalars.dropFirst(leading.count)
                changed = true
            }
            let trailing = scalars.reversed().prefix(while: { $0.properties.isAlphabetic })
            let beforeTrailing = scalars.dropLast(trailing.count).last
            if !trailing.isEmpty, isCode(trailing.reversed(), spaced: beforeTrailing?.properties.isWhitespace == true,
                                         signed: beforeTrailing?.properties.generalCategory == .currencySymbol) {
                scalars = scalars.dropLast(trailing.count)
                changed = true
            }
            return changed
        }
        while stripOuter() || stripCode() {}

        var digits = String.UnicodeScalarView()
        var marks: [(scalar: Unicode.Scalar, offset: Int)] = []
        var spaces: [Int] = []          // thousands separated by spaces, as digit offsets
        var previousWasDigit = false
        for (offset, scalar) in scalars.enumerated() {
            switch scalar {
            case "0"..."9":
                digits.append(scalar)
                previousWasDigit = true
            case ".", ",":
                marks.append((scalar, digits.count))
                previousWasDigit = false
            case " ", "\u{A0}", "\u{202F}", "\u{2009}", "'", "\u{2019}":  // 1 234,50 / 1'234.50
                guard previousWasDigit, let next = scalars.dropFirst(offset + 1).first, ("0"..."9").contains(next) else {
                    return .failure(.notANumber)
                }
                spaces.append(digits.count)
            default:
                return .failure(.notANumber)
            }
        }
        guard !digits.isEmpty else { return .failure(.notANumber) }

        // Where the decimal mark is, as a count of digits before it (nil: a whole number).
        var decimalAt: Int?
        var grouping: [Int] = []
        let kinds = Set(marks.map(\.scalar))
        if kinds.count == 2 {
            guard let last = marks.last, marks.filter({ $0.scalar == last.scalar }).count == 1 else { return .failure(.notANumber) }
            decimalAt = last.offset
            grouping = marks.dropLast().map(\.offset)
        } else if let mark = marks.first {
            let digitsAfter = digits.count - mark.offset
            if marks.count > 1 {
                grouping = marks.map(\.offset)
            } else if digitsAfter != 3 || mark.offset == 0 || (mark.offset == 1 && digits.first == "0")
                        || (mark.scalar == "." && !decimalComma) || (mark.scalar == "," && decimalComma) {
                decimalAt = mark.offset     // 45,00 / 0,125 / 4.165, and each file's own decimal mark
            } else {
                grouping = [mark.offset]    // 1,234 in a file of decimal points, 2.500 in one of decimal commas
            }
        }
        // Thousands groups: 1 to 3 digits, then threes up to the decimal mark or the end.
        grouping = (grouping + spaces).sorted()
        if let decimalAt, grouping.contains(where: { $0 > decimalAt }) { return .failure(.notANumber) }
        if !grouping.isEmpty {
            let end = decimalAt ?? digits.count
            var previous = 0
            for (index, offset) in grouping.enumerated() {
                let size = offset - previous
                guard index == 0 ? (1...3).contains(size) : size == 3 else { return .failure(.notANumber) }
                previous = offset
            }
            guard end - previous == 3 else { return .failure(.notANumber) }
        }
        var plain = String(digits)
        if let decimalAt {
            guard decimalAt < digits.count else { return .failure(.notANumber) }   // "45." or "45,"
            let index = plain.index(plain.startIndex, offsetBy: decimalAt)
            plain.insert(".", at: index)
            if decimalAt == 0 { plain.insert("0", at: plain.startIndex) }
        }
        guard let value = Decimal(string: plain, locale: posix) else { return .failure(.notANumber) }
        if negative && !value.isZero { return .failure(.negative) }
        return .success(value)
    }

    /// A point followed by exactly three digits after a non-zero digit (`2.500`): thousands in a
    /// file of decimal commas.
    private static func hasThousandsPoint(_ text: String) -> Bool {
        guard let point = text.firstIndex(of: ".") else { return false }
        let before = text[..<point], after = text[text.index(after: point)...]
        return after.count == 3 && !before.isEmpty && before != "0"
    }

    /// Digits with at most one point inside (`45.00`, most cells), read directly.
    private static func plainAmount(_ text: String) -> Decimal? {
        var points = 0
        let bytes = text.utf8
        guard let first = bytes.first, let last = bytes.last, first != UInt8(ascii: "."), last != UInt8(ascii: ".") else { return nil }
        for byte in bytes {
            if byte == UInt8(ascii: ".") { points += 1 } else if byte < 0x30 || byte > 0x39 { return nil }
        }
        return points <= 1 ? Decimal(string: text, locale: posix) : nil
    }

    /// Decimal text is always read with a point, whatever the machine's locale.
    static let posix = Locale(identifier: "en_US_POSIX")

    private static func isCurrencyOrSpace(_ scalar: Unicode.Scalar) -> Bool {
        scalar.properties.generalCategory == .currencySymbol || scalar.properties.isWhitespace
    }

    // MARK: Addresses

    /// Every MAC address in a cell: separated by spaces, commas, semicolons or `|`, each in any
    /// notation `MACAddress` reads (`aa:bb:cc:dd:ee:ff`, `AA-BB-CC-DD-EE-FF`, `aabb.ccdd.eeff`,
    /// `AABBCCDDEEFF`) or `aabbcc-ddeeff` (HP/Aruba) or with one-digit octets (`0:1b:21:a:b:c`).
    /// Repeats are dropped; nil when any piece is not a MAC address (`bad` says which).
    public static func macs(_ text: String) -> Result<[MACAddress], MACProblem> {
        if !text.utf8.contains(where: { $0 == 0x20 || $0 == 0x2C || $0 == 0x3B || $0 == 0x7C || $0 < 0x20 || $0 >= 0x80 }) {
            guard let mac = mac(text) else { return .failure(MACProblem(text: text)) }   // one address, most cells
            return .success([mac])
        }
        var result: [MACAddress] = []
        for piece in text.split(whereSeparator: { $0.isWhitespace || $0 == "," || $0 == ";" || $0 == "|" }) {
            guard let mac = mac(piece) else { return .failure(MACProblem(text: String(piece))) }
            if !result.contains(mac) { result.append(mac) }
        }
        return .success(result)
    }

    public struct MACProblem: Error, Equatable, Sendable {
        public var text: String
        public init(text: String) { self.text = text }
    }

    /// One MAC address in any notation above.
    public static func mac(_ text: some StringProtocol) -> MACAddress? {
        if let mac = fastMAC(String(text)) { return mac }
        if let mac = MACAddress(text) { return mac }
        // HP/Aruba: aabbcc-ddeeff
        let halves = text.split(separator: "-", omittingEmptySubsequences: false)
        if halves.count == 2, halves.allSatisfy({ $0.utf8.count == 6 && $0.allSatisfy(\.isHexDigit) }),
           let high = UInt64(halves[0], radix: 16), let low = UInt64(halves[1], radix: 16) {
            return MACAddress(high << 24 | low)
        }
        // One-digit octets: 0:1b:21:a:b:c
        for separator in [":", "-"] as [Character] {
            let octets = text.split(separator: separator, omittingEmptySubsequences: false)
            guard octets.count == 6 else { continue }
            guard octets.allSatisfy({ (1...2).contains($0.utf8.count) && $0.allSatisfy(\.isHexDigit) }) else { return nil }
            return MACAddress(octets.reduce(UInt64(0)) { $0 << 8 | UInt64($1, radix: 16)! })
        }
        return nil
    }

    /// `aa:bb:cc:dd:ee:ff`, `aa-bb-cc-dd-ee-ff`, `aabb.ccdd.eeff` or 12 hex digits, from the bytes.
    private static func fastMAC(_ text: String) -> MACAddress? {
        var text = text
        return text.withUTF8 { bytes -> MACAddress? in
            let hexPositions: [Int]
            switch bytes.count {
            case 12: hexPositions = Array(0..<12)
            case 14 where bytes[4] == UInt8(ascii: ".") && bytes[9] == UInt8(ascii: "."):
                hexPositions = [0, 1, 2, 3, 5, 6, 7, 8, 10, 11, 12, 13]
            case 17 where (bytes[2] == UInt8(ascii: ":") || bytes[2] == UInt8(ascii: "-"))
                && [5, 8, 11, 14].allSatisfy({ bytes[$0] == bytes[2] }):
                hexPositions = [0, 1, 3, 4, 6, 7, 9, 10, 12, 13, 15, 16]
            default: return nil
            }
            var value: UInt64 = 0
            for position in hexPositions {
                let byte = bytes[position]
                let digit: UInt8
                switch byte {
                case 0x30...0x39: digit = byte - 0x30
                case 0x41...0x46: digit = byte - 0x41 + 10
                case 0x61...0x66: digit = byte - 0x61 + 10
                default: return nil
                }
                value = value << 4 | UInt64(digit)
            }
            return MACAddress(value)
        }
    }

    /// A dotted-quad IPv4 address, with or without a prefix length (`198.18.0.10/24`).
    public static func ipv4(_ text: String) -> IPv4Address? {
        let text = trimmed(text)
        if let address = fastIPv4(text) { return address }
        if let slash = text.firstIndex(of: "/") {
            let bits = text[text.index(after: slash)...]
            guard (1...2).contains(bits.utf8.count), let n = Int(bits), (0...32).contains(n) else { return nil }
            return IPv4Address(text[..<slash])
        }
        return IPv4Address(text)
    }

    /// Four decimal octets of one to three digits, from the bytes.
    private static func fastIPv4(_ text: String) -> IPv4Address? {
        var text = text
        return text.withUTF8 { bytes -> IPv4Address? in
            var value: UInt32 = 0
            var octet: UInt32 = 0
            var digits = 0
            var dots = 0
            for byte in bytes {
                if byte == UInt8(ascii: ".") {
                    guard digits > 0 else { return nil }
                    value = value << 8 | octet
                    octet = 0
                    digits = 0
                    dots += 1
                } else if byte >= 0x30 && byte <= 0x39 {
                    octet = octet * 10 + UInt32(byte - 0x30)
                    digits += 1
                    guard digits <= 3, octet <= 255 else { return nil }
                } else {
                    return nil
                }
            }
            guard dots == 3, digits > 0 else { return nil }
            return IPv4Address(value << 8 | octet)
        }
    }

    // MARK: Text

    /// What people put in a serial cell when there is no serial.
    /// A number in Excel's scientific notation (`9.4E+11`, `1.23457E+15`): what a long all-digit
    /// cell becomes when a spreadsheet saves it as a number.
    public static func isScientificNumber(_ text: String) -> Bool {
        let digit = { (c: Character) in c.isASCII && c.isNumber }
        let parts = text.uppercased().split(separator: "E", omittingEmptySubsequences: false)
        guard parts.count == 2, let mantissa = parts.first, let exponent = parts.last,
              exponent.hasPrefix("+"), exponent.count > 1, exponent.dropFirst().allSatisfy(digit) else { return false }
        let digits = mantissa.split(separator: ".", omittingEmptySubsequences: false)
        return (1...2).contains(digits.count) && digits.allSatisfy { !$0.isEmpty && $0.allSatisfy(digit) }
    }

    public static func isPlaceholderSerial(_ serial: String) -> Bool {
        let v = serial.lowercased()
        return ["n/a", "na", "none", "unknown", "tbc", "tba", "tbd", "null", "nil", "-", "--", "?", "0", "not available",
                "no serial", "to be filled by o.e.m.", "default string", "system serial number", "serial", "123456789",
                "0123456789", "1234567890"].contains(v)
    }

    /// What people put in any cell that has no value ("N/A", "TBC", "-", an IP column's
    /// "DHCP"): read as an empty cell, so a row is not lost over a column that does not matter.
    public static func isNoValue(_ text: String) -> Bool {
        noValues.contains(text.lowercased())
    }

    static let noValues: Set<String> = ["n/a", "na", "n.a.", "#n/a", "none", "unknown", "not known", "tbc", "tba", "tbd", "null", "nil",
                                        "-", "--", "---", "?", "not available", "not applicable", "dhcp", "dynamic"]

    /// Whether a status or "active" cell says the line is no longer contracted: Inactive,
    /// Disposed, Retired… or false, no, 0 (an "active" flag that is off).
    public static func isInactive(_ text: String) -> Bool {
        inactiveWords.contains(trimmed(text).lowercased())
    }

    static let inactiveWords: Set<String> = ["inactive", "disposed", "retired", "decommissioned", "archived", "removed", "deleted",
                                             "cancelled", "canceled", "terminated", "sold", "scrapped", "lost", "stolen", "returned",
                                             "expired", "in stock", "spare", "in storage", "end of life",
                                             "false", "no", "n", "0"]

    /// Excel's accounting format shows a zero amount as a dash (`£ -`, `-`): the amount 0.
    public static func isAccountingZero(_ text: String) -> Bool {
        let rest = trimmed(text).unicodeScalars.filter { !isCurrencyOrSpace($0) }
        return String(String.UnicodeScalarView(rest)) == "-"
    }

    /// A users or seats count: a whole number, `1,200` allowed (and `25.0`, as a spreadsheet writes it).
    public static func count(_ text: String) -> Int? {
        var text = trimmed(text)
        if let dot = text.firstIndex(of: "."), case let zeros = text[text.index(after: dot)...], !zeros.isEmpty, zeros.allSatisfy({ $0 == "0" }) {
            text = String(text[..<dot])
        }
        let digits = text.filter { $0 != "," }
        guard !digits.isEmpty, digits.utf8.count <= 9, digits.utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) else { return nil }
        return Int(digits)
    }

    /// Without leading and trailing whitespace (Unicode's, so no-break spaces go too). Returns
    /// the same string, uncopied, when there is nothing to trim (most cells).
    public static func trimmed(_ field: String) -> String {
        let scalars = field.unicodeScalars
        guard let first = scalars.first else { return field }
        if !isSpace(first), !isSpace(scalars.last!) { return field }
        guard let start = scalars.firstIndex(where: { !isSpace($0) }),
              let end = scalars.lastIndex(where: { !isSpace($0) }) else { return "" }
        return String(scalars[start...end])
    }

    private static func isSpace(_ scalar: Unicode.Scalar) -> Bool {
        scalar.isASCII ? scalar == " " || scalar == "\t" || scalar == "\r" || scalar == "\n" : scalar.properties.isWhitespace
    }
}
