import CensusCore
import Contracts

/// How contract text and what Census saw are made comparable: serials, vendors, names, sites,
/// models and classes. Every rule here is a pure function of its inputs.
public enum ReconciliationKeys {
    // MARK: Serials

    /// Upper case, letters and digits only (`" fcw-2231 l0ab "` → `FCW2231L0AB`); nil when nothing is left.
    public static func serial(_ text: String?) -> String? {
        guard let text else { return nil }
        if text.utf8.allSatisfy({ $0 < 0x80 }) {   // the common case, byte by byte
            var bytes: [UInt8] = []
            bytes.reserveCapacity(text.utf8.count)
            for b in text.utf8 {
                switch b {
                case 0x30...0x39, 0x41...0x5A: bytes.append(b)
                case 0x61...0x7A: bytes.append(b - 0x20)
                default: break
                }
            }
            return bytes.isEmpty ? nil : String(decoding: bytes, as: UTF8.self)
        }
        let key = String(String.UnicodeScalarView(text.unicodeScalars.filter { $0.properties.isAlphabetic || ("0"..."9").contains($0) }))
            .uppercased()
        return key.isEmpty ? nil : key
    }

    // MARK: Vendors

    /// Words a vendor's name carries that say nothing about which vendor it is.
    static let corporateWords: Set<String> = [
        "inc", "incorporated", "ltd", "limited", "llc", "plc", "corp", "corporation", "co", "company", "gmbh", "ag", "sa", "bv",
        "srl", "spa", "kk", "oy", "ab", "as", "pty", "systems", "system", "technologies", "technology", "tech", "networks",
        "network", "networking", "communications", "electronics", "international", "intl", "group", "holdings", "the", "and",
        "enterprise", "enterprises", "solutions", "computer", "computers", "products", "devices", "labs",
    ]

    /// Spellings of one vendor (after normalisation and corporate words removed) → one name.
    static let vendorAliases: [String: String] = [
        "hp": "hp", "hpe": "hp", "hewlett packard": "hp", "hewlettpackard": "hp", "h3c": "hp", "aruba": "hp",
        "cisco": "cisco", "cisco meraki": "cisco", "meraki": "cisco", "linksys": "cisco",
        "dell": "dell", "dell emc": "dell", "emc": "dell",
        "apc": "apc", "american power conversion": "apc", "schneider electric": "apc", "apc by schneider electric": "apc",
        "ubiquiti": "ubiquiti", "ubnt": "ubiquiti", "ubiquiti inc": "ubiquiti",
        "fortinet": "fortinet", "fortigate": "fortinet",
        "juniper": "juniper", "tp link": "tplink", "tplink": "tplink",
        "mikrotik": "mikrotik", "routerboard": "mikrotik", "mikrotikls": "mikrotik",
        "palo alto": "paloalto", "palo alto networks": "paloalto", "paloalto": "paloalto",
        "lenovo": "lenovo", "ibm": "lenovo",
        "vmware": "vmware", "vmware esxi": "vmware",
        "eaton": "eaton", "powerware": "eaton",
        "vertiv": "vertiv", "emerson": "vertiv", "emerson network power": "vertiv", "liebert": "vertiv",
        "hikvision": "hikvision", "hangzhou hikvision digital": "hikvision", "hikvision digital": "hikvision",
        "kyocera": "kyocera", "kyocera document": "kyocera", "kyocera mita": "kyocera",
        "ricoh": "ricoh", "brother": "brother", "brother industries": "brother", "canon": "canon", "xerox": "xerox",
        "sonicwall": "sonicwall", "watchguard": "watchguard", "sophos": "sophos", "synology": "synology",
        "qnap": "qnap", "netgear": "netgear", "d link": "dlink", "dlink": "dlink", "zyxel": "zyxel",
        "supermicro": "supermicro", "super micro": "supermicro",
    ]

    /// Lower-case words of `text`, corporate words removed, joined by single spaces.
    static func words(_ text: String) -> [String] {
        ClassSynonyms.normalise(text).split(separator: " ").map(String.init).filter { !corporateWords.contains($0) }
    }

