import Foundation
import Testing

/// `hindsight watch` through the binary: it renders, sees a save, rewrites the figure, keeps it
/// on a broken save, and leaves with 0 on SIGINT. Every wait is for an event, up to 10 s.
@Suite(.serialized) struct WatchCLITests {
    let example = CLI.packageRoot.appendingPathComponent("assets/examples/email-outage.yaml")

    /// Polls `condition` every 20 ms for up to `seconds`.
    func waitFor(_ seconds: Double = 10, _ condition: () -> Bool) -> Bool {
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline {
            if condition() { return true }
            usleep(20_000)
        }
        return condition()
    }

    /// Saves `text` as editors do: a new file renamed over the old one.
    func save(_ text: String, to url: URL) throws {
        let tmp = url.deletingLastPathComponent().appendingPathComponent(".\(url.lastPathComponent).swp")
        try Data(text.utf8).write(to: tmp)
        #expect(rename(tmp.path, url.path) == 0)
    }

    @Test func rerendersOnSaveKeepsTheLastGoodFigureAndStopsCleanly() throws {
        let dir = try CLI.tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        let input = dir.appendingPathComponent("incident.yaml")
        let original = try String(contentsOf: example, encoding: .utf8)
        try Data(original.utf8).write(to: input)
        let png = dir.appendingPathComponent("out/incident-card.png")

        let p = Process()
        p.executableURL = CLI.binary
        p.arguments = ["watch", "incident.yaml", "-o", "out", "--figure", "card", "--image-format", "png"]
        p.currentDirectoryURL = dir
        let log = dir.appendingPathComponent("watch.log")
        FileManager.default.createFile(atPath: log.path, contents: nil)
        let logHandle = try FileHandle(forWritingTo: log)
        p.standardOutput = logHandle
        p.standardError = logHandle
        try p.run()
        defer { if p.isRunning { kill(p.processIdentifier, SIGKILL) } }
        func output() -> String { (try? String(contentsOf: log, encoding: .utf8)) ?? "" }

        #expect(waitFor { output().contains("1 written") }, "\(output())")
        let first = try Data(contentsOf: png)

        try save(original.replacingOccurrences(of: "The Day the Emails Stood Still", with: "The Day the Mail Stopped"), to: input)
        #expect(waitFor { (try? Data(contentsOf: png)).map { $0 != first } ?? false }, "\(output())")
        let second = try Data(contentsOf: png)

        // A broken save: diagnostics printed, the last good figure stays.
        try save("title: [unclosed\n", to: input)
        #expect(waitFor { output().contains("not rendered") }, "\(output())")
        #expect(output().contains("incident.yaml:2:1: error: YAML syntax"), "\(output())")
        #expect(try Data(contentsOf: png) == second)

        kill(p.processIdentifier, SIGINT)
        #expect(waitFor { !p.isRunning })
        p.waitUntilExit()
        #expect(p.terminationStatus == 0, "\(output())")
        #expect(p.terminationReason == .exit)
    }

    @Test func onceRendersAndExits() throws {
        let dir = try CLI.tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        try FileManager.default.copyItem(at: example, to: dir.appendingPathComponent("a.yaml"))
        let r = try CLI.run(["watch", "a.yaml", "-o", "out", "--figure", "timeline", "--image-format", "svg", "--to", "md", "--once"], cwd: dir)
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("out/a-timeline.svg") && r.stdout.contains("out/a.md"), "\(r.stdout)")
        // Again: the same bytes, nothing rewritten.
        let again = try CLI.run(["watch", "a.yaml", "-o", "out", "--figure", "timeline", "--image-format", "svg", "--to", "md", "--once"], cwd: dir)
        #expect(again.status == 0 && again.stdout.contains(" 0 written"), "\(again.stdout)")
        // The same bytes as render.
        let render = try CLI.run(["render", "a.yaml", "-o", "ref", "--figure", "timeline", "--image-format", "svg"], cwd: dir)
        #expect(render.status == 0)
        #expect(try Data(contentsOf: dir.appendingPathComponent("out/a-timeline.svg")) == Data(contentsOf: dir.appendingPathComponent("ref/a-timeline.svg")))

