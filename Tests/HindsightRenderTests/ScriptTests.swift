import CCairo
import Foundation
import HindsightLayout
import HindsightModel
@testable import HindsightRender
import HindsightTestSupport
import Testing

/// Every script and every emoji (issue 14): CJK, Arabic and Hebrew have glyphs, emoji come
/// from the colour font, fields joined on one line keep their order whatever their direction,
/// and a character no pinned font has is a warning naming the field.
@Suite struct ScriptTests {
    static let measurer = try! PangoTextMeasurer()

    /// The emoji incidents carry that DejaVu Sans (which has a black glyph for each) used to draw.
    static let emoji = ["⚡", "⚠️", "☕", "✈️", "❤️", "⚙️", "☁️", "♻️", "☠️", "✉️", "⏱️", "❤️‍🔥", "📧", "🇯🇵", "👩🏽‍💻"]

    static func incident() throws -> Incident {
        let text = try Fixtures.text("scripts/scripts-and-emoji.yaml")
        return try #require(IncidentLoader.load(text: text, file: "scripts-and-emoji.yaml", format: .yaml).incident)
    }

    /// Each glyph of `text` as pango shapes it for drawing: its font and whether it is pango's
    /// "no glyph" box.
    struct Glyph { let font: FontInfo; let unknown: Bool; let empty: Bool }
    static func glyphs(_ text: String, font: FontSpec = FontSpec(size: 16), wrapWidth: Double? = nil) -> [Glyph] {
        ShaperPool.withShaper { shaper in
            let shaped = shaper.sharedLayout(text, font: font, wrapWidth: wrapWidth, align: .left)
            var out: [Glyph] = []
            let iter = pango_layout_get_iter(shaped.layout.pointer)!
            defer { pango_layout_iter_free(iter) }
            repeat {
                guard let run = pango_layout_iter_get_run_readonly(iter), let item = run.pointee.item,
                      let glyphs = run.pointee.glyphs, let f = item.pointee.analysis.font else { continue }
                let info = shaper.fontInfo(OpaquePointer(f))
                for i in 0..<Int(glyphs.pointee.num_glyphs) {
                    let g = glyphs.pointee.glyphs[i].glyph
                    out.append(Glyph(font: info, unknown: g & PangoGlyphs.unknownFlag != 0,
                                     empty: g == PangoGlyphs.empty))
                }
            } while pango_layout_iter_next_run(iter) != 0
            return out
        }
    }

    @Test(arguments: emoji)
    func emojiComeFromTheColourFontWhole(_ e: String) throws {
        try FontSetup.configure()
        for context in [e, "Deploy \(e) done", "東京 \(e)"] {
            let drawn = Self.glyphs(context).filter { !$0.empty && !$0.unknown }
            let color = drawn.filter(\.font.isColor)
            #expect(color.count == 1, "\(context): one colour glyph for \(e), got \(color.count) of \(drawn.map(\.font.key))")
        }
        #expect(try FontCatalog.missing(in: e).isEmpty)
    }

    @Test func cjkArabicHebrewAndIndicScriptsHaveGlyphs() throws {
        let samples = ["東京リージョンの大規模障害", "中文故障报告", "한국어 장애", "خدمة البريد", "שלום עולם", "सेवा बाधित", "บริการล่ม", "Привет Ωμέγα"]
        for s in samples {
            let g = Self.glyphs(s)
            let boxes = g.filter(\.unknown).count
            #expect(boxes == 0, "\(s) has a box")
            let keys = Set(g.map(\.font.key))
            #expect(!keys.contains(where: { $0.hasPrefix("DejaVu") }), "\(s) should use a Noto or Inter face: \(keys)")
            #expect(try FontCatalog.missing(in: s).isEmpty)
        }
    }

