// Capture files (pcap/pcapng) read for hosts, as `census discover --pcap FILE` does.
import ARPDiscovery
import Foundation

private let path: String = {
    let dir = FileManager.default.fileExists(atPath: "/dev/shm") ? "/dev/shm" : NSTemporaryDirectory()
    return "\(dir)/census-fuzz-pcap-\(getpid()).pcap"
}()

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    guard FileManager.default.createFile(atPath: path, contents: Data(bytes: data, count: size)) else { return 0 }
    do {
        let (report, truncation) = try ARPListener.hosts(inCaptureFile: path)
        _ = (report.hosts.count, report.hosts.conflicts, report.malformed.examples, report.snapshotLengthNote, truncation)
        for host in report.hosts.observations { _ = host.ip.description + host.mac.description }
    } catch {
        _ = error.description
    }
    return 0
}
