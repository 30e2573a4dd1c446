import CCairo
import Foundation
import HindsightLayout

/// Writes a `Scene` as SVG directly, without cairo's SVG surface.
///
/// Shapes become `<rect>`, `<circle>` and `<path>` elements. Text is shaped by the same
/// `TextShaper` (so glyphs sit exactly where the PNG and PDF put them), and every glyph is
/// drawn as an outline: each distinct glyph once, in `<defs>`, and a `<use>` per occurrence,
/// so the file needs no font on the reader's machine. Colour glyphs (emoji) become small PNG
/// images at twice their size.
///
/// Why not cairo's SVG surface: it was most of a figure's cost (a recording surface replayed
/// into a writer that formats every coordinate with `printf`). Here numbers are written by
/// hand with two decimals (1/100 px), and each glyph's outline is converted to path data once
/// per process (`TextShaper` caches it), not once per document.
///
/// Output is deterministic: the bytes depend on the scene and metadata only (ids are numbered
/// per document, in order of first use).
enum SVGWriter {
    static func render(_ scene: Scene, metadata: DocumentMetadata) -> [UInt8] {
        ShaperPool.withShaper { shaper in
            var writer = Writer(shaper: shaper)
            return writer.document(scene, title: metadata.title ?? scene.title)
        }
    }

    /// One document being written. Glyph definitions and the body are collected apart and
    /// joined at the end, because a glyph is defined where it is first used.
    struct Writer {
        let shaper: TextShaper
        var defs = SVGBytes()
        var body = SVGBytes()
        /// Glyph (by cache key) → its id number in this document; `0` = nothing to draw.
        var ids: [GlyphKey: Int] = [:]
        var nextId = 1
        /// Per font of this document: its key and whether its glyphs are colour images. Pango
        /// keeps the fonts alive while the layouts that use them live (all of `document`).
        var fonts: [OpaquePointer: FontInfo] = [:]

        init(shaper: TextShaper) { self.shaper = shaper }

        mutating func document(_ scene: Scene, title: String) -> [UInt8] {
            body.reserve(64 * 1024)
            if scene.background.a > 0 {
                body.text("<rect width=\"100%\" height=\"100%\"")
                body.fill(scene.background)
                body.text("/>\n")
            }
            items(of: scene)
            var out = SVGBytes()
            out.reserve(body.bytes.count + defs.bytes.count + 1024)
            out.text("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n")
            out.text("<svg xmlns=\"http://www.w3.org/2000/svg\" xmlns:xlink=\"http://www.w3.org/1999/xlink\" width=\"")
            out.number(scene.width); out.text("px\" height=\""); out.number(scene.height)
            out.text("px\" viewBox=\"0 0 "); out.number(scene.width); out.text(" "); out.number(scene.height)
            out.text("\">\n")
            if !title.isEmpty { out.text("<title>"); out.text(XMLText.escape(title)); out.text("</title>\n") }
            if !scene.alt.isEmpty { out.text("<desc>"); out.text(XMLText.escape(scene.alt)); out.text("</desc>\n") }
            if !defs.bytes.isEmpty {
                out.text("<defs>\n"); out.bytes += defs.bytes; out.text("</defs>\n")
            }
            out.bytes += body.bytes
            out.text("</svg>\n")
            return out.bytes
        }

        // MARK: Shapes

