import Foundation
import HindsightModel

/// One line of prose as the importer reads it: the text without Markdown syntax (code spans
/// keep their backticks) and the source line it was written on.
struct TextLine {
    var text: String
    var line: Int
    /// Every visible character is bold or italic: `**Timeline**`, `__Root cause:__`.
    var emphasisOnly: Bool
    /// Words of prose in `text`.
    var words: Int

    init(text: String, line: Int, emphasisOnly: Bool) {
        self.text = text; self.line = line; self.emphasisOnly = emphasisOnly
        words = Words.count(text)
    }
}

/// A block of the document in reading order. Nesting is flattened: list items are referred to
/// by index, so nothing downstream walks a tree.
struct Block {
    enum Kind: Equatable {
        case heading(level: Int)
        case paragraph
        /// A fenced block with a language: code, not prose.
        case code
        case tableRow(header: Bool)
    }
    var kind: Kind
    var lines: [TextLine]
    /// Table rows only: each cell's text.
    var cells: [String] = []
    /// The innermost list item holding this block, an index into `MarkdownDocument.items`.
    var item: Int?
    /// True for the first block of its item (the item's own text).
    var firstInItem = false
    /// Table rows only: which table of the document.
    var table: Int?

}

struct ListItem {
    var parent: Int?
    /// 0 for a top-level item.
    var depth: Int
    /// A task-list item's state; nil when the item has no checkbox.
    var checked: Bool?
    /// Holds a nested list.
    var hasChildren = false
}

/// The Markdown file flattened into blocks and list items, plus the raw source lines for
/// placing diagnostics (cmark gives lines; columns are computed from the source).
struct MarkdownDocument {
    var blocks: [Block] = []
    var items: [ListItem] = []
    /// Words of prose: text of paragraphs, headings, lists and tables, not Markdown syntax,
    /// code blocks, HTML tags or image descriptions.
    var wordCount = 0
    /// Raw source, split on line feeds (a trailing `\r` is kept; it never matters for columns).
    let source: [Substring]
    /// Tables were read as plain text because the input has too many table rows or too wide
    /// a row: the 1-based line that went over the limit.
    var tablesDisabledAt: Int?
    var tablesDisabled: Bool { tablesDisabledAt != nil }

    /// Beyond this many pipe-table lines, or this many pipes in one line, the table extension
    /// is turned off: cmark-gfm 0.29's table parser slows down sharply on very long or very
    /// wide tables (5,000 columns × 50 rows take seconds), and no postmortem needs one.
    static let maxTableLines = 5_000
    static let maxTableColumns = 128

