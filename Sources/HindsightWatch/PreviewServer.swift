import FlyingFox
import FlyingSocks
import Foundation

/// The current `PreviewState` and the event streams of the open preview pages.
public final class PreviewHub: @unchecked Sendable {
    private let lock = NSLock()
    private var state = PreviewState()
    private var streams: [UUID: AsyncStream<[UInt8]>.Continuation] = [:]

    public init() {}

    public var current: PreviewState {
        lock.lock(); defer { lock.unlock() }
        return state
    }

    /// Sets the state (the version is the hub's: one more than before when files or problems
    /// changed, or `forceReload`) and tells every open page.
    public func publish(files: [String], problems: [String], forceReload: Bool) {
        lock.lock()
        let changed = forceReload || files != state.files || problems != state.problems
        if changed { state = PreviewState(version: state.version + 1, files: files, problems: problems) }
        let event = PreviewPage.event(version: state.version)
        let targets = changed ? Array(streams.values) : []
        lock.unlock()
        for continuation in targets { continuation.yield(event) }
    }

    /// A new event stream: the current version first, then each new one, and a comment line
    /// every `keepAlive` seconds so a closed page is noticed and its stream dropped.
    func subscribe(keepAlive: Double = 10) -> AsyncStream<[UInt8]> {
        let id = UUID()
        let (stream, continuation) = AsyncStream<[UInt8]>.makeStream(bufferingPolicy: .bufferingNewest(8))
        lock.lock()
        streams[id] = continuation
        let first = PreviewPage.event(version: state.version)
        lock.unlock()
        continuation.yield(Array("retry: 500\n\n".utf8) + first)
        let ping = Task {
            while !Task.isCancelled {
                try? await Task.sleep(for: .seconds(keepAlive))
                if case .terminated = continuation.yield(Array(": keep-alive\n\n".utf8)) { break }
            }
        }
        continuation.onTermination = { [weak self] _ in
            ping.cancel()
            guard let self else { return }
            self.lock.lock(); self.streams[id] = nil; self.lock.unlock()
        }
        return stream
    }

    /// How many pages are listening.
    public var listeners: Int {
        lock.lock(); defer { lock.unlock() }
        return streams.count
    }
}

/// The preview's requests: `/` the page, `/events` its reload events, `/files/NAME` a file of
/// the output folder, read-only. Only GET and HEAD; only a `Host` naming the loopback (a page
/// of another site that resolves its own name to 127.0.0.1, DNS rebinding, is refused);
/// no file outside the output folder (no `..`, no hidden names, symbolic links resolved and
/// kept inside).
public struct PreviewHandler: HTTPHandler {
    public let root: String
    public let title: String
    public let hub: PreviewHub

    public init(root: String, title: String, hub: PreviewHub) {
        self.root = root
        self.title = title
        self.hub = hub
    }

    /// Host names a request may carry (the port is not checked: the socket is loopback-only).
    static let loopbackHosts: Set<String> = ["127.0.0.1", "localhost", "[::1]"]

    static func allowsHost(_ host: String?) -> Bool {
        guard let host = host?.lowercased(), !host.isEmpty else { return false }
        var name = Substring(host)
        if let colon = host.lastIndex(of: ":"), !host.hasSuffix("]") {
            guard host[host.index(after: colon)...].allSatisfy(\.isNumber) else { return false }
            name = host[..<colon]
        }
        return loopbackHosts.contains(String(name))
    }

    public func handleRequest(_ request: HTTPRequest) async throws -> HTTPResponse {
        guard Self.allowsHost(request.headers[.host]) else {
            return plain(.misdirectedRequest, "this preview answers only to 127.0.0.1 and localhost\n")
        }
        guard request.method == .GET || request.method == .HEAD else {
            return plain(.methodNotAllowed, "read-only\n")
        }
        if request.path == "/" || request.path.isEmpty {
            return HTTPResponse(statusCode: .ok, headers: headers("text/html; charset=utf-8"),
                                body: Data(PreviewPage.html(hub.current, title: title).utf8))
        }
        if request.path == PreviewPage.eventsPath {
            var h = headers("text/event-stream")
            h[.cacheControl] = "no-store"
            return HTTPResponse(statusCode: .ok, headers: h, body: HTTPBodySequence(from: EventBytes(stream: hub.subscribe())))
        }
        if request.path.hasPrefix(PreviewPage.filesPrefix) {
            let name = String(request.path.dropFirst(PreviewPage.filesPrefix.count))
            guard let path = Self.resolve(name, in: root) else { return plain(.notFound, "not found\n") }
            guard let data = FileManager.default.contents(atPath: path) else { return plain(.notFound, "not found\n") }
            return HTTPResponse(statusCode: .ok, headers: headers(Self.contentType(of: name)), body: data)
        }
        return plain(.notFound, "not found\n")
    }

    /// The path of `name` inside `root`, or nil when it would leave it: a component that is
    /// empty, `.`, `..` or hidden, or a symbolic link leading out, or not a regular file.
    static func resolve(_ name: String, in root: String) -> String? {
        let parts = name.split(separator: "/", omittingEmptySubsequences: false)
        guard !parts.isEmpty, parts.allSatisfy({ !$0.isEmpty && !$0.hasPrefix(".") && !$0.contains("\0") && !$0.contains("\\") }) else { return nil }
        guard let realRoot = realPath(root), let real = realPath((root as NSString).appendingPathComponent(name)) else { return nil }
        guard real.hasPrefix(realRoot.hasSuffix("/") ? realRoot : realRoot + "/") else { return nil }
        var isDir: ObjCBool = false
        guard FileManager.default.fileExists(atPath: real, isDirectory: &isDir), !isDir.boolValue else { return nil }
        return real
    }

