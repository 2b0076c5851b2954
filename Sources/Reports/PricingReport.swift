import CensusCore
import Contracts
import DeviceModel
import Foundation
import Reconciliation

/// The pricing report of a client: what the contract bills now, what the rate card says is due
/// for what was seen, the monthly difference, device by device — every figure from a device, a
/// contract line or the rate card, and the reconciliation findings that explain the difference.
///
/// Due follows the contract where line and device agree (a matched line is due at its price);
/// where they disagree or one side is missing, the rate card decides. So
/// `due_monthly - billed_monthly` is reconciliation's `unbilled_monthly - overbilled_monthly`,
/// plus the top-up to the card's minimum monthly charge when one applies (its own line).
public struct PricingReport: Sendable, Encodable {
    public var client: String
    public var asOf: CalendarDate
    public var currency: String
    public var billedMonthly: Money
    public var dueMonthly: Money
    public var differenceMonthly: Money
    public var sites: [Site]
    public var lines: [Line]
    /// The reconciliation findings that explain the difference (all but `matched`).
    public var findings: [Finding]
    public var summary: ReconciliationSummary
    public var sources: [String]

    public struct Site: Sendable, Encodable {
        public var site: String
        public var billedMonthly: Money
        public var dueMonthly: Money
        /// Unbilled value found at the site (devices seen and on no line).
        public var unbilledMonthly: Money
        enum CodingKeys: String, CodingKey { case site, billedMonthly = "billed_monthly", dueMonthly = "due_monthly", unbilledMonthly = "unbilled_monthly" }
    }

    /// One device, one contract line, or both; or a charge of the rate card (users, minimum).
    public struct Line: Sendable, EncodesEveryKey {
        public var device: DeviceSummary?
        public var contractLines: [Int]
        /// What the line is about when it is no device: `users`, `minimum`.
        public var charge: String?
        public var site: String?
        public var `class`: DeviceClass?
        /// The rate card's monthly price for the class, if it has one.
        public var rate: Money?
        public var billed: Money
        public var due: Money
        public var onContract: Bool
        /// The reconciliation finding(s) behind the line: `matched`, `unbilled`, `mismatch, unsupported`...
        public var finding: String
        /// The sentence a client reads.
        public var reason: String

    }

    enum CodingKeys: String, CodingKey {
        case client, asOf = "as_of", currency, billedMonthly = "billed_monthly", dueMonthly = "due_monthly",
             differenceMonthly = "difference_monthly", sites, lines, findings, summary, sources
    }

