import CensusCore
import CensusServer
import DeviceModel
import Foundation
import Inventory
import PostgresStore
import SQLiteStore
import XCTest

/// Contracts, rate cards, reconciliation and reports over the API: sealed per client, and the
/// same figures as the command line.
extension CensusServerTests {
    /// acme's bundle: three hosts on 198.18.0.1-3, the first identified as a switch, the
    /// second as a workstation (the third stays unknown).
    static func reviewBundle(client: String = "acme") -> ScanBundle {
        var bundle = bundle(client: client)
        bundle.identifications = [
            "198.18.0.1": Identification(vendor: "Cisco", model: "C9200L-24P-4G", class: .switch),
            "198.18.0.2": Identification(vendor: "Dell", model: "OptiPlex 7010", class: .workstation),
        ]
        return bundle
    }

    /// A contract in the generic layout: the switch (by MAC) at 12.50, a workstation line whose
    /// device was never seen at 15.00; the workstation that was seen is on no line.
    static let contractCSV = """
        client,site,name,class,manufacturer,model,serial,mac,ip,plan,monthly_price,purchase_date,warranty_end
        Acme,hq,ACME-SW01,Network Switch,Cisco,C9200L-24P-4G,,00:1b:21:00:00:01,198.18.0.1,Managed Network,12.50,2022-04-11,
        Acme,hq,ACME-PC99,Workstation,Dell,OptiPlex 7010,,00:1b:21:00:00:99,198.18.0.99,Managed Desktop,15.00,2023-01-16,

        """

    static let ratesYAML = """
        currency: GBP
        devices:
          switch: 12.50
          workstation: 17.25
        """

    func put(_ path: String, _ text: String, token: String?) async throws -> Answer {
        try await call("PUT", path, token: token, body: Data(text.utf8))
    }