        mutating func draw(_ shape: Shape, _ paint: Paint) {
            var fill = paint.fill
            switch shape {
            case .rect(let r, let cornerRadius):
                let radius = min(max(cornerRadius, 0), r.w / 2, r.h / 2)
                if radius > 0 && !paint.dash.isEmpty && paint.stroke != nil {
                    // Dashes start where the outline starts: trace it as cairo does, from the
                    // top edge's right end, clockwise, so the dashes fall as in PNG and PDF.
                    body.text("<path d=\""); body.roundedRect(r, radius: radius); body.text("\"")
                } else {
                    body.rect(r)
                    if radius > 0 { body.text(" rx=\""); body.number(radius); body.text("\"") }
                }
            case .circle(let center, let radius):
                body.text("<circle cx=\""); body.number(center.x); body.text("\" cy=\""); body.number(center.y)
                body.text("\" r=\""); body.number(max(radius, 0)); body.text("\"")
            case .polygon(let points):
                body.text("<path d=\""); body.polyline(points); if !points.isEmpty { body.text("Z") }; body.text("\"")
            case .polyline(let points):
                body.text("<path d=\""); body.polyline(points); body.text("\"")
                fill = nil
            }
            if let fill { body.fill(fill) } else { body.text(" fill=\"none\"") }
            if let stroke = paint.stroke, paint.lineWidth > 0 {
                body.text(" stroke=\""); body.color(stroke); body.text("\"")
                if stroke.a < 1 { body.text(" stroke-opacity=\""); body.opacity(stroke.a); body.text("\"") }
                body.text(" stroke-width=\""); body.number(paint.lineWidth)
                // cairo's default miter limit; SVG's is 4.
                body.text("\" stroke-miterlimit=\"10\"")
                if paint.round { body.text(" stroke-linecap=\"round\" stroke-linejoin=\"round\"") }
                if !paint.dash.isEmpty {
                    body.text(" stroke-dasharray=\"")
                    for (i, d) in paint.dash.enumerated() { if i > 0 { body.text(",") }; body.number(max(d, 0)) }
                    body.text("\"")
                }
            }
            body.text("/>\n")
        }

        // MARK: Text

        /// Draws the run as `SceneRenderer` does: the layout's logical top-left on `run.origin`.
        mutating func draw(_ run: TextRun) {
            let shaped = shaper.sharedLayout(run.text, font: run.font, wrapWidth: run.wrapWidth, align: run.align, styles: run.styles)
            let ox = run.origin.x - shaped.logicalOrigin.x, oy = run.origin.y - shaped.logicalOrigin.y
            var glyphs = Glyphs(size: run.font.size)
            guard let iter = pango_layout_get_iter(shaped.layout.pointer) else { return }
            defer { pango_layout_iter_free(iter) }
            repeat {
                guard let glyphItem = pango_layout_iter_get_run_readonly(iter) else { continue }
                var logical = PangoRectangle()
                pango_layout_iter_get_run_extents(iter, nil, &logical)
                add(glyphItem, origin: Point(ox, oy), x: pango_units_to_double(logical.x),
                    baseline: pango_units_to_double(pango_layout_iter_get_baseline(iter)), to: &glyphs)
            } while pango_layout_iter_next_run(iter) != 0
            write(glyphs, color: run.color)
        }

        /// Draws the paragraph's lines as `SceneRenderer` does (`ParagraphLayout.draw`): each
        /// line on its own baseline, from the paragraph's left edge at the frame's.
        mutating func draw(_ run: ParagraphRun) {
            let text = shaper.paragraph(run.paragraph)
            let lines = run.lines.clamped(to: text.lines.indices)
            guard let first = lines.first else { return }
            let dy = run.frame.y - text.lines[first].top
            var glyphs = Glyphs(size: run.paragraph.style.font.size)
            for i in lines {
                guard let line = pango_layout_get_line_readonly(text.layout.pointer, Int32(i)) else { continue }
                // A run's tint spans pango's logical box of the whole line, as pango paints it.
                var box = PangoRectangle()
                pango_layout_line_get_extents(line, nil, &box)
                glyphs.tintSpan = (pango_units_to_double(box.y), pango_units_to_double(box.height))
                let origin = Point(run.frame.x + text.lines[i].x, dy)
                var x = 0.0
                var node = line.pointee.runs
                while let n = node, let raw = n.pointee.data {
                    let glyphItem = raw.assumingMemoryBound(to: PangoGlyphItem.self)
                    add(glyphItem, origin: origin, x: x, baseline: text.lines[i].baseline, to: &glyphs)
                    if let string = glyphItem.pointee.glyphs { x += pango_units_to_double(pango_glyph_string_get_width(string)) }
                    node = n.pointee.next
                }
            }
            write(glyphs, color: run.color)
        }

