import CensusCore
import Foundation
import Lifecycle
import Reconciliation
import Reports

/// Renders the reports in the format asked for.
enum ReportPrinter {
    static func render(_ r: PricingReport, as format: ReportFormat, pretty: Bool) throws -> String {
        let money = MoneyFormat(currency: r.currency)
        func m(_ value: Money?) -> String { value.map { money.string($0.amount) } ?? "-" }
        switch format {
        case .html: return try HTMLReports.render(r)
        case .json: return try ReportJSON.encode(r, pretty: pretty)
        case .csv:
            return try CSVOutput.render(
                headers: ["device_id", "site", "ip", "vendor", "model", "class", "contract_lines", "charge", "rate", "billed", "due", "on_contract", "finding", "reason"],
                rows: r.lines.map { l in
                    [l.device.map { String($0.id) } ?? "", l.site ?? "", l.device?.ip?.description ?? "", l.device?.vendor ?? "", l.device?.model ?? "",
                     l.class?.rawValue ?? "", l.contractLines.map(String.init).joined(separator: " "), l.charge ?? "", l.rate?.description ?? "",
                     l.billed.description, l.due.description, String(l.onContract), l.finding, l.reason]
                })
        case .table:
            var out = "Pricing review of \(r.client) as of \(r.asOf) (\(r.currency) a month)\n"
            out += TextTable(headers: ["DEVICE", "SITE", "CLASS", "LINES", "RATE", "BILLED", "DUE", "FINDING"], rows: r.lines.map { l in
                [l.device.map { "\($0.id) \($0.ip?.description ?? "")" } ?? (l.charge ?? "-"), l.site ?? "-", l.class?.rawValue ?? "-",
                 l.contractLines.map(String.init).joined(separator: ",").isEmpty ? "-" : l.contractLines.map(String.init).joined(separator: ","),
                 m(l.rate), m(l.billed), m(l.due), l.finding]
            }).render()
            out += "\nSite totals:\n" + TextTable(headers: ["SITE", "BILLED", "DUE", "UNBILLED"], rows: r.sites.map {
                [$0.site.isEmpty ? "(no site)" : $0.site, m($0.billedMonthly), m($0.dueMonthly), m($0.unbilledMonthly)]
            }).render()
            out += "\nBilled now \(m(r.billedMonthly)); due by the rate card \(m(r.dueMonthly)); difference \(m(r.differenceMonthly)) a month.\n"
            return out
        }
    }

    static func render(_ r: LifecycleReport, as format: ReportFormat, pretty: Bool) throws -> String {
        let money = MoneyFormat(currency: r.currency)
        switch format {
        case .html: return try HTMLReports.render(r)
        case .json: return try ReportJSON.encode(r, pretty: pretty)
        case .csv:
            // The devices of `census lifecycle show`'s CSV, each with its forecast quarter.
            var quarterOf: [Int64: String] = [:]
            for quarter in r.forecast { for id in quarter.deviceIds { quarterOf[id] = quarter.quarter } }
            return try LifecycleCSV.render(r.devices, refreshQuarter: { quarterOf[$0.device.id] })
        case .table:
            var out = "Lifecycle review of \(r.client) as of \(r.asOf)\n"
            out += TextTable(headers: ["DEVICE", "SITE", "CLASS", "MODEL", "AGE", "HARDWARE", "SOFTWARE", "STATUS"], rows: r.devices.map { d in
                ["\(d.device.id) \(d.device.ip?.description ?? "")", d.device.site ?? "-", d.device.class.rawValue, d.device.model ?? "-",
                 d.ageYears.map { "\($0)y" } ?? "-", "\(d.hardware.status.rawValue) \(d.hardware.endOfSupport?.text ?? "")",
                 d.software.product.map { "\($0) \(d.software.cycle ?? "?") \(d.software.status.rawValue)" } ?? "unknown", d.status.rawValue]
            }).render()
            out += "\nAge: " + r.bands.age.map { "\($0.band) \($0.devices)" }.joined(separator: ", ")
            out += "\nSupport: " + r.bands.support.map { "\($0.band) \($0.devices)" }.joined(separator: ", ") + "\n"
            out += "\nRefresh forecast:\n" + TextTable(headers: ["QUARTER", "DEVICES", "BUDGET"], rows: r.forecast.map {
                [$0.quarter, String($0.devices), LifecycleReport.budgetText(money.string($0.budget.amount), unpriced: $0.unpriced)]
            }).render()
            return out
        }
    }
}

/// The CSV of devices' lifecycles: one layout for `lifecycle show` and `report lifecycle`.
enum LifecycleCSV {
    static let headers = ["device_id", "site", "ip", "vendor", "model", "class", "os", "version", "age_years", "age_source", "status",
                          "hardware_status", "hardware_end_of_support", "hardware_source", "software_product", "software_cycle",
                          "software_status", "software_eol", "software_source", "refresh_quarter"]

    /// `refreshQuarter`: the forecast quarter that replaces the device (`2027-Q1`), if any.
    static func render(_ devices: [DeviceLifecycle], refreshQuarter: (DeviceLifecycle) -> String? = { _ in nil }) throws -> String {
        try CSVOutput.render(headers: headers, rows: devices.map { d in
            [String(d.device.id), d.device.site ?? "", d.device.ip?.description ?? "", d.device.vendor ?? "", d.device.model ?? "",
             d.device.class.rawValue, d.device.os ?? "", d.device.version ?? "", d.ageYears.map { "\($0)" } ?? "", d.ageSource?.rawValue ?? "",
             d.status.rawValue, d.hardware.status.rawValue, d.hardware.endOfSupport?.text ?? "", d.hardware.source ?? "",
             d.software.product ?? "", d.software.cycle ?? "", d.software.status.rawValue, d.software.eol?.text ?? "",
             d.software.source ?? "", refreshQuarter(d) ?? ""]
        })
    }
}
