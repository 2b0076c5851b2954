import XCTest
final class CensusServerTests: XCTestCase { func testNothing() {} }
