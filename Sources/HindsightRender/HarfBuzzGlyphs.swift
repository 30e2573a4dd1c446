import CCairo
import HindsightLayout

/// pango's special glyph values (its C macros, which Swift does not import).
enum PangoGlyphs {
    /// `PANGO_GLYPH_EMPTY`: draws nothing, takes no room.
    static let empty: PangoGlyph = 0x0FFF_FFFF
    /// `PANGO_GLYPH_UNKNOWN_FLAG`: set on a character no font has (the rest is the character).
    static let unknownFlag: PangoGlyph = 0x1000_0000
}

/// Glyph ink boxes, font metrics and outlines read by HarfBuzz, which pango already shapes
/// with, in place of pangocairo's and cairo's.
///
/// Why: pangocairo measures every glyph it lays out by having cairo load it with FreeType
/// (`cairo_scaled_font_glyph_extents`); the SVG writer took outlines the same way
/// (`cairo_glyph_path`); and pangocairo makes a font's metrics by laying a sample sentence
/// out in a new context, which loads fonts again through a new fontconfig pattern (two
/// threads sorting fonts) for every font a layout uses. Reading them with HarfBuzz took the
/// example's timeline SVG from 168 M to 118 M instructions and 37 to 22 threads
/// (BENCHMARKS.md, issue 17, session 10).
///
/// - Extents and metrics: for every font pango draws without a transform and fontconfig does
///   not embolden (then cairo would draw it bolder than its outline). Metrics equal
///   pangocairo's field by field for a font that has its sample text's characters (pango's
///   `get_face_metrics`: HarfBuzz's extents, scaled by the pattern's matrix as pango scales
///   them, the underline and strikeout from the font's tables); ink boxes and advances agree
///   to FreeType's rounding (1/64 px). `HarfBuzzGlyphTests` holds both.
/// - Outlines: for plain outline fonts only (no colour glyphs, no pattern matrix).
/// - Colour bitmaps (PNG strikes, as Noto Color Emoji's): the font's own PNG and the box it
///   fills, which the SVG writer embeds as they are. Other colour glyphs are drawn by cairo.
/// - The empty and unknown glyphs stay with pangocairo.
enum HarfBuzzGlyphs {
    /// Puts `glyphExtents` and `fontMetrics` in place of pangocairo's in the class of its
    /// fontconfig fonts (`PangoCairoFcFont`). Done once per process, by `FontSetup` before any
    /// pango font map exists; later calls do nothing.
    static func install() {
        installation.withLock { done in
            guard !done else { return }
            done = true
            // The class is kept for the rest of the process, so the functions put in stay.
            guard let gClass = g_type_class_ref(pango_cairo_fc_font_get_type()) else { return }
            let fontClass = gClass.assumingMemoryBound(to: PangoFontClass.self)
            guard let originalExtents = fontClass.pointee.get_glyph_extents,
                  let originalMetrics = fontClass.pointee.get_metrics else { return }
            cairoExtents = originalExtents
            cairoMetrics = originalMetrics
            fontClass.pointee.get_glyph_extents = glyphExtents
            fontClass.pointee.get_metrics = fontMetrics
        }
    }

    /// Whether the font class measures with HarfBuzz (for tests).
    static var inPlace: Bool {
        guard let gClass = g_type_class_peek(pango_cairo_fc_font_get_type()),
              let current = gClass.assumingMemoryBound(to: PangoFontClass.self).pointee.get_glyph_extents else { return false }
        return unsafeBitCast(current, to: UnsafeRawPointer.self) == unsafeBitCast(glyphExtents, to: UnsafeRawPointer.self)
    }

    private static let installation = Locked(false)
    /// pangocairo's own `get_glyph_extents`, for what HarfBuzz does not measure here.
    /// Written once under `installation`'s lock before the class points at `glyphExtents`.
    nonisolated(unsafe) private static var cairoExtents: (@convention(c) (UnsafeMutablePointer<PangoFont>?, PangoGlyph,
                                                                          UnsafeMutablePointer<PangoRectangle>?, UnsafeMutablePointer<PangoRectangle>?) -> Void)?

