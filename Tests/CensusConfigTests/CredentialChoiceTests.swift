import CensusConfig
import CensusCore
import Foundation
import XCTest

/// Which credentials a run tries, in which order: the one rule every front end follows.
final class CredentialChoiceTests: XCTestCase {
    private func config() throws -> CensusConfiguration {
        let yaml = """
        credentials:
          - name: office
            community: { env: OFFICE_COMMUNITY }
          - name: core
            user: monitor
            auth: sha
            auth-pass: { env: CORE_AUTH }
        clients:
          - name: acme
            sites:
              - name: hq
                interface: lan1
                credentials: [core]
        """
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("census-choice-\(UUID().uuidString).yaml").path
        try yaml.write(toFile: path, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: path) }
        return try CensusConfiguration.load(path)
    }

    private let env = ["OFFICE_COMMUNITY": "office-secret", "CORE_AUTH": "core-auth-pass"]

    func testNothingAnywhereMeansPublic() throws {
        XCTAssertEqual(try CredentialChoice().resolve(in: CensusConfiguration(), site: nil, environment: [:]), [.v2c(community: "public")])
    }

    func testGivenDirectlyComesFirstV3ThenV2cThenV1ThenNamedOnes() throws {
        let choice = CredentialChoice(v3User: "ops", authProtocol: .sha, authPassphrase: "12345678", communities: ["a", "b"], alsoV1: true, names: ["office"])
        let labels = try choice.resolve(in: config(), site: nil, environment: env).map(\.label)
        XCTAssertEqual(labels, ["v3:ops:authNoPriv", "v2c", "v2c", "v1", "v1", "v2c"])
    }

    func testTheEnvironmentSuppliesCommunitiesAndPassphrases() throws {
        let fromEnv = try CredentialChoice().resolve(in: CensusConfiguration(), site: nil, environment: ["CENSUS_SNMP_COMMUNITIES": "x,y"])
        XCTAssertEqual(fromEnv, [.v2c(community: "x"), .v2c(community: "y")])
        // Spaces around the commas belong to the list (a community " public" never answered).
        let spaced = try CredentialChoice().resolve(in: CensusConfiguration(), site: nil, environment: ["CENSUS_SNMP_COMMUNITIES": "wrong, public ,,"])
        XCTAssertEqual(spaced, [.v2c(community: "wrong"), .v2c(community: "public")])
        let v3 = try CredentialChoice(v3User: "ops", authProtocol: .sha).resolve(in: CensusConfiguration(), site: nil,
                                                                                  environment: ["CENSUS_SNMP_AUTH_PASS": "long-enough"])
        guard case .v3(let user) = v3.first else { return XCTFail("\(v3)") }
        XCTAssertEqual(user.authPassphrase, "long-enough")
    }

    func testWithoutDirectCredentialsTheSiteListThenEveryConfiguredOne() throws {
        let config = try config()
        let site = try config.site("hq", of: "acme")
        XCTAssertEqual(try CredentialChoice().resolve(in: config, site: site, environment: env).map(\.label), ["v3:monitor:authNoPriv"])
        XCTAssertEqual(try CredentialChoice().resolve(in: config, site: nil, environment: env).map(\.label), ["v2c", "v3:monitor:authNoPriv"])
        XCTAssertEqual(try CredentialChoice(names: ["office"]).resolve(in: config, site: site, environment: env), [.v2c(community: "office-secret")],
                       "named credentials beat the site's list")
    }

    func testShortPassphrasesAndUnknownNamesAreRefused() throws {
        XCTAssertThrowsError(try CredentialChoice(v3User: "ops", authProtocol: .sha, authPassphrase: "short").resolve(in: CensusConfiguration(), site: nil, environment: [:])) {
            XCTAssertEqual($0 as? CredentialChoice.Problem, .shortPassphrase("authentication"))
        }
        XCTAssertThrowsError(try CredentialChoice(names: ["nope"]).resolve(in: config(), site: nil, environment: env)) {
            XCTAssertTrue("\($0)".contains("credential 'nope' is not defined"), "\($0)")
        }
    }
}
