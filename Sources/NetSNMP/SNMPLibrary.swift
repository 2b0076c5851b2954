internal import CNetSNMP
import CensusCore
import Foundation
import Logging
import Synchronization

/// The process-wide net-snmp library, set up for Census rather than for the system:
/// its own configuration and persistent directories, no surprise reading of a user's
/// `snmp.conf`, and MIB modules only from the directories Census names.
public enum SNMPLibrary {
    public struct Configuration: Sendable {
        /// Where net-snmp keeps engine boots and other persistent state.
        public var persistentDirectory: String
        /// Directories searched for MIB modules. Where two hold a module of the same name,
        /// net-snmp takes it from the one listed last.
        public var mibDirectories: [String]
        /// net-snmp debug tokens to turn on (e.g. "usm,snmp_api"), for diagnosing agents.
        public var debugTokens: String?

        public init(persistentDirectory: String, mibDirectories: [String] = [], debugTokens: String? = nil) {
            self.persistentDirectory = persistentDirectory
            self.mibDirectories = mibDirectories
            self.debugTokens = debugTokens
        }
    }

    private static let state = Mutex<Configuration?>(nil)

    /// Initialises net-snmp once per process; later calls with any configuration are no-ops
    /// and return the configuration in force.
    @discardableResult
    public static func initialise(_ configuration: Configuration, logger: Logger? = nil) throws(SNMPError) -> Configuration {
        try state.withLock { (current) throws(SNMPError) -> Configuration in
            if let current { return current }
            try makeDirectory(configuration.persistentDirectory)
            // Read no snmp.conf from the system or the user's home: every setting comes from Census.
            netsnmp_ds_set_boolean(NETSNMP_DS_LIBRARY_ID, NETSNMP_DS_LIB_DONT_READ_CONFIGS, 1)
            netsnmp_ds_set_boolean(NETSNMP_DS_LIBRARY_ID, NETSNMP_DS_LIB_DISABLE_PERSISTENT_LOAD, 0)
            netsnmp_ds_set_string(NETSNMP_DS_LIBRARY_ID, NETSNMP_DS_LIB_PERSISTENT_DIR, configuration.persistentDirectory)
            netsnmp_ds_set_string(NETSNMP_DS_LIBRARY_ID, NETSNMP_DS_LIB_CONFIGURATION_DIR, configuration.persistentDirectory)
            // MIB modules come only from Census's directories, all of them loaded (for names).
            setenv("MIBDIRS", configuration.mibDirectories.joined(separator: ":"), 1)
            setenv("MIBS", configuration.mibDirectories.isEmpty ? "" : "ALL", 1)
            routeLogging(to: logger)
            if let tokens = configuration.debugTokens {
                let (kept, refused) = debugTokens(tokens)
                if !refused.isEmpty {
                    (logger ?? Logger(label: "census.net-snmp")).warning(
                        "net-snmp debug tokens left out: \(refused.joined(separator: ",")) (packet dumps show SNMP communities in clear)")
                }
                if !kept.isEmpty {
                    debug_register_tokens(kept.joined(separator: ","))
                    snmp_set_do_debugging(1)
                }
            }
            init_snmp("census")
            logger?.debug("net-snmp initialised", metadata: ["version": "\(version)"])
            current = configuration
            return configuration
        }
    }

    /// The debug tokens net-snmp may be given, and those refused: `all` and the packet dumps
    /// (`dump…`, or any start of it), which print a v1/v2c community in clear. (net-snmp ignores `-token`
    /// exclusions once `all` is on, so `all` cannot be made safe.)
    public static func debugTokens(_ list: String) -> (kept: [String], refused: [String]) {
        let tokens = list.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        // net-snmp turns on every token a given one begins, so "du" is a dump too.
        let unsafe = { (token: String) in
            let token = token.lowercased()
            return token == "all" || token.hasPrefix("dump") || "dump".hasPrefix(token)
        }
        return (tokens.filter { !unsafe($0) }, tokens.filter(unsafe))
    }

    private static func makeDirectory(_ path: String) throws(SNMPError) {
        do {
            try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        } catch {
            throw .setup("cannot create \(path): \(error.localizedDescription)")
        }
    }

    /// Sends net-snmp's own messages to swift-log instead of stderr.
    private static func routeLogging(to logger: Logger?) {
        netSNMPLogSink.withLock { $0 = logger ?? Logger(label: "census.net-snmp") }
        snmp_disable_log()
        _ = netsnmp_register_loghandler(NETSNMP_LOGHANDLER_CALLBACK, LOG_DEBUG)
        snmp_register_callback(Int32(SNMP_CALLBACK_LIBRARY), Int32(SNMP_CALLBACK_LOGGING), forwardNetSNMPLog, nil)
    }


    /// The name of `oid` in the loaded MIB modules, e.g. `ENTITY-MIB::entPhysicalSerialNum.1`
    /// (numeric parts where no module names it). For display only: Census works on numbers.
    public static func name(of oid: OID) -> String {
        var parts = oid.components.map { CNetSNMP.oid($0) }
        var buffer = [CChar](repeating: 0, count: 1024)
        let length = snprint_objid(&buffer, buffer.count, &parts, parts.count)
        guard length > 0 else { return oid.description }
        return String(decoding: buffer.prefix(Int(length)).map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    /// The OID a MIB name stands for (`SNMPv2-MIB::sysDescr.0`, `sysDescr.0`,
    /// `.iso.org.dod.internet.mgmt.mib-2.system.sysDescr.0`) in the loaded modules; nil when
    /// none defines it. Call `initialise` first: the modules are loaded there.
    public static func oid(named name: String) -> OID? {
        var parts = [CNetSNMP.oid](repeating: 0, count: Int(MAX_OID_LEN))
        var length = parts.count
        guard snmp_parse_oid(name, &parts, &length) != nil, length >= 2 else { return nil }
        return OID(parts.prefix(length).map { UInt32(truncatingIfNeeded: $0) })
    }

    /// Whether `initialise` has run in this process.
    public static var isInitialised: Bool { state.withLock { $0 != nil } }

    /// The linked net-snmp library's version, e.g. "5.9.3".
    public static var version: String {
        guard let text = netsnmp_get_version() else { return "unknown" }
        return String(decoding: UnsafeRawBufferPointer(start: text, count: strlen(text)), as: UTF8.self)
    }
}


private let netSNMPLogSink = Mutex(Logger(label: "census.net-snmp"))

/// net-snmp's logging callback: each message goes to swift-log at a matching level.
private func forwardNetSNMPLog(_: Int32, _: Int32, _ message: UnsafeMutableRawPointer?, _: UnsafeMutableRawPointer?) -> Int32 {
    guard let message = message?.assumingMemoryBound(to: snmp_log_message.self).pointee, let text = message.msg else { return 0 }
    let line = String(cString: text).trimmingCharacters(in: .whitespacesAndNewlines)
    let level: Logger.Level = switch message.priority {
    case 0...3: .error
    case 4: .warning
    case 5, 6: .info
    default: .debug
    }
    // net-snmp's chatter about its own files is not the user's business, nor its search for MIB
    // modules: Census works on numbers, and a walk that needed a module says so itself.
    let quiet = line.hasPrefix("Created directory") || line.hasPrefix("Cannot find module") || line.hasPrefix("MIB search path")
    netSNMPLogSink.withLock { $0.log(level: quiet ? .debug : level, "\(line)") }
    return 0
}
