import CensusCore
import Contracts
import DeviceModel
import Foundation

/// Holds a client's contract (what the MSP bills) against the devices Census saw in a period
/// (what is there), and says what agrees, what is billed and not there, what is there and not
/// billed, and what disagrees — each finding with its money, its reason and its evidence.
///
/// Pure logic over values: no store, no clock, no files. Time is linear in devices + lines
/// (hash joins on serial, MAC, address and name), plus the sort of the findings.
public enum Reconciliation {
    /// Reconciles `contract` with `devices` seen by `scans` in `period`.
    ///
    /// - Parameters:
    ///   - devices: the client's devices (`Inventory.DeviceViews`); those not seen in the period
    ///     (`lastSeen` before `since`, or `firstSeen` after `until`) are left out.
    ///   - scans: the client's scans; those started in the period say which sites and ranges
    ///     were covered (complete scans only: an interrupted or failed scan proves no absence).
    ///   - contract: the imported contract; lines whose `client` names another client are
    ///     ignored (a note says how many), its row errors are passed through as `import_errors`.
    ///   - rates: the rate card; without one nothing is priced per device, so no device is `unbilled`.
    ///   - period: the days reconciled, both included (UTC).
    ///   - asOf: the day the report is made for.
    ///   - supportEnds: the lifecycle judgement of a device; each `past_eol` end is an `unsupported` finding.
    public static func reconcile(devices: [DeviceSnapshot], scans: [ScanRecord], contract: ContractImport, rates: RateCard?,
                                 client: String, period: (since: CalendarDate, until: CalendarDate), asOf: CalendarDate,
                                 supportEnds: (DeviceSnapshot) -> [EndOfSupport] = { _ in [] }) -> ReconciliationReport {
        var engine = Engine(client: client, period: ReconciliationPeriod(since: period.since, until: period.until), rates: rates)
        return engine.run(devices: devices, scans: scans, contract: contract, asOf: asOf, supportEnds: supportEnds)
    }

    /// The lines of `contract` that are `client`'s, as reconciling takes them: a line naming no
    /// client is its own, one naming another client is not.
    public static func lines(of client: String, in contract: ContractImport) -> [ContractLine] {
        var engine = Engine(client: client, period: ReconciliationPeriod(since: CalendarDate(daysSinceEpoch: 0), until: CalendarDate(daysSinceEpoch: 0)), rates: nil)
        return engine.ownLines(contract.lines)
    }
}

/// One reconciliation's working state.
struct Engine {
    let client: String
    let period: ReconciliationPeriod
    let rates: RateCard?
    var notes: [String] = []
    /// The client's lines that bill users, not devices.
    var usersLineNumbers: [Int] = []
    let memo = KeyMemo()

    init(client: String, period: ReconciliationPeriod, rates: RateCard?) {
        self.client = client
        self.period = period
        self.rates = rates
    }

    // MARK: Coverage

    struct Coverage {
        /// Site key (nil: scans naming no site) → what the site's complete scans covered.
        var sites: [String?: SiteCoverage] = [:]
        var order: [String?] = []
        var scansById: [Int64: ScanRecord] = [:]
        /// Per site key, the scans of the period that do not count (interrupted, failed).
        var incomplete: [String?: [ScanRecord]] = [:]

        /// Per line site key (nil: a line naming no site), the ranges its address can be in and the
        /// scans that looked: its site's, plus those of scans that named no site (every site's for
        /// a line naming none). Worked out once per site, not per line.
        var forLines: [String?: (ranges: [IPv4Network], scans: [Int64])] = [:]

        func covers(site key: String?) -> Bool { key == nil ? !sites.isEmpty : sites[key] != nil }

        mutating func finish() {
            let all = order.compactMap { sites[$0] }
            forLines[nil] = (all.flatMap(\.ranges), all.flatMap(\.scans).sorted())
            for key in order where key != nil {
                let mine = [sites[key], sites[nil]].compactMap { $0 }
                forLines[key] = (mine.flatMap(\.ranges), mine.flatMap(\.scans).sorted())
            }
        }
    }

