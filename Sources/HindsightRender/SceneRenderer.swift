import CCairo
import Foundation
import HindsightLayout

public enum OutputFormat: String, CaseIterable, Sendable, Codable {
    case png, svg, pdf
}

/// Document-level facts written into SVG and PDF output (PNG carries none).
///
/// SVG gets the title as `<title>` and the scene's `alt` as `<desc>`. PDF gets title, author,
/// the scene's `alt` as subject, "Hindsight" as creator, and the date as creation and
/// modification date.
public struct DocumentMetadata: Hashable, Sendable {
    /// Document title; `nil` uses the scene's title.
    public var title: String?
    public var author: String?
    /// The PDF creation and modification date. `nil` uses `SOURCE_DATE_EPOCH` from the
    /// environment when set, else 1970-01-01T00:00:00Z, so that output is reproducible.
    public var creationDate: Date?

    public init(title: String? = nil, author: String? = nil, creationDate: Date? = nil) {
        self.title = title; self.author = author; self.creationDate = creationDate
    }

    /// The document information of every PDF Hindsight writes, a figure's or a report's (the
    /// one list of it): this metadata's title and author, else the document's own; its
    /// subject; "Hindsight" as the creator; the creation date (see `creationDate`) as both
    /// dates. An empty or nil value is left out when it is written (`setPDFMetadata`).
    func pdfFields(title: String?, author: String?, subject: String?) throws -> [(cairo_pdf_metadata_t, String?)] {
        let date = try SceneRenderer.pdfDate(creationDate ?? SceneRenderer.sourceDateEpoch() ?? Date(timeIntervalSince1970: 0))
        return [
            (CAIRO_PDF_METADATA_TITLE, self.title ?? title),
            (CAIRO_PDF_METADATA_AUTHOR, self.author ?? author),
            (CAIRO_PDF_METADATA_SUBJECT, subject),
            (CAIRO_PDF_METADATA_CREATOR, "Hindsight"),
            (CAIRO_PDF_METADATA_CREATE_DATE, date),
            (CAIRO_PDF_METADATA_MOD_DATE, date),
        ]
    }
}

/// Draws a `Scene` to PNG, SVG or PDF bytes. PNG and PDF are drawn with cairo; SVG is written by
/// `SVGWriter` from the same shaped text.
///
/// Output is deterministic: the same scene, format, scale and metadata give the same bytes,
/// within a process and across processes.
///
/// Units: the scene is in logical px. PNG is `width*scale × height*scale` pixels. SVG is
/// `width × height` px (`scale` does not apply). PDF pages are sized so that one logical px
/// is 0.75 pt (the CSS 96-per-inch pixel), i.e. they print at the size a browser shows the
/// SVG; `scale` does not apply.
///
/// Thread safety: `render` may be called from any number of threads at once; every call has
/// its own cairo surface and borrows its own pango context.
public enum SceneRenderer {
    public static func render(_ scene: Scene, format: OutputFormat, scale: Double = 1,
                              metadata: DocumentMetadata = .init()) throws -> [UInt8] {
        guard scale.isFinite, scale > 0 else {
            throw RenderError.invalidArgument("scale must be a positive number, got \(scale)")
        }
        guard scene.width.isFinite, scene.height.isFinite, scene.width > 0, scene.height > 0 else {
            throw RenderError.invalidArgument("scene size must be positive, got \(scene.width)×\(scene.height)")
        }
        try FontSetup.configure()
        switch format {
        case .png: return try renderPNG(scene, scale: scale)
        case .svg: return SVGWriter.render(scene, metadata: metadata)
        case .pdf: return try renderPDF(scene, metadata: metadata)
        }
    }

    /// 1 logical px in PDF points.
    static let pointsPerPixel = 0.75

    /// The largest side of a cairo image surface, in pixels.
    static let maxSurfaceSide = 32767

