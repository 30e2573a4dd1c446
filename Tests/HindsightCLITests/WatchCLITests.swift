import Foundation
import HindsightTestSupport
import Testing

/// `hindsight watch` through the binary: it renders, sees a save, rewrites the figure, keeps it
/// on a broken save, and leaves with 0 on SIGINT. Every wait is for an event, up to 10 s.
@Suite(.serialized) struct WatchCLITests {
    let example = Fixtures.example

    /// Polls `condition` every 20 ms for up to `seconds`.
    func waitFor(_ seconds: Double = 10, _ condition: () -> Bool) -> Bool {
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline {
            if condition() { return true }
            usleep(20_000)
        }
        return condition()
    }

    /// Starts `hindsight ARGS` in `dir`, standard output and error both going to `dir/watch.log`;
    /// `output` reads what it has written so far.
    func startLogged(_ args: [String], in dir: URL) throws -> (Process, () -> String) {
        let p = Process()
        p.executableURL = CLI.binary
        p.arguments = args
        p.currentDirectoryURL = dir
        let log = dir.appendingPathComponent("watch.log")
        FileManager.default.createFile(atPath: log.path, contents: nil)
        let logHandle = try FileHandle(forWritingTo: log)
        p.standardOutput = logHandle
        p.standardError = logHandle
        try p.run()
        return (p, { (try? String(contentsOf: log, encoding: .utf8)) ?? "" })
    }

    /// Saves `text` as editors do: a new file renamed over the old one.
    func save(_ text: String, to url: URL) throws {
        let tmp = url.deletingLastPathComponent().appendingPathComponent(".\(url.lastPathComponent).swp")
        try Data(text.utf8).write(to: tmp)
        #expect(rename(tmp.path, url.path) == 0)
    }

