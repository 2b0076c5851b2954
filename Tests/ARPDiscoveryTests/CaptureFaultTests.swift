@testable import ARPDiscovery
import CensusCore
import PacketCapture
import XCTest

/// Captures that hide their ARP (a snap length too short) and ARP whose sender no host can be
/// (Fixtures/pcap, written by tools/fixtures/make-arp-captures.py).
final class CaptureFaultTests: XCTestCase {
    func testSnapLengthThatCutsTheARPPayloadIsCountedWithTheSnapLength() throws {
        let (report, truncation) = try ARPListener.hosts(inCaptureFile: Fixture.path("arp-snaplen-34.pcap"))
        XCTAssertNil(truncation)
        XCTAssertEqual(report.hosts.count, 0)
        XCTAssertEqual(report.framesCutBySnapshotLength, 3, "three ARP frames cut; the IPv4 frame is just not ARP")
        XCTAssertEqual(report.snapshotLength, 34)
        XCTAssertEqual(report.malformed.count, 0, "cut by the capture, not broken on the wire")
        let note = try XCTUnwrap(report.snapshotLengthNote)
        XCTAssertTrue(note.contains("3 frames too short for ARP") && note.contains("snaplen 34"), note)
    }

    func testSnapLengthThatHidesEvenTheEtherType() throws {
        let (report, _) = try ARPListener.hosts(inCaptureFile: Fixture.path("arp-snaplen-12.pcap"))
        XCTAssertEqual(report.hosts.count, 0)
        XCTAssertEqual(report.framesCutBySnapshotLength, 4, "cannot tell ARP from the rest: all four count")
        XCTAssertEqual(report.snapshotLength, 12)
    }

    func testAFullCaptureReportsNoCutFrames() throws {
        let (report, _) = try ARPListener.hosts(inCaptureFile: Fixture.path("arp-mixed.pcap"))
        XCTAssertEqual(report.framesCutBySnapshotLength, 0)
        XCTAssertEqual(report.snapshotLength, 65535)
        XCTAssertNil(report.snapshotLengthNote)
    }

    func testImpossibleSendersAreMalformedNeverHosts() throws {
        let (report, _) = try ARPListener.hosts(inCaptureFile: Fixture.path("arp-impossible-senders.pcap"))
        XCTAssertEqual(report.hosts.observations.map { "\($0.ip) \($0.mac)" }, ["198.18.0.30 00:14:22:00:00:1e"])
        XCTAssertEqual(report.malformed.count, 8, "\(report.malformed.examples)")
        XCTAssertEqual(report.malformed.reasons, ["impossible sender": 8])
        let examples = report.malformed.examples.joined(separator: "\n")
        for word in ["0.0.0.7", "224.0.0.251 is a multicast", "255.255.255.255 is the broadcast", "127.0.0.1 is a loopback", "240.0.0.1 is reserved"] {
            XCTAssertTrue(examples.contains(word), "\(word) in \(examples)")
        }
    }

    func testSenderProblems() {
        func packet(_ mac: UInt64, _ ip: IPv4Address) -> ARPPacket {
            ARPPacket(operation: .reply, senderMAC: MACAddress(mac), senderIP: ip, targetIP: IPv4Address(198, 18, 0, 1))
        }
        XCTAssertNil(packet(0x0000_0C00_0001, IPv4Address(198, 18, 0, 5)).senderProblem)
        XCTAssertNil(packet(0x0000_0C00_0001, IPv4Address(169, 254, 3, 4)).senderProblem, "link-local hosts exist")
        XCTAssertNil(packet(0x0000_0C00_0001, .any).senderProblem, "a probe is no host, and nothing wrong")
        XCTAssertNil(packet(0x0000_0C00_0001, .any).announcedHost)
        XCTAssertNotNil(packet(0x0000_0C00_0001, IPv4Address(0, 0, 0, 1)).senderProblem)
        XCTAssertNotNil(packet(0, IPv4Address(198, 18, 0, 5)).senderProblem)
        XCTAssertNotNil(packet(0x0100_5E00_0001, IPv4Address(198, 18, 0, 5)).senderProblem)
        XCTAssertNotNil(packet(0x0000_0C00_0001, IPv4Address(239, 255, 255, 250)).senderProblem)
        XCTAssertNil(packet(0x0000_0C00_0001, IPv4Address(239, 255, 255, 250)).announcedHost)
    }
}
