import Foundation
import NetSNMP
import XCTest

final class SNMPLibraryTests: XCTestCase {
    func testInitialisesWithItsOwnDirectories() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("census-snmp-\(UUID().uuidString)/persist").path
        let config = try SNMPLibrary.initialise(.init(persistentDirectory: dir, mibDirectories: ["/nonexistent/mibs"]))
        XCTAssertTrue(SNMPLibrary.isInitialised)
        XCTAssertEqual(config.persistentDirectory, dir)
        var isDirectory: ObjCBool = false
        XCTAssertTrue(FileManager.default.fileExists(atPath: dir, isDirectory: &isDirectory) && isDirectory.boolValue)
        let mode = try FileManager.default.attributesOfItem(atPath: dir)[.posixPermissions] as? Int
        XCTAssertEqual(mode, 0o700, "net-snmp's persistent state is private")
        // A second initialisation keeps the first configuration.
        let again = try SNMPLibrary.initialise(.init(persistentDirectory: "/tmp/other"))
        XCTAssertEqual(again.persistentDirectory, dir)
        XCTAssertTrue(SNMPLibrary.version.hasPrefix("5."), SNMPLibrary.version)
    }
}
