import CensusCore
import DataFiles
@testable import Fingerprinting
import SNMPModel
import XCTest

final class IdentifierTests: XCTestCase {
    func catalog(_ text: String) throws -> Identifier {
        var catalog = Catalog()
        try catalog.add(file: DataFile.parse(text, file: "test.yaml"))
        return Identifier(catalog: catalog)
    }

    let rules = """
    vendors:
      - { name: Cisco, aliases: ['^Cisco Systems'] }
    enterprises:
      - { number: 9, vendor: Cisco }
    products:
      - { oid: 1.3.6.1.4.1.9.1.617, vendor: Cisco, model: WS-C3560G-48TS, class: switch }
    rules:
      - id: ios
        when:
          sysObjectID: [1.3.6.1.4.1.9.*]
          sysDescr: 'Cisco IOS Software, (?<platform>\\S+) Software .*Version (?<version>[^,\\s]+)'
        set: { os: IOS, version: '{version}', model: 'guess-{platform}', class: router }
        fetch: { serial: 1.3.6.1.4.1.9.3.6.3.0 }
        examples:
          - sysObjectID: 1.3.6.1.4.1.9.1.1
            sysDescr: 'Cisco IOS Software, C3560 Software (X), Version 12.2(55)SE3, RELEASE'
            expect: { os: IOS, version: 12.2(55)SE3 }
    """

    /// Canonical names are remembered, but a catalog extended with new aliases answers with them.
    func testCanonicalVendorNamesFollowAliasesAddedLater() throws {
        var catalog = Catalog()
        try catalog.add(file: DataFile.parse("vendors:\n  - { name: Cisco, aliases: ['^Cisco Systems'] }\n", file: "a.yaml"))
        XCTAssertEqual(catalog.canonicalVendor("Cisco Systems, Inc"), "Cisco")
        XCTAssertEqual(catalog.canonicalVendor("Hewlett Packard"), "Hewlett Packard", "no alias: as written")
        let before = catalog
        try catalog.add(file: DataFile.parse("vendors:\n  - { name: HPE, aliases: ['^Hewlett Packard'] }\n", file: "b.yaml"))
        XCTAssertEqual(catalog.canonicalVendor("Hewlett Packard"), "HPE")
        XCTAssertEqual(catalog.canonicalVendor("Cisco Systems, Inc"), "Cisco")
        XCTAssertEqual(before.canonicalVendor("Hewlett Packard"), "Hewlett Packard", "a copy made before keeps its own answers")
    }

    func testStrongestRuleWinsEachFieldAndEveryDecisionIsExplained() throws {
        let identifier = try catalog(rules)
        let evidence = Evidence(sysDescr: "Cisco IOS Software, C3560 Software (C3560-IPSERVICESK9-M), Version 12.2(55)SE3, RELEASE SOFTWARE",
                                sysObjectID: "1.3.6.1.4.1.9.1.617")
        let result = identifier.identify(evidence)
        XCTAssertEqual(result.vendor, "Cisco")
        XCTAssertEqual(result.class, .switch, "the exact product OID (80) outranks the sysDescr rule (60)")
        XCTAssertEqual(result.model, "WS-C3560G-48TS")
        XCTAssertEqual(result.os, "IOS")
        XCTAssertEqual(result.version, "12.2(55)SE3")
        let byRule = Dictionary(uniqueKeysWithValues: result.matches.map { ($0.rule, Set($0.fields)) })
        XCTAssertEqual(byRule["product-1.3.6.1.4.1.9.1.617"], ["vendor", "model", "class"])
        XCTAssertEqual(byRule["ios"], ["os", "version"])
        XCTAssertEqual(byRule["enterprise-9"], [], "matched, but decided nothing")
    }

