import CensusCore
import Foundation
import MACVendors
import XCTest

/// Loading rules, exercised on small registry files written for each test.
final class RegistryFileTests: RegistryFolderTestCase {
    func testQuotedFieldsMalformedRowsAndDuplicates() throws {
        let path = try write("oui.csv", """
            Registry,Assignment,Organization Name,Organization Address
            MA-L,00000C,"Cisco Systems, Inc",170 WEST TASMAN DRIVE SAN JOSE CA US 95134-1706
            MA-L,001B21,Intel Corporate,"Lot 8, Jalan Hi-Tech 2/3
            Kulim Kedah MY 09000 "
            MA-L,00ZZ11,Bad Hex Ltd,Nowhere
            MA-L,12345,Too Short Ltd,Nowhere
            MA-L,AABBCC
            MA-L,080030,NETWORK RESEARCH CORPORATION,OXNARD CA US
            MA-L,080030,CERN,GENEVE CH
            CID,0A1B2C,A Company ID,Not a MAC block
            MA-M,4C4BF9A,"  Padded, Name Inc.  ",Somewhere
            MA-S,70B3D5F2F,TELEPLATFORMS,"Polbina st., 3/1 Moscow  RU 109388 "
            MA-L,70B3D5,IEEE Registration Authority,445 Hoes Lane Piscataway NJ US 08554
            MA-L,0A0B0C,   ,Nameless

            """)
        let registry = try OUIRegistry(csvFiles: [path])

        XCTAssertEqual(registry.vendor(for: try mac("00:00:0c:00:00:01")), "Cisco Systems, Inc")
        XCTAssertEqual(registry.vendor(for: try mac("00:1b:21:00:00:01")), "Intel Corporate")
        XCTAssertEqual(registry.vendor(for: try mac("08:00:30:00:00:01")), "NETWORK RESEARCH CORPORATION", "first row wins")
        XCTAssertEqual(registry.vendor(for: try mac("4c:4b:f9:a0:00:01")), "Padded, Name Inc.")
        XCTAssertEqual(registry.vendor(for: try mac("70:b3:d5:f2:f0:01")), "TELEPLATFORMS")
        XCTAssertEqual(registry.vendor(for: try mac("70:b3:d5:f3:00:01")), "IEEE Registration Authority")
        XCTAssertEqual(registry.prefixCount, 6)

        // Line numbers count the header as line 1 and the line break inside Intel's address.
        XCTAssertEqual(registry.skippedRows, [
            SkippedRow(file: path, line: 5, reason: .badAssignment("00ZZ11")),
            SkippedRow(file: path, line: 6, reason: .badAssignment("12345")),
            SkippedRow(file: path, line: 7, reason: .tooFewColumns(found: 2)),
            SkippedRow(file: path, line: 9, reason: .duplicateAssignment(keptOrganization: "NETWORK RESEARCH CORPORATION")),
            SkippedRow(file: path, line: 10, reason: .unsupportedRegistry("CID")),
            SkippedRow(file: path, line: 14, reason: .missingOrganization),
        ])
        XCTAssertEqual(registry.skippedRows.first?.description, "\(path):5: bad assignment '00ZZ11'")
    }

    func testAssignmentLengthMustMatchRegistry() throws {
        let path = try write("mixed.csv", """
            Registry,Assignment,Organization Name,Organization Address
            MA-L,4C4BF9A,Seven Digits In MA-L,Somewhere
            MA-S,4C4BF9,Six Digits In MA-S,Somewhere
            IAB,0050C27D5,DEUTA-WERKE GmbH,Bergisch-Gladbach

            """)
        let registry = try OUIRegistry(csvFiles: [path])
        XCTAssertEqual(registry.skippedRows.map(\.reason), [.badAssignment("4C4BF9A"), .badAssignment("4C4BF9")])
        XCTAssertEqual(registry.vendor(for: try mac("00:50:c2:7d:50:00")), "DEUTA-WERKE GmbH")
        XCTAssertNil(registry.vendor(for: try mac("4c:4b:f9:a0:00:01")))
    }

    func testDuplicatesAcrossFilesKeepTheFirstFile() throws {
        let first = try write("a.csv", "Registry,Assignment,Organization Name,Organization Address\nMA-S,70B3D5F2F,First,x\n")
        let second = try write("b.csv", "Registry,Assignment,Organization Name,Organization Address\nIAB,70B3D5F2F,Second,x\n")
        let registry = try OUIRegistry(csvFiles: [first, second])
        XCTAssertEqual(registry.vendor(for: try mac("70:b3:d5:f2:f0:00")), "First")
        XCTAssertEqual(registry.skippedRows, [SkippedRow(file: second, line: 2, reason: .duplicateAssignment(keptOrganization: "First"))])
    }

    func testDirectoryWithoutRegistriesNamesThePathAndThePackage() throws {
        XCTAssertThrowsError(try OUIRegistry(directory: directory.path, cacheDirectory: nil)) { error in
            let message = String(describing: error)
            XCTAssertTrue(message.contains(directory.appendingPathComponent("oui.csv").path), message)
            XCTAssertTrue(message.contains("ieee-data"), message)
        }
    }

    func testDirectoryWithSomeRegistriesLoadsThose() throws {
        let path = try write("mam.csv", "Registry,Assignment,Organization Name,Organization Address\nMA-M,9806375,GS GLOBAL SECURITY INC,x\n")
        let registry = try OUIRegistry(directory: directory.path, cacheDirectory: nil)
        XCTAssertEqual(registry.loadedFiles, [path])
        XCTAssertEqual(registry.vendor(for: try mac("98:06:37:50:00:00")), "GS GLOBAL SECURITY INC")
    }

    func testMissingFileIsAnError() throws {
        let path = directory.appendingPathComponent("absent.csv").path
        XCTAssertThrowsError(try OUIRegistry(csvFiles: [path])) { error in
            XCTAssertEqual(error as? OUIRegistryError, .fileNotFound(path: path))
        }
    }

    func testFileWithoutRegistryHeaderIsAnError() throws {
        let path = try write("hosts.csv", "ip,mac\n198.18.0.1,00:00:0c:00:00:01\n")
        XCTAssertThrowsError(try OUIRegistry(csvFiles: [path])) { error in
            XCTAssertEqual(error as? OUIRegistryError, .unexpectedHeader(path: path, header: ["ip", "mac"]))
        }
        let empty = try write("empty.csv", "")
        XCTAssertThrowsError(try OUIRegistry(csvFiles: [empty])) { error in
            XCTAssertTrue(String(describing: error).hasPrefix("\(empty) is not an IEEE registry CSV"), "\(error)")
            XCTAssertTrue(String(describing: error).hasSuffix("but the file is empty"), "\(error)")
        }
    }
}
