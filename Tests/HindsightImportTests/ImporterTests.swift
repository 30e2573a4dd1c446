import Foundation
import HindsightTestSupport
import Testing
import HindsightModel
@testable import HindsightImport

/// Each fixture is one way students write the assignment; the tests pin the imported times
/// (ISO 8601), kinds, zone, share of users, tasks and the diagnostics with their lines.
@Suite struct ImporterTests {
    func rules(_ r: ImportResult, _ severity: Severity) -> [String] {
        r.diagnostics.filter { $0.severity == severity }.map(\.rule)
    }
    func kinds(_ i: Incident) -> [String] { i.timeline.map(\.kind.rawValue) }
    func times(_ i: Incident) -> [String] { i.timeline.map(\.at.iso8601) }

    @Test func longDateSummaryBoldTimesAndTaskList() throws {
        let r = try Fixtures.importMarkdown("complete.md")
        let i = try #require(r.incident, "\(r.diagnostics.map(\.text))")
        #expect(rules(r, .error).isEmpty && rules(r, .warning).isEmpty, "\(r.diagnostics.map(\.text))")
        #expect(i.title == "The Morning the Invoices Stopped")
        #expect(i.service == "Billing portal")
        #expect(i.zone?.written == "SAST")
        #expect(i.start?.iso8601 == "2024-04-18T09:30:00+02:00")
        #expect(i.end?.iso8601 == "2024-04-18T11:00:00+02:00")
        #expect(i.impact.usersAffectedPercent == 45)
        #expect(i.rootCause?.hasPrefix("A configuration push pointed the invoice renderer") == true)
        #expect(i.resolution?.hasPrefix("The fix was to roll back the configuration push") == true)
        #expect(times(i) == ["09:30", "09:34", "09:41", "09:52", "10:05", "10:20", "10:35", "11:00"].map { "2024-04-18T\($0):00+02:00" })
        #expect(kinds(i) == ["detected", "investigation", "investigation", "misleading", "escalated", "identified", "mitigated", "resolved"])
        #expect(i.timeline[0].via == .monitoring)
        #expect(i.timeline[0].text == "A monitoring alert fired for the error rate of the invoice service.")
        #expect(i.timeline[4].to == "Payments platform team")
        #expect(i.improvements.count == 4)
        #expect(i.tasks.map(\.done) == [true, false, false, false, false])
        #expect(i.tasks[3].text == "Add a staging step to the configuration pipeline")
        #expect(i.tasks[3].owner == "Platform team")
        #expect(r.guesses["timeline[3].kind"] == "from “Assumed”")
        #expect(r.guesses["start"] == nil && r.guesses["timezone"] == nil)
        // The kind inferred for the alert is reported where its evidence is written.
        let kind = try #require(r.diagnostics.first { $0.rule == "import-guessed-kind" })
        #expect(kind.severity == .info && kind.location == SourceLocation(line: 14, column: 28))
        #expect(i.locations["timeline[2]"]?.line == 16)
    }

    @Test func twelveHourRangeWithZoneInParentheses() throws {
        let r = try Fixtures.importMarkdown("range-wat.md")
        let i = try #require(r.incident, "\(r.diagnostics.map(\.text))")
        #expect(i.zone?.written == "WAT")
        // The date is written once, in the introduction.
        #expect(i.start?.iso8601 == "2023-03-03T10:45:00+01:00")
        #expect(i.end?.iso8601 == "2023-03-03T12:15:00+01:00")
        #expect(i.impact.usersAffectedPercent == 90)
        #expect(times(i).last == "2023-03-03T12:15:00+01:00")
        #expect(times(i)[5] == "2023-03-03T12:05:00+01:00")
        #expect(kinds(i) == ["detected", "investigation", "misleading", "escalated", "identified", "mitigated", "resolved"])
        #expect(i.timeline[0].via == .customer)
        #expect(i.timeline[3].to == "Security team")
        #expect(i.tasks.map(\.text) == ["Track certificate expiry dates in monitoring.", "Renew certificates automatically thirty days before they expire."])
        let date = try #require(r.diagnostics.first { $0.rule == "import-date-from-context" })
        #expect(date.location.line == 3)
    }

    @Test func offsetZoneDurationOnlyAndTable() throws {
        let r = try Fixtures.importMarkdown("offset-duration.md")
        let i = try #require(r.incident, "\(r.diagnostics.map(\.text))")
        #expect(i.zone?.written == "UTC+1")
        #expect(i.start?.iso8601 == "2024-07-09T14:00:00+01:00")
        #expect(i.end?.iso8601 == "2024-07-09T16:00:00+01:00")
        #expect(r.guesses["end"] == "start + 2 hours (the written duration)")
        let d = try #require(r.diagnostics.first { $0.rule == "import-end-from-duration" })
        #expect(d.severity == .info && d.location == SourceLocation(line: 5, column: 100))
        #expect(i.impact.usersAffectedPercent == 30)
        #expect(i.timeline.count == 7)
        #expect(i.timeline[0].text == "Latency alert from monitoring on the search API")
        #expect(kinds(i) == ["detected", "investigation", "misleading", "escalated", "identified", "mitigated", "resolved"])
        #expect(times(i)[3] == "2024-07-09T15:10:00+01:00")
    }

