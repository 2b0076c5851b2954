import CensusCore
import Foundation
@testable import Lifecycle
import XCTest

final class LifecycleJudgeTests: XCTestCase {
    var judge: LifecycleJudge!

    override func setUpWithError() throws {
        judge = LifecycleJudge(software: try SharedData.lifecycles(), hardware: try HardwareCatalog.builtIn())
    }

    /// A Catalyst 2960-X (last date of support 2027-10-31) on IOS, which has no shipped data.
    let catalyst = Identification(vendor: "Cisco", model: "WS-C2960X-48FPD-L", class: .switch, os: "IOS", version: "15.2(7)E4")

    func testHardwareBoundariesAroundTheLastDateOfSupport() {
        XCTAssertEqual(judge.judge(catalyst, asOf: day("2027-10-30")).status, .eolWithin6Months)
        XCTAssertEqual(judge.judge(catalyst, asOf: day("2027-10-31")).status, .pastEOL)
        XCTAssertEqual(judge.judge(catalyst, asOf: day("2027-11-01")).status, .pastEOL)
        XCTAssertEqual(judge.judge(catalyst, asOf: day("2026-11-30")).status, .eolIn6To12Months)
        XCTAssertEqual(judge.judge(catalyst, asOf: day("2025-10-31")).status, .eolIn12To24Months)
        XCTAssertEqual(judge.judge(catalyst, asOf: day("2025-10-30")).status, .supported)
    }

    /// SonicWall's TZ 400 (End Of Support 2026-08-01) and TZ 350 (2026-10-01): the day before, of and after.
    func testSonicWallHardwareBoundaries() {
        func status(_ model: String, _ asOf: String) -> LifecycleStatus {
            judge.hardwareVerdict(model: model, vendor: "SonicWall", asOf: day(asOf)).status
        }
        XCTAssertEqual(status("TZ 400", "2026-07-31"), .eolWithin6Months)
        XCTAssertEqual(status("TZ 400", "2026-08-01"), .pastEOL)
        XCTAssertEqual(status("TZ 400", "2026-08-02"), .pastEOL)
        XCTAssertEqual(status("TZ 350", "2026-09-30"), .eolWithin6Months)
        XCTAssertEqual(status("TZ 350", "2026-10-01"), .pastEOL)
        XCTAssertEqual(status("TZ 350", "2026-10-02"), .pastEOL)
        XCTAssertEqual(status("TZ 350", "2024-10-01"), .eolIn12To24Months)
        XCTAssertEqual(status("TZ 350", "2024-09-30"), .supported)
        // TZ 300: 2025-01-23; the TZ 200's row gives no end of support, so its hardware stays unknown.
        XCTAssertEqual(status("TZ300", "2025-01-22"), .eolWithin6Months)
        XCTAssertEqual(status("TZ300", "2025-01-23"), .pastEOL)
        XCTAssertEqual(status("TZ 200", "2030-01-01"), .unknown)
        let verdict = judge.hardwareVerdict(model: "TZ 400", vendor: "SonicWall", asOf: day("2026-08-01"))
        XCTAssertEqual(verdict.endOfSale, .on(day("2022-04-15")))
        XCTAssertEqual(verdict.endOfSoftwareMaintenance, .on(day("2024-04-16")))
        XCTAssertEqual(verdict.state, .announced)
        XCTAssertEqual(verdict.source, "https://sonicwall.com/support/product-lifecycle-tables")
        XCTAssertEqual(verdict.entry, "sonicwall-tz-400-600")
    }

    func testSoftwareBoundariesAroundTheEndOfSecuritySupport() {
        let fortigate = Identification(vendor: "Fortinet", model: "FortiGate-60F", class: .firewall, os: "FortiOS", version: "7.2.5")
        XCTAssertEqual(judge.judge(fortigate, asOf: day("2026-09-29")).software.status, .eolWithin6Months)
        XCTAssertEqual(judge.judge(fortigate, asOf: day("2026-09-30")).software.status, .pastEOL)
        XCTAssertEqual(judge.judge(fortigate, asOf: day("2026-10-01")).software.status, .pastEOL)
        // The 60F's hardware state is unknown: the device takes the software's status.
        let judgement = judge.judge(fortigate, asOf: day("2026-10-01"))
        XCTAssertEqual(judgement.hardware.status, .unknown)
        XCTAssertEqual(judgement.hardware.entry, "fortigate-60f")
        XCTAssertEqual(judgement.status, .pastEOL)
    }

