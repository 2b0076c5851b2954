import Foundation

/// The IANA Private Enterprise Numbers registry as a text of `number<TAB>organization` lines,
/// looked up where it is asked (a device no rule names): 59,000 lines are not parsed for every
/// run of `census identify`.
public struct EnterpriseRegistry: Sendable {
    /// The file's bytes with a line end put in front, so every line starts after a "\n", and a
    /// NUL after, so that C's `strstr` searches them (the registry holds no NUL).
    let bytes: [UInt8]
    /// The same bytes with ASCII letters in lower case, for looking an organization up by name.
    let lowered: [UInt8]

    public init(text: String) {
        bytes = [UInt8(ascii: "\n")] + Array(text.utf8).filter { $0 != 0 } + [0]
        lowered = bytes.map { $0 >= 65 && $0 <= 90 ? $0 + 32 : $0 }
    }

    /// The organizations whose registered name starts with `prefix` (ASCII case aside), as the
    /// registry spells them, in number order; then the former names that start with it ("Ericsson,
    /// Inc. (formerly 'RedBack Networks')" → "RedBack Networks"): where a device's own text names
    /// its maker, by the name it had when the device was made.
    public func organizations(startingWith prefix: String) -> [String] {
        names(after: "\t", startingWith: prefix, endingAt: UInt8(ascii: "\n")) + names(after: "(formerly '", startingWith: prefix, endingAt: UInt8(ascii: "'"))
    }

    /// The texts that follow `lead` and start with `prefix` (ASCII case aside), each up to `stop`
    /// or the line's end.
    private func names(after lead: String, startingWith prefix: String, endingAt stop: UInt8) -> [String] {
        let key = Array((lead + prefix.lowercased()).utf8)
        guard key.count > lead.utf8.count, !prefix.utf8.contains(0), !prefix.utf8.contains(UInt8(ascii: "\n")) else { return [] }
        var found: [String] = []
        lowered.withUnsafeBufferPointer { haystack in
            haystack.withMemoryRebound(to: CChar.self) { text in
                guard let base = text.baseAddress else { return }
                var from = base
                let needle = key.map { CChar(bitPattern: $0) } + [0]
                while let hit = strstr(from, needle) {
                    let start = base.distance(to: hit) + lead.utf8.count
                    let finish = bytes[start...].firstIndex { $0 == stop || $0 == UInt8(ascii: "\n") || $0 == 0 } ?? bytes.count
                    found.append(String(decoding: bytes[start..<finish], as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines))
                    from = base.advanced(by: finish)
                }
            }
        }
        return found
    }

    /// The organization registered under `number`, as the registry spells it.
    public func organization(_ number: UInt32) -> String? {
        let key = "\n\(number)\t"
        return bytes.withUnsafeBufferPointer { haystack -> String? in
            haystack.withMemoryRebound(to: CChar.self) { text -> String? in
                guard let base = text.baseAddress, let found = strstr(base, key) else { return nil }
                let start = base.distance(to: found) + key.utf8.count
                let end = bytes[start...].firstIndex { $0 == UInt8(ascii: "\n") || $0 == 0 } ?? bytes.count
                let name = String(decoding: bytes[start..<end], as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
                return name.isEmpty ? nil : name
            }
        }
    }

    /// Every line that is neither a comment, blank, nor `number<TAB>organization` (line numbers
    /// from 1), and numbers out of order: what a test checks of the shipped file.
    public func malformedLines() -> [Int] {
        var bad: [Int] = []
        var previous: UInt32?
        for (i, line) in bytes.dropFirst().dropLast().split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false).enumerated() {
            if line.isEmpty || line.first == UInt8(ascii: "#") { continue }
            let fields = line.split(separator: UInt8(ascii: "\t"), maxSplits: 1)
            guard fields.count == 2, let n = UInt32(String(decoding: fields[0], as: UTF8.self)), previous.map({ n > $0 }) ?? true,
                  !fields[1].allSatisfy({ $0 == UInt8(ascii: " ") }) else { bad.append(i + 1); continue }
            previous = n
        }
        return bad
    }
}