    mutating func coverage(_ scans: [ScanRecord]) -> Coverage {
        var coverage = Coverage()
        let inPeriod = scans.filter { period.contains($0.startedAt) }.sorted { ($0.startedAt, $0.id ?? 0) < ($1.startedAt, $1.id ?? 0) }
        for scan in inPeriod {
            if let id = scan.id { coverage.scansById[id] = scan }
            let key = memo.site(scan.site)
            guard scan.status == .complete else {
                if scan.status != .running { coverage.incomplete[key, default: []].append(scan) }
                continue
            }
            if coverage.sites[key] == nil {
                coverage.sites[key] = SiteCoverage(site: scan.site, scans: [], ranges: [])
                coverage.order.append(key)
            }
            if let id = scan.id { coverage.sites[key]!.scans.append(id) }
            for range in scan.ranges where !coverage.sites[key]!.ranges.contains(range) { coverage.sites[key]!.ranges.append(range) }
        }
        for (key, list) in coverage.incomplete.sorted(by: { ($0.key ?? "") < ($1.key ?? "") }) {
            let ids = list.compactMap(\.id).map(String.init).joined(separator: ", ")
            let at = list.first?.site.map { " at \($0)" } ?? ""
            let how = list.allSatisfy { $0.status == .failed } ? "failed" : "did not finish"
            let counted = coverage.sites[key] == nil ? "" : " (other scans there did)"
            notes.append("Scan\(list.count == 1 ? "" : "s") \(ids)\(at) \(how): what \(list.count == 1 ? "it" : "they") saw is used, "
                         + "but not as proof that a contracted device is absent\(counted).")
        }
        coverage.finish()
        return coverage
    }

    // MARK: Matching

    /// Indexes of the period's devices by every key a line can name.
    struct Index {
        var bySerial: [String: [Int]] = [:]
        var byMAC: [MACAddress: Int] = [:]
        /// (site key, address) → device; site key nil for devices last seen by a scan naming no site.
        var byIP: [SiteKeyed<IPv4Address>: Int] = [:]
        var byIPAnySite: [IPv4Address: Int] = [:]
        var byName: [SiteKeyed<String>: Int] = [:]
        var byNameAnySite: [String: Int] = [:]
    }

    struct SiteKeyed<Value: Hashable>: Hashable {
        var site: String?
        var value: Value
    }

    static func index(_ devices: [DeviceSnapshot], memo: KeyMemo) -> Index {
        var index = Index()
        index.bySerial.reserveCapacity(devices.count)
        index.byMAC.reserveCapacity(devices.count)
        index.byIP.reserveCapacity(devices.count)
        index.byIPAnySite.reserveCapacity(devices.count)
        /// The device last seen wins a shared key (an address handed on by DHCP); then the lower id.
        func better(_ new: Int, than old: Int?) -> Bool {
            guard let old else { return true }
            let (a, b) = (devices[new], devices[old])
            return a.lastSeen != b.lastSeen ? a.lastSeen > b.lastSeen : a.id < b.id
        }
        for (i, d) in devices.enumerated() {
            if let serial = ReconciliationKeys.serial(d.serial) { index.bySerial[serial, default: []].append(i) }
            var macs = d.macs
            if let mac = d.mac { macs.append(mac) }
            for mac in macs where !mac.isZero && better(i, than: index.byMAC[mac]) { index.byMAC[mac] = i }
            let site = memo.site(d.site)
            var addresses = d.addresses
            if let ip = d.ip { addresses.append(ip) }
            for ip in addresses {
                let key = SiteKeyed(site: site, value: ip)
                if better(i, than: index.byIP[key]) { index.byIP[key] = i }
                if better(i, than: index.byIPAnySite[ip]) { index.byIPAnySite[ip] = i }
            }
            if let name = ReconciliationKeys.name(d.sysName) {
                let key = SiteKeyed(site: site, value: name)
                if better(i, than: index.byName[key]) { index.byName[key] = i }
                if better(i, than: index.byNameAnySite[name]) { index.byNameAnySite[name] = i }
            }
        }
        return index
    }

