/// Encodes every stored property under its snake_case name, a nil one as `null`: a reader of
/// Census's JSON finds every key of an object, always (synthesized encoding leaves nil keys out).
/// Conform a type to it instead of writing `encode(to:)` by hand; decoding stays synthesized.
public protocol EncodesEveryKey: Encodable {}

extension EncodesEveryKey {
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: NamedKey.self)
        for child in Mirror(reflecting: self).children {
            guard let label = child.label else { continue }
            let key = NamedKey(snakeCase(label))
            let value = Mirror(reflecting: child.value)
            if value.displayStyle == .optional {
                if let wrapped = value.children.first?.value as? any Encodable {
                    try container.encode(wrapped, forKey: key)
                } else {
                    try container.encodeNil(forKey: key)
                }
            } else if let encodable = child.value as? any Encodable {
                try container.encode(encodable, forKey: key)
            }
        }
    }
}

/// A coding key made from a name.
public struct NamedKey: CodingKey {
    public var stringValue: String
    public var intValue: Int? { nil }
    public init(_ name: String) { stringValue = name }
    public init?(stringValue: String) { self.stringValue = stringValue }
    public init?(intValue: Int) { nil }
}

/// `firstSeen` → `first_seen`, `sourceIP` → `source_ip`, `pastEOL` → `past_eol` (as
/// JSONEncoder's `.convertToSnakeCase` does).
public func snakeCase(_ name: String) -> String {
    let chars = Array(name)
    var out = ""
    for (i, c) in chars.enumerated() {
        if c.isUppercase, i > 0 {
            let previous = chars[i - 1]
            let nextIsLower = i + 1 < chars.count && chars[i + 1].isLowercase
            if previous.isLowercase || previous.isNumber || (previous.isUppercase && nextIsLower) { out.append("_") }
        }
        out.append(contentsOf: c.lowercased())
    }
    return out
}