        /// A text's glyphs being collected: `<use>` elements by colour (nil: the text's own),
        /// underlines, tints behind runs (inline code) and boxes for missing characters.
        struct Glyphs {
            let size: Double
            var groups: [(color: RGBA?, bytes: SVGBytes)] = []
            var underlines: [(color: RGBA?, rect: Rect)] = []
            var tints: [(color: RGBA, rect: Rect)] = []
            var boxes: [Rect] = []
            /// Where a tint reaches, from the baseline down (top) and its height: the line's.
            var tintSpan = (0.0, 0.0)
            var isEmpty: Bool { groups.allSatisfy { $0.bytes.bytes.isEmpty } && underlines.isEmpty && tints.isEmpty && boxes.isEmpty }
        }

        /// One run of glyphs with its logical left edge at `x` and the line's baseline at
        /// `baseline`, both from `origin` (a run may sit off the baseline: pango shifts runs of
        /// a font whose baseline differs, such as Noto Sans CJK next to Inter; positive is up).
        mutating func add(_ glyphItem: UnsafeMutablePointer<PangoGlyphItem>, origin: Point, x left: Double,
                          baseline lineBaseline: Double, to out: inout Glyphs) {
            let (ox, oy) = (origin.x, origin.y)
            let baseline = lineBaseline - pango_units_to_double(glyphItem.pointee.y_offset)
            guard let item = glyphItem.pointee.item, let glyphs = glyphItem.pointee.glyphs,
                  let fontPointer = item.pointee.analysis.font else { return }
            let font = fontInfo(OpaquePointer(fontPointer))
            let look = RunLook(item)
            if out.groups.last.map({ $0.color != look.foreground }) ?? true { out.groups.append((look.foreground, SVGBytes())) }
            var group = out.groups.removeLast().bytes
            defer { out.groups.append((look.foreground, group)) }
            let width = pango_units_to_double(pango_glyph_string_get_width(glyphs))
            if let tint = look.background {
                out.tints.append((tint, Rect(x: ox + left, y: oy + lineBaseline + out.tintSpan.0, w: width, h: out.tintSpan.1)))
            }
            var x = left
            let count = Int(glyphs.pointee.num_glyphs)
            for i in 0..<count {
                let info = glyphs.pointee.glyphs[i]
                let gx = ox + x + pango_units_to_double(info.geometry.x_offset)
                let gy = oy + baseline + pango_units_to_double(info.geometry.y_offset)
                x += pango_units_to_double(info.geometry.width)
                let glyph = info.glyph
                if glyph == PangoGlyphs.empty { continue }
                if glyph & PangoGlyphs.unknownFlag != 0 {
                    // A character no pinned font has: a box, as pango draws one.
                    let w = pango_units_to_double(info.geometry.width)
                    let h = out.size * 0.8
                    out.boxes.append(Rect(x: gx + w * 0.15, y: gy - h, w: w * 0.7, h: h))
                    continue
                }
                guard let id = define(glyph, in: font) else { continue }
                group.text("<use xlink:href=\"#g"); group.int(id); group.text("\" x=\"")
                group.number(gx); group.text("\" y=\""); group.number(gy); group.text("\"/>\n")
            }
            if look.underlined {
                let (position, thickness) = font.underline
                out.underlines.append((look.underline ?? look.foreground, Rect(x: ox + left, y: oy + baseline - position, w: width, h: thickness)))
            }
        }

