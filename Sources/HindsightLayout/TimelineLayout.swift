import Foundation
import HindsightModel

/// Lays out the timeline chart: a header, the outage window shaded by phase, a time axis in the
/// incident's zone, one marker per event and one card per event (time, kind and text) placed so
/// that no two texts overlap. When the cards cannot fit side by side along a horizontal axis,
/// the chart turns vertical (one row per event) and grows in height instead.
public struct TimelineLayout {
    public var width: Double = 1600
    public var height: Double = 600
    public var theme: Theme = .light
    public let measurer: any TextMeasurer

    public init(measurer: any TextMeasurer, width: Double = 1600, height: Double = 600, theme: Theme = .light) {
        self.measurer = measurer; self.width = width; self.height = height; self.theme = theme
    }

    let margin = 40.0
    var font: String { theme.fontFamily }

    // MARK: - Shared pieces

    var typesetter: Typesetter { Typesetter(measurer: measurer, family: font) }

    func text(_ s: String, size: Double, weight: FontWeight = .regular, italic: Bool = false, color: RGBA,
              at p: Point, wrap: Double? = nil, align: TextAlign = .left, role: TextRole, events: [Int] = [],
              styles: [StyledRange] = []) -> TextRun {
        typesetter.run(s, size: size, weight: weight, italic: italic, color: color, at: p, wrap: wrap, align: align, role: role,
                       events: events, styles: styles)
    }

    /// Bottom of a text including its ink.
    func bottom(_ t: TextRun) -> Double { t.extent.maxY }

    /// Header: title and subtitle lines. Returns the items and the y below them.
    func header(_ incident: Incident) -> ([SceneItem], Double) {
        var items: [SceneItem] = []
        let titleText = [incident.emoji, MarkdownText.plain(incident.displayTitle)].compactMap { $0 }.joined(separator: " ")
        let title = text(titleText, size: 26, weight: .bold, color: theme.text, at: Point(margin, 24),
                         wrap: width - 2 * margin, role: .title)
        items.append(.text(title))
        var parts = [incident.service.map(MarkdownText.plain)].compactMap { $0 }
        if let sev = incident.severity { parts.append(MarkdownText.plain(sev)) }
        parts.append(incident.windowText)
        if let d = incident.durationMinutes { parts.append(DurationText.format(minutes: d)) }
        parts.append(incident.usersAffectedText)
        let subtitle = text(parts.joined(separator: "  ·  "), size: 15, color: theme.mutedText,
                            at: Point(margin, bottom(title) + 6), wrap: width - 2 * margin, role: .subtitle)
        items.append(.text(subtitle))
        return (items, bottom(subtitle))
    }

    /// "Detected after 0 min · Mitigated after 70 min · ..." from the derived metrics.
    func metricsLine(_ incident: Incident) -> String? {
        var parts: [String] = []
        let metrics: [(String, Double?)] = [
            ("detect", incident.timeToDetectMinutes), ("identify", incident.timeToIdentifyMinutes),
            ("mitigate", incident.timeToMitigateMinutes), ("resolve", incident.timeToResolveMinutes),
        ]
        for (name, v) in metrics { if let v { parts.append("to \(name) \(DurationText.format(minutes: v))") } }
        guard !parts.isEmpty else { return nil }
        return "Time " + parts.joined(separator: "  ·  ")
    }

    /// Phases of the outage window: undetected, investigating, mitigating, recovering.
    public static func phases(_ incident: Incident) -> [(name: String, from: Int64, to: Int64, index: Int)] {
        let s = incident.windowStart.epoch, e = incident.windowEnd.epoch
        func first(_ k: EventKind) -> Int64? { incident.timeline.first { $0.kind == k }?.at.epoch }
        let detected = first(.detected) ?? s
        let identified = first(.identified)
        let mitigated = first(.mitigated)
        let resolved = min(first(.resolved) ?? e, e)
        var marks: [(String, Int64, Int)] = [("Undetected", s, 0), ("Investigating", detected, 1)]
        if let identified { marks.append(("Mitigating", identified, 2)) }
        if let mitigated { marks.append(("Recovering", mitigated, 3)) }
        var out: [(String, Int64, Int64, Int)] = []
        for (i, m) in marks.enumerated() {
            let to = i + 1 < marks.count ? marks[i + 1].1 : resolved
            if to > m.1 { out.append((m.0, m.1, to, m.2)) }
        }
        return out.map { (name: $0.0, from: $0.1, to: $0.2, index: $0.3) }
    }

