import CCairo
import HindsightLayout
@testable import HindsightRender
import Testing

/// Drawn text must sit where it was measured: the inked pixels of a rendered run fill its
/// measured ink box, at every scale.
@Suite struct TextPlacementTests {
    /// The bounding box, in logical px, of the pixels that are not white.
    func inkedBounds(of scene: Scene, scale: Double) throws -> Rect? {
        let (w, h) = (Int32(scene.width * scale), Int32(scene.height * scale))
        let surface = try CairoSurface(taking: cairo_image_surface_create(CAIRO_FORMAT_RGB24, w, h), operation: "create")
        try SceneRenderer.draw(scene, on: surface, scale: scale)
        cairo_surface_flush(surface.pointer)
        let data = cairo_image_surface_get_data(surface.pointer)!
        let stride = Int(cairo_image_surface_get_stride(surface.pointer))
        var (minX, minY, maxX, maxY) = (Int.max, Int.max, -1, -1)
        for y in 0..<Int(h) {
            for x in 0..<Int(w) where UnsafeRawPointer(data + y * stride).load(fromByteOffset: x * 4, as: UInt32.self) & 0xFFFFFF != 0xFFFFFF {
                minX = min(minX, x); maxX = max(maxX, x); minY = min(minY, y); maxY = max(maxY, y)
            }
        }
        guard maxX >= 0 else { return nil }
        return Rect(x: Double(minX) / scale, y: Double(minY) / scale,
                    w: Double(maxX + 1 - minX) / scale, h: Double(maxY + 1 - minY) / scale)
    }

    /// Text, font, wrap width, alignment, and whether the ink box is tight: a colour emoji's
    /// ink box is its whole bitmap, transparent margins included, so it only has to contain
    /// the drawn pixels.
    static let cases: [(String, FontSpec, Double?, TextAlign, tight: Bool)] = [
        ("gyp Äj", FontSpec(size: 40), nil, .left, true),
        ("Wrapped and centred: a long label over several lines", FontSpec(size: 15, weight: .bold), 140, .center, true),
        ("right\naligned text", FontSpec(size: 18, italic: true), nil, .right, true),
        ("📧 mail", FontSpec(size: 24), nil, .left, false),
    ]

    @Test(arguments: 0..<cases.count, [1.0, 2.0])
    func inkLandsInTheMeasuredInkBox(index: Int, scale: Double) throws {
        let (text, font, wrapWidth, align, tight) = Self.cases[index]
        let measurer = try PangoTextMeasurer()
        let metrics = measurer.measure(text, font: font, wrapWidth: wrapWidth, align: align)
        let run = TextRun(text: text, font: font, color: RGBA(r: 0, g: 0, b: 0), origin: Point(23.5, 17.25),
                          wrapWidth: wrapWidth, align: align, metrics: metrics, role: .label)
        let scene = Scene(figure: "card", width: 300, height: 200, background: RGBA(r: 1, g: 1, b: 1), items: [.text(run)])
        let inked = try #require(try inkedBounds(of: scene, scale: scale))
        // The image backend snaps glyphs to whole device pixels (up to half a pixel off) and
        // anti-aliasing touches one more pixel on each side.
        let tolerance = 1.5 / scale + 0.01
        #expect(run.inkBox.insetBy(-tolerance).contains(inked), "drawn \(inked), measured \(run.inkBox)")
        if tight {
            #expect(inked.insetBy(-tolerance).contains(run.inkBox), "drawn \(inked), measured \(run.inkBox)")
        }
    }
}