    func testChassisRowBeatsVendorObjectsWhichBeatNothing() throws {
        let identifier = try catalog(rules)
        var evidence = Evidence(sysDescr: "Cisco IOS Software, C2960 Software (X), Version 15.0(2)SE, RELEASE", sysObjectID: "1.3.6.1.4.1.9.1.1")
        XCTAssertEqual(identifier.objectsToFetch(evidence), ["1.3.6.1.4.1.9.3.6.3.0"], "the matching rule asks for its serial object")
        evidence.values["1.3.6.1.4.1.9.3.6.3.0"] = .octets(Array("FOC1234X0AB".utf8))
        XCTAssertEqual(identifier.identify(evidence).serial, "FOC1234X0AB")
        XCTAssertEqual(identifier.identify(evidence).model, "guess-C2960")
        XCTAssertTrue(identifier.objectsToFetch(evidence).isEmpty, "nothing left to fetch")
        evidence.entitySerial = "FOC9999Z99Z"
        evidence.entityModel = "WS-C2960-24TT-L"
        XCTAssertEqual(identifier.identify(evidence).serial, "FOC9999Z99Z")
        XCTAssertEqual(identifier.identify(evidence).model, "WS-C2960-24TT-L")
        // Placeholders are not serials or models.
        evidence.entitySerial = "0000000000"
        evidence.entityModel = " "
        evidence.values["1.3.6.1.4.1.9.3.6.3.0"] = .octets(Array("N/A".utf8))
        XCTAssertNil(identifier.identify(evidence).serial)
        XCTAssertEqual(identifier.identify(evidence).model, "guess-C2960")
    }

    func testMissingCaptureLeavesTheFieldToOthers() throws {
        let identifier = try catalog("""
        rules:
          - id: a
            when: { sysDescr: '^Box( v(?<version>\\d+))?' }
            set: { os: BoxOS, version: '{version}' }
            examples: [{ sysDescr: Box v2, expect: { version: '2' } }]
        """)
        XCTAssertEqual(identifier.identify(Evidence(sysDescr: "Box v7")).version, "7")
        let bare = identifier.identify(Evidence(sysDescr: "Box"))
        XCTAssertEqual(bare.os, "BoxOS")
        XCTAssertNil(bare.version, "no capture, no invented value")
    }

    func testVendorFallsBackToEntityManufacturerThenTheMACRegistry() throws {
        let identifier = try catalog(rules)
        XCTAssertEqual(identifier.identify(Evidence(entityManufacturer: "Cisco Systems, Inc.")).vendor, "Cisco")
        let fromMAC = identifier.identify(Evidence(ouiVendor: "Cisco Systems, Inc"))
        XCTAssertEqual(fromMAC.vendor, "Cisco")
        XCTAssertEqual(fromMAC.matches.map(\.rule), ["mac-vendor"])
        XCTAssertEqual(identifier.identify(Evidence()).class, .unknown)
    }

    /// The chassis row's model outranks every default priority, but a rule written above it on
    /// purpose (the agent puts a part number there) names the model instead.
    func testARuleAboveTheEntityPriorityOverridesTheChassisModel() throws {
        let identifier = try catalog("""
        rules:
          - id: product-oid
            when: { sysObjectID: [1.3.6.1.4.1.2636.1.1.1.2.25] }
            set: { model: MX480-from-oid }
            examples: [{ sysObjectID: 1.3.6.1.4.1.2636.1.1.1.2.25, expect: { model: MX480-from-oid } }]
          - id: part-number
            priority: 90
            when: { entityModel: '^\\d{3}-\\d{6}$', sysDescr: 'Juniper Networks, Inc\\. (?<model>\\w+) ' }
            set: { model: '{model}' }
            examples: [{ entityModel: 710-030012, sysDescr: 'Juniper Networks, Inc. mx960 internet router', expect: { model: mx960 } }]
        """)
        var evidence = Evidence(sysDescr: "Juniper Networks, Inc. mx480 internet router", sysObjectID: "1.3.6.1.4.1.2636.1.1.1.2.25",
                                entityModel: "710-017414")
        XCTAssertEqual(identifier.identify(evidence).model, "mx480", "priority 90 beats the chassis row")
        evidence.entityModel = "MX480-CHASSIS"
        XCTAssertEqual(identifier.identify(evidence).model, "MX480-CHASSIS", "the chassis row (85) beats the product OID (80)")
        XCTAssertTrue(identifier.checkExamples().isEmpty, identifier.checkExamples().map(\.description).joined(separator: "\n"))
    }
}
