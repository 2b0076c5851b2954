/// What a MAC address says about the device behind it.
public enum MACKind: Sendable, Equatable {
    /// A globally unique (burned-in) address; `vendor` is the organisation its prefix is
    /// registered to, or nil when the prefix is not in the registry.
    case universal(vendor: String?)
    /// A locally administered address: randomised by a phone or laptop, or assigned by software
    /// (virtual machines, containers). Its prefix names no vendor.
    case locallyAdministered
    /// A group address (multicast or broadcast): it never identifies a single host.
    case multicast
}
