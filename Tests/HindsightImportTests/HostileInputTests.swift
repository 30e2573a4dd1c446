import Foundation
import HindsightTestSupport
import Testing
import HindsightModel
@testable import HindsightImport

/// Hostile Markdown gets a result or a clear diagnostic, quickly: never a crash or a hang.
@Suite struct HostileInputTests {
    /// Imports and lints `bytes`, checking that it finishes within `limit`.
    @discardableResult
    func run(_ bytes: [UInt8], limit: Duration = .seconds(5)) -> (ImportResult, [Diagnostic], Duration) {
        let clock = ContinuousClock()
        var r: ImportResult!
        var lint: [Diagnostic] = []
        let elapsed = clock.measure {
            r = MarkdownImporter.importMarkdown(bytes: bytes, file: "h.md")
            lint = PostmortemLinter.lint(r)
        }
        #expect(elapsed < limit, "took \(elapsed)")
        #expect(r.incident != nil || r.diagnostics.hasErrors, "no incident and no error")
        return (r, lint, elapsed)
    }

    @Test func deepBlockQuotes() {
        let text = String(repeating: ">", count: 10_000) + " 09:30 deep\n"
        let (r, _, _) = run(Array(text.utf8))
        #expect(r.diagnostics.contains { $0.rule == "import-missing-section" })
    }

    @Test func deepLists() {
        // Each `- ` opens a list inside the previous item: 10,000 levels on one line.
        let text = "## Timeline\n" + String(repeating: "- ", count: 10_000) + "09:30 - alert fired\n"
        let (r, _, _) = run(Array(text.utf8))
        #expect(r.draft?.events.count == 1)
    }

    @Test func deepIndentedLists() {
        var text = "## Timeline\n"
        for depth in 0..<1_000 { text += String(repeating: "  ", count: depth) + "- 09:\(String(format: "%02d", depth % 60)) step\n" }
        run(Array(text.utf8))
    }

    @Test func deepEmphasisAndLinks() {
        let text = "# T\n\n" + String(repeating: "*a ", count: 20_000) + String(repeating: "[", count: 20_000) + "x\n"
        run(Array(text.utf8))
    }

    @Test func hugeTable() {
        var text = "# Big\n\n## Timeline\n\n| Time | What |\n|---|---|\n"
        for k in 0..<20_000 { text += "| \(String(format: "%02d:%02d", (k / 60) % 24, k % 60)) | step \(k) |\n" }
        let (r, _, _) = run(Array(text.utf8))
        #expect(r.diagnostics.contains { $0.rule == "import-tables-ignored" })
        #expect(r.diagnostics.contains { $0.rule == "import-too-many-events" })
    }

    /// Found by hand: a table too wide for the table extension becomes one prose paragraph
    /// with no heading, so the whole file was the summary and the root cause, and every
    /// phrase search ran over all of it (15 s in a debug build). Prose sections are now read
    /// to 32–64 KB, and zone names are looked up by their first word.
    @Test func wideTableWithoutHeadingsIsProseReadOnlyInPart() {
        let row = "|" + String(repeating: "c|", count: 3_000) + "\n"
        let (_, _, elapsed) = run(Array((row + String(repeating: "-|", count: 3_000) + "\n" + String(repeating: row, count: 100)).utf8))
        let words = String(repeating: String(repeating: "c ", count: 3_000) + "\n", count: 100)
        let (_, _, wordsElapsed) = run(Array(words.utf8))
        #expect(elapsed + wordsElapsed < .seconds(5))
    }

    @Test func wideTable() {
        let row = "|" + String(repeating: " x |", count: 5_000) + "\n"
        let text = "## Timeline\n\n" + row + "|" + String(repeating: "---|", count: 5_000) + "\n" + String(repeating: row, count: 50)
        run(Array(text.utf8))
    }

    @Test func binaryAndEncodings() {
        let (bin, lint, _) = run(Array("# x\n".utf8) + [0x00, 0xFF, 0x10])
        #expect(bin.diagnostics.map(\.rule) == ["input-binary"])
        #expect(bin.diagnostics.first?.location == SourceLocation(line: 2, column: 1))
        #expect(lint.map(\.rule) == ["input-binary"] && lint.first?.severity == .error)
        let (latin, _, _) = run(Array("# caf".utf8) + [0xE9] + Array("\n".utf8))
        #expect(latin.diagnostics.map(\.rule) == ["input-encoding"])
        let (utf16, _, _) = run([0xFF, 0xFE, 0x23, 0x00])
        #expect(utf16.diagnostics.map(\.rule) == ["input-encoding"])
    }

    @Test func emptyAndBlank() {
        for text in ["", "   \n\n\t\n"] {
            let (r, _, _) = run(Array(text.utf8))
            #expect(r.diagnostics.map(\.rule) == ["input-empty"])
        }
    }

    @Test func tooLarge() {
        let bytes = [UInt8](repeating: UInt8(ascii: "a"), count: MarkdownImporter.maxBytes + 1)
        let (r, _, _) = run(bytes)
        #expect(r.diagnostics.map(\.rule) == ["input-too-large"])
        #expect(r.diagnostics.first?.message.contains("4.0 MiB") == true)
    }

    @Test func oneMegabyteOfPostmortems() throws {
        let one = try Fixtures.markdown("complete.md")
        var text = ""
        while text.utf8.count < 1_000_000 { text += one + "\n" }
        let (r, _, elapsed) = run(Array(text.utf8))
        #expect(r.incident != nil)
        print("1 MB of postmortems (\(text.utf8.count) bytes): \(elapsed)")
    }

    @Test func oneMegabyteTimeline() {
        var text = "# Long\n\n## Timeline\n\n"
        var k = 0
        while text.utf8.count < 1_000_000 {
            text += "- \(String(format: "%02d:%02d", (k / 60) % 24, k % 60)) - the on-call engineer checked the logs and restarted the service\n"
            k += 1
        }
        let (r, _, elapsed) = run(Array(text.utf8))
        #expect(r.diagnostics.contains { $0.rule == "import-too-many-events" })
        print("1 MB timeline (\(k) entries): \(elapsed)")
    }

    @Test func oneLongLine() {
        let text = "## Issue Summary\n\n" + String(repeating: "The outage at 09:30 SAST affected 30% of users. ", count: 20_000) + "\n"
        run(Array(text.utf8))
    }
}