        /// A text's glyphs in `color` (runs with a colour of their own in theirs).
        mutating func write(_ glyphs: Glyphs, color: RGBA) {
            guard !glyphs.isEmpty else { return }
            for (tint, r) in glyphs.tints { body.rect(r); body.fill(tint); body.text("/>\n") }
            body.text("<g"); body.fill(color); body.text(">\n")
            for (own, group) in glyphs.groups where !group.bytes.isEmpty {
                if let own, own != color {
                    body.text("<g"); body.fill(own); body.text(">\n"); body.bytes += group.bytes; body.text("</g>\n")
                } else {
                    body.bytes += group.bytes
                }
            }
            for (own, r) in glyphs.underlines {
                body.rect(r)
                if let own, own != color { body.fill(own) }
                body.text("/>\n")
            }
            for r in glyphs.boxes {
                body.rect(r.insetBy(0.5))
                body.text(" fill=\"none\" stroke=\""); body.color(color); body.text("\"/>\n")
            }
            body.text("</g>\n")
        }

        /// Draws another scene into `frame`, scaled and clipped as `SceneRenderer` does.
        mutating func draw(_ inner: Scene, in frame: Rect) {
            let id = nextId; nextId += 1
            defs.text("<clipPath id=\"c"); defs.int(id); defs.text("\">"); defs.rect(frame); defs.text("/></clipPath>\n")
            body.text("<g clip-path=\"url(#c"); body.int(id); body.text(")\">\n")
            body.text("<g transform=\"translate("); body.number(frame.x); body.text(" "); body.number(frame.y)
            body.text(") scale("); body.factor(frame.w / inner.width); body.text(" "); body.factor(frame.h / inner.height)
            body.text(")\">\n")
            if inner.background.a > 0 { body.rect(inner.canvas); body.fill(inner.background); body.text("/>\n") }
            items(of: inner)
            body.text("</g>\n</g>\n")
        }

        mutating func items(of scene: Scene) {
            for item in scene.items {
                switch item {
                case .shape(let shape, let paint): draw(shape, paint)
                case .text(let run): draw(run)
                case .paragraph(let run): draw(run)
                case .scene(let inner, let frame): draw(inner, in: frame)
                }
            }
        }

        mutating func fontInfo(_ font: OpaquePointer) -> FontInfo {
            if let known = fonts[font] { return known }
            let info = shaper.fontInfo(font)
            fonts[font] = info
            return info
        }

        /// The document id of a glyph's definition, writing it on first use; nil when the
        /// glyph draws nothing (a space).
        mutating func define(_ glyph: UInt32, in font: FontInfo) -> Int? {
            let key = GlyphKey(font: font.key, glyph: glyph)
            if let id = ids[key] { return id == 0 ? nil : id }
            let shape = shaper.glyphShape(glyph, font: font, key: key)
            switch shape.kind {
            case .empty:
                ids[key] = 0
                return nil
            case .path:
                let id = nextId; nextId += 1; ids[key] = id
                defs.text("<path id=\"g"); defs.int(id); defs.text("\" d=\""); defs.bytes += shape.data; defs.text("\"/>\n")
                return id
            case .image:
                let (box, base64) = (shape.box, shape.data)
                let id = nextId; nextId += 1; ids[key] = id
                defs.text("<image id=\"g"); defs.int(id); defs.text("\" x=\""); defs.number(box.x)
                defs.text("\" y=\""); defs.number(box.y); defs.text("\" width=\""); defs.number(box.w)
                defs.text("\" height=\""); defs.number(box.h)
                defs.text("\" preserveAspectRatio=\"none\" xlink:href=\"data:image/png;base64,")
                defs.bytes += base64; defs.text("\"/>\n")
                return id
            }
        }
    }
}

/// A glyph of one font at one size (`font` is pango's description of it, with its size).
struct GlyphKey: Hashable {
    let font: String
    let glyph: UInt32
}