    static func realPath(_ path: String) -> String? {
        guard let resolved = realpath(path, nil) else { return nil }
        defer { free(resolved) }
        return String(cString: resolved)
    }

    static func contentType(of name: String) -> String {
        switch (name as NSString).pathExtension.lowercased() {
        case "png": return "image/png"
        case "svg": return "image/svg+xml"
        case "pdf": return "application/pdf"
        case "html": return "text/html; charset=utf-8"
        case "json": return "application/json"
        default: return "text/plain; charset=utf-8"
        }
    }

    private func headers(_ type: String) -> HTTPHeaders {
        var h = HTTPHeaders()
        h[.contentType] = type
        h[.cacheControl] = "no-cache"
        h[HTTPHeader("X-Content-Type-Options")] = "nosniff"
        // The page's own script and style; images and the event stream from here only.
        h[HTTPHeader("Content-Security-Policy")] = "default-src 'none'; img-src 'self' data:; style-src 'unsafe-inline'; script-src 'unsafe-inline'; connect-src 'self'"
        return h
    }

    private func plain(_ status: HTTPStatusCode, _ text: String) -> HTTPResponse {
        HTTPResponse(statusCode: status, headers: headers("text/plain; charset=utf-8"), body: Data(text.utf8))
    }
}

/// An event stream as the byte sequence FlyingFox sends, chunk by chunk, as events come.
struct EventBytes: AsyncBufferedSequence, Sendable {
    typealias Element = UInt8
    let stream: AsyncStream<[UInt8]>

    func makeAsyncIterator() -> Iterator { Iterator(base: stream.makeAsyncIterator()) }

    struct Iterator: AsyncBufferedIteratorProtocol {
        var base: AsyncStream<[UInt8]>.Iterator
        var pending: [UInt8] = []

        mutating func next() async -> UInt8? {
            guard let chunk = await nextBuffer(suggested: 1) else { return nil }
            return chunk.first
        }

        mutating func nextBuffer(suggested count: Int) async -> [UInt8]? {
            while pending.isEmpty {
                guard let chunk = await base.next() else { return nil }
                pending = chunk
            }
            let n = Swift.max(1, Swift.min(count, pending.count))
            let out = Array(pending.prefix(n))
            pending.removeFirst(n)
            return out
        }
    }
}

/// Why the preview could not start (the port taken, say).
public struct PreviewServerError: Error, CustomStringConvertible {
    public let description: String
}

/// The preview's HTTP server: FlyingFox, on 127.0.0.1 only.
public final class PreviewServer: @unchecked Sendable {
    public let hub: PreviewHub
    private let server: HTTPServer
    private var task: Task<Void, any Error>?
    /// The port it listens on (the one asked for, or the one the system chose for 0).
    public private(set) var port: UInt16 = 0

    public init(root: String, port: UInt16, title: String, hub: PreviewHub = PreviewHub()) throws {
        self.hub = hub
        let address = try sockaddr_in.inet(ip4: "127.0.0.1", port: port)
        server = HTTPServer(address: address, timeout: 30, logger: .disabled,
                            handler: PreviewHandler(root: root, title: title, hub: hub))
    }

    /// Starts listening; returns once it listens (or throws why it could not). For
    /// synchronous callers outside Swift concurrency (the command's main thread): it blocks.
    public func start(timeout: Double = 10) throws {
        try Blocking.wait { try await self.listen(timeout: timeout) }.get()
    }

    /// Starts listening; returns once it listens (or throws why it could not).
    public func listen(timeout: Double = 10) async throws {
        let server = self.server
        let task = Task { try await server.run() }
        self.task = task
        do {
            try await server.waitUntilListening(timeout: timeout)
        } catch {
            // `run` failing (the port taken) is the reason worth telling.
            task.cancel()
            if case .failure(let e) = await task.result { throw PreviewServerError(description: "\(e)") }
            throw PreviewServerError(description: "\(error)")
        }
        guard case .ip4(_, let port)? = await server.listeningAddress else {
            throw PreviewServerError(description: "no listening address")
        }
        self.port = port
    }

    /// Stops the server (blocking; see `start`).
    public func stop() {
        _ = Blocking.wait { await self.close() }
    }

    public func close() async {
        await server.stop(timeout: 0.2)
        task?.cancel()
    }

    public var url: String { "http://127.0.0.1:\(port)/" }
}

/// Runs async work from synchronous code (the command's main thread) and waits for it.
enum Blocking {
    static func wait<T: Sendable>(_ work: @escaping @Sendable () async throws -> T) -> Result<T, any Error> {
        let box = ResultBox<T>()
        let done = DispatchSemaphore(value: 0)
        Task {
            do { box.result = .success(try await work()) } catch { box.result = .failure(error) }
            done.signal()
        }
        done.wait()
        return box.result!
    }

    private final class ResultBox<T>: @unchecked Sendable {
        var result: Result<T, any Error>?
    }
}