    /// The device a line names, strongest key first: serial (with vendor when both sides have
    /// one), MAC, then address or name at the line's site. A weaker key is refused when an
    /// identifier both sides have disagrees (another serial; for address and name, no MAC in common).
    static func match(_ line: ContractLine, in index: Index, devices: [DeviceSnapshot], memo: KeyMemo) -> (device: Int, key: MatchKey)? {
        if let serial = ReconciliationKeys.serial(line.serial), let candidates = index.bySerial[serial],
           let found = candidates.first(where: { memo.vendorsAgree(line.manufacturer, devices[$0].vendor) }) {
            return (found, .serial)
        }
        func serialConflict(_ d: DeviceSnapshot) -> Bool {
            guard let a = ReconciliationKeys.serial(line.serial), let b = ReconciliationKeys.serial(d.serial) else { return false }
            return a != b
        }
        func macConflict(_ d: DeviceSnapshot) -> Bool {
            guard !line.macs.isEmpty else { return false }
            let seen = Set(d.macs + (d.mac.map { [$0] } ?? []))
            return !seen.isEmpty && !line.macs.contains(where: seen.contains)
        }
        for mac in line.macs {
            if let i = index.byMAC[mac], !serialConflict(devices[i]) { return (i, .mac) }
        }
        let site = memo.site(line.site)
        func lookup<V: Hashable>(_ value: V?, _ keyed: [SiteKeyed<V>: Int], _ any: [V: Int]) -> Int? {
            guard let value else { return nil }
            if site == nil { return any[value] }
            return keyed[SiteKeyed(site: site, value: value)] ?? keyed[SiteKeyed(site: nil, value: value)]
        }
        if let i = lookup(line.ip, index.byIP, index.byIPAnySite), !serialConflict(devices[i]), !macConflict(devices[i]) { return (i, .ip) }
        if let i = lookup(ReconciliationKeys.name(line.name), index.byName, index.byNameAnySite), !serialConflict(devices[i]),
           !macConflict(devices[i]) {
            return (i, .name)
        }
        return nil
    }

    // MARK: The run

