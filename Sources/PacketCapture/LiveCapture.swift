internal import CPcap

/// A live capture on one interface that can also inject frames.
///
/// Reads are non-blocking; `waitForFrames(timeout:)` sleeps on the capture's selectable file
/// descriptor, so a single thread can pace probes and read answers without busy polling.
/// Not thread-safe: use one instance from one thread at a time.
public final class LiveCapture: @unchecked Sendable {
    public let interface: String
    private let handle: PcapHandle
    private let fd: Int32

    /// Opens and activates a capture.
    /// - Parameters:
    ///   - snapshotLength: bytes kept per frame; ARP needs 64.
    ///   - immediate: deliver each frame as it arrives rather than in buffered blocks.
    public init(interface: String, snapshotLength: Int = 256, promiscuous: Bool = false,
                immediate: Bool = true, bufferSize: Int = 4 << 20) throws(CaptureError) {
        var errbuf = [CChar](repeating: 0, count: Int(PCAP_ERRBUF_SIZE))
        guard let pointer = pcap_create(interface, &errbuf) else {
            throw .failed(operation: "pcap_create", message: String(errorBuffer: errbuf))
        }
        let handle = PcapHandle(pointer)
        pcap_set_snaplen(pointer, Int32(snapshotLength))
        pcap_set_promisc(pointer, promiscuous ? 1 : 0)
        pcap_set_immediate_mode(pointer, immediate ? 1 : 0)
        pcap_set_buffer_size(pointer, Int32(bufferSize))
        pcap_set_timeout(pointer, 10)
        let status = pcap_activate(pointer)
        switch status {
        case 0, PCAP_WARNING, PCAP_WARNING_PROMISC_NOTSUP, PCAP_WARNING_TSTAMP_TYPE_NOTSUP: break
        case PCAP_ERROR_NO_SUCH_DEVICE: throw .noSuchInterface(interface)
        case PCAP_ERROR_PERM_DENIED, PCAP_ERROR_PROMISC_PERM_DENIED: throw .permissionDenied(interface)
        case PCAP_ERROR_IFACE_NOT_UP: throw .interfaceDown(interface)
        default: throw .failed(operation: "pcap_activate(\(interface))", message: handle.lastError)
        }
        guard pcap_setnonblock(pointer, 1, &errbuf) == 0 else {
            throw .failed(operation: "pcap_setnonblock", message: String(errorBuffer: errbuf))
        }
        let fd = pcap_get_selectable_fd(pointer)
        guard fd >= 0 else { throw .failed(operation: "pcap_get_selectable_fd", message: "no selectable descriptor") }
        // Do not see our own injected frames come back.
        _ = pcap_setdirection(pointer, PCAP_D_IN)
        self.interface = interface
        self.handle = handle
        self.fd = fd
    }

    public var linkType: LinkType { handle.linkType }

    /// Bytes kept per frame.
    public var snapshotLength: Int { Int(pcap_snapshot(handle.pointer)) }

    /// Keeps only frames matching a BPF expression such as `arp`.
    public func setFilter(_ expression: String) throws(CaptureError) { try handle.setFilter(expression) }

    /// Sends one complete link-layer frame.
    public func inject(_ frame: UnsafeRawBufferPointer) throws(CaptureError) {
        guard pcap_inject(handle.pointer, frame.baseAddress, frame.count) == frame.count else {
            throw .failed(operation: "pcap_inject on \(interface)", message: handle.lastError)
        }
    }

    /// Sends one complete link-layer frame.
    public func inject(_ frame: [UInt8]) throws(CaptureError) {
        try frame.withUnsafeBytes { raw in Result { () throws(CaptureError) in try inject(raw) } }.get()
    }

    /// Sleeps until frames are waiting or `timeout` passes; true when frames may be read.
    public func waitForFrames(timeout: Duration) -> Bool {
        let (seconds, attoseconds) = timeout.components
        let micros = max(0, seconds * 1_000_000 + attoseconds / 1_000_000_000_000)
        return census_wait_readable(fd, micros) != 0
    }

    /// Hands every frame already waiting to `handler`, up to `limit`; returns how many.
    @discardableResult
    public func drain(limit: Int = 4096, _ handler: (CapturedFrame) -> Void) throws(CaptureError) -> Int {
        var count = 0
        while count < limit, try handle.next(handler) == .frame { count += 1 }
        return count
    }

    /// Frames the kernel received and dropped for this capture so far.
    public var statistics: (received: Int, dropped: Int) {
        var stats = pcap_stat()
        guard pcap_stats(handle.pointer, &stats) == 0 else { return (0, 0) }
        return (Int(stats.ps_recv), Int(stats.ps_drop))
    }
}