    @Test func boldOnlyHeadingsAndBoldTimeParagraphs() throws {
        let r = try Fixtures.importMarkdown("bold-paragraphs.md")
        let i = try #require(r.incident, "\(r.diagnostics.map(\.text))")
        #expect(i.title == "Mail Relay Outage")
        #expect(r.guesses["title"] == "the first heading (no `#` title)")
        #expect(i.service == "Outgoing mail")
        #expect(i.zone?.written == "EAT")
        #expect(i.start?.iso8601 == "2024-02-12T09:00:00+03:00" && i.end?.iso8601 == "2024-02-12T11:30:00+03:00")
        #expect(i.impact.usersAffectedPercent == 60)
        #expect(times(i) == ["09:00", "09:20", "09:45", "10:10", "10:40", "11:00", "11:30"].map { "2024-02-12T\($0):00+03:00" })
        #expect(kinds(i) == ["detected", "investigation", "misleading", "escalated", "identified", "mitigated", "resolved"])
        #expect(i.timeline[0].via == .customer)
        #expect(i.tasks.count == 2)
    }

    @Test func colonHeadingsAndPhaseLabels() throws {
        let r = try Fixtures.importMarkdown("colon-headings.md")
        let i = try #require(r.incident, "\(r.diagnostics.map(\.text))")
        #expect(i.title == "Payment API incident")
        #expect(i.zone?.written == "CET")
        #expect(i.start?.iso8601 == "2023-11-02T08:15:00+01:00" && i.end?.iso8601 == "2023-11-02T09:05:00+01:00")
        // Entries without a time follow the one before; the closing resolution takes the end.
        #expect(times(i) == ["08:15", "08:15", "08:15", "08:15", "09:05"].map { "2023-11-02T\($0):00+01:00" })
        #expect(kinds(i) == ["detected", "investigation", "misleading", "escalated", "resolved"])
        #expect(i.timeline[3].to == "API team")
        let untimed = r.diagnostics.filter { $0.rule == "import-no-time" }
        #expect(untimed.map(\.location.line) == [13, 15, 17, 19])
        #expect(untimed.allSatisfy { $0.severity == .warning })
        #expect(i.improvements == ["Review rate limits with every release."])
        #expect(i.tasks.map(\.text) == ["Add an alert on the share of 429 responses.", "Document the rate limit of each client."])
    }

    @Test func missingSectionsAreErrors() throws {
        let r = try Fixtures.importMarkdown("missing-sections.md")
        #expect(r.incident == nil)
        let errors = r.diagnostics.filter { $0.severity == .error }
        #expect(errors.map(\.rule) == ["import-missing-section", "import-missing-section"])
        #expect(errors.allSatisfy { $0.location == .start })
        #expect(errors[0].message.contains("Timeline") && errors[1].message.contains("Corrective"))
        // What could be read is still read.
        #expect(r.draft?.start?.value.iso8601 == "2024-01-05T10:00:00+00:00")
        #expect(r.draft?.percent?.value == 15)
        #expect(throws: ImportError.self) { try r.exportYAML() }
    }

