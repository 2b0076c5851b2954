import Foundation
import OutboundHTTP
import XCTest

/// Which proxy a request takes, from the environment as curl reads it (the collector's push
/// and `lifecycle update` go through a site's proxy as they did with URLSession).
final class ProxyTests: XCTestCase {
    let endoflife = URL(string: "https://endoflife.date/api/fortios.json")!
    let server = URL(string: "http://census.example.net:8080/api/v1/bundles")!

    func testTheSchemesOwnVariableNamesTheProxy() throws {
        let environment = ["https_proxy": "http://proxy.lan:3128", "HTTP_PROXY": "proxy.lan:8000"]
        XCTAssertEqual(try OutboundHTTP.Proxy.for(endoflife, environment: environment), .init(host: "proxy.lan", port: 3128))
        XCTAssertEqual(try OutboundHTTP.Proxy.for(server, environment: environment), .init(host: "proxy.lan", port: 8000))
        XCTAssertNil(try OutboundHTTP.Proxy.for(endoflife, environment: [:]))
        XCTAssertNil(try OutboundHTTP.Proxy.for(endoflife, environment: ["http_proxy": "http://proxy.lan:3128"]), "http's proxy is not https's")
    }

    func testCredentialsInTheProxyAddressAreSentAsBasicAuthentication() throws {
        let proxy = try OutboundHTTP.Proxy.for(endoflife, environment: ["HTTPS_PROXY": "http://msp:s3cret@proxy.lan:3128"])
        XCTAssertEqual(proxy?.credentials, "msp:s3cret")
        XCTAssertEqual(proxy?.port, 3128)
    }

    func testNoProxyAndLoopbackGoDirect() throws {
        let environment = ["https_proxy": "http://proxy.lan:3128", "http_proxy": "http://proxy.lan:3128", "no_proxy": "localhost, .example.net,10.0.0.5"]
        XCTAssertNil(try OutboundHTTP.Proxy.for(server, environment: environment), "a subdomain of an excepted name")
        XCTAssertNil(try OutboundHTTP.Proxy.for(URL(string: "http://10.0.0.5/")!, environment: environment))
        XCTAssertNil(try OutboundHTTP.Proxy.for(URL(string: "http://127.0.0.1:9000/")!, environment: environment))
        XCTAssertNotNil(try OutboundHTTP.Proxy.for(URL(string: "http://notexample.net/")!, environment: environment), "a suffix is not a subdomain")
        XCTAssertNil(try OutboundHTTP.Proxy.for(endoflife, environment: ["https_proxy": "http://proxy.lan:3128", "NO_PROXY": "*"]))
    }

    func testAProxyThatIsNotHTTPIsAClearError() {
        XCTAssertThrowsError(try OutboundHTTP.Proxy.for(endoflife, environment: ["https_proxy": "socks5://proxy.lan:1080"])) { error in
            XCTAssertEqual("\(error)", "the proxy 'socks5://proxy.lan:1080' in the environment is not an http:// proxy address")
        }
    }

    /// Through a (loopback) proxy: the request goes to the proxy, tunnelled to its target.
    func testARequestGoesThroughTheProxy() async throws {
        let proxy = try LoopbackProxy()
        defer { proxy.stop() }
        let answer = try await OutboundHTTP.send("GET", URL(string: "http://census-proxy-test.invalid/hello")!, timeout: .seconds(5),
                                                  environment: ["http_proxy": "http://127.0.0.1:\(proxy.port)"])
        XCTAssertEqual(answer.status, 200)
        XCTAssertEqual(String(decoding: answer.body, as: UTF8.self), "proxied GET /hello via CONNECT census-proxy-test.invalid:80")
    }
}

/// An HTTP proxy on loopback (python3) that answers for the target itself: it accepts the
/// CONNECT a client sends a proxy, then reads the request through the "tunnel" and answers it
/// with what it saw, which only a request sent through a proxy produces.
final class LoopbackProxy {
    let process = Process()
    let port: Int

    init() throws {
        let script = """
        import socket, threading
        def serve(c):
            f = c.makefile('rb')
            connect = f.readline().decode().split()
            while f.readline() not in (b'\\r\\n', b''): pass
            c.sendall(b'HTTP/1.1 200 Connection established\\r\\n\\r\\n')
            request = f.readline().decode().split()
            while f.readline() not in (b'\\r\\n', b''): pass
            body = ('proxied %s %s via %s %s' % (request[0], request[1], connect[0], connect[1])).encode()
            c.sendall(b'HTTP/1.1 200 OK\\r\\nContent-Length: %d\\r\\nConnection: close\\r\\n\\r\\n' % len(body) + body)
            c.close()
        s = socket.socket(); s.bind(('127.0.0.1', 0)); s.listen(8)
        print(s.getsockname()[1], flush=True)
        while True:
            c, _ = s.accept(); threading.Thread(target=serve, args=(c,), daemon=True).start()
        """
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-c", script]
        let output = Pipe()
        process.standardOutput = output
        try process.run()
        let line = String(decoding: output.fileHandleForReading.availableData, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        guard let port = Int(line) else { process.terminate(); throw CocoaError(.fileReadUnknown) }
        self.port = port
    }

    func stop() {
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
    }
}
