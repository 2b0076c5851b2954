import CensusCore
import DataFiles
import Foundation
@testable import Lifecycle
import XCTest

/// Reading endoflife.date product files: the real ones in ../shared, and broken ones.
final class SoftwareCycleTests: XCTestCase {
    func testEverySharedProductFileReads() throws {
        let files = try SharedData.endOfLifeFiles()
        XCTAssertEqual(files.count, 15)
        for url in files {
            let cycles = try SoftwareCycle.list(fromJSON: Data(contentsOf: url), file: url.path)
            XCTAssertFalse(cycles.isEmpty, url.lastPathComponent)
            XCTAssertTrue(cycles.allSatisfy { !$0.cycle.isEmpty && $0.eol != nil }, url.lastPathComponent)
        }
    }

    func testDatesBooleansAndLTSComeOutAsWritten() throws {
        func product(_ name: String) throws -> [SoftwareCycle] {
            let url = try SharedData.endOfLifeFiles().first { $0.lastPathComponent == "\(name).json" }!
            return try SoftwareCycle.list(fromJSON: Data(contentsOf: url), file: url.path)
        }
        let fortios = try XCTUnwrap(product("fortios").first { $0.cycle == "7.2" })
        XCTAssertEqual(fortios.eol, .on(day("2026-09-30")))
        XCTAssertEqual(fortios.support, .on(day("2025-03-31")))
        XCTAssertEqual(fortios.releaseDate, day("2022-03-31"))
        let sonoma = try XCTUnwrap(product("macos").first { $0.cycle == "14" })
        XCTAssertEqual(sonoma.eol, .notEnded)
        XCTAssertEqual(sonoma.codename, "Sonoma")
        let exchange4 = try XCTUnwrap(product("msexchange").first { $0.cycle == "4.0" })
        XCTAssertEqual(exchange4.eol, .ended)
        XCTAssertEqual(exchange4.support, .ended)
        // RHEL gives `lts` as the date its long-term support runs to.
        XCTAssertTrue(try XCTUnwrap(product("rhel").first { $0.cycle == "9" }).lts)
        XCTAssertEqual(try XCTUnwrap(product("ubuntu").first { $0.cycle == "22.04" }).latest, "22.04.5")
        XCTAssertNil(try XCTUnwrap(product("pan-os").first { $0.cycle == "5.1" }).latest, "an empty `latest` is no version")
    }

    func testUnknownKeysAreIgnored() throws {
        let json = #"[{"cycle": "1.0", "eol": false, "somethingNew": {"nested": [1, 2]}, "link": null}]"#
        XCTAssertEqual(try SoftwareCycle.list(fromJSON: Data(json.utf8), file: "x.json"), [SoftwareCycle(cycle: "1.0", eol: .notEnded)])
    }

    func testABadDateNamesTheFileTheEntryItsLineAndTheKey() {
        let json = """
        [
          {"cycle": "7.4", "eol": "2028-11-11"},
          {
            "cycle": "7.2",
            "eol": "soon"
          }
        ]
        """
        XCTAssertThrowsError(try SoftwareCycle.list(fromJSON: Data(json.utf8), file: "fortios.json")) { error in
            let error = error as! DataFileError
            XCTAssertEqual(error.file, "fortios.json")
            XCTAssertEqual(error.line, 3)
            XCTAssertEqual(error.path, "[1] (cycle 7.2).eol")
            XCTAssertEqual(error.description, "fortios.json:3: [1] (cycle 7.2).eol: expected a date YYYY-MM-DD, true or false, found 'soon'")
        }
    }

    func testMalformedFilesAreClearErrors() {
        func message(_ json: String) -> String? {
            do { _ = try SoftwareCycle.list(fromJSON: Data(json.utf8), file: "p.json"); return nil } catch { return "\(error)" }
        }
        XCTAssertEqual(message(#"{"cycle": "1"}"#), "p.json:1: expected a JSON array of release cycles")
        XCTAssertEqual(message(#"[{"eol": true}]"#), "p.json:1: [0]: 'cycle' is missing or not text")
        XCTAssertEqual(message(#"[{"cycle": "1", "eol": true}, 3]"#), "p.json:1: [1]: expected an object {\"cycle\": ...}")
        XCTAssertEqual(message(#"[{"cycle": "1", "releaseDate": true}]"#), "p.json:1: [0] (cycle 1).releaseDate: expected a date YYYY-MM-DD, found true")
        XCTAssertEqual(message(#"[{"cycle": "1", "support": 2024}]"#), "p.json:1: [0] (cycle 1).support: expected a date YYYY-MM-DD, true or false, found 2024.0")
        XCTAssertTrue(message(#"[{"cycle": "1",}"#)?.hasPrefix("p.json: not valid JSON") == true, message(#"[{"cycle": "1",}"#) ?? "no error")
    }

    func testAWholeNumberCycleIsText() throws {
        XCTAssertEqual(try SoftwareCycle.list(fromJSON: Data(#"[{"cycle": 13, "eol": "2028-08-09"}]"#.utf8), file: "d.json").first?.cycle, "13")
    }
}
