import ArgumentParser
import CensusCore
import Contracts
import DataFiles
import DeviceModel
import Fingerprinting
import Foundation
import Inventory
import Reconciliation
import Reports
import SQLiteStore

/// `census reconcile`: the client's contract held against what Census saw.
struct Reconcile: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Hold a client's contract (a PSA export) against the devices seen in a period: matched, unbilled, missing, mismatched, duplicated.",
        discussion: """
        Lines are tied to devices by serial (with vendor), then MAC, then address or name at the line's site. \
        Each finding has a monthly value: unbilled devices at the rate card's price, missing and duplicate lines at their \
        price. A line at a site (or in a subnet) no complete scan covered in the period gets no verdict (not_covered). \
        Findings are not errors: the command exits 0 when it reconciled, 65 when the contract, profile or rate card cannot \
        be read, 64 when no finished scan of the client falls in the period. Rows that cannot be read are listed (stderr; import_errors in JSON) and the rest is reconciled.
        """
    )

    @OptionGroup var inventory: InventoryOptions
    @OptionGroup var lifecycle: LifecycleOptions

    @OptionGroup var review: ReviewOptions

    @Option(name: .long, help: "Output format: table, json or csv.")
    var format: OutputFormat = .table

    func run() async throws {
        try await reportingFailures {
            let (review, contract, _) = try await self.review.make(client: inventory.clientName, store: inventory.openClient, lifecycle: lifecycle)
            let report = review.reconciliation
            // On stderr in every format: JSON on stdout stays clean, and nothing is left unsaid.
            ReviewOptions.tell(contract, skipped: report.importErrors)
            for note in report.notes { Terminal.error("census: \(note)") }
            print(try ReconcilePrinter.render(report, as: format), terminator: "")
            let s = report.summary
            let money = { (m: Money) in s.currency.map { "\($0) \(m.grouped)" } ?? m.grouped }
            // The client's lines: each is on a finding or bills users (other clients' are not).
            let lines = Set(report.findings.flatMap(\.contractLines) + report.usersLines).count
            Terminal.error("census: \(counted(report.findings.count, "finding")); unbilled \(money(s.unbilledMonthly)) a month, "
                           + "overbilled \(money(s.overbilledMonthly)) a month; \(counted(lines, "contract line")) of the client's, "
                           + "\(report.importErrors.count) skipped; \(counted(review.devices.count, "device")) seen \(report.period.since) to \(report.period.until)")
        }
    }
}

/// The contract, rate card and period a review is made of: shared by `reconcile` and `report`.
struct ReviewOptions: ParsableArguments {
    @Option(name: .long, help: "The contract: a CSV export of the PSA's devices.")
    var contract: String

    @Option(name: .long, help: "Its layout: generic, connectwise, autotask, halopsa, or a mapping file (YAML).")
    var profile: String = "generic"

    @Option(name: .long, help: "Rate card (YAML): the monthly price of each class. report pricing needs one; reconcile without one prices nothing per device.")
    var rates: String?

    @Option(name: .long, help: "First day of the period (YYYY-MM-DD). Default: \(ReconciliationPeriod.defaultDays) days before --as-of.")
    var since: String?

    @Option(name: .long, help: "Last day of the period and the report's date (YYYY-MM-DD). Default: today (UTC).")
    var asOf: String?

    /// Reads the contract and rate card and reconciles the client's devices of the period. The
    /// store is opened once the inputs are known to be good, so their errors come first.
    func make(client: String, store open: (String?) async throws -> SQLiteStore,
              lifecycle: LifecycleOptions) async throws -> (ClientReview, ContractImport, RateCard?) {
        let asOf = try parseDay(self.asOf, flag: "--as-of") ?? CalendarDate.today()
        let period = ReconciliationPeriod.ending(on: asOf, since: try parseDay(self.since, flag: "--since"))
        guard period.since <= asOf else { throw CensusFailure("--since \(period.since) is after --as-of \(asOf)", exitCode: CensusFailure.usage) }
        let contract = try readContract()
        let card = try readRates()
        let store = try await open(nil)
        let review = try await ClientReview.make(client: client, store: store, contract: contract, rates: card,
                                                 period: period,
                                                 judge: try lifecycle.judge(store: store), views: DeviceViews(canonicalVendor: canonicalVendorName))
        if let empty = try await review.nothingToReview(client: client, period: period, store: store) {
            throw CensusFailure("\(empty); give --as-of (and --since) for a period with a scan", exitCode: CensusFailure.usage)
        }
        return (review, contract, card)
    }

