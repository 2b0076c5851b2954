import CensusCore
import Contracts
import DeviceModel
import Foundation

/// The sentences and evidence of findings: written for the client, not for an engineer.
struct Words {
    let rates: RateCard?
    /// The currency amounts are in: the card's, else the one the contract's prices name.
    let currency: String?
    let period: ReconciliationPeriod
    let scans: [Int64: ScanRecord]
    /// `between 2026-11-01 and 2026-11-30`.
    let between: String
    let sinceStart: Date

    init(rates: RateCard?, currency: String? = nil, period: ReconciliationPeriod, scans: [Int64: ScanRecord]) {
        self.rates = rates
        self.currency = rates?.currency ?? currency
        self.period = period
        self.scans = scans
        between = "between \(Self.text(period.since)) and \(Self.text(period.until))"
        sinceStart = period.since.startOfDay
    }

    // MARK: Pieces

    static let nouns: [DeviceClass: String] = [
        .router: "router", .switch: "switch", .firewall: "firewall", .wirelessAP: "access point",
        .wirelessController: "wireless controller", .server: "server", .hypervisor: "virtualisation host",
        .workstation: "computer", .storage: "storage device", .printer: "printer", .ups: "UPS",
        .pdu: "power distribution unit", .camera: "camera", .nvr: "video recorder", .phone: "phone",
        .bmc: "server management controller", .iot: "connected device", .appliance: "appliance", .unknown: "device",
    ]

    static func noun(_ cls: DeviceClass) -> String { nouns[cls] ?? cls.rawValue }

    static func article(_ word: String) -> String {
        if word.hasPrefix("UPS") { return "a \(word)" }
        return "aeiou".contains(word.first.map { Character($0.lowercased()) } ?? "x") ? "an \(word)" : "a \(word)"
    }

    func money(_ value: Money) -> String {
        currency.map { "\($0) \(value.grouped)" } ?? value.grouped
    }

    /// `2026-11-20`, the date's UTC day.
    static func day(_ date: Date) -> String {
        text(CalendarDate(daysSinceEpoch: Int((date.timeIntervalSince1970 / 86_400).rounded(.down))))
    }

    /// `2026-11-20` (what `CalendarDate.description` says, without its `String(format:)` cost).
    static func text(_ date: CalendarDate) -> String {
        func pad(_ n: Int, _ width: Int) -> String {
            let digits = String(n)
            return digits.count >= width ? digits : String(repeating: "0", count: width - digits.count) + digits
        }
        return "\(pad(date.year, 4))-\(pad(date.month, 2))-\(pad(date.day, 2))"
    }

    /// `2026-11-20 10:04 UTC`.
    static func time(_ date: Date) -> String {
        let seconds = Int(date.timeIntervalSince1970.rounded(.down))
        let days = Int((Double(seconds) / 86_400).rounded(.down))
        let inDay = seconds - days * 86_400
        let (h, m) = (inDay / 3600, inDay % 3600 / 60)
        return "\(text(CalendarDate(daysSinceEpoch: days))) \(h < 10 ? "0" : "")\(h):\(m < 10 ? "0" : "")\(m) UTC"
    }

    /// `the access point AP-Lobby (198.18.0.7, Ubiquiti UAP-AC-PRO)`.
    static func device(_ d: DeviceSnapshot) -> String {
        var text = "the \(noun(d.class))"
        if let name = d.sysName, name.contains(where: { !$0.isWhitespace }) { text += " \(name)" }
        var details: [String] = []
        if let ip = d.ip { details.append(ip.description) }
        let make = [d.vendor, d.model].compactMap { $0 }.joined(separator: " ")
        if !make.isEmpty { details.append(make) }
        if d.ip == nil, let mac = d.mac ?? d.macs.first { details.append("MAC \(mac)") }
        if !details.isEmpty { text += " (\(details.joined(separator: ", ")))" }
        return text
    }

    /// `line 7 (ACME-UPS01, a UPS, APC SMT1500RMI2UNC)`.
    static func line(_ l: ContractLine) -> String {
        var details: [String] = []
        if let name = l.name { details.append(name) }
        if let cls = l.deviceClass { details.append(article(noun(cls))) } else if let text = l.classText { details.append("'\(text)'") }
        let make = [l.manufacturer, l.model].compactMap { $0 }.joined(separator: " ")
        if !make.isEmpty { details.append(make) }
        if l.name == nil {
            if let serial = l.serial { details.append("serial \(serial)") } else if let ip = l.ip { details.append(ip.description) }
            else if let mac = l.macs.first { details.append("MAC \(mac)") }
        }
        return "line \(l.line)" + (details.isEmpty ? "" : " (\(details.joined(separator: ", ")))")
    }

    static func capitalised(_ text: String) -> String { text.prefix(1).uppercased() + text.dropFirst() }

