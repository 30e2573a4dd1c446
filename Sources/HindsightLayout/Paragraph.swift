import HindsightModel

// Paragraphs of rich text on a page (the report): the one text item of a scene that is wrapped
// and broken across pages line by line. A paragraph is measured once by the backend (only its
// shaper knows where the lines break) and then placed, a range of its lines at a time, as
// `SceneItem.paragraph` items that the same renderer as the figures draws.

/// How a paragraph is set: font, line pitch, alignment, and the look of inline code and links.
public struct ParagraphStyle: Hashable, Sendable {
    public var font: FontSpec
    /// Line pitch as a multiple of the font size (CSS's `line-height`).
    public var leading: Double
    public var align: TextAlign
    /// Cut to one line ending in "…" (with a width).
    public var ellipsize: Bool
    public var code: RGBA
    public var codeBackground: RGBA
    public var link: RGBA
    public var linkUnderline: RGBA

    public init(font: FontSpec, leading: Double, align: TextAlign = .left, ellipsize: Bool = false,
                code: RGBA, codeBackground: RGBA, link: RGBA, linkUnderline: RGBA) {
        self.font = font; self.leading = leading; self.align = align; self.ellipsize = ellipsize
        self.code = code; self.codeBackground = codeBackground; self.link = link; self.linkUnderline = linkUnderline
    }
}

/// Inline content set in a style, wrapped to `width` (one line per forced break when nil).
public struct Paragraph: Hashable, Sendable {
    public var content: [Inline]
    public var style: ParagraphStyle
    public var width: Double?

    public init(_ content: [Inline], style: ParagraphStyle, width: Double?) {
        self.content = content; self.style = style; self.width = width
    }
}

/// One line of a measured paragraph, from the paragraph's top-left corner.
public struct ParagraphLine: Hashable, Sendable {
    /// Top of the line box.
    public var top: Double
    public var height: Double
    /// Baseline, from the top of the paragraph.
    public var baseline: Double
    /// Left edge and width of the line's logical box.
    public var x: Double
    public var width: Double

    public init(top: Double, height: Double, baseline: Double, x: Double, width: Double) {
        self.top = top; self.height = height; self.baseline = baseline; self.x = x; self.width = width
    }
}

/// A paragraph with the lines its backend broke it into.
public struct MeasuredParagraph: Hashable, Sendable {
    public var paragraph: Paragraph
    /// At least one line.
    public var lines: [ParagraphLine]

    public init(_ paragraph: Paragraph, lines: [ParagraphLine]) { self.paragraph = paragraph; self.lines = lines }

    public var height: Double { lines.last.map { $0.top + $0.height } ?? 0 }
    /// The widest line.
    public var width: Double { lines.map { $0.x + $0.width }.max() ?? 0 }
}

/// Paragraph measurement is asked of the backend, like `TextMeasurer`'s. Implementations must
/// be deterministic and agree exactly with how the renderer draws `SceneItem.paragraph`.
public protocol ParagraphMeasurer {
    func measure(_ paragraph: Paragraph) -> MeasuredParagraph
    /// The narrowest width the content takes without breaking inside a word, and its width on
    /// one line (the widest line when it has forced breaks); the paragraph's width is ignored.
    func widths(_ paragraph: Paragraph) -> (min: Double, natural: Double)
}

/// Lines `lines` of a paragraph, drawn with the top-left of the first line's box (the
/// paragraph's left edge) at `frame`'s top-left. Links in them are live in a PDF.
public struct ParagraphRun: Hashable, Sendable {
    public var paragraph: Paragraph
    public var lines: Range<Int>
    /// The lines' box on the canvas: the paragraph's left edge, the first line's top.
    public var frame: Rect
    public var color: RGBA

    public init(_ paragraph: Paragraph, lines: Range<Int>, frame: Rect, color: RGBA) {
        self.paragraph = paragraph; self.lines = lines; self.frame = frame; self.color = color
    }
}

/// An entry of a document's outline (a PDF's bookmarks) jumping to `at` on its page.
public struct OutlineEntry: Hashable, Sendable {
    public var title: String
    /// 1 = outermost; deeper levels nest under the entry before them.
    public var level: Int
    public var at: Point

    public init(title: String, level: Int, at: Point) { self.title = title; self.level = level; self.at = at }
}
