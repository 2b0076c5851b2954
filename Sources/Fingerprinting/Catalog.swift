import CensusCore
import DataFiles
import Foundation
import SNMPModel
import Synchronization

/// The identification catalog: rules kept as YAML data files, apart from the engine. The
/// built-in files ship with Census (`Catalog/` resources); a user's folder extends them, and a
/// user rule with a built-in rule's id replaces it.
public struct Catalog: Sendable {
    public private(set) var rules: [Rule] = []
    /// Where each rule id sits in `rules` (a later rule with the same id replaces it in place).
    private var ruleIndex: [String: Int] = [:]
    /// Each rule a later rule of the same id replaced: on purpose when a user's folder replaces a
    /// built-in rule, by mistake when one folder writes an id twice (`idsWrittenTwice`).
    public private(set) var replacements: [Replacement] = []
    /// Canonical vendor names: an alias pattern (of MAC-registry or agent spellings) → the name.
    public private(set) var vendorAliases: [(pattern: Rule.Pattern, name: String)] = [] {
        didSet { canonicalNames = CanonicalNames() }
    }
    /// Names already made canonical: the aliases are regular expressions (Foundation's, slow on
    /// Linux) and a scan asks for the same few registry names thousands of times.
    private var canonicalNames = CanonicalNames()
    /// The class nearly everything a maker puts on a network is (`class:` of a `vendors` entry):
    /// the device's class when nothing else names one (a printer maker's print server, a camera
    /// maker's encoder).
    public private(set) var makerClasses: [String: DeviceClass] = [:]
    /// The maker of each operating system a `vendors` entry names (`os:`): the vendor of a device
    /// running it when nothing names the hardware's maker (a Windows host → Microsoft).
    public private(set) var osMakers: [String: String] = [:]

    /// The maker of the operating system distribution a family names (`os:` names one as the
    /// family's opening words: "Ubuntu" for "Ubuntu 22.04", "RHEL/CentOS" for "RHEL/CentOS 7").
    public func distributionMaker(_ family: String) -> String? {
        osMakers.filter { family == $0.key || family.hasPrefix($0.key + " ") }.max { $0.key.count < $1.key.count }?.value
    }
    /// Makers' product lines (`lines:`), in catalog order: a line's name in a device's description
    /// names what nothing else does (`Identifier.productLineRule`).
    public private(set) var productLines: [ProductLine] = []
    /// The IANA Private Enterprise Numbers registry: number → organization, as registered
    /// (`enterprise-numbers.tsv`). Names the vendor of a device whose sysObjectID no rule knows.
    public private(set) var enterpriseRegistry = EnterpriseRegistry(text: "")
    /// Models spelled by the names of product-table rows that state no model (`ProductName`):
    /// the model of a device nothing else names one for.
    public private(set) var productNameModels: [OID: String] = [:]
    /// Product OIDs by their products MIB's object name (`catalyst296024TT`), for a saved walk
    /// that printed a sysObjectID through a MIB Census does not load; a name two rows share, none.
    private var productsByName: [String: OID?] = [:]
    /// The products the catalog knows by model (a product table's or `products:` entry's model, a
    /// row's name read as one), under `modelKey`: the class each was given and whose it is (an
    /// explicit vendor, else its OID's enterprise). Names the class of a device whose description
    /// names a model its maker's products MIB lists, though no sysObjectID says so
    /// (`modelClass(_:vendor:)`).
    private var modelClasses: [String: [ModelClass]] = [:]
    private struct ModelClass: Sendable { var vendor: String?; var enterprise: UInt32?; var deviceClass: DeviceClass }

    public init() {}

    /// Where the catalog that ships with Census lies.
    static var builtInFolder: URL? { Bundle.module.url(forResource: "Catalog", withExtension: nil) }

    /// The catalog that ships with Census.
    public static func builtIn() throws(DataFileError) -> Catalog {
        guard let folder = builtInFolder else {
            throw DataFileError(file: "Catalog", line: 0, message: "the built-in catalog is missing from the installation")
        }
        return try Self.folder(folder.path)
    }

    /// A whole catalog from one folder laid out like the built-in one: its rules, product tables
    /// and enterprise-number registry.
    public static func folder(_ folder: String) throws(DataFileError) -> Catalog {
        var catalog = Catalog()
        try catalog.add(folder: folder)
        let registry = (folder as NSString).appendingPathComponent(enterpriseRegistryFile)
        guard let data = FileManager.default.contents(atPath: registry) else {
            throw DataFileError(file: registry, line: 0, message: "the catalog folder has no enterprise-number registry (\(enterpriseRegistryFile))")
        }
        try catalog.addEnterpriseRegistry(String(decoding: data, as: UTF8.self), file: registry)
        return catalog
    }

    /// Adds every `*.yaml`/`*.yml` file and every product table (`*.products.tsv`) of `folder`
    /// (in name order); rules with an id already present replace the earlier ones.
    public mutating func add(folder: String) throws(DataFileError) {
        let names = try DataFile.folderContents(folder)
        // Hidden files (an editor's `.#rules.yaml` lock) are no part of it.
        for name in names.sorted() where !name.hasPrefix(".") {
            let path = (folder as NSString).appendingPathComponent(name)
            if name.hasSuffix(".yaml") || name.hasSuffix(".yml") {
                try add(file: DataFile.load(path))
            } else if name.hasSuffix(Self.productTableSuffix) {
                guard let data = FileManager.default.contents(atPath: path) else {
                    throw DataFileError(file: path, line: 0, message: "cannot read the product table")
                }
                try addProductTable(String(decoding: data, as: UTF8.self), file: path)
            }
        }
    }

    /// The sections a `has`/`lacks` condition may name: the standard plan's, and `vendor` (the
    /// objects rules fetch).
    static let sectionNames = Set(CollectionPlan.standard.sections.map(\.name) + ["vendor"])

    /// A product table's file name ends so (beside the YAML files of a catalog folder).
    public static let productTableSuffix = ".products.tsv"
    /// A product table row names the class less surely than a product rule written by hand (80)
    /// or the chassis row's model words (75), more surely than sysDescr's words (60).
    public static let productTablePriority = 70
    /// A product table row's model is the product line's (one OID for every EX4200 variant): below
    /// sysDescr's patterns (60), which often name the variant ("ex4200-48t"), above a subtree's (40).
    public static let productTableModelPriority = 50
    /// The comment that lists a product table's name prefixes: `# name prefixes: jnxProductName jnx`.
    public static let namePrefixesComment = "# name prefixes:"

    /// The comment that says a product table's names abbreviate their family to its initials where
    /// the maker's product names spell it out (Foundry's `snBI15000Switch` is the BigIron 15000;
    /// Huawei's CloudEngine names keep their "CE"): `# names abbreviate the family`.
    public static let abbreviatedFamiliesComment = "# names abbreviate the family"

