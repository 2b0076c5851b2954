import ArgumentParser
import CensusCore
import Fingerprinting
import Foundation
import SNMPModel

/// `census identify`: names a device offline, from an snmpsim recording.
struct Identify: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Identify a device offline from an snmpsim recording (.snmprec, plain or .bz2).",
        discussion: "Reads the recording as the objects Census would have collected, then prints vendor, model, class, serial, OS and version with the catalog rules that decided them."
    )

    @Option(name: .long, help: "The recording file.")
    var snmprec: String

    @OptionGroup var catalogOptions: CatalogOptions

    @Option(name: .long, help: "Output format: table or json.")
    var format: OutputFormat = .table

    func run() async throws {
        try await reportingFailures {
            let identifier = try catalogOptions.identifier()
            let facts = try Self.readRecording(snmprec, keep: identifier.catalog.fetchedObjects)
            let result = identifier.identify(Evidence(facts: facts))
            if format == .json {
                print(try JSONOutput.encode(IdentifyOutput(recording: snmprec, sysObjectID: facts.sysObjectID?.description,
                                                           sysDescr: facts.sysDescr, identification: result)), terminator: "")
            } else {
                let rows: [[String]] = [
                    ["vendor", result.vendor ?? "-"], ["model", result.model ?? "-"], ["class", result.class.rawValue],
                    ["serial", result.serial ?? "-"], ["os", result.os ?? "-"], ["version", result.version ?? "-"],
                    ["family", result.family ?? "-"],
                    ["match", result.matches.map { "\($0.rule)\($0.fields.isEmpty ? "" : " (\($0.fields.joined(separator: ", ")))")" }.joined(separator: "; ")],
                ]
                print(TextTable(headers: ["FIELD", "VALUE"], rows: rows).render(), terminator: "")
            }
        }
    }

    static func readRecording(_ path: String, keep: Set<OID>) throws -> DeviceFacts {
        let text: String
        if path.hasSuffix(".bz2") {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
            process.arguments = ["bzip2", "-dc", path]
            let pipe = Pipe()
            process.standardOutput = pipe
            process.standardError = FileHandle.nullDevice
            do { try process.run() } catch { throw CensusFailure("cannot run bzip2 to read \(path)", exitCode: CensusFailure.dataError) }
            let data = pipe.fileHandleForReading.readDataToEndOfFile()
            process.waitUntilExit()
            guard process.terminationStatus == 0 else { throw CensusFailure("\(path) is not a readable .bz2 file", exitCode: CensusFailure.dataError) }
            text = String(decoding: data, as: UTF8.self)
        } else {
            guard let data = FileManager.default.contents(atPath: path) else {
                throw CensusFailure("cannot read \(path)", exitCode: CensusFailure.dataError)
            }
            text = String(decoding: data, as: UTF8.self)
        }
        do { return try SNMPRecording.facts(fromText: text, file: path, keep: keep) } catch {
            throw CensusFailure(error.description, exitCode: CensusFailure.dataError)
        }
    }
}

struct IdentifyOutput: Encodable {
    let recording: String
    let sysObjectID: String?
    let sysDescr: String?
    let identification: Identification
}
