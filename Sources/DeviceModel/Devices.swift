import CensusCore
import Foundation

/// A device as stored: its identity, not yet what it looks like (see `DeviceSnapshot`).
public struct StoredDevice: Sendable, Equatable {
    public var id: Int64
    public var client: String
    public var firstSeen: Date
    public var lastSeen: Date
    /// Why the device exists as one record (the first key it was known by).
    public var reason: String
    /// A person's merge or split that shaped it, if any.
    public var decision: String?
    /// The identity keys (`IdentityKey.text`) that lead to it, sorted.
    public var keys: [String]

    public init(id: Int64, client: String, firstSeen: Date, lastSeen: Date, reason: String, decision: String? = nil, keys: [String]) {
        self.id = id
        self.client = client
        self.firstSeen = firstSeen
        self.lastSeen = lastSeen
        self.reason = reason
        self.decision = decision
        self.keys = keys
    }
}

/// One sighting of a device in one scan, as stored.
public struct DeviceSighting: Sendable, Equatable {
    public var deviceId: Int64
    public var scanId: Int64
    public var site: String?
    public var ip: IPv4Address
    public var mac: MACAddress?
    public var score: Int
    public var reason: String
    public var seenAt: Date

    public init(deviceId: Int64, scanId: Int64, site: String?, ip: IPv4Address, mac: MACAddress?, score: Int, reason: String, seenAt: Date) {
        self.deviceId = deviceId
        self.scanId = scanId
        self.site = site
        self.ip = ip
        self.mac = mac
        self.score = score
        self.reason = reason
        self.seenAt = seenAt
    }
}

/// A sighting to file: `device` is an existing id, or nil for a new device (sightings with the
/// same `newGroup` number are the same new device).
public struct SightingToStore: Sendable, Equatable {
    public var device: Int64?
    public var newGroup: Int?
    public var scanId: Int64
    public var site: String?
    public var ip: IPv4Address
    public var mac: MACAddress?
    public var score: Int
    public var reason: String
    public var seenAt: Date
    public var keys: [String]
    /// A person's decision the new device carries (from a bundle made where it was decided).
    public var decision: String?

    public init(device: Int64?, newGroup: Int?, scanId: Int64, site: String?, ip: IPv4Address, mac: MACAddress?,
                score: Int, reason: String, seenAt: Date, keys: [String], decision: String? = nil) {
        self.device = device
        self.newGroup = newGroup
        self.scanId = scanId
        self.site = site
        self.ip = ip
        self.mac = mac
        self.score = score
        self.reason = reason
        self.seenAt = seenAt
        self.keys = keys
        self.decision = decision
    }
}

/// What identity resolution decides for a scan, given the client's devices as they are inside
/// the filing transaction.
public typealias SightingResolver = @Sendable (_ known: [StoredDevice]) throws -> [SightingToStore]

/// The few readings of a device's SNMP answers that device views show, kept beside the raw
/// facts so a device list does not decode every answer.
public struct FactSummary: Sendable, Equatable, Codable {
    public var ip: IPv4Address
    public var sysName: String?
    public var sysDescr: String?
    public var sysObjectID: String?
    /// Hardware addresses of the device's own interfaces.
    public var interfaceMACs: [MACAddress]
    public var credential: String
    public var complete: Bool

    public init(ip: IPv4Address, sysName: String?, sysDescr: String?, sysObjectID: String?, interfaceMACs: [MACAddress],
                credential: String, complete: Bool) {
        self.ip = ip
        self.sysName = sysName
        self.sysDescr = sysDescr
        self.sysObjectID = sysObjectID
        self.interfaceMACs = interfaceMACs
        self.credential = credential
        self.complete = complete
    }
}
