import CensusCore
import DataFiles
@testable import Fingerprinting
import Foundation
import SNMPModel
import XCTest

/// Device-supplied strings are cut at their MIB size where facts become evidence, and the
/// matcher's work per device is bounded (issue 15, item 2: a sysDescr of "Cisco " repeated
/// took 14 s at 64 KB against `\bCisco\b.*\bIP Phone\b`).
final class AdversarialInputTests: XCTestCase {
    static let identifier = Result { Identifier(catalog: try Catalog.builtIn()) }

    func facts(sysDescr: [UInt8], sysName: [UInt8] = Array("x".utf8), entity: [UInt8]? = nil) -> DeviceFacts {
        var binds = [VarBind(oid: MIB.sysDescr, value: .octets(sysDescr)), VarBind(oid: MIB.sysName, value: .octets(sysName)),
                     VarBind(oid: MIB.sysObjectID, value: .oid("1.3.6.1.4.1.9.1.1"))]
        if let entity {
            binds += [VarBind(oid: MIB.entPhysicalClass.appending(1), value: .integer(3)),
                      VarBind(oid: MIB.entPhysicalDescr.appending(1), value: .octets(entity)),
                      VarBind(oid: MIB.entPhysicalModelName.appending(1), value: .octets(entity)),
                      VarBind(oid: MIB.entPhysicalSerialNum.appending(1), value: .octets(entity)),
                      VarBind(oid: MIB.entPhysicalSoftwareRev.appending(1), value: .octets(entity))]
        }
        return DeviceFacts(ip: IPv4Address(10, 0, 0, 1), credential: "v2c", collectedAt: Date(timeIntervalSince1970: 0),
                           sections: ["system": .init(varBinds: binds)])
    }

    func testDeviceStringsAreCutAtTheirMIBSizeWhereFactsBecomeEvidence() {
        let long = Array(String(repeating: "Cisco ", count: 20_000).utf8)
        let evidence = Evidence(facts: facts(sysDescr: long, sysName: long, entity: long))
        XCTAssertEqual(evidence.sysDescr?.utf8.count, 255)
        XCTAssertEqual(evidence.sysName?.utf8.count, 255)
        XCTAssertEqual(evidence.entityDescr?.utf8.count, 255)
        XCTAssertEqual(evidence.entityModel?.utf8.count, 255)
        XCTAssertLessThanOrEqual(evidence.entitySerial?.utf8.count ?? 0, 32, "entPhysicalSerialNum is SIZE (0..32)")
        XCTAssertEqual(evidence.entitySoftware?.utf8.count, 255)
        // A cut never splits a character.
        let accented = Array(String(repeating: "é", count: 200).utf8)
        XCTAssertEqual(Evidence(facts: facts(sysDescr: accented)).sysDescr, String(repeating: "é", count: 127))
    }

    /// Some agents quote their description, or send one quote of a pair (switches' LLDP rows
    /// for H3C neighbours open `"H3C Comware Platform Software, …`): rules read it without.
    func testAStrayQuoteAroundSysDescrIsNotPartOfIt() throws {
        XCTAssertEqual(Evidence(sysDescr: "\"H3C Comware Platform Software, Software Version 5.20").sysDescr, "H3C Comware Platform Software, Software Version 5.20")
        XCTAssertEqual(Evidence(sysDescr: "\"Acme box v1\"").sysDescr, "Acme box v1", "a pair wrapping it whole")
        XCTAssertEqual(Evidence(sysDescr: "Acme box v1\"").sysDescr, "Acme box v1")
        XCTAssertEqual(Evidence(sysDescr: "Acme 19\" rack unit").sysDescr, "Acme 19\" rack unit", "a quote inside the text is the maker's")
        XCTAssertEqual(Evidence(sysDescr: "Acme \"Pro\" box").sysDescr, "Acme \"Pro\" box")
        XCTAssertEqual(Evidence(sysDescr: "\"").sysDescr, "")
        let named = try Self.identifier.get().identify(Evidence(sysDescr: "\"H3C Comware Platform Software, Software Version 5.20, Release 1808P12"))
        XCTAssertEqual(named.vendor, "H3C")
        XCTAssertEqual(named.os, "Comware")
    }

    func testTheIssuesCiscoRepeatIsQuick() throws {
        let identifier = try Self.identifier.get()
        for size in [16_384, 65_536, 128_000] {
            let text = Array(String(repeating: "Cisco ", count: size / 6).utf8)
            let start = ContinuousClock.now
            _ = identifier.identify(Evidence(facts: facts(sysDescr: text)))
            XCTAssertLessThan(ContinuousClock.now - start, .seconds(1), "\(size) bytes")
        }
    }

