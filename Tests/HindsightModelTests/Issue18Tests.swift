import Foundation
import HindsightTestSupport
import Testing
@testable import HindsightModel

/// Issue 18: line endings, daylight-saving gaps and repeats, numbers written as text, YAML
/// merge keys. Each test failed before its fix.
@Suite struct LineEndingTests {
    @Test func crlfWithALeadingCommentIsNotEmpty() {
        let r = IncidentLoader.load(bytes: Array("# c\r\ntitle: x\r\n".utf8), file: "c.yaml", format: .yaml)
        #expect(!r.diagnostics.contains { $0.rule == "input-empty" }, "\(r.diagnostics)")
        #expect(r.diagnostics.contains { $0.rule == "required" && $0.message.contains("service") })
    }

    @Test func crOnlyWithALeadingCommentIsNotEmpty() {
        let r = IncidentLoader.load(bytes: Array("# c\rtitle: x\r".utf8), file: "c.yaml", format: .yaml)
        #expect(!r.diagnostics.contains { $0.rule == "input-empty" }, "\(r.diagnostics)")
    }

    @Test func commentsAloneAreStillEmptyWhateverTheLineEndings() {
        for text in ["# a\r\n# b\r\n", "# a\r# b\r", "  \r\n\t# x\n"] {
            #expect(InputText.isBlank(text), "\(text.debugDescription)")
        }
        #expect(!InputText.isBlank("# a\r\nx: 1"))
    }

    @Test func theExampleConvertedToCRLFAndToCRReadsTheSame() throws {
        let url = Fixtures.packageRoot.appendingPathComponent("assets/examples/email-outage.yaml")
        let lf = try String(contentsOf: url, encoding: .utf8)
        let plain = IncidentLoader.load(text: lf, file: "e.yaml", format: .yaml)
        #expect(plain.incident != nil)
        for ending in ["\r\n", "\r"] {
            let r = IncidentLoader.load(bytes: Array(lf.replacingOccurrences(of: "\n", with: ending).utf8), file: "e.yaml", format: .yaml)
            #expect(r.incident != nil, "\(ending.debugDescription): \(r.diagnostics)")
            #expect(r.incident.map(IncidentExport.json) == plain.incident.map(IncidentExport.json))
        }
    }
}

@Suite struct DaylightSavingTests {
    @Test func aTimeInTheSpringGapIsAnErrorNamingTheGap() {
        let r = load(incidentYAML(timezone: "America/New_York", start: "2024-03-10 02:30", end: "2024-03-10 04:00",
                                  events: [("03:00", "detected"), ("04:00", "resolved")]))
        #expect(r.incident == nil)
        let d = r.diagnostics.first { $0.rule == "time-nonexistent" }
        #expect(d?.severity == .error)
        #expect(d?.location.line == 4)
        #expect(d?.message.contains("2024-03-10 02:30") == true && d?.message.contains("from 02:00 to 03:00") == true, "\(String(describing: d))")
    }

    @Test func aClockTimeInTheGapIsAnErrorToo() {
        let r = load(incidentYAML(timezone: "America/New_York", start: "2024-03-10 01:00", end: "2024-03-10 04:00",
                                  events: [("01:00", "detected"), ("02:15", "action"), ("04:00", "resolved")]))
        let d = r.diagnostics.filter { $0.rule == "time-nonexistent" }
        #expect(d.count == 1 && d[0].location.line == 14 && d[0].message.contains("`timeline[1].at` is 2024-03-10 02:15"), "\(r.diagnostics)")
        #expect(r.incident == nil)
    }

    @Test func saoPauloMidnightGapDoesNotMoveStartToTheDayBefore() {
        // Brazil's last daylight-saving start: 2018-11-04 00:00 became 01:00.
        let r = load(incidentYAML(timezone: "America/Sao_Paulo", start: "2018-11-04 00:30", end: "2018-11-04 02:00",
                                  events: [("01:00", "detected"), ("02:00", "resolved")]))
        #expect(r.incident == nil)
        #expect(r.diagnostics.contains { $0.rule == "time-nonexistent" && $0.message.contains("from 00:00 to 01:00") }, "\(r.diagnostics)")
    }

