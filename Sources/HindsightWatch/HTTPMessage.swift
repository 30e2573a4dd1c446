import Foundation

/// The few HTTP status codes the preview answers with.
public enum HTTPStatus: Int, Sendable {
    case ok = 200
    case badRequest = 400
    case notFound = 404
    case methodNotAllowed = 405
    case misdirectedRequest = 421
    case headerFieldsTooLarge = 431
    case serviceUnavailable = 503

    public var reason: String {
        switch self {
        case .ok: return "OK"
        case .badRequest: return "Bad Request"
        case .notFound: return "Not Found"
        case .methodNotAllowed: return "Method Not Allowed"
        case .misdirectedRequest: return "Misdirected Request"
        case .headerFieldsTooLarge: return "Request Header Fields Too Large"
        case .serviceUnavailable: return "Service Unavailable"
        }
    }
}

public enum HTTPMethod: Equatable, Sendable {
    case get, head
    case other(String)

    init(_ token: String) {
        switch token {
        case "GET": self = .get
        case "HEAD": self = .head
        default: self = .other(token)
        }
    }
}

/// A request's head: method, the path (percent-decoded, without the query) and the header
/// fields (names lowercased; a repeated field other than Host keeps its last value).
public struct HTTPRequest: Sendable, Equatable {
    public var method: HTTPMethod
    public var path: String
    public var headers: [String: String]

    public init(method: HTTPMethod = .get, path: String, headers: [String: String] = [:]) {
        self.method = method
        self.path = path
        self.headers = Dictionary(headers.map { ($0.key.lowercased(), $0.value) }, uniquingKeysWith: { _, last in last })
    }

    public var host: String? { headers["host"] }

    /// The largest request head read (request line and header fields); a longer one is
    /// answered 431.
    public static let maxHeadBytes = 16 * 1024

    /// Parses a request head (the bytes before the empty line, without it); nil when it is
    /// not HTTP/1.0 or 1.1 (answered 400): a malformed request line, a bare CR or LF, a field
    /// without a colon or a folded one, a target that is not a path, bad percent-encoding, two Host fields.
    public static func parse(head: [UInt8]) -> HTTPRequest? {
        guard let text = String(bytes: head, encoding: .utf8) else { return nil }
        // Lines end with CRLF only: a bare CR or LF inside one is refused, not folded in.
        guard !text.replacingOccurrences(of: "\r\n", with: "").contains(where: { $0 == "\r" || $0 == "\n" }) else { return nil }
        var lines = text.components(separatedBy: "\r\n")
        let requestLine = lines.removeFirst().split(separator: " ", omittingEmptySubsequences: false)
        guard requestLine.count == 3, !requestLine[0].isEmpty, requestLine[0].allSatisfy({ $0.isASCII && $0.isUppercase }),
              requestLine[2] == "HTTP/1.1" || requestLine[2] == "HTTP/1.0" else { return nil }
        let target = requestLine[1]
        guard target.hasPrefix("/") else { return nil }
        let rawPath = target.prefix { $0 != "?" && $0 != "#" }
        guard let path = String(rawPath).removingPercentEncoding else { return nil }
        var headers: [String: String] = [:]
        for line in lines {
            guard let colon = line.firstIndex(of: ":"), let first = line.first, first != " ", first != "\t" else { return nil }
            let name = line[..<colon].lowercased()
            guard !name.isEmpty, !name.contains(" "), !name.contains("\t") else { return nil }
            if name == "host", headers[name] != nil { return nil }
            headers[name] = line[line.index(after: colon)...].trimmingCharacters(in: CharacterSet(charactersIn: " \t"))
        }
        return HTTPRequest(method: HTTPMethod(String(requestLine[0])), path: path, headers: headers)
    }
}

/// A response: status, header fields in order, and a body that is either bytes or the
/// preview's event stream (sent by the server as versions come, until either side closes).
public struct HTTPResponse: Sendable {
    public enum Body: Sendable, Equatable {
        case bytes([UInt8])
        case events
    }

    public var status: HTTPStatus
    public var headers: [(name: String, value: String)]
    public var body: Body

    public init(status: HTTPStatus, headers: [(name: String, value: String)], body: Body) {
        self.status = status
        self.headers = headers
        self.body = body
    }

    /// The value of the field `name` (case-insensitive).
    public func header(_ name: String) -> String? {
        headers.first { $0.name.caseInsensitiveCompare(name) == .orderedSame }?.value
    }

    public var bodyBytes: [UInt8] {
        if case .bytes(let bytes) = body { return bytes }
        return []
    }

    /// The status line and the fields, `Connection: close` and (for a byte body) its length
    /// among them, then the empty line.
    func head() -> [UInt8] {
        var text = "HTTP/1.1 \(status.rawValue) \(status.reason)\r\n"
        for field in headers { text += "\(field.name): \(field.value)\r\n" }
        if case .bytes(let bytes) = body { text += "Content-Length: \(bytes.count)\r\n" }
        text += "Connection: close\r\n\r\n"
        return Array(text.utf8)
    }
}