/// What a glyph draws, in px relative to its origin on the baseline.
///
/// A struct, not an enum with payloads: Swift may keep an enum's case in spare bits of a
/// payload's pointer, and LeakSanitizer then no longer sees the cached bytes as referenced.
struct GlyphShape {
    enum Kind { case empty, path, image }
    let kind: Kind
    /// SVG path data, or for an image its PNG, base64-encoded.
    let data: [UInt8]
    /// An image's box.
    let box: Rect

    static let empty = GlyphShape(kind: .empty, data: [], box: Rect(x: 0, y: 0, w: 0, h: 0))
    static func path(_ d: [UInt8]) -> GlyphShape { GlyphShape(kind: .path, data: d, box: Rect(x: 0, y: 0, w: 0, h: 0)) }
    static func image(_ box: Rect, _ base64: [UInt8]) -> GlyphShape { GlyphShape(kind: .image, data: base64, box: box) }
}

/// What the SVG writer needs to know about a pango font.
struct FontInfo {
    /// The cairo scaled font pango draws the font with (nil draws nothing).
    let scaled: OpaquePointer?
    /// The HarfBuzz font outlines are read from, for a plain outline font (see `HarfBuzzGlyphs`).
    let outlineFont: OpaquePointer?
    /// The HarfBuzz font colour glyphs' own PNG images come from (see `HarfBuzzGlyphs`).
    let bitmapFont: OpaquePointer?
    let key: String
    /// Colour bitmap or layered glyphs (emoji), drawn as images.
    let isColor: Bool
    /// Underline position (above the baseline, positive up) and thickness, in px.
    let underline: (Double, Double)
    /// The size the font is drawn at (its matrix's scale), in px.
    let size: Double
}

/// How pango's attributes have a run drawn: its own colour (links and code in a report), a
/// tint behind it (code), an underline (links) and the underline's colour.
struct RunLook {
    var foreground: RGBA?
    var background: RGBA?
    var underlined = false
    var underline: RGBA?

    init(_ item: UnsafeMutablePointer<PangoItem>) {
        func rgba(_ raw: UnsafeMutableRawPointer) -> RGBA {
            let c = raw.assumingMemoryBound(to: PangoAttrColor.self).pointee.color
            return RGBA(r: Double(c.red) / 65535, g: Double(c.green) / 65535, b: Double(c.blue) / 65535)
        }
        var node = item.pointee.analysis.extra_attrs
        while let n = node {
            if let raw = n.pointee.data {
                switch raw.assumingMemoryBound(to: PangoAttribute.self).pointee.klass.pointee.type {
                case PANGO_ATTR_FOREGROUND: foreground = rgba(raw)
                case PANGO_ATTR_BACKGROUND: background = rgba(raw)
                case PANGO_ATTR_UNDERLINE_COLOR: underline = rgba(raw)
                case PANGO_ATTR_UNDERLINE:
                    underlined = raw.assumingMemoryBound(to: PangoAttrInt.self).pointee.value != Int32(PANGO_UNDERLINE_NONE.rawValue)
                default: break
                }
            }
            node = n.pointee.next
        }
    }
}

