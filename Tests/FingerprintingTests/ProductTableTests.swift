import CensusCore
import DataFiles
@testable import Fingerprinting
import XCTest

/// A maker's product table (`*.products.tsv`): one product OID a row, naming its class and family.
final class ProductTableTests: XCTestCase {
    /// A maker's rule that reads the model (the variant) from sysDescr: "AcmeOS ex42-48t 1.0".
    static func addAcmeOS(to catalog: inout Catalog) throws {
        try catalog.add(file: DataFile.parse("""
            rules:
              - id: acme-os
                when: { sysDescr: '^AcmeOS (?<model>\\S+) ' }
                set: { model: '{model}' }
                examples: [{ sysDescr: 'AcmeOS ex42-48t 1.0', expect: { model: ex42-48t } }]
            """, file: "acme.yaml"))
    }

    /// A products MIB's object name gives its row's OID (a saved walk printed the sysObjectID
    /// through a MIB Census does not load), with or without its module; a name two rows of
    /// different OIDs share gives none.
    func testAProductsMIBNameGivesItsOID() throws {
        var catalog = Catalog()
        try catalog.addProductTable("""
            1.3.6.1.4.1.9.1.694\tswitch\tCatalyst 2960\tcatalyst296024
            1.3.6.1.4.1.25506.1.1\twireless-ap\t\tAP220-E-V10
            1.3.6.1.4.1.11.2.3.7.15.1.1\twireless-ap\t\tAP220-E-V10

            """, file: "t.products.tsv")
        XCTAssertEqual(catalog.productOID(named: "CISCO-PRODUCTS-MIB::catalyst296024"), "1.3.6.1.4.1.9.1.694")
        XCTAssertEqual(catalog.productOID(named: "catalyst296024"), "1.3.6.1.4.1.9.1.694")
        XCTAssertNil(catalog.productOID(named: "AP220-E-V10"), "two makers' rows: no guess")
        XCTAssertNil(catalog.productOID(named: "CISCO-PRODUCTS-MIB::catalyst2960"))
        XCTAssertEqual(try Catalog.builtIn().productOID(named: "CISCO-PRODUCTS-MIB::catalyst296048"), "1.3.6.1.4.1.9.1.695", "the built-in tables")
    }

    func testRowsNameClassAndFamilyBelowHandWrittenProductRules() throws {
        var catalog = try Catalog.builtIn()
        try catalog.addProductTable("""
            # oid\tclass\tfamily\tname
            1.3.6.1.4.1.9.1.99001\trouter\tISR 9000\tciscoISR9001
            1.3.6.1.4.1.9.1.99002\tswitch\t\tcatalyst9999
            1.3.6.1.4.1.9.1.99003\t?\t\tciscoMystery
            1.3.6.1.4.1.9.1.617\trouter\t\tcatalyst3560G48TS-wrong\r

            """, file: "t.products.tsv")
        let identifier = Identifier(catalog: catalog)
        func identify(_ oid: OID, _ descr: String? = nil) -> Identification { identifier.identify(Evidence(sysDescr: descr, sysObjectID: oid)) }

        let isr = identify("1.3.6.1.4.1.9.1.99001")
        XCTAssertEqual(isr.class, .router)
        XCTAssertEqual(isr.family, "ISR 9000")
        XCTAssertEqual(isr.vendor, "Cisco", "the maker's other rules still name the vendor")
        XCTAssertTrue(isr.matches.contains { $0.rule == "product-1.3.6.1.4.1.9.1.99001" && $0.fields.contains("class") })
        XCTAssertEqual(identify("1.3.6.1.4.1.9.1.99002").class, .switch)
        XCTAssertNil(catalog.rules.first { $0.id == "product-1.3.6.1.4.1.9.1.99003" }, "a row naming nothing makes no rule")
        // The table outranks sysDescr's words…
        XCTAssertEqual(identify("1.3.6.1.4.1.9.1.99002", "Acme Router 5000 software").class, .switch)
        // …and a later row replaces a hand-written product rule of the same OID (a user's table
        // corrects the built-ins), as a YAML rule with the same id would.
        XCTAssertEqual(identify("1.3.6.1.4.1.9.1.617").class, .router)
    }

