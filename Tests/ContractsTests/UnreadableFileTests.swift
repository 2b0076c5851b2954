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

    func testNotUTF8NamesTheLine() throws {
        // Windows-1252 "£" (0xA3) on line 3.
        let bytes = Array("name,price\nH1,45\nH2,".utf8) + [0xA3] + Array("45\n".utf8)
        let error = try XCTUnwrap(readError(bytes))
        guard case .notUTF8(_, let line, let hint) = error else { return XCTFail("\(error)") }
        XCTAssertEqual(line, 3)
        XCTAssertTrue(hint.contains("0xA3"), hint)
        XCTAssertTrue(error.description.contains(":3: not UTF-8"), error.description)
    }

    func testUTF16IsRefusedWithAHint() throws {
        let bytes: [UInt8] = [0xFF, 0xFE] + Array("name".utf16.flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] })
        let error = try XCTUnwrap(readError(bytes))
        guard case .notUTF8(_, 1, let hint) = error else { return XCTFail("\(error)") }
        XCTAssertTrue(hint.contains("UTF-16"))
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