    init?(text: String) {
        source = text.utf8.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false).map { Substring($0) }
        var tableLines = 0
        for (n, line) in source.enumerated() where tablesDisabledAt == nil {
            let columns = Self.columns(line.utf8)
            if columns > 0 { tableLines += 1 }
            if tableLines > Self.maxTableLines || columns > Self.maxTableColumns { tablesDisabledAt = n + 1 }
        }
        guard let cmark = CmarkDocument(text, tables: !tablesDisabled) else { return nil }
        var builder = Builder()
        cmark.walk { node, entering in builder.visit(node, entering: entering) }
        blocks = builder.blocks
        items = builder.items
        wordCount = builder.words
    }

    /// The cells a pipe-table line would have (0 without a pipe): `| a | b |` and `a | b`
    /// have 2; the pipes at the line's ends open and close it, and `\|` is not a pipe.
    static func columns(_ line: Substring.UTF8View) -> Int {
        var pipes = 0, escaped = false
        for b in line {
            if b == UInt8(ascii: "|") && !escaped { pipes += 1 }
            escaped = b == UInt8(ascii: "\\") && !escaped
        }
        guard pipes > 0 else { return 0 }
        let blank: (UInt8) -> Bool = { $0 == 0x20 || $0 == 0x09 || $0 == 0x0D }
        let trimmed = line.drop(while: blank)
        var cells = pipes + 1
        if trimmed.first == UInt8(ascii: "|") { cells -= 1 }
        if let last = trimmed.reversed().first(where: { !blank($0) }), last == UInt8(ascii: "|"), trimmed.count > 1 { cells -= 1 }
        return max(cells, 1)
    }

    /// The 1-based column (in Unicode scalars, like every `SourceLocation`) of `needle` on
    /// `line`, or of the line's first non-blank character when it is not found there.
    func location(line: Int, of needle: String? = nil) -> SourceLocation {
        guard line >= 1 && line <= source.count else { return SourceLocation(line: max(line, 1), column: 1) }
        let raw = source[line - 1]
        if let needle, !needle.isEmpty {
            let text = String(raw)
            var at = Prose.firstWordStart(of: needle, in: text, wordStart: false)?.lowerBound
            if at == nil {
                // Case-insensitively, where lowercasing keeps byte offsets (it does for ASCII).
                let lower = text.lowercased()
                if lower.utf8.count == text.utf8.count, let r = Prose.firstWordStart(of: needle.lowercased(), in: lower, wordStart: false) {
                    at = text.utf8.index(text.startIndex, offsetBy: lower.utf8.distance(from: lower.startIndex, to: r.lowerBound))
                }
            }
            if let at { return SourceLocation(line: line, column: text.unicodeScalars[text.startIndex..<at].count + 1) }
        }
        let lead = raw.prefix { $0 == " " || $0 == "\t" }
        return SourceLocation(line: line, column: lead.unicodeScalars.count + 1)
    }

    /// Walks cmark's enter/exit events and builds the flat block list.
    private struct Builder {
        var blocks: [Block] = []
        var items: [ListItem] = []
        var words = 0

        /// Open list items, innermost last, and whether each has emitted a block yet.
        var itemStack: [(index: Int, emitted: Bool)] = []
        /// How many lists are open.
        var listDepth = 0
        var tableCount = 0

        // The block being collected (paragraph, heading or table row).
        var collecting = false
        var lines: [TextLine] = []
        var current = ""
        var currentLine = 0
        var boldChars = false, plainChars = false
        var emphasisDepth = 0
        var imageDepth = 0
        var cells: [String] = []
        var inCell = false

        mutating func visit(_ node: CmarkNode, entering: Bool) {
            switch node.kind {
            case .list:
                if entering {
                    listDepth += 1
                    if let top = itemStack.last { items[top.index].hasChildren = true }
                } else { listDepth -= 1 }
            case .item:
                if entering {
                    items.append(ListItem(parent: itemStack.last?.index, depth: max(listDepth - 1, 0),
                                          checked: node.isTaskItem ? node.isTaskChecked : nil))
                    itemStack.append((items.count - 1, false))
                } else { itemStack.removeLast() }
            case .paragraph, .heading:
                if entering { begin(node.startLine) } else {
                    let level = node.kind == .heading ? node.headingLevel : 0
                    finish(level > 0 ? .heading(level: level) : .paragraph)
                }
            case .table:
                if entering { tableCount += 1 }
            case .tableRow:
                if entering { begin(node.startLine); cells = [] } else {
                    emit(Block(kind: .tableRow(header: node.isHeaderRow), lines: [TextLine(text: cells.joined(separator: " | "), line: currentLine, emphasisOnly: false)],
                               cells: cells, table: tableCount))
                    collecting = false
                }
            case .tableCell:
                if entering { inCell = true; current = "" } else {
                    let cell = Clean.text(current)
                    cells.append(cell); words += Words.count(cell); current = ""; inCell = false
                }
            case .text:
                append(node.literal)
            case .code:
                append("`" + node.literal + "`")
            case .softBreak, .lineBreak:
                if inCell { current += " " } else if collecting { breakLine() }
            case .htmlInline:
                if collecting && !inCell && HTMLText.isLineBreak(node.literal) { breakLine() }
            case .emph, .strong:
                emphasisDepth += entering ? 1 : -1
            case .image:
                imageDepth += entering ? 1 : -1
            case .codeBlock:
                codeBlock(node)
            case .htmlBlock:
                for piece in HTMLText.blocks(node.literal, startLine: node.startLine) {
                    let l = TextLine(text: Clean.text(piece.text), line: piece.line, emphasisOnly: false)
                    words += l.words
                    emit(Block(kind: piece.level > 0 ? .heading(level: piece.level) : .paragraph, lines: [l]))
                }
            case .document, .blockQuote, .link, .strikethrough, .thematicBreak, .other:
                break
            }
        }

        mutating func begin(_ line: Int) {
            collecting = true; lines = []; current = ""; currentLine = line
            boldChars = false; plainChars = false
        }

        mutating func append(_ s: String) {
            guard collecting, imageDepth == 0 else { return }
            current += s
            if s.contains(where: { !$0.isWhitespace }) {
                if emphasisDepth > 0 { boldChars = true } else { plainChars = true }
            }
        }

        mutating func breakLine() {
            closeLine()
            currentLine += 1
        }

        mutating func closeLine() {
            let t = Clean.text(current)
            if !t.isEmpty {
                let l = TextLine(text: t, line: currentLine, emphasisOnly: boldChars && !plainChars)
                words += l.words
                lines.append(l)
            }
            current = ""; boldChars = false; plainChars = false
        }

        mutating func finish(_ kind: Block.Kind) {
            closeLine()
            collecting = false
            if !lines.isEmpty { emit(Block(kind: kind, lines: lines)) }
        }

        /// A fenced block with a language is code. Other code blocks in a postmortem are
        /// almost always prose indented by accident (or a whole file wrapped in a fence), so
        /// their lines are read as paragraph lines.
        mutating func codeBlock(_ node: CmarkNode) {
            let info = node.fenceInfo.trimmingCharacters(in: .whitespaces)
            let first = node.startLine + (node.isFenced ? 1 : 0)
            var out: [TextLine] = []
            for (k, raw) in node.literal.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
                let t = Clean.text(String(raw))
                if !t.isEmpty { out.append(TextLine(text: t, line: first + k, emphasisOnly: false)) }
            }
            guard !out.isEmpty else { return }
            if info.isEmpty {
                for l in out { words += l.words }
                // Blank lines inside the block separate paragraphs, as in prose.
                var para: [TextLine] = []
                for l in out {
                    if let last = para.last, l.line > last.line + 1 { emit(Block(kind: .paragraph, lines: para)); para = [] }
                    para.append(l)
                }
                if !para.isEmpty { emit(Block(kind: .paragraph, lines: para)) }
            } else {
                emit(Block(kind: .code, lines: out))
            }
        }

        mutating func emit(_ b: Block) {
            var b = b
            if let top = itemStack.last {
                b.item = top.index
                b.firstInItem = !top.emitted
                itemStack[itemStack.count - 1].emitted = true
            }
            blocks.append(b)
        }
    }
}

