import Foundation
import XCTest

/// `census discover` over a lossy link: the lab drops 10 % of the frames toward its 254 hosts
/// (`census-lab up --loss 10`), and every run still finds every host.
final class LossyLabTests: XCTestCase {
    static let name = "closs"
    static let range = "198.18.0.0/24"

    override class func setUp() {
        super.setUp()
        do { try Lab.up(name, hosts: 254, extra: ["--loss", "10"]) } catch { XCTFail("lab up failed: \(error)") }
    }

    override class func tearDown() {
        Lab.down(name)
        super.tearDown()
    }

    func testEveryHostFoundInEveryRunAtTenPercentLoss() throws {
        let expected = try Lab.hosts(Self.name)
        XCTAssertEqual(expected.count, 254)
        for run in 1...3 {
            let db = Lab.temporaryDatabase()
            defer { try? FileManager.default.removeItem(atPath: db) }
            let result = try Lab.census(Self.name, ["discover", "--interface", "lan1", "--range", Self.range, "--format", "json", "--db", db])
            XCTAssertEqual(result.status, 0, result.stderr)
            let hosts = try Lab.decodeHosts(result.stdout)
            let found = Set(hosts.map { "\($0["ip"] as! String) \($0["mac"] as! String)" })
            XCTAssertEqual(found, expected, "run \(run): missing \(expected.subtracting(found).sorted().prefix(5)); \(result.stderr)")
            XCTAssertTrue(result.stderr.contains("254 hosts"), result.stderr)
            // The loss is seen and said (a 10 % drop rate gives 3-20 % in one sweep's sample).
            XCTAssertTrue(result.stderr.range(of: #"\d+% of requests or answers were lost"#, options: .regularExpression) != nil, result.stderr)
            XCTAssertFalse(result.stderr.contains("may have been missed"), result.stderr)
        }
    }

    func testLossCanBeChangedAndRemovedOnALabThatIsUp() throws {
        try Lab.run([Lab.script, "loss", "--name", Self.name, "0"], check: true)
        defer { _ = try? Lab.run([Lab.script, "loss", "--name", Self.name, "10"]) }
        let rules = try Lab.run(["ip", "netns", "exec", "\(Self.name)-site1", "nft", "list", "ruleset"], check: true)
        XCTAssertFalse(rules.stdout.contains("census-lab-loss"), rules.stdout)
        let db = Lab.temporaryDatabase()
        defer { try? FileManager.default.removeItem(atPath: db) }
        let clean = try Lab.census(Self.name, ["discover", "-i", "lan1", "--range", Self.range, "--format", "json", "--db", db])
        XCTAssertEqual(try Lab.decodeHosts(clean.stdout).count, 254, clean.stderr)
        XCTAssertFalse(clean.stderr.contains("were lost"), "a clean link is not called lossy: \(clean.stderr)")
        XCTAssertEqual(try Lab.run([Lab.script, "loss", "--name", Self.name, "101"]).status, 1)
    }
}
