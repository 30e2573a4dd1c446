import Foundation
import Testing
@testable import HindsightModel

/// A draft that leaves out what the assignment requires is still an incident to draw and to
/// export; `check` (`.required`) keeps reporting what it lacks.
@Suite struct PartialIncidentTests {
    let draft = """
    title: Cache outage
    timezone: UTC
    start: 2025-01-10 10:00
    timeline:
      - at: "10:05"
        kind: detected
        text: Alert fired.
      - at: "10:40"
        text: Restarted the cache.

    """

    @Test func draftDecodesPartiallyWithWarnings() throws {
        let r = IncidentLoader.load(text: draft, file: "d.yaml", format: .yaml, completeness: .partial)
        let i = try #require(r.incident, "\(r.diagnostics.map(\.text))")
        #expect(!r.diagnostics.hasErrors)
        #expect(r.diagnostics.allSatisfy { $0.rule == "required" && $0.severity == .warning })
        #expect(Set(r.diagnostics.map { $0.message.components(separatedBy: "`")[1] })
                == ["service", "end", "impact", "root_cause", "resolution", "corrective"])
        #expect(i.end == nil && i.resolution == nil && i.corrective == nil && i.impact.usersAffectedPercent == nil)
        #expect(i.durationMinutes == nil)
        #expect(i.timeToDetectMinutes == 5)
        #expect(i.windowEnd == i.timeline[1].at)
        #expect(i.windowText == "from 2025-01-10 10:00 UTC, end not stated")
        #expect(i.usersAffectedText == "share of users not stated")
    }

    @Test func checkStillRequiresEveryField() {
        let r = IncidentLoader.load(text: draft, file: "d.yaml", format: .yaml)
        #expect(r.incident == nil)
        let errors = r.diagnostics.filter { $0.severity == .error }
        #expect(errors.count == 6 && errors.allSatisfy { $0.rule == "required" })
        #expect(errors.allSatisfy { $0.location.line >= 1 && $0.location.column >= 1 })
    }

    @Test func bareClockTimeWithoutStartIsAnError() {
        let r = IncidentLoader.load(text: "title: T\ntimezone: UTC\ntimeline:\n  - at: \"10:05\"\n    text: t\n",
                                    file: "d.yaml", format: .yaml, completeness: .partial)
        #expect(r.incident == nil)
        #expect(r.diagnostics.contains { $0.rule == "time-format" && $0.severity == .error && $0.location.line == 4 })
    }

    @Test func nothingToDrawIsAnErrorOnlyForFigures() throws {
        let r = IncidentLoader.load(text: "title: Only a title\n", file: "d.yaml", format: .yaml, completeness: .partial)
        let i = try #require(r.incident)
        #expect(!i.isDrawable)
        let drawn = r.drawable(file: "d.yaml")
        #expect(drawn.incident == nil)
        #expect(drawn.diagnostics.contains { $0.rule == "nothing-to-draw" && $0.severity == .error })
        // Export still writes what was read, and what is missing.
        let yaml = try IncidentExport.yaml(i)
        #expect(yaml.hasPrefix("# missing: service"))
        #expect(yaml.contains("title: Only a title"))
    }

    @Test func partialExportSaysWhatIsMissingAndReadsBack() throws {
        let i = try #require(IncidentLoader.load(text: draft, file: "d.yaml", format: .yaml, completeness: .partial).incident)
        let yaml = try IncidentExport.yaml(i)
        for field in ["service", "end", "impact.summary", "impact.users_affected_percent", "root_cause", "resolution", "corrective"] {
            #expect(yaml.contains("# missing: \(field) — "), "\(field)")
        }
        #expect(!yaml.contains("duration_minutes"))
        let back = IncidentLoader.load(text: yaml, file: "x.yaml", format: .yaml, completeness: .partial)
        #expect(!back.diagnostics.contains { $0.rule == "unknown-field" }, "\(back.diagnostics.map(\.text))")
        #expect(try #require(back.incident).timeline == i.timeline)
    }

    @Test func untitledIncidentShowsAPlaceholderTitleNeverAFileName() throws {
        let r = IncidentLoader.load(text: "timezone: UTC\nstart: 2025-01-10 10:00\n", file: "h07.yaml", format: .yaml, completeness: .partial)
        let i = try #require(r.incident)
        #expect(i.title == nil)
        #expect(i.displayTitle == "Untitled postmortem")
    }

    @Test func windowTextWithoutADate() throws {
        var i = try #require(load(incidentYAML()).incident)
        #expect(i.windowText == "2025-01-10 10:00–11:00 UTC")
        i.dateKnown = false
        #expect(i.windowText == "10:00–11:00 UTC")
        i.start = nil
        #expect(i.windowText == "until 11:00 UTC, start not stated")
    }

    @Test func guessedTimesAreMarked() {
        let t = IncidentTime(epoch: 0, offset: 0, syntax: .clock(hour: 0, minute: 0, second: 0))
        #expect(Event(at: t, text: "x", timeGuessed: true).marked("10:15") == "≈10:15")
        #expect(Event(at: t, text: "x").marked("10:15") == "10:15")
    }

    /// A guessed time stays guessed through export and back (FuzzMarkdown found the JSON
    /// export dropping it, so the read-back incident gained a "time to escalate").
    @Test func guessedTimesSurviveTheExportRoundTrip() throws {
        let yaml = """
        title: T
        timezone: UTC
        start: 2025-03-03 14:10
        timeline:
          - {at: "14:10", kind: detected, text: Alert}
          - {at: "14:18", kind: escalated, to: Platform, text: Escalated, guessed: true}
        """
        func partial(_ text: String) -> LoadResult { IncidentLoader.load(text: text, file: "t.yaml", format: .yaml, completeness: .partial) }
        let i = try #require(partial(yaml).incident)
        #expect(i.timeline.map(\.timeGuessed) == [false, true])
        #expect(i.timeToEscalateMinutes == nil)
        for back in [InputFormat.json, .yaml] {
            let text = back == .json ? IncidentExport.json(i).serialized(pretty: true) : try IncidentExport.yaml(i)
            let again = try #require(IncidentLoader.load(text: text, file: "x.\(back.rawValue)", format: back, completeness: .partial).incident)
            #expect(again.timeline.map(\.timeGuessed) == [false, true], "\(back)")
            #expect(IncidentExport.json(again) == IncidentExport.json(i), "\(back)")
        }
        let bad = partial(yaml.replacingOccurrences(of: "guessed: true", with: "guessed: maybe"))
        #expect(bad.diagnostics.contains { $0.rule == "type" && $0.message.contains("timeline[1].guessed") })
    }
}

