import CensusCore
import Foundation
import PacketCapture
import XCTest

/// libpcap through the wrapper. Nothing here sends a frame: live sending is tested only in the
/// namespace lab (LabTests).
final class PacketCaptureTests: XCTestCase {
    let fixture = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Fixtures/pcap/arp-mixed.pcap").path

    func testReadsEveryFrameOfACaptureFile() throws {
        let file = try CaptureFile(path: fixture)
        XCTAssertEqual(file.linkType, .ethernet)
        var lengths: [Int] = []
        var stamps: [Double] = []
        try file.forEachFrame { frame in
            lengths.append(frame.bytes.count)
            stamps.append(frame.timestamp)
        }
        XCTAssertEqual(lengths.count, 11)
        XCTAssertEqual(lengths[5], 34, "the truncated ARP frame keeps its captured length")
        XCTAssertEqual(lengths[9], 10, "the runt")
        XCTAssertEqual(stamps[1], 1_700_000_001.001, accuracy: 1e-6)
    }

    func testSnapshotLengthAndCutFramesOfACaptureFile() throws {
        XCTAssertEqual(try CaptureFile(path: fixture).snapshotLength, 65535)
        let cut = try CaptureFile(path: fixture.replacingOccurrences(of: "arp-mixed.pcap", with: "arp-snaplen-34.pcap"))
        XCTAssertEqual(cut.snapshotLength, 34)
        var frames: [(kept: Int, wire: Int)] = []
        try cut.forEachFrame { frames.append(($0.bytes.count, $0.wireLength)) }
        XCTAssertEqual(frames.map(\.kept), [34, 34, 34, 34])
        XCTAssertEqual(frames.map(\.wire), [60, 60, 60, 60], "the wire length tells a cut frame")
    }

    func testCaptureFileErrorsNameTheFile() {
        XCTAssertThrowsError(try CaptureFile(path: "/nonexistent.pcap")) { error in
            guard case .badCaptureFile(let path, _) = error as? CaptureError else { return XCTFail("\(error)") }
            XCTAssertEqual(path, "/nonexistent.pcap")
        }
    }

    func testLoopbackIsListedWithItsAddress() throws {
        let lo = try NetworkInterface.named("lo")
        XCTAssertTrue(lo.isLoopback)
        XCTAssertTrue(lo.isUp)
        XCTAssertTrue(lo.addresses.contains { $0.address == IPv4Address(127, 0, 0, 1) && $0.subnet.prefixLength == 8 }, "\(lo.addresses)")
        XCTAssertEqual(lo.sourceAddress(toward: IPv4Address(127, 0, 0, 9)), IPv4Address(127, 0, 0, 1))
    }

    func testMissingInterfaceIsATypedError() {
        XCTAssertThrowsError(try NetworkInterface.named("nosuch0")) { error in
            XCTAssertEqual(error as? CaptureError, .noSuchInterface("nosuch0"))
        }
        XCTAssertThrowsError(try LiveCapture(interface: "nosuch0")) { error in
            XCTAssertEqual(error as? CaptureError, .noSuchInterface("nosuch0"))
            XCTAssertEqual("\(error)", "no such interface: nosuch0")
        }
    }

    func testBadFilterIsReported() throws {
        // Opening a capture on loopback only listens; no frame leaves the machine.
        let capture = try LiveCapture(interface: "lo")
        XCTAssertThrowsError(try capture.setFilter("arp and and")) { error in
            guard case .badFilter(let expression, let message) = error as? CaptureError else { return XCTFail("\(error)") }
            XCTAssertEqual(expression, "arp and and")
            XCTAssertFalse(message.isEmpty)
        }
        XCTAssertNoThrow(try capture.setFilter("arp"))
        XCTAssertFalse(capture.waitForFrames(timeout: .milliseconds(20)), "no ARP on loopback")
    }
}
