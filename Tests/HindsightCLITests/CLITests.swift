import Foundation
import HindsightModel
import HindsightTestSupport
import Testing

/// A file name holding a newline cannot forge a diagnostic line (text style), nor an error line.
@Suite struct ForgedDiagnosticTests {
    @Test func newlineInAFileName() throws {
        let dir = try Scratch.directory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let name = "x.yaml\nforged.yaml:1:1: error: forged [forged]\ny.yaml"
        try Data("title: [unclosed\n".utf8).write(to: dir.appendingPathComponent(name))
        let r = try CLI.run(["check", name], cwd: dir)
        #expect(r.status == 1)
        let lines = r.stderr.split(separator: "\n")
        #expect(!lines.isEmpty)
        #expect(lines.allSatisfy { $0.hasPrefix("x.yaml\\nforged.yaml") }, "\(r.stderr)")
        #expect(!lines.contains { $0.hasPrefix("forged.yaml") })
        let missing = try CLI.run(["check", "no\nsuch.yaml"], cwd: dir)
        #expect(missing.stderr.split(separator: "\n").count == 1, "\(missing.stderr)")
    }
}

/// A blank line in a title ended the `<picture>` block inside `alt="…"`, and the rest of the
/// title became live Markdown in the README: a link and a remote image.
@Suite struct EmbedInjectionTests {
    @Test func hostileTitleStaysInsideTheFigureBlock() throws {
        let dir = try Scratch.directory()
        defer { try? FileManager.default.removeItem(at: dir) }
        var yaml = try String(contentsOf: Fixtures.example, encoding: .utf8)
        yaml = yaml.replacingOccurrences(of: "title: The Day the Emails Stood Still",
                                         with: #"title: "Outage\n\n\\[click\\](https://evil.example/x) \\!\\[px\\](https://evil.example/p.png)""#)
        #expect(yaml.contains("evil.example"))
        try Data(yaml.utf8).write(to: dir.appendingPathComponent("pm.yaml"))
        try Data("# Project\n".utf8).write(to: dir.appendingPathComponent("README.md"))
        let r = try CLI.run(["embed", "README.md", "--incident", "pm.yaml", "--append"], cwd: dir)
        #expect(r.status == 0, "\(r.stderr)")
        let readme = try String(contentsOf: dir.appendingPathComponent("README.md"), encoding: .utf8)
        var images = 0, links: [String] = [], blocks: [String] = []
        let doc = try #require(CmarkDocument(readme))
        doc.walk { node, entering in
            guard entering else { return }
            switch node.kind {
            case .image: images += 1
            case .link: links.append(node.url)
            case .htmlBlock: blocks.append(node.literal)
            default: break
            }
        }
        #expect(readme.contains("evil.example"), "the title is in the alt text")
        #expect(images == 0 && links.isEmpty, "\(links)")
        // The markers, and one block per figure that holds the whole <picture>.
        let pictures = blocks.filter { $0.hasPrefix("<picture>") }
        #expect(pictures.count == 2 && pictures.allSatisfy { $0.contains("</picture>") }, "\(blocks)")
        #expect(blocks.allSatisfy { $0.hasPrefix("<picture>") || $0.hasPrefix("<!-- hindsight:") })
    }
}

/// `embed` chose the figures to write by the substring "-card", so an input named
/// `credit-card-outage.yaml` got links to PNGs it never wrote.
@Suite struct EmbedFileTests {
    @Test func everyLinkedFigureIsWritten() throws {
        let dir = try Scratch.directory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let example = Fixtures.example
        try FileManager.default.copyItem(at: example, to: dir.appendingPathComponent("credit-card-outage.yaml"))
        try Data("# Outage\n".utf8).write(to: dir.appendingPathComponent("README.md"))
        let r = try CLI.run(["embed", "README.md", "--incident", "credit-card-outage.yaml", "--append"], cwd: dir)
        #expect(r.status == 0, "\(r.stderr)")
        let readme = try String(contentsOf: dir.appendingPathComponent("README.md"), encoding: .utf8)
        let linked = readme.components(separatedBy: "=\"").dropFirst().map { String($0.prefix { $0 != "\"" }) }.filter { $0.hasSuffix(".png") }
        #expect(linked.count == 4)
        for name in linked { #expect(FileManager.default.fileExists(atPath: dir.appendingPathComponent(name).path), "\(name) not written") }
    }
}

@Suite(.serialized) struct CheckAndExportTests {
    let example = Fixtures.example.path