    mutating func run(devices all: [DeviceSnapshot], scans: [ScanRecord], contract: ContractImport, asOf: CalendarDate,
                      supportEnds: (DeviceSnapshot) -> [EndOfSupport]) -> ReconciliationReport {
        let coverage = coverage(scans)
        let (start, end) = (period.since.startOfDay, period.until.adding(days: 1).startOfDay)
        let devices = all.filter { $0.lastSeen >= start && $0.firstSeen < end }
            .sorted { $0.id < $1.id }
        let own = ownLines(contract.lines)
        // A price in another currency than the rate card's is not added to it: the row is
        // skipped as unreadable, naming both (Census converts no currency). Without a card, the
        // currency most of the prices name is the contract's, and a price in another is not
        // added to them either (users lines' prices neither).
        var currencyErrors: [ContractRowError] = []
        let currency = rates?.currency ?? Self.commonCurrency(own)
        let counted = own.filter { line in
            guard let currency, let named = line.currency, !Self.fits(named, currency) else { return true }
            let whose = rates == nil ? "most of the contract's prices are" : "the rate card's"
            currencyErrors.append(ContractRowError(line: line.line, message: "its price is in \(named == "$" ? "dollars" : named), \(whose) in \(currency == "$" ? "dollars" : currency): the row is not counted (convert it, or use a rate card in that currency)"))
            return false
        }
        // Lines for users (per-user licences) are no devices: matched to none, never missing.
        let lines = counted.filter { !$0.isUsersLine }
        let usersLines = counted.filter(\.isUsersLine)
        usersLineNumbers = usersLines.map(\.line)
        if !usersLines.isEmpty {
            let users = usersLines.compactMap(\.users).reduce(0, +)
            notes.append("\(usersLines.count == 1 ? "line" : "lines") \(usersLines.map { String($0.line) }.joined(separator: ", ")) \(usersLines.count == 1 ? "bills" : "bill") users, not devices (\(users) users): not matched to devices.")
        }
        let index = Self.index(devices, memo: memo)
        let words = Words(rates: rates, currency: currency == "$" ? nil : currency, period: period, scans: coverage.scansById)

        // Which lines point to which device; then each pool counts devices left on no line.
        var linesOf: [Int: [(line: ContractLine, key: MatchKey)]] = [:]
        var unmatched: [ContractLine] = []
        for line in lines where !line.isPool {
            if let (device, key) = Self.match(line, in: index, devices: devices, memo: memo) {
                linesOf[device, default: []].append((line, key))
            } else {
                unmatched.append(line)
            }
        }
        let pools = pool(lines.filter(\.isPool), devices: devices, taken: Set(linesOf.keys))

        var findings: [Finding] = []
        for (i, device) in devices.enumerated() {
            let seen = FindingDevice(device)
            let evidence = words.evidence(device)
            if let matched = linesOf[i] {
                let (line, key) = matched[0]
                let matchEvidence = "line \(line.line) matched by \(key.rawValue) \(Self.keyValue(key, line: line, device: device))"
                findings.append(compare(line, device, key: key, seen: seen, evidence: evidence + [matchEvidence], words: words))
                if matched.count > 1 {
                    let extra = matched.dropFirst()
                    let value = extra.reduce(Money.zero) { $0 + linePrice($1.line) }
                    findings.append(Finding(
                        kind: .duplicate, device: seen, contractLines: matched.map(\.line.line), fields: [], matchKey: extra.first?.key,
                        reason: words.duplicate(device, kept: line, extra: extra.map(\.line), value: value),
                        evidence: evidence + matched.map { "line \($0.line.line) matched by \($0.key.rawValue) \(Self.keyValue($0.key, line: $0.line, device: device))" },
                        monthlyValue: value))
                }
            } else if let line = pools.lineOf[i] {
                let counted = pools.counted[line.line, default: 0]
                findings.append(Finding(kind: .matched, device: seen, contractLines: [line.line], matchKey: .pool,
                                        reason: words.pooled(device, line, counted: counted),
                                        evidence: evidence + ["line \(line.line) counts \(counted) of its \(line.quantity ?? 0) devices"]))
            } else {
                findings.append(unlisted(device, seen: seen, evidence: evidence, words: words))
            }
            let lineNumber = linesOf[i].map { $0[0].line.line } ?? pools.lineOf[i]?.line
            for end in supportEnds(device) where end.status == EndOfSupport.pastEOL {
                findings.append(Finding(kind: .unsupported, device: seen, contractLines: lineNumber.map { [$0] } ?? [],
                                        fields: [end.part.rawValue], reason: words.unsupported(device, end),
                                        evidence: evidence + ["\(end.part.rawValue) support: \(end.what), \(end.status)"
                                            + (end.date.map { " since \(Words.text($0))" } ?? "") + " (\(end.source))"]))
            }
        }
        for line in unmatched { findings.append(absent(line, coverage: coverage, words: words)) }
        for line in lines where line.isPool {
            let counted = pools.counted[line.line, default: 0]
            if counted < line.quantity! { findings.append(short(line, counted: counted, coverage: coverage, words: words)) }
        }

        // Kind, then device id, then first line, then fields: sorted as small keys, moved once.
        let keys = findings.map { f in (f.kind.order, f.device?.id ?? .max, f.contractLines.first ?? .max, f.fields.joined(separator: " ")) }
        let order = keys.indices.sorted { keys[$0] < keys[$1] }
        findings = order.map { findings[$0] }

        var counts = Dictionary(uniqueKeysWithValues: FindingKind.allCases.map { ($0.rawValue, 0) })
        var unbilled = Money.zero, overbilled = Money.zero
        for f in findings {
            counts[f.kind.rawValue, default: 0] += 1
            switch f.kind {
            case .unbilled: unbilled += f.monthlyValue
            case .mismatch where f.monthlyValue > .zero: unbilled += f.monthlyValue
            // A class billed above what was seen is overbilling, so the totals always explain
            // the difference between what is billed and what is due.
            case .mismatch where f.monthlyValue < .zero: overbilled += .zero - f.monthlyValue
            case .missing, .duplicate: overbilled += f.monthlyValue
            default: break
            }
        }
        var report = ReconciliationReport(
            client: client, asOf: asOf, period: period,
            coverage: coverage.order.compactMap { coverage.sites[$0] }.sorted { ($0.site ?? "") < ($1.site ?? "") },
            summary: ReconciliationSummary(counts: counts, unbilledMonthly: unbilled, overbilledMonthly: overbilled, currency: rates?.currency ?? (currency == "$" ? nil : currency)),
            findings: findings, importErrors: (contract.errors + currencyErrors).sorted { $0.line < $1.line },
            // What the reader of the contract said (columns not read, cells left out, dates month
            // first) travels with the report: JSON, the HTML sources and the server's answers.
            notes: contract.notes.map { "\(URL(fileURLWithPath: contract.file).lastPathComponent): \($0)" } + notes)
        report.usersLines = usersLineNumbers
        return report
    }