    /// A marker shape for an event kind, centred at `c`.
    public static func marker(_ kind: EventKind, at c: Point, size r: Double, theme: Theme) -> SceneItem {
        let col = theme.color(kind)
        let fill = Paint(fill: col, stroke: theme.background, lineWidth: 2)
        func poly(_ pts: [(Double, Double)]) -> Shape { .polygon(pts.map { Point(c.x + $0.0 * r, c.y + $0.1 * r) }) }
        switch kind {
        case .detected: return .shape(poly([(0, -1.25), (1.25, 0), (0, 1.25), (-1.25, 0)]), fill)
        case .action: return .shape(.circle(center: c, radius: r), fill)
        case .investigation: return .shape(.circle(center: c, radius: r * 0.9), Paint(fill: theme.background, stroke: col, lineWidth: 3))
        case .misleading:
            let a = 0.35, b = 1.0
            return .shape(poly([(-b, -b + a), (-b + a, -b), (0, -a), (b - a, -b), (b, -b + a), (a, 0),
                                (b, b - a), (b - a, b), (0, a), (-b + a, b), (-b, b - a), (-a, 0)]), Paint(fill: col))
        case .escalated: return .shape(poly([(0, -1.2), (1.1, 0.85), (-1.1, 0.85)]), fill)
        case .identified:
            var pts: [(Double, Double)] = []
            for i in 0..<10 {
                let ang = Double(i) * Double.pi / 5 - Double.pi / 2
                let rad = i % 2 == 0 ? 1.3 : 0.55
                pts.append((rad * cos(ang), rad * sin(ang)))
            }
            return .shape(poly(pts), fill)
        case .mitigated: return .shape(.rect(Rect(x: c.x - r * 0.9, y: c.y - r * 0.9, w: r * 1.8, h: r * 1.8), cornerRadius: 2), fill)
        case .resolved:
            var pts: [(Double, Double)] = []
            for i in 0..<6 {
                let ang = Double(i) * Double.pi / 3
                pts.append((1.1 * cos(ang), 1.1 * sin(ang)))
            }
            return .shape(poly(pts), fill)
        case .note: return .shape(.circle(center: c, radius: r * 0.6), Paint(fill: col))
        }
    }

    /// Legend row(s) for the kinds present, laid out left to right from (x, y), wrapping at
    /// the canvas width. Returns items and the bottom y.
    func legend(_ kinds: [EventKind], x: Double, y: Double) -> ([SceneItem], Double) {
        var items: [SceneItem] = []
        var cx = x, cy = y, rowBottom = y
        for k in kinds {
            let label = text(k.title, size: 13, color: theme.mutedText, at: Point(0, 0), role: .legend)
            let w = 22 + label.metrics.width
            if cx + w > width - margin, cx > x { cx = x; cy = rowBottom + 6 }
            var l = label
            l.origin = Point(cx + 20, cy)
            items.append(Self.marker(k, at: Point(cx + 7, cy + l.metrics.height / 2), size: 6, theme: theme))
            items.append(.text(l))
            rowBottom = max(rowBottom, bottom(l))
            cx += w + 22
        }
        return (items, rowBottom)
    }

    func eventHeading(_ e: Event, multiDay: Bool, axis: TimeAxis) -> String {
        let w = axis.wall(e.at.epoch)
        let time = multiDay ? "\(TimeAxis.monthDay(w)) \(e.marked(w.clockText))" : e.marked(w.clockText)
        var s = "\(time) · \(e.kind.title)"
        if e.kind == .detected, let via = e.via { s += " (\(via.rawValue))" }
        return s
    }

    /// An event's text with its inline Markdown as styles; an escalation names its team first.
    func eventBody(_ e: Event) -> StyledText {
        let body = MarkdownText.styled(e.text)
        if e.kind == .escalated, let to = e.to { return body.prefixed("→ \(MarkdownText.plain(to))\n") }
        return body
    }

    func fit(_ s: StyledText, font f: FontSpec, wrap: Double, maxLines: Int) -> (StyledText, Bool) {
        typesetter.fit(s, font: f, wrap: wrap, maxLines: maxLines)
    }

