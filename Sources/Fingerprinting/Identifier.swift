import CensusCore
import Foundation
import SNMPModel

/// Names devices with a catalog: every rule whose conditions hold proposes fields, and for
/// each field the strongest proposal wins (priority, then catalog order). Serial and model
/// come from the best source: the ENTITY-MIB chassis row, then vendor objects the catalog
/// names, then what rules read from sysDescr.
public struct Identifier: Sendable {
    public let catalog: Catalog
    /// The rules that read vendor objects, with the objects each reads (worked out once: a
    /// scan asks for every device).
    private let readers: [(rule: Rule, objects: [OID])]
    /// Rules that hold only for a few exact sysObjectIDs (product rules and tables, thousands of
    /// them), by those OIDs; every other rule in `general`. Both hold positions in `catalog.rules`,
    /// so a device's candidates are tried in catalog order.
    private let byObjectID: [OID: [Int]]
    private let general: [Int]

    public init(catalog: Catalog) {
        self.catalog = catalog
        readers = catalog.rules.compactMap { rule in
            let objects = rule.objectsToRead
            return objects.isEmpty && rule.fetchUnderProduct.isEmpty && rule.fetchFirstRow.isEmpty ? nil : (rule, objects)
        }
        var byObjectID: [OID: [Int]] = [:], general: [Int] = []
        for (i, rule) in catalog.rules.enumerated() {
            if let exact = rule.onlyForObjectIDs {
                for oid in exact { byObjectID[oid, default: []].append(i) }
            } else {
                general.append(i)
            }
        }
        self.byObjectID = byObjectID
        self.general = general
    }

    /// The positions of the rules that may match a device with this sysObjectID, in catalog order.
    private func candidates(_ oid: OID?) -> [Int] {
        guard let oid, let specific = byObjectID[oid] else { return general }
        var merged: [Int] = []
        merged.reserveCapacity(general.count + specific.count)
        var g = 0, s = 0
        while g < general.count || s < specific.count {
            if s == specific.count || (g < general.count && general[g] < specific[s]) { merged.append(general[g]); g += 1 } else { merged.append(specific[s]); s += 1 }
        }
        return merged
    }

    /// How strong the ENTITY-MIB chassis row's model and serial are: above every default
    /// priority (exact product OIDs are 80), below a rule that says otherwise on purpose.
    public static let entityPriority = 85

    /// Shown among the matches when the device's matching work ran out (`Rule.MatchBudget`):
    /// the rules whose match was cut short did not match.
    public static let budgetExceededRule = "matcher-budget-exceeded"

    /// Shown among the matches when the IANA enterprise-number registry named the vendor.
    public static let enterpriseRegistryRule = "enterprise-registry"
    /// Shown among the matches when the vendor came from the first words of sysDescr naming a
    /// vendor the catalog knows (`Catalog.leadingVendor`).
    public static let sysDescrVendorRule = "sysdescr-vendor"
    /// Shown among the matches when the vendor came from the first words of the chassis row's
    /// entPhysicalDescr naming a maker of the catalog's vendor tables ("Cisco Systems Cisco 7600
    /// 9-slot Chassis System"), nothing before it naming one.
    public static let entityDescrVendorRule = "entity-descr-vendor"

    /// Shown among the matches when the model came from the words after the maker's name that
    /// opens sysDescr (`Identifier.modelAfterMaker`).
    public static let sysDescrModelRule = Identification.sysDescrModelRule

    /// Shown among the matches when the class is the one the vendor's products nearly all are
    /// (`class:` of a `vendors` entry), nothing else naming it.
    public static let makerClassRule = "maker-class"
    /// Shown among the matches when the device's LLDP-MED inventory named its model, serial or
    /// maker (as strong as the ENTITY-MIB chassis row, read where that row is silent).
    public static let lldpMedRule = "lldp-med-inventory"
    /// What one source of the device's own word (its chassis row, its LLDP-MED inventory) says.
    struct OwnWord { var rule: String; var model, serial, maker: String? }
    /// Names the vendor from the operating system's maker, where nothing names the hardware's.
    public static let osVendorRule = "os-vendor"

    /// Shown among the matches when the model is the product's name in its maker's products MIB
    /// (`Catalog.productNameModels`), nothing else naming one.
    public static let productNameRule = "product-name"
    /// The class of the products-table row whose model the device names (`Catalog.modelClass`).
    public static let productModelClassRule = "product-model-class"

