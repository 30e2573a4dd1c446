import Foundation
import HindsightLayout
import HindsightModel
import HindsightRender
@testable import HindsightReport
import HindsightTestSupport
import Testing

/// Hand-built report documents for the PDF report tests.
enum PDFReportFixtures {
    static let url = "https://example.com/runbooks/mail-relay"
    /// Characters that need escaping in cairo's tag attributes and in PDF strings.
    static let quotedURL = #"https://example.com/wiki/Relay_(mail?q='it\'s' ü\x"#

    /// A small figure: a band, a marker, a line and a label.
    static func scene(measurer: PangoTextMeasurer, width: Double = 800, height: Double = 260) -> Scene {
        let font = FontSpec(size: 22, weight: .semibold)
        let label = "Mail queue depth"
        let run = TextRun(text: label, font: font, color: RGBA(hex: "#202124")!, origin: Point(24, 20),
                          metrics: measurer.measure(label, font: font, wrapWidth: nil, align: .left), role: .title)
        return Scene(figure: "timeline", width: width, height: height, background: RGBA(hex: "#ffffff")!, items: [
            .shape(.rect(Rect(x: 180, y: 70, w: 260, h: height - 110), cornerRadius: 6), Paint(fill: RGBA(hex: "#fce8e6")!)),
            .shape(.polyline([Point(24, height - 40), Point(240, height - 60), Point(420, 90), Point(width - 24, height - 50)]),
                   Paint(stroke: RGBA(hex: "#d93025")!, lineWidth: 3)),
            .shape(.circle(center: Point(420, 90), radius: 8), Paint(fill: RGBA(hex: "#1a73e8")!)),
            .text(run),
        ], alt: "Queue depth rising from 09:30 and falling after the rollback", title: "Queue")
    }

    static let filler = [
        "The relay kept accepting connections, so the load balancer health check stayed green while every message waited in the deferred queue.",
        "Because the queue lived on local disk, restarting a node did not lose mail, but it did reset the retry timers and made the backlog drain in bursts.",
        "Support tickets arrived in two waves: first from people whose invitations never left, then from people who received the same invitation four times.",
        "We had alerting on delivery latency but its threshold was tuned for a busy Monday, which is why the first page came twenty minutes late.",
    ]

    /// Every kind of block, and enough text for three or more A4 pages.
    static func report(measurer: PangoTextMeasurer) -> Document {
        var blocks: [Block] = [
            .heading(level: 2, content: [.text("Issue summary")]),
            .paragraph([.text("From 09:30 to 11:00 SAST the internal "), .bold([.text("mail relay")]),
                        .text(" refused to deliver, an "), .italic([.text("avoidable")]), .text(" outage caused by "),
                        .code("postfix-3.7.4"), .text("; see the "), .link([.text("relay runbook")], url: url),
                        .text(" for the recovery steps.")]),
            .heading(level: 3, content: [.text("Impact on staff")]),
            .bullets([[.text("Ninety percent of staff could not send mail.")],
                      [.text("Calendar invitations queued for up to "), .bold([.text("ninety minutes")]), .text(".")]]),
            .numbered([[.text("Detect the stalled queue.")], [.text("Roll back the relay package.")],
                       [.text("Drain the deferred queue slowly.")]]),
            .tasks([TaskItem(done: true, content: [.text("Pin the relay package version")]),
                    TaskItem(done: false, content: [.text("Alert on deferred queue growth")])]),
            .table(header: [[.text("Milestone")], [.text("Time")], [.text("Note")]],
                   rows: [[[.text("Detected")], [.text("09:30")], [.text("Latency alert fired")]],
                          [[.text("Mitigated")], [.text("10:40")], [.text("Rollback finished on every node")]]]),
            .prompt("Fill in: who approved the relay upgrade?"),
            .figure(DocumentFigure(scene: scene(measurer: measurer), file: "queue.png", alt: "Queue depth over time",
                                   caption: "Deferred queue depth during the outage")),
            .rule,
            .heading(level: 2, content: [.text("Root cause and resolution")]),
        ]
        for i in 0..<14 {
            if i == 7 { blocks.append(.heading(level: 3, content: [.text("Resolution details")])) }
            blocks.append(.paragraph([.text(filler[i % filler.count] + " " + filler[(i + 1) % filler.count])]))
        }
        blocks.append(.heading(level: 2, content: [.text("Corrective measures")]))
        blocks.append(.paragraph([.text("Closing words of the report.")]))
        return Document(title: "The day the emails stood still", subtitle: "Postmortem of the mail relay outage",
                        authors: ["Ada Lovelace", "Grace Hopper"], byline: "Ada Lovelace, Grace Hopper · 2024-04-18 · 612 words", blocks: blocks)
    }

