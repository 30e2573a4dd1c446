import Foundation
import HindsightModel

/// The impact graphic: the share of users affected as a ring, the outage's duration, severity
/// and time to detect and resolve as tiles, the affected services as chips, what users saw, and
/// each measured series (`impact.series`) as a line chart with the outage window marked.
public struct ImpactLayout {
    public let measurer: any TextMeasurer
    public var width: Double
    public var theme: Theme

    public init(measurer: any TextMeasurer, width: Double = 1200, theme: Theme = .light) {
        self.measurer = measurer; self.width = width; self.theme = theme
    }

    let margin = 40.0
    var ts: Typesetter { Typesetter(measurer: measurer, family: theme.fontFamily) }

    /// The ring's accent: the colour of a detection, which every theme keeps readable.
    var accent: RGBA { theme.color(.detected) }

    public func layout(_ incident: Incident) -> Scene {
        var items: [SceneItem] = []
        var texts: [SceneItem] = []

        // Header.
        let titleText = [incident.emoji, "Impact · " + MarkdownText.plain(incident.displayTitle)].compactMap { $0 }.joined(separator: " ")
        let title = ts.run(titleText, size: 24, weight: .bold, color: theme.text, at: Point(margin, 28), wrap: width - 2 * margin, role: .title)
        texts.append(.text(title))
        let subtitle = ts.run(([incident.service.map(MarkdownText.plain)].compactMap { $0 } + [incident.windowText]).joined(separator: "  ·  "), size: 15,
                              color: theme.mutedText, at: Point(margin, title.extent.maxY + 6), wrap: width - 2 * margin, role: .subtitle)
        texts.append(.text(subtitle))
        let rowTop = subtitle.extent.maxY + 28

        // Ring: share of users affected.
        let radius = 110.0, thickness = 26.0
        let center = Point(margin + radius + 10, rowTop + radius + 4)
        let pct = min(max(incident.impact.usersAffectedPercent ?? 0, 0), 100)
        items.append(.shape(Self.annulus(center: center, outer: radius, inner: radius - thickness, from: 0, to: 1), Paint(fill: theme.grid)))
        if pct > 0 {
            items.append(.shape(Self.annulus(center: center, outer: radius, inner: radius - thickness, from: 0, to: pct / 100), Paint(fill: accent)))
        }
        let known = incident.impact.usersAffectedPercent != nil
        let big = ts.run(known ? "\(JSONValue.format((pct * 10).rounded() / 10))%" : "—", size: 46, weight: .bold, color: theme.text, at: Point(0, 0), role: .value)
        let caption = ts.run(known ? "of users affected" : "share of users not stated", size: 14, color: theme.mutedText, at: Point(0, 0), role: .annotation)
        var bigPlaced = big, capPlaced = caption
        let blockH = big.metrics.height + caption.metrics.height
        bigPlaced.origin = Point(center.x - big.metrics.width / 2, center.y - blockH / 2)
        capPlaced.origin = Point(center.x - caption.metrics.width / 2, bigPlaced.box.maxY)
        texts.append(.text(bigPlaced)); texts.append(.text(capPlaced))
        var bottom = center.y + radius

        // Tiles.
        let colX = center.x + radius + 50
        let colW = width - margin - colX
        var tiles: [(String, String)] = [("Duration", incident.durationMinutes.map { DurationText.format(minutes: $0) } ?? "not stated")]
        if let sev = incident.severity { tiles.append(("Severity", MarkdownText.plain(sev))) }
        if let d = incident.timeToDetectMinutes { tiles.append(("Time to detect", DurationText.format(minutes: d))) }
        if let m = incident.timeToMitigateMinutes { tiles.append(("Time to mitigate", DurationText.format(minutes: m))) }
        if let r = incident.timeToResolveMinutes, tiles.count < 4 { tiles.append(("Time to resolve", DurationText.format(minutes: r))) }
        let gap = 14.0
        // Narrow canvases show fewer tiles rather than squeezing their values onto two lines.
        while tiles.count > 2 && (colW - gap * Double(tiles.count - 1)) / Double(tiles.count) < 170 { tiles.removeLast() }
        let tileW = (colW - gap * Double(tiles.count - 1)) / Double(tiles.count)
        let pad = 14.0
        var tileRuns: [(TextRun, TextRun)] = []
        var tileH = 0.0
        for (label, value) in tiles {
            let l = ts.run(label, size: 13, weight: .medium, color: theme.mutedText, at: Point(0, 0), wrap: tileW - 2 * pad, role: .annotation)
            let (vText, _) = ts.fit(value, font: FontSpec(family: theme.fontFamily, size: 26, weight: .bold), wrap: tileW - 2 * pad, maxLines: 2)
            let v = ts.run(vText, size: 26, weight: .bold, color: theme.text, at: Point(0, 0), wrap: tileW - 2 * pad, role: .value)
            tileRuns.append((l, v))
            tileH = max(tileH, l.extent.maxY + 4 + v.extent.maxY + 2 * pad)
        }
        for (i, (l, v)) in tileRuns.enumerated() {
            let x = colX + Double(i) * (tileW + gap)
            items.append(.shape(.rect(Rect(x: x, y: rowTop, w: tileW, h: tileH), cornerRadius: 10), Paint(fill: theme.surface, stroke: theme.grid, lineWidth: 1)))
            var lp = l, vp = v
            lp.origin = Point(x + pad, rowTop + pad)
            vp.origin = Point(x + pad, lp.extent.maxY + 4)
            texts.append(.text(lp)); texts.append(.text(vp))
        }
        var y = rowTop + tileH + 22

        // Services as chips.
        if !incident.impact.services.isEmpty {
            let label = ts.run("Affected services", size: 13, weight: .semibold, color: theme.mutedText, at: Point(colX, y), role: .annotation)
            texts.append(.text(label))
            var cx = colX
            var cy = label.extent.maxY + 8
            var rowBottom = cy
            for service in incident.impact.services {
                let (name, _) = ts.fit(MarkdownText.plain(service), font: FontSpec(family: theme.fontFamily, size: 14, weight: .medium), wrap: colW - 24, maxLines: 1)
                var chip = ts.run(name, size: 14, weight: .medium, color: theme.text, at: Point(0, 0), role: .value)
                let w = chip.metrics.width + 24, h = chip.metrics.height + 10
                if cx + w > colX + colW, cx > colX { cx = colX; cy = rowBottom + 8 }
                items.append(.shape(.rect(Rect(x: cx, y: cy, w: w, h: h), cornerRadius: h / 2), Paint(fill: theme.surface, stroke: accent, lineWidth: 1.5)))
                chip.origin = Point(cx + 12, cy + 5)
                texts.append(.text(chip))
                rowBottom = max(rowBottom, cy + h)
                cx += w + 8
            }
            y = rowBottom + 22
        }

        // What users saw.
        let saw = ts.run("What users saw", size: 13, weight: .semibold, color: theme.mutedText, at: Point(colX, y), role: .annotation)
        texts.append(.text(saw))
        let (summaryText, cut) = ts.fit(MarkdownText.styled(incident.impact.summary ?? "Not stated in the postmortem."), font: FontSpec(family: theme.fontFamily, size: 16), wrap: colW, maxLines: 5)
        let summary = ts.run(summaryText.text, size: 16, color: theme.text, at: Point(colX, saw.extent.maxY + 6), wrap: colW, role: .label,
                             styles: summaryText.styles)
        texts.append(.text(summary))
        y = summary.extent.maxY
        if cut {
            let note = ts.run("Shortened; the report has the full text.", size: 12, italic: true, color: theme.mutedText, at: Point(colX, y + 4), role: .annotation)
            texts.append(.text(note))
            y = note.extent.maxY
        }
        bottom = max(bottom, y)

        // Series charts.
        for series in incident.impact.series.prefix(4) where !series.points.isEmpty {
            let (chartItems, chartTexts, chartBottom) = chart(series, incident: incident, top: bottom + 36)
            items += chartItems; texts += chartTexts
            bottom = chartBottom
        }

        let height = (bottom + margin).rounded(.up)
        items.insert(.shape(.rect(Rect(x: 0, y: 0, w: width, h: height), cornerRadius: 0), Paint(fill: theme.background)), at: 0)
        return Scene(figure: "impact", width: width, height: height, background: theme.background, items: items + texts,
                     alt: Self.alt(incident), eventCount: incident.timeline.count, title: MarkdownText.plain(incident.displayTitle))
    }

