// ARP frames as they come off the wire or out of a capture: every link type Census reads.
import ARPDiscovery
import CensusCore
import PacketCapture

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let raw = UnsafeRawBufferPointer(start: data, count: size)
    for linkType in [LinkType.ethernet, .linuxCooked, .linuxCookedV2, .other(101)] {
        do {
            if let packet = try ARPPacket.decode(frame: raw, linkType: linkType) {
                _ = packet.announcedHost
                _ = packet.senderProblem
                _ = packet.isProbe || packet.isGratuitous
                // What Census would send back round-trips.
                let again = try ARPPacket.decode(frame: packet.ethernetFrame(), linkType: .ethernet)
                precondition(again == packet, "re-encoded frame reads differently")
            }
        } catch {
            _ = error.description
        }
    }
    do { _ = try ARPPacket.decode(payload: raw) } catch { _ = error.description }
    return 0
}
