import CensusCore
import Foundation
import PacketCapture

extension ARPPacket {
    /// The host this packet proves present, if any: its sender, unless the sender is a probe
    /// with no address yet or claims an address or MAC no real host holds (`senderProblem`).
    public var announcedHost: (ip: IPv4Address, mac: MACAddress)? {
        guard !isProbe, senderProblem == nil else { return nil }
        return (senderIP, senderMAC)
    }

    /// Why the sender cannot be a host on the segment, or nil when it can (an RFC 5227 probe,
    /// sender 0.0.0.0 with a real MAC, is no host but nothing wrong either): a MAC of all zeros,
    /// multicast or broadcast; an address in 0.0.0.0/8 other than 0.0.0.0 ("this network"),
    /// loopback, multicast, reserved (240.0.0.0/4) or the limited broadcast 255.255.255.255.
    public var senderProblem: String? {
        if senderMAC.isZero { return "sender MAC \(senderMAC) is all zeros" }
        if senderMAC.isBroadcast { return "sender MAC \(senderMAC) is the broadcast address" }
        if senderMAC.isMulticast { return "sender MAC \(senderMAC) is a multicast address" }
        let ip = senderIP.value
        switch ip >> 24 {
        case 0 where ip != 0: return "sender address \(senderIP) is in 0.0.0.0/8 (\"this network\"), never a host's"
        case 127: return "sender address \(senderIP) is a loopback address"
        case 224...239: return "sender address \(senderIP) is a multicast address"
        case 240...255 where ip == 0xFFFF_FFFF: return "sender address \(senderIP) is the broadcast address"
        case 240...255: return "sender address \(senderIP) is reserved (240.0.0.0/4)"
        default: return nil
        }
    }
}

/// Decodes captured frames into ARP packets, keeping count of the ones that are broken and of
/// those the capture's snapshot length cut too short to tell.
struct ARPFrameReader {
    let linkType: LinkType
    private(set) var framesRead = 0
    private(set) var malformed = MalformedFrames()
    /// Frames cut by the snapshot length before their ARP payload ended (or before the link
    /// header showed what they carry): they may have been ARP, and cannot be read.
    private(set) var cutBySnapshotLength = 0

    init(linkType: LinkType) { self.linkType = linkType }

    /// The ARP packet in the frame; nil for other traffic, for broken ARP and for ARP whose
    /// sender cannot be a host (both counted as malformed), and for frames cut too short.
    mutating func packet(in frame: CapturedFrame) -> ARPPacket? {
        framesRead += 1
        let cut = frame.bytes.count < frame.wireLength
        do throws(FrameDecodeError) {
            guard let packet = try ARPPacket.decode(frame: frame.bytes, linkType: linkType) else {
                if cut, ARPPacket.etherType(in: frame.bytes, linkType: linkType) == nil { cutBySnapshotLength += 1 }
                return nil
            }
            if let problem = packet.senderProblem {
                malformed.record(.impossibleSender(problem), frameNumber: framesRead)
                return nil
            }
            return packet
        } catch {
            if cut, case .truncated = error { cutBySnapshotLength += 1 } else { malformed.record(error, frameNumber: framesRead) }
            return nil
        }
    }
}

/// Counts frames that could not be read, keeping a few reasons to show the user.
public struct MalformedFrames: Sendable, Equatable {
    public private(set) var count = 0
    public private(set) var examples: [String] = []
    /// How many frames were skipped for each kind of fault ("truncated", "impossible sender"...).
    public private(set) var reasons: [String: Int] = [:]

    public init() {}

    mutating func record(_ error: FrameDecodeError, frameNumber: Int? = nil) {
        count += 1
        reasons[error.kind, default: 0] += 1
        if examples.count < 5 {
            examples.append(frameNumber.map { "frame \($0): \(error)" } ?? error.description)
        }
    }
}

extension Date {
    init(unixSeconds: Double) { self.init(timeIntervalSince1970: unixSeconds) }
}
