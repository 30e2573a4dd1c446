import Foundation
import HindsightLayout
import HindsightModel
@testable import HindsightReport
import HindsightRender
import Testing

enum ReportFixtures {
    static let measurer = try! PangoTextMeasurer()
    static func example() throws -> Incident {
        try #require(IncidentLoader.load(text: BuiltinExample.yaml, file: "email-outage.yaml").incident)
    }
    static func incident(_ yaml: String) throws -> Incident {
        let r = IncidentLoader.load(text: yaml, file: "t.yaml")
        return try #require(r.incident, "\(r.diagnostics.map(\.text))")
    }
    static func headings(_ doc: Document) -> [String] {
        doc.blocks.compactMap { if case .heading(2, let c) = $0 { return c.plain } else { return nil } }
    }
}

@Suite struct ReportDocumentTests {
    @Test func alxSectionsInTheAssignmentsOrder() throws {
        let doc = ReportGenerator.document(try ReportFixtures.example(), stem: "e", options: ReportOptions(), measurer: ReportFixtures.measurer)
        #expect(ReportFixtures.headings(doc) == ["Issue Summary", "Timeline", "Root cause and resolution", "Corrective and preventative measures"])
    }

    @Test func otherHousesTemplates() throws {
        let i = try ReportFixtures.example()
        let g = ReportGenerator.document(i, stem: "e", options: ReportOptions(template: .googleSRE), measurer: ReportFixtures.measurer)
        #expect(ReportFixtures.headings(g) == ["Summary", "Impact", "Root causes", "Trigger", "Resolution", "Detection", "Action items", "Lessons learned", "Timeline"])
        #expect(g.blocks.contains { if case .table(let h, let rows) = $0 { return h.map(\.plain) == ["Action item", "Type", "Owner"] && rows.count == 8 } else { return false } })
        #expect(g.blocks.contains { if case .prompt(let p) = $0 { return p.contains("triggered") || p.contains("set the root cause off") } else { return false } })
        let a = ReportGenerator.document(i, stem: "e", options: ReportOptions(template: .atlassian), measurer: ReportFixtures.measurer)
        #expect(ReportFixtures.headings(a) == ["Summary", "Leadup", "Fault", "Impact", "Detection", "Response", "Recovery", "Timeline", "Root cause", "Follow-up tasks"])
    }

    @Test func exampleIsWithinTheAssignmentsWordLimit() throws {
        let i = try ReportFixtures.example()
        let doc = ReportGenerator.document(i, stem: "e", options: ReportOptions(), measurer: ReportFixtures.measurer)
        #expect((400...600).contains(doc.wordCount), "\(doc.wordCount) words")
        #expect(doc.byline?.contains("\(doc.wordCount) words") == true)
        #expect(ReportChecks.diagnostics(i, document: doc, file: "e.yaml").isEmpty)
    }

    @Test func everyEventWithItsTimeInTheMarkdown() throws {
        let i = try ReportFixtures.example()
        let md = MarkdownWriter.write(ReportGenerator.document(i, stem: "e", options: ReportOptions(), measurer: ReportFixtures.measurer))
        for e in i.timeline {
            #expect(md.contains("- **\(e.at.wall.clockText)** - "), "\(e.at.wall.clockText)")
            #expect(md.contains(MarkdownWriter.escape(e.text)), "\(e.text)")
        }
        #expect(md.contains("<source media=\"(prefers-color-scheme: dark)\" srcset=\"e-timeline-dark.png\">"))
        #expect(md.contains("- [ ] Add checksum and completeness checks to the update pipeline *(owner: Platform team)*"))
    }

