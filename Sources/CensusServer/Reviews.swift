import CensusCore
import Contracts
import DeviceModel
import Foundation
import Hummingbird
import Lifecycle
import PostgresStore
import Reconciliation
import Reports

/// A client's contract and rate card kept on the server, and what is made of them: the
/// reconciliation and the pricing and lifecycle reports, the same engines and templates as
/// `census reconcile` and `census report`. Only an admin token changes a contract or a rate card
/// (they are the MSP's billing data); a client's collector and reader tokens read what is made of them.
extension CensusAPI {
    /// `PUT /api/v1/clients/{client}/contract?profile=generic|connectwise|autotask|halopsa`: the
    /// PSA's CSV export. Every row must read, else 400 naming each bad row's line and nothing is stored.
    func putContract(_ request: Request, context: CensusRequestContext) async throws -> Response {
        let client = try context.visibleClient()
        try context.requireAdmin(toChange: "contract")
        let profileName = try request.textParameter("profile") ?? ContractProfile.generic.name
        guard let profile = ContractProfile.named(profileName) else {
            throw APIError(.badRequest, "profile must be one of \(ContractProfile.presets.keys.sorted().joined(separator: ", "))")
        }
        let body = Data(try await request.collectBody(upTo: configuration.maxBodyBytes, what: "the contract").readableBytesView)
        let imported: ContractImport
        do { imported = try ContractImport.read(data: body, file: "contract", profile: profile) } catch {
            throw APIError(.badRequest, error.description)
        }
        guard imported.errors.isEmpty else {
            throw APIError(.badRequest, "\(imported.errors.count) of the contract's rows cannot be read; nothing was stored",
                           rows: imported.errors.map { .init(line: $0.line, reason: $0.message) })
        }
        // A contract of another client (a file picked by mistake) would be stored and every
        // line ignored by each reconciliation: refused, naming whose lines they are.
        if !imported.lines.isEmpty, Reconciliation.lines(of: client, in: imported).isEmpty {
            let named = Set(imported.lines.compactMap(\.client)).sorted().prefix(5).map { "'\($0)'" }.joined(separator: ", ")
            throw APIError(.badRequest, "none of the contract's \(imported.lines.count) lines is this client's (they name \(named)); nothing was stored")
        }
        let document = ClientDocument(client: client, kind: .contract, profile: profile.name, body: String(decoding: body, as: UTF8.self),
                                      storedAt: Date())
        try await store.putDocument(document)
        logger.info("contract stored", metadata: ["client": "\(client)", "lines": "\(imported.lines.count)", "token": "\(context.token?.id ?? 0)"])
        return try JSONResponse.make(DocumentReceipt(document, lines: imported.lines.count, currency: nil))
    }

    /// `PUT /api/v1/clients/{client}/rates`: a rate card (YAML), checked as `census reconcile --rates` reads it.
    func putRates(_ request: Request, context: CensusRequestContext) async throws -> Response {
        let client = try context.visibleClient()
        try context.requireAdmin(toChange: "rate card")
        let body = try await request.collectBody(upTo: configuration.maxBodyBytes, what: "the rate card")
        guard let text = String(validating: body.readableBytesView, as: UTF8.self) else { throw APIError(.badRequest, "the rate card is not UTF-8") }
        let card: RateCard
        do { card = try RateCard.parse(text, file: "rates") } catch { throw APIError(.badRequest, error.description) }
        let document = ClientDocument(client: client, kind: .rates, profile: nil, body: text, storedAt: Date())
        try await store.putDocument(document)
        logger.info("rate card stored", metadata: ["client": "\(client)", "token": "\(context.token?.id ?? 0)"])
        return try JSONResponse.make(DocumentReceipt(document, lines: nil, currency: card.currency))
    }

    /// `GET /api/v1/clients/{client}/reconcile?as_of=&since=`: the JSON of `census reconcile --format json`.
    func reconcile(_ request: Request, context: CensusRequestContext) async throws -> Response {
        let client = try context.visibleClient()
        let period = try request.reviewPeriod()
        let review = try await review(client: client, period: period, needsRates: false)
        return ReportResponse.json(try review.made.reconciliation.jsonText())
    }

