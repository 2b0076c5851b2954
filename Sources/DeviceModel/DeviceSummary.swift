import CensusCore
import Foundation

/// A device as findings and reports show it: who it is, where, and what it runs. Every key is
/// always written (absent values as `null`), in snake_case.
public struct DeviceSummary: Codable, Sendable, Equatable, EncodesEveryKey {
    public var id: Int64
    public var site: String?
    public var ip: IPv4Address?
    /// The device's own MAC first, then its other interfaces' in order.
    public var macs: [MACAddress]
    public var serial: String?
    public var vendor: String?
    public var model: String?
    public var `class`: DeviceClass
    public var os: String?
    public var version: String?
    public var firstSeen: Date
    public var lastSeen: Date

    public init(_ d: DeviceSnapshot) {
        id = d.id
        site = d.site
        ip = d.ip
        // Its own MAC (the one at its address) first, so a reader shown one sees that one; the rest sorted.
        macs = [d.mac].compactMap { $0 } + Set(d.macs).subtracting([d.mac].compactMap { $0 }).sorted()
        serial = d.serial
        vendor = d.vendor
        model = d.model
        self.class = d.class
        os = d.os
        version = d.version
        firstSeen = d.firstSeen
        lastSeen = d.lastSeen
    }

    enum CodingKeys: String, CodingKey {
        case id, site, ip, macs, serial, vendor, model, `class`, os, version
        case firstSeen = "first_seen"
        case lastSeen = "last_seen"
    }

}