    /// Every text of every figure of the fixture (Japanese title, Arabic service, escalation
    /// target and event, Hebrew, the emoji list) is drawn without a box, and its emoji in colour.
    @Test func figuresOfTheFixtureHaveNoBoxes() throws {
        let incident = try Self.incident()
        for figure in Figure.allCases {
            let scene = figure.scene(incident, theme: .light, measurer: Self.measurer)
            #expect(SceneCheck.problems(scene).isEmpty, "\(figure): \(SceneCheck.problems(scene).prefix(3))")
            for run in scene.texts {
                let g = Self.glyphs(run.text, font: run.font, wrapWidth: run.wrapWidth)
                let boxes = g.filter(\.unknown).count
                #expect(boxes == 0, "\(figure): box in \(run.text)")
            }
        }
        let all = Figure.allCases.flatMap { $0.scene(incident, theme: .light, measurer: Self.measurer).texts }.map(\.text).joined()
        #expect(all.contains("⚡") && all.contains("東京") && all.contains("خدمة"))
        #expect(try FontCatalog.diagnostics(incident, file: "f.yaml").isEmpty)
        // The PDF embeds the faces the text was shaped with.
        let pdf = String(decoding: try SceneRenderer.render(Figure.impact.scene(incident, theme: .light, measurer: Self.measurer), format: .pdf),
                         as: UTF8.self)
        #expect(pdf.contains("NotoSansCJK") && pdf.contains("NotoSansArabic") && pdf.contains("NotoSansHebrew") && pdf.contains("Inter"))
    }

    /// Where pango draws the first character of `needle` in the run's layout, in px from its left.
    static func x(of needle: String, in run: TextRun) -> Double {
        ShaperPool.withShaper { shaper in
            let shaped = shaper.sharedLayout(run.text, font: run.font, wrapWidth: run.wrapWidth, align: run.align, styles: run.styles)
            let index = run.text.utf8.distance(from: run.text.utf8.startIndex, to: run.text.range(of: needle)!.lowerBound.samePosition(in: run.text.utf8)!)
            var pos = PangoRectangle()
            pango_layout_index_to_pos(shaped.layout.pointer, Int32(index), &pos)
            return pango_units_to_double(pos.x)
        }
    }

    /// The subtitle of the impact figure with an Arabic service used to read
    /// `Asia/Dubai 00:45 04-11-2024 – 21:15 03-11-2024`: now the service keeps its place and
    /// the range reads start to end, left to right.
    @Test func rightToLeftFieldsDoNotReorderTheirNeighbours() throws {
        let incident = try Self.incident()
        let impact = Figure.impact.scene(incident, theme: .light, measurer: Self.measurer)
        let subtitle = try #require(impact.texts.first { $0.role == .subtitle })
        let service = Self.x(of: "خدمة", in: subtitle), start = Self.x(of: "2024-11-03", in: subtitle)
        let end = Self.x(of: "2024-11-04", in: subtitle), zone = Self.x(of: "Asia/Dubai", in: subtitle)
        #expect(service < start && start < end && end < zone, "service \(service), start \(start), end \(end), zone \(zone)")

        let timeline = Figure.timeline.scene(incident, theme: .light, measurer: Self.measurer)
        let header = try #require(timeline.texts.first { $0.role == .subtitle })
        #expect(Self.x(of: "SEV-1", in: header) < Self.x(of: "2024-11-03", in: header))
        #expect(Self.x(of: "2024-11-03", in: header) < Self.x(of: "2024-11-04", in: header))
        // The escalation's arrow stays at the left edge of its card.
        let body = try #require(timeline.texts.first { $0.text.contains("→") })
        #expect(Self.x(of: "→", in: body) < 1)
    }

