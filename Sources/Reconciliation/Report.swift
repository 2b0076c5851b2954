import CensusCore
import Contracts
import DeviceModel
import Foundation

/// What a finding says. Raw values are the JSON `kind`s; the order of the cases is the order
/// findings are listed in.
public enum FindingKind: String, Codable, CaseIterable, Sendable, Comparable {
    /// A contract line and a device seen agree.
    case matched
    /// A device of a class the rate card prices was seen and is on no line (value: that price).
    case unbilled
    /// A device seen and on no line whose class is unknown or not billed per device: listed, never billed by guess.
    case review
    /// A line whose site (and address) a scan covered in the period, and whose device no scan saw (value: its price).
    case missing
    /// A line that no scan of the period covered (its site, or its address's subnet): no verdict.
    case notCovered = "not_covered"
    /// A line and its device disagree on class, site or model (`fields`).
    case mismatch
    /// A device seen that is past end of support (hardware or software).
    case unsupported
    /// Several lines for one device: the first (by line number) is the match, the others are extra.
    case duplicate

    public static func < (a: Self, b: Self) -> Bool { a.order < b.order }

    var order: Int { Self.allCases.firstIndex(of: self)! }
}

/// How a contract line was tied to a device, strongest first.
public enum MatchKey: String, Codable, CaseIterable, Sendable {
    case serial, mac, ip, name
    /// Counted on a line for several devices of its class (`ContractLine.isPool`).
    case pool
}

/// One end of support of a device, as the lifecycle engine judges it (injected into
/// `Reconciliation.reconcile`). Only `past_eol` ones make an `unsupported` finding.
public struct EndOfSupport: Codable, Sendable, Equatable {
    public enum Part: String, Codable, Sendable {
        case hardware, software
    }

    public var part: Part
    /// `past_eol`, `eol_within_6m`, ...
    public var status: String
    public var date: CalendarDate?
    /// Where the date comes from (a vendor bulletin, a catalog entry).
    public var source: String
    /// What ends: `FortiOS 6.4`, `WS-C3560G-48TS`.
    public var what: String

    public static let pastEOL = "past_eol"

    public init(part: Part, status: String, date: CalendarDate?, source: String, what: String) {
        self.part = part
        self.status = status
        self.date = date
        self.source = source
        self.what = what
    }
}

/// A device as a finding shows it (the same object reports use).
public typealias FindingDevice = DeviceSummary

/// One thing reconciliation found: about a device, a contract line, or both.
public struct Finding: Codable, Sendable, Equatable, EncodesEveryKey {
    public var kind: FindingKind
    /// The device seen, or nil (`missing`, `not_covered`).
    public var device: FindingDevice?
    /// Line numbers of the contract file (header = line 1). For a `duplicate`: every line of
    /// the device, the one kept as the match first.
    public var contractLines: [Int]
    /// What disagrees (`mismatch`: `class`, `site`, `model`); for `unsupported` the part that
    /// ended (`hardware`, `software`).
    public var fields: [String]
    /// How the line was tied to the device, when one was.
    public var matchKey: MatchKey?
    /// A sentence a client understands.
    public var reason: String
    /// Short facts behind it: scans and times, sites, how it was seen, the rules that named it, the match key.
    public var evidence: [String]
    /// What it is worth a month (see each kind); zero where there is no verdict on money.
    public var monthlyValue: Money

    public init(kind: FindingKind, device: FindingDevice?, contractLines: [Int] = [], fields: [String] = [], matchKey: MatchKey? = nil,
                reason: String, evidence: [String] = [], monthlyValue: Money = .zero) {
        self.kind = kind
        self.device = device
        self.contractLines = contractLines
        self.fields = fields
        self.matchKey = matchKey
        self.reason = reason
        self.evidence = evidence
        self.monthlyValue = monthlyValue
    }

    enum CodingKeys: String, CodingKey {
        case kind, device
        case contractLines = "contract_lines"
        case fields
        case matchKey = "match_key"
        case reason, evidence
        case monthlyValue = "monthly_value"
    }


}

/// The days reconciled, both included.
public struct ReconciliationPeriod: Codable, Sendable, Equatable {
    public var since: CalendarDate
    public var until: CalendarDate

