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

    /// A variation module's settings give the value snmpsim serves: `value=` plain, `hexvalue=` in
    /// hex, with the other settings beside it; a module that computes its values gives none.
    func testAVariationModulesSettingsGiveTheServedValue() throws {
        let text = """
        1.3.6.1.2.1.1.1.0|4:writecache|value=DES-3200-18 Fast Ethernet Switch
        1.3.6.1.2.1.1.5.0|4x:delay|hexvalue=7377312d61,wait=500
        1.3.6.1.2.1.1.7.0|2:delay|value=72,wait=200
        1.3.6.1.2.1.1.4.0|4:writecache|value=noc@example.com, floor 2,,wait=10
        1.3.6.1.2.1.1.3.0|67:numeric|min=100,max=200
        """
        let reading = try SNMPRecording.read(fromText: text, file: "t.snmprec")
        XCTAssertEqual(reading.facts.sysDescr, "DES-3200-18 Fast Ethernet Switch", "not 'value=DES-3200-18 …'")
        XCTAssertEqual(reading.facts.sysName, "sw1-a", "hex settings")
        XCTAssertEqual(reading.facts.sysServices, 72)
        XCTAssertEqual(reading.facts.value("1.3.6.1.2.1.1.4.0"), .octets(Array("noc@example.com, floor 2".utf8)),
                       "a doubled separator keeps a comma inside the value")
        XCTAssertNil(reading.facts.value("1.3.6.1.2.1.1.3.0"), "a computed value is not read")
        XCTAssertEqual(reading.skipped.map(\.kind), [.variation])
    }

    /// A column whose first row a catalog reads keeps that row only (what a GETNEXT answers).
    func testTheFirstRowOfAColumnIsKept() throws {
        let text = """
        1.3.6.1.2.1.1.2.0|6|1.3.6.1.4.1.17713.22.3.6
        1.3.6.1.4.1.17713.22.1.1.1.3.0.4.86.18.52.86|64|10.0.0.9
        1.3.6.1.4.1.17713.22.1.1.1.4.0.4.86.18.52.86|4|W8VC0A1B2C3D
        1.3.6.1.4.1.17713.22.1.1.1.4.0.4.86.18.52.87|4|W8VC0A1B2C3F
        1.3.6.1.4.1.17713.22.1.1.1.40.1|4|not of column 4
        """
        let facts = try SNMPRecording.facts(fromText: text, file: "t.snmprec", keepFirstRowOf: ["1.3.6.1.4.1.17713.22.1.1.1.4"])
        XCTAssertEqual(facts.sections["vendor"]?.varBinds.map(\.oid.description), ["1.3.6.1.4.1.17713.22.1.1.1.4.0.4.86.18.52.86"])
    }

    /// A column kept whole keeps every row (up to the walk's row cap), and nothing beyond it.
    func testAColumnKeptWholeKeepsItsRowsUpToTheCap() throws {
        let text = """
        1.3.6.1.4.1.14823.2.3.3.1.2.1.1.3.0.11.134.1.2.3|64|198.18.0.9
        1.3.6.1.4.1.14823.2.3.3.1.2.1.1.3.0.11.134.1.2.4|64|198.18.0.4
        1.3.6.1.4.1.14823.2.3.3.1.2.1.1.3.0.11.134.1.2.5|64|198.18.0.10
        1.3.6.1.4.1.14823.2.3.3.1.2.1.1.30.1|4|not of column 3
        """
        let column: OID = "1.3.6.1.4.1.14823.2.3.3.1.2.1.1.3"
        let all = try SNMPRecording.facts(fromText: text, file: "t.snmprec", keepColumns: [column])
        XCTAssertEqual(all.sections["vendor"]?.varBinds.count, 3)
        let capped = try SNMPRecording.facts(fromText: text, file: "t.snmprec", keepColumns: [column], maxRowsPerRoot: 2)
        XCTAssertEqual(capped.sections["vendor"]?.varBinds.map(\.oid.description),
                       ["1.3.6.1.4.1.14823.2.3.3.1.2.1.1.3.0.11.134.1.2.3", "1.3.6.1.4.1.14823.2.3.3.1.2.1.1.3.0.11.134.1.2.4"])
    }

    /// Objects a catalog fetches under the device's own sysObjectID are kept, for that device only.
    func testObjectsUnderTheRecordingsOwnObjectIDAreKept() throws {
        let text = """
        1.3.6.1.2.1.1.2.0|6|1.3.6.1.4.1.259.6.10.94
        1.3.6.1.4.1.259.6.10.94.1.1.3.1.6.1|4|1.4.20.5
        1.3.6.1.4.1.259.6.10.94.1.1.3.1.7.1|2|28
        1.3.6.1.4.1.259.6.10.57.1.1.3.1.6.1|4|9.9.9
        """
        let facts = try SNMPRecording.facts(fromText: text, file: "t.snmprec", keepUnderObjectID: ["1.1.3.1.6.1"])
        XCTAssertEqual(facts.sections["vendor"]?.varBinds.map(\.oid.description), ["1.3.6.1.4.1.259.6.10.94.1.1.3.1.6.1"])
        XCTAssertEqual(try SNMPRecording.facts(fromText: text, file: "t.snmprec").sections["vendor"]?.varBinds.count ?? 0, 0)
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

/// Lines a recording cannot give are counted with their reasons, not dropped without a word
/// (issue 15, item 5).
final class SNMPRecordingSkippedLineTests: XCTestCase {
    func testOddHexUnknownTypesAndBadValuesAreCountedWithLineAndReason() throws {
        let text = """
        1.3.6.1.2.1.1.1.0|4x|48656c6c6
        1.3.6.1.2.1.1.2.0|6|1.3.6.1.4.1.9.1.617
        1.3.6.1.2.1.1.5.0|99|name
        1.3.6.1.2.1.1.7.0|2|seventy
        1.3.6.1.2.1.1.4.0|4x|zz
        1.3.6.1.2.1.1.6.0|4|ok
        1.3.6.1.4.1.99.1.0|99|not collected, not counted
        """
        let reading = try SNMPRecording.read(fromText: text, file: "t.snmprec")
        XCTAssertEqual(reading.facts.sysObjectID, "1.3.6.1.4.1.9.1.617")
        XCTAssertEqual(reading.facts.sysLocation, "ok")
        XCTAssertEqual(reading.skipped.map(\.line), [1, 3, 4, 5])
        XCTAssertEqual(reading.skipped.map(\.reason), [
            "hex value of odd length", "unknown type '99'", "'seventy' is not a value of type 2", "hex value with a non-hex digit",
        ])
        XCTAssertEqual(reading.skippedSummary, "4 lines skipped (hex value of odd length: 1, hex value with a non-hex digit: 1, unknown type: 1, value not of its type: 1)")
        XCTAssertEqual(try SNMPRecording.facts(fromText: text, file: "t.snmprec"), reading.facts, "the plain reading is the same facts")
    }

    func testALatin1ByteInARecordingIsKeptAsTheAgentSentIt() throws {
        let bytes = Array("1.3.6.1.2.1.1.1.0|4|Soci".utf8) + [0xE9] + Array("t".utf8) + [0xE9] + Array("\n".utf8)
        let reading = try SNMPRecording.read(fromBytes: bytes, file: "t.snmprec")
        XCTAssertEqual(reading.facts.value(MIB.sysDescr), .octets(Array("Soci".utf8) + [0xE9, 0x74, 0xE9]))
        XCTAssertEqual(reading.facts.sysDescr, "Société")
        XCTAssertTrue(reading.skipped.isEmpty)
    }
}