    @Test func missingGlyphsAreWarningsNamingFieldAndCharacter() throws {
        var incident = try Self.incident()
        incident.service = "Mail 𓀀"
        incident.timeline[1].text = "ok ᏣᎳᎩ"
        let d = try FontCatalog.diagnostics(incident, file: "x.yaml")
        #expect(d.count == 2)
        #expect(d.allSatisfy { $0.rule == "glyph-missing" && $0.severity == .warning })
        #expect(d.contains { $0.message.contains("`service`") && $0.message.contains("U+13000 '𓀀'") })
        #expect(d.contains { $0.message.contains("`timeline[1].text`") && $0.message.contains("U+13E3 'Ꮳ'")
                             && $0.location == incident.locations["timeline[1].text"] })
        // Invisible characters are never "missing".
        #expect(try FontCatalog.missing(in: "a\u{200D}b\u{FE0F}\u{2068}c\u{2069}\u{200E}").isEmpty)
    }

    /// The ranges `missing(in:)` trusts without loading fonts are really covered.
    @Test func alwaysCoveredRangesAreCovered() throws {
        for range in FontCatalog.alwaysCovered {
            let assigned = range.filter { Unicode.Scalar($0).map { $0.properties.generalCategory != .unassigned } ?? false }
            let uncovered = assigned.filter { !FontCatalog.covers($0) }
            #expect(uncovered.isEmpty, "not covered: \(uncovered.map { String($0, radix: 16) })")
        }
    }

    @Test func fontsListScripts() throws {
        let faces = try FontCatalog.faces()
        func scripts(_ family: String) throws -> Set<String> {
            Set(try faces.filter { $0.family == family }.flatMap { try FontCatalog.scripts(of: $0) })
        }
        #expect(try scripts("Noto Sans CJK JP").isSuperset(of: ["Han", "Hiragana", "Katakana", "Hangul"]))
        #expect(try scripts("Noto Sans Arabic").contains("Arabic"))
        #expect(try scripts("Noto Sans Hebrew").contains("Hebrew"))
        #expect(try scripts("Noto Color Emoji") == ["Emoji"])
        #expect(try scripts("Inter").contains("Latin"))
        // The chain names the script faces before DejaVu Sans, which also has (plainer) Arabic and Hebrew.
        let chain = FontSetup.fallbackFamilies
        #expect(chain.firstIndex(of: "Noto Sans Arabic")! < chain.firstIndex(of: "DejaVu Sans")!)
    }
}

/// Raster output beyond cairo's 32,767-pixel surfaces (issue 18, item 12).
@Suite struct TallPNGTests {
    /// Drawn in bands, a figure gives the very pixels it gives drawn at once.
    @Test func bandsStitchToTheSamePicture() throws {
        let measurer = try PangoTextMeasurer()
        let scene = TestScenes.timeline(measurer: measurer)
        for scale in [1.0, 2.0] {
            let whole = try RasterImage.decode(png: SceneRenderer.renderPNG(scene, scale: scale, bandRows: .max))
            let banded = try RasterImage.decode(png: SceneRenderer.renderPNG(scene, scale: scale, bandRows: 77))
            #expect(whole.width == banded.width && whole.height == banded.height)
            #expect(whole.difference(from: banded, tolerance: 0).count == 0, "scale \(scale)")
        }
    }

    /// At the 5,000-event limit the vertical timeline is about 119,000 px tall: its PNG used to
    /// fail with "cairo failed to create a 1600×118809 pixel image".
    @Test func fiveThousandEventsMakeAPNG() throws {
        let yaml = IncidentGenerator.yaml(seed: 5, .init(events: 5000, spanMinutes: 6000, textLength: 30))
        let incident = try #require(IncidentLoader.load(text: yaml, file: "big.yaml", format: .yaml).incident)
        let scene = Figure.timeline.scene(incident, theme: .light, measurer: try PangoTextMeasurer())
        #expect(scene.height > 32767)
        let png = try SceneRenderer.render(scene, format: .png)
        func be32(_ at: Int) -> Int { png[at..<at + 4].reduce(0) { $0 << 8 | Int($1) } }
        #expect(be32(16) == Int(scene.width) && be32(20) == Int(scene.height.rounded(.up)))
        // Decompress and look at the last band: the legend is drawn there, not left blank.
        let idat = png[41..<(41 + be32(33))]
        var raw = [UInt8](repeating: 0, count: (1 + 3 * be32(16)) * be32(20))
        var rawCount = uLongf(raw.count)
        let status = Array(idat).withUnsafeBufferPointer { uncompress(&raw, &rawCount, $0.baseAddress, uLong($0.count)) }
        #expect(status == Z_OK && Int(rawCount) == raw.count)
        let lastRows = raw.suffix(200 * (1 + 3 * be32(16)))
        #expect(Set(lastRows).count > 10, "the bottom of the figure has drawing in it")
    }
}
