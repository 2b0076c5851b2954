import CensusCore
import XCTest

final class InvisibleControlsTests: XCTestCase {
    func testOverridesIsolatesMarksAndZeroWidthSpacesGoSeparatorsBecomeSpaces() {
        XCTAssertEqual(InvisibleControls.removed(from: "a\u{202E}b\u{202A}c\u{2066}d\u{2069}e\u{200F}f\u{061C}g\u{200B}h\u{FEFF}i"), "abcdefghi")
        XCTAssertEqual(InvisibleControls.removed(from: "line\u{2028}next\u{2029}para"), "line next para")
        // Joiners shape real scripts and emoji: kept.
        XCTAssertEqual(InvisibleControls.removed(from: "क्\u{200D}ष \u{200C}"), "क्\u{200D}ष \u{200C}")
        XCTAssertEqual(InvisibleControls.removed(from: "שלום Switch 3.00"), "שלום Switch 3.00")
    }
}
