import Foundation
import HindsightLayout
import HindsightModel
@testable import HindsightRender
import HindsightTestSupport
import Testing

/// `SVGWriter` against cairo's own SVG surface (`SceneRenderer.cairoSVG`): both files are
/// rasterised by librsvg and must give the same picture, for every figure and theme of two
/// incidents (plain, and one with inline Markdown, emoji, Cyrillic, Greek and Arabic) and for
/// the hand-built sample scene. Plus the writer's own pieces: numbers, determinism.
@Suite struct SVGWriterTests {
    static let measurer = try! PangoTextMeasurer()
    static let rsvg = Tools.executable("rsvg-convert")

    static func incident(_ relative: String) throws -> Incident {
        let text = try Fixtures.text(relative)
        return try #require(IncidentLoader.load(text: text, file: relative, format: .yaml).incident)
    }

    static func scenes() throws -> [(String, Scene)] {
        var out: [(String, Scene)] = [("sample", TestScenes.sample(measurer: measurer))]
        // A page of a report: paragraphs with links, code and scripts, a nested figure.
        try PageRenderer.with { renderer in
            out.append(("page", PageScenes.page(renderer, measurer: measurer)))
            out.append(("page-continued", PageScenes.page(renderer, lines: 1..<2, measurer: measurer)))
        }
        let example = try #require(IncidentLoader.load(text: BuiltinExample.yaml, file: "e.yaml").incident)
        for (name, incident) in [("example", example), ("styled", try incident("good/styled-text.yaml")),
                                 ("scripts", try incident("scripts/scripts-and-emoji.yaml"))] {
            for theme in [Theme.light, .dark] {
                for figure in Figure.allCases {
                    out.append(("\(name)-\(figure.rawValue)-\(theme.name)", figure.scene(incident, theme: theme, measurer: measurer)))
                }
            }
        }
        return out
    }

    /// Rasterises an SVG with librsvg at its own size.
    static func rasterise(_ svg: [UInt8], name: String) throws -> RasterImage {
        let input = try Scratch.file(svg, name: "\(name).svg")
        let output = input.deletingPathExtension().appendingPathExtension("png")
        defer { try? FileManager.default.removeItem(at: input); try? FileManager.default.removeItem(at: output) }
        _ = try Tools.run("rsvg-convert", [input.path, "-o", output.path])
        return try RasterImage.decode(png: Array(try Data(contentsOf: output)))
    }

    /// The largest difference between the two images' 8×8-pixel block averages (0–255, over
    /// the colour channels), and the mean of all block differences.
    static func blockDifference(_ a: RasterImage, _ b: RasterImage) -> (worst: Double, mean: Double) {
        let block = 8
        var worst = 0.0, total = 0.0, count = 0
        for by in stride(from: 0, through: a.height - block, by: block) {
            for bx in stride(from: 0, through: a.width - block, by: block) {
                var sa = 0, sb = 0
                for y in by..<by + block {
                    for x in bx..<bx + block {
                        let p = a.pixels[y * a.width + x], q = b.pixels[y * b.width + x]
                        for shift: UInt32 in [0, 8, 16] { sa += Int((p >> shift) & 0xFF); sb += Int((q >> shift) & 0xFF) }
                    }
                }
                let d = Double(abs(sa - sb)) / Double(block * block * 3)
                worst = max(worst, d); total += d; count += 1
            }
        }
        return (worst, count > 0 ? total / Double(count) : 0)
    }

    @Test(.enabled(if: rsvg != nil, "rsvg-convert is not installed (apt-get install librsvg2-bin; scripts/install-deps.sh test does)"))
    func drawsWhatCairoDraws() throws {
        for (name, scene) in try Self.scenes() {
            let own = try Self.rasterise(try SceneRenderer.render(scene, format: .svg), name: "own-\(name)")
            let cairo = try Self.rasterise(try SceneRenderer.cairoSVG(scene), name: "cairo-\(name)")
            #expect(own.width == cairo.width && own.height == cairo.height, "\(name): size")
            guard own.width == cairo.width, own.height == cairo.height else { continue }
            let (worst, mean) = Self.blockDifference(own, cairo)
            // Measured: worst block 1.8–12 (an emoji resampled from another strike size), 17 for
            // white emoji (☁️ ☠️ ⏱️) on the dark theme; mean under 0.08. A glyph, an underline or
            // a dash pattern out of place costs 25 and more (a CJK run drawn 2.7 px off its
            // baseline: 29 to 75).
            #expect(worst < 20 && mean < 0.1, "\(name): worst 8×8 block differs by \(worst), mean \(mean)")
        }
    }

