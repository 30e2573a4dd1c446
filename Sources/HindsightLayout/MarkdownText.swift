/// How a stretch of figure text is set: inline Markdown carried into the figures.
public struct TextStyle: OptionSet, Hashable, Sendable {
    public let rawValue: UInt8
    public init(rawValue: UInt8) { self.rawValue = rawValue }
    /// `**bold**`, `__bold__`
    public static let bold = TextStyle(rawValue: 1)
    /// `*em*`, `_em_`
    public static let italic = TextStyle(rawValue: 2)
    /// `` `code` ``: set in a monospaced face
    public static let code = TextStyle(rawValue: 4)
    /// `[text](url)`, `<https://…>`: underlined (a figure cannot be clicked; the report links)
    public static let link = TextStyle(rawValue: 8)
}

/// A styled stretch of a text: UTF-8 byte offsets `start..<end` into it (what pango's
/// attributes index by).
public struct StyledRange: Hashable, Sendable {
    public var start: Int
    public var end: Int
    public var style: TextStyle
    public init(start: Int, end: Int, style: TextStyle) { self.start = start; self.end = end; self.style = style }
}

/// Plain text plus the inline styles that apply to parts of it.
public struct StyledText: Hashable, Sendable {
    public var text: String
    public var styles: [StyledRange]

    public init(_ text: String, styles: [StyledRange] = []) { self.text = text; self.styles = styles }

    /// The first `byteCount` bytes' styles (for a text shortened to a prefix).
    public func stylesClipped(to byteCount: Int) -> [StyledRange] {
        styles.compactMap { r in
            r.start >= byteCount ? nil : StyledRange(start: r.start, end: min(r.end, byteCount), style: r.style)
        }
    }

    /// `prefix` + self, styles moved along.
    public func prefixed(_ prefix: String) -> StyledText {
        let n = prefix.utf8.count
        return StyledText(prefix + text, styles: styles.map { StyledRange(start: $0.start + n, end: $0.end + n, style: $0.style) })
    }

    /// Every `target` character replaced by `replacement`, styles kept on the same characters.
    public func replacing(_ target: Character, with replacement: String) -> StyledText {
        guard text.contains(target) else { return self }
        var out = ""
        var map: [Int] = []  // old byte offset → new byte offset
        map.reserveCapacity(text.utf8.count + 1)
        for c in text {
            let old = String(c).utf8.count
            let new = c == target ? replacement : String(c)
            for k in 0..<old { map.append(out.utf8.count + min(k, new.utf8.count)) }
            out += new
        }
        map.append(out.utf8.count)
        return StyledText(out, styles: styles.map { StyledRange(start: map[$0.start], end: map[$0.end], style: $0.style) })
    }
}

/// Inline Markdown (allowed in every text field) for figures: `**bold**`, `*em*`, `_em_`,
/// `` `code` ``, `[text](url)` and `<url>` keep their words and become styles; backslash
/// escapes give the character itself. Delimiters that open nothing (`5 * 3`, `snake_case`)
/// stay as written. Nothing here is markup to pango: styles are attributes on byte ranges,
/// so incident text can never inject formatting.
public enum MarkdownText {
    public static func plain(_ s: String) -> String { styled(s).text }

    public static func styled(_ s: String) -> StyledText {
        var p = Parser(chars: Array(s.unicodeScalars))
        p.parse(0, p.chars.count, style: [])
        return StyledText(p.out, styles: p.merged())
    }

    private struct Parser {
        let chars: [Unicode.Scalar]
        var out = ""
        var ranges: [StyledRange] = []
        /// Nesting guard: emphasis inside emphasis inside links… never deeper than this.
        var depth = 0
        /// How far a closing delimiter is looked for: keeps hostile text (thousands of
        /// unclosed `*` or `[`) linear; no real emphasis or link spans 500 characters.
        static let window = 500

        init(chars: [Unicode.Scalar]) { self.chars = chars }

        func text(_ r: Range<Int>) -> String { String(String.UnicodeScalarView(chars[r])) }

        mutating func emit(_ s: String, _ style: TextStyle) {
            let start = out.utf8.count
            out += s
            if !style.isEmpty && !s.isEmpty { ranges.append(StyledRange(start: start, end: out.utf8.count, style: style)) }
        }

