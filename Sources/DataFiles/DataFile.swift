import Foundation
import Yams

/// A problem in a data file (configuration, catalog), located by file, line and the path of
/// keys that leads to the bad value, so a person can go straight to it.
public struct DataFileError: Error, Equatable, Sendable, CustomStringConvertible {
    public var file: String
    public var line: Int
    public var column: Int
    /// Where in the document, e.g. `clients[0].sites[1].ranges[2]`; empty at the top.
    public var path: String
    public var message: String

    public init(file: String, line: Int, column: Int = 0, path: String = "", message: String) {
        self.file = file
        self.line = line
        self.column = column
        self.path = path
        self.message = message
    }

    public var description: String {
        let place = line > 0 ? "\(file):\(line)\(column > 0 ? ":\(column)" : "")" : file
        return path.isEmpty ? "\(place): \(message)" : "\(place): \(path): \(message)"
    }
}

/// One value of a YAML data file, with where it came from. Every accessor throws a
/// `DataFileError` naming the file, line and key path when the value is not what was asked.
public struct DataValue {
    let node: Node
    public let file: String
    public let path: String

    /// 1-based line of the value in its file (0 if unknown).
    public var line: Int { node.mark?.line ?? 0 }

    /// An error located at this value.
    public func error(_ message: String) -> DataFileError {
        DataFileError(file: file, line: line, column: node.mark?.column ?? 0, path: path, message: message)
    }

    private var kind: String {
        switch node {
        case .scalar: "a single value"
        case .mapping: "a mapping (key: value lines)"
        case .sequence: "a list"
        case .alias: "an alias"
        }
    }

    public var isNull: Bool { if case .scalar(let s) = node { s.tag == .init(.null) || (s.string.isEmpty && s.style == .plain) } else { false } }

    public func string() throws(DataFileError) -> String {
        guard case .scalar(let scalar) = node else { throw error("expected text, found \(kind)") }
        return scalar.string
    }

    /// Text that says something: empty, blank or null is refused (a name, a variable, a path).
    public func nonEmptyString() throws(DataFileError) -> String {
        guard case .scalar(let scalar) = node else { throw error("expected text, found \(kind)") }
        guard !isNull, !scalar.string.trimmingCharacters(in: .whitespaces).isEmpty else { throw error("is empty") }
        return scalar.string
    }

    public func int() throws(DataFileError) -> Int {
        guard case .scalar = node, let value = node.int else { throw error("expected a whole number, found '\((try? string()) ?? kind)'") }
        return value
    }

    /// A whole number within `range`; `message` says what is allowed when it is not.
    public func int(in range: ClosedRange<Int>, _ message: String) throws(DataFileError) -> Int {
        let value = try int()
        guard range.contains(value) else { throw error("\(message), not \(value)") }
        return value
    }

    public func double() throws(DataFileError) -> Double {
        guard case .scalar = node, let value = node.float else { throw error("expected a number, found '\((try? string()) ?? kind)'") }
        return value
    }

    public func bool() throws(DataFileError) -> Bool {
        guard case .scalar = node, let value = node.bool else { throw error("expected true or false, found '\((try? string()) ?? kind)'") }
        return value
    }

    public func list() throws(DataFileError) -> [DataValue] {
        guard case .sequence(let sequence) = node else { throw error("expected a list, found \(kind)") }
        return sequence.enumerated().map { DataValue(node: $1, file: file, path: "\(path)[\($0)]") }
    }

    /// A list, or a single value taken as a list of one.
    public func listOrOne() throws(DataFileError) -> [DataValue] {
        if case .sequence = node { return try list() }
        return [self]
    }

    public func mapping() throws(DataFileError) -> DataMapping {
        guard case .mapping(let mapping) = node else { throw error("expected a mapping (key: value lines), found \(kind)") }
        var entries: [(String, DataValue)] = []
        var keys: [String: DataValue] = [:]
        for (key, value) in mapping {
            guard let name = key.string else {
                throw DataValue(node: key, file: file, path: path).error("a key must be text")
            }
            if entries.contains(where: { $0.0 == name }) {
                throw DataValue(node: key, file: file, path: path).error("'\(name)' appears twice")
            }
            entries.append((name, DataValue(node: value, file: file, path: path.isEmpty ? name : "\(path).\(name)")))
            keys[name] = DataValue(node: key, file: file, path: path)
        }
        return DataMapping(owner: self, entries: entries, keys: keys)
    }
}

/// A YAML mapping with its keys in file order.
public struct DataMapping {
    public let owner: DataValue
    public let entries: [(key: String, value: DataValue)]
    /// Each key where it is written (a key whose value is a block starts lines above the value).
    let keys: [String: DataValue]

    init(owner: DataValue, entries: [(String, DataValue)], keys: [String: DataValue] = [:]) {
        self.owner = owner
        self.entries = entries.map { (key: $0.0, value: $0.1) }
        self.keys = keys
    }

    public subscript(key: String) -> DataValue? {
        entries.first { $0.key == key }.map(\.value)
    }

    public func required(_ key: String) throws(DataFileError) -> DataValue {
        guard let value = self[key] else { throw owner.error("'\(key)' is missing") }
        return value
    }

    /// Rejects keys other than `allowed` (a typo would otherwise be silently ignored).
    public func onlyKeys(_ allowed: Set<String>) throws(DataFileError) {
        for (key, value) in entries where !allowed.contains(key) {
            let known = allowed.sorted().joined(separator: ", ")
            let at = keys[key] ?? value
            throw DataFileError(file: at.file, line: at.line, column: at.node.mark?.column ?? 0, path: owner.path,
                                message: "unknown key '\(key)' (expected one of: \(known))")
        }
    }
}