    /// One name per vendor: "Cisco Systems, Inc." → `cisco`, "Hewlett Packard Enterprise" → `hp`.
    public static func vendor(_ text: String?) -> String? {
        guard let text else { return nil }
        let w = words(text)
        if w.isEmpty { return nil }
        let joined = w.joined(separator: " ")
        if let alias = vendorAliases[joined] { return alias }
        // The longest known alias at the start ("Cisco Meraki Networks" → cisco).
        for length in stride(from: w.count, through: 1, by: -1) {
            if let alias = vendorAliases[w[..<length].joined(separator: " ")] { return alias }
        }
        return joined
    }

    /// Two vendor names that may be one vendor: the same after `vendor(_:)`, or one's words the
    /// start of the other's ("Ubiquiti" ~ "Ubiquiti Networks Inc", "HP" ~ "HPE" ~ "Hewlett Packard").
    /// Unknown on either side agrees with anything.
    public static func vendorsAgree(_ a: String?, _ b: String?) -> Bool {
        guard let ka = vendor(a), let kb = vendor(b) else { return true }
        if ka == kb { return true }
        let (wa, wb) = (ka.split(separator: " "), kb.split(separator: " "))
        let shorter = wa.count <= wb.count ? wa : wb
        let longer = wa.count <= wb.count ? wb : wa
        return !shorter.isEmpty && Array(longer.prefix(shorter.count)) == shorter
    }

    // MARK: Names and sites

    /// A host name without its domain, lower case (`ACME-FW01.acme.local` → `acme-fw01`); nil
    /// for an empty name or one that is an IPv4 address.
    public static func name(_ text: String?) -> String? {
        guard let text else { return nil }
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        if trimmed.isEmpty || IPv4Address(trimmed) != nil { return nil }
        let host = trimmed.split(separator: ".", maxSplits: 1).first.map(String.init) ?? trimmed
        let key = host.lowercased()
        return key.isEmpty ? nil : key
    }

    /// A site name for comparisons: lower case, punctuation and spacing ignored (`"Surgery 2"` = `surgery-2`).
    public static func site(_ text: String?) -> String? {
        guard let text else { return nil }
        let key = ClassSynonyms.normalise(text)
        return key.isEmpty ? nil : key
    }

    /// A client name for comparisons: as `vendor` words (corporate words removed: "Acme Ltd" = "ACME").
    public static func client(_ text: String?) -> String? {
        guard let text else { return nil }
        let w = words(text)
        return w.isEmpty ? ClassSynonyms.normalise(text) : w.joined(separator: " ")
    }

    // MARK: Models

    /// Product-line words and prefixes rewritten to one spelling, applied to the upper-case
    /// letters-and-digits text: FortiGate/FGT/FG, FortiSwitch/FSW/FS, FortiAP/FAP, Cisco's `WS-`.
    static let modelPrefixes: [(String, String)] = [
        ("FORTIGATE", "FG"), ("FGT", "FG"), ("FORTIWIFI", "FWF"), ("FORTISWITCH", "FS"), ("FSW", "FS"), ("FORTIAP", "FAP"),
        ("CATALYST", ""), ("WSC", "C"), ("POWEREDGE", ""), ("PROLIANT", ""), ("SMARTUPS", ""), ("UNIFI", ""),
    ]

    /// Vendor words that may start a model text ("Cisco WS-C3560", "HP ProLiant DL380").
    static let modelVendorWords: Set<String> = [
        "CISCO", "HP", "HPE", "HEWLETT", "PACKARD", "DELL", "FORTINET", "UBIQUITI", "APC", "JUNIPER", "ARUBA", "LENOVO",
        "SYNOLOGY", "QNAP", "NETGEAR", "MIKROTIK", "EATON", "KYOCERA", "RICOH", "BROTHER", "CANON", "XEROX", "HIKVISION",
        "SONICWALL", "WATCHGUARD", "SOPHOS", "ZYXEL", "VMWARE", "SYSTEMS", "INC", "NETWORKS", "ENTERPRISE",
    ]

