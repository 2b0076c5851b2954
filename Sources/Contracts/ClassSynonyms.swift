import CensusCore

/// What a contract's class text means in Census's vocabulary.
public struct ClassMatch: Hashable, Sendable {
    public var deviceClass: DeviceClass
    /// A virtual machine of that class: "Server - Virtual" is a `server` that is virtual.
    /// Census keeps the role as the class (a VM server is billed and reported as a server) and
    /// says separately that it has no chassis of its own (no serial, usually a private MAC).
    public var isVirtual: Bool

    public init(_ deviceClass: DeviceClass, virtual: Bool = false) {
        self.deviceClass = deviceClass
        self.isVirtual = virtual
    }
}

/// Maps the class texts PSAs use ("Server - Physical", "Network Switch", "MFP", "WAP"…) onto
/// `DeviceClass`.
///
/// The text is normalised first: lower case, every run of other characters than letters and
/// digits made one space (`"Firewall/UTM"` → `"firewall utm"`). Then:
/// 1. an exact entry (the user's synonyms first, then the built-in table);
/// 2. otherwise the longest entry found as whole consecutive words inside the text
///    (`"Dell PowerEdge Server"` → `server`); two longest entries of different classes
///    (`"Switch/Router"`) are ambiguous and give nil;
/// 3. a match that is not already virtual becomes virtual when the words outside it include
///    `virtual` or `vm` (`"Virtual Firewall"`);
/// 4. nothing yet: the same again with plural words made singular (`"Network Switches"`).
/// Nothing found: nil, and the row keeps its text with no class (not an error).
public struct ClassSynonyms: Sendable {
    /// Normalised text → class.
    public private(set) var table: [String: ClassMatch]
    private var longestEntry: Int
    /// Every word of the table, which plurals are never made singular from (`ups`, `nas`).
    private var words: Set<Substring>

    /// The built-in table, plus `extra` (texts as a user writes them; they win over built-ins).
    public init(extra: [String: ClassMatch] = [:]) {
        var table: [String: ClassMatch] = [:]
        for (text, match) in Self.builtIn { table[Self.normalise(text)] = match }
        for (text, match) in extra { table[Self.normalise(text)] = match }
        self.table = table
        longestEntry = table.keys.map { $0.split(separator: " ").count }.max() ?? 1
        words = Set(table.keys.flatMap { $0.split(separator: " ") })
    }

    /// Whether a class text names users or licences rather than a device: "Per User", "Users",
    /// "User Licences", "Seats", "Licence", "Subscription", "Microsoft 365", "Office 365", "M365".
    public static func namesUsers(_ text: String) -> Bool {
        let words = normalise(text).split(separator: " ")
        let userWords: Set<Substring> = ["user", "users", "seat", "seats", "licence", "licences", "license", "licenses",
                                         "licensing", "subscription", "subscriptions", "m365", "o365"]
        if words.contains(where: userWords.contains) { return true }
        return words.contains("365") && (words.contains("microsoft") || words.contains("office"))
    }

    public func match(_ text: String) -> ClassMatch? {
        let key = Self.normalise(text)
        if key.isEmpty { return nil }
        if let found = match(key: key) { return found }
        // Plural category names ("Servers", "Network Switches", "Printers").
        let singular = key.split(separator: " ").map { Self.singular($0, unless: words) }.joined(separator: " ")
        return singular == key ? nil : match(key: singular)
    }

    private static func singular(_ word: Substring, unless known: Set<Substring>) -> Substring {
        if known.contains(word) || word.count < 4 || !word.hasSuffix("s") || word.hasSuffix("ss") { return word }
        for ending in ["ches", "shes", "xes", "sses"] where word.hasSuffix(ending) { return word.dropLast(2) }
        return word.dropLast()
    }

    private func match(key: String) -> ClassMatch? {
        if let exact = table[key] { return exact }
        let words = key.split(separator: " ")
        for length in stride(from: min(longestEntry, words.count), through: 1, by: -1) {
            var found: [(match: ClassMatch, start: Int)] = []
            for start in 0...(words.count - length) {
                if let match = table[words[start..<start + length].joined(separator: " ")] { found.append((match, start)) }
            }
            guard let first = found.first else { continue }
            if found.contains(where: { $0.match.deviceClass != first.match.deviceClass }) { return nil }
            var result = first.match
            if !result.isVirtual {
                let outside = words[..<first.start] + words[(first.start + length)...]
                result.isVirtual = outside.contains("virtual") || outside.contains("vm")
            }
            return result
        }
        return nil
    }