    @Test func aRepeatedTimeIsReadAsTheFirstWithAWarning() throws {
        let r = load(incidentYAML(timezone: "America/New_York", start: "2024-11-03 01:30", end: "2024-11-03 03:00",
                                  events: [("01:30", "detected"), ("03:00", "resolved")]))
        let incident = try #require(r.incident, "\(r.diagnostics)")
        #expect(incident.timeline[0].at.iso8601 == "2024-11-03T01:30:00-04:00")
        let warnings = r.diagnostics.filter { $0.rule == "time-ambiguous" }
        #expect(warnings.count == 2)   // start and the first event
        #expect(warnings.allSatisfy { $0.severity == .warning && $0.message.contains("2024-11-03T01:30-05:00") })
    }

    @Test func zoneResolution() {
        let ny = Zone(written: "America/New_York", rule: .iana("America/New_York"))
        #expect(ny.resolve(WallTime(year: 2024, month: 7, day: 1, hour: 12, minute: 0)) == .exact(1719849600))
        guard case .nonexistent(let t, let before, let after) = ny.resolve(WallTime(year: 2024, month: 3, day: 10, hour: 2, minute: 30)) else {
            Issue.record("not a gap"); return
        }
        #expect(t == 1710054000 && before == -5 * 3600 && after == -4 * 3600)
        #expect(ny.resolve(WallTime(year: 2024, month: 11, day: 3, hour: 1, minute: 30)) == .ambiguous(earlier: 1730611800, later: 1730615400))
        let fixed = Zone(written: "+02:00", rule: .fixed(7200))
        #expect(fixed.resolve(WallTime(year: 2024, month: 3, day: 10, hour: 2, minute: 30)) == .exact(1710030600))
    }
}

@Suite struct NumberAndMergeTests {
    @Test func aPercentWrittenAsTextIsATypeError() {
        let yaml = incidentYAML().replacingOccurrences(of: "users_affected_percent: 10", with: "users_affected_percent: \"50\"")
        let r = load(yaml)
        #expect(r.incident == nil)
        let d = r.diagnostics.first { $0.rule == "type" }
        #expect(d?.location == SourceLocation(line: 8, column: 27), "\(r.diagnostics)")
        let json = #"{"title": "T", "service": "S", "timezone": "UTC", "start": "2025-01-10 10:00", "end": "2025-01-10 11:00", "#
            + #""impact": {"summary": "x", "users_affected_percent": "50"}, "root_cause": "r", "resolution": "r", "#
            + #""timeline": [{"at": "10:00", "kind": "detected", "text": "t"}], "corrective": {"improvements": ["i"], "tasks": ["t"]}}"#
        let j = IncidentLoader.load(text: json, file: "t.json", format: .json)
        #expect(j.incident == nil)
        #expect(j.diagnostics.contains { $0.rule == "type" && $0.location.column == 1 + json.distance(from: json.startIndex, to: json.range(of: "\"50\"")!.lowerBound) })
    }

    @Test func yamlMergeKeysAreApplied() throws {
        let yaml = """
        defaults: &d
          kind: action
          text: default text
        """
        // A merge into each event, one key overridden; the anchor lives under an ignored key.
        var text = incidentYAML(events: []).replacingOccurrences(of: "timeline:\n", with: "timeline:\n  - {<<: *d, at: \"10:00\", kind: detected}\n  - <<: *d\n    at: \"10:30\"\n")
        text = yaml + "\n" + text
        let r = load(text)
        let incident = try #require(r.incident, "\(r.diagnostics)")
        #expect(incident.timeline.map(\.kind) == [.detected, .action])
        #expect(incident.timeline.map(\.text) == ["default text", "default text"])
        #expect(!r.diagnostics.contains { $0.message.contains("<<") }, "\(r.diagnostics)")
        // `defaults` itself is an unknown top-level field, nothing more.
        #expect(r.diagnostics.filter { $0.rule == "unknown-field" }.count == 1)
    }

    @Test func aMergeOfAScalarIsATypeError() {
        let r = load("x: &s 1\n<<: *s\n" + incidentYAML())
        #expect(r.incident == nil)
        #expect(r.diagnostics.contains { $0.rule == "type" && $0.message.contains("merge") }, "\(r.diagnostics)")
    }
}
