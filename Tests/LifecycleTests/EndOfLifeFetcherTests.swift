import CensusCore
import Foundation
#if canImport(Glibc)
import Glibc
#endif
@testable import Lifecycle
import XCTest

/// The fetcher against a loopback HTTP server serving the shared endoflife.date files, and
/// against a loopback port nobody listens on. Never the real endoflife.date.
final class EndOfLifeFetcherTests: XCTestCase {
    /// Starts `python3 -m http.server` on 127.0.0.1, a free port, serving `folder`.
    func startServer(serving folder: URL) throws -> (process: Process, port: Int) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-u", "-m", "http.server", "--bind", "127.0.0.1", "--directory", folder.path, "0"]
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        try process.run()
        var text = ""
        let deadline = Date().addingTimeInterval(15)
        while Date() < deadline {
            let chunk = output.fileHandleForReading.availableData
            if chunk.isEmpty { break }
            text += String(decoding: chunk, as: UTF8.self)
            if let match = text.firstMatch(of: #/port (\d+)/#), let port = Int(match.output.1) { return (process, port) }
        }
        stop(process)
        throw CocoaError(.fileReadUnknown, userInfo: [NSLocalizedDescriptionKey: "the test HTTP server did not start: \(text)"])
    }

    /// Stops a server this test started. SIGKILL: the child may inherit a mask that blocks SIGTERM.
    func stop(_ process: Process) {
        guard process.isRunning else { return }
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
    }

    func testFetchesEachProductAndReportsEachFailure() async throws {
        let files = try SharedData.endOfLifeFiles()
        let (server, port) = try startServer(serving: SharedData.endOfLifeFolder)
        defer { stop(server) }
        let fetcher = EndOfLifeFetcher(baseURL: URL(string: "http://127.0.0.1:\(port)/")!, timeout: 10)
        let results = await fetcher.fetch(["fortios", "no-such-product", "ubuntu"])
        XCTAssertEqual(results.map(\.product), ["fortios", "no-such-product", "ubuntu"])
        let fortios = try results[0].result.get()
        let file = try Data(contentsOf: try XCTUnwrap(files.first { $0.lastPathComponent == "fortios.json" }))
        XCTAssertEqual(fortios.json, file)
        XCTAssertEqual(fortios.cycles, try SoftwareCycle.list(fromJSON: file, file: "fortios.json"))
        XCTAssertEqual(fortios.cycles.count, 8)
        XCTAssertEqual(try results[2].result.get().cycles.first { $0.cycle == "22.04" }?.eol, .on(day("2027-04-01")))
        guard case .failure(let failure) = results[1].result else { return XCTFail("a missing product must fail") }
        XCTAssertEqual(failure.reason, "127.0.0.1:\(port) has no product 'no-such-product'")
    }

    func testAnUnreachableServerIsAClearFailureForEveryProduct() async throws {
        // A port that was free a moment ago and is closed now.
        let (server, port) = try startServer(serving: FileManager.default.temporaryDirectory)
        stop(server)
        let fetcher = EndOfLifeFetcher(baseURL: URL(string: "http://127.0.0.1:\(port)/api/")!, timeout: 5)
        let started = Date()
        let results = await fetcher.fetch(["fortios", "pan-os"])
        XCTAssertLessThan(Date().timeIntervalSince(started), 10)
        XCTAssertEqual(results.count, 2)
        for result in results {
            guard case .failure(let failure) = result.result else { return XCTFail("\(result.product) cannot succeed offline") }
            XCTAssertEqual(failure.reason, "could not reach 127.0.0.1:\(port): Connection refused")
        }
    }

    func testTheDefaultsPointAtEndOfLifeDateAndTheMappedProducts() {
        XCTAssertEqual(EndOfLifeFetcher().baseURL.absoluteString, "https://endoflife.date/api/")
        XCTAssertTrue(SoftwareMapping.endOfLifeDateProducts.contains("windows-server"))
        XCTAssertEqual(SoftwareMapping.endOfLifeDateProducts, SoftwareMapping.endOfLifeDateProducts.sorted())
    }

    func testANameThatIsNotAProductIsRefusedWithoutARequest() async {
        let results = await EndOfLifeFetcher(baseURL: URL(string: "http://127.0.0.1:9/")!).fetch(["../etc/passwd"])
        guard case .failure(let failure) = results[0].result else { return XCTFail("must be refused") }
        XCTAssertEqual(failure.reason, "'../etc/passwd' is not a product name")
    }
}
