import CCairo
import Foundation
import HindsightLayout
@testable import HindsightRender
import Testing

/// `HarfBuzzGlyphs` measures and outlines plain outline fonts in place of pangocairo and
/// cairo: these hold its answers to theirs for every pinned family it takes.
@Suite struct HarfBuzzGlyphTests {
    /// Every pinned face HarfBuzz measures, at sizes the figures and reports use.
    static func fonts(_ shaper: TextShaper) -> [(String, GObjectRef)] {
        var fonts: [(String, GObjectRef)] = []
        for family in FontSetup.pinned.map(\.family) {
            for (size, weight, italic) in [(9.5, 400, false), (13, 700, false), (28, 600, false), (15, 400, true)] {
                guard let font = shaper.font(family: family, size: size, weight: weight, italic: italic) else { continue }
                fonts.append(("\(family) \(size) \(weight)\(italic ? " italic" : "")", font))
            }
        }
        return fonts
    }

    static func pangoFont(_ ref: GObjectRef) -> UnsafeMutablePointer<PangoFont> {
        UnsafeMutablePointer<PangoFont>(ref.pointer)
    }

    @Test func measuresEveryPinnedFontAndOutlinesAllButColour() throws {
        try FontSetup.configure()
        ShaperPool.withShaper { shaper in
            let fonts = Self.fonts(shaper)
            #expect(fonts.count == FontSetup.pinned.count * 4)
            #expect(fonts.allSatisfy { HarfBuzzGlyphs.measures(Self.pangoFont($0.1)) })
            let outlined = fonts.filter { HarfBuzzGlyphs.outlineFont(Self.pangoFont($0.1)) != nil }.map(\.0)
            #expect(outlined.contains("Inter 13.0 700") && outlined.contains("DejaVu Sans Mono 9.5 400"))
            #expect(!outlined.contains { $0.hasPrefix("Noto Color Emoji") })
            #expect(outlined.count == fonts.count - 4)
        }
    }