    /// A description that names a model but no sysObjectID takes the class the maker's table
    /// gives that model, the spelling aside ("Acme AP-42" and the row's AP42), and only from the
    /// maker's own rows: another maker's product of the same name, or two classes, name none.
    func testDescriptionModelTakesTheClassOfTheMakersRow() throws {
        var catalog = Catalog()
        try catalog.add(file: DataFile.parse("""
            enterprises:
              - { number: 99999, vendor: Acme Networks }
              - { number: 99998, vendor: Other }
            rules:
              - id: acme-descr
                when: { sysDescr: '^Acme (?<model>\\S+) ' }
                set: { vendor: Acme, model: '{model}' }
                examples: [{ sysDescr: 'Acme AP-42 1.0', expect: { vendor: Acme, model: AP-42 } }]
            """, file: "acme.yaml"))
        try catalog.addProductTable("""
            1.3.6.1.4.1.99999.1.42\twireless-ap\t\tacmeAP42\tAP42
            1.3.6.1.4.1.99999.1.43\tswitch\t\tacmeSW43\tSW43
            1.3.6.1.4.1.99999.1.44\trouter\t\tacmeSW43r\tSW-43
            1.3.6.1.4.1.99998.1.7\trouter\t\totherGW7\tGW7

            """, file: "acme.products.tsv")
        let identifier = Identifier(catalog: catalog)
        let ap = identifier.identify(Evidence(sysDescr: "Acme AP-42 1.0"))
        XCTAssertEqual(ap.class, .wirelessAP)
        XCTAssertTrue(ap.matches.contains { $0.rule == Identifier.productModelClassRule && $0.fields == ["class"] })
        XCTAssertEqual(identifier.identify(Evidence(sysDescr: "Acme SW43 1.0")).class, .unknown, "the maker's rows disagree")
        XCTAssertEqual(identifier.identify(Evidence(sysDescr: "Acme GW7 1.0")).class, .unknown, "another maker's product")
        XCTAssertNil(Catalog.modelKey("7500"), "digits alone are no product code")
        XCTAssertEqual(Catalog.modelKey("AP-6532"), "ap6532")
    }

    /// The model column names the product line: it fills in where nothing names the model, while
    /// sysDescr's patterns and the chassis row, which name the variant, come first.
    func testModelColumnFillsInBelowWhatTheDeviceSays() throws {
        var catalog = Catalog()
        try Self.addAcmeOS(to: &catalog)
        try catalog.addProductTable("""
            1.3.6.1.4.1.99999.1.42\tswitch\tEX\tacmeEX42\tEX42
            1.3.6.1.4.1.99999.1.43\tswitch\tEX\tacmeEX43\t

            """, file: "acme.products.tsv")
        let identifier = Identifier(catalog: catalog)
        let bare = identifier.identify(Evidence(sysObjectID: "1.3.6.1.4.1.99999.1.42"))
        XCTAssertEqual(bare.model, "EX42")
        XCTAssertEqual(bare.class, .switch)
        XCTAssertTrue(bare.matches.contains { $0.rule == "product-1.3.6.1.4.1.99999.1.42-model" && $0.fields == ["model"] })
        XCTAssertEqual(identifier.identify(Evidence(sysDescr: "AcmeOS ex42-48t 2.1", sysObjectID: "1.3.6.1.4.1.99999.1.42")).model, "ex42-48t",
                       "sysDescr's variant outranks the product line")
        var chassis = Evidence(sysObjectID: "1.3.6.1.4.1.99999.1.42")
        chassis.entityModel = "EX42-24P"
        XCTAssertEqual(identifier.identify(chassis).model, "EX42-24P")
        XCTAssertNil(catalog.rules.first { $0.id == "product-1.3.6.1.4.1.99999.1.43-model" }, "an empty model column makes no model rule")
        XCTAssertEqual(identifier.identify(Evidence(sysObjectID: "1.3.6.1.4.1.99999.1.43")).model, "AcmeEX43",
                       "only the row's name, as a last resort (no prefix listed: nothing dropped)")
    }

