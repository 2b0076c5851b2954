import CensusCore
import DataFiles
@testable import Fingerprinting
import XCTest

/// A value read from a vendor object the rule fetched outranks the same rule's sysDescr
/// reading (one point above the rule's priority); a fetch that returned nothing earns no such
/// point, so between two rules of equal priority catalog order decides as usual.
final class FetchedObjectRankTests: XCTestCase {
    static let serialObject: OID = "1.3.6.1.4.1.99999.3.1.0"

    func identifier() throws -> Identifier {
        var catalog = Catalog()
        try catalog.add(file: DataFile.parse("""
        rules:
          - id: first-reading
            priority: 60
            when: { sysDescr: '^Box S/N (?<serial>\\S+)' }
            set: { serial: '{serial}' }
            examples: [{ sysDescr: 'Box S/N AAA111', expect: { serial: AAA111 } }]
          - id: second-reading-with-fetch
            priority: 60
            when: { sysDescr: '^Box S/N (?<serial>\\S+) (?<other>\\S+)' }
            set: { serial: '{other}' }
            fetch: { serial: \(Self.serialObject) }
            examples:
              - sysDescr: 'Box S/N AAA111 BBB222'
                values: { \(Self.serialObject): CCC333 }
                expect: { serial: CCC333 }
        """, file: "rank.yaml"))
        return Identifier(catalog: catalog)
    }

    func testAFetchThatReturnedNothingEarnsNoBonus() throws {
        let result = try identifier().identify(Evidence(sysDescr: "Box S/N AAA111 BBB222"))
        XCTAssertEqual(result.serial, "AAA111", "equal priorities, no fetched value: the rule read first wins")
        XCTAssertEqual(result.matches.first { $0.fields.contains("serial") }?.rule, "first-reading")
    }

    func testAFetchThatReturnedOnlyAPlaceholderEarnsNoBonus() throws {
        var evidence = Evidence(sysDescr: "Box S/N AAA111 BBB222")
        evidence.values[Self.serialObject] = .octets(Array("N/A".utf8))
        XCTAssertEqual(try identifier().identify(evidence).serial, "AAA111")
    }

    func testAFetchedValueOutranksAnEqualRuleReadingSysDescr() throws {
        var evidence = Evidence(sysDescr: "Box S/N AAA111 BBB222")
        evidence.values[Self.serialObject] = .octets(Array("CCC333".utf8))
        let result = try identifier().identify(evidence)
        XCTAssertEqual(result.serial, "CCC333")
        XCTAssertEqual(result.matches.first { $0.fields.contains("serial") }?.rule, "second-reading-with-fetch")
        XCTAssertTrue(try identifier().checkExamples().isEmpty)
    }
}
