import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// The current `PreviewState` and the event channels of the open preview pages.
public final class PreviewHub: @unchecked Sendable {
    private let lock = NSLock()
    private var state = PreviewState()
    private var channels: [ObjectIdentifier: EventChannel] = [:]

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
        let targets = changed ? Array(channels.values) : []
        lock.unlock()
        for channel in targets { channel.push(event) }
    }

    /// A new event channel holding the current version; `unsubscribe` it when its page goes.
    func subscribe() -> EventChannel {
        let channel = EventChannel()
        lock.lock()
        channels[ObjectIdentifier(channel)] = channel
        let first = PreviewPage.event(version: state.version)
        lock.unlock()
        channel.push(Array("retry: 500\n\n".utf8) + first)
        return channel
    }

    func unsubscribe(_ channel: EventChannel) {
        lock.lock(); channels[ObjectIdentifier(channel)] = nil; lock.unlock()
        channel.close()
    }

    /// How many pages are listening.
    public var listeners: Int {
        lock.lock(); defer { lock.unlock() }
        return channels.count
    }
}

/// The events waiting for one page's connection thread (the newest 8 kept), until closed.
final class EventChannel: @unchecked Sendable {
    enum Next: Equatable { case chunk([UInt8]), idle, closed }

    private let condition = NSCondition()
    private var pending: [[UInt8]] = []
    private var isClosed = false

    func push(_ chunk: [UInt8]) {
        condition.lock(); defer { condition.unlock() }
        if pending.count >= 8 { pending.removeFirst() }
        pending.append(chunk)
        condition.signal()
    }

    func close() {
        condition.lock(); defer { condition.unlock() }
        isClosed = true
        condition.broadcast()
    }

    /// The next chunk; `.idle` when none came within `seconds`; `.closed` once closed.
    func next(waitingAtMost seconds: Double) -> Next {
        let deadline = Date(timeIntervalSinceNow: seconds)
        condition.lock(); defer { condition.unlock() }
        while pending.isEmpty && !isClosed {
            if !condition.wait(until: deadline) { break }
        }
        if isClosed { return .closed }
        return pending.isEmpty ? .idle : .chunk(pending.removeFirst())
    }
}

/// The preview's requests: `/` the page, `/events` its reload events, `/files/NAME` a file of
/// the output folder, read-only. Only GET and HEAD; only a `Host` naming the loopback (a page
/// of another site that resolves its own name to 127.0.0.1, DNS rebinding, is refused);
/// no file outside the output folder (no `..`, no hidden names, symbolic links resolved and
/// kept inside).
public struct PreviewHandler: Sendable {
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

    /// The answer to `request`, without sockets; an `.events` body is streamed by the server
    /// from `hub`.
    public func respond(to request: HTTPRequest) -> HTTPResponse {
        guard Self.allowsHost(request.host) else {
            return Self.plain(.misdirectedRequest, "this preview answers only to 127.0.0.1 and localhost\n")
        }
        guard request.method == .get || request.method == .head else {
            return Self.plain(.methodNotAllowed, "read-only\n")
        }
        if request.path == "/" || request.path.isEmpty {
            return HTTPResponse(status: .ok, headers: Self.headers("text/html; charset=utf-8"),
                                body: .bytes(Array(PreviewPage.html(hub.current, title: title).utf8)))
        }
        if request.path == PreviewPage.eventsPath {
            return HTTPResponse(status: .ok, headers: Self.headers("text/event-stream", cache: "no-store"), body: .events)
        }
        if request.path.hasPrefix(PreviewPage.filesPrefix) {
            let name = String(request.path.dropFirst(PreviewPage.filesPrefix.count))
            guard let path = Self.resolve(name, in: root),
                  let data = FileManager.default.contents(atPath: path) else { return Self.plain(.notFound, "not found\n") }
            return HTTPResponse(status: .ok, headers: Self.headers(Self.contentType(of: name)), body: .bytes(Array(data)))
        }
        return Self.plain(.notFound, "not found\n")
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

    /// The fields of every answer, the server's own refusals (400, 431) included.
    static func headers(_ type: String, cache: String = "no-cache") -> [(name: String, value: String)] {
        [("Content-Type", type), ("Cache-Control", cache), ("X-Content-Type-Options", "nosniff"),
         // The page's own script and style; images and the event stream from here only.
         ("Content-Security-Policy", "default-src 'none'; img-src 'self' data:; style-src 'unsafe-inline'; script-src 'unsafe-inline'; connect-src 'self'")]
    }

    static func plain(_ status: HTTPStatus, _ text: String) -> HTTPResponse {
        HTTPResponse(status: status, headers: headers("text/plain; charset=utf-8"), body: .bytes(Array(text.utf8)))
    }
}

/// Why the preview could not start (the port taken, say).
public struct PreviewServerError: Error, CustomStringConvertible {
    public let description: String
}

/// The preview's HTTP server: POSIX sockets on 127.0.0.1 only, one accept thread and a
/// thread per connection (at most `maxConnections`; the preview has one tab or two). Every
/// answer closes its connection, but `/events`, which stays open until the page goes or the
/// server stops. Reads and writes time out, so a slow client holds a thread for seconds only;
/// writes use MSG_NOSIGNAL, so a closed tab cannot SIGPIPE the process.
public final class PreviewServer: @unchecked Sendable {
    public let hub: PreviewHub
    private let handler: PreviewHandler
    private let requestedPort: UInt16
    /// Seconds between the comment lines an idle event stream sends (a closed page is noticed
    /// when one cannot be written).
    let keepAlive: Double
    /// Seconds a read or a write may wait for the peer.
    let ioTimeout: Int
    static let maxConnections = 32