    /// pangocairo's own `get_metrics`, for the fonts HarfBuzz does not measure here.
    nonisolated(unsafe) private static var cairoMetrics: (@convention(c) (UnsafeMutablePointer<PangoFont>?, OpaquePointer?) -> UnsafeMutablePointer<PangoFontMetrics>?)?

    /// A glyph's ink box and logical box, in pango units, as pangocairo gives them: the logical
    /// box spans the font's ascent and descent (pangocairo's own, for the empty glyph) and the
    /// glyph's advance; the ink box is the glyph's bounds. Kept per font and glyph, as
    /// pangocairo keeps its own.
    private static let glyphExtents: @convention(c) (UnsafeMutablePointer<PangoFont>?, PangoGlyph,
                                                     UnsafeMutablePointer<PangoRectangle>?, UnsafeMutablePointer<PangoRectangle>?) -> Void = { font, glyph, ink, logical in
        guard let cairo = HarfBuzzGlyphs.cairoExtents else { return }
        guard let font, glyph != PangoGlyphs.empty, glyph & PangoGlyphs.unknownFlag == 0,
              let measured = HarfBuzzGlyphs.fontGlyphs(font) else {
            cairo(font, glyph, ink, logical)
            return
        }
        let box = measured.extents(glyph)
        if let logical {
            logical.pointee = measured.line
            logical.pointee.width = box.advance
        }
        if let ink { ink.pointee = box.ink }
    }

    /// A font's metrics for a language, as pangocairo makes them (see the type's notes). Every
    /// `pango_layout_get_extents` asks for them, for the line height.
    private static let fontMetrics: @convention(c) (UnsafeMutablePointer<PangoFont>?, OpaquePointer?) -> UnsafeMutablePointer<PangoFontMetrics>? = { font, language in
        guard let cairo = HarfBuzzGlyphs.cairoMetrics else { return nil }
        guard let font, let measured = HarfBuzzGlyphs.fontGlyphs(font) else { return cairo(font, language) }
        return pango_font_metrics_ref(measured.metrics(language, font: font))
    }

    /// pangocairo's metrics of `font`, whichever way the class measures now (for tests).
    static func pangocairoMetrics(_ font: UnsafeMutablePointer<PangoFont>, _ language: OpaquePointer?) -> UnsafeMutablePointer<PangoFontMetrics>? {
        cairoMetrics.map { $0(font, language) } ?? pango_font_get_metrics(font, language)
    }

    /// pangocairo's extents of a glyph, whichever way the class measures now (for tests).
    static func pangocairoExtents(_ font: UnsafeMutablePointer<PangoFont>, _ glyph: PangoGlyph) -> (ink: PangoRectangle, logical: PangoRectangle) {
        var ink = PangoRectangle(), logical = PangoRectangle()
        if let cairo = cairoExtents { cairo(font, glyph, &ink, &logical) } else { pango_font_get_glyph_extents(font, glyph, &ink, &logical) }
        return (ink, logical)
    }

    /// Whether HarfBuzz measures `font` (see the type's notes).
    static func measures(_ font: UnsafeMutablePointer<PangoFont>) -> Bool { fontGlyphs(font) != nil }

    /// The HarfBuzz font of `font` when HarfBuzz outlines it as cairo would: a plain outline
    /// font (no colour glyphs, no pattern matrix) that HarfBuzz measures.
    static func outlineFont(_ font: UnsafeMutablePointer<PangoFont>) -> OpaquePointer? {
        fontGlyphs(font).flatMap { $0.outlines ? $0.hb : nil }
    }

    /// The HarfBuzz font of `font` when its colour glyphs are PNG images HarfBuzz hands out
    /// (Noto Color Emoji's bitmaps) and HarfBuzz measures it.
    static func bitmapFont(_ font: UnsafeMutablePointer<PangoFont>) -> OpaquePointer? {
        fontGlyphs(font).flatMap { $0.bitmaps ? $0.hb : nil }
    }