    // MARK: - Entry point

    public func layout(_ incident: Incident) -> Scene {
        horizontal(incident) ?? vertical(incident)
    }

    // MARK: - Horizontal

    struct Card {
        var index: Int
        var rect: Rect
        var heading: TextRun
        var body: TextRun
        var markerX: Double
        var above: Bool
    }

    /// The horizontal chart, or nil when the cards cannot all be placed without overlap.
    public func horizontal(_ incident: Incident) -> Scene? {
        var items: [SceneItem] = []
        items.append(.shape(.rect(Rect(x: 0, y: 0, w: width, h: height), cornerRadius: 0), Paint(fill: theme.background)))
        let (head, headBottom) = header(incident)
        var top = headBottom + 10
        var metricRun: TextRun?
        if let m = metricsLine(incident) {
            let r = text(m, size: 13, weight: .medium, color: theme.mutedText, at: Point(margin, top), wrap: width - 2 * margin, role: .annotation)
            metricRun = r
            top = bottom(r) + 6
        }

        let kinds = EventKind.allCases.filter { k in incident.timeline.contains { $0.kind == k } }
        let legendHeight = legend(kinds, x: margin, y: 0).1
        let legendY = height - 16 - legendHeight
        let plotTop = top + 8
        let plotBottom = legendY - 12
        let phaseRowH = 20.0
        guard plotBottom - plotTop > 160 else { return nil }

        let axisX0 = margin + 30, axisX1 = width - margin - 30
        let axis = TimeAxis(incident: incident, x0: axisX0, x1: axisX1)
        let multiDay = incident.windowIsMultiDay

        // Cards: size them first.
        let n = incident.timeline.count
        let cardW = max(150, min(210, (axisX1 - axisX0) / Double(min(max(n, 1), 8)) - 12))
        let pad = 8.0
        var abbreviated = false
        var sized: [(heading: TextRun, body: TextRun, h: Double)] = []
        for (i, e) in incident.timeline.enumerated() {
            let h = text(eventHeading(e, multiDay: multiDay, axis: axis), size: 12, weight: .bold, color: theme.color(e.kind),
                         at: Point(0, 0), wrap: cardW - 2 * pad, role: .time, events: [i])
            let (bodyText, cut) = fit(eventBody(e), font: FontSpec(family: font, size: 12, italic: e.kind == .misleading),
                                      wrap: cardW - 2 * pad, maxLines: 5)
            abbreviated = abbreviated || cut
            let b = text(bodyText.text, size: 12, italic: e.kind == .misleading, color: theme.text,
                         at: Point(0, h.extent.maxY + 3), wrap: cardW - 2 * pad, role: .label, events: [i], styles: bodyText.styles)
            sized.append((h, b, pad + (b.extent.maxY) + pad))
        }

        // Vertical bands: phase names row at the top, then cards above the axis, the axis with
        // its tick labels, cards below.
        let tickProbe = text("00:00", size: 12, color: theme.mutedText, at: Point(0, 0), role: .tick)
        let tickRowH = tickProbe.extent.maxY + 8
        let regionTop = plotTop + phaseRowH + 6
        // Tick labels sit in their own row at the foot of the plot, clear of leaders and markers.
        let tickY = plotBottom - tickRowH + 4
        let regionBottom = plotBottom - tickRowH - 4
        let axisY = ((regionTop + regionBottom) / 2).rounded()
        let aboveLimit = regionTop, belowStart = axisY, belowLimit = regionBottom
        let stalk = 14.0

        var placed: [Card] = []
        for (i, e) in incident.timeline.enumerated() {
            let mx = axis.x(e.at.epoch)
            let (h0, b0, ch) = sized[i]
            let x = min(max(mx - cardW / 2, margin / 2), width - margin / 2 - cardW)
            // Candidate on each side: as close to the axis as the cards already there allow.
            func candidate(above: Bool) -> Rect? {
                var r = above ? Rect(x: x, y: axisY - stalk - ch, w: cardW, h: ch)
                              : Rect(x: x, y: belowStart + stalk, w: cardW, h: ch)
                var moved = true
                while moved {
                    moved = false
                    for c in placed where c.above == above && c.rect.insetBy(-4).intersects(r) {
                        r.y = above ? c.rect.minY - 8 - ch : c.rect.maxY + 8
                        moved = true
                    }
                }
                if above ? r.minY < aboveLimit : r.maxY > belowLimit { return nil }
                return r
            }
            let up = candidate(above: true), down = candidate(above: false)
            let choice: (Rect, Bool)
            switch (up, down) {
            case let (ra?, rb?):
                let da = axisY - ra.maxY, db = rb.minY - axisY
                choice = abs(da - db) < 1 ? (i % 2 == 0 ? (ra, true) : (rb, false)) : (da <= db ? (ra, true) : (rb, false))
            case let (ra?, nil): choice = (ra, true)
            case let (nil, rb?): choice = (rb, false)
            default: return nil
            }
            var head = h0, body = b0
            head.origin = Point(choice.0.minX + pad, choice.0.minY + pad)
            body.origin = Point(choice.0.minX + pad, choice.0.minY + pad + b0.origin.y)
            placed.append(Card(index: i, rect: choice.0, heading: head, body: body, markerX: mx, above: choice.1))
        }

        // Phases: shaded full-height bands with their names in the top row.
        for p in Self.phases(incident) {
            let x0 = axis.x(p.from), x1 = axis.x(p.to)
            items.append(.shape(.rect(Rect(x: x0, y: plotTop, w: x1 - x0, h: plotBottom - plotTop), cornerRadius: 0),
                                Paint(fill: theme.phaseColors[p.index])))
            let label = text("\(p.name) · \(DurationText.format(minutes: Double(p.to - p.from) / 60))", size: 12, weight: .semibold,
                             color: theme.mutedText, at: Point(x0 + 6, plotTop + 4), role: .annotation)
            if label.extent.maxX <= x1 - 4 && label.extent.maxY <= plotTop + phaseRowH + 4 {
                items.append(.text(label))
            } else {
                let short = text(p.name, size: 11, weight: .semibold, color: theme.mutedText, at: Point(x0 + 4, plotTop + 4), role: .annotation)
                if short.extent.maxX <= x1 - 2 { items.append(.text(short)) }
            }
        }

        // Axis line and ticks.
        items.append(.shape(.polyline([Point(axisX0, axisY), Point(axisX1, axisY)]), Paint(stroke: theme.axis, lineWidth: 2)))
        let maxTicks = Int((axisX1 - axisX0) / 80)
        var lastTickRight = -Double.infinity
        for t in axis.ticks(maxCount: maxTicks) {
            let tx = axis.x(t.epoch)
            items.append(.shape(.polyline([Point(tx, plotTop + phaseRowH + 2), Point(tx, tickY - 2)]), Paint(stroke: theme.grid, lineWidth: 1)))
            items.append(.shape(.polyline([Point(tx, axisY - 4), Point(tx, axisY + 4)]), Paint(stroke: theme.axis, lineWidth: 1.5)))
            var run = text(t.label, size: 12, weight: t.major ? .semibold : .regular, color: theme.mutedText, at: Point(0, 0), role: .tick)
            run.origin = Point(min(max(tx - run.metrics.width / 2, 2), width - 2 - run.metrics.width), tickY)
            if run.extent.minX > lastTickRight + 6 {
                items.append(.text(run))
                lastTickRight = run.extent.maxX
            }
        }
        let zoneRun = text(incident.zoneLabel, size: 11, weight: .semibold, color: theme.mutedText, at: Point(0, 0), role: .tick)
        var zr = zoneRun
        zr.origin = Point(axisX1 + 6, tickY)
        if zr.extent.maxX <= width - 2 && zr.extent.minX > lastTickRight + 4 { items.append(.text(zr)) }

        // Leaders behind cards, then cards, then markers on top of the axis.
        for c in placed {
            let ex = min(max(c.markerX, c.rect.minX + 10), c.rect.maxX - 10)
            let edgeY = c.above ? c.rect.maxY : c.rect.minY
            let e = incident.timeline[c.index]
            items.append(.shape(.polyline([Point(c.markerX, axisY), Point(ex, edgeY)]),
                                Paint(stroke: theme.color(e.kind).withAlpha(0.7), lineWidth: 1.5)))
        }
        for c in placed {
            let e = incident.timeline[c.index]
            let col = theme.color(e.kind)
            if e.kind == .misleading {
                items.append(.shape(.rect(c.rect, cornerRadius: 6), Paint(fill: theme.surface, stroke: col, lineWidth: 1.5, dash: [5, 3])))
            } else {
                items.append(.shape(.rect(c.rect, cornerRadius: 6), Paint(fill: theme.surface, stroke: theme.grid, lineWidth: 1)))
                items.append(.shape(.rect(Rect(x: c.rect.minX, y: c.rect.minY + 6, w: 3, h: c.rect.h - 12), cornerRadius: 1.5), Paint(fill: col)))
            }
            items.append(.text(c.heading))
            items.append(.text(c.body))
        }
        for c in placed {
            items.append(Self.marker(incident.timeline[c.index].kind, at: Point(c.markerX, axisY), size: 7, theme: theme))
        }

        items.append(contentsOf: head)
        if let metricRun { items.append(.text(metricRun)) }
        var (legendItems, _) = legend(kinds, x: margin, y: legendY)
        if abbreviated {
            let note = text("Some event texts are shortened; the report has them in full.", size: 12, italic: true,
                            color: theme.mutedText, at: Point(0, 0), role: .annotation)
            var nr = note
            nr.origin = Point(width - margin - nr.metrics.width, legendY)
            let legendRight = legendItems.compactMap { if case .text(let t) = $0 { return t.extent.maxX } else { return nil } }.max() ?? 0
            if nr.extent.minX < legendRight + 20 { return nil }
            legendItems.append(.text(nr))
        }
        items.append(contentsOf: legendItems)

        var scene = Scene(figure: "timeline", width: width, height: height, background: theme.background,
                          items: items, alt: TimelineAlt.describe(incident), eventCount: n, title: MarkdownText.plain(incident.displayTitle))
        // Final guard: the result must satisfy the invariants, else the caller falls back.
        if !SceneCheck.problems(scene).isEmpty { return nil }
        scene.items = items
        return scene
    }

