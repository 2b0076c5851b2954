import CensusCore
import Foundation
import MACVendors
import XCTest

/// The parsed registries kept between runs: the same answers as parsing, and never stale,
/// foreign or damaged data.
final class RegistryCacheTests: RegistryFolderTestCase {
    private var cache: String { directory.appendingPathComponent("cache").path }

    private func cacheFiles() throws -> [String] {
        (try? FileManager.default.contentsOfDirectory(atPath: cache))?.filter { $0.hasSuffix(".bin") } ?? []
    }

    func testTheRealRegistriesFromTheCacheAnswerAsParsed() throws {
        let parsed = try OUIRegistry(cacheDirectory: nil)
        let first = try OUIRegistry(cacheDirectory: cache)     // parses, writes the cache
        XCTAssertEqual(try cacheFiles().count, 1)
        let cached = try OUIRegistry(cacheDirectory: cache)    // reads it
        XCTAssertEqual(cached.prefixCount, parsed.prefixCount)
        XCTAssertEqual(first.prefixCount, parsed.prefixCount)
        XCTAssertEqual(cached.skippedRows, parsed.skippedRows)
        XCTAssertEqual(cached.loadedFiles, parsed.loadedFiles)
        for text in ["00:00:0c:12:34:56", "98:06:37:5a:bc:de", "98:06:37:fa:bc:de", "70:b3:d5:f2:f1:23", "00:50:c2:7d:51:00",
                     "00:ff:ff:12:34:56", "02:00:00:00:00:01", "01:00:5e:00:00:01"] {
            XCTAssertEqual(cached.classify(try mac(text)), parsed.classify(try mac(text)), text)
        }
    }

    func testAChangedRegistryFileIsParsedAgain() throws {
        let path = try write("oui.csv", "Registry,Assignment,Organization Name,Organization Address\nMA-L,00000C,Old Name,Somewhere\n")
        XCTAssertEqual(try OUIRegistry(csvFiles: [path], cacheDirectory: cache).vendor(for: try mac("00:00:0c:00:00:01")), "Old Name")
        // Rewritten with other contents (and another size): the cached parse no longer applies.
        _ = try write("oui.csv", "Registry,Assignment,Organization Name,Organization Address\nMA-L,00000C,A New Name,Somewhere\nMA-L,00000D,Other,There\n")
        let registry = try OUIRegistry(csvFiles: [path], cacheDirectory: cache)
        XCTAssertEqual(registry.vendor(for: try mac("00:00:0c:00:00:01")), "A New Name")
        XCTAssertEqual(registry.prefixCount, 2)
        XCTAssertEqual(try cacheFiles().count, 1, "the cache of the old file is removed")
    }

    func testADamagedCacheFileIsIgnoredAndReplaced() throws {
        let path = try write("oui.csv", "Registry,Assignment,Organization Name,Organization Address\nMA-L,00000C,Cisco,San Jose\nMA-L,00000C,Again,Twice\n")
        _ = try OUIRegistry(csvFiles: [path], cacheDirectory: cache)
        let file = cache + "/" + (try XCTUnwrap(try cacheFiles().first))
        let whole = try XCTUnwrap(FileManager.default.contents(atPath: file))
        for damaged in [whole.prefix(whole.count - 3), Data("not a cache".utf8), Data(), whole + Data([0])] {
            XCTAssertTrue(FileManager.default.createFile(atPath: file, contents: damaged))
            let registry = try OUIRegistry(csvFiles: [path], cacheDirectory: cache)
            XCTAssertEqual(registry.vendor(for: try mac("00:00:0c:00:00:01")), "Cisco")
            XCTAssertEqual(registry.skippedRows.map(\.reason), [.duplicateAssignment(keptOrganization: "Cisco")])
            XCTAssertEqual(FileManager.default.contents(atPath: file), whole, "the damaged file is rewritten")
        }
    }

    func testACacheFolderThatCannotBeWrittenOnlyMeansParsing() throws {
        let path = try write("oui.csv", "Registry,Assignment,Organization Name,Organization Address\nMA-L,00000C,Cisco,San Jose\n")
        let blocked = try write("not-a-folder", "a file where the cache folder would be")
        let registry = try OUIRegistry(csvFiles: [path], cacheDirectory: blocked + "/census")
        XCTAssertEqual(registry.vendor(for: try mac("00:00:0c:00:00:01")), "Cisco")
    }
}
