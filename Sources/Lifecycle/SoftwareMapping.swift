import CensusCore
import Foundation

/// The software a device runs, in lifecycle terms: a product and the names its version's
/// release cycle may carry in that product's data.
public struct SoftwareRelease: Sendable, Equatable {
    /// The endoflife.date product (`fortios`, `windows-server`), or Census's own name for a
    /// product endoflife.date does not publish (`cisco-asa`).
    public var product: String
    /// The version as identified (`7.2.5`, `2008 R2`, `build 9600`), when there is one.
    public var version: String?
    /// Cycle names to look for, most likely first. Empty when the version names no cycle.
    public var cycleNames: [String]
    /// What the mapping had to assume, when it did.
    public var note: String?

    public init(product: String, version: String?, cycleNames: [String], note: String? = nil) {
        self.product = product
        self.version = version
        self.cycleNames = cycleNames
        self.note = note
    }
}

/// From what identification found (`os`, `family`, `version`; the sysDescr for a Windows build)
/// to a product and release cycle. Each product follows its own scheme: FortiOS `7.2.5` → `7.2`,
/// IOS-XE `17.9.4a` → `17.9`, ESXi `7.0.3` → `7.0`, Debian `12.5` → `12`, Windows Server
/// `2008 R2` → `2008-r2-sp1`, Windows build 9600 → `8.1` or `2012-r2`. A version that names no
/// cycle gives no cycle names: it is never guessed.
public enum SoftwareMapping {
    /// The endoflife.date products the mapping uses: what `census lifecycle update` fetches.
    public static let endOfLifeDateProducts = [
        "cisco-ios", "cisco-ios-xe", "cisco-nx-os", "debian", "fortios", "macos", "netapp-ontap", "pan-os",
        "proxmox-ve", "rhel", "synology-dsm", "ubuntu", "vmware-esxi", "windows", "windows-server",
    ]

    /// Products mapped under Census's own name because endoflife.date publishes no data for them
    /// (none has a page under products/ in the endoflife.date repository, looked up 2026-11-30):
    /// their cycles stay `unknown`, with a reason that says so, unless the user imports data.
    public static let unpublishedProducts = [
        "aruba-aos-cx", "arubaos", "arubaos-switch", "cisco-asa", "dell-idrac", "hpe-ilo", "juniper-junos", "qnap-qts", "sonicos",
    ]

