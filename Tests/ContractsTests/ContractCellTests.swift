import CensusCore
import Contracts
import Foundation
import XCTest

final class ContractCellTests: XCTestCase {
    // MARK: Dates

    func testISODatesWhateverTheOrder() {
        for order in DateOrder.allCases {
            XCTAssertEqual(ContractCell.date("2024-03-01", order: order), day("2024-03-01"))
            XCTAssertEqual(ContractCell.date(" 2024-03-01T09:30:00Z ", order: order), day("2024-03-01"))
            XCTAssertEqual(ContractCell.date("2024-03-01 00:00:00", order: order), day("2024-03-01"))
            XCTAssertEqual(ContractCell.date("2024/03/01", order: order), day("2024-03-01"))
        }
    }

    func testDayMonthYear() {
        for text in ["01/03/2024", "1/3/2024", "01.03.2024", "1.3.2024", "01-03-2024", "01/03/2024 00:00", "1 Mar 2024", "01-Mar-2024", "1 March 2024"] {
            XCTAssertEqual(ContractCell.date(text, order: .dmy), day("2024-03-01"), text)
        }
        XCTAssertEqual(ContractCell.date("29/02/2024", order: .dmy), day("2024-02-29"))
        XCTAssertEqual(ContractCell.date("31/12/2023", order: .dmy), day("2023-12-31"))
    }

    func testMonthDayYear() {
        XCTAssertEqual(ContractCell.date("03/01/2024", order: .mdy), day("2024-03-01"))
        XCTAssertEqual(ContractCell.date("3/1/2024 12:00:00 AM", order: .mdy), day("2024-03-01"))
        XCTAssertEqual(ContractCell.date("12/31/2022", order: .mdy), day("2022-12-31"))
        XCTAssertNil(ContractCell.date("31/12/2022", order: .mdy))
    }

    func testISOOnlyRefusesOtherForms() {
        XCTAssertNil(ContractCell.date("01/03/2024", order: .iso))
        XCTAssertNil(ContractCell.date("1 Mar 2024", order: .iso))
    }

    func testAmountsBeyondATrillionAreRefused() {
        XCTAssertEqual(ContractCell.amount("1,000,000,000,000.00", decimalComma: false), .failure(.tooLarge))
        XCTAssertEqual(ContractCell.amount("£999,999,999,999.99", decimalComma: false), .success(Decimal(string: "999999999999.99")))
        XCTAssertEqual(ContractCell.amount("99999999999999999999999999999999999999999", decimalComma: false), .failure(.tooLarge))
    }

    func testBadDates() {
        for text in ["31/02/2024", "2024-13-01", "29/02/2023", "01/03/24", "soon", "01/03", "1//2024", "2024-03-01x", "00/01/2024", "01/03-2024"] {
            XCTAssertNil(ContractCell.date(text, order: .dmy), text)
        }
    }

    // MARK: Amounts

    private func amount(_ text: String, decimalComma: Bool = false) -> Decimal? {
        try? ContractCell.amount(text, decimalComma: decimalComma).get()
    }

    func testAmountsWithCurrencySignsAndCodes() {
        XCTAssertEqual(amount("£45.00"), money("45"))
        XCTAssertEqual(amount("45"), money("45"))
        XCTAssertEqual(amount("GBP 45.00"), money("45"))
        XCTAssertEqual(amount("GBP45.00"), money("45"))
        XCTAssertEqual(amount("45.00 EUR"), money("45"))
        XCTAssertEqual(amount("$ 9.99"), money("9.99"))
        XCTAssertEqual(amount("45 kr"), money("45"))
        XCTAssertEqual(amount("45gbp"), money("45"), "an ISO code in lower case")
        XCTAssertEqual(amount("usd 12.50"), money("12.5"))
        XCTAssertEqual(amount("US$45"), money("45"), "letters against a currency sign")
        XCTAssertEqual(amount("NZ$ 1,200.00"), money("1200"))
        XCTAssertEqual(amount("45 C$"), money("45"))
        XCTAssertNil(amount("abc45"), "three letters that are no currency are not an amount")
        XCTAssertNil(amount("twelve"))
        XCTAssertEqual(amount("1,234.50"), money("1234.50"))
        XCTAssertEqual(amount("£1,234,567.89"), money("1234567.89"))
        XCTAssertEqual(amount(".5"), money("0.5"))
        XCTAssertEqual(amount("0"), money("0"))
    }

