import Foundation
import HindsightLayout
import HindsightModel
@testable import HindsightReport
import HindsightRender
import HindsightTestSupport
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

    @Test func linkPolicy() {
        #expect(LinkPolicy.safe("https://x.org") == "https://x.org")
        #expect(LinkPolicy.safe("MAILTO:a@b.c") == "MAILTO:a@b.c")
        #expect(LinkPolicy.safe("docs/runbook.md#step-2") == "docs/runbook.md#step-2")
        #expect(LinkPolicy.safe("?q=1") == "?q=1")
        #expect(LinkPolicy.safe("#top") == "#top")
        #expect(LinkPolicy.safe("JavaScript:alert(1)") == nil)
        #expect(LinkPolicy.safe("JaVaScRiPt:alert(1)") == nil)
        #expect(LinkPolicy.safe(" vbscript:x") == nil)
        #expect(LinkPolicy.safe("java\nscript:x") == nil)
        #expect(LinkPolicy.safe("java\tscript:x") == nil)
        #expect(LinkPolicy.safe("data:text/html;base64,PHNjcmlwdD4=") == nil)
        #expect(LinkPolicy.safe("file:///etc/passwd") == nil)
        // Protocol-relative links go to another host: not relative.
        #expect(LinkPolicy.safe("//evil.example/x") == nil)
        #expect(LinkPolicy.safe("\\\\evil.example/x") == nil)
        #expect(LinkPolicy.safe("/\\evil.example/x") == nil)
        #expect(LinkPolicy.safe("/docs/x") == "/docs/x")
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
        let dir = try Scratch.directory()
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

/// Issue 18, item 14: markers in code fences are not markers; CR LF files stay CR LF.
@Suite struct EmbedFileShapeTests {
    @Test func markersInsideCodeFencesAreLeftAlone() throws {
        let text = "# Docs\n\n```markdown\n<!-- hindsight:begin -->\nexample\n<!-- hindsight:end -->\n```\n\n~~~~\n<!-- hindsight:begin -->\n~~~\n<!-- hindsight:end -->\n~~~~\n\n<!-- hindsight:begin -->\nold\n<!-- hindsight:end -->\n"
        let out = String(decoding: try Embed.apply(Array(text.utf8), block: "NEW\n", append: false).get(), as: UTF8.self)
        #expect(out == text.replacingOccurrences(of: "old\n<!-- hindsight:end -->\n", with: "NEW\n<!-- hindsight:end -->\n"))
        // Only fenced markers: none counts, so --append adds a real pair at the end.
        let fencedOnly = "```\n<!-- hindsight:begin -->\n<!-- hindsight:end -->\n```\n"
        #expect(Embed.apply(Array(fencedOnly.utf8), block: "X\n", append: false) == .failure(.missingMarkers))
        let appended = String(decoding: try Embed.apply(Array(fencedOnly.utf8), block: "X\n", append: true).get(), as: UTF8.self)
        #expect(appended == fencedOnly + "\n<!-- hindsight:begin -->\nX\n<!-- hindsight:end -->\n")
    }

    @Test func crlfFilesGetCRLFBlocks() throws {
        let text = "# T\r\n\r\n<!-- hindsight:begin -->\r\nold\r\n<!-- hindsight:end -->\r\nTail\r\n"
        let out = try Embed.apply(Array(text.utf8), block: "a\nb\n", append: false).get()
        #expect(String(decoding: out, as: UTF8.self) == "# T\r\n\r\n<!-- hindsight:begin -->\r\na\r\nb\r\n<!-- hindsight:end -->\r\nTail\r\n")
        let appended = try Embed.apply(Array("# T\r\nx\r\n".utf8), block: "a\n", append: true).get()
        #expect(String(decoding: appended, as: UTF8.self) == "# T\r\nx\r\n\r\n<!-- hindsight:begin -->\r\na\r\n<!-- hindsight:end -->\r\n")
        #expect(!appended.enumerated().contains { $0.element == 0x0A && ($0.offset == 0 || appended[$0.offset - 1] != 0x0D) })
    }
}

/// Every template and style as a PDF, whatever the title's length, and sound with a link in it (which moves every page
/// break): the playful Google SRE and Atlassian reports used to fail with "cairo failed to
/// draw the report: invalid tag name, attributes, or nesting" for most title lengths.
@Suite struct PDFReportVariantTests {
    @Test(arguments: ReportTemplate.allCases)
    func everyTitleLengthGivesAPDF(template: ReportTemplate) throws {
        var base = try ReportFixtures.example()
        base.timeline[0].text += " See [the alert](https://example.com/alert)."
        let scenes = ReportGenerator.printScenes(base, measurer: ReportFixtures.measurer, concurrent: false)
        let words = "The Day the Emails Stood Still while everyone waited for the queue to drain again".split(separator: " ")
        for style in ReportStyle.allCases {
            for count in 1...words.count {
                var incident = base
                incident.title = words.prefix(count).joined(separator: " ")
                let options = ReportOptions(format: .pdf, template: template, style: style)
                let doc = ReportGenerator.document(incident, stem: "e", options: options, measurer: ReportFixtures.measurer, lightScenes: scenes)
                let pdf = try PDFReportWriter.render(doc)
                if let complaints = try Tools.qpdfCheck(pdf, ignoring: ["dictionary has duplicated key"]) {
                    #expect(complaints.isEmpty, "\(template) \(style), title of \(count) words: \(complaints)")
                }
            }
        }
    }
}

/// Incident text that tries to become a link, an image or structure in a report: through a
/// refused link scheme, or through a line break that ends the block it sits in.
@Suite struct InjectionTests {
    /// Hostile in every field that reaches a report; the one allowed link is `https://ok.example/`.
    static let yaml = #"""
    title: "Outage\n\n\\[click\\](evil-title.html) \\!\\[px\\](px-title.png)\n\n- item"
    service: "API\n\n\\[s\\](evil-service.html)"
    severity: "SEV-1\n\n# heading"
    timezone: UTC
    start: 2025-01-10 10:00
    end: 2025-01-10 10:30
    impact:
      summary: "See [js](javascript:alert(1)), [JS](JaVaScRiPt:alert(1)), [d](data:text/html,x), [v](vbscript:x), [f](file:///etc/passwd), [p](//evil.example/proto) and [ok](https://ok.example/)."
      users_affected_percent: 5
      services: ["Mail\n\n\\[svc\\](evil-svc.html)"]
      series:
        - name: "Errors\n\n\\[n\\](evil-series.html)"
          unit: "req/s\n\n\\[u\\](evil-unit.html) \\!\\[px\\](px-unit.png)"
          points: [{at: "10:00", value: 1}, {at: "10:15", value: 9}, {at: "10:30", value: 2}]
    root_cause: "Line one\n\n- not a list\n\n| not | a row |"
    timeline:
      - {at: "10:00", kind: detected, via: customer, text: "First\n\n- injected item\n\n\\[e\\](evil-event.html)"}
      - {at: "10:10", kind: escalated, to: "Team\n\n\\[to\\](evil-to.html)", text: "Escalated"}
      - {at: "10:30", kind: resolved, text: "`git revert` fixed it"}
    resolution: "Fixed"
    corrective:
      improvements: ["Watch"]
      tasks:
        - {text: "Patch\n\n\\[t\\](evil-task.html)", owner: "Ops\n\n\\[o\\](evil-owner.html) \\!\\[px\\](px-owner.png)"}
    authors: ["A\n\n\\[a\\](evil-author.html)"]
    """#

    static let allowedLinks: Set<String> = ["https://ok.example/"]

    /// Link and image targets, HTML blocks and inline HTML that cmark-gfm (as GitHub) reads
    /// in `markdown`.
    static func parse(_ markdown: String) -> (links: [String], images: [String], htmlBlocks: [String], htmlInline: [String], autolinks: [String]) {
        var out: (links: [String], images: [String], htmlBlocks: [String], htmlInline: [String], autolinks: [String]) = ([], [], [], [], [])
        guard let doc = CmarkDocument(markdown) else { return out }
        var linkText: [String] = []
        var inLink = 0
        doc.walk { node, entering in
            if node.kind == .link {
                if entering { inLink += 1; linkText.append("") } else {
                    inLink -= 1
                    // GitHub links a bare URL in text: its words are its target, nothing hidden.
                    let text = linkText.removeLast()
                    if [text, "http://" + text, "mailto:" + text].contains(node.url) {
                        out.links.removeAll { $0 == node.url }
                        out.autolinks.append(node.url)
                    }
                }
            }
            if inLink > 0, node.kind == .text || node.kind == .code { linkText[linkText.count - 1] += node.literal }
            guard entering else { return }
            switch node.kind {
            case .link: out.links.append(node.url)
            case .image: out.images.append(node.url)
            case .htmlBlock: out.htmlBlocks.append(node.literal)
            case .htmlInline: out.htmlInline.append(node.literal)
            default: break
            }
        }
        return out
    }

    static func check(_ markdown: String, figures: Int, sourceLocation: Testing.SourceLocation = #_sourceLocation) {
        let found = parse(markdown)
        #expect(Set(found.links).isSubset(of: allowedLinks), "links: \(found.links)", sourceLocation: sourceLocation)
        #expect(found.images.isEmpty, "images: \(found.images)", sourceLocation: sourceLocation)
        // Each figure is one whole `<picture>` block; nothing else is raw HTML but our `<br>`
        // (and embed's markers).
        let blocks = found.htmlBlocks.filter { !$0.hasPrefix("<!-- hindsight:") }.map {
            $0.hasSuffix("\(Embed.end)\n") ? String($0.dropLast(Embed.end.utf8.count + 1)) : $0
        }
        #expect(blocks.count == figures, "\(found.htmlBlocks)", sourceLocation: sourceLocation)
        for block in blocks {
            #expect(block.hasPrefix("<picture>") && block.hasSuffix("</picture>\n"), "\(block)", sourceLocation: sourceLocation)
        }
        #expect(Set(found.htmlInline).isSubset(of: ["<br>"]), "\(found.htmlInline)", sourceLocation: sourceLocation)
    }

    @Test(arguments: ReportTemplate.allCases)
    func markdownReport(template: ReportTemplate) throws {
        let i = try ReportFixtures.incident(Self.yaml)
        for style in ReportStyle.allCases {
            let doc = ReportGenerator.document(i, stem: "h", options: ReportOptions(template: template, style: style), measurer: ReportFixtures.measurer)
            let md = MarkdownWriter.write(doc)
            Self.check(md, figures: 2)
            #expect(Set(Self.parse(md).links) == ["https://ok.example/"], "the allowed link survives")
            #expect(md.contains("`git revert` fixed it"), "a text starting with a code span keeps it")
        }
    }

    @Test func figureBlocksAsEmbedded() throws {
        let i = try ReportFixtures.incident(Self.yaml)
        let doc = ReportGenerator.document(i, stem: "h", options: ReportOptions(), measurer: ReportFixtures.measurer)
        let block = doc.blocks.compactMap { b -> String? in
            guard case .figure = b else { return nil }
            return MarkdownWriter.render(b)
        }.joined(separator: "\n")
        let readme = try Embed.apply(Array("# Project\n".utf8), block: block, append: true).get()
        Self.check(String(decoding: readme, as: UTF8.self), figures: 2)
        // A figure without a dark version is a Markdown image: its alt and path stay inside it.
        var figure = try #require(doc.blocks.compactMap { if case .figure(let f) = $0 { f } else { nil } }.first)
        figure.darkFile = nil
        figure.file = "a b)(\n\n[x](evil-file.html).png"
        let image = MarkdownWriter.render(.figure(figure))
        let found = Self.parse(image)
        #expect(found.images.count == 1 && found.links.isEmpty, "\(image)")
        #expect(!image.dropLast().contains("\n"))
    }

    @Test func htmlReport() throws {
        let i = try ReportFixtures.incident(Self.yaml)
        let html = try HTMLWriter.write(ReportGenerator.document(i, stem: "h", options: ReportOptions(format: .html), measurer: ReportFixtures.measurer))
        let hrefs = html.components(separatedBy: "href=\"").dropFirst().map { String($0.prefix { $0 != "\"" }) }.filter { !$0.hasPrefix("#") }
        #expect(hrefs == ["https://ok.example/"])
        #expect(!html.contains("href=\"evil") && !html.contains("src=\"px"))
        #expect(!html.lowercased().contains("javascript:"))
        #expect(!html.contains("data:text/html"))
        #expect(!html.contains("vbscript:"))
        #expect(!html.contains("file:///"))
        // Attributes hold no line break.
        for attribute in html.components(separatedBy: "aria-label=\"").dropFirst() {
            #expect(!attribute.prefix { $0 != "\"" }.contains("\n"))
        }
    }

    @Test func pdfReport() throws {
        let i = try ReportFixtures.incident(Self.yaml)
        let doc = ReportGenerator.document(i, stem: "h", options: ReportOptions(format: .pdf), measurer: ReportFixtures.measurer)
        let pdf = String(decoding: try PDFReportWriter.render(doc), as: Unicode.ASCII.self)
        let uris = pdf.components(separatedBy: "/URI (").dropFirst().map { String($0.prefix { $0 != ")" }) }
        #expect(uris == ["https://ok.example/"])
    }

    /// An entity in a relative target would turn into a scheme when Markdown reads it back.
    @Test func entitiesInTargetsStayText() throws {
        let doc = Document(title: "T", blocks: [.paragraph([.link([.text("x")], url: "javascript&#58;alert(1)"),
                                                            .link([.text("q")], url: "https://ok.example/?a=1&b=2")])])
        let links = Self.parse(MarkdownWriter.write(doc)).links
        #expect(links == ["javascript%26#58;alert%281%29", "https://ok.example/?a=1&b=2"])
        #expect(links.allSatisfy { LinkPolicy.safe($0) == $0 })
    }

    /// Links built by hand (not parsed) meet the same policy in every writer.
    @Test func handBuiltLinksMeetThePolicyToo() throws {
        let bad = ["javascript:alert(1)", "JaVaScRiPt:x", "data:text/html,x", "vbscript:x", "file:///etc/passwd", "//evil.example/x"]
        let doc = Document(title: "T", blocks: [.paragraph(bad.map { Inline.link([.text("x")], url: $0) } + [.link([.text("ok")], url: "https://ok.example/")])])
        let md = MarkdownWriter.write(doc)
        #expect(Self.parse(md).links == ["https://ok.example/"])
        let html = try HTMLWriter.write(doc)
        #expect(html.components(separatedBy: "<a href=").count == 2)
        let pdf = String(decoding: try PDFReportWriter.render(doc), as: Unicode.ASCII.self)
        #expect(pdf.components(separatedBy: "/URI (").dropFirst().map { String($0.prefix { $0 != ")" }) } == ["https://ok.example/"])
    }
}

/// Issue 15's report bugs.
@Suite struct ReportFileTests {
    /// The files beside a report are exactly the figures it shows.
    @Test func filesAreTheOnesTheReportUses() throws {
        let i = try ReportFixtures.example()
        let md = try ReportGenerator.render(i, stem: "e", options: ReportOptions(format: .md), measurer: ReportFixtures.measurer)
        let text = String(decoding: try #require(md.files.first { $0.name == "e.md" }).bytes, as: UTF8.self)
        let images = md.files.map(\.name).filter { $0 != "e.md" }
        #expect(Set(images) == ["e-timeline.png", "e-timeline-dark.png", "e-impact.png", "e-impact-dark.png"])
        for name in images { #expect(text.contains("\"\(name)\""), "\(name) is not linked") }
        let html = try ReportGenerator.render(i, stem: "e", options: ReportOptions(format: .html), measurer: ReportFixtures.measurer)
        #expect(html.files.map(\.name) == ["e.html"])
        // Nor beside a PDF: its print-width SVGs used to replace the figures of the same name.
        let pdf = try ReportGenerator.render(i, stem: "e", options: ReportOptions(format: .pdf), measurer: ReportFixtures.measurer)
        #expect(pdf.files.map(\.name) == ["e.pdf"])
    }

    @Test func eventTextStartingWithACodeSpan() throws {
        #expect(Inline.parse("`git revert` of the deploy") == [.code("git revert"), .text(" of the deploy")])
        #expect(Inline.parse("``a ` b`` then") == [.code("a ` b"), .text(" then")])
        // A fence (three or more) at the start of a line stays text.
        #expect(Inline.parse("```\ncode").plain == "``` code")
        var i = try ReportFixtures.example()
        i.timeline[0].text = "`git revert` of the deploy"
        let doc = ReportGenerator.document(i, stem: "e", options: ReportOptions(), measurer: ReportFixtures.measurer)
        #expect(MarkdownWriter.write(doc).contains(": `git revert` of the deploy\n"))
    }

    /// "About 100% of users" and "what life without Internal email server is like".
    @Test func wordingOfTheWholeAndOfServiceNames() throws {
        var i = try ReportFixtures.example()
        i.impact.usersAffectedPercent = 100
        for style in ReportStyle.allCases {
            let md = MarkdownWriter.write(ReportGenerator.document(i, stem: "e", options: ReportOptions(style: style), measurer: ReportFixtures.measurer))
            #expect(!md.contains("About 100%"), "\(style)")
            #expect(md.contains("All users were affected"))
            if style == .playful {
                #expect(!md.contains("what life without"))
                #expect(md.contains("all our users found out what life is like without one service: \(i.service!)."))
            }
        }
        i.impact.usersAffectedPercent = 90
        let md = MarkdownWriter.write(ReportGenerator.document(i, stem: "e", options: ReportOptions(), measurer: ReportFixtures.measurer))
        #expect(md.contains("About 90% of users were affected"))
    }

    /// The PDF's byline named the authors twice ("A. Student · A. Student · …").
    @Test(.enabled(if: Tools.executable("pdftotext") != nil))
    func pdfBylineNamesTheAuthorsOnce() throws {
        var i = try ReportFixtures.example()
        i.authors = ["A. Student"]
        let doc = ReportGenerator.document(i, stem: "e", options: ReportOptions(format: .pdf), measurer: ReportFixtures.measurer)
        let file = try Scratch.file(try PDFReportWriter.render(doc), name: "byline.pdf")
        defer { try? FileManager.default.removeItem(at: file) }
        let text = try #require(try Tools.run("pdftotext", ["-l", "1", file.path, "-"]))
        #expect(text.components(separatedBy: "A. Student").count - 1 == 1, "\(text.prefix(300))")
    }
}

/// Random texts made of the pieces that break Markdown (line breaks, brackets, fences, HTML,
/// refused schemes) in every place a report puts incident text: no link but the allowed one,
/// no image, no HTML but ours, and every one-line construct stays one line.
@Suite struct InjectionPropertyTests {
    static let pieces = ["\n", "\n\n", "\r\n", "\r", "\u{2028}", "\t", " ", "a", "word", "[", "]", "(", ")", "![", "](", "<", ">", "\"", "'",
                         "`", "```", "~~", "*", "_", "#", "- ", "1. ", "> ", "|", "\\", "&", "<picture>", "</picture>", "<!--",
                         "javascript:x", "[j](javascript:alert(1))", "[d](data:x)", "[p](//evil.example)", "[ok](https://ok.example/)",
                         "![i](px.png)", "[r](evil.html)", "<img src=px.png>", "    ", "==="]

    @Test func everyPlaceStaysInItsBlock() throws {
        var rng = IncidentGenerator.RNG(state: 18)
        let scene = try ReportFixtures.example().timeline.isEmpty ? nil : ReportGenerator.printScenes(try ReportFixtures.example(), measurer: ReportFixtures.measurer, concurrent: false)[.impact]
        let figureScene = try #require(scene)
        for _ in 0..<1000 {
            let x = (0..<Int.random(in: 1...12, using: &rng)).map { _ in Self.pieces.randomElement(using: &rng)! }.joined()
            let content = Inline.parse(x)
            let line = MarkdownWriter.inline(content)
            #expect(!line.contains { $0 == "\n" || $0 == "\r" }, "\(x.debugDescription)")
            let figure = DocumentFigure(scene: figureScene, file: x + ".png", darkFile: x + "-dark.png", alt: x)
            let plainFigure = DocumentFigure(scene: figureScene, file: x + ".png", alt: x)
            let doc = Document(title: x, subtitle: x, byline: x, blocks: [
                .heading(level: 2, content: content), .paragraph(content), .bullets([content, content]), .numbered([content]),
                .tasks([TaskItem(done: false, content: content)]), .table(header: [content], rows: [[content], [content]]),
                .figure(figure), .figure(plainFigure), .prompt(x),
            ])
            let md = MarkdownWriter.write(doc)
            let found = InjectionTests.parse(md)
            // Links are those the text itself makes (and the policy allows), written as such.
            var allowed: Set<String> = []
            func collect(_ items: [Inline]) {
                for item in items {
                    switch item {
                    case .link(let c, let url): allowed.insert(MarkdownWriter.destination(url)); collect(c)
                    case .bold(let c), .italic(let c), .strikethrough(let c): collect(c)
                    default: break
                    }
                }
            }
            collect(content)
            #expect(Set(found.links).isSubset(of: allowed), "\(x.debugDescription): \(found.links)")
            #expect((found.links + found.autolinks).allSatisfy { LinkPolicy.safe($0) != nil && !$0.hasPrefix("//") })
            #expect(found.images.count == 1, "only the plain figure: \(x.debugDescription): \(found.images)")
            #expect(found.htmlBlocks.count == 1 && found.htmlBlocks[0].hasPrefix("<picture>") && found.htmlBlocks[0].hasSuffix("</picture>\n"),
                    "\(x.debugDescription): \(found.htmlBlocks)")
            #expect(Set(found.htmlInline).isSubset(of: ["<br>"]), "\(x.debugDescription): \(found.htmlInline)")
        }
    }
}
