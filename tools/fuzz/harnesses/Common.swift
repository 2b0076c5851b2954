// Shared by every harness: reading structured values out of the fuzzer's bytes.
import Foundation

/// Consumes the fuzzer's input a piece at a time; runs dry gracefully (zeros, empty arrays).
struct FuzzInput {
    let bytes: [UInt8]
    var offset = 0

    init(_ data: UnsafePointer<UInt8>, _ size: Int) {
        bytes = size > 0 ? Array(UnsafeBufferPointer(start: data, count: size)) : []
    }

    var isEmpty: Bool { offset >= bytes.count }

    mutating func byte() -> UInt8 {
        guard offset < bytes.count else { return 0 }
        defer { offset += 1 }
        return bytes[offset]
    }

    mutating func u32() -> UInt32 {
        (0..<4).reduce(UInt32(0)) { acc, _ in acc << 8 | UInt32(byte()) }
    }

    mutating func take(_ n: Int) -> [UInt8] {
        let end = min(bytes.count, offset + max(0, n))
        defer { offset = end }
        return Array(bytes[offset..<end])
    }

    /// Whatever is left.
    mutating func rest() -> [UInt8] { take(bytes.count - offset) }
}

/// Input bytes as text, as a file read from disk would be (invalid UTF-8 repaired).
func text(_ data: UnsafePointer<UInt8>, _ size: Int) -> String {
    String(decoding: UnsafeBufferPointer(start: data, count: size), as: UTF8.self)
}
