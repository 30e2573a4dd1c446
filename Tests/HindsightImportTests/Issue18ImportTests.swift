import Foundation
@testable import HindsightImport
import HindsightModel
import HindsightTestSupport
import Testing

/// Issue 18, item 15: the table width limit counts columns, and names the line; the event
/// limit is an error for `check` as for every other command.
@Suite struct ImportLimitTests {
    func table(columns: Int) -> String {
        "| " + (0..<columns).map { "c\($0)" }.joined(separator: " | ") + " |\n"
            + "|" + Array(repeating: "---", count: columns).joined(separator: "|") + "|\n"
            + "| " + Array(repeating: "x", count: columns).joined(separator: " | ") + " |\n"
    }

    @Test func aTableOfExactly128ColumnsIsRead() throws {
        let text = try Fixtures.markdown("complete.md") + "\n## Appendix\n\n" + table(columns: 128)
        let r = MarkdownImporter.importMarkdown(text: text, file: "t.md")
        #expect(!r.diagnostics.contains { $0.rule == "import-tables-ignored" }, "\(r.diagnostics.filter { $0.rule == "import-tables-ignored" })")
    }

    @Test func aWiderTableIsIgnoredAtItsLine() throws {
        let base = try Fixtures.markdown("complete.md") + "\n## Appendix\n\n"
        let line = base.split(separator: "\n", omittingEmptySubsequences: false).count
        let r = MarkdownImporter.importMarkdown(text: base + table(columns: 129), file: "t.md")
        let d = try #require(r.diagnostics.first { $0.rule == "import-tables-ignored" })
        #expect(d.location == SourceLocation(line: line, column: 1))
    }

    @Test func columnCounting() {
        #expect(MarkdownDocument.columns("| a | b |"[...].utf8) == 2)
        #expect(MarkdownDocument.columns("a | b"[...].utf8) == 2)
        #expect(MarkdownDocument.columns("| a \\| b |"[...].utf8) == 1)
        #expect(MarkdownDocument.columns("no pipes"[...].utf8) == 0)
    }

    @Test func tooManyTimelineEntriesFailCheckAsTheyFailExport() throws {
        let text = try Fixtures.markdown("complete.md")
        let bullets = (0..<6_000).map { String(format: "- **%02d:%02d** - step %d", 9 + $0 / 60 % 2, $0 % 60, $0) }.joined(separator: "\n")
        let big = text.replacingOccurrences(of: "## Timeline\n", with: "## Timeline\n\n" + bullets + "\n")
        let bytes = Array(big.utf8)
        let loaded = InputLoading.load(bytes: bytes, file: "big.md", format: .markdown)
        #expect(loaded.diagnostics.contains { $0.rule == "import-too-many-events" && $0.severity == .error })
        let checked = InputLoading.checkMarkdown(bytes: bytes, file: "big.md")
        #expect(checked.diagnostics.contains { $0.rule == "import-too-many-events" && $0.severity == .error }, "check must fail too")
    }
}