    /// A postmortem in the assignment's shape: about 600 words, three figures, emoji.
    static func postmortem(measurer: PangoTextMeasurer) -> Document {
        let figure = TestScenes.timeline(measurer: measurer)
        func time(_ t: String, _ text: String) -> [Inline] { [.bold([.text(t)]), .text(" - " + text)] }
        return Document(
            title: "The day the emails stood still 🛑📧", subtitle: "Postmortem: internal mail relay outage",
            authors: ["Blessing Ekka"], byline: "Blessing Ekka · 2024-04-18 · SEV-2 · 600 words",
            blocks: [
                .heading(level: 2, content: [.text("Issue summary")]),
                .paragraph([.bold([.text("Duration:")]), .text(" 2024-04-18 from 09:30 to 11:00 SAST (90 minutes)."), .lineBreak,
                            .bold([.text("Impact:")]), .text(" nobody could send or receive mail; about 90 % of staff were affected, and meetings booked by invitation slipped across three departments."), .lineBreak,
                            .bold([.text("Root cause:")]), .text(" an incomplete package of the mail server update, "), .code("mailsrv 5.2.0"),
                            .text(", took down the delivery service on every node at once.")]),
                .figure(DocumentFigure(scene: figure, file: "timeline.png", alt: "Timeline of the outage",
                                       caption: "From the first alert to the all-clear: detection, a misleading network hunt, escalation and rollback.")),
                .paragraph([.text("Mail is how this company books rooms, approves expenses and reaches customers, so ninety minutes without it stalled work well beyond the help desk queue. No mail was lost: the sending servers kept retrying, and everything queued during the outage was delivered within twenty minutes of the fix.")]),
                .heading(level: 2, content: [.text("Timeline")]),
                .bullets([
                    time("09:30", "A monitoring alert reports the mail server as unresponsive."),
                    time("09:35", "The support engineer on duty confirms that no mail leaves or arrives."),
                    time("09:40", "Investigation starts with the server status and the logs of the last hour."),
                    time("09:50", "Assumption: a network fault. The team checks switches and firewall rules."),
                    time("10:00", "Misleading path: restarting the network services changes nothing."),
                    time("10:10", "Hardware checks find disks, memory and power healthy."),
                    time("10:20", "Escalated to the system administration team."),
                    time("10:30", "A review of recent changes finds the corrupted update package."),
                    time("10:40", "The server is rolled back to the previous stable version."),
                    time("10:50", "Services restart; test messages are delivered."),
                    time("11:00", "Service restored; monitoring continues for an hour."),
                ]),
                .heading(level: 2, content: [.text("Root cause and resolution")]),
                .heading(level: 3, content: [.text("Root cause")]),
                .paragraph([.text("The nightly update job downloaded the new server package while the mirror was still being written. The archive it received was "), .italic([.text("truncated")]), .text(" but carried a valid name, and the job did not verify checksums, so it installed a package whose delivery daemon could not start. Because every node updates in the same window, all of them failed together and the cluster had no healthy member left to take the traffic.")]),
                .paragraph([.text("The first forty minutes went to the network: the symptoms (connections that hang rather than fail) looked like a firewall problem, and the update had been applied six hours earlier, so nobody linked the two. The change log, not the logs, gave the answer.")]),
                .figure(DocumentFigure(scene: figure, file: "impact.png", alt: "Share of staff affected per department")),
                .heading(level: 3, content: [.text("Resolution")]),
                .paragraph([.text("The administrators reinstalled the previous version from the local package cache, restarted the delivery service node by node, and watched the queue drain: it held about 14,000 messages, all delivered by 11:20. The procedure is in the "), .link([.text("mail relay runbook")], url: url), .text(".")]),
                .heading(level: 2, content: [.text("Corrective and preventative measures")]),
                .paragraph([.text("Updates must be checked before they are installed and must never reach every node at once; the alert must say which service failed, not only that the host stopped answering; and a rollback must be one command.")]),
                .paragraph([.text("None of this needs new tools. The update job already runs a script before each install, the monitoring system already checks services on other hosts, and the package cache already holds the previous version; what was missing was the wiring between them and the habit of testing a rollback before it is needed. The table lists the measures, with an owner and a date for each, and the task list below tracks them to completion.")]),
                .table(header: [[.text("Measure")], [.text("Owner")], [.text("Due")]],
                       rows: [[[.text("Verify package checksums before install")], [.text("Platform team")], [.text("2024-05-02")]],
                              [[.text("Stagger updates: one node first, then the rest after an hour")], [.text("Platform team")], [.text("2024-05-16")]],
                              [[.text("Service-level health check after every update")], [.text("SRE")], [.text("2024-05-09")]]]),
                .tasks([
                    TaskItem(done: true, content: [.text("Add a checksum step to the update job ("), .code("verify-pkg.sh"), .text(").")]),
                    TaskItem(done: false, content: [.text("Alert on the delivery daemon, not only on the host.")]),
                    TaskItem(done: false, content: [.text("Write and rehearse a one-command rollback.")]),
                    TaskItem(done: false, content: [.text("Train IT and sysadmin staff on the new update and rollback process.")]),
                    TaskItem(done: false, content: [.text("Audit the update policy every quarter.")]),
                ]),
                .prompt("Fill in: the customer-facing impact, if any, and who signed off the update window."),
                .figure(DocumentFigure(scene: figure, file: "card.png", alt: "Summary card", caption: "The incident at a glance.")),
                .rule,
                .paragraph([.text("Failing is fine; failing twice for the same reason is not. With these measures in place, a bad package stops at the first node, and the alert names the service that broke. 🎉")]),
            ])
    }

