import Foundation
import HindsightTestSupport
@testable import HindsightWatch
import Testing

// Routing is a plain function, tested here without sockets; the server over a real socket
// (loopback, Host check, reload events pushed on a save, an oversized head refused) is tested
// through the binary in WatchCLITests, and its start and stop here.

@Suite struct PreviewHandlerTests {
    func request(_ path: String, host: String? = "127.0.0.1:8017", method: HTTPMethod = .get) -> HTTPRequest {
        HTTPRequest(method: method, path: path, headers: host.map { ["Host": $0] } ?? [:])
    }

    @Test func refusesHostsOtherThanTheLoopback() throws {
        let dir = try Scratch(); defer { dir.cleanup() }
        let handler = PreviewHandler(root: dir.path, title: "t", hub: PreviewHub())
        for host in ["127.0.0.1:8017", "localhost:8017", "LOCALHOST", "[::1]:8017"] {
            #expect(handler.respond(to: request("/", host: host)).status == .ok, "\(host)")
        }
        // DNS rebinding: another site's name resolving to 127.0.0.1 must not read the files.
        for host in ["evil.example", "evil.example:8017", "127.0.0.1.evil.example:8017", "localhost:80x", "", nil] as [String?] {
            let response = handler.respond(to: request("/", host: host))
            #expect(response.status == .misdirectedRequest, "\(host ?? "no Host")")
        }
    }

    @Test func servesOutputFilesAndNothingOutside() throws {
        let dir = try Scratch(); defer { dir.cleanup() }
        try FileManager.default.createDirectory(atPath: dir.file("out"), withIntermediateDirectories: true)
        try dir.write("PNG", to: "out/a-card.png")
        try dir.write("secret", to: "secret.txt")
        try dir.write("hidden", to: "out/.hidden")
        try FileManager.default.createSymbolicLink(atPath: dir.file("out/link.txt"), withDestinationPath: dir.file("secret.txt"))
        let handler = PreviewHandler(root: dir.file("out"), title: "t", hub: PreviewHub())

        let ok = handler.respond(to: request("/files/a-card.png"))
        #expect(ok.status == .ok)
        #expect(ok.header("content-type") == "image/png")
        #expect(ok.header("X-Content-Type-Options") == "nosniff")
        #expect(ok.bodyBytes == Array("PNG".utf8))

        for path in ["/files/../secret.txt", "/files/%2e%2e/secret.txt", "/files/..%2fsecret.txt", "/files/link.txt",
                     "/files/.hidden", "/files/", "/files//etc/passwd", "/files/missing.png", "/secret.txt"] {
            let response = handler.respond(to: HTTPRequest.parse(head: Array("GET \(path) HTTP/1.1\r\nHost: localhost".utf8))!)
            #expect(response.status == .notFound, "\(path)")
            #expect(response.bodyBytes != Array("secret".utf8))
        }
        #expect(PreviewHandler.resolve("../secret.txt", in: dir.file("out")) == nil)
        #expect(PreviewHandler.resolve("a-card.png", in: dir.file("out")) != nil)
    }

    @Test func isReadOnly() throws {
        let dir = try Scratch(); defer { dir.cleanup() }
        let handler = PreviewHandler(root: dir.path, title: "t", hub: PreviewHub())
        #expect(handler.respond(to: request("/", method: .other("POST"))).status == .methodNotAllowed)
        #expect(handler.respond(to: request("/files/x", method: .other("PUT"))).status == .methodNotAllowed)
    }

    @Test func eventsAreAStreamAndTheHubPushesNewVersions() throws {
        let dir = try Scratch(); defer { dir.cleanup() }
        let hub = PreviewHub()
        let handler = PreviewHandler(root: dir.path, title: "t", hub: hub)
        let response = handler.respond(to: request("/events"))
        #expect(response.status == .ok && response.body == .events)
        #expect(response.header("Content-Type") == "text/event-stream" && response.header("Cache-Control") == "no-store")
        #expect(!String(decoding: response.head(), as: UTF8.self).contains("Content-Length"))

        hub.publish(files: ["a.svg"], problems: [], forceReload: false)
        let channel = hub.subscribe()
        #expect(hub.listeners == 1)
        #expect(channel.next(waitingAtMost: 5) == .chunk(Array("retry: 500\n\nevent: version\ndata: 1\n\n".utf8)))
        #expect(channel.next(waitingAtMost: 0.01) == .idle)
        hub.publish(files: ["a.svg"], problems: [], forceReload: false)   // nothing changed: no event
        #expect(channel.next(waitingAtMost: 0.01) == .idle)
        hub.publish(files: ["a.svg"], problems: [], forceReload: true)
        #expect(channel.next(waitingAtMost: 5) == .chunk(PreviewPage.event(version: 2)))
        hub.unsubscribe(channel)
        #expect(hub.listeners == 0 && channel.next(waitingAtMost: 5) == .closed)
    }