extension Unicode.Scalar {
    /// Unicode's White_Space, answered without a table lookup for ASCII (the property lookup
    /// dominates the importer's time on large inputs otherwise).
    var isSpace: Bool { value < 128 ? value == 32 || (value >= 9 && value <= 13) : properties.isWhitespace }
    /// Unicode's Alphabetic, likewise.
    var isLetter: Bool { value < 128 ? (value | 32) >= 97 && (value | 32) <= 122 : properties.isAlphabetic }
    var isDigit: Bool { value >= 48 && value <= 57 }
}

enum Words {
    /// Words of prose: runs of non-blank characters holding a letter or a digit.
    static func count<S: StringProtocol>(_ s: S) -> Int {
        var n = 0
        var inWord = false, hasAlnum = false
        for u in s.unicodeScalars {
            if u.isSpace {
                if inWord && hasAlnum { n += 1 }
                inWord = false; hasAlnum = false
            } else {
                inWord = true
                if u.isLetter || u.isDigit { hasAlnum = true }
            }
        }
        if inWord && hasAlnum { n += 1 }
        return n
    }
}

/// Text clean-up shared by every extractor.
enum Clean {
    /// Collapses whitespace (including no-break and em spaces), drops GitHub emoji shortcodes
    /// such as `:small_orange_diamond:` and trims.
    static func text(_ s: String) -> String {
        if isClean(s) { return s }
        var out = ""
        out.reserveCapacity(s.utf8.count)
        var pendingSpace = false
        let scalars = Array(s.unicodeScalars)
        var i = 0
        while i < scalars.count {
            let u = scalars[i]
            if u.isSpace || u == "\u{200B}" || u == "\u{FEFF}" {
                pendingSpace = !out.isEmpty
                i += 1
                continue
            }
            if u == ":", let end = shortcodeEnd(scalars, from: i) {
                pendingSpace = !out.isEmpty
                i = end + 1
                continue
            }
            if pendingSpace { out.unicodeScalars.append(" "); pendingSpace = false }
            out.unicodeScalars.append(u)
            i += 1
        }
        return out
    }

    /// Already clean: ASCII, single spaces inside, none at the ends, no `:x` (the usual line).
    private static func isClean(_ s: String) -> Bool {
        var previous: UInt8 = 32
        for b in s.utf8 {
            if b >= 128 || b < 32 || (b == 32 && previous == 32) || (previous == 58 && b >= 97 && b <= 122) { return false }
            previous = b
        }
        return previous != 32
    }

    /// `:name:` with a lowercase letter first and only `[a-z0-9_+-]` inside.
    private static func shortcodeEnd(_ s: [Unicode.Scalar], from i: Int) -> Int? {
        var j = i + 1
        guard j < s.count, s[j].value >= 97 && s[j].value <= 122 else { return nil }
        while j < s.count && j - i <= 40 {
            let v = s[j].value
            if s[j] == ":" { return j - i >= 3 ? j : nil }
            guard (v >= 97 && v <= 122) || (v >= 48 && v <= 57) || v == 95 || v == 43 || v == 45 else { return nil }
            j += 1
        }
        return nil
    }

    /// Leading decoration before an entry's words: bullets, dashes, arrows, emoji, pipes.
    static func dropLeadingDecoration(_ s: Substring) -> Substring {
        var t = s
        while let c = t.first {
            if c.isLetter || c.isNumber || c == "`" || c == "\"" || c == "'" || c == "(" || c == "“" { break }
            t = t.dropFirst()
        }
        return t
    }

