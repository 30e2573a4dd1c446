import Foundation
import HindsightModel

/// What a layout reports: the scene when the shape suits the incident, or why it does not
/// (decided from the layout's own geometry, never by checking the result afterwards).
public enum LayoutFit {
    case fits(Scene)
    case doesNotFit(String)

    public var scene: Scene? { if case .fits(let s) = self { return s } else { return nil } }
}

/// Lays out the timeline chart: a header, the outage window shaded by phase, a time axis in the
/// incident's zone with quiet gaps broken out (each break says how long it was), one marker
/// per event and one card per event (time, kind and text) in rows above and below the axis,
/// joined to its marker by a leader line. The height follows the content. Only when the cards
/// cannot be placed in a few rows a side (bursts of about a hundred events) does the chart
/// turn vertical: time flows down a spine, still time-proportional, with the same breaks.
public struct TimelineLayout {
    /// Logical width; the default figures are designed to be shown about 800 CSS px wide.
    public var width: Double = 800
    public var theme: Theme = .light
    public let measurer: any TextMeasurer

    public init(measurer: any TextMeasurer, width: Double = 800, theme: Theme = .light) {
        self.measurer = measurer; self.width = width; self.theme = theme
    }

    let margin = 24.0
    /// Rows of cards a side before the horizontal chart gives way to the vertical one.
    let maxRowsPerSide = 8
    static let bodySize = 12.0
    static let headingSize = 11.5
    static let smallSize = 11.0

    var ts: Typesetter { Typesetter(measurer: measurer, family: theme.fontFamily) }

    // MARK: - Entry point

    public func layout(_ incident: Incident) -> Scene {
        horizontal(incident).scene ?? vertical(incident)
    }

    // MARK: - Shared pieces

    /// Phases of the outage window: undetected, investigating, mitigating, recovering. The last
    /// one runs to the end of the outage.
    public static func phases(_ incident: Incident) -> [(name: String, from: Int64, to: Int64, index: Int)] {
        let s = incident.windowStart.epoch, e = incident.windowEnd.epoch
        func first(_ k: EventKind) -> Int64? { incident.timeline.first { $0.kind == k }?.at.epoch }
        var marks: [(String, Int64, Int)] = [("Undetected", s, 0), ("Investigating", first(.detected) ?? s, 1)]
        if let identified = first(.identified) { marks.append(("Mitigating", identified, 2)) }
        if let mitigated = first(.mitigated) { marks.append(("Recovering", mitigated, 3)) }
        // Milestones out of order (mitigated before the cause was found): each phase runs
        // from its milestone to the next one in time, so phases never overlap.
        marks.sort { ($0.1, $0.2) < ($1.1, $1.2) }
        var out: [(String, Int64, Int64, Int)] = []
        for (i, m) in marks.enumerated() {
            let to = min(i + 1 < marks.count ? marks[i + 1].1 : e, e)
            if to > m.1 { out.append((m.0, m.1, to, m.2)) }
        }
        return out.map { (name: $0.0, from: $0.1, to: $0.2, index: $0.3) }
    }

    /// The instants the axis must show: the outage window and every event.
    static func moments(_ i: Incident) -> [Int64] { [i.windowStart.epoch, i.windowEnd.epoch] + i.timeline.map(\.at.epoch) }

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

    func header(_ incident: Incident, top: Double) -> Built {
        var built = FigureHeader(details: [.service, .severity, .window, .duration, .usersAffected])
            .build(incident, typesetter: ts, theme: theme, x: margin, top: top, width: width - 2 * margin)
        if let line = IncidentText.metricsLine(incident) {
            let run = ts.measure(line, size: 12, weight: .medium, color: theme.mutedText, wrap: width - 2 * margin, role: .annotation)
                .placed(at: Point(margin, built.bottom + 5))
            built.items.append(.text(run))
            built.bottom = run.extent.maxY
        }
        return built
    }

