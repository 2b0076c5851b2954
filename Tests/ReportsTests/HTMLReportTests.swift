import CensusCore
import DataFiles
import Foundation
import DeviceModel
import Lifecycle
import Reconciliation
import Reports
import XCTest

/// The HTML reports in a real headless Chromium: they render (a screenshot that is not blank),
/// show the key figures, make no request, and show hostile text as text.
final class HTMLReportTests: XCTestCase {
    var folder: URL!

    override func setUpWithError() throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("census-html-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws { try? FileManager.default.removeItem(at: folder) }

    func pricingHTML() throws -> String {
        try HTMLReports.render(PricingReport.build(from: try Acme.reconciliation(), contract: try Acme.contract(), rates: Acme.rates,
                                                   sources: ["Contract: acme.csv <b>bold?</b>"]))
    }

    func lifecycleHTML() throws -> String {
        let judge = try Acme.judge()
        let judged = DeviceLifecycle.judge(Acme.devices, with: judge, asOf: CalendarDate(iso: "2026-11-30")!)
        return try HTMLReports.render(LifecycleReport.build(client: "Acme <i>Dental</i>", devices: judged, costs: try ReplacementCosts.builtIn(),
                                                            asOf: CalendarDate(iso: "2026-11-30")!))
    }

    /// A bidi override in a device's model reversed the rest of a reason on the page ("GBP 3.00"
    /// read "00.3 PBG"): the page leaves such characters out.
    func testBidiOverridesFromADeviceAreLeftOutOfThePage() throws {
        var devices = Acme.devices
        devices[3].model = "\u{202E}gnp.exe\u{200B}\u{2066}"
        let html = try HTMLReports.render(PricingReport.build(from: try Acme.reconciliation(devices: devices), contract: try Acme.contract(),
                                                              rates: Acme.rates))
        XCTAssertTrue(html.contains("gnp.exe"))
        for scalar in ["\u{202E}", "\u{200B}", "\u{2066}"] { XCTAssertFalse(html.contains(scalar), "U+\(String(scalar.unicodeScalars.first!.value, radix: 16))") }
    }

    func testDeviceAndContractTextIsShownAsTextNeverAsMarkup() throws {
        let pricing = try pricingHTML()
        XCTAssertFalse(pricing.contains("<script>"), "a sysName or contract note became markup")
        XCTAssertTrue(pricing.contains("&lt;script&gt;alert(&#39;sysName&#39;)&lt;/script&gt;") || pricing.contains("&lt;script&gt;alert("),
                      "the hostile sysName is not shown")
        XCTAssertFalse(pricing.contains("<b>bold?</b>"))
        let lifecycle = try lifecycleHTML()
        XCTAssertFalse(lifecycle.contains("<i>Dental</i>"))
        XCTAssertTrue(lifecycle.contains("Acme &lt;i&gt;Dental&lt;/i&gt;"))
        for html in [pricing, lifecycle] {
            XCTAssertTrue(html.contains("Content-Security-Policy"), "no policy forbidding requests")
            // Nothing to fetch: no external source, link or stylesheet (the SVG namespace is a name, not a request).
            let external = try NSRegularExpression(pattern: "(src|href)\\s*=\\s*[\"']?(https?:)?//|url\\(\\s*['\"]?https?:|@import")
            XCTAssertEqual(external.numberOfMatches(in: html, range: NSRange(html.startIndex..., in: html)), 0)
        }
    }

    func testChromiumRendersBothReportsWithTheirFiguresAndMakesNoRequest() throws {
        for (name, html, figures) in [
            ("pricing", try pricingHTML(), ["Pricing review: Acme", "£147.50", "£45.50", "-£102.00", "£5.00", "unbilled", "What explains the difference"]),
            ("lifecycle", try lifecycleHTML(), ["Lifecycle review", "2026-11-30", "Past end of support", "Refresh forecast by quarter", "2026-Q4"]),
        ] {
            let page = folder.appendingPathComponent("\(name).html")
            try html.write(to: page, atomically: true, encoding: .utf8)
            let shot = folder.appendingPathComponent("\(name).png")
            let log = folder.appendingPathComponent("\(name)-netlog.json")
            let render = try Chromium.run(["--screenshot=\(shot.path)", "--window-size=1280,1600", "--log-net-log=\(log.path)", page.absoluteString])
            XCTAssertEqual(render.status, 0, render.stderr)
            // Not blank: a rendered page has text, charts and badges in many colours.
            let colours = try Chromium.colourCount(shot.path)
            XCTAssertGreaterThan(colours, 50, "\(name): the screenshot looks blank (\(colours) colours)")
            // The figures a reader looks for, in the rendered text.
            let dom = try Chromium.run(["--dump-dom", page.absoluteString])
            for figure in figures { XCTAssertTrue(dom.stdout.contains(figure), "\(name): '\(figure)' not in the page") }
            // No request left the page: the network log names no http(s) URL but the browser's own services.
            let requests = try Chromium.pageRequests(inNetLog: log.path)
            XCTAssertEqual(requests, [], "\(name): the page made network requests")
        }
    }

    /// A device's own text may be one long unbroken word (a model, a serial): at a laptop's width
    /// and at an A4 page's, it wraps and pushes neither the money columns nor a chart off the page.
    func testLongUnbrokenTextWrapsAndChartsFitTheirBox() throws {
        var devices = Acme.devices
        devices[3].model = String(repeating: "UAP-AC-PRO-LONG-UNBROKEN-MODEL-NAME", count: 12)
        let html = try HTMLReports.render(PricingReport.build(from: try Acme.reconciliation(devices: devices), contract: try Acme.contract(),
                                                              rates: Acme.rates, sources: []))
        XCTAssertTrue(html.contains(devices[3].model!))
        // A test-only copy measures itself (the report's policy forbids scripts): widths into the title.
        let probe = """
            <script>const w = document.documentElement.scrollWidth, v = window.innerWidth;
            const charts = [...document.querySelectorAll('svg.chart')].every(s => s.getBoundingClientRect().right <= s.parentElement.getBoundingClientRect().right + 1);
            document.title = 'measured ' + w + ' ' + v + ' ' + charts;</script>
            """
        for (name, report) in [("long.html", html), ("lifecycle.html", try lifecycleHTML())] {
            let measured = report.replacingOccurrences(of: #"<meta http-equiv="Content-Security-Policy"[^>]*>"#, with: "", options: .regularExpression)
                .replacingOccurrences(of: "</body>", with: probe + "</body>")
            let page = folder.appendingPathComponent(name)
            try measured.write(to: page, atomically: true, encoding: .utf8)
            // A laptop, half a screen, a phone.
            for width in [1280, 540, 375] {
                let dom = try Chromium.run(["--dump-dom", "--window-size=\(width),900", page.absoluteString])
                let title = try XCTUnwrap(dom.stdout.range(of: #"measured \d+ \d+ \w+"#, options: .regularExpression).map { String(dom.stdout[$0]) }, dom.stderr)
                let parts = title.split(separator: " ")
                XCTAssertLessThanOrEqual(Int(parts[1])!, Int(parts[2])!, "\(name) at \(width) px: the page is wider than the window (\(title))")
                XCTAssertEqual(parts[3], "true", "\(name) at \(width) px: a chart is wider than its box")
            }
        }
    }

    /// The review note shows when devices are to review, never "0 devices … could not be told apart".
    func testTheReviewNoteOnlyWhenThereIsSomethingToReview() throws {
        XCTAssertTrue(try pricingHTML().contains("devices seen and on no line could not be told apart"), "Acme's PC is to review")
        let none = try HTMLReports.render(PricingReport.build(from: try Acme.reconciliation(devices: []), contract: try Acme.contract(),
                                                              rates: Acme.rates, sources: []))
        XCTAssertFalse(none.contains("could not be told apart"), "no device, no review note")
    }

    /// Tables name their columns for assistive technology (a header row in <thead>, scope), have
    /// a caption, and repeat their header on every printed page; a chart's figures are in its
    /// accessible name, since no text inside an image is read; the footer covers nothing on screen.
    func testTablesAndChartsCanBeReadWithoutSeeingThem() throws {
        for html in [try pricingHTML(), try lifecycleHTML()] {
            XCTAssertEqual(html.components(separatedBy: "<table>").count, html.components(separatedBy: "<thead><tr><th scope=\"col\"").count)
            XCTAssertEqual(html.components(separatedBy: "<table>").count, html.components(separatedBy: "<caption class=\"visually-hidden\">").count)
            XCTAssertFalse(html.contains("footer { position: fixed; bottom: 0; left: 0; right: 0; padding"), "fixed only when printed")
        }
        let lifecycle = try lifecycleHTML()
        XCTAssertTrue(lifecycle.contains(#"aria-label="Devices by age: 0-3, "#), "the age bands' counts in words")
        XCTAssertTrue(try pricingHTML().contains("<tfoot><tr><th scope=\"row\" colspan=\"5\">Total a month</th>"))
    }

    /// A device with several interfaces is shown by its own MAC (the one at its address), not by
    /// whichever of its MACs sorts first.
    func testADeviceIsShownByItsOwnMAC() throws {
        var nas = Acme.device(9, .storage, ip: "198.18.0.9", mac: "c0:56:e3:01:00:05", vendor: "NetApp")
        nas.macs = [MACAddress("00:a0:98:51:2a:28")!, MACAddress("c0:56:e3:01:00:05")!, MACAddress("00:a0:98:51:2a:27")!]
        XCTAssertEqual(DeviceSummary(nas).macs.map(\.description), ["c0:56:e3:01:00:05", "00:a0:98:51:2a:27", "00:a0:98:51:2a:28"])
        let html = try HTMLReports.render(PricingReport.build(from: try Acme.reconciliation(devices: Acme.devices + [nas]), contract: try Acme.contract(),
                                                              rates: Acme.rates, sources: []))
        XCTAssertTrue(html.contains("MAC c0:56:e3:01:00:05"), "the NAS is not shown by its own MAC")
        XCTAssertFalse(html.contains("MAC 00:a0:98:51:2a:27"))
    }

    /// The check above can fail: a page with an external image (and no policy) shows up in it.
    func testTheRequestCheckSeesAPageThatFetchesSomething() throws {
        let page = folder.appendingPathComponent("leaky.html")
        try "<!DOCTYPE html><html><body><p>leaky</p><img src=\"http://198.18.255.254/canary.png\"></body></html>".write(to: page, atomically: true, encoding: .utf8)
        let log = folder.appendingPathComponent("leaky-netlog.json")
        XCTAssertEqual(try Chromium.run(["--dump-dom", "--log-net-log=\(log.path)", page.absoluteString]).status, 0)
        XCTAssertEqual(try Chromium.pageRequests(inNetLog: log.path), ["http://198.18.255.254/canary.png"])
    }
}

/// Debian's chromium, headless, in a network namespace of its own with nothing in it (so not
/// even the browser's own background traffic can leave), with background networking off.
enum Chromium {
    struct Result { var status: Int32; var stdout: String; var stderr: String }

    static func run(_ arguments: [String]) throws -> Result {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/unshare")
        process.arguments = ["--net", "chromium", "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                             "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-default-apps",
                             "--disable-extensions", "--hide-scrollbars"] + arguments
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let o = out.fileHandleForReading.readDataToEndOfFile()
        let e = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Result(status: process.terminationStatus, stdout: String(decoding: o, as: UTF8.self), stderr: String(decoding: e, as: UTF8.self))
    }

    /// The http(s) URLs a page asked for, from a net log: every URL requested, less the
    /// browser's own update and time services (it asks them whatever the page; inside the empty
    /// namespace those requests go nowhere).
    static func pageRequests(inNetLog path: String) throws -> [String] {
        let log = try String(contentsOfFile: path, encoding: .utf8)
        let pattern = try NSRegularExpression(pattern: "\"url\":\"(https?://[^\"]*)\"")
        let urls = pattern.matches(in: log, range: NSRange(log.startIndex..., in: log)).compactMap { Range($0.range(at: 1), in: log).map { String(log[$0]) } }
        let browserOwn = ["clients2.google.com", "update.googleapis.com", "accounts.google.com", "redirector.gvt1.com", "safebrowsing.googleapis.com"]
        return Array(Set(urls.filter { url in !browserOwn.contains { url.contains("://\($0)/") } })).sorted()
    }

    /// Distinct colours in a PNG (ImageMagick's `identify`).
    static func colourCount(_ png: String) throws -> Int {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/identify")
        process.arguments = ["-format", "%k", png]
        let out = Pipe()
        process.standardOutput = out
        try process.run()
        let text = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        return Int(text.trimmingCharacters(in: .whitespacesAndNewlines)) ?? 0
    }
}
