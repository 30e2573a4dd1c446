import Foundation
import HindsightModel
import HindsightTestSupport
import Testing

/// Issue 15 through the binary: one meaning per flag (old spellings still work), lists taken
/// the same way everywhere, `-o -`, `--check`, `batch --strict`, help pages, and item 6's bugs.
@Suite(.serialized) struct CommandLineDesignTests {
    let example = Fixtures.example.path

    func files(_ dir: URL) throws -> [String] {
        guard FileManager.default.fileExists(atPath: dir.path) else { return [] }
        return try FileManager.default.contentsOfDirectory(atPath: dir.path).sorted()
    }

    func exampleText(replacing old: String, with new: String) throws -> String {
        let text = try String(contentsOfFile: example, encoding: .utf8)
        precondition(text.contains(old), "the example no longer has \(old)")
        return text.replacingOccurrences(of: old, with: new)
    }

    // MARK: one meaning per flag, lists

    @Test func figureListsAreCommaSeparatedAndRepeatable() throws {
        let dir = try Scratch.directory()
        let r = try CLI.run(["render", example, "-o", "out", "--figure", "timeline,card", "--image-format", "svg"], cwd: dir)
        #expect(r.status == 0, "\(r.stderr)")
        #expect(try files(dir.appendingPathComponent("out")) == ["email-outage-card.svg", "email-outage-timeline.svg"])
        let again = try CLI.run(["render", example, "-o", "out2", "--figure", "impact", "--figure", "card", "--image-format", "svg", "--image-format", "pdf"], cwd: dir)
        #expect(again.status == 0, "\(again.stderr)")
        #expect(try files(dir.appendingPathComponent("out2")) == ["email-outage-card.pdf", "email-outage-card.svg", "email-outage-impact.pdf", "email-outage-impact.svg"])
        #expect(again.stderr.isEmpty, "\(again.stderr)")
    }

    @Test func aMistypedValueGetsASuggestionInHindsightsErrorStyle() throws {
        let r = try CLI.run(["render", example, "--figure", "tmeline", "-o", "-"])
        #expect(r.status == 2)
        #expect(r.stderr.hasPrefix("hindsight: "), "\(r.stderr)")
        #expect(r.stderr.contains("did you mean `timeline`?"), "\(r.stderr)")
    }

    @Test func aMistypedEnumValueGetsASuggestion() throws {
        let style = try CLI.run(["report", example, "--style", "plyful", "-o", "-"])
        #expect(style.status == 2)
        #expect(style.stderr.contains("did you mean `playful`?"), "\(style.stderr)")
        let diagnostics = try CLI.run(["check", example, "--diagnostics", "jsn"])
        #expect(diagnostics.status == 2)
        #expect(diagnostics.stderr.contains("did you mean `json`?"), "\(diagnostics.stderr)")
    }

    @Test func theOldFormatSpellingsKeepWorkingWithAWarning() throws {
        let dir = try Scratch.directory()
        let old = try CLI.run(["render", example, "-o", "a", "--figure", "card", "--format", "svg"], cwd: dir)
        let new = try CLI.run(["render", example, "-o", "b", "--figure", "card", "--image-format", "svg"], cwd: dir)
        #expect(old.status == 0 && new.status == 0)
        #expect(old.stderr.contains("`--format` is deprecated; use `--image-format`"), "\(old.stderr)")
        #expect(new.stderr.isEmpty)
        #expect(try Data(contentsOf: dir.appendingPathComponent("a/email-outage-card.svg")) == Data(contentsOf: dir.appendingPathComponent("b/email-outage-card.svg")))

        let checkOld = try CLI.run(["check", "--format", "json", example])
        let checkNew = try CLI.run(["check", "--diagnostics", "json", example])
        #expect(checkOld.status == 0 && checkNew.status == 0)
        #expect(checkOld.stdout == checkNew.stdout && checkNew.stdout.contains("\"diagnostics\""))
        #expect(checkOld.stderr.contains("use `--diagnostics`") && checkNew.stderr.isEmpty)

        let exportOld = try CLI.run(["export", example, "--format", "yaml"])
        let exportNew = try CLI.run(["export", example, "--to", "yaml"])
        #expect(exportOld.stdout == exportNew.stdout && exportNew.stdout.hasPrefix("title:"))
        #expect(exportOld.stderr.contains("use `--to`") && exportNew.stderr.isEmpty)
    }

