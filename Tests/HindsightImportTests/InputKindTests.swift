import Foundation
import HindsightModel
import HindsightTestSupport
import Testing

/// `InputKind.of` is the one place an input's kind is decided: by name, then by content.
@Suite struct InputKindTests {
    static let v1JSON = Array(#"{"title": "T", "start": "2025-01-10 10:00"}"#.utf8)

    @Test func theNameDecidesTheSyntax() {
        #expect(InputKind.of(name: "a.yaml", bytes: Self.v1JSON) == .yaml)
        #expect(InputKind.of(name: "a.YML", bytes: Self.v1JSON) == .yaml)
        #expect(InputKind.of(name: "a.md", bytes: Array("title: T\n".utf8)) == .markdown)
        #expect(InputKind.of(name: "a.markdown", bytes: Self.v1JSON) == .markdown)
        #expect(InputKind.of(name: "a.json", bytes: Array("# Postmortem\n".utf8)) == .json)
        // A caller that knows the syntax says so instead of the name.
        #expect(InputKind.of(name: "a.yaml", bytes: Self.v1JSON, format: .json) == .json)
    }

    @Test func contentDecidesWithoutAName() {
        for name in [nil, "-", "<stdin>", "postmortem"] {
            #expect(InputKind.of(name: name, bytes: Self.v1JSON) == .json)
            #expect(InputKind.of(name: name, bytes: Array("\u{FEFF}\n  [1]".utf8)) == .json)
            #expect(InputKind.of(name: name, bytes: Array("# comment\ntitle: T\n".utf8)) == .yaml)
            #expect(InputKind.of(name: name, bytes: Array("title: T\n".utf8)) == .yaml)
            #expect(InputKind.of(name: name, bytes: Array("#not a heading\nx: 1\n".utf8)) == .yaml)
            #expect(InputKind.of(name: name, bytes: Array("**Timeline**\n- 09:30 - paged\n".utf8)) == .markdown)
            #expect(InputKind.of(name: name, bytes: []) == .yaml)
        }
    }

    /// A history is known by its content, with or without a `.json` name; JSON that is no
    /// history is a format-v1 incident (whose decoder says what it expected).
    @Test func historiesByTheirContent() throws {
        for (fixture, kind) in [("history/statuspage-incidents.json", InputKind.statusPage), ("history/statuspage-one.json", .statusPage),
                                ("history/pagerduty-log-entries.json", .pagerDuty)] {
            let bytes = try Fixtures.bytes(fixture)
            #expect(InputKind.of(name: fixture, bytes: bytes) == kind, "\(fixture)")
            #expect(InputKind.of(name: nil, bytes: bytes) == kind, "\(fixture)")
            #expect(InputKind.of(name: "h.yaml", bytes: bytes) == .yaml, "the name decides the syntax first")
            #expect(kind.format == .json)
        }
        #expect(InputKind.of(name: "x.json", bytes: Array(#"[{"type": "trigger_log_entry"}]"#.utf8)) == .pagerDuty)
        #expect(InputKind.of(name: "x.json", bytes: Array(#"{"incident": {"incident_updates": []}}"#.utf8)) == .statusPage)
        #expect(InputKind.of(name: "x.json", bytes: Array(#"{"incident": {"name": "x"}}"#.utf8)) == .json)
        #expect(InputKind.of(name: "x.json", bytes: Array("{not json".utf8)) == .json)
    }

    /// Markdown on standard input whose first line a YAML reader would take for a comment,
    /// or that opens with HTML, is still Markdown.
    @Test func markdownThatOpensLikeYAMLOrHTML() throws {
        let body = try Fixtures.markdown("complete.md").split(separator: "\n", maxSplits: 1, omittingEmptySubsequences: false)[1]
        for head in ["# Title: x\n", "<!-- draft: yes -->\n# Title: x\n", "<div align=\"center\">\n\n# Invoices\n\n</div>\n"] {
            let bytes = Array((head + body).utf8)
            #expect(InputKind.of(name: nil, bytes: bytes) == .markdown, "\(head)")
            #expect(InputKind.of(name: "-", bytes: bytes) == .markdown, "\(head)")
        }
    }
}
