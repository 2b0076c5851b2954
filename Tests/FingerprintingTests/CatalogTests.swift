import CensusCore
import DataFiles
@testable import Fingerprinting
import Foundation
import XCTest

/// The catalog as data: every rule's examples must come out as written, and a broken user
/// file must say which file and line.
final class CatalogTests: XCTestCase {
    static let catalog = Result { try Catalog.builtIn() }

    func testEveryExampleOfEveryBuiltInRuleYieldsWhatItSays() throws {
        let catalog = try Self.catalog.get()
        XCTAssertGreaterThan(catalog.rules.count, 100, "the built-in catalog covers the vendors MSPs meet")
        for rule in catalog.rules {
            XCTAssertFalse(rule.examples.isEmpty, "\(rule.id) (\(rule.source)) has no example")
        }
        let failures = Identifier(catalog: catalog).checkExamples()
        XCTAssertEqual(failures.count, 0, failures.map(\.description).joined(separator: "\n"))
        XCTAssertGreaterThan(catalog.rules.reduce(0) { $0 + $1.examples.count }, 100)
    }

    /// Across the built-in files too: a later rule with an earlier one's id would silently replace it
    /// (which only a user's catalog folder may do on purpose).
    func testRuleIdsAreUnique() throws {
        let ids = try Self.catalog.get().rules.map(\.id)
        XCTAssertEqual(ids.count, Set(ids).count, "duplicate ids: \(Dictionary(grouping: ids, by: { $0 }).filter { $0.value.count > 1 }.keys)")
        let folder = try XCTUnwrap(Catalog.builtInFolder)
        var written: [String] = []
        for name in try FileManager.default.contentsOfDirectory(atPath: folder.path) where name.hasSuffix(".yaml") {
            let text = try String(contentsOf: folder.appendingPathComponent(name), encoding: .utf8)
            written += text.split(separator: "\n").compactMap { line in
                line.range(of: #"^\s*- id: (\S+)"#, options: .regularExpression).map { _ in String(line.split(separator: " ").last!) }
            }
        }
        XCTAssertGreaterThan(written.count, 100)
        XCTAssertEqual(written.count, Set(written).count, "ids written twice: \(Dictionary(grouping: written, by: { $0 }).filter { $0.value.count > 1 }.keys.sorted())")
        XCTAssertEqual(try Self.catalog.get().idsWrittenTwice, [], "what catalog-check reports")
    }

    func testMalformedUserCatalogNamesFileAndLine() throws {
        let cases: [(String, String)] = [
            ("rules:\n  - id: x\n    when: { sysDescr: '(unclosed' }\n    set: { os: X }\n    examples: [{ sysDescr: a, expect: { os: X } }]\n", "bad.yaml:3:"),
            ("rules:\n  - id: x\n    when: { sysDescr: 'a' }\n    set: { class: toaster }\n    examples: [{ sysDescr: a, expect: { os: X } }]\n", "unknown class 'toaster'"),
            ("rules:\n  - id: x\n    when: { sysDescr: 'a' }\n    set: { os: X }\n", "has no examples"),
            ("rules:\n  - id: x\n    when: { colour: 'a' }\n    set: { os: X }\n    examples: [{ sysDescr: a, expect: { os: X } }]\n", "unknown key 'colour'"),
            ("products:\n  - { oid: not.an.oid, model: M }\n", "bad.yaml:2:"),
            ("rules: [\n", "not valid YAML"),
            // Found by fuzzing (tools/fuzz/corpus/catalog/crash-enterprise-number-*.yaml): a number
            // outside an OID component's range trapped instead of being refused.
            ("enterprises:\n  - number: -1\n    vendor: X\n", "bad.yaml:2:"),
            ("enterprises:\n  - number: -1\n    vendor: X\n", "an enterprise number -1 is out of range (0 to 4294967295)"),
            ("enterprises:\n  - { number: 4294967296, vendor: X }\n", "an enterprise number 4294967296 is out of range (0 to 4294967295)"),
        ]
        for (text, expected) in cases {
            var catalog = Catalog()
            XCTAssertThrowsError(try catalog.add(file: DataFile.parse(text, file: "bad.yaml")), expected) { error in
                XCTAssertTrue("\(error)".contains(expected), "expected '\(expected)' in: \(error)")
            }
        }
    }

    /// Found by fuzzing: patterns longer than 256 characters hit a leak in Foundation's
    /// NSRegularExpression on Linux (suppressed for the fuzz harness, tools/fuzz/lsan.supp); they
    /// must still compile and match like any other.
    func testLongPatternsCompileAndMatch() throws {
        // A pattern over 256 characters (device text itself is capped at sysDescr's 255 octets).
        let long = String(repeating: "a", count: 300)
        var catalog = Catalog()
        try catalog.add(file: DataFile.parse("""
        rules:
          - id: long
            when: { sysDescr: '^(\(long)|Long device)$' }
            set: { os: Long }
            examples: [{ sysDescr: Long device, expect: { os: Long } }]
        """, file: "long.yaml"))
        XCTAssertEqual(Identifier(catalog: catalog).checkExamples().count, 0)
        XCTAssertEqual(Identifier(catalog: catalog).identify(Evidence(sysDescr: "Long device")).os, "Long")
        XCTAssertNil(Identifier(catalog: catalog).identify(Evidence(sysDescr: "Long device b")).os)
    }

    func testUserFolderExtendsAndOverridesBuiltIns() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("census-catalog-\(UUID())")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        try """
        rules:
          - id: printer-mib
            when: { has: [printer] }
            set: { class: iot }
            examples: [{ has: [printer], expect: { class: iot } }]
          - id: acme-widget
            when: { sysDescr: '^Acme Widget (?<model>W\\d+)' }
            set: { vendor: Acme, class: iot, model: '{model}' }
            examples: [{ sysDescr: Acme Widget W42, expect: { vendor: Acme, model: W42 } }]
        """.write(to: dir.appendingPathComponent("site.yaml"), atomically: true, encoding: .utf8)
        var catalog = try Self.catalog.get()
        let before = catalog.rules.count
        try catalog.add(folder: dir.path)
        XCTAssertEqual(catalog.rules.count, before + 1, "one rule replaced, one added")
        let identifier = Identifier(catalog: catalog)
        XCTAssertEqual(identifier.identify(Evidence(sections: ["printer"])).class, .iot)
        let widget = identifier.identify(Evidence(sysDescr: "Acme Widget W42 rev 3"))
        XCTAssertEqual(widget.vendor, "Acme")
        XCTAssertEqual(widget.model, "W42")
        XCTAssertEqual(widget.ruleIDs, ["acme-widget"])
        XCTAssertEqual(catalog.replacements.filter { $0.by.contains(dir.lastPathComponent) }.map(\.id), ["printer-mib"],
                       "the user's rule replaced the built-in one on purpose")
        XCTAssertEqual(catalog.idsWrittenTwice, [])

        // One folder writing an id twice is a mistake catalog-check reports, with both places.
        try """
        rules:
          - id: acme-widget
            when: { sysDescr: '^Acme Gadget' }
            set: { vendor: Acme }
            examples: [{ sysDescr: Acme Gadget, expect: { vendor: Acme } }]
        """.write(to: dir.appendingPathComponent("zz-more.yaml"), atomically: true, encoding: .utf8)
        var twice = try Self.catalog.get()
        try twice.add(folder: dir.path)
        let mistakes = twice.idsWrittenTwice
        XCTAssertEqual(mistakes.map(\.id), ["acme-widget"])
        XCTAssertTrue(mistakes.first?.replaced.contains("site.yaml:") == true, mistakes.first?.description ?? "")
        XCTAssertTrue(mistakes.first?.by.contains("zz-more.yaml:") == true, mistakes.first?.description ?? "")
        XCTAssertTrue(mistakes.first?.description.contains("written twice") == true)
    }
}
