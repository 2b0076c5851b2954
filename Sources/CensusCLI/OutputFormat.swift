import ArgumentParser
import CSV
import CensusCore
import Foundation

/// How results are printed on stdout.
enum OutputFormat: String, ExpressibleByArgument, CaseIterable {
    case table, json, csv
}

/// One discovered host as printed: the stable, documented output shape.
struct HostRow: Encodable {
    let ip: String
    let mac: String
    let vendor: String?
    let seenBy: [String]
    let firstSeen: Date
    let lastSeen: Date
    let responseMs: Double?
    let locallyAdministered: Bool
    let conflict: Bool

    enum CodingKeys: String, CodingKey {
        case ip, mac, vendor
        case seenBy = "seen_by"
        case firstSeen = "first_seen"
        case lastSeen = "last_seen"
        case responseMs = "response_ms"
        case locallyAdministered = "locally_administered"
        case conflict
    }

    init(_ o: HostObservation, conflicted: Set<IPv4Address>) {
        ip = o.ip.description
        mac = o.mac.description
        vendor = o.vendor
        seenBy = o.seenBy.sorted().map(\.rawValue)
        firstSeen = o.firstSeen
        lastSeen = o.lastSeen
        responseMs = o.responseTime.map { ($0.seconds * 1e5).rounded() / 100 }
        locallyAdministered = o.mac.isLocallyAdministered
        conflict = conflicted.contains(o.ip)
    }
}

enum HostPrinter {
    static func render(_ hosts: [HostObservation], conflicts: [AddressConflict], as format: OutputFormat) throws -> String {
        let conflicted = Set(conflicts.map(\.ip))
        let rows = hosts.map { HostRow($0, conflicted: conflicted) }
        switch format {
        case .json:
            return try JSONOutput.encode(rows)
        case .csv:
            let iso = ISO8601DateFormatter()
            return try CSVOutput.render(
                headers: ["ip", "mac", "vendor", "seen_by", "first_seen", "last_seen", "response_ms", "locally_administered", "conflict"],
                rows: rows.map { r in
                    [r.ip, r.mac, r.vendor ?? "", r.seenBy.joined(separator: " "), iso.string(from: r.firstSeen),
                     iso.string(from: r.lastSeen), r.responseMs.map { String($0) } ?? "",
                     String(r.locallyAdministered), String(r.conflict)]
                })
        case .table:
            let body = rows.map { r in
                [r.ip, r.mac, vendorCell(r), r.seenBy.joined(separator: ","), r.responseMs.map { String(format: "%.1f", $0) } ?? "-"]
            }
            return TextTable(headers: ["IP", "MAC", "VENDOR", "SEEN BY", "RTT MS"], rows: body).render()
        }
    }

    private static func vendorCell(_ r: HostRow) -> String {
        var text = r.vendor ?? (r.locallyAdministered ? "(locally administered)" : "(unknown)")
        if r.conflict { text += "  [CONFLICT]" }
        return text
    }
}

/// CSV through CSV.swift (quoting done right), header row first.
///
/// Cells come from the network (a device's name, model or serial is whatever its administrator,
/// or anyone with SNMP write access, set) and the CSV is opened in spreadsheets: a cell a
/// spreadsheet would run as a formula (`=`, `+`, `-`, `@`, tab or CR first) gets a leading `'`,
/// which spreadsheets show as text (OWASP's "CSV injection" advice). Numbers such as `-35.00`
/// stay as they are. Bidi overrides and zero-width characters are left out (`InvisibleControls`).
/// JSON output is never altered.
enum CSVOutput {
    static func render(headers: [String], rows: [[String]]) throws -> String {
        let stream = OutputStream(toMemory: ())
        let writer = try CSVWriter(stream: stream)
        try writer.write(row: headers)
        for row in rows { try writer.write(row: row.map { defused(InvisibleControls.removed(from: $0)) }) }
        writer.stream.close()
        let data = stream.property(forKey: .dataWrittenToMemoryStreamKey) as? Data ?? Data()
        // Every row ends in a newline, the last too (`wc -l`, `cat a.csv b.csv` and POSIX expect it).
        return String(decoding: data, as: UTF8.self) + "\n"
    }

    /// The cell as a spreadsheet will show it, never run it: `'` before a would-be formula.
    static func defused(_ cell: String) -> String {
        guard let first = cell.unicodeScalars.first, "=+-@\t\r".unicodeScalars.contains(first) else { return cell }
        // A plain signed number (`-35.00`): a spreadsheet reads it as the number it is.
        let parts = cell.dropFirst().split(separator: ".", omittingEmptySubsequences: false)
        if first == "-" || first == "+", parts.count <= 2,
           parts.allSatisfy({ !$0.isEmpty && $0.allSatisfy(\.isASCII) && $0.allSatisfy(\.isNumber) }) {
            return cell
        }
        return "'" + cell
    }
}

