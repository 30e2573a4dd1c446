import Foundation
import HindsightModel

/// The cover card (1200×630, the preview size blogs and social sites use): emoji, title,
/// service and date, three headline numbers, and a miniature of the timeline.
public struct CardLayout {
    public let measurer: any TextMeasurer
    public var theme: Theme
    public let width = 1200.0
    public let height = 630.0

    public init(measurer: any TextMeasurer, theme: Theme = .light) {
        self.measurer = measurer; self.theme = theme
    }

    var ts: Typesetter { Typesetter(measurer: measurer, family: theme.fontFamily) }
    let margin = 64.0

    public func layout(_ incident: Incident) -> Scene {
        // Bottom up: the miniature timeline, then the numbers above it; the title and its
        // subtitle in the space left above those.
        let miniY = height - 74.0
        let phases = TimelineLayout.phases(incident)
        let band = phaseBand(incident, phases: phases)
        let mini = miniTimeline(incident, phases: phases, y: miniY)
        let stats = numbers(incident, above: miniY - 44)
        let header = self.header(incident, above: stats.top - 36)
        return Scene(figure: Figure.card.rawValue, width: width, height: height, background: theme.background,
                     items: band + mini.shapes + mini.texts + stats.texts + header,
                     alt: Self.alt(incident), eventCount: incident.timeline.count, title: MarkdownText.plain(incident.displayTitle))
    }

    /// A band of the phase colours along the left edge, each phase as tall as its share of
    /// the window.
    func phaseBand(_ incident: Incident, phases: [(name: String, from: Int64, to: Int64, index: Int)]) -> [SceneItem] {
        let total = Double(max(incident.windowSeconds, 1))
        var items: [SceneItem] = []
        var by = 0.0
        for p in phases {
            let h = height * Double(p.to - p.from) / total
            items.append(.shape(.rect(Rect(x: 0, y: by, w: 14, h: h), cornerRadius: 0), Paint(fill: theme.color(Self.phaseKind[p.index]))))
            by += h
        }
        return items
    }

    /// The miniature timeline on `y`: the timeline's axis with its breaks and `phases`, a marker
    /// per event (events closer than a badge's width merge into one marker that says how
    /// many), the window's start and end under it.
    func miniTimeline(_ incident: Incident, phases: [(name: String, from: Int64, to: Int64, index: Int)], y miniY: Double) -> (shapes: [SceneItem], texts: [SceneItem]) {
        var items: [SceneItem] = [], texts: [SceneItem] = []
        let axis = BrokenTimeAxis(incident: incident, moments: TimelineLayout.moments(incident), from: margin, to: width - margin,
                                  breakLength: 22, pad: 10)
        for p in phases {
            let x0 = axis.position(p.from), x1 = axis.position(p.to)
            items.append(.shape(.rect(Rect(x: x0, y: miniY - 9, w: x1 - x0, h: 18), cornerRadius: 0), Paint(fill: theme.phaseColors[p.index])))
        }
        for seg in axis.segments {
            items.append(.shape(.polyline([Point(seg.start, miniY), Point(seg.end, miniY)]), Paint(stroke: theme.axis, lineWidth: 2)))
        }
        for b in axis.breaks {
            items.append(.shape(.rect(Rect(x: b.position - 6, y: miniY - 12, w: 12, h: 24), cornerRadius: 0), Paint(fill: theme.background)))
            for dx in [-5.0, 3.0] {
                items.append(.shape(.polyline([Point(b.position + dx - 2, miniY + 7), Point(b.position + dx + 2, miniY - 7)]), Paint(stroke: theme.axis, lineWidth: 1.5)))
            }
        }
        for cluster in Self.clusters(incident.timeline.map { axis.position($0.at.epoch) }, within: 26) {
            let events = cluster.map { incident.timeline[$0] }
            let x = axis.position(events[0].at.epoch)
            if cluster.count == 1 {
                items.append(TimelineLayout.marker(events[0].kind, at: Point(x, miniY), size: 7, theme: theme))
                continue
            }
            let count = ts.measure("\(cluster.count)", size: 17, weight: .bold, color: theme.text, role: .value)
            let r = max(13, count.metrics.width / 2 + 6)
            let cx = x + (axis.position(events.last!.at.epoch) - x) / 2
            items.append(.shape(.circle(center: Point(cx, miniY), radius: r), Paint(fill: theme.surface, stroke: theme.axis, lineWidth: 2)))
            texts.append(.text(count.placed(at: Point(cx - count.metrics.width / 2, miniY - count.metrics.height / 2))))
        }
        let multiDay = incident.windowIsMultiDay && incident.dateKnown
        func stamp(_ w: WallTime) -> String { multiDay ? "\(TimeAxis.monthDay(w)) \(w.clockText)" : w.clockText }
        texts.append(.text(ts.measure(stamp(incident.windowStart.wall), size: 18, weight: .medium, color: theme.mutedText, role: .tick)
            .placed(at: Point(margin, miniY + 18))))
        texts.append(.text(ts.measure(stamp(incident.windowEnd.wall) + " " + incident.zoneLabel, size: 18, weight: .medium,
                                      color: theme.mutedText, role: .tick)
            .placed(right: width - margin, top: miniY + 18)))
        return (items, texts)
    }

