import HindsightModel
import Testing

/// One test per fuzzing finding in Hindsight itself (docs/hardening.md, "Findings"). Inputs
/// too large for the seed corpus are built here; the small reproducers are also replayed
/// from Tests/Fixtures/fuzz-seeds by FuzzCorpusTests.
@Suite struct FuzzFindingTests {
    func expectNestingRefused(_ yaml: String, at location: HindsightModel.SourceLocation,
                              sourceLocation: Testing.SourceLocation = #_sourceLocation) {
        let r = IncidentLoader.load(text: yaml, file: "deep.yaml", format: .yaml)
        #expect(r.diagnostics.map(\.rule) == ["nesting-depth"], "\(r.diagnostics.prefix(2).map(\.text))", sourceLocation: sourceLocation)
        #expect(r.diagnostics.first?.location == location, sourceLocation: sourceLocation)
    }

    /// Finding 1: libyaml ends a line at CR as well as LF; the nesting pre-scan split lines at LF
    /// only, so a file with CR line breaks passed any block nesting to Yams' recursive composer,
    /// which overflowed the stack (SIGSEGV at about 1,450 levels on an 8 MB stack).
    @Test func crLineBreaksCannotHideBlockNesting() {
        let deep = "x:\r" + (1..<2_880).map { String(repeating: " ", count: $0) + "k:\r" }.joined()
        #expect(deep.utf8.count <= InputLimits.maxBytes)
        expectNestingRefused(deep, at: .init(line: 65, column: 65))
        // Positions count CR line breaks the way libyaml does.
        let r = IncidentLoader.load(text: "title: a\rservice: b\r\tstart: c\r", file: "cr.yaml", format: .yaml)
        #expect(r.diagnostics.first?.location == .init(line: 3, column: 1), "\(r.diagnostics.map(\.text))")
    }

    /// Finding 2 (reviewing finding 1): the pre-scan took any `'` or `"` for the start of a
    /// quoted string and skipped the rest of the line, so a quote inside a plain scalar (`it's`)
    /// hid the brackets after it: a million of them overflowed the stack in Yams' composer.
    @Test func quoteInPlainScalarCannotHideFlowNesting() {
        let n = 1_000_000
        let deep = "x: [it's, " + String(repeating: "[", count: n) + String(repeating: "]", count: n) + "]\n"
        // Level 1 is the top mapping, 2 the outer list: the 63rd bracket is level 65.
        expectNestingRefused(deep, at: .init(line: 1, column: 11 + 62))
    }

    /// Finding 3 (reviewing finding 1): the alias budget memoised each aliased subtree's size
    /// but not its height, so an alias used deeper than its anchor escaped the nesting limit.
    /// Refused at the anchor, the place Yams gives every use of it.
    @Test func aliasCannotCarryNestingPastTheLimit() {
        let anchored = "a: &a " + String(repeating: "[", count: 60) + "x" + String(repeating: "]", count: 60) + "\n"
        let within = "b: " + String(repeating: "[", count: 3) + "*a" + String(repeating: "]", count: 3) + "\n"
        #expect(!IncidentLoader.load(text: anchored + within, file: "a.yaml", format: .yaml).diagnostics.contains { $0.rule == "nesting-depth" })
        let over = "b: " + String(repeating: "[", count: 4) + "*a" + String(repeating: "]", count: 4) + "\n"
        expectNestingRefused(anchored + over, at: .init(line: 1, column: 4))
    }

    /// Finding 4: before about 1900 an IANA zone's offset is local mean time, with seconds
    /// (Lisbon: −00:36:45). The export wrote the offset to the minute but the clock to the
    /// second of the true offset, naming an instant 45 s off; its JSON read back as another
    /// incident.
    @Test func localMeanTimeExportsTheSameInstant() throws {
        let yaml = "title: T\nservice: S\ntimezone: Europe/Lisbon\nstart: 1012-02-03 14:05\nend: 2025-02-03 14:50\n"
            + "impact: {summary: x, users_affected_percent: 35}\nroot_cause: r\nresolution: r\n"
            + "timeline: [{at: \"14:05\", text: t}]\ncorrective: {improvements: [i], tasks: [t]}\n"
        let incident = try #require(IncidentLoader.load(text: yaml, file: "lmt.yaml", format: .yaml).incident)
        #expect(incident.start?.offset == -(36 * 60 + 45))
        #expect(incident.start?.iso8601 == "1012-02-03T14:05:45-00:36")
        expectRoundTrip(incident)
    }