    /// The scene as a PNG, drawn in bands (`PNGEncoder.encode(width:height:format:cleared:bandRows:draw:)`),
    /// so an image may be taller than a cairo surface can be (a vertical timeline of thousands
    /// of events). `bandRows`: rows per band instead of a compressed piece's (tests).
    static func renderPNG(_ scene: Scene, scale: Double, bandRows: Int? = nil) throws -> [UInt8] {
        // An opaque background needs no alpha channel, so the PNG is RGB: a quarter less data
        // to compress than RGBA.
        let format = scene.background.a >= 1 ? CAIRO_FORMAT_RGB24 : CAIRO_FORMAT_ARGB32
        let width = pixels(scene.width * scale), height = pixels(scene.height * scale)
        guard width <= maxSurfaceSide else {
            throw RenderError.invalidArgument("a PNG cannot be wider than \(maxSurfaceSide) pixels; this one would be \(width) (lower --scale or --width)")
        }
        // `draw` paints the background over every pixel first: an opaque one leaves nothing of
        // what the pixels held, so a re-used buffer need not be cleared.
        return try PNGEncoder.encode(width: width, height: height, format: format, cleared: format != CAIRO_FORMAT_RGB24,
                                     bandRows: bandRows) { rows, surface in
            try draw(scene, on: surface, scale: scale, band: rows)
        }
    }

    /// The scene through cairo's own SVG surface: the reference `SVGWriter` is tested against
    /// (both rasterised must agree). Not used for output: it is about twice as slow, and its ids
    /// follow process-wide counters.
    static func cairoSVG(_ scene: Scene) throws -> [UInt8] {
        try FontSetup.configure()
        let sink = ByteSink()
        try sink.withClosure { closure in
            let surface = try CairoSurface(
                taking: cairo_svg_surface_create_for_stream(writeToByteSink, closure, scene.width, scene.height),
                operation: "create an SVG surface")
            // cairo 1.16 defaults to pt, which would make the SVG a third larger than the scene.
            cairo_svg_surface_set_document_unit(surface.pointer, CAIRO_SVG_UNIT_PX)
            try draw(scene, on: surface, scale: 1)
            try surface.finish()
        }
        return sink.bytes
    }

    private static func renderPDF(_ scene: Scene, metadata: DocumentMetadata) throws -> [UInt8] {
        let fields = try metadata.pdfFields(title: scene.title, author: nil, subject: scene.alt)
        let sink = ByteSink()
        try sink.withClosure { closure in
            let surface = try CairoSurface(
                taking: cairo_pdf_surface_create_for_stream(
                    writeToByteSink, closure, scene.width * pointsPerPixel, scene.height * pointsPerPixel),
                operation: "create a PDF surface")
            surface.setPDFMetadata(fields)
            try draw(scene, on: surface, scale: pointsPerPixel)
            try surface.finish()
        }
        return sink.bytes
    }

    /// Paints the background and the items, in order, with user space in logical px. For a
    /// band of a tall image, `band` is the device rows the (image) surface holds: the first is
    /// drawn at the surface's top, and only items reaching into the band are drawn.
    static func draw(_ scene: Scene, on surface: CairoSurface, scale: Double, band: Range<Int>? = nil) throws {
        let cr = try CairoContext(surface)
        var visible: ClosedRange<Double>?
        if let band {
            cairo_translate(cr.pointer, 0, -Double(band.lowerBound))
            // The logical rows the band shows, with a margin for antialiasing.
            visible = (Double(band.lowerBound) / scale - 4)...(Double(band.upperBound) / scale + 4)
        }
        cairo_scale(cr.pointer, scale, scale)
        setColor(cr, scene.background)
        cairo_paint(cr.pointer)
        ShaperPool.withShaper { drawItems(of: scene, with: $0, on: cr, rows: visible) }
        try cr.check("draw the scene")
    }