    func testContractRatesReconcileAndReportsAreSealedPerClient() async throws {
        try await startServer()
        let admin = tokens["admin"]
        for client in ["acme", "globex"] {
            let pushed = try await call("POST", "/api/v1/bundles", token: tokens["\(client)-collector"], body: try Self.reviewBundle(client: client).encoded())
            XCTAssertEqual(pushed.status, 201, pushed.text)
            let contract = try await put("/api/v1/clients/\(client)/contract", Self.contractCSV.replacingOccurrences(of: "\nAcme,", with: "\n\(client),"), token: admin)
            XCTAssertEqual(contract.status, 200, contract.text)
            let rates = try await put("/api/v1/clients/\(client)/rates", Self.ratesYAML, token: admin)
            XCTAssertEqual(rates.status, 200, rates.text)
        }
        let storedContract = try await store.document(client: "globex", kind: .contract)
        let storedRates = try await store.document(client: "globex", kind: .rates)
        XCTAssertNotNil(storedContract)
        XCTAssertNotNil(storedRates)

        // acme's tokens on globex: 404, word for word what a client that does not exist gets, for
        // reads and writes alike; and globex's documents are untouched.
        let unknown = try await call("GET", "/api/v1/clients/initech/reconcile", token: tokens["acme-reader"])
        XCTAssertEqual(unknown.status, 404)
        let reads = ["reconcile?as_of=2027-01-31", "reports/pricing?format=json&as_of=2027-01-31", "reports/pricing?format=html&as_of=2027-01-31",
                     "reports/lifecycle?format=json", "reports/lifecycle?format=html&as_of=2027-01-31"]
        let hostile = "client,mac,monthly_price\nEvil,00:00:5e:00:53:01,0.01\n"
        for token in ["acme-collector", "acme-reader"] {
            for path in reads {
                let answer = try await call("GET", "/api/v1/clients/globex/\(path)", token: tokens[token])
                XCTAssertEqual(answer.status, 404, "\(token) \(path)")
                XCTAssertEqual(answer.body, unknown.body, "\(token) \(path): the answer tells the client exists")
            }
            for (path, body) in [("contract", hostile), ("rates", "currency: EUR\ndevices:\n  switch: 0.01\n")] {
                let answer = try await put("/api/v1/clients/globex/\(path)", body, token: tokens[token])
                XCTAssertEqual(answer.status, 404, "\(token) PUT \(path)")
                XCTAssertEqual(answer.body, unknown.body, "\(token) PUT \(path): the answer tells the client exists")
            }
            // On its own client a collector or reader token changes nothing either (admin only).
            let own = try await put("/api/v1/clients/acme/contract", hostile, token: tokens[token])
            XCTAssertEqual(own.status, 403, "\(token) PUT its own contract: \(own.text)")
            let ownRates = try await put("/api/v1/clients/acme/rates", "currency: EUR\ndevices:\n  switch: 0.01\n", token: tokens[token])
            XCTAssertEqual(ownRates.status, 403, "\(token) PUT its own rates: \(ownRates.text)")
        }
        try await expect(await self.store.document(client: "globex", kind: .contract) == storedContract, "globex's contract changed")
        try await expect(await self.store.document(client: "globex", kind: .rates) == storedRates, "globex's rate card changed")
        try await expect(await self.store.document(client: "acme", kind: .contract)?.body == Self.contractCSV.replacingOccurrences(of: "\nAcme,", with: "\nacme,"), "acme's contract changed")
        // Its own client's reconciliation and reports: readable with either of its tokens.
        for token in ["acme-collector", "acme-reader"] {
            for path in reads {
                let answer = try await call("GET", "/api/v1/clients/acme/\(path)", token: tokens[token])
                XCTAssertEqual(answer.status, 200, "\(token) \(path): \(answer.text)")
                XCTAssertFalse(answer.text.contains("globex"), "\(token) \(path)")
            }
        }

        // The list of clients: all for the admin, its own for anyone else.
        let all = try await call("GET", "/api/v1/clients", token: admin)
        XCTAssertEqual(all.status, 200, all.text)
        XCTAssertEqual((all.json as? [[String: Any]])?.compactMap { $0["name"] as? String }, ["acme", "globex"])
        let acmeRow = try XCTUnwrap((all.json as? [[String: Any]])?.first)
        XCTAssertEqual(acmeRow["devices"] as? Int, 3)
        XCTAssertEqual(acmeRow["scans"] as? Int, 1)
        XCTAssertEqual(acmeRow["has_contract"] as? Bool, true)
        XCTAssertEqual(acmeRow["has_rates"] as? Bool, true)
        XCTAssertEqual(acmeRow["last_scan_at"] as? String, "2027-01-15T08:00:00Z")
        for token in ["acme-collector", "acme-reader"] {
            let own = try await call("GET", "/api/v1/clients", token: tokens[token])
            XCTAssertEqual(own.status, 200)
            XCTAssertEqual((own.json as? [[String: Any]])?.compactMap { $0["name"] as? String }, ["acme"], token)
            XCTAssertFalse(own.text.contains("globex"))
        }
        // A client set up before its first scan (its rate card only): every key, last_scan_at null.
        let setUp = try await put("/api/v1/clients/initech/rates", "currency: GBP\ndevices:\n  switch: 10\n", token: admin)
        XCTAssertEqual(setUp.status, 200, setUp.text)
        let listed = try await call("GET", "/api/v1/clients", token: admin)
        let withNew = try XCTUnwrap(listed.json as? [[String: Any]])
        let initech = try XCTUnwrap(withNew.first { $0["name"] as? String == "initech" }, "\(withNew)")
        XCTAssertTrue(initech.keys.contains("last_scan_at"), "\(initech)")
        XCTAssertTrue(initech["last_scan_at"] is NSNull, "\(initech)")

        // Revoked, unknown or no token: 401 on every new endpoint, and nothing is stored.
        let revoked = try XCTUnwrap(tokens["acme-reader"])
        try await expect(await self.store.revokeToken(String(revoked.split(separator: "_")[1]), at: Date()) != nil, "revoke")
        let revokedAdmin = try XCTUnwrap(admin)
        try await expect(await self.store.revokeToken(String(revokedAdmin.split(separator: "_")[1]), at: Date()) != nil, "revoke")
        for token in [nil, "census_00000000_" + String(repeating: "0", count: 64), revoked, revokedAdmin] {
            for path in reads + [""] {
                let answer = try await call("GET", path.isEmpty ? "/api/v1/clients" : "/api/v1/clients/acme/\(path)", token: token)
                XCTAssertEqual(answer.status, 401, "GET \(path)")
            }
            for path in ["contract", "rates"] {
                let answer = try await put("/api/v1/clients/acme/\(path)", hostile, token: token)
                XCTAssertEqual(answer.status, 401, "PUT \(path)")
            }
        }
        try await expect(await self.store.document(client: "acme", kind: .contract)?.body == Self.contractCSV.replacingOccurrences(of: "\nAcme,", with: "\nacme,"), "a revoked token changed acme's contract")
    }

