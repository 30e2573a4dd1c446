import Foundation
import HindsightTestSupport
import Testing
import HindsightModel
@testable import HindsightImport

/// The assignment's rules: the complete fixture passes them all; each edit below breaks one.
@Suite struct LinterTests {
    func lint(_ text: String) -> [Diagnostic] { PostmortemLinter.lint(bytes: Array(text.utf8), file: "p.md") }

    /// The complete fixture with `old` replaced by `new` (which must change it).
    func edited(_ old: String, _ new: String) throws -> String {
        let text = try Fixtures.markdown("complete.md")
        #expect(text.contains(old), "fixture lacks \(old)")
        return text.replacingOccurrences(of: old, with: new)
    }

    /// The diagnostic of `rule`, checking it is the only kind of finding and a warning.
    func only(_ rule: String, in diags: [Diagnostic], line: Int? = nil) -> Diagnostic? {
        #expect(Set(diags.map(\.rule)) == [rule], "\(diags.map(\.text))")
        let d = diags.first { $0.rule == rule }
        #expect(d?.severity == .warning)
        if let line { #expect(d?.location.line == line, "\(d?.text ?? "")") }
        return d
    }

    @Test func completePostmortemPassesEveryRule() throws {
        #expect(lint(try Fixtures.markdown("complete.md")).isEmpty)
    }

    @Test func sections() throws {
        only("lint-section-summary", in: lint(try edited("## Issue Summary", "## Facts")), line: 1)
        let noTimeline = lint(try edited("## Timeline", "## Then"))
        #expect(noTimeline.contains { $0.rule == "lint-section-timeline" && $0.location == .start })
        only("lint-section-root-cause", in: lint(try edited("## Root Cause and Resolution", "## Details")), line: 1)
        let noCorrective = lint(try edited("## Corrective and Preventative Measures", "## Afterwards"))
        #expect(noCorrective.contains { $0.rule == "lint-section-corrective" })
    }

    @Test func wordCount() throws {
        // 494 words in the fixture (Markdown syntax, list markers and checkboxes not counted).
        let short = only("lint-word-count", in: lint(try Fixtures.markdown("complete.md").components(separatedBy: "## Root Cause")[0]
                                                     + "## Root Cause and Resolution\n\nA stale template.\n\n## Corrective and Preventative Measures\n\n- [ ] Fix the template.\n"))
        #expect(short?.message.hasPrefix("183 words") == true, "\(short?.message ?? "")")
        let long = lint(try edited("We will review these tasks", String(repeating: "More words about the outage here. ", count: 20) + "We will review these tasks"))
        let d = only("lint-word-count", in: long)
        #expect(d?.message.hasPrefix("614 words") == true && d?.message.contains("cut it down") == true, "\(d?.message ?? "")")
    }

    @Test func summaryFields() throws {
        only("lint-duration", in: lint(try edited("**End:** April 18, 2024, 11:00 AM SAST\n", "")), line: 5)
        only("lint-timezone", in: lint(try edited("09:30 AM SAST", "09:30 AM").replacingOccurrences(of: "11:00 AM SAST", with: "11:00 AM")), line: 5)
        only("lint-impact", in: lint(try edited("**Impact:** The billing portal returned errors for every invoice download, and customers could not pay outstanding bills online. About 45% of users saw failed downloads or blank payment pages while the outage lasted.", "**Users affected:** 45%")), line: 3)
        only("lint-users-percent", in: lint(try edited(" About 45% of users saw failed downloads or blank payment pages while the outage lasted.", "")), line: 8)
        only("lint-root-cause", in: lint(try edited("**Root cause:** A configuration push pointed the invoice renderer at a storage bucket that had been retired the week before.", "")), line: 3)
    }

    @Test func timelineTimes() throws {
        only("lint-timeline-times", in: lint(try edited("- **09:41** - Investigated", "- Investigated")), line: 16)
        let none = lint("# T\n\n## Timeline\n\n- Alert fired.\n- Restarted it, resolved.\n")
        let all = none.filter { $0.rule == "lint-timeline-times" }
        #expect(all.count == 1 && all.first?.location.line == 3)
    }

    @Test func timelineCoverage() throws {
        only("lint-timeline-detection", in: lint(try edited("A monitoring alert fired for the error rate of the invoice service.", "The error rate of the invoice service rose.")), line: 12)
        only("lint-timeline-detection-method", in: lint(try edited("A monitoring alert fired for the error rate of the invoice service.", "Issue detected.")), line: 12)
        only("lint-timeline-misleading", in: lint(try edited("- **09:52** - Assumed a network partition between the renderer and the database; the network checks showed nothing wrong.\n", "")), line: 12)
        only("lint-timeline-escalation", in: lint(try edited("- **10:05** - Escalated to the payments platform team.\n", "")), line: 12)
        only("lint-timeline-resolution", in: lint(try edited("- **11:00** - Service restored; invoices downloaded normally and the error rate returned to zero.\n", "")), line: 12)
        let bare = lint("# T\n\n## Timeline\n\n- 09:30 - Alert fired.\n- 09:40 - Escalated to the web team.\n- 09:50 - Service restored.\n")
        #expect(bare.contains { $0.rule == "lint-timeline-actions" && $0.location.line == 3 })
    }

    @Test func taskList() throws {
        let text = try Fixtures.markdown("complete.md")
        let remark = "We will keep an eye on the renderer over the coming weeks, talk about what happened at the next team meeting, and "
            + "come back to this postmortem if anything similar happens again, because the error rate alone did not tell us enough about what customers saw.\n"
        let cut = text.components(separatedBy: "Improvements:")[0] + remark
        only("lint-task-list", in: lint(cut), line: 29)
    }

    @Test func unreadableFileIsAnError() {
        let d = PostmortemLinter.lint(bytes: [0x23, 0x00, 0x01], file: "b.md")
        #expect(d.map(\.rule) == ["input-binary"] && d.first?.severity == .error)
    }

    @Test func lintingAnImportDoesNotParseAgain() throws {
        let r = try Fixtures.importMarkdown("missing-sections.md")
        let diags = PostmortemLinter.lint(r)
        #expect(diags.map(\.rule).sorted() == ["lint-section-corrective", "lint-section-timeline", "lint-task-list", "lint-word-count"])
        #expect(diags.allSatisfy { $0.file == "missing-sections.md" })
    }
}