    /// The release an identification names, or nil when its operating system is not one Census
    /// maps (or was not identified).
    public static func release(for device: Identification, sysDescr: String? = nil) -> SoftwareRelease? {
        let os = device.os?.trimmingCharacters(in: .whitespaces) ?? ""
        let version = device.version?.trimmingCharacters(in: .whitespaces).nonEmpty
        let numbers = version.map(leadingNumbers) ?? []
        func release(_ product: String, _ cycles: [String], note: String? = nil) -> SoftwareRelease {
            SoftwareRelease(product: product, version: version, cycleNames: cycles.uniqued(), note: note)
        }
        switch os.lowercased() {
        case "fortios": return release("fortios", majorMinor(numbers))
        case "pan-os": return release("pan-os", majorMinor(numbers))
        case "ios-xe":
            // IOS-XE 3.x routers report an IOS-style version, e.g. 15.1(3)S2: no IOS-XE cycle.
            return release("cisco-ios-xe", version?.contains("(") == true ? [] : majorMinor(numbers))
        case "ios": return release("cisco-ios", majorMinor(numbers))
        case "nx-os":
            // NX-OS mode trains are 10.x and below, ACI mode ones 11.x and above.
            let names = majorMinor(numbers)
            if let major = numbers.first, major >= 11 { return release("cisco-nx-os", names.map { "\($0)-aci" }) }
            return release("cisco-nx-os", names.map { "\($0)-nxos" } + names)
        case "asa": return release("cisco-asa", majorMinor(numbers))
        case "junos":
            // 16.1R6.7 → 16.1; 12.3X48-D60.2 → 12.3X48 (the X trains are cycles of their own).
            let train = version.flatMap { $0.firstMatch(of: #/^(\d+\.\d+)(X\d+)?/#) }.map { String($0.output.0) }
            return release("juniper-junos", train.map { [$0] } ?? [])
        case "arubaos": return release("arubaos", majorMinor(numbers))
        case "aos-cx":
            // Aruba writes 10.07 as well as 10.7, after the platform's letters ("FL.10.07.0010").
            let raw = version?.drop { !$0.isNumber }.split(separator: ".").prefix(2).joined(separator: ".")
            return release("aruba-aos-cx", (raw.map { [$0] } ?? []) + majorMinor(numbers))
        case "arubaos-switch": return release("arubaos-switch", majorMinor(numbers))
        case "sonicos": return release("sonicos", majorMinor(numbers))
        case "vmware esxi", "vmware esx", "esxi": return release("vmware-esxi", majorMinor(numbers))
        case "macos", "mac os x", "os x":
            guard let major = numbers.first else { return release("macos", []) }
            return release("macos", major >= 11 ? ["\(major)"] : majorMinor(numbers))
        case "ontap", "data ontap":
            let names = numbers.count >= 3 ? ["\(numbers[0]).\(numbers[1]).\(numbers[2])"] + majorMinor(numbers)
                : majorMinor(numbers).flatMap { [$0, "\($0).1"] }
            return release("netapp-ontap", names)
        case "dsm": return release("synology-dsm", majorMinor(numbers))
        case "qts", "quts hero": return release("qnap-qts", majorMinor(numbers))
        case "ubuntu": return ubuntu(numbers, version: version)
        case "debian": return debian(numbers, version: version)
        case "rhel", "red hat enterprise linux": return release("rhel", numbers.first.map { ["\($0)"] } ?? [])
        case "proxmox ve", "proxmox": return release("proxmox-ve", numbers.first.map { ["\($0)"] } ?? [])
        case "windows server": return windowsServer(version: version, sysDescr: sysDescr)
        case "windows": return windowsClient(version: version, sysDescr: sysDescr)
        case "linux", "": return linux(family: device.family, version: version)
        default:
            // BMC firmware: the controller's generation (iDRAC9, iLO 5) is the cycle.
            let generation = os.firstMatch(of: #/(\d+)$/#).map { [String($0.output.1)] } ?? []
            if os.lowercased().hasPrefix("idrac") { return release("dell-idrac", generation) }
            if os.lowercased().hasPrefix("ilo") { return release("hpe-ilo", generation) }
            return nil
        }
    }

    // MARK: Linux distributions (from the family: "Ubuntu 22.04", "Debian 12", "RHEL/CentOS 7")

    private static func linux(family: String?, version: String?) -> SoftwareRelease? {
        guard let family = family?.trimmingCharacters(in: .whitespaces), !family.isEmpty else { return nil }
        let numbers = leadingNumbers(String(family.drop { !$0.isNumber }))
        let name = family.prefix { !$0.isNumber }.trimmingCharacters(in: .whitespaces).lowercased()
        let release = String(family.drop { !$0.isNumber }).nonEmpty
        switch name {
        case "ubuntu": return ubuntu(numbers, version: release)
        case "debian": return debian(numbers, version: release)
        case "rhel/centos", "rhel", "red hat enterprise linux":
            return SoftwareRelease(product: "rhel", version: release, cycleNames: numbers.first.map { ["\($0)"] } ?? [],
                                   note: name == "rhel/centos" ? "judged as RHEL: the kernel does not tell RHEL from CentOS, whose support ended sooner" : nil)
        case "proxmox ve":
            // The PVE release is not in the sysDescr; the kernel series says it where only one release shipped it.
            let kernel = version.map(leadingNumbers).map { $0.prefix(2).map(String.init).joined(separator: ".") }
            let major = kernel.flatMap { proxmoxByKernel[$0] }
            return SoftwareRelease(product: "proxmox-ve", version: version, cycleNames: major.map { [$0] } ?? [],
                                   note: major == nil ? nil : "release \(major!) from its kernel series \(kernel!)")
        default: return nil
        }
    }

    /// Proxmox VE kernel series (`-pve` kernels) that shipped as the default of one major release only.
    static let proxmoxByKernel = ["5.4": "6", "5.11": "7", "5.13": "7", "5.15": "7", "6.5": "8", "6.8": "8"]

    private static func ubuntu(_ numbers: [Int], version: String?) -> SoftwareRelease {
        let names = numbers.count >= 2 ? [String(format: "%d.%02d", numbers[0], numbers[1])] : []
        return SoftwareRelease(product: "ubuntu", version: version, cycleNames: names)
    }

    private static func debian(_ numbers: [Int], version: String?) -> SoftwareRelease {
        // From Debian 4 on the cycle is the major version; before, major.minor (3.1 "sarge").
        guard let major = numbers.first else { return SoftwareRelease(product: "debian", version: version, cycleNames: []) }
        return SoftwareRelease(product: "debian", version: version, cycleNames: major >= 4 ? ["\(major)"] : majorMinor(numbers))
    }

    // MARK: Windows (marketing names from identification, else the build number)

    /// Windows Server name → endoflife.date cycle. 2003, 2008 and 2008 R2 name their last service pack's cycle.
    static let windowsServerCycles: [String: String] = [
        "2000": "2000", "2003": "2003-sp2", "2003 r2": "2003-sp2", "2008": "2008-sp2", "2008 r2": "2008-r2-sp1",
        "2012": "2012", "2012 r2": "2012-r2", "2016": "2016", "2019": "2019", "2022": "2022", "2025": "2025",
        "1709": "1709-sac", "1803": "1803-sac", "1809": "1809-sac", "1903": "1903-sac", "1909": "1909-sac",
        "2004": "2004-sac", "20h2": "20h2-sac", "23h2": "23h2-ac",
    ]

    /// Windows Server build → name (17763 is 2019, the long-term release, rather than 1809).
    static let windowsServerBuilds: [Int: String] = [
        2195: "2000", 3790: "2003", 6001: "2008", 6002: "2008", 6003: "2008", 7600: "2008 R2", 7601: "2008 R2",
        9200: "2012", 9600: "2012 R2", 14393: "2016", 16299: "1709", 17134: "1803", 17763: "2019", 18362: "1903",
        18363: "1909", 19041: "2004", 19042: "20H2", 20348: "2022", 25398: "23H2", 26100: "2025",
    ]

    /// Windows client name → cycle, where the name alone says it (10 and 11 need the build).
    static let windowsClientCycles: [String: String] = ["xp": "5-sp3", "vista": "6-sp2", "7": "7-sp1", "8": "8", "8.1": "8.1"]

    /// Windows client build → cycle, Home/Pro servicing (`-w`) where editions differ.
    static let windowsClientBuilds: [Int: String] = [
        2600: "5-sp3", 6000: "6-sp2", 6001: "6-sp2", 6002: "6-sp2", 6003: "6-sp2", 7600: "7-sp1", 7601: "7-sp1",
        9200: "8", 9600: "8.1", 10240: "10-1507", 10586: "10-1511", 14393: "10-1607-w", 15063: "10-1703-w",
        16299: "10-1709-w", 17134: "10-1803-w", 17763: "10-1809-w", 18362: "10-1903", 18363: "10-1909-w",
        19041: "10-2004", 19042: "10-20h2-w", 19043: "10-21h1", 19044: "10-21h2-w", 19045: "10-22h2",
        22000: "11-21h2-w", 22621: "11-22h2-w", 22631: "11-23h2-w", 26100: "11-24h2-w", 26200: "11-25h2-w", 28000: "11-26h1-w",
    ]

    /// The build number in `10.0.17763` or `6.3.9600`, else in a sysDescr's `(Build 9600 …)`.
    static func windowsBuild(version: String?, sysDescr: String?) -> Int? {
        if let version, let match = version.wholeMatch(of: #/\d+\.\d+\.(\d{4,5})(?:\.\d+)?/#) { return Int(match.output.1) }
        if let sysDescr, let match = sysDescr.firstMatch(of: #/\(Build (\d{4,5})\b/#) { return Int(match.output.1) }
        return nil
    }

    private static func windowsServer(version: String?, sysDescr: String?) -> SoftwareRelease {
        let servicePackNote = "the last service pack's cycle: an earlier service pack lost support sooner"
        if let version, let cycle = windowsServerCycles[version.lowercased()] {
            return SoftwareRelease(product: "windows-server", version: version, cycleNames: [cycle],
                                   note: cycle.contains("-sp") ? servicePackNote : nil)
        }
        if let build = windowsBuild(version: version, sysDescr: sysDescr) {
            let cycle = windowsServerBuilds[build].flatMap { windowsServerCycles[$0.lowercased()] }
            return SoftwareRelease(product: "windows-server", version: version ?? "build \(build)", cycleNames: cycle.map { [$0] } ?? [],
                                   note: cycle?.contains("-sp") == true ? servicePackNote : nil)
        }
        return SoftwareRelease(product: "windows-server", version: version, cycleNames: [])
    }

    private static func windowsClient(version: String?, sysDescr: String?) -> SoftwareRelease {
        let editionNote = "Home/Pro servicing assumed: SNMP does not say the edition, and Enterprise editions are supported longer"
        if let build = windowsBuild(version: version, sysDescr: sysDescr), let cycle = windowsClientBuilds[build] {
            let shown = version.map { $0.contains("\(build)") ? $0 : "\($0) (build \(build))" } ?? "build \(build)"
            return SoftwareRelease(product: "windows", version: shown,
                                   cycleNames: [cycle], note: cycle.hasSuffix("-w") ? editionNote : nil)
        }
        if let version, let cycle = windowsClientCycles[version.lowercased()] {
            return SoftwareRelease(product: "windows", version: version, cycleNames: [cycle])
        }
        return SoftwareRelease(product: "windows", version: version, cycleNames: [])
    }

    // MARK: Version text

    /// The dotted numbers a version starts with, after any letter prefix: `7.2.5` → [7, 2, 5],
    /// `17.9.4a` → [17, 9, 4], `12.2(55)SE3` → [12, 2], `WC.16.11.0004` → [16, 11, 4].
    static func leadingNumbers(_ version: String) -> [Int] {
        let start = version.drop { !$0.isNumber }
        var numbers: [Int] = []
        for part in start.split(separator: ".", omittingEmptySubsequences: false) {
            let digits = part.prefix { $0.isASCII && $0.isNumber }
            guard let number = Int(digits) else { break }
            numbers.append(number)
            if digits.count != part.count { break }
        }
        return numbers
    }

    private static func majorMinor(_ numbers: [Int]) -> [String] {
        numbers.count >= 2 ? ["\(numbers[0]).\(numbers[1])"] : []
    }
}

private extension String {
    var nonEmpty: String? { isEmpty ? nil : self }
}

private extension Array where Element: Hashable {
    func uniqued() -> [Element] {
        var seen = Set<Element>()
        return filter { seen.insert($0).inserted }
    }
}
