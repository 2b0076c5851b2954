import CensusCore
import Contracts
import Foundation
import XCTest

final class CodableTests: XCTestCase {
    func testContractImportIsSnakeCaseJSONAndRoundTrips() throws {
        let result = try ContractImport.read(file: Fixture.path("generic-excel.csv"))
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        let data = try encoder.encode(result)
        let json = try XCTUnwrap(String(data: data, encoding: .utf8))
        for key in ["\"header_line\":1", "\"delimiter\":\";\"", "\"class\":\"firewall\"", "\"class_text\":\"Firewall\\/UTM\"",
                    "\"is_virtual\":false", "\"monthly_price\":45", "\"purchase_date\":\"2024-03-01\"",
                    "\"warranty_end\":\"2027-03-01\"", "\"macs\":[\"00:90:7f:a1:b2:c3\"]", "\"ip\":\"192.0.2.1\"", "\"users\":25",
                    "\"monthly_price\":1234.5"] {
            XCTAssertTrue(json.contains(key), "\(key) not in \(json.prefix(600))")
        }
        XCTAssertEqual(try JSONDecoder().decode(ContractImport.self, from: data), result)
    }

    func testRowErrorsEncode() throws {
        let result = try ContractImport.read(file: Fixture.path("malformed.csv"))
        let json = try XCTUnwrap(String(data: JSONEncoder().encode(result.errors.first), encoding: .utf8))
        XCTAssertTrue(json.contains("\"line\":7"), json)
        XCTAssertEqual(result.errors.first?.description, "line 7: monthly_price 'twelve' is not an amount")
    }
}