    /// Shown among the matches when general evidence (interfaces, bridging, sysServices, host
    /// resources) named the class no rule named (`ClassEvidence`).
    public static let classEvidenceRule = "class-evidence"

    /// How strong general evidence's class is: above the single-MIB guesses of 10-generic.yaml
    /// (HOST-RESOURCES or BRIDGE-MIB alone, 12), below every rule that knows more.
    public static let classEvidencePriority = 20

    /// Shown among the matches when a maker's product line named in the device's description
    /// (`Catalog.productLines`) gave a field nothing else gave.
    public static let productLineRule = "product-line"

    /// How strong a product line's class is: above general evidence (the maker's own word for
    /// what the line is), below the words and vendor rules (35 and up).
    public static let productLinePriority = 30

    /// How strong an agent platform's class is (net-snmp on Linux or a BSD says server): a rule
    /// this weak that names the operating system with the class knows the system, not the
    /// product. A maker whose products are nearly all one class overrides it (a NAS maker's
    /// Linux box is storage, a firewall maker's BSD box a firewall).
    public static let platformClassPriority = 25

    public func identify(_ evidence: Evidence) -> Identification {
        var best: [Rule.Field: (value: String, priority: Int, rule: String)] = [:]
        var matched: [String] = []
        let budget = Rule.MatchBudget()
        for index in candidates(evidence.sysObjectID) {
            let rule = catalog.rules[index]
            guard let captures = rule.match(evidence, budget: budget) else { continue }
            matched.append(rule.id)
            var proposals: [Rule.Field: String] = [:]
            for (field, template) in rule.sets {
                if let value = Rule.fill(template, captures) { proposals[field] = value }
            }
            // Fields whose value was read from a vendor object the rule fetched (not a fetch
            // that returned nothing, or only a placeholder).
            var fetched: Set<Rule.Field> = []
            let read = rule.fetched(sysObjectID: evidence.sysObjectID).map { (field: $0.field, value: evidence.values[$0.oid]) }
                + rule.fetchFirstRow.map { (field: $0.key, value: rule.row(of: $0.value, in: evidence)) }
            for (field, raw) in read {
                if let value = raw.flatMap(Rule.text).map({ $0.trimmingCharacters(in: .whitespaces) }),
                   !value.isEmpty, !(field == .serial && Self.isPlaceholderSerial(value)) {
                    proposals[field] = value
                    fetched.insert(field)
                }
            }
            for (field, value) in proposals {
                // A fetched vendor object outranks a rule of the same priority reading sysDescr.
                let priority = rule.priority + (fetched.contains(field) ? 1 : 0)
                if let current = best[field], current.priority >= priority { continue }
                best[field] = (value, priority, rule.id)
            }
        }
        var result = Identification()
        var decidedBy: [String: [String]] = [:]
        func take(_ field: Rule.Field) -> String? {
            guard let entry = best[field] else { return nil }
            decidedBy[entry.rule, default: []].append(field.rawValue)
            return entry.value
        }
        result.vendor = take(.vendor).map(catalog.canonicalVendor)
        result.os = take(.os)
        result.version = take(.version)
        result.family = take(.family)
        // The device's own word for itself: the ENTITY-MIB chassis row, else its LLDP-MED inventory.
        let ownWords = [
            OwnWord(rule: "entity-mib", model: evidence.entityModel, serial: evidence.entitySerial, maker: evidence.entityManufacturer),
            OwnWord(rule: Self.lldpMedRule, model: evidence.lldpMedModel, serial: evidence.lldpMedSerial, maker: evidence.lldpMedManufacturer),
        ]
        // Model and serial: the device's own word says it best (as strong as `entityPriority`); the
        // catalog fills in where it is silent, and overrides it only with a rule above that priority
        // (one that knows the agent puts a part number there, say).
        // A part number in the model field ("40-1000165-14", "710-030012": digits and dashes only)
        // gives way to any rule's model, and names the device only when nothing else does.
        func ownWord(_ field: Rule.Field, _ value: KeyPath<OwnWord, String?>, placeholder: (String) -> Bool) -> String? {
            if (best[field]?.priority ?? 0) <= Self.entityPriority {
                for source in ownWords {
                    if let text = source[keyPath: value], !placeholder(text),
                       !(field == .model && best[field] != nil && Self.isPartNumber(text)) {
                        decidedBy[source.rule, default: []].append(field.rawValue)
                        return text
                    }
                }
            }
            return take(field)
        }
        result.model = ownWord(.model, \.model, placeholder: Self.isPlaceholderModel)
        result.serial = ownWord(.serial, \.serial, placeholder: Self.isPlaceholderSerial)
        // No rule names the maker: the device's own word does (its chassis row's manufacturer, its
        // LLDP-MED inventory's), then the registry's owner of the sysObjectID's enterprise arc (which
        // may be the maker of an agent an OEM ships), then a known vendor's name opening sysDescr,
        // then the MAC registry.
        for source in ownWords where result.vendor == nil {
            if let maker = source.maker, !Self.isPlaceholderModel(maker) {
                result.vendor = catalog.canonicalVendor(maker)
                decidedBy[source.rule, default: []].append("vendor")
            }
        }
        if result.vendor == nil, let oid = evidence.sysObjectID, let vendor = catalog.enterpriseVendor(oid) {
            // A registrant the catalog does not list as a maker (an agent toolkit's arc a product
            // borrows, such as pysnmp's) gives way to a maker the catalog lists whose name opens
            // sysDescr ("Zyxel XGS1210-12 …" on SNMP Laboratories' arc).
            if !catalog.listsMaker(vendor), let maker = evidence.sysDescr.flatMap(catalog.listedMakerOpening), maker != vendor {
                result.vendor = maker
                decidedBy[Self.sysDescrVendorRule, default: []].append("vendor")
            } else {
                result.vendor = vendor
                decidedBy[Self.enterpriseRegistryRule, default: []].append("vendor")
            }
        }
        // A maker's product line the description names ("BayStack 450-24T …") fills what is still
        // empty below: the maker, then (when the maker named is the line's) the model, family and class.
        // (sysDescr with its host names blanked: a host named after a product line is not of it.)
        let maskedDescr = evidence.sysDescr.map { Self.maskingHostNames($0, sysName: evidence.sysName) }
        let ruleClass = best[.class]?.priority ?? 0
        let line = (result.vendor == nil || result.model == nil || result.family == nil || ruleClass < Self.productLinePriority)
            ? catalog.productLine(in: [maskedDescr, evidence.entityDescr].compactMap { $0 }) : nil
        var leading = (result.vendor == nil || result.model == nil) ? evidence.sysDescr.flatMap(catalog.leadingMaker) : nil
        // An organization registered under the line's own name ("Catalyst 2960", "JetStream …") is
        // the line naming itself, not its maker.
        if let name = leading?.vendor, line?.line.names(name) == true { leading = nil }
        // Nor is an operating system opening its own uname line ("DragonFly HOST 6.4-RELEASE …",
        // "Darwin HOST 21.6.0 …": the word after it is the host's name) when the organization is the
        // registry's only, no maker of the catalog's ("Brother NC-130h" stays Brother's).
        if let name = leading?.vendor, let word = name.split(separator: " ").first?.lowercased(),
           word == result.os?.split(separator: " ").first?.lowercased()
            || word == evidence.sysDescr?.firstMatch(of: Self.unameLine)?.output.1.lowercased(),
           !catalog.vendorAliases.contains(where: { $0.name.lowercased().hasPrefix(word) }) { leading = nil }
        if result.vendor == nil, let vendor = leading?.vendor {
            result.vendor = vendor
            decidedBy[Self.sysDescrVendorRule, default: []].append("vendor")
        }
        // A DOCSIS device names its maker in a field of its own (the brand opening sysDescr comes first).
        if result.vendor == nil, let vendor = evidence.sysDescr.flatMap(catalog.docsisVendor) {
            result.vendor = vendor
            decidedBy[Self.sysDescrVendorRule, default: []].append("vendor")
        }
        // No model from the chassis row or any rule: the product token that follows the maker's
        // name opening sysDescr ("Netopia 3347NWG v7.5.1r8" → 3347NWG).
        if result.model == nil, let rest = leading?.rest, let model = Self.modelAfterMaker(rest) {
            result.model = model
            decidedBy[Self.sysDescrModelRule, default: []].append("model")
        }
        if result.vendor == nil, let line {
            result.vendor = catalog.canonicalVendor(line.line.vendor)
            decidedBy[Self.productLineRule, default: []].append("vendor")
        }
        // Still none: a maker of the vendor tables opening the chassis row's description (an agent
        // that answers ENTITY-MIB but says nothing of its maker elsewhere, or borrows a toolkit's
        // sysObjectID). Listed makers only: a registered organization's name is too loose a match
        // for a part's description.
        if result.vendor == nil, let maker = evidence.entityDescr.flatMap(catalog.listedMakerOpening) {
            result.vendor = maker
            decidedBy[Self.entityDescrVendorRule, default: []].append("vendor")
        }
        let lineAgrees = line.map { sighting in
            ([sighting.line.vendor] + sighting.line.alsoMakers).contains { catalog.canonicalVendor($0) == result.vendor }
        } ?? false
        if lineAgrees, let line {
            if result.model == nil, let model = line.model {
                result.model = model
                decidedBy[Self.productLineRule, default: []].append("model")
            }
            if result.family == nil {
                result.family = line.line.name
                decidedBy[Self.productLineRule, default: []].append("family")
            }
        }
        // The class: a rule's (above the product line's), the product line's, general evidence
        // where no rule names one or only a guess from one supported MIB does (below
        // `classEvidencePriority`: HOST-RESOURCES alone says server, a print engine among its
        // devices says printer), then a weaker rule's.
        if ruleClass < Self.productLinePriority, lineAgrees, let cls = line?.line.deviceClass {
            result.class = cls
            decidedBy[Self.productLineRule, default: []].append("class")
        } else if ruleClass < Self.classEvidencePriority, let found = ClassEvidence.best(evidence),
                  found.score > ClassEvidence.threshold
                    || (result.vendor.flatMap({ catalog.makerClasses[$0] }) == nil && !Self.hostSystems.contains(result.os ?? "")) {
            // Evidence that only just names a class (one hint: sysServices' network layer) gives
            // way to what nearly all of the maker's products are (a firewall maker's appliance),
            // and names nothing on a computer's operating system (a Windows host whose agent
            // claims the network layer alone is no router).
            result.class = found.class
            decidedBy[Self.classEvidenceRule, default: []].append("class")
        } else {
            result.class = take(.class).flatMap(DeviceClass.init(rawValue:)) ?? .unknown
        }
        // Still none: a sysDescr that is nothing but a product code ("FNS-SFP-24", "DS-5000B") is
        // the model, unless it is the device's name too (an agent that echoes its host name).
        if result.model == nil, let model = evidence.sysDescr.flatMap({ Self.bareProductCode($0, sysName: evidence.sysName) }) {
            result.model = model
            decidedBy[Self.sysDescrModelRule, default: []].append("model")
        }
        // Still none: the name the maker gave the product in its products MIB (`ciscoASA5505`).
        // This late, as sysDescr's product code names the variant where it names one
        // ("ICX6610-48-HPOE", not the stack's `snFastIronStackICX6610Switch`).
        if result.model == nil, let oid = evidence.sysObjectID, let model = catalog.productNameModels[oid] {
            result.model = model
            decidedBy[Self.productNameRule, default: []].append("model")
        }
        // Still none, no maker opens sysDescr (one its copyright names may follow) and no
        // products MIB names it: the product line's name and number sysDescr opens with
        // ("SuperStack Switch 3812 Software", "DataSMART 558 version 1.2"). Last: a guess from
        // the shape of the words.
        if result.model == nil, leading?.rest == nil,
           let model = maskedDescr.flatMap(Self.openingLineAndNumber),
           // Not the operating system a rule named, with its version ("POWERALERT 12").
           result.os.map({ model.lowercased().hasPrefix($0.lowercased() + " ") }) != true {
            result.model = model
            decidedBy[Self.sysDescrModelRule, default: []].append("model")
        }
        if result.vendor == nil, let oui = evidence.ouiVendor {
            result.vendor = catalog.canonicalVendor(oui)
            decidedBy["mac-vendor", default: []].append("vendor")
        }
        // Still no maker: the operating system's (Microsoft for a Windows host whose hardware
        // neither ENTITY-MIB, a vendor object nor the MAC names), or its distribution's (Red Hat
        // for a Linux host whose kernel says RHEL/CentOS 7).
        if result.vendor == nil, let maker = result.os.flatMap({ catalog.osMakers[$0] }) ?? result.family.flatMap(catalog.distributionMaker) {
            result.vendor = maker
            decidedBy[Self.osVendorRule, default: []].append("vendor")
        }
        // Still no class: the one the maker's products MIB gives the model the device names
        // ("Symbol AP5131 HW=A …": Symbol's ap5131 row, an access point).
        if result.class == .unknown, let model = result.model, let vendor = result.vendor,
           let cls = catalog.modelClass(model, vendor: vendor) {
            result.class = cls
            decidedBy[Self.productModelClassRule, default: []].append("class")
        }
        // Still no class, or only the agent platform's: the one nearly everything of the maker's
        // is (a printer maker's, a UPS maker's; a storage maker's Linux box). Not from the
        // operating system's maker.
        let platformRule = best[.class].flatMap { taken in
            taken.priority <= Self.platformClassPriority && taken.rule == best[.os]?.rule
                && decidedBy[taken.rule]?.contains("class") == true ? taken.rule : nil
        }
        if result.class == .unknown || (platformRule != nil && decidedBy[Self.osVendorRule] == nil),
           let vendor = result.vendor, let cls = catalog.makerClasses[vendor] {
            if let platformRule {
                decidedBy[platformRule]?.removeAll { $0 == "class" }
                if decidedBy[platformRule]?.isEmpty == true { decidedBy[platformRule] = nil }
            }
            result.class = cls
            decidedBy[Self.makerClassRule, default: []].append("class")
        }
        if budget.exceeded { matched.append(Self.budgetExceededRule) }
        result.matches = (matched + ["entity-mib", Self.lldpMedRule, Self.enterpriseRegistryRule, Self.sysDescrVendorRule, Self.sysDescrModelRule, Self.productLineRule, Self.entityDescrVendorRule, Self.productNameRule, Self.classEvidenceRule, Self.productModelClassRule, Self.makerClassRule, "mac-vendor", Self.osVendorRule].filter { decidedBy[$0] != nil }).map {
            Identification.Match(rule: $0, fields: (decidedBy[$0] ?? []).sorted { Rule.Field(rawValue: $0)! < Rule.Field(rawValue: $1)! })
        }
        return result
    }