    /// A variations comment: a sysObjectID under the variation arc's N is a variant of the product
    /// row N (Juniper's jnxProductVariation), taking its class, family and model; what the device
    /// says (sysDescr, the chassis row) still names the variant.
    func testAVariantOIDTakesItsProductRow() throws {
        var catalog = Catalog()
        try Self.addAcmeOS(to: &catalog)
        try catalog.addProductTable("""
            # variations: 1.3.6.1.4.1.99999.1.2 1.3.6.1.4.1.99999.1.4
            1.3.6.1.4.1.99999.1.2.63\tswitch\tEX4300\tacmeNameEX4300\tEX4300
            1.3.6.1.4.1.99999.1.2.64\tfirewall\tSRX\tacmeNameSRX4

            """, file: "acme.products.tsv")
        let identifier = Identifier(catalog: catalog)
        let variant = identifier.identify(Evidence(sysObjectID: "1.3.6.1.4.1.99999.1.4.63.9"))
        XCTAssertEqual(variant.class, .switch)
        XCTAssertEqual(variant.model, "EX4300")
        XCTAssertEqual(variant.family, "EX4300")
        XCTAssertTrue(variant.matches.contains { $0.rule == "product-variation-1.3.6.1.4.1.99999.1.4.63" })
        XCTAssertEqual(identifier.identify(Evidence(sysObjectID: "1.3.6.1.4.1.99999.1.4.64.1")).class, .firewall)
        XCTAssertNil(identifier.identify(Evidence(sysObjectID: "1.3.6.1.4.1.99999.1.4.64.1")).model,
                     "a row's name is its own OID's model of last resort, lent to no variant")
        XCTAssertNotEqual(identifier.identify(Evidence(sysObjectID: "1.3.6.1.4.1.99999.1.4.65.1")).class, .switch, "no row 65, no variant")
        XCTAssertEqual(identifier.identify(Evidence(sysDescr: "AcmeOS ex4300-48mp 1.0", sysObjectID: "1.3.6.1.4.1.99999.1.4.63.9")).model,
                       "ex4300-48mp", "the device's own word for the variant comes first")

        var bad = Catalog()
        XCTAssertThrowsError(try bad.addProductTable("# variations: 1.3.6.1.4.1.99999.1.2\n", file: "bad.products.tsv")) { error in
            XCTAssertEqual((error as? DataFileError)?.line, 1)
        }
    }

