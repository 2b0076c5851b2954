import CensusCore
import Contracts
import DeviceModel
import Foundation
import Reconciliation
import XCTest

/// How lines find devices, and when line and device agree.
final class MatchingTests: XCTestCase {
    let scans = [scan(1, site: "hq", ranges: ["198.18.0.0/24"], on: "2026-11-20"), scan(2, site: "branch", ranges: ["198.18.1.0/24"], on: "2026-11-20")]

    func reconcile(_ devices: [DeviceSnapshot], _ csv: String, rates: RateCard? = cardWithoutUsers,
                   period: (since: CalendarDate, until: CalendarDate) = november) throws -> ReconciliationReport {
        Reconciliation.reconcile(devices: devices, scans: scans, contract: try contract(header + csv), rates: rates, client: "Acme Dental",
                                 period: period, asOf: period.until)
    }

    func kinds(_ r: ReconciliationReport) -> [String] {
        r.findings.map { "\($0.kind.rawValue)\($0.matchKey.map { ":\($0.rawValue)" } ?? "")\($0.fields.isEmpty ? "" : "\($0.fields)")" }
    }

    // MARK: Keys

    func testModelSpellingsOfOneModelAgree() {
        for (a, b) in [("FortiGate 60F", "FGT_60F"), ("FGT_60F", "FG-60F"), ("FortiGate 60F", "FG-60F"), ("WS-C3560-48TS-S", "C3560-48TS"),
                       ("Cisco WS-C3560G-48TS-E", "WS-C3560G-48TS"), ("HP ProLiant DL380 Gen10", "DL380 Gen10"), ("PowerEdge R650", "R650"),
                       ("UAP-AC-PRO", "UniFi UAP AC Pro")] {
            XCTAssertTrue(ReconciliationKeys.modelsAgree(a, b), "\(a) = \(b)")
        }
        XCTAssertEqual(ReconciliationKeys.model("FortiGate 60F"), "FG60F")
        XCTAssertEqual(ReconciliationKeys.model("WS-C3560-48TS-S"), "C356048TSS")
        for (a, b) in [("FortiGate 60F", "FortiGate 100F"), ("WS-C3560-48TS-S", "C9200L-24P-4G"), ("PowerEdge R650", "PowerEdge R450"),
                       ("WS-C3560G-48TS-E", "WS-C3560-48TS-S")] {
            XCTAssertFalse(ReconciliationKeys.modelsAgree(a, b), "\(a) ≠ \(b)")
        }
        XCTAssertTrue(ReconciliationKeys.modelsAgree(nil, "anything"), "unknown agrees")
    }

    func testVendorSpellingsOfOneVendorAgree() {
        for (a, b) in [("Cisco Systems", "Cisco"), ("Cisco Systems, Inc.", "cisco"), ("HP", "HPE"), ("HPE", "Hewlett Packard Enterprise"),
                       ("Hewlett-Packard", "HP"), ("Ubiquiti Networks Inc.", "Ubiquiti"), ("APC", "Schneider Electric"), ("Dell Inc.", "DELL")] {
            XCTAssertTrue(ReconciliationKeys.vendorsAgree(a, b), "\(a) ~ \(b)")
        }
        XCTAssertFalse(ReconciliationKeys.vendorsAgree("Dell", "Cisco"))
        XCTAssertFalse(ReconciliationKeys.vendorsAgree("HP", "Lenovo"))
    }

    func testClassEquivalenceGroups() {
        let agree: [(DeviceClass, DeviceClass)] = [(.router, .firewall), (.wirelessAP, .wirelessController), (.server, .hypervisor), (.server, .bmc)]
        for (a, b) in agree {
            XCTAssertTrue(ReconciliationKeys.classesAgree(a, b), "\(a) ~ \(b)")
            XCTAssertTrue(ReconciliationKeys.classesAgree(b, a), "\(b) ~ \(a)")
        }
        let differ: [(DeviceClass, DeviceClass)] = [(.server, .ups), (.switch, .router), (.server, .storage), (.ups, .pdu), (.camera, .nvr), (.printer, .server)]
        for (a, b) in differ { XCTAssertFalse(ReconciliationKeys.classesAgree(a, b), "\(a) ≠ \(b)") }
        XCTAssertTrue(ReconciliationKeys.classesAgree(.unknown, .server), "unknown is never a mismatch")
        XCTAssertTrue(ReconciliationKeys.classesAgree(nil, .server))
    }

