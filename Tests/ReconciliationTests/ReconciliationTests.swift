import CensusCore
import Contracts
import DeviceModel
import Foundation
import Reconciliation
import XCTest

/// The whole engine on one client: `Fixtures/contracts/reconcile-acme.csv` plants every kind
/// of finding against hand-built devices, with exact money.
final class ReconciliationTests: XCTestCase {
    let scans = [
        scan(1, site: "hq", ranges: ["198.18.0.0/24"], on: "2026-11-20"),
        scan(2, site: "branch", ranges: ["198.18.1.0/24"], on: "2026-11-21"),
        scan(3, site: "hq", ranges: ["198.18.0.0/24"], on: "2026-09-01"),               // before the period
        scan(4, site: "warehouse", ranges: ["198.18.2.0/24"], on: "2026-11-22", status: .partial),
    ]

    let devices = [
        device(1, .firewall, ip: "198.18.0.1", vendor: "Fortinet", model: "FGT_60F", serial: "FGT60FTK21012345", name: "acme-fw01.acme.local"),
        device(2, .switch, ip: "198.18.0.2", vendor: "Cisco Systems", model: "WS-C3560-48TS-S", serial: "FOC1408Z61U", name: "ACME-SW01"),
        device(3, .hypervisor, ip: "198.18.0.10", vendor: "Dell", model: "PowerEdge R650", serial: "7XK4JH3"),
        device(4, .ups, ip: "198.18.0.40", mac: "00:c0:b7:11:22:33", vendor: "APC", model: "Smart-UPS 1500", serial: "AS2145123456"),
        device(5, .wirelessAP, ip: "198.18.0.7", vendor: "Ubiquiti", model: "UAP-AC-PRO", serial: "7483C2AABBCC", name: "AP-Lobby"),
        device(6, .printer, ip: "198.18.0.30", vendor: "Kyocera", model: "TASKalfa 2554ci", serial: "W2K1234567"),
        device(7, .unknown, ip: "198.18.0.99", mac: "00:1b:21:0a:0b:0c", vendor: "Intel", seenBy: [.arpSweep]),
        device(8, .workstation, ip: "198.18.0.50", vendor: "Microsoft", model: "Windows 11", serial: "PC-1"),
        device(9, .camera, ip: "198.18.0.60", vendor: "Hikvision", model: "DS-2CD2143G2-I", serial: "G99"),
        device(10, .storage, ip: "198.18.0.70", vendor: "Synology", model: "DS920+", serial: "NAS0001", name: "NAS01.acme.local"),
        device(11, .switch, ip: "198.18.0.3", vendor: "Cisco", serial: "FOC0000OLD1", first: "2026-08-01", last: "2026-09-01", scans: [3]),
        device(12, .server, ip: "198.18.0.80", vendor: "Dell", serial: "LATER1", first: "2026-12-05", last: "2026-12-05", scans: [9]),
        device(13, .server, ip: "198.18.1.5", vendor: "Dell", model: "PowerEdge R450", serial: "DC01SERIAL", name: "dc01", site: "branch", scans: [2]),
        device(14, .server, ip: "198.18.0.20", vendor: "HPE", model: "ProLiant DL380 Gen10", serial: "CZJ2140ABC", name: "app02"),
    ]

    func supportEnds(_ d: DeviceSnapshot) -> [EndOfSupport] {
        switch d.id {
        case 2: [EndOfSupport(part: .software, status: EndOfSupport.pastEOL, date: day("2021-07-31"), source: "Cisco EoL bulletin", what: "IOS 12.2")]
        case 1: [EndOfSupport(part: .hardware, status: "eol_within_6m", date: day("2027-03-01"), source: "Fortinet", what: "FortiGate 60F")]
        default: []
        }
    }

    func report(devices: [DeviceSnapshot]? = nil, lines: ContractImport? = nil, rates: RateCard? = nil) throws -> ReconciliationReport {
        let file = try lines ?? ContractImport.read(file: Fixture.path("reconcile-acme.csv"))
        let card = try rates ?? RateCard.load(file: Fixture.path("rates.yaml"))
        return Reconciliation.reconcile(devices: devices ?? self.devices, scans: scans, contract: file, rates: card, client: "Acme Dental",
                                        period: november, asOf: day("2026-11-30"), supportEnds: supportEnds)
    }

    /// kind, device id, lines, fields, match key, value
    typealias Row = (FindingKind, Int64?, [Int], [String], MatchKey?, String)

    func rows(_ r: ReconciliationReport) -> [String] {
        r.findings.map { f in
            "\(f.kind.rawValue) \(f.device.map { String($0.id) } ?? "-") \(f.contractLines) \(f.fields) \(f.matchKey?.rawValue ?? "-") \(f.monthlyValue)"
        }
    }