    /// A product number the table does not list yet, under an arc whose products are (nearly) all
    /// one class, gets that class; an arc of mixed classes, too few rows or many unknown ones
    /// names none, and a rule written by hand or a sysDescr word still outranks the arc.
    func testAnArcWhoseProductsShareAClassNamesANewProduct() throws {
        var rows = (1...20).map { "1.3.6.1.4.1.99999.1.\($0)\tfirewall\tGate\tgate\($0)" }
        rows.append("1.3.6.1.4.1.99999.1.21\tswitch\tBlade\tblade21")                        // 20 of 21: 95 %
        rows += (1...3).map { "1.3.6.1.4.1.99999.2.\($0)\tswitch\t\tsw\($0)" }                  // small, unanimous
        rows += ["1.3.6.1.4.1.99999.3.1\trouter\t\tr1", "1.3.6.1.4.1.99999.3.2\trouter\t\tr2"] // too few
        rows += ["1.3.6.1.4.1.99999.4.1\tups\t\tu1", "1.3.6.1.4.1.99999.4.2\tups\t\tu2",
                 "1.3.6.1.4.1.99999.4.3\tups\t\tu3", "1.3.6.1.4.1.99999.4.4\t?\t\tx4"]          // a quarter unknown
        rows += (1...4).map { "1.3.6.1.4.1.99999.5.\($0)\t\($0 < 3 ? "pdu" : "ups")\t\tp\($0)" } // mixed
        var catalog = Catalog()
        try catalog.add(file: DataFile.parse("""
            rules:
              - id: acme-words
                when: { sysDescr: 'AcmeRouter' }
                set: { class: router }
                examples: [{ sysDescr: 'AcmeRouter 5', expect: { class: router } }]
            """, file: "acme.yaml"))
        try catalog.addProductTable(rows.joined(separator: "\n") + "\n", file: "acme.products.tsv")
        let identifier = Identifier(catalog: catalog)
        func identify(_ oid: OID, _ descr: String? = nil) -> Identification { identifier.identify(Evidence(sysDescr: descr, sysObjectID: oid)) }

        let next = identify("1.3.6.1.4.1.99999.1.900")
        XCTAssertEqual(next.class, .firewall)
        XCTAssertTrue(next.matches.contains { $0.rule == "product-arc-1.3.6.1.4.1.99999.1" && $0.fields == ["class"] })
        XCTAssertNil(next.family, "the arc names no family")
        XCTAssertEqual(identify("1.3.6.1.4.1.99999.1.21").class, .switch, "a listed product keeps its own row's class")
        XCTAssertEqual(identify("1.3.6.1.4.1.99999.2.77").class, .switch)
        for arc in ["1.3.6.1.4.1.99999.3", "1.3.6.1.4.1.99999.4", "1.3.6.1.4.1.99999.5"] {
            XCTAssertNil(catalog.rules.first { $0.id == "product-arc-\(arc)" }, arc)
        }
        XCTAssertEqual(identify("1.3.6.1.4.1.99999.1.900", "AcmeRouter 9").class, .router, "sysDescr's words outrank the arc")
        XCTAssertEqual(catalog.rules.first { $0.id == "product-arc-1.3.6.1.4.1.99999.1" }?.examples.first?.evidence.sysObjectID,
                       "1.3.6.1.4.1.99999.1.22", "its example is the number after the arc's last product")
    }

    /// A table saved with Windows line ends, or with spaces around a field, reads the same; a bad
    /// row still says its own line.
    func testWindowsLineEndsAndSpacesAroundFields() throws {
        var catalog = Catalog()
        try catalog.addProductTable("# oid\tclass\r\n1.3.6.1.4.1.99999.1.1\t switch \tEX\tx\r\n1.3.6.1.4.1.99999.1.2\trouter\t\ty\t R2 \r\n", file: "crlf.products.tsv")
        let identifier = Identifier(catalog: catalog)
        XCTAssertEqual(identifier.identify(Evidence(sysObjectID: "1.3.6.1.4.1.99999.1.1")).class, .switch)
        XCTAssertEqual(identifier.identify(Evidence(sysObjectID: "1.3.6.1.4.1.99999.1.1")).family, "EX")
        XCTAssertEqual(identifier.identify(Evidence(sysObjectID: "1.3.6.1.4.1.99999.1.2")).class, .router)
        XCTAssertEqual(identifier.identify(Evidence(sysObjectID: "1.3.6.1.4.1.99999.1.2")).model, "R2")
        var bad = Catalog()
        XCTAssertThrowsError(try bad.addProductTable("# h\r\n1.3.6.1.4.1.99999.1.1\tswitch\r\n1.3.6.1.4.1.99999.1.2\tteapot\r\n", file: "bad.products.tsv")) {
            XCTAssertEqual(($0 as? DataFileError)?.line, 3)
        }
    }

    func testMalformedRowsSayWhichLineAndWhy() {
        func error(_ text: String) -> DataFileError? {
            var catalog = Catalog()
            do { try catalog.addProductTable(text, file: "bad.products.tsv"); return nil } catch { return error }
        }
        XCTAssertEqual(error("# header\n1.3.6.1.4.1.9.1.5\tteapot\t\tx\n")?.line, 2)
        XCTAssertTrue(error("# header\n1.3.6.1.4.1.9.1.5\tteapot\t\tx\n")?.message.contains("unknown class 'teapot'") == true)
        XCTAssertTrue(error("1.3.6.1.4.1.9\tswitch\n")?.message.contains("not a product OID") == true, "a maker's arc is no product")
        XCTAssertTrue(error("not-an-oid\tswitch\n")?.message.contains("not a product OID") == true)
        XCTAssertTrue(error("1.3.6.1.4.1.9.1.5\n")?.message.contains("oid<TAB>class") == true)
    }