    /// Awkward content: overlong words and URLs, a link across lines, two-digit list numbers,
    /// a two-line heading, a long callout, empty blocks, ragged tables.
    static func edgeCases(measurer: PangoTextMeasurer) -> Document {
        let long = "supercalifragilisticexpialidocious-" + String(repeating: "x", count: 90)
        return Document(title: "Edge cases of a report whose title is long enough to need two lines on an A4 page", blocks: [
            .heading(level: 2, content: [.text("A heading that is long enough to wrap onto a second line of the text column")]),
            .paragraph([.text("Before a link that runs across lines: "),
                        .link([.text("the relay runbook that explains how to drain the deferred queue safely after a rollback")], url: url),
                        .text(" and after it. " + long)]),
            .heading(level: 3, content: [.text("Root cause (and fix) ✓ \\ done")]),
            .paragraph([.link([.text("a quoted link")], url: quotedURL)]),
            .paragraph([]),
            .paragraph([.lineBreak]),
            .numbered((1...12).map { [.text("Step \($0) of the recovery, with enough words in the later ones to " + ($0 > 10 ? "wrap onto a second line of the item text." : "fit."))] }),
            .table(header: [[.text("Key")], [.text("URL")]],
                   rows: [[[.text("runbook")], [.link([.text(url + "/" + long)], url: url)]],
                          [[.text("only one cell")]],
                          [[], [.code("<b>not bold</b> & 'quotes'")]]]),
            .table(header: [], rows: []),
            .table(header: [], rows: [[[.text("A table")], [.text("without a header")]]]),
            .prompt(String(repeating: "Fill in: what would have detected this sooner? ", count: 8)),
            .bullets([]),
            .rule,
        ])
    }