    static func seenAt(_ d: DeviceSnapshot) -> String {
        (d.site.map { " at \($0)" } ?? "") + " on \(day(d.lastSeen))"
    }


    // MARK: Evidence

    func scanLine(_ scan: ScanRecord) -> String {
        "scan \(scan.id.map(String.init) ?? "?") at \(scan.site ?? "no site"), \(Self.time(scan.startedAt))"
    }

    /// How the device was seen: its scans in the period (the last three), sites, methods, port,
    /// the rules that named it, and why Census takes it for one device.
    func evidence(_ d: DeviceSnapshot) -> [String] {
        var out: [String] = []
        let inPeriod = d.scans.compactMap { scans[$0] }
        if inPeriod.count > 3 { out.append("seen by \(inPeriod.count) scans in the period; the last three:") }
        out += inPeriod.suffix(3).map(scanLine)
        let sites = d.sites.filter { $0.lastSeen >= sinceStart }
        if !sites.isEmpty {
            out.append("site" + (sites.count == 1 ? " " : "s ") + sites.map { "\($0.site) (\(Self.day($0.firstSeen)) to \(Self.day($0.lastSeen)))" }.joined(separator: ", "))
        }
        if !d.seenBy.isEmpty { out.append("seen by \(d.seenBy.map(\.rawValue).joined(separator: ", "))") }
        if let port = d.switchPort { out.append("switch port \(port)") }
        for rule in d.rules { out.append("rule \(rule.rule) (\(rule.fields.joined(separator: ", ")))") }
        if d.vendorSource == "mac", let vendor = d.vendor, let mac = d.mac { out.append("MAC \(mac) registered to \(vendor)") }
        out.append("identity: \(d.identity.reason)")
        return out
    }

    /// `looked for serial X, MAC Y, IP Z, name N`.
    static func lookedFor(_ l: ContractLine) -> String {
        var keys: [String] = []
        if let serial = l.serial { keys.append("serial \(serial)") }
        keys += l.macs.map { "MAC \($0)" }
        if let ip = l.ip { keys.append("IP \(ip)") }
        if let name = l.name { keys.append("name \(name)") }
        return "looked for " + keys.joined(separator: ", ") + (l.site.map { " at \($0)" } ?? "")
    }

    // MARK: Sentences

    func matched(_ d: DeviceSnapshot, _ l: ContractLine) -> String {
        "\(Self.capitalised(Self.device(d))) is on contract \(Self.line(l)) and was seen\(Self.seenAt(d))."
    }

    func unbilled(_ d: DeviceSnapshot, rate: Money) -> String {
        "\(Self.capitalised(Self.device(d))) was seen\(Self.seenAt(d)) but is on no contract line. "
            + "\(Self.capitalised(Self.article(Self.noun(d.class)))) is billed at \(money(rate)) a month."
    }

    enum ReviewWhy { case unknownClass, noRateCard, perUser, notPriced }

    func review(_ d: DeviceSnapshot, why: ReviewWhy) -> String {
        let head = "\(Self.capitalised(Self.device(d))) was seen\(Self.seenAt(d)) but is on no contract line. "
        switch why {
        case .unknownClass:
            let card = d.vendorSource == "mac" && d.vendor != nil
            let how: String
            if d.seenBy.contains(.snmp) {
                how = "it answered SNMP but was not recognised"
            } else if !d.seenBy.isEmpty && d.seenBy.allSatisfy({ $0 == .routerARP || $0 == .switchPort }) {
                how = "it was only listed in a router's or switch's tables" + (card ? ", with the maker of its network card" : "")
            } else {
                how = "it answered no SNMP; only its network address" + (card ? " and the maker of its network card were" : " was") + " seen"
            }
            return head + "What kind of device it is could not be told (\(how)), so it is listed for review, not billed."
        case .noRateCard:
            return head + "No rate card was given to price it, so it is listed for review, not billed."
        case .perUser:
            return head + "\(Self.capitalised(Self.noun(d.class)))s are covered by the per-user price, so it is listed for review, not billed per device."
        case .notPriced:
            return head + "The rate card has no per-device price for \(Self.article(Self.noun(d.class))), so it is listed for review, not billed."
        }
    }

    func missing(_ l: ContractLine, value: Money, scans: [Int64]) -> String {
        let place = l.site.map { " at \($0)" } ?? ""
        let which = scans.count == 1 ? "scan \(scans[0])"
            : scans.count <= 3 ? "scans \(scans.map(String.init).joined(separator: ", "))" : "\(scans.count) scans"
        return "\(Self.capitalised(Self.line(l))) is on the contract\(place), but no scan\(place) \(between) saw it (\(which)). "
            + (value == .zero ? "It carries no price."
               : l.monthlyPrice == nil ? "The line gives no price; at the rate card's price for \(Self.article(l.deviceClass.map(Self.noun) ?? "device")) it is \(money(value)) a month."
               : "It is charged at \(money(value)) a month.")
    }

