import Foundation
@testable import HindsightBatch
import HindsightLayout
import HindsightModel
import HindsightRender
import HindsightTestSupport
import Testing

/// Issue 18, items 4, 6, 7 and 13: batch never replaces an input, locks its output folder,
/// checks outputs by content, refuses links inside the output, and names non-UTF-8 names.
@Suite struct BatchSafetyTests {
    @Test func anOutputEditedToTheSameSizeIsRenderedAgain() throws {
        let s = try Scratch(); defer { s.cleanup() }
        try s.incidents(2, in: "in")
        _ = try quickBatch([s.sub("in")], to: s.sub("out"))
        let path = s.sub("out/incident-0-timeline.svg")
        var bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: path)))
        bytes[bytes.count / 2] ^= 0x01   // same size, other content
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        let r = try quickBatch([s.sub("in")], to: s.sub("out"))
        #expect(r.rendered == 1 && r.unchanged == 1)
        let entry = try #require(r.manifest.inputs.first { $0.path == "incident-0.yaml" })
        #expect(SHA256.hex(try [UInt8](Data(contentsOf: URL(fileURLWithPath: path)))) == entry.outputs[0].sha256)
    }

    @Test func aSecondBatchWaitsForTheFirst() throws {
        let s = try Scratch(); defer { s.cleanup() }
        try s.incidents(1, in: "in")
        try FileManager.default.createDirectory(atPath: s.sub("out"), withIntermediateDirectories: true)
        let held = try OutputLock(folder: s.sub("out"), waiting: { Issue.record("the folder was free") })
        let done = DispatchSemaphore(value: 0)
        let finished = Locked(false)
        let paths = [s.sub("in")], out = s.sub("out")
        DispatchQueue.global().async {
            _ = try? quickBatch(paths, to: out)
            finished.withLock { $0 = true }
            done.signal()
        }
        Thread.sleep(forTimeInterval: 0.5)
        #expect(!finished.withLock { $0 }, "the batch ran while another held the folder")
        #expect(!FileManager.default.fileExists(atPath: s.sub("out/manifest.json")))
        held.release()
        #expect(done.wait(timeout: .now() + 60) == .success)
        #expect(FileManager.default.fileExists(atPath: s.sub("out/manifest.json")))
    }

    @Test func concurrentBatchesWithDifferentThemesLeaveAManifestThatMatchesTheFiles() throws {
        let s = try Scratch(); defer { s.cleanup() }
        try s.incidents(4, in: "in")
        let paths = [s.sub("in")], out = s.sub("out")
        let group = DispatchGroup()
        for theme in [Theme.light, .dark] {
            DispatchQueue.global().async(group: group) {
                var config = BatchConfiguration(paths: paths, outputDirectory: out,
                                                renderers: [.figures(FigureOptions(figures: [.timeline], formats: [.svg], themes: [theme]))], version: "test")
                config.stopOnSignals = false
                _ = try? Batch.run(config)
            }
        }
        #expect(group.wait(timeout: .now() + 120) == .success)
        let manifest = try Manifest.read(s.sub("out/manifest.json"))
        for o in manifest.inputs.flatMap(\.outputs) {
            #expect(SHA256.hex(try [UInt8](Data(contentsOf: URL(fileURLWithPath: s.sub("out/" + o.path))))) == o.sha256, "\(o.path)")
        }
    }

    @Test func aLinkedFolderInsideTheOutputIsNotFollowed() throws {
        let s = try Scratch(); defer { s.cleanup() }
        try s.incidents(1, in: "in/sub")
        try FileManager.default.createDirectory(atPath: s.sub("elsewhere"), withIntermediateDirectories: true)
        try FileManager.default.createDirectory(atPath: s.sub("out"), withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(atPath: s.sub("out/sub"), withDestinationPath: "../elsewhere")
        let r = try quickBatch([s.sub("in")], to: s.sub("out"))
        #expect(r.failed == 1 && r.rendered == 0)
        #expect(r.manifest.inputs.first?.diagnostics.first?.rule == "output-link")
        #expect(try FileManager.default.contentsOfDirectory(atPath: s.sub("elsewhere")).isEmpty)
    }

    @Test func theOutputFolderCannotBeAPath() throws {
        let s = try Scratch(); defer { s.cleanup() }
        try s.incidents(1, in: "docs")
        #expect(throws: DiscoveryError.self) { try quickBatch([s.sub("docs")], to: s.sub("docs")) }
        #expect(throws: DiscoveryError.self) { try quickBatch([s.sub("docs/")], to: s.sub("docs/../docs")) }
    }

    @Test func aNameThatIsNotUTF8IsReportedNotSkipped() throws {
        let s = try Scratch(); defer { s.cleanup() }
        try s.incidents(1, in: "in")
        var raw = Array((s.sub("in") + "/bad").utf8CString.dropLast())
        raw += [CChar(bitPattern: 0xFF)] + Array(".yaml".utf8CString)
        let fd = open(raw, O_WRONLY | O_CREAT | O_EXCL, 0o644)
        #expect(fd >= 0)
        let text = Array(IncidentGenerator.yaml(seed: 3).utf8)
        _ = text.withUnsafeBytes { write(fd, $0.baseAddress!, $0.count) }
        close(fd)
        let r = try quickBatch([s.sub("in")], to: s.sub("out"))
        #expect(r.rendered == 1 && r.failed == 1)
        let failed = try #require(r.manifest.failed.first)
        #expect(failed.path == "bad\\xFF.yaml")
        #expect(failed.diagnostics.first?.rule == "input-name-encoding")
    }
}

