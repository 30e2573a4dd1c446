import Foundation
@testable import HindsightBatch
import HindsightLayout
import HindsightModel
import HindsightRender
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
}
