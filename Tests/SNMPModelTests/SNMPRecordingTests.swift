import CensusCore
import SNMPModel
import XCTest

final class SNMPRecordingTests: XCTestCase {
    func testReadsARecordingIntoThePlansSections() throws {
        let text = """
        # a comment
        1.3.6.1.2.1.1.1.0|4|Cisco IOS Software, C3560 Software
        1.3.6.1.2.1.1.2.0|6|1.3.6.1.4.1.9.1.617
        1.3.6.1.2.1.1.7.0|2|6
        1.3.6.1.2.1.2.2.1.6.1|4x|001b2c3d4e5f
        1.3.6.1.2.1.47.1.1.1.1.11.1001|4|FOC1408Z61U
        1.3.6.1.2.1.47.1.1.1.1.5.1001|2|3
        1.3.6.1.2.1.47.1.1.1.1.13.1001|4|WS-C3560G-48TS-E
        1.3.6.1.2.1.4.20.1.1.10.0.0.1|64|10.0.0.1
        1.3.6.1.4.1.9.3.6.3.0|4|FOC0000X000
        1.3.6.1.2.1.1.3.0|67:numeric|123
        """
        let facts = try SNMPRecording.facts(fromText: text, file: "t.snmprec", keep: ["1.3.6.1.4.1.9.3.6.3.0"])
        XCTAssertEqual(facts.sysObjectID, "1.3.6.1.4.1.9.1.617")
        XCTAssertEqual(facts.sysServices, 6)
        XCTAssertEqual(facts.serial, "FOC1408Z61U")
        XCTAssertEqual(facts.model, "WS-C3560G-48TS-E")
        XCTAssertEqual(facts.macs.map(\.description), ["00:1b:2c:3d:4e:5f"])
        XCTAssertEqual(facts.sections["vendor"]?.varBinds.map(\.oid.description), ["1.3.6.1.4.1.9.3.6.3.0"], "only the object asked for")
        XCTAssertNil(facts.value("1.3.6.1.2.1.4.20.1.1.10.0.0.1"), "not in the plan: not collected")
        XCTAssertEqual(facts.value("1.3.6.1.2.1.1.3.0"), .timeticks(123), "a variation tag with a plain value")
    }

    func testAWalkedSubtreeIsCutAtTheRowCapLikeARealWalk() throws {
        let text = (1...50).map { "1.3.6.1.2.1.2.2.1.2.\($0)|4|eth\($0)" }.joined(separator: "\n")
        let facts = try SNMPRecording.facts(fromText: text, file: "t.snmprec", maxRowsPerRoot: 20)
        XCTAssertEqual(facts.sections["interfaces"]?.varBinds.count, 20)
    }

    func testABrokenLineNamesItsNumber() {
        XCTAssertThrowsError(try SNMPRecording.facts(fromText: "1.3.6.1.2.1.1.1.0|4|ok\nnot a line\n", file: "bad.snmprec")) { error in
            XCTAssertEqual("\(error)", "bad.snmprec:2: expected OID|TYPE|VALUE")
        }
    }
}
