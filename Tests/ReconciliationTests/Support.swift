import CensusCore
import Contracts
import DeviceModel
import Foundation
import Reconciliation
import XCTest

/// Paths of the files in Fixtures/contracts.
enum Fixture {
    static let directory = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures/contracts")

    static func path(_ name: String) -> String { directory.appendingPathComponent(name).path }
}

func ip(_ text: String) -> IPv4Address { IPv4Address(text)! }
func mac(_ text: String) -> MACAddress { MACAddress(text)! }
func day(_ text: String) -> CalendarDate { CalendarDate(iso: text)! }
/// An amount from its text (never from a floating-point literal).
func amount(_ text: String) -> Money { Money(Decimal(string: text, locale: Locale(identifier: "en_US_POSIX"))!) }

/// A whole-second instant on `date` at `hour`:00 UTC.
func at(_ date: String, _ hour: Int = 10) -> Date { day(date).startOfDay.addingTimeInterval(TimeInterval(hour * 3600)) }

/// A device as `DeviceViews` would show it, built by hand.
func device(_ id: Int64, _ cls: DeviceClass, ip address: String?, mac hw: String? = nil, vendor: String? = nil, model: String? = nil,
            serial: String? = nil, name: String? = nil, site: String? = "hq", first: String = "2026-11-20", last: String = "2026-11-20",
            scans: [Int64] = [1], seenBy: [DiscoveryMethod] = [.arpSweep, .snmp], client: String = "Acme Dental") -> DeviceSnapshot {
    let m = hw.map(mac)
    return DeviceSnapshot(
        id: id, client: client, ip: address.map(ip), addresses: address.map { [ip($0)] } ?? [], mac: m, macs: m.map { [$0] } ?? [],
        vendor: vendor, vendorSource: vendor == nil ? nil : (serial == nil && model == nil ? "mac" : "identification"),
        model: model, class: cls, serial: serial, os: nil, version: nil, family: nil, sysName: name, sysDescr: nil,
        rules: serial == nil ? [] : [Identification.Match(rule: "test-\(cls.rawValue)", fields: ["vendor", "class", "serial"])],
        site: site, sites: site.map { [DeviceSnapshot.SiteHistory(site: $0, firstSeen: at(first), lastSeen: at(last))] } ?? [],
        firstSeen: at(first), lastSeen: at(last), scans: scans, seenBy: seenBy, switchPort: nil,
        identity: .init(reason: serial.map { "serial \($0)" } ?? "MAC", score: serial == nil ? 80 : 100, keys: [], decision: nil))
}

func scan(_ id: Int64, site: String?, ranges: [String], on date: String, status: ScanStatus = .complete, client: String = "Acme Dental") -> ScanRecord {
    ScanRecord(id: id, client: client, site: site, interface: "lan1", ranges: ranges.map { try! IPv4Network(parsing: $0) },
               startedAt: at(date), finishedAt: at(date, 11), status: status)
}

/// A contract from CSV text (generic profile).
func contract(_ csv: String) throws -> ContractImport { try ContractImport.read(text: csv, file: "test.csv") }

let header = "client,site,name,class,manufacturer,model,serial,mac,ip,monthly_price\n"
let november = (since: day("2026-11-01"), until: day("2026-11-30"))
let cardWithoutUsers = RateCard(currency: "GBP", devices: [.server: 45, .switch: Decimal(string: "12.50")!, .firewall: 25, .wirelessAP: 5, .ups: 3,
                                                          .printer: 8, .storage: 15, .workstation: 15])
