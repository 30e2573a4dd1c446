import CCairo
import HindsightLayout

/// Decoded pixels, for comparing rendered PNGs (golden-image tests) and writing diff images.
/// Pixels are cairo's native-endian 0xAARRGGBB words (premultiplied), row by row.
public struct RasterImage: Equatable, Sendable {
    public var width: Int
    public var height: Int
    public var pixels: [UInt32]

    public init(width: Int, height: Int, pixels: [UInt32]) {
        self.width = width; self.height = height; self.pixels = pixels
    }

    /// Decodes a PNG with cairo's reader.
    public static func decode(png: [UInt8]) throws -> RasterImage {
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
        guard let data = cairo_image_surface_get_data(p) else {
            throw RenderError.cairo(operation: "decode the PNG", status: "no pixel data")
        }
        var pixels = [UInt32](repeating: 0, count: w * h)
        for y in 0..<h {
            let row = UnsafeRawPointer(data + y * stride).assumingMemoryBound(to: UInt32.self)
            for x in 0..<w { pixels[y * w + x] = row[x] }
        }
        return RasterImage(width: w, height: h, pixels: pixels)
    }

    /// Encodes as PNG (RGBA) with the project's encoder.
    public func png() throws -> [UInt8] {
        let surface = try CairoSurface(taking: cairo_image_surface_create(CAIRO_FORMAT_ARGB32, Int32(width), Int32(height)),
                                       operation: "create an image")
        cairo_surface_flush(surface.pointer)
        guard let data = cairo_image_surface_get_data(surface.pointer) else {
            throw RenderError.cairo(operation: "write the image pixels", status: "no pixel data")
        }
        let stride = Int(cairo_image_surface_get_stride(surface.pointer))
        for y in 0..<height {
            let row = UnsafeMutableRawPointer(data + y * stride).assumingMemoryBound(to: UInt32.self)
            for x in 0..<width { row[x] = pixels[y * width + x] }
        }
        cairo_surface_mark_dirty(surface.pointer)
        return try PNGEncoder.encode(surface)
    }

    /// How many pixels differ by more than `tolerance` in some channel, and a diff image:
    /// differing pixels in red over a faded copy of `self`. Nil diff when sizes differ.
    public func difference(from other: RasterImage, tolerance: UInt32 = 24) -> (count: Int, diff: RasterImage?) {
        guard width == other.width, height == other.height else { return (max(pixels.count, other.pixels.count), nil) }
        var count = 0
        var out = [UInt32](repeating: 0, count: pixels.count)
        for i in pixels.indices {
            let a = pixels[i], b = other.pixels[i]
            var differs = false
            for shift: UInt32 in [0, 8, 16, 24] {
                let ca = (a >> shift) & 0xFF, cb = (b >> shift) & 0xFF
                if (ca > cb ? ca - cb : cb - ca) > tolerance { differs = true; break }
            }
            if differs {
                count += 1
                out[i] = 0xFFFF_0000
            } else {
                // Fade to a quarter towards white, opaque.
                let r = (((a >> 16) & 0xFF) + 3 * 255) / 4, g = (((a >> 8) & 0xFF) + 3 * 255) / 4, bl = ((a & 0xFF) + 3 * 255) / 4
                out[i] = 0xFF00_0000 | (r << 16) | (g << 8) | bl
            }
        }
        return (count, RasterImage(width: width, height: height, pixels: out))
    }
}

extension RasterImage {
    /// The smallest pixel box holding every pixel of an ARGB32 image that is not fully
    /// transparent, in whole pixels; nil when the image is empty.
    static func inkBox(_ surface: CairoSurface) -> Rect? {
        let p = surface.pointer
        let (w, h, stride) = (Int(cairo_image_surface_get_width(p)), Int(cairo_image_surface_get_height(p)),
                              Int(cairo_image_surface_get_stride(p)))
        guard let data = cairo_image_surface_get_data(p) else { return nil }
        var minX = w, minY = h, maxX = -1, maxY = -1
        for y in 0..<h {
            let row = UnsafeRawPointer(data + y * stride).assumingMemoryBound(to: UInt32.self)
            for x in 0..<w where row[x] >> 24 != 0 {
                minX = min(minX, x); maxX = max(maxX, x); minY = min(minY, y); maxY = max(maxY, y)
            }
        }
        guard maxX >= 0 else { return nil }
        return Rect(x: Double(minX), y: Double(minY), w: Double(maxX - minX + 1), h: Double(maxY - minY + 1))
    }
}
