import CensusCore
import Foundation
import PacketCapture

/// Finds hosts without sending anything: from the ARP traffic on a live interface
/// (requests, replies and gratuitous announcements) or in a capture file.
public enum ARPListener {
    /// Listens on `capture` for `duration`, or until stopped.
    /// - Parameter ranges: when not empty, only hosts inside these ranges are kept.
    public static func listen(
        on capture: LiveCapture, for duration: Duration, ranges: [IPv4Network] = [],
        stop: StopSignal = StopSignal(), progress: ((Int, Duration) -> Void)? = nil
    ) throws(DiscoveryError) -> DiscoveryReport {
        let clock = MonotonicClock()
        let end = clock.start + UInt64(duration.seconds * 1e9)
        var reader = ARPFrameReader(linkType: capture.linkType)
        var hosts = ObservationSet()
        var lastProgress = clock.start
        do throws(CaptureError) {
            try capture.setFilter("arp")
            while !stop.isStopped, clock.now < end {
                let remaining = end - clock.now
                if capture.waitForFrames(timeout: .nanoseconds(Int64(min(remaining, 100_000_000)))) {
                    try capture.drain { frame in
                        record(reader.packet(in: frame), at: frame.timestamp, as: .passive, ranges: ranges, into: &hosts)
                    }
                }
                if let progress, clock.now - lastProgress >= 500_000_000 {
                    lastProgress = clock.now
                    progress(hosts.count, clock.elapsed(since: clock.start))
                }
            }
        } catch {
            throw .capture(error)
        }
        return DiscoveryReport(
            hosts: hosts, requestsSent: 0, unanswered: [], malformed: reader.malformed,
            droppedFrames: capture.statistics.dropped, elapsed: clock.elapsed(since: clock.start),
            interrupted: stop.isStopped, smoothedRoundTrip: nil,
            framesCutBySnapshotLength: reader.cutBySnapshotLength, snapshotLength: capture.snapshotLength)
    }

    /// Every host announced by ARP in a pcap or pcapng file. Broken frames, and ARP whose sender
    /// no host can be, are counted in the report's `malformed`; frames the capture's snapshot
    /// length cut too short to read in `framesCutBySnapshotLength` (with `snapshotLength`); a file
    /// cut short keeps the hosts read before the cut and is reported through `truncation`.
    public static func hosts(inCaptureFile path: String, ranges: [IPv4Network] = []) throws(DiscoveryError) -> (report: DiscoveryReport, truncation: String?) {
        let clock = MonotonicClock()
        let file: CaptureFile
        do throws(CaptureError) { file = try CaptureFile(path: path) } catch { throw .capture(error) }
        var reader = ARPFrameReader(linkType: file.linkType)
        if case .other = file.linkType { throw .capture(.badCaptureFile(path: path, message: "unsupported link type \(file.linkType); Ethernet and Linux cooked captures are read")) }
        var hosts = ObservationSet()
        var truncation: String?
        do throws(CaptureError) {
            try file.forEachFrame { frame in
                record(reader.packet(in: frame), at: frame.timestamp, as: .captureFile, ranges: ranges, into: &hosts)
            }
        } catch {
            truncation = error.description
        }
        let report = DiscoveryReport(
            hosts: hosts, requestsSent: 0, unanswered: [], malformed: reader.malformed, droppedFrames: 0,
            elapsed: clock.elapsed(since: clock.start), interrupted: false, smoothedRoundTrip: nil,
            framesCutBySnapshotLength: reader.cutBySnapshotLength, snapshotLength: file.snapshotLength)
        return (report, truncation)
    }

    private static func record(_ packet: ARPPacket?, at timestamp: Double, as method: DiscoveryMethod,
                               ranges: [IPv4Network], into hosts: inout ObservationSet) {
        guard let host = packet?.announcedHost else { return }
        guard ranges.isEmpty || ranges.contains(where: { $0.contains(host.ip) }) else { return }
        hosts.record(HostObservation(ip: host.ip, mac: host.mac, seenBy: [method], firstSeen: Date(unixSeconds: timestamp)))
    }
}