extension TextShaper {
    /// The key, colour kind and underline metrics of a pango font.
    func fontInfo(_ font: OpaquePointer) -> FontInfo {
        let pangoFont = UnsafeMutablePointer<PangoFont>(font)
        let description = pango_font_describe_with_absolute_size(pangoFont)
        defer { pango_font_description_free(description) }
        let name = pango_font_description_to_string(description)
        defer { g_free(name) }
        var key = name.map { String(cString: $0) } ?? ""
        var size = 0.0
        // A bitmap font's description names its strike size whatever size it is drawn at:
        // the scaled font's matrix is what tells the sizes apart.
        let scaled = pango_cairo_font_get_scaled_font(font)
        if let scaled {
            var m = cairo_matrix_t()
            cairo_scaled_font_get_font_matrix(scaled, &m)
            key += " [\(m.xx) \(m.yx) \(m.xy) \(m.yy)]"
            size = max(abs(m.xx), abs(m.yy))
        }
        var isColor = false
        if let hb = pango_font_get_hb_font(pangoFont), let face = hb_font_get_face(hb) {
            isColor = HarfBuzzGlyphs.colourGlyphs(face).any
        }
        var underline = (0.0, 0.0)
        if let metrics = pango_font_get_metrics(pangoFont, pango_language_from_string("en")) {
            underline = (pango_units_to_double(pango_font_metrics_get_underline_position(metrics)),
                         pango_units_to_double(pango_font_metrics_get_underline_thickness(metrics)))
            pango_font_metrics_unref(metrics)
        }
        return FontInfo(scaled: scaled, outlineFont: HarfBuzzGlyphs.outlineFont(pangoFont), bitmapFont: HarfBuzzGlyphs.bitmapFont(pangoFont), key: key, isColor: isColor, underline: underline, size: size)
    }

    /// A glyph's outline as SVG path data (or its image, for colour glyphs), cached for the
    /// life of the shaper: the same glyph of the same font always gives the same shape.
    func glyphShape(_ glyph: UInt32, font: FontInfo, key: GlyphKey) -> GlyphShape {
        if let known = glyphShapes[key] { return known }
        let shape = font.isColor ? colorGlyph(glyph, font: font) : outline(glyph, font: font)
        // Hostile text could name many glyphs; the cache is a speed-up, never a requirement.
        if glyphShapes.count >= 50_000 { glyphShapes.removeAll(keepingCapacity: true) }
        glyphShapes[key] = shape
        return shape
    }

    private func outline(_ glyph: UInt32, font: FontInfo) -> GlyphShape {
        let d = font.outlineFont.map { HarfBuzzGlyphs.outline(glyph, of: $0) } ?? cairoOutline(glyph, font: font)
        return d.isEmpty ? .empty : .path(d)
    }

    /// A glyph's outline as cairo gives it (FreeType's), as SVG path data.
    func cairoOutline(_ glyph: UInt32, font: FontInfo) -> [UInt8] {
        guard let scaled = font.scaled else { return [] }
        let cr = scratch.pointer
        cairo_set_scaled_font(cr, scaled)
        cairo_new_path(cr)
        var g = cairo_glyph_t(index: UInt(glyph), x: 0, y: 0)
        cairo_glyph_path(cr, &g, 1)
        guard let path = cairo_copy_path(cr) else { return [] }
        defer { cairo_path_destroy(path); cairo_new_path(cr) }
        guard path.pointee.status == CAIRO_STATUS_SUCCESS, let data = path.pointee.data else { return [] }
        var d = SVGBytes()
        let count = Int(path.pointee.num_data)
        var i = 0
        while i < count {
            let header = data[i].header
            let length = max(Int(header.length), 1)
            func point(_ k: Int) { let p = data[i + k].point; d.number(p.x); d.text(" "); d.number(p.y) }
            switch header.type {
            case CAIRO_PATH_MOVE_TO where length >= 2:
                // cairo adds a move after every close; one that starts nothing is dropped.
                let next = i + length
                if next < count && data[next].header.type != CAIRO_PATH_MOVE_TO { d.text("M"); point(1) }
            case CAIRO_PATH_LINE_TO where length >= 2: d.text("L"); point(1)
            case CAIRO_PATH_CURVE_TO where length >= 4:
                d.text("C"); point(1); d.text(" "); point(2); d.text(" "); point(3)
            case CAIRO_PATH_CLOSE_PATH: d.text("Z")
            default: break
            }
            i += length
        }
        return d.bytes
    }