    /// Writes `bytes` to `$HINDSIGHT_RENDER_DUMP/name` when that variable is set, for looking
    /// at the output by eye.
    static func dump(_ bytes: [UInt8], as name: String) throws {
        guard let dir = ProcessInfo.processInfo.environment["HINDSIGHT_RENDER_DUMP"] else { return }
        try Data(bytes).write(to: URL(fileURLWithPath: dir).appendingPathComponent(name))
    }

    /// What is wrong with a PDF's cross-reference table: every object in use must start at
    /// the offset its entry gives, and no two entries may share an offset (cairo 1.16 wrote an
    /// entry for a link's structure element it never wrote, at the next object's offset).
    static func xrefProblems(_ pdf: [UInt8]) -> [String] {
        let text = String(decoding: pdf, as: Unicode.ASCII.self)
        guard let start = text.range(of: "startxref", options: .backwards),
              let offset = Int(text[start.upperBound...].split(whereSeparator: \.isWhitespace).first ?? ""),
              offset < pdf.count else { return ["no startxref"] }
        let table = String(decoding: pdf[offset...], as: Unicode.ASCII.self)
        guard table.hasPrefix("xref") else { return ["startxref does not point at a table"] }
        let lines = table.split(separator: "\n").prefix { !$0.hasPrefix("trailer") }.dropFirst()
        guard let first = lines.first?.split(separator: " "), first.count == 2, let base = Int(first[0]) else { return ["no subsection"] }
        var problems: [String] = []
        var seen: [Int: Int] = [:]
        for (k, line) in lines.dropFirst().enumerated() {
            let fields = line.split(separator: " ")
            guard fields.count >= 3, fields[2] == "n", let at = Int(fields[0]) else { continue }
            let number = base + k
            if let other = seen[at] { problems.append("objects \(other) and \(number) share offset \(at)") }
            seen[at] = number
            let head = "\(number) 0 obj"
            if at + head.utf8.count > pdf.count || String(decoding: pdf[at..<(at + head.utf8.count)], as: UTF8.self) != head {
                problems.append("object \(number) is not at \(at)")
            }
        }
        return problems
    }
}

@Suite struct PDFReportTests {
    let measurer: PangoTextMeasurer
    let document: Document
    let pdf: [UInt8]
    init() throws {
        measurer = try PangoTextMeasurer()
        document = PDFReportFixtures.report(measurer: measurer)
        pdf = try PDFReportWriter.render(document, metadata: DocumentMetadata(creationDate: Date(timeIntervalSince1970: 1_713_432_600)))
        try PDFReportFixtures.dump(pdf, as: "report.pdf")
    }

    var text: String { String(decoding: pdf, as: Unicode.ASCII.self) }

    /// Laid-out pages as (role, frame) pairs, footers left out.
    func pages(_ document: Document, page: PageSize = .a4) throws -> [[(role: PDFReportBox.Role, frame: Rect)]] {
        try PageRenderer.with { renderer in
            PDFReportWriter.layout(document, page: page, measurer: renderer).pages.map { boxes in
                boxes.filter { $0.role != .footer }.map { ($0.role, $0.frame) }
            }
        }
    }

    func pageCount(_ pdf: String) -> Int {
        pdf.components(separatedBy: "/Type /Page").count - 1 - (pdf.components(separatedBy: "/Type /Pages").count - 1)
    }

    @Test func isAPDF() {
        #expect(text.hasPrefix("%PDF-"))
        #expect(text.hasSuffix("%%EOF\n"))
    }

    @Test func outputIsReproducible() throws {
        let metadata = DocumentMetadata(creationDate: Date(timeIntervalSince1970: 1_713_432_600))
        // Another document in between advances cairo's process-wide counters.
        var other = document
        other.title = "Another report"
        other.blocks.removeLast(10)
        _ = try PDFReportWriter.render(other, page: .letter)
        let again = try PDFReportWriter.render(document, metadata: metadata)
        let same = again == pdf  // compared outside #expect, which would print every byte
        #expect(same)
    }