    func testContractAndRatesPutThenAPushReconcilesAndReportsAsTheCommandLineDoes() async throws {
        try await startServer()
        let admin = tokens["admin"]
        let reader = tokens["acme-reader"]
        // Nothing stored yet: reconcile says what is missing.
        let none = try await call("GET", "/api/v1/clients/acme/reconcile?as_of=2027-01-31", token: reader)
        XCTAssertEqual(none.status, 404)
        XCTAssertTrue(none.text.contains("no contract stored"), none.text)

        // A contract with a bad row is refused whole: 400 naming the row's line, nothing stored.
        let broken = Self.contractCSV + "Acme,hq,ACME-SW02,Network Switch,Cisco,C9200,,00:1b:21:00:00:07,198.18.0.7,Managed Network,twelve,2022-04-11,\n"
        let refused = try await put("/api/v1/clients/acme/contract", broken, token: admin)
        XCTAssertEqual(refused.status, 400, refused.text)
        let rows = try XCTUnwrap((refused.json as? [String: Any])?["rows"] as? [[String: Any]], refused.text)
        XCTAssertEqual(rows.count, 1)
        XCTAssertEqual(rows.first?["line"] as? Int, 4)
        XCTAssertTrue((rows.first?["reason"] as? String ?? "").contains("twelve"), refused.text)
        try await expect(await self.store.document(client: "acme", kind: .contract) == nil, "a refused contract was stored")
        let noHeader = try await put("/api/v1/clients/acme/contract", "just,some,words\n1,2,3\n", token: admin)
        XCTAssertEqual(noHeader.status, 400, noHeader.text)
        let latin1 = try await call("PUT", "/api/v1/clients/acme/contract", token: admin, body: Data([0x6d, 0x61, 0x63, 0x0a, 0xe9, 0x0a]))
        XCTAssertEqual(latin1.status, 400, latin1.text)
        let badProfile = try await put("/api/v1/clients/acme/contract?profile=excel", Self.contractCSV, token: admin)
        XCTAssertEqual(badProfile.status, 400, badProfile.text)
        try await expect(await self.store.document(client: "acme", kind: .contract) == nil, "a refused contract was stored")
        // Another client's contract (every line names it): every reconciliation would ignore it all.
        let others = try await put("/api/v1/clients/acme/contract", "client,name,serial\nGlobex,sw1,S1\nGlobex,sw2,S2\n", token: admin)
        XCTAssertEqual(others.status, 400, others.text)
        XCTAssertTrue(others.text.contains("none of the contract's 2 lines is this client's (they name 'Globex'); nothing was stored"), others.text)
        try await expect(await self.store.document(client: "acme", kind: .contract) == nil, "another client's contract was stored")
        // A rate card with a mistake: 400 naming the line.
        let badRates = try await put("/api/v1/clients/acme/rates", "currency: GBP\ndevices:\n  toaster: 3.00\n", token: admin)
        XCTAssertEqual(badRates.status, 400, badRates.text)
        XCTAssertTrue(badRates.text.contains("toaster") && badRates.text.contains("3"), badRates.text)
        try await expect(await self.store.document(client: "acme", kind: .rates) == nil, "a refused rate card was stored")

        // Stored, then a collector pushes the scan.
        let contract = try await put("/api/v1/clients/acme/contract?profile=generic", Self.contractCSV, token: admin)
        XCTAssertEqual(contract.status, 200, contract.text)
        XCTAssertEqual((contract.json as? [String: Any])?["lines"] as? Int, 2)
        let noRates = try await call("GET", "/api/v1/clients/acme/reports/pricing?as_of=2027-01-31", token: reader)
        XCTAssertEqual(noRates.status, 404, noRates.text)
        XCTAssertTrue(noRates.text.contains("no rate card stored"), noRates.text)
        let rates = try await put("/api/v1/clients/acme/rates", Self.ratesYAML, token: admin)
        XCTAssertEqual(rates.status, 200, rates.text)
        XCTAssertEqual((rates.json as? [String: Any])?["currency"] as? String, "GBP")
        let bundle = Self.reviewBundle()
        let pushed = try await call("POST", "/api/v1/bundles", token: tokens["acme-collector"], body: try bundle.encoded())
        XCTAssertEqual(pushed.status, 201, pushed.text)

        // The reconciliation: the switch matched, the seen workstation unbilled at the rate card's
        // 17.25, the unseen line missing at its 15.00; money as exact two-decimal numbers.
        let reconciled = try await call("GET", "/api/v1/clients/acme/reconcile?as_of=2027-01-31", token: reader)
        XCTAssertEqual(reconciled.status, 200, reconciled.text)
        let report = try XCTUnwrap(reconciled.json as? [String: Any])
        XCTAssertEqual(report["as_of"] as? String, "2027-01-31")
        let findings = try XCTUnwrap(report["findings"] as? [[String: Any]])
        let kinds = findings.compactMap { $0["kind"] as? String }
        XCTAssertEqual(kinds.filter { $0 == "matched" }.count, 1, reconciled.text)
        XCTAssertEqual(kinds.filter { $0 == "unbilled" }.count, 1, reconciled.text)
        XCTAssertEqual(kinds.filter { $0 == "missing" }.count, 1, reconciled.text)
        XCTAssertTrue(reconciled.text.contains("\"monthly_value\":17.25"), reconciled.text)
        XCTAssertTrue(reconciled.text.contains("\"monthly_value\":15.00"), reconciled.text)
        XCTAssertTrue(reconciled.text.contains("\"unbilled_monthly\":17.25"), reconciled.text)
        XCTAssertTrue(reconciled.text.contains("\"overbilled_monthly\":15.00"), reconciled.text)
        // A year that is a typo is refused, not forecast into the year 10001.
        let far = try await call("GET", "/api/v1/clients/acme/reconcile?as_of=9999-06-30", token: reader)
        XCTAssertEqual(far.status, 400, far.text)
        XCTAssertTrue(far.text.contains("as_of 9999-06-30 is out of range: a day from 1970 to 2999"), far.text)
        // Before the scan: nothing to reconcile, said as census reconcile says it (every line
        // "not covered" and totals of 0.00 would read as all well for the wrong month).
        let early = try await call("GET", "/api/v1/clients/acme/reconcile?as_of=2026-12-01", token: reader)
        XCTAssertEqual(early.status, 404, early.text)
        XCTAssertTrue(early.text.contains("no finished scan of acme from 2026-10-27 to 2026-12-01 (its scans run from "), early.text)
        for bad in ["as_of=2027-02-30", "as_of=31/01/2027", "as_of=2027-01-31&since=2027-02-01", "as_of=%00"] {
            let answer = try await call("GET", "/api/v1/clients/acme/reconcile?\(bad)", token: reader)
            XCTAssertEqual(answer.status, 400, "\(bad): \(answer.text)")
        }

        // `census reconcile --format json` over the same scan, contract and rate card: the same JSON,
        // but for the name of the contract's file.
        let census = Self.censusBinary
        XCTAssertTrue(FileManager.default.isExecutableFile(atPath: census), "no census binary at \(census)")
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let local = try SQLiteStore(path: directory.appendingPathComponent("census.sqlite").path)
        _ = try await BundleExchange().import(bundle, into: local)
        let contractFile = directory.appendingPathComponent("contract.csv").path, ratesFile = directory.appendingPathComponent("rates.yaml").path
        try Self.contractCSV.write(toFile: contractFile, atomically: true, encoding: .utf8)
        try Self.ratesYAML.write(toFile: ratesFile, atomically: true, encoding: .utf8)
        let cli = try Self.output(census, ["reconcile", "--db", local.path, "--client", "acme", "--contract", contractFile, "--rates", ratesFile,
                                           "--as-of", "2027-01-31", "--format", "json"])
        XCTAssertEqual(cli.status, 0, cli.stderr)
        XCTAssertEqual(try Self.canonicalJSON(cli.stdout), try Self.canonicalJSON(reconciled.body), "the server's reconciliation differs from the CLI's")

        // The pricing report: JSON with the figures, HTML self-contained.
        let pricing = try await call("GET", "/api/v1/clients/acme/reports/pricing?format=json&as_of=2027-01-31", token: reader)
        XCTAssertEqual(pricing.status, 200, pricing.text)
        XCTAssertTrue(pricing.text.contains("\"billed_monthly\":27.50"), pricing.text)
        XCTAssertTrue(pricing.text.contains("\"due_monthly\":29.75"), pricing.text)
        let cliPricing = try Self.output(census, ["report", "pricing", "--db", local.path, "--client", "acme", "--contract", contractFile,
                                                  "--rates", ratesFile, "--as-of", "2027-01-31", "--format", "json"])
        XCTAssertEqual(cliPricing.status, 0, cliPricing.stderr)
        XCTAssertEqual(try Self.canonicalJSON(cliPricing.stdout, droppingSources: true), try Self.canonicalJSON(pricing.body, droppingSources: true))
        for path in ["reports/pricing?format=html&as_of=2027-01-31", "reports/lifecycle?format=html&as_of=2027-01-31"] {
            let page = try await call("GET", "/api/v1/clients/acme/\(path)", token: reader)
            XCTAssertEqual(page.status, 200, path)
            XCTAssertTrue(page.text.hasPrefix("<!DOCTYPE html>") || page.text.hasPrefix("<!doctype html>"), String(page.text.prefix(80)))
            XCTAssertTrue(page.text.contains("acme"), path)
            XCTAssertTrue(page.text.contains("2027-01-31"), path)
            // Self-contained: no script, nothing fetched from anywhere.
            for forbidden in ["<script", "src=\"http", "href=\"http", "url(http", "@import", "<link"] {
                XCTAssertFalse(page.text.lowercased().contains(forbidden), "\(path) holds \(forbidden)")
            }
        }
        let lifecycle = try await call("GET", "/api/v1/clients/acme/reports/lifecycle?format=json&as_of=2027-01-31", token: reader)
        XCTAssertEqual(lifecycle.status, 200, lifecycle.text)
        let lifecycleReport = try XCTUnwrap(lifecycle.json as? [String: Any])
        XCTAssertEqual((lifecycleReport["devices"] as? [Any])?.count, 3)
        XCTAssertEqual(lifecycleReport["as_of"] as? String, "2027-01-31")
        XCTAssertTrue(lifecycle.text.contains("purchase dates of 1 devices"), "the stored contract's purchase dates: \(lifecycle.text)")
        let cliLifecycle = try Self.output(census, ["report", "lifecycle", "--db", local.path, "--client", "acme", "--contract", contractFile,
                                                    "--as-of", "2027-01-31", "--format", "json"])
        XCTAssertEqual(cliLifecycle.status, 0, cliLifecycle.stderr)
        XCTAssertEqual(try Self.canonicalJSON(cliLifecycle.stdout, droppingSources: true), try Self.canonicalJSON(lifecycle.body, droppingSources: true))
        for bad in ["format=pdf", "users=-1", "as_of=tomorrow"] {
            let answer = try await call("GET", "/api/v1/clients/acme/reports/pricing?\(bad)", token: reader)
            XCTAssertEqual(answer.status, 400, "\(bad): \(answer.text)")
        }
    }

    // MARK: Plumbing

    /// JSON with sorted keys; the contract's file name (which differs between a file and a
    /// stored document) blanked, and `sources` dropped when asked.
    static func canonicalJSON(_ data: Data, droppingSources: Bool = false) throws -> String {
        func clean(_ value: Any) -> Any {
            if var object = value as? [String: Any] {
                if droppingSources { object["sources"] = nil }
                if object["file"] is String { object["file"] = "" }
                return object.mapValues(clean)
            }
            if let array = value as? [Any] { return array.map(clean) }
            return value
        }
        let object = clean(try JSONSerialization.jsonObject(with: data))
        return String(decoding: try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys]), as: UTF8.self)
    }
}