    func testNamesIgnoreCaseAndDomain() {
        XCTAssertEqual(ReconciliationKeys.name("ACME-FW01.acme.local"), "acme-fw01")
        XCTAssertNil(ReconciliationKeys.name("198.18.0.1"), "an address is not a name")
        XCTAssertEqual(ReconciliationKeys.serial(" fcw-2231 l0ab "), "FCW2231L0AB")
        XCTAssertEqual(ReconciliationKeys.site("Surgery 2"), ReconciliationKeys.site("surgery-2"))
    }

    // MARK: Matching

    func testEachKeyIsTriedStrongestFirst() throws {
        let devices = [
            device(1, .switch, ip: "198.18.0.2", mac: "00:1b:21:00:00:01", vendor: "Cisco", serial: "FOC1", name: "sw1"),
            device(2, .switch, ip: "198.18.0.3", mac: "00:1b:21:00:00:02", vendor: "Cisco", name: "sw2"),
            device(3, .switch, ip: "198.18.0.4", mac: "00:1b:21:00:00:03", vendor: "Cisco", name: "sw3"),
            device(4, .switch, ip: "198.18.0.5", mac: "00:1b:21:00:00:04", vendor: "Cisco", name: "sw4.acme.local"),
        ]
        let r = try reconcile(devices, """
            Acme Dental,hq,x,Switch,Cisco,,foc-1,00:1b:21:00:00:02,198.18.0.4,12.50
            Acme Dental,hq,x,Switch,Cisco,,,00:1b:21:00:00:02,198.18.0.4,12.50
            Acme Dental,hq,x,Switch,Cisco,,,,198.18.0.4,12.50
            Acme Dental,HQ,SW4,Switch,Cisco,,,,,12.50

            """)
        XCTAssertEqual(kinds(r), ["matched:serial", "matched:mac", "matched:ip", "matched:name"])
        XCTAssertEqual(r.findings.map { $0.device?.id }, [1, 2, 3, 4])
    }

    func testASerialOfAnotherVendorIsNotAMatch() throws {
        let r = try reconcile([device(1, .switch, ip: "198.18.0.2", vendor: "Cisco", serial: "ABC123")],
                              "Acme Dental,hq,sw,Switch,Dell,,ABC123,,,12.50\n")
        XCTAssertEqual(kinds(r), ["unbilled", "missing"])
        XCTAssertEqual(r.summary.unbilledMonthly, amount("12.50"))
        XCTAssertEqual(r.summary.overbilledMonthly, amount("12.50"))
    }

    func testAWeakerKeyIsRefusedWhenTheSerialsDisagree() throws {
        // The address was handed to another device: same IP, another serial.
        let r = try reconcile([device(1, .server, ip: "198.18.0.10", vendor: "Dell", serial: "NEW1")],
                              "Acme Dental,hq,old-server,Server,Dell,,OLD1,,198.18.0.10,45.00\n")
        XCTAssertEqual(kinds(r), ["unbilled", "missing"])
    }

    func testAnAddressMatchesOnlyWithinTheLinesSite() throws {
        let devices = [device(1, .printer, ip: "198.18.0.30", vendor: "Kyocera", name: "mfp")]
        let r = try reconcile(devices, "Acme Dental,branch,,Printer,Kyocera,,,,198.18.0.30,8.00\n")
        XCTAssertEqual(kinds(r), ["unbilled", "not_covered"], "198.18.0.30 was seen at hq; branch's scan swept 198.18.1.0/24 only")
        let anySite = try reconcile(devices, "Acme Dental,,,Printer,Kyocera,,,,198.18.0.30,8.00\n")
        XCTAssertEqual(kinds(anySite), ["matched:ip"], "a line without site matches at any site")
    }