    @Test func threadsRenderTheSame() throws {
        let document = self.document
        let outputs = LockedBox<[[UInt8]]>([[], []])
        DispatchQueue.concurrentPerform(iterations: 2) { thread in
            let bytes = (0..<3).map { _ in (try? PDFReportWriter.render(document)) ?? [] }
            outputs.withLock { $0[thread] = bytes[0] }
            #expect(Set(bytes).count == 1)
        }
        let both = outputs.withLock { $0 }
        #expect(both[0] == both[1] && !both[0].isEmpty)
    }

    @Test func pageCountAndSizes() throws {
        let laidOut = try pages(document)
        #expect(laidOut.count >= 3)
        #expect(pageCount(text) == laidOut.count)
        #expect(text.components(separatedBy: "/MediaBox [ 0 0 595.28 841.89 ]").count - 1 == laidOut.count)

        let letter = String(decoding: try PDFReportWriter.render(document, page: .letter), as: Unicode.ASCII.self)
        let letterPages = try pages(document, page: .letter).count
        #expect(pageCount(letter) == letterPages)
        #expect(letter.components(separatedBy: "/MediaBox [ 0 0 612 792 ]").count - 1 == letterPages)
    }

    @Test func linksAndMetadata() {
        #expect(text.contains("/URI (\(PDFReportFixtures.url))"))
        #expect(text.contains("/Title (The day the emails stood still)"))
        #expect(text.contains("/Author (Ada Lovelace, Grace Hopper)"))
        #expect(text.contains("/Subject (Postmortem of the mail relay outage)"))
        #expect(text.contains("/Creator (Hindsight)"))
        #expect(text.contains("/CreationDate (20240418093000Z)"))
    }

