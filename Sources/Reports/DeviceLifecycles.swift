import CensusCore
import DeviceModel
import Foundation
import Lifecycle

/// Every device of a client with its lifecycle verdicts as of a day: what `census lifecycle
/// show` lists and the lifecycle report is built from.
public struct DeviceLifecycle: Sendable, Equatable, EncodesEveryKey {
    public var device: DeviceSummary
    public var hardware: HardwareVerdict
    public var software: SoftwareVerdict
    /// The worse of the two.
    public var status: LifecycleStatus
    public var ageYears: Decimal?
    public var ageSource: AgeSource?


    /// Judges each device as of `asOf`. `purchaseDates` (by device id) come from contract lines
    /// matched to devices; without one, age counts from the model's release, else first seen.
    public static func judge(_ devices: [DeviceSnapshot], with judge: LifecycleJudge, purchaseDates: [Int64: CalendarDate] = [:],
                             asOf: CalendarDate) -> [DeviceLifecycle] {
        devices.map { d in
            let j = judge.judge(d.identification.withVendor(d.vendor), sysDescr: d.sysDescr, purchaseDate: purchaseDates[d.id],
                                firstSeen: CalendarDate(d.firstSeen), asOf: asOf)
            return DeviceLifecycle(device: DeviceSummary(d), hardware: j.hardware, software: j.software, status: j.status,
                                   ageYears: j.ageYears, ageSource: j.ageSource)
        }
    }
}

extension Identification {
    /// With the vendor a device view settled on (identification's or the MAC's).
    func withVendor(_ vendor: String?) -> Identification {
        var copy = self
        copy.vendor = copy.vendor ?? vendor
        return copy
    }
}

extension SupportEnd {
    /// As a reader sees it: the day, `ended` (over, day not published) or `none announced`.
    public var text: String {
        switch self {
        case .on(let day): day.description
        case .ended: "ended"
        case .notEnded: "none announced"
        }
    }
}
