import CCairo
import Foundation
import HindsightLayout

/// Draws a laid-out report with cairo's PDF surface.
enum PDFReportPainter {
    static func paint(_ layout: PDFReportLayout, metadata: [(cairo_pdf_metadata_t, String?)],
                      shaper: TextShaper) throws -> [UInt8] {
        let sink = ByteSink()
        try sink.withClosure { closure in
            let surface = try CairoSurface(
                taking: cairo_pdf_surface_create_for_stream(writeToByteSink, closure, layout.pageWidth, layout.pageHeight),
                operation: "create a PDF surface")
            surface.setPDFMetadata(metadata)
            let cr = try CairoContext(surface)
            var outline = Outline()
            for (number, page) in layout.pages.enumerated() {
                if number == 0 {
                    // One structure element around the whole report. With links alone, cairo
                    // 1.16 writes a structure parent tree that points at link elements it never
                    // writes (an xref entry without an object: a damaged file); with a
                    // structure tree, it writes every element the annotations refer to.
                    // A tag must not be the first thing on a page (cairo 1.16 records it before
                    // the page has started: the tree goes missing when the title opens with a
                    // colour emoji), so the paper is painted first.
                    cairo_set_source_rgb(cr.pointer, 1, 1, 1)
                    cairo_paint(cr.pointer)
                    cairo_tag_begin(cr.pointer, "Document", "")
                }
                for box in page {
                    cairo_save(cr.pointer)
                    draw(box, on: cr, shaper: shaper)
                    cairo_restore(cr.pointer)
                    if let anchor = box.anchor { outline.add(anchor, page: number + 1, at: box.frame, to: surface) }
                }
                if number == layout.pages.count - 1 { cairo_tag_end(cr.pointer, "Document") }
                cairo_show_page(cr.pointer)
            }
            try cr.check("draw the report")
            try surface.finish()
        }
        return sink.bytes
    }

    private static func draw(_ box: PDFReportBox, on cr: CairoContext, shaper: TextShaper) {
        let c = cr.pointer
        let frame = box.frame
        switch box.content {
        case .text(let text, let lines, let color):
            let origin = Point(frame.x, frame.y)
            text.draw(lines, at: origin, color: color, on: c)
            for (url, rects) in text.linkAreas(lines, at: origin) {
                let area = rects.map { "\(number($0.x)) \(number($0.y)) \(number($0.w)) \(number($0.h))" }
                cairo_tag_begin(c, CAIRO_TAG_LINK, "uri='\(linkAttribute(url))' rect=[\(area.joined(separator: " "))]")
                cairo_tag_end(c, CAIRO_TAG_LINK)
            }
        case .fill(let color):
            setColor(c, color)
            cairo_rectangle(c, frame.x, frame.y, frame.w, frame.h)
            cairo_fill(c)
        case .checkbox(let done):
            drawCheckbox(in: frame, done: done, on: c)
        case .scene(let scene):
            cairo_save(c)
            cairo_translate(c, frame.x, frame.y)
            cairo_scale(c, frame.w / scene.width, frame.h / scene.height)
            cairo_rectangle(c, 0, 0, scene.width, scene.height)
            cairo_clip(c)
            setColor(c, scene.background)
            cairo_paint(c)
            SceneRenderer.drawItems(of: scene, with: shaper, on: cr)
            cairo_restore(c)
            // A hairline frame sets a figure with a white background apart from the page.
            let border = 0.5
            setColor(c, ReportPalette.PDF.figureBorder)
            cairo_set_line_width(c, border)
            cairo_rectangle(c, frame.x + border / 2, frame.y + border / 2, frame.w - border, frame.h - border)
            cairo_stroke(c)
        }
    }

    private static func drawCheckbox(in frame: Rect, done: Bool, on c: OpaquePointer) {
        let lineWidth = 0.9
        // Stroked boxes are inset by half the line so that ink stays inside the frame.
        let r = done ? frame : frame.insetBy(lineWidth / 2)
        SceneRenderer.addRoundedRect(r, radius: 1.6, to: c)
        if done {
            setColor(c, ReportPalette.PDF.checkboxDone)
            cairo_fill(c)
            cairo_move_to(c, r.minX + r.w * 0.24, r.minY + r.h * 0.53)
            cairo_line_to(c, r.minX + r.w * 0.43, r.minY + r.h * 0.72)
            cairo_line_to(c, r.minX + r.w * 0.77, r.minY + r.h * 0.3)
            cairo_set_source_rgb(c, 1, 1, 1)
            cairo_set_line_width(c, 1.3)
            cairo_set_line_cap(c, CAIRO_LINE_CAP_ROUND)
            cairo_set_line_join(c, CAIRO_LINE_JOIN_ROUND)
        } else {
            setColor(c, ReportPalette.PDF.checkboxStroke)
            cairo_set_line_width(c, lineWidth)
        }
        cairo_stroke(c)
    }

    private static func setColor(_ c: OpaquePointer, _ color: RGBA) {
        cairo_set_source_rgba(c, color.r, color.g, color.b, color.a)
    }

    /// A number for a cairo tag attribute: fixed decimals, no locale.
    private static func number(_ value: Double) -> String { String(format: "%.2f", value) }

    /// A URL as the value of cairo's `uri` attribute, such that the PDF carries exactly it.
    ///
    /// cairo 1.16 copies the value into a PDF literal string unescaped, so parentheses and
    /// backslashes are escaped for PDF here, and bytes a PDF URI may not hold (non-ASCII,
    /// spaces, controls) are percent-encoded. The result is then escaped for cairo's own
    /// attribute syntax (backslash and single quote).
    private static func linkAttribute(_ url: String) -> String {
        var pdf = ""
        for byte in url.utf8 {
            switch byte {
            case UInt8(ascii: "("), UInt8(ascii: ")"), UInt8(ascii: "\\"):
                pdf += "\\" + String(UnicodeScalar(byte))
            case 0x21..<0x7F:
                pdf += String(UnicodeScalar(byte))
            default:
                pdf += String(format: "%%%02X", byte)
            }
        }
        return pdf.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "'", with: "\\'")
    }

    /// Adds headings to the PDF outline, nested by level.
    private struct Outline {
        /// The open entries: level and cairo's id, outermost first.
        private var open: [(level: Int, id: Int32)] = []

        /// An entry jumping to the top-left of `frame` on page `page` (1-based). An explicit
        /// page and position, not a named destination: cairo 1.16 fails a whole report ("invalid
        /// tag name, attributes, or nesting") when a destination tag is the first thing drawn
        /// on a page, because a tag does not start the page the way a drawing operation does.
        mutating func add(_ anchor: PDFReportBox.Anchor, page: Int, at frame: Rect, to surface: CairoSurface) {
            while let last = open.last, last.level >= anchor.level { open.removeLast() }
            let parent = open.last?.id ?? Int32(CAIRO_PDF_OUTLINE_ROOT)
            let target = "page=\(page) pos=[\(number(frame.x)) \(number(frame.y))]"
            let id = cairo_pdf_surface_add_outline(surface.pointer, parent, anchor.title, target,
                                                   CAIRO_PDF_OUTLINE_FLAG_OPEN)
            open.append((anchor.level, id))
        }
    }
}
