import CensusCore
import Foundation
import NetSNMP
import SNMPModel

/// Interrogates devices over SNMP: finds the credential that works, then collects the plan.
public struct Interrogator: DeviceInterrogator {
    public let client: SNMPClient
    public let credentials: [SNMPCredential]
    public let settings: InterrogationSettings
    public let plan: CollectionPlan
    /// Vendor objects to read once the plan is collected (identification's catalog names them
    /// from what the device said); they land in the `vendor` section.
    public let followUp: (@Sendable (DeviceFacts) -> VendorObjects)?

    public init(client: SNMPClient, credentials: [SNMPCredential], settings: InterrogationSettings = .init(),
                plan: CollectionPlan = .standard, followUp: (@Sendable (DeviceFacts) -> VendorObjects)? = nil) {
        self.client = client
        self.credentials = credentials
        self.settings = settings
        self.plan = plan
        self.followUp = followUp
    }

    /// Asks `ip`, trying `preferred` first (the credential that worked last time), then the rest in order.
    public func interrogate(_ ip: IPv4Address, port: UInt16 = 161, preferred: String? = nil) async -> InterrogationOutcome {
        let deadline = ContinuousClock.now + settings.budget
        var order = credentials
        if let preferred, let i = order.firstIndex(where: { $0.label == preferred }) { order.insert(order.remove(at: i), at: 0) }
        var reasons: [String] = []
        var refusedBy = false   // an agent's SNMPv3 security refused a credential: it is there
        for credential in order {
            if ContinuousClock.now >= deadline { reasons.append("time budget used up"); break }
            do {
                // The system group proves the credential (a wrong community gets no answer at all).
                let (session, system) = try await askSystem(ip, port: port, credential: credential)
                var facts = DeviceFacts(ip: ip, port: port, credential: credential.label, collectedAt: Date(),
                                        sections: ["system": .init(varBinds: system)])
                // Vendor objects the system group already calls for ride along with the plan's GETs;
                // any the full answer calls for afterwards cost one more request, and the first rows
                // of columns one GETNEXT.
                let early = followUp?(facts) ?? VendorObjects()
                await collect(into: &facts, session: session, deadline: deadline, vendorObjects: early.objects)
                let wanted = followUp?(facts) ?? VendorObjects()
                let late = wanted.objects.filter { !early.objects.contains($0) }
                if !late.isEmpty, !Task.isCancelled, ContinuousClock.now < deadline {
                    do {
                        let answer = try await session.getInParts(late)
                        let read = answer.varBinds.filter { !$0.value.isException }
                        if !read.isEmpty { facts.sections["vendor", default: .init(varBinds: [])].varBinds += read }
                        if let note = Self.unansweredNote(["vendor"], answer.unanswered) { facts.problems.append(note) }
                    } catch {
                        facts.problems.append("vendor: \(error)")
                    }
                }
                let columns = wanted.firstRowOf
                if !columns.isEmpty, !Task.isCancelled, ContinuousClock.now < deadline {
                    do {
                        // A column with no rows answers the next object after it: not its row.
                        let answer = try await session.getNext(columns).filter { vb in
                            !vb.value.isException && columns.contains { $0.isAncestor(of: vb.oid) }
                        }
                        if !answer.isEmpty { facts.sections["vendor", default: .init(varBinds: [])].varBinds += answer }
                    } catch {
                        facts.problems.append("vendor: \(error)")
                    }
                }
                for row in wanted.ownRows where !Task.isCancelled && ContinuousClock.now < deadline {
                    let answer = await ownRow(row, of: ip, session: session, deadline: deadline, problems: &facts.problems)
                    if !answer.isEmpty { facts.sections["vendor", default: .init(varBinds: [])].varBinds += answer }
                }
                if ContinuousClock.now < deadline,
                   let note = await hiddenMakerObjects(facts, asked: early.objects + wanted.objects + columns + wanted.ownRows.map(\.addressColumn),
                                                       session: session) {
                    facts.problems.append(note)
                }
                return .answered(facts, credential: credential)
            } catch {
                if case SNMPError.authenticationFailed = error { refusedBy = true }
                reasons.append("\(credential): \(error)")
            }
        }
        return refusedBy ? .refused(ip: ip, reason: reasons.joined(separator: "; ")) : .silent(ip: ip, reason: reasons.joined(separator: "; "))
    }

