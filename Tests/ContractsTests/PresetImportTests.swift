import CensusCore
import Contracts
import XCTest

/// The ConnectWise, Autotask and HaloPSA presets on an export of each product.
final class PresetImportTests: XCTestCase {
    func testConnectWiseConfigurations() throws {
        let result = try ContractImport.read(file: Fixture.path("connectwise-configurations.csv"), profile: .connectwise)
        XCTAssertEqual(result.profile, "connectwise")
        XCTAssertEqual(result.errors, [])
        XCTAssertEqual(result.columns["name"], ["Configuration Name"])
        XCTAssertEqual(result.columns["class"], ["Configuration Type"])
        XCTAssertEqual(result.columns["manufacturer"], ["Manufacturer"], "Manage's Vendor is the supplier, not the maker")
        XCTAssertEqual(result.columns["purchase_date"], ["Purchase Date", "Installation Date"])
        XCTAssertEqual(result.lines.map(\.line), Array(2...7))
        XCTAssertEqual(result.lines.map(\.deviceClass), [.firewall, .switch, .server, .server, .wirelessAP, .workstation])
        XCTAssertEqual(result.lines.map(\.isVirtual), [false, false, false, true, false, false])

        XCTAssertEqual(result.lines[0], ContractLine(
            line: 2, client: "Northwind Haulage Ltd", site: "Main", name: "NWH-FW01", deviceClass: .firewall, classText: "Firewall",
            manufacturer: "Fortinet", model: "FG-40F", serial: "FGT40FTK2209ABCD", macs: [mac("00:09:0f:09:00:01")],
            ip: ip("198.18.10.1"), plan: "Managed Network", purchaseDate: day("2023-02-14"), warrantyEnd: day("2026-02-13")))
        let vm = result.lines[3]
        XCTAssertEqual(vm.serial, "VMware-42 1a 9f 3c")
        XCTAssertEqual(vm.serialKey, "VMWARE-421A9F3C")
        XCTAssertEqual(vm.purchaseDate, day("2023-09-05"), "no purchase date: the installation date")
        XCTAssertNil(vm.warrantyEnd)
        XCTAssertEqual(result.lines[4].manufacturer, "Cisco Meraki")
        XCTAssertNil(result.lines[4].plan)
        XCTAssertEqual(result.lines[5].warrantyEnd, day("2024-03-02"))
        XCTAssertEqual(result.lines[5].macs, [])
    }

    func testAutotaskDevices() throws {
        let result = try ContractImport.read(file: Fixture.path("autotask-devices.csv"), profile: .autotask)
        XCTAssertEqual(result.errors, [])
        XCTAssertEqual(result.columns["name"], ["Reference Title"])
        XCTAssertEqual(result.columns["model"], ["Product Name"])
        XCTAssertNil(result.columns["manufacturer"])
        XCTAssertEqual(result.lines.map(\.name), ["HVS-DC01", "HVS-SW01", "HVS-FW01", "HVS-RECEP-01", "HVS-PRN-01", "HVS-M365"])
        XCTAssertEqual(result.lines.map(\.deviceClass), [.server, .switch, .firewall, .workstation, .printer, nil])

        XCTAssertEqual(result.lines[0], ContractLine(
            line: 2, client: "Harbour View Surgery", site: "Main Site", name: "HVS-DC01", deviceClass: .server, classText: "Servers",
            model: "Dell PowerEdge T550", serial: "4K7LMN3", plan: "HVS Managed Services", monthlyPrice: money("55.00"),
            purchaseDate: day("2022-07-12"), warrantyEnd: day("2027-07-11"), currency: "GBP"))
        XCTAssertEqual(result.lines[3].site, "Branch Surgery")
        XCTAssertEqual(result.lines[3].monthlyPrice, money("18.50"))
        XCTAssertNil(result.lines[4].monthlyPrice)
        XCTAssertEqual(result.lines[5], ContractLine(
            line: 7, client: "Harbour View Surgery", site: "Main Site", name: "HVS-M365", classText: "Microsoft 365 Business Premium",
            model: "Microsoft 365 Business Premium", plan: "HVS Managed Services", monthlyPrice: money("16.40"),
            purchaseDate: day("2024-01-01"), users: 42, currency: "GBP"))
    }

    func testHaloPSAAssets() throws {
        let result = try ContractImport.read(file: Fixture.path("halopsa-assets.csv"), profile: .halopsa)
        XCTAssertEqual(result.errors, [])
        XCTAssertEqual(result.columns["name"], ["Hostname", "Asset Tag"])
        // Hostname first; an asset without one is named by its asset tag.
        XCTAssertEqual(result.lines.map(\.name), ["KES-FW01", "KES-SW01", "KES-FS01", "HAL-000104", "KES-LT-07", "HAL-000106"])
        XCTAssertEqual(result.lines.map(\.deviceClass), [.firewall, .switch, .server, .ups, .workstation, .camera])
        XCTAssertEqual(result.lines[0], ContractLine(
            line: 2, client: "Kestrel Accountants", site: "Leeds", name: "KES-FW01", deviceClass: .firewall, classText: "Firewall",
            manufacturer: "Fortinet", model: "FortiGate 100F", serial: "FG100FTK21900123", macs: [mac("04:d5:90:aa:bb:01")],
            ip: ip("198.18.20.1"), purchaseDate: day("2021-11-08"), warrantyEnd: day("2024-11-07")))
        XCTAssertEqual(result.lines[4].site, "Harrogate")
        XCTAssertEqual(result.lines[4].macs, [])
    }

    func testGenericProfileStillReadsAPresetExport() throws {
        // The generic synonyms cover the common columns, but not the product's own names: without
        // Reference Title the licence row has nothing that identifies it.
        let result = try ContractImport.read(file: Fixture.path("autotask-devices.csv"))
        XCTAssertEqual(result.lines.count, 5)
        XCTAssertEqual(result.lines[0].serial, "4K7LMN3")
        XCTAssertEqual(result.lines[0].deviceClass, .server)
        XCTAssertNil(result.lines[0].name)
        XCTAssertEqual(result.errors, [ContractRowError(line: 7, message: "nothing identifies the device: no name, serial, MAC or IP")])
    }
}
