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
        var items: [SceneItem] = [.shape(.rect(Rect(x: 0, y: 0, w: width, h: height), cornerRadius: 0), Paint(fill: theme.background))]
        var texts: [SceneItem] = []
        // A band of the phase colours along the left edge.
        let phases = TimelineLayout.phases(incident)
        let total = Double(max(incident.windowSeconds, 1))
        var by = 0.0
        for p in phases {
            let h = height * Double(p.to - p.from) / total
            items.append(.shape(.rect(Rect(x: 0, y: by, w: 14, h: h), cornerRadius: 0), Paint(fill: theme.color(Self.phaseKind[p.index]))))
            by += h
        }

        // Bottom up: the miniature timeline, then the numbers, fix the space left for the title.
        let miniY = height - 70.0
        let axis = TimeAxis(incident: incident, x0: margin, x1: width - margin)
        for p in phases {
            let x0 = axis.x(p.from), x1 = axis.x(p.to)
            items.append(.shape(.rect(Rect(x: x0, y: miniY - 9, w: x1 - x0, h: 18), cornerRadius: 0), Paint(fill: theme.phaseColors[p.index])))
        }
        items.append(.shape(.polyline([Point(margin, miniY), Point(width - margin, miniY)]), Paint(stroke: theme.axis, lineWidth: 2)))
        for e in incident.timeline {
            items.append(TimelineLayout.marker(e.kind, at: Point(axis.x(e.at.epoch), miniY), size: 6, theme: theme))
        }
        let s = incident.windowStart.wall, e = incident.windowEnd.wall
        let startRun = ts.run(s.clockText, size: 16, weight: .medium, color: theme.mutedText, at: Point(margin, miniY + 16), role: .tick)
        texts.append(.text(startRun))
        var endRun = ts.run(e.clockText + " " + incident.zoneLabel, size: 16, weight: .medium, color: theme.mutedText, at: Point(0, 0), role: .tick)
        endRun.origin = Point(width - margin - endRun.metrics.width, miniY + 16)
        texts.append(.text(endRun))

        // Headline numbers.
        var stats: [(String, String)] = [
            incident.durationMinutes.map { (DurationText.format(minutes: $0), "outage") } ?? ("—", "duration not stated"),
            incident.impact.usersAffectedPercent.map { ("\(JSONValue.format(($0 * 10).rounded() / 10))%", "of users affected") } ?? ("—", "share of users not stated"),
        ]
        if let d = incident.timeToDetectMinutes { stats.append((DurationText.format(minutes: d), "to detect")) }
        else { stats.append(("\(incident.timeline.count)", incident.timeline.count == 1 ? "event" : "events")) }
        let statW = (width - 2 * margin) / Double(stats.count)
        var statTop = miniY - 40
        var statRuns: [(TextRun, TextRun)] = []
        for (value, label) in stats {
            let v = ts.run(value, size: 44, weight: .bold, color: theme.text, at: Point(0, 0), role: .value)
            let l = ts.run(label, size: 18, color: theme.mutedText, at: Point(0, 0), role: .annotation)
            statRuns.append((v, l))
        }
        let statH = (statRuns.map { $0.0.extent.maxY + 2 + $0.1.extent.maxY }.max() ?? 60)
        statTop -= statH
        for (i, (v, l)) in statRuns.enumerated() {
            var vp = v, lp = l
            vp.origin = Point(margin + Double(i) * statW, statTop)
            lp.origin = Point(margin + Double(i) * statW, vp.extent.maxY + 2)
            texts.append(.text(vp)); texts.append(.text(lp))
        }

        // Top down: tag, emoji, title, subtitle, in the space above the numbers.
        var tagParts = ["POSTMORTEM"]
        if let sev = incident.severity { tagParts.append(MarkdownText.plain(sev).uppercased()) }
        let (tagText, _) = ts.fit(tagParts.joined(separator: "  ·  "), font: FontSpec(family: theme.fontFamily, size: 18, weight: .semibold), wrap: width - 2 * margin, maxLines: 1)
        let tag = ts.run(tagText, size: 18, weight: .semibold, color: theme.color(.detected), at: Point(margin, 52), role: .subtitle)
        texts.append(.text(tag))
        var y = tag.extent.maxY + 18
        let subtitleText = [incident.service.map(MarkdownText.plain), incident.dateKnown ? Self.longDate(s) : nil].compactMap { $0 }.joined(separator: "  ·  ")
        let (subFit, _) = ts.fit(subtitleText, font: FontSpec(family: theme.fontFamily, size: 24), wrap: width - 2 * margin, maxLines: 1)
        var subtitle = ts.run(subFit, size: 24, color: theme.mutedText, at: Point(0, 0), wrap: width - 2 * margin, role: .subtitle)
        let titleBottomLimit = statTop - 36 - subtitle.metrics.height - 14
        var titleText = MarkdownText.plain(incident.displayTitle)
        if let emoji = incident.emoji { titleText = emoji + " " + titleText }
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
        var placedTitle = title!
        let blockH = placedTitle.extent.maxY - y + 14 + subtitle.metrics.height
        let room = (statTop - 36) - y
        let dy = max(0, (room - blockH) / 2).rounded()
        placedTitle.origin.y += dy
        texts.append(.text(placedTitle))
        subtitle.origin = Point(margin, placedTitle.extent.maxY + 14)
        texts.append(.text(subtitle))

        return Scene(figure: "card", width: width, height: height, background: theme.background, items: items + texts,
                     alt: Self.alt(incident), eventCount: incident.timeline.count, title: MarkdownText.plain(incident.displayTitle))
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
