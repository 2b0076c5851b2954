internal import CPcap

/// Owns one `pcap_t` and reads frames from it; shared by live and offline captures.
final class PcapHandle {
    let pointer: OpaquePointer

    init(_ pointer: OpaquePointer) { self.pointer = pointer }
    deinit { pcap_close(pointer) }

    var lastError: String { String(cString: pcap_geterr(pointer)) }
    var linkType: LinkType { LinkType(dlt: pcap_datalink(pointer)) }

    func setFilter(_ expression: String) throws(CaptureError) {
        var program = bpf_program()
        guard pcap_compile(pointer, &program, expression, 1, PCAP_NETMASK_UNKNOWN) == 0 else {
            throw .badFilter(expression: expression, message: lastError)
        }
        defer { pcap_freecode(&program) }
        guard pcap_setfilter(pointer, &program) == 0 else {
            throw .badFilter(expression: expression, message: lastError)
        }
    }

    enum ReadResult { case frame, none, end }

    /// Reads one frame into `handler`; `.none` when a non-blocking or timed read found nothing.
    func next(_ handler: (CapturedFrame) -> Void) throws(CaptureError) -> ReadResult {
        var header: UnsafeMutablePointer<pcap_pkthdr>?
        var data: UnsafePointer<UInt8>?
        switch pcap_next_ex(pointer, &header, &data) {
        case 1:
            guard let header, let data else { return .none }
            let h = header.pointee
            let frame = CapturedFrame(
                bytes: UnsafeRawBufferPointer(start: data, count: Int(h.caplen)),
                wireLength: Int(h.len),
                timestamp: Double(h.ts.tv_sec) + Double(h.ts.tv_usec) / 1_000_000)
            handler(frame)
            return .frame
        case 0: return .none
        case PCAP_ERROR_BREAK: return .end
        default: throw .failed(operation: "pcap_next_ex", message: lastError)
        }
    }
}

extension String {
    /// Text from a NUL-terminated C error buffer.
    init(errorBuffer: [CChar]) {
        let bytes = errorBuffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }
        self.init(decoding: bytes, as: UTF8.self)
    }
}