    @Test func playfulIsDeterministicAndUsesTheIncidentsOwnWords() throws {
        var yaml = BuiltinExample.yaml
        yaml += "tagline: Ninety minutes of inbox silence\nhumor: Our coffee machine sent more messages than the mail server that morning.\n"
        let i = try ReportFixtures.incident(yaml)
        let opts = ReportOptions(style: .playful)
        let a = MarkdownWriter.write(ReportGenerator.document(i, stem: "e", options: opts, measurer: ReportFixtures.measurer))
        let b = MarkdownWriter.write(ReportGenerator.document(i, stem: "e", options: opts, measurer: ReportFixtures.measurer))
        #expect(a == b)
        #expect(a.hasPrefix("# 📧 The Day the Emails Stood Still\n\n*Ninety minutes of inbox silence*"))
        #expect(a.contains("Our coffee machine sent more messages"))
        #expect(a.contains("🚨 Detected by a monitoring alert"))
        #expect(a.contains("🙈 Misleading path"))
        #expect(a.contains("🎉 Resolved"))
        #expect(a.contains("## ⏱️ Timeline"))
    }

    @Test func seedRulesWarnWithTheFieldToFill() throws {
        let yaml = """
        title: Short
        service: API
        start: 2025-01-10T10:00:00Z
        end: 2025-01-10T10:30:00Z
        impact: {summary: Errors., users_affected_percent: 5}
        root_cause: Bug.
        timeline:
          - {at: "2025-01-10T10:00:00Z", kind: detected, text: Saw errors.}
          - {at: "2025-01-10T10:30:00Z", kind: resolved, text: Fixed.}
        resolution: Fixed.
        corrective: {improvements: [Test more], tasks: []}
        """
        let i = try ReportFixtures.incident(yaml)
        let doc = ReportGenerator.document(i, stem: "s", options: ReportOptions(), measurer: ReportFixtures.measurer)
        let d = ReportChecks.diagnostics(i, document: doc, file: "s.yaml")
        #expect(Set(d.map(\.rule)) == ["report-word-count", "report-timezone", "report-detection", "report-escalation", "report-task-list"])
        #expect(d.allSatisfy { $0.severity == .warning })
        #expect(d.first { $0.rule == "report-timezone" }?.location == SourceLocation(line: 3, column: 8))
    }
}

@Suite struct ReportEscapingTests {
    static let hostile = """
    title: "<script>alert(1)</script> outage"
    service: "API & <b>co</b>"
    timezone: UTC
    start: 2025-01-10 10:00
    end: 2025-01-10 10:30
    impact: {summary: "See [the status page](javascript:alert(1)) and [docs](https://example.com/a_b)", users_affected_percent: 5}
    root_cause: "**Bold** and `code <tag>` and *em*"
    timeline:
      - {at: "10:00", kind: detected, via: customer, text: "<img src=x onerror=alert(1)>"}
      - {at: "10:30", kind: resolved, text: "Fixed | done"}
    resolution: "[x](data:text/html;base64,PHNjcmlwdD4=)"
    corrective: {improvements: ["# not a heading"], tasks: ["- not a list"]}
    """

    @Test func htmlEscapesEverythingFromTheIncident() throws {
        let i = try ReportFixtures.incident(Self.hostile)
        let html = try HTMLWriter.write(ReportGenerator.document(i, stem: "h", options: ReportOptions(format: .html), measurer: ReportFixtures.measurer))
        #expect(!html.contains("<script>alert"))
        #expect(html.contains("&lt;script&gt;alert(1)&lt;/script&gt; outage"))
        #expect(!html.contains("<img src=x"))
        #expect(!html.contains("javascript:"))
        #expect(!html.contains("data:text/html"))
        #expect(html.contains("<a href=\"https://example.com/a_b\">docs</a>"))
        #expect(html.contains("<strong>Bold</strong>"))
        #expect(html.contains("<code>code &lt;tag&gt;</code>"))
        // Self-contained: nothing fetched from the network.
        #expect(!html.contains("src=\"http"))
        #expect(!html.contains("<link"))
    }