    /// The comment that names a product table's variation arcs: `# variations: <names> <variations>`
    /// says a sysObjectID under `<variations>.N` is a variant of the product row `<names>.N`
    /// (Juniper's jnxProductVariation N holds the variants of jnxProductName N).
    public static let variationsComment = "# variations:"

    /// A variant's rule (`product-variation-<arc>`): its product's class, family and model, below
    /// what the device reports (sysDescr 60, the chassis row 85) and above a maker's subtree rule.
    public static let productVariationPriority = 45

    /// Adds a product table: a maker's own list of product OIDs (its products MIB) as tab-separated
    /// `oid  class  family  name  [model]` rows (`#` comments; class `?` = not known, family may be
    /// empty, name is the MIB's and only documents the row, model only where the MIB states it).
    /// Each row is a rule (`product-<oid>`, priority `productTablePriority`) setting class and
    /// family, and its own example; a model is a second rule (`product-<oid>-model`, priority
    /// `productTableModelPriority`). A row without a model has its name read as one
    /// (`productNameModels`), after dropping the maker's prefixes a `# name prefixes:` comment
    /// lists (and writing its family out where `# names abbreviate the family` says so).
    public mutating func addProductTable(_ text: String, file: String) throws(DataFileError) {
        var rows: [ProductRow] = []
        var prefixes: [String] = []
        var variations: [(names: OID, variations: OID)] = []
        var abbreviatedFamilies = false
        // Read as UTF-8 bytes (lines, tabs, spaces around a field): about 10,000 rows are read at
        // every start, and splitting by Character and Foundation's trimming were half the time.
        for (number, line) in text.utf8.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false).enumerated() {
            let row = line.last == UInt8(ascii: "\r") ? line.dropLast() : line
            if row.first == UInt8(ascii: "#") {
                let comment = String(decoding: row, as: UTF8.self)
                if comment.hasPrefix(Self.abbreviatedFamiliesComment) {
                    abbreviatedFamilies = true
                } else if comment.hasPrefix(Self.namePrefixesComment) {
                    prefixes = comment.dropFirst(Self.namePrefixesComment.count).split(separator: " ").map(String.init).sorted { $0.count > $1.count }
                } else if comment.hasPrefix(Self.variationsComment) {
                    let arcs = comment.dropFirst(Self.variationsComment.count).split(separator: " ").compactMap { OID(parsing: String($0)) }
                    guard arcs.count == 2 else {
                        throw DataFileError(file: file, line: number + 1, message: "a variations comment is: \(Self.variationsComment) <product-name arc> <variation arc>")
                    }
                    variations.append((arcs[0], arcs[1]))
                }
                continue
            }
            if row.isEmpty { continue }
            let lineNumber = number + 1
            let fields = row.split(separator: UInt8(ascii: "\t"), omittingEmptySubsequences: false).map { field in
                var bytes = field
                while bytes.first == UInt8(ascii: " ") { bytes = bytes.dropFirst() }
                while bytes.last == UInt8(ascii: " ") { bytes = bytes.dropLast() }
                return String(decoding: bytes, as: UTF8.self)
            }
            guard fields.count >= 2 else {
                throw DataFileError(file: file, line: lineNumber, message: "a product row is: oid<TAB>class<TAB>family<TAB>name[<TAB>model]")
            }
            guard let oid = OID(parsing: fields[0]), oid.components.count > 7 else {
                throw DataFileError(file: file, line: lineNumber, message: "'\(fields[0])' is not a product OID (1.3.6.1.4.1.<maker>.<…>)")
            }
            var sets: [Rule.Field: String] = [:]
            if fields[1] != "?" {
                guard let cls = DeviceClass(rawValue: fields[1]) else {
                    throw DataFileError(file: file, line: lineNumber, message: "unknown class '\(fields[1])' (one of: \(DeviceClass.allCases.map(\.rawValue).joined(separator: ", ")), or ?)")
                }
                sets[.class] = cls.rawValue
            }
            if fields.count > 2, !fields[2].isEmpty { sets[.family] = fields[2] }
            // A model column of "-": the row is a family's own node, so its name names no model.
            let namesNoModel = fields.count > 4 && fields[4] == "-"
            let model = fields.count > 4 && !fields[4].isEmpty && !namesNoModel ? fields[4] : nil
            rows.append((oid, sets, model, lineNumber))
            if fields.count > 3, !fields[3].isEmpty {
                if let seen = productsByName[fields[3]] {
                    if seen != oid { productsByName[fields[3]] = .some(nil) }
                } else {
                    productsByName[fields[3]] = .some(oid)
                }
            }
            if !sets.isEmpty { insertProduct(oid, sets: sets, priority: Self.productTablePriority, file: file, line: lineNumber) }
            var named = model
            if let model {
                insertProduct(oid, sets: [.model: model], priority: Self.productTableModelPriority, file: file, line: lineNumber, suffix: "-model")
            } else if !namesNoModel, fields.count > 3, let model = ProductName.model(fields[3], prefixes: prefixes, family: abbreviatedFamilies ? sets[.family] : nil) {
                productNameModels[oid] = model
                named = model
            }
            if let named, let cls = sets[.class].flatMap(DeviceClass.init(rawValue:)) {
                indexModel(named, vendor: nil, oid: oid, deviceClass: cls)
            }
        }
        insertProductArcs(rows, file: file)
        for arcs in variations { insertProductVariations(rows, arcs: arcs, file: file) }
    }

    /// One row of a product table: its OID, the class and family it sets, its model column, its line.
    private typealias ProductRow = (oid: OID, sets: [Rule.Field: String], model: String?, line: Int)

    /// For each product row directly under `arcs.names`, a rule for the sysObjectIDs under the same
    /// number of `arcs.variations`, with the row's class, family and model column (a row's name is a
    /// model only as a last resort for its own OID, so it lends none).
    private mutating func insertProductVariations(_ rows: [ProductRow], arcs: (names: OID, variations: OID), file: String) {
        for row in rows where row.oid.parent == arcs.names {
            guard let number = row.oid.components.last else { continue }
            var sets = row.sets
            sets[.model] = row.model
            guard !sets.isEmpty else { continue }
            let arc = arcs.variations.appending(number)
            var example = Evidence()
            example.sysObjectID = arc.appending(1)
            insert(Rule(id: "product-variation-\(arc)", source: "\(file):\(row.line)", priority: Self.productVariationPriority,
                        conditions: [.objectID(exact: [], subtrees: [arc])], sets: sets, fetch: [:],
                        examples: [Rule.Example(evidence: example, expected: sets, line: row.line)]))
        }
    }

    /// A product arc's class holds for products the table does not list yet: when one class is
    /// that of at least 95 % of the rows directly under an arc (and at least `productArcMinimumRows`
    /// of them), and at most a tenth of the arc's rows leave the class open, a rule
    /// `product-arc-<arc>` gives that class to any sysObjectID under the arc, at
    /// `productArcPriority` (below a hand-written subtree rule's 40). Next year's FortiGate is
    /// registered under fgModel beside 300 others: a firewall, whatever its number (one
    /// FortiSwitch blade there is the exception the 95 % allows).
    public static let productArcPriority = 35
    public static let productArcMinimumRows = 3

    private mutating func insertProductArcs(_ rows: [ProductRow], file: String) {
        for (arc, members) in Dictionary(grouping: rows, by: \.oid.parent).sorted(by: { $0.key < $1.key }) {
            let classes = members.compactMap { $0.sets[.class] }
            guard let (cls, count) = Dictionary(classes.map { ($0, 1) }, uniquingKeysWith: +).max(by: { $0.value < $1.value }),
                  count >= Self.productArcMinimumRows, count * 100 >= classes.count * 95,
                  (members.count - classes.count) * 10 <= members.count else { continue }
            let sets: [Rule.Field: String] = [.class: cls]
            // The example: a number past the arc's last product.
            var example = Evidence()
            example.sysObjectID = arc.appending((members.compactMap(\.oid.components.last).max() ?? 0) + 1)
            let line = members.map(\.line).min() ?? 0
            insert(Rule(id: "product-arc-\(arc)", source: "\(file):\(line)", priority: Self.productArcPriority,
                        conditions: [.objectID(exact: [], subtrees: [arc])], sets: sets, fetch: [:],
                        examples: [Rule.Example(evidence: example, expected: sets, line: line)]))
        }
    }

    /// One product OID's rule (`product-<oid>`, a YAML `products` entry or a table row): it holds
    /// for that sysObjectID only, and is its own example.
    private mutating func insertProduct(_ oid: OID, sets: [Rule.Field: String], priority: Int, file: String, line: Int, suffix: String = "") {
        var example = Evidence()
        example.sysObjectID = oid
        insert(Rule(id: "product-\(oid)\(suffix)", source: "\(file):\(line)", priority: priority,
                    conditions: [.objectID(exact: [oid], subtrees: [])], sets: sets, fetch: [:],
                    examples: [Rule.Example(evidence: example, expected: sets, line: line)]))
    }

    /// Adds one parsed catalog file.
    public mutating func add(file root: DataValue) throws(DataFileError) {
        let top = try root.mapping()
        try top.onlyKeys(["vendor", "vendors", "enterprises", "products", "lines", "rules"])
        let fileVendor = try top["vendor"]?.string()
        for item in try top["vendors"]?.list() ?? [] {
            let map = try item.mapping()
            try map.onlyKeys(["name", "aliases", "class", "os"])
            let name = try map.required("name").string()
            if let cls = map["class"] { makerClasses[name] = try deviceClass(cls) }
            for os in try map["os"]?.listOrOne() ?? [] { osMakers[try os.string()] = name }
            for alias in try map["aliases"]?.listOrOne() ?? [] {
                vendorAliases.append((try pattern(alias), name))
            }
        }
        // enterprises: [{number: 9, vendor: Cisco}]: sysObjectID under 1.3.6.1.4.1.<number> names the vendor.
        for item in try top["enterprises"]?.list() ?? [] {
            let map = try item.mapping()
            try map.onlyKeys(["number", "vendor", "class"])
            let number = try Self.number(map.required("number"), "an enterprise number", in: 0...Int(UInt32.max))
            guard let vendor = try map["vendor"]?.string() ?? fileVendor else { throw item.error("'vendor' is missing") }
            let subtree = OID([1, 3, 6, 1, 4, 1, UInt32(number)])   // in range: checked above
            var sets: [Rule.Field: String] = [.vendor: vendor]
            if let cls = map["class"] { sets[.class] = try deviceClass(cls).rawValue }
            var example = Evidence()
            example.sysObjectID = subtree.appending(1)
            insert(Rule(id: "enterprise-\(number)", source: "\(item.file):\(item.line)", priority: 20,
                        conditions: [.objectID(exact: [subtree], subtrees: [subtree])], sets: sets, fetch: [:],
                        examples: [Rule.Example(evidence: example, expected: sets, line: item.line)]))
        }
        // products: [{oid: 1.3.6.1.4.1.9.1.617, model: WS-C3560G-48TS, class: switch}]: one product OID each.
        for item in try top["products"]?.list() ?? [] {
            let map = try item.mapping()
            try map.onlyKeys(["oid", "model", "class", "family", "vendor"])
            let oid = try objectID(map.required("oid"))
            var sets: [Rule.Field: String] = [:]
            if let vendor = try map["vendor"]?.string() ?? fileVendor { sets[.vendor] = vendor }
            if let model = try map["model"]?.string() { sets[.model] = model }
            if let family = try map["family"]?.string() { sets[.family] = family }
            if let cls = map["class"] { sets[.class] = try deviceClass(cls).rawValue }
            insertProduct(oid, sets: sets, priority: 80, file: item.file, line: item.line)
            if let model = sets[.model], let cls = sets[.class].flatMap(DeviceClass.init(rawValue:)) {
                indexModel(model, vendor: sets[.vendor], oid: oid, deviceClass: cls)
            }
        }
        // lines: [{name: BayStack, vendor: Avaya, also: [Nortel], class: switch, aliases: [...]}].
        for item in try top["lines"]?.list() ?? [] {
            let map = try item.mapping()
            try map.onlyKeys(["name", "vendor", "also", "class", "aliases"])
            let name = try map.required("name").string()
            guard let vendor = try map["vendor"]?.string() ?? fileVendor else { throw item.error("'vendor' is missing") }
            let aliases = try (map["aliases"]?.listOrOne() ?? []).map { (value) throws(DataFileError) in try value.string() }
            for spelling in [name] + aliases where spelling.count < 3 || !spelling.allSatisfy(\.isASCII) {
                throw item.error("line name '\(spelling)' is too short or not ASCII (three or more ASCII characters)")
            }
            let also = try (map["also"]?.listOrOne() ?? []).map { (value) throws(DataFileError) in try value.string() }
            let cls = try map["class"].map { (value) throws(DataFileError) in try deviceClass(value) }
            let line = ProductLine(name: name, vendor: vendor, alsoMakers: also, deviceClass: cls, aliases: aliases,
                                   source: "\(item.file):\(item.line)", line: item.line)
            productLines.removeAll { $0.name == name }
            productLines.append(line)
        }
        for item in try top["rules"]?.list() ?? [] {
            insert(try rule(item, fileVendor: fileVendor))
        }
    }

    /// A model as the index keys it: its letters and digits in lower case ("AP-5131" and "AP5131"
    /// are one); nil for a name too short or too plain to be a product code (under four
    /// characters, or without both a letter and a digit).
    static func modelKey(_ model: String) -> String? {
        var key = ""
        var letter = false, digit = false
        for c in model.lowercased().unicodeScalars where c.properties.isAlphabetic || ("0"..."9").contains(c) {
            key.unicodeScalars.append(c)
            if ("0"..."9").contains(c) { digit = true } else { letter = true }
        }
        return key.count >= 4 && letter && digit ? key : nil
    }

    private mutating func indexModel(_ model: String, vendor: String?, oid: OID, deviceClass: DeviceClass) {
        guard let key = Self.modelKey(model) else { return }
        modelClasses[key, default: []].append(ModelClass(vendor: vendor, enterprise: oid.enterpriseNumber, deviceClass: deviceClass))
    }

    /// The class the catalog's products of `vendor` named `model` have, when they agree on one.
    public func modelClass(_ model: String, vendor: String) -> DeviceClass? {
        guard let key = Self.modelKey(model), let known = modelClasses[key] else { return nil }
        let classes = Set(known.filter { product in
            let maker = product.vendor ?? product.enterprise.flatMap(enterpriseMaker)
            return maker.map(canonicalVendor).map { Self.sameMaker($0, vendor) } ?? false
        }.map(\.deviceClass))
        return classes.count == 1 ? classes.first : nil
    }

    /// Whether two makers' names are one maker's: equal, or one the other's opening words
    /// ("Symbol" as a description writes it, "Symbol Technologies" as the registry does).
    static func sameMaker(_ a: String, _ b: String) -> Bool {
        a == b || a.hasPrefix(b + " ") || b.hasPrefix(a + " ")
    }

    /// The maker an enterprise number stands for: its `enterprises:` entry's, else the registry's.
    private func enterpriseMaker(_ number: UInt32) -> String? {
        if let i = ruleIndex["enterprise-\(number)"], let vendor = rules[i].sets[.vendor] { return vendor }
        return enterpriseVendor(OID([1, 3, 6, 1, 4, 1, number]))
    }

    /// The registry file beside the built-in catalog's YAML.
    public static let enterpriseRegistryFile = "enterprise-numbers.tsv"

    /// Takes the registry's text (`number<TAB>organization` lines; `#` comments).
    public mutating func addEnterpriseRegistry(_ text: String, file: String) throws(DataFileError) {
        enterpriseRegistry = EnterpriseRegistry(text: text)
    }

    /// Enterprise numbers whose products are not one maker's devices: SNMP agent toolkits
    /// (net-snmp, UCD-SNMP, FreeBSD's bsnmpd under Fraunhofer FOKUS' 12325, AGENT++/SNMP4J's 4976,
    /// whose default sysObjectID products ship unchanged), Windows' SNMP service
    /// (Microsoft's 311: any maker's hardware; the OS maker is the fallback, `Catalog.osMakers`), chip
    /// makers' reference agents (Broadcom FASTPATH) that many makers ship unchanged, and the registry's
    /// example arc (RFC 5612); an industry alliance's arc that DSL routers of many makers answer
    /// with (16972, the DSL Terminal Remote Management Alliance); and 1, the first number, which
    /// test agents and simulators take as a placeholder far more often than its owner's products are met.
    public static let notMakers: Set<UInt32> = [1, 311, 2021, 4976, 8072, 4413, 12325, 16972, 32473]

    /// The vendor the registry gives for the enterprise arc of `oid` (1.3.6.1.4.1.<number>...),
    /// its spelling cleaned and made canonical; nil outside the arc, for unassigned numbers and
    /// for `notMakers`.
    public func enterpriseVendor(_ oid: OID) -> String? {
        guard let number = oid.enterpriseNumber, !Self.notMakers.contains(number),
              let organization = enterpriseRegistry.organization(number), let name = Self.organizationName(organization) else { return nil }
        return canonicalVendor(name)
    }

    /// An organization as the registry spells it, as a vendor name: without a parenthesised
    /// remark, an address, a ", a … company" note or a legal form ("Fortinet, Inc." → "Fortinet",
    /// "Arista Networks, Inc. (formerly 'Arastra, Inc.')" → "Arista Networks"); nil for
    /// placeholders ("Unassigned", "Reserved", "---none---").
    public static func organizationName(_ organization: String) -> String? {
        var name = organization
        for cut in [" (", "(", " http", " www.", " - ", ", a ", ", an ", " formerly"] {
            if let r = name.range(of: cut, options: .caseInsensitive), r.lowerBound > name.startIndex { name = String(name[..<r.lowerBound]) }
        }
        let legalForm = #"(?i)[\s,.]+(inc|incorporated|ltd|limited|co|company|corp|corporation|gmbh|ag|s\.?a|s\.?a\.?s|b\.?v|llc|l\.l\.c|pty|oy|ab|a/s|as|asa|s\.?p\.?a|s\.?r\.?l|k\.?k|plc|nv|n\.v|sarl|se|kg|ltda|pvt|private|lp|llp)\.?$"#
        var previous = ""
        while previous != name {
            previous = name
            name = name.replacingOccurrences(of: legalForm, with: "", options: .regularExpression)
                .trimmingCharacters(in: CharacterSet(charactersIn: " ,.;:-&\t"))
        }
        // A one-word web address registered as the name ("Uplogix.com") is the company's name.
        name = name.replacingOccurrences(of: #"^([A-Za-z][\w!-]+)\.(?:com|net|org)$"#, with: "$1", options: .regularExpression)
        let lower = name.lowercased()
        guard !name.isEmpty, !lower.hasPrefix("unassigned"), !lower.hasPrefix("reserved"), !lower.contains("none---"),
              lower != "none", lower != "n/a" else { return nil }
        return name
    }

    private mutating func insert(_ rule: Rule) {
        if let i = ruleIndex[rule.id] {
            replacements.append(Replacement(id: rule.id, replaced: rules[i].source, by: rule.source))
            rules[i] = rule
        } else {
            ruleIndex[rule.id] = rules.count
            rules.append(rule)
        }
    }

    /// A rule replaced by a later one of the same id; `source`s are `file:line`.
    public struct Replacement: Sendable, Equatable, CustomStringConvertible {
        public let id: String
        public let replaced: String
        public let by: String

        /// Both rules come from one catalog folder, and the later is not a hand-written `products:`
        /// entry refining a product table's row (a model the table lacks, a family it names better):
        /// the id was written twice by mistake.
        public var isMistake: Bool {
            Self.folder(of: replaced) == Self.folder(of: by) && !refinesProductTableRow
        }

        /// A YAML `products:` entry replacing the row of a product table (`*.products.tsv`) read before it.
        var refinesProductTableRow: Bool {
            id.hasPrefix("product-") && replaced.contains(Catalog.productTableSuffix + ":")
                && (by.contains(".yaml:") || by.contains(".yml:"))
        }

        public var description: String { "rule id '\(id)' is written twice: \(replaced) and \(by) (the second replaces the first)" }

        private static func folder(of source: String) -> Substring {
            let file = source.lastIndex(of: ":").map { source[..<$0] } ?? source[...]
            return file.lastIndex(of: "/").map { file[..<$0] } ?? ""
        }
    }

    /// Ids written twice within one folder: the earlier rule is silently lost, so `catalog-check`
    /// reports each as a failure.
    public var idsWrittenTwice: [Replacement] { replacements.filter(\.isMistake) }

    /// Every vendor object some rule fetches.
    /// The product OID a products MIB's name stands for, as a saved walk prints it
    /// (`CISCO-PRODUCTS-MIB::catalyst296024TT`, or `catalyst296024TT` alone); nil when no product
    /// table row has that name, or two rows of different OIDs do.
    public func productOID(named name: String) -> OID? {
        let symbol = name.range(of: "::").map { String(name[$0.upperBound...]) } ?? name
        return productsByName[symbol] ?? nil
    }

    public var fetchedObjects: Set<OID> { Set(rules.flatMap(\.objectsToRead)) }

    /// The arcs some rule fetches under a device's own sysObjectID (`{sysObjectID}.1.1.3.1.6.1`).
    public var fetchedUnderProduct: Set<OID> { Set(rules.flatMap(\.fetchUnderProduct.values)) }

    /// The columns whose first row some rule fetches (`<column>.*`).
    public var fetchedFirstRows: Set<OID> { Set(rules.filter { $0.rowByAddress == nil }.flatMap(\.fetchFirstRow.values)) }

    /// The columns some rule reads a row of by the device's address (`row-by-address`): the
    /// address columns and the columns read, whole.
    public var fetchedOwnRowColumns: Set<OID> {
        Set(rules.flatMap { rule in rule.rowByAddress.map { [$0] + rule.fetchFirstRow.values } ?? [] })
    }

    /// How a fetch names the device's own sysObjectID: `{sysObjectID}.<arcs>`.
    static let productOIDPlaceholder = "{sysObjectID}"

    /// The vendor a sysDescr names in its first words ("Cisco IOS Software…", "Lantronix UDS1100…",
    /// "HP ETHERNET MULTI-ENVIRONMENT…"): a vendor of the catalog's `vendors` tables whose
    /// canonical name opens the text as a whole word (case aside), or one of its aliases anchored
    /// at the start (`^…`) that matches there; the longest name wins ("HPE" before "HP"). Nil when
    /// the text opens with no known vendor's name; else the same after a copyright mark. Then a
    /// maker of the IANA registry, as `leadingMaker` says.
    public func leadingVendor(_ sysDescr: String) -> String? { leadingMaker(sysDescr)?.vendor }

    /// The first product line (in catalog order) that `texts` name, the first text first.
    public func productLine(in texts: [String]) -> ProductLine.Sighting? {
        for text in texts {
            let lower = text.lowercased()
            guard lower.utf8.count == text.utf8.count else { continue }   // case-folding changed the bytes: not plain text
            for line in productLines {
                if let sighting = line.sighting(in: text, lowercased: lower) { return sighting }
            }
        }
        return nil
    }

    /// The maker sysDescr names and, when its name opens sysDescr, the text after it (where the
    /// product follows the maker: "Netopia 3347NWG v7.5.1r8", "Symantec Gateway Security 360").
    /// The maker is a vendor of the `vendors` tables, else an organization of the IANA enterprise
    /// registry (`registryMaker`): opening sysDescr, then after a copyright mark ("… (c) Avaya
    /// Inc."), then before a legal form anywhere ("SSR 2000 - Cabletron Systems, Inc. …").
    public func leadingMaker(_ sysDescr: String) -> (vendor: String, rest: Substring?)? {
        let text = Substring(sysDescr).drop { $0 == " " || $0 == "\t" }
        let registered = registryMaker(opening: text)
        if let (vendor, length) = vendorOpening(text) ?? registered {
            // The maker's whole registered name, where the device writes it, comes before the product
            // ("Ruckus Wireless ZoneDirector 1200": the listed maker is Ruckus, registered as Ruckus Wireless).
            let whole = registered.flatMap { canonicalVendor($0.0) == canonicalVendor(vendor) ? $0.1 : nil } ?? 0
            return (canonicalVendor(vendor), text.dropFirst(max(length, whole)))
        }
        // "… (c) Avaya Inc.", "Copyright (c) 2006 by Cisco Systems Inc.": the maker a copyright names.
        // (Only the mark itself ignores case: "(c) Cabletron" keeps the C of the maker's name.)
        var rest = text
        while let mark = rest.range(of: #"(?:\((?i:c)\)|(?i:copyright)|©)(?:\s|\((?i:c)\)|[\d,-])*(?:(?i:by)\s+)?"#, options: .regularExpression) {
            if mark.isEmpty { break }
            if let (vendor, _) = vendorOpening(rest[mark.upperBound...]) ?? registryMaker(opening: rest[mark.upperBound...]) {
                return (canonicalVendor(vendor), nil)
            }
            rest = rest[mark.upperBound...]
        }
        // "Datamax Corporation I-Class 4208", "SSR 2000 - Cabletron Systems, Inc.": capitalised words
        // before a legal form name a company, when the catalog's vendors or the registry know it.
        var from = text.startIndex
        while let found = text[from...].range(of: #"(?:[A-Z][\w&'-]* ){0,2}[A-Z][\w&'-]*(?=,? (?:Inc|Corporation|Corp|Ltd|GmbH|Co\.,? Ltd)\b)"#,
                                              options: .regularExpression) {
            let words = text[found].split(separator: " ")
            for k in 0..<words.count {
                let name = words[k...].joined(separator: " ")
                if let (vendor, length) = registryMaker(opening: Substring(name)), length == name.count { return (canonicalVendor(vendor), nil) }
                if let (vendor, _) = vendorOpening(Substring(name)) { return (canonicalVendor(vendor), nil) }
            }
            from = found.upperBound
        }
        return nil
    }

    /// The maker a DOCSIS device's sysDescr names in its VENDOR field (CableLabs OSSI: "<<HW_REV: 1.0;
    /// VENDOR: SAGEMCOM; BOOTR: …; SW_REV: …; MODEL: …>>"), spelled as the catalog spells it: a
    /// listed maker or registered organization the field opens with ("ARRIS Group" → Arris), else
    /// the field without its legal form ("Tinno, Inc." → Tinno).
    public func docsisVendor(_ sysDescr: String) -> String? {
        guard let range = sysDescr.range(of: #"<<[^<>]*\bVENDOR:\s*[^;<>]+"#, options: .regularExpression),
              let colon = sysDescr[range].range(of: "VENDOR:") else { return nil }
        let field = sysDescr[colon.upperBound..<range.upperBound].trimmingCharacters(in: .whitespaces)
        guard !field.isEmpty, !DeviceFacts.isPlaceholderModel(field) else { return nil }
        if let (vendor, _) = vendorOpening(Substring(field)) ?? registryMaker(opening: Substring(field)) { return canonicalVendor(vendor) }
        return Self.organizationName(field).map(canonicalVendor)
    }

    /// The maker of the `vendors` tables (not only of the registry) whose name opens sysDescr,
    /// canonical ("Zyxel XGS1210-12 (FW V1.00(ABTY.6)C0)" → Zyxel).
    public func listedMakerOpening(_ sysDescr: String) -> String? {
        vendorOpening(Substring(sysDescr)).map { canonicalVendor($0.0) }
    }

    /// Whether the `vendors` tables list `name` (canonical) as a maker.
    public func listsMaker(_ name: String) -> Bool {
        vendorAliases.contains { $0.name == name }
    }

    private func vendorOpening(_ text: Substring) -> (String, Int)? {
        let text = text.drop { $0 == " " || $0 == "\t" }
        var best: (name: String, length: Int)?
        for name in Set(vendorAliases.map(\.name)) where name.count > best?.length ?? 0 {
            guard text.count >= name.count, text.prefix(name.count).caseInsensitiveCompare(name) == .orderedSame else { continue }
            if let next = text.dropFirst(name.count).first, next.isLetter || next.isNumber { continue }
            best = (name, name.count)
        }
        if let best { return best }
        let opening = String(text.prefix(80))
        for alias in vendorAliases where alias.pattern.source.hasPrefix("^") || alias.pattern.source.hasPrefix("(?i)^") {
            guard let match = alias.pattern.regex.firstMatch(in: opening, range: NSRange(opening.startIndex..., in: opening)),
                  let range = Range(match.range, in: opening) else { continue }
            // The whole word the alias opens ("HUAWEI-3COM", not "HUAWEI").
            let end = opening[range.upperBound...].firstIndex { $0 == " " || $0 == "," || $0 == ";" || $0 == ":" } ?? opening.endIndex
            return (alias.name, opening.distance(from: opening.startIndex, to: end))
        }
        return nil
    }

    /// Words that open many a sysDescr and that some registered organization is also called, or
    /// starts with ("Linux …", "Image: rel/10.00", "Network Analysis Module", "UNIX System …"): never
    /// a maker on their own.
    static let notMakerWords: Set<String> = [
        "linux", "unix", "windows", "hardware", "software", "system", "systems", "network", "networks", "networking", "digital",
        "image", "version", "release", "snmp", "agent", "ethernet", "server", "switch", "router", "gateway", "firewall",
        "internet", "web", "data", "power", "smart", "business", "source", "silicon", "integrated", "ups", "risc", "nucleus",
        "onyx", "wireless", "print", "printer", "security", "secure", "storage", "media", "video", "voice", "micro", "advanced",
        "applied", "general", "global", "universal", "international", "national", "open", "free", "generic", "embedded",
        "intelligent", "dynamic", "super", "ultra", "multi", "total", "cyber", "info", "home", "office", "enterprise", "managed",
        "remote", "console", "terminal", "controller", "module", "card", "unit", "device", "model", "build", "copyright",
        "hostname", "host", "cloud", "virtual", "mobile", "access", "point", "service", "services", "management", "manager",
        "monitor", "control", "controls", "industrial", "technology", "technologies", "communications", "electronics",
        "solutions", "products", "series", "edition", "express", "standard", "professional", "personal", "compact",
        "interface", "adapter", "bridge", "hub", "modem", "wan", "lan", "vpn", "dsl", "adsl", "voip", "fiber", "optical",
        "ip", "tcp", "http", "ftp", "mail", "domain", "default", "test", "demo", "example", "sample", "unknown", "none",
        "the", "and", "for", "with", "new", "first", "best", "high", "low", "mini", "pro", "plus", "max", "one", "net",
        "telecom", "tele", "vision", "sense", "link", "connect", "core", "edge", "center", "central", "main", "primary",
        "secondary", "backup", "guard", "shield", "ultimate", "ultra", "alpha", "beta", "delta", "omega", "sigma", "apex",
        "summit", "titan", "atlas", "phoenix", "orion", "nova", "star", "sun", "solar", "blue", "red", "green", "black", "white",
    ]

    /// Words an organization's registered name carries after its own ("Intermec Technologies",
    /// "Honeywell International", "Datamax Coporation" [sic]): a device that says only "Intermec"
    /// names that organization.
    static let organizationSuffixWords: Set<String> = [
        "technologies", "technology", "systems", "system", "networks", "network", "international", "communications",
        "communication", "electronics", "group", "computer", "computers", "labs", "laboratories", "solutions", "corporation",
        "coporation", "industries", "products", "instruments", "enterprises", "holdings", "america", "usa", "europe",
    ]

    /// An organization of the IANA registry whose name opens `text` (ASCII case aside): the
    /// longest of the first words (up to four, a word ending in ",", ";" or ":" the last) that is a
    /// registered organization's name (legal form aside), or one word of five letters or more that
    /// opens a registered name followed only by words such as "Technologies" or "Systems". Single
    /// words that open sysDescrs of every maker (`notMakerWords`) never count. Former names the
    /// registry keeps count too. The name as the registry spells it (the one word, or the catalog's
    /// trade name when an alias knows the whole name), and the length of `text` it takes.
    func registryMaker(opening text: Substring) -> (String, Int)? {
        var words: [Substring] = []
        var rest = text
        while words.count < 4, let first = rest.first, first.isLetter || (!words.isEmpty && first.isNumber) {
            let end = rest.firstIndex { !($0.isLetter || $0.isNumber || $0 == "&" || $0 == "'" || $0 == "-") } ?? rest.endIndex
            let word = rest[..<end]
            words.append(word)
            guard end < rest.endIndex, rest[end] == " " else { break }
            rest = rest[rest.index(after: end)...].drop { $0 == " " }
        }
        for count in stride(from: words.count, through: 1, by: -1) {
            let candidate = words[0..<count].joined(separator: " ")
            let lower = candidate.lowercased()
            if count == 1, lower.count < 3 || Self.notMakerWords.contains(lower) { continue }
            // Words of a sentence ("silent subtree agent", "Digital video recorder") are not a
            // company, whatever organization the registry holds under them: a lower-case word
            // is a maker's name only alone and before a product token ("silex PocketPro 100s").
            if words[0..<count].contains(where: { $0.first?.isLowercase ?? false }) {
                let sentence = count < words.count && words[count].allSatisfy { $0.isLowercase }
                if count > 1 || sentence { continue }
            }
            let length = text.distance(from: text.startIndex, to: words[count - 1].endIndex)
            var prefixed: String?
            for organization in enterpriseRegistry.organizations(startingWith: candidate) {
                guard let name = Self.organizationName(organization) else { continue }
                let nameWords = name.lowercased().split(separator: " ")
                if nameWords.joined(separator: " ") == lower { return (name, length) }
                if count == 1, prefixed == nil, lower.count >= 5, nameWords.count > 1, nameWords[0] == lower,
                   nameWords.dropFirst().allSatisfy({ Self.organizationSuffixWords.contains(String($0)) }) {
                    // The catalog's trade name when an alias knows the whole registered name
                    // ("Foundry Networks" → Brocade), else the one word the device wrote.
                    let canonical = canonicalVendor(name)
                    prefixed = canonical != name ? canonical : String(name.split(separator: " ")[0])
                }
            }
            if let prefixed { return (prefixed, length) }
        }
        return nil
    }

    /// The canonical spelling of a vendor name (as written when no alias matches).
    public func canonicalVendor(_ name: String) -> String {
        if let known = canonicalNames.names.withLock({ $0[name] }) { return known }
        let canonical = vendorAliases.first { $0.pattern.captures(in: name) != nil }?.name ?? name
        canonicalNames.names.withLock { $0[name] = canonical }
        return canonical
    }

    /// The memo of `canonicalVendor`, shared by copies of one catalog and replaced when its aliases change.
    private final class CanonicalNames: Sendable {
        let names = Mutex<[String: String]>([:])
    }

    private func rule(_ item: DataValue, fileVendor: String?) throws(DataFileError) -> Rule {
        let map = try item.mapping()
        try map.onlyKeys(["id", "priority", "when", "set", "fetch", "row-by-address", "examples"])
        let id = try map.required("id").string()
        var conditions: [Rule.Condition] = []
        let when = try map.required("when").mapping()
        try when.onlyKeys(Set(EvidenceField.allCases.map(\.rawValue)).union(["has", "lacks", "services", "values", "agent"]))
        for (key, value) in when.entries {
            switch key {
            case "sysObjectID" where (try? value.string()).map({ !$0.contains("(") }) ?? true:
                // A list of OIDs; a trailing ".*" takes the subtree under the OID, " and below" the
                // OID itself and its subtree. (A value with "(" is a regex.)
                var exact: [OID] = []
                var subtrees: [OID] = []
                let andBelow = " and below"
                for entry in try value.listOrOne() {
                    let text = try entry.string()
                    if text.hasSuffix(andBelow) {
                        let oid = try objectID(entry, text: String(text.dropLast(andBelow.count)))
                        exact.append(oid)
                        subtrees.append(oid)
                    } else if text.hasSuffix(".*") {
                        subtrees.append(try objectID(entry, text: String(text.dropLast(2))))
                    } else {
                        exact.append(try objectID(entry))
                    }
                }
                conditions.append(.objectID(exact: exact, subtrees: subtrees))
            case "has", "lacks":
                let sections = Set(try value.listOrOne().map { (v) throws(DataFileError) in try v.string() })
                let known = Self.sectionNames
                if let bad = sections.subtracting(known).first { throw value.error("unknown section '\(bad)' (one of: \(known.sorted().joined(separator: ", ")))") }
                conditions.append(key == "has" ? .has(sections) : .lacks(sections))
            case "agent":
                switch try value.string() {
                case "toolkit": conditions.append(.agent(toolkit: true))
                case "maker": conditions.append(.agent(toolkit: false))
                default: throw value.error("agent is 'toolkit' or 'maker'")
                }
            case "services":
                let layers = Set(try value.listOrOne().map { (v) throws(DataFileError) in try Self.number(v, "a sysServices layer", in: 1...7) })
                conditions.append(.services(layers))
            case "values":
                for (oidText, regex) in try value.mapping().entries {
                    guard let oid = OID(parsing: oidText) else { throw regex.error("'\(oidText)' is not an OID") }
                    conditions.append(.value(oid, try pattern(regex)))
                }
            default:
                conditions.append(.matches(EvidenceField(rawValue: key)!, try pattern(value)))
            }
        }
        if conditions.isEmpty { throw when.owner.error("a rule needs at least one condition") }
        var sets: [Rule.Field: String] = [:]
        if let fileVendor, conditions.contains(where: Self.tiesToVendor) { sets[.vendor] = fileVendor }
        let captureNames = Set(conditions.flatMap { (condition) -> [String] in
            switch condition {
            case .matches(_, let pattern), .value(_, let pattern): pattern.names
            default: []
            }
        })
        if let set = try map["set"]?.mapping() {
            for (key, value) in set.entries {
                guard let field = Rule.Field(rawValue: key) else {
                    throw value.error("unknown field '\(key)' (one of: \(Rule.Field.allCases.map(\.rawValue).joined(separator: ", ")))")
                }
                let text = try value.string()
                if field == .class, !text.contains("{") { _ = try deviceClass(value) }
                // A placeholder no pattern captures would leave the field unnamed on every device.
                if let name = Self.placeholders(in: text).first(where: { !captureNames.contains($0) }) {
                    throw value.error("'{\(name)}' is not a named capture of this rule's patterns (\(captureNames.isEmpty ? "it has none" : "it has: " + captureNames.sorted().joined(separator: ", ")))")
                }
                sets[field] = text
            }
        }
        var fetch: [Rule.Field: OID] = [:], underProduct: [Rule.Field: OID] = [:], firstRow: [Rule.Field: OID] = [:]
        if let entries = try map["fetch"]?.mapping() {
            for (key, value) in entries.entries {
                guard let field = Rule.Field(rawValue: key), [.serial, .model, .version, .os].contains(field) else {
                    throw value.error("fetch feeds serial, model, version or os, not '\(key)'")
                }
                let text = try value.string()
                if text.hasPrefix(Self.productOIDPlaceholder + ".") {
                    // Arcs under the device's own sysObjectID, which the rule must pin to subtrees.
                    guard conditions.contains(where: { if case .objectID = $0 { true } else { false } }) else {
                        throw value.error("a fetch under {sysObjectID} needs a sysObjectID condition")
                    }
                    underProduct[field] = try objectID(value, text: String(text.dropFirst(Self.productOIDPlaceholder.count + 1)))
                } else if text.hasPrefix(Self.productOIDPlaceholder) {
                    throw value.error("'\(text)' is not an OID: write {sysObjectID}.<arcs>")
                } else if text.hasSuffix(".*") {
                    // The first row of a column, whatever its index.
                    firstRow[field] = try objectID(value, text: String(text.dropLast(2)))
                } else {
                    fetch[field] = try objectID(value)
                }
            }
        }
        if sets.isEmpty && fetch.isEmpty && underProduct.isEmpty && firstRow.isEmpty { throw item.error("rule '\(id)' names no field (give 'set' or 'fetch')") }
        let priority = try map["priority"].map { (v) throws(DataFileError) in try Self.number(v, "a priority", in: Self.priorities) }
            ?? Self.defaultPriority(conditions)
        var rule = Rule(id: id, source: "\(item.file):\(item.line)", priority: priority, conditions: conditions,
                        sets: sets, fetch: fetch, examples: [], fetchUnderProduct: underProduct, fetchFirstRow: firstRow)
        if let key = map["row-by-address"] {
            // The `<column>.*` fetches are read at the row whose value in this column is the device's address.
            guard !firstRow.isEmpty else { throw key.error("row-by-address needs a fetch of a column's row ('<column>.*')") }
            rule.rowByAddress = try objectID(key)
        }
        let examples = try map["examples"]?.list() ?? []
        if examples.isEmpty { throw item.error("rule '\(id)' has no examples (every rule shows an input and what it must yield)") }
        for example in examples { rule.examples.append(try self.example(example)) }
        return rule
    }

    /// The `{name}` placeholders of a template, in order.
    static func placeholders(in template: String) -> [String] {
        var names: [String] = []
        var rest = Substring(template)
        while let open = rest.firstIndex(of: "{"), let close = rest[open...].firstIndex(of: "}") {
            names.append(String(rest[rest.index(after: open)..<close]))
            rest = rest[rest.index(after: close)...]
        }
        return names
    }

    /// Whether a condition ties the device to one maker, so that a rule in a vendor's file
    /// (top-level `vendor:`) may name that vendor: the sysObjectID (exact, subtree or pattern),
    /// the device's own text (sysDescr, ENTITY-MIB fields, the MAC registry's name) and vendor
    /// objects do. Supported MIBs (`has`/`lacks`), sysServices and sysName hold for any maker's
    /// device: a rule made only of those names no vendor, else a UPS-MIB rule kept in one
    /// vendor's file would name every UPS after that vendor.
    static func tiesToVendor(_ condition: Rule.Condition) -> Bool {
        switch condition {
        case .objectID, .value: true
        case .matches(let field, _): field != .sysName
        case .has, .lacks, .services, .agent: false
        }
    }

    /// Exact product OIDs and ENTITY-MIB model patterns are strongest, then sysDescr patterns,
    /// then OID subtrees, then what the device supports, then the MAC vendor alone.
    static func defaultPriority(_ conditions: [Rule.Condition]) -> Int {
        var best = 10
        for condition in conditions {
            let p = switch condition {
            case .objectID(let exact, _) where !exact.isEmpty: 80
            case .matches(.entityModel, _), .matches(.entityDescr, _), .value: 75
            case .matches(.sysDescr, _), .matches(.entitySoftware, _), .matches(.entityFirmware, _), .matches(.entityManufacturer, _): 60
            case .objectID, .matches(.sysObjectID, _): 40
            case .has, .services, .matches(.sysName, _): 30
            case .lacks, .agent: 10
            case .matches(.ouiVendor, _): 15
            }
            best = max(best, p)
        }
        return best
    }

    private func example(_ item: DataValue) throws(DataFileError) -> Rule.Example {
        let map = try item.mapping()
        var evidence = Evidence()
        var expected: [Rule.Field: String] = [:]
        for (key, value) in map.entries {
            switch key {
            case "expect":
                for (field, text) in try value.mapping().entries {
                    guard let f = Rule.Field(rawValue: field) else { throw text.error("unknown field '\(field)'") }
                    expected[f] = try text.string()
                }
            case "sysObjectID": evidence.sysObjectID = try objectID(value)
            case "sysDescr": evidence.sysDescr = try value.string()
            case "sysName": evidence.sysName = try value.string()
            case "sysServices": evidence.sysServices = try Self.number(value, "sysServices", in: 0...127)
            case "entityModel": evidence.entityModel = try value.string()
            case "entityDescr": evidence.entityDescr = try value.string()
            case "entityManufacturer": evidence.entityManufacturer = try value.string()
            case "entitySoftware": evidence.entitySoftware = try value.string()
            case "entityFirmware": evidence.entityFirmware = try value.string()
            case "entitySerial": evidence.entitySerial = try value.string()
            case "oui": evidence.ouiVendor = try value.string()
            case "address":
                guard let address = IPv4Address(try value.string()) else { throw value.error("'\(try value.string())' is not an IPv4 address") }
                evidence.address = address
            case "has": evidence.sections = Set(try value.listOrOne().map { (v) throws(DataFileError) in try v.string() })
            case "values":
                for (oidText, text) in try value.mapping().entries {
                    guard let oid = OID(parsing: oidText) else { throw text.error("'\(oidText)' is not an OID") }
                    evidence.values[oid] = .octets(Array(try text.string().utf8))
                }
            default:
                throw value.error("unknown example key '\(key)'")
            }
        }
        if expected.isEmpty { throw item.error("an example needs 'expect' (the fields the rule must yield)") }
        return Rule.Example(evidence: evidence, expected: expected, line: item.line)
    }

    /// The priorities a rule may carry (a fetched value earns one point more, so the top stays
    /// far from any integer limit).
    static let priorities = 0...1_000

    /// A whole number the author wrote, refused with file and line when outside `range`: every
    /// number of a catalog goes through here before it becomes an OID arc or a priority.
    static func number(_ value: DataValue, _ what: String, in range: ClosedRange<Int>) throws(DataFileError) -> Int {
        let text = (try? value.string()) ?? ""
        guard let n = try? value.int() else {
            throw value.error("\(what) must be a whole number from \(range.lowerBound) to \(range.upperBound), not '\(text)'")
        }
        guard range.contains(n) else {
            throw value.error("\(what) \(n) is out of range (\(range.lowerBound) to \(range.upperBound))")
        }
        return n
    }

    private func pattern(_ value: DataValue) throws(DataFileError) -> Rule.Pattern {
        let text = try value.string()
        do { return try Rule.Pattern(text) } catch {
            throw value.error("not a valid regular expression: \(text)")
        }
    }

    private func objectID(_ value: DataValue, text: String? = nil) throws(DataFileError) -> OID {
        let string: String
        if let text { string = text } else { string = try value.string() }
        guard let oid = OID(parsing: string) else { throw value.error("'\(string)' is not an OID (dotted numbers)") }
        return oid
    }

    private func deviceClass(_ value: DataValue) throws(DataFileError) -> DeviceClass {
        let text = try value.string()
        guard let cls = DeviceClass(rawValue: text) else {
            throw value.error("unknown class '\(text)' (one of: \(DeviceClass.allCases.map(\.rawValue).joined(separator: ", ")))")
        }
        return cls
    }
}
