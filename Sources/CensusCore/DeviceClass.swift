/// What kind of device something is: one fixed vocabulary used everywhere (identification,
/// reports, rate cards).
public enum DeviceClass: String, CaseIterable, Codable, Sendable, CustomStringConvertible {
    case router
    case `switch`
    case firewall
    case wirelessAP = "wireless-ap"
    case wirelessController = "wireless-controller"
    case server
    case hypervisor
    case workstation
    case storage
    case printer
    case ups
    case pdu
    case camera
    case nvr
    case phone
    case bmc
    case iot
    case appliance
    case unknown

    public var description: String { rawValue }
}