    @Test func checkExampleIsSilent() throws {
        let r = try CLI.run(["check", example])
        #expect(r.status == 0)
        #expect(r.stdout.isEmpty && r.stderr.isEmpty, "\(r.stderr)")
    }

    @Test func checkEveryGoodFixture() throws {
        let good = try FileManager.default.contentsOfDirectory(atPath: Fixtures.root.appendingPathComponent("good").path).sorted()
        let r = try CLI.run(["check"] + good.map { Fixtures.root.appendingPathComponent("good/\($0)").path })
        #expect(r.status == 0, "\(r.stderr)")
    }

    @Test func checkEveryBadFixturePrintsFileLineColumn() throws {
        let dir = Fixtures.root.appendingPathComponent("bad")
        for name in try FileManager.default.contentsOfDirectory(atPath: dir.path).sorted() where !name.hasSuffix(".expect") {
            let path = dir.appendingPathComponent(name).path
            let text = try String(contentsOfFile: path, encoding: .utf8)
            let sidecar = try? String(contentsOfFile: path + ".expect", encoding: .utf8)
            let wanted = (sidecar ?? text.split(separator: "\n").filter { $0.hasPrefix("# expect: ") }.map { String($0.dropFirst(10)) }.joined(separator: "\n"))
                .split(separator: "\n").map(String.init)
            let exit: Int32 = text.contains("# expect-exit: 0") ? 0 : 1
            let r = try CLI.run(["check", path])
            #expect(r.status == exit, "\(name): \(r.stderr)")
            for w in wanted {
                let parts = w.split(separator: " ")
                let prefix = "\(path):\(parts[0]): \(parts[1]): "
                #expect(r.stderr.split(separator: "\n").contains { $0.hasPrefix(prefix) && $0.hasSuffix("[\(parts[2])]") },
                        "\(name): no line starting \(prefix) in\n\(r.stderr)")
            }
        }
    }

    @Test func strictTurnsWarningsIntoFailure() throws {
        let path = Fixtures.root.appendingPathComponent("bad/unknown-field.yaml").path
        #expect(try CLI.run(["check", path]).status == 0)
        #expect(try CLI.run(["check", "--strict", path]).status == 1)
    }

    @Test func checkFormats() throws {
        let path = Fixtures.root.appendingPathComponent("bad/percent-range.yaml").path
        let j = try CLI.run(["check", "--format", "json", path])
        #expect(j.status == 1)
        let obj = try JSONSerialization.jsonObject(with: Data(j.stdout.utf8)) as? [String: Any]
        let diags = obj?["diagnostics"] as? [[String: Any]]
        #expect(diags?.first?["rule"] as? String == "percent-range")
        #expect(diags?.first?["line"] as? Int == 9)
        #expect(diags?.first?["column"] as? Int == 27)
        let g = try CLI.run(["check", "--format", "github", path])
        #expect(g.status == 1)
        #expect(g.stdout.hasPrefix("::error file=\(path),line=9,col=27"))
        let clean = try CLI.run(["check", "--format", "json", example])
        #expect(clean.status == 0)
        #expect(clean.stdout.contains("\"diagnostics\": []"))
    }

    @Test func exportIsIndependentOfTheMachineTimezone() throws {
        var outputs: [String] = []
        for tz in ["UTC", "Pacific/Kiritimati", "America/Los_Angeles"] {
            for file in [example, Fixtures.root.appendingPathComponent("good/multiday-iana.yaml").path,
                         Fixtures.root.appendingPathComponent("good/dst-new-york.yaml").path] {
                let r = try CLI.run(["export", file], env: ["TZ": tz])
                #expect(r.status == 0, "\(r.stderr)")
                outputs.append(r.stdout)
            }
        }
        #expect(outputs[0...2] == outputs[3...5])
        #expect(outputs[0...2] == outputs[6...8])
        let obj = try JSONSerialization.jsonObject(with: Data(outputs[0].utf8)) as? [String: Any]
        #expect(obj?["duration_minutes"] as? Int == 90)
        #expect(obj?["start"] as? String == "2024-04-18T09:30:00+02:00")
    }

