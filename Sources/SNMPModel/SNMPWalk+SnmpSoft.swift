import CensusCore

/// SnmpSoft's `SnmpWalk.exe`, the walk tool of many Windows technicians:
/// `OID=.1.3.6.1.2.1.1.1.0, Type=OctetString, Value=text`, one object a line, `Total: N` last.
/// `SnmpGet.exe` prints the same three fields on three lines (`OID=…`, `Type=…`, `Value=…`).
/// Binary strings (a MAC) are hex pairs after two spaces (`Value=  70 3A CB 26 41 02`); text is
/// the agent's own, going on over the lines up to the next object; Counter64 is decimal or `0x…`;
/// time ticks are `142 days, 22:08:39.00`.
extension SNMPWalk {
    /// The three fields of a `SnmpWalk.exe` line: `OID=X, Type=T, Value=V`.
    static func snmpSoftObject(_ line: [UInt8]) -> (oid: String, type: String, value: ArraySlice<UInt8>)? {
        guard line.starts(with: oidField),
              let typeAt = line.firstRange(of: typeField),
              let valueAt = line[typeAt.upperBound...].firstRange(of: valueField) else { return nil }
        let oid = String(decoding: line[oidField.count..<typeAt.lowerBound], as: UTF8.self)
        let type = String(decoding: line[typeAt.upperBound..<valueAt.lowerBound], as: UTF8.self)
        guard OID(parsing: oid) != nil, !type.isEmpty, !type.contains(" ") else { return nil }
        return (oid, type, line[valueAt.upperBound...])
    }

    static let oidField = Array("OID=".utf8)
    static let typeField = Array(", Type=".utf8)
    static let valueField = Array(", Value=".utf8)
    static let totalLine = Array("Total: ".utf8)
    static let hexIndent = Array("  ".utf8)
    /// `SnmpGet.exe`'s three fields, each with the `=` that opens its line.
    static let getFields = ["OID", "Type", "Value"].map { ($0, Array(($0 + "=").utf8)) }

    /// Reads one `SnmpWalk.exe` object as net-snmp's lines are read (`parse`).
    static func parseSnmpSoft(_ oidText: String, type: String, value rawValue: ArraySlice<UInt8>, line: Int, resolve: (String) -> OID?,
                              wanted: (OID) -> Bool = { _ in true }) -> Parsed {
        guard let oid = objectID(oidText, resolve: resolve) else {
            return .unread(.unknownName, "'\(oidText)' is not an OID")
        }
        let dropped = !wanted(oid)
        // An object not kept matters only for the lines its string goes on over.
        if dropped, type != "OctetString" { return .nothing }
        let valueBytes = withoutCR(rawValue)
        let value = String(decoding: valueBytes, as: UTF8.self)
        func object(_ tag: String, _ bytes: [UInt8], open: Open? = nil) -> Parsed {
            .object(Object(oid: oid, tag: tag, value: bytes, line: line, dropped: dropped), open: open, rest: [])
        }
        func object(_ tag: String, _ text: String) -> Parsed { object(tag, Array(text.utf8)) }
        func notOfType() -> Parsed { .unread(.badValue, "'\(shown(valueBytes))' is not a value of type \(type)") }
        switch type {
        case "OctetString":
            // Binary: `  70 3A CB 26 41 02` (two spaces, then hex pairs, perhaps going on over lines).
            if valueBytes.starts(with: hexIndent), let bytes = hexPairs(valueBytes), !bytes.isEmpty {
                return object("4x", bytes, open: .hex)
            }
            return object("4x", Array(rawValue), open: .text)
        case "Integer", "Integer32":
            guard let number = Int64(value) else { return notOfType() }
            return object("2", String(number))
        case "Counter32", "Gauge32", "Unsigned32", "UInteger32":
            guard let number = UInt32(value) else { return notOfType() }
            return object(type == "Counter32" ? "65" : "66", String(number))
        case "Counter64":
            let number = value.hasPrefix("0x") ? UInt64(value.dropFirst(2), radix: 16) : UInt64(value)
            guard let number else { return notOfType() }
            return object("70", String(number))
        case "TimeTicks":
            guard let ticks = timeTicks(value) else { return notOfType() }
            return object("67", String(ticks))
        case "IpAddress":
            guard IPv4Address(value) != nil else { return notOfType() }
            return object("64", value)
        case "OID":
            guard let target = OID(parsing: value) else { return notOfType() }
            return object("6", target.description)
        case "Null":
            return object("5", "")
        case "Opaque":
            return .unread(.badValue, "opaque value not read: '\(shown(valueBytes))'")
        default:
            return .unread(.unknownType, "unknown type '\(type)'")
        }
    }

    /// `142 days, 22:08:39.00` or `0:10:44.61` as hundredths of a second.
    static func timeTicks(_ text: String) -> UInt32? {
        var days: UInt64 = 0
        var clock = Substring(text)
        if let comma = text.firstIndex(of: ",") {
            guard let count = UInt64(text[..<comma].split(separator: " ").first ?? ""),
                  text[..<comma].hasSuffix(" days") || text[..<comma].hasSuffix(" day") else { return nil }
            days = count
            clock = text[text.index(after: comma)...].drop { $0 == " " }
        }
        let parts = clock.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count == 3, let hours = UInt64(parts[0]), let minutes = UInt64(parts[1]) else { return nil }
        let seconds = parts[2].split(separator: ".", omittingEmptySubsequences: false)
        guard (1...2).contains(seconds.count), let whole = UInt64(seconds[0]) else { return nil }
        let hundredths = seconds.count == 2 ? UInt64(seconds[1]) : 0
        guard let hundredths else { return nil }
        let total = (((days * 24 + hours) * 60 + minutes) * 60 + whole) * 100 + hundredths
        return UInt32(exactly: total)
    }
}

extension SNMPWalk {
    /// One of `SnmpGet.exe`'s three lines: `OID=.1.3.6.1.2.1.1.5.0`, `Type=OctetString`, `Value=M487`.
    static func snmpGetField(_ line: [UInt8]) -> (field: String, value: String, bytes: ArraySlice<UInt8>)? {
        for (field, opening) in getFields where line.starts(with: opening) {
            let bytes = line[opening.count...]
            let value = String(decoding: withoutCR(bytes), as: UTF8.self)
            if field == "OID", OID(parsing: value) == nil { return nil }
            if field == "Type", value.isEmpty || value.contains(" ") { return nil }
            return (field, value, bytes)
        }
        return nil
    }
}
