import CensusCore
import Contracts
import XCTest

/// Fixtures/contracts/malformed.csv: each bad row is reported with the line its record starts
/// on and skipped; every good row around it is kept.
final class MalformedRowsTests: XCTestCase {
    func testBadRowsAreReportedByLineAndSkipped() throws {
        let result = try ContractImport.read(file: Fixture.path("malformed.csv"))
        XCTAssertEqual(result.errors, [
            ContractRowError(line: 3, message: "purchase_date '31/02/2024' is not a date (expected DD/MM/YYYY or YYYY-MM-DD)"),
            ContractRowError(line: 6, message: "mac '00:18:0a:zz:00:04' is not a MAC address"),
            ContractRowError(line: 7, message: "monthly_price 'twelve' is not an amount"),
            ContractRowError(line: 8, message: "monthly_price '-8.00' is negative"),
            ContractRowError(line: 9, message: "nothing identifies the device: no name, serial, MAC or IP"),
            ContractRowError(line: 11, message: "6 fields where the header has 10 (a missing or an unquoted separator?)"),
            ContractRowError(line: 12, message: "ip '198.18.30.300' is not an IPv4 address"),
            ContractRowError(line: 15, message: "nothing identifies the device: no name, serial, MAC or IP"),
            ContractRowError(line: 16, message: "11 fields where the header has 10 (a missing or an unquoted separator?)"),
        ])
    }

    func testGoodRowsAroundBadOnesAreAllKept() throws {
        let result = try ContractImport.read(file: Fixture.path("malformed.csv"))
        XCTAssertEqual(result.lines.map(\.line), [2, 4, 13, 14, 17])
        XCTAssertEqual(result.lines.map(\.name), ["FJ-FW01", "FJ-NAS01", "FJ-WS03", "FJ-KIOSK", "FJ-SW03"])
        XCTAssertEqual(result.lines[1], ContractLine(
            line: 4, client: "Fenwick Joinery", name: "FJ-NAS01", deviceClass: .storage, classText: "NAS", serial: "1930PBN123456",
            macs: [mac("00:11:32:30:00:03")], ip: ip("198.18.30.5"), monthlyPrice: money("15.00"),
            purchaseDate: day("2022-05-05"), warrantyEnd: day("2025-05-04")))
        XCTAssertEqual(result.lines[2].purchaseDate, day("2024-01-10"))
        XCTAssertEqual(result.lines[2].warrantyEnd, day("2027-01-09"))
        // An unknown class is no error: the text is kept, the class is nil. "N/A" is no serial.
        XCTAssertEqual(result.lines[3], ContractLine(
            line: 14, client: "Fenwick Joinery", name: "FJ-KIOSK", classText: "Smart Fridge", ip: ip("198.18.30.150")))
        // Trailing empty fields past the header's width are harmless.
        XCTAssertEqual(result.lines[4].serial, "SG21ABC003")
    }

    func testEveryProblemOfARowIsNamed() throws {
        let text = "name,mac,price,warranty end\nH1,00:1b:21:zz:00:01,abc,2024-02-30\n"
        let result = try ContractImport.read(text: text, file: "t.csv")
        XCTAssertEqual(result.lines, [])
        XCTAssertEqual(result.errors, [ContractRowError(line: 2, message:
            "mac '00:1b:21:zz:00:01' is not a MAC address; price 'abc' is not an amount; "
            + "warranty end '2024-02-30' is not a date (expected DD/MM/YYYY or YYYY-MM-DD)")])
    }

    func testBlankLinesAreSkippedSilentlyButCounted() throws {
        let text = "name;ip\n\n;\nH1;198.18.0.1\n  \nH2;198.18.0.2\n"
        let result = try ContractImport.read(text: text, file: "t.csv")
        XCTAssertEqual(result.errors, [])
        XCTAssertEqual(result.lines.map(\.line), [4, 6])
    }
}
