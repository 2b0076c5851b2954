import CSV
import Foundation

/// One prefix assignment read from an IEEE registry file.
struct PrefixAssignment: Sendable {
    /// Prefix length in bits: 24 (MA-L), 28 (MA-M) or 36 (MA-S and IAB).
    let bits: Int
    /// The top `bits` bits of every MAC address in the block.
    let prefix: UInt64
    let organization: String
    let line: Int
}

/// The parsed rows of one IEEE registry CSV (`Registry,Assignment,Organization Name,Organization Address`).
struct RegistryFile: Sendable {
    private(set) var assignments: [PrefixAssignment] = []
    private(set) var skipped: [SkippedRow] = []

    /// Hex digits an assignment has in each registry the IEEE publishes for MAC addresses.
    static let hexDigitsByRegistry: [String: Int] = ["MA-L": 6, "MA-M": 7, "MA-S": 9, "IAB": 9]

    init(path: String) throws(OUIRegistryError) {
        let reader = try Self.openReader(path: path)
        let header = (reader.headerRow ?? []).map(Self.cleanHeaderField)
        guard let assignmentColumn = header.firstIndex(of: "Assignment"),
              let organizationColumn = header.firstIndex(of: "Organization Name") else {
            throw .unexpectedHeader(path: path, header: header)
        }
        let registryColumn = header.firstIndex(of: "Registry")
        let requiredColumns = max(assignmentColumn, organizationColumn, registryColumn ?? 0) + 1

        var line = 1 + 1 + Self.embeddedNewlines(in: reader.headerRow ?? [])
        while let row = reader.next() {
            let rowLine = line
            line += 1 + Self.embeddedNewlines(in: row)
            if row.count == 1 && row[0].isEmpty { continue }  // blank line
            func skip(_ reason: SkippedRow.Reason) { skipped.append(SkippedRow(file: path, line: rowLine, reason: reason)) }

            guard row.count >= requiredColumns else { skip(.tooFewColumns(found: row.count)); continue }
            let hex = Self.trimmed(row[assignmentColumn])
            if let registryColumn {
                let registry = Self.trimmed(row[registryColumn])
                guard let expectedDigits = Self.hexDigitsByRegistry[registry] else { skip(.unsupportedRegistry(registry)); continue }
                guard hex.utf8.count == expectedDigits else { skip(.badAssignment(hex)); continue }
            }
            guard let prefix = Self.parsePrefix(hex) else { skip(.badAssignment(hex)); continue }
            let organization = Self.trimmed(row[organizationColumn])
            guard !organization.isEmpty else { skip(.missingOrganization); continue }
            assignments.append(PrefixAssignment(bits: hex.utf8.count * 4, prefix: prefix, organization: organization, line: rowLine))
        }
        if let error = reader.error {
            throw .unreadable(path: path, message: "\(error) after line \(line)")
        }
    }

    private static func openReader(path: String) throws(OUIRegistryError) -> CSVReader {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else { throw .fileNotFound(path: path) }
        guard !isDirectory.boolValue else { throw .unreadable(path: path, message: "it is a directory") }
        let data: Data
        do { data = try Data(contentsOf: URL(fileURLWithPath: path)) } catch {
            throw .unreadable(path: path, message: String(describing: error))
        }
        do {
            return try CSVReader(string: String(decoding: data, as: UTF8.self), hasHeaderRow: true)
        } catch {
            throw .unexpectedHeader(path: path, header: [])
        }
    }

    /// The prefix value of 6, 7 or 9 hex digits, or nil for anything else.
    static func parsePrefix(_ hex: String) -> UInt64? {
        guard [6, 7, 9].contains(hex.utf8.count) else { return nil }
        var value: UInt64 = 0
        for byte in hex.utf8 {
            let digit: UInt8
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = byte - UInt8(ascii: "0")
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = byte - UInt8(ascii: "A") + 10
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = byte - UInt8(ascii: "a") + 10
            default: return nil
            }
            value = value << 4 | UInt64(digit)
        }
        return value
    }

    private static func cleanHeaderField(_ field: String) -> String {
        trimmed(field.hasPrefix("\u{FEFF}") ? String(field.dropFirst()) : field)
    }

    /// Without leading and trailing whitespace (Unicode's, so the odd en space goes too).
    /// Much faster than Foundation's `trimmingCharacters(in:)` on fields that need no trimming.
    static func trimmed(_ field: String) -> String {
        let scalars = field.unicodeScalars
        guard let first = scalars.firstIndex(where: { !isWhitespace($0) }),
              let last = scalars.lastIndex(where: { !isWhitespace($0) }) else { return "" }
        if first == scalars.startIndex && scalars.index(after: last) == scalars.endIndex { return field }
        return String(scalars[first...last])
    }

    private static func isWhitespace(_ scalar: Unicode.Scalar) -> Bool {
        scalar.isASCII ? scalar == " " || scalar == "\t" || scalar == "\r" || scalar == "\n" : scalar.properties.isWhitespace
    }

    /// Line breaks inside quoted fields, so diagnostics can name the physical line.
    private static func embeddedNewlines(in row: [String]) -> Int {
        row.reduce(0) { count, field in count + field.utf8.reduce(0) { $0 + ($1 == UInt8(ascii: "\n") ? 1 : 0) } }
    }
}
