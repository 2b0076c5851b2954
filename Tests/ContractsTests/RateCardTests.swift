import CensusCore
import Contracts
import DataFiles
import Foundation
import XCTest

final class RateCardTests: XCTestCase {
    func testExampleRateCard() throws {
        let card = try RateCard.load(file: Fixture.path("rates.yaml"))
        XCTAssertEqual(card.currency, "GBP")
        XCTAssertEqual(card.rate(for: .server), money("45.00"))
        XCTAssertEqual(card.rate(for: .switch), money("12.50"))
        XCTAssertEqual(card.rate(for: .wirelessAP), money("5.00"))
        XCTAssertNil(card.rate(for: .camera), "a class absent from the card is not billed per device")
        XCTAssertNil(card.rate(for: .unknown))
        XCTAssertEqual(card.devices.count, 10)
        XCTAssertEqual(card.perUser, money("35.00"))
        XCTAssertEqual(card.users, 25)
        XCTAssertEqual(card.minimumMonthly, money("250"))
        XCTAssertTrue(card.isBlended)
    }

    func testAmountsAreReadFromTheirTextNotThroughDouble() throws {
        let card = try RateCard.parse("currency: gbp\ndevices:\n  server: 19.99\n  switch: \"0.10\"\n  ups: 1234567890.123456789\n", file: "r.yaml")
        XCTAssertEqual(card.currency, "GBP")
        XCTAssertEqual(card.rate(for: .server)?.description, "19.99")
        XCTAssertEqual(card.rate(for: .switch), money("0.1"))
        XCTAssertEqual(card.rate(for: .ups)?.description, "1234567890.123456789")
        XCTAssertFalse(card.isBlended)
        XCTAssertNil(card.perUser)
    }

    func testPerUserOnly() throws {
        let card = try RateCard.parse("currency: EUR\nper_user: 40\n", file: "r.yaml")
        XCTAssertEqual(card.perUser, money("40"))
        XCTAssertTrue(card.devices.isEmpty)
        XCTAssertFalse(card.isBlended)
    }

    private func cardError(_ text: String) -> DataFileError? {
        do {
            _ = try RateCard.parse(text, file: "rates.yaml")
            return nil
        } catch {
            return error
        }
    }

    func testUnknownClassIsAnErrorWithFileAndLine() throws {
        let error = try XCTUnwrap(cardError("currency: GBP\ndevices:\n  server: 45\n  servers: 45\n"))
        XCTAssertEqual(error.line, 4)
        XCTAssertTrue(error.description.hasPrefix("rates.yaml:4: devices: unknown class 'servers' (expected one of: router, switch"), error.description)
    }

    func testOtherMistakes() {
        XCTAssertEqual(cardError("currency: GBP\ndevices:\n  server: -45\n")?.message, "an amount cannot be negative ('-45')")
        XCTAssertEqual(cardError("currency: GBP\ndevices:\n  server: 45,00\n")?.message, "expected an amount such as 45 or 45.00, not '45,00'")
        XCTAssertEqual(cardError("currency: GBP\ndevices:\n  server: 4.5e1\n")?.line, 3)
        XCTAssertEqual(cardError("currency: GBP\nper_user: .inf\n")?.line, 2)
        XCTAssertEqual(cardError("currency: pounds\nper_user: 40\n")?.line, 1)
        XCTAssertEqual(cardError("currency: XYZ\nper_user: 40\n")?.message, "currency 'XYZ' is no ISO 4217 code (such as GBP, EUR or USD): a typo?")
        XCTAssertNil(cardError("currency: chf\nper_user: 40\n"))
        XCTAssertEqual(cardError("devices:\n  server: 45\n")?.message, "'currency' is missing")
        XCTAssertEqual(cardError("currency: GBP\ndevices:\n  switch: 12.50\n  Switch: 99\n")?.message, "class 'switch' is priced twice")
        XCTAssertEqual(cardError("currency: GBP\ndevices:\n  switch: 12.50\n  Switch: 99\n")?.line, 4)
        XCTAssertTrue(cardError("currency: GBP\ndevices:\n  unknown: 10\n")?.message.contains("never priced") ?? false)
        XCTAssertEqual(cardError("currency: GBP\n")?.message, "the card prices nothing: give devices: (class: monthly price) or per_user:")
        XCTAssertTrue(cardError("currency: GBP\nper_user: 4\nsites:\n  hq: {}\n")?.message.hasPrefix("unknown key 'sites'") == true)
        XCTAssertEqual(cardError("currency: GBP\nper_user: 4\nusers: -3\n")?.message, "users must be 0 to 1000000")
        // More digits than totals keep exact (a 38-digit per-user price once made a difference of 0.00).
        XCTAssertEqual(cardError("currency: GBP\nper_user: 99999999999999999999999999999999999999.99\n")?.message,
                       "'99999999999999999999999999999999999999.99' is above 999999999999.99 (a typo?)")
        XCTAssertNil(cardError("currency: GBP\nper_user: 999999999999.99\n"))
        // Yams itself refuses a repeated key (DataFiles has no line for that error).
        XCTAssertTrue(cardError("currency: GBP\ndevices:\n  server: 45\n  server: 50\n")?.description.contains("server") == true)
    }

    func testCodableUsesSnakeCaseAndClassNames() throws {
        let card = try RateCard.load(file: Fixture.path("rates.yaml"))
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        let json = try XCTUnwrap(String(data: encoder.encode(card), encoding: .utf8))
        XCTAssertTrue(json.contains("\"per_user\":35"), json)
        XCTAssertTrue(json.contains("\"minimum_monthly\":250"), json)
        XCTAssertTrue(json.contains("\"wireless-ap\":5"), json)
        XCTAssertEqual(try JSONDecoder().decode(RateCard.self, from: Data(json.utf8)), card)
    }
}
