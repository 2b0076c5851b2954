import Foundation

/// The parsed registries kept on disk, so that a run after the first skips the CSV parsing
/// (about 150 ms of CPU for Debian's four IEEE files, on every `discover` and `scan`).
///
/// One file per set of registry files, named after their paths, sizes and modification times:
/// an updated ieee-data package, or other files, are parsed again. The cache is best effort: a
/// missing, unreadable, foreign or damaged file is ignored (and rewritten), and a folder that
/// cannot be written to only means parsing every time.
struct RegistryCache: Sendable {
    let directory: String

    static let magic = Array("census-oui-cache-1\n".utf8)

    /// What one cache file holds: the registry as parsed.
    struct Contents: Equatable {
        /// Organisations by prefix, per prefix length in bits.
        var tables: [Int: [UInt64: String]]
        var skipped: [SkippedRow]
    }

    /// `$XDG_CACHE_HOME/census`, else `$HOME/.cache/census`; nil without either.
    static func defaultDirectory(environment: [String: String]) -> String? {
        if let cacheHome = environment["XDG_CACHE_HOME"], cacheHome.hasPrefix("/") { return cacheHome + "/census" }
        guard let home = environment["HOME"], home.hasPrefix("/") else { return nil }
        return home + "/.cache/census"
    }

    /// What identifies the files' present contents: each path with its size and modification time.
    static func key(for files: [String]) -> String? {
        var parts: [String] = []
        for path in files {
            var info = stat()
            guard stat(path, &info) == 0 else { return nil }
            parts.append("\(path)\t\(info.st_size)\t\(info.st_mtim.tv_sec).\(info.st_mtim.tv_nsec)")
        }
        return parts.joined(separator: "\n")
    }

    /// The cache file for a key: a 64-bit FNV-1a hash of it names the file, the key inside confirms it.
    func path(for key: String) -> String {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in key.utf8 { hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01b3 }
        return directory + "/oui-" + String(hash, radix: 16) + ".bin"
    }

    func load(key: String) -> Contents? {
        guard let data = FileManager.default.contents(atPath: path(for: key)) else { return nil }
        return Self.decode(data, key: key)
    }

    /// Writes the cache for `key` (a new file renamed into place, so a reader never sees half of
    /// one) and removes the caches of other registry files: only the latest is kept.
    func store(_ contents: Contents, key: String) {
        let target = path(for: key)
        let temporary = target + ".\(getpid()).tmp"
        do {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
            guard FileManager.default.createFile(atPath: temporary, contents: Self.encode(contents, key: key)),
                  rename(temporary, target) == 0 else {
                unlink(temporary)
                return
            }
        } catch {
            return
        }
        let kept = URL(fileURLWithPath: target).lastPathComponent
        for name in (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []
        where name.hasPrefix("oui-") && name.hasSuffix(".bin") && name != kept {
            unlink(directory + "/" + name)
        }
    }

    // MARK: The file format: little-endian, strings as UInt32 length + UTF-8.
    //   magic, key, organisation names (count, names), tables (count; each: bits, count,
    //   entries of prefix UInt64 + organisation index UInt32), skipped rows (JSON).

    static func encode(_ contents: Contents, key: String) -> Data {
        var out = Data(magic)
        func u32(_ value: Int) { withUnsafeBytes(of: UInt32(value).littleEndian) { out.append(contentsOf: $0) } }
        func u64(_ value: UInt64) { withUnsafeBytes(of: value.littleEndian) { out.append(contentsOf: $0) } }
        func string(_ text: String) { u32(text.utf8.count); out.append(contentsOf: text.utf8) }
        string(key)
        // Longest prefixes first, each table in prefix order: the same registry always makes the same file.
        let tables = contents.tables.sorted { $0.key > $1.key }.map { ($0.key, $0.value.sorted { $0.key < $1.key }) }
        var index: [String: Int] = [:]
        var names: [String] = []
        for (_, table) in tables {
            for (_, name) in table where index[name] == nil {
                index[name] = names.count
                names.append(name)
            }
        }
        u32(names.count)
        names.forEach(string)
        u32(tables.count)
        for (bits, table) in tables {
            out.append(UInt8(bits))
            u32(table.count)
            for (prefix, name) in table {
                u64(prefix)
                u32(index[name]!)
            }
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        let skipped = (try? encoder.encode(contents.skipped)) ?? Data("[]".utf8)
        u32(skipped.count)
        out.append(skipped)
        return out
    }

    /// The contents, or nil when the data is not a whole cache file for `key`.
    static func decode(_ data: Data, key: String) -> Contents? {
        data.withUnsafeBytes { (raw: UnsafeRawBufferPointer) -> Contents? in
            var offset = 0
            func bytes(_ count: Int) -> UnsafeRawBufferPointer? {
                guard count >= 0, raw.count - offset >= count else { return nil }
                defer { offset += count }
                return UnsafeRawBufferPointer(rebasing: raw[offset..<(offset + count)])
            }
            func u32() -> Int? { bytes(4).map { Int(UInt32(littleEndian: $0.loadUnaligned(as: UInt32.self))) } }
            func u64() -> UInt64? { bytes(8).map { UInt64(littleEndian: $0.loadUnaligned(as: UInt64.self)) } }
            func string() -> String? {
                guard let count = u32(), let utf8 = bytes(count) else { return nil }
                return String(decoding: utf8, as: UTF8.self)
            }
            guard let head = bytes(magic.count), head.elementsEqual(magic), string() == key,
                  let nameCount = u32() else { return nil }
            var names: [String] = []
            names.reserveCapacity(nameCount)
            for _ in 0..<nameCount {
                guard let name = string() else { return nil }
                names.append(name)
            }
            guard let tableCount = u32() else { return nil }
            var tables: [Int: [UInt64: String]] = [:]
            for _ in 0..<tableCount {
                guard let bits = bytes(1)?.first, let count = u32() else { return nil }
                var table: [UInt64: String] = [:]
                table.reserveCapacity(count)
                for _ in 0..<count {
                    guard let prefix = u64(), let name = u32(), name < names.count else { return nil }
                    table[prefix] = names[name]
                }
                tables[Int(bits)] = table
            }
            guard let skippedCount = u32(), let skippedJSON = bytes(skippedCount), offset == raw.count,
                  let skipped = try? JSONDecoder().decode([SkippedRow].self, from: Data(skippedJSON)) else { return nil }
            return Contents(tables: tables, skipped: skipped)
        }
    }
}