    /// Every field equals pangocairo's, but for the approximate widths of a font that lacks
    /// characters of the sample text or the digits, or whose sample is not left to right
    /// (pango takes those from fallback fonts; nothing reads them).
    @Test func metricsEqualPangocairos() throws {
        try FontSetup.configure()
        ShaperPool.withShaper { shaper in
            var exact = 0
            for code in ["en", "ja", "ar"] {
                let language = pango_language_from_string(code)
                let sample = String(cString: pango_language_get_sample_string(language)) + "0123456789"
                for (name, ref) in Self.fonts(shaper) {
                    let font = Self.pangoFont(ref)
                    guard let ours = pango_font_get_metrics(font, language),
                          let theirs = HarfBuzzGlyphs.pangocairoMetrics(font, language) else { Issue.record("no metrics: \(name)"); continue }
                    defer { pango_font_metrics_unref(ours); pango_font_metrics_unref(theirs) }
                    let (a, b) = (ours.pointee, theirs.pointee)
                    #expect([a.ascent, a.descent, a.height, a.underline_position, a.underline_thickness,
                             a.strikethrough_position, a.strikethrough_thickness]
                            == [b.ascent, b.descent, b.height, b.underline_position, b.underline_thickness,
                                b.strikethrough_position, b.strikethrough_thickness], "\(name), \(code)")
                    var glyph: hb_codepoint_t = 0
                    let hb = pango_font_get_hb_font(font)
                    if code != "ar", sample.unicodeScalars.allSatisfy({ hb_font_get_nominal_glyph(hb, $0.value, &glyph) != 0 }) {
                        #expect([a.approximate_char_width, a.approximate_digit_width] == [b.approximate_char_width, b.approximate_digit_width],
                                "\(name), \(code)")
                        exact += 1
                    }
                }
            }
            #expect(exact >= 20)
        }
    }

    /// FreeType measures in 1/64 px and HarfBuzz in 1/1024 px here: ink boxes agree to
    /// 1/64 px (16 pango units) on each edge, logical boxes exactly but for the advance's
    /// last unit (outline fonts).
    @Test func glyphExtentsAgreeWithCairos() throws {
        try FontSetup.configure()
        ShaperPool.withShaper { shaper in
            var worst = (ink: Int32(0), advance: Int32(0))
            var compared = 0
            for (name, ref) in Self.fonts(shaper) {
                let font = Self.pangoFont(ref)
                guard HarfBuzzGlyphs.measures(font), let hb = pango_font_get_hb_font(font), let face = hb_font_get_face(hb) else { continue }
                let glyphs = min(hb_face_get_glyph_count(face), 400)
                for glyph in stride(from: UInt32(1), to: glyphs, by: 3) {
                    var ink = PangoRectangle(), logical = PangoRectangle()
                    pango_font_get_glyph_extents(font, glyph, &ink, &logical)
                    let cairo = HarfBuzzGlyphs.pangocairoExtents(font, glyph)
                    #expect(logical.y == cairo.logical.y && logical.height == cairo.logical.height && logical.x == 0, "\(name) glyph \(glyph)")
                    if HarfBuzzGlyphs.outlineFont(font) != nil {
                        worst.advance = max(worst.advance, abs(logical.width - cairo.logical.width))
                    } else {
                        // A colour bitmap's advance as cairo scales the strike: within 1%. pango
                        // lays glyphs out by the shaper's advances, never by this width.
                        #expect(abs(logical.width - cairo.logical.width) * 100 <= cairo.logical.width, "\(name) glyph \(glyph)")
                    }
                    if cairo.ink.width > 0 && cairo.ink.height > 0 {
                        let edges = [ink.x - cairo.ink.x, ink.y - cairo.ink.y,
                                     (ink.x + ink.width) - (cairo.ink.x + cairo.ink.width),
                                     (ink.y + ink.height) - (cairo.ink.y + cairo.ink.height)]
                        worst.ink = max(worst.ink, edges.map { abs($0) }.max()!)
                    } else {
                        #expect(ink.width == 0 || ink.height == 0, "\(name) glyph \(glyph): cairo has no ink")
                    }
                    compared += 1
                }
            }
            #expect(compared > 1000)
            #expect(worst.ink <= 16, "ink edges differ by up to \(worst.ink) pango units")
            #expect(worst.advance <= 1, "advances differ by up to \(worst.advance) pango units")
        }
    }

    /// Outlines from HarfBuzz draw what cairo's from FreeType draw: the same commands, every
    /// coordinate within 0.02 px (FreeType rounds points to 1/64 px, both are written to 0.01).
    @Test func outlinesMatchCairos() throws {
        try FontSetup.configure()
        ShaperPool.withShaper { shaper in
            var compared = 0
            for family in ["Inter", "DejaVu Sans", "Noto Sans Devanagari", "Noto Sans CJK JP"] {
                guard let ref = shaper.font(family: family, size: 17) else { Issue.record("no \(family)"); continue }
                let info = shaper.fontInfo(ref.pointer)
                guard let hb = info.outlineFont, let face = hb_font_get_face(hb) else { Issue.record("\(family) not taken"); continue }
                for glyph in stride(from: UInt32(1), to: min(hb_face_get_glyph_count(face), 300), by: 7) {
                    let ours = Self.commands(HarfBuzzGlyphs.outline(glyph, of: hb))
                    let cairo = Self.commands(shaper.cairoOutline(glyph, font: info))
                    #expect(ours.map(\.0) == cairo.map(\.0), "\(family) glyph \(glyph)")
                    guard ours.map(\.0) == cairo.map(\.0) else { continue }
                    let worst = zip(ours, cairo).flatMap { zip($0.1, $1.1).map { abs($0 - $1) } }.max() ?? 0
                    #expect(worst <= 0.02 + 1e-9, "\(family) glyph \(glyph): points differ by \(worst) px")
                    compared += 1
                }
            }
            #expect(compared > 100)
        }
    }

    /// Path data as commands with their numbers.
    static func commands(_ d: [UInt8]) -> [(Character, [Double])] {
        var result: [(Character, [Double])] = []
        var number = ""
        func flush() { if !number.isEmpty { result[result.count - 1].1.append(Double(number)!); number = "" } }
        for c in String(decoding: d, as: UTF8.self) {
            if c.isLetter { flush(); result.append((c, [])) } else if c == " " { flush() } else { number.append(c) }
        }
        flush()
        return result
    }

    /// A bitmap emoji in an SVG is the font's own PNG, in a box of the PNG's proportions that
    /// holds the ink cairo draws for the glyph.
    @Test func emojiBitmapsAreTheFontsOwnImagesWhereCairoDrawsThem() throws {
        try FontSetup.configure()
        ShaperPool.withShaper { shaper in
            for size in [13.0, 28.0] {
                guard let ref = shaper.font(family: "Noto Color Emoji", size: size) else { Issue.record("no emoji font"); return }
                let info = shaper.fontInfo(ref.pointer)
                guard let hb = info.bitmapFont else { Issue.record("emoji font not taken"); return }
                for scalar: UInt32 in [0x1F4E7, 0x1F525, 0x2705] {
                    var glyph: hb_codepoint_t = 0
                    #expect(hb_font_get_nominal_glyph(hb, scalar, &glyph) != 0)
                    guard let bitmap = HarfBuzzGlyphs.colorBitmap(glyph, of: hb) else { Issue.record("no bitmap for \(scalar)"); continue }
                    #expect(Array(bitmap.png.prefix(8)) == [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A])
                    let ihdr = bitmap.png[16..<24].map(UInt32.init)
                    let (w, h) = (Double(ihdr[0] << 24 | ihdr[1] << 16 | ihdr[2] << 8 | ihdr[3]), Double(ihdr[4] << 24 | ihdr[5] << 16 | ihdr[6] << 8 | ihdr[7]))
                    #expect(abs(bitmap.box.w / bitmap.box.h - w / h) < 0.01, "\(scalar) at \(size)")
                    let drawn = shaper.cairoColorGlyph(glyph, font: info)
                    #expect(drawn.kind == .image)
                    let ink = drawn.box, box = bitmap.box
                    #expect(ink.x >= box.x - 0.5 && ink.y >= box.y - 0.5 && ink.x + ink.w <= box.x + box.w + 0.5 && ink.y + ink.h <= box.y + box.h + 0.5,
                            "\(scalar) at \(size): cairo's ink \(ink) outside \(box)")
                    // The image's own ink, placed in the box, is cairo's ink (to a pixel).
                    let path = FileManager.default.temporaryDirectory.appendingPathComponent("emoji-\(scalar)-\(size).png").path
                    FileManager.default.createFile(atPath: path, contents: Data(bitmap.png))
                    defer { try? FileManager.default.removeItem(atPath: path) }
                    guard let image = try? CairoSurface(taking: cairo_image_surface_create_from_png(path), operation: "load"),
                          let own = RasterImage.inkBox(image) else { Issue.record("cannot read the PNG"); continue }
                    let (sx, sy) = (box.w / w, box.h / h)
                    let placed = Rect(x: box.x + own.x * sx, y: box.y + own.y * sy, w: own.w * sx, h: own.h * sy)
                    #expect(abs(placed.x - ink.x) <= 1 && abs(placed.y - ink.y) <= 1 && abs(placed.w - ink.w) <= 1 && abs(placed.h - ink.h) <= 1,
                            "\(scalar) at \(size): the image's ink at \(placed), cairo's at \(ink)")
                }
            }
        }
    }
}
