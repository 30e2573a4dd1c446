import Foundation
import HindsightLayout
import HindsightModel
import HindsightRender

/// Paper sizes for PDF reports.
public enum PageSize: String, CaseIterable, Sendable, Codable {
    /// ISO A4, 210 × 297 mm.
    case a4
    /// US Letter, 8.5 × 11 in.
    case letter

    /// Width in PDF points (1/72 in).
    public var width: Double {
        switch self {
        case .a4: 595.28
        case .letter: 612
        }
    }

    /// Height in PDF points.
    public var height: Double {
        switch self {
        case .a4: 841.89
        case .letter: 792
        }
    }
}

/// Writes a `Document` as a PDF report: text set in Inter by pango (embedded, selectable and
/// searchable), figures drawn as vectors, headings in the outline, working links, "Page N of M"
/// footers, and title, author and dates in the metadata.
///
/// The whole report is laid out first, as pages of positioned boxes, from the paragraphs'
/// measurements (`ParagraphMeasurer`); each page then becomes a `Scene`, drawn by the renderer
/// that draws the figures (`PageRenderer`). Page breaks fall between the lines of a paragraph
/// (never leaving one line alone where that can be avoided), never under a heading, inside a
/// table row or through a figure; a figure that does not fit goes to the next page, and one
/// taller than a page is scaled down.
///
/// Output is deterministic: the same document, page size and metadata (or `SOURCE_DATE_EPOCH`)
/// give the same bytes, within a process and across processes.
///
/// Thread safety: `render` may be called from any number of threads at once.
public enum PDFReportWriter {
    public static func render(_ document: Document, page: PageSize = .a4,
                              metadata: DocumentMetadata = .init()) throws -> [UInt8] {
        for case .figure(let figure) in document.blocks {
            let scene = figure.scene
            guard scene.width.isFinite, scene.height.isFinite, scene.width > 0, scene.height > 0 else {
                throw RenderError.invalidArgument("figure '\(figure.file)' has size \(scene.width)×\(scene.height); it must be positive")
            }
        }
        return try PageRenderer.with { renderer in
            try renderer.pdf(layout(document, page: page, measurer: renderer).scenes, metadata: metadata, title: document.title,
                             author: document.authors.joined(separator: ", "), subject: document.subtitle)
        }
    }

    /// Lays the report out into pages.
    static func layout(_ document: Document, page: PageSize, measurer: any ParagraphMeasurer) -> PDFReportLayout {
        typealias Style = PDFReportStyle
        let left = Style.margin, width = page.width - 2 * Style.margin
        let top = Style.margin, bottom = page.height - Style.bottomMargin

        var composer = PDFReportComposer(measurer: measurer, left: left, width: width, pageContentHeight: bottom - top)
        composer.addHeader(of: document)
        document.blocks.forEach { composer.add($0) }
        var pages = PDFReportPaginator.paginate(composer.units, top: top, bottom: bottom)
            .map(PDFReportPaginator.boxes(of:))

        // Footers, now that the page count is known: the title on the left (cut short with "…"
        // if need be), the page on the right.
        func footer(_ text: String, width: Double? = nil) -> MeasuredParagraph {
            measurer.measure(Paragraph([.text(text)], style: Style.paragraph(Style.footer, leading: 1, ellipsize: width != nil),
                                       width: width))
        }
        let y = page.height - Style.footerFromBottom
        let last = footer("Page \(pages.count) of \(pages.count)")
        let titleWidth = width - last.width - 24
        // The footer is one line: a title's line breaks become spaces.
        let title = footer(PDFReportComposer.oneLine(document.title), width: titleWidth)
        for n in pages.indices {
            let number = footer("Page \(n + 1) of \(pages.count)")
            pages[n].append(.text(.footer, Rect(x: left, y: y, w: titleWidth, h: title.height), title, color: ReportPalette.muted))
            pages[n].append(.text(.footer, Rect(x: left + width - number.width, y: y, w: number.width, h: number.height), number, color: ReportPalette.muted))
        }
        return PDFReportLayout(pageWidth: page.width, pageHeight: page.height, pages: pages)
    }
}
