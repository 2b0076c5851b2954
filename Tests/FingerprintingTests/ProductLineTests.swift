import CensusCore
import DataFiles
@testable import Fingerprinting
import XCTest

/// Makers' product lines (`lines:`): a line's name in a device's description names what nothing
/// else does, and only for the maker the line is.
final class ProductLineTests: XCTestCase {
    /// A catalog of one vendor and two lines, nothing else.
    func identifier() throws -> Identifier {
        var catalog = Catalog()
        try catalog.add(file: DataFile.parse("""
        vendors:
          - { name: Acme, aliases: ['^Acme\\\\b'] }
          - { name: Other Co, aliases: ['^Other Co\\\\b'] }
        lines:
          - { name: RoadRunner, vendor: Acme, also: [Wile], class: switch }
          - { name: Mixed Line, vendor: Acme }
          - { name: RRX, vendor: Acme, class: firewall }
          - { name: RR-, vendor: Acme, class: printer }
        """, file: "lines.yaml"))
        return Identifier(catalog: catalog)
    }

    func testALineNamesTheMakerModelFamilyAndClass() throws {
        let named = try identifier().identify(Evidence(sysDescr: "RoadRunner 450-24T HW:RevB FW:V1.02"))
        XCTAssertEqual(named.vendor, "Acme")
        XCTAssertEqual(named.model, "RoadRunner 450-24T")
        XCTAssertEqual(named.family, "RoadRunner")
        XCTAssertEqual(named.class, .switch)
        XCTAssertEqual(named.matches.first { $0.rule == Identifier.productLineRule }?.fields, ["vendor", "model", "class", "family"])
        // Case aside, in the chassis row's description, joined to its code by a dash.
        let fromEntity = try identifier().identify(Evidence(entityDescr: "ROADRUNNER-8 chassis"))
        XCTAssertEqual(fromEntity.vendor, "Acme")
        XCTAssertEqual(fromEntity.model, "ROADRUNNER-8")
        // A mixed line names the maker and family, never a class.
        let mixed = try identifier().identify(Evidence(sysDescr: "Mixed Line 7"))
        XCTAssertEqual(mixed.vendor, "Acme")
        XCTAssertEqual(mixed.class, .unknown)
    }

    /// A device whose maker is another names nothing of the line it mentions; an earlier owner
    /// of the line (`also`) is the same line's maker.
    func testAnotherMakersDeviceTakesNothingFromTheLine() throws {
        let other = try identifier().identify(Evidence(sysDescr: "Other Co bridge for RoadRunner 450 stacks"))
        XCTAssertEqual(other.vendor, "Other Co")
        XCTAssertNotEqual(other.model, "RoadRunner 450")
        XCTAssertEqual(other.class, .unknown)
        XCTAssertNil(other.family)
        let earlier = try identifier().identify(Evidence(sysDescr: "RoadRunner 300", sysObjectID: nil, sysName: nil))
        XCTAssertEqual(earlier.vendor, "Acme")
    }

    /// Words that are not the line: part of another word, what a device is compatible with or
    /// emulates, a version after the name.
    func testOnlyTheLinesOwnWordCounts() throws {
        let identifier = try identifier()
        XCTAssertNil(identifier.identify(Evidence(sysDescr: "SuperRoadRunner 9")).vendor)
        XCTAssertNil(identifier.identify(Evidence(sysDescr: "X-RoadRunner 9")).vendor)
        XCTAssertNil(identifier.identify(Evidence(sysDescr: "RoadRunners 9")).vendor)
        XCTAssertNil(identifier.identify(Evidence(sysDescr: "Print server 3 compatible with an ROADRUNNER EX")).vendor)
        XCTAssertNil(identifier.identify(Evidence(sysDescr: "Print server 3, RoadRunner emulation")).vendor)
        XCTAssertNil(ProductLine.model(written: "RoadRunner", after: " 4.2 software"), "a version is no product")
        XCTAssertNil(ProductLine.model(written: "RoadRunner", after: " v5 build 7"))
        XCTAssertNil(ProductLine.model(written: "RoadRunner", after: " Series switch"))
        XCTAssertNil(ProductLine.model(written: "RoadRunner", after: " L3 Switch Software"), "a network layer is no product")
        XCTAssertNil(ProductLine.model(written: "RoadRunner", after: " 24-Port Gigabit Switch"), "a port count is no product")
        XCTAssertNil(ProductLine.model(written: "RoadRunner", after: " 8port hub"))
        XCTAssertEqual(ProductLine.model(written: "RoadRunner", after: "-60E v5"), "RoadRunner-60E")
        XCTAssertEqual(ProductLine.model(written: "RoadRunner", after: " C5535 /P"), "RoadRunner C5535")
    }

