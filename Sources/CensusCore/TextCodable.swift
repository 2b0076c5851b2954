/// A value written as its text form (`198.18.0.1`, `00:1b:21:0a:0b:0c`, `1.3.6.1.2.1`, `2026-11-30`)
/// wherever it is encoded: JSON, bundles, the database.
public protocol TextCodable: Codable, CustomStringConvertible {
    /// Parses the text form; nil when it is not one.
    init?(codingText: String)
    /// What the value is, for the error that names a bad one ("an IPv4 address").
    static var codingName: String { get }
}

extension TextCodable {
    public init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        guard let value = Self(codingText: text) else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "not \(Self.codingName): \(text)"))
        }
        self = value
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}
