import ArgumentParser
import CensusCore
import Contracts
import Foundation
import Inventory
import Lifecycle
import Reconciliation
import Reports

/// `census report`: the pricing and lifecycle reports a client reads.
struct Report: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "The pricing and lifecycle reports of a client, as a table, CSV, JSON or one self-contained HTML file.",
        subcommands: [PricingReportCommand.self, LifecycleReportCommand.self]
    )
}

/// Where a report goes: --out FILE, else stdout.
struct ReportOutput: ParsableArguments {
    @Option(name: .long, help: "Output format: table, json, csv or html.") var format: ReportFormat = .table
    @Option(name: .long, help: "Write the report to this file instead of stdout.") var out: String?

    func write(_ text: String) throws {
        guard let out, out != "-" else { print(text, terminator: ""); return }
        try OutputFile.write(Data(text.utf8), to: out)
        Terminal.error("census: written to \(out)")
    }

    var pretty: Bool { out == nil && isatty(STDOUT_FILENO) != 0 }
}

enum ReportFormat: String, ExpressibleByArgument, CaseIterable { case table, json, csv, html }

/// `census report pricing`.
struct PricingReportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "pricing",
        abstract: "What the contract bills now, what the rate card says is due for what was seen, and the difference, device by device.",
        discussion: "due_monthly - billed_monthly equals reconcile's unbilled_monthly - overbilled_monthly for the same inputs (plus a minimum-charge top-up, shown as its own line, when the rate card's minimum applies).")

    @OptionGroup var inventory: InventoryOptions
    @OptionGroup var review: ReviewOptions
    @OptionGroup var lifecycle: LifecycleOptions
    @Option(name: .long, parsing: .unconditional, help: "Users billed per user (default: the rate card's users, else the contract's).") var users: Int?
    @OptionGroup var output: ReportOutput

    func validate() throws {
        if review.rates == nil { throw ValidationError("the pricing report needs --rates (the rate card)") }
        if let users, !(0...RateCard.maximumUsers).contains(users) { throw ValidationError("--users must be 0 to \(RateCard.maximumUsers)") }
    }

    func run() async throws {
        try await reportingFailures {
            let (made, contract, card) = try await review.make(client: inventory.clientName, store: inventory.openClient, lifecycle: lifecycle)
            // The rows the report could not read change its totals: each is named, as reconcile names them.
            ReviewOptions.tell(contract, skipped: made.reconciliation.importErrors)
            for note in made.reconciliation.notes { Terminal.error("census: \(note)") }
            if users != nil, card?.perUser == nil { Terminal.error("census: --users is not used: the rate card has no per_user price") }
            if users == nil, card?.perUser != nil, card?.users == nil, contract.lines.allSatisfy({ $0.users == nil }) {
                Terminal.error("census: the rate card's per_user price is not charged: no user count (give --users, or users: in the rate card)")
            }
            let report = PricingReport.build(from: made.reconciliation, contract: contract, rates: card!, users: users,
                                             sources: made.sources(contract: contract, ratesFile: review.rates))
            try output.write(try ReportPrinter.render(report, as: output.format, pretty: output.pretty))
            let money = MoneyFormat(currency: report.currency)
            Terminal.error("census: billed \(money.string(report.billedMonthly.amount)) a month, due \(money.string(report.dueMonthly.amount)), difference \(money.string(report.differenceMonthly.amount))"
                           + (made.reconciliation.importErrors.isEmpty ? "" : "; \(made.reconciliation.importErrors.count) contract rows skipped (listed above)"))
        }
    }
}

/// `census report lifecycle`.
struct LifecycleReportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "lifecycle",
        abstract: "How old every device is, what is past or nearing end of support, and the replacement forecast by quarter with its budget.")

    @OptionGroup var inventory: InventoryOptions
    @OptionGroup var lifecycle: LifecycleOptions
    @Option(name: .long, help: "The contract (a PSA export): purchase dates of matched devices give their age.") var contract: String?
    @Option(name: .long, help: "The contract's layout: generic, connectwise, autotask, halopsa, or a mapping file.") var profile: String = "generic"
    @Option(name: .long, help: "Replacement costs (YAML: currency, per-class and per-model prices). Default: Census's planning figures.") var costs: String?
    @Option(name: .long, help: "Judge as of this day (YYYY-MM-DD). Default: today (UTC).") var asOf: String?
    @Option(name: .long, help: "Only devices last seen at this site.") var site: String?
    @OptionGroup var output: ReportOutput

    func run() async throws {
        try await reportingFailures {
            let day = try parseDay(asOf, flag: "--as-of") ?? CalendarDate.today()
            let imported = try contract.map { try ReviewOptions.parse(["--contract", $0, "--profile", profile]).readContract() }
            if let imported { ReviewOptions.tell(imported, skipped: []) }
            let replacement: ReplacementCosts
            do { replacement = try costs.map { try ReplacementCosts.load($0) } ?? ReplacementCosts.builtIn() } catch {
                throw CensusFailure("replacement costs: \(error)", exitCode: CensusFailure.dataError)
            }
            let store = try await inventory.openClient(site: site)
            let judge = try lifecycle.judge(store: store)
            let report = try await LifecycleReport.make(client: inventory.clientName, store: store, judge: judge,
                                                        views: DeviceViews(canonicalVendor: canonicalVendorName), contract: imported,
                                                        costs: replacement, costsSource: costs.map { URL(fileURLWithPath: $0).lastPathComponent } ?? "Census's planning figures", site: site, asOf: day)
            try output.write(try ReportPrinter.render(report, as: output.format, pretty: output.pretty))
            let money = MoneyFormat(currency: report.currency)
            Terminal.error("census: \(counted(report.devices.count, "device")) as of \(day); \(report.bands.support.first { $0.band == "past_eol" }?.devices ?? 0) past end of support; replacement budget \(LifecycleReport.budgetText(money.string(report.budget.amount), unpriced: report.unpriced)) over \(counted(report.forecast.count, "quarter"))")
        }
    }
}