    /// `09:30 · Detected (monitoring)`, with the date on multi-day incidents.
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
        if e.kind == .escalated, let to = e.to { return body.prefixed("→ \(BidiText.isolate(MarkdownText.plain(to)))\n") }
        return body
    }

    /// A card's texts, one heading and body per event (events too close to part share a
    /// card), measured for a card `width` wide; placed by `cardItems`.
    struct CardText {
        var entries: [(heading: TextRun, body: TextRun)]
        var kind: EventKind
        var height: Double
        var shortened: Bool
    }

    static let cardPad = 7.0
    static let entryGap = 5.0

    func cardText(_ indices: [Int], of events: [Event], width w: Double, multiDay: Bool, axis: TimeAxis, maxLines: Int) -> CardText {
        let inner = w - 2 * Self.cardPad - 2
        var entries: [(heading: TextRun, body: TextRun)] = []
        var h = Self.cardPad, cut = false
        for i in indices {
            let e = events[i]
            let heading = ts.measure(eventHeading(e, multiDay: multiDay, axis: axis), size: Self.headingSize, weight: .semibold,
                                     color: theme.color(e.kind), wrap: inner, role: .time, events: [i])
            let italic = e.kind == .misleading
            let (fitted, shortened) = ts.fit(eventBody(e), font: FontSpec(family: theme.fontFamily, size: Self.bodySize, italic: italic),
                                             wrap: inner, maxLines: maxLines)
            let body = ts.measure(fitted.text, size: Self.bodySize, italic: italic, color: theme.text, wrap: inner, role: .label,
                                  events: [i], styles: fitted.styles)
            if !entries.isEmpty { h += Self.entryGap }
            h += heading.extent.maxY + 2 + body.extent.maxY
            entries.append((heading, body))
            cut = cut || shortened
        }
        // The dashed frame of a misleading path only when every event on the card is one.
        let kinds = indices.map { events[$0].kind }
        let kind = kinds.allSatisfy { $0 == .misleading } ? .misleading : kinds.first { $0 != .misleading } ?? kinds[0]
        return CardText(entries: entries, kind: kind, height: (h + Self.cardPad).rounded(.up), shortened: cut)
    }

    /// A card's frame, kind bar and texts at `rect`.
    func cardItems(_ c: CardText, rect: Rect) -> [SceneItem] {
        var items: [SceneItem] = []
        let col = theme.color(c.kind)
        if c.kind == .misleading {
            items.append(.shape(.rect(rect, cornerRadius: 5), Paint(fill: theme.surface, stroke: col, lineWidth: 1.5, dash: [5, 3])))
        } else {
            items.append(.shape(.rect(rect, cornerRadius: 5), Paint(fill: theme.surface, stroke: theme.grid, lineWidth: 1)))
            items.append(.shape(.rect(Rect(x: rect.minX, y: rect.minY + 5, w: 3, h: max(rect.h - 10, 2)), cornerRadius: 1.5), Paint(fill: col)))
        }
        let x = rect.minX + Self.cardPad + 2
        var y = rect.minY + Self.cardPad
        for (n, entry) in c.entries.enumerated() {
            if n > 0 { y += Self.entryGap }
            let heading = entry.heading.placed(at: Point(x, y))
            let body = entry.body.placed(at: Point(x, y + entry.heading.extent.maxY + 2))
            items.append(.text(heading)); items.append(.text(body))
            y = body.origin.y + entry.body.extent.maxY
        }
        return items
    }

    /// The zone of the times, the kinds present, then the phases named nowhere else.
    func legend(_ incident: Incident, phases unnamed: [(name: String, from: Int64, to: Int64, index: Int)], top: Double) -> Built {
        var entries: [(LegendBuilder.Swatch?, String)] = [(nil, "Times in \(incident.zoneLabel)")]
        entries += EventKind.allCases
            .filter { k in incident.timeline.contains { $0.kind == k } }
            .map { (.marker($0), $0.title) }
        entries += unnamed.map { (.band(theme.phaseColors[$0.index]), "\($0.name) \(DurationText.format(seconds: Double($0.to - $0.from)))") }
        return LegendBuilder().build(entries, typesetter: ts, theme: theme, x: margin, y: top, maxX: width - margin)
    }

    /// "Some event texts are shortened…" under the legend, when one was.
    func shortenedNote(top: Double) -> TextRun {
        ts.measure("Some event texts are shortened; the report has them in full.", size: Self.smallSize, italic: true,
                   color: theme.mutedText, wrap: width - 2 * margin, role: .annotation).placed(at: Point(margin, top))
    }

    /// The label of a break: how long the quiet gap was.
    func breakLabel(_ b: AxisBreak) -> TextRun {
        ts.measure("\(DurationText.format(seconds: Double(b.seconds))) gap", size: Self.smallSize, italic: true,
                   color: theme.mutedText, role: .annotation)
    }

    func chart(_ orientation: ChartGeometry.Orientation, axis: BrokenTimeAxis, incident: Incident, markers: [Point]) -> ChartGeometry {
        ChartGeometry(
            orientation: orientation,
            segments: axis.segments.map { .init(from: axis.zoned.iso8601($0.from), to: axis.zoned.iso8601($0.to), start: $0.start, end: $0.end) },
            markers: incident.timeline.indices.map { .init(event: $0, time: incident.timeline[$0].at.iso8601, center: markers[$0]) })
    }

    /// The scene of a timeline, whichever its shape.
    func scene(_ incident: Incident, height: Double, items: [SceneItem], chart: ChartGeometry) -> Scene {
        Scene(figure: Figure.timeline.rawValue, width: width, height: height.rounded(.up), background: theme.background, items: items,
              alt: TimelineAlt.describe(incident), eventCount: incident.timeline.count, title: MarkdownText.plain(incident.displayTitle),
              chart: chart)
    }

    // MARK: - Horizontal

    /// A card placed beside the axis: its side and row decide its y once the rows are known.
    struct Slot {
        var index: Int
        var above: Bool
        var row: Int
        var rect: Rect
        var leader: (Point, Point)
    }

    /// Texts in the row under the axis (tick and break labels), line by line: the x-ranges taken.
    struct TickRow {
        var lines: [[ClosedRange<Double>]] = []
        var lineHeight: Double
        func free(_ r: Rect, line: Int) -> Bool {
            line >= lines.count || !lines[line].contains { $0.overlaps((r.minX - 5)...(r.maxX + 5)) }
        }
        mutating func take(_ r: Rect, line: Int) {
            while lines.count <= line { lines.append([]) }
            lines[line].append(r.minX...r.maxX)
        }
    }

    /// How close (in pixels) events must be to share a card, and how many may share one:
    /// tried in turn until the cards fit.
    static let grouping: [(near: Double, most: Int)] = [(14, 4), (32, 5), (64, 6)]
    /// The tallest horizontal chart, as a multiple of its width.
    static let maxAspect = 2.5

    /// The horizontal chart, or why it does not fit: with events grouped at most
    /// `grouping.last` to a card, a card still finds no room within `maxRowsPerSide` rows on
    /// either side of the axis.
    public func horizontal(_ incident: Incident) -> LayoutFit {
        var fit = LayoutFit.doesNotFit("no events")
        for g in Self.grouping {
            fit = horizontal(incident, near: g.near, most: g.most)
            if fit.scene != nil { return fit }
        }
        return fit
    }

    func horizontal(_ incident: Incident, near: Double, most: Int) -> LayoutFit {
        let events = incident.timeline
        let head = header(incident, top: 18)
        let plotTop = head.bottom + 14
        let axis = BrokenTimeAxis(incident: incident, moments: Self.moments(incident), from: margin + 6, to: width - margin - 6)
        let multiDay = incident.windowIsMultiDay

        // The row under the axis: break labels first (each break must say how long it was);
        // ticks take what is left once the leaders are known.
        guard var (row, breakRuns) = breakLabels(axis) else { return .doesNotFit("the labels of the axis breaks collide") }
        let tickRowH = Double(max(row.lines.count, multiDay ? 2 : 1)) * row.lineHeight

        let cardW = min(210, max(140, (axis.endPixel - axis.startPixel + 12) / 4.3))
        let order = events.indices.sorted { (events[$0].at.epoch, $0) < (events[$1].at.epoch, $1) }
        let groups = cardGroups(events, order: order, axis: axis, near: near, most: most)
        let texts = groups.map { cardText($0, of: events, width: cardW, multiDay: multiDay, axis: axis.zoned, maxLines: $0.count == 1 ? 4 : 3) }
        let anchors = groups.map { axis.position(events[$0[0]].at.epoch) }
        guard let placed = placeCards(anchors: anchors, heights: texts.map(\.height), cardW: cardW) else {
            return .doesNotFit("a card finds no room within \(maxRowsPerSide) rows a side")
        }
        let (slots, axisY, plotBottom) = stackRows(placed, plotTop: plotTop + Self.phaseRowH + 4, tickRowH: tickRowH)
        let tickTop = axisY + 10

        let (phases, unnamed) = phaseBands(incident, axis: axis, top: plotTop, bottom: plotBottom)
        let breaks = breakMarks(axis, labels: breakRuns, axisY: axisY, tickTop: tickTop, lineHeight: row.lineHeight, top: plotTop, bottom: plotBottom)
        let ticks = tickMarks(axis, moments: Self.moments(incident), row: &row, slots: slots, axisY: axisY, tickTop: tickTop, top: plotTop + Self.phaseRowH, bottom: plotBottom)
        var cards: [SceneItem] = [], leaders: [SceneItem] = []
        for s in slots {
            let kind = texts[s.index].kind
            leaders.append(.shape(.polyline([s.leader.0, s.leader.1]), Paint(stroke: theme.color(kind).withAlpha(0.7), lineWidth: 1.25)))
            cards += cardItems(texts[s.index], rect: s.rect)
            // Where the leader meets its own card: a leader passing behind a nearer card has none there.
            cards.append(.shape(.circle(center: s.leader.1, radius: 2.5), Paint(fill: theme.color(kind))))
        }
        let markers = events.map { Point(axis.position($0.at.epoch), axisY) }
        let markerItems = order.map { Self.marker(events[$0].kind, at: markers[$0], size: 6, theme: theme) }

        var legend = legend(incident, phases: unnamed, top: plotBottom + 12)
        if texts.contains(where: \.shortened) {
            let note = shortenedNote(top: legend.bottom + 6)
            legend.items.append(.text(note)); legend.bottom = note.extent.maxY
        }
        // Taller than this, the rows of cards are no longer a chart a reader takes in at once.
        let height = legend.bottom + 18
        guard height <= Self.maxAspect * width else {
            return .doesNotFit("\(Int(height)) px tall, more than \(Self.maxAspect) times the width")
        }
        let items = phases.back + breaks.back + axisLine(axis, y: axisY) + ticks.back + leaders + cards + markerItems
            + phases.front + breaks.front + ticks.front + head.items + legend.items
        return .fits(scene(incident, height: height, items: items, chart: chart(.horizontal, axis: axis, incident: incident, markers: markers)))
    }

    static let phaseRowH = 20.0

    /// What a builder hands back: shapes drawn behind the cards, and texts drawn in front.
    struct Layers {
        var back: [SceneItem] = []
        var front: [SceneItem] = []
    }

    /// The labels of the axis breaks in the row under the axis (relative y: line numbers),
    /// stacked on up to three lines; nil when they still collide.
    func breakLabels(_ axis: BrokenTimeAxis) -> (TickRow, [(TextRun, Int)])? {
        let probe = ts.measure("00:00", size: Self.smallSize, color: theme.mutedText, role: .tick)
        var row = TickRow(lineHeight: probe.metrics.height + 1)
        var runs: [(TextRun, Int)] = []
        for b in axis.breaks {
            let run = breakLabel(b).placed(centerX: b.position, top: 0, within: margin, width - margin)
            guard let line = (0..<3).first(where: { row.free(run.extent, line: $0) }) else { return nil }
            row.take(run.extent, line: line)
            runs.append((run, line))
        }
        return (row, runs)
    }

    /// Events (in time order) closer than `near` pixels share a card, at most `most` to one.
    func cardGroups(_ events: [Event], order: [Int], axis: BrokenTimeAxis, near: Double, most: Int) -> [[Int]] {
        var groups: [[Int]] = []
        for i in order {
            if let g = groups.last, g.count < most,
               axis.position(events[i].at.epoch) - axis.position(events[g[0]].at.epoch) < near { groups[groups.count - 1].append(i) }
            else { groups.append([i]) }
        }
        return groups
    }

    /// Sides and rows for the cards (y still unknown): each card holds its marker's x and
    /// hangs from it by a vertical leader. A card takes the nearest row where it fits,
    /// preferring places where no nearer card hides its leader and where it hides no farther
    /// card's leader; sides alternate. Nil when a card finds no row.
    func placeCards(anchors: [Double], heights: [Double], cardW: Double) -> [Slot]? {
        var slots: [Slot] = []
        for (g, ax) in anchors.enumerated() {
            var best: (cost: Double, slot: Slot)?
            for above in [true, false] {
                let sideCost = (g % 2 == 0) == above ? 0.0 : 25.0
                let side = slots.filter { $0.above == above }
                for r in 0..<maxRowsPerSide {
                    if r > 0 && !side.contains(where: { $0.row == r - 1 }) { break }
                    for (x0, shapeCost) in [(ax - 10, 0.0), (ax - cardW / 2, 6.0), (ax - cardW + 10, 12.0)] {
                        let x = min(max(x0, margin), width - margin - cardW)
                        guard ax >= x + 4, ax <= x + cardW - 4 else { continue }
                        let span = (x - 4)...(x + cardW + 4)
                        var cost = Double(r) * 100 + sideCost + shapeCost
                        if let b = best, b.cost <= cost { continue }
                        var fits = true
                        for o in side {
                            if o.row == r { if !(o.rect.maxX + 8 <= x || x + cardW + 8 <= o.rect.minX) { fits = false; break } }
                            else if o.row < r { if (o.rect.minX - 4...o.rect.maxX + 4).contains(ax) { cost += 60 } }
                            else if span.contains(o.leader.0.x) { cost += 60 }
                        }
                        if fits, best.map({ cost < $0.cost }) ?? true {
                            best = (cost, Slot(index: g, above: above, row: r, rect: Rect(x: x, y: 0, w: cardW, h: heights[g]),
                                               leader: (Point(ax, 0), Point(ax, 0))))
                        }
                    }
                }
            }
            guard let best else { return nil }
            slots.append(best.slot)
        }
        return slots
    }

    /// Each row as tall as its tallest card, the rows above the axis from `top` down: the
    /// placed cards and leaders, the axis's y and the plot's bottom.
    func stackRows(_ slots: [Slot], plotTop top: Double, tickRowH: Double) -> (slots: [Slot], axisY: Double, bottom: Double) {
        let rowGap = 10.0, gapAbove = 16.0, gapBelow = 10 + tickRowH + 10
        func rowHeights(_ above: Bool) -> [Double] {
            let side = slots.filter { $0.above == above }
            let n = (side.map(\.row).max() ?? -1) + 1
            return (0..<n).map { r in side.filter { $0.row == r }.map(\.rect.h).max() ?? 0 }
        }
        let hAbove = rowHeights(true), hBelow = rowHeights(false)
        let aboveH = hAbove.isEmpty ? 10 : gapAbove + hAbove.reduce(0, +) + Double(hAbove.count - 1) * rowGap
        let axisY = top + aboveH
        let belowH = hBelow.isEmpty ? 10 + tickRowH : gapBelow + hBelow.reduce(0, +) + Double(hBelow.count - 1) * rowGap
        let placed = slots.map { s in
            var s = s
            let edge = s.above ? axisY - gapAbove - hAbove[..<s.row].reduce(0, +) - Double(s.row) * rowGap
                               : axisY + gapBelow + hBelow[..<s.row].reduce(0, +) + Double(s.row) * rowGap
            s.rect.y = s.above ? edge - s.rect.h : edge
            s.leader = (Point(s.leader.0.x, axisY), Point(s.leader.0.x, edge))
            return s
        }
        return (placed, axisY, axisY + belowH + 8)
    }

    /// Phase bands from `top` to `bottom`, named inline where the name fits; the phases whose
    /// name (with its duration) found no room go to the legend.
    func phaseBands(_ incident: Incident, axis: BrokenTimeAxis, top: Double, bottom: Double)
        -> (Layers, unnamed: [(name: String, from: Int64, to: Int64, index: Int)]) {
        var layers = Layers()
        var unnamed: [(name: String, from: Int64, to: Int64, index: Int)] = []
        for p in Self.phases(incident) {
            let a = axis.position(p.from), b = axis.position(p.to)
            layers.back.append(.shape(.rect(Rect(x: a, y: top, w: b - a, h: bottom - top), cornerRadius: 0), Paint(fill: theme.phaseColors[p.index])))
            let full = ts.measure("\(p.name) \(DurationText.format(seconds: Double(p.to - p.from)))", size: Self.smallSize, weight: .semibold,
                                  color: theme.mutedText, role: .annotation)
            let short = ts.measure(p.name, size: Self.smallSize, weight: .semibold, color: theme.mutedText, role: .annotation)
            if let label = [full, short].first(where: { $0.metrics.width <= b - a - 10 }) {
                layers.front.append(.text(label.placed(at: Point(a + 5, top + 4))))
                if label.text != full.text { unnamed.append(p) }
            } else {
                unnamed.append(p)
            }
        }
        return (layers, unnamed)
    }

    /// Breaks: the shading and the axis are cut, and the cut says how long the gap was.
    func breakMarks(_ axis: BrokenTimeAxis, labels: [(TextRun, Int)], axisY: Double, tickTop: Double, lineHeight: Double,
                    top: Double, bottom: Double) -> Layers {
        var layers = Layers()
        for (b, (run, line)) in zip(axis.breaks, labels) {
            layers.back.append(.shape(.rect(Rect(x: b.position - 9, y: top, w: 18, h: bottom - top), cornerRadius: 0), Paint(fill: theme.background)))
            for dx in [-9.0, 9.0] {
                layers.back.append(.shape(.polyline([Point(b.position + dx, top), Point(b.position + dx, bottom)]),
                                          Paint(stroke: theme.grid, lineWidth: 1, dash: [3, 3])))
            }
            for dx in [-5.0, 3.0] {
                layers.back.append(.shape(.polyline([Point(b.position + dx - 2, axisY + 6), Point(b.position + dx + 2, axisY - 6)]),
                                          Paint(stroke: theme.axis, lineWidth: 1.5)))
            }
            layers.front.append(.text(run.placed(at: Point(run.origin.x, tickTop + Double(line) * lineHeight))))
        }
        return layers
    }

    /// The axis: one line per unbroken stretch.
    func axisLine(_ axis: BrokenTimeAxis, y: Double) -> [SceneItem] {
        axis.segments.map { .shape(.polyline([Point($0.start, y), Point($0.end, y)]), Paint(stroke: theme.axis, lineWidth: 2)) }
    }

    /// Ticks where neither a label nor a leader is in the way, with grid lines from `top` to
    /// `bottom`; the date under the first tick of each day.
    func tickMarks(_ axis: BrokenTimeAxis, moments: [Int64], row: inout TickRow, slots: [Slot], axisY: Double, tickTop: Double,
                   top: Double, bottom: Double) -> Layers {
        var layers = Layers()
        var shownDate = ""
        for t in axis.ticks(spacing: 72, moments: moments) {
            let label = ts.measure(t.label, size: Self.smallSize, color: theme.mutedText, role: .tick)
                .placed(centerX: t.position, top: tickTop, within: margin, width - margin)
            let date = t.date.flatMap { $0 == shownDate ? nil : $0 }.map {
                ts.measure($0, size: Self.smallSize, weight: .semibold, color: theme.mutedText, role: .tick)
                    .placed(centerX: t.position, top: tickTop + row.lineHeight, within: margin, width - margin)
            }
            let runs = [(label, 0)] + (date.map { [($0, 1)] } ?? [])
            let clear = runs.allSatisfy { run, line in
                row.free(run.extent, line: line) && !slots.contains { Geometry.segment($0.leader, crosses: run.extent.insetBy(-2)) }
            }
            guard clear else { continue }
            for (run, line) in runs { row.take(run.extent, line: line); layers.front.append(.text(run)) }
            if let d = t.date { shownDate = d }
            layers.back.append(.shape(.polyline([Point(t.position, top), Point(t.position, bottom)]), Paint(stroke: theme.grid, lineWidth: 1)))
            layers.back.append(.shape(.polyline([Point(t.position, axisY - 4), Point(t.position, axisY + 4)]), Paint(stroke: theme.axis, lineWidth: 1.5)))
        }
        return layers
    }

    // MARK: - Vertical

    /// Time flows down a spine, time-proportional with the same breaks, phases as a band along
    /// it; the cards are stacked in time order beside it, so their leaders never cross. Always
    /// fits: the canvas grows.
    public func vertical(_ incident: Incident) -> Scene {
        let events = incident.timeline
        let head = header(incident, top: 18)
        let top = head.bottom + 18
        let multiDay = incident.windowIsMultiDay
        let compact = events.count > 60
        let probe = ts.measure(multiDay ? "May 30 00:00:00" : "00:00:00", size: Self.smallSize, weight: .semibold,
                               color: theme.mutedText, role: .tick)
        // The time column holds the widest tick, and the label of the longest possible break.
        let sorted = Self.moments(incident).sorted()
        let longest = zip(sorted, sorted.dropFirst()).map { $1 - $0 }.max() ?? 0
        let breakProbe = breakLabel(AxisBreak(from: 0, to: longest, position: 0))
        let axisX = margin + max(probe.metrics.width, breakProbe.metrics.width) + 14
        let cardX = axisX + 34
        let order = events.indices.sorted { (events[$0].at.epoch, $0) < (events[$1].at.epoch, $1) }
        let stack = stackedCards(incident, order: order, x: cardX, top: top, compact: compact)
        let stackBottom = max(stack.bottom, top + 160)
        let axis = BrokenTimeAxis(incident: incident, moments: Self.moments(incident), from: top + 6, to: stackBottom - 6)
        let spine = self.spine(incident, axis: axis, x: axisX, order: order, leadersTo: stack.rects, cardX: cardX)
        let markerItems = order.map { Self.marker(events[$0].kind, at: spine.markers[$0], size: compact ? 4.5 : 6, theme: theme) }
        // The phases have no room for names along the spine: the legend names them all.
        var legend = legend(incident, phases: Self.phases(incident), top: stackBottom + 12)
        if stack.shortened {
            let note = shortenedNote(top: legend.bottom + 6)
            legend.items.append(.text(note)); legend.bottom = note.extent.maxY
        }
        let items = spine.back + order.flatMap { stack.items[$0] } + markerItems + spine.front + head.items + legend.items
        return scene(incident, height: legend.bottom + 18, items: items,
                     chart: chart(.vertical, axis: axis, incident: incident, markers: spine.markers))
    }

    /// The vertical timeline's cards, stacked in time order (`order`) from `top` at `x` to the
    /// right margin: one line each when `compact`, else up to four. By event: the card's rect
    /// and items; the y where the stack ends; whether a text was shortened.
    func stackedCards(_ incident: Incident, order: [Int], x cardX: Double, top: Double, compact: Bool)
        -> (rects: [Rect], items: [[SceneItem]], bottom: Double, shortened: Bool) {
        let events = incident.timeline
        let multiDay = incident.windowIsMultiDay
        let cardW = width - margin - cardX
        let zoned = TimeAxis(incident: incident, x0: 0, x1: 1)
        var rects = [Rect](repeating: Rect(x: 0, y: 0, w: 0, h: 0), count: events.count)
        var cardRuns: [[SceneItem]] = Array(repeating: [], count: events.count)
        var shortened = false
        var y = top
        for i in order {
            let e = events[i]
            if compact {
                let heading = ts.measure(eventHeading(e, multiDay: multiDay, axis: zoned), size: Self.smallSize, weight: .semibold,
                                         color: theme.color(e.kind), role: .time, events: [i]).placed(at: Point(cardX + 8, y + 3))
                let bodyX = heading.extent.maxX + 8
                let italic = e.kind == .misleading
                let (fitted, cut) = ts.fit(eventBody(e).replacing("\n", with: " · "),
                                           font: FontSpec(family: theme.fontFamily, size: Self.smallSize, italic: italic),
                                           wrap: cardX + cardW - 6 - bodyX, maxLines: 1)
                shortened = shortened || cut
                let body = ts.measure(fitted.text, size: Self.smallSize, italic: italic, color: theme.text, role: .label,
                                      events: [i], styles: fitted.styles).placed(at: Point(bodyX, y + 3))
                let rect = Rect(x: cardX, y: y, w: cardW, h: max(heading.extent.maxY, body.extent.maxY) + 3 - y)
                rects[i] = rect
                cardRuns[i] = [.shape(.rect(rect, cornerRadius: 3), Paint(fill: theme.surface)),
                               .shape(.rect(Rect(x: rect.minX, y: rect.minY + 2, w: 3, h: rect.h - 4), cornerRadius: 1.5), Paint(fill: theme.color(e.kind))),
                               .text(heading), .text(body)]
                y = rect.maxY + 2
            } else {
                let c = cardText([i], of: events, width: cardW, multiDay: multiDay, axis: zoned, maxLines: 4)
                shortened = shortened || c.shortened
                let rect = Rect(x: cardX, y: y, w: cardW, h: c.height)
                rects[i] = rect
                cardRuns[i] = cardItems(c, rect: rect)
                y = rect.maxY + 6
            }
        }
        return (rects, cardRuns, y, shortened)
    }

    /// The spine on `x`: phases as a band along it, its segments with break marks and break
    /// labels, ticks with their times where they do not collide, and a leader from each event's
    /// place to its card. `back` goes under the cards, `front` (the texts) over them; by event,
    /// its marker's centre.
    func spine(_ incident: Incident, axis: BrokenTimeAxis, x axisX: Double, order: [Int], leadersTo rects: [Rect], cardX: Double)
        -> (back: [SceneItem], front: [SceneItem], markers: [Point]) {
        let events = incident.timeline
        var back: [SceneItem] = [], front: [SceneItem] = []
        for p in Self.phases(incident) {
            let a = axis.position(p.from), b = axis.position(p.to)
            back.append(.shape(.rect(Rect(x: axisX - 6, y: a, w: 12, h: b - a), cornerRadius: 0), Paint(fill: theme.phaseColors[p.index])))
        }
        for s in axis.segments {
            back.append(.shape(.polyline([Point(axisX, s.start), Point(axisX, s.end)]), Paint(stroke: theme.axis, lineWidth: 2)))
        }
        var taken: [Rect] = []
        for b in axis.breaks {
            for dy in [-5.0, 3.0] {
                back.append(.shape(.polyline([Point(axisX - 7, b.position + dy + 2), Point(axisX + 7, b.position + dy - 2)]),
                                   Paint(stroke: theme.axis, lineWidth: 1.5)))
            }
            let run = breakLabel(b)
            let placed = run.placed(right: axisX - 12, top: b.position - run.metrics.height / 2)
            front.append(.text(placed)); taken.append(placed.extent)
        }
        var shownDate = ""
        for t in axis.ticks(spacing: 34, moments: Self.moments(incident)) {
            let date = t.date.flatMap { $0 == shownDate ? nil : $0 }
            let text = date.map { "\($0) \(t.label)" } ?? t.label
            let run = ts.measure(text, size: Self.smallSize, weight: date == nil ? .regular : .semibold, color: theme.mutedText, role: .tick)
            let placed = run.placed(right: axisX - 12, top: t.position - run.metrics.height / 2)
            guard placed.extent.minX >= 2, !taken.contains(where: { $0.insetBy(-2).intersects(placed.extent) }) else { continue }
            taken.append(placed.extent); front.append(.text(placed))
            if let d = t.date { shownDate = d }
            back.append(.shape(.polyline([Point(axisX - 8, t.position), Point(axisX + 8, t.position)]), Paint(stroke: theme.axis, lineWidth: 1)))
        }
        var markers = [Point](repeating: Point(0, 0), count: events.count)
        for i in order {
            let my = axis.position(events[i].at.epoch)
            markers[i] = Point(axisX, my)
            back.append(.shape(.polyline([Point(axisX + 6, my), Point(cardX, min(max(my, rects[i].minY + 4), rects[i].maxY - 4))]),
                               Paint(stroke: theme.color(events[i].kind).withAlpha(0.6), lineWidth: 1)))
        }
        return (back, front, markers)
    }
}

/// Plane geometry for leader lines.
enum Geometry {
    /// True when the segment passes through the rectangle's interior or touches it.
    static func segment(_ s: (Point, Point), crosses r: Rect) -> Bool {
        // Liang–Barsky clipping.
        var t0 = 0.0, t1 = 1.0
        let dx = s.1.x - s.0.x, dy = s.1.y - s.0.y
        for (p, q) in [(-dx, s.0.x - r.minX), (dx, r.maxX - s.0.x), (-dy, s.0.y - r.minY), (dy, r.maxY - s.0.y)] {
            if p == 0 { if q < 0 { return false }; continue }
            let t = q / p
            if p < 0 { if t > t1 { return false }; t0 = max(t0, t) } else { if t < t0 { return false }; t1 = min(t1, t) }
        }
        return t0 < t1
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
