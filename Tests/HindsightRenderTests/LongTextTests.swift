import CCairo
import Foundation
import HindsightLayout
import HindsightModel
@testable import HindsightRender
import Testing

/// Long unbreakable words (issue 18, item 5): fitting and shaping work grows linearly with the
/// text's length. Work is counted (characters handed to the measurer), never timed.
@Suite struct LongTextTests {
    /// A measurer that counts what it is asked to measure.
    final class Counting: TextMeasurer, @unchecked Sendable {
        let inner: PangoTextMeasurer
        let counts = Locked((calls: 0, characters: 0))
        init(_ inner: PangoTextMeasurer) { self.inner = inner }
        func measure(_ text: String, font: FontSpec, wrapWidth: Double?, align: TextAlign) -> TextMetrics {
            measure(text, styles: [], font: font, wrapWidth: wrapWidth, align: align)
        }
        func measure(_ text: String, styles: [StyledRange], font: FontSpec, wrapWidth: Double?, align: TextAlign) -> TextMetrics {
            counts.withLock { $0.calls += 1; $0.characters += text.count }
            return inner.measure(text, styles: styles, font: font, wrapWidth: wrapWidth, align: align)
        }
    }

    static let pango = try! PangoTextMeasurer()

    @Test(arguments: [2_000, 20_000])
    func fittingAnUnbreakableWordIsBoundedAndFits(length: Int) throws {
        let counting = Counting(Self.pango)
        let ts = Typesetter(measurer: counting, family: "Inter")
        let font = FontSpec(size: 12)
        let word = String(repeating: "x", count: length)
        let (fitted, cut) = ts.fit(word, font: font, wrap: 178, maxLines: 5)
        #expect(cut && fitted.hasSuffix("…") && word.hasPrefix(fitted.dropLast()))
        // The result does fit: it used to be the whole word plus "…", 100+ lines.
        #expect(Self.pango.measure(fitted, font: font, wrapWidth: 178, align: .left).lineCount <= 5)
        #expect(fitted.count > 100, "fills its five lines: \(fitted.count) characters")
        // Bounded work: a few dozen measurements of a few hundred characters, whatever the length.
        let limit = Typesetter.characterLimit(font: font, wrap: 178, maxLines: 5)
        let counts = counting.counts.withLock { $0 }
        #expect(counts.calls <= 2 * Int(log2(Double(limit))) + 4)
        #expect(counts.characters <= counts.calls * (limit + 1))
    }

    @Test func fittingStillCutsAtWordsAndKeepsStyles() throws {
        let ts = Typesetter(measurer: Self.pango, family: "Inter")
        let text = MarkdownText.styled("The **primary database** failed over to a replica in another region " + String(repeating: "and then some more words ", count: 40))
        let (fitted, cut) = ts.fit(text, font: FontSpec(size: 12), wrap: 178, maxLines: 3)
        #expect(cut && fitted.text.hasSuffix("…"))
        #expect(!fitted.text.dropLast().hasSuffix(" "), "cut at a word end")
        #expect(text.text.hasPrefix(fitted.text.dropLast()))
        #expect(fitted.styles == text.styles, "the bold words kept their style")
        // A text that fits is returned unchanged.
        let short = StyledText("Short text")
        #expect(ts.fit(short, font: FontSpec(size: 12), wrap: 178, maxLines: 3) == (short, false))
    }

    /// Laying out a figure measures a text a fixed number of times: ten times the length,
    /// about ten times the characters (it used to measure each of the binary search's ever
    /// longer prefixes in full).
    @Test(arguments: Figure.allCases)
    func figureWorkGrowsLinearly(figure: Figure) throws {
        func work(_ length: Int) throws -> Int {
            var incident = try #require(IncidentLoader.load(text: BuiltinExample.yaml, file: "e.yaml").incident)
            let word = String(repeating: "w", count: length)
            incident.title = word
            incident.service = word
            incident.impact.summary = word
            incident.timeline[1].text = word
            let counting = Counting(Self.pango)
            _ = figure.scene(incident, theme: .light, measurer: counting)
            return counting.counts.withLock { $0.characters }
        }
        let small = try work(2_000), large = try work(20_000)
        #expect(Double(large) <= 11 * Double(small), "\(figure): \(small) characters measured at 2,000, \(large) at 20,000")
    }

    @Test func longRunsGetBreakOpportunitiesAndStylesFollow() {
        let run = TextShaper.longestUnbrokenRun
        let word = String(repeating: "a", count: 3 * run + 10)
        let styles = [StyledRange(start: 0, end: run, style: .bold), StyledRange(start: run, end: 2 * run + 5, style: .italic)]
        let (text, moved) = TextShaper.breakingLongRuns("x " + word, styles: styles.map { StyledRange(start: $0.start + 2, end: $0.end + 2, style: $0.style) })
        #expect(text.split(separator: "\u{200B}").map(\.count) == [run + 2, run, run, 10])
        #expect(text.replacingOccurrences(of: "\u{200B}", with: "") == "x " + word)
        // Styles stay on the same letters: the first ends before the break, the second starts after it.
        let bytes = Array(text.utf8)
        #expect(moved[0].start == 2 && moved[0].end == run + 2)
        #expect(moved[1].start == run + 5 && moved[1].end == 2 * run + 7 + 6)
        #expect(String(decoding: bytes[moved[1].start..<moved[1].end], as: UTF8.self).allSatisfy { $0 == "a" || $0 == "\u{200B}" })
        // Ordinary text, and long words shorter than the run, are left alone.
        let url = "https://status.example.com/incidents/" + String(repeating: "0123456789", count: 15)
        #expect(TextShaper.breakingLongRuns(url, styles: []).0 == url)
    }
}

/// The PDF report's paragraphs break long words the same way, links kept on their text.
@Suite struct LongParagraphTests {
    @Test func aLongWordInAParagraphGetsBreaksAndLinksFollow() throws {
        try FontSetup.configure()
        let run = TextShaper.longestUnbrokenRun
        let word = String(repeating: "y", count: 2 * run + 1)
        let markup = ParagraphMarkup([.text(word), .link([.text("after")], url: "https://x")], style: ParagraphFixtures.style())
        #expect(markup.markup.components(separatedBy: "\u{200B}").count - 1 == 2)
        // The link's bytes point at "after" in the text pango keeps (two 3-byte breaks earlier).
        #expect(markup.links.map(\.bytes) == [(word.utf8.count + 6)..<(word.utf8.count + 11)])
        ShaperPool.withShaper { shaper in
            let p = ParagraphLayout(markup, font: ParagraphFixtures.body, width: 300, leading: ParagraphFixtures.leading, shaper: shaper)
            let text = String(cString: pango_layout_get_text(p.layout.pointer))
            let bytes = Array(text.utf8)
            #expect(String(decoding: bytes[markup.links[0].bytes], as: UTF8.self) == "after")
        }
    }
}
