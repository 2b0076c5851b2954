import CensusCore
import Contracts
import Foundation
import Reconciliation
import Reports
import XCTest

/// The pricing report against figures worked out by hand from `Acme`.
final class PricingReportTests: XCTestCase {
    func testEveryLineAndTotalIsTheHandWorkedFigure() throws {
        let contract = try Acme.contract()
        let r = PricingReport.build(from: try Acme.reconciliation(), contract: contract, rates: Acme.rates)
        // Billed: 12.50 + 25.00 + 25.00 (duplicate) + 45.00 (UPS as server) + 40.00 (missing) = 147.50
        XCTAssertEqual(r.billedMonthly, money("147.50"))
        // Due: 12.50 + 25.00 + 0 + 3.00 (a UPS) + 0 + 5.00 (unbilled AP) + 0 (review) = 45.50
        XCTAssertEqual(r.dueMonthly, money("45.50"))
        XCTAssertEqual(r.differenceMonthly, money("-102.00"))
        let summary = r.summary
        XCTAssertEqual(r.differenceMonthly, summary.unbilledMonthly - summary.overbilledMonthly,
                       "the difference is what reconciliation found: unbilled − overbilled")
        XCTAssertEqual(summary.unbilledMonthly, money("5.00"))
        XCTAssertEqual(summary.overbilledMonthly, money("107.00"), "25.00 duplicate + 40.00 missing + 42.00 class billed above the UPS rate")

        func line(_ id: Int64) -> PricingReport.Line? { r.lines.first { $0.device?.id == id && $0.finding != "duplicate" } }
        XCTAssertEqual(line(1)?.contractLines, [2])
        XCTAssertEqual(line(1)?.rate, money("12.50"))
        XCTAssertEqual(line(3)?.finding, "mismatch")
        XCTAssertEqual(line(3)?.billed, money("45.00"))
        XCTAssertEqual(line(3)?.due, money("3.00"))
        XCTAssertEqual(line(4)?.onContract, false)
        XCTAssertEqual(line(4)?.due, money("5.00"))
        XCTAssertEqual(line(5)?.finding, "review")
        XCTAssertEqual(line(5)?.due, .zero)
        let duplicate = try XCTUnwrap(r.lines.first { $0.finding == "duplicate" })
        XCTAssertEqual(duplicate.contractLines, [4])
        XCTAssertEqual(duplicate.billed, money("25.00"))
        let missing = try XCTUnwrap(r.lines.first { $0.finding == "missing" })
        XCTAssertNil(missing.device)
        XCTAssertEqual(missing.contractLines, [6])
        XCTAssertEqual(r.sites.map(\.site), ["hq"])
        XCTAssertEqual(r.sites.first?.unbilledMonthly, money("5.00"))
        XCTAssertFalse(r.findings.contains { $0.kind == .matched }, "matched lines need no explaining")
    }