    func testTwoLinesForOneDeviceAreADuplicateNotTwoMatches() throws {
        let r = try reconcile([device(1, .server, ip: "198.18.0.10", mac: "b0:7b:25:44:55:01", vendor: "Dell", serial: "7XK4JH3", name: "dc01")], """
            Acme Dental,hq,dc01,Server,Dell,,,,,45.00
            Acme Dental,hq,DC01 (old),Server,Dell,,7XK4JH3,,,40.00
            Acme Dental,hq,,Server,Dell,,,b0:7b:25:44:55:01,,

            """)
        XCTAssertEqual(kinds(r), ["matched:name", "duplicate:serial"])
        XCTAssertEqual(r.findings(.matched).first?.contractLines, [2], "the first line by number is the match")
        XCTAssertEqual(r.findings(.duplicate).first?.contractLines, [2, 3, 4])
        XCTAssertEqual(r.findings(.duplicate).first?.monthlyValue, amount("85.00"), "40.00 + the card's 45.00 for the unpriced line")
        XCTAssertEqual(r.summary.overbilledMonthly, amount("85.00"))
        XCTAssertEqual(r.summary.count(.matched), 1)
    }

    // MARK: Mismatches

    func testAModelMismatchOnlyWhenTheModelReallyDiffers() throws {
        let seen = [device(1, .switch, ip: "198.18.0.2", vendor: "Cisco", model: "WS-C3560G-48TS-E", serial: "FOC1")]
        XCTAssertEqual(kinds(try reconcile(seen, "Acme Dental,hq,sw,Switch,Cisco,Catalyst WS-C3560G-48TS,FOC1,,,12.50\n")), ["matched:serial"])
        let r = try reconcile(seen, "Acme Dental,hq,sw,Switch,Cisco,C9200L-24P-4G,FOC1,,,12.50\n")
        XCTAssertEqual(kinds(r), ["mismatch:serial[\"model\"]"])
        XCTAssertEqual(r.findings.first?.monthlyValue, .zero, "the class agrees: no money")
        XCTAssertTrue(r.findings.first?.reason.contains("the line says model C9200L-24P-4G, the device reports WS-C3560G-48TS-E") ?? false)
    }

    /// A model guessed from the words after the maker's name in sysDescr (often right, not
    /// always) never makes a mismatch; the same model stated by the device does.
    func testAGuessedModelIsNoGroundForAMismatch() throws {
        var guessed = device(1, .router, ip: "198.18.0.3", vendor: "Netopia", model: "3347NWG", serial: "N1")
        guessed.rules.append(Identification.Match(rule: Identification.sysDescrModelRule, fields: ["model"]))
        XCTAssertEqual(kinds(try reconcile([guessed], "Acme Dental,hq,gw,Router,Netopia,3347-02,N1,,,12.50\n")), ["matched:serial"])
        let stated = device(1, .router, ip: "198.18.0.3", vendor: "Netopia", model: "3347NWG", serial: "N1")
        XCTAssertEqual(kinds(try reconcile([stated], "Acme Dental,hq,gw,Router,Netopia,3347-02,N1,,,12.50\n")), ["mismatch:serial[\"model\"]"])
    }

