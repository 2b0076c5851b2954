import Foundation

/// What identification concluded about one device, and why.
public struct Identification: Sendable, Equatable, Codable, EncodesEveryKey {
    public var vendor: String?
    public var model: String?
    public var `class`: DeviceClass
    public var serial: String?
    public var os: String?
    public var version: String?
    public var family: String?
    /// The rules that matched, each with the fields it gave (the explanation).
    public var matches: [Match]

    public struct Match: Sendable, Equatable, Codable {
        public var rule: String
        /// Fields this rule named that were used (a field named by a stronger rule is not listed).
        public var fields: [String]
        public init(rule: String, fields: [String]) {
            self.rule = rule
            self.fields = fields
        }
    }

    /// The ids of the rules that decided at least one field.
    public var ruleIDs: [String] { matches.filter { !$0.fields.isEmpty }.map(\.rule) }

    /// The rule that takes the words after the maker's name in sysDescr for the model when
    /// nothing better names one ("Netopia 3347NWG v7.5" → 3347NWG).
    public static let sysDescrModelRule = "sysdescr-model"

    /// Whether the model is that guess from sysDescr's words rather than something the device
    /// states as its model (ENTITY-MIB, a vendor object, a catalog rule): right most of the
    /// time, not always, so billing does not call a contract line wrong over it.
    public var modelIsGuessed: Bool {
        matches.contains { $0.rule == Self.sysDescrModelRule && $0.fields.contains("model") }
    }

    public init(vendor: String? = nil, model: String? = nil, class cls: DeviceClass = .unknown, serial: String? = nil,
                os: String? = nil, version: String? = nil, family: String? = nil, matches: [Match] = []) {
        self.vendor = vendor
        self.model = model
        self.class = cls
        self.serial = serial
        self.os = os
        self.version = version
        self.family = family
        self.matches = matches
    }
}