    func testBooleanMissingAndUnknownEnds() {
        var software = SoftwareLifecycles(products: [
            .init(name: "fortios", cycles: [SoftwareCycle(cycle: "6.0", eol: .ended), SoftwareCycle(cycle: "7.6", eol: .notEnded),
                                           SoftwareCycle(cycle: "7.4")], origin: .snapshot(day("2026-11-30"))),
        ])
        software.use([SoftwareCycle(cycle: "10.1", eol: .on(day("2024-12-01")))], for: "pan-os", fetchedAt: day("2026-11-20"))
        let judge = LifecycleJudge(software: software, hardware: HardwareCatalog())
        let asOf = day("2026-11-30")
        func verdict(_ os: String, _ version: String) -> SoftwareVerdict {
            judge.softwareVerdict(for: Identification(os: os, version: version), asOf: asOf)
        }
        XCTAssertEqual(verdict("FortiOS", "6.0.18").status, .pastEOL)
        XCTAssertEqual(verdict("FortiOS", "6.0.18").eol, .ended)
        XCTAssertEqual(verdict("FortiOS", "7.6.1").status, .supported)
        XCTAssertEqual(verdict("FortiOS", "7.4.4").status, .unknown)
        XCTAssertEqual(verdict("FortiOS", "7.4.4").reason, "the fortios data gives no end of life for cycle 7.4")
        XCTAssertEqual(verdict("FortiOS", "7.2.5").status, .unknown)
        XCTAssertEqual(verdict("FortiOS", "7.2.5").reason, "no cycle 7.2 in the fortios data (endoflife.date snapshot 2026-11-30)")
        XCTAssertEqual(verdict("PAN-OS", "10.1.3").source, "imported 2026-11-20")
        XCTAssertEqual(verdict("PAN-OS", "10.1.3").status, .pastEOL)
        // `true` says ended by the day the data was taken: as of an earlier day, not known.
        let back = judge.softwareVerdict(for: Identification(os: "FortiOS", version: "6.0.18"), asOf: day("2020-01-01"))
        XCTAssertEqual(back.status, .unknown)
        XCTAssertEqual(back.reason, "the fortios data (endoflife.date snapshot 2026-11-30) says cycle 6.0 had ended by then, on a day it does not publish: not known as of 2020-01-01")
        XCTAssertEqual(judge.softwareVerdict(for: Identification(os: "FortiOS", version: "6.0.18"), asOf: day("2026-11-30")).status, .pastEOL)
        // `false` says no end was announced by that day: supported for a year after it, then not known.
        XCTAssertEqual(judge.softwareVerdict(for: Identification(os: "FortiOS", version: "7.6.1"), asOf: day("2027-11-30")).status, .supported)
        let later = judge.softwareVerdict(for: Identification(os: "FortiOS", version: "7.6.1"), asOf: day("2027-12-01"))
        XCTAssertEqual(later.status, .unknown)
        XCTAssertEqual(later.reason, "the fortios data (endoflife.date snapshot 2026-11-30) announces no end for cycle 7.6, more than a year before 2027-12-01 (run census lifecycle update when online)")
    }

    func testTheWorseOfTheTwoWithUnknownNeverWinning() {
        let asOf = day("2026-11-30")
        // Hardware past its end (2960-S), software unknown (no IOS data).
        let old = judge.judge(Identification(vendor: "Cisco", model: "WS-C2960S-48FPS-L", class: .switch, os: "IOS", version: "15.0(2)SE11"), asOf: asOf)
        XCTAssertEqual(old.hardware.status, .pastEOL)
        XCTAssertEqual(old.hardware.endOfSupport, .ended)
        XCTAssertEqual(old.software.status, .unknown)
        XCTAssertEqual(old.status, .pastEOL)
        // Hardware unknown, software supported.
        let server = judge.judge(Identification(vendor: "Dell", model: "PowerEdge R740", class: .server, os: "Windows Server", version: "2022"), asOf: asOf)
        XCTAssertEqual(server.hardware.status, .unknown)
        XCTAssertEqual(server.hardware.reason, "last date of support not known for dell-poweredge-14g (state: unknown)")
        XCTAssertEqual(server.software.status, .supported)
        XCTAssertEqual(server.status, .supported)
        // Both unknown.
        let mystery = judge.judge(Identification(model: "Frobnicator 9000", class: .appliance), asOf: asOf)
        XCTAssertEqual(mystery.status, .unknown)
        XCTAssertEqual(mystery.hardware.reason, "no hardware lifecycle entry for model 'Frobnicator 9000'")
        XCTAssertEqual(mystery.software.reason, "operating system not identified")
    }

