import Foundation
import XCTest

/// `census discover --pcap` on captures that hide their ARP or carry impossible senders: the
/// summary says so (Fixtures/pcap, tools/fixtures/make-arp-captures.py).
final class CaptureWarningsCLITests: XCTestCase {
    func fixture(_ name: String) -> String { CensusRunner.root.appendingPathComponent("Fixtures/pcap/\(name)").path }

    func testASnapLengthThatHidesARPIsNamedNotSilent() throws {
        let census = try CensusRunner()
        let result = try census(["discover", "--pcap", fixture("arp-snaplen-34.pcap"), "--format", "json", "--db", census.path("c.sqlite")])
        XCTAssertEqual(result.status, 0, result.stderr)
        let hosts = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [Any], result.stdout)
        XCTAssertTrue(hosts.isEmpty, result.stdout)
        XCTAssertTrue(result.stderr.contains("0 hosts"), result.stderr)
        XCTAssertTrue(result.stderr.contains("3 frames too short for ARP"), result.stderr)
        XCTAssertTrue(result.stderr.contains("snaplen 34"), result.stderr)
    }

    func testImpossibleSendersAreSkippedWithTheirReason() throws {
        let census = try CensusRunner()
        let result = try census(["discover", "--pcap", fixture("arp-impossible-senders.pcap"), "--format", "json", "--db", census.path("c.sqlite")])
        XCTAssertEqual(result.status, 0, result.stderr)
        let hosts = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [[String: Any]])
        XCTAssertEqual(hosts.map { $0["ip"] as? String }, ["198.18.0.30"])
        XCTAssertTrue(result.stderr.contains("8 malformed frames skipped"), result.stderr)
        XCTAssertTrue(result.stderr.contains("224.0.0.251 is a multicast address"), result.stderr)
    }
}