    /// The currency a price names, held against the rate card's (never converted).
    func testTheCurrencyAPriceNames() {
        XCTAssertEqual(ContractCell.currency("€12.50"), "EUR")
        XCTAssertEqual(ContractCell.currency("12.50 EUR"), "EUR")
        XCTAssertEqual(ContractCell.currency("usd 25.00"), "USD")
        XCTAssertEqual(ContractCell.currency("US$45"), "USD")
        XCTAssertEqual(ContractCell.currency("£45.00"), "GBP")
        XCTAssertEqual(ContractCell.currency("$25.00"), "$")
        XCTAssertNil(ContractCell.currency("45.00"))
        XCTAssertTrue(ContractCell.currency("$", fits: "USD"))
        XCTAssertTrue(ContractCell.currency("$", fits: "aud"))
        XCTAssertFalse(ContractCell.currency("$", fits: "GBP"))
        XCTAssertFalse(ContractCell.currency("EUR", fits: "GBP"))
    }

    func testDecimalCommaInSemicolonFiles() {
        XCTAssertEqual(amount("45,00 €", decimalComma: true), money("45"))
        XCTAssertEqual(amount("€ 2,50", decimalComma: true), money("2.5"))
        XCTAssertEqual(amount("1.234,50", decimalComma: true), money("1234.50"))
        XCTAssertEqual(amount("1 234,50", decimalComma: true), money("1234.50"))
        XCTAssertEqual(amount("1,234", decimalComma: true), money("1.234"))
        XCTAssertEqual(amount("1,234.50", decimalComma: true), money("1234.50"))
        // Without the hint a lone comma before three digits groups thousands; before two it is decimal.
        XCTAssertEqual(amount("1,234"), money("1234"))
        XCTAssertEqual(amount("45,00"), money("45"))
        // A lone point before three digits groups thousands where commas are decimal; a lone 0 groups nothing.
        XCTAssertEqual(amount("2.500", decimalComma: true), money("2500"))
        XCTAssertEqual(amount("€ 1.200", decimalComma: true), money("1200"))
        XCTAssertEqual(amount("2.50", decimalComma: true), money("2.5"))
        XCTAssertEqual(amount("0.125", decimalComma: true), money("0.125"))
        XCTAssertEqual(amount("0,125"), money("0.125"))
        XCTAssertEqual(amount("4.165"), money("4.165"))
    }

    /// What people put in a cell that has no value reads as an empty cell; Excel's accounting
    /// format's dash is the amount 0.
    func testPlaceholdersAreNoValue() {
        for text in ["N/A", "n/a", "#N/A", "TBC", "unknown", "-", "--", "DHCP", "Dynamic", "none", "?"] {
            XCTAssertTrue(ContractCell.isNoValue(text), text)
        }
        for text in ["0", "HQ", "192.0.2.1", "Acme"] { XCTAssertFalse(ContractCell.isNoValue(text), text) }
        for text in ["-", " £ -   ", "$-", "€ - "] { XCTAssertTrue(ContractCell.isAccountingZero(text), text) }
        for text in ["-5", "£ 5", "--", ""] { XCTAssertFalse(ContractCell.isAccountingZero(text), text) }
    }

    func testAmountsKeepEveryDigit() throws {
        // Through a Double these would come back as 0.30000000000000004 or 1234567.8899999999.
        let value = try XCTUnwrap(amount("1234567.89"))
        XCTAssertEqual(value.description, "1234567.89")
        XCTAssertEqual(try XCTUnwrap(amount("0.1")) + XCTUnwrap(amount("0.2")), money("0.3"))
        XCTAssertEqual(try XCTUnwrap(amount("123456789012.01")).description, "123456789012.01")
    }

    func testNegativeAmountsAreRefused() {
        for text in ["-8.00", "-£8.00", "£-8.00", "(8.00)", "8.00-", "GBP -8"] {
            XCTAssertEqual(ContractCell.amount(text, decimalComma: false), .failure(.negative), text)
        }
    }

