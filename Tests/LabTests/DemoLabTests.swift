import Foundation
import XCTest

/// The README's main command, end to end: `tools/demo` scans the two-site demo client,
/// reconciles it against Fixtures/demo/contract.csv and writes both reports; their figures are
/// the ones `census reconcile` and `census lifecycle show` give for the same store.
final class DemoLabTests: XCTestCase {
    func testTheDemoWritesReportsWhoseFiguresMatchReconcileAndLifecycleShow() throws {
        let out = FileManager.default.temporaryDirectory.appendingPathComponent("census-demo-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: out) }
        let demo = try Lab.run(["CENSUS_BIN=\(Lab.census)", "CENSUS_DEMO_LAB=cdemot", Lab.root.appendingPathComponent("tools/demo").path,
                                "--no-setup", "--out", out.path])
        XCTAssertEqual(demo.status, 0, demo.stderr)
        XCTAssertTrue(demo.stdout.contains("Pricing report:   \(out.path)/pricing.html"), demo.stdout)
        func json(_ name: String) throws -> Any { try JSONSerialization.jsonObject(with: Data(contentsOf: out.appendingPathComponent(name))) }
        let reconcile = try XCTUnwrap(try json("reconcile.json") as? [String: Any])
        let pricing = try XCTUnwrap(try json("pricing.json") as? [String: Any])
        let summary = try XCTUnwrap(reconcile["summary"] as? [String: Any])
        let counts = try XCTUnwrap(summary["counts"] as? [String: Int])
        // Every kind the demo contract plants.
        for kind in ["matched", "unbilled", "review", "missing", "not_covered", "mismatch", "unsupported", "duplicate"] {
            XCTAssertGreaterThan(counts[kind] ?? 0, 0, "the demo shows no \(kind) finding")
        }
        func amount(_ any: Any?) -> Decimal { Decimal(string: "\(any ?? "nil")") ?? -999_999 }
        XCTAssertEqual(amount(pricing["difference_monthly"]), amount(summary["unbilled_monthly"]) - amount(summary["overbilled_monthly"]))
        XCTAssertEqual(amount(pricing["difference_monthly"]), amount(pricing["due_monthly"]) - amount(pricing["billed_monthly"]))
        XCTAssertEqual(amount(summary["unbilled_monthly"]), 35, "the NetApp (30.00) and the access point (5.00)")

        let lifecycle = try XCTUnwrap(try json("lifecycle.json") as? [String: Any])
        let shown = try XCTUnwrap(try json("lifecycle-show.json") as? [[String: Any]])
        let reportStatus = Dictionary(uniqueKeysWithValues: (lifecycle["devices"] as? [[String: Any]] ?? []).map {
            (($0["device"] as? [String: Any])?["id"] as? Int ?? -1, $0["status"] as? String ?? "")
        })
        let showStatus = Dictionary(uniqueKeysWithValues: shown.map { (($0["device"] as? [String: Any])?["id"] as? Int ?? -1, $0["status"] as? String ?? "") })
        XCTAssertEqual(reportStatus, showStatus, "the lifecycle report judges every device as lifecycle show does")
        XCTAssertEqual(reportStatus.values.filter { $0 == "past_eol" }.count, 3, "the Catalyst 3560, Windows Server 2003 and PAN-OS 8.0")
        // The Windows server names no maker over SNMP: its network card's (Dell, host 3 of the lab) is the one shown.
        let windows = (lifecycle["devices"] as? [[String: Any]] ?? []).compactMap { $0["device"] as? [String: Any] }
            .first { ($0["os"] as? String)?.contains("Windows") == true }
        XCTAssertEqual(windows?["vendor"] as? String, "Dell", "\(windows ?? [:])")

        for name in ["pricing.html", "lifecycle.html", "pricing.csv", "lifecycle.csv"] {
            let size = (try? FileManager.default.attributesOfItem(atPath: out.appendingPathComponent(name).path)[.size] as? Int) ?? 0
            XCTAssertGreaterThan(size, 500, "\(name) missing or empty")
        }
        let html = try String(contentsOf: out.appendingPathComponent("pricing.html"), encoding: .utf8)
        XCTAssertTrue(html.contains("Pricing review: Acme Dental"))
    }
}
