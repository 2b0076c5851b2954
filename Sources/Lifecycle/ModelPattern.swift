import DataFiles
import Foundation

/// A pattern over model names, case-insensitive and matched against the whole name (with runs
/// of spaces taken as one): a glob (`WS-C2960X-*`, `?` one character) or, written between slashes,
/// a regular expression (`/WS-C3560(G|E)?-.*/`).
public struct ModelPattern: @unchecked Sendable, Equatable, CustomStringConvertible {
    public let source: String
    /// How much of the pattern is literal text: of two patterns that match, the more specific wins.
    public let specificity: Int
    private let regex: NSRegularExpression

    public init(_ source: String) throws {
        self.source = source
        let regexSource: String
        if source.count >= 2, source.hasPrefix("/"), source.hasSuffix("/") {
            let body = String(source.dropFirst().dropLast())
            regexSource = body
            specificity = body.filter { $0.isLetter || $0.isNumber }.count
        } else {
            regexSource = source.map { character -> String in
                switch character {
                case "*": ".*"
                case "?": "."
                default: NSRegularExpression.escapedPattern(for: String(character))
                }
            }.joined()
            specificity = source.filter { $0 != "*" && $0 != "?" }.count
        }
        regex = try NSRegularExpression(pattern: "^(?:\(regexSource))$", options: [.caseInsensitive])
    }

    /// Reads a pattern from a data file, reporting a bad regular expression at its line.
    static func read(_ value: DataValue) throws(DataFileError) -> ModelPattern {
        let text = try value.string()
        do { return try ModelPattern(text) } catch { throw value.error("not a valid pattern: \(text)") }
    }

    public func matches(_ model: String) -> Bool {
        let name = model.split(whereSeparator: \.isWhitespace).joined(separator: " ")
        return regex.firstMatch(in: name, range: NSRange(name.startIndex..., in: name)) != nil
    }

    public var description: String { source }

    public static func == (lhs: ModelPattern, rhs: ModelPattern) -> Bool { lhs.source == rhs.source }
}