        func isSpace(_ i: Int) -> Bool { i < 0 || i >= chars.count || chars[i].properties.isWhitespace }
        func isWordChar(_ i: Int) -> Bool { i >= 0 && i < chars.count && (chars[i].properties.isAlphabetic || chars[i].properties.numericType != nil) }

        /// The index of `close` (a run of `len` × `ch`) that ends emphasis opened at `from`,
        /// within `..<end`: not preceded by white space, and for `_` not followed by a letter.
        func closing(_ ch: Unicode.Scalar, _ len: Int, from: Int, end: Int) -> Int? {
            var j = from
            let end = min(end, from + Self.window)
            while j + len <= end {
                if chars[j] == "\\" { j += 2; continue }
                if chars[j] == "`", let c = codeEnd(j, end) { j = c.next; continue }
                if chars[j] == ch {
                    var run = 0
                    while j + run < end && chars[j + run] == ch { run += 1 }
                    if run == len && !isSpace(j - 1) && j > from && (ch != "_" || !isWordChar(j + run)) {
                        return j
                    }
                    j += run
                    continue
                }
                j += 1
            }
            return nil
        }

        /// A code span opening at `i`: its content range and the index after it.
        func codeEnd(_ i: Int, _ end: Int) -> (content: Range<Int>, next: Int)? {
            var n = 0
            let end = min(end, i + Self.window)
            while i + n < end && chars[i + n] == "`" { n += 1 }
            var j = i + n
            while j < end {
                if chars[j] == "`" {
                    var m = 0
                    while j + m < end && chars[j + m] == "`" { m += 1 }
                    if m == n { return (i + n..<j, j + m) }
                    j += m
                } else { j += 1 }
            }
            return nil
        }

        mutating func parse(_ from: Int, _ end: Int, style: TextStyle) {
            depth += 1
            defer { depth -= 1 }
            var i = from
            var literal = ""
            func flush(_ p: inout Parser) { p.emit(literal, style); literal = "" }
            while i < end {
                let c = chars[i]
                if c == "\\", i + 1 < end, "\\`*_[]()<>#!~".unicodeScalars.contains(chars[i + 1]) {
                    literal.unicodeScalars.append(chars[i + 1]); i += 2; continue
                }
                if c == "`", let code = codeEnd(i, end) {
                    flush(&self)
                    var content = text(code.content)
                    // One space of padding on each side is the span's, not the code's.
                    if content.count >= 2 && content.first == " " && content.last == " " && content.contains(where: { $0 != " " }) {
                        content = String(content.dropFirst().dropLast())
                    }
                    emit(content, style.union(.code))
                    i = code.next; continue
                }
                let near = min(end, i + Self.window)
                if c == "[", depth < 16, let close = chars[(i + 1)..<near].firstIndex(of: "]"), close + 1 < end, chars[close + 1] == "(",
                   let paren = chars[(close + 1)..<min(end, close + 1 + Self.window)].firstIndex(of: ")") {
                    flush(&self)
                    parse(i + 1, close, style: style.union(.link))
                    i = paren + 1; continue
                }
                if c == "<", let close = chars[(i + 1)..<near].firstIndex(of: ">"),
                   text((i + 1)..<close).contains("://") {
                    flush(&self)
                    emit(text((i + 1)..<close), style.union(.link))
                    i = close + 1; continue
                }
                if (c == "*" || c == "_") && depth < 16 {
                    var run = 0
                    while i + run < end && chars[i + run] == c { run += 1 }
                    let leftFlanking = !isSpace(i + run) && (c == "*" || !isWordChar(i - 1))
                    if leftFlanking && run <= 3 {
                        let wanted: TextStyle = run == 1 ? .italic : run == 2 ? .bold : [.bold, .italic]
                        if let close = closing(c, run, from: i + run, end: end) {
                            flush(&self)
                            parse(i + run, close, style: style.union(wanted))
                            i = close + run; continue
                        }
                    }
                    for _ in 0..<run { literal.unicodeScalars.append(c) }
                    i += run; continue
                }
                literal.unicodeScalars.append(c); i += 1
            }
            flush(&self)
        }

        /// Adjacent ranges of the same style joined; sorted by start.
        func merged() -> [StyledRange] {
            var result: [StyledRange] = []
            for r in ranges.sorted(by: { ($0.start, $0.end) < ($1.start, $1.end) }) {
                if let last = result.last, last.end == r.start, last.style == r.style {
                    result[result.count - 1].end = r.end
                } else {
                    result.append(r)
                }
            }
            return result
        }
    }
}