    /// A colour glyph as an image: the font's own PNG where it has one (a bitmap emoji, at
    /// the font's resolution, placed where cairo draws it), else drawn by cairo at twice its
    /// size and cropped to its ink. (cairo 1.16 reports a colour bitmap glyph's extents at the
    /// strike's scale, not as drawn, so the glyph is drawn on a generous canvas and the ink
    /// box measured instead.)
    private func colorGlyph(_ glyph: UInt32, font: FontInfo) -> GlyphShape {
        if let bitmap = font.bitmapFont.flatMap({ HarfBuzzGlyphs.colorBitmap(glyph, of: $0) }) {
            return .image(bitmap.box, Array(Data(bitmap.png).base64EncodedData()))
        }
        return cairoColorGlyph(glyph, font: font)
    }

    /// A colour glyph drawn by cairo (see `colorGlyph`).
    func cairoColorGlyph(_ glyph: UInt32, font: FontInfo) -> GlyphShape {
        guard let scaled = font.scaled else { return .empty }
        let factor = 2.0
        let em = font.size
        guard em > 0, em < 2048 else { return .empty }
        // Glyph origin at (em, 2 em) of a 4 em × 3 em canvas: room for any emoji's ink.
        let origin = Point(em, 2 * em)
        let width = Int32((4 * em * factor).rounded(.up)), height = Int32((3 * em * factor).rounded(.up))
        guard let surface = try? CairoSurface(taking: cairo_image_surface_create(CAIRO_FORMAT_ARGB32, width, height),
                                              operation: "create a glyph image"),
              let cr = try? CairoContext(surface) else { return .empty }
        cairo_scale(cr.pointer, factor, factor)
        cairo_set_scaled_font(cr.pointer, scaled)
        var g = cairo_glyph_t(index: UInt(glyph), x: origin.x, y: origin.y)
        cairo_show_glyphs(cr.pointer, &g, 1)
        guard (try? cr.check("draw a colour glyph")) != nil else { return .empty }
        cairo_surface_flush(surface.pointer)
        guard let ink = RasterImage.inkBox(surface) else { return .empty }
        guard let cropped = try? CairoSurface(taking: cairo_image_surface_create(CAIRO_FORMAT_ARGB32, Int32(ink.w), Int32(ink.h)),
                                              operation: "create a glyph image"),
              let cc = try? CairoContext(cropped) else { return .empty }
        cairo_set_source_surface(cc.pointer, surface.pointer, -ink.x, -ink.y)
        cairo_paint(cc.pointer)
        guard let png = try? PNGEncoder.encode(cropped) else { return .empty }
        return .image(Rect(x: ink.x / factor - origin.x, y: ink.y / factor - origin.y, w: ink.w / factor, h: ink.h / factor),
                      Array(Data(png).base64EncodedData()))
    }
}

/// A growing SVG text, with numbers written by hand: up to two decimals, no trailing zeros,
/// no `-0`, and `0` for a non-finite value.
struct SVGBytes {
    var bytes: [UInt8] = []

    mutating func reserve(_ n: Int) { bytes.reserveCapacity(n) }

    mutating func text(_ s: String) {
        var s = s
        s.withUTF8 { bytes.append(contentsOf: $0) }
    }

    /// Digits are written right to left into a small buffer on the stack and appended at once
    /// (one by one, with two divisions a digit, they were 1.4 M of the 100 M instructions of
    /// the example's timeline SVG; now 0.3 M).
    mutating func int(_ value: Int) {
        var buffer: (UInt64, UInt64, UInt64) = (0, 0, 0)
        withUnsafeMutableBytes(of: &buffer) { raw in
            var start = raw.count
            var v = value.magnitude
            repeat {
                start -= 1
                raw[start] = UInt8(truncatingIfNeeded: 48 + v % 10)
                v /= 10
            } while v != 0
            if value < 0 { start -= 1; raw[start] = UInt8(ascii: "-") }
            bytes.append(contentsOf: UnsafeRawBufferPointer(rebasing: raw[start...]))
        }
    }