    /// `GET /api/v1/clients/{client}/reports/pricing?format=json|html&as_of=&since=&users=`.
    func pricingReport(_ request: Request, context: CensusRequestContext) async throws -> Response {
        let client = try context.visibleClient()
        let format = try request.reportFormat()
        let period = try request.reviewPeriod()
        var users: Int?
        if let text = try request.textParameter("users") {
            guard let count = Int(text), (0...RateCard.maximumUsers).contains(count) else {
                throw APIError(.badRequest, "users must be a whole number from 0 to \(RateCard.maximumUsers)")
            }
            users = count
        }
        let review = try await review(client: client, period: period, needsRates: true)
        let report = PricingReport.build(from: review.made.reconciliation, contract: review.contract, rates: review.rates!.card, users: users,
                                         sources: review.made.sources(contract: review.contract, ratesFile: review.rates!.name))
        return format == .html ? ReportResponse.html(try HTMLReports.render(report)) : ReportResponse.json(try ReportJSON.encode(report, pretty: false))
    }

    /// `GET /api/v1/clients/{client}/reports/lifecycle?format=json|html&as_of=&site=`: devices aged
    /// from the stored contract's purchase dates when there is one; Census's planning figures for costs.
    func lifecycleReport(_ request: Request, context: CensusRequestContext) async throws -> Response {
        let client = try context.visibleClient()
        let format = try request.reportFormat()
        let day = try request.day("as_of") ?? CalendarDate.today()
        let site = try request.textParameter("site")
        let contract = try await storedContract(client)
        let report = try await LifecycleReport.make(client: client, store: store, judge: try lifecycle.judge.get(), views: views, contract: contract,
                                                    costs: try lifecycle.costs.get(), costsSource: "Census's planning figures", site: site, asOf: day)
        return format == .html ? ReportResponse.html(try HTMLReports.render(report)) : ReportResponse.json(try ReportJSON.encode(report, pretty: false))
    }

    /// `GET /api/v1/clients`: every client for an admin token, the token's own otherwise.
    func clients(_ request: Request, context: CensusRequestContext) async throws -> Response {
        let token = try context.requireToken()
        let only: [String]? = token.role == .admin ? nil : [token.client ?? ""]
        return try JSONResponse.make(try await store.clientSummaries(only: only))
    }

    // MARK: Reading what is stored

    /// The client's contract and rate card reconciled against the scans of `period`.
    private func review(client: String, period: ReconciliationPeriod, needsRates: Bool)
        async throws -> (made: ClientReview, contract: ContractImport, rates: (card: RateCard, name: String)?) {
        guard let contract = try await storedContract(client) else {
            throw APIError(.notFound, "no contract stored for this client: PUT it to /api/v1/clients/{client}/contract first")
        }
        let rates = try await storedRates(client)
        if needsRates && rates == nil {
            throw APIError(.notFound, "no rate card stored for this client: PUT it to /api/v1/clients/{client}/rates first")
        }
        let made = try await ClientReview.make(client: client, store: store, contract: contract, rates: rates?.card, period: period,
                                               judge: try lifecycle.judge.get(), views: views)
        if let empty = try await made.nothingToReview(client: client, period: period, store: store) {
            throw APIError(.notFound, "\(empty); give as_of (and since) for a period with a scan")
        }
        return (made, contract, rates)
    }

    private func storedContract(_ client: String) async throws -> ContractImport? {
        guard let document = try await store.document(client: client, kind: .contract) else { return nil }
        let name = "contract stored \(ISO8601DateFormatter().string(from: document.storedAt))"
        guard let profile = ContractProfile.named(document.profile ?? "") else {
            throw StoreError.corruptRow(table: "client_document", id: nil, reason: "layout '\(document.profile ?? "")' is not known to this Census")
        }
        do { return try ContractImport.read(text: document.body, file: name, profile: profile) } catch {
            throw StoreError.corruptRow(table: "client_document", id: nil, reason: error.description)
        }
    }

    private func storedRates(_ client: String) async throws -> (card: RateCard, name: String)? {
        guard let document = try await store.document(client: client, kind: .rates) else { return nil }
        let name = "rate card stored \(ISO8601DateFormatter().string(from: document.storedAt))"
        do { return (try RateCard.parse(document.body, file: name), name) } catch {
            throw StoreError.corruptRow(table: "client_document", id: nil, reason: error.description)
        }
    }
}