    /// Finding 5, by the property tests: the generator stepped wall-clock times, so across a
    /// daylight-saving change it wrote times out of order or past `end` (13 of 12,000 incidents
    /// over seven zones). These three were invalid.
    @Test(arguments: [
        GeneratedCase(seed: 22, options: .init(events: 300, spanMinutes: 30 * 1440, textLength: 6, zone: "America/New_York")),
        GeneratedCase(seed: 82, options: .init(events: 11, spanMinutes: 600, textLength: 6, zone: "Pacific/Chatham")),
        GeneratedCase(seed: 299, options: .init(events: 60, spanMinutes: 10 * 1440, textLength: 6, zone: "Pacific/Chatham")),
    ])
    func generatorIsValidAcrossDaylightSaving(_ c: GeneratedCase) throws {
        _ = try c.incident()
    }

    /// Finding 6: Yams reads a YAML scalar with Foundation's `String(bytes:encoding:)`, which
    /// drops a leading U+FEFF, while JSON keeps it: a JSON text starting with U+FEFF, exported
    /// as YAML, read back without it. Texts are now trimmed of U+FEFF as of white space.
    @Test func byteOrderMarkAtTheStartOfATextIsTrimmed() throws {
        let json = #"{"title": "﻿T", "service": "S﻿", "timezone": "UTC", "start": "2025-01-10 10:00", "#
            + #""end": "2025-01-10 11:00", "impact": {"summary": "x", "users_affected_percent": 10}, "root_cause": "r", "#
            + #""resolution": "r", "timeline": [{"at": "10:00", "text": "﻿﻿ t"}], "#
            + #""corrective": {"improvements": ["﻿i"], "tasks": ["t"]}}"#
        let incident = try #require(IncidentLoader.load(text: json, file: "bom.json", format: .json).incident)
        #expect([incident.title, incident.service, incident.timeline[0].text, incident.improvements[0]] == ["T", "S", "t", "i"])
        expectRoundTrip(incident)
    }

    /// Finding 7: a text that YAML reads as something else when written plain (`~` is null,
    /// `yes` a boolean, `12` a number) was exported as YAML unquoted: a JSON incident titled
    /// `~` exported to YAML read back with no title. Such texts are now double-quoted.
    @Test(arguments: ["~", "null", "yes", "No", "12", "1.5", "2024-01-01", "<<", "="])
    func yamlExportQuotesTextsThatReadAsOtherTypes(_ title: String) throws {
        let json = #"{"title": "\#(title)", "service": "S", "timezone": "UTC", "start": "2025-01-01 00:00", "#
            + #""end": "2025-01-01 00:03", "impact": {"summary": "s", "users_affected_percent": 0}, "root_cause": "r", "#
            + #""resolution": "r", "timeline": [{"at": "00:00", "text": "a"}], "corrective": {"improvements": ["i"], "tasks": ["t"]}}"#
        let incident = try #require(IncidentLoader.load(text: json, file: "t.json", format: .json).incident)
        #expect(incident.title == title)
        expectRoundTrip(incident)
    }

    /// Finding 8 (FuzzMarkdown): the importer read `10:30 CT` as US Central time and wrote
    /// `timezone: CT`, which the incident format refused (`timezone-unknown`): an import whose
    /// export would not load. `PT`, `MT`, `CT` and `ET` are now zones of the format itself,
    /// following daylight saving by date.
    @Test(arguments: [("CT", "2024-07-04T09:00:00-05:00"), ("ET", "2024-01-04T09:00:00-05:00"), ("PT", "2024-07-04T09:00:00-07:00"), ("mt", "2024-01-04T09:00:00-07:00")])
    func genericUSZonesAreZonesOfTheFormat(_ zone: String, _ start: String) throws {
        let date = start.prefix(10)
        let yaml = "title: t\nservice: s\ntimezone: \(zone)\nstart: \"\(date) 09:00\"\nend: \"\(date) 10:00\"\n"
            + "impact: {summary: x, users_affected_percent: 5}\nroot_cause: r\nresolution: r\n"
            + "timeline: [{at: \"09:00\", text: a}]\ncorrective: {improvements: [i], tasks: [t]}\n"
        let r = IncidentLoader.load(text: yaml, file: "z.yaml", format: .yaml)
        let incident = try #require(r.incident, "\(r.diagnostics.map(\.text))")
        #expect(incident.start?.iso8601 == start)
        expectRoundTrip(incident)
    }
}
