import CensusCore
import DataFiles
import Foundation

/// Which columns of a contract export hold which Census field, how it writes dates, and any
/// class synonyms of its own.
///
/// Column names are compared without case, spaces or punctuation (`Serial No.`, `serial_no`
/// and `SerialNo` are one name). A field may match several columns: each row takes the value
/// of the first one, in the order of the field's names, that is not empty (HaloPSA's Hostname,
/// else its Asset Tag). `mac` takes every matching column (`MAC Address 1`, `MAC Address 2`: a
/// name followed by digits matches too).
public struct ContractProfile: Sendable {
    public var name: String
    /// Candidate column names per field, most specific first.
    public var columns: [ContractField: [String]]
    public var dateOrder: DateOrder
    public var classes: ClassSynonyms
    /// The fields a mapping file names columns for: a field none of whose columns is in the
    /// header is said, never silently empty.
    public var mapped: Set<ContractField> = []
    /// Whether a mapping file says how dates are written; else a file whose dates can only be
    /// month first (`03/14/2024`) is read so.
    public var datesStated = false

    public init(name: String, columns: [ContractField: [String]], dateOrder: DateOrder = .dmy, classes: ClassSynonyms = ClassSynonyms()) {
        self.name = name
        self.columns = columns
        self.dateOrder = dateOrder
        self.classes = classes
    }

    /// The profiles chosen by name (`profile: connectwise`).
    public static let presets: [String: ContractProfile] = [
        "generic": .generic, "connectwise": .connectwise, "autotask": .autotask, "halopsa": .halopsa,
    ]

    /// A preset by name (case-insensitive), or nil.
    public static func named(_ name: String) -> ContractProfile? { presets[name.lowercased()] }

    // MARK: Generic

    /// The documented column names and the synonyms people use for them.
    public static let genericColumns: [ContractField: [String]] = [
        .client: ["client", "customer", "company", "account", "client name", "customer name", "company name",
                  "account name", "organisation", "organization", "organisation name", "organization name"],
        .site: ["site", "location", "site name", "location name", "branch", "office"],
        .name: ["hostname", "host name", "computer name", "system name", "device name", "name", "asset name", "device", "asset",
                "configuration name"],
        .deviceClass: ["class", "type", "device type", "device class", "asset type", "configuration type", "category",
                       "device category", "asset category", "kind"],
        .manufacturer: ["manufacturer", "vendor", "make", "brand", "manufacturer name", "vendor name"],
        .model: ["model", "model number", "model name", "model no", "product", "product name"],
        .serial: ["serial", "serial number", "serial no", "serial num", "serialnumber", "sn", "s n", "service tag",
                  "serial tag", "device serial", "device serial number", "asset serial", "asset serial number", "chassis serial"],
        .mac: ["mac", "mac address", "mac addresses", "macs", "mac addr", "physical address", "hardware address",
               "primary mac", "primary mac address", "device mac", "ethernet mac", "lan mac", "wired mac"],
        .ip: ["ip", "ip address", "ipv4", "ipv4 address", "ip addr", "primary ip", "primary ip address", "management ip",
              "device ip", "lan ip", "local ip", "private ip"],
        .plan: ["plan", "contract", "agreement", "service plan", "contract name", "agreement name", "service",
                "service level", "support plan", "package"],
        .monthlyPrice: ["monthly_price", "monthly price", "monthly cost", "monthly fee", "monthly charge", "monthly rate",
                        "price per month", "cost per month", "mrr", "price", "fee", "charge", "rate", "unit price", "amount"],
        .purchaseDate: ["purchase_date", "purchase date", "purchased", "date purchased", "purchase", "bought",
                        "acquired", "acquisition date", "install date", "installed", "installation date", "in service date"],
        .warrantyEnd: ["warranty_end", "warranty end", "warranty end date", "warranty expiry", "warranty expiry date",
                       "warranty expires", "warranty expiration", "warranty expiration date", "warranty until",
                       "warranty", "warranty date", "end of warranty"],
        .users: ["users", "seats", "user count", "number of users", "no of users", "seat count", "licences", "licenses"],
        .quantity: ["quantity", "qty", "units", "unit count", "number of devices", "no of devices", "device count", "count"],
        .status: ["status", "device status", "asset status", "configuration status", "lifecycle status", "active",
                  "is active", "active flag"],
    ]

