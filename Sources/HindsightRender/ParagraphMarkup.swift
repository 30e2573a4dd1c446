import HindsightLayout
import HindsightModel

/// Inline content as pango markup, together with what pango will hold once it has parsed the
/// markup: the number of UTF-8 bytes of plain text and, for each link, the byte range of its
/// text. Link areas in a PDF are computed from those ranges (pango reports positions by byte
/// index into the plain text, never into the markup).
struct ParagraphMarkup: Hashable {
    struct Link: Hashable {
        /// Byte range in the layout's plain text.
        var bytes: Range<Int>
        var url: String
    }

    /// DejaVu Sans first, then the usual fallbacks (emoji, scripts DejaVu lacks).
    static let codeFamilies = (["DejaVu Sans Mono"] + FontSetup.fallbackFamilies).joined(separator: ",")

    private(set) var markup = ""
    /// UTF-8 length of the plain text pango keeps after parsing `markup`.
    private(set) var byteCount = 0
    private(set) var links: [Link] = []
    /// Breaks long words for pango (see `TextShaper.breakingLongRuns`); not part of the value.
    private var breaker = RunBreaker()

    static func == (a: ParagraphMarkup, b: ParagraphMarkup) -> Bool {
        a.markup == b.markup && a.byteCount == b.byteCount && a.links == b.links
    }
    func hash(into hasher: inout Hasher) { hasher.combine(markup); hasher.combine(byteCount); hasher.combine(links) }

    init(_ inlines: [Inline], style: ParagraphStyle) {
        append(inlines, style: style)
    }

    /// Plain text, escaped; a word of more than 200 characters gets a break opportunity every
    /// 200 (wrapping it is otherwise quadratic in pango).
    private mutating func append(text: String) {
        let clean = breaker.breaking(Self.sanitized(text)).0
        markup += XMLText.escape(clean)
        byteCount += clean.utf8.count
    }

    /// `content` inside `<open>…</close>`.
    private mutating func wrap(_ open: String, _ close: String, _ content: (inout ParagraphMarkup) -> Void) {
        markup += open
        content(&self)
        markup += close
    }

    private mutating func append(_ inlines: [Inline], style: ParagraphStyle) {
        for inline in inlines {
            switch inline {
            case .text(let s):
                append(text: s)
            case .bold(let children):
                wrap("<b>", "</b>") { $0.append(children, style: style) }
            case .italic(let children):
                wrap("<i>", "</i>") { $0.append(children, style: style) }
            case .strikethrough(let children):
                wrap("<s>", "</s>") { $0.append(children, style: style) }
            case .code(let s):
                // Only the pinned fonts exist, so code is set in DejaVu Sans (a different
                // design from Inter), a little smaller because its x-height is larger, on a tint.
                let font = "\(Self.codeFamilies) \(Self.number(style.font.size * 0.9))px"
                wrap("<span font=\"\(font)\" foreground=\"\(style.code.hexRGB)\" background=\"\(style.codeBackground.hexRGB)\">", "</span>") {
                    $0.append(text: s)
                }
            case .link(let children, let url):
                // The one link policy of every format: a refused target keeps its words only.
                guard let url = LinkPolicy.safe(url) else {
                    append(children, style: style)
                    continue
                }
                let start = byteCount
                wrap("<span foreground=\"\(style.link.hexRGB)\" underline=\"single\" underline_color=\"\(style.linkUnderline.hexRGB)\">", "</span>") {
                    $0.append(children, style: style)
                }
                if byteCount > start {
                    links.append(Link(bytes: start..<byteCount, url: url))
                }
            case .lineBreak:
                append(text: "\n")
            }
        }
    }

    /// Drops characters that markup cannot carry (NUL ends the C string; other C0 controls are
    /// invalid in the XML-like markup) but keeps tabs and newlines.
    private static func sanitized(_ text: String) -> String {
        guard text.unicodeScalars.contains(where: { $0.value < 0x20 && $0 != "\n" && $0 != "\t" }) else { return text }
        return String(String.UnicodeScalarView(text.unicodeScalars.filter { $0.value >= 0x20 || $0 == "\n" || $0 == "\t" }))
    }


    /// A size for a font description: at most two decimals, locale-independent.
    private static func number(_ value: Double) -> String {
        let hundredths = Int((value * 100).rounded())
        let fraction = hundredths % 100
        return fraction == 0 ? "\(hundredths / 100)" : "\(hundredths / 100).\(fraction < 10 ? "0" : "")\(fraction)"
    }
}
