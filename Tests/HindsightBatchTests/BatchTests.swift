import Foundation
@testable import HindsightBatch
import HindsightModel
import HindsightRender
import HindsightTestSupport
import Testing

@Suite struct SHA256Tests {
    @Test func knownVectors() {
        #expect(SHA256.hex([UInt8]()) == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        #expect(SHA256.hex("abc".utf8) == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        #expect(SHA256.hex("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq".utf8)
                == "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1")
        #expect(SHA256.hex([UInt8](repeating: 0x61, count: 1_000_000))
                == "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0")
    }

    @Test func piecewiseEqualsWhole() {
        let bytes = (0..<1000).map { UInt8(truncatingIfNeeded: $0 &* 31) }
        for cut in [0, 1, 55, 56, 63, 64, 65, 130, 999] {
            var h = SHA256()
            h.update(bytes[..<cut])
            h.update(bytes[cut...])
            #expect(h.finalize() == SHA256.digest(bytes), "cut at \(cut)")
        }
    }
}

@Suite struct ShardTests {
    let paths = (0..<500).map { "team-\($0 % 7)/incident-\($0).yaml" }

    @Test func parsing() {
        #expect(Shard("2/4") == Shard(index: 2, count: 4))
        for bad in ["0/4", "5/4", "1/0", "a/b", "1", "1/2/3", "", "-1/2"] { #expect(Shard(bad) == nil, "\(bad)") }
    }

    @Test func shardsCoverEveryInputExactlyOnce() {
        for n in [1, 2, 3, 8] {
            let shards = (1...n).map { Shard(index: $0, count: n)! }
            for p in paths { #expect(shards.filter { $0.contains(p) }.count == 1) }
            // Roughly balanced: no shard more than twice its fair share.
            for s in shards { #expect(paths.filter(s.contains).count < 2 * paths.count / n + 10) }
        }
    }

    @Test func addingAFileMovesOnlyThatFile() {
        let before = Dictionary(uniqueKeysWithValues: paths.map { ($0, Shard.index(of: $0, count: 4)) })
        let after = Dictionary(uniqueKeysWithValues: (paths + ["new/one.yaml"]).map { ($0, Shard.index(of: $0, count: 4)) })
        for p in paths { #expect(before[p] == after[p]) }
        // Stable across runs and machines: a pinned value.
        #expect(Shard.index(of: "incidents/2025/db-outage.yaml", count: 4) == Shard.index(of: "incidents/2025/db-outage.yaml", count: 4))
        #expect(Shard.index(of: "a.yaml", count: 1_000_003) == Int(SHA256.digest("a.yaml".utf8).prefix64 % 1_000_003) + 1)
    }
}

@Suite struct DiscoveryTests {
    @Test func mirrorsFoldersSkipsHiddenAndTheOutputFolder() throws {
        let s = try Scratch(); defer { s.cleanup() }
        try s.write("in/a.yaml", "x")
        try s.write("in/sub/deeper/b.yml", "x")
        try s.write("in/sub/c.json", "x")
        try s.write("in/notes.txt", "x")
        try s.write("in/README.md", "x")
        try s.write("in/.git/d.yaml", "x")
        try s.write("in/.e.yaml", "x")
        try s.write("in/out/manifest.json", "{}")
        let found = try InputDiscovery.discover([s.sub("in")], extensions: InputDiscovery.incidentExtensions, excluding: s.sub("in/out"))
        #expect(found.inputs.map(\.relativePath) == ["a.yaml", "sub/c.json", "sub/deeper/b.yml"])
        #expect(found.inputs.map(\.folder) == ["", "sub", "sub/deeper"])
        #expect(found.inputs[0].path == s.sub("in") + "/a.yaml")
        #expect(found.rejected.isEmpty)
        let md = try InputDiscovery.discover([s.sub("in")], extensions: InputDiscovery.incidentExtensions.union(InputDiscovery.markdownExtensions))
        #expect(md.inputs.map(\.relativePath).contains("README.md"))
        #expect(md.inputs.map(\.relativePath).contains("out/manifest.json"), "not a Hindsight manifest: an input like any other")
        // Any batch's output folder (an earlier run's `-o`) is skipped, not only this run's.
        try s.write("in/old-site/manifest.json", "{\n  \"hindsight\": \"0.1.0\",\n}")
        try s.write("in/old-site/x.yaml", "x")
        let again = try InputDiscovery.discover([s.sub("in")], extensions: InputDiscovery.incidentExtensions)
        #expect(!again.inputs.map(\.relativePath).contains { $0.hasPrefix("old-site/") })
    }

    @Test func symbolicLinksAndLoopsCannotEscapeOrHang() throws {
        let s = try Scratch(); defer { s.cleanup() }
        try s.write("outside/secret.yaml", "x")
        try s.write("in/real.yaml", "x")
        let fm = FileManager.default
        try fm.createSymbolicLink(atPath: s.sub("in/inside-link.yaml"), withDestinationPath: "real.yaml")
        try fm.createSymbolicLink(atPath: s.sub("in/escape.yaml"), withDestinationPath: "../outside/secret.yaml")
        try fm.createSymbolicLink(atPath: s.sub("in/absolute.yaml"), withDestinationPath: s.sub("outside/secret.yaml"))
        try fm.createSymbolicLink(atPath: s.sub("in/loop"), withDestinationPath: ".")
        try fm.createSymbolicLink(atPath: s.sub("in/up"), withDestinationPath: "..")
        try fm.createSymbolicLink(atPath: s.sub("in/ping.yaml"), withDestinationPath: "pong.yaml")
        try fm.createSymbolicLink(atPath: s.sub("in/pong.yaml"), withDestinationPath: "ping.yaml")
        try fm.createSymbolicLink(atPath: s.sub("in/dangling.yaml"), withDestinationPath: "nowhere.yaml")
        #expect(mkfifo(s.sub("in/fifo.yaml"), 0o644) == 0)
        let found = try InputDiscovery.discover([s.sub("in")], extensions: InputDiscovery.incidentExtensions)
        #expect(found.inputs.map(\.relativePath) == ["inside-link.yaml", "real.yaml"])
        let rules = Dictionary(uniqueKeysWithValues: found.rejected.map { ($0.input.relativePath, $0.diagnostic.rule) })
        #expect(rules == ["escape.yaml": "input-outside-path", "absolute.yaml": "input-outside-path",
                          "ping.yaml": "input-unreadable", "pong.yaml": "input-unreadable",
                          "dangling.yaml": "input-unreadable", "fifo.yaml": "input-not-a-file"])
    }

    @Test func outputCollisionsAreRejectedNotOverwritten() throws {
        let s = try Scratch(); defer { s.cleanup() }
        try s.write("a/x.yaml", "x")
        try s.write("a/x.json", "x")
        try s.write("b/x.yaml", "x")
        try s.write("a/sub/x.yaml", "x")
        let found = try InputDiscovery.discover([s.sub("a"), s.sub("b"), s.sub("a/sub/x.yaml")], extensions: InputDiscovery.incidentExtensions)
        // a/x.json wins over a/x.yaml (byte order); b/x.yaml and the explicit a/sub/x.yaml land on
        // DIR/x-… too. a/sub/x.yaml found under `a` is fine (DIR/sub/x-…).
        #expect(found.inputs.map(\.path) == [s.sub("a/sub/x.yaml"), s.sub("a/x.json")])
        #expect(Set(found.rejected.map(\.input.path)) == [s.sub("a/x.yaml"), s.sub("b/x.yaml"), s.sub("a/sub/x.yaml")])
        #expect(found.rejected.allSatisfy { $0.diagnostic.rule == "output-collision" })
        #expect(throws: DiscoveryError.self) { try InputDiscovery.discover([s.sub("missing")], extensions: ["yaml"]) }
    }

    @Test func sameFileNamedTwiceCountsOnce() throws {
        let s = try Scratch(); defer { s.cleanup() }
        try s.write("in/x.yaml", "x")
        let found = try InputDiscovery.discover([s.sub("in"), s.sub("in")], extensions: ["yaml"])
        #expect(found.inputs.count == 1 && found.rejected.isEmpty)
    }
}

@Suite(.serialized) struct BatchRunTests {
    /// Good, bad and hostile inputs side by side.
    func mixedRepository(_ s: Scratch) throws {
        try s.incidents(4, in: "in/team-a")
        try s.incidents(2, in: "in/team-b/2025", seed: 100)
        try s.write("in/team-b/minimal.yaml", try Fixtures.text("good/minimal.yaml"))
        try s.write("in/bad/percent-range.yaml", try Fixtures.text("bad/percent-range.yaml"))
        try s.write("in/bad/json-syntax.json", try Fixtures.text("bad/json-syntax.json"))
        try s.write("in/hostile/binary.yaml", [0x74, 0x69, 0x00, 0x01, 0x02])
        try s.write("in/hostile/latin1.yaml", [0x74, 0x69, 0x74, 0x6C, 0x65, 0x3A, 0x20, 0xE9, 0x0A])
        try s.write("in/hostile/empty.json", "")
        try s.write("in/hostile/deep.yaml", String(repeating: "[", count: 10_000))
        try s.write("in/hostile/huge.yaml", [UInt8](repeating: 0x61, count: InputLimits.maxBytes + 10))
    }

    static let bad = ["bad/json-syntax.json", "bad/percent-range.yaml", "hostile/binary.yaml", "hostile/deep.yaml",
                      "hostile/empty.json", "hostile/huge.yaml", "hostile/latin1.yaml"]

    @Test func goodRenderedBadNamedRerunSkipsEverything() throws {
        let s = try Scratch(); defer { s.cleanup() }
        try mixedRepository(s)
        let first = try quickBatch([s.sub("in")], to: s.sub("out"))
        #expect(first.rendered == 7 && first.unchanged == 0 && first.failed == Self.bad.count)
        #expect(first.manifest.failed.map(\.path) == Self.bad)
        #expect(first.manifest.failed.allSatisfy { !$0.diagnostics.isEmpty && $0.diagnostics.allSatisfy { $0.file.hasPrefix(s.sub("in/")) } })
        let outputs = s.files(under: "out")
        #expect(outputs.contains("team-a/incident-0-timeline.svg"))
        #expect(outputs.contains("team-b/2025/incident-1-timeline.svg"))
        #expect(outputs.contains("team-b/minimal-timeline.svg"))
        #expect(outputs.count == 7 + 1)   // one SVG per good input, and the manifest
        for entry in first.manifest.inputs where entry.status == .rendered {
            for o in entry.outputs {
                let bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: s.sub("out/" + o.path))))
                #expect(SHA256.hex(bytes) == o.sha256 && bytes.count == o.bytes)
            }
        }
        let manifestBytes = try Data(contentsOf: URL(fileURLWithPath: s.sub("out/manifest.json")))

