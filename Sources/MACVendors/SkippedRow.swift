/// A registry row ignored while loading, kept so a bad registry file can be diagnosed.
public struct SkippedRow: Sendable, Equatable, Codable, CustomStringConvertible {
    /// Why the row was ignored.
    public enum Reason: Sendable, Equatable, Codable {
        /// The row has fewer columns than the header promises.
        case tooFewColumns(found: Int)
        /// The assignment is not 6, 7 or 9 hex digits, or its length does not fit the registry.
        case badAssignment(String)
        /// The registry column names something other than MA-L, MA-M, MA-S or IAB (a CID, say).
        case unsupportedRegistry(String)
        /// The organisation name is empty.
        case missingOrganization
        /// The prefix was already assigned by an earlier row (the IEEE re-issued a few old
        /// MA-L blocks); the earlier row's organisation is kept.
        case duplicateAssignment(keptOrganization: String)
    }

    /// The registry file, as given to the loader.
    public let file: String
    /// The line the row starts on, counting the header as line 1 (quoted fields may span lines).
    public let line: Int
    public let reason: Reason

    public init(file: String, line: Int, reason: Reason) {
        self.file = file
        self.line = line
        self.reason = reason
    }

    public var description: String {
        let why = switch reason {
        case .tooFewColumns(let found): "only \(found) column(s)"
        case .badAssignment(let text): "bad assignment '\(text)'"
        case .unsupportedRegistry(let name): "unsupported registry '\(name)'"
        case .missingOrganization: "no organisation name"
        case .duplicateAssignment(let kept): "assignment already registered to '\(kept)'"
        }
        return "\(file):\(line): \(why)"
    }
}
