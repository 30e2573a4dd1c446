import Foundation
import HindsightTestSupport
import Testing
@testable import HindsightModel

/// Every fixture under Tests/Fixtures: good ones load with no diagnostic; each bad one gives
/// exactly the diagnostics its `# expect: LINE:COL SEVERITY RULE` lines (or `.expect` file) list.
@Suite struct FixtureTests {
    @Test(arguments: Fixtures.files("good"))
    func goodFixtureLoads(url: URL) {
        let r = Fixtures.load(url)
        #expect(r.incident != nil, "\(url.lastPathComponent): \(r.diagnostics.map(\.text))")
        #expect(r.diagnostics.isEmpty, "\(r.diagnostics.map(\.text))")
    }

    static func expectations(_ url: URL) -> Set<String> {
        let sidecar = url.appendingPathExtension("expect")
        let text = (try? String(contentsOf: sidecar, encoding: .utf8))
            ?? ((try? String(contentsOf: url, encoding: .utf8)) ?? "").split(separator: "\n")
                .filter { $0.hasPrefix("# expect: ") }.map { $0.dropFirst(10) }.joined(separator: "\n")
        return Set(text.split(separator: "\n").map(String.init))
    }

    @Test(arguments: Fixtures.files("bad"))
    func badFixtureReportsExactly(url: URL) {
        let r = Fixtures.load(url)
        let got = Set(r.diagnostics.map { "\($0.location.line):\($0.location.column) \($0.severity.rawValue) \($0.rule)" })
        let want = Self.expectations(url)
        #expect(!want.isEmpty, "fixture without expectations")
        #expect(got == want, "\(url.lastPathComponent): \(r.diagnostics.map(\.text))")
        for d in r.diagnostics { #expect(d.message.count > 20, "message too terse: \(d.message)") }
    }

    @Test func everyRuleHasABadFixture() {
        let lines: [String] = Fixtures.files("bad").flatMap { Array(Self.expectations($0)) }
        let rules = Set(lines.compactMap { (line: String) -> String? in line.components(separatedBy: " ").last })
        for rule in ["required", "type", "empty", "syntax", "duplicate-key", "unknown-field", "time-format",
                     "timezone-unknown", "timezone-required", "end-before-start", "event-order",
                     "event-outside-window", "percent-range", "kind-unknown", "via-misplaced", "via-unknown", "to-misplaced"] {
            #expect(rules.contains(rule), "no bad fixture for \(rule)")
        }
    }

    @Test func unknownFieldSuggestsNearestName() {
        let r = load(incidentYAML(extra: "severty: SEV-1\n"))
        #expect(r.incident != nil)
        #expect(r.diagnostics.map(\.message) == ["unknown field `severty`, ignored; did you mean `severity`?"])
    }

    @Test func duplicateKeyNamesBothLines() {
        let r = load("title: a\ntitle: b\n")
        let d = r.diagnostics.first { $0.rule == "duplicate-key" }
        #expect(d?.location == SourceLocation(line: 2, column: 1))
        #expect(d?.message.contains("first on line 1") == true)
    }

    @Test func unquotedClockTimesAreReadFromSource() throws {
        // YAML 1.1 would read 09:30 as 570; Hindsight reads the text.
        let yaml = incidentYAML().replacingOccurrences(of: "\"10:00\"", with: "10:00")
        let i = try #require(load(yaml).incident)
        #expect(i.timeline[0].at.iso8601 == "2025-01-10T10:00:00+00:00")
    }

    @Test func escalatedWithoutTargetWarns() {
        let r = load(incidentYAML(events: [("10:00", "detected"), ("10:10", "escalated"), ("10:30", "resolved")]))
        #expect(r.incident != nil)
        #expect(r.diagnostics.map(\.rule) == ["escalation-target"])
    }

    @Test func diagnosticTextFormats() {
        let d = Diagnostic(file: "a.yaml", location: SourceLocation(line: 3, column: 7), severity: .error, rule: "type", message: "bad, really: 100%")
        #expect(d.text == "a.yaml:3:7: error: bad, really: 100% [type]")
        #expect(d.github == "::error file=a.yaml,line=3,col=7,title=hindsight type::bad, really: 100%25 [type]")
        #expect(d.json.serialized() == #"{"file":"a.yaml","line":3,"column":7,"severity":"error","rule":"type","message":"bad, really: 100%"}"#)
    }
}