    @Test func reportTakesSeveralDocumentFormatsInEitherSpelling() throws {
        let dir = try Scratch.directory()
        // Repeated: before, the last one silently won.
        let repeated = try CLI.run(["report", example, "-o", "a", "--format", "md", "--format", "pdf"], cwd: dir)
        #expect(repeated.status == 0, "\(repeated.stderr)")
        let a = try files(dir.appendingPathComponent("a"))
        #expect(a.contains("email-outage.md") && a.contains("email-outage.pdf"), "\(a)")
        let listed = try CLI.run(["report", example, "-o", "b", "--to", "md,html"], cwd: dir)
        #expect(listed.status == 0, "\(listed.stderr)")
        let b = try files(dir.appendingPathComponent("b"))
        #expect(b.contains("email-outage.md") && b.contains("email-outage.html"), "\(b)")
        // The reports are printed last.
        let printed = listed.stdout.split(separator: "\n").suffix(2).map(String.init)
        #expect(Set(printed) == ["b/email-outage.md", "b/email-outage.html"], "\(listed.stdout)")
    }

    func pngSize(_ url: URL) throws -> (Int, Int) {
        let b = [UInt8](try Data(contentsOf: url).prefix(24))
        func be(_ i: Int) -> Int { b[i..<(i + 4)].reduce(0) { $0 << 8 | Int($1) } }
        return (be(16), be(20))
    }

    /// `report` and `embed` take `--theme` as `render` does: the first theme draws the figures,
    /// a second is the dark variant in `<picture>`; the default stays light,dark.
    @Test func reportAndEmbedTakeTheTheme() throws {
        let dir = try Scratch.directory()
        #expect(try CLI.run(["report", example, "-o", "default"], cwd: dir).status == 0)
        #expect(try CLI.run(["report", example, "-o", "same", "--theme", "light,dark"], cwd: dir).status == 0)
        for name in try files(dir.appendingPathComponent("default")) {
            #expect(try Data(contentsOf: dir.appendingPathComponent("default/\(name)")) == Data(contentsOf: dir.appendingPathComponent("same/\(name)")), "\(name)")
        }
        // One theme: its figures, no dark variant.
        let brand = Fixtures.root.appendingPathComponent("themes/brand.yaml").path
        let one = try CLI.run(["report", example, "-o", "one", "--theme", "high-contrast"], cwd: dir)
        #expect(one.status == 0, "\(one.stderr)")
        #expect(try files(dir.appendingPathComponent("one")) == ["email-outage-impact.png", "email-outage-timeline.png", "email-outage.md"])
        let md = try String(contentsOf: dir.appendingPathComponent("one/email-outage.md"), encoding: .utf8)
        #expect(!md.contains("<picture>") && md.contains("email-outage-timeline.png"))
        #expect(try Data(contentsOf: dir.appendingPathComponent("one/email-outage-timeline.png")) != Data(contentsOf: dir.appendingPathComponent("default/email-outage-timeline.png")))
        // A theme file with a dark variant: `<picture>` names the variant's files.
        let two = try CLI.run(["report", example, "-o", "two", "--theme", "\(brand),high-contrast"], cwd: dir)
        #expect(two.status == 0, "\(two.stderr)")
        let twoMD = try String(contentsOf: dir.appendingPathComponent("two/email-outage.md"), encoding: .utf8)
        #expect(twoMD.contains("email-outage-timeline-high-contrast.png"), "\(twoMD.prefix(600))")
        #expect(try files(dir.appendingPathComponent("two")).contains("email-outage-impact-high-contrast.png"))
        // HTML: the dark figures only with a second theme.
        #expect(try CLI.run(["report", example, "-o", "h1", "--to", "html", "--theme", "dark"], cwd: dir).status == 0)
        #expect(try CLI.run(["report", example, "-o", "h2", "--to", "html"], cwd: dir).status == 0)
        let h1 = try String(contentsOf: dir.appendingPathComponent("h1/email-outage.html"), encoding: .utf8)
        let h2 = try String(contentsOf: dir.appendingPathComponent("h2/email-outage.html"), encoding: .utf8)
        #expect(!h1.contains("id=\"f1d-") && h2.contains("id=\"f1d-"))
        // embed: the same group.
        try "# Postmortem\n".write(to: dir.appendingPathComponent("README.md"), atomically: true, encoding: .utf8)
        let e = try CLI.run(["embed", "README.md", "--incident", example, "--append", "--theme", "dark"], cwd: dir)
        #expect(e.status == 0, "\(e.stderr)")
        #expect(try !String(contentsOf: dir.appendingPathComponent("README.md"), encoding: .utf8).contains("<picture>"))
        #expect(!FileManager.default.fileExists(atPath: dir.appendingPathComponent("email-outage-timeline-dark.png").path))
        // More than a figure theme and its dark variant, or one theme twice: a usage error.
        let three = try CLI.run(["report", example, "-o", "x", "--theme", "light,dark,high-contrast"], cwd: dir)
        #expect(three.status == 2 && three.stderr.contains("at most 2 themes"), "\(three.stderr)")
        #expect(try CLI.run(["embed", "README.md", "--incident", example, "--theme", "dark,dark"], cwd: dir).status == 2)
        #expect(try CLI.run(["report", example, "-o", "x", "--theme", "drak"], cwd: dir).status == 2)
    }

