import CensusCore
import Foundation
@testable import Lifecycle
import XCTest

final class SoftwareLifecyclesTests: TemporaryFolderTestCase {

    /// The one test that reads the shipped copy: it is the shared data of the mapped products, each
    /// with its fetch day and the licence beside it, and it judges with no network and no store.
    func testTheShippedSnapshotJudgesOffline() throws {
        let builtIn = try SoftwareLifecycles.builtIn()
        let shared = try SharedData.lifecycles()
        XCTAssertEqual(builtIn.products.keys.sorted(), [
            "cisco-ios-xe", "debian", "fortios", "macos", "netapp-ontap", "pan-os", "proxmox-ve", "rhel", "ubuntu",
            "vmware-esxi", "windows", "windows-server",
        ])
        for (name, product) in builtIn.products {
            XCTAssertEqual(product.cycles, shared[name]?.cycles, name)
            XCTAssertEqual(product.origin, .snapshot(day("2026-11-30")))
            XCTAssertTrue(SoftwareMapping.endOfLifeDateProducts.contains(name), "\(name) is shipped but not mapped")
        }
        for name in SoftwareMapping.unpublishedProducts { XCTAssertNil(builtIn[name], "\(name) has no endoflife.date data to ship") }
        let notice = try String(contentsOfFile: try bundledDataFolder("endoflife") + "/NOTICE", encoding: .utf8)
        XCTAssertTrue(notice.contains("Copyright 2020 endoflife.date contributors"))
        XCTAssertTrue(notice.contains("Permission is hereby granted, free of charge"))

        let judge = LifecycleJudge(software: builtIn, hardware: try HardwareCatalog.builtIn())
        let fortigate = judge.judge(Identification(vendor: "Fortinet", model: "FortiGate-60F", class: .firewall, os: "FortiOS", version: "7.2.5"),
                                    asOf: day("2026-11-30"))
        XCTAssertEqual(fortigate.software.cycle, "7.2")
        XCTAssertEqual(fortigate.software.status, .pastEOL)
        XCTAssertEqual(fortigate.software.source, "endoflife.date snapshot 2026-11-30")

        // What the user imported replaces only its product.
        let newer = [SoftwareCycle(cycle: "7.2", eol: .on(day("2027-03-31")))]
        let library = try SoftwareLifecycles.builtIn(imported: ["fortios": (cycles: newer, fetchedAt: day("2026-11-20"))])
        XCTAssertEqual(library["fortios"]?.cycles, newer)
        XCTAssertEqual(library["fortios"]?.origin.description, "imported 2026-11-20")
        XCTAssertEqual(library["pan-os"]?.origin, .snapshot(day("2026-11-30")))
    }

    func testCycleNamesMatchWithoutRegardToCase() throws {
        let windowsServer = try XCTUnwrap(SharedData.lifecycles()["windows-server"])
        XCTAssertEqual(windowsServer.cycle(named: "2012-R2")?.cycle, "2012-r2")
        XCTAssertNil(windowsServer.cycle(named: "2012 R2"))
    }

    /// A snapshot folder made of shared files, with a manifest.
    func snapshot(_ manifest: String, products: [String]) throws -> String {
        let folder = temporary.appendingPathComponent(UUID().uuidString)
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        for name in products {
            try FileManager.default.copyItem(at: SharedData.endOfLifeFolder.appendingPathComponent("\(name).json"),
                                             to: folder.appendingPathComponent("\(name).json"))
        }
        try manifest.write(to: folder.appendingPathComponent("snapshot.yaml"), atomically: true, encoding: .utf8)
        return folder.path
    }

