import ArgumentParser
import CensusConfig
import CensusCore
import Foundation
import SNMPModel

/// SNMP credential and pacing flags shared by `scan` and `probe`. Secrets may also come from
/// the environment (CENSUS_SNMP_COMMUNITIES, comma-separated; CENSUS_SNMP_AUTH_PASS;
/// CENSUS_SNMP_PRIV_PASS), which keeps them out of shell history and process lists, or from
/// the configuration file's named credentials (`--credential`, or the site's list).
struct SNMPOptions: ParsableArguments {
    @Option(name: .long, help: "SNMP v2c community to try; repeatable, tried in order. Other users of the machine can read it in the process list: prefer CENSUS_SNMP_COMMUNITIES (comma-separated) or --credential. Default: public, unless a v3 user or --credential is given.")
    var community: [String] = []

    @Flag(name: .long, help: "Also try each community with SNMPv1 (old printers and UPSes).")
    var snmpV1 = false

    @Option(name: .long, help: "SNMPv3 user name (tried before communities).")
    var snmpV3User: String?

    @Option(name: .long, help: "SNMPv3 authentication protocol: sha or sha256.")
    var snmpAuth: String?

    @Option(name: .long, help: "SNMPv3 authentication passphrase; visible in the process list: prefer CENSUS_SNMP_AUTH_PASS.")
    var snmpAuthPass: String?

    @Option(name: .long, help: "SNMPv3 privacy protocol: aes (AES-128).")
    var snmpPriv: String?

    @Option(name: .long, help: "SNMPv3 privacy passphrase; visible in the process list: prefer CENSUS_SNMP_PRIV_PASS.")
    var snmpPrivPass: String?

    @Option(name: .long, help: "Credential from the configuration file to try; repeatable, in order. Default: the site's list, else every configured one.")
    var credential: [String] = []

    @Option(name: .long, parsing: .unconditional, help: "Milliseconds to wait for each SNMP answer (the first question to a v1/v2c device with retries left waits 250). Default: the configuration's, else 800.")
    var snmpTimeout: Int?

    @Option(name: .long, parsing: .unconditional, help: "SNMP retries per request. Default: the configuration's, else 1.")
    var snmpRetries: Int?

    @Option(name: .long, parsing: .unconditional, help: "Seconds one device may take in all (its time budget).")
    var snmpBudget: Double = 20

    @Option(name: .long, parsing: .unconditional, help: "Rows asked per GETBULK request (SNMPv2c/v3 max-repetitions).")
    var snmpMaxRepetitions: Int = InterrogationSettings().maxRepetitions

    @Option(name: .long, parsing: .unconditional, help: "Rows kept per table walk; larger tables are cut and marked truncated.")
    var snmpMaxRows: Int = InterrogationSettings().maxRowsPerWalk

    func validate() throws {
        if let a = snmpAuth, SNMPCredential.USMUser.AuthProtocol(rawValue: a) == nil {
            throw ValidationError("--snmp-auth must be sha or sha256")
        }
        if let p = snmpPriv, SNMPCredential.USMUser.PrivacyProtocol(rawValue: p) == nil {
            throw ValidationError("--snmp-priv must be aes")
        }
        if snmpPriv != nil && snmpAuth == nil { throw ValidationError("--snmp-priv needs --snmp-auth (authPriv)") }
        if (snmpAuth != nil || snmpPriv != nil) && snmpV3User == nil { throw ValidationError("--snmp-auth/--snmp-priv need --snmp-v3-user") }
        if (snmpAuthPass != nil || snmpPrivPass != nil) && snmpV3User == nil {
            throw ValidationError("--snmp-auth-pass/--snmp-priv-pass need --snmp-v3-user")
        }
        if let snmpTimeout, !(1...60_000).contains(snmpTimeout) { throw ValidationError("--snmp-timeout must be 1 to 60000 ms") }
        if let snmpRetries, !(0...10).contains(snmpRetries) { throw ValidationError("--snmp-retries must be 0 to 10") }
        guard (1...1000).contains(snmpMaxRepetitions) else { throw ValidationError("--snmp-max-repetitions must be 1 to 1000") }
        guard snmpMaxRows >= 1 else { throw ValidationError("--snmp-max-rows must be at least 1") }
        guard snmpBudget > 0 else { throw ValidationError("--snmp-budget must be positive") }
    }

    /// Credentials in the order they are tried (the rule: `CredentialChoice`).
    func credentials(config: CensusConfiguration = .init(), site: CensusConfiguration.Site? = nil,
                     environment: [String: String] = ProcessInfo.processInfo.environment) throws -> [SNMPCredential] {
        // A secret given as a flag sits in the process list (`ps`) for the whole scan.
        let visible = [(community.contains { $0 != "public" }, "--community", "CENSUS_SNMP_COMMUNITIES"),
                       (snmpAuthPass != nil, "--snmp-auth-pass", "CENSUS_SNMP_AUTH_PASS"),
                       (snmpPrivPass != nil, "--snmp-priv-pass", "CENSUS_SNMP_PRIV_PASS")].filter(\.0)
        if !visible.isEmpty {
            Terminal.error("census: warning: \(visible.map(\.1).joined(separator: ", ")) on the command line can be read by other users of this machine (ps); \(visible.map(\.2).joined(separator: ", ")) or a configuration credential keeps \(visible.count == 1 ? "it" : "them") out of sight")
        }
        // A passphrase in the environment with no protocol to use it: the user is asked without authentication.
        if snmpV3User != nil, snmpAuth == nil, environment["CENSUS_SNMP_AUTH_PASS"].map({ !$0.isEmpty }) ?? false || snmpAuthPass != nil {
            Terminal.error("census: warning: an SNMPv3 authentication passphrase is set but no --snmp-auth: user \(snmpV3User!) is asked with no authentication (noAuthNoPriv); give --snmp-auth sha or sha256")
        }
        let choice = CredentialChoice(v3User: snmpV3User, authProtocol: snmpAuth.flatMap { .init(rawValue: $0) }, authPassphrase: snmpAuthPass,
                                      privacyProtocol: snmpPriv.flatMap { .init(rawValue: $0) }, privacyPassphrase: snmpPrivPass,
                                      communities: community, alsoV1: snmpV1, names: credential)
        do throws(CredentialChoice.Problem) { return try choice.resolve(in: config, site: site, environment: environment) } catch {
            switch error {
            case .shortPassphrase(let which):
                let flag = which == "authentication" ? "--snmp-auth-pass or CENSUS_SNMP_AUTH_PASS" : "--snmp-priv-pass or CENSUS_SNMP_PRIV_PASS"
                throw CensusFailure("\(error.description) (\(flag))", exitCode: CensusFailure.configError)
            case .configuration:
                throw CensusFailure(error.description, exitCode: CensusFailure.configError)
            }
        }
    }

    /// Pacing: flags first, then the configuration's defaults, then Census's.
    func settings(_ config: CensusConfiguration = .init()) -> InterrogationSettings {
        var s = InterrogationSettings()
        s.timeout = .milliseconds(snmpTimeout ?? config.defaults.snmpTimeoutMilliseconds ?? 800)
        s.retries = snmpRetries ?? config.defaults.snmpRetries ?? 1
        s.budget = .seconds(snmpBudget)
        s.maxRowsPerWalk = snmpMaxRows
        s.maxRepetitions = snmpMaxRepetitions
        return s
    }
}