    @Test func rerendersOnSaveKeepsTheLastGoodFigureAndStopsCleanly() throws {
        let dir = try Scratch.directory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let input = dir.appendingPathComponent("incident.yaml")
        let original = try String(contentsOf: example, encoding: .utf8)
        try Data(original.utf8).write(to: input)
        let png = dir.appendingPathComponent("out/incident-card.png")

        let (p, output) = try startLogged(["watch", "incident.yaml", "-o", "out", "--figure", "card", "--image-format", "png"], in: dir)
        defer { if p.isRunning { kill(p.processIdentifier, SIGKILL) } }

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
        let dir = try Scratch.directory()
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
        let dir = try Scratch.directory()
        defer { try? FileManager.default.removeItem(at: dir) }
        try FileManager.default.copyItem(at: example, to: dir.appendingPathComponent("a.yaml"))
        let theme = dir.appendingPathComponent("themes/brand.yaml")
        try FileManager.default.createDirectory(at: theme.deletingLastPathComponent(), withIntermediateDirectories: true)
        let brand = try String(contentsOf: Fixtures.root.appendingPathComponent("themes/brand.yaml"), encoding: .utf8)
        try Data(brand.utf8).write(to: theme)
        let svg = dir.appendingPathComponent("out/a-card.svg")

        let (p, output) = try startLogged(["watch", "a.yaml", "-o", "out", "--figure", "card", "--image-format", "svg", "--theme", "themes/brand.yaml"], in: dir)
        defer { if p.isRunning { kill(p.processIdentifier, SIGKILL) } }
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

    @Test func thePreviewAnswersTheLoopbackOnlyAndPushesAReloadOnSave() throws {
        let dir = try Scratch.directory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let input = dir.appendingPathComponent("a.yaml")
        let original = try String(contentsOf: example, encoding: .utf8)
        try Data(original.utf8).write(to: input)
        let (p, output) = try startLogged(["watch", "a.yaml", "-o", "out", "--figure", "card", "--image-format", "svg", "--serve", "--port", "0"], in: dir)
        defer { if p.isRunning { kill(p.processIdentifier, SIGKILL) } }
        #expect(waitFor { output().contains("preview: http://127.0.0.1:") }, "\(output())")
        let port = try #require(output().components(separatedBy: "preview: http://127.0.0.1:").dropFirst().first
            .flatMap { UInt16($0.prefix { $0.isNumber }) })

        // DNS rebinding: another site's name pointing at 127.0.0.1 is refused.
        let foreign = try LoopbackClient(port: port)
        foreign.send("GET /files/a-card.svg HTTP/1.1\r\nHost: attacker.example:\(port)\r\nConnection: close\r\n\r\n")
        #expect(foreign.read(until: "\r\n\r\n").hasPrefix("HTTP/1.1 421"), "\(foreign.text)")
        let traversal = try LoopbackClient(port: port)
        traversal.send("GET /files/../a.yaml HTTP/1.1\r\nHost: localhost:\(port)\r\nConnection: close\r\n\r\n")
        #expect(traversal.read(until: "\r\n\r\n").hasPrefix("HTTP/1.1 404"), "\(traversal.text)")
        let page = try LoopbackClient(port: port)
        page.send("GET / HTTP/1.1\r\nHost: localhost:\(port)\r\nConnection: close\r\n\r\n")
        #expect(page.read(until: "</html>").hasPrefix("HTTP/1.1 200"), "\(page.text)")
        #expect(page.text.contains("files/a-card.svg?v=1"), "\(page.text)")
        let figure = try LoopbackClient(port: port)
        figure.send("GET /files/a-card.svg HTTP/1.1\r\nHost: 127.0.0.1:\(port)\r\nConnection: close\r\n\r\n")
        #expect(figure.read(until: "</svg>").contains("image/svg+xml"), "\(figure.text)")

        // The page's event stream: the current version, then a new one after a save.
        let events = try LoopbackClient(port: port)
        events.send("GET /events HTTP/1.1\r\nHost: 127.0.0.1:\(port)\r\n\r\n")
        #expect(events.read(until: "data: 1\n\n").contains("text/event-stream"), "\(events.text)")
        try save(original.replacingOccurrences(of: "The Day the Emails Stood Still", with: "The Day the Mail Stopped"), to: input)
        #expect(events.read(until: "data: 2\n\n").contains("event: version\ndata: 2\n\n"), "\(events.text)\n\(output())")

        // A head over 16 KiB is refused (and the answer arrives though the head was not read
        // to its end); a malformed one gets 400, a write 405, HEAD the fields only.
        let large = try LoopbackClient(port: port)
        large.send("GET / HTTP/1.1\r\nHost: localhost\r\nX-Filler: \(String(repeating: "a", count: 20_000))\r\n\r\n")
        #expect(large.read(until: "\r\n\r\n").hasPrefix("HTTP/1.1 431"), "\(large.text)")
        let malformed = try LoopbackClient(port: port)
        malformed.send("GET /files/a-card.svg HTCPCP/1.0\r\nHost: localhost\r\n\r\n")
        #expect(malformed.read(until: "\r\n\r\n").hasPrefix("HTTP/1.1 400"), "\(malformed.text)")
        let post = try LoopbackClient(port: port)
        post.send("POST /files/a-card.svg HTTP/1.1\r\nHost: localhost\r\nContent-Length: 0\r\n\r\n")
        #expect(post.read(until: "\r\n\r\n").hasPrefix("HTTP/1.1 405"), "\(post.text)")
        let head = try LoopbackClient(port: port)
        head.send("HEAD /files/a-card.svg HTTP/1.1\r\nHost: localhost\r\n\r\n")
        let headAnswer = head.read(until: "never arrives: the server closes")
        #expect(headAnswer.hasPrefix("HTTP/1.1 200") && headAnswer.hasSuffix("\r\n\r\n") && !headAnswer.contains("<svg"), "\(headAnswer)")
        // The page's stream still open: the server ends it on SIGTERM.
        kill(p.processIdentifier, SIGTERM)
        #expect(waitFor { !p.isRunning })
        p.waitUntilExit()
        #expect(p.terminationStatus == 0 && p.terminationReason == .exit, "\(output())")
        #expect(events.read(until: "never arrives: the stream ends").contains("data: 2\n\n"))
    }
}
