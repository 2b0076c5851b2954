import ArgumentParser
import CensusCore
import Fingerprinting
import Foundation
import ScanPipeline
import SNMPModel

/// `census probe`: interrogates one device over SNMP and prints its record.
struct Probe: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Interrogate one device over SNMP and print what it says about itself.",
        discussion: "Tries each credential in order until one answers, then reads the system group, ENTITY-MIB, interfaces, ARP and forwarding tables, LLDP neighbours, host resources, printer and UPS objects. Secrets never appear in the output."
    )

    @Argument(help: "The device: IPv4 address, optionally with :PORT.")
    var host: String

    @OptionGroup var snmp: SNMPOptions
    @OptionGroup var configOptions: ConfigOptions
    @OptionGroup var catalogOptions: CatalogOptions

    @Flag(name: .long, help: "Allow a public (globally routable) address.")
    var allowPublic = false

    @Option(name: .long, help: "Output format.")
    var format: Scan.Format = .table

    func run() async throws {
        try await reportingFailures {
            let (ip, port) = try parseHost(host)
            if let (_, kind) = AddressSpace.firstUnscannableBlock(in: IPv4Network(containing: ip, prefixLength: 32)) {
                throw CensusFailure("refusing to probe \(ip): it is \(kind) address space", exitCode: CensusFailure.usage)
            }
            if !allowPublic, AddressSpace.firstPublicBlock(in: IPv4Network(containing: ip, prefixLength: 32)) != nil {
                throw CensusFailure("refusing to probe \(ip): it is a public address; pass --allow-public if you are authorised", exitCode: CensusFailure.usage)
            }
            let config = try configOptions.load()
            let credentials = try snmp.credentials(config: config, site: nil)
            let settings = snmp.settings(config), identifier = try catalogOptions.identifier()
            // Ctrl-C (SIGTERM, SIGHUP) stops the questions: nothing half-asked is printed (exit 130).
            let asked: DeviceProbe.Answer? = try await cancellingOnInterrupt {
                do {
                    let answer = try await DeviceProbe.probe(ip, port: port, credentials: credentials, settings: settings, identifier: identifier)
                    return Task.isCancelled ? nil : answer
                } catch where Task.isCancelled {
                    return nil
                }
            }
            guard let answer = asked else {
                throw CensusFailure("interrupted: \(ip) was not asked everything; nothing printed", exitCode: CensusFailure.interrupted)
            }
            let row = DeviceRow(ip: ip, mac: nil, ouiVendor: nil, facts: answer.facts, identification: answer.identification)
            if format == .json {
                print(try JSONOutput.encode(row), terminator: "")
            } else {
                print(render(row), terminator: "")
            }
        }
    }

    private func render(_ row: DeviceRow) -> String {
        let fields: [(String, String?)] = [
            ("ip", row.ip), ("sysName", row.sysName), ("sysDescr", row.sysDescr), ("sysObjectID", row.sysObjectID),
            ("vendor", row.vendor), ("model", row.model), ("serial", row.serial), ("class", row.class),
            ("os", row.os), ("version", row.version), ("macs", row.macs.joined(separator: " ")),
            ("match", row.match.isEmpty ? nil : row.match.map { "\($0.rule) (\($0.fields.joined(separator: ", ")))" }.joined(separator: "; ")),
            ("credential", row.credential), ("neighbours", row.neighbors.isEmpty ? nil : "\(row.neighbors.count)"),
            ("learnt hosts", row.learnt.isEmpty ? nil : "\(row.learnt.count)"),
            ("complete", row.complete ? "yes" : "no: " + (row.problems + row.truncated.map { "\($0.key): \($0.value)" }).joined(separator: "; ")),
        ]
        return TextTable(headers: ["FIELD", "VALUE"], rows: fields.map { [$0.0, ($0.1 ?? "-").replacingOccurrences(of: "\n", with: " ")] }).render()
    }
}

func parseHost(_ text: String) throws -> (IPv4Address, UInt16) {
    let parts = text.split(separator: ":", omittingEmptySubsequences: false)
    guard (1...2).contains(parts.count), let ip = IPv4Address(parts[0]) else {
        throw CensusFailure("bad host '\(text)': expected an IPv4 address, optionally with :PORT", exitCode: CensusFailure.usage)
    }
    guard parts.count == 2 else { return (ip, 161) }
    guard let port = UInt16(parts[1]), port > 0 else {
        throw CensusFailure("bad port in '\(text)'", exitCode: CensusFailure.usage)
    }
    return (ip, port)
}
