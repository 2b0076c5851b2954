import CensusCore
import Foundation
import MACVendors
import XCTest

/// Lookups against the real IEEE registries from Debian's ieee-data (tools/setup/install-deps).
final class OUIRegistryTests: XCTestCase {
    /// Loaded once: every test here reads the same files.
    private static let registry = Result { try OUIRegistry(cacheDirectory: nil) }

    private func loadRegistry() throws -> OUIRegistry {
        do { return try Self.registry.get() } catch {
            XCTFail("cannot load the IEEE registries (run tools/setup/install-deps): \(error)")
            throw error
        }
    }

    private func mac(_ text: String) throws -> MACAddress {
        try XCTUnwrap(MACAddress(text), "test MAC '\(text)' does not parse")
    }

    func testLoadsAllFourRegistryFiles() throws {
        let registry = try loadRegistry()
        XCTAssertEqual(registry.loadedFiles.map { URL(fileURLWithPath: $0).lastPathComponent }, OUIRegistry.registryFileNames)
        XCTAssertGreaterThan(registry.prefixCount, 40_000)
        // The IEEE files are well formed; the only rows ignored are re-issued MA-L blocks.
        let unexpected = registry.skippedRows.filter {
            if case .duplicateAssignment = $0.reason { return false } else { return true }
        }
        XCTAssertEqual(unexpected, [], "unexpected skipped rows: \(unexpected.map(\.description))")
    }

    func testMALPrefix() throws {
        let registry = try loadRegistry()
        XCTAssertEqual(registry.vendor(for: try mac("00:00:0c:12:34:56")), "Cisco Systems, Inc")
        XCTAssertEqual(registry.classify(try mac("00:1b:21:3a:4f:5c")), .universal(vendor: "Intel Corporate"))
    }

    func testMAMBlockWinsOverRegistrationAuthorityMAL() throws {
        let registry = try loadRegistry()
        // 98:06:37 is an "IEEE Registration Authority" MA-L; 98:06:37:5 is an MA-M inside it.
        XCTAssertEqual(registry.vendor(for: try mac("98:06:37:5a:bc:de")), "GS GLOBAL SECURITY INC")
        // 98:06:37:f is not sub-assigned, so the MA-L holder is all that is known.
        XCTAssertEqual(registry.vendor(for: try mac("98:06:37:fa:bc:de")), "IEEE Registration Authority")
    }

    func testMASBlockWinsOverRegistrationAuthorityMAL() throws {
        let registry = try loadRegistry()
        // 70:b3:d5 is an "IEEE Registration Authority" MA-L; 70:b3:d5:f2:f is an MA-S inside it.
        XCTAssertEqual(registry.vendor(for: try mac("70:b3:d5:f2:f1:23")), "TELEPLATFORMS")
        XCTAssertEqual(registry.vendor(for: try mac("70:b3:d5:f2:01:23")), "IEEE Registration Authority")
    }

    func testIABBlock() throws {
        let registry = try loadRegistry()
        XCTAssertEqual(registry.vendor(for: try mac("00:50:c2:7d:51:00")), "DEUTA-WERKE GmbH")
    }

    func testOrganisationNamesAreTrimmed() throws {
        let registry = try loadRegistry()
        // oui36.csv has "RCH ITALIA SPA " with a trailing space.
        XCTAssertEqual(registry.vendor(for: try mac("70:b3:d5:a3:41:00")), "RCH ITALIA SPA")
    }

    func testLocallyAdministeredAddressesHaveNoVendor() throws {
        let registry = try loadRegistry()
        for text in ["02:00:00:00:00:01", "da:a1:19:5e:00:42", "02:42:ac:11:00:02"] {
            XCTAssertNil(registry.vendor(for: try mac(text)), text)
            XCTAssertEqual(registry.classify(try mac(text)), .locallyAdministered, text)
        }
        // 02:c0:8c is registered (to 3COM), yet the locally administered bit makes it meaningless.
        XCTAssertNil(registry.vendor(for: try mac("02:c0:8c:00:00:01")))
    }

    func testMulticastAddressesHaveNoVendor() throws {
        let registry = try loadRegistry()
        // 01:00:0c is Cisco's prefix with the group bit set (CDP); 33:33 is IPv6 multicast.
        for text in ["01:00:5e:00:00:fb", "01:00:0c:cc:cc:cc", "33:33:00:00:00:01", "ff:ff:ff:ff:ff:ff"] {
            XCTAssertNil(registry.vendor(for: try mac(text)), text)
            XCTAssertEqual(registry.classify(try mac(text)), .multicast, text)
        }
    }

    func testUnknownUniversalPrefix() throws {
        let registry = try loadRegistry()
        XCTAssertNil(registry.vendor(for: try mac("00:ff:ff:12:34:56")))
        XCTAssertEqual(registry.classify(try mac("00:ff:ff:12:34:56")), .universal(vendor: nil))
    }

    func testLoadTime() throws {
        let clock = ContinuousClock()
        var registry: OUIRegistry?
        let elapsed = try clock.measure { registry = try OUIRegistry(cacheDirectory: nil) }
        print("OUIRegistry: loaded \(registry?.prefixCount ?? 0) prefixes from \(registry?.loadedFiles.count ?? 0) files in \(elapsed)")
        XCTAssertEqual(registry?.prefixCount, try loadRegistry().prefixCount, "loading twice gives the same registry")
        // About 0.5 s in a debug build and 0.16 s in release on a 2-vCPU VM: this catches only gross regressions.
        XCTAssertLessThan(elapsed, .seconds(3))
    }
}
