import CensusCore
import DeviceModel
import Foundation
import Lifecycle
import Mustache
import Reconciliation

/// The reports as self-contained HTML pages: one file each, no script, no external asset (a
/// Content-Security-Policy forbids any request), inline SVG charts, a print stylesheet, and the
/// client, the as-of day and the sources on every page. Text from devices and contracts is
/// escaped by the templates.
public enum HTMLReports {
    /// Renders the pricing report.
    public static func render(_ report: PricingReport) throws -> String {
        try render(PricingPage(report), template: "pricing")
    }

    /// Renders the lifecycle report.
    public static func render(_ report: LifecycleReport) throws -> String {
        try render(LifecyclePage(report), template: "lifecycle")
    }

    private static let library: Result<MustacheLibrary, any Error> = Result {
        guard let folder = Bundle.module.resourceURL?.appendingPathComponent("Templates") else {
            throw ReportError("the report templates are missing from the installation")
        }
        var library = MustacheLibrary()
        for name in ["styles", "pricing", "lifecycle"] {
            let text = try String(contentsOf: folder.appendingPathComponent("\(name).mustache"), encoding: .utf8)
            try library.register(text, named: name)
        }
        return library
    }

    private static func render(_ page: Any, template: String) throws -> String {
        guard let html = try library.get().render(page, withTemplate: template) else { throw ReportError("no template \(template)") }
        // The templates hold none: any there came from a device or a contract, to reorder the page.
        return InvisibleControls.removed(from: html)
    }
}

public struct ReportError: Error, CustomStringConvertible {
    public let description: String
    init(_ description: String) { self.description = description }
}

/// How a finding or status looks.
enum Tone {
    static func of(_ kind: FindingKind) -> String {
        switch kind {
        case .matched: "ok"
        case .unbilled, .missing, .duplicate, .unsupported: "bad"
        case .mismatch, .review: "warn"
        case .notCovered: "neutral"
        }
    }

    static func of(_ status: LifecycleStatus) -> String {
        switch status {
        case .pastEOL: "bad"
        case .eolWithin6Months, .eolIn6To12Months: "warn"
        case .eolIn12To24Months, .unknown: "neutral"
        case .supported: "ok"
        }
    }
}

extension DeviceSummary {
    /// `Cisco WS-C3560G-48TS-E (198.18.0.3)`.
    var title: String {
        let what = [vendor, model].compactMap { $0 }.joined(separator: " ")
        return (what.isEmpty ? self.class.rawValue : what) + (ip.map { " (\($0))" } ?? "")
    }

    var detail: String { [serial.map { "serial \($0)" }, macs.first.map { "MAC \($0)" }, "device \(id)"].compactMap { $0 }.joined(separator: " · ") }
}

/// What the pricing template shows.
struct PricingPage {
    struct Count { let kind: String; let count: Int; let tone: String }
    struct SiteRow { let site: String; let billed: String; let due: String; let unbilled: String }
    struct FindingRow { let kind: String; let tone: String; let value: String; let reason: String; let evidence: [String] }
    struct LineRow {
        let device: String; let detail: String; let site: String; let `class`: String; let contractLines: String
        let rate: String; let billed: String; let due: String; let finding: String; let tone: String
    }

    let client: String, asOf: String, currency: String, deviceCount: Int, lineCount: Int
    let billed: String, due: String, difference: String, differenceTone: String
    let unbilled: String, unbilledAny: Bool, overbilled: String, overbilledAny: Bool
    let counts: [Count]
    let unbilledChart: String, sitesChart: String
    let sites: [SiteRow]
    let findings: [FindingRow]
    /// nil when there is none: the template's section then shows nothing (a 0 shows the section).
    let reviewCount: Int?
    let lines: [LineRow]
    let sources: [String], sourceSummary: String