    /// A colour glyph's own PNG image and the box it fills, in px relative to the glyph's
    /// origin on the baseline (y down); nil when the glyph has no image.
    static func colorBitmap(_ glyph: UInt32, of hb: OpaquePointer) -> (box: Rect, png: [UInt8])? {
        guard let blob = hb_ot_color_glyph_reference_png(hb, glyph) else { return nil }
        defer { hb_blob_destroy(blob) }
        var length: UInt32 = 0
        var e = hb_glyph_extents_t()
        guard let data = hb_blob_get_data(blob, &length), length > 0,
              hb_font_get_glyph_extents(hb, glyph, &e) != 0, e.width > 0, e.height < 0 else { return nil }
        let px = { (units: Int32) in Double(units) / Double(PANGO_SCALE) }
        let png = UnsafeRawBufferPointer(start: data, count: Int(length))
        return (Rect(x: px(e.x_bearing), y: -px(e.y_bearing), w: px(e.width), h: -px(e.height)), Array(png))
    }

    /// What is known of one font HarfBuzz measures, kept on the font object (freed with it).
    private final class FontGlyphs {
        let hb: OpaquePointer
        /// Outlines come from HarfBuzz too.
        let outlines: Bool
        /// Its colour glyphs are PNG images.
        let bitmaps: Bool
        /// The pattern's matrix's vertical scale, when it has a matrix (pango scales ascent,
        /// descent and height by it; cairo draws the glyphs through it).
        let patternScale: Double?
        /// The font's logical box for a glyph of no width: its ascent and descent.
        let line: PangoRectangle
        private var known: [PangoGlyph: (ink: PangoRectangle, advance: Int32)] = [:]
        /// Metrics by the language's sample text (pango's own key: one string per language).
        private var metricsBySample: [(sample: UnsafePointer<CChar>?, metrics: UnsafeMutablePointer<PangoFontMetrics>)] = []

        init(hb: OpaquePointer, outlines: Bool, bitmaps: Bool, patternScale: Double?, line: PangoRectangle) {
            (self.hb, self.outlines, self.bitmaps, self.patternScale, self.line) = (hb, outlines, bitmaps, patternScale, line)
        }

        deinit {
            for m in metricsBySample { pango_font_metrics_unref(m.metrics) }
        }

        /// The metrics for `language`'s sample text. The approximate character and digit
        /// widths are the sample's and the digits' as this font shapes them (pangocairo's,
        /// when the font has every character of both and the sample runs left to right);
        /// pango would take a missing character from a fallback font. Neither pango's layout
        /// and renderer nor Hindsight read those two widths.
        func metrics(_ language: OpaquePointer?, font: UnsafeMutablePointer<PangoFont>) -> UnsafeMutablePointer<PangoFontMetrics> {
            let sample = pango_language_get_sample_string(language)
            if let known = metricsBySample.first(where: { $0.sample == sample }) { return known.metrics }
            // Freed by pango_font_metrics_unref, which gives it back to the slice allocator.
            let m = g_slice_alloc0(gsize(MemoryLayout<PangoFontMetrics>.size))!.assumingMemoryBound(to: PangoFontMetrics.self)
            m.pointee.ref_count = 1
            var e = hb_font_extents_t()
            hb_font_get_extents_for_direction(hb, HB_DIRECTION_LTR, &e)
            // pango scales by the matrix in floating point and keeps the integer part.
            let scale = patternScale ?? 1
            m.pointee.ascent = Int32(Double(e.ascender) * scale)
            m.pointee.descent = Int32(Double(-e.descender) * scale)
            m.pointee.height = Int32(Double(e.ascender - e.descender + e.line_gap) * scale)
            func position(_ tag: hb_ot_metrics_tag_t, or fallback: Int32) -> Int32 {
                var p: hb_position_t = 0
                return hb_ot_metrics_get_position(hb, tag, &p) != 0 && p != 0 ? p : fallback
            }
            m.pointee.underline_thickness = position(HB_OT_METRICS_TAG_UNDERLINE_SIZE, or: PANGO_SCALE)
            m.pointee.underline_position = position(HB_OT_METRICS_TAG_UNDERLINE_OFFSET, or: -PANGO_SCALE)
            m.pointee.strikethrough_thickness = position(HB_OT_METRICS_TAG_STRIKEOUT_SIZE, or: PANGO_SCALE)
            m.pointee.strikethrough_position = position(HB_OT_METRICS_TAG_STRIKEOUT_OFFSET, or: m.pointee.ascent / 2)
            let text = sample.map { String(cString: $0) } ?? ""
            // Columns as pango counts them: none for a zero-width character, two for a wide one.
            let columns = text.unicodeScalars.reduce(Int32(0)) { n, c in
                g_unichar_iszerowidth(c.value) != 0 ? n : n + (g_unichar_iswide(c.value) != 0 ? 2 : 1)
            }
            m.pointee.approximate_char_width = HarfBuzzGlyphs.advances(text, font: font, hb: hb, language: language).reduce(0, +) / max(columns, 1)
            m.pointee.approximate_digit_width = HarfBuzzGlyphs.advances("0123456789", font: font, hb: hb, language: language).max() ?? 0
            metricsBySample.append((sample, m))
            return m
        }

