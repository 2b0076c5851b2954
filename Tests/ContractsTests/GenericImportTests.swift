import CensusCore
import Contracts
import XCTest

/// The generic profile on Fixtures/contracts/generic.csv (plain LF, comma) and
/// generic-excel.csv (BOM, CRLF, semicolons, quoting, UK dates, every MAC notation, currencies).
final class GenericImportTests: XCTestCase {
    func testPlainGenericFile() throws {
        let result = try ContractImport.read(file: Fixture.path("generic.csv"))
        XCTAssertEqual(result.profile, "generic")
        XCTAssertEqual(result.delimiter, .comma)
        XCTAssertEqual(result.errors, [])
        XCTAssertEqual(result.lines.map(\.line), Array(2...13))
        XCTAssertEqual(result.lines.map(\.name), ["ACME-FW01", "ACME-SW01", "ACME-DC01", "ACME-APP01", "ACME-ESX01", "ACME-AP01", "ACME-MFP01",
                                                  "ACME-UPS01", "RECEPTION-PC1", "NURSE-LT03", "CAM-CARPARK", "DOOR-ENTRY"])
        XCTAssertEqual(result.lines.map(\.deviceClass), [.firewall, .switch, .server, .server, .hypervisor, .wirelessAP, .printer, .ups,
                                                         .workstation, .workstation, .camera, nil])

        XCTAssertEqual(result.lines[0], ContractLine(
            line: 2, client: "Acme Dental", site: "HQ", name: "ACME-FW01", deviceClass: .firewall, classText: "Firewall",
            manufacturer: "Fortinet", model: "FortiGate 60F", serial: "FGT60FTK21012345", macs: [mac("00:09:0f:aa:10:01")],
            ip: ip("198.18.0.1"), plan: "Managed Network", monthlyPrice: money("25.00"),
            purchaseDate: day("2022-04-11"), warrantyEnd: day("2025-04-10")))
        XCTAssertEqual(result.lines[3], ContractLine(
            line: 5, client: "Acme Dental", site: "HQ", name: "ACME-APP01", deviceClass: .server, classText: "Server - Virtual",
            isVirtual: true, manufacturer: "VMware", model: "Virtual Platform", macs: [mac("00:50:56:9a:01:02")],
            ip: ip("198.18.0.11"), plan: "Managed Server", monthlyPrice: money("30")))
        XCTAssertFalse(result.lines[2].isVirtual)
        XCTAssertEqual(result.lines[11], ContractLine(
            line: 13, client: "Acme Dental", site: "Surgery 2", name: "DOOR-ENTRY", deviceClass: nil, classText: "Door Entry Panel",
            manufacturer: "Paxton", model: "Net2 Entry", ip: ip("198.18.1.60")))
        XCTAssertEqual(result.lines[8].macs, [])
        XCTAssertNil(result.lines[8].ip)
    }

