import FlyingFox
import Foundation
@testable import HindsightWatch
import Testing

// The server over a real socket (loopback, Host check, reload events pushed on a save) is
// tested through the binary in WatchCLITests: in this process it would share Swift
// concurrency's two threads with every other test of the suite.

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
