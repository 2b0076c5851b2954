import CensusCore
import DataFiles
import DeviceModel
import Foundation
import Inventory
import Lifecycle
import Contracts
import Reconciliation
import Reports
import XCTest

/// The lifecycle report: bands and the forecast against hand-worked figures.
final class LifecycleReportTests: XCTestCase {
    let asOf = CalendarDate(iso: "2026-11-30")!

    func report() throws -> LifecycleReport {
        let judge = try Acme.judge()
        var devices = Acme.devices
        // A Catalyst 2960-X: last date of support 2027-10-31, in 2027-Q4.
        devices.append(Acme.device(6, .switch, ip: "198.18.0.7", mac: "00:1b:21:00:00:07", vendor: "Cisco", model: "WS-C2960X-48FPD-L", serial: "FOC2"))
        let judged = DeviceLifecycle.judge(devices, with: judge, purchaseDates: [1: CalendarDate(iso: "2012-03-14")!], asOf: asOf)
        let costs = try ReplacementCosts.read(try DataFile.parse("""
            currency: GBP
            classes: { switch: 1200, firewall: 1000, ups: 700, wireless-ap: 280 }
            models:
              - models: ['WS-C3560*-48*']
                price: 3600
            """, file: "costs.yaml"))
        return LifecycleReport.build(client: "Acme", devices: judged, costs: costs, asOf: asOf)
    }

    func testBandsCountEveryDeviceOnceWithTheirIds() throws {
        let r = try report()
        XCTAssertEqual(r.devices.count, 6)
        XCTAssertEqual(r.bands.age.reduce(0) { $0 + $1.devices }, 6)
        XCTAssertEqual(r.bands.support.reduce(0) { $0 + $1.devices }, 6)
        // The 3560 bought 2012-03-14 is 14.7 years old: 7+.
        XCTAssertTrue(try XCTUnwrap(r.bands.age.first { $0.band == "7+" }).deviceIds.contains(1))
        // Ages from the day Census first saw a device are floors: 7.8 years seen is surely 7+,
        // ten days seen says nothing (it was 0–3 for a past-support switch).
        XCTAssertTrue(try XCTUnwrap(r.bands.age.first { $0.band == "7+" }).deviceIds.contains(5))
        XCTAssertEqual(Set(try XCTUnwrap(r.bands.age.first { $0.band == "unknown" }).deviceIds), [2, 3, 4])
        let past = try XCTUnwrap(r.bands.support.first { $0.band == "past_eol" })
        XCTAssertEqual(Set(past.deviceIds), [1, 2], "the 3560's hardware and FortiOS 6.4 are past end of support")
        XCTAssertEqual(r.devices.first?.status, .pastEOL, "most urgent first")
        XCTAssertEqual(r.devices.first { $0.device.id == 1 }?.ageSource, .purchaseDate)
    }

    func testTheForecastPutsEachReplacementInItsQuarterWithItsCost() throws {
        let r = try report()
        XCTAssertEqual(r.forecast.map(\.quarter), ["2026-Q4", "2027-Q1", "2027-Q2", "2027-Q3", "2027-Q4", "2028-Q1", "2028-Q2", "2028-Q3"])
        // 2026-Q4: the 3560 (past its last date of support) at its model price.
        XCTAssertEqual(r.forecast[0].deviceIds, [1])
        XCTAssertEqual(r.forecast[0].budget, money("3600.00"))
        // 2027-Q4: the 2960-X (last support 2027-10-31) at the switch price.
        XCTAssertEqual(r.forecast[4].deviceIds, [6])
        XCTAssertEqual(r.forecast[4].budget, money("1200.00"))
        XCTAssertEqual(r.forecast.reduce(0) { $0 + $1.devices }, 2, "software past support is an upgrade, not a replacement")
        XCTAssertEqual(r.sites.first?.budget, money("4800.00"))
    }

    /// Devices without a replacement price are named beside every budget that leaves them out:
    /// the headline, each site and each quarter (the headline once read £1,000.00 alone).
    func testUnpricedDevicesAreCountedBesideEveryBudget() throws {
        let judge = try Acme.judge()
        var devices = Acme.devices
        devices.append(Acme.device(6, .switch, ip: "198.18.0.7", mac: "00:1b:21:00:00:07", vendor: "Cisco", model: "WS-C2960X-48FPD-L", serial: "FOC2"))
        let judged = DeviceLifecycle.judge(devices, with: judge, purchaseDates: [:], asOf: asOf)
        let costs = try ReplacementCosts.read(try DataFile.parse("currency: GBP\nclasses: { switch: 1000 }\n", file: "costs.yaml"))
        let r = LifecycleReport.build(client: "Acme", devices: judged, costs: costs, asOf: asOf)
        XCTAssertEqual(r.budget, money("2000.00"))
        XCTAssertEqual(r.unpriced, 0, "both forecast devices are switches")
        let onlyFirewalls = try ReplacementCosts.read(try DataFile.parse("currency: GBP\nclasses: { firewall: 900 }\n", file: "costs.yaml"))
        let partial = LifecycleReport.build(client: "Acme", devices: judged, costs: onlyFirewalls, asOf: asOf)
        XCTAssertEqual(partial.budget, .zero)
        XCTAssertEqual(partial.unpriced, 2)
        XCTAssertEqual(partial.sites.first?.unpriced, 2)
        XCTAssertEqual(LifecycleReport.budgetText("£0.00", unpriced: partial.unpriced), "£0.00 (+2 unpriced)")
        let html = try HTMLReports.render(partial)
        XCTAssertTrue(html.contains("<div class=\"figure\">£0.00 (+2 unpriced)</div>"), "the headline card")
        XCTAssertTrue(html.contains("<td class=\"num\">£0.00 (+2 unpriced)</td></tr>"), "the site row")
        let json = try ReportJSON.encode(partial, pretty: false)
        XCTAssertTrue(json.contains("\"unpriced\":2,\"within_12_months\":1}"), json)
    }

