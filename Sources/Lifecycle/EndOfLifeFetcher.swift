import DataFiles
import Foundation
import OutboundHTTP

/// Fetches current release cycles from endoflife.date (`census lifecycle update`): one request
/// per product, `<baseURL><product>.json`, each bounded by `timeout`. What it returns is for the
/// caller to store and to hand to `SoftwareLifecycles.builtIn(imported:)`.
public struct EndOfLifeFetcher: Sendable {
    public static let defaultBaseURL = URL(string: "https://endoflife.date/api/")!

    public var baseURL: URL
    public var timeout: TimeInterval

    public init(baseURL: URL = defaultBaseURL, timeout: TimeInterval = 20) {
        self.baseURL = baseURL
        self.timeout = timeout
    }

    /// One product's outcome.
    public struct ProductFetch: Sendable {
        public var product: String
        public var result: Result<Fetched, FetchFailure>
    }

    /// The cycles, and the JSON exactly as served (to store and read again with `SoftwareCycle.list`).
    public struct Fetched: Sendable {
        public var cycles: [SoftwareCycle]
        public var json: Data
    }

    public struct FetchFailure: Error, Sendable, Equatable, CustomStringConvertible {
        /// Why, for a person: `could not reach endoflife.date: …`.
        public var reason: String
        public var description: String { reason }
    }

    /// Fetches every product (concurrently), in the order given.
    public func fetch(_ products: [String] = SoftwareMapping.endOfLifeDateProducts) async -> [ProductFetch] {
        let results = await withTaskGroup(of: (Int, ProductFetch).self) { group in
            for (index, product) in products.enumerated() {
                group.addTask { (index, ProductFetch(product: product, result: await fetch(product))) }
            }
            var results: [(Int, ProductFetch)] = []
            for await result in group { results.append(result) }
            return results
        }
        return results.sorted { $0.0 < $1.0 }.map(\.1)
    }

    private func fetch(_ product: String) async -> Result<Fetched, FetchFailure> {
        let host = baseURL.host.map { host in baseURL.port.map { "\(host):\($0)" } ?? host } ?? baseURL.absoluteString
        guard product.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-" || $0 == "." || $0 == "_") }) else {
            return .failure(FetchFailure(reason: "'\(product)' is not a product name"))
        }
        let url = baseURL.appendingPathComponent("\(product).json")
        let response: OutboundHTTP.Response
        do {
            response = try await OutboundHTTP.send("GET", url, headers: [("Accept", "application/json")], timeout: .milliseconds(Int64(timeout * 1000)))
        } catch {
            return .failure(FetchFailure(reason: "could not reach \(host): \(error)"))
        }
        let data = response.body
        if response.status != 200 {
            let what = response.status == 404 ? "has no product '\(product)'" : "answered HTTP \(response.status) for \(product)"
            return .failure(FetchFailure(reason: "\(host) \(what)"))
        }
        do {
            return .success(Fetched(cycles: try SoftwareCycle.list(fromJSON: data, file: url.absoluteString), json: data))
        } catch {
            return .failure(FetchFailure(reason: "\(host) sent data Census cannot read: \(error)"))
        }
    }
}