    /// The headline numbers (duration, share of users, time to detect or the event count) in
    /// equal columns, ending `bottom` px above the mini timeline; returns where they start.
    func numbers(_ incident: Incident, above bottom: Double) -> (texts: [SceneItem], top: Double) {
        var stats: [(String, String)] = [
            incident.durationMinutes.map { (DurationText.format(minutes: $0), "outage") } ?? ("—", "duration not stated"),
            incident.impact.usersAffectedPercent.map { ("\(JSONValue.format(($0 * 10).rounded() / 10))%", "of users affected") } ?? ("—", "share of users not stated"),
        ]
        if let d = incident.timeToDetectMinutes { stats.append((DurationText.format(minutes: d), "to detect")) }
        else { stats.append(("\(incident.timeline.count)", incident.timeline.count == 1 ? "event" : "events")) }
        let statW = (width - 2 * margin) / Double(stats.count)
        let runs = stats.map { value, label in
            (ts.measure(value, size: 44, weight: .bold, color: theme.text, role: .value),
             ts.measure(label, size: 18, color: theme.mutedText, role: .annotation))
        }
        let top = bottom - (runs.map { $0.0.extent.maxY + 2 + $0.1.extent.maxY }.max() ?? 60)
        var texts: [SceneItem] = []
        for (i, (v, l)) in runs.enumerated() {
            let vp = v.placed(at: Point(margin + Double(i) * statW, top))
            texts.append(.text(vp)); texts.append(.text(l.placed(at: Point(margin + Double(i) * statW, vp.extent.maxY + 2))))
        }
        return (texts, top)
    }

    /// The tag (POSTMORTEM · severity) at the top, then the title at the largest size that
    /// fits (shortened at the smallest) and the subtitle, centred in the room down to `limit`.
    func header(_ incident: Incident, above limit: Double) -> [SceneItem] {
        var tagParts = ["POSTMORTEM"]
        if let sev = incident.severity { tagParts.append(BidiText.isolate(MarkdownText.plain(sev).uppercased())) }
        let (tagText, _) = ts.fit(tagParts.joined(separator: "  ·  "), font: FontSpec(family: theme.fontFamily, size: 18, weight: .semibold), wrap: width - 2 * margin, maxLines: 1)
        let tag = ts.run(tagText, size: 18, weight: .semibold, color: theme.color(.detected), at: Point(margin, 52), role: .subtitle)
        let y = tag.extent.maxY + 18
        let subtitleText = [incident.service.map { BidiText.isolate(MarkdownText.plain($0)) },
                            incident.dateKnown ? Self.longDate(incident.windowStart.wall) : nil]
            .compactMap { $0 }.joined(separator: "  ·  ")
        let (subFit, _) = ts.fit(subtitleText, font: FontSpec(family: theme.fontFamily, size: 24), wrap: width - 2 * margin, maxLines: 1)
        let subtitle = ts.measure(subFit, size: 24, color: theme.mutedText, wrap: width - 2 * margin, role: .subtitle)
        let titleBottomLimit = limit - subtitle.metrics.height - 14
        var titleText = MarkdownText.plain(incident.displayTitle)
        if let emoji = incident.emoji { titleText = emoji + " " + BidiText.isolate(titleText) }
        // The largest size at which the title fits; at the smallest, shorten it.
        var title: TextRun?
        for size in [64.0, 58, 52, 46, 40, 36, 32] {
            let t = ts.run(titleText, size: size, weight: .bold, color: theme.text, at: Point(margin, y), wrap: width - 2 * margin, role: .title)
            if t.extent.maxY <= titleBottomLimit && t.metrics.lineCount <= 3 { title = t; break }
        }
        if title == nil {
            let font = FontSpec(family: theme.fontFamily, size: 32, weight: .bold)
            let lines = max(1, Int((titleBottomLimit - y) / (32 * 1.25)))
            let (short, _) = ts.fit(titleText, font: font, wrap: width - 2 * margin, maxLines: min(lines, 3))
            title = ts.run(short, size: 32, weight: .bold, color: theme.text, at: Point(margin, y), wrap: width - 2 * margin, role: .title)
        }
        // Centre the title block in the space between the tag and the numbers.
        let blockH = title!.extent.maxY - y + 14 + subtitle.metrics.height
        let dy = max(0, (limit - y - blockH) / 2).rounded()
        let placedTitle = title!.placed(at: Point(title!.origin.x, title!.origin.y + dy))
        return [.text(tag), .text(placedTitle), .text(subtitle.placed(at: Point(margin, placedTitle.extent.maxY + 14)))]
    }

    /// Indices of `positions` (in time order) grouped while each lies within `d` of the one before.
    static func clusters(_ positions: [Double], within d: Double) -> [[Int]] {
        var out: [[Int]] = []
        for (i, x) in positions.enumerated() {
            if let g = out.last, x - positions[g.last!] < d { out[out.count - 1].append(i) } else { out.append([i]) }
        }
        return out
    }

    /// The kind whose colour stands for each phase on the card's edge band.
    static let phaseKind: [EventKind] = [.detected, .investigation, .identified, .mitigated]

    static let monthNames = ["January", "February", "March", "April", "May", "June", "July", "August",
                             "September", "October", "November", "December"]
    static func longDate(_ w: WallTime) -> String { "\(monthNames[w.month - 1]) \(w.day), \(w.year)" }

    static func alt(_ i: Incident) -> String {
        var s = "Cover card: \"\(MarkdownText.plain(i.displayTitle))\"" + (i.service.map { ", " + MarkdownText.plain($0) } ?? "")
        s += (i.dateKnown ? ", \(longDate(i.windowStart.wall))." : ".")
        s += " Outage of " + (i.durationMinutes.map { DurationText.format(minutes: $0) } ?? "unknown length") + ", " + i.usersAffectedText
        if let d = i.timeToDetectMinutes { s += ", detected after \(DurationText.format(minutes: d))" }
        return s + "; a miniature timeline shows \(i.timeline.count) events."
    }
}
