/// A model read from the name a maker gave a product in its products MIB (`ciscoASA5505`,
/// `fgt60DPOE`, `snICX745032ZPRouter`): the last resort for a device that answers with little more
/// than its sysObjectID, when the product table states no model for it.
enum ProductName {
    /// The model a product object's name spells, or nil when it spells none (no digit: `ciscoIGS`,
    /// `netappFiler`) or only a series (`cat38xxstack`). `prefixes` are the maker's own name
    /// prefixes (longest first), dropped when a capital, digit or dash follows; a trailing
    /// Switch/Router/Chassis/WLC/Array (the kind of device, not the product: `cisco5520WLC` → "5520",
    /// Xirrus's `xr4420Array` → "XR4420") after the product code or its "Plus" (`snSI450PlusSwitch`)
    /// goes too; a short lower-case series (`fgt`, `ap`) is written in capitals, a longer one as a
    /// word (`acmewidget9` → "Acmewidget 9"). A series abbreviated to the initials of the row's
    /// `family` (Foundry's `snBI15000Switch` in family BigIron, Adtran's `adNV1234` in NetVanta) is
    /// written out: "BigIron 15000".
    static func model(_ name: String, prefixes: [String], family: String? = nil) -> String? {
        var s = Substring(name)
        for prefix in prefixes where s.hasPrefix(prefix) {
            let rest = s.dropFirst(prefix.count)
            guard let next = rest.first, next.isUppercase || next.isNumber || next == "-" else { continue }
            s = rest.drop { $0 == "-" }
            break
        }
        for word in ["Switch", "Router", "Chassis", "WLC", "Wlc", "wlc", "Array"] where s.hasSuffix(word) {
            let before = s.dropLast(word.count)
            if let last = before.last, last.isNumber || last.isUppercase || before.hasSuffix("Plus") { s = before }
        }
        if let pid = catalystProductID(s) { return pid }
        // Cisco's Nexus and MDS names spell the product ID's dashes as case changes:
        // `N5kC5010pBf` is N5K-C5010P-BF, `N9kC93180YCEX` N9K-C93180YCEX.
        if s.range(of: #"^[NM]\d+k[A-Z]"#, options: .regularExpression) != nil {
            return String(s).replacingOccurrences(of: "(?<=[a-z])(?=[A-Z])", with: "-", options: .regularExpression).uppercased()
        }
        if let pid = mdsProductID(s) { return pid }
        let series = s.prefix { $0.isLowercase && $0.isLetter }
        var model: String
        if !series.isEmpty, let next = s.dropFirst(series.count).first, next.isNumber {
            let rest = s.dropFirst(series.count)
            model = series.count <= 4 ? series.uppercased() + rest : series.prefix(1).uppercased() + series.dropFirst() + " " + rest
        } else if let first = s.first, first.isLowercase {
            model = first.uppercased() + s.dropFirst()
        } else {
            model = String(s)
        }
        if let family, let written = writingOut(initialsOf: family, in: model) { model = written }
        guard model.count >= 3, model.contains(where: \.isNumber) else { return nil }
        // A series written with a wildcard names no one model: `cat38xxstack`, `ciscoAIRAP11xx`.
        guard model.range(of: #"\d[xX]{2}"#, options: .regularExpression) == nil else { return nil }
        return model
    }

    /// `model` with a leading abbreviation of `family` written out: the family is two or more
    /// capitalised words run together ("BigIron", "NetVanta"; not "ACE") and the model opens with their
    /// initials and then a digit ("BI15000" → "BigIron 15000"); nil otherwise.
    static func writingOut(initialsOf family: String, in model: String) -> String? {
        let letters = Array(family)
        guard letters.first?.isUppercase == true, letters.allSatisfy({ $0.isASCII && $0.isLetter }),
              letters.indices.allSatisfy({ !letters[$0].isUppercase || ($0 + 1 < letters.count && letters[$0 + 1].isLowercase) })
        else { return nil }   // capitalised words only: "ACE" or "MSM" is an abbreviation already
        let initials = family.filter(\.isUppercase)
        guard initials.count >= 2, model.hasPrefix(initials), model.dropFirst(initials.count).first?.isNumber == true else { return nil }
        return family + " " + model.dropFirst(initials.count)
    }

    /// An MDS chassis's product ID from its name, which runs the ID together: `MdsDSC9222i` →
    /// "DS-C9222I", `MdsDSC9216AK9` → "DS-C9216A-K9" (Cisco's export suffix K9 always follows a
    /// dash). The prefix test comes first: a Swift Regex match on each of the catalog's 28,000
    /// names tripled the catalog's load time.
    static func mdsProductID(_ name: Substring) -> String? {
        guard name.hasPrefix("MdsDS"), let match = name.wholeMatch(of: #/MdsDS([CX])(\d{4}[A-Za-z]?)(K9)?/#) else { return nil }
        return "DS-" + match.1 + match.2.uppercased() + (match.3 == nil ? "" : "-K9")
    }

    /// A Catalyst switch's product ID from its products-MIB name, which runs the ID's parts
    /// together: `catalyst296024TT` → "WS-C2960-24TT", `catalyst3560v224ps` → "WS-C3560V2-24PS",
    /// `catalyst296048TTS` → "WS-C2960-48TT-S" (a last S, L or D after a port type is the
    /// ID's feature-set or power suffix). Nil for a chassis (`catalyst4510`) or a name whose
    /// port count is not a switch's (`catalyst455010`, a 10-slot 4500 chassis).
    static func catalystProductID(_ name: Substring) -> String? {
        guard name.hasPrefix("catalyst"), let match = name.wholeMatch(of: #/catalyst(\d{4})(v2|[A-Za-z])?(\d{1,2})([A-Za-z]{1,4})?/#) else { return nil }
        let (series, variant, ports, kind) = (match.1, match.2 ?? "", match.3, match.4 ?? "")
        guard !kind.isEmpty || ["8", "12", "16", "24", "48"].contains(ports) else { return nil }
        var suffix = kind.uppercased()
        if suffix.count >= 3, suffix != "PWR", let last = suffix.last, "SLD".contains(last) {
            suffix = String(suffix.dropLast()) + "-" + String(last)
        }
        return "WS-C" + series + variant.uppercased() + "-" + ports + suffix
    }
}