    @Test func reportAndEmbedTakeTheScale() throws {
        let dir = try Scratch.directory()
        // The Markdown report's figures are 2x by default (800 px wide timeline), 1x when asked.
        #expect(try CLI.run(["report", example, "-o", "r"], cwd: dir).status == 0)
        #expect(try pngSize(dir.appendingPathComponent("r/email-outage-timeline.png")).0 == 1600)
        #expect(try CLI.run(["report", example, "-o", "r1", "--scale", "1"], cwd: dir).status == 0)
        #expect(try pngSize(dir.appendingPathComponent("r1/email-outage-timeline.png")).0 == 800)
        var sizes: [(Int, Int)] = []
        for scale in ["1", "2"] {
            let sub = dir.appendingPathComponent("e\(scale)")
            try FileManager.default.createDirectory(at: sub, withIntermediateDirectories: true)
            try "# Postmortem\n".write(to: sub.appendingPathComponent("README.md"), atomically: true, encoding: .utf8)
            let e = try CLI.run(["embed", "README.md", "--incident", example, "--append", "--scale", scale], cwd: sub)
            #expect(e.status == 0, "\(e.stderr)")
            sizes.append(try pngSize(sub.appendingPathComponent("email-outage-timeline.png")))
        }
        #expect(sizes[1].0 == 2 * sizes[0].0 && sizes[1].1 == 2 * sizes[0].1, "\(sizes)")
        #expect(try CLI.run(["report", example, "-o", "r", "--scale", "9"], cwd: dir).status == 2)
    }

    @Test func embedTakesFigureDirAndStillFigures() throws {
        let dir = try Scratch.directory()
        for (flag, sub) in [("--figure-dir", "a"), ("--figures", "b")] {
            try "# Postmortem\n".write(to: dir.appendingPathComponent("\(sub).md"), atomically: true, encoding: .utf8)
            let r = try CLI.run(["embed", "\(sub).md", "--incident", example, "--append", flag, "img-\(sub)"], cwd: dir)
            #expect(r.status == 0, "\(r.stderr)")
            #expect(try files(dir.appendingPathComponent("img-\(sub)")).contains("email-outage-timeline.png"))
            #expect(r.stderr.contains("deprecated") == (flag == "--figures"), "\(r.stderr)")
        }
    }

    // MARK: -o -

