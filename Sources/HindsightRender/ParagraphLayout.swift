import CCairo
import HindsightLayout

/// A paragraph shaped and broken into lines by pango, with every line given its own place, so
/// that a report can put some lines on one page and the rest on the next.
///
/// Lines sit on a fixed pitch (font size × leading) with the spare room split above and below
/// the font, as CSS does; a line only grows when its content (a fallback glyph with a taller
/// font) needs more. Pagination uses these line boxes and painting draws these very lines at
/// these positions, so what was measured is exactly what is drawn.
///
/// The pango layout belongs to the shaper's context: use an instance only while holding the
/// `TextShaper` it was made with.
final class ParagraphLayout {
    let layout: GObjectRef
    let lines: [ParagraphLine]
    /// Each line's bytes in the layout's plain text.
    let lineBytes: [Range<Int>]
    let links: [ParagraphMarkup.Link]

    /// `paragraph` laid out: its content as markup in its style.
    convenience init(_ paragraph: Paragraph, shaper: TextShaper) {
        let style = paragraph.style
        self.init(ParagraphMarkup(paragraph.content, style: style), font: style.font, width: paragraph.width,
                  leading: style.leading, align: style.align, ellipsize: style.ellipsize, shaper: shaper)
    }

    /// Lays out `markup` in `font`, wrapped to `width` when given, or cut to one line ending
    /// in "…" if `ellipsize`.
    init(_ markup: ParagraphMarkup, font: FontSpec, width: Double?, leading: Double,
         align: TextAlign = .left, ellipsize: Bool = false, shaper: TextShaper) {
        let layout = shaper.layout("", font: font, wrapWidth: width, align: align).layout
        if ellipsize { pango_layout_set_ellipsize(layout.pointer, PANGO_ELLIPSIZE_END) }
        (TextShaper.featuresSpan.open + markup.markup + TextShaper.featuresSpan.close).withCString { pango_layout_set_markup(layout.pointer, $0, -1) }
        assert(Int(strlen(pango_layout_get_text(layout.pointer))) == markup.byteCount,
               "pango's text must match the byte offsets computed for links")
        self.layout = layout
        links = markup.links

        let strut = Self.strut(font, shaper: shaper)
        let pitch = font.size * leading
        let halfLeading = (pitch - strut.ascent - strut.descent) / 2

        var lines: [ParagraphLine] = [], lineBytes: [Range<Int>] = []
        var y = 0.0
        let iter = pango_layout_get_iter(layout.pointer)
        defer { pango_layout_iter_free(iter) }
        repeat {
            var logical = PangoRectangle()
            pango_layout_iter_get_line_extents(iter, nil, &logical)
            let baseline = pango_units_to_double(pango_layout_iter_get_baseline(iter))
            let top = pango_units_to_double(logical.y)
            let lineAscent = baseline - top
            let lineDescent = top + pango_units_to_double(logical.height) - baseline
            let above = max(halfLeading + strut.ascent, lineAscent)
            let below = max(halfLeading + strut.descent, lineDescent)
            let line = pango_layout_iter_get_line_readonly(iter)!.pointee
            lineBytes.append(Int(line.start_index)..<Int(line.start_index + line.length))
            lines.append(ParagraphLine(top: y, height: above + below, baseline: y + above,
                                       x: pango_units_to_double(logical.x), width: pango_units_to_double(logical.width)))
            y += above + below
        } while pango_layout_iter_next_line(iter) != 0
        self.lines = lines
        self.lineBytes = lineBytes
    }

    var height: Double { lines.last.map { $0.top + $0.height } ?? 0 }

    /// The widest line.
    var width: Double { lines.map { $0.x + $0.width }.max() ?? 0 }