    /// The currency most of the lines' prices name (a bare `$` only when no line names a code).
    static func commonCurrency(_ lines: [ContractLine]) -> String? {
        var counts: [String: Int] = [:], first: [String: Int] = [:]
        for line in lines { if let named = line.currency { counts[named, default: 0] += 1; first[named] = first[named] ?? line.line } }
        let codes = counts.filter { $0.key != "$" }
        guard !codes.isEmpty else { return counts.isEmpty ? nil : "$" }
        return codes.max { ($0.value, -first[$0.key]!) < ($1.value, -first[$1.key]!) }?.key
    }

    /// Whether a price that names `named` may be added to amounts in `currency` (a bare `$` fits
    /// any dollar, and any dollar fits a bare `$`).
    static func fits(_ named: String, _ currency: String) -> Bool {
        if currency == "$" { return named == "$" || named.uppercased().hasSuffix("D") }
        return ContractCell.currency(named, fits: currency)
    }

    /// The lines of this client: a line naming no client is the client's; a line naming another
    /// is ignored. Names compare without case, punctuation or corporate words ("Acme Ltd" =
    /// "ACME"); when no line names the client so, a line whose name starts with the client's
    /// words counts ("Acme" → "Acme Dental").
    mutating func ownLines(_ lines: [ContractLine]) -> [ContractLine] {
        let wanted = ReconciliationKeys.client(client) ?? ""
        var keys: [String: String] = [:]   // client text → key, each distinct text done once
        func key(_ text: String) -> String {
            if let known = keys[text] { return known }
            let k = ReconciliationKeys.client(text) ?? ""
            keys[text] = k
            return k
        }
        let exact = lines.contains { $0.client.map(key) == wanted }
        // Without a line naming the client exactly, one longer name that starts with its words
        // is taken ("Acme" → "Acme Dental Ltd"), and said; two such names are two clients, and
        // neither is taken.
        var longer = Set<String>()
        if !exact && !wanted.isEmpty {
            for line in lines { if let name = line.client, key(name).hasPrefix(wanted + " ") { longer.insert(key(name)) } }
        }
        let taken = longer.count == 1 ? longer.first : nil
        func own(_ line: ContractLine) -> Bool {
            guard let name = line.client else { return true }
            let k = key(name)
            return k == wanted || k == taken
        }
        var kept: [ContractLine] = []
        var others: [String: Int] = [:]
        var takenNames = Set<String>()
        for line in lines {
            if own(line) {
                kept.append(line)
                if let name = line.client, key(name) == taken { takenNames.insert(name) }
            } else {
                others[line.client!, default: 0] += 1
            }
        }
        if !takenNames.isEmpty {
            notes.append("no line names the client '\(client)' exactly: the lines of \(takenNames.sorted().map { "'\($0)'" }.joined(separator: ", ")) are taken as its own (their name starts with it).")
        } else if longer.count > 1 {
            let names = Set(lines.compactMap { $0.client }.filter { longer.contains(key($0)) }).sorted().prefix(5).map { "'\($0)'" }.joined(separator: ", ")
            notes.append("no line names the client '\(client)' exactly, and several names start with it (\(names)): none is taken; give --client as the contract writes it.")
        }
        if !others.isEmpty {
            let total = others.values.reduce(0, +)
            let names = others.keys.sorted().prefix(5).map { "'\($0)'" }.joined(separator: ", ") + (others.count > 5 ? ", …" : "")
            notes.append("\(total) contract line\(total == 1 ? "" : "s") of other clients (\(names)) ignored.")
        }
        return kept.sorted { $0.line < $1.line }
    }