    /// Where a built-in table's model was read from the MIB's own text or the object's name (Cisco's
    /// PIDs, Arista's DCS-/CCS- codes, Extreme's X-series codes, HP's product numbers), the model's
    /// letters and digits are the object name's: a code copied wrong, or a guessed one, fails here.
    func testModelsReadFromTheMIBsTextSpellTheObjectsName() throws {
        let catalogFolder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("Sources/Fingerprinting/Catalog")
        func squashed(_ text: String) -> String { text.lowercased().filter { $0.isLetter || $0.isNumber } }
        let tables: [(file: String, atLeast: Int, dashed: Bool)] = [
            ("20-cisco.products.tsv", 400, true), ("35-arista.products.tsv", 280, true),
            ("38-extreme.products.tsv", 150, true), ("21-hp-icf.products.tsv", 160, false),
        ]
        for table in tables {
            let text = try String(contentsOf: catalogFolder.appendingPathComponent(table.file), encoding: .utf8)
            var models = 0
            for line in text.split(separator: "\n") where !line.hasPrefix("#") {
                let fields = line.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
                guard fields.count == 5, !fields[4].isEmpty else { continue }
                models += 1
                let name = squashed(fields[3]), model = fields[4]
                // Extreme's chassis: the line's name written out before the number the object name
                // spells (bd12804: BlackDiamond 12804, alpine3808: Alpine 3808); no dash to copy.
                let chassis = model.range(of: "^(BlackDiamond|Alpine) X?\\d+$", options: .regularExpression) != nil
                // Cisco's PIDs may open with C, WS-C or CISCO where the object name says cisco/cat.
                let core = chassis ? squashed(String(model.split(separator: " ").last ?? ""))
                    : squashed(model).replacingOccurrences(of: "^(cisco|wsc|ws|c)(?=[a-z]*\\d)", with: "", options: .regularExpression)
                XCTAssertTrue(name.contains(core), "\(table.file): \(fields[3]) does not spell \(model)")
                if table.dashed && !chassis { XCTAssertTrue(model.contains("-"), "\(table.file): \(model) has no dash") }
            }
            XCTAssertGreaterThanOrEqual(models, table.atLeast, table.file)
        }
    }

    func testAFolderLoadsItsProductTables() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("census-products-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        try "1.3.6.1.4.1.99999.1.7\tcamera\tEye 7\tacmeEye7\n".write(to: folder.appendingPathComponent("acme.products.tsv"), atomically: true, encoding: .utf8)
        try "# not a table\n".write(to: folder.appendingPathComponent("notes.tsv"), atomically: true, encoding: .utf8)
        var catalog = Catalog()
        try catalog.add(folder: folder.path)
        XCTAssertEqual(catalog.rules.map(\.id), ["product-1.3.6.1.4.1.99999.1.7"])
        XCTAssertEqual(Identifier(catalog: catalog).identify(Evidence(sysObjectID: "1.3.6.1.4.1.99999.1.7")).class, .camera)
    }