    func testEquivalentClassesAreNoMismatchAndOthersAreValued() throws {
        let seen = [
            device(1, .hypervisor, ip: "198.18.0.10", serial: "S1"), device(2, .wirelessController, ip: "198.18.0.11", serial: "S2"),
            device(3, .firewall, ip: "198.18.0.12", serial: "S3"), device(4, .ups, ip: "198.18.0.13", serial: "S4"),
            device(5, .switch, ip: "198.18.0.14", serial: "S5"),
        ]
        let r = try reconcile(seen, """
            Acme Dental,hq,,Server - Physical,,,S1,,,45.00
            Acme Dental,hq,,WAP,,,S2,,,5.00
            Acme Dental,hq,,Router,,,S3,,,20.00
            Acme Dental,hq,,Server,,,S4,,,45.00
            Acme Dental,hq,,Router,,,S5,,,

            """)
        XCTAssertEqual(kinds(r), ["matched:serial", "matched:serial", "matched:serial", "mismatch:serial[\"class\"]", "mismatch:serial[\"class\"]"])
        XCTAssertEqual(r.findings(.mismatch).map(\.monthlyValue), [amount("-42.00"), .zero],
                       "UPS 3.00 - 45.00; a router line has no price and the card prices no router: no verdict on money")
        XCTAssertEqual(r.summary.unbilledMonthly, .zero)
    }

    func testASiteMismatchNamesWhereItWasSeen() throws {
        let r = try reconcile([device(1, .printer, ip: "198.18.0.30", vendor: "Kyocera", serial: "K1")], "Acme Dental,Branch,mfp,MFP,Kyocera,,K1,,,8.00\n")
        XCTAssertEqual(kinds(r), ["mismatch:serial[\"site\"]"])
        XCTAssertTrue(r.findings[0].reason.contains("the line says site Branch, it was seen at hq"), r.findings[0].reason)
    }

    // MARK: Period and coverage

    func testOnlyDevicesSeenInThePeriodCount() throws {
        let devices = [
            device(1, .switch, ip: "198.18.0.2", serial: "EARLY", first: "2026-09-01", last: "2026-10-31"),
            device(2, .switch, ip: "198.18.0.3", serial: "EDGE1", first: "2026-09-01", last: "2026-11-01"),
            device(3, .switch, ip: "198.18.0.4", serial: "EDGE2", first: "2026-11-30", last: "2026-12-02"),
            device(4, .switch, ip: "198.18.0.5", serial: "LATE", first: "2026-12-01", last: "2026-12-02"),
        ]
        let r = try reconcile(devices, """
            Acme Dental,hq,,Switch,,,EARLY,,,12.50
            Acme Dental,hq,,Switch,,,EDGE1,,,12.50
            Acme Dental,hq,,Switch,,,EDGE2,,,12.50
            Acme Dental,hq,,Switch,,,LATE,,,12.50

            """)
        XCTAssertEqual(r.findings.map { "\($0.kind.rawValue) \($0.device?.id ?? 0) \($0.contractLines)" },
                       ["matched 2 [3]", "matched 3 [4]", "missing 0 [2]", "missing 0 [5]"])
    }

    func testNoScanInThePeriodGivesNoVerdict() throws {
        let r = try reconcile([], "Acme Dental,hq,sw,Switch,,,S1,,,12.50\nAcme Dental,,sw2,Switch,,,S2,,,12.50\n",
                              period: (day("2027-01-01"), day("2027-01-31")))
        XCTAssertEqual(kinds(r), ["not_covered", "not_covered"])
        XCTAssertEqual(r.summary.overbilledMonthly, .zero)
    }

    // MARK: Prices

    func testWithoutARateCardNothingIsBilledByGuess() throws {
        let r = try reconcile([device(1, .server, ip: "198.18.0.10", serial: "S1"), device(2, .switch, ip: "198.18.0.11", serial: "S2")],
                              "Acme Dental,hq,,Switch,,,S9,,,\nAcme Dental,hq,,Server,,,S8,,,45.00\n", rates: nil)
        XCTAssertEqual(kinds(r), ["review", "review", "missing", "missing"])
        XCTAssertEqual(r.findings(.missing).map(\.monthlyValue), [.zero, amount("45.00")])
        XCTAssertNil(r.summary.currency)
        XCTAssertTrue(r.findings[0].reason.hasSuffix("No rate card was given to price it, so it is listed for review, not billed."))
    }