    /// A length with up to two decimals (1/100 px).
    mutating func number(_ value: Double) { decimal(value, places: 2, otherwise: "0") }

    /// A factor (a scale) with up to six decimals.
    mutating func factor(_ value: Double) { decimal(value, places: 6, otherwise: "1") }

    /// `value` rounded to `places` decimals (at most 6), trailing zeros left out; `otherwise`
    /// for infinity and NaN.
    private mutating func decimal(_ value: Double, places: Int, otherwise: Unicode.Scalar) {
        guard value.isFinite else { bytes.append(UInt8(ascii: otherwise)); return }
        var scale = 1
        for _ in 0..<places { scale *= 10 }
        var units = Int((min(max(value, -1e12), 1e12) * Double(scale)).rounded())
        if units < 0 { bytes.append(UInt8(ascii: "-")); units = -units }
        int(units / scale)
        var fraction = units % scale
        guard fraction != 0 else { return }
        bytes.append(UInt8(ascii: "."))
        var divisor = scale / 10
        while fraction != 0 {
            bytes.append(UInt8(48 + fraction / divisor))
            fraction %= divisor
            divisor /= 10
        }
    }

    /// `M x y L x y ...`
    mutating func polyline(_ points: [Point]) {
        for (i, p) in points.enumerated() {
            text(i == 0 ? "M" : "L"); number(p.x); text(" "); number(p.y)
        }
    }

    /// `<rect x=".." y=".." width=".." height=".."` (a negative size as 0), left open for more
    /// attributes.
    mutating func rect(_ r: Rect) {
        text("<rect x=\""); number(r.x); text("\" y=\""); number(r.y)
        text("\" width=\""); number(max(r.w, 0)); text("\" height=\""); number(max(r.h, 0)); text("\"")
    }

    /// A rectangle with quarter-circle corners, starting at the top edge's right end.
    mutating func roundedRect(_ r: Rect, radius: Double) {
        func arc(_ x: Double, _ y: Double) {
            text("A"); number(radius); text(" "); number(radius); text(" 0 0 1 "); number(x); text(" "); number(y)
        }
        text("M"); number(r.maxX - radius); text(" "); number(r.minY)
        arc(r.maxX, r.minY + radius)
        text("L"); number(r.maxX); text(" "); number(r.maxY - radius)
        arc(r.maxX - radius, r.maxY)
        text("L"); number(r.minX + radius); text(" "); number(r.maxY)
        arc(r.minX, r.maxY - radius)
        text("L"); number(r.minX); text(" "); number(r.minY + radius)
        arc(r.minX + radius, r.minY)
        text("Z")
    }

    /// `#rrggbb`.
    mutating func color(_ c: RGBA) {
        bytes.append(UInt8(ascii: "#"))
        for component in [c.r, c.g, c.b] {
            let v = Int((min(max(component.isFinite ? component : 0, 0), 1) * 255).rounded())
            bytes.append(Self.hex[v >> 4]); bytes.append(Self.hex[v & 15])
        }
    }

    /// Opacity with up to three decimals.
    mutating func opacity(_ a: Double) {
        let v = Int((min(max(a.isFinite ? a : 1, 0), 1) * 1000).rounded())
        if v >= 1000 { text("1"); return }
        bytes.append(UInt8(ascii: "0")); bytes.append(UInt8(ascii: "."))
        bytes.append(UInt8(48 + v / 100))
        if v % 100 != 0 { bytes.append(UInt8(48 + v / 10 % 10)); if v % 10 != 0 { bytes.append(UInt8(48 + v % 10)) } }
    }

    /// ` fill="#rrggbb"` (and ` fill-opacity` below 1).
    mutating func fill(_ c: RGBA) {
        text(" fill=\""); color(c); text("\"")
        if c.a < 1 { text(" fill-opacity=\""); opacity(c.a); text("\"") }
    }

    private static let hex = Array("0123456789abcdef".utf8)
}
