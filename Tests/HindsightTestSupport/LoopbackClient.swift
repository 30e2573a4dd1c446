import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A blocking HTTP client on 127.0.0.1 for the preview server's tests: sends bytes, reads until
/// a marker appears or the server closes (reads time out after 10 s without a byte).
public final class LoopbackClient {
    let fd: Int32
    /// Everything read so far.
    public private(set) var received: [UInt8] = []
    public var text: String { String(decoding: received, as: UTF8.self) }

    public struct Refused: Error {}

    public init(port: UInt16) throws {
        fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var tv = timeval(tv_sec: 10, tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, socklen_t(MemoryLayout<timeval>.size))
        var addr = sockaddr_in()
        addr.sin_family = sa_family_t(AF_INET)
        addr.sin_port = port.bigEndian
        addr.sin_addr.s_addr = inet_addr("127.0.0.1")
        let r = withUnsafePointer(to: &addr) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) } }
        guard r == 0 else { close(fd); throw Refused() }
    }

    deinit { close(fd) }

    public func send(_ text: String) {
        let bytes = Array(text.utf8)
        _ = bytes.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
    }

    /// Reads until `marker` is in what was received (nil: until the server closes or goes
    /// quiet); `onFirstBytes` runs once, when the first bytes arrive. Returns all received.
    @discardableResult
    public func read(until marker: String? = nil, onFirstBytes: () -> Void = {}) -> String {
        var buffer = [UInt8](repeating: 0, count: 4096)
        var first = received.isEmpty
        while marker.map({ !text.contains($0) }) ?? true {
            let n = recv(fd, &buffer, buffer.count, 0)
            if n <= 0 { break }
            received += buffer[0..<n]
            if first { first = false; onFirstBytes() }
        }
        return text
    }
}
