import CensusCore
import DataFiles
@testable import Fingerprinting
import XCTest

/// Which rules of a vendor's file (top-level `vendor:`) name that vendor: those whose
/// conditions tie the device to it (its sysObjectID, its own text, its vendor objects), not
/// those that hold for any vendor's device (supported MIBs, sysServices, sysName).
final class CatalogConditionTests: XCTestCase {
    let file = """
    vendor: Acme
    rules:
      - id: acme-oid
        when: { sysObjectID: [1.3.6.1.4.1.99999.*] }
        set: { class: switch }
        examples: [{ sysObjectID: 1.3.6.1.4.1.99999.1, expect: { vendor: Acme, class: switch } }]
      - id: acme-oid-pattern
        when: { sysObjectID: '^1\\.3\\.6\\.1\\.4\\.1\\.(99998)\\.' }
        set: { class: router }
        examples: [{ sysObjectID: 1.3.6.1.4.1.99998.7, expect: { vendor: Acme, class: router } }]
      - id: acme-text
        when: { sysDescr: '^AcmeOS (?<version>\\S+)' }
        set: { os: AcmeOS, version: '{version}' }
        examples: [{ sysDescr: AcmeOS 4.2, expect: { vendor: Acme, os: AcmeOS } }]
      - id: acme-vendor-object
        when: { values: { 1.3.6.1.4.1.99999.9.0: '^AX' } }
        set: { family: AX }
        examples: [{ values: { 1.3.6.1.4.1.99999.9.0: AX-1 }, expect: { vendor: Acme, family: AX } }]
      - id: acme-ups-section
        when: { has: [ups] }
        set: { class: ups }
        examples: [{ has: [ups], expect: { class: ups } }]
      - id: acme-routing-layer
        when: { services: [3], lacks: [printer] }
        set: { class: router }
        examples: [{ sysServices: 4, expect: { class: router } }]
    """

    func rules() throws -> [String: Rule] {
        var catalog = Catalog()
        try catalog.add(file: DataFile.parse(file, file: "acme.yaml"))
        return Dictionary(uniqueKeysWithValues: catalog.rules.map { ($0.id, $0) })
    }

    func testRulesThatPinTheVendorNameTheFilesVendor() throws {
        let rules = try rules()
        for id in ["acme-oid", "acme-oid-pattern", "acme-text", "acme-vendor-object"] {
            XCTAssertEqual(rules[id]?.sets[.vendor], "Acme", id)
        }
    }

    func testRulesThatHoldForAnyVendorDoNotNameTheFilesVendor() throws {
        let rules = try rules()
        XCTAssertNil(rules["acme-ups-section"]?.sets[.vendor], "every UPS has UPS-MIB, not only Acme's")
        XCTAssertNil(rules["acme-routing-layer"]?.sets[.vendor], "sysServices says nothing of the maker")
        XCTAssertEqual(rules["acme-ups-section"]?.sets, [.class: "ups"])
    }

    func testAnotherMakersUPSIsNotNamedAfterTheFile() throws {
        var catalog = Catalog()
        try catalog.add(file: DataFile.parse(file, file: "acme.yaml"))
        let identifier = Identifier(catalog: catalog)
        let ups = identifier.identify(Evidence(ouiVendor: "Other Power Ltd", sections: ["ups"]))
        XCTAssertEqual(ups.class, .ups)
        XCTAssertEqual(ups.vendor, "Other Power Ltd", "the MAC registry names it, not the file the UPS rule sits in")
        XCTAssertEqual(identifier.identify(Evidence(sysDescr: "AcmeOS 4.2")).vendor, "Acme")
        XCTAssertTrue(identifier.checkExamples().isEmpty, identifier.checkExamples().map(\.description).joined(separator: "\n"))
    }

