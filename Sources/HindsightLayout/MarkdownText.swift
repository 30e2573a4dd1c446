import HindsightModel

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
    /// `~~struck~~`: carried for the renderer (the report strikes it through)
    public static let strikethrough = TextStyle(rawValue: 16)
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

/// Inline Markdown (allowed in every text field) for figures: the model's one parse
/// (`Inline.parse`, cmark-gfm) flattened to plain text plus styles on byte ranges. Bold,
/// emphasis, code, links and strikethrough keep their words and become styles; what is not
/// Markdown stays as written. Nothing here is markup to pango: styles are attributes on byte
/// ranges, so incident text can never inject formatting.
public enum MarkdownText {
    public static func plain(_ s: String) -> String { Inline.parse(s).plain }

    public static func styled(_ s: String) -> StyledText { styled(Inline.parse(s)) }

    /// An inline tree as figure text: line breaks stay newlines (a figure decides how to show
    /// them), links become underlined words (a figure cannot be clicked).
    public static func styled(_ items: [Inline]) -> StyledText {
        var out = ""
        var ranges: [StyledRange] = []
        func emit(_ s: String, _ style: TextStyle) {
            let start = out.utf8.count
            out += s
            if !style.isEmpty && !s.isEmpty { ranges.append(StyledRange(start: start, end: out.utf8.count, style: style)) }
        }
        func walk(_ items: [Inline], _ style: TextStyle) {
            for item in items {
                switch item {
                case .text(let t): emit(t, style)
                case .code(let t): emit(t, style.union(.code))
                case .bold(let c): walk(c, style.union(.bold))
                case .italic(let c): walk(c, style.union(.italic))
                case .strikethrough(let c): walk(c, style.union(.strikethrough))
                case .link(let c, _): walk(c, style.union(.link))
                case .lineBreak: emit("\n", style)
                }
            }
        }
        walk(items, [])
        return StyledText(out, styles: merged(ranges))
    }

    /// Adjacent ranges of the same style joined; sorted by start.
    static func merged(_ ranges: [StyledRange]) -> [StyledRange] {
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