    @Test func markdownNeutralisesStructureAndHTML() throws {
        let i = try ReportFixtures.incident(Self.hostile)
        let md = MarkdownWriter.write(ReportGenerator.document(i, stem: "h", options: ReportOptions(), measurer: ReportFixtures.measurer))
        #expect(!md.contains("<script>"))
        #expect(!md.contains("<img src=x"))
        #expect(!md.contains("javascript:"))
        #expect(md.contains("[docs](https://example.com/a_b)"))
        #expect(md.contains("- \\# not a heading"))
        #expect(md.contains("Fixed \\| done"))
    }

    @Test func urlPolicy() {
        #expect(URLPolicy.safe("https://x.org") == "https://x.org")
        #expect(URLPolicy.safe("MAILTO:a@b.c") == "MAILTO:a@b.c")
        #expect(URLPolicy.safe("docs/runbook.md#step-2") == "docs/runbook.md#step-2")
        #expect(URLPolicy.safe("JavaScript:alert(1)") == nil)
        #expect(URLPolicy.safe(" vbscript:x") == nil)
        #expect(URLPolicy.safe("java\nscript:x") == nil)
    }

    @Test func inlineFiguresHaveUniqueIDs() throws {
        let html = try HTMLWriter.write(ReportGenerator.document(try ReportFixtures.example(), stem: "e", options: ReportOptions(format: .html), measurer: ReportFixtures.measurer))
        let ids = html.components(separatedBy: "id=\"").dropFirst().map { $0.prefix { $0 != "\"" } }
        #expect(ids.count > 20)
        #expect(Set(ids).count == ids.count, "duplicate ids in the page")
        // Timeline (wide and narrow) and impact, each light and dark.
        #expect(html.components(separatedBy: "<svg").count - 1 == 6)
    }
}

@Suite struct EmbedTests {
    let readme = Array("# My project\r\n\nIntro with trailing spaces   \n<!-- hindsight:begin -->\nold stuff\n<!-- hindsight:end -->\n\nTail \u{1F600}\n".utf8)

    @Test func replacesOnlyBetweenTheMarkers() throws {
        let out = try Embed.apply(readme, block: "NEW\n", append: false).get()
        let s = String(decoding: out, as: UTF8.self)
        #expect(s == "# My project\r\n\nIntro with trailing spaces   \n<!-- hindsight:begin -->\nNEW\n<!-- hindsight:end -->\n\nTail \u{1F600}\n")
        // Idempotent: applying the same block again changes nothing.
        #expect(try Embed.apply(out, block: "NEW\n", append: false).get() == out)
    }

    @Test func missingOrBrokenMarkers() {
        #expect(Embed.apply(Array("no markers\n".utf8), block: "X\n", append: false) == .failure(.missingMarkers))
        let appended = try? Embed.apply(Array("no markers".utf8), block: "X\n", append: true).get()
        #expect(appended.map { String(decoding: $0, as: UTF8.self) } == "no markers\n\n<!-- hindsight:begin -->\nX\n<!-- hindsight:end -->\n")
        let reversed = Array("a\n<!-- hindsight:end -->\nb\n<!-- hindsight:begin -->\n".utf8)
        #expect(Embed.apply(reversed, block: "X", append: false) == .failure(.endBeforeBegin(line: 2)))
        let twice = Array("<!-- hindsight:begin -->\n<!-- hindsight:begin -->\n<!-- hindsight:end -->\n".utf8)
        #expect(Embed.apply(twice, block: "X", append: false) == .failure(.duplicateMarkers(line: 2)))
    }
}

@Suite struct InlineFieldTests {
    @Test func textFieldsStayInline() {
        #expect(ReportBuilder.inline("# 1 priority").plain == "# 1 priority")
        #expect(ReportBuilder.inline("- not a list").plain == "- not a list")
        #expect(ReportBuilder.inline("3. third").plain == "3. third")
        #expect(ReportBuilder.inline("> quoted").plain == "> quoted")
        #expect(ReportBuilder.inline("    indented code").plain == "indented code")
        #expect(ReportBuilder.inline("**bold** then *em*") == [.bold([.text("bold")]), .text(" then "), .italic([.text("em")])])
        #expect(ReportBuilder.inline("see [docs](https://x.org)") == [.text("see "), .link([.text("docs")], url: "https://x.org")])
    }
}

