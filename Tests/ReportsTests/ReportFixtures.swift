import CensusCore
import Contracts
import DeviceModel
import Foundation
import Lifecycle
import Reconciliation
import Reports
import XCTest

/// A small client built by hand: five devices, a contract with one line of each kind of
/// discrepancy, and a rate card; every expected figure in the tests is worked out from these.
enum Acme {
    static func at(_ date: String) -> Date { CalendarDate(iso: date)!.startOfDay.addingTimeInterval(36_000) }

    static func device(_ id: Int64, _ cls: DeviceClass, ip: String, mac: String, vendor: String? = nil, model: String? = nil, serial: String? = nil,
                       os: String? = nil, version: String? = nil, name: String? = nil, site: String = "hq", first: String = "2026-11-20") -> DeviceSnapshot {
        let m = MACAddress(mac)!
        return DeviceSnapshot(
            id: id, client: "Acme", ip: IPv4Address(ip), addresses: [IPv4Address(ip)!], mac: m, macs: [m], vendor: vendor,
            vendorSource: vendor == nil ? nil : "identification", model: model, class: cls, serial: serial, os: os, version: version, family: nil,
            sysName: name, sysDescr: nil, rules: [], site: site, sites: [.init(site: site, firstSeen: at(first), lastSeen: at("2026-11-20"))],
            firstSeen: at(first), lastSeen: at("2026-11-20"), scans: [1], seenBy: [.arpSweep, .snmp], switchPort: nil,
            identity: .init(reason: "test", score: 100, keys: [], decision: nil))
    }

    /// sw (matched), fw (matched, and a duplicate line), ups entered as a server (mismatch),
    /// ap on no line (unbilled), pc with nothing known (review); a server line not seen (missing).
    static let devices: [DeviceSnapshot] = [
        device(1, .switch, ip: "198.18.0.2", mac: "00:1b:21:00:00:02", vendor: "Cisco", model: "WS-C3560G-48TS-E", serial: "FOC1408Z61U",
               os: "IOS", version: "12.2(55)SE3", name: "core-sw"),
        device(2, .firewall, ip: "198.18.0.3", mac: "00:09:0f:00:00:03", vendor: "Fortinet", model: "FortiGate-60E", serial: "FGT60E0000000001",
               os: "FortiOS", version: "6.4.9", name: "<script>alert('sysName')</script>"),
        device(3, .ups, ip: "198.18.0.4", mac: "00:c0:b7:00:00:04", vendor: "APC", model: "SMT1500", serial: "AS1"),
        device(4, .wirelessAP, ip: "198.18.0.5", mac: "24:5a:4c:00:00:05", vendor: "Ubiquiti", model: "UAP-AC-PRO", serial: "U5"),
        device(5, .unknown, ip: "198.18.0.6", mac: "3c:d9:2b:00:00:06", first: "2019-01-10"),
    ]

    static let contractText = """
        client,site,name,class,manufacturer,model,serial,mac,ip,monthly_price,purchase_date,notes
        Acme,hq,CORE-SW,Switch,Cisco,,FOC1408Z61U,,,12.50,2012-03-14,
        Acme,hq,EDGE-FW,Firewall,Fortinet,,FGT60E0000000001,,,25.00,2020-06-01,"<script>alert('note')</script>"
        Acme,hq,EDGE-FW (again),Firewall,Fortinet,,,,198.18.0.3,25.00,,
        Acme,hq,UPS-1,Server,APC,,AS1,,,45.00,2017-02-20,
        Acme,hq,OLD-SRV,Server,Dell,,GONE1,,,40.00,,

        """

    static let rates = RateCard(currency: "GBP", devices: [.switch: Decimal(string: "12.50")!, .firewall: 25, .ups: 3, .server: 45, .wirelessAP: 5])

    static let scans = [ScanRecord(id: 1, client: "Acme", site: "hq", interface: "lan1", ranges: [try! IPv4Network(parsing: "198.18.0.0/24")],
                                   startedAt: at("2026-11-20"), finishedAt: at("2026-11-20"), status: .complete)]

    /// The lifecycle judge over the project's reference endoflife.date files (../shared beside the
    /// checkout, else $CENSUS_SHARED, else /work/shared; never the copy Census ships) and the
    /// built-in hardware catalog.
    static func judge() throws -> LifecycleJudge {
        let beside = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("shared").path
        let roots = [beside, ProcessInfo.processInfo.environment["CENSUS_SHARED"], "/work/shared"].compactMap { $0 }
        guard let root = roots.first(where: { FileManager.default.fileExists(atPath: $0 + "/data/endoflife") }) else {
            XCTFail("reference data not found in \(roots.joined(separator: ", "))")
            throw CocoaError(.fileNoSuchFile)
        }
        return LifecycleJudge(software: try SoftwareLifecycles.load(productFiles: root + "/data/endoflife", fetched: CalendarDate(iso: "2026-11-30")!),
                              hardware: try HardwareCatalog.builtIn())
    }

    static func contract() throws -> ContractImport { try ContractImport.read(text: contractText, file: "acme.csv") }

    static func reconciliation(devices: [DeviceSnapshot] = devices) throws -> ReconciliationReport {
        Reconciliation.reconcile(devices: devices, scans: scans, contract: try contract(), rates: rates, client: "Acme",
                                 period: (CalendarDate(iso: "2026-11-01")!, CalendarDate(iso: "2026-11-30")!), asOf: CalendarDate(iso: "2026-11-30")!)
    }
}

/// An amount from its text.
func money(_ text: String) -> Money { Money(Decimal(string: text, locale: Locale(identifier: "en_US_POSIX"))!) }