@Suite(.serialized) struct BatchInputReplacementCLITests {
    @Test func aReportNeverReplacesItsPostmortem() throws {
        let s = try Scratch(); defer { s.cleanup() }
        let original = try Fixtures.text("markdown/complete.md")
        try s.write("docs/pm.md", original)
        let r = try CLI.run(["batch", "docs/pm.md", "--markdown", "--report", "md", "-o", "docs", "--progress", "never"], cwd: s.path)
        #expect(r.status == 1, "\(r.stderr)")
        #expect(r.stderr.contains("[output-replaces-input]"), "\(r.stderr)")
        #expect(try String(contentsOfFile: s.sub("docs/pm.md"), encoding: .utf8) == original)
        #expect(s.files(under: "docs") == ["manifest.json", "pm.md"])

        let same = try CLI.run(["batch", "docs", "--markdown", "-o", "docs", "--progress", "never"], cwd: s.path)
        #expect(same.status == 2, "\(same.stderr)")
        #expect(same.stderr.contains("both a PATH to render and the output folder"), "\(same.stderr)")
    }

    /// Issue 18, item 5 (batch's part): an input that takes too long fails alone.
    @Test func anInputPastTheTimeLimitFailsAndTheBatchGoesOn() throws {
        let s = try Scratch(); defer { s.cleanup() }
        try s.incidents(4, in: "in")
        let started = Date()
        let r = try CLI.run(["batch", "in", "-o", "out", "--jobs", "2", "--time-limit", "3", "--figure", "timeline", "--format", "svg", "--progress", "never"],
                            cwd: s.path, env: [BatchWorker.testHangVariable: "incident-1"])
        #expect(Date().timeIntervalSince(started) < 60, "the batch waited for the hung input")
        #expect(r.status == 1, "\(r.stderr)")
        #expect(r.stderr.contains("in/incident-1.yaml:1:1: error: rendering this input took longer than 3 s"), "\(r.stderr)")
        #expect(r.stderr.contains("[render-timeout]"))
        #expect(r.stderr.contains("3 rendered, 0 unchanged, 1 failed"), "\(r.stderr)")
    }

    @Test func pruneFromTheCommandLine() throws {
        let s = try Scratch(); defer { s.cleanup() }
        try s.incidents(2, in: "in")
        let quick = ["--figure", "timeline", "--format", "svg", "--progress", "never"]
        #expect(try CLI.run(["batch", "in", "-o", "out"] + quick, cwd: s.path).status == 0)
        try FileManager.default.removeItem(atPath: s.sub("in/incident-1.yaml"))
        let r = try CLI.run(["batch", "in", "-o", "out", "--prune"] + quick, cwd: s.path)
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stderr.contains("1 stale output of vanished inputs deleted"), "\(r.stderr)")
        #expect(s.files(under: "out") == ["incident-0-timeline.svg", "manifest.json"])
    }
}

