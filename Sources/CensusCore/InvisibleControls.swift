/// Unicode characters that change how the text around them is shown without showing themselves:
/// bidirectional overrides, embeddings, isolates and marks (U+202E turns "GBP 3.00" into
/// "00.3 PBG"), zero-width spaces and the byte-order mark, and the line and paragraph separators.
/// Text from the network (a device's name or model) carries them only to mislead a reader, so
/// what people read — tables, CSV and HTML — leaves them out; JSON keeps text as it came.
public enum InvisibleControls {
    /// U+061C, U+200B, U+200E–U+200F, U+2028–U+202E, U+2066–U+2069, U+FEFF.
    public static func contains(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x061C, 0x200B, 0x200E, 0x200F, 0x2028...0x202E, 0x2066...0x2069, 0xFEFF: true
        default: false
        }
    }

    /// The text without them (a line or paragraph separator becomes a space).
    public static func removed(from text: String) -> String {
        guard text.unicodeScalars.contains(where: contains) else { return text }
        var out = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            if scalar.value == 0x2028 || scalar.value == 0x2029 { out.append(" ") } else if !contains(scalar) { out.append(scalar) }
        }
        return String(out)
    }
}