        func extents(_ glyph: PangoGlyph) -> (ink: PangoRectangle, advance: Int32) {
            if let box = known[glyph] { return box }
            var e = hb_glyph_extents_t()
            let ink = hb_font_get_glyph_extents(hb, glyph, &e) != 0
                ? PangoRectangle(x: e.x_bearing, y: -e.y_bearing, width: e.width, height: -e.height) : PangoRectangle()
            let box = (ink: ink, advance: hb_font_get_glyph_h_advance(hb, glyph))
            // Hostile text could name many glyphs; the cache is a speed-up, never a requirement.
            if known.count >= 4096 { known.removeAll(keepingCapacity: true) }
            known[glyph] = box
            return box
        }
    }

    /// The font's `FontGlyphs`, made on first use; nil for a font HarfBuzz does not measure.
    /// A pango font is used by one thread at a time (each `TextShaper` has its own font
    /// map), so the cache needs no lock.
    private static func fontGlyphs(_ font: UnsafeMutablePointer<PangoFont>) -> FontGlyphs? {
        let object = UnsafeMutableRawPointer(font).assumingMemoryBound(to: GObject.self)
        if let known = g_object_get_qdata(object, quark) {
            return Unmanaged<AnyObject>.fromOpaque(known).takeUnretainedValue() as? FontGlyphs
        }
        guard let cairo = cairoExtents else { return nil }
        let made: AnyObject
        if let look = look(font) {
            var line = PangoRectangle()
            cairo(font, PangoGlyphs.empty, nil, &line)
            made = FontGlyphs(hb: look.hb, outlines: look.outlines, bitmaps: look.bitmaps, patternScale: look.patternScale, line: line)
        } else {
            made = NotMeasured.shared
        }
        g_object_set_qdata_full(object, quark, Unmanaged.passRetained(made).toOpaque()) { p in
            if let p { Unmanaged<AnyObject>.fromOpaque(p).release() }
        }
        return made as? FontGlyphs
    }

    /// What `fontGlyphs` keeps on a font HarfBuzz does not measure.
    private final class NotMeasured: @unchecked Sendable {
        static let shared = NotMeasured()
    }

    private static let quark = g_quark_from_static_string("hindsight-harfbuzz-glyphs")

