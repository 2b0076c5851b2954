import AsyncHTTPClient
import CensusCore
import Foundation
import NIOCore
import NIOHTTP1
import NIOPosix

/// Census's outgoing HTTP requests (the collector's push, `census lifecycle update`), one at a
/// time, over AsyncHTTPClient. Each request has its own client and one deadline; a refused or
/// unreachable server fails at once (callers retry on their own terms), and every failure comes
/// back as a sentence a person can read.
public enum OutboundHTTP {
    /// What the server answered.
    public struct Response: Sendable {
        public var status: Int
        public var body: Data
        public init(status: Int, body: Data) { self.status = status; self.body = body }
    }

    /// Largest body read back; a longer answer is a failure, not a truncated body.
    public static let defaultMaximumBodyBytes = 64 << 20

    /// Sends one request and reads the whole answer within `timeout` (connecting included).
    /// - Parameters:
    ///   - method: "GET", "POST", "PUT"…
    ///   - headers: sent as given (e.g. `("Authorization", "Bearer …")`); never logged here.
    public static func send(_ method: String, _ url: URL, headers: [(String, String)] = [], body: Data? = nil,
                            timeout: Duration, maximumBodyBytes: Int = defaultMaximumBodyBytes,
                            environment: [String: String] = ProcessInfo.processInfo.environment) async throws(OutboundHTTPError) -> Response {
        var configuration = HTTPClient.Configuration()
        if let proxy = try Proxy.for(url, environment: environment) {
            configuration.proxy = .server(host: proxy.host, port: proxy.port,
                                          authorization: proxy.credentials.map { .basic(credentials: $0) })
        }
        configuration.timeout = .init(connect: .nanoseconds(min(timeout, .seconds(10)).nanoseconds), read: .nanoseconds(timeout.nanoseconds))
        configuration.connectionPool.retryConnectionEstablishment = false
        configuration.redirectConfiguration = .disallow
        configuration.decompression = .disabled
        let client = HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration)
        var request = HTTPClientRequest(url: url.absoluteString)
        request.method = HTTPMethod(rawValue: method)
        for (name, value) in headers { request.headers.add(name: name, value: value) }
        if let body { request.body = .bytes(ByteBuffer(bytes: body)) }
        let outcome: Result<Response, OutboundHTTPError>
        do {
            let response = try await client.execute(request, timeout: .nanoseconds(timeout.nanoseconds))
            let bytes = try await response.body.collect(upTo: maximumBodyBytes)
            outcome = .success(Response(status: Int(response.status.code), body: Data(bytes.readableBytesView)))
        } catch {
            outcome = .failure(OutboundHTTPError(error, timeout: timeout, maximumBodyBytes: maximumBodyBytes))
        }
        try? await client.shutdown()
        return try outcome.get()
    }
}

extension OutboundHTTP {
    /// The HTTP proxy a request goes through, from the environment as curl reads it:
    /// `https_proxy`/`HTTPS_PROXY` for https, `http_proxy`/`HTTP_PROXY` for http, except for the
    /// hosts `no_proxy`/`NO_PROXY` names (a name matches itself and its subdomains; `*` matches
    /// every host) and loopback addresses, which a proxy could not reach.
    public struct Proxy: Equatable, Sendable {
        public var host: String
        public var port: Int
        /// `user:password` for basic authentication, when the proxy URL carries them.
        public var credentials: String?

        public init(host: String, port: Int, credentials: String? = nil) {
            self.host = host
            self.port = port
            self.credentials = credentials
        }

        public static func `for`(_ url: URL, environment: [String: String]) throws(OutboundHTTPError) -> Proxy? {
            guard let scheme = url.scheme?.lowercased(), let host = url.host?.lowercased() else { return nil }
            func variable(_ name: String) -> String? {
                (environment[name] ?? environment[name.uppercased()]).flatMap { $0.isEmpty ? nil : $0 }
            }
            if host == "localhost" || host.hasPrefix("127.") || host == "::1" || host == "[::1]" { return nil }
            if let exceptions = variable("no_proxy") {
                for entry in exceptions.split(separator: ",").map({ $0.trimmingCharacters(in: .whitespaces).lowercased() }) where !entry.isEmpty {
                    let name = entry.hasPrefix(".") ? String(entry.dropFirst()) : entry
                    if name == "*" || host == name || host.hasSuffix("." + name) { return nil }
                }
            }
            guard let text = variable(scheme == "https" ? "https_proxy" : "http_proxy") else { return nil }
            guard let proxy = URL(string: text.contains("://") ? text : "http://" + text), let proxyHost = proxy.host,
                  proxy.scheme?.lowercased() == "http" else {
                throw OutboundHTTPError("the proxy '\(text)' in the environment is not an http:// proxy address")
            }
            let credentials = proxy.user.map { user in proxy.password.map { "\(user):\($0)" } ?? user }
            return Proxy(host: proxyHost, port: proxy.port ?? 80, credentials: credentials)
        }
    }
}

/// Why a request got no answer, for a person: "connection refused", "no answer within 5 s".
public struct OutboundHTTPError: Error, Sendable, CustomStringConvertible {
    public var description: String

    public init(_ description: String) { self.description = description }

    init(_ error: any Error, timeout: Duration, maximumBodyBytes: Int) {
        switch error {
        case let error as NIOConnectionError:
            if let failure = error.connectionErrors.first {
                self.init(Self.describe(failure.error))
            } else {
                self.init("cannot resolve \(error.host)")
            }
        case let error as HTTPClientError where error == .deadlineExceeded || error == .readTimeout || error == .connectTimeout:
            self.init("no answer within \(Self.seconds(timeout))")
        case let error as HTTPClientError:
            self.init(String(describing: error).replacingOccurrences(of: "HTTPClientError.", with: ""))
        case is NIOTooManyBytesError:
            self.init("the answer is larger than \(maximumBodyBytes >> 20) MiB")
        default:
            self.init(Self.describe(error))
        }
    }

    /// An operating-system error as its message ("Connection refused"), anything else as it describes itself.
    static func describe(_ error: any Error) -> String {
        if let error = error as? IOError { return String(cString: strerror(error.errnoCode)) }
        if let error = error as? ChannelError, case .connectTimeout = error { return "the connection timed out" }
        return String(describing: error)
    }

    static func seconds(_ duration: Duration) -> String {
        duration.seconds == duration.seconds.rounded() ? "\(Int(duration.seconds)) s" : String(format: "%.1f s", duration.seconds)
    }
}

extension Duration {
    var nanoseconds: Int64 {
        let (seconds, attoseconds) = components
        return seconds * 1_000_000_000 + attoseconds / 1_000_000_000
    }
}
