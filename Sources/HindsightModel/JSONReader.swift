/// JSON → `SourceNode` with the line and column of every value and key. Foundation's
/// JSONSerialization reports no positions, so this is a small strict RFC 8259 parser that
/// keeps duplicate keys (the decoder reports them) and stops at the nesting limit.
public enum JSONReader {
    public static func read(_ text: String, file: String) -> Result<SourceNode, Diagnostic> {
        var p = Parser(bytes: Array(text.utf8))
        do {
            p.skipSpace()
            if p.atEnd {
                throw ParseError(loc: p.loc, rule: "input-empty", message: "file is empty: expected a JSON object holding an incident")
            }
            let root = try p.value(depth: 1)
            p.skipSpace()
            if !p.atEnd { throw p.error("unexpected text after the end of the JSON document") }
            return .success(root)
        } catch let e as ParseError {
            return .failure(Diagnostic(file: file, location: e.loc, severity: .error, rule: e.rule, message: e.message))
        } catch {
            return .failure(Diagnostic(file: file, location: .start, severity: .error, rule: "syntax", message: "\(error)"))
        }
    }

    struct ParseError: Error { let loc: SourceLocation; let rule: String; let message: String }

    struct Parser {
        let bytes: [UInt8]
        var i = 0
        var line = 1
        var column = 1
        var count = 0

        init(bytes: [UInt8]) { self.bytes = bytes }

        var atEnd: Bool { i >= bytes.count }
        var loc: SourceLocation { SourceLocation(line: line, column: column) }
        var peek: UInt8? { i < bytes.count ? bytes[i] : nil }

        func error(_ message: String, rule: String = "syntax") -> ParseError {
            ParseError(loc: loc, rule: rule, message: "JSON syntax: " + message)
        }

        mutating func advance() {
            let b = bytes[i]
            i += 1
            if b == 0x0A { line += 1; column = 1 }
            else if b & 0xC0 != 0x80 { column += 1 }
        }

        mutating func skipSpace() {
            while let b = peek, b == 0x20 || b == 0x0A || b == 0x0D || b == 0x09 { advance() }
        }

        mutating func expect(_ c: UInt8, _ what: String) throws {
            skipSpace()
            guard peek == c else { throw error("expected \(what)\(found)") }
            advance()
        }

        var found: String {
            guard let b = peek else { return ", found the end of the file" }
            if b >= 0x20 && b < 0x7F { return ", found '\(Character(Unicode.Scalar(b)))'" }
            return ""
        }

        mutating func value(depth: Int) throws -> SourceNode {
            skipSpace()
            if depth > InputLimits.maxDepth {
                throw ParseError(loc: loc, rule: "nesting-depth",
                                 message: "nesting is deeper than \(InputLimits.maxDepth) levels; an incident needs at most 5")
            }
            count += 1
            if count > InputLimits.maxExpandedNodes {
                throw ParseError(loc: loc, rule: "alias-limit", message: "document holds more than \(InputLimits.maxExpandedNodes) values; Hindsight refuses it")
            }
            let start = loc
            guard let b = peek else { throw error("expected a value, found the end of the file") }
            switch b {
            case UInt8(ascii: "{"):
                advance()
                var pairs: [(key: SourceNode, value: SourceNode)] = []
                skipSpace()
                if peek == UInt8(ascii: "}") { advance(); return SourceNode(.mapping(pairs), start) }
                while true {
                    skipSpace()
                    guard peek == UInt8(ascii: "\"") else { throw error("expected a key in double quotes\(found)") }
                    let keyLoc = loc
                    let key = try string()
                    try expect(UInt8(ascii: ":"), "':' after the key")
                    let v = try value(depth: depth + 1)
                    pairs.append((SourceNode(.scalar(key, .quoted), keyLoc), v))
                    skipSpace()
                    if peek == UInt8(ascii: ",") { advance(); continue }
                    if peek == UInt8(ascii: "}") { advance(); break }
                    throw error("expected ',' or '}'\(found)")
                }
                return SourceNode(.mapping(pairs), start)
            case UInt8(ascii: "["):
                advance()
                var items: [SourceNode] = []
                skipSpace()
                if peek == UInt8(ascii: "]") { advance(); return SourceNode(.sequence(items), start) }
                while true {
                    items.append(try value(depth: depth + 1))
                    skipSpace()
                    if peek == UInt8(ascii: ",") { advance(); continue }
                    if peek == UInt8(ascii: "]") { advance(); break }
                    throw error("expected ',' or ']'\(found)")
                }
                return SourceNode(.sequence(items), start)
            case UInt8(ascii: "\""):
                return SourceNode(.scalar(try string(), .quoted), start)
            case UInt8(ascii: "t"), UInt8(ascii: "f"), UInt8(ascii: "n"):
                for word in ["true", "false", "null"] where bytes[i...].starts(with: word.utf8) {
                    for _ in 0..<word.count { advance() }
                    return word == "null" ? SourceNode(.null, start) : SourceNode(.scalar(word, .plain), start)
                }
                throw error("unknown word; expected a value (a string in double quotes, a number, true, false, null, an object or a list)")
            case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
                return SourceNode(.scalar(try number(), .plain), start)
            default:
                throw error("expected a value (a string in double quotes, a number, true, false, null, an object or a list)\(found)")
            }
        }

