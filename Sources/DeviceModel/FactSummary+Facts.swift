import CensusCore
import SNMPModel

extension FactSummary {
    /// The summary of a device's answers.
    public init(_ facts: DeviceFacts) {
        self.init(ip: facts.ip, sysName: facts.sysName, sysDescr: facts.sysDescr, sysObjectID: facts.sysObjectID?.description,
                  interfaceMACs: facts.macs, credential: facts.credential, complete: facts.isComplete)
    }
}