    @Test func sameBytesWhateverCameBefore() throws {
        let scenes = try Self.scenes()
        let first = try scenes.map { try SceneRenderer.render($0.1, format: .svg) }
        // Again, in reverse order: glyph caches are warm and filled in another order.
        let again = try scenes.reversed().map { try SceneRenderer.render($0.1, format: .svg) }
        #expect(first == Array(again.reversed()))
    }

    @Test func structure() throws {
        let scene = TestScenes.sample(measurer: Self.measurer)
        let svg = String(decoding: try SceneRenderer.render(scene, format: .svg), as: UTF8.self)
        #expect(svg.hasPrefix("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<svg xmlns=\"http://www.w3.org/2000/svg\""))
        #expect(svg.contains("viewBox=\"0 0 \(Int(scene.width)) \(Int(scene.height))\""))
        // Glyphs are defined once and used by reference; colour emoji are PNG images.
        let uses = svg.components(separatedBy: "<use ").count - 1
        let paths = svg.components(separatedBy: "<path id=\"g").count - 1
        #expect(uses > 2 * paths && paths > 20, "uses \(uses), glyph paths \(paths)")
        #expect(svg.contains("<image id=\"g") && svg.contains("data:image/png;base64,iVBORw0KGgo"))
        // No text as text: the file needs no fonts.
        #expect(!svg.contains("<text") && !svg.contains("font-family"))
    }

    @Test func characterWithoutAGlyphIsABox() throws {
        let items = TestScenes.text("ᏣᎳ", FontSpec(size: 20), at: Point(10, 10), boxes: false, measurer: Self.measurer)
        let scene = Scene(figure: "t", width: 100, height: 50, background: RGBA(r: 1, g: 1, b: 1), items: items)
        let svg = String(decoding: try SceneRenderer.render(scene, format: .svg), as: UTF8.self)
        #expect(svg.components(separatedBy: "fill=\"none\" stroke=").count - 1 == 2)
    }

    @Test func numbers() {
        func text(_ v: Double) -> String { var b = SVGBytes(); b.number(v); return String(decoding: b.bytes, as: UTF8.self) }
        #expect(text(0) == "0")
        #expect(text(-0.001) == "0")
        #expect(text(12.5) == "12.5")
        #expect(text(-3.25) == "-3.25")
        #expect(text(0.07) == "0.07")
        #expect(text(1600) == "1600")
        #expect(text(99.999) == "100")
        #expect(text(-1234567.891) == "-1234567.89")
        #expect(text(.nan) == "0" && text(.infinity) == "0")
        #expect(text(1e300) == "1000000000000")
        #expect(text(-0.005) == "-0.01" && text(10.1) == "10.1" && text(-20) == "-20")
        func factor(_ v: Double) -> String { var b = SVGBytes(); b.factor(v); return String(decoding: b.bytes, as: UTF8.self) }
        #expect(factor(0.000001) == "0.000001" && factor(-0.1234564) == "-0.123456" && factor(1.5) == "1.5" && factor(.nan) == "1")
        func int(_ v: Int) -> String { var b = SVGBytes(); b.int(v); return String(decoding: b.bytes, as: UTF8.self) }
        #expect(int(0) == "0" && int(-7) == "-7" && int(Int.max) == "9223372036854775807" && int(Int.min) == "-9223372036854775808")
        var c = SVGBytes()
        c.color(RGBA(r: 1, g: 0.5, b: 0)); c.text(" "); c.opacity(0.25); c.text(" "); c.opacity(0.05); c.text(" "); c.opacity(1)
        #expect(String(decoding: c.bytes, as: UTF8.self) == "#ff8000 0.25 0.05 1")
    }
}