    // MARK: - Vertical

    /// One row per event, time flowing down; always fits because the canvas grows.
    public func vertical(_ incident: Incident) -> Scene {
        var items: [SceneItem] = []
        let (head, headBottom) = header(incident)
        var y = headBottom + 10
        var metricRun: TextRun?
        if let m = metricsLine(incident) {
            let r = text(m, size: 13, weight: .medium, color: theme.mutedText, at: Point(margin, y), wrap: width - 2 * margin, role: .annotation)
            metricRun = r
            y = bottom(r) + 16
        }
        let axis = TimeAxis(incident: incident, x0: 0, x1: 1)
        let multiDay = incident.windowIsMultiDay
        let compact = incident.timeline.count > 60
        let timeColW = multiDay ? 130.0 : 80.0
        let axisX = margin + timeColW + 16
        let cardX = axisX + 20
        let cardW = width - margin - cardX
        let pad = compact ? 3.0 : 8.0
        var abbreviated = false
        var rows: [(marker: Double, card: Rect, heading: TextRun, body: TextRun, time: TextRun, kind: EventKind)] = []
        var previousDate = ""
        for (i, e) in incident.timeline.enumerated() {
            let w = axis.wall(e.at.epoch)
            let timeLabel = multiDay && w.dateText != previousDate ? "\(TimeAxis.monthDay(w)) \(e.marked(w.clockText))" : e.marked(w.clockText)
            previousDate = w.dateText
            var time = text(timeLabel, size: 13, weight: .bold, color: theme.color(e.kind), at: Point(0, 0), role: .time, events: [i])
            time.origin = Point(axisX - 16 - time.metrics.width, y + pad)
            let kindText = e.kind.title + (e.kind == .detected && e.via != nil ? " (\(e.via!.rawValue))" : "")
            let heading = text(kindText, size: 12, weight: .bold, color: theme.color(e.kind), at: Point(cardX + pad + 2, y + pad), role: .other, events: [i])
            let bodyFont = FontSpec(family: font, size: compact ? 11.5 : 12.5, italic: e.kind == .misleading)
            let bodyX = compact ? heading.extent.maxX + 10 : cardX + pad + 2
            let bodyW = cardX + cardW - pad - bodyX
            let (bodyText, cut) = fit(compact ? eventBody(e).replacing("\n", with: " · ") : eventBody(e),
                                      font: bodyFont, wrap: bodyW, maxLines: compact ? 1 : 6)
            abbreviated = abbreviated || cut
            let body = text(bodyText.text, size: bodyFont.size, italic: e.kind == .misleading, color: theme.text,
                            at: Point(bodyX, compact ? y + pad : heading.extent.maxY + 2), wrap: bodyW, role: .label, events: [i],
                            styles: bodyText.styles)
            let h = max(body.extent.maxY, heading.extent.maxY, time.extent.maxY) - y + pad
            let card = Rect(x: cardX, y: y, w: cardW, h: h)
            rows.append((y + min(h / 2, 16), card, heading, body, time, e.kind))
            y += h + (compact ? 2 : 8)
        }
        let kinds = EventKind.allCases.filter { k in incident.timeline.contains { $0.kind == k } }
        let legendY = y + 12
        var (legendItems, legendBottom) = legend(kinds, x: margin, y: legendY)
        if abbreviated {
            let note = text("Some event texts are shortened; the report has them in full.", size: 12, italic: true,
                            color: theme.mutedText, at: Point(margin, legendBottom + 8), role: .annotation)
            legendItems.append(.text(note))
            legendBottom = bottom(note)
        }
        let h = (legendBottom + 24).rounded(.up)
        items.append(.shape(.rect(Rect(x: 0, y: 0, w: width, h: h), cornerRadius: 0), Paint(fill: theme.background)))
        if let first = rows.first, let last = rows.last {
            items.append(.shape(.polyline([Point(axisX, first.marker), Point(axisX, last.marker)]), Paint(stroke: theme.axis, lineWidth: 2)))
        }
        for r in rows {
            if r.kind == .misleading {
                items.append(.shape(.rect(r.card, cornerRadius: 5), Paint(fill: theme.surface, stroke: theme.color(r.kind), lineWidth: 1.5, dash: [5, 3])))
            } else {
                items.append(.shape(.rect(r.card, cornerRadius: 5), Paint(fill: theme.surface, stroke: theme.grid, lineWidth: 1)))
                items.append(.shape(.rect(Rect(x: r.card.minX, y: r.card.minY + 4, w: 3, h: r.card.h - 8), cornerRadius: 1.5), Paint(fill: theme.color(r.kind))))
            }
            items.append(Self.marker(r.kind, at: Point(axisX, r.marker), size: compact ? 5 : 7, theme: theme))
            items.append(.text(r.time)); items.append(.text(r.heading)); items.append(.text(r.body))
        }
        items.append(contentsOf: head)
        if let metricRun { items.append(.text(metricRun)) }
        items.append(contentsOf: legendItems)
        return Scene(figure: "timeline", width: width, height: h, background: theme.background, items: items,
                     alt: TimelineAlt.describe(incident), eventCount: incident.timeline.count, title: MarkdownText.plain(incident.displayTitle))
    }
}

