import CensusCore
import Foundation
import XCTest

/// Paths of the files in Fixtures/contracts, found from this file's place in the package.
enum Fixture {
    static let directory = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures/contracts")

    static func path(_ name: String) -> String { directory.appendingPathComponent(name).path }
}

/// Test shorthands that fail loudly on a typo in the expected value.
func mac(_ text: String, file: StaticString = #filePath, line: UInt = #line) -> MACAddress {
    guard let mac = MACAddress(text) else { XCTFail("bad MAC in test: \(text)", file: file, line: line); return .zero }
    return mac
}

func ip(_ text: String) -> IPv4Address { IPv4Address(text)! }

func day(_ text: String) -> CalendarDate { CalendarDate(iso: text)! }

/// An amount from its text (never from a floating-point literal).
func money(_ text: String) -> Decimal { Decimal(string: text, locale: Locale(identifier: "en_US_POSIX"))! }

/// A scratch file with `bytes`, removed by the test's teardown.
func temporaryFile(_ bytes: [UInt8], name: String = "contract.csv", testCase: XCTestCase) throws -> String {
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("contracts-tests-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    testCase.addTeardownBlock { try? FileManager.default.removeItem(at: directory) }
    let url = directory.appendingPathComponent(name)
    try Data(bytes).write(to: url)
    return url.path
}
