import ArgumentParser
import CensusCore
import DeviceModel
import Foundation
import Inventory

/// `census export`: one scan as a bundle file, for an offline site visit.
struct Export: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Write one scan to a self-describing bundle file (no secrets) for import elsewhere.")

    @Option(name: .long, help: "The scan to export.")
    var scan: Int64

    @Option(name: .long, help: "The bundle file to write (- for standard output).")
    var out: String

    @OptionGroup var database: DatabaseOptions

    func run() async throws {
        try await reportingFailures {
            let store = try await database.openExisting()
            // A running scan's bundle would be imported as partial, and the finished scan (same
            // UUID) then never: export it when it has ended.
            if let record = try store.scan(scan), record.status == .running {
                throw CensusFailure("scan \(scan) is still running: export it when it has finished", exitCode: CensusFailure.usage)
            }
            let bundle = try await BundleExchange().export(scanId: scan, from: store, at: Date())
            try OutputFile.write(try bundle.encoded(), to: out)
            Terminal.error("census: scan \(scan) (\(counted(bundle.observations.count, "host")), \(counted(bundle.facts.count, "SNMP answer"))) written to \(out == "-" ? "standard output" : out)")
        }
    }
}

/// `census import`: a bundle merged into the client's history.
struct Import: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Merge a scan bundle into this database: a scan of its own, its devices resolved against the client's. Importing the same bundle twice adds nothing.")

    @Argument(help: "The bundle file.")
    var file: String

    @OptionGroup var database: DatabaseOptions

    func run() async throws {
        try await reportingFailures {
            guard let data = FileManager.default.contents(atPath: file) else {
                throw CensusFailure("cannot read \(file)", exitCode: CensusFailure.dataError)
            }
            let bundle: ScanBundle
            do { bundle = try ScanBundle.decode(data, file: file) } catch {
                throw CensusFailure("\(error)", exitCode: CensusFailure.dataError)
            }
            let store = try database.open()
            let (scanId, isNew) = try await BundleExchange().import(bundle, into: store)
            guard isNew else {
                // The same scan (by UUID) may have been filed under another spelling of the client.
                let filed = try store.scan(scanId)?.client
                // Under another client altogether: the same UUID for two clients' scans is an
                // error a script must see (the server answers 409), not a harmless re-import.
                if let filed, !isSameClient(filed, bundle.scan.client) {
                    throw CensusFailure("\(file): its scan (UUID \(bundle.scan.uuid)) is already here as scan \(scanId) of client '\(filed)', and this bundle says '\(bundle.scan.client)'; nothing added",
                                        exitCode: CensusFailure.dataError)
                }
                let under = filed.map { $0 == bundle.scan.client ? "" : " of client '\($0)' (this bundle says '\(bundle.scan.client)')" } ?? ""
                Terminal.error("census: \(file) was already imported as scan \(scanId)\(under); nothing added")
                return
            }
            Terminal.error("census: \(file) imported as scan \(scanId) of \(bundle.scan.client) (\(counted(Set(bundle.observations.map { "\($0.ip) \($0.mac)" }).count, "host")))")
        }
    }
}
