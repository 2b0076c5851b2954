import CensusCore
import Foundation
import SNMPModel

/// One device as `probe` and `scan` print it.
struct DeviceRow: Encodable, EncodesEveryKey {
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
    /// The product family or line ("Catalyst 3560"), as `identify` and `devices` give it.
    let family: String?
    /// The catalog rules that named the device, each with the fields it decided.
    let match: [Identification.Match]
    let macs: [String]
    let credential: String?
    let complete: Bool
    var problems: [String]
    /// What a device whose agent refused every credential tried says in `problems`.
    static let refusedProblem = "refused every credential tried (SNMPv3 user or password wrong, or a community it does not accept)"
    let neighbors: [LLDPNeighbor]
    let learnt: [LearntHost]
    let facts: [String: [String: SNMPValue]]
    let truncated: [String: String]

    init(ip: IPv4Address, mac: MACAddress?, ouiVendor: String?, facts: DeviceFacts?, identification: Identification?) {
        self.ip = ip.description
        self.mac = mac?.description
        // Without SNMP, only the MAC's registered organisation: never a guess.
        vendor = identification?.vendor ?? ouiVendor
        sysObjectID = facts?.sysObjectID?.description
        sysDescr = facts?.sysDescr
        sysName = facts?.sysName
        serial = identification?.serial ?? facts?.serial
        model = identification?.model ?? facts?.model
        self.class = identification.map(\.class.rawValue)
        os = identification?.os
        version = identification?.version
        family = identification?.family
        match = identification?.matches.filter { !$0.fields.isEmpty } ?? []
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
    /// Indented for a person at a terminal; one compact line (keys still sorted) for a pipe or a
    /// file, where a program reads it and large scans print several times faster.
    static func encode<T: Encodable>(_ value: T) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = isatty(STDOUT_FILENO) != 0 ? [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
                                                               : [.sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .iso8601
        // One JSON style for every command: snake_case keys.
        encoder.keyEncodingStrategy = .convertToSnakeCase
        return String(decoding: try encoder.encode(value), as: UTF8.self) + "\n"
    }
}