/// A plain, aligned text table for terminals. Control characters in a cell (a line end in a
/// sysDescr, or an escape sequence a device's name smuggles in) print as spaces, and bidi
/// overrides are left out (`InvisibleControls`): a cell can neither break the table's lines,
/// nor drive the terminal, nor reorder what follows it.
struct TextTable {
    let headers: [String]
    let rows: [[String]]

    init(headers: [String], rows: [[String]]) {
        self.headers = headers
        self.rows = rows.map { $0.map(Self.printable) }
    }

    /// Terminal columns a cell takes: combining marks none, East Asian wide and full-width
    /// characters (CJK, Hangul, full-width forms, most emoji) two, the rest one.
    static func columns(_ text: String) -> Int {
        var total = 0
        for scalar in text.unicodeScalars {
            switch scalar.properties.generalCategory {
            case .nonspacingMark, .enclosingMark, .format: continue
            default: break
            }
            switch scalar.value {
            case 0x1100...0x115F, 0x2E80...0x303E, 0x3041...0x33FF, 0x3400...0x4DBF, 0x4E00...0x9FFF, 0xA000...0xA4CF,
                 0xAC00...0xD7A3, 0xF900...0xFAFF, 0xFE30...0xFE4F, 0xFF00...0xFF60, 0xFFE0...0xFFE6,
                 0x1F300...0x1F64F, 0x1F900...0x1F9FF, 0x20000...0x3FFFD:
                total += 2
            default:
                total += 1
            }
        }
        return total
    }

    static func printable(_ cell: String) -> String {
        let cell = InvisibleControls.removed(from: cell)
        guard cell.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) else { return cell }
        return String(String.UnicodeScalarView(cell.unicodeScalars.map { $0.properties.generalCategory == .control ? " " : $0 }))
    }

    func render() -> String {
        var widths = headers.map(Self.columns)
        for row in rows { for (i, cell) in row.enumerated() { widths[i] = max(widths[i], Self.columns(cell)) } }
        func line(_ cells: [String]) -> String {
            cells.enumerated().map { i, c in
                i == cells.count - 1 ? c : c + String(repeating: " ", count: max(0, widths[i] - Self.columns(c)))
            }.joined(separator: "  ")
        }
        return ([line(headers)] + rows.map(line)).joined(separator: "\n") + "\n"
    }
}

/// A result file the user named (`--out`): written whole or not at all (a temporary file renamed
/// into place) when it is a regular file or new; written through when it is a device or a pipe
/// (`/dev/null`, `/dev/stdout`, a FIFO), which a rename would replace with a plain file; a
/// symbolic link is followed to the file it names. A database is never replaced.
enum OutputFile {
    static func write(_ data: Data, to path: String) throws {
        // `-` is standard output, as in most tools.
        if path == "-" {
            do { try FileHandle.standardOutput.write(contentsOf: data) } catch { throw CensusFailure("cannot write to standard output: \(error.localizedDescription)") }
            return
        }
        let target = URL(fileURLWithPath: path).resolvingSymlinksInPath().path
        var isFolder: ObjCBool = false
        if FileManager.default.fileExists(atPath: target, isDirectory: &isFolder) {
            if isFolder.boolValue { throw CensusFailure("--out \(path) is a folder: give a file name", exitCode: CensusFailure.usage) }
            let type = (try? FileManager.default.attributesOfItem(atPath: target))?[.type] as? FileAttributeType
            if type == .typeRegular, isDatabase(target) {
                throw CensusFailure("--out \(path) is a Census database (SQLite): a report or bundle never replaces one; give another file name",
                                    exitCode: CensusFailure.usage)
            }
            if type != .typeRegular {
                guard let handle = FileHandle(forWritingAtPath: target) else { throw CensusFailure("cannot write \(path)") }
                defer { try? handle.close() }
                do { try handle.write(contentsOf: data) } catch { throw CensusFailure("cannot write \(path): \(error.localizedDescription)") }
                return
            }
        }
        do { try data.write(to: URL(fileURLWithPath: target), options: .atomic) } catch {
            throw CensusFailure("cannot write \(path): \(error.localizedDescription)")
        }
    }

    /// Whether a file begins as every SQLite database does: `--out` naming the `--db` just read
    /// (or any other database) would otherwise replace the inventory with a report.
    static func isDatabase(_ path: String) -> Bool {
        guard let handle = FileHandle(forReadingAtPath: path) else { return false }
        defer { try? handle.close() }
        return (try? handle.read(upToCount: 16)) == Data("SQLite format 3\0".utf8)
    }
}