/// The lifecycle data the server judges with: Census's shipped software cycles and hardware
/// catalog, and its planning figures for replacement costs. Read once, when the server starts.
struct LifecycleData: Sendable {
    let judge: Result<LifecycleJudge, any Error>
    let costs: Result<ReplacementCosts, any Error>

    init() {
        judge = Result { LifecycleJudge(software: try SoftwareLifecycles.builtIn(), hardware: try HardwareCatalog.builtIn()) }
        costs = Result { try ReplacementCosts.builtIn() }
    }
}

/// What a PUT of a contract or rate card answers.
struct DocumentReceipt: Encodable {
    var client: String
    var kind: String
    var profile: String?
    var lines: Int?
    var currency: String?
    var storedAt: Date

    init(_ document: ClientDocument, lines: Int?, currency: String?) {
        client = document.client
        kind = document.kind.rawValue
        profile = document.profile
        self.lines = lines
        self.currency = currency
        storedAt = document.storedAt
    }
}

enum ReportResponse {
    /// JSON already encoded by `ReportJSON` (money as two-decimal numbers, as the CLI prints it).
    static func json(_ text: String) -> Response {
        Response(status: .ok, headers: [.contentType: "application/json; charset=utf-8"], body: .init(byteBuffer: ByteBuffer(string: text)))
    }

    /// A self-contained page; the header repeats the page's own policy: no request of any kind.
    static func html(_ text: String) -> Response {
        Response(status: .ok, headers: [.contentType: "text/html; charset=utf-8", .contentSecurityPolicy: "default-src 'none'; style-src 'unsafe-inline'; img-src data:"],
                 body: .init(byteBuffer: ByteBuffer(string: text)))
    }
}

enum ReportFormatParameter: String { case json, html }

extension CensusRequestContext {
    /// Contracts and rate cards are changed with an admin token only (403 otherwise; a token
    /// that may not see the client got 404 before this).
    func requireAdmin(toChange what: String) throws {
        guard try requireToken().role == .admin else { throw APIError(.forbidden, "only an admin token may change a client's \(what)") }
    }
}

extension Request {
    /// A day (`YYYY-MM-DD`) given as a query parameter; 400 when it is not one.
    func day(_ name: String) throws -> CalendarDate? {
        guard let text = try textParameter(name) else { return nil }
        guard let day = CalendarDate(iso: text), day.description == text else { throw APIError(.badRequest, "\(name) must be a day, YYYY-MM-DD") }
        guard CalendarDate.judgeable.contains(day) else {
            throw APIError(.badRequest, "\(name) \(day) is out of range: a day from \(CalendarDate.judgeable.lowerBound.year) to \(CalendarDate.judgeable.upperBound.year)")
        }
        return day
    }

    /// `as_of` (default: today, UTC) and `since` (default: `ReconciliationPeriod.defaultDays` before
    /// `as_of`), as `census reconcile` reads them.
    func reviewPeriod() throws -> ReconciliationPeriod {
        let period = ReconciliationPeriod.ending(on: try day("as_of") ?? CalendarDate.today(), since: try day("since"))
        guard period.since <= period.until else { throw APIError(.badRequest, "since \(period.since) is after as_of \(period.until)") }
        return period
    }

    func reportFormat() throws -> ReportFormatParameter {
        let text = try textParameter("format") ?? "json"
        guard let format = ReportFormatParameter(rawValue: text) else { throw APIError(.badRequest, "format must be json or html") }
        return format
    }

    /// The whole body, refused with 413 when it is larger than `limit` (announced or sent).
    func collectBody(upTo limit: Int, what: String) async throws -> ByteBuffer {
        if let length = headers[.contentLength].flatMap({ Int($0) }), length > limit {
            throw APIError(.contentTooLarge, "\(what) is larger than \(limit) bytes")
        }
        do { return try await body.collect(upTo: limit) } catch {
            throw APIError(.contentTooLarge, "\(what) is larger than \(limit) bytes")
        }
    }
}
