import CensusCore
import Foundation
import PacketCapture

extension ARPPacket {
    /// The host this packet proves present, if any: its sender, unless the sender is a probe
    /// with no address yet or claims a MAC no real interface holds.
    public var announcedHost: (ip: IPv4Address, mac: MACAddress)? {
        guard !isProbe, !senderMAC.isZero, !senderMAC.isMulticast else { return nil }
        return (senderIP, senderMAC)
    }
}

/// Decodes captured frames into ARP packets, keeping count of the ones that are broken.
struct ARPFrameReader {
    let linkType: LinkType
    private(set) var framesRead = 0
    private(set) var malformed = MalformedFrames()

    init(linkType: LinkType) { self.linkType = linkType }

    /// The ARP packet in the frame; nil for other traffic and for broken ARP (which is counted).
    mutating func packet(in frame: CapturedFrame) -> ARPPacket? {
        framesRead += 1
        do throws(FrameDecodeError) {
            return try ARPPacket.decode(frame: frame.bytes, linkType: linkType)
        } catch {
            malformed.record(error, frameNumber: framesRead)
            return nil
        }
    }
}

/// Counts frames that could not be read, keeping a few reasons to show the user.
public struct MalformedFrames: Sendable, Equatable {
    public private(set) var count = 0
    public private(set) var examples: [String] = []

    public init() {}

    mutating func record(_ error: FrameDecodeError, frameNumber: Int? = nil) {
        count += 1
        if examples.count < 5 {
            examples.append(frameNumber.map { "frame \($0): \(error)" } ?? error.description)
        }
    }
}

extension Date {
    init(unixSeconds: Double) { self.init(timeIntervalSince1970: unixSeconds) }
}
