import Foundation
import Testing
@testable import HindsightLayout
import HindsightModel

/// A deterministic stand-in for pango: every character is 0.55 em wide, lines are 1.25 em.
struct FakeMeasurer: TextMeasurer {
    func measure(_ text: String, font: FontSpec, wrapWidth: Double?, align: TextAlign) -> TextMetrics {
        let cw = font.size * (font.weight == .bold ? 0.6 : 0.55), lh = font.size * 1.25
        var lines: [Double] = []
        for para in text.split(separator: "\n", omittingEmptySubsequences: false) {
            var cur = 0.0
            for word in para.split(separator: " ") {
                let w = Double(word.count) * cw
                if cur > 0, let wrap = wrapWidth, cur + cw + w > wrap { lines.append(cur); cur = w }
                else { cur += (cur > 0 ? cw : 0) + w }
            }
            lines.append(cur)
        }
        let width = lines.max() ?? 0
        let h = Double(lines.count) * lh
        return TextMetrics(width: width, height: h, ink: Rect(x: 0, y: 1, w: width, h: h - 2), lineCount: lines.count, baseline: font.size)
    }
}

func incident(events n: Int, spanMinutes: Int, textLength: Int = 40, zone: String = "UTC") -> Incident {
    var yaml = "title: Generated\nservice: S\ntimezone: \(zone)\nstart: 2025-03-01 08:00\n"
    let end = WallTime(secondsSinceEpoch: WallTime(year: 2025, month: 3, day: 1, hour: 8, minute: 0).secondsAsIfUTC + Int64(spanMinutes * 60))
    yaml += "end: \(end.dateText) \(end.clockText)\nimpact: {summary: x, users_affected_percent: 50}\nroot_cause: r\ntimeline:\n"
    let kinds = EventKind.allCases
    let words = ["database", "rollback", "alert", "pager", "cache", "deploy", "queue", "latency"]
    for i in 0..<n {
        let off = n == 1 ? 0 : Int64(spanMinutes * 60) * Int64(i) / Int64(n - 1)
        let w = WallTime(secondsSinceEpoch: WallTime(year: 2025, month: 3, day: 1, hour: 8, minute: 0).secondsAsIfUTC + off)
        var text = ""
        var k = i
        while text.count < textLength { text += words[k % words.count] + " "; k += 3 }
        let kind = kinds[i % kinds.count]
        yaml += "  - at: \"\(w.dateText) \(String(format: "%02d:%02d:%02d", w.hour, w.minute, w.second))\"\n    kind: \(kind.rawValue)\n    text: \"\(text)\"\n"
        if kind == .escalated { yaml += "    to: Team \(i)\n" }
        if kind == .detected { yaml += "    via: monitoring\n" }
    }
    yaml += "resolution: r\ncorrective: {improvements: [i], tasks: [t]}\n"
    let r = IncidentLoader.load(text: yaml, file: "g.yaml", format: .yaml)
    guard let i = r.incident else { fatalError("generated incident invalid: \(r.diagnostics.map(\.text))") }
    return i
}

@Suite struct TimelineLayoutTests {
    let m = FakeMeasurer()

    @Test func exampleIsHorizontalAndClean() throws {
        let i = try #require(IncidentLoader.load(text: BuiltinExample.yaml, file: "e.yaml").incident)
        let layout = TimelineLayout(measurer: m)
        let scene = try #require(layout.horizontal(i))
        #expect(scene.width == 1600 && scene.height == 600)
        #expect(SceneCheck.problems(scene).isEmpty, "\(SceneCheck.problems(scene))")
        #expect(scene.texts.filter { $0.role == .label }.count == 11)
        #expect(scene.texts.contains { $0.role == .title && $0.text.contains("Emails Stood Still") })
        #expect(scene.alt.contains("11 events"))
    }

