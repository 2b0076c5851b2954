// Times contract parsing and reconciliation at growing sizes, on generated devices and a
// generated contract CSV with a realistic mix of every finding kind. Run by tools/bench/reconcile
// (release build). Linear work shows as a flat time per element down the table.
import CensusCore
import Contracts
import DeviceModel
import Foundation
import Reconciliation

let sizes = CommandLine.arguments.dropFirst().compactMap { Int($0) }.isEmpty ? [1_000, 10_000, 100_000]
    : CommandLine.arguments.dropFirst().compactMap { Int($0) }
let runs = 3
let asOf = CalendarDate(iso: "2026-11-30")!
let since = asOf.adding(days: -35)
let seenAt = asOf.adding(days: -2).startOfDay.addingTimeInterval(36_000)
let sites = (0..<10).map { "site\($0)" }
let classes: [(DeviceClass, String, String)] = [
    (.switch, "Network Switch", "Cisco"), (.server, "Server - Physical", "Dell"), (.firewall, "Firewall", "Fortinet"),
    (.wirelessAP, "WAP", "Ubiquiti"), (.printer, "MFP", "Kyocera"), (.storage, "NAS", "Synology"), (.ups, "UPS", "APC"),
]
let rates = RateCard(currency: "GBP", devices: [.switch: 12.5, .server: 45, .firewall: 25, .wirelessAP: 5, .printer: 8, .storage: 15, .ups: 3])

func device(_ i: Int, cls: DeviceClass, vendor: String?, serial: String?, name: String?, model: String?) -> DeviceSnapshot {
    let site = sites[i % sites.count]
    let ip = IPv4Address(UInt32(0x0A00_0000) | UInt32(i % sites.count) << 16 | UInt32(i / sites.count + 1))
    let mac = MACAddress(0x00_1B_21_00_00_00 + UInt64(i))
    return DeviceSnapshot(
        id: Int64(i + 1), client: "bench", ip: ip, addresses: [ip], mac: mac, macs: [mac], vendor: vendor, vendorSource: "identification",
        model: model, class: cls, serial: serial, os: nil, version: nil, family: nil, sysName: name, sysDescr: nil, rules: [],
        site: site, sites: [.init(site: site, firstSeen: seenAt, lastSeen: seenAt)], firstSeen: seenAt, lastSeen: seenAt,
        scans: [Int64(i % sites.count + 1)], seenBy: [.arpSweep, .snmp], switchPort: nil,
        identity: .init(reason: "serial", score: 100, keys: [], decision: nil))
}

/// `n` devices and about `n` lines: per 100, 60 matched (by serial, MAC, address and name in
/// turn), 5 mismatched classes, 10 unbilled and 10 review devices, 12 missing and 4 uncovered
/// lines, 4 duplicates, 15 matched devices past end of support.
func generate(_ n: Int) -> (devices: [DeviceSnapshot], csv: String) {
    var devices: [DeviceSnapshot] = []
    devices.reserveCapacity(n)
    var csv = "client,site,name,class,manufacturer,model,serial,mac,ip,monthly_price\n"
    func line(site: String, name: String, cls: String, vendor: String, model: String, serial: String, mac: String, ip: String, price: String) {
        csv += "bench,\(site),\(name),\(cls),\(vendor),\(model),\(serial),\(mac),\(ip),\(price)\n"
    }
    for i in 0..<n {
        let slot = i % 100
        let (cls, classText, vendor) = classes[i % classes.count]
        let serial = "SN\(String(i, radix: 16, uppercase: true))X", name = "dev-\(i)", model = "M\(i % 50)"
        let d: DeviceSnapshot
        switch slot {
        case 65..<75: d = device(i, cls: .switch, vendor: "Cisco", serial: serial, name: name, model: model)
        case 75..<85: d = device(i, cls: .unknown, vendor: "Intel", serial: nil, name: nil, model: nil)
        case 60..<65: d = device(i, cls: .ups, vendor: vendor, serial: serial, name: name, model: model)
        default: d = device(i, cls: cls, vendor: vendor, serial: serial, name: name, model: model)
        }
        devices.append(d)
        let site = sites[i % sites.count]
        switch slot {
        case 0..<60, 85..<100:
            // One key per line, in turn: serial, MAC, address, name.
            let key = i % 4
            line(site: site, name: key == 3 ? name : "", cls: classText, vendor: vendor, model: model, serial: key == 0 ? serial : "",
                 mac: key == 1 ? d.mac!.description : "", ip: key == 2 ? d.ip!.description : "", price: "")
        case 60..<65:
            line(site: site, name: name, cls: "Server", vendor: vendor, model: model, serial: serial, mac: "", ip: "", price: "45.00")
        case 65..<77:
            line(site: site, name: "gone-\(i)", cls: classText, vendor: vendor, model: model, serial: "GONE\(i)", mac: "", ip: "", price: "9.50")
        case 77..<81:
            line(site: "site99", name: "far-\(i)", cls: classText, vendor: vendor, model: model, serial: "FAR\(i)", mac: "", ip: "", price: "7.00")
        default:   // 81..<85: a second line for a device matched above
            let other = devices[i - 81]
            line(site: site, name: "dup-\(i)", cls: classText, vendor: other.vendor ?? "", model: "", serial: other.serial ?? "", mac: "", ip: "",
                 price: "5.00")
        }
    }
    return (devices, csv)
}

