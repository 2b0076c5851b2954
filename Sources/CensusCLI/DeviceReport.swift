import CensusCore
import Foundation
import SNMPInventory

/// One device as `probe` and `scan` print it.
struct DeviceRow: Encodable {
    let ip: String
    let mac: String?
    let vendor: String?
    let sysObjectID: String?
    let sysDescr: String?
    let sysName: String?
    let serial: String?
    let model: String?
    let `class`: String?
    let os: String?
    let version: String?
    let macs: [String]
    let credential: String?
    let complete: Bool
    let problems: [String]
    let neighbors: [LLDPNeighbor]
    let learnt: [LearntHost]
    let facts: [String: [String: SNMPValue]]
    let truncated: [String: String]

    init(ip: IPv4Address, mac: MACAddress?, ouiVendor: String?, facts: DeviceFacts?) {
        self.ip = ip.description
        self.mac = mac?.description
        // Vendor naming from sysObjectID is the identification stage's; until then ENTITY-MIB's
        // manufacturer or the MAC's registered organisation, never a guess.
        vendor = facts?.manufacturer ?? ouiVendor
        sysObjectID = facts?.sysObjectID?.description
        sysDescr = facts?.sysDescr
        sysName = facts?.sysName
        serial = facts?.serial
        model = facts?.model
        self.class = nil
        os = nil
        version = nil
        macs = (facts?.macs ?? []).map(\.description)
        credential = facts?.credential
        complete = facts?.isComplete ?? false
        problems = facts?.problems ?? []
        neighbors = facts?.lldpNeighbors ?? []
        learnt = (facts?.arpCache ?? []) + (facts?.forwardingTable ?? [])
        var sections: [String: [String: SNMPValue]] = [:]
        var truncated: [String: String] = [:]
        for (name, section) in facts?.sections ?? [:] {
            sections[name] = Dictionary(section.varBinds.map { ($0.oid.description, $0.value) }, uniquingKeysWith: { a, _ in a })
            if let t = section.truncation { truncated[name] = t }
        }
        self.facts = sections
        self.truncated = truncated
    }
}

enum JSONOutput {
    static func encode<T: Encodable>(_ value: T) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .iso8601
        return String(decoding: try encoder.encode(value), as: UTF8.self) + "\n"
    }
}