/// Reading YAML data files.
public enum DataFile {
    /// The names in `folder`, or why it cannot be read, in words (no such folder, a file where a
    /// folder is expected, no permission): never Foundation's error codes.
    public static func folderContents(_ folder: String) throws(DataFileError) -> [String] {
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: folder, isDirectory: &isFolder) else {
            throw DataFileError(file: folder, line: 0, message: "no such folder")
        }
        guard isFolder.boolValue else { throw DataFileError(file: folder, line: 0, message: "a file, where a folder of files is expected") }
        do { return try FileManager.default.contentsOfDirectory(atPath: folder) } catch {
            throw DataFileError(file: folder, line: 0, message: "cannot read the folder (permission denied?)")
        }
    }

    /// Every `*.yaml`/`*.yml` file of `folder`, parsed, in name order (a catalog made of files).
    public static func loadFolder(_ folder: String) throws(DataFileError) -> [DataValue] {
        let names = try folderContents(folder)
        var files: [DataValue] = []
        // Hidden files (an editor's `.#rules.yaml` lock, `.rules.yaml.swp`) are no part of it.
        for name in names.sorted() where !name.hasPrefix(".") && (name.hasSuffix(".yaml") || name.hasSuffix(".yml")) {
            files.append(try load((folder as NSString).appendingPathComponent(name)))
        }
        return files
    }

    /// Byte offset of the first byte that breaks UTF-8, and its line.
    public static func firstInvalidUTF8(_ data: Data) -> (offset: Int, line: Int) {
        let bytes = [UInt8](data)
        var index = 0
        var line = 1
        while index < bytes.count {
            let byte = bytes[index]
            let length: Int
            switch byte {
            case 0x00...0x7F: length = 1
            case 0xC2...0xDF: length = 2
            case 0xE0...0xEF: length = 3
            case 0xF0...0xF4: length = 4
            default: return (index, line)
            }
            if index + length > bytes.count { return (index, line) }
            for next in bytes[(index + 1)..<(index + length)] where next & 0xC0 != 0x80 { return (index, line) }
            if byte == 0x0A { line += 1 }
            index += length
        }
        return (max(0, bytes.count - 1), line)
    }

    /// Parses `text` (named `file` in errors). An empty document is an empty mapping.
    public static func parse(_ text: String, file: String) throws(DataFileError) -> DataValue {
        do {
            let node = try Yams.compose(yaml: text) ?? Node.mapping(.init([]))
            return DataValue(node: node, file: file, path: "")
        } catch let YamlError.duplicatedKeysInMapping(duplicates, context) {
            // Yams refuses a mapping with a key written twice; say which key and where.
            let key = duplicates.first ?? "?"
            let first = context.mark.line
            let second = secondOccurrence(of: key, in: text, after: context.mark)
            throw DataFileError(file: file, line: second?.line ?? first, column: second?.column ?? context.mark.column,
                                message: "'\(key)' appears twice" + (second == nil ? "" : " (first at line \(first))"))
        } catch let error as YamlError {
            throw DataFileError(file: file, line: error.line ?? 0, message: "not valid YAML: \(error.problem)")
        } catch {
            throw DataFileError(file: file, line: 0, message: "not valid YAML: \(error)")
        }
    }

    /// Where `key` is written again as a mapping key after its first occurrence at `mark`
    /// (1-based line and column), in block or flow style.
    static func secondOccurrence(of key: String, in text: String, after mark: Mark) -> (line: Int, column: Int)? {
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        guard mark.line >= 1, mark.line <= lines.count else { return nil }
        for index in (mark.line - 1)..<lines.count {
            let line = Array(lines[index])
            var column = index == mark.line - 1 ? max(0, mark.column - 1) + key.count : 0
            while column + key.count <= line.count {
                defer { column += 1 }
                guard String(line[column..<(column + key.count)]) == key else { continue }
                let before = column == 0 ? " " : line[column - 1]
                guard before == " " || before == "{" || before == "," || before == "-" || before == "\t" else { continue }
                var after = column + key.count
                while after < line.count && line[after] == " " { after += 1 }
                if after < line.count && line[after] == ":" { return (index + 1, column + 1) }
            }
        }
        return nil
    }

    /// Reads and parses the file at `path`.
    public static func load(_ path: String) throws(DataFileError) -> DataValue {
        let text: String
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isFolder) else {
            throw DataFileError(file: path, line: 0, message: "cannot read: no such file")
        }
        guard !isFolder.boolValue else { throw DataFileError(file: path, line: 0, message: "cannot read: a folder, not a file") }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw DataFileError(file: path, line: 0, message: "cannot read: permission denied or unreadable")
        }
        guard let decoded = String(validating: data, as: UTF8.self) else {
            // Where the first byte that is no UTF-8 is (a Latin-1 "é" saved by an old editor).
            let (offset, line) = firstInvalidUTF8(data)
            throw DataFileError(file: path, line: line, message: String(format: "not UTF-8 text (byte 0x%02X): save it as UTF-8", data[data.startIndex + offset]))
        }
        text = decoded
        return try parse(text, file: path)
    }
}

private extension YamlError {
    var line: Int? {
        switch self {
        case let .scanner(_, _, mark, _), let .parser(_, _, mark, _), let .composer(_, _, mark, _): mark.line
        default: nil
        }
    }

    var problem: String {
        switch self {
        case let .scanner(context, problem, _, _), let .parser(context, problem, _, _), let .composer(context, problem, _, _):
            [context?.description, problem].compactMap { $0 }.filter { !$0.isEmpty }.joined(separator: ": ")
        default: "\(self)"
        }
    }
}
