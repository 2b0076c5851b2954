import CensusCore
import DataFiles
import Foundation

/// One release cycle of a software product, as endoflife.date describes it (API v0,
/// `/api/<product>.json`): `7.2` of FortiOS, `22.04` of Ubuntu, `2012-r2` of Windows Server.
public struct SoftwareCycle: Hashable, Sendable {
    /// The cycle's name in the product's own scheme.
    public var cycle: String
    public var releaseDate: CalendarDate?
    /// End of active support (bug fixes); often absent.
    public var support: SupportEnd?
    /// End of security support: the end of life Census judges by.
    public var eol: SupportEnd?
    /// End of paid extended support, where the vendor sells one.
    public var extendedSupport: SupportEnd?
    public var latest: String?
    public var lts: Bool
    public var codename: String?

    public init(cycle: String, releaseDate: CalendarDate? = nil, support: SupportEnd? = nil, eol: SupportEnd? = nil,
                extendedSupport: SupportEnd? = nil, latest: String? = nil, lts: Bool = false, codename: String? = nil) {
        self.cycle = cycle
        self.releaseDate = releaseDate
        self.support = support
        self.eol = eol
        self.extendedSupport = extendedSupport
        self.latest = latest
        self.lts = lts
        self.codename = codename
    }

    /// Reads an endoflife.date product file: a JSON array of cycles. Unknown keys are ignored;
    /// a malformed entry is an error naming `file`, the entry's line and index, and the key.
    public static func list(fromJSON data: Data, file: String) throws(DataFileError) -> [SoftwareCycle] {
        let entries: [JSONEntry]
        do { entries = try JSONDecoder().decode([JSONEntry].self, from: data) } catch DecodingError.typeMismatch {
            throw DataFileError(file: file, line: 1, message: "expected a JSON array of release cycles")
        } catch {
            var detail: any Error = error
            if case .dataCorrupted(let context) = error as? DecodingError, let underlying = context.underlyingError { detail = underlying }
            throw DataFileError(file: file, line: 0, message: "not valid JSON: \((detail as NSError).localizedDescription)")
        }
        let lines = topLevelElementLines(data)
        var cycles: [SoftwareCycle] = []
        var seen: Set<String> = []
        for (index, entry) in entries.enumerated() {
            let line = index < lines.count ? lines[index] : 0
            let place = "[\(index)]"
            guard let object = entry.fields else {
                throw DataFileError(file: file, line: line, path: place, message: "expected an object {\"cycle\": ...}")
            }
            guard let name = object["cycle"]?.text, !name.isEmpty else {
                throw DataFileError(file: file, line: line, path: place, message: "'cycle' is missing or not text")
            }
            // Two entries for one cycle may disagree (ended and not): which is meant cannot be told.
            guard seen.insert(name).inserted else {
                throw DataFileError(file: file, line: line, path: place, message: "cycle \(name) is given twice")
            }
            func fail(_ key: String, _ found: JSONValue) -> DataFileError {
                DataFileError(file: file, line: line, path: "\(place) (cycle \(name)).\(key)",
                              message: "expected a date YYYY-MM-DD\(key == "releaseDate" ? "" : ", true or false"), found \(found)")
            }
            func end(_ key: String) throws(DataFileError) -> SupportEnd? {
                switch object[key] {
                case nil, .null?: return nil
                case .bool(let flag)?: return flag ? .ended : .notEnded
                case .string(let text)? where CalendarDate(iso: text) != nil: return .on(CalendarDate(iso: text)!)
                case let other?: throw fail(key, other)
                }
            }
            var releaseDate: CalendarDate?
            switch object["releaseDate"] {
            case nil, .null?: break
            case .string(let text)? where CalendarDate(iso: text) != nil: releaseDate = CalendarDate(iso: text)
            case let other?: throw fail("releaseDate", other)
            }
            // `lts` is a boolean, or (RHEL) the date the long-term support runs to.
            let lts: Bool = switch object["lts"] {
            case .bool(let flag)?: flag
            case .string(let text)?: CalendarDate(iso: text) != nil
            default: false
            }
            cycles.append(SoftwareCycle(
                cycle: name, releaseDate: releaseDate, support: try end("support"), eol: try end("eol"),
                extendedSupport: try end("extendedSupport"), latest: object["latest"]?.text.flatMap { $0.isEmpty ? nil : $0 },
                lts: lts, codename: object["codename"]?.text))
        }
        return cycles
    }

    /// One element of the array: an object of scalar values (nested values are kept as `.other`).
    private struct JSONEntry: Decodable {
        let fields: [String: JSONValue]?
        init(from decoder: any Decoder) throws {
            fields = try? decoder.singleValueContainer().decode([String: JSONValue].self)
        }
    }

    private enum JSONValue: Decodable, CustomStringConvertible {
        case null, bool(Bool), string(String), number(Double), other

        init(from decoder: any Decoder) throws {
            let container = try decoder.singleValueContainer()
            if container.decodeNil() { self = .null }
            else if let flag = try? container.decode(Bool.self) { self = .bool(flag) }
            else if let text = try? container.decode(String.self) { self = .string(text) }
            else if let number = try? container.decode(Double.self) { self = .number(number) }
            else { self = .other }
        }

        /// Text, or a whole number taken as text (a cycle written `13`).
        var text: String? {
            switch self {
            case .string(let text): text
            case .number(let number) where number == number.rounded() && abs(number) < 1e15: String(Int(number))
            default: nil
            }
        }

        var description: String {
            switch self {
            case .null: "null"
            case .bool(let flag): "\(flag)"
            case .string(let text): "'\(text)'"
            case .number(let number): "\(number)"
            case .other: "a list or an object"
            }
        }
    }

    /// The 1-based line on which each element of the top-level JSON array starts.
    private static func topLevelElementLines(_ data: Data) -> [Int] {
        var lines: [Int] = []
        var line = 1, depth = 0, inString = false, escaped = false, expectingElement = false
        for byte in data {
            if byte == UInt8(ascii: "\n") { line += 1 }
            if inString {
                if escaped { escaped = false } else if byte == UInt8(ascii: "\\") { escaped = true } else if byte == UInt8(ascii: "\"") { inString = false }
                continue
            }
            if byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\n") || byte == UInt8(ascii: "\r") || byte == UInt8(ascii: "\t") { continue }
            if depth == 1 && expectingElement && byte != UInt8(ascii: "]") {
                lines.append(line)
                expectingElement = false
            }
            switch byte {
            case UInt8(ascii: "\""): inString = true
            case UInt8(ascii: "["), UInt8(ascii: "{"):
                depth += 1
                if depth == 1 { expectingElement = true }
            case UInt8(ascii: "]"), UInt8(ascii: "}"): depth -= 1
            case UInt8(ascii: ",") where depth == 1: expectingElement = true
            default: break
            }
        }
        return lines
    }
}
