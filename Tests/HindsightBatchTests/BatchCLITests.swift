import Foundation
@testable import HindsightBatch
import HindsightModel
import HindsightTestSupport
import Testing

/// `hindsight batch` end to end, through the built binary: worker processes, exit codes,
/// diagnostics formats, crash isolation, kills.
@Suite(.serialized) struct BatchCLITests {
    let quick = ["--figure", "timeline", "--format", "svg", "--progress", "never"]

    /// Workers get what to render as one typed value, the first line on their standard input,
    /// not as re-serialised flags: a worker started bare (`batch --worker`) renders with the
    /// options of that line, and so with the batch's (the same hash as its manifest).
    @Test func workersReadTheirOptionsAsOneJSONValue() throws {
        let s = try Scratch(); defer { s.cleanup() }
        try s.incidents(1, in: "in")
        let flags = ["--figure", "card,impact", "--image-format", "svg", "--theme", "dark", "--scale", "1.5", "--width", "900",
                     "--report", "md", "--style", "playful", "--progress", "never"]
        let batch = try CLI.run(["batch", "in", "-o", "out"] + flags, cwd: s.path)
        #expect(batch.status == 0, "\(batch.stderr)")
        let hash = try manifest(in: s.sub("out")).options
        let options = """
            {"figures": {"figures": ["impact", "card"], "formats": ["svg"], "themes": ["dark"], "scale": 1.5, "width": 900},
             "reports": ["md"], "template": "alx", "style": "playful", "page": "a4"}
            """.replacingOccurrences(of: "\n", with: "")
        func hello(_ line: String) throws -> (status: Int32, options: String?, stderr: String) {
            let r = try CLI.run(["batch", "--worker"], cwd: s.path, stdin: Data((line + "\n").utf8))
            let object = try? JSONSerialization.jsonObject(with: Data(r.stdout.split(separator: "\n").first.map(String.init)?.utf8 ?? "".utf8)) as? [String: Any]
            return (r.status, object?["options"] as? String, r.stderr)
        }
        let same = try hello(options)
        #expect(same.status == 0, "\(same.stderr)")
        #expect(same.options == hash)
        let other = try hello(options.replacingOccurrences(of: "\"playful\"", with: "\"plain\""))
        #expect(other.options != nil && other.options != hash)
        // A value that is not the options: no hello, exit 2, said on standard error.
        let bad = try hello(#"{"figures": {"figures": ["tmeline"]}}"#)
        #expect(bad.status == 2 && bad.options == nil)
        #expect(bad.stderr.contains("unusable options"), "\(bad.stderr)")
        let none = try CLI.run(["batch", "--worker"], cwd: s.path)
        #expect(none.status == 2 && none.stderr.contains("before the options line"), "\(none.stderr)")
    }

    @Test func goodBadAndHostileInputsExitOneAndNameEveryFailure() throws {
        let s = try Scratch(); defer { s.cleanup() }
        try s.incidents(3, in: "in/a")
        try s.write("in/b/percent-range.yaml", try Fixtures.text("bad/percent-range.yaml"))
        try s.write("in/b/syntax.json", "{\"title\": ")
        try s.write("in/b/binary.yml", [0, 1, 2, 3])
        try FileManager.default.createSymbolicLink(atPath: s.sub("in/b/escape.yaml"), withDestinationPath: "/etc/passwd")
        try FileManager.default.createSymbolicLink(atPath: s.sub("in/b/loop"), withDestinationPath: "..")

        let text = try CLI.run(["batch", "in", "-o", "out"] + quick, cwd: s.path)
        #expect(text.status == 1, "\(text.stderr)")
        for bad in ["in/b/percent-range.yaml:9:27: error:", "in/b/syntax.json:1:", "in/b/binary.yml:1:", "in/b/escape.yaml:1:1: error:"] {
            #expect(text.stderr.contains(bad), "\(bad) not in\n\(text.stderr)")
        }
        #expect(text.stderr.contains("7 inputs: 3 rendered, 0 unchanged, 4 failed"), "\(text.stderr)")
        #expect(s.files(under: "out") == ["a/incident-0-timeline.svg", "a/incident-1-timeline.svg", "a/incident-2-timeline.svg", "manifest.json"])
        let m = try manifest(in: s.sub("out"))
        #expect(m.failed.map(\.path) == ["b/binary.yml", "b/escape.yaml", "b/percent-range.yaml", "b/syntax.json"])

        let json = try CLI.run(["batch", "in", "-o", "out", "--diagnostics", "json"] + quick, cwd: s.path)
        #expect(json.status == 1)
        let object = try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any]
        let diags = try #require(object?["diagnostics"] as? [[String: Any]])
        #expect(Set(diags.map { $0["file"] as? String }) == ["in/b/binary.yml", "in/b/escape.yaml", "in/b/percent-range.yaml", "in/b/syntax.json"])
        #expect(json.stderr.contains("3 unchanged"))

        let github = try CLI.run(["batch", "in", "-o", "out", "--diagnostics", "github"] + quick, cwd: s.path)
        #expect(github.status == 1)
        #expect(github.stdout.contains("::error file=in/b/percent-range.yaml,line=9,col=27,"))

        // `--format github`, as `check` spells it, is the diagnostics format too.
        let asFormat = try CLI.run(["batch", "in", "-o", "out", "--figure", "timeline", "--format", "svg", "--format", "github", "--progress", "never"], cwd: s.path)
        #expect(asFormat.status == 1)
        #expect(asFormat.stdout.contains("::error file=in/b/percent-range.yaml,line=9,col=27,"))
        let usage = try CLI.run(["batch", "in", "-o", "out", "--format", "gif"], cwd: s.path)
        #expect(usage.status == 2 && usage.stderr.contains("png, svg, pdf"))
        #expect(try CLI.run(["batch", "missing", "-o", "out"], cwd: s.path).status == 2)
        #expect(try CLI.run(["batch", "in", "-o", "out", "--shard", "3/2"], cwd: s.path).status == 2)
        try s.write("file", "x")
        #expect(try CLI.run(["batch", "in", "-o", "file/out"] + quick, cwd: s.path).status == 3)
    }