    /// Rules that hold only for exact sysObjectIDs are looked up by OID, yet still tried in catalog
    /// order: on a priority tie, the rule read first wins, as for any two rules.
    func testExactOIDRulesKeepCatalogOrderOnTies() throws {
        func family(productFirst: Bool) throws -> String? {
            let product = """
                  - id: acme-product
                    priority: 60
                    when: { sysObjectID: [1.3.6.1.4.1.99999.1.5] }
                    set: { family: Product }
                    examples: [{ sysObjectID: 1.3.6.1.4.1.99999.1.5, expect: { family: Product } }]
                """
            let subtree = """
                  - id: acme-subtree
                    priority: 60
                    when: { sysObjectID: [1.3.6.1.4.1.99999.*] }
                    set: { family: Subtree }
                    examples: [{ sysObjectID: 1.3.6.1.4.1.99999.1.6, expect: { family: Subtree } }]
                """
            var catalog = Catalog()
            try catalog.add(file: DataFile.parse("rules:\n" + (productFirst ? product + "\n" + subtree : subtree + "\n" + product), file: "acme.yaml"))
            let identifier = Identifier(catalog: catalog)
            XCTAssertEqual(identifier.identify(Evidence(sysObjectID: "1.3.6.1.4.1.99999.1.6")).family, "Subtree", "another OID never meets the product rule")
            return identifier.identify(Evidence(sysObjectID: "1.3.6.1.4.1.99999.1.5")).family
        }
        XCTAssertEqual(try family(productFirst: true), "Product")
        XCTAssertEqual(try family(productFirst: false), "Subtree")
    }

    /// A row with no model has its name read as one, the last resort for a device that answers
    /// with little more than its sysObjectID: the maker's prefixes the table lists are dropped, a
    /// trailing Switch/Router goes, a short series is written in capitals; a name with no digit
    /// (or only a wildcard series) names nothing, and anything else that names a model comes first.
    func testARowsNameIsTheModelWhenNothingElseNamesOne() throws {
        var catalog = Catalog()
        try catalog.addProductTable("""
            # name prefixes: acme acmeProductName
            # oid\tclass\tfamily\tname\tmodel
            1.3.6.1.4.1.99999.1.1\tswitch\t\tacmeProductNameEX4200\t
            1.3.6.1.4.1.99999.1.2\tswitch\t\tacmeICX745032ZPSwitch\t
            1.3.6.1.4.1.99999.1.3\tfirewall\t\tfgt60DPOE\t
            1.3.6.1.4.1.99999.1.4\tswitch\t\tcatalyst375024TS\t
            1.3.6.1.4.1.99999.1.5\t?\t\tacmeMysteryBox\t
            1.3.6.1.4.1.99999.1.6\tswitch\t\tacmeEX43\tEX43-24T
            1.3.6.1.4.1.99999.1.7\tswitch\t\tacmewidget9\t
            1.3.6.1.4.1.99999.1.8\tswitch\t\tacme38xxStack\t
            1.3.6.1.4.1.99999.1.9\tswitch\t\tacmeN5kC5010pBf\t
            1.3.6.1.4.1.99999.1.10\tswitch\t\tacmeN9kC93180YCEX\t

            """, file: "acme.products.tsv")
        XCTAssertEqual(catalog.productNameModels["1.3.6.1.4.1.99999.1.1"], "EX4200", "the longest listed prefix goes")
        XCTAssertEqual(catalog.productNameModels["1.3.6.1.4.1.99999.1.2"], "ICX745032ZP")
        XCTAssertEqual(catalog.productNameModels["1.3.6.1.4.1.99999.1.3"], "FGT60DPOE")
        XCTAssertEqual(catalog.productNameModels["1.3.6.1.4.1.99999.1.4"], "WS-C3750-24TS", "a Catalyst name is its product ID run together")
        XCTAssertNil(catalog.productNameModels["1.3.6.1.4.1.99999.1.5"], "no digit, no model")
        XCTAssertNil(catalog.productNameModels["1.3.6.1.4.1.99999.1.6"], "the model column says it")
        XCTAssertEqual(catalog.productNameModels["1.3.6.1.4.1.99999.1.7"], "Acmewidget 9", "a prefix counts only before a capital, digit or dash; a long series is a word")
        XCTAssertNil(catalog.productNameModels["1.3.6.1.4.1.99999.1.8"], "a series with a wildcard names no one model")
        XCTAssertEqual(catalog.productNameModels["1.3.6.1.4.1.99999.1.9"], "N5K-C5010P-BF", "a Nexus name's case changes are the product ID's dashes")
        XCTAssertEqual(catalog.productNameModels["1.3.6.1.4.1.99999.1.10"], "N9K-C93180YCEX")

        try Self.addAcmeOS(to: &catalog)
        let identifier = Identifier(catalog: catalog)
        let bare = identifier.identify(Evidence(sysObjectID: "1.3.6.1.4.1.99999.1.1"))
        XCTAssertEqual(bare.model, "EX4200")
        XCTAssertTrue(bare.matches.contains { $0.rule == Identifier.productNameRule && $0.fields == ["model"] })
        XCTAssertEqual(identifier.identify(Evidence(sysDescr: "AcmeOS ex4200-48t 2.1", sysObjectID: "1.3.6.1.4.1.99999.1.1")).model, "ex4200-48t",
                       "what the device says comes first")
        XCTAssertEqual(identifier.identify(Evidence(sysObjectID: "1.3.6.1.4.1.99999.1.6")).model, "EX43-24T")
    }