/// Alt text for the timeline: what a screen reader user needs from the chart.
public enum TimelineAlt {
    public static func describe(_ i: Incident) -> String {
        var out = "Timeline of \"\(MarkdownText.plain(i.displayTitle))\": \(i.service.map { MarkdownText.plain($0) + " " } ?? "")outage, \(i.windowText)"
        out += (i.durationMinutes.map { " (\(DurationText.format(minutes: $0)))" } ?? "") + ", \(i.timeline.count) events."
        let guessed = i.timeline.filter(\.timeGuessed).count
        if guessed > 0 { out += " \(guessed) of the times are not written and were guessed (marked \(Event.guessedTimeMark))." }
        let counts = EventKind.allCases.compactMap { k -> String? in
            let n = i.timeline.filter { $0.kind == k }.count
            return n == 0 ? nil : "\(n) \(k.title.lowercased())"
        }
        out += " " + counts.joined(separator: ", ") + "."
        if let d = i.timeToDetectMinutes { out += " Detected after \(DurationText.format(minutes: d))." }
        if let m = i.timeToMitigateMinutes { out += " Mitigated after \(DurationText.format(minutes: m))." }
        if let r = i.timeToResolveMinutes { out += " Resolved after \(DurationText.format(minutes: r))." }
        return out
    }
}
