import CCairo
import HindsightLayout
@testable import HindsightRender
import HindsightTestSupport
import Testing

/// FreeType faces are opened when first drawn, by `FontFaces`, and cairo gets them through a
/// copy of each font's pattern (see `FontFaces` for why cairo must not open them itself).
@Suite struct FontFacesTests {
    /// pangocairo's font interface has the shape `FontFaces` checks for, so faces are opened
    /// as drawn rather than all up front. Fails on a pango whose private layout has changed:
    /// then every process opens all 50 faces again (correct, but slower).
    @Test func pangocairoTakesItsFacesFromFontFaces() throws {
        try FontSetup.configure()
        #expect(FontFaces.hooked)
    }

    /// The font class measures glyphs and fonts with HarfBuzz once the fonts are configured,
    /// before any shaper has loaded a font (`HarfBuzzGlyphs.install`).
    @Test func harfBuzzMeasuresOnceConfigured() throws {
        try FontSetup.configure()
        #expect(HarfBuzzGlyphs.inPlace)
    }

    /// Drawing Japanese bold text opens Noto Sans CJK Bold through `FontFaces` (cairo would
    /// otherwise open it itself), and no pattern of the configuration, which every font map
    /// and thread reads, carries a face afterwards.
    @Test func aFaceIsOpenedWhenFirstDrawnAndTheSharedPatternsStayAsTheyWere() throws {
        let measurer = try PangoTextMeasurer()
        let items = TestScenes.text("東京リージョン 障害", FontSpec(size: 18, weight: .bold), at: Point(10, 30),
                                    boxes: false, measurer: measurer)
        let scene = Scene(figure: "card", width: 300, height: 80, background: RGBA(r: 1, g: 1, b: 1), items: items,
                          alt: "cjk", title: "cjk")
        let png = try SceneRenderer.render(scene, format: .png)
        #expect(!png.isEmpty)
        #expect(FontFaces.openedFiles.contains("/usr/share/fonts/opentype/noto/NotoSansCJK-Bold.ttc"))
        let set = try #require(FcConfigGetFonts(FcConfigGetCurrent(), FcSetApplication))
        var withFace = 0
        for i in 0..<Int(set.pointee.nfont) {
            var face: FT_Face?
            if let pattern = set.pointee.fonts[i], FcPatternGetFTFace(pattern, FC_FT_FACE, 0, &face) == FcResultMatch { withFace += 1 }
        }
        #expect(withFace == 0)
    }
}