    /// Says on stderr what the reader should know of the contract (columns not read…) and each
    /// row skipped, with its line and why: rows that change the totals are never dropped silently.
    static func tell(_ contract: ContractImport, skipped: [ContractRowError]) {
        for error in skipped { Terminal.error("census: \(contract.file):\(error.line): skipped: \(error.message)") }
    }

    func readContract() throws -> ContractImport {
        let layout: ContractProfile
        if let preset = ContractProfile.named(profile) {
            layout = preset
        } else if FileManager.default.fileExists(atPath: profile) {
            do { layout = try ContractProfile.load(file: profile) } catch {
                throw CensusFailure(error.description, exitCode: CensusFailure.dataError)
            }
        } else {
            throw CensusFailure("--profile \(profile): not generic, connectwise, autotask or halopsa, and no such mapping file",
                                exitCode: CensusFailure.usage)
        }
        do { return try ContractImport.read(file: contract, profile: layout) } catch {
            throw CensusFailure(error.description, exitCode: CensusFailure.dataError)
        }
    }

    private func readRates() throws -> RateCard? {
        guard let rates else { return nil }
        do { return try RateCard.load(file: rates) } catch {
            throw CensusFailure(error.description, exitCode: CensusFailure.dataError)
        }
    }
}

/// Renders a reconciliation report: the table groups findings by kind with totals, CSV has
/// one finding per row, JSON is the report itself.
enum ReconcilePrinter {
    static let csvHeaders = ["kind", "device_id", "site", "ip", "mac", "serial", "vendor", "model", "class", "contract_lines", "fields",
                             "monthly_value", "reason"]

    static func render(_ report: ReconciliationReport, as format: OutputFormat) throws -> String {
        switch format {
        case .json:
            return try report.jsonText(pretty: isatty(STDOUT_FILENO) != 0)
        case .csv:
            return try CSVOutput.render(headers: csvHeaders, rows: report.findings.map { f in
                let d = f.device
                return [f.kind.rawValue, d.map { String($0.id) } ?? "", d?.site ?? "", d?.ip?.description ?? "",
                        d?.macs.map(\.description).joined(separator: " ") ?? "", d?.serial ?? "", d?.vendor ?? "", d?.model ?? "",
                        d?.class.rawValue ?? "", f.contractLines.map(String.init).joined(separator: " "), f.fields.joined(separator: " "),
                        f.monthlyValue.description, f.reason]
            })
        case .table:
            let currency = report.summary.currency
            func money(_ m: Money) -> String { currency.map { "\($0) \(m.grouped)" } ?? m.grouped }
            var out = "Reconciliation of \(report.client), \(report.period.since) to \(report.period.until) (as of \(report.asOf))\n"
            out += "Covered: " + (report.coverage.isEmpty ? "nothing (no complete scan in the period)"
                : report.coverage.map { "\($0.site ?? "(no site)") (scans \($0.scans.map(String.init).joined(separator: ", ")))" }.joined(separator: "; ")) + "\n"
            for kind in FindingKind.allCases {
                let list = report.findings(kind)
                guard !list.isEmpty else { continue }
                let total = list.reduce(Money.zero) { $0 + $1.monthlyValue }
                out += "\n\(kind.rawValue.uppercased()) (\(list.count))" + (total == .zero ? "" : ", \(money(total)) a month") + "\n"
                out += TextTable(headers: ["DEVICE", "SITE", "IP", "CLASS", "MAKE", "LINES", "VALUE", "REASON"], rows: list.map { f in
                    let d = f.device
                    return [d.map { String($0.id) } ?? "-", d?.site ?? "-", d?.ip?.description ?? "-", d?.class.rawValue ?? "-",
                            [d?.vendor, d?.model].compactMap { $0 }.joined(separator: " ").nonEmpty ?? "-",
                            f.contractLines.map(String.init).joined(separator: ",").nonEmpty ?? "-", f.monthlyValue.description, f.reason]
                }).render()
            }
            let s = report.summary
            out += "\nUnbilled \(money(s.unbilledMonthly)) a month; overbilled \(money(s.overbilledMonthly)) a month.\n"
            return out
        }
    }
}

private extension String {
    var nonEmpty: String? { isEmpty ? nil : self }
}
