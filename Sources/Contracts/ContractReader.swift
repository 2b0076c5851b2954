import CSV
import CensusCore
import DataFiles
import Foundation

extension ContractImport {
    /// Reads the contract export at `path` with `profile`.
    ///
    /// UTF-8 with or without BOM; CRLF or LF; comma, semicolon or tab as detected from the header
    /// line (or named by an Excel `sep=;` first line); fields quoted as RFC 4180 says. A bad row
    /// is reported (`errors`) with the physical line where its record starts and skipped; the
    /// file as a whole fails only when it cannot be read: see `ContractImportError`.
    public static func read(file path: String, profile: ContractProfile = .generic) throws(ContractImportError) -> ContractImport {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw .unreadable(file: path, reason: "no such file")
        }
        guard !isDirectory.boolValue else { throw .unreadable(file: path, reason: "it is a directory") }
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: path))
        } catch {
            throw .unreadable(file: path, reason: (error as NSError).localizedDescription)
        }
        return try read(data: data, file: path, profile: profile)
    }

    /// Reads an export's bytes (`file` names it in results and errors).
    ///
    /// Excel's other two ways of saving are read too, and said in `notes`: "Unicode Text" (UTF-16
    /// with its byte-order mark), and "CSV (Comma delimited)" on Windows, in the Windows-1252 code
    /// page (`£` is the byte 0xA3).
    public static func read(data: Data, file: String, profile: ContractProfile = .generic) throws(ContractImportError) -> ContractImport {
        if data.starts(with: [0xFF, 0xFE]) || data.starts(with: [0xFE, 0xFF]) {
            guard let text = String(data: data, encoding: .utf16) else {
                throw .notUTF8(file: file, line: 1, hint: "it begins as UTF-16, Excel's \"Unicode Text\", but is not")
            }
            var result = try read(text: text, file: file, profile: profile)
            result.notes.insert("read as UTF-16 (Excel's \"Unicode Text\")", at: 0)
            return result
        }
        guard let text = String(validating: data, as: UTF8.self) else {
            let (offset, line) = DataFile.firstInvalidUTF8(data)
            let byte = data[data.startIndex + offset]
            guard let windows = String(data: data, encoding: .windowsCP1252) else {
                throw .notUTF8(file: file, line: line, hint: String(format: "byte 0x%02X, and not Windows-1252 either", byte))
            }
            var result = try read(text: windows, file: file, profile: profile)
            result.notes.insert(String(format: "not UTF-8 (byte 0x%02X on line %d): read as Windows-1252, as Excel saves \"CSV (Comma delimited)\"", byte, line), at: 0)
            return result
        }
        return try read(text: text, file: file, profile: profile)
    }

    /// How many rows below the first the header is looked for, when the first names no column
    /// that identifies a device (a report's title, its date, a blank line).
    static let titleRows = 10

    /// Reads an export's text (`file` names it in results and errors).
    public static func read(text: String, file: String, profile: ContractProfile = .generic) throws(ContractImportError) -> ContractImport {
        var body = Substring(text)
        if body.unicodeScalars.first == "\u{FEFF}" { body = Substring(body.unicodeScalars.dropFirst()) }

        // Excel's "sep=;" hint line names the delimiter; otherwise the header line tells.
        var headerLine = 1
        var delimiter: CSVDelimiter
        if let hinted = sepLine(body) {
            delimiter = hinted.delimiter
            body = body[hinted.rest...]
            headerLine = 2
        } else {
            delimiter = detectDelimiter(body)
        }

        let reader: CSVReader
        do {
            reader = try CSVReader(string: String(body), hasHeaderRow: false, trimFields: false, delimiter: delimiter.scalar)
        } catch {
            throw .noHeader(file: file)
        }
        guard var rawHeader = reader.next() else { throw .noHeader(file: file) }
        var header = rawHeader.map(ContractCell.trimmed)
        let named = header.contains(where: { !$0.isEmpty })

        var columns = profile.resolve(header: header)
        // A report's title (and blank or date lines) above the header: the header is the first of
        // the first rows that names a column identifying a device.
        var skippedAbove = 0
        if !ContractField.namesDevices({ columns[$0] != nil }) {
            let first = header
            var line = headerLine + 1 + embeddedLineBreaks(rawHeader)
            var found = false
            for _ in 0..<Self.titleRows {
                guard let row = reader.next() else { break }
                let candidate = row.map(ContractCell.trimmed)
                let resolved = profile.resolve(header: candidate)
                if ContractField.namesDevices({ resolved[$0] != nil }) {
                    skippedAbove = line - headerLine
                    (rawHeader, header, columns, headerLine, found) = (row, candidate, resolved, line, true)
                    break
                }
                line += 1 + embeddedLineBreaks(row)
            }
            guard found else {
                if !named { throw .noHeader(file: file) }
                throw .noIdentifyingColumn(file: file, profile: profile.name, header: first.filter { !$0.isEmpty })
            }
        }
        var result = ContractImport(file: file, profile: profile.name, delimiter: delimiter, headerLine: headerLine)
        if skippedAbove > 0 {
            result.notes.append("the header is line \(headerLine): the \(skippedAbove == 1 ? "line" : "\(skippedAbove) lines") above it (a title?) not read")
        }
        for (field, indexes) in columns { result.columns[field.rawValue] = indexes.map { header[$0] } }
        for field in ContractField.allCases where profile.mapped.contains(field) && columns[field] == nil {
            let names = (profile.columns[field] ?? []).map { "'\($0)'" }.joined(separator: " or ")
            result.notes.append("the mapping file's \(field.rawValue) column \(names) is not in the header: no \(field.rawValue) is read")
        }
        let read = Set(columns.values.joined())
        let unread = header.indices.filter { !read.contains($0) && !header[$0].isEmpty }.map { header[$0] }
        if !unread.isEmpty {
            result.notes.append("columns not read: \(unread.joined(separator: ", ")) (a mapping file, --profile FILE, can name them)")
        }

        var records: [(row: [String], line: Int)] = []
        var nextLine = headerLine + 1 + embeddedLineBreaks(rawHeader)
        while let row = reader.next() {
            records.append((row, nextLine))
            nextLine += 1 + embeddedLineBreaks(row)
        }
        var profile = profile
        if !profile.datesStated, profile.dateOrder == .dmy, let proof = monthFirst(records, columns: columns, header: header) {
            profile.dateOrder = .mdy
            result.notes.append("dates read month first (MM/DD/YYYY): \(proof) (a mapping file's dates: dmy reads them day first)")
        }
        // A quote never closed reads the rest of the file into one row: that row is refused and
        // says how many lines it swallowed (the CSV reader takes them as one field).
        if let last = records.last,
           case let swallowed = embeddedLineBreaks(last.row) - ((last.row.last?.hasSuffix("\n") ?? false) || (last.row.last?.hasSuffix("\r") ?? false) ? 1 : 0),
           swallowed > 0,
           body.utf8.reduce(0, { $0 + ($1 == UInt8(ascii: "\"") ? 1 : 0) }) % 2 == 1 {
            records.removeLast()
            result.errors.append(ContractRowError(line: last.line, message: "a quote opened on this line is never closed: the \(swallowed) line\(swallowed == 1 ? "" : "s") after it (to the end of the file) would be read as part of this row; close the quote"))
        }
        var rows = RowReader(header: header, columns: columns, profile: profile, decimalComma: delimiter == .semicolon)
        var inactive: [String: Int] = [:]
        for (row, line) in records {
            switch rows.read(row, line: line) {
            case .blank: continue
            case .inactive(let status): inactive[status, default: 0] += 1
            case .line(let entry): result.lines.append(entry)
            case .lineIgnoring(let entry, let what):
                result.lines.append(entry)
                result.notes.append("line \(line): read without what cannot be read: \(what)")
            case .error(let message): result.errors.append(ContractRowError(line: line, message: message))
            }
        }
        // Lines for several devices (an agreement's "12 × VoIP Phone") are said: a pool is
        // counted as that many devices of its class, at its price each; a line that also names
        // one device by serial, MAC or address is that one device.
        if let column = columns[.quantity]?.first {
            func listed(_ lines: [ContractLine]) -> String {
                (lines.count == 1 ? "line " : "lines ") + lines.prefix(8).map { "\($0.line) (\($0.quantity ?? 0))" }.joined(separator: ", ")
                    + (lines.count > 8 ? ", …" : "")
            }
            let pools = result.lines.filter(\.isPool)
            let named = result.lines.filter { !$0.isPool && !$0.isUsersLine && ($0.quantity ?? 1) > 1 }
            if !pools.isEmpty {
                result.notes.append("\(header[column]): \(listed(pools)) \(pools.count == 1 ? "names" : "name") no device, only how many of a class: each counts that many of the class's devices seen on no line of their own, its price read as the price of each")
            }
            if !named.isEmpty {
                result.notes.append("\(header[column]): \(listed(named)) \(named.count == 1 ? "names" : "name") one device (by serial, MAC or address) but \(named.count == 1 ? "is" : "are") for several: each counts as that one device, at its price; split such lines (one per device), or their other devices show as unbilled")
            }
        }
        if !inactive.isEmpty {
            let count = inactive.values.reduce(0, +)
            let states = inactive.sorted { $0.key < $1.key }.map { "\($0.value) \($0.key)" }.joined(separator: ", ")
            result.notes.append("\(count) line\(count == 1 ? "" : "s") no longer contracted (\(states)) not read")
        }
        return result
    }

    /// Why the file's dates are month first: some date column holds a date whose second number is
    /// above 12 (`03/14/2024`, line 5) and none whose first is. Nil when nothing says so.
    static func monthFirst(_ records: [(row: [String], line: Int)], columns: [ContractField: [Int]], header: [String]) -> String? {
        let indexes = [ContractField.purchaseDate, .warrantyEnd].flatMap { columns[$0] ?? [] }
        guard !indexes.isEmpty else { return nil }
        var proof: String?
        for (row, line) in records {
            for index in indexes where index < row.count {
                guard let (first, second) = ContractCell.numericDateParts(row[index]) else { continue }
                if first > 12 { return nil }    // a day-first date: the file is what the profile says
                if second > 12, proof == nil { proof = "line \(line)'s \(header[index]) '\(ContractCell.trimmed(row[index]))' is no day-first date" }
            }
        }
        return proof
    }

    // MARK: Lines and delimiters

    /// Line breaks inside quoted fields (CRLF counts once), so each record's first line is known.
    static func embeddedLineBreaks(_ row: [String]) -> Int {
        var count = 0
        for field in row where field.utf8.contains(where: { $0 == 0x0A || $0 == 0x0D }) {
            var previous: UInt8 = 0
            for byte in field.utf8 {
                if byte == 0x0A && previous != 0x0D || byte == 0x0D { count += 1 }
                previous = byte
            }
        }
        return count
    }

    /// The delimiter that occurs most outside quotes on the header line (comma on a tie or none).
    static func detectDelimiter(_ text: Substring) -> CSVDelimiter {
        var counts: [CSVDelimiter: Int] = [:]
        var quoted = false
        for scalar in text.unicodeScalars {
            if scalar == "\"" { quoted.toggle(); continue }
            if quoted { continue }
            if scalar == "\n" || scalar == "\r" { break }
            switch scalar {
            case ",": counts[.comma, default: 0] += 1
            case ";": counts[.semicolon, default: 0] += 1
            case "\t": counts[.tab, default: 0] += 1
            case "|": counts[.pipe, default: 0] += 1
            default: break
            }
        }
        var best = CSVDelimiter.comma
        for candidate in [CSVDelimiter.semicolon, .tab, .pipe] where counts[candidate, default: 0] > counts[best, default: 0] {
            best = candidate
        }
        return best
    }

    /// `sep=;` alone on the first line: the delimiter and where the header starts.
    static func sepLine(_ text: Substring) -> (delimiter: CSVDelimiter, rest: Substring.Index)? {
        let scalars = text.unicodeScalars
        let lineEnd = scalars.firstIndex(where: { $0 == "\n" || $0 == "\r" }) ?? scalars.endIndex
        let first = String(scalars[..<lineEnd])
        guard first.unicodeScalars.count == 5, first.lowercased().hasPrefix("sep="),
              let delimiter = CSVDelimiter(rawValue: String(first.unicodeScalars.last!)) else { return nil }
        var rest = lineEnd
        if rest < scalars.endIndex, scalars[rest] == "\r" { rest = scalars.index(after: rest) }
        if rest < scalars.endIndex, scalars[rest] == "\n" { rest = scalars.index(after: rest) }
        return (delimiter, rest)
    }
}