    /// Lower case, runs of non-alphanumerics as one space, no space at either end.
    public static func normalise(_ text: String) -> String {
        var out = String.UnicodeScalarView()
        var pendingSpace = false
        for scalar in text.unicodeScalars {
            if scalar.properties.isAlphabetic || ("0"..."9").contains(scalar) {
                if pendingSpace && !out.isEmpty { out.append(" ") }
                pendingSpace = false
                out.append(contentsOf: scalar.properties.lowercaseMapping.unicodeScalars)
            } else {
                pendingSpace = true
            }
        }
        return String(out)
    }

    /// The built-in synonyms, as data: what PSAs, RMMs and MSPs' own spreadsheets call things.
    public static let builtIn: [String: ClassMatch] = [
        // Routers
        "router": .init(.router), "edge router": .init(.router), "core router": .init(.router),
        "internet router": .init(.router), "broadband router": .init(.router), "adsl router": .init(.router),
        "vdsl router": .init(.router), "4g router": .init(.router), "5g router": .init(.router),
        "lte router": .init(.router), "sd wan": .init(.router), "sdwan": .init(.router),
        "network router": .init(.router), "internet gateway": .init(.router),
        "network device router": .init(.router),
        // Switches
        "switch": .init(.switch), "network switch": .init(.switch), "managed switch": .init(.switch),
        "unmanaged switch": .init(.switch), "poe switch": .init(.switch), "core switch": .init(.switch),
        "access switch": .init(.switch), "distribution switch": .init(.switch), "edge switch": .init(.switch),
        "layer 3 switch": .init(.switch), "l3 switch": .init(.switch), "layer 2 switch": .init(.switch),
        "l2 switch": .init(.switch), "ethernet switch": .init(.switch), "network device switch": .init(.switch),
        "switch stack": .init(.switch),
        // Firewalls
        "firewall": .init(.firewall), "firewall utm": .init(.firewall), "utm": .init(.firewall),
        "utm firewall": .init(.firewall), "ngfw": .init(.firewall), "next generation firewall": .init(.firewall),
        "security appliance": .init(.firewall), "network security appliance": .init(.firewall),
        "network firewall": .init(.firewall), "network device firewall": .init(.firewall),
        "virtual firewall": .init(.firewall, virtual: true),
        // Wireless
        "wireless access point": .init(.wirelessAP), "access point": .init(.wirelessAP), "wap": .init(.wirelessAP),
        "ap": .init(.wirelessAP), "wireless ap": .init(.wirelessAP), "wifi ap": .init(.wirelessAP),
        "wi fi ap": .init(.wirelessAP), "wifi access point": .init(.wirelessAP), "wi fi access point": .init(.wirelessAP),
        "wireless": .init(.wirelessAP), "wifi": .init(.wirelessAP), "wlan ap": .init(.wirelessAP),
        "wireless-ap": .init(.wirelessAP),
        "wireless controller": .init(.wirelessController), "wlan controller": .init(.wirelessController),
        "wireless lan controller": .init(.wirelessController), "wlc": .init(.wirelessController),
        "wifi controller": .init(.wirelessController), "wireless-controller": .init(.wirelessController),
        // Servers (a VM is a server that is virtual)
        "server": .init(.server), "server physical": .init(.server), "physical server": .init(.server),
        "server virtual": .init(.server, virtual: true), "virtual server": .init(.server, virtual: true),
        "server vm": .init(.server, virtual: true), "vm server": .init(.server, virtual: true),
        "virtual machine": .init(.server, virtual: true), "vm": .init(.server, virtual: true),
        "windows server": .init(.server), "linux server": .init(.server), "rack server": .init(.server),
        "tower server": .init(.server), "blade server": .init(.server), "domain controller": .init(.server),
        "file server": .init(.server), "application server": .init(.server), "database server": .init(.server),
        "cloud server": .init(.server, virtual: true), "cloud vm": .init(.server, virtual: true),
        "managed server": .init(.server),
        // Hypervisors (the host that runs VMs)
        "hypervisor": .init(.hypervisor), "hypervisor host": .init(.hypervisor), "esxi host": .init(.hypervisor),
        "esxi": .init(.hypervisor), "esx host": .init(.hypervisor), "vmware host": .init(.hypervisor),
        "vmware esxi": .init(.hypervisor), "hyper v host": .init(.hypervisor), "hyperv host": .init(.hypervisor),
        "hyper v": .init(.hypervisor), "virtualisation host": .init(.hypervisor), "virtualization host": .init(.hypervisor),
        "vm host": .init(.hypervisor), "proxmox host": .init(.hypervisor), "proxmox": .init(.hypervisor),
        "xenserver host": .init(.hypervisor), "server hypervisor": .init(.hypervisor), "host server": .init(.hypervisor),
        // Workstations
        "workstation": .init(.workstation), "desktop": .init(.workstation), "laptop": .init(.workstation),
        "notebook": .init(.workstation), "pc": .init(.workstation), "computer": .init(.workstation),
        "desktop pc": .init(.workstation), "desktop computer": .init(.workstation), "laptop pc": .init(.workstation),
        "all in one": .init(.workstation), "aio": .init(.workstation), "thin client": .init(.workstation),
        "mac": .init(.workstation), "macbook": .init(.workstation), "imac": .init(.workstation),
        "windows workstation": .init(.workstation), "windows desktop": .init(.workstation),
        "windows laptop": .init(.workstation), "managed workstation": .init(.workstation),
        "managed desktop": .init(.workstation), "end user device": .init(.workstation),
        "virtual desktop": .init(.workstation, virtual: true), "vdi": .init(.workstation, virtual: true),
        // Storage
        "storage": .init(.storage), "nas": .init(.storage), "san": .init(.storage),
        "network attached storage": .init(.storage), "storage area network": .init(.storage),
        "storage array": .init(.storage), "disk array": .init(.storage), "nas storage": .init(.storage),
        "san storage": .init(.storage), "storage appliance": .init(.storage),
        // Printers
        "printer": .init(.printer), "mfp": .init(.printer), "mfd": .init(.printer),
        "multifunction printer": .init(.printer), "multi function printer": .init(.printer),
        "multifunction device": .init(.printer), "multi function device": .init(.printer),
        "network printer": .init(.printer), "laser printer": .init(.printer), "copier": .init(.printer),
        "photocopier": .init(.printer), "label printer": .init(.printer), "plotter": .init(.printer),
        // Power
        "ups": .init(.ups), "uninterruptible power supply": .init(.ups), "battery backup": .init(.ups),
        "pdu": .init(.pdu), "power distribution unit": .init(.pdu), "rack pdu": .init(.pdu),
        "switched pdu": .init(.pdu), "metered pdu": .init(.pdu),
        // Video
        "camera": .init(.camera), "cctv camera": .init(.camera), "ip camera": .init(.camera), "cctv": .init(.camera),
        "security camera": .init(.camera), "network camera": .init(.camera),
        "nvr": .init(.nvr), "network video recorder": .init(.nvr), "dvr": .init(.nvr),
        "video recorder": .init(.nvr), "cctv recorder": .init(.nvr),
        // Phones
        "phone": .init(.phone), "ip phone": .init(.phone), "voip phone": .init(.phone), "desk phone": .init(.phone),
        "sip phone": .init(.phone), "telephone": .init(.phone), "handset": .init(.phone),
        "conference phone": .init(.phone), "voip handset": .init(.phone),
        // Out-of-band management
        "bmc": .init(.bmc), "idrac": .init(.bmc), "ilo": .init(.bmc), "ipmi": .init(.bmc), "drac": .init(.bmc),
        "out of band management": .init(.bmc), "oob": .init(.bmc), "oob management": .init(.bmc),
        // Everything else on the network
        "iot": .init(.iot), "iot device": .init(.iot), "smart device": .init(.iot), "sensor": .init(.iot),
        "environmental sensor": .init(.iot), "thermostat": .init(.iot), "building management": .init(.iot),
        "appliance": .init(.appliance), "network appliance": .init(.appliance), "backup appliance": .init(.appliance),
        "virtual appliance": .init(.appliance, virtual: true),
        "unknown": .init(.unknown), "other": .init(.unknown),
    ]
}
