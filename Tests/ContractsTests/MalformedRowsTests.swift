import CensusCore
import Contracts
import XCTest

/// Fixtures/contracts/malformed.csv: each bad row is reported with the line its record starts
/// on and skipped; every good row around it is kept.
final class MalformedRowsTests: XCTestCase {
    func testBadRowsAreReportedByLineAndSkipped() throws {
        let result = try ContractImport.read(file: Fixture.path("malformed.csv"))
        XCTAssertEqual(result.errors, [
            ContractRowError(line: 7, message: "monthly_price 'twelve' is not an amount"),
            ContractRowError(line: 8, message: "monthly_price '-8.00' is negative"),
            ContractRowError(line: 9, message: "nothing identifies the device: no name, serial, MAC or IP"),
            ContractRowError(line: 11, message: "6 fields where the header has 10 (a missing or an unquoted separator?)"),
            ContractRowError(line: 15, message: "nothing identifies the device: no name, serial, MAC or IP"),
            ContractRowError(line: 16, message: "11 fields where the header has 10 (a missing or an unquoted separator?)"),
        ])
        // A cell that neither identifies the line nor prices it (a date), or a second key beside
        // others that do, is left out and said; the line stays, so its device is not "unbilled".
        XCTAssertEqual(result.notes, [
            "columns not read: notes (a mapping file, --profile FILE, can name them)",
            "line 3: read without what cannot be read: purchase_date '31/02/2024' is not a date (expected DD/MM/YYYY or YYYY-MM-DD)",
            "line 6: read without what cannot be read: mac '00:18:0a:zz:00:04' is not a MAC address",
            "line 12: read without what cannot be read: ip '198.18.30.300' is not an IPv4 address",
        ])
    }

    func testGoodRowsAroundBadOnesAreAllKept() throws {
        let result = try ContractImport.read(file: Fixture.path("malformed.csv"))
        XCTAssertEqual(result.lines.map(\.line), [2, 3, 4, 6, 12, 13, 14, 17])
        XCTAssertEqual(result.lines.map(\.name), ["FJ-FW01", "FJ-SW01", "FJ-NAS01", "FJ-AP01", "FJ-CAM01", "FJ-WS03", "FJ-KIOSK", "FJ-SW03"])
        XCTAssertNil(result.lines[1].purchaseDate)
        XCTAssertEqual(result.lines[3].macs, [])
        XCTAssertEqual(result.lines[3].serial, "Q2KD-AAAA-BBBB")
        XCTAssertNil(result.lines[4].ip)
        let lines = result.lines
        XCTAssertEqual(lines.filter { [2, 4, 13, 14, 17].contains($0.line) }.map(\.line), [2, 4, 13, 14, 17])
        let result2 = result
        _ = result2
        XCTAssertEqual(lines[2], ContractLine(
            line: 4, client: "Fenwick Joinery", name: "FJ-NAS01", deviceClass: .storage, classText: "NAS", serial: "1930PBN123456",
            macs: [mac("00:11:32:30:00:03")], ip: ip("198.18.30.5"), monthlyPrice: money("15.00"),
            purchaseDate: day("2022-05-05"), warrantyEnd: day("2025-05-04")))
        XCTAssertEqual(lines[5].purchaseDate, day("2024-01-10"))
        XCTAssertEqual(lines[5].warrantyEnd, day("2027-01-09"))
        // An unknown class is no error: the text is kept, the class is nil. "N/A" is no serial.
        XCTAssertEqual(lines[6], ContractLine(
            line: 14, client: "Fenwick Joinery", name: "FJ-KIOSK", classText: "Smart Fridge", ip: ip("198.18.30.150")))
        // Trailing empty fields past the header's width are harmless.
        XCTAssertEqual(lines[7].serial, "SG21ABC003")
    }

    func testEveryProblemOfARowIsNamed() throws {
        let text = "name,mac,price,warranty end\nH1,00:1b:21:zz:00:01,abc,2024-02-30\n"
        let result = try ContractImport.read(text: text, file: "t.csv")
        XCTAssertEqual(result.lines, [])
        XCTAssertEqual(result.errors, [ContractRowError(line: 2, message:
            "mac '00:1b:21:zz:00:01' is not a MAC address; price 'abc' is not an amount; "
            + "warranty end '2024-02-30' is not a date (expected DD/MM/YYYY or YYYY-MM-DD)")])
        // A MAC that cannot be read and nothing else to identify the line: refused.
        let alone = try ContractImport.read(text: "mac,price\nsee notes,12.50\n", file: "t.csv")
        XCTAssertEqual(alone.errors, [ContractRowError(line: 2, message: "mac 'see' is not a MAC address; nothing identifies the device: no name, serial, MAC or IP")])
    }

    /// A spreadsheet's totals row is no device: refused, never "missing" at the total's price.
    func testTotalsRowsAreNotDevices() throws {
        let result = try ContractImport.read(text: """
            Name,Site,Type,Serial Number,IP Address,Monthly Price
            CORE-SW,HQ,Switch,FOC1408Z61U,,12.50
            Total,,,,,37.50
            Grand Total:,,,,,37.50
            Count: 2,,,,,
            Subtotal (HQ),,,,,12.50
            Totalizer 9,HQ,Appliance,TZ1,,5.00
            Total,HQ,Switch,SER1,,5.00

            """, file: "t.csv")
        XCTAssertEqual(result.lines.map(\.line), [2, 7, 8], "a name that only begins so, or a totals name with a serial, is a device")
        XCTAssertEqual(result.errors.map(\.line), [3, 4, 5, 6])
        XCTAssertEqual(result.errors.first?.message, "'Total' is a totals row, not a device")
    }

    /// A quote never closed took the rest of the file into one row, naming only that row.
    func testAQuoteNeverClosedNamesTheLinesItSwallows() throws {
        let result = try ContractImport.read(text: """
            name,site,class,serial,monthly_price
            A,HQ,NAS,X1,30.00
            BAD,HQ,NAS,"X2,30.00
            NEXT,HQ,NAS,X3,30.00
            LAST,HQ,NAS,X4,30.00

            """, file: "t.csv")
        XCTAssertEqual(result.lines.map(\.line), [2])
        XCTAssertEqual(result.errors, [ContractRowError(line: 3, message:
            "a quote opened on this line is never closed: the 2 lines after it (to the end of the file) would be read as part of this row; close the quote")])
        // A quote closed on a later line is a field spanning lines, no error.
        let spanning = try ContractImport.read(text: "name,notes\nA,\"two\nlines\"\nB,x\n", file: "t.csv")
        XCTAssertEqual(spanning.lines.map(\.line), [2, 4])
        XCTAssertEqual(spanning.errors, [])
    }

    func testBlankLinesAreSkippedSilentlyButCounted() throws {
        let text = "name;ip\n\n;\nH1;198.18.0.1\n  \nH2;198.18.0.2\n"
        let result = try ContractImport.read(text: text, file: "t.csv")
        XCTAssertEqual(result.errors, [])
        XCTAssertEqual(result.lines.map(\.line), [4, 6])
    }
}
