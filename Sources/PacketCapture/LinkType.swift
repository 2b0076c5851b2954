/// The link-layer header type of captured frames (pcap's DLT_ values).
public enum LinkType: Equatable, Sendable {
    /// Ethernet II / 802.3 (DLT_EN10MB).
    case ethernet
    /// Linux "cooked" capture, as from `tcpdump -i any` (DLT_LINUX_SLL).
    case linuxCooked
    /// Linux cooked capture v2 (DLT_LINUX_SLL2).
    case linuxCookedV2
    case other(Int32)

    init(dlt: Int32) {
        switch dlt {
        case 1: self = .ethernet
        case 113: self = .linuxCooked
        case 276: self = .linuxCookedV2
        default: self = .other(dlt)
        }
    }
}

/// One frame handed out by a capture. `bytes` is only valid inside the handler that receives it.
public struct CapturedFrame {
    public let bytes: UnsafeRawBufferPointer
    /// The frame's length on the wire (may exceed `bytes.count` when the snapshot length cut it).
    public let wireLength: Int
    /// Seconds since 1970 when the frame was captured.
    public let timestamp: Double

    init(bytes: UnsafeRawBufferPointer, wireLength: Int, timestamp: Double) {
        self.bytes = bytes
        self.wireLength = wireLength
        self.timestamp = timestamp
    }
}
