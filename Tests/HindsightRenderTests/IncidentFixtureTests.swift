import Foundation
import HindsightLayout
import HindsightModel
@testable import HindsightRender
import HindsightTestSupport
import Testing

/// Real incidents (Tests/Fixtures/incidents, written from public postmortems: 9 to 40 events,
/// 27 minutes to 13 days, across midnight, in Japanese, with an Arabic service name, with ⚡):
/// every timeline is a time-proportional chart with phases, labelled breaks and dates, laid
/// out with real pango in every theme without an overlapping or clipped text.
@Suite struct IncidentFixtureTests {
    static let dir = Fixtures.url("incidents")
    static let names = Fixtures.names("incidents", suffix: ".yaml")
    static let measurer = FigureFamilyTests.measurer

    static func incident(_ name: String) throws -> Incident {
        let text = try String(contentsOf: dir.appendingPathComponent(name), encoding: .utf8)
        let r = IncidentLoader.load(text: text, file: name, format: .yaml, completeness: .partial)
        #expect(!r.diagnostics.contains { $0.severity == .error }, "\(r.diagnostics.map(\.text))")
        return try #require(r.incident)
    }

    @Test func theSetCoversWhatTheIssueAsks() throws {
        let incidents = try Self.names.map(Self.incident)
        #expect(incidents.count >= 10)
        #expect(incidents.allSatisfy { (9...40).contains($0.timeline.count) })
        #expect(incidents.contains { ($0.durationSeconds ?? 0) >= 21 * 86400 }, "one multi-week incident")
        #expect(incidents.contains { $0.impact.usersAffectedPercent == nil }, "one that does not state the share of users")
        #expect(incidents.contains { $0.windowIsMultiDay && ($0.durationSeconds ?? .max) < 86400 })
        #expect(incidents.contains { ($0.title ?? "").unicodeScalars.contains { (0x3040...0x9FFF).contains($0.value) } })
        #expect(incidents.contains { ($0.service ?? "").unicodeScalars.contains { (0x0600...0x06FF).contains($0.value) } })
        #expect(incidents.contains { ($0.title ?? "").contains("⚡") })
    }

    @Test(arguments: names)
    func everyFigureKeepsTheInvariants(_ name: String) throws {
        let incident = try Self.incident(name)
        for theme in [Theme.light, .dark, .highContrast] {
            for figure in Figure.allCases {
                let scene = figure.scene(incident, theme: theme, measurer: Self.measurer)
                let problems = SceneCheck.problems(scene)
                #expect(problems.isEmpty, "\(name) \(figure) \(theme.name): \(problems.prefix(3))")
            }
        }
        // `--width` from the narrowest accepted to very wide.
        for width in [480.0, 1200, 2400] {
            for figure in Figure.allCases {
                let scene = figure.scene(incident, theme: .light, measurer: Self.measurer, width: width)
                #expect(SceneCheck.problems(scene).isEmpty, "\(name) \(figure) at \(width): \(SceneCheck.problems(scene).prefix(3))")
            }
        }
    }

    /// The small valid fixtures too (series, offsets, daylight saving, styled text).
    @Test func goodFixturesKeepTheInvariants() throws {
        let good = Self.dir.deletingLastPathComponent().appendingPathComponent("good")
        let files = try FileManager.default.contentsOfDirectory(atPath: good.path).filter { $0.hasSuffix(".yaml") || $0.hasSuffix(".json") }.sorted()
        #expect(files.count >= 5)
        for name in files {
            let text = try String(contentsOf: good.appendingPathComponent(name), encoding: .utf8)
            let incident = try #require(IncidentLoader.load(text: text, file: name, format: name.hasSuffix(".json") ? .json : .yaml).incident, "\(name)")
            for figure in Figure.allCases {
                let scene = figure.scene(incident, theme: .light, measurer: Self.measurer)
                #expect(SceneCheck.problems(scene).isEmpty, "\(name) \(figure): \(SceneCheck.problems(scene).prefix(3))")
            }
        }
    }

    @Test(arguments: names)
    func timelineIsATimeProportionalChart(_ name: String) throws {
        let incident = try Self.incident(name)
        let scene = Figure.timeline.scene(incident, theme: .light, measurer: Self.measurer)
        let chart = try #require(scene.chart)
        #expect(chart.orientation == .horizontal, "\(name) turned vertical")
        #expect(scene.width == 800)
        // Phases shaded, breaks labelled with the gap's length, text readable at 800 px.
        let phaseFills = Set(Theme.light.phaseColors)
        #expect(scene.items.contains { if case .shape(.rect, let p) = $0, let f = p.fill { return phaseFills.contains(f) } else { return false } })
        #expect(scene.texts.filter { $0.text.hasSuffix(" gap") }.count == chart.segments.count - 1, "\(name)")
        #expect(scene.texts.allSatisfy { $0.font.size >= 11 })
        #expect(SceneCheck.chartProblems(scene).isEmpty)
        // Dates on the ticks where the day changes.
        if incident.windowIsMultiDay {
            let ticks = scene.texts.filter { $0.role == .tick }.map(\.text)
            #expect(ticks.contains { $0.range(of: #"^[A-Z][a-z]{2} \d{1,2}$"#, options: .regularExpression) != nil }, "\(name): \(ticks)")
        }
        // One duration, the same in the header, the card and the impact figure.
        let duration = DurationText.format(minutes: try #require(incident.durationMinutes))
        #expect(scene.texts.contains { $0.role == .subtitle && $0.text.contains(duration) })
        let card = Figure.card.scene(incident, theme: .light, measurer: Self.measurer)
        #expect(card.texts.contains { $0.role == .value && $0.text == duration })
    }

    /// The narrow vertical timeline of the HTML report, 480 px wide: time-proportional too.
    @Test(arguments: names)
    func narrowVerticalTimelineKeepsTheInvariants(_ name: String) throws {
        let incident = try Self.incident(name)
        for theme in [Theme.light, .dark] {
            let scene = TimelineLayout(measurer: Self.measurer, width: 480, theme: theme).vertical(incident)
            #expect(scene.chart?.orientation == .vertical)
            #expect(SceneCheck.problems(scene).isEmpty, "\(name) \(theme.name): \(SceneCheck.problems(scene).prefix(3))")
            if ProcessInfo.processInfo.environment["HINDSIGHT_LOOK"] == "1", theme == .light {
                try Data(try SceneRenderer.render(scene, format: .png)).write(to: URL(fileURLWithPath: "/tmp/\(name)-narrow.png"))
            }
        }
    }

    @Test(arguments: names)
    func cardDatesMultiDayMiniTimelines(_ name: String) throws {
        let incident = try Self.incident(name)
        let card = Figure.card.scene(incident, theme: .light, measurer: Self.measurer)
        let ticks = card.texts.filter { $0.role == .tick }.map(\.text)
        let multiDay = incident.windowIsMultiDay
        #expect(ticks.allSatisfy { ($0.range(of: #"^[A-Z][a-z]{2} \d"#, options: .regularExpression) != nil) == multiDay }, "\(ticks)")
    }
}
