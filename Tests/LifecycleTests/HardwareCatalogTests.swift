import CensusCore
import DataFiles
import Foundation
@testable import Lifecycle
import XCTest

final class HardwareCatalogTests: TemporaryFolderTestCase {

    /// Writes `text` as `name` in a fresh folder and returns the folder.
    func folder(_ name: String, _ text: String) throws -> String {
        let folder = temporary.appendingPathComponent(UUID().uuidString)
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        try text.write(to: folder.appendingPathComponent(name), atomically: true, encoding: .utf8)
        return folder.path
    }

    func testEveryBuiltInExampleComesOutAsItsEntry() throws {
        let catalog = try HardwareCatalog.builtIn()
        XCTAssertGreaterThanOrEqual(catalog.entries.count, 50)
        XCTAssertEqual(catalog.check(), [])
        XCTAssertEqual(Set(catalog.entries.map(\.id)).count, catalog.entries.count)
        for entry in catalog.entries {
            // Examples with no vendor given (identification may not name one) come out the same.
            for example in entry.examples { XCTAssertEqual(catalog.entry(forModel: example)?.id, entry.id, example) }
            if entry.lastDateOfSupport != nil || entry.endOfSale != nil { XCTAssertNotNil(entry.source, entry.id) }
        }
    }

    func testSpellingVariantsOfOneFamily() throws {
        let catalog = try HardwareCatalog.builtIn()
        for model in ["WS-C3560-48TS-S", "C3560-48TS", "Catalyst 3560", "ws-c3560g-48ts-e"] {
            XCTAssertEqual(catalog.entry(forModel: model)?.id, "cisco-catalyst-3560", model)
        }
        XCTAssertEqual(catalog.entry(forModel: "WS-C3560X-48P-S")?.id, "cisco-catalyst-3560-x-3750-x")
        XCTAssertEqual(catalog.entry(forModel: "WS-C3560CX-12PC-S")?.id, nil, "the 3560-CX is another family")
        // Real ENTITY-MIB model names from the snmpsim-data recordings.
        XCTAssertEqual(catalog.entry(forModel: "WS-C3560G-48TS-E", vendor: "Cisco")?.id, "cisco-catalyst-3560")
        XCTAssertEqual(catalog.entry(forModel: "WS-C3750G-12S-S", vendor: "Cisco")?.id, "cisco-catalyst-3750")
        // DataDog recordings: FortiGate ENTITY model and SonicWall model.
        XCTAssertEqual(catalog.entry(forModel: "TZ 400", vendor: "SonicWall")?.id, "sonicwall-tz-400-600")
        XCTAssertEqual(catalog.entry(forModel: "TZ 400W", vendor: "SonicWall")?.id, "sonicwall-tz-400w", "the wireless TZ 400 has dates of its own")
        XCTAssertEqual(catalog.entry(forModel: "TZ 370 (SonicOS Enhanced 7.0.1-5145)", vendor: "SonicWall")?.id, nil)
        XCTAssertEqual(catalog.entry(forModel: "FGT_60E", vendor: "Fortinet")?.id, "fortigate-60e")
        XCTAssertNil(catalog.entry(forModel: "FGT_501E", vendor: "Fortinet"))
        XCTAssertNil(catalog.entry(forModel: "WS-C3560-48TS-S", vendor: "HPE"), "another vendor's entry never matches")
    }

    func testTheBuiltInTwoNineSixtyXCarriesCiscosLastDateOfSupport() throws {
        let entry = try XCTUnwrap(HardwareCatalog.builtIn().entry(forModel: "WS-C2960X-48FPD-L"))
        XCTAssertEqual(entry.lastDateOfSupport, .on(day("2027-10-31")))
        XCTAssertEqual(entry.endOfSale, .ended)
        XCTAssertEqual(entry.state, .announced)
        XCTAssertEqual(entry.release, HardwareCatalog.Release(year: 2013, day: nil))
        XCTAssertTrue(entry.location.hasSuffix("10-cisco.yaml:\(entry.location.split(separator: ":").last!)"))
    }