        let again = try quickBatch([s.sub("in")], to: s.sub("out"))
        #expect(again.rendered == 0 && again.unchanged == 7 && again.failed == Self.bad.count)
        #expect(try Data(contentsOf: URL(fileURLWithPath: s.sub("out/manifest.json"))) == manifestBytes)

        let forced = try quickBatch([s.sub("in")], to: s.sub("out"), force: true, jobs: 1)
        #expect(forced.rendered == 7 && forced.unchanged == 0)
        #expect(try Data(contentsOf: URL(fileURLWithPath: s.sub("out/manifest.json"))) == manifestBytes, "same bytes whatever the job count")
    }

    @Test func onlyChangedOrDamagedInputsRenderAgain() throws {
        let s = try Scratch(); defer { s.cleanup() }
        try s.incidents(5, in: "in")
        _ = try quickBatch([s.sub("in")], to: s.sub("out"))
        try s.write("in/incident-1.yaml", IncidentGenerator.yaml(seed: 99))       // content changed
        try FileManager.default.removeItem(atPath: s.sub("out/incident-2-timeline.svg"))   // output deleted
        try s.write("out/incident-3-timeline.svg", "truncated")                   // output damaged
        try s.incidents(1, in: "in", prefix: "new")                               // new input
        let r = try quickBatch([s.sub("in")], to: s.sub("out"))
        #expect(r.rendered == 4 && r.unchanged == 2 && r.failed == 0)
        #expect(FileManager.default.fileExists(atPath: s.sub("out/incident-2-timeline.svg")))

        // Other options or another version: everything again.
        var config = BatchConfiguration(paths: [s.sub("in")], outputDirectory: s.sub("out"),
                                        renderers: [.figures(FigureOptions(figures: [.timeline], formats: [.svg], themes: [.dark]))], version: "test")
        config.stopOnSignals = false
        #expect(try Batch.run(config).rendered == 6)
        config.version = "test-2"
        #expect(try Batch.run(config).rendered == 6)
        #expect(try Batch.run(config).rendered == 0)
    }

    @Test func shardsTogetherEqualOneRunAndMerge() throws {
        let s = try Scratch(); defer { s.cleanup() }
        try mixedRepository(s)
        let whole = try quickBatch([s.sub("in")], to: s.sub("whole"))
        var seen: [String] = []
        for i in 1...3 {
            let r = try quickBatch([s.sub("in")], to: s.sub("shard-\(i)"), shard: Shard(index: i, count: 3))
            #expect(r.manifest.shard == Shard(index: i, count: 3))
            seen += r.manifest.inputs.map(\.path)
        }
        #expect(seen.sorted() == whole.manifest.inputs.map(\.path).sorted(), "every input in exactly one shard")

        let merged = try Batch.mergeManifests((1...3).map { s.sub("shard-\($0)") }, into: s.sub("merged"))
        #expect(merged == whole.manifest)
        #expect(try Data(contentsOf: URL(fileURLWithPath: s.sub("merged/manifest.json")))
                == Data(contentsOf: URL(fileURLWithPath: s.sub("whole/manifest.json"))))
        #expect(s.files(under: "merged") == s.files(under: "whole"))

        // Incomplete sets and damaged artifacts are refused.
        #expect(throws: ManifestError.self) { try Batch.mergeManifests([s.sub("shard-1"), s.sub("shard-3")], into: s.sub("m2")) }
        #expect(throws: ManifestError.self) { try Batch.mergeManifests([s.sub("shard-1"), s.sub("shard-1"), s.sub("shard-2")], into: s.sub("m3")) }
        #expect(throws: ManifestError.self) { try Batch.mergeManifests([s.sub("shard-1"), s.sub("whole")], into: s.sub("m4")) }
        let victim = try #require(try manifest(in: s.sub("shard-2")).inputs.first { $0.status == .rendered }?.outputs.first)
        try s.write("shard-2/" + victim.path, "cut short")
        #expect(throws: ManifestError.self) { try Batch.mergeManifests((1...3).map { s.sub("shard-\($0)") }, into: s.sub("m5")) }
    }

    @Test func manifestTextIsItsJSONAndReadsBack() throws {
        let diagnostic = DiagnosticRecord(Diagnostic(file: "in/b.yaml", location: SourceLocation(line: 3, column: 7),
                                                     severity: .error, rule: "syntax", message: "quote \" and\nnewline"))
        let entries = [
            Manifest.Entry(path: "b.yaml", file: "in/b.yaml", sha256: nil, options: "o", status: .failed, outputs: [], diagnostics: [diagnostic]),
            Manifest.Entry(path: "a/x.yaml", file: "in/a/x.yaml", sha256: "s", options: "o", status: .rendered,
                           outputs: [.init(path: "a/x-timeline.svg", sha256: "t", bytes: 12), .init(path: "a/x-card.svg", sha256: "u", bytes: 3)],
                           diagnostics: []),
        ]
        for m in [Manifest(hindsight: "1", options: "o", shard: Shard("2/3"), inputs: entries),
                  Manifest(hindsight: "1", options: "o", shard: nil, inputs: [])] {
            #expect(String(decoding: m.serialized, as: UTF8.self) == m.json.serialized(pretty: true) + "\n")
            let s = try Scratch(); defer { s.cleanup() }
            try m.write(to: s.path)
            #expect(try manifest(in: s.path) == m)
            #expect(Manifest.looksLikeManifest(s.sub(Manifest.fileName)))
        }
    }

    @Test func unwritableOutputFolderIsAnError() throws {
        let s = try Scratch(); defer { s.cleanup() }
        try s.incidents(1, in: "in")
        try s.write("file", "not a folder")
        #expect(throws: BatchError.self) { try quickBatch([s.sub("in")], to: s.sub("file/out")) }
    }

    @Test func progressStyles() {
        #expect(ProgressStyle.resolve(.auto, environment: [:], isTerminal: true) == .bar)
        #expect(ProgressStyle.resolve(.auto, environment: ["CI": "true"], isTerminal: true) == .lines)
        #expect(ProgressStyle.resolve(.auto, environment: [:], isTerminal: false) == .lines)
        #expect(ProgressStyle.resolve(.always, environment: ["CI": "1"], isTerminal: false) == .bar)
        #expect(ProgressStyle.resolve(.never, environment: [:], isTerminal: true) == ProgressStyle.none)
        #expect(ProgressReporter.clock(75) == "1:15" && ProgressReporter.clock(3725) == "1:02:05")
    }

    @Test func progressLinesInCI() {
        var lines: [String] = []
        let p = ProgressReporter(style: .lines, total: 20) { lines.append($0) }
        p.settled(5, failed: 1)
        p.startRendering()
        for i in 0..<15 { p.rendered(failed: i == 3) }
        #expect(lines.first?.hasPrefix("hindsight batch: 5/20 (25%), 1 failed") == true)
        #expect(lines.last?.hasPrefix("hindsight batch: 20/20 (100%), 2 failed") == true)
        #expect(lines.count <= 10 && lines.allSatisfy { $0.hasSuffix("\n") && !$0.contains("\r") })
    }

    @Test func unsafeRendererNamesAreRefused() {
        for bad in ["../x.png", "/etc/x", "a/../../x", "", "a//b", "./x"] { #expect(!JobRunner.isSafeName(bad), "\(bad)") }
        for good in ["x.png", "a/b/x-timeline.svg", "x..y.png"] { #expect(JobRunner.isSafeName(good), "\(good)") }
    }
}