    /// Trailing punctuation that closes a label or a clause.
    static func trimTrailing(_ s: Substring) -> Substring {
        var t = s
        while let c = t.last, c == ":" || c == " " || c == "-" || c == "–" || c == "—" || c == "|" || c == "," { t = t.dropLast() }
        return t
    }
}

/// Text of raw HTML blocks (students paste `<h2>`, `<p>`, `<li>`...): block-level tags end a
/// line, `<h1>`…`<h6>` become headings, other tags are dropped and entities decoded.
enum HTMLText {
    struct Piece { var text: String; var line: Int; var level: Int }

    static func isLineBreak(_ tag: String) -> Bool {
        let t = tag.lowercased()
        return t.hasPrefix("<br") || t.hasPrefix("</p") || t.hasPrefix("<p")
    }

    static let blockTags: Set<String> = [
        "p", "div", "br", "li", "ul", "ol", "tr", "td", "th", "table", "thead", "tbody", "blockquote",
        "section", "article", "header", "footer", "details", "summary", "hr", "pre", "center", "dl", "dt", "dd",
        "h1", "h2", "h3", "h4", "h5", "h6",
    ]

    static func blocks(_ html: String, startLine: Int) -> [Piece] {
        var out: [Piece] = []
        let s = Array(html.unicodeScalars)
        var text = ""
        var line = startLine, textLine = startLine
        var heading = 0
        var skipUntil: String?   // inside <script>/<style>
        func flush() {
            let t = text.trimmingCharacters(in: .whitespaces)
            if !t.isEmpty { out.append(Piece(text: t, line: textLine, level: heading)) }
            text = ""
        }
        var i = 0
        while i < s.count {
            let c = s[i]
            if c == "\n" { if heading == 0 { flush() } else { text += " " }; line += 1; i += 1; continue }
            if c == "<" {
                // Comment
                if i + 3 < s.count && s[i + 1] == "!" && s[i + 2] == "-" && s[i + 3] == "-" {
                    var j = i + 4
                    while j + 2 < s.count && !(s[j] == "-" && s[j + 1] == "-" && s[j + 2] == ">") {
                        if s[j] == "\n" { line += 1 }
                        j += 1
                    }
                    i = min(j + 3, s.count); continue
                }
                var j = i + 1
                while j < s.count && s[j] != ">" && j - i < 2_000 { j += 1 }
                if j < s.count && s[j] == ">" {
                    let inner = String(String.UnicodeScalarView(s[(i + 1)..<j]))
                    for u in inner.unicodeScalars where u == "\n" { line += 1 }
                    let closing = inner.hasPrefix("/")
                    let name = String(inner.drop { $0 == "/" }.prefix { $0.isLetter || $0.isNumber }).lowercased()
                    if let stop = skipUntil {
                        if closing && name == stop { skipUntil = nil }
                    } else if name == "script" || name == "style" {
                        if !closing { skipUntil = name }
                    } else if blockTags.contains(name) {
                        flush()
                        if name.count == 2, name.first == "h", let lv = Int(name.dropFirst()) {
                            heading = closing ? 0 : lv
                        }
                        textLine = line
                    }
                    i = j + 1; continue
                }
            }
            if skipUntil == nil {
                if text.isEmpty { textLine = line }
                if c == "&", let (decoded, len) = entity(s, at: i) {
                    text += decoded; i += len; continue
                }
                text.unicodeScalars.append(c)
            }
            i += 1
        }
        flush()
        return out
    }

    static let named: [String: String] = [
        "amp": "&", "lt": "<", "gt": ">", "quot": "\"", "apos": "'", "nbsp": " ", "emsp": " ", "ensp": " ",
        "thinsp": " ", "mdash": "—", "ndash": "–", "hellip": "…", "rsquo": "’", "lsquo": "‘", "ldquo": "“", "rdquo": "”",
    ]

    static func entity(_ s: [Unicode.Scalar], at i: Int) -> (String, Int)? {
        var j = i + 1
        while j < s.count && j - i < 12 && s[j] != ";" { j += 1 }
        guard j < s.count, s[j] == ";" else { return nil }
        let body = String(String.UnicodeScalarView(s[(i + 1)..<j]))
        if body.hasPrefix("#") {
            let num = body.dropFirst()
            let v = num.hasPrefix("x") || num.hasPrefix("X") ? UInt32(num.dropFirst(), radix: 16) : UInt32(num)
            if let v, let u = Unicode.Scalar(v), v != 0 { return (String(u), j - i + 1) }
            return nil
        }
        if let d = named[body.lowercased()] { return (d, j - i + 1) }
        return nil
    }
}