    init(_ r: PricingReport) {
        let money = MoneyFormat(currency: r.currency)
        func m(_ value: Money?) -> String { value.map { money.string($0.amount) } ?? "–" }
        client = r.client
        asOf = r.asOf.description
        currency = r.currency
        deviceCount = Set(r.lines.compactMap { $0.device?.id }).count
        lineCount = Set(r.lines.flatMap(\.contractLines)).count
        billed = m(r.billedMonthly)
        due = m(r.dueMonthly)
        difference = (r.differenceMonthly > .zero ? "+" : "") + m(r.differenceMonthly)
        differenceTone = r.differenceMonthly == .zero ? "ok" : (r.differenceMonthly > .zero ? "bad" : "warn")
        unbilled = m(r.summary.unbilledMonthly)
        unbilledAny = r.summary.unbilledMonthly > .zero
        overbilled = m(r.summary.overbilledMonthly)
        overbilledAny = r.summary.overbilledMonthly > .zero
        counts = FindingKind.allCases.compactMap { kind in
            let n = r.summary.counts[kind.rawValue] ?? 0
            return n == 0 ? nil : Count(kind: kind.rawValue.replacingOccurrences(of: "_", with: " "), count: n, tone: Tone.of(kind))
        }
        unbilledChart = SVGChart.horizontalBars(r.sites.map { .init(label: $0.site.isEmpty ? "(no site)" : $0.site, value: $0.unbilledMonthly.amount,
                                                                    caption: money.string($0.unbilledMonthly.amount), tone: "bad") },
                                                title: "Unbilled value by site", width: 520)
        sitesChart = SVGChart.horizontalBars(r.sites.flatMap { s in
            [SVGChart.Bar(label: "\(s.site.isEmpty ? "(no site)" : s.site) billed", value: s.billedMonthly.amount, caption: money.string(s.billedMonthly.amount)),
             SVGChart.Bar(label: "\(s.site.isEmpty ? "(no site)" : s.site) due", value: s.dueMonthly.amount, caption: money.string(s.dueMonthly.amount), tone: "ok")]
        }, title: "Billed and due by site", width: 520)
        sites = r.sites.map { SiteRow(site: $0.site.isEmpty ? "(no site)" : $0.site, billed: m($0.billedMonthly), due: m($0.dueMonthly), unbilled: m($0.unbilledMonthly)) }
        // Devices to review carry no money: one line for all of them; every other finding in full.
        let reviews = r.findings.filter { $0.kind == .review }.count
        reviewCount = reviews == 0 ? nil : reviews
        findings = r.findings.filter { $0.kind != .review }.map { f in
            FindingRow(kind: f.kind.rawValue.replacingOccurrences(of: "_", with: " "), tone: Tone.of(f.kind),
                       value: f.monthlyValue == .zero ? "" : m(f.monthlyValue) + " a month.", reason: f.reason, evidence: f.evidence)
        }
        lines = r.lines.map { l in
            let kind = l.finding.split(separator: ",").first.map { String($0) } ?? l.finding
            return LineRow(device: l.device?.title ?? (l.charge.map { $0 == "users" ? "Users" : "Minimum monthly charge" } ?? "Not seen"),
                           detail: l.device?.detail ?? l.reason, site: l.site ?? "", class: l.class?.rawValue ?? "",
                           contractLines: l.contractLines.map(String.init).joined(separator: ", "), rate: m(l.rate), billed: m(l.billed), due: m(l.due),
                           finding: l.finding.replacingOccurrences(of: "_", with: " "),
                           tone: FindingKind(rawValue: kind).map(Tone.of) ?? "neutral")
        }
        sources = r.sources
        sourceSummary = r.sources.isEmpty ? "the stored scans" : r.sources.prefix(3).joined(separator: "; ")
    }
}

/// What the lifecycle template shows.
struct LifecyclePage {
    struct QuarterRow { let quarter: String; let devices: Int; let budget: String; let names: String }
    struct SiteRow { let site: String; let devices: Int; let past: Int; let soon: Int; let budget: String }
    struct DeviceRow {
        let device: String; let detail: String; let site: String; let age: String; let ageSource: String
        let hardwareStatus: String; let hardwareTone: String; let hardwareDate: String; let hardwareSource: String
        let software: String; let softwareStatus: String; let softwareTone: String; let softwareDate: String; let softwareSource: String
        let status: String; let tone: String
    }

