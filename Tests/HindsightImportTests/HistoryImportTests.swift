import Foundation
import HindsightTestSupport
import Testing
import HindsightModel
@testable import HindsightImport

/// Statuspage-style `incidents.json` and PagerDuty-style log entries, read through the single
/// input loader (fixtures in `Tests/Fixtures/history`, written for these tests).
@Suite struct HistoryImportTests {
    static let dir = Fixtures.url("history")

    static func bytes(_ name: String) throws -> [UInt8] {
        Array(try Data(contentsOf: dir.appendingPathComponent(name)))
    }

    /// The loader as every command calls it: the format from the name (`.json`), or sniffed.
    static func load(_ text: String, file: String = "h.json", id: String? = nil) -> LoadResult {
        InputLoading.load(bytes: Array(text.utf8), file: file, format: InputFormat.fromPath(file), incidentID: id)
    }

    static func load(fixture name: String, id: String? = nil, format: InputFormat? = .json) throws -> LoadResult {
        InputLoading.load(bytes: try bytes(name), file: name, format: format, incidentID: id)
    }

    static func errors(_ r: LoadResult) -> [Diagnostic] { r.diagnostics.filter { $0.severity == .error } }

    // MARK: - Detection by content

    @Test func recognisedByContentNotName() throws {
        for (name, id) in [("statuspage-incidents.json", "k3v9q2m8x1"), ("statuspage-one.json", nil), ("pagerduty-log-entries.json", nil)] {
            // As `.json`, and as standard input (no name: sniffed) alike.
            for format in [InputFormat.json, nil] {
                let r = try Self.load(fixture: name, id: id, format: format)
                #expect(r.incident != nil, "\(name): \(r.diagnostics.map(\.text))")
            }
        }
        #expect(InputKind.of(name: "x.json", bytes: Array(#"{"log_entries": []}"#.utf8)) == .pagerDuty)
        #expect(InputKind.of(name: "x.json", bytes: Array(#"[{"type": "trigger_log_entry"}]"#.utf8)) == .pagerDuty)
        #expect(InputKind.of(name: "x.json", bytes: Array(#"[{"incident_updates": []}]"#.utf8)) == .statusPage)
        #expect(InputKind.of(name: "x.json", bytes: Array(#"{"incident": {"incident_updates": []}}"#.utf8)) == .statusPage)
        // An incident of format v1 is not history, and neither is other JSON.
        #expect(InputKind.of(name: "x.json", bytes: Array(#"{"title": "x", "timeline": []}"#.utf8)) == .json)
        #expect(InputKind.of(name: "x.json", bytes: Array(#"[1, 2]"#.utf8)) == .json)
    }

