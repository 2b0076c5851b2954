import Foundation

/// Small inline SVG charts for self-contained HTML reports: no script, no external asset.
/// Every label is escaped; lengths are computed in Decimal and rounded to whole pixels.
public enum SVGChart {
    /// One bar: its label, its value, and the value as the reader should see it.
    public struct Bar: Sendable, Equatable {
        public var label: String
        public var value: Decimal
        public var caption: String
        /// A CSS colour class: `ok`, `warn`, `bad`, `neutral`.
        public var tone: String

        public init(label: String, value: Decimal, caption: String, tone: String = "neutral") {
            self.label = label
            self.value = value
            self.caption = caption
            self.tone = tone
        }
    }

    /// Horizontal bars, one per row, labels on the left and captions at the bar's end.
    public static func horizontalBars(_ bars: [Bar], title: String, width: Int = 640) -> String {
        let rowHeight = 26, labelWidth = 190, captionWidth = 110
        let height = max(1, bars.count) * rowHeight + 8
        let room = Decimal(width - labelWidth - captionWidth - 10)
        let largest = bars.map(\.value).max() ?? 0
        var body = ""
        for (i, bar) in bars.enumerated() {
            let y = 4 + i * rowHeight
            let length = largest > 0 ? pixels(bar.value / largest * room) : 0
            body += """
            <text x="\(labelWidth - 8)" y="\(y + 17)" text-anchor="end" class="label">\(HTML.escape(bar.label))</text>\
            <rect x="\(labelWidth)" y="\(y + 3)" width="\(max(length, bar.value > 0 ? 2 : 0))" height="\(rowHeight - 8)" class="bar \(HTML.escape(bar.tone))"/>\
            <text x="\(labelWidth + length + 6)" y="\(y + 17)" class="value">\(HTML.escape(bar.caption))</text>
            """
        }
        return svg(width: width, height: height, title: title, bars: bars, body: body)
    }

    /// Vertical columns side by side (a histogram or a forecast by quarter).
    public static func columns(_ bars: [Bar], title: String, width: Int = 640, height: Int = 220) -> String {
        let top = 22, bottom = 40
        let plot = Decimal(height - top - bottom)
        let slot = bars.isEmpty ? width : width / bars.count
        let largest = bars.map(\.value).max() ?? 0
        var body = ""
        for (i, bar) in bars.enumerated() {
            let h = largest > 0 ? pixels(bar.value / largest * plot) : 0
            let x = i * slot + slot / 6
            let w = max(4, slot * 2 / 3)
            let y = height - bottom - h
            body += """
            <rect x="\(x)" y="\(y)" width="\(w)" height="\(max(h, bar.value > 0 ? 2 : 0))" class="bar \(HTML.escape(bar.tone))"/>\
            <text x="\(x + w / 2)" y="\(y - 5)" text-anchor="middle" class="value">\(HTML.escape(bar.caption))</text>\
            <text x="\(x + w / 2)" y="\(height - bottom + 16)" text-anchor="middle" class="label">\(HTML.escape(bar.label))</text>
            """
        }
        return svg(width: width, height: height, title: title, bars: bars, body: body)
    }

    /// The chart, and for whoever cannot see it (a screen reader reads no text inside an image)
    /// its figures in words: "Devices by age: 0-3, 4; 3-5, 0; …".
    private static func svg(width: Int, height: Int, title: String, bars: [Bar], body: String) -> String {
        let spoken = bars.isEmpty ? title : title + ": " + bars.map { "\($0.label), \($0.caption)" }.joined(separator: "; ")
        return """
        <svg xmlns="http://www.w3.org/2000/svg" class="chart" viewBox="0 0 \(width) \(height)" width="\(width)" height="\(height)" role="img" aria-label="\(HTML.escape(spoken))"><title>\(HTML.escape(spoken))</title>\(body)</svg>
        """
    }

    private static func pixels(_ value: Decimal) -> Int {
        var v = value
        var rounded = Decimal()
        NSDecimalRound(&rounded, &v, 0, .plain)
        return NSDecimalNumber(decimal: rounded).intValue
    }
}

/// Text made safe for HTML and SVG.
public enum HTML {
    public static func escape(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.count)
        for c in text {
            switch c {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default: out.append(c)
            }
        }
        return out
    }
}