    /// An `announced` entry says when (a day, or `true` where the source says a milestone passed
    /// without the day) and names the vendor's page over https; dated entries keep their order.
    func testEveryAnnouncedEntryGivesAMilestoneAndAnHTTPSSource() throws {
        let catalog = try HardwareCatalog.builtIn()
        let announced = catalog.entries.filter { $0.state == .announced }
        XCTAssertGreaterThanOrEqual(announced.count, 25)
        for entry in announced {
            let ends = [entry.endOfSale, entry.endOfSoftwareMaintenance, entry.lastDateOfSupport].compactMap { $0 }
            XCTAssertFalse(ends.isEmpty, "\(entry.id) is announced but gives no milestone")
            XCTAssertFalse(ends.contains(.notEnded), "\(entry.id) is announced yet says a milestone has not ended")
            XCTAssertTrue(entry.source?.hasPrefix("https://") ?? false, "\(entry.id): source \(entry.source ?? "missing")")
            // Sale ends before software maintenance, which ends before support.
            let days = [entry.endOfSale, entry.endOfSoftwareMaintenance, entry.lastDateOfSupport].compactMap { $0?.date }
            XCTAssertEqual(days, days.sorted(), entry.id)
        }
        let dated = announced.filter { [$0.endOfSale, $0.endOfSoftwareMaintenance, $0.lastDateOfSupport].contains { $0?.date != nil } }
        XCTAssertGreaterThanOrEqual(dated.count, 16)
        // An entry whose end is not sourced is never `announced`, and `not-announced` never ends.
        for entry in catalog.entries where entry.source == nil { XCTAssertNotEqual(entry.state, .announced, entry.id) }
    }

    /// `not-announced` is a claim too: an entry of the built-in catalog in that state names, over
    /// https, the vendor's page showing the family as currently sold (none is today; the rule holds
    /// for the first one). A user's entry may say `not-announced` without one.
    func testEveryBuiltInNotAnnouncedEntryNamesTheVendorsPage() throws {
        for entry in try HardwareCatalog.builtIn().entries where entry.state == .notAnnounced {
            XCTAssertTrue(entry.source?.hasPrefix("https://") ?? false, "\(entry.id): source \(entry.source ?? "missing")")
        }
    }

    /// A `not-announced` entry keeps the page it comes from and the series' release date, and the
    /// verdict is `supported` with that page as its source.
    func testANotAnnouncedEntryKeepsItsSourceAndReleaseDay() throws {
        let user = try folder("current.yaml", """
        vendor: Cisco
        entries:
          - id: current-series
            models: ['C7777-*']
            release: 2014-06-30
            state: not-announced
            checked: 2026-11-30
            source: https://www.cisco.com/c/en/us/support/switches/example/series.html
            examples: [C7777-24P]
        """)
        let catalog = try HardwareCatalog.load([user])
        let entry = try XCTUnwrap(catalog.entry(forModel: "C7777-48P"))
        XCTAssertEqual(entry.state, .notAnnounced)
        XCTAssertEqual(entry.source, "https://www.cisco.com/c/en/us/support/switches/example/series.html")
        XCTAssertEqual(entry.release, HardwareCatalog.Release(year: 2014, day: day("2014-06-30")))
        XCTAssertNil(entry.lastDateOfSupport)
        let verdict = LifecycleJudge(software: SoftwareLifecycles(), hardware: catalog)
            .hardwareVerdict(model: "C7777-48P", vendor: "Cisco", asOf: day("2026-11-30"))
        XCTAssertEqual(verdict.status, .supported)
        XCTAssertEqual(verdict.source, entry.source)
        XCTAssertEqual(verdict.state, .notAnnounced)
    }

