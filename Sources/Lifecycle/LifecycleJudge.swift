import CensusCore
import Foundation

/// Judges devices against the software lifecycle data and the hardware catalog, as of a day
/// the caller gives (never the clock).
public struct LifecycleJudge: Sendable {
    public var software: SoftwareLifecycles
    public var hardware: HardwareCatalog

    public init(software: SoftwareLifecycles, hardware: HardwareCatalog) {
        self.software = software
        self.hardware = hardware
    }

    /// One device's judgement. `purchaseDate` comes from the contract when known; `firstSeen` is
    /// the first time Census saw the device.
    public func judge(_ device: Identification, sysDescr: String? = nil, purchaseDate: CalendarDate? = nil,
                      firstSeen: CalendarDate? = nil, asOf: CalendarDate) -> LifecycleJudgement {
        let entry = device.model.flatMap { hardware.entry(forModel: $0, vendor: device.vendor) }
        let hardwareVerdict = hardwareVerdict(entry: entry, model: device.model, asOf: asOf)
        let softwareVerdict = softwareVerdict(for: device, sysDescr: sysDescr, asOf: asOf)
        let age = DeviceAge.best(purchaseDate: purchaseDate, modelRelease: entry?.release?.start, firstSeen: firstSeen, asOf: asOf)
        return LifecycleJudgement(asOf: asOf, status: LifecycleStatus.worse(hardwareVerdict.status, softwareVerdict.status),
                                  hardware: hardwareVerdict, software: softwareVerdict, ageYears: age?.years, ageSource: age?.source)
    }

    /// The hardware verdict for a model (and its vendor, when known).
    public func hardwareVerdict(model: String?, vendor: String? = nil, asOf: CalendarDate) -> HardwareVerdict {
        hardwareVerdict(entry: model.flatMap { hardware.entry(forModel: $0, vendor: vendor) }, model: model, asOf: asOf)
    }

    private func hardwareVerdict(entry: HardwareCatalog.Entry?, model: String?, asOf: CalendarDate) -> HardwareVerdict {
        guard let entry else {
            return HardwareVerdict(status: .unknown, reason: model.map { "no hardware lifecycle entry for model '\($0)'" } ?? "model not identified")
        }
        var verdict = HardwareVerdict(status: .unknown, endOfSale: entry.endOfSale, endOfSoftwareMaintenance: entry.endOfSoftwareMaintenance,
                                      endOfSupport: entry.lastDateOfSupport, state: entry.state, source: entry.source, entry: entry.id)
        switch entry.lastDateOfSupport {
        case .on(let end):
            verdict.status = LifecycleStatus(end: end, asOf: asOf)
        case .ended:
            // Passed by the day the source was read, on a day it does not give.
            if let checked = entry.checked, asOf < checked {
                verdict.reason = "\(entry.id): support had ended by \(checked), on a day the catalog does not record: not known as of \(asOf)"
            } else {
                verdict.status = .pastEOL
            }
        case .notEnded,
             nil where entry.state == .notAnnounced:
            verdict.status = Self.stillSupported(checked: entry.checked, asOf: asOf)
            if verdict.status == .unknown {
                verdict.reason = "\(entry.id): no end of support was announced as of \(entry.checked!), more than a year before \(asOf) (check the vendor's page)"
            }
        default:
            verdict.reason = "last date of support not known for \(entry.id) (state: \(entry.state.rawValue))"
        }
        return verdict
    }

    /// Something with no end announced when its data was read (`checked`) counts as supported for
    /// a year after that day; later, an end may have been announced since: not known.
    static func stillSupported(checked: CalendarDate?, asOf: CalendarDate) -> LifecycleStatus {
        guard let checked else { return .supported }
        return asOf <= checked.adding(months: 12) ? .supported : .unknown
    }

    /// Why a mapped product cannot be judged when neither the shipped snapshot nor an import has
    /// its cycles, and what to do about it: an endoflife.date product comes with `lifecycle update`;
    /// a product endoflife.date does not publish has to be imported.
    public static func noDataReason(product: String) -> String {
        if SoftwareMapping.endOfLifeDateProducts.contains(product) {
            return "no lifecycle data for product \(product) (run census lifecycle update when online)"
        }
        return "no lifecycle data for product \(product): endoflife.date publishes none (import it: census lifecycle import FILE --product \(product))"
    }

    /// The software verdict for what identification found (the sysDescr helps with Windows builds).
    public func softwareVerdict(for device: Identification, sysDescr: String? = nil, asOf: CalendarDate) -> SoftwareVerdict {
        guard let release = SoftwareMapping.release(for: device, sysDescr: sysDescr) else {
            let reason = device.os.map { "no lifecycle mapping for operating system '\($0)'" } ?? "operating system not identified"
            return SoftwareVerdict(status: .unknown, reason: reason)
        }
        var verdict = SoftwareVerdict(status: .unknown, product: release.product, version: release.version, note: release.note)
        guard let product = software[release.product] else {
            verdict.cycle = release.cycleNames.first
            verdict.reason = Self.noDataReason(product: release.product)
            return verdict
        }
        verdict.source = product.origin.description
        guard let version = release.version else {
            verdict.reason = "\(release.product) version not identified"
            return verdict
        }
        guard !release.cycleNames.isEmpty else {
            verdict.reason = "version '\(version)' names no \(release.product) release cycle"
            return verdict
        }
        guard let cycle = release.cycleNames.lazy.compactMap(product.cycle(named:)).first else {
            verdict.cycle = release.cycleNames.first
            verdict.reason = "no cycle \(release.cycleNames.joined(separator: " or ")) in the \(release.product) data (\(product.origin))"
            return verdict
        }
        verdict.cycle = cycle.cycle
        verdict.eol = cycle.eol
        verdict.status = LifecycleStatus(end: cycle.eol, asOf: asOf)
        if cycle.eol == nil { verdict.reason = "the \(release.product) data gives no end of life for cycle \(cycle.cycle)" }
        // `true` says the cycle had ended by the day the data was taken, not when: a judgement
        // as of an earlier day cannot know.
        if cycle.eol == .ended, asOf < product.origin.day {
            verdict.status = .unknown
            verdict.reason = "the \(release.product) data (\(product.origin)) says cycle \(cycle.cycle) had ended by then, on a day it does not publish: not known as of \(asOf)"
        }
        if cycle.eol == .notEnded, Self.stillSupported(checked: product.origin.day, asOf: asOf) == .unknown {
            verdict.status = .unknown
            verdict.reason = "the \(release.product) data (\(product.origin)) announces no end for cycle \(cycle.cycle), more than a year before \(asOf) (run census lifecycle update when online)"
        }
        return verdict
    }
}