    @Test func parsesRequestHeadsAndRefusesMalformedOnes() throws {
        func parse(_ text: String) -> HTTPRequest? { HTTPRequest.parse(head: Array(text.utf8)) }
        let request = try #require(parse("HEAD /files/a%20%3Cb%3E.md?v=3 HTTP/1.1\r\nHOST:  localhost:8017 \r\nAccept: */*"))
        #expect(request.method == .head && request.path == "/files/a <b>.md")
        #expect(request.host == "localhost:8017" && request.headers["accept"] == "*/*")
        #expect(parse("DELETE / HTTP/1.0")?.method == .other("DELETE"))
        for bad in ["", "GET /", "GET / HTTP/2", "GET  / HTTP/1.1", "get / HTTP/1.1", "GET http://x/ HTTP/1.1",
                    "GET /%zz HTTP/1.1", "GET / HTTP/1.1\r\nno colon", "GET / HTTP/1.1\r\nA: b\r\n folded",
                    "GET / HTTP/1.1\r\n: empty", "GET / HTTP/1.1\r\nHost: localhost\nX: y", "GET / HTTP/1.1\r\nHost: local\rhost", "GET / HTTP/1.1\r\nHost: localhost\r\nHost: evil.example"] {
            #expect(parse(bad) == nil, "\(bad)")
        }
    }

    @Test func aResponseHeadClosesTheConnectionAndCountsItsBody() throws {
        let dir = try Scratch(); defer { dir.cleanup() }
        let handler = PreviewHandler(root: dir.path, title: "t", hub: PreviewHub())
        let response = handler.respond(to: request("/missing"))
        let head = String(decoding: response.head(), as: UTF8.self)
        #expect(head.hasPrefix("HTTP/1.1 404 Not Found\r\n"))
        #expect(head.contains("\r\nContent-Length: 10\r\n") && response.bodyBytes == Array("not found\n".utf8))
        #expect(head.hasSuffix("\r\nConnection: close\r\n\r\n"))
        #expect(head.contains("Content-Security-Policy: default-src 'none'"))
        #expect(handler.respond(to: request("/", method: .head)).status == .ok)
    }

    @Test func thePageShowsFiguresLinksAndProblems() {
        let state = PreviewState(version: 3, files: ["a-card.png", "a-card.svg", "a-impact.svg", "a.pdf", "a <b>.md"],
                                 problems: ["a.yaml:3:7: error: <bad>"])
        let html = PreviewPage.html(state, title: "Preview & co")
        #expect(html.contains("<img src=\"files/a-card.png?v=3\""))
        #expect(!html.contains("<img src=\"files/a-card.svg"))   // the PNG stands for it
        #expect(html.contains("<img src=\"files/a-impact.svg?v=3\""))
        #expect(html.contains("<a href=\"files/a.pdf\">a.pdf</a>"))
        #expect(html.contains("files/a%20%3Cb%3E.md") && html.contains("a &lt;b&gt;.md"))
        #expect(html.contains("a.yaml:3:7: error: &lt;bad&gt;"))
        #expect(html.contains("<title>Preview &amp; co</title>"))
        #expect(html.contains("data-version=\"3\""))
    }
}

@Suite struct PreviewServerSocketTests {
    /// Sends `request` to 127.0.0.1:port and reads until the server closes; `whileOpen` runs
    /// once the first bytes arrived.
    func exchange(port: UInt16, _ request: String, whileOpen: () -> Void = {}) throws -> String {
        let client = try LoopbackClient(port: port)
        client.send(request)
        return client.read(onFirstBytes: whileOpen)
    }

    @Test func answersOnTheLoopbackAndStopEndsAnOpenEventStream() throws {
        let dir = try Scratch(); defer { dir.cleanup() }
        try dir.write("<svg/>", to: "a.svg")
        let server = try PreviewServer(root: dir.path, port: 0, title: "t")
        try server.start()
        #expect(server.port != 0 && server.url == "http://127.0.0.1:\(server.port)/")
        let file = try exchange(port: server.port, "GET /files/a.svg HTTP/1.1\r\nHost: localhost\r\n\r\n")
        #expect(file.hasPrefix("HTTP/1.1 200 OK\r\n") && file.hasSuffix("\r\n\r\n<svg/>"), "\(file)")
        #expect(file.contains("Content-Type: image/svg+xml\r\n"))
        // A second server cannot take the same port.
        #expect(throws: PreviewServerError.self) { try PreviewServer(root: dir.path, port: server.port, title: "t").start() }

        let events = try exchange(port: server.port, "GET /events HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n") { server.stop() }
        #expect(events.hasPrefix("HTTP/1.1 200 OK\r\n") && events.contains("text/event-stream"), "\(events)")
        #expect(server.hub.listeners == 0)
    }
}