    func testAWorkstationIsUnbilledOnlyWithoutPerUserPricing() throws {
        let pc = [device(1, .workstation, ip: "198.18.0.50", serial: "PC1")]
        XCTAssertEqual(kinds(try reconcile(pc, "")), ["unbilled"])
        var perUser = cardWithoutUsers
        perUser.perUser = 35
        XCTAssertEqual(kinds(try reconcile(pc, "", rates: perUser)), ["review"])
    }

    func testUnsupportedTakesOnlyPastEndOfLife() throws {
        let seen = [device(1, .firewall, ip: "198.18.0.1", vendor: "Fortinet", model: "FortiGate 60E", serial: "FGT60E1", name: "fw")]
        let r = Reconciliation.reconcile(
            devices: seen, scans: scans, contract: try contract(header + "Acme Dental,hq,fw,Firewall,,,FGT60E1,,,25.00\n"), rates: cardWithoutUsers,
            client: "Acme Dental", period: november, asOf: november.until,
            supportEnds: { _ in [EndOfSupport(part: .software, status: EndOfSupport.pastEOL, date: day("2025-09-30"), source: "Fortinet lifecycle", what: "FortiOS 6.4"),
                                 EndOfSupport(part: .hardware, status: "eol_within_6m", date: day("2027-04-01"), source: "Fortinet lifecycle", what: "FortiGate 60E")] })
        XCTAssertEqual(kinds(r), ["matched:serial", "unsupported[\"software\"]"], "a device may carry several findings")
        XCTAssertEqual(r.findings[1].reason, "The firewall fw (198.18.0.1, Fortinet FortiGate 60E) is past the end of its software support: FortiOS 6.4 since 2025-09-30 (Fortinet lifecycle).")
        XCTAssertEqual(r.findings[1].contractLines, [2])
    }

    /// Without a rate card, prices in different currencies were added together (£10 + $20 +
    /// €30 + ¥4000 = "4,060.00"): the currency most prices name is the contract's, the others'
    /// rows are not counted, and amounts are written in it.
    func testWithoutACardPricesInOtherCurrenciesAreNotAdded() throws {
        let file = try contract(header + """
            Acme Dental,hq,GONE-1,Switch,,,G1,,,£10.00
            Acme Dental,hq,GONE-2,Switch,,,G2,,,$20.00
            Acme Dental,hq,GONE-3,Switch,,,G3,,,€30.00
            Acme Dental,hq,GONE-4,Switch,,,G4,,,JPY 4000
            Acme Dental,hq,GONE-5,Switch,,,G5,,,12.00
            Acme Dental,hq,GONE-6,Switch,,,G6,,,GBP 5

            """)
        let r = Reconciliation.reconcile(devices: [], scans: scans, contract: file, rates: nil, client: "Acme Dental", period: november, asOf: november.until)
        XCTAssertEqual(r.summary.currency, "GBP")
        XCTAssertEqual(r.summary.overbilledMonthly, Money(27))
        XCTAssertEqual(r.importErrors.map(\.line), [3, 4, 5])
        XCTAssertEqual(r.importErrors.first?.message, "its price is in dollars, most of the contract's prices are in GBP: the row is not counted (convert it, or use a rate card in that currency)")
        XCTAssertTrue(r.findings.first?.reason.hasSuffix("It is charged at GBP 10.00 a month.") ?? false, r.findings.first?.reason ?? "")
        // No currency named anywhere: amounts as they are, nothing refused.
        let plain = Reconciliation.reconcile(devices: [], scans: scans, contract: try contract(header + "Acme Dental,hq,A,Switch,,,A1,,,10\n"),
                                             rates: nil, client: "Acme Dental", period: november, asOf: november.until)
        XCTAssertNil(plain.summary.currency)
        XCTAssertEqual(plain.importErrors, [])
    }

