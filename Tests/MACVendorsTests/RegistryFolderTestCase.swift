import CensusCore
import Foundation
import XCTest

/// A test case with a fresh folder of its own for the registry files it writes.
class RegistryFolderTestCase: XCTestCase {
    var directory: URL!

    override func setUpWithError() throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("census-oui-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws {
        try FileManager.default.removeItem(at: directory)
    }

    /// Writes `contents` to `name` in the folder; returns its path.
    func write(_ name: String, _ contents: String) throws -> String {
        let url = directory.appendingPathComponent(name)
        try contents.write(to: url, atomically: true, encoding: .utf8)
        return url.path
    }

    func mac(_ text: String) throws -> MACAddress {
        try XCTUnwrap(MACAddress(text), "test MAC '\(text)' does not parse")
    }
}