        mutating func number() throws -> String {
            let s = i
            func digits() -> Int {
                var n = 0
                while let b = peek, b >= 0x30 && b <= 0x39 { advance(); n += 1 }
                return n
            }
            if peek == UInt8(ascii: "-") { advance() }
            if peek == UInt8(ascii: "0") { advance() } else if digits() == 0 { throw error("malformed number") }
            if peek == UInt8(ascii: ".") { advance(); if digits() == 0 { throw error("malformed number: digits expected after '.'") } }
            if peek == UInt8(ascii: "e") || peek == UInt8(ascii: "E") {
                advance()
                if peek == UInt8(ascii: "+") || peek == UInt8(ascii: "-") { advance() }
                if digits() == 0 { throw error("malformed number: digits expected in the exponent") }
            }
            return String(decoding: bytes[s..<i], as: UTF8.self)
        }

        mutating func string() throws -> String {
            advance() // opening quote
            var out: [UInt8] = []
            while true {
                guard let b = peek else { throw error("unterminated string") }
                if b == UInt8(ascii: "\"") { advance(); break }
                if b < 0x20 { throw error("control character in a string (write \\n or \\t)") }
                if b != UInt8(ascii: "\\") { out.append(b); advance(); continue }
                advance()
                guard let e = peek else { throw error("unterminated string") }
                advance()
                switch e {
                case UInt8(ascii: "\""): out.append(0x22)
                case UInt8(ascii: "\\"): out.append(0x5C)
                case UInt8(ascii: "/"): out.append(0x2F)
                case UInt8(ascii: "b"): out.append(0x08)
                case UInt8(ascii: "f"): out.append(0x0C)
                case UInt8(ascii: "n"): out.append(0x0A)
                case UInt8(ascii: "r"): out.append(0x0D)
                case UInt8(ascii: "t"): out.append(0x09)
                case UInt8(ascii: "u"):
                    var scalar = try hex4()
                    if (0xD800...0xDBFF).contains(scalar) {
                        guard peek == UInt8(ascii: "\\") else { throw error("unpaired surrogate in \\u escape") }
                        advance()
                        guard peek == UInt8(ascii: "u") else { throw error("unpaired surrogate in \\u escape") }
                        advance()
                        let low = try hex4()
                        guard (0xDC00...0xDFFF).contains(low) else { throw error("unpaired surrogate in \\u escape") }
                        scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
                    } else if (0xDC00...0xDFFF).contains(scalar) {
                        throw error("unpaired surrogate in \\u escape")
                    }
                    out.append(contentsOf: Array(String(Unicode.Scalar(scalar)!).utf8))
                default: throw error("unknown escape '\\\(Character(Unicode.Scalar(e)))'")
                }
            }
            return String(decoding: out, as: UTF8.self)
        }

        mutating func hex4() throws -> UInt32 {
            var v: UInt32 = 0
            for _ in 0..<4 {
                guard let b = peek, let d = hexValue(b) else { throw error("malformed \\u escape: four hex digits expected") }
                v = v * 16 + d
                advance()
            }
            return v
        }

        func hexValue(_ b: UInt8) -> UInt32? {
            switch b {
            case 0x30...0x39: return UInt32(b - 0x30)
            case 0x41...0x46: return UInt32(b - 0x41 + 10)
            case 0x61...0x66: return UInt32(b - 0x61 + 10)
            default: return nil
            }
        }
    }
}