    /// The advance of each glyph of `text` shaped as pango shapes one run of it: the script
    /// and direction guessed, the language given, the font's own features.
    private static func advances(_ text: String, font: UnsafeMutablePointer<PangoFont>, hb: OpaquePointer, language: OpaquePointer?) -> [Int32] {
        guard let buffer = hb_buffer_create() else { return [] }
        defer { hb_buffer_destroy(buffer) }
        var utf8 = Array(text.utf8)
        hb_buffer_add_utf8(buffer, &utf8, Int32(utf8.count), 0, Int32(utf8.count))
        if let language, let name = pango_language_to_string(language) {
            hb_buffer_set_language(buffer, hb_language_from_string(name, -1))
        }
        hb_buffer_guess_segment_properties(buffer)
        hb_buffer_set_flags(buffer, hb_buffer_flags_t(HB_BUFFER_FLAG_BOT.rawValue | HB_BUFFER_FLAG_EOT.rawValue))
        var features = [hb_feature_t](repeating: hb_feature_t(), count: 32)
        var count: UInt32 = 0
        pango_font_get_features(font, &features, UInt32(features.count), &count)
        hb_shape(hb, buffer, features, count)
        var length: UInt32 = 0
        guard let positions = hb_buffer_get_glyph_positions(buffer, &length) else { return [] }
        // pango rounds glyph positions to whole pixels in a new context, the kind pangocairo
        // lays the sample text out in.
        return (0..<Int(length)).map { (positions[$0].x_advance + PANGO_SCALE / 2) & ~(PANGO_SCALE - 1) }
    }

    /// How HarfBuzz may take `font`: its HarfBuzz font, whether it outlines it too, whether
    /// its colour glyphs are PNG images, and the pattern matrix's vertical scale; nil when
    /// cairo draws it otherwise than HarfBuzz reads it (a transform, a size HarfBuzz is not
    /// scaled to, emboldening).
    private static func look(_ font: UnsafeMutablePointer<PangoFont>) -> (hb: OpaquePointer, outlines: Bool, bitmaps: Bool, patternScale: Double?)? {
        guard let hb = pango_font_get_hb_font(font), let face = hb_font_get_face(hb),
              let scaled = pango_cairo_font_get_scaled_font(OpaquePointer(font)) else { return nil }
        var m = cairo_matrix_t(), ctm = cairo_matrix_t()
        cairo_scaled_font_get_font_matrix(scaled, &m)
        cairo_scaled_font_get_ctm(scaled, &ctm)
        guard m.xy == 0, m.yx == 0, m.xx == m.yy, m.xx > 0, m.x0 == 0, m.y0 == 0,
              ctm.xx == 1, ctm.yy == 1, ctm.xy == 0, ctm.yx == 0 else { return nil }
        // The HarfBuzz font is scaled to the size in pango units (a pango context with no
        // transform); anything else would measure at another size.
        var xScale: Int32 = 0, yScale: Int32 = 0
        hb_font_get_scale(hb, &xScale, &yScale)
        guard abs(Double(xScale) - m.xx * Double(PANGO_SCALE)) < 1, xScale == yScale else { return nil }
        guard let pattern = pango_fc_font_get_pattern(UnsafeMutableRawPointer(font).assumingMemoryBound(to: PangoFcFont.self)) else { return nil }
        var embolden: FcBool = 0
        if FcPatternGetBool(pattern, FC_EMBOLDEN, 0, &embolden) == FcResultMatch, embolden != 0 { return nil }
        var patternScale: Double?
        var matrix: UnsafeMutablePointer<FcMatrix>?
        if FcPatternGetMatrix(pattern, FC_MATRIX, 0, &matrix) == FcResultMatch, let f = matrix?.pointee,
           f.xx != 1 || f.xy != 0 || f.yx != 0 || f.yy != 1 {
            // Only a uniform scale (bitmap emoji drawn at the text's size): a shear or a
            // stretch would change the ink box.
            guard f.xy == 0, f.yx == 0, f.xx == f.yy, f.yy > 0 else { return nil }
            patternScale = f.yy
        }
        let colour = colourGlyphs(face)
        return (hb, !colour.any && patternScale == nil, colour == .pngOnly, patternScale)
    }

