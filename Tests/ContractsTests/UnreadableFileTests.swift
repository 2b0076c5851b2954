import Contracts
import XCTest

/// Files that cannot be read at all throw a typed error with a clear message (the CLI's exit 65).
final class UnreadableFileTests: XCTestCase {
    private func readError(_ bytes: [UInt8], profile: ContractProfile = .generic) throws -> ContractImportError? {
        let path = try temporaryFile(bytes, testCase: self)
        do {
            _ = try ContractImport.read(file: path, profile: profile)
            return nil
        } catch {
            return error
        }
    }

    /// Excel's "CSV (Comma delimited)" on a UK Windows writes £ as the byte 0xA3 (Windows-1252):
    /// read as such, and said with the first such byte's line.
    func testWindows1252IsReadAndSaid() throws {
        let bytes = Array("name,price\nH1,45\nH2,".utf8) + [0xA3] + Array("45\nCaf".utf8) + [0xE9] + Array(",1\n".utf8)
        let path = try temporaryFile(bytes, testCase: self)
        let result = try ContractImport.read(file: path)
        XCTAssertEqual(result.lines.map(\.name), ["H1", "H2", "Café"])
        XCTAssertEqual(result.lines[1].monthlyPrice, 45)
        XCTAssertEqual(result.lines[1].currency, "GBP")
        XCTAssertEqual(result.notes.first, "not UTF-8 (byte 0xA3 on line 3): read as Windows-1252, as Excel saves \"CSV (Comma delimited)\"")
    }

    /// Excel's "Unicode Text": UTF-16 with a byte-order mark, tab-separated.
    func testUTF16IsRead() throws {
        let text = "Name\tSerial Number\tMonthly Price\nCORE-SW\tFOC1\t£12.50\n"
        let bytes: [UInt8] = [0xFF, 0xFE] + Array(text.utf16.flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] })
        let path = try temporaryFile(bytes, testCase: self)
        let result = try ContractImport.read(file: path)
        XCTAssertEqual(result.delimiter, .tab)
        XCTAssertEqual(result.lines.first?.serial, "FOC1")
        XCTAssertEqual(result.lines.first?.monthlyPrice, Decimal(string: "12.50"))
        XCTAssertEqual(result.notes.first, "read as UTF-16 (Excel's \"Unicode Text\")")
    }

    /// A report's title above the header: the header is found below it, and said.
    func testAHeaderBelowATitleIsFound() throws {
        let result = try ContractImport.read(text: "Configurations Report\nPrinted 2026-11-30\n\nName,Serial Number\nSW1,S1\nSW2,S2\n", file: "t.csv")
        XCTAssertEqual(result.headerLine, 4)
        XCTAssertEqual(result.lines.map(\.line), [5, 6])
        XCTAssertEqual(result.notes, ["the header is line 4: the 3 lines above it (a title?) not read"])
        let blankFirst = try ContractImport.read(text: "\nName,IP\nH1,198.18.0.1\n", file: "t.csv")
        XCTAssertEqual(blankFirst.lines.map(\.line), [3])
    }

    func testEmptyFileHasNoHeader() throws {
        XCTAssertEqual(try readError([]).map { "\($0)" }?.hasSuffix("no header row (the first line must name the columns)"), true)
        if case .noHeader = try XCTUnwrap(readError(Array("\u{FEFF}".utf8))) {} else { XCTFail("BOM only") }
        if case .noHeader = try XCTUnwrap(readError(Array(",,,\n".utf8))) {} else { XCTFail("empty names") }
    }

    func testNoIdentifyingColumn() throws {
        let error = try XCTUnwrap(readError(Array("Customer,Monthly Price,Notes\nAcme,45,x\n".utf8)))
        guard case .noIdentifyingColumn(_, "generic", let header) = error else { return XCTFail("\(error)") }
        XCTAssertEqual(header, ["Customer", "Monthly Price", "Notes"])
        XCTAssertTrue(error.description.contains("needs a name, serial, MAC or IP column"))
    }

    func testMissingFileAndDirectory() {
        XCTAssertThrowsError(try ContractImport.read(file: "/nonexistent/contracts.csv")) { error in
            XCTAssertEqual(error as? ContractImportError, .unreadable(file: "/nonexistent/contracts.csv", reason: "no such file"))
        }
        XCTAssertThrowsError(try ContractImport.read(file: Fixture.directory.path)) { error in
            XCTAssertEqual(error as? ContractImportError, .unreadable(file: Fixture.directory.path, reason: "it is a directory"))
        }
    }
}
