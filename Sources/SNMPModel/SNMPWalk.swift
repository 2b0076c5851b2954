import CensusCore

/// Saved `snmpwalk` output read as a recording, so a device is named from the walk a technician
/// kept. The text is net-snmp's: `OID = TYPE: value`, one object per line, a string going on over
/// the lines after it. OIDs may be numbers (`-On`: `.1.3.6.1.2.1.1.1.0`; or `iso.3.6.1…`) or names
/// (`SNMPv2-MIB::sysDescr.0`, `-Os`'s `sysDescr.0`), which `resolve` turns into numbers (net-snmp's
/// MIB modules). Values are read as net-snmp prints them: quoted or display-hinted strings, hex,
/// `up(1)` enumerations, `(12345) 0:02:03.45` time ticks, a PhysAddress's `0:1b:2c:3d:4e:5f`.
public enum SNMPWalk {
    /// The walk as a recording (`OID|TYPE|VALUE` lines in OID order, values in hex), the walk's
    /// line number of each recording line, and the walk's lines that gave no object.
    public struct Conversion: Sendable {
        public var recording: [UInt8]
        public var walkLines: [Int]
        public var skipped: [SNMPRecording.SkippedLine]
        /// How many lines were objects, kept or passed over.
        public var objectLines: Int
    }

    /// Reads a walk as `SNMPRecording.read` reads a recording (the same selection of objects),
    /// the skipped lines numbered as in the walk.
    /// - Throws: `SNMPRecording.LineError` when no line of the file is an snmpwalk object.
    public static func read(fromBytes bytes: [UInt8], file: String, resolve: (String) -> OID?, ip: IPv4Address = IPv4Address(0),
                            keep: Set<OID> = [], keepUnderObjectID: Set<OID> = [], keepFirstRowOf: Set<OID> = [],
                            keepColumns: Set<OID> = []) throws(SNMPRecording.LineError) -> SNMPRecording.Reading {
        let plan = CollectionPlan.standard
        let wanted = SNMPRecording.mayKeep(plan: plan, keep: keep, keepUnderObjectID: keepUnderObjectID, keepFirstRowOf: keepFirstRowOf,
                                           keepColumns: keepColumns)
        let conversion = convert(bytes, resolve: resolve, wanted: wanted)
        // `name = value` with no type: snmpwalk -OQ's output, whose values cannot be told apart
        // (its quoted strings alone read as objects: most of the walk would be lost unsaid).
        let untyped = conversion.skipped.count(where: { $0.kind == .notAnObject && $0.reason.contains(" = ") })
        if conversion.objectLines > 0, untyped > conversion.objectLines {
            throw SNMPRecording.LineError(file: file, line: 1, reason: "its values have no types, as snmpwalk -OQ prints them (\(untyped) lines of \(untyped + conversion.objectLines)): save the walk again without -OQ (snmpwalk -On); first: \(conversion.skipped.first { $0.reason.contains(" = ") }!)")
        }
        guard conversion.objectLines > 0 else {
            // `name = value` with no type: snmpwalk -OQ's output, whose values cannot be told apart.
            if conversion.skipped.count(where: { $0.reason.contains(" = ") }) * 2 > conversion.skipped.count {
                throw SNMPRecording.LineError(file: file, line: 1, reason: "its values have no types, as snmpwalk -OQ prints them: save the walk again without -OQ (snmpwalk -On); first: \(conversion.skipped[0])")
            }
            throw SNMPRecording.LineError(file: file, line: 1, reason: conversion.skipped.isEmpty
                ? "no snmpwalk output in the file (expected lines like '.1.3.6.1.2.1.1.1.0 = STRING: \"…\"' or SnmpWalk.exe's 'OID=.1.3.6.1.2.1.1.1.0, Type=OctetString, Value=…')"
                : "no line is an snmpwalk object (expected lines like '.1.3.6.1.2.1.1.1.0 = STRING: \"…\"' or SnmpWalk.exe's 'OID=.1.3.6.1.2.1.1.1.0, Type=OctetString, Value=…'); first: \(conversion.skipped[0])")
        }
        var reading = try SNMPRecording.read(fromBytes: conversion.recording, file: file, ip: ip, plan: plan, keep: keep,
                                             keepUnderObjectID: keepUnderObjectID, keepFirstRowOf: keepFirstRowOf, keepColumns: keepColumns)
        reading.skipped = (conversion.skipped + reading.skipped.map {
            var line = $0
            line.line = conversion.walkLines[$0.line - 1]
            return line
        }).sorted { $0.line < $1.line }
        return reading
    }