    /// Evidence built by hand (not from facts) is not cut, yet the matcher's work stays bounded.
    func testTheMatcherBoundsItsWorkEvenOnUncutText() throws {
        let identifier = try Self.identifier.get()
        let text = String(repeating: "Cisco ", count: 10_000) + "Cisco"
        let start = ContinuousClock.now
        let result = identifier.identify(Evidence(sysDescr: text, sysObjectID: "1.3.6.1.4.1.9.1.1"))
        XCTAssertLessThan(ContinuousClock.now - start, .seconds(2))
        XCTAssertEqual(result.vendor, "Cisco", "the sysObjectID still names it")
    }

    func testAPathologicalUserPatternCostsItsBudgetNotTheScan() throws {
        var catalog = Catalog()
        try catalog.add(file: DataFile.parse("""
        rules:
          - id: nested
            when: { sysDescr: '^(a+)+$' }
            set: { os: Never }
            examples: [{ sysDescr: aaa, expect: { os: Never } }]
          - id: fine
            when: { sysDescr: '^a' }
            set: { vendor: Acme }
            examples: [{ sysDescr: a, expect: { vendor: Acme } }]
        """, file: "user.yaml"))
        let identifier = Identifier(catalog: catalog)
        let start = ContinuousClock.now
        let result = identifier.identify(Evidence(facts: facts(sysDescr: Array((String(repeating: "a", count: 40) + "!").utf8))))
        XCTAssertLessThan(ContinuousClock.now - start, .seconds(1))
        XCTAssertNil(result.os, "a match cut short is no match")
        XCTAssertEqual(result.vendor, "Acme", "the other rules still run")
        XCTAssertTrue(result.matches.contains { $0.rule == Identifier.budgetExceededRule })
    }

    /// Every rule of the built-in catalog against a device made of its own literal words: each
    /// word and the whole run of words repeated to 64 KB in every text field (cut to 255 bytes
    /// where facts become evidence), plus 255-byte worst cases for `.*` and nested repeats.
    func testEveryBuiltInRuleAgainstRepeatsOfItsOwnWords() throws {
        let identifier = try Self.identifier.get()
        var devices: [(String, [UInt8])] = []
        var patterned = 0
        for rule in identifier.catalog.rules {
            var words: [String] = []
            for condition in rule.conditions {
                switch condition {
                case .matches(_, let pattern), .value(_, let pattern):
                    let cleaned = pattern.source.replacingOccurrences(of: #"\\[a-zA-Z]"#, with: " ", options: .regularExpression)
                    words += cleaned.split(whereSeparator: { !$0.isLetter && !$0.isNumber }).filter { $0.count >= 2 }.map(String.init)
                default: continue
                }
            }
            guard !words.isEmpty else { continue }
            patterned += 1
            let run = words.joined(separator: " ") + " "
            devices.append((rule.id, Array(String(repeating: run, count: 65_536 / run.utf8.count + 1).utf8)))
            if let first = words.first {
                devices.append((rule.id, Array(String(repeating: first + " ", count: 65_536 / (first.utf8.count + 1)).utf8)))
            }
        }
        for worst in ["a", "a ", "0.", "1.1.", "(", "Version ", "Cisco ", "\t", "-", "_0"] {
            devices.append(("worst case '\(worst)'", Array(String(repeating: worst, count: 255 / worst.utf8.count).utf8)))
        }
        XCTAssertGreaterThan(patterned, 500, "the catalog's pattern rules are all here (product tables have none)")
        XCTAssertGreaterThanOrEqual(devices.count, patterned + 10)
        var slowest: (Duration, String) = (.zero, "")
        var total = Duration.zero
        for (name, bytes) in devices {
            let start = ContinuousClock.now
            let result = identifier.identify(Evidence(facts: facts(sysDescr: bytes, sysName: bytes, entity: bytes)))
            let spent = ContinuousClock.now - start
            total += spent
            if spent > slowest.0 { slowest = (spent, name) }
            XCTAssertFalse(result.matches.contains { $0.rule == Identifier.budgetExceededRule }, "\(name): a built-in rule ran out of matching work")
        }
        print("adversarial devices: \(devices.count), \(total / devices.count) on average, slowest \(slowest.0) (\(slowest.1))")
        XCTAssertLessThan(slowest.0, .seconds(1), "slowest device: \(slowest.1)")
    }
}
