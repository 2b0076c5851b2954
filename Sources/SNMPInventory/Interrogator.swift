import CensusCore
import Foundation
import NetSNMP

/// Bounds on how much one device may cost.
public struct InterrogationSettings: Sendable {
    public var timeout: Duration = .milliseconds(800)
    public var retries: Int = 1
    /// Wall-clock budget for one device, all sections together.
    public var budget: Duration = .seconds(20)
    public var maxRepetitions: Int = 25
    /// Rows kept per walk; a larger table is cut and marked truncated.
    public var maxRowsPerWalk: Int = 5_000

    public init() {}
}

/// The result of asking one host.
public enum InterrogationOutcome: Sendable {
    /// An agent answered with one of the credentials; `facts` may be partial (see `isComplete`).
    case answered(DeviceFacts, credential: SNMPCredential)
    /// No credential got an answer.
    case silent(ip: IPv4Address, reason: String)
}

/// Interrogates devices over SNMP: finds the credential that works, then collects the plan.
public struct Interrogator: Sendable {
    public let client: SNMPClient
    public let credentials: [SNMPCredential]
    public let settings: InterrogationSettings
    public let plan: CollectionPlan

    public init(client: SNMPClient, credentials: [SNMPCredential], settings: InterrogationSettings = .init(),
                plan: CollectionPlan = .standard) {
        self.client = client
        self.credentials = credentials
        self.settings = settings
        self.plan = plan
    }

    /// Asks `ip`, trying `preferred` first (the credential that worked last time), then the rest in order.
    public func interrogate(_ ip: IPv4Address, port: UInt16 = 161, preferred: String? = nil) async -> InterrogationOutcome {
        let deadline = ContinuousClock.now + settings.budget
        var order = credentials
        if let preferred, let i = order.firstIndex(where: { $0.label == preferred }) { order.insert(order.remove(at: i), at: 0) }
        var reasons: [String] = []
        for credential in order {
            if ContinuousClock.now >= deadline { reasons.append("time budget used up"); break }
            do {
                let session = try await client.open(host: ip.description, port: port, credential: credential,
                                                    timeout: settings.timeout, retries: settings.retries)
                // The system group proves the credential (a wrong community gets no answer at all).
                let system = try await session.get(plan.sections[0].steps.flatMap { step -> [OID] in
                    if case .get(let oids) = step { return oids } else { return [] }
                })
                var facts = DeviceFacts(ip: ip, port: port, credential: credential.label, collectedAt: Date(),
                                        sections: ["system": .init(varBinds: system)])
                await collect(into: &facts, session: session, deadline: deadline)
                return .answered(facts, credential: credential)
            } catch {
                reasons.append("\(credential): \(error)")
            }
        }
        return .silent(ip: ip, reason: reasons.joined(separator: "; "))
    }

    private func collect(into facts: inout DeviceFacts, session: SNMPSession, deadline: ContinuousClock.Instant) async {
        for section in plan.sections.dropFirst() {
            var varBinds: [VarBind] = []
            var truncation: String?
            for (i, step) in section.steps.enumerated() {
                if Task.isCancelled { truncation = "cancelled"; break }
                if ContinuousClock.now >= deadline { truncation = WalkTruncation.budget.description; break }
                switch step {
                case .get(let oids):
                    do {
                        varBinds += try await session.get(oids).filter { !$0.value.isException }
                    } catch {
                        facts.problems.append("\(section.name): \(error)")
                    }
                case .walk(let root):
                    let result = await session.walk(root, maxRepetitions: settings.maxRepetitions,
                                                    maxRows: settings.maxRowsPerWalk, deadline: deadline)
                    varBinds += result.varBinds
                    if let cut = result.truncation { truncation = truncation ?? "\(root): \(cut)" }
                }
                if i == 0, section.isOneTable, varBinds.isEmpty, truncation == nil { break }
            }
            if !varBinds.isEmpty || truncation != nil {
                facts.sections[section.name] = .init(varBinds: varBinds, truncation: truncation)
            }
        }
    }
}
