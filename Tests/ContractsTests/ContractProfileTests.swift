import CensusCore
@testable import Contracts
import XCTest

final class ContractProfileTests: XCTestCase {
    func testNoColumnNameBelongsToTwoFields() {
        for (name, profile) in ContractProfile.presets {
            var owner: [String: ContractField] = [:]
            for (field, names) in profile.columns {
                for column in names.map(ContractProfile.normaliseColumn) {
                    if let other = owner[column], other != field {
                        XCTFail("\(name): '\(column)' is a name for both \(other) and \(field)")
                    }
                    owner[column] = field
                }
            }
        }
    }

    func testCommonSynonyms() {
        let expected: [String: ContractField] = [
            "Serial Number": .serial, "serial no": .serial, "Service Tag": .serial, "MAC Address": .mac, "IP Address": .ip,
            "Type": .deviceClass, "Device Type": .deviceClass, "Price": .monthlyPrice, "Monthly Price": .monthlyPrice,
            "Hostname": .name, "Device Name": .name, "Vendor": .manufacturer, "Make": .manufacturer,
            "Location": .site, "Purchased": .purchaseDate, "Warranty Expiry": .warrantyEnd, "Customer": .client,
            "Agreement": .plan, "Seats": .users, "monthly_price": .monthlyPrice, "WARRANTY_END": .warrantyEnd,
        ]
        for (column, field) in expected {
            XCTAssertEqual(ContractProfile.generic.resolve(header: ["Unrelated", column])[field], [1], column)
        }
        XCTAssertTrue(ContractProfile.generic.resolve(header: ["Notes", "Contact", "State"]).isEmpty)
        XCTAssertNil(ContractProfile.generic.resolve(header: ["Name", "Cost"])[.monthlyPrice], "a cost is what the device cost")
        XCTAssertEqual(ContractProfile.generic.resolve(header: ["Price", "Monthly Price"])[.monthlyPrice], [1], "one price column, the most specific")
        XCTAssertEqual(ContractProfile.generic.resolve(header: ["Status", "Notes"]), [.status: [0]], "a line's status says whether it is still contracted")
    }

    func testColumnNamesIgnoreCaseSpacesAndPunctuation() throws {
        let text = " SERIAL NUMBER ,Mac-Address,ip_address,Asset Type, Unused Column \nSG12KL3456,00:1b:21:00:00:01,198.18.0.9,Switch,x\n"
        let result = try ContractImport.read(text: text, file: "t.csv")
        XCTAssertEqual(result.columns["serial"], ["SERIAL NUMBER"])
        XCTAssertEqual(result.columns["mac"], ["Mac-Address"])
        XCTAssertEqual(result.columns["ip"], ["ip_address"])
        XCTAssertEqual(result.columns["class"], ["Asset Type"])
        XCTAssertEqual(result.lines, [ContractLine(line: 2, deviceClass: .switch, classText: "Switch", serial: "SG12KL3456",
                                                   macs: [mac("00:1b:21:00:00:01")], ip: ip("198.18.0.9"))])
    }

    func testNumberedMACColumnsAreAllRead() throws {
        let text = "Name,MAC Address 1,MAC Address 2\nHOST1,00:1b:21:00:00:01,00:1b:21:00:00:02\n"
        let result = try ContractImport.read(text: text, file: "t.csv")
        XCTAssertEqual(result.columns["mac"], ["MAC Address 1", "MAC Address 2"])
        XCTAssertEqual(result.lines.first?.macs, [mac("00:1b:21:00:00:01"), mac("00:1b:21:00:00:02")])
    }

    func testEmptyCellFallsBackToTheNextMatchingColumn() throws {
        let text = "Hostname,Asset Tag,Asset Type\nKES-FW01,HAL-1,Firewall\n,HAL-2,UPS\n"
        let result = try ContractImport.read(text: text, file: "t.csv", profile: .halopsa)
        XCTAssertEqual(result.lines.map(\.name), ["KES-FW01", "HAL-2"])
    }

    func testPresetsByName() {
        XCTAssertEqual(ContractProfile.named("ConnectWise")?.name, "connectwise")
        XCTAssertEqual(ContractProfile.named("autotask")?.name, "autotask")
        XCTAssertEqual(ContractProfile.named("halopsa")?.name, "halopsa")
        XCTAssertEqual(ContractProfile.named("generic")?.name, "generic")
        XCTAssertNil(ContractProfile.named("kaseya"))
    }

    func testExcelSepLineNamesTheDelimiter() throws {
        let result = try ContractImport.read(text: "sep=;\r\nname;ip;price\r\nHOST1;198.18.0.1;1,50\r\n", file: "t.csv")
        XCTAssertEqual(result.delimiter, .semicolon)
        XCTAssertEqual(result.headerLine, 2)
        XCTAssertEqual(result.lines, [ContractLine(line: 3, name: "HOST1", ip: ip("198.18.0.1"), monthlyPrice: money("1.5"))])
    }

    func testDelimiterComesFromTheHeaderLineOutsideQuotes() throws {
        XCTAssertEqual(try ContractImport.read(text: "\"a,b\";name;ip\nx;H;198.18.0.1\n", file: "t").delimiter, .semicolon)
        XCTAssertEqual(try ContractImport.read(text: "name\tip\nH\t198.18.0.1\n", file: "t").delimiter, .tab)
        XCTAssertEqual(try ContractImport.read(text: "name\nH\n", file: "t").delimiter, .comma)
    }
}