    /// A rate of 4.165 is a line of 4.17: every amount is whole cents from the start, so each
    /// total is the sum of the lines it shows (never 12.50 under three lines of 4.17).
    func testTotalsAreTheSumOfTheLinesShownWhateverTheRatesDecimals() throws {
        XCTAssertEqual(Money(Decimal(string: "4.165")!).amount, Decimal(string: "4.17")!)
        XCTAssertEqual((0..<3).reduce(Money.zero) { total, _ in total + Money(Decimal(string: "4.165")!) }, money("12.51"))
        let rates = RateCard(currency: "GBP", devices: [.switch: Decimal(string: "12.504")!, .firewall: Decimal(string: "25.005")!,
                                                        .ups: Decimal(string: "3.333")!, .server: Decimal(string: "45.005")!,
                                                        .wirelessAP: Decimal(string: "5.004")!])
        let reconciliation = Reconciliation.reconcile(devices: Acme.devices, scans: Acme.scans, contract: try Acme.contract(), rates: rates,
                                                      client: "Acme", period: (CalendarDate(iso: "2026-11-01")!, CalendarDate(iso: "2026-11-30")!),
                                                      asOf: CalendarDate(iso: "2026-11-30")!)
        let r = PricingReport.build(from: reconciliation, contract: try Acme.contract(), rates: rates)
        func isWholeCents(_ money: Money) -> Bool {
            var cents = money.amount * 100
            var whole = Decimal()
            NSDecimalRound(&whole, &cents, 0, .plain)
            return whole == cents
        }
        XCTAssertTrue(r.lines.contains { $0.due.amount == Decimal(string: "12.50")! }, "12.504 is a line of 12.50")
        for line in r.lines {
            XCTAssertTrue(isWholeCents(line.due) && isWholeCents(line.billed), "\(line)")
        }
        XCTAssertEqual(r.dueMonthly, r.lines.reduce(Money.zero) { $0 + $1.due })
        XCTAssertEqual(r.billedMonthly, r.lines.reduce(Money.zero) { $0 + $1.billed })
        XCTAssertEqual(r.sites.first?.unbilledMonthly, money("5.00"), "the unbilled access point at 5.004 a month")
        XCTAssertEqual(reconciliation.summary.unbilledMonthly, reconciliation.findings.filter { $0.kind == .unbilled }
            .reduce(Money.zero) { $0 + $1.monthlyValue })
    }

    func testPerUserAndTheMinimumChargeAreLinesOfTheirOwn() throws {
        var rates = Acme.rates
        rates.perUser = Decimal(string: "4.50")!
        rates.minimumMonthly = 400
        let r = PricingReport.build(from: try Acme.reconciliation(), contract: try Acme.contract(), rates: rates, users: 20)
        let users = try XCTUnwrap(r.lines.first { $0.charge == "users" })
        XCTAssertEqual(users.billed, money("90.00"))
        XCTAssertEqual(users.due, money("90.00"))
        let minimum = try XCTUnwrap(r.lines.first { $0.charge == "minimum" })
        // Due before the minimum: 45.50 + 90.00 = 135.50; topped up to 400.00.
        XCTAssertEqual(minimum.due, money("264.50"))
        XCTAssertEqual(r.dueMonthly, money("400.00"))
        XCTAssertEqual(r.billedMonthly, money("237.50"))
    }

    /// A per-user rate of 4.165 is shown as 4.17, and the line is 4.17 × the users.
    func testThePerUserLineIsTheRateShownTimesTheUsers() throws {
        var rates = Acme.rates
        rates.perUser = Decimal(string: "4.165")!
        let r = PricingReport.build(from: try Acme.reconciliation(), contract: try Acme.contract(), rates: rates, users: 3)
        let users = try XCTUnwrap(r.lines.first { $0.charge == "users" })
        XCTAssertEqual(users.rate, money("4.17"))
        XCTAssertEqual(users.billed, money("12.51"), "3 × 4.17, not 4.165 × 3 rounded")
    }