    /// Draws the scene's items, in order, in the context's current user space (logical px),
    /// without the background. Split out of `draw(_:on:scale:)` so that `PageRenderer` draws
    /// the pages of a document, and the figures on them, with the very same code.
    /// `rows`: draw only items whose bounds reach into these logical rows. `links`: make the
    /// links of paragraphs live (a PDF's link annotations).
    static func drawItems(of scene: Scene, with shaper: TextShaper, on cr: CairoContext, rows: ClosedRange<Double>? = nil,
                          links: Bool = false) {
        for item in scene.items {
            if let rows, let (minY, maxY) = verticalBounds(item), maxY < rows.lowerBound || minY > rows.upperBound { continue }
            cairo_save(cr.pointer)
            switch item {
            case .shape(let shape, let paint): draw(shape, paint, on: cr)
            case .text(let run): draw(run, with: shaper, on: cr)
            case .paragraph(let run): draw(run, with: shaper, on: cr, links: links)
            case .scene(let inner, let frame):
                let c = cr.pointer
                cairo_translate(c, frame.x, frame.y)
                cairo_scale(c, frame.w / inner.width, frame.h / inner.height)
                cairo_rectangle(c, 0, 0, inner.width, inner.height)
                cairo_clip(c)
                setColor(cr, inner.background)
                cairo_paint(c)
                drawItems(of: inner, with: shaper, on: cr, links: links)
            }
            cairo_restore(cr.pointer)
        }
    }

    /// Draws the run's lines with the top of the first at the frame's top, and marks its links.
    private static func draw(_ run: ParagraphRun, with shaper: TextShaper, on cr: CairoContext, links: Bool) {
        let c = cr.pointer
        let text = shaper.paragraph(run.paragraph)
        let lines = run.lines.clamped(to: text.lines.indices)
        let origin = Point(run.frame.x, run.frame.y)
        text.draw(lines, at: origin, color: run.color, on: c)
        guard links else { return }
        for (url, rects) in text.linkAreas(lines, at: origin) {
            let area = rects.map { "\(TagAttribute.number($0.x)) \(TagAttribute.number($0.y)) \(TagAttribute.number($0.w)) \(TagAttribute.number($0.h))" }
            cairo_tag_begin(c, CAIRO_TAG_LINK, "uri='\(TagAttribute.link(url))' rect=[\(area.joined(separator: " "))]")
            cairo_tag_end(c, CAIRO_TAG_LINK)
        }
    }

    /// The rows an item can paint (nil: unknown, always drawn), its stroke included.
    static func verticalBounds(_ item: SceneItem) -> (Double, Double)? {
        switch item {
        case .text(let run):
            let e = run.extent
            return (e.minY, e.maxY)
        case .paragraph(let run):
            // Ink can reach past the line boxes (a tall fallback glyph): a margin of a line.
            let pad = run.paragraph.style.font.size * run.paragraph.style.leading
            return (run.frame.minY - pad, run.frame.maxY + pad)
        case .scene(_, let frame):
            return (frame.minY, frame.maxY)
        case .shape(let shape, let paint):
            let pad = paint.lineWidth + 1
            switch shape {
            case .rect(let r, _): return (r.minY - pad, r.maxY + pad)
            case .circle(let c, let radius): return (c.y - abs(radius) - pad, c.y + abs(radius) + pad)
            case .polygon(let points), .polyline(let points):
                guard let lo = points.map(\.y).min(), let hi = points.map(\.y).max() else { return nil }
                // Miter joins can reach further than the points: a generous margin.
                return (lo - 10 * pad, hi + 10 * pad)
            }
        }
    }