    @Test func exportYAMLAndStdin() throws {
        let y = try CLI.run(["export", "--format", "yaml", example])
        #expect(y.status == 0)
        #expect(y.stdout.contains("start: '2024-04-18T09:30:00+02:00'") || y.stdout.contains("start: \"2024-04-18T09:30:00+02:00\"") || y.stdout.contains("start: 2024-04-18T09:30:00+02:00"))
        let s = try CLI.run(["export", "-"], stdin: try Data(contentsOf: URL(fileURLWithPath: example)))
        #expect(s.status == 0)
        #expect(s.stdout.contains("\"duration_minutes\": 90"))
    }

    @Test func exitCodes() throws {
        #expect(try CLI.run(["check", "/nonexistent/x.yaml"]).status == 3)
        #expect(try CLI.run(["check", "--bogus", example]).status == 2)
        #expect(try CLI.run(["render", "--scale", "0", example]).status == 2)
        #expect(try CLI.run(["frobnicate"]).status == 2)
        #expect(try CLI.run(["export", Fixtures.root.appendingPathComponent("bad/end-before-start.yaml").path]).status == 1)
    }

    @Test func schemaAndInit() throws {
        let s = try CLI.run(["schema"])
        #expect(s.status == 0)
        let obj = try JSONSerialization.jsonObject(with: Data(s.stdout.utf8)) as? [String: Any]
        #expect(obj?["$schema"] as? String == "https://json-schema.org/draft/2020-12/schema")
        let dir = try Scratch.directory()
        let file = dir.appendingPathComponent("incident.yaml").path
        #expect(try CLI.run(["init", file]).status == 0)
        #expect(try CLI.run(["check", file]).status == 0)
        #expect(try CLI.run(["init", file]).status == 2) // refuses to overwrite
        #expect(try CLI.run(["init", "--force", file]).status == 0)
    }
}

@Suite(.serialized) struct RenderCLITests {
    @Test func noArgumentsRendersTheExampleIntoOutput() throws {
        let dir = try Scratch.directory()
        let r = try CLI.run([], cwd: dir)
        #expect(r.status == 0, "\(r.stderr)")
        for name in ["email-outage-timeline.png", "email-outage-timeline.svg", "email-outage-timeline-dark.png"] {
            let path = dir.appendingPathComponent("output/\(name)").path
            #expect(FileManager.default.fileExists(atPath: path), "\(name)")
        }
        let png = try Data(contentsOf: dir.appendingPathComponent("output/email-outage-timeline.png"))
        #expect(png.starts(with: [0x89, 0x50, 0x4E, 0x47]))
    }

    @Test func renderIsDeterministicAcrossProcessesAndTimezones() throws {
        let example = Fixtures.example.path
        let a = try Scratch.directory(), b = try Scratch.directory()
        #expect(try CLI.run(["render", example, "-o", a.path, "--format", "png,svg,pdf", "--layout-json"], env: ["TZ": "Pacific/Kiritimati"]).status == 0)
        #expect(try CLI.run(["render", example, "-o", b.path, "--format", "png,svg,pdf", "--layout-json"], env: ["TZ": "America/Los_Angeles"]).status == 0)
        for ext in ["png", "svg", "pdf", "layout.json"] {
            let x = try Data(contentsOf: a.appendingPathComponent("email-outage-timeline.\(ext)"))
            let y = try Data(contentsOf: b.appendingPathComponent("email-outage-timeline.\(ext)"))
            #expect(x == y, "\(ext) differs")
        }
        let layout = try JSONSerialization.jsonObject(with: Data(contentsOf: a.appendingPathComponent("email-outage-timeline.layout.json"))) as? [String: Any]
        #expect(layout?["figure"] as? String == "timeline")
        #expect(layout?["events"] as? Int == 11)
        let labels = (layout?["texts"] as? [[String: Any]])?.filter { $0["role"] as? String == "label" }
        #expect(labels?.count == 11)
    }