    /// Builds the report from a reconciliation of `contract` against the devices seen.
    /// `users`: the number of users billed per user (else the rate card's, else the contract's).
    public static func build(from reconciliation: ReconciliationReport, contract: ContractImport, rates: RateCard, users: Int? = nil,
                             sources: [String] = []) -> PricingReport {
        let linesByNumber = Dictionary(contract.lines.map { ($0.line, $0) }, uniquingKeysWith: { a, _ in a })
        func price(_ number: Int) -> Money {
            guard let line = linesByNumber[number] else { return .zero }
            return Money(line.monthlyPrice ?? line.deviceClass.flatMap { rates.rate(for: $0) } ?? 0)
        }
        func rate(_ cls: DeviceClass?) -> Money? { cls.flatMap { rates.rate(for: $0) }.map(Money.init) }

        // A pool line's devices not seen are billed at its price each.
        var pooled: [Int: Int] = [:]
        for finding in reconciliation.findings where finding.matchKey == .pool && finding.kind == .matched {
            if let number = finding.contractLines.first { pooled[number, default: 0] += 1 }
        }
        func unseen(_ number: Int) -> Int {
            guard let line = linesByNumber[number], line.isPool, let quantity = line.quantity else { return 1 }
            return max(0, quantity - pooled[number, default: 0])
        }

        var rows: [Line] = []
        var deviceRow: [Int64: Int] = [:]
        for finding in reconciliation.findings {
            switch finding.kind {
            case .matched, .mismatch, .unbilled, .review, .unsupported:
                guard let device = finding.device else { continue }
                let index: Int
                if let existing = deviceRow[device.id] {
                    index = existing
                } else {
                    index = rows.count
                    deviceRow[device.id] = index
                    rows.append(Line(device: device, contractLines: [], charge: nil, site: device.site, class: device.class,
                                     rate: rate(device.class), billed: .zero, due: .zero, onContract: false, finding: "", reason: ""))
                }
                var row = rows[index]
                row.finding = row.finding.isEmpty ? finding.kind.rawValue : row.finding + ", " + finding.kind.rawValue
                row.reason = row.reason.isEmpty ? finding.reason : row.reason + " " + finding.reason
                switch finding.kind {
                case .matched:
                    let number = finding.contractLines.first!
                    row.contractLines = [number]
                    row.onContract = true
                    row.billed = price(number)
                    row.due = row.billed
                    // A device of no rated class (seen only by ARP) is due at its line's class rate: show that rate.
                    if row.rate == nil { row.rate = rate(linesByNumber[number]?.deviceClass) }
                case .mismatch:
                    let number = finding.contractLines.first!
                    row.contractLines = [number]
                    row.onContract = true
                    row.billed = price(number)
                    row.due = row.billed + finding.monthlyValue
                case .unbilled:
                    row.due = finding.monthlyValue
                default:
                    break
                }
                rows[index] = row
            case .duplicate:
                // The first line is the match (its own row); each other line is billed and not due.
                for number in finding.contractLines.dropFirst() {
                    rows.append(Line(device: finding.device, contractLines: [number], charge: nil, site: linesByNumber[number]?.site ?? finding.device?.site,
                                     class: linesByNumber[number]?.deviceClass, rate: rate(linesByNumber[number]?.deviceClass), billed: price(number),
                                     due: .zero, onContract: true, finding: "duplicate", reason: finding.reason))
                }
            case .missing, .notCovered:
                for number in finding.contractLines {
                    let line = linesByNumber[number]
                    let billed = Money(price(number).amount * Decimal(unseen(number)))
                    rows.append(Line(device: nil, contractLines: [number], charge: nil, site: line?.site, class: line?.deviceClass,
                                     rate: rate(line?.deviceClass), billed: billed,
                                     due: finding.kind == .notCovered ? billed : .zero, onContract: true,
                                     finding: finding.kind.rawValue, reason: finding.reason))
                }
            }
        }
        // Per-user pricing: the users are billed as the card says, whatever was seen. The
        // contract's users are those of its users lines, added up (one per site or plan), else
        // the largest count a device line repeats.
        let usersLineNumbers = Set(reconciliation.usersLines)
        let usersLines = contract.lines.filter { usersLineNumbers.contains($0.line) }
        let contractUsers = usersLines.isEmpty ? contract.lines.compactMap(\.users).max()
            : usersLines.compactMap(\.users).reduce(0, +)
        let userCount = users ?? rates.users ?? contractUsers
        // What the users lines charge is billed; with no such line, the users row bills what is due.
        let usersBilled = usersLines.reduce(Money.zero) { $0 + Money($1.monthlyPrice ?? 0) }
        if let perUser = rates.perUser, let userCount {
            // The rate as shown (whole cents: 4.165 is 4.17) times the users: the line is what it says.
            let amount = Money(Money(perUser).amount * Decimal(userCount))
            rows.append(Line(device: nil, contractLines: usersLines.map(\.line), charge: "users", site: nil, class: nil, rate: Money(perUser),
                             billed: usersLines.isEmpty ? amount : usersBilled, due: amount,
                             onContract: true, finding: "per_user",
                             reason: "\(userCount) users at \(Money(perUser)) \(rates.currency) a user a month."
                                + (usersLines.isEmpty ? "" : " The contract's users lines charge \(usersBilled) \(rates.currency)\(contractUsers.map { " for \($0) users" } ?? "").")))
        } else if !usersLines.isEmpty {
            // No per-user price on the card: the contract's charge stands, neither over nor under.
            rows.append(Line(device: nil, contractLines: usersLines.map(\.line), charge: "users", site: nil, class: nil, rate: nil,
                             billed: usersBilled, due: usersBilled, onContract: true, finding: "per_user",
                             reason: "The contract's users lines charge \(usersBilled) \(rates.currency)\(contractUsers.map { " for \($0) users" } ?? ""); the rate card has no per-user price."))
        }
        var billed = rows.reduce(Money.zero) { $0 + $1.billed }
        var due = rows.reduce(Money.zero) { $0 + $1.due }
        if let minimum = rates.minimumMonthly.map(Money.init), due < minimum {
            let topUp = minimum - due
            rows.append(Line(device: nil, contractLines: [], charge: "minimum", site: nil, class: nil, rate: minimum, billed: .zero, due: topUp,
                             onContract: false, finding: "minimum_charge",
                             reason: "The rate card's minimum monthly charge is \(minimum) \(rates.currency); what is due comes to less."))
            due += topUp
        }
        billed = rows.reduce(Money.zero) { $0 + $1.billed }
        let unbilledBySite = Dictionary(grouping: reconciliation.findings.filter { $0.kind == .unbilled }, by: { $0.device?.site ?? "" })
            .mapValues { $0.reduce(Money.zero) { $0 + $1.monthlyValue } }
        let sites = Dictionary(grouping: rows.filter { $0.charge == nil }, by: { $0.site ?? "" }).map { site, list in
            Site(site: site, billedMonthly: list.reduce(.zero) { $0 + $1.billed }, dueMonthly: list.reduce(.zero) { $0 + $1.due },
                 unbilledMonthly: unbilledBySite[site] ?? .zero)
        }.sorted { $0.site < $1.site }
        return PricingReport(client: reconciliation.client, asOf: reconciliation.asOf, currency: rates.currency, billedMonthly: billed,
                             dueMonthly: due, differenceMonthly: due - billed, sites: sites, lines: rows,
                             findings: reconciliation.findings.filter { $0.kind != .matched }, summary: reconciliation.summary, sources: sources)
    }
}
