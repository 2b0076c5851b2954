import CensusCore
import Foundation

/// One device of a client as the world sees it: the read model every front end, report and
/// the server shows (built from the store by `Inventory.DeviceViews`). JSON keys are written
/// in snake_case, every key always (a nil one as `null`).
public struct DeviceSnapshot: Sendable, Equatable, Codable, EncodesEveryKey {
    /// First and last seen at one site.
    public struct SiteHistory: Sendable, Equatable, Codable {
        public var site: String
        public var firstSeen: Date
        public var lastSeen: Date
        public init(site: String, firstSeen: Date, lastSeen: Date) { self.site = site; self.firstSeen = firstSeen; self.lastSeen = lastSeen }
    }

    /// Why Census takes its sightings for one device.
    public struct Identity: Sendable, Equatable, Codable, EncodesEveryKey {
        public var reason: String
        /// 0–100: how sure the last match was.
        public var score: Int
        public var keys: [String]
        /// A person's merge or split, if any.
        public var decision: String?
        public init(reason: String, score: Int, keys: [String], decision: String?) {
            self.reason = reason; self.score = score; self.keys = keys; self.decision = decision
        }
    }

    public var id: Int64
    public var client: String
    /// The address it answered at on the scanned segment (ARP or SNMP) at its last sighting;
    /// an address learnt only from a router's cache when it answered nowhere.
    public var ip: IPv4Address?
    /// Every address of the device at its last sighting (its own interfaces included).
    public var addresses: [IPv4Address]
    /// The MAC it answered with at `ip`.
    public var mac: MACAddress?
    /// Every hardware address known to be the device's (identity keys and interfaces).
    public var macs: [MACAddress]
    /// The identified vendor, else the organisation its MAC is registered to.
    public var vendor: String?
    /// Where `vendor` came from: `identification` or `mac`.
    public var vendorSource: String?
    public var model: String?
    public var `class`: DeviceClass
    public var serial: String?
    public var os: String?
    public var version: String?
    public var family: String?
    public var sysName: String?
    public var sysDescr: String?
    /// The catalog rules that named it, with the fields each decided.
    public var rules: [Identification.Match]
    /// The site of its last sighting.
    public var site: String?
    public var sites: [SiteHistory]
    public var firstSeen: Date
    public var lastSeen: Date
    /// Scans that saw it, oldest first: the evidence trail.
    public var scans: [Int64]
    /// How its last scan saw it: arp, snmp, router-arp, switch-port...
    public var seenBy: [DiscoveryMethod]
    /// The switch port its MAC was learnt on at its last scan (`198.18.0.2 port 7`), when a switch said.
    public var switchPort: String?
    public var identity: Identity

    public init(id: Int64, client: String, ip: IPv4Address?, addresses: [IPv4Address], mac: MACAddress?, macs: [MACAddress],
                vendor: String?, vendorSource: String?, model: String?, class cls: DeviceClass, serial: String?, os: String?,
                version: String?, family: String?, sysName: String?, sysDescr: String?, rules: [Identification.Match], site: String?,
                sites: [SiteHistory], firstSeen: Date, lastSeen: Date, scans: [Int64], seenBy: [DiscoveryMethod],
                switchPort: String?, identity: Identity) {
        self.id = id; self.client = client; self.ip = ip; self.addresses = addresses; self.mac = mac; self.macs = macs
        self.vendor = vendor; self.vendorSource = vendorSource; self.model = model; self.class = cls; self.serial = serial
        self.os = os; self.version = version; self.family = family; self.sysName = sysName; self.sysDescr = sysDescr
        self.rules = rules; self.site = site; self.sites = sites; self.firstSeen = firstSeen; self.lastSeen = lastSeen
        self.scans = scans; self.seenBy = seenBy; self.switchPort = switchPort; self.identity = identity
    }

    /// The identification as a value, for engines that judge it (lifecycle, reconciliation).
    public var identification: Identification {
        Identification(vendor: vendorSource == "identification" ? vendor : nil, model: model, class: self.class, serial: serial,
                       os: os, version: version, family: family, matches: rules)
    }
}
