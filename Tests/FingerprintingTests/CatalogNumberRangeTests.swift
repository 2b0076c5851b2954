import CensusCore
import DataFiles
@testable import Fingerprinting
import XCTest

/// Every number a catalog author writes is range-checked and a bad one is reported with file
/// and line, never converted blindly (issue 15, item 1: `number: -5` used to trap).
final class CatalogNumberRangeTests: XCTestCase {
    func assertRefused(_ text: String, _ expected: [String], file: StaticString = #filePath, line: UInt = #line) {
        var catalog = Catalog()
        XCTAssertThrowsError(try catalog.add(file: DataFile.parse(text, file: "user.yaml")), file: file, line: line) { error in
            for part in expected {
                XCTAssertTrue("\(error)".contains(part), "expected '\(part)' in: \(error)", file: file, line: line)
            }
        }
    }

    func testEnterpriseNumbersOutsideAnOIDArcAreRefusedWithFileAndLine() {
        assertRefused("vendor: Acme\nenterprises:\n  - { number: -5, vendor: Acme }\n", ["user.yaml:3:", "-5", "0 to 4294967295"])
        assertRefused("vendor: Acme\nenterprises:\n  - { number: 4294967296 }\n", ["user.yaml:3:", "4294967296"])
        assertRefused("enterprises:\n  - { number: 99999999999999999999999, vendor: Acme }\n", ["user.yaml:2:"])
    }

    func testTheLargestArcIsAccepted() throws {
        var catalog = Catalog()
        try catalog.add(file: DataFile.parse("enterprises:\n  - { number: 4294967295, vendor: Acme }\n", file: "user.yaml"))
        XCTAssertEqual(Identifier(catalog: catalog).identify(Evidence(sysObjectID: "1.3.6.1.4.1.4294967295.1")).vendor, "Acme")
    }

    func testPrioritiesOutsideTheirRangeAreRefused() {
        // Int.max used to overflow when a fetched value earned its one point.
        for bad in ["-1", "9223372036854775807", "100000"] {
            assertRefused("""
            rules:
              - id: x
                priority: \(bad)
                when: { sysDescr: '^Box' }
                set: { os: BoxOS }
                examples: [{ sysDescr: Box, expect: { os: BoxOS } }]
            """, ["user.yaml:3:", "priority"])
        }
    }

    func testExampleSysServicesOutsideItsRangeIsRefused() {
        assertRefused("""
        rules:
          - id: x
            when: { services: [3] }
            set: { class: router }
            examples: [{ sysServices: -4, expect: { class: router } }]
        """, ["user.yaml:5:", "sysServices"])
    }
}