    public static let generic = ContractProfile(name: "generic", columns: genericColumns)

    // MARK: PSA presets
    //
    // Each preset tries the product's own column names first, then the generic ones. Two kinds
    // of names: the field names of the product's REST API (what an API or reporting-tool export
    // carries; checked against the sources named below) and the labels of its list export / CSV
    // import template (from knowledge of the products, NOT confirmed against their pages: the
    // stored copies searched show the API fields only). A site whose export differs writes a
    // mapping file.
    //
    // ConnectWise PSA (Manage), Company > Configurations. API (`company/configurations`):
    // `name`, `type/name`, `company/name`, `site/name`, `serialNumber`, `modelNumber`,
    // `manufacturer/name`, `macAddress`, `ipAddress`, `purchaseDate`, `installationDate`,
    // `warrantyExpirationDate` (N-able's "ConnectWise Manage device export" field mapping shows
    // SerialNumber, ModelNumber, MacAddress, IPAddress, PurchaseDate, WarrantyExpiration,
    // TagNumber, deviceName). Labels: "Configuration Name", "Configuration Type", "Company",
    // "Site", "Serial Number", "Model Number", "Manufacturer", "MAC Address", "IP Address",
    // "Purchase Date", "Installation Date", "Warranty Expiration", "Agreement". Manage's
    // "Vendor" is the supplier, so the generic vendor→manufacturer synonym is dropped.
    //
    // Autotask, CRM > Devices (API entity ConfigurationItems). API: `referenceTitle` (the
    // device's name), `serialNumber`, `installDate`, `warrantyExpirationDate`, `monthlyCost`,
    // `numberOfUsers`, `rmmDeviceAuditHostname`, `rmmDeviceAuditIPAddress`,
    // `rmmDeviceAuditMacAddress` (Autotask REST API help, ConfigurationItems entity; N-able's
    // Autotask field mapping: DeviceName→ReferenceTitle, SerialNumber→SerialNumber,
    // Createdon→InstallDate, WarrantyExpiration→WarrantyExpirationDate; the RMM audit fields
    // from memory of the entity). Labels: "Organization Name", "Location", "Device Category",
    // "Product Name", "Reference Title", "Serial Number", "Install Date", "Warranty Expiration
    // Date", "Contract Name", "Monthly Cost", "Number of Users". Autotask has no manufacturer
    // column of its own: the product names the model. ID fields (`companyID`, `productID`,
    // `contractID`, `configurationItemType`…) hold numbers, not names, and are not mapped; nor
    // is `referenceNumber` (sites use it for a model number or an asset tag).
    //
    // HaloPSA, Assets. API (`Asset`): `inventory_number` (the asset tag, Halo's display name),
    // `key_field`, `client_name`, `site_name`, `assettype_name`, `manufacturer_name`,
    // `warranty_end` (a published HaloPSA API reference's Asset schema); `contract_ref` from
    // memory; `contract_value` is not mapped (not said to be monthly). Serial, MAC and IP are
    // asset-type fields whose names each site chooses; labels: "Asset Tag", "Asset Type",
    // "Client", "Site", "Hostname", "Serial Number", "MAC Address", "IP Address",
    // "Manufacturer", "Model", "Purchase Date", "Warranty End".

    public static let connectwise = preset("connectwise", [
        .client: ["company/name", "company name", "company"],
        .site: ["site/name", "site name", "site"],
        .name: ["configuration name", "name", "device name", "deviceName"],
        .deviceClass: ["configuration type", "type/name", "type", "config type"],
        .manufacturer: ["manufacturer/name", "manufacturer"],
        .model: ["model number", "modelNumber", "model"],
        .serial: ["serial number", "serialNumber"],
        .mac: ["mac address", "macAddress"],
        .ip: ["ip address", "ipAddress"],
        .plan: ["agreement", "agreement name", "agreement/name"],
        .purchaseDate: ["purchase date", "purchaseDate", "installation date", "installationDate"],
        .warrantyEnd: ["warranty expiration", "warranty expiration date", "warrantyExpirationDate"],
        .status: ["status/name", "status", "activeFlag"],
    ], excluding: [.manufacturer: ["vendor", "vendor name"]])