    /// `25 computers`, a pool's devices.
    static func pool(_ l: ContractLine) -> String {
        let quantity = l.quantity ?? 0
        let noun = l.deviceClass.map(Self.noun) ?? "device"
        return "\(quantity) \(quantity == 1 ? noun : plural(noun))"
    }

    static func plural(_ noun: String) -> String {
        if noun == "UPS" { return "UPS units" }
        return noun.hasSuffix("ch") || noun.hasSuffix("sh") || noun.hasSuffix("s") ? noun + "es" : noun + "s"
    }

    func pooled(_ d: DeviceSnapshot, _ l: ContractLine, counted: Int) -> String {
        "\(Self.capitalised(Self.device(d))) was seen\(Self.seenAt(d)) and is one of the \(Self.pool(l)) of contract \(Self.line(l))"
            + " (\(counted) of them seen)."
    }

    func poolShort(_ l: ContractLine, counted: Int, value: Money, scans: [Int64]) -> String {
        let place = l.site.map { " at \($0)" } ?? ""
        let rest = (l.quantity ?? 0) - counted
        let which = scans.count == 1 ? "scan \(scans[0])"
            : scans.count <= 3 ? "scans \(scans.map(String.init).joined(separator: ", "))" : "\(scans.count) scans"
        return "\(Self.capitalised(Self.line(l))) bills \(Self.pool(l))\(place); scans \(between) (\(which)) saw \(counted) on no line of their own, so \(rest) \(rest == 1 ? "is" : "are") billed and not seen. "
            + (value == .zero ? "The line carries no price." : "\(rest == 1 ? "It is" : "They are") charged at \(money(value)) a month.")
    }

    func poolNotCovered(_ l: ContractLine, counted: Int) -> String {
        "\(Self.capitalised(Self.line(l))) bills \(Self.pool(l))\(l.site.map { " at \($0)" } ?? ""), \(counted) of them seen; "
            + "no complete scan \(between) covered \(l.site == nil ? "any site" : "the site"): no verdict on the rest."
    }

    func siteNotCovered(_ l: ContractLine) -> String {
        if let site = l.site {
            return "\(Self.capitalised(Self.line(l))) is at \(site), which no complete scan \(between) covered: no verdict on it."
        }
        return "\(Self.capitalised(Self.line(l))) could not be checked: no complete scan \(between): no verdict on it."
    }

    func addressNotCovered(_ l: ContractLine, ip: IPv4Address) -> String {
        "\(Self.capitalised(Self.line(l))) has the address \(ip), in no range scanned\(l.site.map { " at \($0)" } ?? "") \(between): no verdict on it."
    }

    func mismatch(_ d: DeviceSnapshot, _ l: ContractLine, fields: [String], seenRate: Money?, linePrice: Money?) -> String {
        var parts: [String] = []
        if fields.contains("class") {
            let said = l.deviceClass.map { Self.article(Self.noun($0)) } ?? "'\(l.classText ?? "")'"
            parts.append("the line says \(said), the device is \(Self.article(Self.noun(d.class)))")
        }
        if fields.contains("site") {
            let seen = d.sites.filter { $0.lastSeen >= sinceStart }.map(\.site)
            parts.append("the line says site \(l.site ?? ""), it was seen at \((seen.isEmpty ? [d.site ?? ""] : seen).joined(separator: " and "))")
        }
        if fields.contains("model") {
            parts.append("the line says model \(l.model ?? ""), the device reports \(d.model ?? "")")
        }
        var text = "\(Self.capitalised(Self.line(l))) and \(Self.device(d)) disagree: \(parts.joined(separator: "; "))."
        if let seenRate, let linePrice, seenRate != linePrice {
            text += " Priced as \(Self.article(Self.noun(d.class))) it would be \(money(seenRate)) a month instead of \(money(linePrice))."
        }
        return text
    }

    func unsupported(_ d: DeviceSnapshot, _ end: EndOfSupport) -> String {
        "\(Self.capitalised(Self.device(d))) is past the end of its \(end.part.rawValue) support: \(end.what)"
            + (end.date.map { " since \(Self.text($0))" } ?? "") + " (\(end.source))."
    }

    func duplicate(_ d: DeviceSnapshot, kept: ContractLine, extra: [ContractLine], value: Money) -> String {
        let others = extra.map { "line \($0.line)" }
        let list = others.count == 1 ? others[0] : others.dropLast().joined(separator: ", ") + " and " + others.last!
        return "\(Self.capitalised(Self.device(d))) is on the contract \(extra.count + 1) times: line \(kept.line) is kept as its line, "
            + "\(list) \(extra.count == 1 ? "is" : "are") extra" + (value > .zero ? ", charged \(money(value)) a month." : ".")
    }
}
