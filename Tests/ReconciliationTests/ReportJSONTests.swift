import CensusCore
import Contracts
import DeviceModel
import Foundation
import Reconciliation
import XCTest

/// The JSON shape of a report: snake_case keys, every key present, money as numbers with two decimals.
final class ReportJSONTests: XCTestCase {
    func sample() throws -> ReconciliationReport {
        let csv = header + """
            Acme Dental,hq,45.00,Server,APC,,,00:c0:b7:11:22:33,,45.00
            Acme Dental,hq,"gone ""old"" \\ box: 5.00",Switch,,,S9,,,
            Acme Dental,hq,bad,Switch,,,,zz,,12,50

            """
        return Reconciliation.reconcile(
            devices: [device(1, .ups, ip: "198.18.0.40", mac: "00:c0:b7:11:22:33", vendor: "APC", serial: "AS1"),
                      device(2, .wirelessAP, ip: "198.18.0.7", vendor: "Ubiquiti", model: "UAP-AC-PRO", serial: "U1", name: "AP-Lobby")],
            scans: [scan(1, site: "hq", ranges: ["198.18.0.0/24"], on: "2026-11-20")], contract: try contract(csv), rates: cardWithoutUsers,
            client: "Acme Dental", period: november, asOf: day("2026-11-30"))
    }

    func testMoneyIsWrittenWithTwoDecimals() {
        XCTAssertEqual(Money(45).description, "45.00")
        XCTAssertEqual(amount("12.5").description, "12.50")
        XCTAssertEqual(amount("-0.5").description, "-0.50")
        XCTAssertEqual(amount("1234.565").description, "1234.57")
        XCTAssertEqual(amount("0.004").description, "0.00")
        XCTAssertEqual(Money.zero.description, "0.00")
        // For people (reasons, tables): thousands grouped.
        XCTAssertEqual(amount("300000.99").grouped, "300,000.99")
        XCTAssertEqual(amount("-1234567.5").grouped, "-1,234,567.50")
        XCTAssertEqual(amount("999.99").grouped, "999.99")
        XCTAssertEqual(amount("-0.5").grouped, "-0.50")
    }

    func testTheReportHasItsShapeAndMoneyAsNumbersWithTwoDecimals() throws {
        let text = try sample().jsonText()
        XCTAssertTrue(text.contains("\"monthly_value\":-42.00"), text)
        XCTAssertTrue(text.contains("\"monthly_value\":5.00"), text)
        XCTAssertTrue(text.contains("\"monthly_value\":12.50"), text)
        XCTAssertTrue(text.contains("\"unbilled_monthly\":5.00"), text)
        XCTAssertTrue(text.contains("\"overbilled_monthly\":54.50"), text)
        XCTAssertFalse(text.contains("\u{F8FF}"), "no marker left")

        let json = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
        XCTAssertEqual(Set(json.keys), ["client", "as_of", "period", "coverage", "summary", "findings", "import_errors", "notes"])
        XCTAssertEqual(json["as_of"] as? String, "2026-11-30")
        XCTAssertEqual(json["period"] as? [String: String], ["since": "2026-11-01", "until": "2026-11-30"])
        let coverage = try XCTUnwrap((json["coverage"] as? [[String: Any]])?.first)
        XCTAssertEqual(Set(coverage.keys), ["site", "scans", "ranges"])
        XCTAssertEqual(coverage["ranges"] as? [String], ["198.18.0.0/24"])
        let summary = try XCTUnwrap(json["summary"] as? [String: Any])
        XCTAssertEqual(Set(summary.keys), ["counts", "unbilled_monthly", "overbilled_monthly", "currency"])
        XCTAssertEqual(Set((summary["counts"] as? [String: Int])?.keys ?? [:].keys),
                       ["matched", "unbilled", "review", "missing", "not_covered", "mismatch", "unsupported", "duplicate"])
        let findings = try XCTUnwrap(json["findings"] as? [[String: Any]])
        for finding in findings {
            XCTAssertEqual(Set(finding.keys), ["kind", "device", "contract_lines", "fields", "match_key", "reason", "evidence", "monthly_value"])
        }
        let mismatch = try XCTUnwrap(findings.first { $0["kind"] as? String == "mismatch" })
        let device = try XCTUnwrap(mismatch["device"] as? [String: Any])
        XCTAssertEqual(Set(device.keys), ["id", "site", "ip", "macs", "serial", "vendor", "model", "class", "os", "version", "first_seen", "last_seen"])
        XCTAssertTrue(device["model"] is NSNull, "absent values are null, not missing")
        XCTAssertEqual(device["first_seen"] as? String, "2026-11-20T10:00:00Z")
        let missing = try XCTUnwrap(findings.first { $0["kind"] as? String == "missing" })
        XCTAssertTrue(missing["device"] is NSNull)
        let errors = try XCTUnwrap(json["import_errors"] as? [[String: Any]])
        XCTAssertEqual(errors.count, 1)
        XCTAssertEqual(errors.first?["line"] as? Int, 4)
        XCTAssertEqual(errors.first?["message"] as? String, "11 fields where the header has 10 (a missing or an unquoted separator?)")
    }

    func testContractTextThatLooksLikeMoneyStaysText() throws {
        let text = try sample().jsonText(pretty: true)
        XCTAssertTrue(text.contains("Line 2 (45.00, a server, APC)"), "a line named 45.00 stays in its sentence")
        XCTAssertTrue(text.contains(#"name gone \"old\" \\ box: 5.00 at hq"#), "quotes and backslashes stay escaped: \(text)")
        XCTAssertTrue(text.contains("\"unbilled_monthly\" : 5.00"), text)
    }

    func testTheJSONReadsBackToTheSameReport() throws {
        let report = try sample()
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        XCTAssertEqual(try decoder.decode(ReconciliationReport.self, from: Data(report.jsonText().utf8)), report)
    }
}