    func testNonNumericAmountsAreRefused() {
        for text in ["twelve", "TBC", "N/A", "12.5O", "45.", "1,23,456.00", "1.234.5", "4 5", "12abc", "1e3", "£", "45.00 per month", "1,2,3"] {
            XCTAssertEqual(ContractCell.amount(text, decimalComma: false), .failure(.notANumber), text)
        }
        XCTAssertEqual(ContractCell.amount("  ", decimalComma: false), .success(nil))
    }

    // MARK: Addresses

    func testEveryMACNotation() {
        let expected = mac("aa:bb:cc:dd:ee:ff")
        for text in ["aa:bb:cc:dd:ee:ff", "AA-BB-CC-DD-EE-FF", "aabb.ccdd.eeff", "AABBCCDDEEFF", "aabbcc-ddeeff", "AA:BB:CC:DD:EE:FF"] {
            XCTAssertEqual(ContractCell.mac(text), expected, text)
        }
        XCTAssertEqual(ContractCell.mac("0:1b:21:a:b:c"), mac("00:1b:21:0a:0b:0c"))
        for text in ["aa:bb:cc:dd:ee", "aa:bb:cc:dd:ee:fg", "aabbccddeeff00", "aa:bb:cc:dd:ee:ff:00", "aabbcc-ddeef"] {
            XCTAssertNil(ContractCell.mac(text), text)
        }
    }

    func testSeveralMACsInOneCell() throws {
        let macs = try ContractCell.macs("a0:b1:c2:d3:e4:f5, a0b1.c2d3.e4f6;A0-B1-C2-D3-E4-F7  a0b1c2d3e4f8 | a0:b1:c2:d3:e4:f5").get()
        XCTAssertEqual(macs, ["a0:b1:c2:d3:e4:f5", "a0:b1:c2:d3:e4:f6", "a0:b1:c2:d3:e4:f7", "a0:b1:c2:d3:e4:f8"].map { mac($0) })
        XCTAssertEqual(ContractCell.macs("a0:b1:c2:d3:e4:f5, zz:00:00:00:00:00"), .failure(.init(text: "zz:00:00:00:00:00")))
    }

    func testIPv4() {
        XCTAssertEqual(ContractCell.ipv4(" 198.18.0.10 "), ip("198.18.0.10"))
        XCTAssertEqual(ContractCell.ipv4("192.0.2.7/24"), ip("192.0.2.7"))
        XCTAssertNil(ContractCell.ipv4("198.18.0.300"))
        XCTAssertNil(ContractCell.ipv4("198.18.0.1/33"))
        XCTAssertNil(ContractCell.ipv4("198.18.0"))
        XCTAssertNil(ContractCell.ipv4("198.18.0.1."))
        XCTAssertNil(ContractCell.ipv4("198..0.1"))
        XCTAssertNil(ContractCell.ipv4("198.18.0.1000"))
        XCTAssertNil(ContractCell.ipv4("198.18.0.-1"))
    }

    // MARK: Text

    func testSerialKeyIgnoresCaseAndSpaces() {
        XCTAssertEqual(ContractLine.serialKey(" fcw 2231 l0ab "), "FCW2231L0AB")
        XCTAssertEqual(ContractLine(line: 2, serial: "VMware-42 1a 9f 3c").serialKey, "VMWARE-421A9F3C")
        XCTAssertNil(ContractLine(line: 2).serialKey)
    }

    func testPlaceholderSerials() {
        for text in ["N/A", "TBC", "unknown", "-", "To be filled by O.E.M."] { XCTAssertTrue(ContractCell.isPlaceholderSerial(text), text) }
        XCTAssertFalse(ContractCell.isPlaceholderSerial("FCW2231L0AB"))
    }

    func testCounts() {
        XCTAssertEqual(ContractCell.count("25"), 25)
        XCTAssertEqual(ContractCell.count("1,200"), 1200)
        XCTAssertEqual(ContractCell.count("25.0"), 25, "a spreadsheet's whole number")
        XCTAssertEqual(ContractCell.count("25.00"), 25)
        XCTAssertNil(ContractCell.count("25.5"))
        XCTAssertNil(ContractCell.count("25."))
        XCTAssertNil(ContractCell.count("lots"))
    }
}
