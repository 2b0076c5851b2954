internal import CPcap

/// Reads frames from a pcap or pcapng file, such as a capture taken on site.
public final class CaptureFile {
    public let path: String
    private let handle: PcapHandle

    public init(path: String) throws(CaptureError) {
        var errbuf = [CChar](repeating: 0, count: Int(PCAP_ERRBUF_SIZE))
        guard let pointer = pcap_open_offline(path, &errbuf) else {
            throw .badCaptureFile(path: path, message: String(errorBuffer: errbuf))
        }
        self.path = path
        handle = PcapHandle(pointer)
    }

    public var linkType: LinkType { handle.linkType }

    /// The snapshot length the capture was taken with: no frame in it keeps more bytes.
    public var snapshotLength: Int { Int(pcap_snapshot(handle.pointer)) }

    /// Calls `handler` for every frame in the file, in order. A file cut short mid-frame
    /// (as from an interrupted tcpdump) ends the reading with an error after the frames before it.
    public func forEachFrame(_ handler: (CapturedFrame) -> Void) throws(CaptureError) {
        while true {
            do {
                if try handle.next(handler) != .frame { return }
            } catch {
                throw .badCaptureFile(path: path, message: handle.lastError)
            }
        }
    }
}