    func testEveryKindIsFoundWithItsMoneyAndNothingElse() throws {
        let r = try report()
        XCTAssertEqual(rows(r), [
            "matched 1 [2] [] serial 0.00",          // router entered for a firewall; FortiGate 60F = FGT_60F
            "matched 2 [3] [] serial 0.00",          // lower-case serial, Cisco ~ Cisco Systems, C3560-48TS in WS-C3560-48TS-S
            "matched 3 [4] [] serial 0.00",          // a hypervisor entered as a physical server
            "matched 10 [7] [] serial 0.00",         // the first of two lines is the match
            "matched 13 [9] [] name 0.00",           // a line without site matches at any site
            "unbilled 5 [] [] - 5.00",               // the access point, at the card's price
            "review 7 [] [] - 0.00",                 // unknown class: a MAC only
            "review 8 [] [] - 0.00",                 // a workstation under per-user pricing
            "review 9 [] [] - 0.00",                 // a camera the card does not price
            "missing - [10] [] - 3.00",              // its own price
            "missing - [11] [] - 12.50",             // no price on the line: the card's price for a switch
            "missing - [12] [] - 12.50",             // its device was last seen before the period
            "not_covered - [13] [] - 0.00",          // a site no scan covered
            "not_covered - [14] [] - 0.00",          // an address outside every range scanned at HQ
            "not_covered - [15] [] - 0.00",          // the warehouse's only scan was interrupted
            "mismatch 4 [5] [\"class\"] mac -42.00", // a UPS entered as a server: 3.00 - 45.00
            "mismatch 6 [6] [\"site\"] serial 0.00", // entered at Branch, seen at hq
            "mismatch 14 [18] [\"class\"] ip 37.00", // a server entered as a printer: 45.00 - 8.00
            "unsupported 2 [3] [\"software\"] - 0.00",
            "duplicate 10 [7, 8] [] name 15.00",
        ])
        XCTAssertEqual(r.summary.counts, ["matched": 5, "unbilled": 1, "review": 3, "missing": 3, "not_covered": 3, "mismatch": 3,
                                          "unsupported": 1, "duplicate": 1])
        XCTAssertEqual(r.summary.unbilledMonthly, amount("42.00"), "5.00 unbilled + 37.00 class difference; the -42.00 is not added")
        XCTAssertEqual(r.summary.overbilledMonthly, amount("85.00"), "missing 3.00 + 12.50 + 12.50, duplicate 15.00, and the server entered for a UPS billed 42.00 above its rate")
        XCTAssertEqual(r.summary.currency, "GBP")
        // Devices outside the period are not in it at all.
        XCTAssertFalse(r.findings.contains { [11, 12].contains($0.device?.id) })
    }

    func testReasonsAreSentencesAClientUnderstands() throws {
        let r = try report()
        XCTAssertEqual(r.findings(.unbilled).first?.reason,
                       "The access point AP-Lobby (198.18.0.7, Ubiquiti UAP-AC-PRO) was seen at hq on 2026-11-20 but is on no contract line. "
                       + "An access point is billed at GBP 5.00 a month.")
        XCTAssertEqual(r.findings(.missing).first?.reason,
                       "Line 10 (ACME-UPS02, a UPS, APC) is on the contract at HQ, but no scan at HQ between 2026-11-01 and 2026-11-30 saw it (scan 1). "
                       + "It is charged at GBP 3.00 a month.")
        XCTAssertEqual(r.findings(.notCovered).map(\.reason), [
            "Line 13 (CAM-CARPARK, a camera, Hikvision) is at Surgery 2, which no complete scan between 2026-11-01 and 2026-11-30 covered: no verdict on it.",
            "Line 14 (ACME-REMOTE, a server, Dell) has the address 10.9.9.9, in no range scanned at HQ between 2026-11-01 and 2026-11-30: no verdict on it.",
            "Line 15 (WH-AP1, an access point, Ubiquiti) is at Warehouse, which no complete scan between 2026-11-01 and 2026-11-30 covered: no verdict on it.",
        ])
        let ups = try XCTUnwrap(r.findings(.mismatch).first)
        XCTAssertEqual(ups.reason, "Line 5 (ACME-UPS01, a server, APC) and the UPS (198.18.0.40, APC Smart-UPS 1500) disagree: "
                       + "the line says a server, the device is a UPS. Priced as a UPS it would be GBP 3.00 a month instead of GBP 45.00.")
        XCTAssertEqual(r.findings(.unsupported).first?.reason,
                       "The switch ACME-SW01 (198.18.0.2, Cisco Systems WS-C3560-48TS-S) is past the end of its software support: "
                       + "IOS 12.2 since 2021-07-31 (Cisco EoL bulletin).")
        XCTAssertEqual(r.findings(.duplicate).first?.reason,
                       "The storage device NAS01.acme.local (198.18.0.70, Synology DS920+) is on the contract 2 times: line 7 is kept as its line, "
                       + "line 8 is extra, charged GBP 15.00 a month.")
        let review = r.findings(.review).map(\.reason)
        XCTAssertTrue(review[0].hasSuffix("What kind of device it is could not be told (it answered no SNMP; only its network address and the maker of its network card were seen), so it is listed for review, not billed."), review[0])
        XCTAssertTrue(review[1].hasSuffix("Computers are covered by the per-user price, so it is listed for review, not billed per device."), review[1])
        XCTAssertTrue(review[2].hasSuffix("The rate card has no per-device price for a camera, so it is listed for review, not billed."), review[2])
    }

