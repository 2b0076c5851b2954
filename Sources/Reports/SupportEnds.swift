import CensusCore
import DeviceModel
import Foundation
import Lifecycle
import Reconciliation

/// Reconciliation's `unsupported` finding, fed by the lifecycle judgement.
public enum SupportEnds {
    /// For each device, the ends of support the lifecycle engine knows of as of `asOf`.
    public static func judging(with judge: LifecycleJudge, asOf: CalendarDate) -> @Sendable (DeviceSnapshot) -> [EndOfSupport] {
        { device in
            let j = judge.judge(device.identification.withVendor(device.vendor), sysDescr: device.sysDescr,
                                firstSeen: CalendarDate(device.firstSeen), asOf: asOf)
            var ends: [EndOfSupport] = []
            if j.hardware.status != .unknown {
                ends.append(.init(part: .hardware, status: j.hardware.status.rawValue, date: j.hardware.endOfSupport?.date,
                                  source: j.hardware.source ?? j.hardware.entry ?? "hardware catalog",
                                  what: [device.vendor, device.model].compactMap { $0 }.joined(separator: " ")))
            }
            if j.software.status != .unknown {
                ends.append(.init(part: .software, status: j.software.status.rawValue, date: j.software.eol?.date,
                                  source: j.software.source ?? "endoflife.date",
                                  what: [device.os ?? j.software.product, j.software.cycle].compactMap { $0 }.joined(separator: " ")))
            }
            return ends
        }
    }
}