    /// A users line priced in another currency than the card's is refused like a device line,
    /// not billed on the users row in the wrong money.
    func testAUsersLineInAnotherCurrencyIsNotCounted() throws {
        let file = try contract("client,name,class,users,monthly_price\nAcme Dental,M365,Per User,20,GBP 700\nAcme Dental,US staff,Per User,5,$175\n")
        let r = Reconciliation.reconcile(devices: [], scans: scans, contract: file, rates: cardWithoutUsers, client: "Acme Dental",
                                         period: november, asOf: november.until)
        XCTAssertEqual(r.usersLines, [2])
        XCTAssertEqual(r.importErrors.map(\.line), [3])
        XCTAssertTrue(r.notes.contains("line 2 bills users, not devices (20 users): not matched to devices."), "\(r.notes)")
    }

    // MARK: Pools

    /// A line for "3 × switch" at HQ counts three switches seen at HQ on no line of their own
    /// (lowest id first), never a device another line names, another site's or another class's;
    /// the one it lacks is missing at its price; the switches it cannot count are unbilled.
    func testAPoolCountsUnlistedDevicesOfItsClassAtItsSite() throws {
        let poolHeader = "client,site,name,class,serial,quantity,monthly_price\n"
        let seen = [device(1, .switch, ip: "198.18.0.11", serial: "S1"), device(2, .switch, ip: "198.18.0.12", serial: "S2"),
                    device(3, .switch, ip: "198.18.1.13", serial: "S3", site: "branch"), device(4, .server, ip: "198.18.0.14", serial: "V4"),
                    device(5, .switch, ip: "198.18.0.15", serial: "S5")]
        let file = try contract(poolHeader + "Acme Dental,hq,Core,Switch,S5,,12.50\nAcme Dental,hq,HQ switches,Switch,,3,10.00\n")
        let r = Reconciliation.reconcile(devices: seen, scans: scans, contract: file, rates: cardWithoutUsers, client: "Acme Dental",
                                         period: november, asOf: november.until)
        XCTAssertEqual(kinds(r), ["matched:pool", "matched:pool", "matched:serial", "unbilled", "unbilled", "missing"])
        XCTAssertEqual(r.findings.filter { $0.matchKey == .pool }.map { $0.device?.id }, [1, 2])
        XCTAssertEqual(r.findings(.unbilled).map { $0.device?.id }, [3, 4], "the branch's switch and the server are no part of it")
        let short = try XCTUnwrap(r.findings(.missing).first)
        XCTAssertEqual(short.contractLines, [3])
        XCTAssertEqual(short.monthlyValue, amount("10.00"), "one switch short, at the line's price each")
        XCTAssertEqual(short.reason, "Line 3 (HQ switches, a switch) bills 3 switches at hq; scans between 2026-11-01 and 2026-11-30 (scan 1) saw 2 on no line of their own, so 1 is billed and not seen. It is charged at GBP 10.00 a month.")
        XCTAssertEqual(r.findings[0].reason, "The switch (198.18.0.11) was seen at hq on 2026-11-20 and is one of the 3 switches of contract line 3 (HQ switches, a switch) (2 of them seen).")
        XCTAssertEqual(r.summary.overbilledMonthly, amount("10.00"))
        XCTAssertEqual(r.summary.unbilledMonthly, amount("57.50"))
        // Enough devices: nothing missing; a pool for a site no scan covered gives no verdict on the rest.
        let full = try contract(poolHeader + "Acme Dental,,All switches,Switch,,3,10.00\nAcme Dental,depot,Depot PCs,Workstation,,5,15.00\n")
        let r2 = Reconciliation.reconcile(devices: seen, scans: scans, contract: full, rates: cardWithoutUsers, client: "Acme Dental",
                                          period: november, asOf: november.until)
        XCTAssertEqual(r2.findings.filter { $0.matchKey == .pool }.map { $0.device?.id }, [1, 2, 3])
        XCTAssertEqual(r2.findings(.missing), [])
        XCTAssertEqual(r2.findings(.notCovered).map(\.contractLines), [[3]])
    }