/// Issue 15's batch items: `--prune`, and a report never overwrites the themed figures.
@Suite struct BatchPruneAndThemeTests {
    @Test func pruneDeletesTheFiguresOfDeletedInputsOnly() throws {
        let s = try Scratch(); defer { s.cleanup() }
        try s.incidents(3, in: "in")
        try s.incidents(2, in: "in/old", prefix: "gone")
        _ = try quickBatch([s.sub("in")], to: s.sub("out"))
        try FileManager.default.removeItem(atPath: s.sub("in/incident-2.yaml"))
        try FileManager.default.removeItem(atPath: s.sub("in/old"))
        try s.write("out/old/gone-0-timeline.svg", "edited by hand")   // changed since: kept
        var config = BatchConfiguration(paths: [s.sub("in")], outputDirectory: s.sub("out"),
                                        renderers: [.figures(FigureOptions(figures: [.timeline], formats: [.svg]))], version: "test")
        config.stopOnSignals = false
        config.prune = true
        let r = try Batch.run(config)
        #expect(r.pruned == 2)
        #expect(r.summary.contains("2 stale outputs of vanished inputs deleted"))
        #expect(s.files(under: "out") == ["incident-0-timeline.svg", "incident-1-timeline.svg", "manifest.json", "old/gone-0-timeline.svg"])
        #expect(r.manifest.inputs.map(\.path) == ["incident-0.yaml", "incident-1.yaml"])
        // Nothing left to prune; without --prune nothing is deleted.
        try FileManager.default.removeItem(atPath: s.sub("in/incident-1.yaml"))
        #expect(try quickBatch([s.sub("in")], to: s.sub("out")).pruned == 0)
        #expect(FileManager.default.fileExists(atPath: s.sub("out/incident-1-timeline.svg")))
    }

    @Test func aReportDoesNotOverwriteTheThemedFigures() throws {
        let s = try Scratch(); defer { s.cleanup() }
        try s.incidents(1, in: "in")
        let themeBytes = try [UInt8](Data(contentsOf: Fixtures.root.appendingPathComponent("themes/brand.yaml")))
        let brand = try #require(ThemeFile.load(bytes: themeBytes, file: "brand.yaml").0)
        let options = FigureOptions(figures: [.card, .timeline], formats: [.png], themes: [brand])
        let measurer = SharedMeasurer()
        let report = OutputRenderer(fingerprint: "fake report") { incident, stem in
            // What a Markdown report writes beside itself: light figures of the same names.
            try FigureSet.render(incident, stem: stem, options: FigureOptions(figures: [.card], formats: [.png], themes: [.light]), measurer: measurer.get()).files
                + [RenderedFile(name: "\(stem).md", bytes: Array("report".utf8))]
        }
        var config = BatchConfiguration(paths: [s.sub("in")], outputDirectory: s.sub("out"), renderers: [.figures(options), report], version: "test")
        config.stopOnSignals = false
        let r = try Batch.run(config)
        #expect(r.rendered == 1)
        let incident = try #require(IncidentLoader.load(bytes: Array(IncidentGenerator.yaml(seed: 1).utf8), file: "x.yaml", format: .yaml).incident)
        let expected = try FigureSet.render(incident, stem: "incident-0", options: options, measurer: measurer.get()).files.first { $0.name == "incident-0-card.png" }
        #expect(try [UInt8](Data(contentsOf: URL(fileURLWithPath: s.sub("out/incident-0-card.png")))) == expected?.bytes, "the report's light card replaced the brand card")
        #expect(r.manifest.inputs[0].outputs.map(\.path).sorted() == ["incident-0-card.png", "incident-0-timeline.png", "incident-0.md"])
    }
}