    public static let autotask = preset("autotask", [
        .client: ["organization name", "organization", "account name"],
        .site: ["location", "organization location", "area"],
        .name: ["reference title", "referenceTitle", "device name", "rmmDeviceAuditHostname"],
        .deviceClass: ["device category", "configuration item type", "device type"],
        .model: ["product name", "product"],
        .serial: ["serial number", "serialNumber"],
        .mac: ["rmmDeviceAuditMacAddress", "mac address"],
        .ip: ["rmmDeviceAuditIPAddress", "ip address"],
        .plan: ["contract name", "contract"],
        .monthlyPrice: ["monthly cost", "monthlyCost"],
        .purchaseDate: ["install date", "installDate"],
        .warrantyEnd: ["warranty expiration date", "warrantyExpirationDate"],
        .users: ["number of users", "numberOfUsers"],
        .status: ["active", "isActive"],
    ])

    public static let halopsa = preset("halopsa", [
        .client: ["client_name", "client"],
        .site: ["site_name", "site"],
        .name: ["hostname", "device name", "asset tag", "inventory_number", "key_field"],
        .deviceClass: ["asset type", "assettype_name"],
        .manufacturer: ["manufacturer_name", "manufacturer"],
        .model: ["model"],
        .serial: ["serial number"],
        .mac: ["mac address"],
        .ip: ["ip address"],
        .plan: ["contract_ref", "contract"],
        .purchaseDate: ["purchase date", "purchasedate"],
        .warrantyEnd: ["warranty_end", "warranty end", "warranty end date", "warranty expires"],
    ])

    private static func preset(_ name: String, _ own: [ContractField: [String]],
                               excluding: [ContractField: Set<String>] = [:]) -> ContractProfile {
        var columns = genericColumns
        for (field, names) in excluding { columns[field]?.removeAll { names.contains($0) } }
        for (field, names) in own { columns[field] = names + (columns[field] ?? []) }
        return ContractProfile(name: name, columns: columns)
    }

    /// A column name as compared: lower-case letters and digits only.
    public static func normaliseColumn(_ name: String) -> String {
        var out = String.UnicodeScalarView()
        for scalar in name.unicodeScalars where scalar.properties.isAlphabetic || ("0"..."9").contains(scalar) {
            out.append(contentsOf: scalar.properties.lowercaseMapping.unicodeScalars)
        }
        return String(out)
    }

    /// Which header columns hold which field (indexes into `header`), in the order of the
    /// field's names: a row takes the first of them that is not empty (`mac` takes them all).
    func resolve(header: [String]) -> [ContractField: [Int]] {
        let normalised = header.map(Self.normaliseColumn)
        var result: [ContractField: [Int]] = [:]
        for field in ContractField.allCases {
            var indexes: [Int] = []
            for name in (columns[field] ?? []).map(Self.normaliseColumn) where !name.isEmpty {
                for (index, column) in normalised.enumerated() where !indexes.contains(index) {
                    if column == name
                        || (field == .mac && column.hasPrefix(name) && column.dropFirst(name.count).allSatisfy(\.isNumber)) {
                        indexes.append(index)
                    }
                }
            }
            // One price column: an empty "Monthly Price" cell is no price, never the "Amount"
            // or "Unit Price" of some other column beside it.
            if field == .monthlyPrice { indexes = Array(indexes.prefix(1)) }
            if !indexes.isEmpty { result[field] = indexes }
        }
        return result
    }

    // MARK: Mapping files