    /// The product a sysDescr names right after its maker's name (`rest`: the text after it): the
    /// words up to the first punctuation, version, revision or software word ("Gateway Security
    /// 360", "WebCSU 169-412", "BitStorm 2600; S/W Release…" → "BitStorm 2600"), when they are
    /// at most four words and 40 characters, one of them with a digit that is not a port speed or
    /// count ("10G Routing Switch", "24-Port Switch" name a kind, not a product), and none an OS
    /// or software word ("IOS Software", "Networking OS10" name no product).
    static func modelAfterMaker(_ rest: Substring) -> String? {
        var text = String(rest.prefix(120))
        // The maker's legal form or trade word left over ("Cabletron Systems, Inc. 2E42-27R", "Cisco Systems, Inc./VPN 3000").
        if let lead = text.range(of: #"^(?:[,.]?\s*(?:Inc\.?|Incorporated|Corporation|Corp\.?|Ltd\.?|Co\.|Systems|Networks|Technologies|Communications)(?![\w-]))*[\s,./-]*"#,
                                 options: .regularExpression) {
            text.removeSubrange(lead)
        }
        // A label before the product ("IronPort Model C600V", "Acme Model No. X-100").
        if let label = text.range(of: #"^(?i)model(?:\s+(?:no\.?|number))?\s*[:#]?\s+"#, options: .regularExpression) {
            text.removeSubrange(label)
        }
        let stop = #"(?i)[,;(]|\s[-/]\s|:\s|(?<=\d)v\d+\.|\b(?:version|ver|rev|revision|release|firmware|software|sw|fw|hw|running|build|serial|s/n|sn|snmp|agent|copyright|compatible|with|kernel)\b|\bser#|\bv\d|\s\d+\.\d"#
        let end = text.range(of: stop, options: .regularExpression)?.lowerBound ?? text.endIndex
        let model = text[..<end].trimmingCharacters(in: CharacterSet(charactersIn: " ,-/.\t"))
        let words = model.split(separator: " ")
        guard !model.isEmpty, model.count <= 40, words.count <= 4,
              words.contains(where: { $0.contains(where: \.isNumber) && $0.range(of: Self.portSpeed, options: .regularExpression) == nil
                                          && $0.range(of: Self.portCount, options: .regularExpression) == nil }),
              model.first.map({ $0.isLetter || $0.isNumber }) == true,
              model.range(of: #"(?i)\b(?:[A-Z]*OS\d*|software|kernel|linux|unix|windows|firmware|\w*BSD|darwin)\b"#, options: .regularExpression) == nil,
              // A part inside the product, not the product: "EPSON Built-in 11b/g/n Print Server".
              model.range(of: #"(?i)\bbuilt-in\b"#, options: .regularExpression) == nil else { return nil }
        return model
    }

    /// An Ethernet speed or speed range standing as a word: "10G", "100M", "40GbE", "10/100/1000".
    /// Only the standard rates: "1810G", "24G" and "4525/4508" are product codes.
    static let portSpeed = #"^(?i)(?:(?:1|2\.5|5|10|25|40|50|100|200|400)(?:G|Gb|GbE|GE|Gbps|Gig)|(?:10|100|1000)(?:M|Mb|Mbps|FE)|(?:10|100|1000)(?:/(?:10|100|1000|10000))+(?:M|Mbps)?)$"#

    /// A port count standing as a word: "24-Port", "8port" ("JetStream 24-Port Gigabit Switch"
    /// names how many ports, not which product).
    static let portCount = #"^(?i)\d{1,3}-?ports?$"#

    /// A uname line ("Linux HOST 5.15…"): the kernel's name, then the host's.
    static var unameLine: Regex<(Substring, Substring, Substring)> { #/^(Linux|FreeBSD|NetBSD|OpenBSD|DragonFly|SunOS|Darwin|HP-UX|AIX|Windows)\s+(\S+)/# }

    /// `sysDescr` with the device's host names blanked out (the second word of a uname line,
    /// "Linux fortigate-backup 5.15…", and the sysName wherever it stands, its first label too): a
    /// host named after a product line is not of that line.
    static func maskingHostNames(_ sysDescr: String, sysName: String?) -> String {
        var text = sysDescr
        func blank(_ range: Range<String.Index>) { text.replaceSubrange(range, with: String(repeating: " ", count: text[range].count)) }
        if let host = text.firstMatch(of: Self.unameLine) {
            blank(host.output.2.startIndex..<host.output.2.endIndex)
        }
        if let name = sysName?.trimmingCharacters(in: .whitespaces), !name.isEmpty {
            let first = name.split(separator: ".").first.map(String.init) ?? name
            for candidate in Set([name, first]) where candidate.count >= 3 {
                while let found = text.range(of: candidate, options: .caseInsensitive) { blank(found) }
            }
        }
        return text
    }

    /// `sysDescr` when it is a single product code and nothing else: one token of letters, digits
    /// and `-_+./`, 3 to 32 characters, with a letter and a digit, not a version ("v2.1.0"), a
    /// software image that carries one ("ACMEOS5-VOIP-V4.3R4"), an address or the device's name
    /// (`sysName`, case aside).
    static func bareProductCode(_ sysDescr: String, sysName: String?) -> String? {
        let code = sysDescr.trimmingCharacters(in: .whitespacesAndNewlines)
        guard (3...32).contains(code.count), code.range(of: #"^[A-Za-z0-9][A-Za-z0-9_+./-]*$"#, options: .regularExpression) != nil,
              code.contains(where: \.isLetter), code.contains(where: \.isNumber),
              code.range(of: #"^(?i)v?\d+(?:[._]\d+)+\w*$|(?:^|[-_])v\d+\.\d+|^(?:\d{1,3}\.){3}\d{1,3}$|^(?:[0-9A-Fa-f]{2}[:.-]?){5}[0-9A-Fa-f]{2}$"#, options: .regularExpression) == nil
        else { return nil }
        if let name = sysName?.trimmingCharacters(in: .whitespacesAndNewlines), name.caseInsensitiveCompare(code) == .orderedSame
            || name.lowercased().hasPrefix(code.lowercased() + ".") { return nil }
        return code
    }

    /// Operating systems of general-purpose computers, workstations as much as servers.
    static let hostSystems: Set<String> = ["Windows", "Windows Server", "Linux", "macOS", "FreeBSD", "OpenBSD", "NetBSD", "Solaris", "AIX", "HP-UX"]

    /// The model a sysDescr opens with when it opens with a product line's name, one to three
    /// capitalised words, and its number: "SuperStack Switch 3812 Software" → "SuperStack Switch
    /// 3812", "Ethernet Switch 470-48T HW:#05". Never an operating system's or a version's
    /// words ("Windows 2000 Version 5.0", "Release 2208"), a version ("Peakflow TMS 8.2"), a
    /// maker's legal form ("Acme Systems 1900"), a port count ("JetStream 24-Port"), or a number
    /// of fewer than two digits.
    static func openingLineAndNumber(_ sysDescr: String) -> String? {
        let text = sysDescr.drop { $0 == " " || $0 == "\t" }.prefix(80)
        guard let found = text.range(of: #"^(?:[A-Z][A-Za-z]+ ){1,3}\d{2,5}[A-Za-z]{0,3}(?:-[A-Za-z0-9]+)*(?=$|[\s,;(])"#,
                                     options: .regularExpression) else { return nil }
        let model = String(text[found])
        guard model.split(separator: " ").last.map({ $0.range(of: Self.portCount, options: .regularExpression) == nil }) == true,
              model.range(of: #"\b(?i:version|ver|release|rev|revision|firmware|software|build|kernel|linux|unix|windows|microsoft|solaris|sunos|copyright|model|hardware|serial|snmp|agent|inc|incorporated|corp|corporation|systems|networks|technologies|communications|series)\b"#,
                                options: .regularExpression) == nil else { return nil }
        return model
    }

    /// The vendor objects the catalog wants read from a device the rules now match (the SNMP
    /// stage asks for them, then identification runs again with their values).
    public func objectsToFetch(_ evidence: Evidence) -> [OID] {
        var oids: [OID] = []
        // The chassis row the class column names, where the walk brought its class but not its
        // model or serial (a walk cut at its row cap, an agent that answers the columns unevenly,
        // a chassis at an index the walk never reached in one column): one GET of those cells.
        // The answers land among the vendor objects, where the chassis reading finds them.
        if let row = evidence.chassisIndex, evidence.values[MIB.entPhysicalClass.appending(row)] != nil {
            for column in Self.chassisColumnsToComplete {
                let oid = column.appending(row)
                if evidence.values[oid] == nil { oids.append(oid) }
            }
        }
        let budget = Rule.MatchBudget()
        for (rule, objects) in readers where rule.match(evidence, ignoringValues: true, budget: budget) != nil {
            // Those under the device's own sysObjectID depend on the device; the rest were listed once.
            let wanted = rule.fetchUnderProduct.isEmpty ? objects : rule.objectsToRead(sysObjectID: evidence.sysObjectID)
            for oid in wanted where !oids.contains(oid) && evidence.values[oid] == nil { oids.append(oid) }
        }
        return oids
    }

    /// The columns whose first row the rules that hold for this device read (one GETNEXT of
    /// them all), less those the evidence already holds a row of.
    public func columnsToFetch(_ evidence: Evidence) -> [OID] {
        var columns: [OID] = []
        let budget = Rule.MatchBudget()
        for (rule, _) in readers where !rule.fetchFirstRow.isEmpty && rule.rowByAddress == nil
            && rule.match(evidence, ignoringValues: true, budget: budget) != nil {
            for column in rule.columnsToRead where !columns.contains(column) && evidence.firstRow(of: column) == nil { columns.append(column) }
        }
        return columns
    }

    /// The device's own rows the rules that hold for this device read, by the column that holds
    /// its address, less those the evidence already holds.
    public func ownRowsToFetch(_ evidence: Evidence) -> [VendorObjects.OwnRow] {
        var rows: [VendorObjects.OwnRow] = []
        let budget = Rule.MatchBudget()
        for (rule, _) in readers {
            guard let key = rule.rowByAddress, rule.match(evidence, ignoringValues: true, budget: budget) != nil else { continue }
            let missing = rule.columnsToRead.filter { rule.row(of: $0, in: evidence) == nil }
            guard !missing.isEmpty else { continue }
            if let i = rows.firstIndex(where: { $0.addressColumn == key }) {
                rows[i].columns += missing.filter { !rows[i].columns.contains($0) }
            } else {
                rows.append(.init(addressColumn: key, columns: missing))
            }
        }
        return rows
    }

    /// What the SNMP stage reads for the rules that hold for this device: objects by GET, the
    /// first row of columns by GETNEXT, the device's own row of a cluster's table.
    public func vendorObjects(_ evidence: Evidence) -> VendorObjects {
        VendorObjects(objects: objectsToFetch(evidence), firstRowOf: columnsToFetch(evidence), ownRows: ownRowsToFetch(evidence))
    }

    /// The chassis row's cells identification reads, fetched by GET when the walk lacks them.
    static let chassisColumnsToComplete: [OID] = [MIB.entPhysicalModelName, MIB.entPhysicalSerialNum, MIB.entPhysicalMfgName,
                                                  MIB.entPhysicalSoftwareRev]

    /// Serial placeholders are the same wherever a serial comes from (one list, in FactViews).
    static func isPlaceholderSerial(_ value: String) -> Bool { DeviceFacts.isPlaceholder(value) }

    /// An orderable part number rather than a model: digits in two or three dashed groups, the
    /// second of four or more ("40-1000165-14" Brocade, "710-030012" Juniper).
    static func isPartNumber(_ value: String) -> Bool {
        value.range(of: #"^\d{2,4}-\d{4,8}(?:-\d{1,3})?$"#, options: .regularExpression) != nil
    }

    /// Model placeholders are the same wherever a model comes from (one list, in FactViews).
    static func isPlaceholderModel(_ value: String) -> Bool { DeviceFacts.isPlaceholderModel(value) }
}

extension Identification {
    /// The value of one catalog field.
    public func value(_ field: Rule.Field) -> String? {
        switch field {
        case .vendor: vendor
        case .model: model
        case .class: self.class == .unknown ? nil : self.class.rawValue
        case .serial: serial
        case .os: os
        case .version: version
        case .family: family
        }
    }
}

/// An example that does not come out as its rule says.
public struct ExampleFailure: Sendable, CustomStringConvertible {
    public var rule: String
    public var source: String
    public var line: Int
    public var problem: String
    public var description: String { "\(rule) (\(source), example at line \(line)): \(problem)" }
}

extension Identifier {
    /// Runs every example of every rule through the whole catalog: the rule must match its
    /// example, and each expected field must come out (a stronger rule overriding an example
    /// is a conflict worth seeing).
    public func checkExamples() -> [ExampleFailure] {
        var failures: [ExampleFailure] = []
        for rule in catalog.rules {
            for example in rule.examples {
                func fail(_ problem: String) {
                    failures.append(ExampleFailure(rule: rule.id, source: rule.source, line: example.line, problem: problem))
                }
                guard rule.match(example.evidence) != nil else { fail("the rule does not match its own example"); continue }
                let result = identify(example.evidence)
                for (field, expected) in example.expected.sorted(by: { $0.key < $1.key }) {
                    let want = field == .vendor ? catalog.canonicalVendor(expected) : expected
                    let got = result.value(field)
                    if got != want {
                        let by = result.matches.filter { $0.fields.contains(field.rawValue) }.map(\.rule)
                        fail("\(field) is \(got.map { "'\($0)'" } ?? "empty"), expected '\(want)'\(by.isEmpty ? "" : " (decided by \(by.joined(separator: ", ")))")")
                    }
                }
            }
        }
        // Each product line: a description that is its name and a product number ("NAME 100", a
        // code prefix's "HL-100") must come out as the line's maker and class (a rule that says
        // otherwise is a conflict worth seeing).
        for line in catalog.productLines {
            let description = line.name.hasSuffix("-") ? "\(line.name)100" : "\(line.name) 100"
            let result = identify(Evidence(sysDescr: description))
            var expected: [(Rule.Field, String)] = [(.vendor, catalog.canonicalVendor(line.vendor))]
            if let cls = line.deviceClass { expected.append((.class, cls.rawValue)) }
            for (field, want) in expected where result.value(field) != want {
                let by = result.matches.filter { $0.fields.contains(field.rawValue) }.map(\.rule)
                failures.append(ExampleFailure(rule: "line \(line.name)", source: line.source, line: line.line,
                                               problem: "'\(description)': \(field) is \(result.value(field).map { "'\($0)'" } ?? "empty"), expected '\(want)'\(by.isEmpty ? "" : " (decided by \(by.joined(separator: ", ")))")"))
            }
        }
        return failures
    }
}