    /// `true`, `false` and `not-announced` hold as of the day the source was read (`checked`):
    /// without that day the entry is refused; a `true` end is `unknown` before it and past from
    /// it on, a `false` one supported for a year after it and `unknown` beyond.
    func testBooleanMilestonesHoldFromTheDayTheyWereChecked() throws {
        XCTAssertThrowsError(try HardwareCatalog.load([folder("x.yaml", """
        vendor: Acme
        entries:
          - { id: a, models: ['A1'], last_date_of_support: true, state: announced, source: https://example.com/a, examples: [A1] }
        """)])) { error in
            XCTAssertTrue("\(error)".contains("x.yaml:3:5: entries[0]: 'checked' is missing"), "\(error)")
        }
        let catalog = try HardwareCatalog.load([folder("y.yaml", """
        vendor: Acme
        checked: 2026-11-30
        entries:
          - { id: old, models: ['A1'], last_date_of_support: true, state: announced, source: https://example.com/a, examples: [A1] }
          - { id: open, models: ['B1'], last_date_of_support: false, state: announced, source: https://example.com/b, examples: [B1] }
          - { id: new, models: ['C1'], state: not-announced, checked: 2025-06-01, examples: [C1] }
        """)])
        XCTAssertEqual(catalog.entry(forModel: "A1")?.checked, day("2026-11-30"))
        XCTAssertEqual(catalog.entry(forModel: "C1")?.checked, day("2025-06-01"), "the entry's own day wins over the file's")
        let judge = LifecycleJudge(software: SoftwareLifecycles(), hardware: catalog)
        func status(_ model: String, _ asOf: String) -> LifecycleStatus { judge.hardwareVerdict(model: model, asOf: day(asOf)).status }
        XCTAssertEqual(status("A1", "2026-11-30"), .pastEOL)
        XCTAssertEqual(status("A1", "2031-01-01"), .pastEOL)
        XCTAssertEqual(status("A1", "2026-11-29"), .unknown, "ended by 30 November, on a day not recorded")
        XCTAssertEqual(judge.hardwareVerdict(model: "A1", asOf: day("2020-01-01")).reason,
                       "old: support had ended by 2026-11-30, on a day the catalog does not record: not known as of 2020-01-01")
        XCTAssertEqual(status("B1", "2020-01-01"), .supported)
        XCTAssertEqual(status("B1", "2027-11-30"), .supported)
        XCTAssertEqual(status("B1", "2027-12-01"), .unknown, "more than a year after it was checked")
        XCTAssertEqual(status("C1", "2026-06-01"), .supported)
        XCTAssertEqual(status("C1", "2026-06-02"), .unknown)
        XCTAssertEqual(judge.hardwareVerdict(model: "C1", asOf: day("2030-01-01")).reason,
                       "new: no end of support was announced as of 2025-06-01, more than a year before 2030-01-01 (check the vendor's page)")
        // The built-in Cisco `true` entries were read on 2026-11-30.
        let builtIn = LifecycleJudge(software: SoftwareLifecycles(), hardware: try HardwareCatalog.builtIn())
        XCTAssertEqual(builtIn.hardwareVerdict(model: "WS-C2960-24TT-L", vendor: "Cisco", asOf: day("2026-12-07")).status, .pastEOL)
        XCTAssertEqual(builtIn.hardwareVerdict(model: "WS-C2960-24TT-L", vendor: "Cisco", asOf: day("2026-01-01")).status, .unknown)
    }

    func testSonicWallRowsAsPublished() throws {
        let catalog = try HardwareCatalog.builtIn()
        let tz400 = try XCTUnwrap(catalog.entry(forModel: "TZ 400", vendor: "SonicWall"))
        XCTAssertEqual(tz400.endOfSale, .on(day("2022-04-15")))
        XCTAssertEqual(tz400.endOfSoftwareMaintenance, .on(day("2024-04-16")))
        XCTAssertEqual(tz400.lastDateOfSupport, .on(day("2026-08-01")))
        XCTAssertEqual(catalog.entry(forModel: "TZ400W")?.endOfSale, .on(day("2021-07-31")))
        XCTAssertEqual(catalog.entry(forModel: "TZ 300")?.lastDateOfSupport, .on(day("2025-01-23")))
        XCTAssertEqual(catalog.entry(forModel: "TZ 300P")?.lastDateOfSupport, .on(day("2026-04-16")))
        XCTAssertEqual(catalog.entry(forModel: "TZ 500W")?.lastDateOfSupport, .on(day("2026-10-01")))
        XCTAssertEqual(catalog.entry(forModel: "TZ 215W")?.lastDateOfSupport, .on(day("2021-06-02")))
        XCTAssertNil(catalog.entry(forModel: "TZ 200")?.lastDateOfSupport, "the table's TZ 200 row gives no end of support")
        XCTAssertEqual(catalog.entry(forModel: "TZ 470")?.state, .unknown)
    }

    /// The FortiGate 100E row of Fortinet's Product Life Cycle table, as the cited blog quotes it:
    /// End of Order and End of Support, no end of software maintenance; the 100F stays unknown.
    func testFortiGate100ERowAsQuoted() throws {
        let catalog = try HardwareCatalog.builtIn()
        let entry = try XCTUnwrap(catalog.entry(forModel: "FGT_100E", vendor: "Fortinet"))
        XCTAssertEqual(entry.id, "fortigate-100e")
        XCTAssertEqual(entry.endOfSale, .on(day("2021-08-17")))
        XCTAssertNil(entry.endOfSoftwareMaintenance)
        XCTAssertEqual(entry.lastDateOfSupport, .on(day("2026-08-17")))
        XCTAssertEqual(entry.state, .announced)
        XCTAssertEqual(catalog.entry(forModel: "FortiGate-100F")?.id, "fortigate-100f")
        XCTAssertEqual(catalog.entry(forModel: "FortiGate-100F")?.state, .unknown)
        XCTAssertNil(catalog.entry(forModel: "FortiGate-100EF"), "the 100EF is not the row quoted")
    }