    @Test func midnightRollOverAndLaterDates() throws {
        let r = try Fixtures.importMarkdown("multi-day.md")
        let i = try #require(r.incident, "\(r.diagnostics.map(\.text))")
        #expect(i.start?.iso8601 == "2024-05-06T23:30:00+02:00" && i.end?.iso8601 == "2024-05-07T08:00:00+02:00")
        #expect(times(i) == ["2024-05-06T23:30:00+02:00", "2024-05-06T23:45:00+02:00", "2024-05-07T00:20:00+02:00",
                             "2024-05-07T01:10:00+02:00", "2024-05-07T07:30:00+02:00", "2024-05-07T08:00:00+02:00"])
        let roll = try #require(r.diagnostics.first { $0.rule == "import-midnight-rollover" })
        #expect(roll.severity == .warning && roll.location == SourceLocation(line: 15, column: 3))
        #expect(r.guesses["timeline[2].at"]?.contains("next day") == true)
        #expect(kinds(i)[1] == "misleading")
    }

    @Test func noZoneAndNoDateAreAssumedWithWarnings() throws {
        let r = try Fixtures.importMarkdown("no-zone.md")
        let i = try #require(r.incident, "\(r.diagnostics.map(\.text))")
        #expect(i.zone?.written == "UTC")
        #expect(i.start?.iso8601 == "1970-01-01T09:00:00+00:00" && i.end?.iso8601 == "1970-01-01T11:30:00+00:00")
        #expect(rules(r, .warning).sorted() == ["import-no-date", "import-no-timezone"])
        #expect(r.diagnostics.filter { $0.severity == .warning }.allSatisfy { $0.location.line == 5 })
        #expect(r.guesses["timezone"] == "none written: assumed UTC")
        #expect(r.guesses["start"]?.contains("stands in") == true)
        // No date is written: figures and the report show clock times only.
        #expect(!i.dateKnown)
        #expect(i.windowText == "09:00–11:30 UTC")
        #expect(i.service == "Login service")
    }

    @Test func fromToWithDateInTheTitle() throws {
        let r = try Fixtures.importMarkdown("from-gmt.md")
        let i = try #require(r.incident, "\(r.diagnostics.map(\.text))")
        #expect(i.zone?.written == "GMT")
        #expect(i.start?.iso8601 == "2024-05-02T09:00:00+00:00" && i.end?.iso8601 == "2024-05-02T11:30:00+00:00")
        #expect(times(i) == ["09:05", "09:40", "10:50", "11:30"].map { "2024-05-02T\($0):00+00:00" })
        #expect(kinds(i) == ["detected", "escalated", "mitigated", "resolved"])
        #expect(i.timeline[0].via == .monitoring)
    }

    /// The window is what the author wrote: a trigger before the start or a follow-up after
    /// the end stays where it was written, with a warning, and the figure's window takes it in.
    @Test func eventsOutsideTheWindowKeepTheWrittenWindow() throws {
        let r = try Fixtures.importMarkdown("widened.md")
        let i = try #require(r.incident, "\(r.diagnostics.map(\.text))")
        #expect(i.start?.iso8601 == "2024-03-01T10:00:00+00:00" && i.end?.iso8601 == "2024-03-01T11:00:00+00:00")
        let outside = r.diagnostics.filter { $0.rule == "import-event-outside-window" }
        #expect(outside.count == 2 && outside.allSatisfy { $0.severity == .warning })
        #expect(r.guesses["start"] == nil)
        #expect(i.windowStart.iso8601 == "2024-03-01T09:50:00+00:00" && i.windowEnd.iso8601 == "2024-03-01T11:20:00+00:00")
    }

    @Test func rawHTMLHeadingsAndParagraphs() throws {
        let r = try Fixtures.importMarkdown("html.md")
        let i = try #require(r.incident, "\(r.diagnostics.map(\.text))")
        #expect(i.title == "Storage Outage")
        #expect(i.zone?.written == "GMT+1")
        #expect(times(i) == ["13:00", "13:30", "14:00"].map { "2024-06-01T\($0):00+01:00" })
        #expect(i.timeline[0].text == "Monitoring alert on upload errors.")
        #expect(i.impact.usersAffectedPercent == 35)
    }

    @Test func yamlExportMarksGuesses() throws {
        let r = try Fixtures.importMarkdown("range-wat.md")
        let yaml = try r.exportYAML()
        let lines = yaml.split(separator: "\n").map(String.init)
        #expect(lines.contains { $0.hasPrefix("service: \"Checkout page\"  # guessed: from") })
        #expect(lines.contains { $0 == "- at: \"2023-03-03T10:45:00+01:00\"" })
        #expect(lines.contains { $0 == "  kind: \"detected\"  # guessed: from “reported”" })
        #expect(lines.contains { $0 == "  kind: \"escalated\"  # guessed: from “escalated”" })
        #expect(lines.contains { $0.hasPrefix("  via: \"customer\"  # guessed:") })
        #expect(lines.contains { $0.hasPrefix("start: \"2023-03-03T10:45:00+01:00\"  # guessed: date taken from") })
        #expect(!lines.contains { $0.hasPrefix("timezone:") && $0.contains("# guessed") })
        // The export is a valid incident again (extra export fields are only warnings).
        let back = IncidentLoader.load(text: yaml, file: "back.yaml", format: .yaml)
        #expect(!back.diagnostics.hasErrors, "\(back.diagnostics.map(\.text))")
        #expect(back.incident?.start == r.incident?.start)
        #expect(back.incident?.timeline.map(\.kind) == r.incident?.timeline.map(\.kind))
    }

    @Test func everyFixtureExportsAndReloads() throws {
        for name in try FileManager.default.contentsOfDirectory(atPath: Fixtures.url("markdown").path).sorted() where name.hasSuffix(".md") {
            let r = try Fixtures.importMarkdown(name)
            guard r.incident != nil else { continue }
            let back = IncidentLoader.load(text: try r.exportYAML(), file: name, format: .yaml, completeness: .partial)
            #expect(!back.diagnostics.hasErrors, "\(name): \(back.diagnostics.map(\.text))")
            #expect(!back.diagnostics.contains { $0.rule == "unknown-field" }, "\(name)")
        }
    }

    @Test func diagnosticsAreSortedAndPlacedInTheFile() throws {
        let text = try Fixtures.markdown("colon-headings.md")
        let lineCount = text.split(separator: "\n", omittingEmptySubsequences: false).count
        let r = MarkdownImporter.importMarkdown(text: text, file: "x.md")
        #expect(r.diagnostics == r.diagnostics.sortedByLocation())
        #expect(r.diagnostics.allSatisfy { $0.file == "x.md" && $0.location.line >= 1 && $0.location.line <= lineCount && $0.location.column >= 1 })
    }
}