    /// What colour glyphs a face has: PNG images only (bitmap emoji), none, or other kinds
    /// (layers, SVG; possibly PNG too).
    enum ColourGlyphs: Equatable {
        case none, pngOnly, other
        var any: Bool { self != .none }
    }

    static func colourGlyphs(_ face: OpaquePointer) -> ColourGlyphs {
        let png = hb_ot_color_has_png(face) != 0
        let other = hb_ot_color_has_layers(face) != 0 || hb_ot_color_has_svg(face) != 0
        return other ? .other : png ? .pngOnly : .none
    }

    /// A glyph's outline as SVG path data in px, y down, origin on the baseline; empty for a
    /// glyph with no outline. Written as cairo writes a path: quadratic curves become cubic
    /// ones, a line to the current point is dropped, and so is a contour's last line when it
    /// only goes back to the start (the close does that).
    static func outline(_ glyph: UInt32, of hb: OpaquePointer) -> [UInt8] {
        var pen = Pen()
        withUnsafeMutablePointer(to: &pen) { hb_font_get_glyph_shape(hb, glyph, drawFuncs, $0) }
        return pen.d.bytes
    }

    /// Where the outline is written: the SVG data, the current point and the contour's start
    /// (pango units, y up), and where the last command began when it was a line.
    private struct Pen {
        var d = SVGBytes()
        var x: Float = 0, y: Float = 0
        var startX: Float = 0, startY: Float = 0
        var lastLine: Int?

        mutating func command(_ c: String, _ points: [(Float, Float)]) {
            lastLine = c == "L" ? d.bytes.count : nil
            d.text(c)
            for (i, (px, py)) in points.enumerated() {
                if i > 0 { d.text(" ") }
                d.number(Double(px) / Double(PANGO_SCALE)); d.text(" "); d.number(-Double(py) / Double(PANGO_SCALE))
            }
            (x, y) = points[points.count - 1]
        }

        mutating func move(_ px: Float, _ py: Float) {
            command("M", [(px, py)])
            (startX, startY) = (px, py)
        }

        mutating func line(_ px: Float, _ py: Float) {
            guard px != x || py != y else { return }
            command("L", [(px, py)])
        }

        mutating func close() {
            if let at = lastLine, x == startX, y == startY { d.bytes.removeSubrange(at...) }
            lastLine = nil
            d.text("Z")
            (x, y) = (startX, startY)
        }
    }

    /// Immutable once made (`hb_draw_funcs_make_immutable`), so threads may share it.
    nonisolated(unsafe) private static let drawFuncs: OpaquePointer = {
        let funcs = hb_draw_funcs_create()!
        func pen(_ p: UnsafeMutableRawPointer?) -> UnsafeMutablePointer<Pen> { p!.assumingMemoryBound(to: Pen.self) }
        hb_draw_funcs_set_move_to_func(funcs, { _, data, _, x, y, _ in pen(data).pointee.move(x, y) }, nil, nil)
        hb_draw_funcs_set_line_to_func(funcs, { _, data, _, x, y, _ in pen(data).pointee.line(x, y) }, nil, nil)
        hb_draw_funcs_set_quadratic_to_func(funcs, { _, data, _, cx, cy, x, y, _ in
            let p = pen(data)
            let (x0, y0) = (p.pointee.x, p.pointee.y)
            p.pointee.command("C", [(x0 + 2 / 3 * (cx - x0), y0 + 2 / 3 * (cy - y0)), (x + 2 / 3 * (cx - x), y + 2 / 3 * (cy - y)), (x, y)])
        }, nil, nil)
        hb_draw_funcs_set_cubic_to_func(funcs, { _, data, _, c1x, c1y, c2x, c2y, x, y, _ in
            pen(data).pointee.command("C", [(c1x, c1y), (c2x, c2y), (x, y)])
        }, nil, nil)
        hb_draw_funcs_set_close_path_func(funcs, { _, data, _, _ in pen(data).pointee.close() }, nil, nil)
        hb_draw_funcs_make_immutable(funcs)
        return funcs
    }()
}
