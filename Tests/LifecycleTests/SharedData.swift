import CensusCore
import Foundation
@testable import Lifecycle
import XCTest

/// The reference data beside the checkout (../shared), else $CENSUS_SHARED, else /work/shared.
enum SharedData {
    static let root: URL = {
        let beside = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("shared")
        let candidates = [beside.path, ProcessInfo.processInfo.environment["CENSUS_SHARED"], "/work/shared"].compactMap { $0 }
        let root = candidates.first { FileManager.default.fileExists(atPath: $0 + "/data/endoflife") } ?? beside.path
        return URL(fileURLWithPath: root)
    }()

    static var endOfLifeFolder: URL { root.appendingPathComponent("data/endoflife") }

    /// The shared endoflife.date files, or a test failure (never a skip) when they are missing.
    static func endOfLifeFiles(file: StaticString = #filePath, line: UInt = #line) throws -> [URL] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: endOfLifeFolder.path)) ?? []
        let files = names.filter { $0.hasSuffix(".json") }.sorted().map { endOfLifeFolder.appendingPathComponent($0) }
        if files.isEmpty {
            XCTFail("reference data not found at \(endOfLifeFolder.path) (../shared beside the checkout, $CENSUS_SHARED or /work/shared)", file: file, line: line)
            throw CocoaError(.fileNoSuchFile)
        }
        return files
    }

    /// Every shared product, as a snapshot taken on 2026-11-30.
    static func lifecycles() throws -> SoftwareLifecycles {
        _ = try endOfLifeFiles()
        return try SoftwareLifecycles.load(productFiles: endOfLifeFolder.path, fetched: day("2026-11-30"))
    }
}

/// A test case with a fresh folder of its own for each test (`temporary`), removed afterwards.
class TemporaryFolderTestCase: XCTestCase {
    var temporary: URL!

    override func setUpWithError() throws {
        temporary = FileManager.default.temporaryDirectory.appendingPathComponent("census-lifecycle-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: temporary, withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws {
        try? FileManager.default.removeItem(at: temporary)
    }
}

func day(_ text: String) -> CalendarDate { CalendarDate(iso: text)! }
