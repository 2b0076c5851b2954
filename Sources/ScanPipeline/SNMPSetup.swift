import CensusCore
import Fingerprinting
import SNMPInventory
import SNMPModel
import Foundation
import NetSNMP

/// Sets net-snmp up for this process, once: a private state directory; MIB modules from the
/// project's `mibs/` and the user's directories (CENSUS_MIBS, colon-separated), whose complete
/// modules replace the project's subsets of the same name; CENSUS_SNMP_DEBUG tokens.
public enum SNMPSetup {
    public static func initialise(environment env: [String: String] = ProcessInfo.processInfo.environment) throws {
        let state = (env["XDG_STATE_HOME"].flatMap { $0.hasPrefix("/") ? $0 : nil } ?? (UserPaths.home(environment: env) + "/.local/state")) + "/census/snmp"
        let mibs = [projectMIBDirectory(environment: env)].compactMap { $0 } + (env["CENSUS_MIBS"] ?? "").split(separator: ":").map(String.init)
        do {
            try SNMPLibrary.initialise(.init(persistentDirectory: state, mibDirectories: mibs, debugTokens: env["CENSUS_SNMP_DEBUG"]))
        } catch {
            throw ScanPipelineError(.failed, "\(error)")
        }
    }

    /// The OID of a MIB name in a saved snmpwalk (`IF-MIB::ifPhysAddress.2`), from the project's
    /// modules and CENSUS_MIBS'; nil when none defines it or net-snmp cannot be set up.
    public static func oid(named name: String) -> OID? {
        guard (try? initialise()) != nil else { return nil }
        return SNMPLibrary.oid(named: name)
    }

    /// The project's `mibs/`: $CENSUS_MIB_DIR, else beside the executable's checkout (a
    /// `swift build` binary lives in .build/<config>/), else an installed share folder.
    public static func projectMIBDirectory(environment env: [String: String]) -> String? {
        if let dir = env["CENSUS_MIB_DIR"], !dir.isEmpty { return dir }
        let fm = FileManager.default
        let exe = (try? fm.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0]
        var dir = URL(fileURLWithPath: exe).deletingLastPathComponent()
        for _ in 0..<5 {
            let candidate = dir.appendingPathComponent("mibs")
            if fm.fileExists(atPath: candidate.appendingPathComponent("SNMPv2-SMI").path)
                || fm.fileExists(atPath: candidate.appendingPathComponent("SNMPv2-SMI.txt").path) { return candidate.path }
            dir = dir.deletingLastPathComponent()
        }
        return ["/usr/local/share/census/mibs", "/usr/share/census/mibs"].first { fm.fileExists(atPath: $0) }
    }
}

/// Asks one device everything Census asks, and identifies it.
public enum DeviceProbe {
    public struct Answer: Sendable {
        public var facts: DeviceFacts
        public var identification: Identification
    }

    /// - Throws: `ScanPipelineError` `.unavailable` when no credential got an answer.
    public static func probe(_ ip: IPv4Address, port: UInt16, credentials: [SNMPCredential], settings: InterrogationSettings,
                             identifier: Identifier, interrogator: (any DeviceInterrogator)? = nil) async throws -> Answer {
        let asker: any DeviceInterrogator
        if let interrogator { asker = interrogator } else {
            try SNMPSetup.initialise()
            asker = Interrogator(client: SNMPClient(), credentials: credentials, settings: settings,
                                 followUp: { facts in identifier.vendorObjects(Evidence(facts: facts)) })
        }
        switch await asker.interrogate(ip, port: port, preferred: nil) {
        case .silent(_, let reason):
            throw ScanPipelineError(.unavailable, "no SNMP answer from \(ip)\(port == 161 ? "" : ":\(port)") (\(reason))")
        case .refused(_, let reason):
            throw ScanPipelineError(.unavailable, "\(ip)\(port == 161 ? "" : ":\(port)") answered, but refused every credential tried (\(reason))")
        case .answered(let facts, _):
            return Answer(facts: facts, identification: identifier.identify(Evidence(facts: facts)))
        }
    }
}
