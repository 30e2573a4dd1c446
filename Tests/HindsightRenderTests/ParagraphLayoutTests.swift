import Foundation
import HindsightLayout
import HindsightModel
@testable import HindsightRender
import HindsightTestSupport
import Testing

/// A report's body text: 10.5 pt Inter, lines 1.45 × apart, code and links in colour.
enum ParagraphFixtures {
    static let body = FontSpec(size: 10.5)
    static let leading = 1.45
    static func style(_ font: FontSpec = body) -> ParagraphStyle {
        ParagraphStyle(font: font, leading: leading, code: RGBA(hex: "#8a3324")!, codeBackground: RGBA(hex: "#f1f2f4")!,
                       link: RGBA(hex: "#0b5cad")!, linkUnderline: RGBA(hex: "#8fb3dc")!)
    }
    static let filler = "The relay kept accepting connections, so the load balancer health check stayed green while every message waited in the deferred queue. Because the queue lived on local disk, restarting a node did not lose mail, but it did reset the retry timers and made the backlog drain in bursts."
}

/// The pieces under a report's text: markup with link offsets, and line-by-line paragraphs.
@Suite struct ParagraphLayoutTests {
    let body = ParagraphFixtures.body
    init() throws { try FontSetup.configure() }

    func paragraph(_ content: [Inline], width: Double? = nil, shaper: TextShaper) -> ParagraphLayout {
        ParagraphLayout(Paragraph(content, style: ParagraphFixtures.style(), width: width), shaper: shaper)
    }

    @Test func linkAreasCoverTheLinkText() {
        // Markup escapes and multi-byte characters before the link must not shift its area.
        let prefix = "a < b & \"ü\" 📧 "
        let markup = ParagraphMarkup([.bold([.text(prefix)]), .link([.italic([.text("here")])], url: "https://x")],
                                     style: ParagraphFixtures.style())
        #expect(markup.links.map(\.bytes) == [prefix.utf8.count..<prefix.utf8.count + 4])
        ShaperPool.withShaper { shaper in
            let text = paragraph([.bold([.text(prefix)]), .link([.italic([.text("here")])], url: "https://x")], shaper: shaper)
            let before = paragraph([.bold([.text(prefix)])], shaper: shaper).width
            let areas = text.linkAreas(0..<1, at: Point(10, 20))
            #expect(areas.count == 1 && areas.first?.url == "https://x")
            guard let rect = areas.first?.rects.first, areas.first?.rects.count == 1 else { return }
            #expect(abs(rect.minX - (10 + before)) < 0.5)
            #expect(abs(rect.maxX - (10 + text.width)) < 0.5)
            #expect(rect.minY == 20 && rect.h == text.lines[0].height)
        }
    }

    @Test func linesSitOnAFixedPitch() {
        ShaperPool.withShaper { shaper in
            let text = paragraph([.text(ParagraphFixtures.filler)], width: 300, shaper: shaper)
            #expect(text.lines.count > 3)
            let pitch = body.size * ParagraphFixtures.leading
            for (i, line) in text.lines.enumerated() {
                #expect(abs(line.top - Double(i) * pitch) < 1e-6 && abs(line.height - pitch) < 1e-6)
                #expect(line.x + line.width <= 300 + 1e-6)
            }
            // The lines cover the text, in order, without gaps.
            #expect(zip(text.lineBytes, text.lineBytes.dropFirst()).allSatisfy { $0.upperBound == $1.lowerBound })
        }
    }

    @Test func tableCellWidths() {
        ShaperPool.withShaper { shaper in
            let widths = ParagraphLayout.widths(Paragraph([.text("alpha be")], style: ParagraphFixtures.style(), width: nil), shaper: shaper)
            let alpha = paragraph([.text("alpha")], shaper: shaper).width
            #expect(abs(widths.min - alpha) < 0.01, "the narrowest width is the longest word's")
            #expect(abs(widths.natural - paragraph([.text("alpha be")], shaper: shaper).width) < 0.01)
        }
    }
}
