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
        let head = FigureHeader(titlePrefix: "Impact · ", details: [.service, .window], titleSize: 22, subtitleSize: 14)
            .build(incident, typesetter: ts, theme: theme, x: margin, top: 24, width: width - 2 * margin)
        let rowTop = head.bottom + 24
        // The ring on the left; beside it a column of tiles, service chips and what users saw.
        let ring = self.ring(incident, top: rowTop)
        let colX = ring.right + 40
        let colW = width - margin - colX
        var column = tiles(incident, x: colX, width: colW, top: rowTop)
        if !incident.impact.services.isEmpty {
            column.add(chips(incident.impact.services, x: colX, width: colW, top: column.bottom))
        }
        column.add(whatUsersSaw(incident, x: colX, width: colW, top: column.bottom))
        var body = Layers(shapes: ring.part.shapes + column.shapes, texts: head.items + ring.part.texts + column.texts,
                          bottom: max(ring.part.bottom, column.bottom))
        // Each component's status over the outage window.
        if !incident.impact.components.isEmpty {
            body.add(componentBands(incident, top: body.bottom + 32))
        }
        // Series charts.
        for series in incident.impact.series.prefix(4) where !series.points.isEmpty {
            body.add(chart(series, incident: incident, top: body.bottom + 32))
        }

        let height = (body.bottom + margin).rounded(.up)
        return Scene(figure: Figure.impact.rawValue, width: width, height: height, background: theme.background,
                     items: body.shapes + body.texts,
                     alt: Self.alt(incident), eventCount: incident.timeline.count, title: MarkdownText.plain(incident.displayTitle))
    }

    /// The share of users affected as a ring, its number in the middle; `right` is the ring's
    /// right edge.
    func ring(_ incident: Incident, top: Double) -> (part: Layers, right: Double) {
        let radius = width < 1000 ? 88.0 : 110.0, thickness = radius * 0.24
        let center = Point(margin + radius + 10, top + radius + 4)
        let pct = min(max(incident.impact.usersAffectedPercent ?? 0, 0), 100)
        var part = Layers(bottom: center.y + radius)
        part.shapes.append(.shape(Self.annulus(center: center, outer: radius, inner: radius - thickness, from: 0, to: 1), Paint(fill: theme.grid)))
        if pct > 0 {
            part.shapes.append(.shape(Self.annulus(center: center, outer: radius, inner: radius - thickness, from: 0, to: pct / 100), Paint(fill: accent)))
        }
        let known = incident.impact.usersAffectedPercent != nil
        let big = ts.measure(known ? "\(JSONValue.format((pct * 10).rounded() / 10))%" : "—", size: radius < 100 ? 38 : 46, weight: .bold, color: theme.text, role: .value)
        let caption = ts.measure(known ? "of users affected" : "share of users not stated", size: 14, color: theme.mutedText, role: .annotation)
        let bigPlaced = big.placed(centerX: center.x, top: center.y - (big.metrics.height + caption.metrics.height) / 2)
        part.texts += [.text(bigPlaced), .text(caption.placed(centerX: center.x, top: bigPlaced.box.maxY))]
        return (part, center.x + radius)
    }

    /// Duration, severity and the times to detect, mitigate and resolve as tiles: as many a row
    /// as fit at 150 px or wider, the rest wrapping to the next row.
    func tiles(_ incident: Incident, x colX: Double, width colW: Double, top rowTop: Double) -> Layers {
        var tiles: [(String, String)] = [("Duration", incident.durationMinutes.map { DurationText.format(minutes: $0) } ?? "not stated")]
        if let sev = incident.severity { tiles.append(("Severity", MarkdownText.plain(sev))) }
        if let d = incident.timeToDetectMinutes { tiles.append(("Time to detect", DurationText.format(minutes: d))) }
        if let m = incident.timeToMitigateMinutes { tiles.append(("Time to mitigate", DurationText.format(minutes: m))) }
        if let r = incident.timeToResolveMinutes, tiles.count < 4 { tiles.append(("Time to resolve", DurationText.format(minutes: r))) }
        let gap = 12.0
        let perRow = max(1, min(tiles.count, Int((colW + gap) / (150 + gap))))
        let tileW = (colW - gap * Double(perRow - 1)) / Double(perRow)
        let pad = 12.0
        var tileRuns: [(TextRun, TextRun)] = []
        var tileH = 0.0
        for (label, value) in tiles {
            let l = ts.measure(label, size: 13, weight: .medium, color: theme.mutedText, wrap: tileW - 2 * pad, role: .annotation)
            let (vText, _) = ts.fit(value, font: FontSpec(family: theme.fontFamily, size: 24, weight: .bold), wrap: tileW - 2 * pad, maxLines: 2)
            let v = ts.measure(vText, size: 24, weight: .bold, color: theme.text, wrap: tileW - 2 * pad, role: .value)
            tileRuns.append((l, v))
            tileH = max(tileH, l.extent.maxY + 4 + v.extent.maxY + 2 * pad)
        }
        let tileRows = (tiles.count + perRow - 1) / perRow
        var part = Layers(bottom: rowTop + Double(tileRows) * (tileH + gap) + 10)
        for (i, (l, v)) in tileRuns.enumerated() {
            let x = colX + Double(i % perRow) * (tileW + gap)
            let y = rowTop + Double(i / perRow) * (tileH + gap)
            part.shapes.append(.shape(.rect(Rect(x: x, y: y, w: tileW, h: tileH), cornerRadius: 10), Paint(fill: theme.surface, stroke: theme.grid, lineWidth: 1)))
            let lp = l.placed(at: Point(x + pad, y + pad))
            part.texts += [.text(lp), .text(v.placed(at: Point(x + pad, lp.extent.maxY + 4)))]
        }
        return part
    }

    /// "Affected services" and a chip per service, wrapping to new rows.
    func chips(_ services: [String], x colX: Double, width colW: Double, top y: Double) -> Layers {
        let label = ts.run("Affected services", size: 13, weight: .semibold, color: theme.mutedText, at: Point(colX, y), role: .annotation)
        var part = Layers(texts: [.text(label)], bottom: y)
        var cx = colX
        var cy = label.extent.maxY + 8
        var rowBottom = cy
        for service in services {
            let (name, _) = ts.fit(MarkdownText.plain(service), font: FontSpec(family: theme.fontFamily, size: 14, weight: .medium), wrap: colW - 24, maxLines: 1)
            let chip = ts.measure(name, size: 14, weight: .medium, color: theme.text, role: .value)
            let w = chip.metrics.width + 24, h = chip.metrics.height + 10
            if cx + w > colX + colW, cx > colX { cx = colX; cy = rowBottom + 8 }
            part.shapes.append(.shape(.rect(Rect(x: cx, y: cy, w: w, h: h), cornerRadius: h / 2), Paint(fill: theme.surface, stroke: accent, lineWidth: 1.5)))
            part.texts.append(.text(chip.placed(at: Point(cx + 12, cy + 5))))
            rowBottom = max(rowBottom, cy + h)
            cx += w + 8
        }
        part.bottom = rowBottom + 22
        return part
    }

    /// "What users saw" and the impact's summary, shortened to five lines with a note.
    func whatUsersSaw(_ incident: Incident, x colX: Double, width colW: Double, top y: Double) -> Layers {
        let saw = ts.run("What users saw", size: 13, weight: .semibold, color: theme.mutedText, at: Point(colX, y), role: .annotation)
        let (summaryText, cut) = ts.fit(MarkdownText.styled(incident.impact.summary ?? "Not stated in the postmortem."), font: FontSpec(family: theme.fontFamily, size: 16), wrap: colW, maxLines: 5)
        let summary = ts.run(summaryText.text, size: 16, color: theme.text, at: Point(colX, saw.extent.maxY + 6), wrap: colW, role: .label,
                             styles: summaryText.styles)
        var part = Layers(texts: [.text(saw), .text(summary)], bottom: summary.extent.maxY)
        if cut {
            let note = ts.measure("Shortened; the report has the full text.", size: 12, italic: true, color: theme.mutedText, wrap: colW, role: .annotation)
                .placed(at: Point(colX, part.bottom + 4))
            part.texts.append(.text(note))
            part.bottom = note.extent.maxY
        }
        return part
    }

    /// One measured series as a line over time, the outage window shaded.
    func chart(_ series: ImpactSeries, incident: Incident, top: Double) -> Layers {
        var items: [SceneItem] = [], texts: [SceneItem] = []
        let name = BidiText.isolate(MarkdownText.plain(series.name)) + (series.unit.map { " (\(BidiText.isolate(MarkdownText.plain($0))))" } ?? "")
        let label = ts.run(name, size: 14, weight: .semibold, color: theme.text, at: Point(margin, top), wrap: width - 2 * margin, role: .annotation)
        texts.append(.text(label))
        let values = series.points.map(\.value)
        let maxV = max(values.max() ?? 1, 0), minV = min(values.min() ?? 0, 0)
        let (lo, hi, step) = Self.niceScale(minV, maxV == minV ? minV + 1 : maxV)
        // The y labels' width decides where the plot starts.
        let yLabels = stride(from: lo, through: hi + step / 2, by: step).map { v in
            (v, ts.measure(JSONValue.format((v * 1000).rounded() / 1000), size: 12, color: theme.mutedText, role: .tick))
        }
        let yLabelW = yLabels.map { $0.1.metrics.width }.max() ?? 20
        // Room above the plot for the outage and peak labels, so the series never crosses them.
        let labelProbe = ts.measure("outage", size: 12, weight: .semibold, color: theme.mutedText, role: .annotation)
        let plot = Rect(x: margin + yLabelW + 10, y: label.extent.maxY + 10 + labelProbe.metrics.height + 6,
                        w: width - 2 * margin - yLabelW - 10, h: 170)
        // The outage window with some time either side, so the band marks only the outage.
        let pad = max((incident.windowEnd.epoch - incident.windowStart.epoch) / 12, 60)
        let from = min(series.points.first!.at.epoch, incident.windowStart.epoch - pad)
        let to = max(series.points.last!.at.epoch, incident.windowEnd.epoch + pad)
        let axis = BrokenTimeAxis(incident: incident, moments: [from, to], from: plot.minX, to: plot.maxX, allowBreaks: false)
        func py(_ v: Double) -> Double { plot.maxY - (v - lo) / (hi - lo) * plot.h }
        let wx0 = axis.position(incident.windowStart.epoch), wx1 = axis.position(incident.windowEnd.epoch)
        items.append(.shape(.rect(Rect(x: wx0, y: plot.minY, w: max(wx1 - wx0, 1), h: plot.h), cornerRadius: 0), Paint(fill: theme.phaseColors[0])))
        let labelTop = plot.minY - labelProbe.metrics.height - 5
        let outage = labelProbe.placed(at: Point(wx0, labelTop))
        texts.append(.text(outage))
        items.append(.shape(.polyline([Point(wx0, labelTop + outage.metrics.height + 1), Point(wx0, plot.maxY)]), Paint(stroke: theme.axis, lineWidth: 1, dash: [3, 3])))
        items.append(.shape(.polyline([Point(wx1, plot.minY), Point(wx1, plot.maxY)]), Paint(stroke: theme.axis, lineWidth: 1, dash: [3, 3])))
        // Grid and y labels.
        for (v, run) in yLabels {
            let y = py(v)
            items.append(.shape(.polyline([Point(plot.minX, y), Point(plot.maxX, y)]), Paint(stroke: theme.grid, lineWidth: 1)))
            texts.append(.text(run.placed(at: Point(plot.minX - 8 - run.metrics.width, y - run.metrics.height / 2))))
        }
        // The x-axis: the outage's start always labelled, round times where they fit, one
        // clock format, and the zone.
        items.append(.shape(.polyline([Point(plot.minX, plot.maxY), Point(plot.maxX, plot.maxY)]), Paint(stroke: theme.axis, lineWidth: 1.5)))
        let ticks = timeTicks(axis, incident: incident, from: from, to: to, minX: plot.minX, maxX: plot.maxX, y: plot.maxY)
        items += ticks.items; texts += ticks.texts
        // The line and its points.
        let pts = series.points.map { Point(axis.position($0.at.epoch), py($0.value)) }
        let colour = accent
        if pts.count > 1 {
            items.append(.shape(.polygon([Point(pts[0].x, py(max(lo, 0)))] + pts + [Point(pts.last!.x, py(max(lo, 0)))]), Paint(fill: colour.withAlpha(0.12))))
            items.append(.shape(.polyline(pts), Paint(stroke: colour, lineWidth: 2.5)))
        }
        for p in pts where pts.count <= 60 { items.append(.shape(.circle(center: p, radius: 3.5), Paint(fill: colour, stroke: theme.background, lineWidth: 1.5))) }
        // The peak, named in the label row above the plot.
        if let peak = series.points.indices.max(by: { series.points[$0].value < series.points[$1].value }) {
            let v = series.points[peak].value
            var r = ts.measure("peak \(JSONValue.format((v * 100).rounded() / 100))\(series.unit.map { " \(BidiText.isolate($0))" } ?? "")", size: 12,
                               weight: .semibold, color: theme.text, role: .value)
                .placed(centerX: pts[peak].x, top: labelTop, within: plot.minX, plot.maxX)
            // Over the peak, or else just after the outage label.
            if r.extent.insetBy(-6).intersects(outage.extent) { r = r.placed(at: Point(outage.extent.maxX + 12, labelTop)) }
            if r.extent.maxX <= plot.maxX, !r.extent.insetBy(-6).intersects(outage.extent) {
                texts.append(.text(r))
                items.append(.shape(.polyline([Point(pts[peak].x, r.extent.maxY + 1), Point(pts[peak].x, pts[peak].y - 5)]),
                                    Paint(stroke: colour.withAlpha(0.6), lineWidth: 1, dash: [2, 2])))
            }
        }
        let bottom = texts.compactMap { if case .text(let t) = $0 { return t.extent.maxY } else { return nil } }.max() ?? plot.maxY
        return Layers(shapes: items, texts: texts, bottom: bottom)
    }

    /// The labels under a time axis at `y`: the outage's start always labelled, round times
    /// where they fit, one clock format, and the zone at the right end.
    func timeTicks(_ axis: BrokenTimeAxis, incident: Incident, from: Int64, to: Int64, minX: Double, maxX: Double, y: Double) -> (items: [SceneItem], texts: [SceneItem]) {
        var items: [SceneItem] = [], texts: [SceneItem] = []
        let multiDay = axis.zoned.wall(from).dateText != axis.zoned.wall(to).dateText
        func stamp(_ e: Int64) -> String {
            let w = axis.zoned.wall(e)
            return multiDay ? "\(TimeAxis.monthDay(w)) \(w.clockMinutesText)" : w.clockMinutesText
        }
        var taken: [Rect] = []
        let startTick = ts.measure(stamp(incident.windowStart.epoch), size: 12, weight: .semibold, color: theme.mutedText, role: .tick)
            .placed(centerX: axis.position(incident.windowStart.epoch), top: y + 6, within: minX - 4, width - margin)
        texts.append(.text(startTick)); taken.append(startTick.extent)
        for t in axis.ticks(spacing: 90, moments: [from]) {
            let tx = axis.position(t.epoch)
            let r = ts.measure(stamp(t.epoch), size: 12, color: theme.mutedText, role: .tick)
                .placed(centerX: tx, top: y + 6, within: minX - 4, width - margin)
            guard !taken.contains(where: { $0.insetBy(-8).intersects(r.extent) }) else { continue }
            texts.append(.text(r)); taken.append(r.extent)
            items.append(.shape(.polyline([Point(tx, y), Point(tx, y + 4)]), Paint(stroke: theme.axis, lineWidth: 1)))
        }
        let zone = ts.measure("Time (\(incident.zoneLabel))", size: 12, weight: .medium, color: theme.mutedText, role: .annotation)
            .placed(right: maxX, top: (taken.map(\.maxY).max() ?? y) + 4)
        texts.append(.text(zone))
        return (items, texts)
    }

    /// One band per component over the outage window, coloured by status, its name to the left;
    /// the statuses shown in a legend above, a time axis below.
    func componentBands(_ incident: Incident, top: Double) -> Layers {
        var items: [SceneItem] = [], texts: [SceneItem] = []
        let heading = ts.run("Component status", size: 14, weight: .semibold, color: theme.text, at: Point(margin, top),
                             wrap: width - 2 * margin, role: .annotation)
        texts.append(.text(heading))
        let shown = ComponentStatus.bySeverity.filter { s in incident.impact.components.contains { $0.intervals.contains { $0.status == s } } }
        let legend = LegendBuilder(size: 12).build(shown.map { (.band(theme.color($0)), $0.title) }, typesetter: ts, theme: theme,
                                                   x: margin, y: heading.extent.maxY + 8, maxX: width - margin)
        for item in legend.items { if case .text = item { texts.append(item) } else { items.append(item) } }
        // Names take up to a third of the width, cut to one line; the bands take the rest.
        let font = FontSpec(family: theme.fontFamily, size: 13, weight: .medium)
        let maxNameW = ((width - 2 * margin) / 3).rounded(.down)
        let names = incident.impact.components.map { c in
            ts.measure(ts.fit(BidiText.isolate(MarkdownText.plain(c.name)), font: font, wrap: maxNameW, maxLines: 1).0,
                       size: 13, weight: .medium, color: theme.text, role: .component)
        }
        let nameW = min(names.map(\.metrics.width).max() ?? 0, maxNameW)
        let bandX0 = margin + nameW + 14, bandX1 = width - margin
        let from = incident.windowStart.epoch, to = max(incident.windowEnd.epoch, from + 60)
        let axis = BrokenTimeAxis(incident: incident, moments: [from, to], from: bandX0, to: bandX1, allowBreaks: false)
        let bandH = 16.0
        var y = legend.bottom + 12
        for (c, name) in zip(incident.impact.components, names) {
            let rowH = max(name.metrics.height, bandH)
            let mid = y + rowH / 2
            texts.append(.text(name.placed(at: Point(margin, mid - name.metrics.height / 2))))
            let band = Rect(x: bandX0, y: mid - bandH / 2, w: bandX1 - bandX0, h: bandH)
            items.append(.shape(.rect(band, cornerRadius: 3), Paint(fill: theme.surface, stroke: theme.grid, lineWidth: 1)))
            for iv in c.intervals {
                let x0 = axis.position(max(iv.from.epoch, from)), x1 = axis.position(min(iv.to.epoch, to))
                guard x1 > x0 else { continue }
                items.append(.shape(.rect(Rect(x: x0, y: band.minY, w: x1 - x0, h: bandH), cornerRadius: 0), Paint(fill: theme.color(iv.status))))
            }
            y += rowH + 8
        }
        let axisY = y - 2
        items.append(.shape(.polyline([Point(bandX0, axisY), Point(bandX1, axisY)]), Paint(stroke: theme.axis, lineWidth: 1.5)))
        let ticks = timeTicks(axis, incident: incident, from: from, to: to, minX: bandX0, maxX: bandX1, y: axisY)
        items += ticks.items; texts += ticks.texts
        let bottom = texts.compactMap { if case .text(let t) = $0 { return t.extent.maxY } else { return nil } }.max() ?? axisY
        return Layers(shapes: items, texts: texts, bottom: bottom)
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
        for c in i.impact.components {
            let spans = c.intervals.map { "\($0.status.words) \($0.from.wall.clockMinutesText)–\($0.to.wall.clockMinutesText)" }
            s += " \(MarkdownText.plain(c.name)): \(spans.isEmpty ? "no status given" : spans.joined(separator: ", "))."
        }
        for series in i.impact.series where !series.points.isEmpty {
            let peak = series.points.map(\.value).max() ?? 0
            s += " \(MarkdownText.plain(series.name)) peaked at \(JSONValue.format(peak))\(series.unit.map { " \($0)" } ?? "")."
        }
        return s
    }
}