    @Test func dashWritesTheOneOutputToStandardOutput() throws {
        let dir = try Scratch.directory()
        let r = try CLI.run(["render", example, "--figure", "card", "--image-format", "svg", "-o", "-"], cwd: dir)
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.hasPrefix("<?xml") || r.stdout.hasPrefix("<svg"), "\(r.stdout.prefix(80))")
        #expect(try files(dir).isEmpty, "a folder named - was created")
        let many = try CLI.run(["render", example, "-o", "-"], cwd: dir)
        #expect(many.status == 2)
        #expect(many.stderr.contains("-o - writes one file"), "\(many.stderr)")
        #expect(many.stdout.isEmpty)
        #expect(try files(dir).isEmpty)
        let pdf = try CLI.run(["report", example, "--to", "pdf", "-o", "-"], cwd: dir)
        #expect(pdf.status == 0, "\(pdf.stderr)")
        #expect(pdf.stdout.hasPrefix("%PDF-"))
        #expect(try files(dir).isEmpty)
        #expect(try CLI.run(["report", example, "-o", "-"], cwd: dir).status == 2, "the Markdown report links figure files")
    }

    // MARK: --check

    @Test func renderCheckNamesStaleAndMissingFilesAndWritesNothing() throws {
        let dir = try Scratch.directory()
        let args = ["render", example, "-o", "out", "--figure", "timeline,card", "--image-format", "svg"]
        #expect(try CLI.run(args, cwd: dir).status == 0)
        let fresh = try CLI.run(args + ["--check"], cwd: dir)
        #expect(fresh.status == 0, "\(fresh.stderr)")
        let card = dir.appendingPathComponent("out/email-outage-card.svg")
        try "<svg/>".write(to: card, atomically: true, encoding: .utf8)
        try FileManager.default.removeItem(at: dir.appendingPathComponent("out/email-outage-timeline.svg"))
        let stale = try CLI.run(args + ["--check"], cwd: dir)
        #expect(stale.status == 1)
        #expect(stale.stderr.contains("out/email-outage-card.svg: out of date"), "\(stale.stderr)")
        #expect(stale.stderr.contains("out/email-outage-timeline.svg: missing"), "\(stale.stderr)")
        #expect(try String(contentsOf: card, encoding: .utf8) == "<svg/>", "--check wrote")
        #expect(try files(dir.appendingPathComponent("out")) == ["email-outage-card.svg"])
    }

    @Test func batchCheckNamesEachFileThatDiffers() throws {
        let dir = try Scratch.directory()
        let input = dir.appendingPathComponent("in/sub")
        try FileManager.default.createDirectory(at: input, withIntermediateDirectories: true)
        try FileManager.default.copyItem(atPath: example, toPath: dir.appendingPathComponent("in/a.yaml").path)
        try FileManager.default.copyItem(atPath: example, toPath: input.appendingPathComponent("b.yaml").path)
        let args = ["batch", "in", "-o", "out", "--figure", "card", "--image-format", "svg", "--progress", "never"]
        #expect(try CLI.run(args, cwd: dir).status == 0)
        let fresh = try CLI.run(args + ["--check"], cwd: dir)
        #expect(fresh.status == 0, "\(fresh.stderr)")
        try FileManager.default.removeItem(at: dir.appendingPathComponent("out/sub/b-card.svg"))
        let manifest = try Data(contentsOf: dir.appendingPathComponent("out/manifest.json"))
        let stale = try CLI.run(args + ["--check"], cwd: dir)
        #expect(stale.status == 1)
        #expect(stale.stderr.contains("out/sub/b-card.svg: missing"), "\(stale.stderr)")
        #expect(!stale.stderr.contains("a-card"), "\(stale.stderr)")
        #expect(try Data(contentsOf: dir.appendingPathComponent("out/manifest.json")) == manifest, "--check wrote the manifest")
        #expect(!FileManager.default.fileExists(atPath: dir.appendingPathComponent("out/sub/b-card.svg").path))
    }

    // MARK: batch --strict, help, did-you-mean

    @Test func batchStrictFailsOnWarnings() throws {
        let dir = try Scratch.directory()
        try FileManager.default.createDirectory(at: dir.appendingPathComponent("in"), withIntermediateDirectories: true)
        let warned = try exampleText(replacing: "emoji: \"📧\"", with: "emoji: mail")
        try warned.write(to: dir.appendingPathComponent("in/a.yaml"), atomically: true, encoding: .utf8)
        let args = ["batch", "in", "--figure", "card", "--image-format", "svg", "--progress", "never"]
        let lenient = try CLI.run(args + ["-o", "a"], cwd: dir)
        #expect(lenient.status == 0, "\(lenient.stderr)")
        #expect(lenient.stderr.contains("[emoji]"), "\(lenient.stderr)")
        let strict = try CLI.run(args + ["-o", "b", "--strict"], cwd: dir)
        #expect(strict.status == 1, "\(strict.stderr)")
    }

    @Test func everyHelpPageHasExamples() throws {
        for command in ["", "render", "report", "embed", "batch", "watch", "check", "export", "schema", "init"] {
            let r = try CLI.run((command.isEmpty ? [] : [command]) + ["--help"])
            #expect(r.status == 0)
            #expect(r.stdout.contains("Examples:"), "hindsight \(command) --help has no example")
        }
        let batch = try CLI.run(["batch", "--help"]).stdout
        let jobs = batch.components(separatedBy: "--jobs").dropFirst().first ?? ""
        let jobsHelp = jobs.components(separatedBy: "\n  --").first ?? ""
        #expect(jobsHelp.components(separatedBy: "default").count == 2, "\(jobsHelp)")
    }

    @Test func aMistypedCommandGetsASuggestion() throws {
        let r = try CLI.run(["rendr", "x.yaml"])
        #expect(r.status == 2)
        #expect(r.stderr.contains("unknown command `rendr`; did you mean `render`?"), "\(r.stderr)")
    }

    // MARK: item 6

    @Test func theSchemaHasOneDescriptionPerObjectAndNoUnresolvableId() throws {
        func duplicates(_ v: JSONValue, _ path: String) -> [String] {
            switch v {
            case .object(let pairs):
                let keys = pairs.map(\.0)
                let dup = Set(keys.filter { k in keys.filter { $0 == k }.count > 1 }).map { "\(path).\($0)" }
                return dup + pairs.flatMap { duplicates($0.1, "\(path).\($0.0)") }
            case .array(let items): return items.flatMap { duplicates($0, path) }
            default: return []
            }
        }
        #expect(duplicates(IncidentSchema.json, "").isEmpty, "\(duplicates(IncidentSchema.json, ""))")
        let printed = try CLI.run(["schema"]).stdout
        #expect(!printed.contains(".invalid"))
        #expect(printed.components(separatedBy: "\"description\"").count > 2)
    }

    @Test func initPointsEditorsAtTheSchema() throws {
        let dir = try Scratch.directory()
        let printed = try CLI.run(["init"]).stdout
        #expect(printed.hasPrefix("# yaml-language-server: $schema=./incident.schema.json\n"), "\(printed.prefix(80))")
        let r = try CLI.run(["init", "x/incident.yaml"], cwd: dir)
        #expect(r.status == 0, "\(r.stderr)")
        let schema = try String(contentsOf: dir.appendingPathComponent("x/incident.schema.json"), encoding: .utf8)
        #expect(schema == (try CLI.run(["schema"]).stdout))
        #expect(try CLI.run(["check", "x/incident.yaml"], cwd: dir).status == 0)
    }

    func check(_ yaml: String) throws -> CLI.Run {
        let dir = try Scratch.directory()
        try yaml.write(to: dir.appendingPathComponent("i.yaml"), atomically: true, encoding: .utf8)
        return try CLI.run(["check", "i.yaml"], cwd: dir)
    }

    @Test func aOneSpaceIndentationIsNamedAsSuch() throws {
        let r = try check("title: T\nservice: S\ntimezone: UTC\nstart: 2024-04-18 09:30\nend: \"11:00\"\nimpact:\n  summary: Mail was down.\n   users_affected_percent: 90\n")
        #expect(r.status == 1)
        #expect(r.stderr.contains("indented 3 spaces but the one above 2"), "\(r.stderr)")
        #expect(!r.stderr.contains("must be quoted"), "\(r.stderr)")
        // A value holding ': ' is still told to quote it.
        let colon = try check(exampleText(replacing: "service: Internal email server", with: "service: Mail: internal"))
        #expect(colon.stderr.contains("must be quoted"), "\(colon.stderr)")
    }

    @Test func endBeforeStartOnAnotherDayShowsBothDates() throws {
        let r = try check("title: T\nservice: S\ntimezone: UTC\nstart: 2025-06-02 20:40\nend: 2025-06-01 22:25\n")
        #expect(r.stderr.contains("`end` (2025-06-01 22:25) must be after `start` (2025-06-02 20:40)"), "\(r.stderr)")
    }

    @Test func aStartOffsetThatDisagreesWithTheZoneIsOneError() throws {
        let text = try exampleText(replacing: "timezone: SAST", with: "timezone: WAT")
        let start = try #require(text.split(separator: "\n").first { $0.hasPrefix("start:") })
        let r = try check(text.replacingOccurrences(of: String(start), with: "start: 2024-04-18T09:30:00Z"))
        #expect(r.status == 1)
        let errors = r.stderr.split(separator: "\n").filter { $0.contains(": error: ") }
        #expect(errors.count == 1, "\(r.stderr)")
        #expect(r.stderr.contains("[start-offset]") && r.stderr.contains("WAT"), "\(r.stderr)")
    }

    @Test func themeWarningsPrintOnceInABatch() throws {
        let dir = try Scratch.directory()
        try FileManager.default.createDirectory(at: dir.appendingPathComponent("in"), withIntermediateDirectories: true)
        for name in ["a", "b"] { try FileManager.default.copyItem(atPath: example, toPath: dir.appendingPathComponent("in/\(name).yaml").path) }
        let theme = Fixtures.root.appendingPathComponent("themes/low-contrast.yaml").path
        let r = try CLI.run(["batch", "in", "-o", "out", "--theme", theme, "--figure", "card", "--image-format", "svg", "--progress", "never"], cwd: dir)
        #expect(r.status == 0, "\(r.stderr)")
        let lines = r.stderr.split(separator: "\n").filter { $0.contains("[theme-contrast]") }
        #expect(!lines.isEmpty && Set(lines).count == lines.count, "\(r.stderr)")
    }
}