    func testAGenericRuleThatSetsNothingIsRefusedEvenInAVendorsFile() {
        let text = """
        vendor: Acme
        rules:
          - id: empty
            when: { has: [ups] }
            examples: [{ has: [ups], expect: { class: ups } }]
        """
        var catalog = Catalog()
        XCTAssertThrowsError(try catalog.add(file: DataFile.parse(text, file: "acme.yaml"))) { error in
            XCTAssertTrue("\(error)".contains("rule 'empty' names no field"), "\(error)")
        }
    }

    /// A template placeholder that no pattern of the rule captures (a typo, or a capture renamed)
    /// is refused when the catalog loads, naming the captures there are: it would otherwise leave
    /// the field unnamed on every device, and catalog-check would pass when the examples expect nothing.
    func testAPlaceholderWithoutACaptureIsRefused() throws {
        func rule(_ set: String) -> String {
            """
            vendor: Acme
            rules:
              - id: acme-os
                when: { sysDescr: 'AcmeOS (?<ver>[0-9.]+)' }
                set: { \(set) }
                examples: [{ sysDescr: AcmeOS 4.2, expect: { os: AcmeOS } }]
            """
        }
        var catalog = Catalog()
        XCTAssertThrowsError(try catalog.add(file: DataFile.parse(rule("os: AcmeOS, version: '{version}'"), file: "acme.yaml"))) { error in
            XCTAssertTrue("\(error)".contains("'{version}' is not a named capture of this rule's patterns (it has: ver)"), "\(error)")
            XCTAssertTrue("\(error)".contains("acme.yaml:5:"), "\(error)")
        }
        var good = Catalog()
        XCTAssertNoThrow(try good.add(file: DataFile.parse(rule("os: AcmeOS, version: '{ver}'"), file: "acme.yaml")))
    }
}

/// The three sysObjectID forms: an exact OID, `X.*` (only what lies under X) and
/// `X and below` (X itself or anything under it).
final class CatalogObjectIDFormTests: XCTestCase {
    func testSubtreeAndAndBelowForms() throws {
        let text = """
        vendor: Acme
        rules:
          - id: acme-under
            when: { sysObjectID: [1.3.6.1.4.1.99999.1.*] }
            set: { class: switch }
            examples: [{ sysObjectID: 1.3.6.1.4.1.99999.1.5, expect: { class: switch } }]
          - id: acme-and-below
            when: { sysObjectID: [1.3.6.1.4.1.99999.2 and below] }
            set: { class: router }
            examples: [{ sysObjectID: 1.3.6.1.4.1.99999.2, expect: { class: router } }]
        """
        var catalog = Catalog()
        try catalog.add(file: DataFile.parse(text, file: "acme.yaml"))
        let identifier = Identifier(catalog: catalog)
        func cls(_ oid: String) -> DeviceClass? { identifier.identify(Evidence(sysObjectID: OID(parsing: oid))).class }
        XCTAssertEqual(cls("1.3.6.1.4.1.99999.1"), .unknown, "X.* does not take X itself")
        XCTAssertEqual(cls("1.3.6.1.4.1.99999.1.5"), .switch)
        XCTAssertEqual(cls("1.3.6.1.4.1.99999.2"), .router, "'and below' takes the OID itself")
        XCTAssertEqual(cls("1.3.6.1.4.1.99999.2.3.4"), .router, "…and anything under it")
        XCTAssertEqual(cls("1.3.6.1.4.1.99999.20"), .unknown, "a sibling arc with the same leading digits is not under it")
        XCTAssertTrue(identifier.checkExamples().isEmpty, identifier.checkExamples().map(\.description).joined(separator: "\n"))
    }

    func testAMisspelledAndBelowIsRefused() {
        let text = """
        rules:
          - id: bad
            when: { sysObjectID: [1.3.6.1.4.1.99999.2 and under] }
            set: { class: router }
            examples: [{ sysObjectID: 1.3.6.1.4.1.99999.2, expect: { class: router } }]
        """
        var catalog = Catalog()
        XCTAssertThrowsError(try catalog.add(file: DataFile.parse(text, file: "acme.yaml"))) { error in
            XCTAssertTrue("\(error)".contains("is not an OID"), "\(error)")
        }
    }
}