    func testEachProductCarriesItsOwnFetchDay() throws {
        let folder = try snapshot("fetched: 2026-12-02\nproducts:\n  fortios: 2026-12-02\n  pan-os: 2026-11-30\n", products: ["fortios", "pan-os"])
        let library = try SoftwareLifecycles.load(folder: folder)
        XCTAssertEqual(library["fortios"]?.origin, .snapshot(day("2026-12-02")))
        XCTAssertEqual(library["pan-os"]?.origin.description, "endoflife.date snapshot 2026-11-30")
        // Without `products:` every file has the snapshot's day.
        let plain = try SoftwareLifecycles.load(folder: try snapshot("fetched: 2026-11-29\n", products: ["fortios"]))
        XCTAssertEqual(plain["fortios"]?.origin, .snapshot(day("2026-11-29")))
    }

    func testAManifestThatDoesNotMatchItsFilesIsRefused() throws {
        func error(_ manifest: String, _ products: [String]) throws -> String {
            let folder = try snapshot(manifest, products: products)
            do { _ = try SoftwareLifecycles.load(folder: folder); return "no error" } catch {
                return "\(error)".replacingOccurrences(of: folder + "/", with: "")
            }
        }
        XCTAssertEqual(try error("fetched: 2026-11-30\nproducts:\n  fortios: 2026-11-30\n", ["fortios", "pan-os"]),
                       "snapshot.yaml: products: pan-os.json has no fetch day")
        XCTAssertEqual(try error("fetched: 2026-11-30\nproducts:\n  fortios: 2026-11-30\n  rhel: 2026-11-30\n", ["fortios"]),
                       "snapshot.yaml: products: rhel is listed but rhel.json is missing")
        XCTAssertTrue(try error("fetched: 2026-11-30\nproducts:\n  fortios: 30.11.2026\n", ["fortios"])
            .contains("products.fortios: expected a date YYYY-MM-DD"))
    }

    /// tools/lifecycle/refresh-snapshot, from the shared folder into a copy of the shipped snapshot:
    /// the product it refreshed gets the new day, the others keep theirs, and Census reads the result.
    func testTheRefreshScriptRecordsTheDayOfEachProduct() throws {
        let repo = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let copy = temporary.appendingPathComponent("snapshot")
        try FileManager.default.copyItem(atPath: try bundledDataFolder("endoflife"), toPath: copy.path)
        func run(_ arguments: [String]) throws -> (status: Int32, stderr: String) {
            let process = Process()
            process.executableURL = repo.appendingPathComponent("tools/lifecycle/refresh-snapshot")
            process.arguments = arguments
            let stderr = Pipe()
            process.standardError = stderr
            process.standardOutput = FileHandle.nullDevice
            try process.run()
            let text = String(decoding: stderr.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            process.waitUntilExit()
            return (process.terminationStatus, text)
        }
        let refreshed = try run(["--from", SharedData.endOfLifeFolder.path, "--fetched", "2026-12-01", "--into", copy.path, "fortios"])
        XCTAssertEqual(refreshed.status, 0, refreshed.stderr)
        let library = try SoftwareLifecycles.load(folder: copy.path)
        XCTAssertEqual(library["fortios"]?.origin, .snapshot(day("2026-12-01")))
        XCTAssertEqual(library["pan-os"]?.origin, .snapshot(day("2026-11-30")))
        XCTAssertEqual(library.products.count, 12)
        let manifest = try String(contentsOf: copy.appendingPathComponent("snapshot.yaml"), encoding: .utf8)
        XCTAssertTrue(manifest.contains("\nfetched: 2026-12-01\n"), manifest)

        // A product the folder lacks keeps what it had, and is named; a folder needs its fetch day.
        let missing = try run(["--from", SharedData.endOfLifeFolder.path, "--fetched", "2026-12-03", "--into", copy.path, "synology-dsm"])
        XCTAssertEqual(missing.status, 1)
        XCTAssertTrue(missing.stderr.contains("synology-dsm (not in \(SharedData.endOfLifeFolder.path))"), missing.stderr)
        XCTAssertEqual(try run(["--from", SharedData.endOfLifeFolder.path, "--into", copy.path]).status, 2)
        XCTAssertEqual(try SoftwareLifecycles.load(folder: copy.path)["fortios"]?.origin, .snapshot(day("2026-12-01")))
    }
}