    func testJSONHasTheDocumentedShape() throws {
        let text = try ReportJSON.encode(try report(), pretty: false)
        let object = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
        for key in ["client", "as_of", "currency", "devices", "bands", "forecast"] { XCTAssertNotNil(object[key], key) }
        let device = try XCTUnwrap((object["devices"] as? [[String: Any]])?.first)
        XCTAssertEqual(Set(device.keys), ["device", "age_years", "age_source", "hardware", "software", "status"])
        XCTAssertTrue(text.contains("\"budget\":3600.00"), text)
    }
}

/// The lifecycle report as of a day is the inventory of that day: scans after it are left out
/// (and said so), and purchase dates of the contract still age the devices it shows.
final class LifecycleReportAsOfTests: XCTestCase {
    func testScansAfterTheDayAreLeftOutAndPurchaseDatesStillCount() async throws {
        let store = MemoryStore()
        func scan(_ day: String, _ hosts: [HostObservation]) async throws {
            let id = try store.beginScan(ScanRecord(client: "Acme", site: "hq", interface: "lan1",
                                                    ranges: [try IPv4Network(parsing: "198.18.0.0/24")], startedAt: Acme.at(day)))
            try store.record(hosts, conflicts: [], scanId: id)
            try await DeviceFiler().file(.init(scanId: id, site: "hq", hosts: hosts, answers: [], identifications: [:]), client: "Acme", in: store)
            try store.finishScan(id, status: .complete, at: Acme.at(day), failure: nil)
        }
        func host(_ last: UInt8, _ mac: String, _ day: String) -> HostObservation {
            HostObservation(ip: IPv4Address(198, 18, 0, last), mac: MACAddress(mac)!, seenBy: [.arpSweep], firstSeen: Acme.at(day))
        }
        try await scan("2026-11-20", [host(2, "00:1b:21:00:00:02", "2026-11-20")])
        try await scan("2026-12-05", [host(2, "00:1b:21:00:00:02", "2026-12-05"), host(3, "00:1b:21:00:00:03", "2026-12-05")])
        let contract = try ContractImport.read(text: """
            client,site,name,class,mac,monthly_price,purchase_date
            Acme,hq,CORE-SW,Switch,00:1b:21:00:00:02,12.50,2016-01-10

            """, file: "acme.csv")
        let costs = try ReplacementCosts.read(try DataFile.parse("currency: GBP\nclasses: { switch: 1200 }\n", file: "costs.yaml"))
        func report(_ day: String) async throws -> LifecycleReport {
            try await LifecycleReport.make(client: "Acme", store: store, judge: try Acme.judge(), views: DeviceViews(), contract: contract,
                                           costs: costs, costsSource: "costs.yaml", site: nil, asOf: CalendarDate(iso: day)!)
        }
        let before = try await report("2026-11-30")
        XCTAssertEqual(before.devices.map(\.device.ip), [IPv4Address(198, 18, 0, 2)], "the host first seen on 5 December is not in the inventory of 30 November")
        XCTAssertEqual(before.devices.first?.ageSource, .purchaseDate, "the contract's purchase date counts at a day before the later scan")
        XCTAssertEqual(before.devices.first?.ageYears, Decimal(string: "10.8"))
        XCTAssertTrue(before.sources.contains("Scans: 1 scan after 2026-11-30 left out (the report is as of that day)"), "\(before.sources)")
        XCTAssertTrue(before.sources.contains("Contract: acme.csv (purchase dates of 1 devices)"), "\(before.sources)")
        let after = try await report("2026-12-07")
        XCTAssertEqual(after.devices.count, 2)
        XCTAssertFalse(after.sources.contains { $0.contains("left out") }, "\(after.sources)")
        let earlier = try await report("2026-11-01")
        XCTAssertEqual(earlier.devices.count, 0, "nothing was seen by then")
        XCTAssertTrue(earlier.sources.contains("Scans: 2 scans after 2026-11-01 left out (the report is as of that day)"), "\(earlier.sources)")
    }
}
