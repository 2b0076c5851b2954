import CensusCore
import DataFiles
import Foundation

extension CensusConfiguration {
    /// Where Census looks when no `--config` is given: `$CENSUS_CONFIG`, else
    /// `$XDG_CONFIG_HOME/census/census.yaml` (`~/.config/census/census.yaml`).
    public static func defaultPath(environment: [String: String] = ProcessInfo.processInfo.environment) -> String {
        if let path = environment["CENSUS_CONFIG"], !path.isEmpty { return path }
        let base = environment["XDG_CONFIG_HOME"].flatMap { $0.hasPrefix("/") ? $0 : nil } ?? (UserPaths.home(environment: environment) + "/.config")
        return base + "/census/census.yaml"
    }

    /// What `defaults.snmp` accepts: the same bounds as `--snmp-timeout` and `--snmp-retries`.
    public static let snmpTimeoutRange = 1...60_000
    public static let snmpRetriesRange = 0...10

    /// Loads `path`; with `required` false a missing file is an empty configuration.
    public static func load(_ path: String, required: Bool = true) throws(ConfigurationError) -> CensusConfiguration {
        if !required && !FileManager.default.fileExists(atPath: path) { return CensusConfiguration() }
        do {
            return try parse(DataFile.load(path))
        } catch {
            throw .invalid(error)
        }
    }

    /// Parses configuration text (`file` names it in errors).
    public static func parse(_ text: String, file: String) throws(ConfigurationError) -> CensusConfiguration {
        do {
            return try parse(DataFile.parse(text, file: file))
        } catch {
            throw .invalid(error)
        }
    }

    /// The folder of the file a value was read from: relative paths in it are read from there.
    /// Nil for text that came from no file (`parse(_:file:)` in tests, standard input).
    static func folder(of value: DataValue) -> String? {
        let file = value.file
        guard FileManager.default.fileExists(atPath: file) else { return nil }
        return URL(fileURLWithPath: file).deletingLastPathComponent().path
    }

    static func parse(_ root: DataValue) throws(DataFileError) -> CensusConfiguration {
        var config = CensusConfiguration()
        config.file = root.file
        if root.isNull { return config }
        let top = try root.mapping()
        try top.onlyKeys(["defaults", "credentials", "clients"])
        if let defaults = top["defaults"] {
            let map = try defaults.mapping()
            try map.onlyKeys(["db", "snmp"])
            if let db = map["db"] {
                // `~/…` is the home folder, as a shell would read it; an empty value names nothing.
                let path = try db.string().trimmingCharacters(in: .whitespaces)
                guard !path.isEmpty else { throw db.error("db is empty: name the database file, or leave db out") }
                config.defaults.database = UserPaths.resolve(path, relativeTo: folder(of: db))
            }
            if let snmp = try map["snmp"]?.mapping() {
                try snmp.onlyKeys(["timeout-ms", "retries"])
                config.defaults.snmpTimeoutMilliseconds = try snmp["timeout-ms"].map { (v) throws(DataFileError) in
                    try v.int(in: snmpTimeoutRange, "timeout-ms must be between \(snmpTimeoutRange.lowerBound) and \(snmpTimeoutRange.upperBound) (milliseconds)")
                }
                config.defaults.snmpRetries = try snmp["retries"].map { (v) throws(DataFileError) in
                    try v.int(in: snmpRetriesRange, "retries must be between \(snmpRetriesRange.lowerBound) and \(snmpRetriesRange.upperBound)")
                }
            }
        }
        for item in try top["credentials"]?.list() ?? [] {
            let definition = try credential(item)
            if config.credentials.contains(where: { $0.name == definition.name }) {
                throw item.error("credential '\(definition.name)' is defined twice")
            }
            config.credentials.append(definition)
        }
        for item in try top["clients"]?.list() ?? [] {
            let map = try item.mapping()
            try map.onlyKeys(["name", "sites"])
            let name = try map.required("name").nonEmptyString()
            if config.clients.contains(where: { $0.name == name }) { throw item.error("client '\(name)' is defined twice") }
            var sites: [Site] = []
            for siteItem in try map["sites"]?.list() ?? [] {
                let site = try self.site(siteItem, credentials: config.credentials)
                if sites.contains(where: { $0.name == site.name }) { throw siteItem.error("site '\(site.name)' is defined twice") }
                sites.append(site)
            }
            config.clients.append(Client(name: name, sites: sites))
        }
        return config
    }