let scans = sites.enumerated().map { i, site in
    ScanRecord(id: Int64(i + 1), client: "bench", site: site, interface: "lan1",
               ranges: [try! IPv4Network(parsing: "10.\(i).0.0/16")], startedAt: seenAt, finishedAt: seenAt, status: .complete)
}

func time<T>(_ body: () throws -> T) rethrows -> (T, Double) {
    let clock = ContinuousClock()
    var result: T?
    let elapsed = try clock.measure { result = try body() }
    let (s, atto) = elapsed.components
    return (result!, Double(s) + Double(atto) / 1e18)
}

func median(_ values: [Double]) -> Double { values.sorted()[values.count / 2] }

print("census reconcile benchmark (release), median of \(runs) runs")
print("devices   lines     parse ms  µs/line   reconcile ms  µs/(device+line)  json ms  findings")
for n in sizes {
    let (devices, csv) = generate(n)
    var parse: [Double] = [], reconcile: [Double] = [], json: [Double] = []
    var findings = 0, lineCount = 0
    var counts: [String: Int] = [:]
    for _ in 0..<runs {
        let (contract, tp) = try time { try ContractImport.read(text: csv, file: "bench.csv") }
        let (report, tr) = time {
            Reconciliation.reconcile(devices: devices, scans: scans, contract: contract, rates: rates, client: "bench",
                                     period: (since, asOf), asOf: asOf,
                                     supportEnds: { d in d.id % 100 >= 86 ? [EndOfSupport(part: .software, status: EndOfSupport.pastEOL, date: asOf.adding(years: -1), source: "bench", what: "OS 1.0")] : [] })
        }
        let (_, tj) = try time { try report.jsonText() }
        parse.append(tp); reconcile.append(tr); json.append(tj)
        findings = report.findings.count
        lineCount = contract.lines.count
        counts = report.summary.counts
    }
    let (p, r, j) = (median(parse), median(reconcile), median(json))
    func pad(_ text: String, _ width: Int) -> String { text.padding(toLength: width, withPad: " ", startingAt: 0) }
    print(pad("\(n)", 10) + pad("\(lineCount)", 10) + pad(String(format: "%.1f", p * 1000), 10) + pad(String(format: "%.2f", p * 1e6 / Double(lineCount)), 10)
          + pad(String(format: "%.1f", r * 1000), 14) + pad(String(format: "%.2f", r * 1e6 / Double(n + lineCount)), 18)
          + pad(String(format: "%.1f", j * 1000), 9) + "\(findings)")
    if n == sizes.last {
        print("finding mix at \(n): " + counts.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", "))
    }
}