    @Test func failingInputWritesNothing() throws {
        let dir = try Scratch.directory()
        let out = dir.appendingPathComponent("out")
        let r = try CLI.run(["render", Fixtures.root.appendingPathComponent("bad/event-order-midnight.yaml").path, "-o", out.path])
        #expect(r.status == 1)
        #expect(!FileManager.default.fileExists(atPath: out.path))
    }

    @Test func hostileInputFailsFast() throws {
        let dir = try Scratch.directory()
        let file = dir.appendingPathComponent("bomb.yaml")
        try Data(("x: " + String(repeating: "[", count: 300_000)).utf8).write(to: file)
        let start = Date()
        let r = try CLI.run(["render", file.path, "-o", dir.appendingPathComponent("out").path])
        #expect(Date().timeIntervalSince(start) < 2) // includes process start-up
        #expect(r.status == 1)
        #expect(r.stderr.contains("[nesting-depth]"))
        #expect(!FileManager.default.fileExists(atPath: dir.appendingPathComponent("out").path))
    }
}

@Suite(.serialized) struct RenderOptionsCLITests {
    let example = Fixtures.example.path

    @Test func allFiguresByDefaultWithThemeSuffixes() throws {
        let dir = try Scratch.directory()
        let r = try CLI.run(["render", example, "-o", dir.path, "--theme", "light,dark", "--format", "png"])
        #expect(r.status == 0, "\(r.stderr)")
        let names = Set(try FileManager.default.contentsOfDirectory(atPath: dir.path))
        #expect(names == ["email-outage-timeline.png", "email-outage-impact.png", "email-outage-card.png",
                          "email-outage-timeline-dark.png", "email-outage-impact-dark.png", "email-outage-card-dark.png"])
    }

    @Test func singleFigureFormatsAndScale() throws {
        let dir = try Scratch.directory()
        let r = try CLI.run(["render", example, "-o", dir.path, "--figure", "card", "--format", "png", "--format", "pdf", "--scale", "2", "--theme", "high-contrast"])
        #expect(r.status == 0, "\(r.stderr)")
        let names = Set(try FileManager.default.contentsOfDirectory(atPath: dir.path))
        #expect(names == ["email-outage-card.png", "email-outage-card.pdf"])
        let png = try Data(contentsOf: dir.appendingPathComponent("email-outage-card.png"))
        // IHDR width and height, big-endian, at bytes 16...23: 2400 × 1260.
        #expect(Array(png[16..<24]) == [0, 0, 0x09, 0x60, 0, 0, 0x04, 0xEC])
    }

    @Test func altTextIsPrinted() throws {
        let dir = try Scratch.directory()
        let r = try CLI.run(["render", example, "-o", dir.path, "--alt", "--format", "svg"])
        #expect(r.status == 0)
        let lines = r.stdout.split(separator: "\n")
        #expect(lines.count == 3)
        #expect(lines[0].hasPrefix("email-outage-timeline: Timeline of \"The Day the Emails Stood Still\""))
        #expect(lines[1].hasPrefix("email-outage-impact: Impact of"))
        #expect(lines[2].hasPrefix("email-outage-card: Cover card"))
    }

    @Test func themeFiles() throws {
        let dir = try Scratch.directory()
        let themes = Fixtures.root.appendingPathComponent("themes")
        let good = try CLI.run(["render", example, "-o", dir.path, "--figure", "timeline", "--format", "svg",
                                "--theme", "light," + themes.appendingPathComponent("brand.yaml").path])
        #expect(good.status == 0, "\(good.stderr)")
        #expect(FileManager.default.fileExists(atPath: dir.appendingPathComponent("email-outage-timeline-brand.svg").path))
        let badPath = themes.appendingPathComponent("bad-color.yaml").path
        let bad = try CLI.run(["render", example, "-o", dir.appendingPathComponent("x").path, "--theme", badPath])
        #expect(bad.status == 1)
        #expect(bad.stderr.contains("\(badPath):4:9: error:"), "\(bad.stderr)")
        #expect(!FileManager.default.fileExists(atPath: dir.appendingPathComponent("x").path))
        let low = try CLI.run(["render", example, "-o", dir.appendingPathComponent("y").path, "--figure", "card", "--format", "svg",
                               "--theme", themes.appendingPathComponent("low-contrast.yaml").path])
        #expect(low.status == 0)
        #expect(low.stderr.contains("[theme-contrast]"))
        #expect(try CLI.run(["render", example, "--theme", "neon"]).status == 2)
    }
}