    // MARK: Findings

    /// The line's monthly price, else the card's price for its class, else zero.
    func linePrice(_ line: ContractLine) -> Money {
        if let price = line.monthlyPrice { return Money(price) }
        if let cls = line.deviceClass, let rate = rates?.rate(for: cls) { return Money(rate) }
        return .zero
    }

    /// Classes billed per user when the card has a per-user price: never `unbilled` per device.
    static let perUserClasses: Set<DeviceClass> = [.workstation, .phone]

    /// The card's per-device price of a class seen, when it bills it per device.
    func billableRate(_ cls: DeviceClass) -> Decimal? {
        guard let rates, cls != .unknown else { return nil }
        if rates.perUser != nil && Self.perUserClasses.contains(cls) { return nil }
        return rates.rate(for: cls)
    }

    func compare(_ line: ContractLine, _ device: DeviceSnapshot, key: MatchKey, seen: FindingDevice, evidence: [String], words: Words) -> Finding {
        var fields: [String] = []
        if !ReconciliationKeys.classesAgree(line.deviceClass, device.class) { fields.append("class") }
        if let site = memo.site(line.site) {
            let seenAt = sites(of: device)
            if !seenAt.isEmpty && !seenAt.contains(site) { fields.append("site") }
        }
        // A model guessed from sysDescr's words is no ground to call the line wrong.
        if !device.identification.modelIsGuessed, !memo.modelsAgree(line.model, device.model, vendors: (line.manufacturer, device.vendor)) {
            fields.append("model")
        }
        guard !fields.isEmpty else {
            return Finding(kind: .matched, device: seen, contractLines: [line.line], matchKey: key,
                           reason: words.matched(device, line), evidence: evidence)
        }
        var value = Money.zero
        var linePriceUsed: Money?
        var seenRate: Money?
        if fields.contains("class"), let rate = rates?.rate(for: device.class) {
            let price = linePrice(line)
            if line.monthlyPrice != nil || line.deviceClass.flatMap({ rates?.rate(for: $0) }) != nil {
                value = Money(rate) - price
                linePriceUsed = price
                seenRate = Money(rate)
            }
        }
        return Finding(kind: .mismatch, device: seen, contractLines: [line.line], fields: fields, matchKey: key,
                       reason: words.mismatch(device, line, fields: fields, seenRate: seenRate, linePrice: linePriceUsed),
                       evidence: evidence, monthlyValue: value)
    }

    func unlisted(_ device: DeviceSnapshot, seen: FindingDevice, evidence: [String], words: Words) -> Finding {
        if let rate = billableRate(device.class) {
            return Finding(kind: .unbilled, device: seen, reason: words.unbilled(device, rate: Money(rate)), evidence: evidence,
                           monthlyValue: Money(rate))
        }
        let why: Words.ReviewWhy
        if device.class == .unknown {
            why = .unknownClass
        } else if rates == nil {
            why = .noRateCard
        } else if rates?.perUser != nil && Self.perUserClasses.contains(device.class) && rates?.rate(for: device.class) != nil {
            why = .perUser
        } else {
            why = .notPriced
        }
        return Finding(kind: .review, device: seen, reason: words.review(device, why: why), evidence: evidence)
    }