    func testAUserFolderReplacesAnEntryByIdAndAddsItsOwn() throws {
        let user = try folder("mine.yaml", """
        vendor: Cisco
        entries:
          - id: cisco-catalyst-9300
            models: ['C9300-*']
            last_date_of_support: 2030-10-31
            state: announced
            source: https://example.com/bulletin
            examples: [C9300-48P]
          - id: acme-widget
            vendor: Acme
            models: ['/Widget ?[0-9]+/']
            state: not-announced
            checked: 2026-01-15
            examples: [Widget 5, Widget12]
        """)
        let catalog = try HardwareCatalog.load([HardwareCatalog.builtInFolder(), user])
        XCTAssertEqual(catalog.check(), [])
        XCTAssertEqual(catalog.entry(forModel: "C9300-24T")?.lastDateOfSupport, .on(day("2030-10-31")))
        XCTAssertEqual(catalog.entries.filter { $0.id == "cisco-catalyst-9300" }.count, 1)
        XCTAssertEqual(catalog.entry(forModel: "widget 7")?.id, "acme-widget")
    }

    func testCheckReportsAnUnmatchedExampleAndAStolenOne() throws {
        let user = try folder("bad.yaml", """
        vendor: Cisco
        entries:
          - id: broad
            models: ['WS-C*']
            state: unknown
            examples: [WS-C2960-24TT-L, C2960-24TT]
        """)
        let failures = try HardwareCatalog.load([HardwareCatalog.builtInFolder(), user]).check()
        XCTAssertEqual(failures.map(\.entry), ["broad", "broad"])
        XCTAssertTrue(failures[0].problem.hasPrefix("entry 'cisco-catalyst-2960' ("), failures[0].problem)
        // The winner is named by its file and line (the line moves when the file's header grows).
        let winner = try XCTUnwrap(HardwareCatalog.builtIn().entries.first { $0.id == "cisco-catalyst-2960" })
        XCTAssertTrue(winner.location.hasSuffix("10-cisco.yaml:\(winner.location.split(separator: ":").last!)"), winner.location)
        XCTAssertTrue(failures[0].problem.hasSuffix("\(winner.location)) wins it"), failures[0].problem)
        XCTAssertTrue(failures[0].description.hasPrefix("broad (\(user)/bad.yaml:3): example 'WS-C2960-24TT-L': entry 'cisco-catalyst-2960'"))
        XCTAssertEqual(failures[1].problem, "no pattern of the entry matches it")
    }