    /// The device's own row of a table that lists every member of its cluster: the address
    /// column walked (at most `maxRowsPerWalk` rows), then one GET of the columns at the row
    /// whose address is `ip`. Returns that address cell and the cells read; nothing when no row,
    /// or more than one, holds the address.
    private func ownRow(_ row: VendorObjects.OwnRow, of ip: IPv4Address, session: SNMPSession,
                        deadline: ContinuousClock.Instant, problems: inout [String]) async -> [VarBind] {
        let walk = await session.walk(row.addressColumn, maxRepetitions: settings.maxRepetitions,
                                      maxRows: settings.maxRowsPerWalk, deadline: deadline)
        guard let index = VendorObjects.ownRowIndex(in: walk.varBinds, column: row.addressColumn, address: ip),
              let own = walk.varBinds.first(where: { $0.oid == row.addressColumn.appending(index) }),
              !Task.isCancelled, ContinuousClock.now < deadline else { return [] }
        do {
            let answer = try await session.getInParts(row.columns.map { $0.appending(index) })
            if let note = Self.unansweredNote(["vendor"], answer.unanswered) { problems.append(note) }
            return [own] + answer.varBinds.filter { !$0.value.isException }
        } catch {
            problems.append("vendor: \(error)")
            return [own]
        }
    }

    /// Why none of the maker's objects Census asked for were read: the device says it is a maker's
    /// product (its sysObjectID is under the maker's arc), Census asked for objects under that arc
    /// (`asked`, or a maker's section of the plan), nothing at all answered below enterprises
    /// (1.3.6.1.4.1), and one GETNEXT there finds nothing either. The credential's view then stops
    /// short of them (MIB-2 alone, or net-snmp's packaged system group alone), and with them go the
    /// serials, models and firmware versions many devices keep only there. Nil otherwise, and when
    /// the GETNEXT goes unanswered (no claim without an answer).
    private func hiddenMakerObjects(_ facts: DeviceFacts, asked: [OID], session: SNMPSession) async -> String? {
        guard !Task.isCancelled, let maker = facts.sysObjectID?.enterpriseNumber else { return nil }
        let arc = MIB.enterprises.appending(maker)
        guard asked.contains(where: arc.isAncestor(of:))
                || plan.sections.contains(where: { $0.onlyForEnterprises != nil && $0.applies(to: facts.sysObjectID) }),
              !facts.sections.values.contains(where: { $0.varBinds.contains { MIB.enterprises.isAncestor(of: $0.oid) } })
        else { return nil }
        let next: VarBind?
        do {
            next = try await session.getNext([MIB.enterprises]).first
        } catch .agentError(_, 2, _) {
            next = nil   // SNMPv1's noSuchName: nothing follows
        } catch {
            return nil
        }
        if let next, next.value != .endOfMibView, MIB.enterprises.isAncestor(of: next.oid) { return nil }
        return "enterprises: nothing below 1.3.6.1.4.1 answers to this credential, so the maker's own objects "
            + "(serial, model, firmware) were not read; a view that includes 1.3.6.1.4.1 would show them"
    }

    /// `role: 1.3.6.1.2.1.4.1.0 went unanswered ...` for the objects a GET had to leave out; nil when none.
    static func unansweredNote(_ sections: [String], _ oids: [OID]) -> String? {
        guard !oids.isEmpty else { return nil }
        return "\(Array(Set(sections)).sorted().joined(separator: ", ")): \(oids.map(\.description).joined(separator: ", ")) "
            + "went unanswered, even asked alone, while the agent answered the objects beside \(oids.count == 1 ? "it" : "them")"
    }

