import Foundation
import HindsightTestSupport
import Testing

/// A Markdown postmortem works wherever an incident file does: check lints it, export imports
/// it, render draws it, and embed puts the figures into the same README.
@Suite(.serialized) struct MarkdownCLITests {
    let complete = Fixtures.root.appendingPathComponent("markdown/complete.md").path
    let missing = Fixtures.root.appendingPathComponent("markdown/missing-sections.md").path

    @Test func checkNamesTheMissingPartsAsErrorsAndLintsTheRest() throws {
        let r = try CLI.run(["check", missing])
        #expect(r.status == 1, "the assignment's missing parts are errors: \(r.stderr)")
        let lines = r.stderr.split(separator: "\n")
        #expect(!lines.isEmpty)
        for line in lines {
            #expect(line.hasPrefix("\(missing):"), "\(line)")
            #expect(line.range(of: #"\[(lint|import)-[a-z-]+\]$"#, options: .regularExpression) != nil, "\(line)")
        }
        let errors = lines.filter { $0.contains(": error: ") }
        #expect(errors.count == 2 && errors.allSatisfy { $0.contains("[import-missing-section]") }, "\(errors)")
        // A lint warning that only repeats a missing-part error is left out.
        #expect(!r.stderr.contains("[lint-section-timeline]"))
        #expect(r.stderr.contains(": warning: "))
        let gh = try CLI.run(["check", "--format", "github", missing])
        #expect(gh.stdout.contains("::error file=\(missing),line=1"))
    }

    /// A partial postmortem is still drawn and exported: warnings with rule ids, exit 0; the
    /// export says what is missing and reads back without unknown-field warnings.
    @Test func partialPostmortemRendersAndExports() throws {
        let dir = try Scratch.directory()
        let rendered = try CLI.run(["render", missing, "--figure", "timeline", "--format", "svg", "-o", dir.path])
        #expect(rendered.status == 0, "\(rendered.stderr)")
        #expect(rendered.stderr.contains(": warning: ") && rendered.stderr.contains("[import-missing-section]"), "\(rendered.stderr)")
        #expect(!rendered.stderr.contains(": error: "))
        let y = try CLI.run(["export", missing, "--format", "yaml"])
        #expect(y.status == 0, "\(y.stderr)")
        #expect(y.stdout.contains("# missing: timeline"))
        #expect(y.stdout.contains("# missing: corrective"))
        let f = dir.appendingPathComponent("draft.yaml")
        try y.stdout.write(to: f, atomically: true, encoding: .utf8)
        let back = try CLI.run(["check", f.path])
        #expect(back.status == 1, "the draft still lacks what the assignment requires")
        #expect(back.stderr.contains("[required]"))
        #expect(!back.stderr.contains("unknown-field"), "\(back.stderr)")
    }

    @Test func checkVerboseListsGuesses() throws {
        let quiet = try CLI.run(["check", "--format", "json", complete])
        let verbose = try CLI.run(["check", "--format", "json", "--verbose", complete])
        #expect(!quiet.stdout.contains("\"info\""))
        #expect(verbose.stdout.contains("\"severity\" : \"info\"") || verbose.stdout.contains("\"severity\": \"info\""))
    }

    @Test func binaryMarkdownIsAnError() throws {
        let dir = try Scratch.directory()
        let f = dir.appendingPathComponent("x.md")
        try Data([0x23, 0x20, 0x41, 0x00, 0xFF, 0x01]).write(to: f)
        let r = try CLI.run(["check", f.path])
        #expect(r.status == 1)
        #expect(r.stderr.contains("x.md:1:"), "\(r.stderr)")
    }

    @Test func exportYAMLMarksGuessesAndReadsBack() throws {
        let r = try CLI.run(["export", complete, "--format", "yaml"])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("# guessed:"))
        let dir = try Scratch.directory()
        let f = dir.appendingPathComponent("imported.yaml")
        try r.stdout.write(to: f, atomically: true, encoding: .utf8)
        let back = try CLI.run(["check", f.path])
        #expect(back.status == 0, "\(back.stderr)")
    }

    @Test func renderAndEmbedIntoTheSameReadme() throws {
        let dir = try Scratch.directory()
        let readme = dir.appendingPathComponent("README.md")
        try FileManager.default.copyItem(atPath: complete, toPath: readme.path)
        let rendered = try CLI.run(["render", "README.md", "-o", "fig"], cwd: dir)
        #expect(rendered.status == 0, "\(rendered.stderr)")
        #expect(FileManager.default.fileExists(atPath: dir.appendingPathComponent("fig/README-timeline.png").path))

        let first = try CLI.run(["embed", "README.md", "--incident", "README.md", "--append"], cwd: dir)
        #expect(first.status == 0, "\(first.stderr)")
        let once = try Data(contentsOf: readme)
        #expect(String(decoding: once, as: UTF8.self).contains("<!-- hindsight:begin -->"))
        // The embedded block is not read back as part of the postmortem: a second run, with
        // or without the report inside, changes nothing.
        let second = try CLI.run(["embed", "README.md", "--incident", "README.md"], cwd: dir)
        #expect(second.status == 0, "\(second.stderr)")
        #expect(try Data(contentsOf: readme) == once)
        #expect(try CLI.run(["embed", "README.md", "--incident", "README.md", "--report"], cwd: dir).status == 0)
        let withReport = try Data(contentsOf: readme)
        #expect(try CLI.run(["embed", "README.md", "--incident", "README.md", "--report"], cwd: dir).status == 0)
        #expect(try Data(contentsOf: readme) == withReport)
    }

    @Test func standardInputIsSniffed() throws {
        let text = try Data(contentsOf: URL(fileURLWithPath: complete))
        let r = try CLI.run(["export", "-"], stdin: text)
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("\"duration_minutes\""))
    }
}
