import CCairo
import Foundation
import HindsightLayout
@testable import HindsightRender
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

    /// Decodes with cairo's PNG reader into native-endian pixel words.
    func decode(_ png: [UInt8]) throws -> [UInt32] {
        final class Reader { var bytes: [UInt8]; var at = 0; init(_ b: [UInt8]) { bytes = b } }
        let reader = Reader(png)
        let image = try withExtendedLifetime(reader) {
            try CairoSurface(taking: cairo_image_surface_create_from_png_stream({ closure, data, length in
                let reader = Unmanaged<Reader>.fromOpaque(closure!).takeUnretainedValue()
                let n = Int(length)
                guard reader.at + n <= reader.bytes.count, let data else { return CAIRO_STATUS_READ_ERROR }
                reader.bytes.withUnsafeBufferPointer { data.update(from: $0.baseAddress! + reader.at, count: n) }
                reader.at += n
                return CAIRO_STATUS_SUCCESS
            }, Unmanaged.passUnretained(reader).toOpaque()), operation: "decode the PNG")
        }
        let p = image.pointer
        let (w, h, stride) = (Int(cairo_image_surface_get_width(p)), Int(cairo_image_surface_get_height(p)),
                              Int(cairo_image_surface_get_stride(p)))
        let data = cairo_image_surface_get_data(p)!
        return (0..<h).flatMap { y in
            (0..<w).map { x in UnsafeRawPointer(data + y * stride).load(fromByteOffset: x * 4, as: UInt32.self) }
        }
    }

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
