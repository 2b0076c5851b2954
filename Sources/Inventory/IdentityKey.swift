import CensusCore

/// Something that says "this is the same physical device", with how much it can be trusted.
public enum IdentityKey: Hashable, Sendable, Codable, CustomStringConvertible {
    /// Chassis serial number with the vendor: the strongest key.
    case serial(vendor: String, serial: String)
    /// A hardware address of the device (ARP or one of its interfaces).
    case mac(MACAddress)
    /// sysName with the model: a weak hint, used only when nothing stronger is known.
    case nameModel(name: String, model: String)
    /// The address at a site: the last resort, only for a device that shows no MAC, serial or
    /// name (e.g. reached through a router and answering SNMP with nothing else).
    case address(site: String, ip: IPv4Address)

    public var description: String {
        switch self {
        case let .serial(vendor, serial): "serial \(vendor) \(serial)"
        case .mac(let mac): "MAC \(mac)"
        case let .nameModel(name, model): "name \(name) with model \(model)"
        case let .address(site, ip): "address \(ip) at site \(site)"
        }
    }

    /// How far a match on this key alone is trusted (0–100).
    public var score: Int {
        switch self {
        case .serial: 100
        case .mac: 80
        case .nameModel: 50
        case .address: 40
        }
    }

    /// A stable text form, for storage and lookups.
    public var text: String {
        switch self {
        case let .serial(vendor, serial): "serial:\(vendor.lowercased()):\(serial.uppercased())"
        case .mac(let mac): "mac:\(mac)"
        case let .nameModel(name, model): "name:\(name.lowercased()):\(model.uppercased())"
        case let .address(site, ip): "ip:\(site.lowercased()):\(ip)"
        }
    }

    public init?(text: String) {
        let parts = text.split(separator: ":", maxSplits: 2, omittingEmptySubsequences: false).map(String.init)
        switch parts.first {
        case "serial" where parts.count == 3: self = .serial(vendor: parts[1], serial: parts[2])
        case "mac": guard let mac = MACAddress(String(text.dropFirst(4))) else { return nil }; self = .mac(mac)
        case "name" where parts.count == 3: self = .nameModel(name: parts[1], model: parts[2])
        case "ip" where parts.count == 3: guard let ip = IPv4Address(parts[2]) else { return nil }; self = .address(site: parts[1], ip: ip)
        default: return nil
        }
    }
}

/// Which hardware addresses say something about the hardware.
public enum MACTrust: Sendable, Equatable {
    /// Burnt-in, globally unique: a key on its own.
    case identifying
    /// Randomised or locally administered, or a virtual machine's: a key only alongside
    /// another one (a VM's MAC is unique until a guest is cloned, a private MAC until it rotates).
    case supporting
    /// Shared by design (VRRP/HSRP/GLBP virtual routers, multicast, zero): never a key.
    case ignored

    public init(_ mac: MACAddress) {
        let v = mac.value
        if mac.isZero || mac.isMulticast || mac.isBroadcast {
            self = .ignored
        } else if v >> 8 == 0x00_005E_0001 || v >> 8 == 0x00_005E_0002      // VRRP IPv4/IPv6 00:00:5e:00:01/02:xx
                    || v >> 8 == 0x00_000C_07AC                              // HSRPv1 00:00:0c:07:ac:xx
                    || v >> 12 == 0x0_000C_9F_F                              // HSRPv2 00:00:0c:9f:fx:xx
                    || v >> 16 == 0x0007_B400 {                              // GLBP 00:07:b4:00:xx:xx
            self = .ignored
        } else if mac.isLocallyAdministered {
            self = .supporting
        } else if Self.virtualMachinePrefixes.contains(UInt32(v >> 24)) {
            self = .supporting
        } else {
            self = .identifying
        }
    }

    /// OUIs that hypervisors hand to guests (VMware, Hyper-V, Xen, VirtualBox, Parallels).
    static let virtualMachinePrefixes: Set<UInt32> = [0x005056, 0x000C29, 0x000569, 0x001C14, 0x00155D, 0x00163E, 0x080027, 0x001C42]
}