    private static func credential(_ item: DataValue) throws(DataFileError) -> CredentialDefinition {
        let map = try item.mapping()
        try map.onlyKeys(["name", "version", "community", "user", "auth", "auth-pass", "priv", "priv-pass"])
        let name = try map.required("name").nonEmptyString()
        let version = try map["version"]?.string() ?? (map["user"] != nil ? "v3" : "v2c")
        let location = "\(item.file):\(item.line)"
        switch version {
        case "v1", "v2c":
            for key in ["user", "auth", "auth-pass", "priv", "priv-pass"] where map[key] != nil {
                throw map[key]!.error("'\(key)' is for SNMPv3 credentials (this one is \(version))")
            }
            return CredentialDefinition(name: name, kind: .community(version: .init(rawValue: version)!, secret: try secret(map.required("community"))),
                                        location: location)
        case "v3":
            if let community = map["community"] { throw community.error("'community' is for v1/v2c credentials (this one is v3)") }
            let user = try map.required("user").string()
            var auth: SNMPCredential.USMUser.AuthProtocol?
            if let value = map["auth"] {
                guard let parsed = SNMPCredential.USMUser.AuthProtocol(rawValue: try value.string().lowercased()) else {
                    throw value.error("auth must be sha or sha256")
                }
                auth = parsed
            }
            var privacy: SNMPCredential.USMUser.PrivacyProtocol?
            if let value = map["priv"] {
                guard let parsed = SNMPCredential.USMUser.PrivacyProtocol(rawValue: try value.string().lowercased()) else {
                    throw value.error("priv must be aes")
                }
                guard auth != nil else { throw value.error("priv needs auth (authPriv)") }
                privacy = parsed
            }
            let authSecret = try map["auth-pass"].map { (v) throws(DataFileError) in try secret(v) }
            let privSecret = try map["priv-pass"].map { (v) throws(DataFileError) in try secret(v) }
            if auth != nil && authSecret == nil { throw map.owner.error("'auth-pass' is missing") }
            if privacy != nil && privSecret == nil { throw map.owner.error("'priv-pass' is missing") }
            // A passphrase without its protocol would be dropped: the user asked with no authentication.
            if auth == nil, let value = map["auth-pass"] { throw value.error("'auth-pass' without 'auth' (sha or sha256): the passphrase would not be used") }
            if privacy == nil, let value = map["priv-pass"] { throw value.error("'priv-pass' without 'priv' (aes): the passphrase would not be used") }
            return CredentialDefinition(name: name, kind: .usm(user: user, auth: auth, authSecret: authSecret, privacy: privacy, privacySecret: privSecret),
                                        location: location)
        default:
            throw map["version"]!.error("version must be v1, v2c or v3")
        }
    }

    /// `{ env: NAME }` or `{ file: PATH }`; a secret written inline is refused.
    private static func secret(_ value: DataValue) throws(DataFileError) -> SecretReference {
        guard let map = try? value.mapping() else {
            throw value.error("write secrets by reference, { env: VARIABLE } or { file: /path/readable/by/owner/only }, not in the configuration")
        }
        try map.onlyKeys(["env", "file"])
        if let env = map["env"], map["file"] == nil { return .environment(try env.nonEmptyString()) }
        if let file = map["file"], map["env"] == nil { return .file(UserPaths.resolve(try file.nonEmptyString(), relativeTo: folder(of: file))) }
        throw value.error("give exactly one of env or file")
    }

    private static func site(_ item: DataValue, credentials: [CredentialDefinition]) throws(DataFileError) -> Site {
        let map = try item.mapping()
        try map.onlyKeys(["name", "interface", "ranges", "exclude", "credentials"])
        func networks(_ key: String) throws(DataFileError) -> [IPv4Network] {
            try (map[key]?.listOrOne() ?? []).map { (value) throws(DataFileError) in
                let text = try value.string()
                do throws(AddressParseError) { return try IPv4Network(parsing: text) } catch { throw value.error(error.description) }
            }
        }
        var names: [String] = []
        for value in try map["credentials"]?.listOrOne() ?? [] {
            let name = try value.string()
            guard credentials.contains(where: { $0.name == name }) else { throw value.error("no credential named '\(name)' (define it under credentials, above)") }
            names.append(name)
        }
        return Site(name: try map.required("name").nonEmptyString(), interface: try map["interface"]?.string(),
                    ranges: try networks("ranges"), exclude: try networks("exclude"), credentials: names)
    }
}
