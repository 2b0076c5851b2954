import CensusCore
import Foundation
@testable import Lifecycle
import XCTest

final class DeviceAgeTests: XCTestCase {
    let asOf = day("2026-11-30")

    func testThePurchaseDateComesFirstThenTheModelReleaseThenFirstSeen() {
        let all = DeviceAge.best(purchaseDate: day("2019-05-01"), modelRelease: day("2013-07-01"), firstSeen: day("2025-01-01"), asOf: asOf)
        XCTAssertEqual(all?.source, .purchaseDate)
        XCTAssertEqual(all?.years, Decimal(string: "7.5"), "7.58 years: seven and a half completed")
        let noPurchase = DeviceAge.best(purchaseDate: nil, modelRelease: day("2013-07-01"), firstSeen: day("2025-01-01"), asOf: asOf)
        XCTAssertEqual(noPurchase?.source, .modelRelease)
        XCTAssertEqual(noPurchase?.years, Decimal(string: "13.4"))
        let seenOnly = DeviceAge.best(purchaseDate: nil, modelRelease: nil, firstSeen: day("2025-01-01"), asOf: asOf)
        XCTAssertEqual(seenOnly?.source, .firstSeen)
        XCTAssertEqual(seenOnly?.years, Decimal(string: "1.9"))
        XCTAssertNil(DeviceAge.best(purchaseDate: nil, modelRelease: nil, firstSeen: nil, asOf: asOf))
    }

    /// Ages are completed tenths of years, as a person's age is completed years: a device a day
    /// short of three years is 2.9 (and in the 0–3 band), not 3.0.
    func testYearsAreCutToOneDecimal() {
        // 365.25 × 2.25 = 821.8125 days: 822 days is 2.2505 years → 2.2.
        XCTAssertEqual(DeviceAge.best(purchaseDate: asOf.adding(days: -822), modelRelease: nil, firstSeen: nil, asOf: asOf)?.years, Decimal(string: "2.2"))
        XCTAssertEqual(DeviceAge.best(purchaseDate: asOf.adding(days: -1095), modelRelease: nil, firstSeen: nil, asOf: asOf)?.years, Decimal(string: "2.9"))
        XCTAssertEqual(DeviceAge.best(purchaseDate: asOf.adding(days: -1096), modelRelease: nil, firstSeen: nil, asOf: asOf)?.years, Decimal(string: "3"))
        XCTAssertEqual(DeviceAge.best(purchaseDate: asOf, modelRelease: nil, firstSeen: nil, asOf: asOf)?.years, 0)
        XCTAssertEqual(DeviceAge.best(purchaseDate: asOf.adding(days: 30), modelRelease: nil, firstSeen: nil, asOf: asOf)?.years, 0,
                       "a purchase after the as-of day counts as new")
    }

    /// Years are calendar years: the anniversary completes one, whatever the leap days between.
    func testTheAnniversaryCompletesAYear() {
        func years(_ since: String, _ asOf: String) -> Decimal? {
            DeviceAge.best(purchaseDate: day(since), modelRelease: nil, firstSeen: nil, asOf: day(asOf))?.years
        }
        XCTAssertEqual(years("2021-12-07", "2026-12-07"), 5, "1826 days / 365.25 was 4.99, in the 3–5 band")
        XCTAssertEqual(years("2021-12-07", "2026-12-06"), Decimal(string: "4.9"))
        XCTAssertEqual(years("2025-12-07", "2026-12-07"), 1)
        XCTAssertEqual(years("2021-01-01", "2024-01-01"), 3, "1095 days with one leap day")
        XCTAssertEqual(years("2020-02-29", "2021-02-28"), 1, "a leap day's anniversary is the 28th")
        XCTAssertEqual(years("2020-02-29", "2021-02-27"), Decimal(string: "0.9"))
        XCTAssertEqual(years("2020-02-29", "2024-02-29"), 4)
        XCTAssertEqual(years("2026-01-01", "2026-07-02"), Decimal(string: "0.4"), "182 of 365 days")
    }

    func testAReleaseYearCountsFromTheFirstOfJuly() {
        XCTAssertEqual(HardwareCatalog.Release(year: 2013, day: nil).start, day("2013-07-01"))
        XCTAssertEqual(HardwareCatalog.Release(year: 2013, day: day("2013-04-09")).start, day("2013-04-09"))
    }
}
