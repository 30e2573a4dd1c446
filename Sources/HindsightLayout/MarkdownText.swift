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

        /// `next[c][i]`: the first index ≥ i holding `c` (`]`, `)`, `>`), or `chars.count`.
        let next: [Unicode.Scalar: [Int]]
        /// `closers[ch][len - 1][i]`: the first index ≥ i where a run of exactly `len` × `ch`
        /// (`*` or `_`) starts that may close emphasis (not after white space or a backslash;
        /// for `_`, not before a letter or digit), or `chars.count`. With these, every search
        /// is one look-up and parsing stays linear whatever the text.
        let closers: [Unicode.Scalar: [[Int]]]

        init(chars: [Unicode.Scalar]) {
            self.chars = chars
            let n = chars.count
            var next: [Unicode.Scalar: [Int]] = [:]
            for target: Unicode.Scalar in ["]", ")", ">"] {
                var a = [Int](repeating: n, count: n + 1)
                var i = n - 1
                while i >= 0 { a[i] = chars[i] == target ? i : a[i + 1]; i -= 1 }
                next[target] = a
            }
            self.next = next
            func space(_ i: Int) -> Bool { i < 0 || i >= n || chars[i].properties.isWhitespace }
            func word(_ i: Int) -> Bool { i >= 0 && i < n && (chars[i].properties.isAlphabetic || chars[i].properties.numericType != nil) }
            var closers: [Unicode.Scalar: [[Int]]] = [:]
            for ch: Unicode.Scalar in ["*", "_"] {
                var tables = [[Int]](repeating: [Int](repeating: n, count: n + 1), count: 3)
                var i = n - 1
                while i >= 0 {
                    for k in 0..<3 { tables[k][i] = tables[k][i + 1] }
                    if chars[i] == ch && (i == 0 || chars[i - 1] != ch) {
                        var run = 0
                        while i + run < n && chars[i + run] == ch { run += 1 }
                        let escaped = i > 0 && chars[i - 1] == "\\"
                        if run <= 3 && !space(i - 1) && !escaped && (ch != "_" || !word(i + run)) { tables[run - 1][i] = i }
                    }
                    i -= 1
                }
                closers[ch] = tables
            }
            self.closers = closers
        }

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
            guard let tables = closers[ch], (1...3).contains(len), from < chars.count else { return nil }
            let j = tables[len - 1][from]
            return j > from && j + len <= min(end, from + Self.window + len) ? j : nil
        }

        /// The first `target` after `i`, before `end` and within the window.
        func find(_ target: Unicode.Scalar, after i: Int, _ end: Int) -> Int? {
            guard let table = next[target], i + 1 <= chars.count else { return nil }
            let j = table[i + 1]
            return j < min(end, i + 1 + Self.window) ? j : nil
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
                if c == "`" {
                    guard let code = codeEnd(i, end) else {
                        // A backtick string that closes nothing is text, all of it.
                        while i < end && chars[i] == "`" { literal.unicodeScalars.append(c); i += 1 }
                        continue
                    }
                    flush(&self)
                    var content = text(code.content)
                    // One space of padding on each side is the span's, not the code's.
                    if content.count >= 2 && content.first == " " && content.last == " " && content.contains(where: { $0 != " " }) {
                        content = String(content.dropFirst().dropLast())
                    }
                    emit(content, style.union(.code))
                    i = code.next; continue
                }
                if c == "[", depth < 16, let close = find("]", after: i, end), close + 1 < end, chars[close + 1] == "(",
                   let paren = find(")", after: close + 1, end) {
                    flush(&self)
                    parse(i + 1, close, style: style.union(.link))
                    i = paren + 1; continue
                }
                if c == "<", let close = find(">", after: i, end),
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
