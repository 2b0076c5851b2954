import Foundation
import XCTest

/// Runs programs for the lab tests: the project's namespace lab script and the built `census`.
enum Lab {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let script = root.appendingPathComponent("tools/lab/census-lab").path

    /// The `census` binary built beside this test bundle (or `CENSUS_BIN`).
    static var census: String {
        if let path = ProcessInfo.processInfo.environment["CENSUS_BIN"] { return path }
        let exe = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath()
        var dir = exe.deletingLastPathComponent()
        if dir.lastPathComponent.hasSuffix(".xctest") { dir = dir.deletingLastPathComponent() }
        return dir.appendingPathComponent("census").path
    }

    struct Result {
        let status: Int32
        let stdout: String
        let stderr: String
    }

    /// Runs a program to completion, capturing its output.
    @discardableResult
    static func run(_ arguments: [String], check: Bool = false, file: StaticString = #filePath, line: UInt = #line) throws -> Result {
        let process = try start(arguments)
        let result = finish(process)
        if check && result.status != 0 {
            XCTFail("\(arguments.joined(separator: " ")) exited \(result.status): \(result.stderr)", file: file, line: line)
        }
        return result
    }

    final class Running: @unchecked Sendable {
        let process: Process
        let out = Pipe(), err = Pipe()
        var stdoutData = Data(), stderrData = Data()
        let group = DispatchGroup()
        init(_ process: Process) { self.process = process }
    }

    static func start(_ arguments: [String]) throws -> Running {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = arguments
        let running = Running(process)
        process.standardOutput = running.out
        process.standardError = running.err
        try process.run()
        // Read both pipes while the program runs, so a full pipe cannot stall it.
        for (pipe, isOut) in [(running.out, true), (running.err, false)] {
            running.group.enter()
            Thread {
                let data = pipe.fileHandleForReading.readDataToEndOfFile()
                if isOut { running.stdoutData = data } else { running.stderrData = data }
                running.group.leave()
            }.start()
        }
        return running
    }

    static func finish(_ running: Running) -> Result {
        running.process.waitUntilExit()
        running.group.wait()
        return Result(status: running.process.terminationStatus,
                      stdout: String(decoding: running.stdoutData, as: UTF8.self),
                      stderr: String(decoding: running.stderrData, as: UTF8.self))
    }

    /// Runs `census` inside the lab's scanner namespace, with extra environment variables.
    static func census(_ name: String, _ arguments: [String], environment: [String: String] = [:]) throws -> Result {
        try run(environment.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" } + ["ip", "netns", "exec", "\(name)-scan", census] + arguments)
    }

    /// Asserts that none of `secrets` appears in the output or in the files (database, WAL...).
    static func assertNoSecrets(_ secrets: [String], in result: Result, files: [String] = [], file: StaticString = #filePath, line: UInt = #line) throws {
        for secret in secrets {
            XCTAssertFalse(result.stdout.contains(secret), "secret in stdout", file: file, line: line)
            XCTAssertFalse(result.stderr.contains(secret), "secret in stderr", file: file, line: line)
            for path in files where FileManager.default.fileExists(atPath: path) {
                let bytes = try Data(contentsOf: URL(fileURLWithPath: path))
                XCTAssertNil(bytes.range(of: Data(secret.utf8)), "secret found in \(path)", file: file, line: line)
            }
        }
    }

    static func up(_ name: String, hosts: Int, extra: [String] = []) throws {
        guard getuid() == 0 else { throw LabError("the namespace lab needs root: run the tests as root (CI does)") }
        try run([script, "up", "--name", name, "--hosts", String(hosts)] + extra, check: true)
    }

    static func down(_ name: String) {
        _ = try? run([script, "down", "--name", name])
    }

    /// The lab's simulated hosts as "ip mac" lines.
    static func hosts(_ name: String) throws -> Set<String> {
        let out = try run([script, "hosts", "--name", name], check: true).stdout
        return Set(out.split(separator: "\n").map { String($0) }.filter { !$0.isEmpty })
    }

    static func decodeHosts(_ json: String) throws -> [[String: Any]] {
        let value = try JSONSerialization.jsonObject(with: Data(json.utf8))
        return try XCTUnwrap(value as? [[String: Any]], "stdout is not a JSON array: \(json.prefix(200))")
    }

    static func temporaryDatabase() -> String {
        FileManager.default.temporaryDirectory.appendingPathComponent("census-test-\(UUID().uuidString).sqlite").path
    }
}

struct LabError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