    @Test func reportsBesideTheFigures() throws {
        let s = try Scratch(); defer { s.cleanup() }
        try s.incidents(2, in: "in")
        let r = try CLI.run(["batch", "in", "-o", "out", "--figure", "timeline", "--format", "svg", "--report", "md,html", "--progress", "never"], cwd: s.path)
        #expect(r.status == 0, "\(r.stderr)")
        let files = s.files(under: "out")
        for i in 0..<2 {
            for name in ["incident-\(i).md", "incident-\(i).html", "incident-\(i)-timeline.svg", "incident-\(i)-timeline.png", "incident-\(i)-impact-dark.png"] {
                #expect(files.contains(name), "\(name) not in \(files)")
            }
        }
        // Each file once in the manifest, even where the figures and the report share it.
        let outputs = try manifest(in: s.sub("out")).inputs.flatMap { $0.outputs.map(\.path) }
        #expect(Set(outputs).count == outputs.count)
        let md = try String(contentsOfFile: s.sub("out/incident-0.md"), encoding: .utf8)
        #expect(md.contains("## Timeline") || md.contains("Timeline"))
        let again = try CLI.run(["batch", "in", "-o", "out", "--figure", "timeline", "--format", "svg", "--report", "md,html", "--progress", "never"], cwd: s.path)
        #expect(again.stderr.contains("2 unchanged"), "\(again.stderr)")
    }

    @Test func aCrashingInputFailsAloneAndTheWorkerIsReplaced() throws {
        let s = try Scratch(); defer { s.cleanup() }
        try s.incidents(8, in: "in")
        let r = try CLI.run(["batch", "in", "-o", "out", "--jobs", "2"] + quick, cwd: s.path,
                            env: [BatchWorker.testCrashVariable: "incident-3"])
        #expect(r.status == 1)
        #expect(r.stderr.contains("in/incident-3.yaml:1:1: error: the renderer crashed on this input (worker process killed by signal 11 (SIGSEGV))"), "\(r.stderr)")
        #expect(r.stderr.contains("[render-crash]"))
        let m = try manifest(in: s.sub("out"))
        #expect(m.failed.map(\.path) == ["incident-3.yaml"])
        #expect(m.inputs.filter { $0.status == .rendered }.count == 7)
        // The next run (no crash) renders only that one.
        let again = try CLI.run(["batch", "in", "-o", "out"] + quick, cwd: s.path)
        #expect(again.status == 0 && again.stderr.contains("1 rendered, 7 unchanged, 0 failed"), "\(again.stderr)")
    }

