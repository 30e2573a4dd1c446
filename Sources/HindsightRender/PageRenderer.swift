import CCairo
import Foundation
import HindsightLayout

/// Documents of pages (the PDF report): measures their paragraphs while they are laid out and
/// draws the laid-out pages, each a `Scene`, with the same code as the figures
/// (`SceneRenderer.drawItems`). One instance holds one shaper: what was measured is what is
/// drawn, from the same pango layouts.
///
/// Use an instance only inside `with`, on the thread that called it.
public final class PageRenderer: ParagraphMeasurer {
    let shaper: TextShaper

    private init(shaper: TextShaper) { self.shaper = shaper }

    /// Runs `body` with a page renderer, fonts set up.
    public static func with<T>(_ body: (PageRenderer) throws -> T) throws -> T {
        try FontSetup.configure()
        return try ShaperPool.withShaper { try body(PageRenderer(shaper: $0)) }
    }

    public func measure(_ paragraph: Paragraph) -> MeasuredParagraph {
        MeasuredParagraph(paragraph, lines: shaper.paragraph(paragraph).lines)
    }

    public func widths(_ paragraph: Paragraph) -> (min: Double, natural: Double) {
        ParagraphLayout.widths(paragraph, shaper: shaper)
    }

    /// The pages as one PDF: each scene a page of its size in points, its background painted
    /// where it is not transparent (paper is white), links live, its `outline` entries in the
    /// document outline (nested by level), and `metadata` with the document's `title`,
    /// `author` and `subject` as the document information.
    ///
    /// Output is deterministic: the same pages and metadata (or `SOURCE_DATE_EPOCH`) give the
    /// same bytes, within a process and across processes.
    public func pdf(_ pages: [Scene], metadata: DocumentMetadata = .init(), title: String?, author: String?,
                    subject: String?) throws -> [UInt8] {
        guard let first = pages.first else { throw RenderError.invalidArgument("a document needs at least one page") }
        for page in pages {
            guard page.width.isFinite, page.height.isFinite, page.width > 0, page.height > 0 else {
                throw RenderError.invalidArgument("page size must be positive, got \(page.width)×\(page.height)")
            }
        }
        let fields = try metadata.pdfFields(title: title, author: author, subject: subject)
        let sink = ByteSink()
        try sink.withClosure { closure in
            let surface = try CairoSurface(
                taking: cairo_pdf_surface_create_for_stream(writeToByteSink, closure, first.width, first.height),
                operation: "create a PDF surface")
            surface.setPDFMetadata(fields)
            let cr = try CairoContext(surface)
            var outline = Outline()
            for (number, page) in pages.enumerated() {
                if number > 0, page.width != pages[number - 1].width || page.height != pages[number - 1].height {
                    cairo_pdf_surface_set_size(surface.pointer, page.width, page.height)
                }
                if number == 0, page.background.a < 1 {
                    // The paper; see below why page 1 is always painted.
                    cairo_set_source_rgb(cr.pointer, 1, 1, 1)
                    cairo_paint(cr.pointer)
                }
                if page.background.a > 0 {
                    // Before any tag: cairo drops what a page recorded before an opaque paint
                    // of the whole page, an opened tag included.
                    cairo_set_source_rgba(cr.pointer, page.background.r, page.background.g, page.background.b, page.background.a)
                    cairo_paint(cr.pointer)
                }
                if number == 0 {
                    // One structure element around the whole document. With links alone, cairo
                    // 1.16 writes a structure parent tree that points at link elements it never
                    // writes (an xref entry without an object: a damaged file); with a
                    // structure tree, it writes every element the annotations refer to.
                    // A tag must not be the first thing on a page (cairo 1.16 records it before
                    // the page has started: the tree goes missing when the title opens with a
                    // colour emoji), so the paper is painted first.
                    cairo_tag_begin(cr.pointer, "Document", "")
                }
                SceneRenderer.drawItems(of: page, with: shaper, on: cr, links: true)
                for entry in page.outline { outline.add(entry, page: number + 1, to: surface) }
                if number == pages.count - 1 { cairo_tag_end(cr.pointer, "Document") }
                cairo_show_page(cr.pointer)
            }
            try cr.check("draw the document")
            try surface.finish()
        }
        return sink.bytes
    }

    /// Adds entries to the PDF outline, nested by level.
    private struct Outline {
        /// The open entries: level and cairo's id, outermost first.
        private var open: [(level: Int, id: Int32)] = []

        /// An entry jumping to its point on page `page` (1-based). An explicit page and
        /// position, not a named destination: cairo 1.16 fails a whole document ("invalid tag
        /// name, attributes, or nesting") when a destination tag is the first thing drawn on a
        /// page, because a tag does not start the page the way a drawing operation does.
        mutating func add(_ entry: OutlineEntry, page: Int, to surface: CairoSurface) {
            while let last = open.last, last.level >= entry.level { open.removeLast() }
            let parent = open.last?.id ?? Int32(CAIRO_PDF_OUTLINE_ROOT)
            let target = "page=\(page) pos=[\(TagAttribute.number(entry.at.x)) \(TagAttribute.number(entry.at.y))]"
            let id = cairo_pdf_surface_add_outline(surface.pointer, parent, entry.title, target,
                                                   CAIRO_PDF_OUTLINE_FLAG_OPEN)
            open.append((entry.level, id))
        }
    }
}

/// Values in cairo's tag attributes (links, outline targets).
enum TagAttribute {
    /// A number: fixed decimals, no locale.
    static func number(_ value: Double) -> String { String(format: "%.2f", value) }

    /// A URL as the value of cairo's `uri` attribute, such that the PDF carries exactly it.
    ///
    /// cairo 1.16 copies the value into a PDF literal string unescaped, so parentheses and
    /// backslashes are escaped for PDF here, and bytes a PDF URI may not hold (non-ASCII,
    /// spaces, controls) are percent-encoded. The result is then escaped for cairo's own
    /// attribute syntax (backslash and single quote).
    static func link(_ url: String) -> String {
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
}
