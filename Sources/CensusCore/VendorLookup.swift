/// Names the organisation behind a MAC address.
public protocol VendorLookup: Sendable {
    /// The registered organisation for the MAC's prefix, or nil when unknown or locally administered.
    func vendor(for mac: MACAddress) -> String?
}
