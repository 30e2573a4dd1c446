import Foundation
import HindsightTestSupport
import Testing

/// Standard input has no name: its content decides its kind, as for any other input.
@Suite struct InputKindCLITests {
    /// `complete.md` under a first line a YAML reader would take for a comment (`# Title: x`),
    /// and under an HTML comment, read from standard input.
    @Test func markdownOnStandardInputThatOpensLikeYAML() throws {
        let body = try Fixtures.markdown("complete.md").split(separator: "\n", maxSplits: 1, omittingEmptySubsequences: false)[1]
        for head in ["# Title: x\n", "<!-- draft -->\n# Title: x\n"] {
            let r = try CLI.run(["export", "-"], stdin: Data((head + body).utf8))
            #expect(r.status == 0, "\(head): \(r.stderr)")
            #expect(r.stdout.contains(#""title" : "Title: x""#) || r.stdout.contains(#""title": "Title: x""#), "\(r.stdout.prefix(200))")
            #expect(!r.stderr.contains("error"), "\(r.stderr)")
        }
    }
}