    /// Reads a mapping file: a profile for any other layout.
    ///
    /// ```yaml
    /// base: generic            # generic (default), connectwise, autotask, halopsa, or none
    /// columns:                 # Census field: the column holding it (or a list, first found wins)
    ///   name: Asset Name
    ///   serial: [S/N, Serial]
    ///   monthly_price: Monthly Charge
    /// dates: dmy               # dmy (default), mdy or iso
    /// classes:                 # extra class synonyms: text: class, or text: {class: C, virtual: true}
    ///   Thin Client: workstation
    ///   Cloud VM: { class: server, virtual: true }
    /// ```
    /// A field listed in `columns` uses only the names given; the others keep the base's.
    public static func load(file path: String) throws(DataFileError) -> ContractProfile {
        try parse(DataFile.load(path), name: URL(fileURLWithPath: path).deletingPathExtension().lastPathComponent)
    }

    /// Parses mapping-file text (`file` names it in errors).
    public static func parse(_ text: String, file: String) throws(DataFileError) -> ContractProfile {
        try parse(DataFile.parse(text, file: file), name: URL(fileURLWithPath: file).deletingPathExtension().lastPathComponent)
    }

    static func parse(_ root: DataValue, name: String) throws(DataFileError) -> ContractProfile {
        if root.isNull { throw root.error("the mapping file is empty (expected columns:, and optionally base:, dates:, classes:)") }
        let top = try root.mapping()
        try top.onlyKeys(["base", "columns", "dates", "classes"])
        var profile: ContractProfile
        if let base = top["base"] {
            let text = try base.string()
            if text.lowercased() == "none" {
                profile = ContractProfile(name: name, columns: [:])
            } else if let preset = named(text) {
                profile = preset
            } else {
                throw base.error("unknown base '\(text)' (expected one of: generic, connectwise, autotask, halopsa, none)")
            }
        } else {
            profile = generic
        }
        profile.name = name
        if let columns = top["columns"] {
            let map = try columns.mapping()
            try map.onlyKeys(Set(ContractField.allCases.map(\.rawValue)))
            for (key, value) in map.entries {
                let field = ContractField(rawValue: key)!
                var names: [String] = []
                for item in try value.listOrOne() {
                    let text = try item.string().trimmingCharacters(in: .whitespaces)
                    if normaliseColumn(text).isEmpty { throw item.error("a column name needs a letter or a digit") }
                    names.append(text)
                }
                if names.isEmpty { throw value.error("give the column's name") }
                profile.columns[field] = names
                profile.mapped.insert(field)
            }
        }
        if let dates = top["dates"] {
            let text = try dates.string()
            guard let order = DateOrder(rawValue: text.lowercased()) else {
                throw dates.error("dates must be dmy, mdy or iso, not '\(text)'")
            }
            profile.dateOrder = order
            profile.datesStated = true
        }
        if let classes = top["classes"] {
            var extra: [String: ClassMatch] = [:]
            for (text, value) in try classes.mapping().entries {
                extra[text] = try classMatch(value)
            }
            profile.classes = ClassSynonyms(extra: extra)
        }
        if !ContractField.namesDevices({ !(profile.columns[$0] ?? []).isEmpty }) {
            throw (top["columns"] ?? root).error("no column for name, serial, mac or ip (or quantity with class): nothing would identify a device")
        }
        return profile
    }

    private static func classMatch(_ value: DataValue) throws(DataFileError) -> ClassMatch {
        if let map = try? value.mapping() {
            try map.onlyKeys(["class", "virtual"])
            let classValue = try map.required("class")
            return ClassMatch(try deviceClass(classValue), virtual: try map["virtual"]?.bool() ?? false)
        }
        return ClassMatch(try deviceClass(value))
    }

    static func deviceClass(_ value: DataValue) throws(DataFileError) -> DeviceClass {
        let text = try value.string()
        guard let deviceClass = DeviceClass(rawValue: text.lowercased()) else {
            throw value.error("unknown class '\(text)' (expected one of: \(DeviceClass.allCases.map(\.rawValue).joined(separator: ", ")))")
        }
        return deviceClass
    }
}
