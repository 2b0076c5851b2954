import DataFiles
import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

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
        let configuration = URLSessionConfiguration.ephemeral
        configuration.timeoutIntervalForRequest = timeout
        configuration.timeoutIntervalForResource = timeout
        configuration.requestCachePolicy = .reloadIgnoringLocalCacheData
        let session = URLSession(configuration: configuration)
        defer { session.finishTasksAndInvalidate() }
        let results = await withTaskGroup(of: (Int, ProductFetch).self) { group in
            for (index, product) in products.enumerated() {
                group.addTask { (index, ProductFetch(product: product, result: await fetch(product, session: session))) }
            }
            var results: [(Int, ProductFetch)] = []
            for await result in group { results.append(result) }
            return results
        }
        return results.sorted { $0.0 < $1.0 }.map(\.1)
    }

    private func fetch(_ product: String, session: URLSession) async -> Result<Fetched, FetchFailure> {
        let host = baseURL.host.map { host in baseURL.port.map { "\(host):\($0)" } ?? host } ?? baseURL.absoluteString
        guard product.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-" || $0 == "." || $0 == "_") }) else {
            return .failure(FetchFailure(reason: "'\(product)' is not a product name"))
        }
        let url = baseURL.appendingPathComponent("\(product).json")
        var request = URLRequest(url: url, cachePolicy: .reloadIgnoringLocalCacheData, timeoutInterval: timeout)
        request.setValue("application/json", forHTTPHeaderField: "Accept")
        let data: Data
        let response: URLResponse
        do { (data, response) = try await session.data(for: request) } catch {
            return .failure(FetchFailure(reason: "could not reach \(host): \((error as NSError).localizedDescription)"))
        }
        if let http = response as? HTTPURLResponse, http.statusCode != 200 {
            let what = http.statusCode == 404 ? "has no product '\(product)'" : "answered HTTP \(http.statusCode) for \(product)"
            return .failure(FetchFailure(reason: "\(host) \(what)"))
        }
        do {
            return .success(Fetched(cycles: try SoftwareCycle.list(fromJSON: data, file: url.absoluteString), json: data))
        } catch {
            return .failure(FetchFailure(reason: "\(host) sent data Census cannot read: \(error)"))
        }
    }
}
