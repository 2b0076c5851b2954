import ArgumentParser
import CensusCore
import Fingerprinting
import Foundation
import SNMPModel
import ScanPipeline

/// `census identify`: names a device offline, from an snmpsim recording or a saved snmpwalk.
struct Identify: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Identify devices offline from snmpsim recordings (.snmprec) or saved snmpwalks (plain or .bz2).",
        discussion: """
        Reads the recording or walk as the objects Census would have collected, then prints vendor, model, class, serial, OS and version with the catalog rules that decided them, and the neighbours its LLDP and CDP tables list (and, for a controller, the devices it manages), each as Census would name it if it did not answer SNMP.

        Files given without --snmprec or --walk are told apart by their content; several are listed one row each (JSON: an array), and a file that cannot be read is named on stderr while the others are still identified (exit 65 at the end).

        A walk is net-snmp's output as saved from `snmpwalk -v2c -c COMMUNITY HOST .1 > FILE` (or snmpbulkwalk, or several walks in one file). Numeric OIDs (-On) need nothing more; names (SNMPv2-MIB::sysDescr.0) are looked up in Census's MIB modules and those in the folders CENSUS_MIBS lists (a product's name, CISCO-PRODUCTS-MIB::catalyst296048, in the catalog's product tables), and a line whose name none defines is skipped and counted on stderr. SnmpSoft's SnmpWalk.exe output (OID=.1.3.6.1.2.1.1.1.0, Type=OctetString, Value=…), as Windows technicians save it, is read too.
        """
    )

    @Argument(help: ArgumentHelp("Recordings or saved walks, each told by its content; several give one row each.", valueName: "file"))
    var files: [String] = []

    @Option(name: .long, help: "The snmpsim recording file (.snmprec); - reads standard input.")
    var snmprec: String?

    @Option(name: .long, help: "A saved snmpwalk (net-snmp's text output, numeric OIDs or names, or SnmpWalk.exe's); - reads standard input.")
    var walk: String?

    @Option(name: .long, help: ArgumentHelp("The address the recording was taken at.",
                                            discussion: "A cluster member finds its own row of the cluster's table by it (an Aruba Instant AP's serial), as over SNMP; without it no row is the device's."))
    var address: String?

    @OptionGroup var catalogOptions: CatalogOptions

    @Option(name: .long, help: "Output format: table, json or csv (csv: one row per file).")
    var format: OutputFormat = .table

    func validate() throws {
        let given = files.count + (snmprec == nil ? 0 : 1) + (walk == nil ? 0 : 1)
        guard given > 0, files.isEmpty || given == files.count, snmprec == nil || walk == nil else {
            throw ValidationError("give files (census identify FILE...), or one of --snmprec FILE and --walk FILE")
        }
    }

    /// What each input is: a recording, a walk, or told by its content (nil).
    var inputs: [(path: String, walk: Bool?)] {
        if let snmprec { return [(snmprec, false)] }
        if let walk { return [(walk, true)] }
        return files.map { ($0, nil) }
    }

    func run() async throws {
        try await reportingFailures {
            let ip = try address.map { text in
                guard let ip = IPv4Address(text) else { throw CensusFailure("--address: '\(text)' is not an IPv4 address", exitCode: CensusFailure.usage) }
                return ip
            }
            let identifier = try catalogOptions.identifier()
            // A saved walk's names: net-snmp's modules first, then the products MIBs' names the catalog's product tables keep.
            let resolve = { (name: String) in SNMPSetup.oid(named: name) ?? identifier.catalog.productOID(named: name) }
            func identify(_ path: String, walk: Bool?) throws -> IdentifyOutput {
                let reading = try Self.readRecording(path, walk: walk, resolve: resolve, ip: ip ?? .any, keep: identifier.catalog.fetchedObjects,
                                                    keepUnderObjectID: identifier.catalog.fetchedUnderProduct,
                                                    keepFirstRowOf: identifier.catalog.fetchedFirstRows,
                                                    keepColumns: ip == nil ? [] : identifier.catalog.fetchedOwnRowColumns)
                let facts = reading.facts
                // Names need Census's MIB modules: a binary copied without its checkout finds none.
                let noModules = reading.skipped.contains { $0.kind == .unknownName }
                    && SNMPSetup.projectMIBDirectory(environment: ProcessInfo.processInfo.environment) == nil
                // `name = value` with no type: snmpwalk -OQ's output, whose values cannot be told apart.
                let untyped = reading.skipped.count { $0.kind == .notAnObject && $0.reason.contains(" = ") } * 2 > reading.skipped.count
                let modulesHint = noModules ? "Census's MIB modules were not found: set CENSUS_MIB_DIR to the mibs/ folder of a checkout, or save the walk with snmpwalk -On"
                    : untyped ? "its values have no types, as snmpwalk -OQ prints them: save the walk again without -OQ (snmpwalk -On)" : nil
                // Lines were there, and none could be read (an "unknown" answer would hide that).
                if !reading.skipped.isEmpty, facts.sections.values.allSatisfy({ $0.varBinds.isEmpty }) {
                    throw CensusFailure("\(path): no object in it could be read\(modulesHint.map { " (\($0))" } ?? (reading.skippedSummary.map { " (\($0))" } ?? ""))",
                                        exitCode: CensusFailure.dataError)
                }
                if let summary = reading.skippedSummary {
                    // What the file held that could not be read: on stderr, so JSON output stays clean.
                    var lines = ["identify: \(path): \(summary)"] + (modulesHint.map { ["  \($0)"] } ?? [])
                    lines += reading.skipped.prefix(Self.skippedLinesShown).map { "  \($0)" }
                    if reading.skipped.count > Self.skippedLinesShown { lines.append("  … and \(reading.skipped.count - Self.skippedLinesShown) more") }
                    Terminal.error(lines.joined(separator: "\n"))
                }
                return IdentifyOutput(recording: path, sysObjectID: facts.sysObjectID?.description, sysDescr: facts.sysDescr,
                                      identification: identifier.identify(Evidence(facts: facts)),
                                      neighbours: NeighbourSighting.all(in: facts).map { NeighbourOutput($0, identifier.identify($0)) })
            }
            if inputs.count == 1, format != .csv {
                try render(identify(inputs[0].path, walk: inputs[0].walk))
                return
            }
            // Several files (or CSV): one row each; a file that cannot be read is named on stderr, the others still identified.
            var outputs: [IdentifyOutput] = []
            var failed = 0
            for input in inputs {
                do { outputs.append(try identify(input.path, walk: input.walk)) } catch let failure as CensusFailure {
                    Terminal.error("census: \(failure.description)")
                    failed += 1
                }
            }
            let empty = format == .csv ? "" : "-"
            let rows = outputs.map {
                [$0.recording, $0.identification.vendor ?? empty, $0.identification.model ?? empty, $0.identification.class.rawValue,
                 $0.identification.serial ?? empty, $0.identification.os ?? empty, $0.identification.version ?? empty]
            }
            switch format {
            case .json: print(try JSONOutput.encode(outputs), terminator: "")
            case .csv: print(try CSVOutput.render(headers: ["file", "vendor", "model", "class", "serial", "os", "version"], rows: rows), terminator: "")
            case .table: print(TextTable(headers: ["FILE", "VENDOR", "MODEL", "CLASS", "SERIAL", "OS", "VERSION"], rows: rows).render(), terminator: "")
            }
            if failed > 0 {
                throw CensusFailure("\(failed) of \(inputs.count) files could not be read", exitCode: CensusFailure.dataError)
            }
        }
    }

    /// One device, whole: its fields and the rules that decided them, then the neighbours it lists.
    func render(_ output: IdentifyOutput) throws {
        if format == .json {
            print(try JSONOutput.encode(output), terminator: "")
            return
        }
        let result = output.identification
        let rows: [[String]] = [
            ["vendor", result.vendor ?? "-"], ["model", result.model ?? "-"], ["class", result.class.rawValue],
            ["serial", result.serial ?? "-"], ["os", result.os ?? "-"], ["version", result.version ?? "-"],
            ["family", result.family ?? "-"],
            ["match", result.matches.map { "\($0.rule)\($0.fields.isEmpty ? "" : " (\($0.fields.joined(separator: ", ")))")" }.joined(separator: "; ")],
        ]
        print(TextTable(headers: ["FIELD", "VALUE"], rows: rows).render(), terminator: "")
        if !output.neighbours.isEmpty {
            print("\nNeighbours it lists (LLDP, CDP, a controller's devices), as Census would name them if they did not answer SNMP:\n")
            print(TextTable(headers: ["VIA", "PORT", "NAME", "MAC/ADDRESS", "VENDOR", "MODEL", "CLASS", "SERIAL", "VERSION"], rows: output.neighbours.map {
                [$0.via, $0.port.map(String.init) ?? "-", $0.name ?? "-", ($0.macs + $0.addresses).first ?? "-",
                 $0.identification?.vendor ?? "-", $0.identification?.model ?? "-", $0.identification?.class.rawValue ?? "-",
                 $0.identification?.serial ?? "-", $0.identification?.version ?? "-"]
            }).render(), terminator: "")
        }
    }

    /// The file's text as UTF-8 bytes: a UTF-8 byte-order mark dropped; UTF-16 (what Windows
    /// PowerShell's `>` writes, with or without its mark) converted. Anything else is left as it is
    /// (a Latin-1 value still reaches the facts byte for byte).
    static func utf8(_ bytes: [UInt8]) -> [UInt8] {
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { return Array(bytes.dropFirst(3)) }
        let head = bytes.prefix(64)
        let evenZeros = stride(from: 0, to: head.count, by: 2).filter { head[head.startIndex + $0] == 0 }.count
        let oddZeros = stride(from: 1, to: head.count, by: 2).filter { head[head.startIndex + $0] == 0 }.count
        let pairs = head.count / 2
        var encoding: String.Encoding?
        if bytes.starts(with: [0xFF, 0xFE]) || (pairs >= 4 && oddZeros * 4 >= pairs * 3 && evenZeros == 0) { encoding = .utf16LittleEndian }
        if bytes.starts(with: [0xFE, 0xFF]) || (pairs >= 4 && evenZeros * 4 >= pairs * 3 && oddZeros == 0) { encoding = .utf16BigEndian }
        guard let encoding else { return bytes }
        let body = bytes.starts(with: [0xFF, 0xFE]) || bytes.starts(with: [0xFE, 0xFF]) ? Data(bytes.dropFirst(2)) : Data(bytes)
        guard let text = String(data: body, encoding: encoding) else { return bytes }
        return Array(text.utf8)
    }

    /// How many skipped lines are listed one by one on stderr (the summary counts them all).
    static let skippedLinesShown = 5

    /// The recording's (or walk's) bytes as they are (a Latin-1 value reaches the facts byte for
    /// byte), with the lines that could not be read as values. `walk` nil: told by the content.
    static func readRecording(_ path: String, walk: Bool? = false, resolve: (String) -> OID? = SNMPSetup.oid(named:), ip: IPv4Address = .any, keep: Set<OID>, keepUnderObjectID: Set<OID> = [],
                              keepFirstRowOf: Set<OID> = [], keepColumns: Set<OID> = []) throws -> SNMPRecording.Reading {
        var bytes: [UInt8]
        // bzip2 by its name or, for a file, by its first bytes ("BZh"): told by the content.
        let bzip2 = path.hasSuffix(".bz2") || (path != "-" && (FileHandle(forReadingAtPath: path).map { handle in
            defer { try? handle.close() }
            return (try? handle.read(upToCount: 3)) == Data("BZh".utf8)
        } ?? false))
        if bzip2 {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
            process.arguments = ["bzip2", "-dc", path]
            let pipe = Pipe()
            process.standardOutput = pipe
            process.standardError = FileHandle.nullDevice
            do { try process.run() } catch { throw CensusFailure("cannot run bzip2 to read \(path)", exitCode: CensusFailure.dataError) }
            let data = pipe.fileHandleForReading.readDataToEndOfFile()
            process.waitUntilExit()
            guard process.terminationStatus == 0 else { throw CensusFailure("\(path) is not a readable bzip2 file", exitCode: CensusFailure.dataError) }
            bytes = Array(data)
        } else if path == "-" {
            bytes = Array(FileHandle.standardInput.readDataToEndOfFile())
        } else {
            var isFolder: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isFolder) else {
                throw CensusFailure("cannot read \(path): no such file", exitCode: CensusFailure.dataError)
            }
            guard !isFolder.boolValue else { throw CensusFailure("cannot read \(path): it is a folder (give the files in it)", exitCode: CensusFailure.dataError) }
            guard let data = FileManager.default.contents(atPath: path) else {
                throw CensusFailure("cannot read \(path): permission denied or unreadable", exitCode: CensusFailure.dataError)
            }
            bytes = Array(data)
        }
        for (magic, what, how) in [([UInt8]([0x1F, 0x8B]), "gzip-compressed", "gunzip"), ([0xFD, 0x37, 0x7A, 0x58, 0x5A, 0x00], "xz-compressed", "unxz"),
                                   ([0x50, 0x4B, 0x03, 0x04], "a zip archive", "unzip"), (Array("BZh".utf8), "bzip2-compressed", "bunzip2")]
            where bytes.starts(with: magic) {
            throw CensusFailure("\(path) is \(what): \(how) it first (census reads plain files and bzip2)", exitCode: CensusFailure.dataError)
        }
        bytes = Self.utf8(bytes)
        do {
            if walk ?? !SNMPRecording.looksLikeRecording(bytes) {
                return try SNMPWalk.read(fromBytes: bytes, file: path, resolve: resolve, ip: ip, keep: keep,
                                         keepUnderObjectID: keepUnderObjectID, keepFirstRowOf: keepFirstRowOf, keepColumns: keepColumns)
            }
            return try SNMPRecording.read(fromBytes: bytes, file: path, ip: ip, keep: keep, keepUnderObjectID: keepUnderObjectID,
                                          keepFirstRowOf: keepFirstRowOf, keepColumns: keepColumns)
        } catch {
            throw CensusFailure(error.description, exitCode: CensusFailure.dataError)
        }
    }
}

struct IdentifyOutput: Encodable, EncodesEveryKey {
    let recording: String
    let sysObjectID: String?
    let sysDescr: String?
    let identification: Identification
    /// The rows of its LLDP and CDP tables and its tables of managed devices, each identified as a silent neighbour would be.
    let neighbours: [NeighbourOutput]
}

/// One neighbour row and what Census names from it (nil: nothing).
struct NeighbourOutput: Encodable, EncodesEveryKey {
    let via: String
    /// The local port the row was heard on; nil for a controller's row.
    let port: Int?
    let name: String?
    let description: String?
    let platform: String?
    let macs: [String]
    let addresses: [String]
    let identification: Identification?

    init(_ sighting: NeighbourSighting, _ identification: Identification?) {
        via = sighting.protocolName
        port = sighting.port
        name = sighting.systemName
        description = sighting.systemDescription
        platform = sighting.platform
        macs = sighting.macs.map(\.description)
        addresses = sighting.addresses.map(\.description)
        self.identification = identification
    }
}