    /// A user's entry for one model of a built-in entry overrides it on purpose: `check` does not
    /// call the built-in example a failure; within one folder, the same is still one.
    func testAUsersEntryOverridingABuiltInModelIsNoFailure() throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("census-override-\(UUID())")
        let (builtIn, user) = (root.appendingPathComponent("built-in"), root.appendingPathComponent("user"))
        for folder in [builtIn, user] { try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true) }
        defer { try? FileManager.default.removeItem(at: root) }
        try "vendor: Cisco\nentries:\n  - { id: family, models: ['C1-*'], state: unknown, examples: [C1-2, C1-3] }\n"
            .write(to: builtIn.appendingPathComponent("10-cisco.yaml"), atomically: true, encoding: .utf8)
        try "vendor: Cisco\nentries:\n  - { id: mine, models: ['C1-2'], state: unknown, examples: [C1-2] }\n"
            .write(to: user.appendingPathComponent("50-my.yaml"), atomically: true, encoding: .utf8)
        XCTAssertEqual(try HardwareCatalog.load([builtIn.path, user.path]).check().map(\.example), [])
        try FileManager.default.copyItem(at: user.appendingPathComponent("50-my.yaml"), to: builtIn.appendingPathComponent("50-my.yaml"))
        XCTAssertEqual(try HardwareCatalog.load([builtIn.path]).check().map(\.example), ["C1-2"], "one folder's entries still must agree")
    }

    /// An editor's hidden files beside the YAML (`.#x.yaml`, a lock) are no part of a folder.
    func testHiddenFilesInAFolderAreNotRead() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("census-hidden-\(UUID())")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        try "a: 1\n".write(to: folder.appendingPathComponent("a.yaml"), atomically: true, encoding: .utf8)
        try "{{ not yaml".write(to: folder.appendingPathComponent(".#a.yaml"), atomically: true, encoding: .utf8)
        XCTAssertEqual(try DataFile.loadFolder(folder.path).map { URL(fileURLWithPath: $0.file).lastPathComponent }, ["a.yaml"])
    }

    func testMalformedEntriesNameFileLineAndKeyPath() throws {
        func error(_ yaml: String) throws -> String {
            let path = try folder("x.yaml", yaml)
            do { _ = try HardwareCatalog.load([path]); return "no error" } catch { return "\(error)".replacingOccurrences(of: path + "/", with: "") }
        }
        XCTAssertEqual(try error("""
        entries:
          - id: a
            vendor: Cisco
            models: ['C1-*']
            last_date_of_support: 2027-02-30
            state: announced
            source: https://example.com
            examples: [C1-2]
        """), "x.yaml:5:27: entries[0].last_date_of_support: expected a date YYYY-MM-DD, true (passed, day not known) or false, found '2027-02-30'")
        XCTAssertEqual(try error("""
        vendor: Cisco
        entries:
          - id: a
            models: ['/C1-(/']
            state: unknown
            examples: [C1-2]
        """), "x.yaml:4:14: entries[0].models[0]: not a valid pattern: /C1-(/")
        XCTAssertEqual(try error("""
        vendor: Cisco
        entries:
          - id: a
            models: ['C1-*']
            state: retired
            examples: [C1-2]
        """), "x.yaml:5:12: entries[0].state: expected announced, not-announced or unknown")
        XCTAssertEqual(try error("""
        vendor: Cisco
        entries:
          - id: a
            models: ['C1-*']
            end_of_sale: 2020-01-31
            state: not-announced
            source: https://example.com
            examples: [C1-2]
        """), "x.yaml:5:18: entries[0].end_of_sale: the state is not-announced, yet an end is given")
        XCTAssertEqual(try error("""
        vendor: Cisco
        entries:
          - id: a
            models: ['C1-*']
            last_date_of_support: true
            state: announced
            examples: [C1-2]
        """), "x.yaml:3:5: entries[0]: 'source' is missing: an entry with end dates names the vendor's bulletin")
        XCTAssertEqual(try error("""
        entries:
          - id: a
            models: ['C1-*']
            state: unknown
            examples: [C1-2]
        """), "x.yaml:2:5: entries[0]: 'vendor' is missing (in the entry or at the top of the file)")
        XCTAssertEqual(try error("""
        vendor: Cisco
        entries:
          - id: a
            model: ['C1-*']
            state: unknown
            examples: [C1-2]
        """).hasPrefix("x.yaml:4:5: entries[0]: unknown key 'model'"), true)
        XCTAssertEqual(try error("""
        vendor: Cisco
        entries:
          - { id: a, models: ['C1-*'], state: unknown, examples: [C1-2] }
          - { id: a, models: ['C2-*'], state: unknown, examples: [C2-2] }
        """), "x.yaml:4:5: entries[1]: id 'a' is already used at x.yaml:3")
        // Milestones the other way round: a typo, not data.
        XCTAssertEqual(try error("""
        vendor: Cisco
        entries:
          - id: a
            models: ['C1-*']
            end_of_sale: 2028-01-01
            last_date_of_support: 2027-03-01
            state: announced
            source: https://example.com/eol
            examples: [C1-2]
        """), "x.yaml:5:18: entries[0].end_of_sale: end_of_sale 2028-01-01 is after last_date_of_support 2027-03-01: the milestones come in that order (a typo?)")
    }

    func testGlobsAndRegularExpressions() throws {
        XCTAssertTrue(try ModelPattern("WS-C2960X-*").matches("ws-c2960x-48fpd-l"))
        XCTAssertFalse(try ModelPattern("WS-C2960X-*").matches("WS-C2960X"))
        XCTAssertTrue(try ModelPattern("Catalyst 3560").matches("Catalyst   3560 "))
        XCTAssertTrue(try ModelPattern("SG300-??").matches("SG300-28"))
        XCTAssertFalse(try ModelPattern("SG300-??").matches("SG300-28P"))
        XCTAssertTrue(try ModelPattern("/DS9[12]8\\+/").matches("DS918+"))
        XCTAssertFalse(try ModelPattern("/DS9[12]8\\+/").matches("DS1918+"), "a regular expression matches the whole name")
        XCTAssertGreaterThan(try ModelPattern("WS-C2960X-*").specificity, try ModelPattern("WS-C*").specificity)
    }
}