    /// The built-in tables: Cisco's product names, their prefix dropped, read as models (the thin
    /// ASA's sysDescr names none); a row that states its model (Juniper's M40) makes no name model.
    func testBuiltInProductNamesReadAsModels() throws {
        let catalog = try Catalog.builtIn()
        XCTAssertEqual(catalog.productNameModels["1.3.6.1.4.1.9.1.745"], "ASA5505")
        XCTAssertEqual(Identifier(catalog: catalog).identify(Evidence(sysDescr: "Cisco Adaptive Security Appliance Version 9.2(1)", sysObjectID: "1.3.6.1.4.1.9.1.745")).model, "ASA5505")
        XCTAssertNil(catalog.productNameModels["1.3.6.1.4.1.2636.1.1.1.2.1"], "Juniper's M40 row states its model")
        XCTAssertEqual(catalog.productNameModels["1.3.6.1.4.1.9.1.2170"], "5520", "cisco5520WLC: the kind of device goes, as Switch and Router do")
        XCTAssertEqual(catalog.productNameModels["1.3.6.1.4.1.9.1.1645"], "5760", "cisco5760wlc")
        XCTAssertEqual(catalog.productNameModels["1.3.6.1.4.1.21013.1.114"], "XR4420", "Xirrus's xr4420Array: an array is the kind of device")
    }
}

/// Catalyst products-MIB names read back into Cisco's product IDs.
final class CatalystProductIDTests: XCTestCase {
    func testCatalystNamesSpellTheirProductIDs() {
        let cases: [(String, String?)] = [
            ("catalyst296024TT", "WS-C2960-24TT"), ("catalyst3560v224ps", "WS-C3560V2-24PS"),
            ("catalyst2950t24", "WS-C2950T-24"), ("catalyst3750E48PD", "WS-C3750E-48PD"),
            ("catalyst494810GE", "WS-C4948-10GE"), ("catalyst295024", "WS-C2950-24"),
            ("catalyst296048TTS", "WS-C2960-48TT-S"), ("catalyst296048PSTL", "WS-C2960-48PST-L"),
            ("catalyst3560v224tsD", "WS-C3560V2-24TS-D"), ("catalyst355024PWR", "WS-C3550-24PWR"),
            ("catalyst4510", nil), ("catalyst455010", nil), ("catalyst45507", nil),
            ("catalyst2924XL", nil), ("catalyst3750G24TS1U", nil), ("catalystsExpress50024TT", nil),
        ]
        for (name, pid) in cases {
            XCTAssertEqual(ProductName.catalystProductID(Substring(name)), pid, name)
        }
        XCTAssertEqual(ProductName.model("catalyst2924XL", prefixes: ["cisco", "cat"]), "Catalyst 2924XL", "anything else is read as before")
    }

    func testMDSChassisNamesSpellTheirProductIDs() {
        XCTAssertEqual(ProductName.model("cevChassisMdsDSC9222i", prefixes: ["cevChassis"]), "DS-C9222I")
        XCTAssertEqual(ProductName.model("cevChassisMdsDSC9216AK9", prefixes: ["cevChassis"]), "DS-C9216A-K9")
        XCTAssertEqual(ProductName.model("cevChassisMdsDSX9216", prefixes: ["cevChassis"]), "DS-X9216")
        XCTAssertEqual(ProductName.model("ciscoMds9710SM", prefixes: ["cisco"]), "Mds9710SM", "a module's name is read as before")
    }
}

