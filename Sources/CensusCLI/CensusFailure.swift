import ArgumentParser
import CensusCore
import DeviceModel
import Foundation
import Logging
import ScanPipeline

/// A failure the user can act on, with the exit code scripts can rely on.
struct CensusFailure: Error, CustomStringConvertible {
    let description: String
    let exitCode: Int32

    static let usage: Int32 = 64
    static let dataError: Int32 = 65
    static let unavailable: Int32 = 69
    /// EX_CONFIG: the configuration file or a secret it names is unusable.
    static let configError: Int32 = 78
    static let notPermitted: Int32 = 77
    static let interrupted: Int32 = 130

    init(_ description: String, exitCode: Int32 = 1) {
        self.description = description
        self.exitCode = exitCode
    }

    init(_ error: ScanPipelineError) {
        switch error.kind {
        case .usage: self.init(error.description, exitCode: Self.usage)
        case .unavailable: self.init(error.description, exitCode: Self.unavailable)
        case .notPermitted: self.init(error.description, exitCode: Self.notPermitted)
        case .badInput: self.init(error.description, exitCode: Self.dataError)
        case .failed: self.init(error.description)
        }
    }
}

extension ParsableCommand {
    /// Runs `body`, turning a `CensusFailure` into a one-line message on stderr and its exit code.
    func reportingFailures(_ body: () async throws -> Void) async throws {
        Diagnostics.bootstrap()
        do {
            try await body()
        } catch let failure as CensusFailure {
            Terminal.error("census: \(failure.description)")
            throw ExitCode(failure.exitCode)
        } catch let error as ScanPipelineError {
            Terminal.error("census: \(error.description)")
            throw ExitCode(CensusFailure(error).exitCode)
        } catch let error as StoreError {
            Terminal.error("census: \(error.description)")
            throw ExitCode(error.isUsage ? CensusFailure.usage : 1)
        }
    }
}

/// "1 host", "2 hosts", "1 entry", "3 entries": a count for a summary line.
/// A path as a shell reads it back: bare when it is plain, else in single quotes.
func shellQuoted(_ text: String) -> String {
    let plain = !text.isEmpty && text.unicodeScalars.allSatisfy { CharacterSet.alphanumerics.contains($0) || "/._-+:@%,".unicodeScalars.contains($0) }
    return plain ? text : "'" + text.replacingOccurrences(of: "'", with: "'\\''") + "'"
}

func counted(_ count: Int, _ noun: String) -> String {
    if count == 1 { return "\(count) \(noun)" }
    if noun.hasSuffix("y"), !"aeiou".contains(noun.dropLast().last ?? "a") { return "\(count) \(noun.dropLast())ies" }
    return "\(count) \(noun)s"
}

/// Writes to the terminal: results on stdout, everything else on stderr.
enum Terminal {
    static let stderrIsTerminal = isatty(STDERR_FILENO) != 0

    static func error(_ line: String) {
        // `try?`: a terminal that hung up (SIGHUP) must not crash the clean stop.
        try? FileHandle.standardError.write(contentsOf: Data((shown(line) + "\n").utf8))
    }

    /// A message as the terminal may show it: text from files and devices quoted in it cannot
    /// move the cursor, retitle the window or reorder the line. Control characters (but line
    /// breaks and tabs) and invisible ones are written as escapes (`\u{1B}`).
    static func shown(_ text: String) -> String {
        guard text.unicodeScalars.contains(where: isHidden) else { return text }
        var out = ""
        for scalar in text.unicodeScalars {
            if isHidden(scalar) { out += "\\u{\(String(scalar.value, radix: 16, uppercase: true))}" } else { out.unicodeScalars.append(scalar) }
        }
        return out
    }

    private static func isHidden(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x09, 0x0A: false
        case 0x00...0x1F, 0x7F...0x9F: true
        default: InvisibleControls.contains(scalar)
        }
    }

    /// A progress line that rewrites itself on a terminal and stays quiet otherwise.
    static func progress(_ line: String) {
        guard stderrIsTerminal else { return }
        try? FileHandle.standardError.write(contentsOf: Data(("\r\u{1B}[K" + line).utf8))
    }

    static func endProgress() {
        guard stderrIsTerminal else { return }
        try? FileHandle.standardError.write(contentsOf: Data("\r\u{1B}[K".utf8))
    }
}

/// Log messages (Census's and net-snmp's) go to stderr, never into results on stdout.
/// CENSUS_LOG_LEVEL (trace, debug, info, notice, warning, error) sets how much; default warning.
/// CENSUS_SNMP_DEBUG=TOKENS (e.g. `usm,snmp_api`) also turns on net-snmp's own debug output.
enum Diagnostics {
    private static let once: Void = {
        let env = ProcessInfo.processInfo.environment
        let level = env["CENSUS_LOG_LEVEL"].flatMap { Logger.Level(rawValue: $0.lowercased()) }
            ?? (env["CENSUS_SNMP_DEBUG"] != nil ? .debug : .warning)
        LoggingSystem.bootstrap { label in
            var handler = StreamLogHandler.standardError(label: label)
            handler.logLevel = level
            return handler
        }
    }()

    static func bootstrap() { _ = once }
}