    private let lock = NSLock()
    private var listener: Int32 = -1
    private var connections: Set<Int32> = []
    private var channels: [ObjectIdentifier: EventChannel] = [:]
    private var stopping = false
    private let acceptEnded = DispatchSemaphore(value: 0)
    /// The connection threads not yet ended.
    private let running = DispatchGroup()

    /// The port it listens on (the one asked for, or the one the system chose for 0).
    public private(set) var port: UInt16 = 0

    public init(root: String, port: UInt16, title: String, hub: PreviewHub = PreviewHub(),
                keepAlive: Double = 10, ioTimeout: Int = 10) throws {
        self.hub = hub
        self.handler = PreviewHandler(root: root, title: title, hub: hub)
        self.requestedPort = port
        self.keepAlive = keepAlive
        self.ioTimeout = ioTimeout
    }

    /// Binds 127.0.0.1:port and starts accepting; throws why it could not (the port taken).
    public func start() throws {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard fd >= 0 else { throw Self.error("socket") }
        var yes: Int32 = 1
        setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &yes, socklen_t(MemoryLayout<Int32>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = requestedPort.bigEndian
        address.sin_addr.s_addr = in_addr_t(UInt32(INADDR_LOOPBACK).bigEndian)
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, length) == 0 && getsockname(fd, $0, &length) == 0 }
        }
        guard bound, listen(fd, 16) == 0 else {
            let failure = Self.error("bind")
            close(fd)
            throw failure
        }
        port = UInt16(bigEndian: address.sin_port)
        lock.lock(); listener = fd; lock.unlock()
        let thread = Thread { [self] in acceptLoop(fd) }
        thread.name = "preview-accept"
        thread.start()
    }

    /// Stops accepting, ends every open connection (event streams included) and returns once
    /// their threads have ended.
    public func stop() {
        lock.lock()
        guard !stopping, listener >= 0 else { lock.unlock(); return }
        stopping = true
        shutdown(listener, Int32(SHUT_RDWR))
        for fd in connections { shutdown(fd, Int32(SHUT_RDWR)) }
        let open = Array(channels.values)
        lock.unlock()
        open.forEach { $0.close() }
        acceptEnded.wait()
        // Every connection was shut down: its thread ends at once (a bound all the same).
        _ = running.wait(timeout: .now() + .seconds(ioTimeout))
    }

    public var url: String { "http://127.0.0.1:\(port)/" }

    private func acceptLoop(_ listener: Int32) {
        defer { close(listener); acceptEnded.signal() }
        while true {
            let fd = accept(listener, nil, nil)
            let failure = errno
            if fd >= 0 {
                _ = fcntl(fd, F_SETFD, FD_CLOEXEC)
                var timeout = timeval(tv_sec: ioTimeout, tv_usec: 0)
                setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
                setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
            }
            // Under the lock `stop` takes: a connection is either refused here or known to it.
            lock.lock()
            let stopped = stopping
            let admitted = !stopped && fd >= 0 && connections.count < Self.maxConnections
            if admitted { connections.insert(fd); running.enter() }
            lock.unlock()
            if stopped { if fd >= 0 { close(fd) }; return }
            if fd < 0 {
                if [EINTR, ECONNABORTED, EMFILE, ENFILE].contains(failure) { usleep(10_000); continue }
                return
            }
            guard admitted else {
                _ = send(fd, PreviewHandler.plain(.serviceUnavailable, "too many connections\n"))
                close(fd)
                continue
            }
            let thread = Thread { [self] in
                serve(fd)
                finish(fd)
                lock.lock(); connections.remove(fd); lock.unlock()
                close(fd)
                running.leave()
            }
            thread.name = "preview-connection"
            thread.start()
        }
    }

    /// One connection: read the head, answer, and for `/events` stream until either side goes.
    private func serve(_ fd: Int32) {
        let response: HTTPResponse
        let method: HTTPMethod
        switch readHead(fd) {
        case .none: return
        case .tooLarge:
            response = PreviewHandler.plain(.headerFieldsTooLarge, "request header too large\n")
            method = .get
        case .head(let bytes):
            guard let request = HTTPRequest.parse(head: bytes) else {
                _ = send(fd, PreviewHandler.plain(.badRequest, "bad request\n"))
                return
            }
            response = handler.respond(to: request)
            method = request.method
        }
        guard send(fd, response, withBody: method != .head), response.body == .events, method != .head else { return }
        let channel = hub.subscribe()
        lock.lock()
        let stopped = stopping
        if !stopped { channels[ObjectIdentifier(channel)] = channel }
        lock.unlock()
        defer {
            hub.unsubscribe(channel)
            lock.lock(); channels[ObjectIdentifier(channel)] = nil; lock.unlock()
        }
        if stopped { return }
        while true {
            switch channel.next(waitingAtMost: keepAlive) {
            case .closed: return
            case .chunk(let bytes): if !write(fd, bytes) { return }
            case .idle: if !write(fd, Array(": keep-alive\n\n".utf8)) { return }
            }
        }
    }

    /// Ends the answer, then reads what the peer still sends (up to 64 KiB, until it closes or
    /// the read times out): closing with unread bytes would reset the connection, and the
    /// peer could lose the answer (a 431 to a head it is still sending, say).
    private func finish(_ fd: Int32) {
        shutdown(fd, Int32(SHUT_WR))
        var chunk = [UInt8](repeating: 0, count: 4096)
        var drained = 0
        while drained < 64 * 1024 {
            let n = recv(fd, &chunk, chunk.count, 0)
            if n < 0 && errno == EINTR { continue }
            guard n > 0 else { return }
            drained += n
        }
    }

    private enum Head { case none, tooLarge, head([UInt8]) }

    /// The bytes up to the empty line ending the head; `.none` when the peer went or was too
    /// slow, `.tooLarge` past `HTTPRequest.maxHeadBytes` (the rest is not read).
    private func readHead(_ fd: Int32) -> Head {
        var received: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 4096)
        let end: [UInt8] = Array("\r\n\r\n".utf8)
        while true {
            let n = recv(fd, &chunk, chunk.count, 0)
            if n < 0 && errno == EINTR { continue }
            guard n > 0 else { return .none }
            let searchFrom = max(0, received.count - 3)
            received += chunk[0..<n]
            var i = searchFrom
            while i + 4 <= received.count {
                if received[i] == end[0] && Array(received[i..<(i + 4)]) == end {
                    return i > HTTPRequest.maxHeadBytes ? .tooLarge : .head(Array(received[0..<i]))
                }
                i += 1
            }
            if received.count > HTTPRequest.maxHeadBytes + 4 { return .tooLarge }
        }
    }

    private func send(_ fd: Int32, _ response: HTTPResponse, withBody: Bool = true) -> Bool {
        write(fd, response.head() + (withBody ? response.bodyBytes : []))
    }

    /// Writes all of `bytes`; false when the peer is gone or stopped reading.
    private func write(_ fd: Int32, _ bytes: [UInt8]) -> Bool {
        var offset = 0
        while offset < bytes.count {
            let n = bytes.withUnsafeBytes { Glibc.send(fd, $0.baseAddress! + offset, bytes.count - offset, Int32(MSG_NOSIGNAL)) }
            if n < 0 && errno == EINTR { continue }
            guard n > 0 else { return false }
            offset += n
        }
        return true
    }

    private static func error(_ call: String) -> PreviewServerError {
        PreviewServerError(description: "\(call): \(String(cString: strerror(errno)))")
    }
}