    /// A model for comparisons: upper case, vendor words at the start removed (the known ones and
    /// `vendors`' own), punctuation and spaces removed, product-line prefixes rewritten:
    /// "FortiGate 60F", "FGT_60F", "FG-60F" → `FG60F`; "WS-C3560-48TS-S" → `C356048TSS`.
    public static func model(_ text: String?, vendors: [String?] = []) -> String? {
        guard let text else { return nil }
        var skip = modelVendorWords
        for vendor in vendors.compactMap({ $0 }) {
            for word in ClassSynonyms.normalise(vendor).split(separator: " ") { skip.insert(word.uppercased()) }
        }
        var tokens = ClassSynonyms.normalise(text).split(separator: " ").map { $0.uppercased() }
        while tokens.count > 1, skip.contains(tokens[0]) { tokens.removeFirst() }
        var key = tokens.joined()
        // Rewrite prefixes until none applies ("Catalyst WS-C3560" → "WSC3560" → "C3560").
        var rewritten = true
        while rewritten {
            rewritten = false
            for (prefix, replacement) in modelPrefixes where key.hasPrefix(prefix) && key.count > prefix.count {
                key = replacement + key.dropFirst(prefix.count)
                rewritten = true
                break
            }
        }
        return key.isEmpty ? nil : key
    }

    /// Whether two model texts name one model: equal after `model(_:vendors:)`, or one contains
    /// the other (at least three characters, one digit: "C3560-48TS" is in "WS-C3560-48TS-S").
    /// Unknown on either side agrees.
    public static func modelsAgree(_ a: String?, _ b: String?, vendors: [String?] = []) -> Bool {
        guard let ka = model(a, vendors: vendors), let kb = model(b, vendors: vendors) else { return true }
        if ka == kb { return true }
        let (short, long) = ka.count <= kb.count ? (ka, kb) : (kb, ka)
        return short.count >= 3 && short.contains(where: \.isNumber) && long.contains(short)
    }

    // MARK: Classes

    /// Classes that are one thing for billing and support: a line entered as one and a device
    /// seen as another of the same group agree.
    /// - `router`, `firewall`: the edge device (a firewall routes, a router filters);
    /// - `wireless-ap`, `wireless-controller`: the wireless system (controllers are often APs themselves);
    /// - `server`, `hypervisor`, `bmc`: the server (a hypervisor is a server's role; its BMC carries the server's serial).
    /// Every other class stands alone (a UPS entered as a server, a switch entered as a router, a
    /// NAS entered as a server are mismatches). `unknown` is never compared.
    public static let classGroups: [[DeviceClass]] = [
        [.router, .firewall],
        [.wirelessAP, .wirelessController],
        [.server, .hypervisor, .bmc],
    ]

    static let groupOf: [DeviceClass: Int] = {
        var map: [DeviceClass: Int] = [:]
        for (index, group) in classGroups.enumerated() { for cls in group { map[cls] = index } }
        return map
    }()

    /// Whether a line's class and a device's class agree (nil or `unknown` on either side: no verdict, they agree).
    public static func classesAgree(_ line: DeviceClass?, _ seen: DeviceClass?) -> Bool {
        guard let line, let seen, line != .unknown, seen != .unknown else { return true }
        if line == seen { return true }
        if let a = groupOf[line], let b = groupOf[seen] { return a == b }
        return false
    }
}

/// The keys of one reconciliation, each distinct text worked out once: devices and lines
/// repeat the same sites, vendors and models thousands of times.
final class KeyMemo {
    private var sites: [String: String?] = [:]
    private var vendorPairs: [Pair: Bool] = [:]
    private var models: [ModelQuestion: Bool] = [:]

    struct Pair: Hashable { var a: String?, b: String? }
    struct ModelQuestion: Hashable { var a: String, b: String, vendorA: String?, vendorB: String? }

    func site(_ text: String?) -> String? {
        guard let text else { return nil }
        if let known = sites[text] { return known }
        let key = ReconciliationKeys.site(text)
        sites[text] = .some(key)
        return key
    }

    func vendorsAgree(_ a: String?, _ b: String?) -> Bool {
        let pair = Pair(a: a, b: b)
        if let known = vendorPairs[pair] { return known }
        let answer = ReconciliationKeys.vendorsAgree(a, b)
        vendorPairs[pair] = answer
        return answer
    }

    func modelsAgree(_ a: String?, _ b: String?, vendors: (String?, String?)) -> Bool {
        guard let a, let b else { return true }
        let question = ModelQuestion(a: a, b: b, vendorA: vendors.0, vendorB: vendors.1)
        if let known = models[question] { return known }
        let answer = ReconciliationKeys.modelsAgree(a, b, vendors: [vendors.0, vendors.1])
        models[question] = answer
        return answer
    }
}
