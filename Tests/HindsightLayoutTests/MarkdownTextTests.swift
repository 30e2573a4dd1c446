import HindsightModel
import Testing
@testable import HindsightLayout

/// Inline Markdown in text fields becomes styles on byte ranges of the plain text.
@Suite struct MarkdownTextTests {
    func styled(_ s: String) -> [(String, TextStyle)] {
        let t = MarkdownText.styled(s)
        let bytes = Array(t.text.utf8)
        return t.styles.map { (String(decoding: bytes[$0.start..<$0.end], as: UTF8.self), $0.style) }
    }

    @Test func eachInlineForm() {
        let t = MarkdownText.styled("Ran **`kubectl rollout undo`** after *checking* the [status page](https://x.example) and <https://y.example>")
        #expect(t.text == "Ran kubectl rollout undo after checking the status page and https://y.example")
        let s = styled("Ran **`kubectl rollout undo`** after *checking* the [status page](https://x.example) and <https://y.example>")
        #expect(s.map(\.0) == ["kubectl rollout undo", "checking", "status page", "https://y.example"])
        #expect(s.map(\.1) == [[.bold, .code], .italic, .link, .link])
    }

    @Test func underscoresAndBoldItalic() {
        #expect(styled("__bold__ and _em_ and ***both***").map(\.1) == [.bold, .italic, [.bold, .italic]])
        // Intraword underscores and spaced asterisks are text.
        let t = MarkdownText.styled("snake_case_name and 5 * 3 * 2")
        #expect(t.text == "snake_case_name and 5 * 3 * 2")
        #expect(t.styles.isEmpty)
    }

    @Test func escapesAndUnclosedDelimiters() {
        let t = MarkdownText.styled(#"\*not em\* and **open and `tick"#)
        #expect(t.text == "*not em* and **open and `tick")
        #expect(t.styles.isEmpty)
    }

    @Test func nonASCIIOffsetsAreBytes() {
        let t = MarkdownText.styled("Café **naïve** 🔥 `ü`")
        #expect(t.text == "Café naïve 🔥 ü")
        let s = styled("Café **naïve** 🔥 `ü`")
        #expect(s.map(\.0) == ["naïve", "ü"])
    }

    @Test func prefixReplaceAndClip() {
        // A blank line in a field is a line break; a single newline is a space, as Markdown renders it.
        #expect(MarkdownText.styled("a **b**\nc").text == "a b c")
        let t = MarkdownText.styled("a **b**\n\nc `d`")
        let p = t.prefixed("→ team\n").replacing("\n", with: " · ")
        #expect(p.text == "→ team · a b · c d")
        let bytes = Array(p.text.utf8)
        #expect(p.styles.map { String(decoding: bytes[$0.start..<$0.end], as: UTF8.self) } == ["b", "d"])
        #expect(p.stylesClipped(to: "→ team · a b".utf8.count).count == 1)
    }

    /// Figures and reports read a field through the same parse: `~~v2.1~~` was literal in a
    /// figure and emphasis in the report.
    @Test func oneParseForFiguresAndReports() {
        let source = "rolled back ~~v2.1~~ to `v2.0`, see <https://x.example>"
        let t = MarkdownText.styled(source)
        #expect(t.text == "rolled back v2.1 to v2.0, see https://x.example")
        #expect(styled(source).map(\.1) == [.strikethrough, .code, .link])
        #expect(Inline.parse(source) == [.text("rolled back "), .strikethrough([.text("v2.1")]), .text(" to "), .code("v2.0"),
                                         .text(", see "), .link([.text("https://x.example")], url: "https://x.example")])
        #expect(MarkdownText.styled(Inline.parse(source)) == t)
        // A refused link keeps its words, in figures as in reports.
        #expect(Inline.parse("[x](javascript:alert(1))") == [.text("x")])
    }

    @Test func hostileInputStaysLinearAndBounded() {
        let deep = String(repeating: "[", count: 5000) + String(repeating: "*a", count: 5000)
        let t = MarkdownText.styled(deep)
        #expect(t.text.count >= 5000)
        let nested = String(repeating: "**a ", count: 200) + String(repeating: " a**", count: 200)
        _ = MarkdownText.styled(nested)
        // The longest text field (20,000 characters) of unclosed delimiters, in well under a second.
        let clock = ContinuousClock()
        for unit in ["*a ", "[a ", "`a ", "_a ", "![a ", "<a ", "~~a ", "**a", "[a](", "&#1", "a\n\n", "\\[", "www.a "] {
            let s = String(repeating: unit, count: 20_000 / unit.count)
            let elapsed = clock.measure { _ = MarkdownText.styled(s) }
            #expect(elapsed < .seconds(1), "\(unit): \(elapsed)")
        }
    }
}