    /// A host named after a product line is not of that line: the host name of a uname line and
    /// the sysName are not read for lines.
    func testAHostNamedAfterALineIsNotOfIt() throws {
        let identifier = try identifier()
        XCTAssertNil(identifier.identify(Evidence(sysDescr: "Linux roadrunner-01 5.15.0-91-generic x86_64")).vendor)
        XCTAssertNil(identifier.identify(Evidence(sysDescr: "Backup box at roadrunner-7.example.com", sysName: "roadrunner-7.example.com")).vendor)
        XCTAssertEqual(identifier.identify(Evidence(sysDescr: "RoadRunner 450 at site-7", sysName: "site-7")).vendor, "Acme")
    }

    /// A name under four characters, or a code prefix (ending in a dash), counts only with the
    /// product code right after it.
    func testShortNamesAndCodePrefixesNeedTheirCode() throws {
        let identifier = try identifier()
        XCTAssertEqual(identifier.identify(Evidence(sysDescr: "RRX300 gateway")).model, "RRX300")
        XCTAssertEqual(identifier.identify(Evidence(sysDescr: "RRX300 gateway")).class, .firewall)
        XCTAssertNil(identifier.identify(Evidence(sysDescr: "RRX mode on")).vendor, "a short name alone is no sighting")
        XCTAssertEqual(identifier.identify(Evidence(sysDescr: "RR-L2350DW series")).model, "RR-L2350DW")
        XCTAssertEqual(identifier.identify(Evidence(sysDescr: "RR-L2350DW series")).class, .printer)
        XCTAssertNil(identifier.identify(Evidence(sysDescr: "RR-CBC cipher")).vendor, "a code prefix without a code")
    }

    /// An organization the IANA registry holds under the line's own name ("Catalyst …",
    /// "JetStream …") is the line naming itself: the built-in catalog names the maker.
    func testTheBuiltInLinesOutrankARegistryNameThatIsTheLines() throws {
        let identifier = try BuiltInCatalog.identifier.get()
        XCTAssertEqual(identifier.identify(Evidence(sysDescr: "Catalyst 2924XL")).vendor, "Cisco")
        let jetstream = identifier.identify(Evidence(sysDescr: "JetStream 24-Port Gigabit Switch"))
        XCTAssertEqual(jetstream.vendor, "TP-Link")
        XCTAssertNil(jetstream.model, "24-Port is the port count, not the product")
        let baystack = identifier.identify(Evidence(sysDescr: "BayStack 450-24T HW:RevB  FW:V1.02 SW:V1.0.0.8"))
        XCTAssertEqual(baystack.model, "BayStack 450-24T")
        XCTAssertEqual(baystack.class, .switch)
    }

    /// A label printer's family name is the printer: Honeywell's, or Intermec's before 2013.
    func testALabelPrinterFamilyIsThePrinter() throws {
        let identifier = try BuiltInCatalog.identifier.get()
        let pm43 = identifier.identify(Evidence(sysDescr: "Honeywell PM43;P10.14.014620"))
        XCTAssertEqual(pm43.vendor, "Honeywell")
        XCTAssertEqual(pm43.model, "PM43")
        XCTAssertEqual(pm43.class, .printer)
        let px4i = identifier.identify(Evidence(sysDescr: "Intermec PX4i"))
        XCTAssertEqual(px4i.vendor, "Intermec", "the earlier owner the device names stays its maker")
        XCTAssertEqual(px4i.class, .printer)
        XCTAssertNotEqual(identifier.identify(Evidence(sysDescr: "PM4 controller")).class, .printer, "no family of that name")
    }

    func testABadLineSaysWhereAndWhy() {
        func error(_ text: String) -> DataFileError? {
            var catalog = Catalog()
            do { try catalog.add(file: DataFile.parse(text, file: "bad.yaml")); return nil } catch { return error }
        }
        XCTAssertTrue(error("lines:\n  - { name: AB, vendor: Acme }\n")?.message.contains("too short") == true)
        XCTAssertTrue(error("lines:\n  - { name: Road }\n")?.message.contains("'vendor' is missing") == true)
        XCTAssertTrue(error("lines:\n  - { name: Road, vendor: Acme, class: teapot }\n")?.message.contains("unknown class 'teapot'") == true)
        XCTAssertEqual(error("lines:\n  - { name: Road, vendor: Acme }\n  - { name: Runner, vendor: Acme, colour: red }\n")?.line, 3)
    }
}