/// Turns one CSV record into a `ContractLine` or a reason.
private struct RowReader {
    enum Outcome {
        case blank
        /// A line its status marks as no longer contracted, with the status text.
        case inactive(String)
        case line(ContractLine)
        /// A line read without some cells that cannot be read and do not identify it (a date, a
        /// second key): what was left out.
        case lineIgnoring(ContractLine, String)
        case error(String)
    }

    let header: [String]
    let columns: [ContractField: [Int]]
    let profile: ContractProfile
    let decimalComma: Bool
    private var classCache: [String: ClassMatch?] = [:]

    init(header: [String], columns: [ContractField: [Int]], profile: ContractProfile, decimalComma: Bool) {
        self.header = header
        self.columns = columns
        self.profile = profile
        self.decimalComma = decimalComma
    }

    mutating func read(_ row: [String], line: Int) -> Outcome {
        if row.allSatisfy({ ContractCell.trimmed($0).isEmpty }) { return .blank }
        let width = header.count
        if row.count < width || (row.count > width && row[width...].contains(where: { !ContractCell.trimmed($0).isEmpty })) {
            return .error("\(row.count) fields where the header has \(width) (a missing or an unquoted separator?)")
        }

        // What cannot be read, in column order; `fatal` when the line cannot stand without it.
        var issues: [(text: String, fatal: Bool)] = []
        func problem(_ text: String) { issues.append((text, true)) }
        func ignored(_ text: String) { issues.append((text, false)) }
        func text(_ field: ContractField) -> (value: String, column: String)? {
            for index in columns[field] ?? [] {
                let value = ContractCell.trimmed(row[index])
                if field == .monthlyPrice, ContractCell.isAccountingZero(value) { return ("0", header[index]) }
                if !value.isEmpty, !ContractCell.isNoValue(value) { return (value, header[index]) }
            }
            return nil
        }
        func quoted(_ text: String) -> String {
            text.count > 60 ? "'\(text.prefix(57))…'" : "'\(text)'"
        }

        if let (status, column) = text(.status), ContractCell.isInactive(status) {
            return .inactive("\(column) \(status)")
        }
        var entry = ContractLine(line: line)
        entry.client = text(.client)?.value
        entry.site = text(.site)?.value
        entry.name = text(.name)?.value
        entry.manufacturer = text(.manufacturer)?.value
        entry.model = text(.model)?.value
        entry.plan = text(.plan)?.value

        if let (value, _) = text(.deviceClass) {
            entry.classText = value
            let match: ClassMatch?
            if let cached = classCache[value] {
                match = cached
            } else {
                match = profile.classes.match(value)
                classCache[value] = match
            }
            entry.deviceClass = match?.deviceClass
            entry.isVirtual = match?.isVirtual ?? false
        }

        var identified = entry.name != nil
        if let (value, column) = text(.serial), !ContractCell.isPlaceholderSerial(value) {
            if ContractCell.isScientificNumber(value) {
                // Excel shows a long all-digit serial as 9.4E+11 and saves it so: its digits are gone.
                ignored("\(column) \(quoted(value)) is a number Excel rewrote (its digits are lost; format the column as text before exporting)")
            } else {
                entry.serial = value
                identified = true
            }
        }
        // A MAC or an address that cannot be read is left out when something else identifies
        // the line (said in `ignored`); alone, it leaves the line unreadable.
        var unreadKeys: [Int] = []
        for index in columns[.mac] ?? [] {
            let value = ContractCell.trimmed(row[index])
            if value.isEmpty || ContractCell.isNoValue(value) { continue }
            switch ContractCell.macs(value) {
            case .success(let macs):
                identified = true
                for mac in macs where !entry.macs.contains(mac) { entry.macs.append(mac) }
            case .failure(let problem):
                unreadKeys.append(issues.count)
                issues.append(("\(header[index]) \(quoted(problem.text)) is not a MAC address", true))
            }
        }
        if let (value, column) = text(.ip) {
            if let ip = ContractCell.ipv4(value) { entry.ip = ip; identified = true } else {
                unreadKeys.append(issues.count)
                issues.append(("\(column) \(quoted(value)) is not an IPv4 address", true))
            }
        }
        if identified { for i in unreadKeys { issues[i].fatal = false } }
        if let (value, column) = text(.monthlyPrice) {
            switch ContractCell.amount(value, decimalComma: decimalComma) {
            case .success(let amount):
                entry.monthlyPrice = amount
                entry.currency = amount == nil ? nil : ContractCell.currency(value)
            case .failure(.negative): problem("\(column) \(quoted(value)) is negative")
            case .failure(.notANumber): problem("\(column) \(quoted(value)) is not an amount")
            case .failure(.tooLarge): problem("\(column) \(quoted(value)) is above \(AmountLimit.maximum) (a typo?)")
            }
        }
        for field in [ContractField.purchaseDate, .warrantyEnd] {
            guard let (value, column) = text(field) else { continue }
            if let date = ContractCell.date(value, order: profile.dateOrder) {
                if field == .purchaseDate { entry.purchaseDate = date } else { entry.warrantyEnd = date }
            } else {
                // A date says nothing of which device the line is or what it costs: the line stays.
                ignored("\(column) \(quoted(value)) is not a date (\(expectedDates))")
            }
        }
        if let (value, column) = text(.users) {
            if let users = ContractCell.count(value) { entry.users = users } else { problem("\(column) \(quoted(value)) is not a whole number") }
        }
        if let (value, column) = text(.quantity) {
            let quantity = ContractCell.count(value)
            if quantity == 0 { return .inactive("\(column) 0") }
            if quantity == nil { problem("\(column) \(quoted(value)) is not a whole number") }
            entry.quantity = quantity
            // A users line's quantity is its users ("Microsoft 365 Business, Per User, 25").
            if entry.isUsersLine, entry.users == nil { entry.users = quantity }
            if entry.isPool {
                // A pool: its class is the class column's, else the one its name or product names.
                if entry.deviceClass == nil, entry.classText == nil {
                    let classes = profile.classes
                    let named = [entry.name, entry.model].compactMap { $0 }.lazy.compactMap { classes.match($0) }.first
                    entry.deviceClass = named?.deviceClass
                    entry.isVirtual = named?.isVirtual ?? false
                }
                if entry.deviceClass == nil {
                    problem("\(column) \(entry.quantity!) devices, none named by serial, MAC or address, and no class says of which kind"
                            + (entry.classText.map { " (\(quoted($0)) is none Census knows)" } ?? "") + ": give the line a class")
                }
                identified = true
            }
        }
        if !identified { problem("nothing identifies the device: no name, serial, MAC or IP") }
        if entry.serial == nil, entry.macs.isEmpty, entry.ip == nil, let name = entry.name, Self.isTotalsRow(name) {
            problem("\(quoted(name)) is a totals row, not a device")
        }
        // A refused row names every problem it has; a kept one, what it was read without.
        if issues.contains(where: \.fatal) { return .error(issues.map(\.text).joined(separator: "; ")) }
        return issues.isEmpty ? .line(entry) : .lineIgnoring(entry, issues.map(\.text).joined(separator: "; "))
    }

    /// A spreadsheet's summary row where a name belongs: "Total", "Grand Total:", "Subtotal
    /// (HQ)", "Count: 2", "Sum".
    static func isTotalsRow(_ name: String) -> Bool {
        let words = name.lowercased().split { !$0.isLetter }
        guard let first = words.first else { return false }
        if ["total", "totals", "subtotal", "subtotals", "count", "sum"].contains(first) { return true }
        return words.count >= 2 && ["grand", "sub", "overall"].contains(first) && ["total", "totals"].contains(words[1])
    }

    private var expectedDates: String {
        switch profile.dateOrder {
        case .dmy: "expected DD/MM/YYYY or YYYY-MM-DD"
        case .mdy: "expected MM/DD/YYYY or YYYY-MM-DD"
        case .iso: "expected YYYY-MM-DD"
        }
    }
}