    @Test func threadsAndProcessesWriteTheSameBytes() throws {
        let s = try Scratch(); defer { s.cleanup() }
        try s.incidents(4, in: "in")
        let args = ["--figure", "all", "--format", "png,svg", "--theme", "light,dark", "--progress", "never"]
        #expect(try CLI.run(["batch", "in", "-o", "p"] + args, cwd: s.path).status == 0)
        #expect(try CLI.run(["batch", "in", "-o", "t", "--isolation", "thread", "--jobs", "1"] + args, cwd: s.path).status == 0)
        #expect(try Data(contentsOf: s.url.appendingPathComponent("p/manifest.json")) == Data(contentsOf: s.url.appendingPathComponent("t/manifest.json")))
        #expect(s.files(under: "p").count == 4 * 3 * 2 * 2 + 1)
    }

    /// SIGKILL the coordinator halfway: every file in the output is whole, no temporary file is
    /// left, and the next run finishes the job.
    @Test func killedHalfwayLeavesOnlyCompleteFiles() throws {
        let s = try Scratch(); defer { s.cleanup() }
        try s.incidents(40, in: "in")
        let args = ["--figure", "all", "--format", "png,svg", "--progress", "never", "--jobs", "2"]
        let started = try CLI.start(["batch", "in", "-o", "out"] + args, cwd: s.path)
        let deadline = Date().addingTimeInterval(120)
        while s.files(under: "out").filter({ $0.hasSuffix(".png") }).count < 6 && Date() < deadline { usleep(20_000) }
        kill(started.process.processIdentifier, SIGKILL)
        let killed = CLI.wait(started)
        #expect(killed.signaled && killed.status == SIGKILL)
        // The workers finish the input in hand, see their input close, and exit.
        var previous: [String] = []
        for _ in 0..<100 {
            usleep(200_000)
            let now = s.files(under: "out")
            if now == previous { break }
            previous = now
        }
        let files = s.files(under: "out")
        #expect(files.count < 40 * 6, "the batch was not killed halfway")
        #expect(files.allSatisfy { !$0.contains(".tmp-") && !($0 as NSString).lastPathComponent.hasPrefix(".") }, "\(files)")
        for f in files {
            let bytes = try [UInt8](Data(contentsOf: s.url.appendingPathComponent("out/" + f)))
            if f.hasSuffix(".png") { #expect(bytes.suffix(8) == [0x49, 0x45, 0x4E, 0x44, 0xAE, 0x42, 0x60, 0x82], "\(f) is truncated") }
            if f.hasSuffix(".svg") { #expect(String(decoding: bytes, as: UTF8.self).hasSuffix("</svg>\n"), "\(f) is truncated") }
        }
        let resumed = try CLI.run(["batch", "in", "-o", "out"] + args, cwd: s.path)
        #expect(resumed.status == 0, "\(resumed.stderr)")
        #expect(s.files(under: "out").count == 40 * 6 + 1)
    }

    /// Ctrl-C (SIGINT): the inputs in hand finish, the manifest lists what is done, and the
    /// process ends by the signal.
    @Test func interruptedBatchWritesItsManifestAndEndsByTheSignal() throws {
        let s = try Scratch(); defer { s.cleanup() }
        try s.incidents(40, in: "in")
        let args = ["--figure", "all", "--format", "png,svg", "--progress", "never", "--jobs", "2"]
        let started = try CLI.start(["batch", "in", "-o", "out"] + args, cwd: s.path)
        let deadline = Date().addingTimeInterval(120)
        while s.files(under: "out").filter({ $0.hasSuffix(".png") }).count < 6 && Date() < deadline { usleep(20_000) }
        kill(started.process.processIdentifier, SIGINT)
        let r = CLI.wait(started)
        #expect(r.signaled && r.status == SIGINT, "\(r.stderr)")
        #expect(r.stderr.contains("stopping (signal \(SIGINT))"))
        let m = try manifest(in: s.sub("out"))
        #expect(m.inputs.count > 0 && m.inputs.count < 40)
        #expect(m.inputs.allSatisfy { $0.status == .rendered })
        let files = s.files(under: "out")
        #expect(files.count == m.inputs.count * 6 + 1, "only whole inputs: \(files.count) files for \(m.inputs.count) inputs")
        let resumed = try CLI.run(["batch", "in", "-o", "out"] + args, cwd: s.path)
        #expect(resumed.stderr.contains("\(40 - m.inputs.count) rendered, \(m.inputs.count) unchanged"), "\(resumed.stderr)")
    }

    /// A worker asked to stop (SIGTERM) finishes its input and exits; that is not a crash: the
    /// input it would have rendered next goes to a new worker and nothing fails.
    @Test func aWorkerStoppedPolitelyIsReplacedWithoutBlame() throws {
        let s = try Scratch(); defer { s.cleanup() }
        try s.incidents(24, in: "in")
        let started = try CLI.start(["batch", "in", "-o", "out", "--jobs", "2", "--figure", "all", "--progress", "never"], cwd: s.path)
        let deadline = Date().addingTimeInterval(120)
        var workers: [pid_t] = []
        while workers.isEmpty && Date() < deadline {
            usleep(50_000)
            if s.files(under: "out").count >= 4 { workers = children(of: started.process.processIdentifier) }
        }
        #expect(!workers.isEmpty)
        for w in workers { kill(w, SIGTERM) }
        let r = CLI.wait(started)
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stderr.contains("24 inputs: 24 rendered, 0 unchanged, 0 failed"), "\(r.stderr)")
    }

    /// Process ids whose parent is `pid` (from /proc).
    func children(of pid: pid_t) -> [pid_t] {
        ((try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []).compactMap { name -> pid_t? in
            guard let child = pid_t(name), let stat = try? String(contentsOfFile: "/proc/\(name)/stat", encoding: .utf8),
                  let close = stat.lastIndex(of: ")") else { return nil }
            let fields = stat[stat.index(after: close)...].split(separator: " ")
            return fields.count > 2 && pid_t(fields[1]) == pid ? child : nil
        }
    }

    @Test func shardsViaTheCommandLineMergeIntoOneRun() throws {
        let s = try Scratch(); defer { s.cleanup() }
        try s.incidents(9, in: "in/x")
        try s.incidents(3, in: "in/y", seed: 50)
        // (A missing field is drawn as unknown; a structural error still fails the input.)
        try s.write("in/y/bad.yaml", try Fixtures.text("bad/kind-unknown.yaml"))
        #expect(try CLI.run(["batch", "in", "-o", "whole"] + quick, cwd: s.path).status == 1)
        var covered: [String] = []
        for i in 1...3 {
            _ = try CLI.run(["batch", "in", "-o", "shards/\(i)", "--shard", "\(i)/3"] + quick, cwd: s.path)
            covered += try manifest(in: s.sub("shards/\(i)")).inputs.map(\.path)
        }
        #expect(covered.sorted() == (try manifest(in: s.sub("whole"))).inputs.map(\.path))
        let merged = try CLI.run(["batch", "--merge-manifests", "shards/1/manifest.json", "shards/2", "shards/3/manifest.json", "-o", "site"], cwd: s.path)
        #expect(merged.status == 1, "the bad input is still a failure")
        #expect(merged.stderr.contains("in/y/bad.yaml:"))
        #expect(try Data(contentsOf: s.url.appendingPathComponent("site/manifest.json")) == Data(contentsOf: s.url.appendingPathComponent("whole/manifest.json")))
        #expect(s.files(under: "site") == s.files(under: "whole"))
        let missing = try CLI.run(["batch", "--merge-manifests", "shards/1", "shards/2", "-o", "site2"], cwd: s.path)
        #expect(missing.status == 2 && missing.stderr.contains("missing shard 3/3"))
    }

    /// Nothing is ever written outside the output folder, whatever the inputs' names and links,
    /// and an output folder inside the input folder is not read back as input.
    @Test func nothingEscapesTheOutputFolder() throws {
        let s = try Scratch(); defer { s.cleanup() }
        try s.incidents(2, in: "repo/docs/incidents")
        try s.write("repo/weird name with spaces & ünïcode.yaml", IncidentGenerator.yaml(seed: 7))
        try s.write("repo/a..b.yaml", IncidentGenerator.yaml(seed: 8))
        try FileManager.default.createSymbolicLink(atPath: s.sub("repo/up"), withDestinationPath: "..")
        try FileManager.default.createSymbolicLink(atPath: s.sub("repo/docs/self"), withDestinationPath: "../docs")
        let before = s.files(under: ".")
        let r = try CLI.run(["batch", "repo/docs/../", "-o", "repo/site"] + quick, cwd: s.path)
        #expect(r.status == 0, "\(r.stderr)")
        let written = Set(s.files(under: ".")).subtracting(before)
        #expect(written.allSatisfy { $0.hasPrefix("repo/site/") }, "\(written)")
        #expect(written == ["repo/site/a..b-timeline.svg", "repo/site/docs/incidents/incident-0-timeline.svg",
                            "repo/site/docs/incidents/incident-1-timeline.svg", "repo/site/manifest.json",
                            "repo/site/weird name with spaces & ünïcode-timeline.svg"])
        let again = try CLI.run(["batch", "repo", "-o", "repo/site"] + quick, cwd: s.path)
        #expect(again.stderr.contains("4 inputs:"), "the output folder is not an input: \(again.stderr)")
    }
}