@Suite(.serialized) struct ReportCLITests {
    let example = Fixtures.example.path

    @Test func markdownReportWithItsFiguresBeside() throws {
        let dir = try Scratch.directory()
        let r = try CLI.run(["report", example, "-o", dir.path])
        #expect(r.status == 0, "\(r.stderr)")
        let md = try String(contentsOf: dir.appendingPathComponent("email-outage.md"), encoding: .utf8)
        // Every image the report links to exists beside it.
        let links = md.components(separatedBy: "src=\"").dropFirst().map { String($0.prefix { $0 != "\"" }) }
            + md.components(separatedBy: "srcset=\"").dropFirst().map { String($0.prefix { $0 != "\"" }) }
        #expect(links.count == 4)
        for l in links { #expect(FileManager.default.fileExists(atPath: dir.appendingPathComponent(l).path), "\(l)") }
        // The paths printed: the figures, then the report, last.
        let printed = r.stdout.split(separator: "\n").map { ($0 as NSString).lastPathComponent }
        #expect(printed.last == "email-outage.md", "\(printed)")
        #expect(Set(printed.dropLast()) == Set(links))
    }

    @Test func htmlReportAndTemplates() throws {
        let dir = try Scratch.directory()
        #expect(try CLI.run(["report", example, "-o", dir.path, "--format", "html", "--template", "google-sre", "--style", "playful"]).status == 0)
        let html = try String(contentsOf: dir.appendingPathComponent("email-outage.html"), encoding: .utf8)
        #expect(html.contains("<h2 id=\"-action-items\">✅ Action items</h2>") || html.contains("Action items</h2>"))
        #expect(try CLI.run(["report", example, "--template", "nope"]).status == 2)
    }

    @Test func embedIsIdempotentAndPreservesEveryOtherByte() throws {
        let dir = try Scratch.directory()
        let readme = dir.appendingPathComponent("README.md")
        let before = "# Postmortem\r\n\nSome text  \n\n<!-- hindsight:begin -->\nold\n<!-- hindsight:end -->\n\nEnd \u{1F600}"
        try before.write(to: readme, atomically: true, encoding: .utf8)
        let r = try CLI.run(["embed", readme.path, "--incident", example])
        #expect(r.status == 0, "\(r.stderr)")
        let after = try String(contentsOf: readme, encoding: .utf8)
        #expect(after.hasPrefix("# Postmortem\r\n\nSome text  \n\n<!-- hindsight:begin -->\n<picture>"))
        #expect(after.hasSuffix("</picture>\n<!-- hindsight:end -->\n\nEnd \u{1F600}"))
        #expect(FileManager.default.fileExists(atPath: dir.appendingPathComponent("email-outage-timeline.png").path))
        let attrs = { try FileManager.default.attributesOfItem(atPath: readme.path)[.modificationDate] as? Date }
        let png = dir.appendingPathComponent("email-outage-timeline.png").path
        let pngDate = { try FileManager.default.attributesOfItem(atPath: png)[.modificationDate] as? Date }
        let t1 = try attrs(), p1 = try pngDate()
        Thread.sleep(forTimeInterval: 1.1)
        #expect(try CLI.run(["embed", readme.path, "--incident", example]).status == 0)
        #expect(try String(contentsOf: readme, encoding: .utf8) == after)
        #expect(try attrs() == t1)
        #expect(try pngDate() == p1)
        // With --report the whole report goes between the markers.
        #expect(try CLI.run(["embed", readme.path, "--incident", example, "--report"]).status == 0)
        let full = try String(contentsOf: readme, encoding: .utf8)
        #expect(full.contains("## Corrective and preventative measures"))
        #expect(full.hasSuffix("<!-- hindsight:end -->\n\nEnd \u{1F600}"))
    }

    @Test func embedWithoutMarkersNamesWhatToAdd() throws {
        let dir = try Scratch.directory()
        let readme = dir.appendingPathComponent("README.md")
        try "# Nothing here\n".write(to: readme, atomically: true, encoding: .utf8)
        let r = try CLI.run(["embed", readme.path, "--incident", example])
        #expect(r.status == 1)
        #expect(r.stderr.contains("<!-- hindsight:begin -->"))
        #expect(try String(contentsOf: readme, encoding: .utf8) == "# Nothing here\n")
        #expect(try CLI.run(["embed", readme.path, "--incident", example, "--append"]).status == 0)
        #expect(try String(contentsOf: readme, encoding: .utf8).hasPrefix("# Nothing here\n\n<!-- hindsight:begin -->\n"))
    }
}

@Suite(.serialized) struct PDFReportCLITests {
    let example = Fixtures.example.path
    static let poppler = FileManager.default.isExecutableFile(atPath: "/usr/bin/pdftotext")

