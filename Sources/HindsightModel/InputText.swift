import Foundation

/// Turns raw bytes into text, refusing what is not a UTF-8 text file: too large, binary,
/// UTF-16, invalid UTF-8. Each refusal is one diagnostic with a position.
public enum InputText {
    /// `totalSize` is the file's real size when `bytes` holds only its first `maxBytes + 1`.
    public static func decode(_ bytes: [UInt8], file: String, maxBytes: Int = InputLimits.maxBytes,
                              totalSize: Int? = nil) -> Result<String, Diagnostic> {
        func fail(_ rule: String, _ loc: SourceLocation, _ msg: String) -> Result<String, Diagnostic> {
            .failure(Diagnostic(file: file, location: loc, severity: .error, rule: rule, message: msg))
        }
        if bytes.count > maxBytes {
            let size = max(totalSize ?? bytes.count, bytes.count)
            return fail("input-too-large", .start,
                        "file is \(formatBytes(size)), over the \(formatBytes(maxBytes)) limit for one input (an incident is usually a few kilobytes)")
        }
        var body = bytes[...]
        if body.starts(with: [0xEF, 0xBB, 0xBF]) { body = body.dropFirst(3) }
        if body.starts(with: [0xFF, 0xFE]) || body.starts(with: [0xFE, 0xFF]) {
            return fail("input-encoding", .start, "file is UTF-16; save it as UTF-8")
        }
        // A NUL byte anywhere means a binary file, whatever else it holds.
        if let nul = bytes.firstIndex(of: 0) {
            let before = bytes[..<nul]
            let line = before.reduce(1) { $1 == 0x0A ? $0 + 1 : $0 }
            let lineStart = before.lastIndex(of: 0x0A).map { $0 + 1 } ?? 0
            let column = bytes[lineStart..<nul].filter { $0 & 0xC0 != 0x80 }.count + 1
            return fail("input-binary", SourceLocation(line: line, column: column),
                        "file contains a NUL byte: this is a binary file, not YAML, JSON or Markdown text")
        }
        // The stdlib's validation is fast; walk byte by byte only to locate an error.
        if let text = String(validating: body, as: UTF8.self) { return .success(text) }
        // Walk once to find the invalid UTF-8, tracking line and column.
        var line = 1, column = 1
        var i = body.startIndex
        while i < body.endIndex {
            let b = body[i]
            let len: Int
            if b < 0x80 { len = 1 }
            else if b & 0xE0 == 0xC0 && b >= 0xC2 { len = 2 }
            else if b & 0xF0 == 0xE0 { len = 3 }
            else if b & 0xF8 == 0xF0 && b <= 0xF4 { len = 4 }
            else { len = 0 }
            var ok = len > 0 && i + len <= body.endIndex
            if ok && len > 1 {
                for k in 1..<len where body[i + k] & 0xC0 != 0x80 { ok = false }
                if ok && len == 3 {
                    let b1 = body[i + 1]
                    if (b == 0xE0 && b1 < 0xA0) || (b == 0xED && b1 >= 0xA0) { ok = false }
                }
                if ok && len == 4 {
                    let b1 = body[i + 1]
                    if (b == 0xF0 && b1 < 0x90) || (b == 0xF4 && b1 >= 0x90) { ok = false }
                }
            }
            if !ok {
                return fail("input-encoding", SourceLocation(line: line, column: column),
                            String(format: "invalid UTF-8 (byte 0x%02X); save the file as UTF-8", b))
            }
            if b == 0x0A { line += 1; column = 1 } else { column += 1 }
            i += len
        }
        return .success(String(decoding: body, as: UTF8.self))
    }

    public static func formatBytes(_ n: Int) -> String {
        if n >= 1024 * 1024 { return String(format: "%.1f MiB", Double(n) / 1048576) }
        if n >= 1024 { return String(format: "%.1f KiB", Double(n) / 1024) }
        return "\(n) bytes"
    }

    /// True when the text holds nothing but whitespace and `#` comments. Lines end at LF, CR
    /// LF or a lone CR, as YAML reads them. (Split by bytes: Swift's `Character` takes CR LF
    /// as one character, so splitting a `String` at "\n" would never split a CR LF file.)
    public static func isBlank(_ text: String) -> Bool {
        for line in text.utf8.split(whereSeparator: { $0 == 0x0A || $0 == 0x0D }) {
            let t = line.drop { $0 == 0x20 || $0 == 0x09 }
            if let first = t.first, first != UInt8(ascii: "#") { return false }
        }
        return true
    }
}