/// Format v1 is declared once (`FormatV1`): the schema and the template agree with it.
@Suite struct FormatV1Tests {
    @Test func schemaMatchesTheFieldTable() {
        guard case .object(let props)? = IncidentSchema.json["properties"] else { Issue.record("no properties"); return }
        #expect(props.map(\.0) == FormatV1.topLevelFields + FormatV1.derivedFields)
        #expect(IncidentSchema.json["required"] == .array(FormatV1.requiredKeys(in: "").map(JSONValue.string)))
        #expect(IncidentSchema.json["properties"]?["impact"]?["required"] == .array(["summary", "users_affected_percent"].map(JSONValue.string)))
    }

    @Test func templateWritesEveryRequiredField() throws {
        let i = try #require(load(IncidentTemplate.yaml).incident)
        #expect(IncidentExport.missing(i).isEmpty)
        for key in FormatV1.requiredKeys(in: "") { #expect(IncidentTemplate.yaml.contains("\n\(key):"), "\(key)") }
    }

    @Test func everyRequiredFieldHasAHint() {
        for r in FormatV1.required { #expect(!r.hint.isEmpty) }
        #expect(Set(FormatV1.required.map(\.path)).isSuperset(of: IncidentExport.missing(
            Incident(title: nil, service: nil, zone: nil, start: nil, end: nil, impact: Impact(summary: nil, usersAffectedPercent: nil),
                     rootCause: nil, resolution: nil, timeline: [], corrective: nil))))
    }
}