    /// Opens the session and reads the system group. Over SNMPv1/v2c with retries allowed, the
    /// first request waits only `settings.firstAttemptTimeout`; the retries that follow (one
    /// fewer, so as many requests in all) wait the full timeout.
    private func askSystem(_ ip: IPv4Address, port: UInt16, credential: SNMPCredential) async throws(SNMPError) -> (SNMPSession, [VarBind]) {
        let oids = plan.sections[0].steps.flatMap { step -> [OID] in
            if case .get(let oids) = step { return oids } else { return [] }
        }
        func session(timeout: Duration = settings.timeout, retries: Int = settings.retries) async throws(SNMPError) -> SNMPSession {
            try await client.open(host: ip.description, port: port, credential: credential, timeout: timeout, retries: retries)
        }
        let isV3 = if case .v3 = credential { true } else { false }
        guard !isV3 && settings.retries > 0 && settings.firstAttemptTimeout < settings.timeout else {
            let full = try await session()
            return (full, try await full.get(oids))
        }
        do {
            let system = try await session(timeout: settings.firstAttemptTimeout, retries: 0).get(oids)
            return (try await session(), system)
        } catch .timeout {
            // The retries left wait the full timeout; the rest of the collection gets every retry.
            let system = try await session(retries: settings.retries - 1).get(oids)
            return (try await session(), system)
        }
    }

    /// Reads every section after the system group that applies to the device (a maker's
    /// section only on its makers' devices): all GETs in one request, then every walk of every
    /// section side by side (an absent table costs a few varbinds, not a request), a maker's
    /// sections in requests of their own.
    private func collect(into facts: inout DeviceFacts, session: SNMPSession, deadline: ContinuousClock.Instant,
                         vendorObjects: [OID]) async {
        var gets: [(section: String, oids: [OID])] = vendorObjects.isEmpty ? [] : [("vendor", vendorObjects)]
        // Walks in two groups: every device's sections, then a maker's sections (asked of its
        // devices only) apart, so they do not make the first group's requests bigger than an
        // agent answers (snmpsim, for one, drops a GETBULK of some 250 varbinds). The session
        // asks again smaller after such a silence, but each costs a timeout.
        var walks: [(section: String, root: OID)] = [], makerWalks: [(section: String, root: OID)] = []
        for section in plan.sections.dropFirst() where section.applies(to: facts.sysObjectID) {
            for step in section.steps {
                let roots: [OID]
                switch step {
                case .get(let oids): gets.append((section.name, oids)); continue
                case .walk(let root): roots = [root]
                case .table(let columns): roots = columns
                }
                if section.onlyForEnterprises == nil { walks += roots.map { (section.name, $0) } } else { makerWalks += roots.map { (section.name, $0) } }
            }
        }
        var found: [String: [VarBind]] = [:]
        var cuts: [String: String] = [:]
        if !gets.isEmpty {
            do {
                let answer = try await session.getInParts(gets.flatMap(\.oids))
                for vb in answer.varBinds where !vb.value.isException {
                    if let owner = gets.first(where: { $0.oids.contains(vb.oid) }) { found[owner.section, default: []].append(vb) }
                }
                let owners = gets.filter { get in get.oids.contains(where: answer.unanswered.contains) }.map(\.section)
                if let note = Self.unansweredNote(owners, answer.unanswered) { facts.problems.append(note) }
            } catch {
                facts.problems.append("\(gets.map(\.section).joined(separator: ", ")): \(error)")
            }
        }
        for group in [walks, makerWalks] where !group.isEmpty {
            if Task.isCancelled {
                for walk in group { cuts[walk.section] = cuts[walk.section] ?? "cancelled" }
                continue
            }
            let results = await session.walk(group.map(\.root), maxRepetitions: settings.maxRepetitions,
                                             maxRows: settings.maxRowsPerWalk, deadline: deadline)
            for (walk, result) in zip(group, results) {
                found[walk.section, default: []] += result.varBinds
                if let cut = result.truncation { cuts[walk.section] = cuts[walk.section] ?? "\(walk.root): \(cut)" }
            }
        }
        for name in plan.sections.dropFirst().map(\.name) + ["vendor"] {
            let varBinds = found[name] ?? []
            let truncation = cuts[name]
            if !varBinds.isEmpty || truncation != nil {
                facts.sections[name] = .init(varBinds: varBinds, truncation: truncation)
            }
        }
    }
}