    /// Draws `range` with the top of its first line at `origin.y`.
    func draw(_ range: Range<Int>, at origin: Point, color: RGBA, on cr: OpaquePointer) {
        guard let first = range.first else { return }
        let dy = origin.y - lines[first].top
        cairo_set_source_rgba(cr, color.r, color.g, color.b, color.a)
        for i in range {
            cairo_move_to(cr, origin.x + lines[i].x, dy + lines[i].baseline)
            pango_cairo_show_layout_line(cr, pango_layout_get_line_readonly(layout.pointer, Int32(i)))
        }
    }

    /// Where each link of `range` lies when drawn as by `draw(_:at:color:on:)`: one rectangle
    /// per line the link's text touches, spanning that line box's height.
    func linkAreas(_ range: Range<Int>, at origin: Point) -> [(url: String, rects: [Rect])] {
        guard let first = range.first, !links.isEmpty else { return [] }
        let dy = origin.y - lines[first].top
        let text = pango_layout_get_text(layout.pointer)!
        return links.compactMap { link in
            let rects: [Rect] = range.compactMap { i in
                let line = lines[i], bytes = lineBytes[i]
                let lo = max(link.bytes.lowerBound, bytes.lowerBound)
                let hi = min(link.bytes.upperBound, bytes.upperBound)
                guard lo < hi else { return nil }
                // The last character's trailing edge: step back over UTF-8 continuation bytes.
                var last = hi - 1
                while last > lo, UInt8(bitPattern: text[last]) & 0xC0 == 0x80 { last -= 1 }
                let pangoLine = pango_layout_get_line_readonly(layout.pointer, Int32(i))
                var start: Int32 = 0, end: Int32 = 0
                pango_layout_line_index_to_x(pangoLine, Int32(lo), 0, &start)
                pango_layout_line_index_to_x(pangoLine, Int32(last), 1, &end)
                let x0 = pango_units_to_double(min(start, end)), x1 = pango_units_to_double(max(start, end))
                return Rect(x: origin.x + line.x + x0, y: dy + line.top, w: x1 - x0, h: line.height)
            }
            return rects.isEmpty ? nil : (link.url, rects)
        }
    }

    /// The narrowest width the text can take without breaking inside a word, and its width on
    /// one line (widest line when it has forced breaks). Table columns are sized from these.
    static func widths(_ paragraph: Paragraph, shaper: TextShaper) -> (min: Double, natural: Double) {
        let markup = ParagraphMarkup(paragraph.content, style: paragraph.style)
        let shaped = shaper.layout("", font: paragraph.style.font, wrapWidth: nil, align: .left)
        let layout = shaped.layout.pointer
        (TextShaper.featuresSpan.open + markup.markup + TextShaper.featuresSpan.close).withCString { pango_layout_set_markup(layout, $0, -1) }
        var logical = PangoRectangle()
        pango_layout_get_extents(layout, nil, &logical)
        let natural = pango_units_to_double(logical.width)
        // Wrapping at word boundaries only, to a width nothing fits in, puts every word on its
        // own line; a word wider than the width overflows instead of being broken.
        pango_layout_set_wrap(layout, PANGO_WRAP_WORD)
        pango_layout_set_width(layout, 1)
        pango_layout_get_extents(layout, nil, &logical)
        return (min(pango_units_to_double(logical.width), natural), natural)
    }

    /// Ascent and descent by font: the same on every thread and shaper, and a report asks for a
    /// handful of fonts hundreds of times.
    private static let struts = Locked<[FontSpec: (ascent: Double, descent: Double)]>([:])

    /// The font's own ascent and descent: the line box every line of the paragraph starts from.
    private static func strut(_ font: FontSpec, shaper: TextShaper) -> (ascent: Double, descent: Double) {
        if let known = struts.withLock({ $0[font] }) { return known }
        let metrics = shaper.layout("x", font: font, wrapWidth: nil, align: .left).metrics
        let strut = (ascent: metrics.baseline, descent: metrics.height - metrics.baseline)
        struts.withLock { $0[font] = strut }
        return strut
    }
}