    /// A link used to leave an xref entry without an object (qpdf: "file is damaged").
    @Test func linksLeaveTheFileSound() throws {
        #expect(text.contains("/Subtype /Link"))
        #expect(PDFReportFixtures.xrefProblems(pdf) == [])
        let edge = try PDFReportWriter.render(PDFReportFixtures.edgeCases(measurer: measurer))
        #expect(PDFReportFixtures.xrefProblems(edge) == [])
        if let complaints = try Tools.qpdfCheck(pdf) { #expect(complaints == "") }
        if let complaints = try Tools.qpdfCheck(edge) { #expect(complaints == "") }
    }

    /// With an emoji starting the title (the playful reports), the structure tree went
    /// missing again and with it the links' parent elements.
    @Test func linksUnderAnEmojiTitle() throws {
        var document = PDFReportFixtures.report(measurer: measurer)
        document.title = "🛒 " + document.title
        let pdf = try PDFReportWriter.render(document)
        #expect(String(decoding: pdf, as: Unicode.ASCII.self).contains("/Subtype /Link"))
        #expect(PDFReportFixtures.xrefProblems(pdf) == [])
    }

    /// A title with line breaks made a footer of several lines, running off the page.
    @Test func footerIsOneLine() throws {
        var document = PDFReportFixtures.report(measurer: measurer)
        document.title = "Outage\nwith\nthree lines"
        let footers = try PageRenderer.with { renderer in
            PDFReportWriter.layout(document, page: .a4, measurer: renderer).pages[0].compactMap { box -> Int? in
                guard box.role == .footer, case .paragraph(let run)? = box.items.first else { return nil }
                return run.lines.count
            }
        }
        #expect(footers == [1, 1])
    }

    /// A heading at the very top of a page (here: every page but the first) once made cairo
    /// fail the whole report with "invalid tag name, attributes, or nesting".
    @Test func headingsThatStartAPage() throws {
        var blocks: [Block] = []
        for n in 1...6 {
            blocks.append(.heading(level: 2, content: [.text("🎯 Section \(n)")]))
            blocks.append(.figure(DocumentFigure(scene: PDFReportFixtures.scene(measurer: measurer, width: 800, height: 900), file: "f.png", alt: "tall")))
            blocks.append(.paragraph([.text(PDFReportFixtures.filler[n % 4]), .link([.text("more")], url: PDFReportFixtures.url)]))
        }
        let document = Document(title: "Headings on top", blocks: blocks)
        let laidOut = try pages(document)
        #expect(laidOut.dropFirst().contains { $0.first?.role == .heading(level: 2) })
        let pdf = try PDFReportWriter.render(document)
        #expect(PDFReportFixtures.xrefProblems(pdf) == [])
        #expect(outlineTitles(String(decoding: pdf, as: Unicode.ASCII.self)).filter { $0.contains("Section") }.count == 6)
    }

    /// Outline titles as cairo writes them: a literal string, or UTF-16BE in hex after a BOM.
    func outlineTitles(_ pdf: String) -> [String] {
        var titles: [String] = []
        for part in pdf.components(separatedBy: "/Title ").dropFirst() {
            if part.hasPrefix("<FEFF") || part.hasPrefix("<feff"), let end = part.firstIndex(of: ">") {
                let hex = Array(part[part.index(part.startIndex, offsetBy: 5)..<end])
                let units = stride(from: 0, to: hex.count - 3, by: 4).compactMap { UInt16(String(hex[$0..<$0 + 4]), radix: 16) }
                titles.append(String(decoding: units, as: UTF16.self))
            } else if part.hasPrefix("("), let end = part.firstIndex(of: ")") {
                titles.append(String(part[part.index(after: part.startIndex)..<end]))
            }
        }
        return titles
    }

    @Test func outlineHasEveryHeading() throws {
        let titles = outlineTitles(text)
        for case .heading(_, let content) in document.blocks {
            #expect(titles.contains(content.plain), "outline lacks \(content.plain)")
        }
        // Nested by level: a subsection's entry hangs under its section, a section under the root.
        #expect(outlineParent(of: "Impact on staff")?.contains("/Title (Issue summary)") == true)
        #expect(outlineParent(of: "Resolution details")?.contains("/Title (Root cause and resolution)") == true)
        #expect(outlineParent(of: "Issue summary")?.contains("/Type /Outlines") == true)
        // Entries jump to the heading's page and place, one per heading.
        let headings = document.blocks.filter { if case .heading = $0 { true } else { false } }.count
        #expect(text.components(separatedBy: "/Dest [").count - 1 == headings)
        #expect(text.components(separatedBy: " /XYZ 56 ").count - 1 == headings, "at the left margin")
    }

    /// The PDF object that is the parent of the outline entry titled `title` (an ASCII title).
    func outlineParent(of title: String) -> String? {
        let objects = text.components(separatedBy: "endobj")
        func number(_ object: String) -> Int? {
            object.split(separator: "\n").first { $0.hasSuffix(" 0 obj") }.flatMap { Int($0.split(separator: " ")[0]) }
        }
        guard let entry = objects.first(where: { $0.contains("/Title (\(title))") }),
              let parent = entry.components(separatedBy: "/Parent ").dropFirst().first?.split(separator: " ").first.flatMap({ Int($0) })
        else { return nil }
        return objects.first { number($0) == parent }
    }

    @Test(.enabled(if: Tools.executable("pdftotext") != nil,
                   "pdftotext (poppler-utils) is not installed: text extraction is not checked"))
    func textIsExtractable() throws {
        let file = try Scratch.file(pdf, name: "text.pdf")
        defer { try? FileManager.default.removeItem(at: file) }
        let extracted = try #require(try Tools.run("pdftotext", [file.path, "-"]))
        let words = extracted.split(whereSeparator: \.isWhitespace).joined(separator: " ")
        var expected = [document.title, "Postmortem of the mail relay outage", "Ada Lovelace, Grace Hopper",
                        "relay runbook", "Figure 1. Deferred queue depth during the outage", "Page 1 of", "Page 3 of"]
        for block in document.blocks {
            switch block {
            case .heading(_, let c), .paragraph(let c): expected.append(c.plain)
            case .bullets(let items), .numbered(let items): expected += items.map(\.plain)
            case .tasks(let items): expected += items.map(\.content.plain)
            case .table(let header, let rows): expected += header.map(\.plain) + rows.flatMap { $0.map(\.plain) }
            case .prompt(let s): expected.append(s)
            case .figure, .rule: break
            }
        }
        for phrase in expected {
            // Lines may break anywhere, so compare word sequences.
            let needle = phrase.split(whereSeparator: \.isWhitespace).joined(separator: " ")
            #expect(words.contains(needle), "pdftotext did not find \"\(needle)\"")
        }
    }

    /// A URL with an unbalanced parenthesis, quotes, backslashes, a space and non-ASCII text
    /// reaches the PDF intact (percent-encoded where a PDF URI must be ASCII); so does a
    /// heading with such characters in the outline.
    @Test func awkwardURLsSurvive() throws {
        let pdf = try PDFReportWriter.render(PDFReportFixtures.edgeCases(measurer: measurer))
        let encoded = #"https://example.com/wiki/Relay_(mail?q='it\'s'%20%C3%BC\x"#
        #expect(String(decoding: pdf, as: Unicode.ASCII.self).contains(#"/URI (https://example.com/wiki/Relay_\(mail?q='it\\'s'%20%C3%BC\\x)"#))
        #expect(outlineTitles(String(decoding: pdf, as: Unicode.ASCII.self)).contains(#"Root cause (and fix) ✓ \ done"#))
        let file = try Scratch.file(pdf, name: "urls.pdf")
        defer { try? FileManager.default.removeItem(at: file) }
        if let urls = try Tools.run("pdfinfo", ["-url", file.path]) {
            #expect(urls.contains(encoded + "\n"))
            #expect(urls.contains(PDFReportFixtures.url + "\n"))
        }
    }

    @Test func metadataReadByPdfinfo() throws {
        let file = try Scratch.file(pdf, name: "info.pdf")
        defer { try? FileManager.default.removeItem(at: file) }
        guard let info = try Tools.run("pdfinfo", [file.path]) else { return }
        #expect(info.contains("Title:           The day the emails stood still"))
        #expect(info.contains("Author:          Ada Lovelace, Grace Hopper"))
        #expect(info.contains("Creator:         Hindsight"))
        #expect(info.contains("Page size:       595.28 x 841.89 pts (A4)"))
    }

    @Test(arguments: PageSize.allCases)
    func noHeadingEndsAPage(page: PageSize) throws {
        for (n, boxes) in try pages(document, page: page).enumerated() {
            guard let last = boxes.last else { Issue.record("page \(n + 1) is empty"); continue }
            if case .heading = last.role { Issue.record("page \(n + 1) ends with a heading") }
        }
    }

    @Test(arguments: PageSize.allCases)
    func everythingStaysInTheTextArea(page: PageSize) throws {
        let area = Rect(x: PDFReportStyle.margin, y: PDFReportStyle.margin, w: page.width - 2 * PDFReportStyle.margin,
                        h: page.height - PDFReportStyle.margin - PDFReportStyle.bottomMargin)
        for (n, boxes) in try (pages(document, page: page) + pages(PDFReportFixtures.edgeCases(measurer: measurer), page: page)).enumerated() {
            for box in boxes {
                #expect(area.insetBy(-0.01).contains(box.frame), "page \(n + 1): \(box.role) at \(box.frame)")
            }
        }
    }

    @Test func tallFigureMovesToANewPageWhole() throws {
        // Enough text to fill most of page 1, then a figure taller than a page.
        var document = Document(title: "Tall figure", blocks: (0..<5).map { i in
            .paragraph([.text(PDFReportFixtures.filler.joined(separator: " "))])
        })
        let tall = PDFReportFixtures.scene(measurer: measurer, width: 600, height: 1400)
        document.blocks.append(.heading(level: 2, content: [.text("The figure's section")]))
        document.blocks.append(.figure(DocumentFigure(scene: tall, file: "tall.png", alt: "A tall figure")))
        document.blocks.append(.paragraph([.text("After the figure.")]))
        let laidOut = try pages(document)
        let figurePages = laidOut.indices.filter { laidOut[$0].contains { $0.role == .figure } }
        try #require(figurePages.count == 1, "the figure is drawn exactly once")
        let n = figurePages[0]
        #expect(n == 1, "the figure does not fit under the text of page 1")
        #expect(laidOut[n].map(\.role).prefix(2) == [.heading(level: 2), .figure], "the figure starts its page, after its heading")
        let figure = try #require(laidOut[n].first { $0.role == .figure }).frame
        #expect(figure.maxY <= PageSize.a4.height - PDFReportStyle.bottomMargin, "scaled to fit the page")
        #expect(abs(figure.w / figure.h - 600.0 / 1400) < 1e-9, "scaled, not stretched")
        #expect(laidOut[n].contains { $0.role == .caption })
        // And the PDF really has the figure on page 2 (its label is vector text).
        let pdf = try PDFReportWriter.render(document)
        try PDFReportFixtures.dump(pdf, as: "tall-figure.pdf")
        let file = try Scratch.file(pdf, name: "tall.pdf")
        defer { try? FileManager.default.removeItem(at: file) }
        if let page2 = try Tools.run("pdftotext", ["-f", "2", "-l", "2", file.path, "-"]) {
            #expect(page2.contains("Mail queue depth"))
        }
    }

    @Test func tableHeaderRepeatsOnEveryPage() throws {
        let rows: [[[Inline]]] = (0..<90).map { [[.text("Row \($0)")], [.text("value")]] }
        let document = Document(title: "Long table", blocks: [.table(header: [[.text("Name")], [.text("Value")]], rows: rows)])
        let laidOut = try pages(document)
        #expect(laidOut.count >= 2)
        for boxes in laidOut.dropFirst() {
            #expect(boxes.first { $0.role != .background }?.role == .tableHeader)
        }
    }

    /// Looks like a report a reader gets: dumped for viewing with HINDSIGHT_RENDER_DUMP.
    @Test func postmortemReport() throws {
        let postmortem = PDFReportFixtures.postmortem(measurer: measurer)
        for page in PageSize.allCases {
            let pdf = try PDFReportWriter.render(postmortem, page: page)
            #expect(pageCount(String(decoding: pdf, as: Unicode.ASCII.self)) == (try pages(postmortem, page: page)).count)
            try PDFReportFixtures.dump(pdf, as: "postmortem-\(page).pdf")
            try PDFReportFixtures.dump(try PDFReportWriter.render(PDFReportFixtures.edgeCases(measurer: measurer), page: page),
                                       as: "edge-cases-\(page).pdf")
        }
    }

    /// Each page is a plain scene: its items are its boxes' items in order, its outline the
    /// headings on it, and it draws to PNG and SVG like any figure (outside the renderer that
    /// measured it).
    @Test func pagesAreScenes() throws {
        let layout = try PageRenderer.with { PDFReportWriter.layout(document, page: .a4, measurer: $0) }
        let scenes = layout.scenes
        #expect(scenes.count == layout.pages.count && scenes.count >= 3)
        let headings = document.blocks.filter { if case .heading = $0 { true } else { false } }.count
        #expect(scenes.map(\.outline.count).reduce(0, +) == headings)
        for (boxes, scene) in zip(layout.pages, scenes) {
            #expect(scene.items == boxes.flatMap(\.items))
            #expect(scene.width == PageSize.a4.width && scene.height == PageSize.a4.height)
        }
        #expect(scenes.contains { $0.items.contains { if case .scene = $0 { true } else { false } } }, "the figure is nested")
        let png = try RasterImage.decode(png: try SceneRenderer.render(scenes[0], format: .png, scale: 1))
        #expect(png.width == Int(PageSize.a4.width.rounded(.up)))
        let svg = String(decoding: try SceneRenderer.render(scenes[0], format: .svg), as: UTF8.self)
        #expect(svg.contains("<use ") && svg.contains("fill=\"\(ReportPalette.link.hexRGB)\""))
    }

    @Test func badFigureSizeIsAnError() throws {
        var document = document
        document.blocks.append(.figure(DocumentFigure(scene: Scene(figure: "x", width: 0, height: 10, background: RGBA(r: 1, g: 1, b: 1)),
                                                      file: "empty.png", alt: "")))
        #expect(throws: RenderError.self) { try PDFReportWriter.render(document) }
    }
}