    func tool(_ name: String, _ args: [String]) throws -> String {
        try #require(try Tools.run(name, args), "\(name) is not installed")
    }

    @Test(.enabled(if: poppler, "poppler-utils is not installed; scripts/test.sh installs it"))
    func pdfHasEveryHeadingAndEventEmbeddedFontsAndAnOutline() throws {
        let dir = try Scratch.directory()
        let r = try CLI.run(["report", example, "-o", dir.path, "--format", "pdf"], env: ["SOURCE_DATE_EPOCH": "1713425400"])
        #expect(r.status == 0, "\(r.stderr)")
        let pdf = dir.appendingPathComponent("email-outage.pdf").path
        let text = try tool("pdftotext", ["-layout", pdf, "-"]).replacingOccurrences(of: "\n", with: " ")
        let squashed = text.split(whereSeparator: { $0.isWhitespace }).joined(separator: " ")
        for heading in ["Issue Summary", "Timeline", "Root cause and resolution", "Corrective and preventative measures"] {
            #expect(squashed.contains(heading), "\(heading)")
        }
        for time in ["09:30", "09:35", "09:40", "09:50", "10:00", "10:10", "10:20", "10:30", "10:40", "10:50", "11:00"] {
            #expect(squashed.contains("\(time) - "), "event at \(time)")
        }
        #expect(squashed.contains("Page 1 of"))
        let fonts = try tool("pdffonts", [pdf]).split(separator: "\n").dropFirst(2)
        #expect(!fonts.isEmpty)
        for line in fonts {
            let cols = line.split(separator: " ", omittingEmptySubsequences: true)
            // name type [encoding] emb sub uni object ID: "emb" is the 4th from the end of the flags.
            #expect(cols.count >= 5 && cols[cols.count - 5] == "yes", "not embedded: \(line)")
        }
        let info = try tool("pdfinfo", [pdf])
        #expect(info.contains("Title:") && info.contains("The Day the Emails Stood Still"))
        let raw = String(decoding: try Data(contentsOf: URL(fileURLWithPath: pdf)), as: UTF8.self)
        #expect(raw.contains("/Outlines"))
        // Byte-identical on a second run.
        let dir2 = try Scratch.directory()
        #expect(try CLI.run(["report", example, "-o", dir2.path, "--format", "pdf"], env: ["SOURCE_DATE_EPOCH": "1713425400"]).status == 0)
        #expect(try Data(contentsOf: URL(fileURLWithPath: pdf)) == Data(contentsOf: dir2.appendingPathComponent("email-outage.pdf")))
        // Letter on request.
        #expect(try CLI.run(["report", example, "-o", dir2.path, "--format", "pdf", "--page", "letter"]).status == 0)
        #expect(try tool("pdfinfo", [dir2.appendingPathComponent("email-outage.pdf").path]).contains("612 x 792 pts"))
    }
}