    /// One object read from the walk: its recording tag (ASN.1 type, `x` for hex) and value.
    struct Object {
        var oid: OID
        var tag: String
        var value: [UInt8]
        var line: Int
        /// Why the object is skipped once read (its name is in no loaded module); its value's
        /// lines are still its own.
        var skipped: (kind: SNMPRecording.SkippedLine.Kind, reason: String)? = nil
        /// An object the reading would not keep: its lines are passed over.
        var dropped = false
    }

    /// A string value still open at the end of its line.
    enum Open {
        case quoted       // `"…` without its closing quote yet
        case unquoted     // a display-hinted string: the lines up to the next object are its own
        case hex          // Hex-STRING: lines of hex pairs go on
        case hexDump      // Hex-STRING of `snmpwalk -OT`: its text dump `[…]` goes on over lines to its `]`
        case text         // SnmpWalk.exe's text: the lines up to the next object are its own, read as they are
    }

    /// `wanted` says which objects to keep (the rest are passed over, their lines with them).
    public static func convert(_ bytes: [UInt8], resolve: (String) -> OID?, wanted: (OID) -> Bool = { _ in true }) -> Conversion {
        var objects: [Object] = []
        var skipped: [SNMPRecording.SkippedLine] = []
        var current: (object: Object, open: Open?)?
        var quoted: [UInt8] = []     // the quoted string's bytes so far, escapes undone
        // Where the open quoted string first took in a line that looks like an object (see below).
        var swallowed: (index: Int, number: Int, quoted: [UInt8])?

        func finish() {
            swallowed = nil
            guard case (var object, let open)? = current else { return }
            if open == .quoted { object.value = quoted }
            if open == .unquoted {
                // A Windows editor's CR ends the last line, not the hint's last group.
                let text = Array(withoutCR(object.value[...]))
                object.value = hintedBytes(text) ?? object.value
            }
            if object.dropped {
                // nothing: not an object the reading keeps
            } else if let why = object.skipped {
                skipped.append(SNMPRecording.SkippedLine(line: object.line, kind: why.kind, reason: why.reason))
            } else {
                objects.append(object)
            }
            current = nil
        }

        func begin(_ parsed: Parsed, line number: Int) {
            switch parsed {
            case .object(let object, let open, let rest):
                current = (object, open)
                if open == .quoted {
                    quoted = []
                    if closeQuoted(rest, into: &quoted) { current?.open = nil; current?.object.value = quoted; finish() }
                } else if open == nil {
                    finish()
                }
            case .nothing:
                break
            case .unread(let kind, let reason):
                skipped.append(SNMPRecording.SkippedLine(line: number, kind: kind, reason: reason))
            }
        }

        var number = 0
        var objectLines = 0
        var getOID: (oid: String, type: String?, line: Int)?     // SnmpGet.exe's `OID=`, `Type=` lines so far
        var lines = bytes.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false)
        if lines.last?.isEmpty == true { lines.removeLast() }     // the file's last line break ends a line, not a string
        // A quoted string runs to its closing quote, whatever its lines look like: a sysDescr
        // someone set to hold ".1.3.6.1.2.1.47.1.1.1.1.11.1 = STRING: \"FAKE\"" is text, not a
        // serial. If the string never closes (a walk cut short), it ended at the first such line:
        // the reading goes back there and reads the lines after it as objects.
        var swallowing = true
        var index = 0
        while index < lines.count || (current?.open == .quoted && swallowed != nil) {
            if index == lines.count, let back = swallowed {
                quoted = back.quoted
                current?.open = nil
                current?.object.value = quoted
                finish()
                (index, number, swallowing) = (back.index, back.number, false)
                continue
            }
            let rawLine = lines[index]
            index += 1
            number += 1
            var line = Array(rawLine)
            // (Inside a string net-snmp escapes every quote: a line whose value opens a quote of its
            // own, `X = STRING: "…`, is an object, and the open string was cut short before it.)
            if current?.open == .quoted, swallowing, let header = objectHeader(line), !opensQuote(header.rest) {
                if swallowed == nil { swallowed = (index - 1, number - 1, quoted) }
                quoted.append(UInt8(ascii: "\n"))
                if closeQuoted(line[...], into: &quoted) { current?.open = nil; current?.object.value = quoted; finish() }
                continue
            }
            if let header = objectHeader(line) {
                objectLines += 1
                finish()
                begin(parse(header, line: number, resolve: resolve, wanted: wanted), line: number)
                continue
            }
            if let soft = snmpSoftObject(line) {
                objectLines += 1
                finish()
                begin(parseSnmpSoft(soft.oid, type: soft.type, value: soft.value, line: number, resolve: resolve, wanted: wanted), line: number)
                continue
            }
            if let get = snmpGetField(line) {
                switch (get.field, getOID) {
                case ("OID", _):
                    finish()
                    getOID = (get.value, nil, number)
                    continue
                case ("Type", (let oid, nil, let at)?):
                    getOID = (oid, get.value, at)
                    continue
                case ("Value", (let oid, let type?, let at)?):
                    objectLines += 1
                    getOID = nil
                    begin(parseSnmpSoft(oid, type: type, value: get.bytes, line: at, resolve: resolve, wanted: wanted), line: at)
                    continue
                default:
                    break
                }
            }
            getOID = nil
            switch current?.open {
            case .quoted?:
                quoted.append(UInt8(ascii: "\n"))
                if closeQuoted(line[...], into: &quoted) { current?.open = nil; current?.object.value = quoted; finish() }
                continue
            case .unquoted? where !line.starts(with: timeoutMessage):    // net-snmp's stderr saved with the walk
                current?.object.value += [UInt8(ascii: "\n")] + line
                continue
            case .hex?:
                let (hex, dumpOpen) = withoutDump(line[...])
                if let more = hexPairs(hex) {
                    current?.object.value += more
                    if dumpOpen { current?.open = .hexDump }
                    continue
                }
            case .hexDump?:
                // The dump's own lines, to the one ending in `]`: text, not values.
                if withoutCR(line[...]).last == UInt8(ascii: "]") { current?.open = .hex }
                continue
            case .text? where !line.starts(with: totalLine) && line.first != UInt8(ascii: "%"):    // SnmpWalk.exe's footer, its errors
                current?.object.value += [UInt8(ascii: "\n")] + line
                continue
            default:
                break
            }
            // Not an object, nor a line of one (a blank line, "Timeout: No Response from …").
            finish()
            if line.last == UInt8(ascii: "\r") { line.removeLast() }
            guard line.contains(where: { $0 != UInt8(ascii: " ") && $0 != UInt8(ascii: "\t") }) else { continue }
            if line.starts(with: totalLine), line.count > totalLine.count, line[totalLine.count...].allSatisfy({ $0 >= 48 && $0 <= 57 }) {
                continue     // SnmpWalk.exe's count of objects
            }
            if line.starts(with: timeoutMessage) {
                skipped.append(SNMPRecording.SkippedLine(line: number, kind: .timeout,
                                                         reason: "'\(shown(line[...]))': the walk stopped here, what the agent held after it is missing"))
                continue
            }
            skipped.append(SNMPRecording.SkippedLine(line: number, kind: .notAnObject, reason: "not an snmpwalk object: '\(shown(line[...]))'"))
        }
        // The file ends inside a quoted value: a walk cut short mid-value (a serial "FOC14" of
        // "FOC1408Z61U"). What was read of it is no value.
        if let open = current, open.open == .quoted {
            skipped.append(SNMPRecording.SkippedLine(line: open.object.line, kind: .cutShort,
                                                     reason: "\(open.object.oid): the file ends inside its quoted value (cut short?): not read"))
            current = nil
        }
        finish()

