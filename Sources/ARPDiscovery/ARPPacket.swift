import CensusCore
import PacketCapture

/// An Ethernet/IPv4 ARP message (RFC 826).
public struct ARPPacket: Equatable, Sendable {
    public enum Operation: UInt16, Sendable { case request = 1, reply = 2 }

    public var operation: Operation
    public var senderMAC: MACAddress
    public var senderIP: IPv4Address
    public var targetMAC: MACAddress
    public var targetIP: IPv4Address

    public init(operation: Operation, senderMAC: MACAddress, senderIP: IPv4Address,
                targetMAC: MACAddress = .zero, targetIP: IPv4Address) {
        self.operation = operation
        self.senderMAC = senderMAC
        self.senderIP = senderIP
        self.targetMAC = targetMAC
        self.targetIP = targetIP
    }

    /// A who-has request for `target`, asked from `mac`/`ip`.
    public static func request(for target: IPv4Address, from mac: MACAddress, ip: IPv4Address) -> ARPPacket {
        ARPPacket(operation: .request, senderMAC: mac, senderIP: ip, targetIP: target)
    }

    /// An ARP probe (RFC 5227): the sender has no address yet.
    public var isProbe: Bool { senderIP == .any }
    /// A gratuitous ARP: a host announcing its own address.
    public var isGratuitous: Bool { senderIP == targetIP && senderIP != .any }

    /// Length of the ARP payload for Ethernet and IPv4.
    static let payloadLength = 28
    /// Frames are padded to the Ethernet minimum (without the FCS the NIC adds).
    static let minimumFrameLength = 60

    /// The packet in an Ethernet II frame, padded to the minimum frame size.
    /// Requests go to broadcast unless `destination` is given.
    public func ethernetFrame(destination: MACAddress? = nil) -> [UInt8] {
        let dst = destination ?? (operation == .request ? .broadcast : targetMAC)
        var frame = [UInt8]()
        frame.reserveCapacity(Self.minimumFrameLength)
        frame += dst.bytes
        frame += senderMAC.bytes
        frame += [0x08, 0x06]                 // EtherType ARP
        frame += [0x00, 0x01, 0x08, 0x00]     // hardware Ethernet, protocol IPv4
        frame += [6, 4]
        frame += [UInt8(operation.rawValue >> 8), UInt8(operation.rawValue & 0xFF)]
        frame += senderMAC.bytes + senderIP.bytes + targetMAC.bytes + targetIP.bytes
        frame += [UInt8](repeating: 0, count: Self.minimumFrameLength - frame.count)
        return frame
    }
}

/// Why a frame that claimed to carry ARP could not be read.
public enum FrameDecodeError: Error, Equatable, CustomStringConvertible {
    case truncated(needed: Int, available: Int)
    case unsupportedHardware(UInt16)
    case unsupportedProtocol(UInt16)
    case badAddressLengths(hardware: UInt8, protocol: UInt8)
    case unknownOperation(UInt16)
    case unsupportedLinkType(LinkType)
    /// A well-formed message whose sender no host can be (see `ARPPacket.senderProblem`).
    case impossibleSender(String)

    /// A short name for the kind of fault, for counting.
    public var kind: String {
        switch self {
        case .truncated: "truncated"
        case .unsupportedHardware: "unsupported hardware type"
        case .unsupportedProtocol: "unsupported protocol type"
        case .badAddressLengths: "bad address lengths"
        case .unknownOperation: "unknown operation"
        case .unsupportedLinkType: "unsupported link type"
        case .impossibleSender: "impossible sender"
        }
    }

    public var description: String {
        switch self {
        case let .truncated(needed, available): return "truncated frame: ARP needs \(needed) bytes, \(available) captured"
        case .unsupportedHardware(let h): return "ARP hardware type \(h) is not Ethernet"
        case .unsupportedProtocol(let p): return "ARP protocol type 0x\(String(p, radix: 16)) is not IPv4"
        case let .badAddressLengths(h, p): return "ARP address lengths \(h)/\(p), expected 6/4"
        case .unknownOperation(let op): return "ARP operation \(op) is neither request nor reply"
        case .unsupportedLinkType(let type): return "link type \(type) is not supported"
        case .impossibleSender(let reason): return reason
        }
    }
}

