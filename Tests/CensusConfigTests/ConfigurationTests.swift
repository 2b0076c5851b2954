import CensusConfig
import CensusCore
import DataFiles
import Foundation
import XCTest

final class ConfigurationTests: XCTestCase {
    let sample = """
    defaults:
      db: /tmp/census.sqlite
      snmp: { timeout-ms: 500, retries: 2 }
    credentials:
      - name: office
        community: { env: TEST_OFFICE_COMMUNITY }
      - name: printers
        version: v1
        community: { env: TEST_OFFICE_COMMUNITY }
      - name: core
        version: v3
        user: census
        auth: sha256
        auth-pass: { env: TEST_CORE_AUTH }
        priv: aes
        priv-pass: { env: TEST_CORE_PRIV }
    clients:
      - name: acme
        sites:
          - name: hq
            interface: lan1
            ranges: [198.18.0.0/24, 198.18.1.0/24]
            exclude: 198.18.0.250/32
            credentials: [core, office]
      - name: globex
        sites:
          - name: hq
            ranges: [198.18.0.0/24]
    """

    let environment = ["TEST_OFFICE_COMMUNITY": "s3cret-community", "TEST_CORE_AUTH": "auth-passphrase", "TEST_CORE_PRIV": "priv-passphrase"]

    func testParsesClientsSitesAndCredentialsInOrder() throws {
        let config = try CensusConfiguration.parse(sample, file: "census.yaml")
        XCTAssertEqual(config.defaults.database, "/tmp/census.sqlite")
        XCTAssertEqual(config.defaults.snmpTimeoutMilliseconds, 500)
        XCTAssertEqual(config.defaults.snmpRetries, 2)
        XCTAssertEqual(config.credentials.map(\.name), ["office", "printers", "core"])
        let site = try config.site("hq", of: "acme")
        XCTAssertEqual(site.interface, "lan1")
        XCTAssertEqual(site.ranges.map(\.description), ["198.18.0.0/24", "198.18.1.0/24"])
        XCTAssertEqual(site.exclude.map(\.description), ["198.18.0.250/32"])
        XCTAssertEqual(site.credentials, ["core", "office"])
        // Two clients may use the same private range: each site keeps its own.
        XCTAssertEqual(try config.site("hq", of: "globex").ranges, [try IPv4Network(parsing: "198.18.0.0/24")])
    }