        try Data("title: [unclosed\n".utf8).write(to: dir.appendingPathComponent("bad.yaml"))
        let bad = try CLI.run(["watch", "bad.yaml", "-o", "out", "--once"], cwd: dir)
        #expect(bad.status == 1 && bad.stderr.contains("bad.yaml:2:1: error"), "\(bad.stderr)")
        let missing = try CLI.run(["watch", "nothere.yaml", "--once"], cwd: dir)
        #expect(missing.status == 3, "\(missing.stderr)")
        let stdin = try CLI.run(["watch", "-", "--once"], cwd: dir)
        #expect(stdin.status == 2, "\(stdin.stderr)")
    }

    @Test func aSavedThemeFileRendersAgain() throws {
        let dir = try CLI.tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        try FileManager.default.copyItem(at: example, to: dir.appendingPathComponent("a.yaml"))
        let theme = dir.appendingPathComponent("themes/brand.yaml")
        try FileManager.default.createDirectory(at: theme.deletingLastPathComponent(), withIntermediateDirectories: true)
        let brand = try String(contentsOf: CLI.fixtures.appendingPathComponent("themes/brand.yaml"), encoding: .utf8)
        try Data(brand.utf8).write(to: theme)
        let svg = dir.appendingPathComponent("out/a-card.svg")

        let p = Process()
        p.executableURL = CLI.binary
        p.arguments = ["watch", "a.yaml", "-o", "out", "--figure", "card", "--image-format", "svg", "--theme", "themes/brand.yaml"]
        p.currentDirectoryURL = dir
        let log = dir.appendingPathComponent("watch.log")
        FileManager.default.createFile(atPath: log.path, contents: nil)
        let logHandle = try FileHandle(forWritingTo: log)
        p.standardOutput = logHandle
        p.standardError = logHandle
        try p.run()
        defer { if p.isRunning { kill(p.processIdentifier, SIGKILL) } }
        func output() -> String { (try? String(contentsOf: log, encoding: .utf8)) ?? "" }
        #expect(waitFor { FileManager.default.fileExists(atPath: svg.path) }, "\(output())")
        let first = try Data(contentsOf: svg)
        #expect(String(decoding: first, as: UTF8.self).lowercased().contains("#101820"))

        try save(brand.replacingOccurrences(of: "#101820", with: "#203040"), to: theme)
        #expect(waitFor { (try? Data(contentsOf: svg)).map { String(decoding: $0, as: UTF8.self).lowercased().contains("#203040") } ?? false }, "\(output())")
        // A broken theme keeps the last good figure and says why.
        let good = try Data(contentsOf: svg)
        try save(brand.replacingOccurrences(of: "#101820", with: "not-a-colour"), to: theme)
        #expect(waitFor { output().contains("not rendered") }, "\(output())")
        #expect(output().contains("themes/brand.yaml:"), "\(output())")
        #expect(try Data(contentsOf: svg) == good)

        kill(p.processIdentifier, SIGINT)
        #expect(waitFor { !p.isRunning })
        p.waitUntilExit()
        #expect(p.terminationStatus == 0, "\(output())")
    }

    @Test func portNeedsServe() throws {
        let r = try CLI.run(["watch", example.path, "--port", "9000", "--once"])
        #expect(r.status == 2 && r.stderr.contains("add --serve"), "\(r.stderr)")
    }

    @Test func sigtermExitsCleanlyWithThePreviewRunning() throws {
        let dir = try CLI.tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        try FileManager.default.copyItem(at: example, to: dir.appendingPathComponent("a.yaml"))
        let p = Process()
        p.executableURL = CLI.binary
        p.arguments = ["watch", "a.yaml", "-o", "out", "--figure", "card", "--image-format", "png", "--serve", "--port", "0"]
        p.currentDirectoryURL = dir
        let log = dir.appendingPathComponent("watch.log")
        FileManager.default.createFile(atPath: log.path, contents: nil)
        let logHandle = try FileHandle(forWritingTo: log)
        p.standardOutput = logHandle
        p.standardError = logHandle
        try p.run()
        defer { if p.isRunning { kill(p.processIdentifier, SIGKILL) } }
        func output() -> String { (try? String(contentsOf: log, encoding: .utf8)) ?? "" }
        #expect(waitFor { output().contains("preview: http://127.0.0.1:") }, "\(output())")
        kill(p.processIdentifier, SIGTERM)
        #expect(waitFor { !p.isRunning })
        p.waitUntilExit()
        #expect(p.terminationStatus == 0 && p.terminationReason == .exit, "\(output())")
    }
}