    /// One measured series as a line over time, the outage window shaded.
    func chart(_ series: ImpactSeries, incident: Incident, top: Double) -> ([SceneItem], [SceneItem], Double) {
        var items: [SceneItem] = [], texts: [SceneItem] = []
        let name = MarkdownText.plain(series.name) + (series.unit.map { " (\(MarkdownText.plain($0)))" } ?? "")
        let label = ts.run(name, size: 14, weight: .semibold, color: theme.text, at: Point(margin, top), wrap: width - 2 * margin, role: .annotation)
        texts.append(.text(label))
        let values = series.points.map(\.value)
        let maxV = max(values.max() ?? 1, 0), minV = min(values.min() ?? 0, 0)
        let (lo, hi, step) = Self.niceScale(minV, maxV == minV ? minV + 1 : maxV)
        // The y labels' width decides where the plot starts.
        let yLabels = stride(from: lo, through: hi + step / 2, by: step).map { v in
            (v, ts.run(JSONValue.format((v * 1000).rounded() / 1000), size: 12, color: theme.mutedText, at: Point(0, 0), role: .tick))
        }
        let yLabelW = yLabels.map { $0.1.metrics.width }.max() ?? 20
        let plot = Rect(x: margin + yLabelW + 10, y: label.extent.maxY + 14, w: width - 2 * margin - yLabelW - 10, h: 170)
        let from = min(series.points.first!.at.epoch, incident.windowStart.epoch)
        let to = max(series.points.last!.at.epoch, incident.windowEnd.epoch)
        let axis = TimeAxis(incident: incident, from: from, to: to, x0: plot.minX, x1: plot.maxX)
        func py(_ v: Double) -> Double { plot.maxY - (v - lo) / (hi - lo) * plot.h }
        // Outage window.
        let wx0 = axis.x(incident.windowStart.epoch), wx1 = axis.x(incident.windowEnd.epoch)
        items.append(.shape(.rect(Rect(x: wx0, y: plot.minY, w: max(wx1 - wx0, 1), h: plot.h), cornerRadius: 0), Paint(fill: theme.phaseColors[0])))
        let outage = ts.run("outage", size: 11, weight: .semibold, color: theme.mutedText, at: Point(wx0 + 4, plot.minY + 3), role: .annotation)
        if outage.extent.maxX < wx1 - 2 { texts.append(.text(outage)) }
        // Grid and y labels.
        for (v, run) in yLabels {
            let y = py(v)
            items.append(.shape(.polyline([Point(plot.minX, y), Point(plot.maxX, y)]), Paint(stroke: theme.grid, lineWidth: 1)))
            var r = run
            r.origin = Point(plot.minX - 8 - r.metrics.width, y - r.metrics.height / 2)
            texts.append(.text(r))
        }
        // Time ticks.
        var lastRight = -Double.infinity
        for t in axis.ticks(maxCount: Int(plot.w / 90)) {
            var r = ts.run(t.label, size: 12, color: theme.mutedText, at: Point(0, 0), role: .tick)
            let tx = axis.x(t.epoch)
            r.origin = Point(min(max(tx - r.metrics.width / 2, plot.minX - 4), width - 4 - r.metrics.width), plot.maxY + 6)
            if r.extent.minX > lastRight + 8 {
                texts.append(.text(r))
                lastRight = r.extent.maxX
            }
        }
        // The line and its points.
        let pts = series.points.map { Point(axis.x($0.at.epoch), py($0.value)) }
        let colour = accent
        if pts.count > 1 {
            items.append(.shape(.polygon([Point(pts[0].x, py(max(lo, 0)))] + pts + [Point(pts.last!.x, py(max(lo, 0)))]), Paint(fill: colour.withAlpha(0.12))))
            items.append(.shape(.polyline(pts), Paint(stroke: colour, lineWidth: 2.5)))
        }
        for p in pts where pts.count <= 60 { items.append(.shape(.circle(center: p, radius: 3.5), Paint(fill: colour, stroke: theme.background, lineWidth: 1.5))) }
        // Peak label.
        if let peak = series.points.indices.max(by: { series.points[$0].value < series.points[$1].value }) {
            let v = series.points[peak].value
            var r = ts.run("peak \(JSONValue.format((v * 100).rounded() / 100))\(series.unit.map { " \($0)" } ?? "")", size: 12, weight: .semibold,
                           color: theme.text, at: Point(0, 0), role: .value)
            let p = pts[peak]
            r.origin = Point(min(max(p.x - r.metrics.width / 2, plot.minX), plot.maxX - r.metrics.width), max(p.y - r.metrics.height - 8, plot.minY - r.metrics.height - 2))
            if !texts.contains(where: { if case .text(let t) = $0 { return t.extent.intersects(r.extent) } else { return false } }) {
                texts.append(.text(r))
            }
        }
        return (items, texts, plot.maxY + 30)
    }

