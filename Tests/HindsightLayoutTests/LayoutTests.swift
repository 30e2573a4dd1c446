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
        let scene = try #require(layout.horizontal(i).scene)
        #expect(scene.width == 800 && scene.height < 900)
        #expect(scene.chart?.orientation == .horizontal)
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

    @Test func fortyEventsStayAChart() {
        let i = incident(events: 40, spanMinutes: 2)
        let scene = TimelineLayout(measurer: m).layout(i)
        #expect(scene.chart?.orientation == .horizontal)
        #expect(SceneCheck.problems(scene).isEmpty)
    }

    @Test func hugeBurstTurnsVerticalAndStaysTimeProportional() throws {
        let i = incident(events: 150, spanMinutes: 3)
        let layout = TimelineLayout(measurer: m)
        guard case .doesNotFit = layout.horizontal(i) else { Issue.record("150 events fit horizontally"); return }
        let scene = layout.layout(i)
        let chart = try #require(scene.chart)
        #expect(chart.orientation == .vertical)
        #expect(SceneCheck.problems(scene).isEmpty)
        // No quiet gap: one stretch, and each marker's y is proportional to its time.
        #expect(chart.segments.count == 1)
        let seg = try #require(chart.segments.first)
        let f = try epoch(seg.from), t = try epoch(seg.to)
        for m in chart.markers {
            let expected = seg.start + (seg.end - seg.start) * Double(try epoch(m.time) - f) / Double(t - f)
            #expect(abs(m.center.y - expected) < 1e-6)
        }
    }

    /// The orientation comes from the layout's own geometry: a theme whose texts fail the
    /// contrast check used to turn the example vertical.
    @Test func lowContrastThemeKeepsTheChart() throws {
        let i = try #require(IncidentLoader.load(text: BuiltinExample.yaml, file: "e.yaml").incident)
        var faint = Theme.light
        faint.text = RGBA(hex: "#eeeeee")!
        faint.mutedText = RGBA(hex: "#f4f4f4")!
        let scene = TimelineLayout(measurer: m, theme: faint).layout(i)
        #expect(!SceneCheck.contrastProblems(scene).isEmpty)
        #expect(scene.chart?.orientation == .horizontal)
    }

    /// Quiet gaps become labelled breaks; every marker lies on its segment's linear mapping.
    @Test func gapsBecomeLabelledBreaks() throws {
        var yaml = "title: Gap\nservice: S\ntimezone: UTC\nstart: 2025-03-01 08:00\nend: 2025-03-09 09:00\n"
        yaml += "impact: {summary: x, users_affected_percent: 5}\nroot_cause: r\ntimeline:\n"
        for (at, kind) in [("2025-03-01 08:00", "detected"), ("2025-03-01 08:10", "action"), ("2025-03-01 08:40", "identified"),
                           ("2025-03-09 08:20", "mitigated"), ("2025-03-09 08:45", "action"), ("2025-03-09 09:00", "resolved")] {
            yaml += "  - at: \"\(at)\"\n    kind: \(kind)\n    text: Something happened here.\n"
            if kind == "detected" { yaml += "    via: monitoring\n" }
        }
        yaml += "resolution: r\ncorrective: {improvements: [i], tasks: [t]}\n"
        let i = try #require(IncidentLoader.load(text: yaml, file: "g.yaml", format: .yaml).incident)
        let scene = TimelineLayout(measurer: m).layout(i)
        let chart = try #require(scene.chart)
        #expect(chart.orientation == .horizontal)
        #expect(chart.segments.count == 2)
        #expect(scene.texts.contains { $0.text == "8 d gap" }, "\(scene.texts.map(\.text))")
        #expect(scene.texts.contains { $0.role == .tick && $0.text == "Mar 9" })
        for marker in chart.markers {
            let t = try epoch(marker.time)
            let seg = try #require(chart.segments.first { (try? epoch($0.from)).map { $0 <= t } == true && (try? epoch($0.to)).map { $0 >= t } == true })
            let f = try epoch(seg.from), to = try epoch(seg.to)
            let expected = seg.start + (seg.end - seg.start) * Double(t - f) / Double(to - f)
            #expect(abs(marker.center.x - expected) < 1e-6)
        }
        // The two stretches share one scale: the same time takes the same pixels in each.
        let k = chart.segments.map { s in (s.end - s.start) / Double((try? epoch(s.to) - epoch(s.from)) ?? 1) }
        #expect(abs(k[0] - k[1]) < 1e-9)
        #expect(SceneCheck.problems(scene).isEmpty, "\(SceneCheck.problems(scene))")
    }

    /// Phases are shaded to the end of the outage, not to the first "resolved" event.
    @Test func phasesRunToTheEndOfTheOutage() {
        let i = incident(events: 9, spanMinutes: 120)
        let phases = TimelineLayout.phases(i)
        #expect(phases.last?.to == i.end!.epoch)
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
    /// One step for the whole axis, at least `spacing` pixels apart: 1000 px over the span.
    @Test(arguments: [(3, 15), (90, 600), (240, 1800), (1440, 7200), (4320, 21600), (43200, 7 * 86400)])
    func tickStepFitsSpan(span: Int, expectedStep: Int) {
        let i = incident(events: 2, spanMinutes: span)
        let axis = BrokenTimeAxis(incident: i, moments: [i.start!.epoch, i.end!.epoch], from: 0, to: 1000)
        let ticks = axis.ticks(spacing: 80, moments: [])
        #expect(ticks.count >= 2 && ticks.count <= 13, "\(ticks.count)")
        if ticks.count >= 2 { #expect(ticks[1].epoch - ticks[0].epoch == Int64(expectedStep)) }
        let formats = [#"^\d\d:\d\d$"#, #"^\d\d:\d\d:\d\d$"#, #"^[A-Z][a-z]{2} \d{1,2}$"#]
        #expect(formats.contains { f in ticks.allSatisfy { $0.label.range(of: f, options: .regularExpression) != nil } },
                "one format per axis: \(ticks.map(\.label))")
    }

    @Test func ticksAreInTheIncidentZone() {
        let i = incident(events: 2, spanMinutes: 90, zone: "Asia/Kolkata")
        let labels = BrokenTimeAxis(incident: i, moments: [i.start!.epoch, i.end!.epoch], from: 0, to: 1000).ticks(spacing: 100, moments: []).map(\.label)
        #expect(labels.first == "08:00")
        #expect(labels.contains("09:30"))
    }

    @Test func multiDayTicksCarryDates() {
        let i = incident(events: 2, spanMinutes: 3 * 1440)
        let ticks = BrokenTimeAxis(incident: i, moments: [i.start!.epoch, i.end!.epoch], from: 0, to: 1000).ticks(spacing: 80, moments: [])
        #expect(ticks.contains { $0.label == "Mar 2" || $0.date == "Mar 2" })
    }

    @Test func durations() {
        #expect(DurationText.format(minutes: 45) == "45 min")
        #expect(DurationText.format(minutes: 90) == "1 h 30 min")
        #expect(DurationText.format(minutes: 120) == "2 h")
        #expect(DurationText.format(minutes: 1500) == "1 d 1 h")
        // Rounded to the unit shown, never cut; seconds below a minute.
        #expect(DurationText.format(minutes: 25 * 60 + 56) == "1 d 2 h")
        #expect(DurationText.format(minutes: 72 * 60 + 45) == "3 d 1 h")
        #expect(DurationText.format(minutes: 20.0 / 60) == "20 s")
        #expect(DurationText.format(minutes: 59.95) == "1 h")
        #expect(DurationText.format(minutes: 90.6) == "1 h 31 min")
        #expect(DurationText.format(seconds: 43) == "43 s")
    }

    @Test func markdownIsPlainInFigures() {
        #expect(MarkdownText.plain("**Bold** and `code` and [link](http://x) and snake_case") == "Bold and code and link and snake_case")
    }
}

/// Epoch seconds of an ISO 8601 time with offset.
func epoch(_ iso: String) throws -> Int64 {
    guard case .success(.absolute(let w, let offset)) = TimeSyntax.parse(iso) else {
        throw CocoaError(.coderInvalidValue)
    }
    return w.secondsAsIfUTC - Int64(offset)
}

@Suite struct LayoutJSONTests {
    /// The contract of `--layout-json` for a timeline: markers and the axis's segments.
    @Test func timelineRecordsMarkersAndAxis() throws {
        let i = try #require(IncidentLoader.load(text: BuiltinExample.yaml, file: "e.yaml").incident)
        let scene = TimelineLayout(measurer: FakeMeasurer()).layout(i)
        let json = LayoutJSON.encode(scene).serialized(pretty: false)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
        let markers = try #require(object["markers"] as? [[String: Any]])
        #expect(markers.count == i.timeline.count)
        #expect(markers.first?["time"] as? String == "2024-04-18T09:30:00+02:00")
        #expect(markers.map { $0["event"] as? Int } == Array(0..<i.timeline.count))
        let axis = try #require(object["axis"] as? [String: Any])
        #expect(axis["orientation"] as? String == "horizontal")
        let segments = try #require(axis["segments"] as? [[String: Any]])
        #expect(segments.count == 1)
        #expect(segments[0]["from"] as? String == "2024-04-18T09:30:00+02:00")
        #expect(segments[0]["to"] as? String == "2024-04-18T11:00:00+02:00")
        let start = try #require(segments[0]["start"] as? Double), end = try #require(segments[0]["end"] as? Double)
        for m in markers {
            let t = try epoch(m["time"] as! String)
            let x = try #require(m["x"] as? Double)
            let expected = start + (end - start) * Double(t - (try epoch("2024-04-18T09:30:00+02:00"))) / 5400
            #expect(abs(x - expected) < 0.02)
        }
    }

    @Test func otherFiguresHaveNoAxis() throws {
        let i = try #require(IncidentLoader.load(text: BuiltinExample.yaml, file: "e.yaml").incident)
        let json = LayoutJSON.encode(CardLayout(measurer: FakeMeasurer()).layout(i)).serialized(pretty: false)
        #expect(!json.contains("\"markers\""))
    }
}

@Suite struct PhaseTests {
    /// Mitigated before the root cause was found: the phases follow time and never overlap.
    @Test func outOfOrderMilestonesDoNotOverlap() throws {
        var yaml = "title: P\nservice: S\ntimezone: UTC\nstart: 2025-03-01 08:00\nend: 2025-03-01 10:00\n"
        yaml += "impact: {summary: x, users_affected_percent: 5}\nroot_cause: r\ntimeline:\n"
        for (at, kind) in [("08:10", "detected"), ("08:30", "mitigated"), ("09:00", "identified"), ("09:50", "resolved")] {
            yaml += "  - at: \"\(at)\"\n    kind: \(kind)\n    text: Something happened.\n"
            if kind == "detected" { yaml += "    via: monitoring\n" }
        }
        yaml += "resolution: r\ncorrective: {improvements: [i], tasks: [t]}\n"
        let i = try #require(IncidentLoader.load(text: yaml, file: "p.yaml", format: .yaml).incident)
        let phases = TimelineLayout.phases(i)
        for (a, b) in zip(phases, phases.dropFirst()) { #expect(a.to <= b.from, "\(a) then \(b)") }
        #expect(phases.first?.from == i.start!.epoch && phases.last?.to == i.end!.epoch)
    }
}