    /// Lines that bill users ("Per User", "Microsoft 365") are no devices: never missing, and
    /// their users added up (20 at HQ + 10 at the branch = 30, not the larger 20) and their
    /// charge billed once, as the users row.
    func testUsersLinesAreNoDevicesAndTheirUsersAddUp() throws {
        let text = Acme.contractText + """
            Acme,hq,HQ user licences,Per User,,,,,,700.00,,
            Acme,branch,Branch users,Microsoft 365,,,,,,350.00,,

            """
        var header = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        header[0] += ",users"
        let withUsers = header.enumerated().map { i, row in
            row.isEmpty || i == 0 ? row : row + (row.contains("HQ user licences") ? ",20" : row.contains("Branch users") ? ",10" : ",")
        }.joined(separator: "\n")
        let contract = try ContractImport.read(text: withUsers, file: "acme.csv")
        XCTAssertEqual(contract.lines.filter(\.isUsersLine).map(\.users), [20, 10])
        let reconciliation = Reconciliation.reconcile(devices: Acme.devices, scans: Acme.scans, contract: contract, rates: Acme.rates, client: "Acme",
                                                      period: (CalendarDate(iso: "2026-11-01")!, CalendarDate(iso: "2026-11-30")!),
                                                      asOf: CalendarDate(iso: "2026-11-30")!)
        XCTAssertEqual(reconciliation.findings.filter { $0.kind == .missing }.flatMap(\.contractLines), [6], "only OLD-SRV is missing")
        XCTAssertTrue(reconciliation.notes.contains("lines 7, 8 bill users, not devices (30 users): not matched to devices."), "\(reconciliation.notes)")
        var rates = Acme.rates
        rates.perUser = 35
        let r = PricingReport.build(from: reconciliation, contract: contract, rates: rates)
        let users = try XCTUnwrap(r.lines.first { $0.charge == "users" })
        XCTAssertEqual(users.contractLines, [7, 8])
        XCTAssertEqual(users.billed, money("1050.00"))
        XCTAssertEqual(users.due, money("1050.00"), "30 users at 35.00")
        XCTAssertEqual(r.lines.filter { $0.contractLines.contains(7) }.count, 1, "billed once, as the users row")
        // A card with no per-user price: the contract's charge stands, neither over nor under.
        let plain = PricingReport.build(from: reconciliation, contract: contract, rates: Acme.rates)
        let stands = try XCTUnwrap(plain.lines.first { $0.charge == "users" })
        XCTAssertEqual(stands.billed, stands.due)
        XCTAssertEqual(stands.billed, money("1050.00"))
    }

    /// A pool line ("4 × access point" at 5.00) bills each device it counts at its price, and the
    /// ones not seen on one row at its price each: billed 20.00 in all, due what was counted.
    func testAPoolIsBilledAtItsPriceEach() throws {
        let contract = try ContractImport.read(text: "client,site,name,class,serial,quantity,monthly_price\nAcme,hq,APs,Access Point,,4,5.00\n", file: "pool.csv")
        let devices = [Acme.device(4, .wirelessAP, ip: "198.18.0.7", mac: "24:a4:3c:00:00:07", vendor: "Ubiquiti"),
                       Acme.device(9, .wirelessAP, ip: "198.18.0.9", mac: "24:a4:3c:00:00:09", vendor: "Ubiquiti")]
        let reconciliation = Reconciliation.reconcile(devices: devices, scans: Acme.scans, contract: contract, rates: Acme.rates, client: "Acme",
                                                      period: (CalendarDate(iso: "2026-11-01")!, CalendarDate(iso: "2026-11-30")!),
                                                      asOf: CalendarDate(iso: "2026-11-30")!)
        let r = PricingReport.build(from: reconciliation, contract: contract, rates: Acme.rates)
        XCTAssertEqual(r.lines.map(\.finding), ["matched", "matched", "missing"])
        XCTAssertEqual(r.lines.map(\.billed), [money("5.00"), money("5.00"), money("10.00")])
        XCTAssertEqual(r.billedMonthly, money("20.00"), "4 access points at 5.00")
        XCTAssertEqual(r.dueMonthly, money("10.00"))
        XCTAssertEqual(r.differenceMonthly, r.summary.unbilledMonthly - r.summary.overbilledMonthly)
    }

    func testJSONHasTheDocumentedShapeWithTwoDecimalMoney() throws {
        let r = PricingReport.build(from: try Acme.reconciliation(), contract: try Acme.contract(), rates: Acme.rates)
        let text = try ReportJSON.encode(r, pretty: false)
        let object = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
        for key in ["client", "as_of", "currency", "billed_monthly", "due_monthly", "difference_monthly", "sites", "lines"] {
            XCTAssertNotNil(object[key], key)
        }
        XCTAssertTrue(text.contains("\"billed_monthly\":147.50"), text)
        XCTAssertTrue(text.contains("\"difference_monthly\":-102.00"), text)
        let line = try XCTUnwrap((object["lines"] as? [[String: Any]])?.first)
        XCTAssertEqual(Set(line.keys), ["device", "contract_lines", "charge", "site", "class", "rate", "billed", "due", "on_contract", "finding", "reason"])
    }
}