    /// Round axis bounds and a step giving 3–6 gridlines.
    static func niceScale(_ lo: Double, _ hi: Double) -> (Double, Double, Double) {
        let span = hi - lo
        let raw = span / 4
        let mag = pow(10, floor(log10(raw)))
        let step = [1.0, 2, 2.5, 5, 10].map { $0 * mag }.first { span / $0 <= 5 } ?? 10 * mag
        return (floor(lo / step) * step, ceil(hi / step) * step, step)
    }

    /// A ring sector from `from` to `to` (fractions of a turn, clockwise from 12 o'clock).
    static func annulus(center c: Point, outer: Double, inner: Double, from: Double, to: Double) -> Shape {
        let n = max(Int((to - from) * 120), 2)
        var pts: [Point] = []
        for i in 0...n {
            let a = 2 * Double.pi * (from + (to - from) * Double(i) / Double(n)) - Double.pi / 2
            pts.append(Point(c.x + outer * cos(a), c.y + outer * sin(a)))
        }
        for i in stride(from: n, through: 0, by: -1) {
            let a = 2 * Double.pi * (from + (to - from) * Double(i) / Double(n)) - Double.pi / 2
            pts.append(Point(c.x + inner * cos(a), c.y + inner * sin(a)))
        }
        return .polygon(pts)
    }

    static func alt(_ i: Incident) -> String {
        var s = "Impact of \"\(MarkdownText.plain(i.displayTitle))\": \(i.usersAffectedText)"
        s += i.durationMinutes.map { " for \(DurationText.format(minutes: $0))" } ?? ", duration not stated"
        if let sev = i.severity { s += ", severity \(MarkdownText.plain(sev))" }
        s += "."
        if !i.impact.services.isEmpty { s += " Affected: \(i.impact.services.map(MarkdownText.plain).joined(separator: ", "))." }
        if let summary = i.impact.summary { s += " " + MarkdownText.plain(summary) }
        for series in i.impact.series where !series.points.isEmpty {
            let peak = series.points.map(\.value).max() ?? 0
            s += " \(MarkdownText.plain(series.name)) peaked at \(JSONValue.format(peak))\(series.unit.map { " \($0)" } ?? "")."
        }
        return s
    }
}