/// Product names that abbreviate their family, and the kind of device after a model's "Plus".
final class ProductNameFamilyTests: XCTestCase {
    func testATableSaysWhetherItsNamesAbbreviateTheFamily() throws {
        let rows = """
            # name prefixes: acme
            # oid\tclass\tfamily\tname
            1.3.6.1.4.1.99999.1.1\tswitch\tBigIron\tacmeBI15000Switch
            1.3.6.1.4.1.99999.1.2\tswitch\tCloudEngine\tacmeCE12808S

            """
        var abbreviating = Catalog()
        try abbreviating.addProductTable(Catalog.abbreviatedFamiliesComment + " (acmeBI15000Switch: the BigIron 15000)\n" + rows, file: "a.products.tsv")
        XCTAssertEqual(abbreviating.productNameModels["1.3.6.1.4.1.99999.1.1"], "BigIron 15000")
        var keeping = Catalog()
        try keeping.addProductTable(rows, file: "k.products.tsv")
        XCTAssertEqual(keeping.productNameModels["1.3.6.1.4.1.99999.1.1"], "BI15000", "without the comment the name is read as it is")
        XCTAssertEqual(keeping.productNameModels["1.3.6.1.4.1.99999.1.2"], "CE12808S", "a maker whose product names keep the initials")
    }

    func testASeriesAbbreviatedToItsFamilysInitialsIsWrittenOut() {
        XCTAssertEqual(ProductName.model("snBI15000Switch", prefixes: ["sn"], family: "BigIron"), "BigIron 15000")
        XCTAssertEqual(ProductName.model("adNV1234PoE", prefixes: ["ad"], family: "NetVanta"), "NetVanta 1234PoE")
        XCTAssertEqual(ProductName.model("snBI15000Switch", prefixes: ["sn"]), "BI15000", "without a family the name is read as before")
        XCTAssertEqual(ProductName.model("snSI450PlusSwitch", prefixes: ["sn"], family: "ServerIron"), "ServerIron 450Plus", "the kind of device goes after a Plus too")
        XCTAssertEqual(ProductName.model("rcA1200", prefixes: ["rc"], family: "Passport"), "A1200", "a one-word family has no initials")
        XCTAssertEqual(ProductName.model("snFIWG2Switch", prefixes: ["sn"], family: "FastIron"), "FIWG2", "the initials must be followed by a digit")
        XCTAssertEqual(ProductName.model("acmeOS6850", prefixes: ["acme"], family: "Omni Switch"), "OS6850", "a family of separate words is not run together")
        XCTAssertEqual(ProductName.model("ciscoACE4710K9", prefixes: ["cisco"], family: "ACE"), "ACE4710K9", "a family in capitals is an abbreviation already")
    }

    func testAFamilysOwnNodeNamesNoModel() throws {
        var catalog = Catalog()
        try catalog.addProductTable("""
            # oid\tclass\tfamily\tname\tmodel
            1.3.6.1.4.1.99999.1.3.27\tups\tSmart-UPS\tsmartUPS2\t-
            1.3.6.1.4.1.99999.1.3.2.12\tups\tSmart-UPS\tsmartUPS3000

            """, file: "f.products.tsv")
        XCTAssertNil(catalog.productNameModels["1.3.6.1.4.1.99999.1.3.27"], "a generation digit is no model")
        XCTAssertEqual(catalog.productNameModels["1.3.6.1.4.1.99999.1.3.2.12"], "SmartUPS3000")
        let family = Identifier(catalog: catalog).identify(Evidence(sysObjectID: "1.3.6.1.4.1.99999.1.3.27"))
        XCTAssertEqual(family.class, .ups, "the row still sets its class and family")
        XCTAssertEqual(family.family, "Smart-UPS")
        XCTAssertNil(family.model)
    }
}