    private static func draw(_ shape: Shape, _ paint: Paint, on cr: CairoContext) {
        let c = cr.pointer
        var fill = paint.fill
        switch shape {
        case .rect(let r, let cornerRadius):
            let radius = min(max(cornerRadius, 0), r.w / 2, r.h / 2)
            if radius > 0 {
                addRoundedRect(r, radius: radius, to: c)
            } else {
                cairo_rectangle(c, r.x, r.y, r.w, r.h)
            }
        case .circle(let center, let radius):
            cairo_new_sub_path(c)
            cairo_arc(c, center.x, center.y, radius, 0, 2 * .pi)
            cairo_close_path(c)
        case .polygon(let points):
            addLines(points, to: c)
            cairo_close_path(c)
        case .polyline(let points):
            addLines(points, to: c)
            fill = nil
        }
        if let fill {
            setColor(cr, fill)
            cairo_fill_preserve(c)
        }
        if let stroke = paint.stroke, paint.lineWidth > 0 {
            setColor(cr, stroke)
            cairo_set_line_width(c, paint.lineWidth)
            if paint.round {
                cairo_set_line_cap(c, CAIRO_LINE_CAP_ROUND)
                cairo_set_line_join(c, CAIRO_LINE_JOIN_ROUND)
            }
            if !paint.dash.isEmpty {
                cairo_set_dash(c, paint.dash, Int32(paint.dash.count), 0)
            }
            cairo_stroke_preserve(c)
        }
        cairo_new_path(c)
    }

    /// A rectangle with quarter-circle corners as a closed sub-path.
    static func addRoundedRect(_ r: Rect, radius: Double, to c: OpaquePointer) {
        cairo_new_sub_path(c)
        cairo_arc(c, r.maxX - radius, r.minY + radius, radius, -.pi / 2, 0)
        cairo_arc(c, r.maxX - radius, r.maxY - radius, radius, 0, .pi / 2)
        cairo_arc(c, r.minX + radius, r.maxY - radius, radius, .pi / 2, .pi)
        cairo_arc(c, r.minX + radius, r.minY + radius, radius, .pi, 3 * .pi / 2)
        cairo_close_path(c)
    }

    private static func addLines(_ points: [Point], to c: OpaquePointer) {
        guard let first = points.first else { return }
        cairo_move_to(c, first.x, first.y)
        for p in points.dropFirst() { cairo_line_to(c, p.x, p.y) }
    }

    /// Draws the layout so that its logical box's top-left lands on `run.origin`.
    private static func draw(_ run: TextRun, with shaper: TextShaper, on cr: CairoContext) {
        let shaped = shaper.sharedLayout(run.text, font: run.font, wrapWidth: run.wrapWidth, align: run.align, styles: run.styles)
        setColor(cr, run.color)
        cairo_move_to(cr.pointer, run.origin.x - shaped.logicalOrigin.x, run.origin.y - shaped.logicalOrigin.y)
        pango_cairo_show_layout(cr.pointer, shaped.layout.pointer)
    }

    private static func setColor(_ cr: CairoContext, _ color: RGBA) {
        cairo_set_source_rgba(cr.pointer, color.r, color.g, color.b, color.a)
    }

    /// Device pixels for a length, rounded up so nothing is cut off (tolerating float noise).
    private static func pixels(_ length: Double) -> Int {
        Int(min(max((length - 1e-6).rounded(.up), 1), Double(Int32.max)))
    }

    /// `SOURCE_DATE_EPOCH` as a date, nil when unset or empty.
    static func sourceDateEpoch(_ environment: [String: String] = ProcessInfo.processInfo.environment) throws -> Date? {
        guard let value = environment["SOURCE_DATE_EPOCH"], !value.isEmpty else { return nil }
        guard let seconds = Int64(value) else { throw RenderError.invalidSourceDateEpoch(value) }
        return Date(timeIntervalSince1970: TimeInterval(seconds))
    }

    /// The date as cairo wants it for PDF metadata: ISO 8601 in UTC, whole seconds.
    static func pdfDate(_ date: Date) throws -> String {
        var time = time_t(date.timeIntervalSince1970.rounded(.down))
        var parts = tm()
        guard gmtime_r(&time, &parts) != nil else {
            throw RenderError.invalidArgument("creation date \(date) cannot be written to a PDF")
        }
        return String(format: "%04d-%02d-%02dT%02d:%02d:%02dZ", Int(parts.tm_year) + 1900, Int(parts.tm_mon) + 1,
                      Int(parts.tm_mday), Int(parts.tm_hour), Int(parts.tm_min), Int(parts.tm_sec))
    }
}
