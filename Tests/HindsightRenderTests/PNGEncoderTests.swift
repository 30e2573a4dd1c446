import CCairo
import Foundation
import HindsightLayout
@testable import HindsightRender
import HindsightTestSupport
import Testing

/// The PNG encoder is checked against cairo's own PNG writer: both files, decoded by cairo,
/// must give the same pixels.
@Suite struct PNGEncoderTests {
    /// The sample scene drawn on an image surface of `format`.
    func drawnSurface(_ format: cairo_format_t, background: RGBA) throws -> CairoSurface {
        var scene = TestScenes.sample(measurer: try PangoTextMeasurer())
        scene.background = background
        let surface = try CairoSurface(taking: cairo_image_surface_create(format, 800, 400), operation: "create")
        try SceneRenderer.draw(scene, on: surface, scale: 1)
        return surface
    }

    func cairoPNG(_ surface: CairoSurface) throws -> [UInt8] {
        let sink = ByteSink()
        try sink.withClosure { closure in
            try checkCairo(cairo_surface_write_to_png_stream(surface.pointer, writeToByteSink, closure), "write")
        }
        return sink.bytes
    }

    func decode(_ png: [UInt8]) throws -> [UInt32] { try RasterImage.decode(png: png).pixels }

    @Test func opaqueImageMatchesCairosWriter() throws {
        let surface = try drawnSurface(CAIRO_FORMAT_RGB24, background: RGBA(r: 1, g: 1, b: 1))
        let ours = try PNGEncoder.encode(surface), theirs = try cairoPNG(surface)
        #expect(ours[25] == 2 && theirs[25] == 2, "both RGB")
        let same = try decode(ours) == decode(theirs)
        #expect(same)
        #expect(ours.count < theirs.count)
    }

    @Test func translucentImageMatchesCairosWriter() throws {
        let surface = try drawnSurface(CAIRO_FORMAT_ARGB32, background: RGBA(r: 0.2, g: 0.5, b: 0.9, a: 0.3))
        let ours = try PNGEncoder.encode(surface), theirs = try cairoPNG(surface)
        #expect(ours[25] == 6 && theirs[25] == 6, "both RGBA")
        let pixels = try decode(ours)
        #expect(Set(pixels.map { $0 >> 24 }).count > 2, "several alpha levels")
        let same = try pixels == decode(theirs)
        #expect(same)
    }
}