    /// A missing line with no price of its own is valued at the card's rate for its class, and
    /// the sentence says so rather than "It is charged at".
    func testAMissingLineWithoutAPriceSaysTheCardPricesIt() throws {
        let file = try contract(header + "Acme Dental,hq,GONE,Switch,,,G1,,,\nAcme Dental,hq,GONE-2,Switch,,,G2,,,9.00\n")
        let r = Reconciliation.reconcile(devices: [], scans: scans, contract: file, rates: cardWithoutUsers, client: "Acme Dental", period: november, asOf: november.until)
        let reasons = r.findings.filter { $0.kind == .missing }.map(\.reason)
        XCTAssertEqual(reasons.count, 2)
        XCTAssertTrue(reasons[0].hasSuffix("The line gives no price; at the rate card's price for a switch it is GBP 12.50 a month."), reasons[0])
        XCTAssertTrue(reasons[1].hasSuffix("It is charged at GBP 9.00 a month."), reasons[1])
    }

    /// What reading the contract found (a column not read, a cell left out) is in the report's
    /// notes, so JSON, the HTML sources and the server carry it, not only stderr.
    func testTheContractsNotesTravelWithTheReport() throws {
        let file = try ContractImport.read(text: "client,name,serial,purchase_date,colour\nAcme Dental,sw,S1,someday,red\n", file: "/tmp/x/acme.csv")
        let r = Reconciliation.reconcile(devices: [], scans: scans, contract: file, rates: nil, client: "Acme Dental", period: november, asOf: november.until)
        XCTAssertEqual(Array(r.notes.prefix(2)), [
            "acme.csv: columns not read: colour (a mapping file, --profile FILE, can name them)",
            "acme.csv: line 2: read without what cannot be read: purchase_date 'someday' is not a date (expected DD/MM/YYYY or YYYY-MM-DD)",
        ])
        XCTAssertTrue(try r.jsonText().contains("acme.csv: columns not read: colour"))
    }

    func testClientNamesCompareLoosely() throws {
        let seen = [device(1, .switch, ip: "198.18.0.2", serial: "S1")]
        let file = try contract(header + "ACME DENTAL LTD,hq,,Switch,,,S1,,,12.50\nAcme Dental Group,hq,,Switch,,,S1,,,12.50\nOther Co,hq,,Switch,,,S2,,,12.50\n")
        let r = Reconciliation.reconcile(devices: seen, scans: scans, contract: file, rates: nil, client: "Acme Dental", period: november, asOf: november.until)
        XCTAssertEqual(kinds(r), ["matched:serial", "duplicate:serial"], "'ACME DENTAL LTD' is the client; 'Acme Dental Group' too (corporate words)")
        XCTAssertEqual(r.notes, ["1 contract line of other clients ('Other Co') ignored."])
        // A short client name takes the lines that start with it when none is exactly it.
        let short = Reconciliation.reconcile(devices: seen, scans: scans, contract: file, rates: nil, client: "acme", period: november, asOf: november.until)
        XCTAssertEqual(short.summary.count(.matched) + short.summary.count(.duplicate), 2)
        XCTAssertTrue(short.notes.contains("no line names the client 'acme' exactly: the lines of 'ACME DENTAL LTD', 'Acme Dental Group' are taken as its own (their name starts with it)."), "\(short.notes)")
        // Two different longer names are two clients: neither is taken, and the note says why.
        let two = try contract(header + "Acme Dental Practice,hq,,Switch,,,S1,,,12.50\nAcme Dental Care,hq,srv,Server,,,C1,,,45.00\n")
        let ambiguous = Reconciliation.reconcile(devices: seen, scans: scans, contract: two, rates: nil, client: "Acme Dental", period: november, asOf: november.until)
        XCTAssertEqual(ambiguous.summary.count(.missing), 0, "Acme Dental Care's server is not Acme Dental's missing device")
        XCTAssertTrue(ambiguous.notes.contains("no line names the client 'Acme Dental' exactly, and several names start with it ('Acme Dental Care', 'Acme Dental Practice'): none is taken; give --client as the contract writes it."), "\(ambiguous.notes)")
    }
}