/// The HTML report in a real browser: headless Chromium takes a screenshot and the figures'
/// colours must be on it. Skipped (with this reason) only where Chromium is not installed;
/// `scripts/test.sh` installs it, so CI runs it.
@Suite struct BrowserScreenshotTests {
    static let chromium = ["/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome"]
        .first { FileManager.default.isExecutableFile(atPath: $0) }

    @Test(.enabled(if: chromium != nil, "Chromium is not installed (apt-get install chromium); scripts/test.sh installs it"))
    func figuresAreDrawnInTheBrowser() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("hindsight-browser-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let html = try HTMLWriter.write(ReportGenerator.document(try ReportFixtures.example(), stem: "e",
                                                                  options: ReportOptions(format: .html), measurer: ReportFixtures.measurer))
        let page = dir.appendingPathComponent("report.html")
        try html.write(to: page, atomically: true, encoding: .utf8)
        let shot = dir.appendingPathComponent("shot.png")
        let p = Process()
        p.executableURL = URL(fileURLWithPath: Self.chromium!)
        p.arguments = ["--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars", "--force-color-profile=srgb",
                       "--user-data-dir=\(dir.appendingPathComponent("profile").path)",
                       "--window-size=900,4200", "--screenshot=\(shot.path)", page.absoluteString]
        p.standardOutput = FileHandle.nullDevice
        p.standardError = FileHandle.nullDevice
        try p.run()
        let deadline = Date().addingTimeInterval(90)
        while p.isRunning && Date() < deadline { Thread.sleep(forTimeInterval: 0.2) }
        if p.isRunning { p.terminate(); Issue.record("Chromium did not finish in 90 s"); return }
        let image = try RasterImage.decode(png: Array(try Data(contentsOf: shot)))
        #expect(image.width == 900)
        func count(_ hex: String) -> Int {
            let c = RGBA(hex: hex)!
            let word = 0xFF00_0000 | UInt32(c.r * 255) << 16 | UInt32(c.g * 255) << 8 | UInt32(c.b * 255)
            return image.pixels.filter { $0 == word }.count
        }
        // The timeline's "investigating" phase band and the impact ring's red are large flat areas.
        let phase = count("#fbefff"), ring = count("#cf222e")
        #expect(phase > 5_000, "investigating band pixels: \(phase)")
        #expect(ring > 2_000, "impact ring pixels: \(ring)")
        // The page's text colour is there too: the text was drawn.
        #expect(count("#1f2328") > 500)
    }
}

/// Every template and style as a PDF, whatever the title's length (which moves every page
/// break): the playful Google SRE and Atlassian reports used to fail with "cairo failed to
/// draw the report: invalid tag name, attributes, or nesting" for most title lengths.
@Suite struct PDFReportVariantTests {
    @Test(arguments: ReportTemplate.allCases)
    func everyTitleLengthGivesAPDF(template: ReportTemplate) throws {
        let base = try ReportFixtures.example()
        let scenes = ReportGenerator.printScenes(base, measurer: ReportFixtures.measurer, concurrent: false)
        let words = "The Day the Emails Stood Still while everyone waited for the queue to drain again".split(separator: " ")
        for style in ReportStyle.allCases {
            for count in 1...words.count {
                var incident = base
                incident.title = words.prefix(count).joined(separator: " ")
                let options = ReportOptions(format: .pdf, template: template, style: style)
                let doc = ReportGenerator.document(incident, stem: "e", options: options, measurer: ReportFixtures.measurer, lightScenes: scenes)
                #expect(throws: Never.self, "\(template) \(style), title of \(count) words") {
                    _ = try PDFReportWriter.render(doc)
                }
            }
        }
    }
}