    func absent(_ line: ContractLine, coverage: Coverage, words: Words) -> Finding {
        let site = memo.site(line.site)
        let looked = Words.lookedFor(line)
        if !coverage.covers(site: site) {
            return Finding(kind: .notCovered, device: nil, contractLines: [line.line], reason: words.siteNotCovered(line),
                           evidence: [looked] + coverage.incomplete[site, default: []].compactMap { scan in
                               scan.id.map { "scan \($0) at \(scan.site ?? "no site") \(scan.status.rawValue)" }
                           })
        }
        let (ranges, scansThere) = coverage.forLines[site] ?? ([], [])
        let scanEvidence = scansThere.suffix(3).compactMap { coverage.scansById[$0].map(words.scanLine) }
        if let ip = line.ip, !ranges.contains(where: { $0.contains(ip) }) {
            return Finding(kind: .notCovered, device: nil, contractLines: [line.line], reason: words.addressNotCovered(line, ip: ip),
                           evidence: [looked, "ranges scanned: \(ranges.map(\.description).joined(separator: ", "))"] + scanEvidence)
        }
        let value = linePrice(line)
        return Finding(kind: .missing, device: nil, contractLines: [line.line], reason: words.missing(line, value: value, scans: scansThere),
                       evidence: [looked] + scanEvidence, monthlyValue: value)
    }

    /// The site keys a device was seen at in the period, and its last site.
    func sites(of device: DeviceSnapshot) -> Set<String> {
        let since = period.since.startOfDay
        var seenAt = Set(device.sites.filter { $0.lastSeen >= since }.compactMap { memo.site($0.site) })
        if let last = memo.site(device.site) { seenAt.insert(last) }
        return seenAt
    }

    /// Pools, in line order, each take up to its quantity of the devices left on no line
    /// (`taken`), of its class and, when it names one, seen at its site — lowest device id first.
    func pool(_ pools: [ContractLine], devices: [DeviceSnapshot], taken: Set<Int>) -> (lineOf: [Int: ContractLine], counted: [Int: Int]) {
        var lineOf: [Int: ContractLine] = [:], counted: [Int: Int] = [:]
        for line in pools {
            guard let cls = line.deviceClass, let quantity = line.quantity else { continue }
            let site = memo.site(line.site)
            for (i, device) in devices.enumerated() where counted[line.line, default: 0] < quantity {
                guard !taken.contains(i), lineOf[i] == nil, device.class != .unknown,
                      ReconciliationKeys.classesAgree(cls, device.class) else { continue }
                if let site, !sites(of: device).contains(site) { continue }
                lineOf[i] = line
                counted[line.line, default: 0] += 1
            }
        }
        return (lineOf, counted)
    }

    /// A pool that counted fewer devices than it bills: the rest are `missing` (their price
    /// each), or `not_covered` when no complete scan covered its site.
    func short(_ line: ContractLine, counted: Int, coverage: Coverage, words: Words) -> Finding {
        let rest = line.quantity! - counted
        let site = memo.site(line.site)
        guard coverage.covers(site: site) else {
            return Finding(kind: .notCovered, device: nil, contractLines: [line.line], reason: words.poolNotCovered(line, counted: counted),
                           evidence: ["counted \(counted) of \(line.quantity!)"])
        }
        let scansThere = coverage.forLines[site]?.scans ?? []
        let value = Money(linePrice(line).amount * Decimal(rest))
        return Finding(kind: .missing, device: nil, contractLines: [line.line], reason: words.poolShort(line, counted: counted, value: value, scans: scansThere),
                       evidence: ["counted \(counted) of \(line.quantity!) (devices of its class seen on no line of their own"
                                  + (line.site.map { " at \($0)" } ?? "") + ")"]
                           + scansThere.suffix(3).compactMap { coverage.scansById[$0].map(words.scanLine) },
                       monthlyValue: value)
    }

    /// The value a match key compared.
    static func keyValue(_ key: MatchKey, line: ContractLine, device: DeviceSnapshot) -> String {
        switch key {
        case .serial: return line.serial ?? ""
        case .mac:
            let seen = Set(device.macs + (device.mac.map { [$0] } ?? []))
            return line.macs.first(where: seen.contains)?.description ?? ""
        case .ip: return line.ip?.description ?? ""
        case .name: return line.name ?? ""
        case .pool: return "\(line.quantity ?? 0) × \(line.deviceClass?.rawValue ?? "")"
        }
    }
}