    func testEvidenceNamesScansSitesMethodsRulesAndTheMatchKey() throws {
        let r = try report()
        let matched = try XCTUnwrap(r.findings(.matched).first { $0.device?.id == 2 })
        XCTAssertEqual(matched.evidence, [
            "scan 1 at hq, 2026-11-20 10:00 UTC", "site hq (2026-11-20 to 2026-11-20)", "seen by arp, snmp",
            "rule test-switch (vendor, class, serial)", "identity: serial FOC1408Z61U", "line 3 matched by serial foc1408z61u",
        ])
        let review = try XCTUnwrap(r.findings(.review).first)
        XCTAssertTrue(review.evidence.contains("MAC 00:1b:21:0a:0b:0c registered to Intel"), "\(review.evidence)")
        let duplicate = try XCTUnwrap(r.findings(.duplicate).first)
        XCTAssertEqual(Array(duplicate.evidence.suffix(2)), ["line 7 matched by serial NAS0001", "line 8 matched by name nas01"])
        let missing = try XCTUnwrap(r.findings(.missing).first)
        XCTAssertEqual(missing.evidence, ["looked for serial AS0000000002, IP 198.18.0.41, name ACME-UPS02 at HQ", "scan 1 at hq, 2026-11-20 10:00 UTC"])
    }

    func testOtherClientsLinesAreIgnoredAndImportErrorsPassedThrough() throws {
        let r = try report()
        XCTAssertEqual(r.importErrors, [ContractRowError(line: 17, message: "mac 'zz:zz' is not a MAC address; monthly_price 'twelve' is not an amount")])
        XCTAssertTrue(r.notes.contains("1 contract line of other clients ('Fenwick Joinery') ignored."), "\(r.notes)")
        XCTAssertTrue(r.notes.contains { $0.hasPrefix("Scan 4 at warehouse did not finish") }, "\(r.notes)")
        XCTAssertFalse(r.findings.contains { $0.contractLines.contains(16) })
        // Coverage: complete scans of the period only.
        XCTAssertEqual(r.coverage, [SiteCoverage(site: "branch", scans: [2], ranges: [try IPv4Network(parsing: "198.18.1.0/24")]),
                                    SiteCoverage(site: "hq", scans: [1], ranges: [try IPv4Network(parsing: "198.18.0.0/24")])])
    }

    /// A price in another currency than the rate card's is not counted in it: the row is skipped
    /// and said to be; a bare dollar fits a dollar card only.
    func testAPriceInAnotherCurrencyIsNotCountedInTheCards() throws {
        let text = """
        client,name,serial,monthly_price
        Acme Dental,SW,FOC1,€12.50
        Acme Dental,FW,FGT1,12.50 GBP
        Acme Dental,AP,U1,$5.00

        """
        let r = try report(lines: try ContractImport.read(text: text, file: "cur.csv"))
        XCTAssertEqual(r.importErrors.map(\.line), [2, 4])
        XCTAssertEqual(r.importErrors.first?.message, "its price is in EUR, the rate card's in GBP: the row is not counted (convert it, or use a rate card in that currency)")
        XCTAssertTrue(r.importErrors[1].message.hasPrefix("its price is in dollars"), r.importErrors[1].message)
        XCTAssertFalse(r.findings.contains { $0.contractLines.contains(2) || $0.contractLines.contains(4) })
    }

    func testTheOrderOfInputsDoesNotChangeTheReport() throws {
        let file = try ContractImport.read(file: Fixture.path("reconcile-acme.csv"))
        var shuffled = file
        shuffled.lines.reverse()
        XCTAssertEqual(try report(devices: devices.reversed(), lines: shuffled), try report())
    }
}