    @Test(arguments: [(1, 3), (5, 30), (11, 90), (10, 1), (30, 240), (60, 1440), (120, 4320), (300, 43200)])
    func generatedIncidentsKeepInvariants(events: Int, span: Int) {
        let i = incident(events: events, spanMinutes: span)
        for theme in [Theme.light, Theme.dark] {
            let scene = TimelineLayout(measurer: m, theme: theme).layout(i)
            #expect(SceneCheck.problems(scene).isEmpty, "\(events)/\(span): \(SceneCheck.problems(scene).prefix(3))")
            #expect(scene.eventCount == events)
        }
    }

    @Test func longTextsAreShortenedAndSaidSo() {
        let i = incident(events: 8, spanMinutes: 60, textLength: 900)
        let scene = TimelineLayout(measurer: m).layout(i)
        #expect(SceneCheck.problems(scene).isEmpty)
        #expect(scene.texts.contains { $0.text.contains("shortened") })
    }

    @Test func burstFallsBackToVertical() {
        let i = incident(events: 40, spanMinutes: 2)
        let scene = TimelineLayout(measurer: m).layout(i)
        #expect(scene.height > 600)
        #expect(SceneCheck.problems(scene).isEmpty)
    }

    @Test func checkFindsOverlapsAndClipping() {
        let t = TextRun(text: "a", font: FontSpec(size: 12), color: Theme.light.text, origin: Point(10, 10),
                        metrics: TextMetrics(width: 50, height: 15, ink: Rect(x: 0, y: 0, w: 50, h: 15), lineCount: 1, baseline: 12), role: .label, events: [0])
        var u = t; u.origin = Point(40, 12)
        var v = t; v.origin = Point(-5, 0); v.events = []
        let scene = Scene(figure: "timeline", width: 100, height: 100, background: Theme.light.background,
                          items: [.text(t), .text(u), .text(v)], eventCount: 2)
        let p = SceneCheck.problems(scene)
        #expect(p.contains { $0.hasPrefix("texts overlap") })
        #expect(p.contains { $0.hasPrefix("text outside") })
        #expect(p.contains { $0 == "event 0 is labelled 2 times" })
        #expect(p.contains { $0 == "event 1 is labelled 0 times" })
    }
}

@Suite struct TimeAxisTests {
    @Test(arguments: [(3, 60), (90, 600), (240, 1800), (1440, 7200), (4320, 21600), (43200, 7 * 86400)])
    func tickStepFitsSpan(span: Int, expectedStep: Int) {
        let i = incident(events: 2, spanMinutes: span)
        let axis = TimeAxis(incident: i, x0: 0, x1: 1000)
        let ticks = axis.ticks(maxCount: 12)
        #expect(ticks.count >= 2 && ticks.count <= 13, "\(ticks.count)")
        if ticks.count >= 2 { #expect(ticks[1].epoch - ticks[0].epoch == Int64(expectedStep)) }
    }

    @Test func ticksAreInTheIncidentZone() {
        let i = incident(events: 2, spanMinutes: 90, zone: "Asia/Kolkata")
        let labels = TimeAxis(incident: i, x0: 0, x1: 1000).ticks(maxCount: 10).map(\.label)
        #expect(labels.first == "08:00")
        #expect(labels.contains("09:30"))
    }

    @Test func multiDayTicksCarryDates() {
        let i = incident(events: 2, spanMinutes: 3 * 1440)
        let ticks = TimeAxis(incident: i, x0: 0, x1: 1000).ticks(maxCount: 12)
        #expect(ticks.contains { $0.label.hasPrefix("Mar 2") })
    }

    @Test func durations() {
        #expect(DurationText.format(minutes: 45) == "45 min")
        #expect(DurationText.format(minutes: 90) == "1 h 30 min")
        #expect(DurationText.format(minutes: 120) == "2 h")
        #expect(DurationText.format(minutes: 1500) == "1 d 1 h")
    }

    @Test func markdownIsPlainInFigures() {
        #expect(MarkdownText.plain("**Bold** and `code` and [link](http://x) and snake_case") == "Bold and code and link and snake_case")
    }
}