    /// Relative paths in a configuration file are read from its folder, not from wherever
    /// Census runs: each working directory once got a database of its own.
    func testRelativePathsAreReadFromTheFilesFolder() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("census-config-\(UUID())")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = folder.appendingPathComponent("census.yaml").path
        try "defaults:\n  db: data/acme.sqlite\ncredentials:\n  - name: office\n    community: { file: secrets/community }\n"
            .write(toFile: file, atomically: true, encoding: .utf8)
        let config = try CensusConfiguration.load(file)
        XCTAssertEqual(config.defaults.database, folder.appendingPathComponent("data/acme.sqlite").standardizedFileURL.path)
        XCTAssertTrue("\(config.credentials)".contains(folder.appendingPathComponent("secrets/community").standardizedFileURL.path), "\(config.credentials)")
        // One home folder: $HOME's, for `~` as for the default file.
        XCTAssertEqual(UserPaths.resolve("~/x.sqlite", relativeTo: nil, environment: ["HOME": "/srv/tech"]), "/srv/tech/x.sqlite")
        XCTAssertEqual(CensusConfiguration.defaultPath(environment: ["HOME": "/srv/tech"]), "/srv/tech/.config/census/census.yaml")
    }

    /// A file an old editor saved in Latin-1 is named with the line of its first such byte, not
    /// with Foundation's "the file isn't in the correct format".
    func testAFileThatIsNotUTF8IsNamedWithItsLine() throws {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("census-latin1-\(UUID()).yaml")
        defer { try? FileManager.default.removeItem(at: file) }
        try Data("defaults:\n  db: caf".utf8 + [0xE9] + ".sqlite\n".utf8).write(to: file)
        XCTAssertThrowsError(try CensusConfiguration.load(file.path)) { error in
            XCTAssertTrue("\(error)".contains("\(file.path):2: not UTF-8 text (byte 0xE9): save it as UTF-8"), "\(error)")
        }
    }

    /// `defaults.db: ~/…` is the home folder; an empty one is an error, not "no database".
    func testTheDatabasePathReadsTheHomeFolderAndRefusesNothing() throws {
        let config = try CensusConfiguration.parse("defaults:\n  db: ~/census/acme.sqlite\n", file: "census.yaml")
        XCTAssertEqual(config.defaults.database, UserPaths.home() + "/census/acme.sqlite")
        XCTAssertThrowsError(try CensusConfiguration.parse("defaults:\n  db: ''\n", file: "census.yaml")) { error in
            XCTAssertTrue("\(error)".contains("db is empty"), "\(error)")
        }
    }

    func testResolvesSecretsFromTheEnvironmentInTheSiteOrder() throws {
        let config = try CensusConfiguration.parse(sample, file: "census.yaml")
        let credentials = try config.resolveCredentials(["core", "office"], environment: environment)
        XCTAssertEqual(credentials, [
            .v3(.init(user: "census", authProtocol: .sha256, authPassphrase: "auth-passphrase", privacyProtocol: .aes, privacyPassphrase: "priv-passphrase")),
            .v2c(community: "s3cret-community"),
        ])
        XCTAssertEqual(try config.resolveCredentials(environment: environment).map(\.label), ["v2c", "v1", "v3:census:authPriv"])
    }

    func testMissingEnvironmentVariableNamesTheCredentialNotTheSecret() throws {
        let config = try CensusConfiguration.parse(sample, file: "census.yaml")
        XCTAssertThrowsError(try config.resolveCredentials(["core"], environment: ["TEST_CORE_AUTH": "auth-passphrase"])) { error in
            let text = "\(error)"
            XCTAssertTrue(text.contains("credential 'core'"), text)
            XCTAssertTrue(text.contains("TEST_CORE_PRIV"), text)
            XCTAssertFalse(text.contains("auth-passphrase"), text)
        }
    }

    func testSecretFileMustBeOwnerOnly() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("census-config-\(UUID())")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let secretFile = dir.appendingPathComponent("community").path
        try "file-community\n".write(toFile: secretFile, atomically: true, encoding: .utf8)
        let text = """
        credentials:
          - name: office
            community: { file: \(secretFile) }
        """
        let config = try CensusConfiguration.parse(text, file: "census.yaml")

        chmod(secretFile, 0o644)
        XCTAssertThrowsError(try config.resolveCredentials(environment: [:])) { error in
            XCTAssertTrue("\(error)".contains("accessible to others (mode 644)"), "\(error)")
            XCTAssertTrue("\(error)".contains("chmod 600"), "\(error)")
            XCTAssertFalse("\(error)".contains("file-community"))
        }
        chmod(secretFile, 0o600)
        XCTAssertEqual(try config.resolveCredentials(environment: [:]), [.v2c(community: "file-community")])
    }

    func testInlineSecretIsRefusedWithItsLine() {
        let text = """
        credentials:
          - name: office
            community: public
        """
        XCTAssertThrowsError(try CensusConfiguration.parse(text, file: "inline.yaml")) { error in
            XCTAssertTrue("\(error)".hasPrefix("configuration: inline.yaml:3:"), "\(error)")
            XCTAssertTrue("\(error)".contains("by reference"), "\(error)")
        }
    }

    func testMistakesAreLocatedByFileLineAndPath() {
        let cases: [(String, String)] = [
            ("clients:\n  - name: a\n    sites:\n      - name: s\n        ranges: [198.18.0.0/33]\n", "bad.yaml:5:"),
            ("clients:\n  - name: a\n    sitez: []\n", "unknown key 'sitez'"),
            // A key whose value is a block is named on its own line, not the block's first.
            ("defaults:\n  snmp:\n    timeout-ms: 5\n    retry:\n      - 1\n", "bad.yaml:4:5: defaults.snmp: unknown key 'retry'"),
            ("credentials:\n  - name: x\n    version: v4\n    community: { env: X }\n", "bad.yaml:3:"),
            ("clients:\n  - name: a\n    sites:\n      - name: s\n        credentials: [nope]\n", "no credential named 'nope'"),
            ("credentials:\n  - name: x\n    community: { env: X }\n  - name: x\n    community: { env: Y }\n", "defined twice"),
            ("clients: [\n", "not valid YAML"),
            ("credentials:\n  - name: v3\n    version: v3\n    user: u\n    auth: md5\n    auth-pass: { env: A }\n", "auth must be sha or sha256"),
            ("credentials:\n  - name: v3\n    version: v3\n    user: u\n    auth-pass: { env: A }\n", "bad.yaml:5:16: credentials[0].auth-pass: 'auth-pass' without 'auth' (sha or sha256): the passphrase would not be used"),
            ("credentials:\n  - name: v3\n    version: v3\n    user: u\n    auth: sha\n    auth-pass: { env: A }\n    priv-pass: { env: P }\n", "'priv-pass' without 'priv' (aes)"),
            ("clients:\n  - name:\n    sites: []\n", "bad.yaml:2:"),
            ("clients:\n  - name: \"\"\n    sites: []\n", "is empty"),
            ("credentials:\n  - name: x\n    community: { env: \"\" }\n", "is empty"),
        ]
        for (text, expected) in cases {
            XCTAssertThrowsError(try CensusConfiguration.parse(text, file: "bad.yaml"), expected) { error in
                XCTAssertTrue("\(error)".contains(expected), "expected '\(expected)' in: \(error)")
            }
        }
        XCTAssertThrowsError(try CensusConfiguration.parse("clients:\n  - name: a\n    sites:\n      - name: s\n        ranges: [1.2.3/24]\n", file: "bad.yaml")) { error in
            XCTAssertTrue("\(error)".contains("clients[0].sites[0].ranges[0]"), "\(error)")
        }
    }

    /// A key written twice (the second silently winning, or silently lost) is located by line.
    func testDuplicateKeysAreReportedWithTheirLine() {
        let cases: [(String, String)] = [
            ("defaults:\n  db: /tmp/a.sqlite\n  db: /tmp/b.sqlite\n", "dup.yaml:3:"),
            ("credentials:\n  - name: office\n    community: { env: A }\n    name: other\n", "dup.yaml:4:"),
            ("clients:\n  - name: acme\n    sites:\n      - name: hq\n        ranges: [198.18.0.0/24]\n        interface: lan1\n        ranges: [198.18.1.0/24]\n", "dup.yaml:7:"),
        ]
        for (text, location) in cases {
            XCTAssertThrowsError(try CensusConfiguration.parse(text, file: "dup.yaml")) { error in
                XCTAssertTrue("\(error)".contains(location), "expected \(location) in: \(error)")
                XCTAssertTrue("\(error)".contains("appears twice"), "\(error)")
            }
        }
    }

    func testAnEmptyEnvironmentVariableIsCalledEmptyNotUnset() throws {
        let config = try CensusConfiguration.parse(sample, file: "census.yaml")
        XCTAssertThrowsError(try config.resolveCredentials(["office"], environment: ["TEST_OFFICE_COMMUNITY": ""])) { error in
            XCTAssertTrue("\(error)".contains("environment variable TEST_OFFICE_COMMUNITY is empty"), "\(error)")
        }
        XCTAssertThrowsError(try config.resolveCredentials(["office"], environment: [:])) { error in
            XCTAssertTrue("\(error)".contains("environment variable TEST_OFFICE_COMMUNITY is not set"), "\(error)")
        }
    }

    func testADirectoryGivenAsASecretFileIsCalledADirectory() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("census-secret-dir-\(UUID())")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        chmod(dir.path, 0o755)
        let config = try CensusConfiguration.parse("credentials:\n  - name: office\n    community: { file: \(dir.path) }\n", file: "census.yaml")
        XCTAssertThrowsError(try config.resolveCredentials(environment: [:])) { error in
            XCTAssertTrue("\(error)".contains("secret file \(dir.path) is a directory"), "\(error)")
            XCTAssertFalse("\(error)".contains("mode"), "\(error)")
        }
    }

    func testOutOfRangeNumbersAreRefusedWithTheirLine() {
        let cases: [(String, String)] = [
            ("defaults:\n  snmp:\n    retries: -1\n", "bad.yaml:3:"),
            ("defaults:\n  snmp:\n    retries: 11\n", "bad.yaml:3:"),
            ("defaults:\n  snmp:\n    timeout-ms: 0\n", "bad.yaml:3:"),
            ("defaults:\n  snmp: { retries: 1, timeout-ms: -800 }\n", "bad.yaml:2:"),
            ("defaults:\n  snmp:\n    timeout-ms: 600001\n", "bad.yaml:3:"),
        ]
        for (text, location) in cases {
            XCTAssertThrowsError(try CensusConfiguration.parse(text, file: "bad.yaml"), text) { error in
                XCTAssertTrue("\(error)".contains(location), "expected \(location) in: \(error)")
                XCTAssertTrue("\(error)".contains("must be"), "\(error)")
            }
        }
        XCTAssertEqual(try CensusConfiguration.parse("defaults:\n  snmp: { retries: 0, timeout-ms: 1 }\n", file: "ok.yaml").defaults.snmpRetries, 0)
    }

    func testUnknownClientOrSiteListsWhatExists() throws {
        let config = try CensusConfiguration.parse(sample, file: "census.yaml")
        XCTAssertThrowsError(try config.site("hq", of: "initech")) { XCTAssertTrue("\($0)".contains("clients: acme, globex"), "\($0)") }
        XCTAssertThrowsError(try config.site("branch", of: "acme")) { XCTAssertTrue("\($0)".contains("sites: hq"), "\($0)") }
    }

    func testMissingDefaultFileIsAnEmptyConfiguration() throws {
        let config = try CensusConfiguration.load("/nonexistent/census.yaml", required: false)
        XCTAssertTrue(config.clients.isEmpty)
        XCTAssertThrowsError(try CensusConfiguration.load("/nonexistent/census.yaml"))
    }
}