    @Test func v1JSONStillDecodedAsAnIncident() {
        // Not history: the v1 decoder answers, with its own rules.
        let r = Self.load(#"{"title": "T"}"#)
        #expect(r.incident?.title == "T" && r.incident?.timeline.isEmpty == true)
        #expect(r.diagnostics.contains { $0.rule == "required" && $0.message.contains("service") })
        #expect(!r.diagnostics.contains { $0.rule.hasPrefix("history-") })
    }

    // MARK: - Statuspage

    @Test func statusPageEventsInTimeOrderWithKinds() throws {
        let r = try Self.load(fixture: "statuspage-incidents.json", id: "k3v9q2m8x1")
        let i = try #require(r.incident, "\(r.diagnostics.map(\.text))")
        #expect(i.title == "Checkout payments failing")
        #expect(i.severity == "Major impact")
        // Listed newest first; the first investigating update is the detection, the next investigation.
        #expect(i.timeline.map(\.kind) == [.detected, .investigation, .identified, .mitigated, .resolved])
        #expect(i.timeline[0].text == "We are investigating reports of card payments failing at checkout.")
        #expect(i.timeline.map(\.at.epoch) == i.timeline.map(\.at.epoch).sorted())
        // The postmortem, a day later, is outside the window: left out, with a note.
        #expect(r.diagnostics.contains { $0.rule == "event-outside-window" && $0.severity == .info && $0.location.line == 21 })
        // Services from the incident's components and the updates' affected components.
        #expect(i.impact.services == ["Payments API", "Checkout"])
        #expect(i.impact.summary == "Payments API: major outage; Checkout: partial outage.")
    }

    @Test func statusPageTimesKeepTheirOffsets() throws {
        let i = try #require(try Self.load(fixture: "statuspage-incidents.json", id: "k3v9q2m8x1").incident)
        // `created_at` with a fraction of a second and −05:00; shown in the page's zone.
        #expect(i.start?.iso8601 == "2025-03-11T08:12:40-05:00")
        #expect(i.end?.iso8601 == "2025-03-11T09:47:03-05:00")
        #expect(i.zone?.written == "America/Chicago")
        let one = try #require(try Self.load(fixture: "statuspage-one.json").incident)
        #expect(one.start?.iso8601 == "2025-06-30T14:05:00+05:30")
        #expect(one.start?.epoch == 1_751_272_500)
        #expect(one.durationMinutes == 135)
        // An update without a body says what changed.
        #expect(one.timeline[2].kind == .mitigated)
        #expect(one.timeline[2].text == "Search: degraded performance → operational")
        // A single component is the service.
        #expect(one.service == "Search")
    }

    @Test func statusPageChoosingById() throws {
        let other = try #require(try Self.load(fixture: "statuspage-incidents.json", id: "p7d2w4n6z0").incident)
        #expect(other.title == "Delayed email notifications")
        #expect(other.timeline.map(\.kind) == [.detected, .identified, .resolved])
        // Several incidents and no id: an error listing the ids, at the list.
        let none = try Self.load(fixture: "statuspage-incidents.json")
        #expect(none.incident == nil)
        let e = try #require(Self.errors(none).first)
        #expect(e.rule == "history-choose-incident")
        #expect(e.message.contains("`k3v9q2m8x1`, `p7d2w4n6z0`"))
        #expect(e.location == SourceLocation(line: 3, column: 16))
        // An unknown id: the ids, and the nearest.
        let wrong = try Self.load(fixture: "statuspage-incidents.json", id: "k3v9q2m8x")
        #expect(Self.errors(wrong).map(\.rule) == ["history-incident-id"])
        #expect(Self.errors(wrong)[0].message.contains("did you mean `k3v9q2m8x1`") || Self.errors(wrong)[0].message.contains("Did you mean `k3v9q2m8x1`"))
    }

    @Test func statusPageErrorsArePositioned() {
        let text = """
        {"incidents": [{"id": "a", "name": "N", "created_at": "2025-01-01T10:00:00Z",
          "resolved_at": "2025-01-01T11:00:00Z",
          "incident_updates": [
            {"status": "investigating", "body": "x", "display_at": "yesterday"},
            {"status": "resolved", "body": 12, "display_at": "2025-01-01T11:00:00"}
          ]}]}
        """
        let r = Self.load(text)
        #expect(r.incident == nil)
        let errs = Self.errors(r).map { "\($0.location.line):\($0.location.column) \($0.rule)" }
        #expect(errs == ["4:60 time-format", "5:54 time-format"], "\(Self.errors(r).map(\.text))")
        #expect(Self.errors(r)[1].message.contains("needs its offset"))
    }

    @Test func statusPageWithoutEndIsDrawnAsOpen() throws {
        let r = Self.load(#"{"id": "o", "name": "Ongoing", "created_at": "2025-01-01T10:00:00Z", "incident_updates": [{"status": "investigating", "body": "x", "created_at": "2025-01-01T10:00:00Z"}]}"#)
        #expect(Self.errors(r).isEmpty)
        let warning = try #require(r.diagnostics.first { $0.rule == "history-missing-end" })
        #expect(warning.severity == .warning && warning.location == SourceLocation(line: 1, column: 1))
        let i = try #require(r.incident)
        #expect(i.end == nil && i.impact.usersAffectedPercent == nil && i.rootCause == nil && i.corrective == nil)
        #expect(i.usersAffectedText == "share of users not stated")
    }

    // MARK: - PagerDuty

    @Test func pagerDutyEventKinds() throws {
        let r = try Self.load(fixture: "pagerduty-log-entries.json")
        let i = try #require(r.incident, "\(r.diagnostics.map(\.text))")
        #expect(i.title == "Orders database replica lag over 10 minutes")
        #expect(i.service == "Orders database")
        #expect(i.timeline.map(\.kind) == [.detected, .action, .escalated, .note, .resolved])
        #expect(i.timeline[0].via == .monitoring)
        #expect(i.timeline[0].text == "Replica lag 640 s on orders-db-2")
        #expect(i.timeline[1].text == "Acknowledged by Jonas Berg")
        #expect(i.timeline[2].to == "Amara Okafor")
        // A note's words are the channel's summary.
        #expect(i.timeline[3].text == "Replica caught up after the long-running report query was killed.")
        // Start at the trigger, end at the resolve; Z times.
        #expect(i.start?.iso8601 == "2025-09-09T02:47:45+00:00")
        #expect(i.end?.iso8601 == "2025-09-09T03:55:10+00:00")
        // The notification is not an event.
        #expect(r.diagnostics.contains { $0.rule == "history-entries-skipped" })
    }

    @Test func pagerDutySeveralIncidentsAndIds() {
        func entry(_ type: String, _ at: String, _ id: String) -> String {
            #"{"type": "\#(type)_log_entry", "created_at": "\#(at)", "summary": "\#(type)", "incident": {"id": "\#(id)", "summary": "Incident \#(id)"}}"#
        }
        let text = "[" + [entry("trigger", "2025-01-01T10:00:00+01:00", "A"), entry("trigger", "2025-01-02T10:00:00Z", "B"),
                          entry("resolve", "2025-01-01T10:30:00+01:00", "A"), entry("resolve", "2025-01-02T12:00:00Z", "B")].joined(separator: ",\n") + "]"
        let none = Self.load(text)
        #expect(Self.errors(none).map(\.rule) == ["history-choose-incident"])
        #expect(Self.errors(none)[0].message.contains("`A`, `B`"))
        let b = Self.load(text, id: "B")
        #expect(b.incident?.title == "Incident B")
        #expect(b.incident?.durationMinutes == 120)
        let a = Self.load(text, id: "A")
        #expect(a.incident?.start?.iso8601 == "2025-01-01T10:00:00+01:00")
        #expect(Self.errors(Self.load(text, id: "C")).map(\.rule) == ["history-incident-id"])
        // Incidents without ids: the message says so rather than listing nothing.
        let anonymous = Self.load(#"[{"incident_updates": []}, {"incident_updates": []}]"#)
        #expect(Self.errors(anonymous).first?.message.hasSuffix("none has an `id`") == true)
    }

    @Test func pagerDutyErrorsArePositioned() {
        let text = """
        {"log_entries": [
          {"type": "trigger_log_entry", "created_at": "2025-13-01T10:00:00Z", "incident": {"id": "A"}},
          {"type": "resolve_log_entry", "incident": {"id": "A"}},
          {"type": "trigger_log_entry", "created_at": "2025-01-01T10:00:00Z"}
        ]}
        """
        let r = Self.load(text)
        #expect(r.incident == nil)
        // The entry without an incident is reported first: nothing else can be grouped.
        #expect(Self.errors(r).map { "\($0.location.line):\($0.location.column) \($0.rule)" } == ["4:3 required"])
        let r2 = Self.load(text.replacingOccurrences(of: #""created_at": "2025-01-01T10:00:00Z"}"#, with: #""created_at": "2025-01-01T10:00:00Z", "incident": {"id": "A"}}"#))
        #expect(Self.errors(r2).map { "\($0.location.line):\($0.location.column) \($0.rule)" } == ["2:47 time-format", "3:3 required"], "\(r2.diagnostics.map(\.text))")
    }

    // MARK: - Hostile input

    @Test func hostileHistoryNeverCrashes() {
        let cases = [
            #"{"incidents": 5}"#, #"{"incidents": [5]}"#, #"{"incidents": []}"#, #"{"log_entries": {}}"#,
            #"{"log_entries": [null]}"#, #"[{"incident_updates": null}]"#, #"[{"incident_updates": [[], 1, null]}]"#,
            #"{"incident_updates": [{"status": ["x"], "created_at": {"a": 1}}], "name": "n", "id": 3}"#,
            #"{"incidents": [{"id": "a"}, {"id": "a"}]}"#,
            String(repeating: "[", count: 100) + "{\"incident_updates\": []}" + String(repeating: "]", count: 100),
            #"{"incident_updates": [], "incident_updates": []}"#,
        ]
        for c in cases {
            let r = Self.load(c)
            #expect(r.incident == nil, "\(c)")
            #expect(r.diagnostics.hasErrors, "\(c)")
        }
        // A trigger alone is an incident still open: drawn up to it, with a warning.
        let open = Self.load(#"{"log_entries": [{"type": "trigger_log_entry", "created_at": "2025-01-01T10:00:00Z", "incident": {"id": "A"}}]}"#)
        #expect(open.incident?.end == nil && open.incident?.timeline.count == 1)
        #expect(open.diagnostics.contains { $0.rule == "history-missing-end" && $0.severity == .warning })
        // Many updates: refused by the event limit, fast.
        let update = #"{"status": "investigating", "body": "x", "created_at": "2025-01-01T10:00:00Z"}"#
        let big = #"{"id": "b", "name": "n", "created_at": "2025-01-01T10:00:00Z", "resolved_at": "2025-01-01T10:00:01Z", "incident_updates": ["#
            + Array(repeating: update, count: InputLimits.maxEvents + 1).joined(separator: ",") + "]}"
        let clock = ContinuousClock()
        let t = clock.measure { #expect(Self.errors(Self.load(big)).map(\.rule) == ["too-many-events"]) }
        #expect(t < .seconds(5))
    }
}
