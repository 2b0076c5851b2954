import CensusCore
import Foundation

/// A maker's product line ("BayStack", "LaserJet", "FortiGate"): a trade name that, standing as
/// a word in a device's own description (sysDescr, the chassis row's entPhysicalDescr), names
/// the maker, the family and, when everything in the line is one class, the class; with the
/// product code after it, the model ("BayStack 450-24T"). Kept as data (`lines:` of a catalog
/// file) and used only where rules, the device's own word and the registries leave a field
/// empty (`Identifier.productLineRule`).
public struct ProductLine: Sendable {
    /// The line's name as its maker writes it (the family it gives).
    public let name: String
    /// The maker named; `alsoMakers` are earlier owners or other names of it (Nortel for a
    /// BayStack Avaya took over): a device that names one of them is still of this line.
    public let vendor: String
    public let alsoMakers: [String]
    /// The class every product of the line is, when one is (none for mixed lines).
    public let deviceClass: DeviceClass?
    /// The spellings looked for (the name, then its aliases), in lower case.
    let spellings: [String]
    /// File and line, for catalog-check's messages.
    public let source: String
    let line: Int

    init(name: String, vendor: String, alsoMakers: [String], deviceClass: DeviceClass?, aliases: [String], source: String, line: Int) {
        self.name = name
        self.vendor = vendor
        self.alsoMakers = alsoMakers
        self.deviceClass = deviceClass
        spellings = ([name] + aliases).map { $0.lowercased() }
        self.source = source
        self.line = line
    }

    /// Whether `name` is one of the line's spellings (case aside).
    func names(_ name: String) -> Bool { spellings.contains(name.lowercased()) }

    /// What a text says of a line: the line, and the model when a product code follows its name.
    public struct Sighting: Sendable {
        public let line: ProductLine
        public let model: String?
    }

    /// This line when one of its spellings stands as a word in `text` (case aside): no letter,
    /// digit or dash just before it, no letter just after (a spelling ending in a dash is a code
    /// prefix: the code follows at once), and not named as what the device is compatible with or
    /// emulates. A name under four characters, or a code prefix, counts only with its code. The
    /// model is the name as the text writes it and the product code right after it, if one
    /// follows ("BayStack 450-24T HW:…", "LaserJet 4250", "FortiGate-60E"); never a version
    /// ("Catalyst 4.2"), a network layer ("Catalyst L3") or a port count ("JetStream 24-Port").
    func sighting(in text: String, lowercased lower: String) -> Sighting? {
        for spelling in spellings {
            let prefix = spelling.hasSuffix("-")   // a code prefix ("hl-", "ws-c"): the code follows at once
            var from = lower.startIndex
            while let found = lower.range(of: spelling, range: from..<lower.endIndex) {
                from = found.upperBound
                if found.lowerBound > lower.startIndex {
                    let before = lower[lower.index(before: found.lowerBound)]
                    if before.isLetter || before.isNumber || before == "-" { continue }
                }
                if !prefix, found.upperBound < lower.endIndex, lower[found.upperBound].isLetter { continue }
                // Another maker's line the device only works like ("… compatible with an HP
                // JETDIRECT EX", "HP LaserJet emulation").
                let around = lower[(lower.index(found.lowerBound, offsetBy: -40, limitedBy: lower.startIndex) ?? lower.startIndex)..<found.lowerBound]
                if around.contains("compatible") || lower[found.upperBound...].prefix(24).contains("emulation") { continue }
                // Lower-casing leaves ASCII offsets alone; the names are ASCII.
                let start = text.utf8.index(text.utf8.startIndex, offsetBy: lower.utf8.distance(from: lower.startIndex, to: found.lowerBound))
                let end = text.utf8.index(start, offsetBy: lower.utf8.distance(from: found.lowerBound, to: found.upperBound))
                let model = Self.model(written: String(text[start..<end]), after: text[end...], separated: !prefix)
                // A short name or a code prefix counts only with its product code ("VVX 450", "HL-L2350DW").
                if model == nil, prefix || spelling.count < 4 { continue }
                return Sighting(line: self, model: model)
            }
        }
        return nil
    }

    /// The line's name and the product code that follows it: at most four letters and a digit
    /// leading ("450-24T", "C5535", "60E"), after one space or dash, or (`separated` false: a
    /// code prefix such as "HL-") at once.
    static func model(written name: String, after rest: Substring, separated: Bool = true) -> String? {
        guard let match = rest.range(of: separated ? #"^[ -]?[A-Za-z]{0,4}\d[A-Za-z0-9+/-]*"# : #"^[A-Za-z]{0,4}\d[A-Za-z0-9+/-]*"#,
                                     options: .regularExpression) else { return nil }
        var code = rest[match]
        let separator = code.first == " " || code.first == "-" ? String(code.removeFirst()) : ""
        while let last = code.last, last == "-" || last == "/" { code.removeLast() }
        // A version is not a product: "Catalyst 4.2", "FortiGate v5".
        if rest[match.upperBound...].hasPrefix("."), rest[match.upperBound...].dropFirst().first?.isNumber == true { return nil }
        if let first = code.first, first == "v" || first == "V", code.dropFirst().first?.isNumber == true { return nil }
        guard code.contains(where: \.isNumber) else { return nil }
        // A network layer or a port count is not a product either: "Catalyst L3 Switch Software",
        // "JetStream 24-Port Gigabit L2+ Managed Switch".
        if code.range(of: #"^[Ll][1-7]\+?$"#, options: .regularExpression) != nil { return nil }
        if code.range(of: Identifier.portCount, options: .regularExpression) != nil { return nil }
        return name + separator + code
    }
}
