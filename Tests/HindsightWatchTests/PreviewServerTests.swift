import FlyingFox
import Foundation
@testable import HindsightWatch
import Testing

@Suite struct PreviewHandlerTests {
    func request(_ path: String, host: String? = "127.0.0.1:8017", method: HTTPMethod = .GET) -> HTTPRequest {
        var headers = HTTPHeaders()
        if let host { headers[.host] = host }
        return HTTPRequest(method: method, version: .http11, path: path, query: [], headers: headers, body: HTTPBodySequence(data: Data()))
    }

    @Test func refusesHostsOtherThanTheLoopback() async throws {
        let dir = try Scratch(); defer { dir.cleanup() }
        let handler = PreviewHandler(root: dir.path, title: "t", hub: PreviewHub())
        for host in ["127.0.0.1:8017", "localhost:8017", "LOCALHOST", "[::1]:8017"] {
            #expect(try await handler.handleRequest(request("/", host: host)).statusCode == .ok, "\(host)")
        }
        // DNS rebinding: another site's name resolving to 127.0.0.1 must not read the files.
        for host in ["evil.example", "evil.example:8017", "127.0.0.1.evil.example:8017", "localhost:80x", "", nil] as [String?] {
            let response = try await handler.handleRequest(request("/", host: host))
            #expect(response.statusCode == .misdirectedRequest, "\(host ?? "no Host")")
        }
    }

    @Test func servesOutputFilesAndNothingOutside() async throws {
        let dir = try Scratch(); defer { dir.cleanup() }
        try FileManager.default.createDirectory(atPath: dir.file("out"), withIntermediateDirectories: true)
        try dir.write("PNG", to: "out/a-card.png")
        try dir.write("secret", to: "secret.txt")
        try dir.write("hidden", to: "out/.hidden")
        try FileManager.default.createSymbolicLink(atPath: dir.file("out/link.txt"), withDestinationPath: dir.file("secret.txt"))
        let handler = PreviewHandler(root: dir.file("out"), title: "t", hub: PreviewHub())

        let ok = try await handler.handleRequest(request("/files/a-card.png"))
        #expect(ok.statusCode == .ok)
        #expect(ok.headers[.contentType] == "image/png")
        #expect(try await ok.bodyData == Data("PNG".utf8))

        for path in ["/files/../secret.txt", "/files/%2e%2e/secret.txt", "/files/..%2fsecret.txt", "/files/link.txt",
                     "/files/.hidden", "/files/", "/files//etc/passwd", "/files/missing.png", "/secret.txt"] {
            let response = try await handler.handleRequest(request(path))
            #expect(response.statusCode == .notFound, "\(path)")
            #expect(try await response.bodyData != Data("secret".utf8))
        }
        #expect(PreviewHandler.resolve("../secret.txt", in: dir.file("out")) == nil)
        #expect(PreviewHandler.resolve("a-card.png", in: dir.file("out")) != nil)
    }

    @Test func isReadOnly() async throws {
        let dir = try Scratch(); defer { dir.cleanup() }
        let handler = PreviewHandler(root: dir.path, title: "t", hub: PreviewHub())
        #expect(try await handler.handleRequest(request("/", method: .POST)).statusCode == .methodNotAllowed)
        #expect(try await handler.handleRequest(request("/files/x", method: .PUT)).statusCode == .methodNotAllowed)
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

/// The server over a real socket: loopback only, Host checked, events pushed.
@Suite struct PreviewServerTests {
    /// A blocking loopback client: sends `request`, reads until `until` appears (or 10 s pass).
    final class Client {
        let fd: Int32
        init(port: UInt16) throws {
            fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
            var tv = timeval(tv_sec: 10, tv_usec: 0)
            setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, socklen_t(MemoryLayout<timeval>.size))
            var addr = sockaddr_in()
            addr.sin_family = sa_family_t(AF_INET)
            addr.sin_port = port.bigEndian
            addr.sin_addr.s_addr = inet_addr("127.0.0.1")
            let r = withUnsafePointer(to: &addr) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) } }
            guard r == 0 else { close(fd); throw POSIXError(.ECONNREFUSED) }
        }
        deinit { close(fd) }

        func send(_ text: String) {
            let bytes = Array(text.utf8)
            _ = bytes.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
        }

        var received = ""
        func read(until marker: String) -> String {
            var buffer = [UInt8](repeating: 0, count: 4096)
            while !received.contains(marker) {
                let n = recv(fd, &buffer, buffer.count, 0)
                if n <= 0 { break }
                received += String(decoding: buffer[0..<n], as: UTF8.self)
            }
            return received
        }
    }

    @Test func refusesAForeignHostAndPushesReloads() throws {
        let dir = try Scratch(); defer { dir.cleanup() }
        let server = try PreviewServer(root: dir.path, port: 0, title: "t")
        try server.start()
        defer { server.stop() }
        #expect(server.port != 0)

        let foreign = try Client(port: server.port)
        foreign.send("GET / HTTP/1.1\r\nHost: attacker.example:\(server.port)\r\nConnection: close\r\n\r\n")
        #expect(foreign.read(until: "\r\n\r\n").hasPrefix("HTTP/1.1 421"))

        let page = try Client(port: server.port)
        page.send("GET / HTTP/1.1\r\nHost: localhost:\(server.port)\r\nConnection: close\r\n\r\n")
        #expect(page.read(until: "</html>").hasPrefix("HTTP/1.1 200"))

        let events = try Client(port: server.port)
        events.send("GET /events HTTP/1.1\r\nHost: 127.0.0.1:\(server.port)\r\n\r\n")
        #expect(events.read(until: "data: 0\n\n").contains("text/event-stream"))
        server.hub.publish(files: ["a-card.png"], problems: [], forceReload: false)
        #expect(events.read(until: "data: 1\n\n").contains("event: version\ndata: 1\n\n"))
        #expect(server.hub.current.files == ["a-card.png"])
    }
}