    public init(since: CalendarDate, until: CalendarDate) {
        self.since = since
        self.until = until
    }

    /// Days a review looks back when no first day is given: a month of scans and a few days' slack.
    public static let defaultDays = 35

    /// The period ending on `asOf` that starts on `since`, or `defaultDays` before `asOf`.
    public static func ending(on asOf: CalendarDate, since: CalendarDate?) -> ReconciliationPeriod {
        ReconciliationPeriod(since: since ?? asOf.adding(days: -defaultDays), until: asOf)
    }

    /// Whether `date` falls on one of the period's days (UTC).
    public func contains(_ date: Date) -> Bool {
        date >= since.startOfDay && date < until.adding(days: 1).startOfDay
    }
}

/// What the scans of the period covered at one site.
public struct SiteCoverage: Codable, Sendable, Equatable {
    /// The scans' site (nil: scans that named none).
    public var site: String?
    /// Scans whose findings are trusted for `missing`: complete ones.
    public var scans: [Int64]
    /// Ranges those scans swept.
    public var ranges: [IPv4Network]

    public init(site: String?, scans: [Int64], ranges: [IPv4Network]) {
        self.site = site
        self.scans = scans
        self.ranges = ranges
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(site, forKey: .site)
        try c.encode(scans, forKey: .scans)
        try c.encode(ranges, forKey: .ranges)
    }

    enum CodingKeys: String, CodingKey { case site, scans, ranges }
}

/// Counts and money of a reconciliation.
public struct ReconciliationSummary: Codable, Sendable, Equatable, EncodesEveryKey {
    /// Every kind, zero included.
    public var counts: [String: Int]
    /// Sum of `unbilled` values and of `mismatch` values above zero: what the client should pay and does not.
    public var unbilledMonthly: Money
    /// Sum of `missing` and `duplicate` values: what the client pays for and should not.
    public var overbilledMonthly: Money
    /// The rate card's currency (nil without a card).
    public var currency: String?

    public init(counts: [String: Int], unbilledMonthly: Money, overbilledMonthly: Money, currency: String?) {
        self.counts = counts
        self.unbilledMonthly = unbilledMonthly
        self.overbilledMonthly = overbilledMonthly
        self.currency = currency
    }

    public func count(_ kind: FindingKind) -> Int { counts[kind.rawValue] ?? 0 }

    enum CodingKeys: String, CodingKey {
        case counts
        case unbilledMonthly = "unbilled_monthly"
        case overbilledMonthly = "overbilled_monthly"
        case currency
    }

}

/// A client's contract held against what Census saw in a period.
public struct ReconciliationReport: Codable, Sendable, Equatable {
    public var client: String
    public var asOf: CalendarDate
    public var period: ReconciliationPeriod
    public var coverage: [SiteCoverage]
    public var summary: ReconciliationSummary
    public var findings: [Finding]
    /// The contract rows that could not be read (skipped; the rest was reconciled).
    public var importErrors: [ContractRowError]
    /// What else a reader should know (lines of other clients ignored, scans that did not count).
    public var notes: [String]
    /// The client's lines that bill users, not devices (`ContractLine.isUsersLine`): matched to
    /// no device; the pricing report bills their users. Said in `notes`, not encoded.
    public var usersLines: [Int] = []

    public init(client: String, asOf: CalendarDate, period: ReconciliationPeriod, coverage: [SiteCoverage], summary: ReconciliationSummary,
                findings: [Finding], importErrors: [ContractRowError], notes: [String]) {
        self.client = client
        self.asOf = asOf
        self.period = period
        self.coverage = coverage
        self.summary = summary
        self.findings = findings
        self.importErrors = importErrors
        self.notes = notes
    }

    /// The findings of one kind, in report order.
    public func findings(_ kind: FindingKind) -> [Finding] { findings.filter { $0.kind == kind } }

    enum CodingKeys: String, CodingKey {
        case client
        case asOf = "as_of"
        case period, coverage, summary, findings
        case importErrors = "import_errors"
        case notes
    }

    /// The report as JSON text, money with two decimals (see `ReportJSON`).
    public func jsonText(pretty: Bool = false) throws -> String { try ReportJSON.encode(self, pretty: pretty) }
}