        // Two devices' walks in one file: sysDescr, sysObjectID or sysName given again with another
        // value. The second walk starts where the OIDs last fell before that object; from there
        // nothing is read (mixed in, the second device's model and serial became the first's).
        var firstValue: [OID: [UInt8]] = [:]
        for (index, object) in objects.enumerated() where Self.identityObjects.contains(object.oid) {
            guard let first = firstValue[object.oid] else { firstValue[object.oid] = object.value; continue }
            guard first != object.value else { continue }
            var start = index
            while start > 0, objects[start - 1].oid < objects[start].oid { start -= 1 }
            let dropped = objects.count - start
            skipped.append(SNMPRecording.SkippedLine(line: objects[start].line, kind: .repeated,
                                                     reason: "another device's walk begins here (\(object.oid) given again with another value on line \(object.line)): its \(dropped) object\(dropped == 1 ? "" : "s") are not read; one walk per file"))
            objects.removeSubrange(start...)
            break
        }

        // In OID order, each object once (the first), as a recording lists them; one given again
        // with another value (two walks in one file) is named.
        var seen: [OID: [UInt8]] = [:]
        var recording: [UInt8] = []
        var walkLines: [Int] = []
        for object in objects.sorted(by: { $0.oid < $1.oid }) {
            if let first = seen[object.oid] {
                if first != object.value, Self.identityObjects.contains(object.oid) {
                    skipped.append(SNMPRecording.SkippedLine(line: object.line, kind: .repeated,
                                                             reason: "\(object.oid) given again with another value (two devices' walks in one file? only the first is read)"))
                }
                continue
            }
            seen[object.oid] = object.value
            var value = object.value
            // A string's last line ends where the file's line did, without a CR a Windows editor added.
            if object.tag == "4x", value.last == UInt8(ascii: "\r") { value.removeLast() }
            recording += Array("\(object.oid.description)|\(object.tag)|".utf8)
            recording += object.tag == "4x" ? hexText(value) : value
            recording.append(UInt8(ascii: "\n"))
            walkLines.append(object.line)
        }
        return Conversion(recording: recording, walkLines: walkLines, skipped: skipped, objectLines: objectLines)
    }

    static let timeoutMessage = Array("Timeout: No Response from ".utf8)

    /// sysDescr, sysObjectID, sysName: given twice with other values, the file holds two devices
    /// (two walks of one device differ only in counters and uptime).
    static let identityObjects: Set<OID> = ["1.3.6.1.2.1.1.1.0", "1.3.6.1.2.1.1.2.0", "1.3.6.1.2.1.1.5.0"]

    /// Whether an object's value (`= TYPE: …`) opens a quoted string: `STRING: "…`.
    static func opensQuote(_ rest: ArraySlice<UInt8>) -> Bool {
        guard let colon = rest.firstIndex(of: UInt8(ascii: ":")) else { return false }
        return rest[(colon + 1)...].drop { $0 == UInt8(ascii: " ") }.first == UInt8(ascii: "\"")
    }

    /// `OID = rest` when the line starts an object: an OID-like first word, then ` = `.
    static func objectHeader(_ line: [UInt8]) -> (oid: String, rest: ArraySlice<UInt8>)? {
        guard let space = line.firstIndex(of: UInt8(ascii: " ")), space > 0, line[space...].starts(with: Array(" = ".utf8)) else { return nil }
        let word = line[..<space]
        // Names and numbers: letters, digits, '.', '-', '_', ':' (MODULE::name), and an index's quotes.
        guard word.allSatisfy({ byte in
            (byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "z")) || (byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z"))
                || (byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")) || Array(".-_:\"'[]".utf8).contains(byte)
        }) else { return nil }
        let rest = line[(space + 3)...]
        // A string's own line ("Technical Support: x = y") is no object: the value must start as net-snmp's do.
        let text = String(decoding: rest.prefix(40), as: UTF8.self)
        guard valueStarts.contains(where: { text.hasPrefix($0) }) else { return nil }
        return (String(decoding: word, as: UTF8.self), rest)
    }

    /// How net-snmp starts a value: its type, an empty string, or an exception.
    static let valueStarts = ["STRING:", "Hex-STRING:", "INTEGER:", "OID:", "IpAddress:", "Counter32:", "Counter64:", "Gauge32:",
                              "UInteger32:", "Unsigned32:", "Timeticks:", "BITS:", "Opaque:", "Network Address:", "NULL", "\"\"",
                              "No Such Object", "No Such Instance", "No more variables", "Wrong Type"]

    enum Parsed {
        case object(Object, open: Open?, rest: ArraySlice<UInt8>)
        case nothing                                      // an exception (No Such Object…): no object, no problem
        case unread(SNMPRecording.SkippedLine.Kind, String)      // a line given as no object, with why (listed on stderr)
    }

    static func parse(_ header: (oid: String, rest: ArraySlice<UInt8>), line: Int, resolve: (String) -> OID?,
                      wanted: (OID) -> Bool = { _ in true }) -> Parsed {
        // A name no module defines still owns its value's lines: read, then skipped.
        let lossy = hasLossyIndex(header.oid)
        let oid = lossy ? nil : objectID(header.oid, resolve: resolve)
        let dropped = oid.map { !wanted($0) } ?? false
        // An object not kept matters only for the lines its string goes on over.
        if dropped, !header.rest.starts(with: Array("STRING:".utf8)), !header.rest.starts(with: Array("Hex-STRING:".utf8)) { return .nothing }
        let unknown: (SNMPRecording.SkippedLine.Kind, String)? = lossy
            ? (.lossyIndex, "'\(header.oid)': net-snmp printed its index as text, bytes it cannot print as '.' (save the walk with -On)")
            : oid == nil ? (.unknownName, "'\(header.oid)' is not a name in the loaded MIB modules") : nil
        var rest = header.rest    // with the CR a string's line may end in: the string's own
        var text = String(decoding: withoutCR(rest), as: UTF8.self)
        // `Wrong Type (should be OCTET STRING): INTEGER: 5`: the agent's value, as it sent it.
        if text.hasPrefix("Wrong Type"), let close = text.range(of: "): ") {
            rest = rest.dropFirst(text.utf8.distance(from: text.startIndex, to: close.upperBound))
            text = String(text[close.upperBound...])
        }
        if text.hasPrefix("No Such") || text.hasPrefix("No more variables") { return .nothing }
        func object(_ tag: String, _ value: [UInt8], open: Open? = nil, rest: ArraySlice<UInt8> = []) -> Parsed {
            .object(Object(oid: oid ?? OID([0, 0]), tag: tag, value: value, line: line, skipped: unknown, dropped: dropped), open: open, rest: rest)
        }
        func object(_ tag: String, _ value: String) -> Parsed { object(tag, Array(value.utf8)) }
        if let unknown, !valueStarts.prefix(1).contains(where: { text.hasPrefix($0) }), !text.hasPrefix("Hex-STRING") {
            return .unread(unknown.0, unknown.1)   // one line, whatever its value
        }

        guard let colon = text.firstIndex(of: ":") else {
            if text == "\"\"" { return object("4", "") }
            if text == "NULL" { return object("5", "") }
            return .unread(.badValue, "value without its type: '\(shown(rest))'")
        }
        let type = String(text[..<colon])
        var value = text[text.index(after: colon)...]
        if value.first == " " { value = value.dropFirst() }
        var valueBytes = rest.dropFirst(type.utf8.count + 1)
        if valueBytes.first == UInt8(ascii: " ") { valueBytes = valueBytes.dropFirst() }
        func notOfType(_ type: String) -> Parsed { .unread(.badValue, "'\(shown(valueBytes))' is not a value of type \(type)") }
        switch type {
        case "STRING":
            if valueBytes.first == UInt8(ascii: "\"") { return object("4x", [], open: .quoted, rest: valueBytes.dropFirst()) }
            return object("4x", Array(valueBytes), open: .unquoted)
        case "Hex-STRING", "BITS":
            // -OT adds the bytes as text after three spaces, `[…]`, which may hold line breaks.
            var dumpOpen = false
            if type == "Hex-STRING" {
                let (hex, open) = withoutDump(Array(value.utf8)[...])
                (value, dumpOpen) = (Substring(String(decoding: hex, as: UTF8.self)), open)
            }
            // BITS: `80 00 bit0(0)`: the hex pairs before the names.
            let words = value.split(separator: " ")
            let hex = type == "BITS" ? Array(words.prefix { $0.count == 2 && $0.allSatisfy(\.isHexDigit) }) : words
            guard let bytes = hexPairs(Array(hex.joined(separator: " ").utf8)[...]) else { return notOfType(type) }
            return object("4x", bytes, open: type == "BITS" ? nil : dumpOpen ? .hexDump : .hex)
        case "INTEGER":
            // `up(1)`: the number in brackets; `5 seconds`: the number before the units.
            if let open = value.lastIndex(of: "("), value.hasSuffix(")"), let number = Int64(value[value.index(after: open)..<value.index(before: value.endIndex)]) {
                return object("2", String(number))
            }
            guard let number = Int64(value.prefix { $0 == "-" || $0.isNumber }) else { return notOfType(type) }
            return object("2", String(number))
        case "Counter32", "Gauge32", "UInteger32", "Unsigned32", "Counter64", "Timeticks":
            let digits = type == "Timeticks" && value.first == "(" ? value.dropFirst().prefix { $0.isNumber } : value.prefix { $0.isNumber }
            let tag = ["Counter32": "65", "Counter64": "70", "Timeticks": "67"][type] ?? "66"
            guard !digits.isEmpty, tag == "70" ? UInt64(digits) != nil : UInt32(digits) != nil else { return notOfType(type) }
            return object(tag, String(digits))
        case "IpAddress":
            guard IPv4Address(String(value)) != nil else { return notOfType(type) }
            return object("64", String(value))
        case "Network Address":
            guard let bytes = hexPairs(Array(value.replacingOccurrences(of: ":", with: " ").utf8)[...]), bytes.count == 4 else { return notOfType(type) }
            return object("64x", String(decoding: hexText(bytes), as: UTF8.self))
        case "OID":
            guard let target = objectID(String(value), resolve: resolve) else {
                return .unread(.unknownName, "'\(value)' is not a name in the loaded MIB modules")
            }
            return object("6", target.description)
        case "Opaque":
            return .unread(.badValue, "opaque value not read: '\(shown(rest))'")
        default:
            return .unread(.unknownType, "unknown type '\(type)'")
        }
    }

    /// Whether a name's index holds a quoted string with a '.' in it: net-snmp prints an octet
    /// string index (a MAC, an IPv4 address) as text with '.' for each byte it cannot print
    /// (`bsnAPDot3MacAddress.'......'`, `lldpRemManAddrIfSubtype.0.7.1.ipV4."...."`), so the OID
    /// cannot be had back; a host name's real dots are lost with them, rarely a column Census reads.
    static func hasLossyIndex(_ name: String) -> Bool {
        var quote: Character?
        for c in name {
            if let open = quote {
                if c == open { quote = nil } else if c == "." { return true }
            } else if c == "\"" || c == "'" {
                quote = c
            }
        }
        return false
    }

    /// A numeric OID (`.1.3.6…`, `1.3.6…`, `iso.3.6…`) by itself; a name through `resolve`.
    static func objectID(_ text: String, resolve: (String) -> OID?) -> OID? {
        if let oid = OID(parsing: text) { return oid }
        // snmpwalk -OX writes indexes in brackets: entPhysicalSerialNum[1], ipAddrTable[198.18.0.1].
        if text.contains("["), let dotted = unbracketed(text) { return objectID(dotted, resolve: resolve) }
        if text.hasPrefix("iso."), let oid = OID(parsing: "1" + text.dropFirst(3)) { return oid }
        if text.hasPrefix(".iso."), let oid = OID(parsing: "1" + text.dropFirst(4)) { return oid }
        return resolve(text)
    }

    /// `name[1][2]` → `name.1.2`, `name["ab"]` → `name."ab"` (quotes kept whole); nil without brackets.
    static func unbracketed(_ text: String) -> String? {
        var out = ""
        var quote: Character?
        var changed = false
        for c in text {
            if let open = quote {
                out.append(c)
                if c == open { quote = nil }
            } else if c == "\"" || c == "'" {
                quote = c
                out.append(c)
            } else if c == "[" {
                out.append(".")
                changed = true
            } else if c != "]" {
                out.append(c)
            }
        }
        return changed ? out : nil
    }

    /// Reads a quoted string's text up to its closing quote, undoing net-snmp's `\"` and `\\`;
    /// true when the quote closed on this line.
    static func closeQuoted(_ text: ArraySlice<UInt8>, into out: inout [UInt8]) -> Bool {
        var index = text.startIndex
        while index < text.endIndex {
            let byte = text[index]
            if byte == UInt8(ascii: "\\"), index + 1 < text.endIndex, [UInt8(ascii: "\""), UInt8(ascii: "\\")].contains(text[index + 1]) {
                out.append(text[index + 1])
                index += 2
                continue
            }
            if byte == UInt8(ascii: "\""), text[(index + 1)...].allSatisfy({ $0 == UInt8(ascii: " ") || $0 == UInt8(ascii: "\r") }) { return true }
            out.append(byte)
            index += 1
        }
        // No closing quote: the line break is the string's own (its CR too, where the file kept one).
        return false
    }

    /// A Hex-STRING's hex without the text dump `snmpwalk -OT` puts after it (`   [..]`), and
    /// whether that dump goes on over the next lines (it holds a line break: no `]` yet).
    static func withoutDump(_ text: ArraySlice<UInt8>) -> (hex: ArraySlice<UInt8>, dumpOpen: Bool) {
        guard let dump = text.firstRange(of: Array("   [".utf8)) else { return (text, false) }
        return (text[..<dump.lowerBound], withoutCR(text[dump.upperBound...]).last != UInt8(ascii: "]"))
    }

    /// `00 1B 2C` (and the empty text) as bytes; nil when anything else is there.
    static func hexPairs(_ text: ArraySlice<UInt8>) -> [UInt8]? {
        var out: [UInt8] = []
        for word in text.split(whereSeparator: { $0 == UInt8(ascii: " ") || $0 == UInt8(ascii: "\r") || $0 == UInt8(ascii: "\t") }) {
            guard word.count == 2, let high = SNMPRecording.hexDigit(word[word.startIndex]), let low = SNMPRecording.hexDigit(word[word.startIndex + 1]) else { return nil }
            out.append(high << 4 | low)
        }
        return out
    }

    /// A display hint's `1x:` rendering (a PhysAddress or MacAddress `0:1b:2c:3d:4e:5f`, a CDP
    /// neighbour's IPv4 address `a:1:64:b5`): four groups or more of one or two hex digits, as its
    /// bytes; nil for any other text (a time's "12:30:00" stays text).
    static func hintedBytes(_ text: [UInt8]) -> [UInt8]? {
        let groups = text.split(separator: UInt8(ascii: ":"), omittingEmptySubsequences: false)
        guard groups.count >= 4 else { return nil }
        var out: [UInt8] = []
        for group in groups {
            guard (1...2).contains(group.count), let last = SNMPRecording.hexDigit(group[group.endIndex - 1]) else { return nil }
            if group.count == 2 {
                guard let first = SNMPRecording.hexDigit(group[group.startIndex]) else { return nil }
                out.append(first << 4 | last)
            } else {
                out.append(last)
            }
        }
        return out
    }

    static func hexText(_ bytes: [UInt8]) -> [UInt8] {
        let digits = Array("0123456789abcdef".utf8)
        return bytes.flatMap { [digits[Int($0 >> 4)], digits[Int($0 & 15)]] }
    }

    /// The bytes without the CR a Windows editor ends a line with.
    static func withoutCR(_ bytes: ArraySlice<UInt8>) -> ArraySlice<UInt8> {
        bytes.last == UInt8(ascii: "\r") ? bytes.dropLast() : bytes
    }

    static func shown(_ bytes: ArraySlice<UInt8>) -> String {
        let text = String(decoding: bytes, as: UTF8.self)
        return text.count > 60 ? text.prefix(60) + "…" : text
    }

}
