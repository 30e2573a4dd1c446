import Foundation
import HindsightLayout
import HindsightModel
@testable import HindsightRender
import HindsightTestSupport
import Testing

/// Pages of a document as scenes: paragraphs (broken across pages a range of lines at a time),
/// figures nested in a page, and the PDF of several pages with links and an outline.
enum PageScenes {
    static let ink = RGBA(r: 0.12, g: 0.14, b: 0.17)
    /// The link runs from the first line into the second (at 300 pt).
    static let content: [Inline] = [
        .text("Mail "), .bold([.text("stopped")]), .text(" at 09:30; see the "),
        .link([.italic([.text("relay runbook, which explains how to drain the deferred queue")])], url: "https://example.com/runbook"),
        .text(" and "), .code("postfix-3.7.4"), .text(" 📧 Ωμέγα العربية."),
    ]

    /// A page: a rule, a paragraph, a figure scaled into a frame with a hairline, a ticked box.
    /// `lines` picks the paragraph's lines shown (all by default).
    static func page(_ renderer: PageRenderer, lines: Range<Int>? = nil, measurer: PangoTextMeasurer) -> Scene {
        let text = renderer.measure(Paragraph(content, style: ParagraphFixtures.style(), width: 300))
        let shown = lines ?? text.lines.indices
        let top = 40.0
        let height = shown.isEmpty ? 0 : text.lines[shown.upperBound - 1].top + text.lines[shown.upperBound - 1].height - text.lines[shown.lowerBound].top
        let figure = TestScenes.sample(measurer: measurer)
        let frame = Rect(x: 30, y: top + height + 12, w: 300, h: 300 * figure.height / figure.width)
        let box = Rect(x: 30, y: frame.maxY + 12, w: 9, h: 9)
        return Scene(figure: "page", width: 360, height: box.maxY + 20, background: RGBA(r: 1, g: 1, b: 1), items: [
            .shape(.rect(Rect(x: 30, y: 24, w: 300, h: 0.75), cornerRadius: 0), Paint(fill: RGBA(hex: "#d1d9e0")!)),
            .paragraph(ParagraphRun(text.paragraph, lines: shown, frame: Rect(x: 30, y: top, w: text.width, h: height), color: ink)),
            .scene(figure, frame: frame),
            .shape(.rect(frame.insetBy(0.25), cornerRadius: 0), Paint(stroke: RGBA(hex: "#e3e7eb")!, lineWidth: 0.5)),
            .shape(.rect(box, cornerRadius: 1.6), Paint(fill: RGBA(hex: "#1f7a3d")!)),
            .shape(.polyline([Point(box.minX + 2.2, box.minY + 4.8), Point(box.minX + 3.9, box.minY + 6.5), Point(box.minX + 6.9, box.minY + 2.7)]),
                   Paint(stroke: RGBA(r: 1, g: 1, b: 1), lineWidth: 1.3, round: true)),
        ], outline: [OutlineEntry(title: "Summary", level: 2, at: Point(30, top))])
    }
}

@Suite struct PageRendererTests {
    let measurer = try! PangoTextMeasurer()

    @Test func measuredLinesAreTheDrawnLines() throws {
        try PageRenderer.with { renderer in
            let paragraph = Paragraph(PageScenes.content, style: ParagraphFixtures.style(), width: 300)
            let measured = renderer.measure(paragraph)
            #expect(measured.lines.count >= 2)
            #expect(measured.lines == renderer.shaper.paragraph(paragraph).lines)
            #expect(renderer.measure(paragraph) == measured, "measuring again gives the same lines")
            let widths = renderer.widths(paragraph)
            #expect(widths.min > 0 && widths.min < widths.natural && measured.width <= 300 + 1e-6)
        }
    }

    /// A paragraph split over two pages draws its first lines on one and the rest on the next,
    /// with the link live on both; each page has its size, and the outline its entries.
    @Test func pagesBecomeOnePDF() throws {
        let pdf = try PageRenderer.with { renderer -> [UInt8] in
            let count = renderer.measure(Paragraph(PageScenes.content, style: ParagraphFixtures.style(), width: 300)).lines.count
            var second = PageScenes.page(renderer, lines: 1..<count, measurer: measurer)
            second.width = 400
            second.outline = [OutlineEntry(title: "Details", level: 3, at: Point(30, 40))]
            return try renderer.pdf([PageScenes.page(renderer, lines: 0..<1, measurer: measurer), second],
                                    metadata: DocumentMetadata(creationDate: Date(timeIntervalSince1970: 0)),
                                    title: "Pages", author: "Ada", subject: nil)
        }
        let text = String(decoding: pdf, as: Unicode.ASCII.self)
        #expect(text.components(separatedBy: "/Type /Page\n").count - 1 + text.components(separatedBy: "/Type /Page ").count - 1 >= 2)
        #expect(text.contains("/MediaBox [ 0 0 360 ") && text.contains("/MediaBox [ 0 0 400 "))
        #expect(text.components(separatedBy: "/URI (https://example.com/runbook)").count - 1 == 2, "the link live on both pages")
        #expect(text.contains("/Title (Summary)") && text.contains("/Title (Details)"))
        #expect(text.contains("/Title (Pages)") && text.contains("/Author (Ada)"))
        if let complaints = try Tools.qpdfCheck(pdf) { #expect(complaints == "") }
    }

    @Test func noPagesIsAnError() throws {
        #expect(throws: RenderError.self) {
            try PageRenderer.with { try $0.pdf([], title: nil, author: nil, subject: nil) }
        }
    }

    /// A page is a scene like any other: PNG and SVG draw it too (SVGWriterTests compares the
    /// SVG with cairo's), and band by band as tall figures are.
    @Test func aPageDrawsAsPNGAndInBands() throws {
        let page = try PageRenderer.with { PageScenes.page($0, measurer: measurer) }
        let whole = try RasterImage.decode(png: try SceneRenderer.renderPNG(page, scale: 2, bandRows: .max))
        let banded = try RasterImage.decode(png: try SceneRenderer.renderPNG(page, scale: 2, bandRows: 64))
        #expect(whole.width == banded.width && whole.height == banded.height)
        #expect(whole.pixels == banded.pixels, "bands draw every item that reaches into them")
        let svg = String(decoding: try SceneRenderer.render(page, format: .svg), as: UTF8.self)
        #expect(svg.contains("fill=\"#0b5cad\""), "the link in its colour")
        #expect(svg.contains("fill=\"#f1f2f4\""), "inline code on its tint")
        #expect(svg.contains("<clipPath id=\"c") && svg.contains(" scale("), "the figure nested, scaled and clipped")
        #expect(svg.contains("stroke-linecap=\"round\""))
    }
}