    func testANotAnnouncedModelIsSupported() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("census-na-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        try "entries:\n  - { id: acme-1, vendor: Acme, models: ['A1'], state: not-announced, checked: 2026-11-01, examples: [A1] }\n"
            .write(to: folder.appendingPathComponent("acme.yaml"), atomically: true, encoding: .utf8)
        let judge = LifecycleJudge(software: SoftwareLifecycles(), hardware: try HardwareCatalog.load([folder.path]))
        XCTAssertEqual(judge.hardwareVerdict(model: "A1", vendor: "Acme", asOf: day("2026-11-30")).status, .supported)
        XCTAssertEqual(judge.hardwareVerdict(model: nil, asOf: day("2026-11-30")).reason, "model not identified")
    }

    func testAgeComesFromTheBestSource() {
        let asOf = day("2026-11-30")
        let bought = judge.judge(catalyst, purchaseDate: day("2016-06-15"), firstSeen: day("2024-02-01"), asOf: asOf)
        XCTAssertEqual(bought.ageSource, .purchaseDate)
        XCTAssertEqual(bought.ageYears, Decimal(string: "10.4"))
        let released = judge.judge(catalyst, firstSeen: day("2024-02-01"), asOf: asOf)
        XCTAssertEqual(released.ageSource, .modelRelease)
        XCTAssertEqual(released.ageYears, Decimal(string: "13.4"))
        let seen = judge.judge(Identification(model: "C9300L-48P-4X"), firstSeen: day("2024-02-01"), asOf: asOf)
        XCTAssertEqual(seen.ageSource, .firstSeen)
        XCTAssertEqual(seen.ageYears, Decimal(string: "2.8"))
    }

    func testJSONIsSnakeCase() throws {
        let windows = Identification(vendor: "Cisco", model: "WS-C2960X-48FPD-L", class: .switch, os: "Windows Server", version: "2008 R2")
        let judgement = judge.judge(windows, purchaseDate: day("2016-06-15"), asOf: day("2026-11-30"))
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let json = try XCTUnwrap(JSONSerialization.jsonObject(with: encoder.encode(judgement)) as? [String: Any])
        XCTAssertEqual(json.keys.sorted(), ["age_source", "age_years", "as_of", "hardware", "software", "status"])
        XCTAssertEqual(json["as_of"] as? String, "2026-11-30")
        XCTAssertEqual(json["status"] as? String, "past_eol")
        XCTAssertEqual(json["age_source"] as? String, "purchase_date")
        XCTAssertEqual((json["age_years"] as? NSNumber)?.doubleValue, 10.4)
        let hardware = try XCTUnwrap(json["hardware"] as? [String: Any])
        XCTAssertEqual(hardware.keys.sorted(), ["end_of_sale", "end_of_software_maintenance", "end_of_support", "entry", "reason", "source", "state", "status"],
                       "every key, an empty one as null")
        XCTAssertTrue(hardware["reason"] is NSNull)
        XCTAssertEqual(hardware["end_of_support"] as? String, "2027-10-31")
        XCTAssertEqual(hardware["end_of_sale"] as? Bool, true)
        XCTAssertEqual(hardware["state"] as? String, "announced")
        XCTAssertEqual(hardware["status"] as? String, "eol_6_12m")
        let software = try XCTUnwrap(json["software"] as? [String: Any])
        XCTAssertEqual(software["cycle"] as? String, "2008-r2-sp1")
        XCTAssertEqual(software["eol"] as? String, "2020-01-14")
        XCTAssertEqual(software["source"] as? String, "endoflife.date snapshot 2026-11-30")
        let decoded = try JSONDecoder().decode(LifecycleJudgement.self, from: encoder.encode(judgement))
        XCTAssertEqual(decoded, judgement)
    }
}