    func testExcelStyleFile() throws {
        let result = try ContractImport.read(file: Fixture.path("generic-excel.csv"))
        XCTAssertEqual(result.delimiter, .semicolon)
        XCTAssertEqual(result.errors, [])
        XCTAssertEqual(result.columns["client"], ["Customer"], "the BOM is not part of the first column's name")
        XCTAssertEqual(result.columns["serial"], ["Serial No."])
        XCTAssertEqual(result.columns["users"], ["Seats"])
        // The switch's notes span two lines, so the NAS starts on line 5.
        XCTAssertEqual(result.lines.map(\.line), [2, 3, 5, 6, 7, 8, 9])

        let head = "Head Office; 2nd floor"
        let client = "Brightwater Legal LLP"
        XCTAssertEqual(result.lines[0], ContractLine(
            line: 2, client: client, site: head, name: "BWL-FW01", deviceClass: .firewall, classText: "Firewall/UTM",
            manufacturer: "WatchGuard", model: "Firebox T45", serial: "80DF0123ABCDE", macs: [mac("00:90:7f:a1:b2:c3")],
            ip: ip("192.0.2.1"), plan: "Managed Network, Gold", monthlyPrice: money("45.00"),
            purchaseDate: day("2024-03-01"), warrantyEnd: day("2027-03-01"), currency: "GBP"))
        XCTAssertEqual(result.lines[1], ContractLine(
            line: 3, client: client, site: head, name: "BWL-SW01", deviceClass: .switch, classText: "Network Switch",
            manufacturer: "HPE Aruba", model: "2930F 24G PoE+ 4SFP+", serial: "SG12KL3456",
            macs: [mac("a0:b1:c2:d3:e4:f5"), mac("a0:b1:c2:d3:e4:f6")], ip: ip("192.0.2.2"), plan: "Managed Network, Gold",
            monthlyPrice: money("45"), purchaseDate: day("2024-03-01"), warrantyEnd: day("2027-03-01")))
        XCTAssertEqual(result.lines[2], ContractLine(
            line: 5, client: client, site: head, name: "BWL-NAS01", deviceClass: .storage, classText: "NAS",
            manufacturer: "Synology", model: "RS1221+", serial: "2190QWE123456",
            macs: [mac("00:11:32:a1:b2:c3"), mac("00:11:32:a1:b2:c4")], ip: ip("192.0.2.5"), plan: "Backup",
            monthlyPrice: money("45"), purchaseDate: day("2023-06-15"), warrantyEnd: day("2026-06-14"), currency: "GBP"))
        XCTAssertEqual(result.lines[3], ContractLine(
            line: 6, client: client, site: "Annexe", name: "BWL-AP02", deviceClass: .wirelessAP, classText: "Wireless Access Point",
            manufacturer: "HPE Aruba", model: "AP-505", serial: "CNK5J0ABCD", macs: [mac("9c:1c:12:a0:b0:c0")],
            ip: ip("192.0.2.21"), plan: "Managed Network, Gold", monthlyPrice: money("45.00"), purchaseDate: day("2024-01-02"), currency: "EUR"))
        XCTAssertEqual(result.lines[4].deviceClass, .printer)
        XCTAssertEqual(result.lines[4].monthlyPrice, money("1234.50"), "1.234,50 in a semicolon file")
        XCTAssertEqual(result.lines[4].macs, [mac("58:38:79:0a:0b:0c")])
        XCTAssertEqual(result.lines[4].warrantyEnd, day("2027-02-27"))
        XCTAssertEqual(result.lines[5], ContractLine(
            line: 8, client: client, site: "Annexe", name: "BWL-HV01", deviceClass: .hypervisor, classText: "Hypervisor Host",
            manufacturer: "Dell", model: "PowerEdge R660", serial: "8TQ9XY3",
            macs: [mac("d0:8e:79:01:02:03"), mac("d0:8e:79:01:02:04")], ip: ip("192.0.2.40"), plan: "Per user",
            monthlyPrice: money("1234.50"), purchaseDate: day("2024-02-29"), warrantyEnd: day("2029-02-28"), users: 25))
        XCTAssertEqual(result.lines[6].deviceClass, .phone)
        XCTAssertEqual(result.lines[6].monthlyPrice, money("2.50"))
        XCTAssertEqual(result.lines[6].purchaseDate, day("2023-12-31"))
        XCTAssertEqual(result.lines[6].macs, [mac("80:5e:c0:11:22:33")])
    }

    func testQuotedFieldsSpanningLinesKeepLaterLineNumbers() throws {
        let text = "name,ip,notes\nA,198.18.0.1,\"one\ntwo\nthree\"\nB,198.18.0.x,\nC,198.18.0.3,\"x\r\ny\"\nD,198.18.0.4,\n"
        let result = try ContractImport.read(text: text, file: "t.csv")
        XCTAssertEqual(result.lines.map(\.line), [2, 5, 6, 8])
        XCTAssertEqual(result.lines.map(\.name), ["A", "B", "C", "D"])
        XCTAssertEqual(result.notes, ["columns not read: notes (a mapping file, --profile FILE, can name them)",
                                      "line 5: read without what cannot be read: ip '198.18.0.x' is not an IPv4 address"])
    }

    func testHeaderOnlyFileHasNoLines() throws {
        let result = try ContractImport.read(text: "name,serial\n", file: "t.csv")
        XCTAssertEqual(result.lines, [])
        XCTAssertEqual(result.errors, [])
    }
}
