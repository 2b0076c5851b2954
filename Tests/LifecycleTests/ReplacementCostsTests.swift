import CensusCore
import DataFiles
import Foundation
@testable import Lifecycle
import XCTest

final class ReplacementCostsTests: XCTestCase {
    func costs(_ yaml: String) throws -> ReplacementCosts {
        try ReplacementCosts.read(DataFile.parse(yaml, file: "costs.yaml"))
    }

    func testTheShippedDefaultsPriceEveryClassButBMCAndUnknown() throws {
        let defaults = try ReplacementCosts.builtIn()
        XCTAssertEqual(defaults.currency, "USD")
        let unpriced = DeviceClass.allCases.filter { defaults.price(class: $0, model: nil) == nil }
        XCTAssertEqual(unpriced, [.bmc, .unknown])
        XCTAssertEqual(defaults.price(class: .switch, model: "WS-C2960X-48FPD-L"),
                       ReplacementCosts.Price(amount: 4500, currency: "USD", basis: "model 'WS-C2960*-48*'"))
        XCTAssertEqual(defaults.price(class: .switch, model: "WS-C2960X-24PS-L")?.basis, "class switch")
        XCTAssertEqual(defaults.price(class: .wirelessAP, model: "UAP-AC-Pro")?.amount, 180)
    }

    func testAmountsAreExactDecimals() throws {
        let table = try costs("""
        currency: EUR
        classes: { switch: 1299.95, firewall: 0.1 }
        """)
        XCTAssertEqual(table.price(class: .switch, model: nil)?.amount, Decimal(string: "1299.95"))
        XCTAssertEqual(table.price(class: .firewall, model: nil)?.amount.description, "0.1")
        let sum = [Decimal](repeating: table.price(class: .firewall, model: nil)!.amount, count: 3).reduce(0, +)
        XCTAssertEqual(sum, Decimal(string: "0.3"), "no binary rounding: 0.1 × 3 is 0.3")
    }

    func testTheMostSpecificModelPatternWins() throws {
        let table = try costs("""
        currency: GBP
        classes: { switch: 1000 }
        models:
          - { models: ['WS-C*'], price: 2000 }
          - { models: ['WS-C2960X-48*'], price: 3000 }
        """)
        XCTAssertEqual(table.price(class: .switch, model: "WS-C2960X-48FPD-L")?.amount, 3000)
        XCTAssertEqual(table.price(class: .switch, model: "WS-C3560-24PS-S")?.amount, 2000)
        XCTAssertEqual(table.price(class: .switch, model: "JL256A")?.amount, 1000)
        XCTAssertNil(table.price(class: .printer, model: "HL-L2350DW"))
    }

    func testAUserFileLoadsFromDisk() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("costs-\(UUID().uuidString).yaml").path
        try "currency: CHF\nclasses: { ups: 750.50 }\n".write(toFile: path, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: path) }
        let table = try ReplacementCosts.load(path)
        XCTAssertEqual(table.price(class: .ups, model: "SMT1500RMI2U"), ReplacementCosts.Price(amount: Decimal(string: "750.50")!, currency: "CHF", basis: "class ups"))
    }

    func testMistakesNameLineAndKey() {
        func error(_ yaml: String) -> String {
            do { _ = try costs(yaml); return "no error" } catch { return "\(error)" }
        }
        XCTAssertEqual(error("currency: euro\n"), "costs.yaml:1:11: currency: expected an ISO 4217 currency code such as EUR or USD")
        XCTAssertEqual(error("currency: EUR\nclasses:\n  switch: 12,50\n"), "costs.yaml:3:11: classes.switch: expected an amount such as 1200 or 1299.50, found '12,50'")
        XCTAssertEqual(error("currency: EUR\nclasses:\n  switch: -5\n"), "costs.yaml:3:11: classes.switch: expected an amount such as 1200 or 1299.50, found '-5'")
        XCTAssertEqual(error("currency: EUR\nclasses:\n  toaster: 5\n").hasPrefix("costs.yaml:3:12: classes.toaster: unknown class 'toaster'"), true)
        XCTAssertEqual(error("classes: { switch: 5 }\n"), "costs.yaml:1:1: 'currency' is missing")
    }
}