    let client: String, asOf: String, currency: String, deviceCount: Int
    let past: Int, pastAny: Bool, soon: Int, soonAny: Bool, later: Int, unknown: Int
    let budget: String, quarterCount: Int
    let ageChart: String, supportChart: String, forecastChart: String
    let forecast: [QuarterRow]
    let sites: [SiteRow]
    let devices: [DeviceRow]
    let sources: [String], sourceSummary: String

    init(_ r: LifecycleReport) {
        let money = MoneyFormat(currency: r.currency)
        let count = { (status: LifecycleStatus) in r.bands.support.first { $0.band == status.rawValue }?.devices ?? 0 }
        client = r.client
        asOf = r.asOf.description
        currency = r.currency
        deviceCount = r.devices.count
        past = count(.pastEOL)
        pastAny = past > 0
        soon = count(.eolWithin6Months) + count(.eolIn6To12Months)
        soonAny = soon > 0
        later = count(.eolIn12To24Months)
        unknown = count(.unknown)
        budget = LifecycleReport.budgetText(money.string(r.budget.amount), unpriced: r.unpriced)
        quarterCount = r.forecast.count
        ageChart = SVGChart.columns(r.bands.age.map { .init(label: $0.band, value: Decimal($0.devices), caption: "\($0.devices)") },
                                    title: "Devices by age", width: 420, height: 200)
        supportChart = SVGChart.horizontalBars(r.bands.support.map {
            .init(label: $0.band.replacingOccurrences(of: "_", with: " "), value: Decimal($0.devices), caption: "\($0.devices)",
                  tone: LifecycleStatus(rawValue: $0.band).map(Tone.of) ?? "neutral")
        }, title: "Devices by end of support", width: 460)
        forecastChart = SVGChart.columns(r.forecast.map { .init(label: $0.quarter, value: $0.budget.amount,
                                                           caption: LifecycleReport.budgetText(money.string($0.budget.amount), unpriced: $0.unpriced), tone: "warn") },
                                         title: "Replacement budget by quarter", width: 880, height: 220)
        let names = Dictionary(r.devices.map { ($0.device.id, $0.device.title) }, uniquingKeysWith: { a, _ in a })
        forecast = r.forecast.map { q in
            QuarterRow(quarter: q.quarter, devices: q.devices, budget: LifecycleReport.budgetText(money.string(q.budget.amount), unpriced: q.unpriced),
                       names: q.deviceIds.compactMap { names[$0] }.joined(separator: "; "))
        }
        sites = r.sites.map { SiteRow(site: $0.site.isEmpty ? "(no site)" : $0.site, devices: $0.devices, past: $0.pastEOL, soon: $0.within12Months,
                                      budget: LifecycleReport.budgetText(money.string($0.budget.amount), unpriced: $0.unpriced)) }
        devices = r.devices.map { d in
            DeviceRow(device: d.device.title, detail: d.device.detail, site: d.device.site ?? "",
                      age: d.ageYears.map { "\($0) years" } ?? "unknown", ageSource: d.ageSource.map { "from \($0.rawValue.replacingOccurrences(of: "_", with: " "))" } ?? "",
                      hardwareStatus: d.hardware.status.rawValue.replacingOccurrences(of: "_", with: " "), hardwareTone: Tone.of(d.hardware.status),
                      hardwareDate: d.hardware.endOfSupport.map { "last support \($0.text)" } ?? "",
                      hardwareSource: d.hardware.source ?? d.hardware.reason ?? "",
                      software: [d.software.product, d.software.cycle].compactMap { $0 }.joined(separator: " "),
                      softwareStatus: d.software.status.rawValue.replacingOccurrences(of: "_", with: " "), softwareTone: Tone.of(d.software.status),
                      softwareDate: d.software.eol.map { "end of support \($0.text)" } ?? "",
                      softwareSource: d.software.source ?? d.software.reason ?? "",
                      status: d.status.rawValue.replacingOccurrences(of: "_", with: " "), tone: Tone.of(d.status))
        }
        sources = r.sources
        sourceSummary = "the stored scans, endoflife.date data and the hardware lifecycle catalog"
    }
}