extension ARPPacket {
    static let etherTypeARP: UInt16 = 0x0806
    private static let vlanTags: Set<UInt16> = [0x8100, 0x88A8, 0x9100]

    /// The EtherType a frame carries and where its payload starts, past any 802.1Q/802.1ad
    /// tags; nil when the frame is too short to show it.
    static func linkPayload(in bytes: UnsafeRawBufferPointer, linkType: LinkType) -> (etherType: UInt16, offset: Int)? {
        func u16(_ at: Int) -> UInt16 { UInt16(bytes[at]) << 8 | UInt16(bytes[at + 1]) }
        switch linkType {
        case .ethernet:
            guard bytes.count >= 14 else { return nil }
            var offset = 12
            var etherType = u16(offset)
            // Skip 802.1Q / 802.1ad tags.
            while vlanTags.contains(etherType) {
                offset += 4
                guard bytes.count >= offset + 2 else { return nil }
                etherType = u16(offset)
            }
            return (etherType, offset + 2)
        case .linuxCooked:
            guard bytes.count >= 16 else { return nil }
            return (u16(14), 16)
        case .linuxCookedV2:
            guard bytes.count >= 20 else { return nil }
            return (u16(0), 20)
        case .other:
            return nil
        }
    }

    /// The EtherType of a frame, nil when the frame is too short to show it.
    static func etherType(in bytes: UnsafeRawBufferPointer, linkType: LinkType) -> UInt16? {
        linkPayload(in: bytes, linkType: linkType)?.etherType
    }

    /// Reads the ARP message in a captured frame.
    /// - Returns: nil when the frame carries something other than ARP.
    /// - Throws: `FrameDecodeError` when it carries ARP that is cut short or malformed.
    public static func decode(frame bytes: UnsafeRawBufferPointer, linkType: LinkType = .ethernet) throws(FrameDecodeError) -> ARPPacket? {
        if case .other = linkType { throw .unsupportedLinkType(linkType) }
        guard let (etherType, offset) = linkPayload(in: bytes, linkType: linkType), etherType == etherTypeARP else { return nil }
        return try decode(payload: UnsafeRawBufferPointer(rebasing: bytes[offset...]))
    }

    /// Reads an ARP payload (the bytes after the link-layer header).
    public static func decode(payload p: UnsafeRawBufferPointer) throws(FrameDecodeError) -> ARPPacket {
        guard p.count >= 8 else { throw .truncated(needed: payloadLength, available: p.count) }
        let hardware = UInt16(p[0]) << 8 | UInt16(p[1])
        let proto = UInt16(p[2]) << 8 | UInt16(p[3])
        guard hardware == 1 || hardware == 6 else { throw .unsupportedHardware(hardware) }
        guard proto == 0x0800 else { throw .unsupportedProtocol(proto) }
        guard p[4] == 6, p[5] == 4 else { throw .badAddressLengths(hardware: p[4], protocol: p[5]) }
        guard p.count >= payloadLength else { throw .truncated(needed: payloadLength, available: p.count) }
        let code = UInt16(p[6]) << 8 | UInt16(p[7])
        guard let operation = Operation(rawValue: code) else { throw .unknownOperation(code) }
        return ARPPacket(
            operation: operation,
            senderMAC: MACAddress(bytes: p[8..<14]),
            senderIP: IPv4Address(bytes: p[14..<18]),
            targetMAC: MACAddress(bytes: p[18..<24]),
            targetIP: IPv4Address(bytes: p[24..<28]))
    }

    /// Convenience for tests and fixtures.
    public static func decode(frame bytes: [UInt8], linkType: LinkType = .ethernet) throws(FrameDecodeError) -> ARPPacket? {
        try bytes.withUnsafeBytes { raw in Result { () throws(FrameDecodeError) in try decode(frame: raw, linkType: linkType) } }.get()
    }
}
