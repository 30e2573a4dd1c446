import CCairo
import CDeflate

/// Encodes cairo image surfaces as PNG: unfiltered scanlines, deflated in one IDAT chunk.
///
/// cairo's own writer (`cairo_surface_write_to_png_stream`, libpng with adaptive filters)
/// took 45 ms and 35.4 KB for a 1600×600 timeline here; unfiltered scanlines through zlib
/// at level 6 took 22 ms and 30.9 KB. Charts are flat colour and thin lines, where row
/// filters only get in deflate's way (measured on the example's three figures at scale 2:
/// none beats sub, up and Paeth by 15–25% in size at every level).
///
/// A whole image is compressed by libdeflate at level 1 (BENCHMARKS.md, "PNG compression";
/// the example's three figures at scale 2, callgrind instructions of the compression alone):
///
/// | | timeline | card |
/// |---|---|---|
/// | zlib level 6 (before 2026-12-05) | 388 M, 204.1 KB | 471 M, 82.2 KB |
/// | libdeflate level 6 | 204 M, 200.2 KB | 255 M, 80.6 KB |
/// | **libdeflate level 1** | **94 M, 217.9 KB** | **118 M, 89.2 KB** |
/// | cairo's own writer (libpng, adaptive filters) | | 97.2 KB (timeline 245.3 KB) |
///
/// Level 1 is four times as fast as zlib at 6, files 7–9% larger than zlib's and 8–11% smaller
/// than what `cairo_surface_write_to_png` (and so the C floor) writes; libdeflate's levels 2 to
/// 6 cost about as much as 6. Compression is most of a PNG's cost, so the speed decides. The
/// output depends only on the input, the level and libdeflate's version (1.14, Debian's):
/// the same bytes on every machine set up alike.
///
/// An image may arrive in horizontal bands (`Stream`), one surface after another: cairo
/// cannot make an image taller than 32,767 pixels, a PNG can be, and a band at a time keeps
/// memory bounded. libdeflate wants the whole input at once, so such tall images go through
/// zlib's streaming deflate, at level 1: their hundreds of megabytes of pixels made zlib most
/// of the time.
enum PNGEncoder {
    private static let signature: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]
    /// libdeflate's level for whole images (see above).
    static let level: Int32 = 1

    /// `surface` must be an RGB24 image (written as RGB) or an ARGB32 image (written as RGBA,
    /// un-premultiplied the way cairo's own writer does).
    ///
    /// `overwritingPixels`: an RGB24 image's scanlines are written over its own pixels (3
    /// bytes and a filter byte take no more room than 4), where the caller has no more use for
    /// them; no scanline buffer is needed. (For a timeline at scale 2, 6.6 MB less memory to
    /// map and clear in a cold process, and the bytes are converted while still in the cache.)
    static func encode(_ surface: CairoSurface, overwritingPixels: Bool = false) throws -> [UInt8] {
        let image = surface.pointer
        let width = Int(cairo_image_surface_get_width(image)), height = Int(cairo_image_surface_get_height(image))
        let alpha = cairo_image_surface_get_format(image) == CAIRO_FORMAT_ARGB32
        let count = scanlineBytes(surface, alpha: alpha)
        let compressor = try compressors.take()
        defer { compressors.give(compressor) }
        func compress(_ raw: UnsafeMutableRawPointer) throws -> [UInt8] {
            try scanlines(surface, width: width, alpha: alpha, into: raw)
            return try ImageBuffers.with(compressor.bound(count), hugePages: false) { out in
                let written = try compressor.zlib(raw, count: count, into: out)
                return file(width: width, height: height, alpha: alpha, idat: UnsafeRawBufferPointer(start: out, count: written))
            }
        }
        if overwritingPixels, !alpha, width > 0, let data = cairo_image_surface_get_data(image) {
            defer { cairo_surface_mark_dirty(image) }
            return try compress(UnsafeMutableRawPointer(data))
        }
        // Scanlines and compressed bytes in kept buffers (`ImageBuffers`): a warm figure maps nothing new.
        return try ImageBuffers.with(count) { try compress($0) }
    }

    /// libdeflate compressors at `level`, kept between images (each is some hundred kilobytes
    /// of tables, allocated and first touched again for every image before).
    private static let compressors = Pool<DeflateCompressor> { try DeflateCompressor(level: level) }

    /// How many bytes `scanlines` writes for a surface.
    private static func scanlineBytes(_ surface: CairoSurface, alpha: Bool) -> Int {
        let image = surface.pointer
        return (1 + Int(cairo_image_surface_get_width(image)) * (alpha ? 4 : 3)) * Int(cairo_image_surface_get_height(image))
    }

    /// Scanlines as PNG wants them, written to `raw` (room for `scanlineBytes`): a filter-type
    /// byte (0, none), then R G B [A] per pixel. cairo pixels are native-endian 32-bit words,
    /// 0xAARRGGBB, colour premultiplied by alpha.
    ///
    /// `raw` may be the image's own pixels for RGB: every pixel is read before the bytes it
    /// becomes are written, and those never reach a pixel not yet read (scanline byte
    /// `y × (1 + 3w) + 1 + 3x` against pixel byte `y × stride + 4x`, stride ≥ 4w; a row's
    /// filter byte is written after its pixels are read). Memory is only accessed untyped,
    /// as the same bytes are read as words and written as bytes.
    private static func scanlines(_ surface: CairoSurface, width: Int, alpha: Bool, into raw: UnsafeMutableRawPointer) throws {
        let image = surface.pointer
        cairo_surface_flush(image)
        let rows = Int(cairo_image_surface_get_height(image))
        let stride = Int(cairo_image_surface_get_stride(image))
        guard let bytes = cairo_image_surface_get_data(image) else {
            throw RenderError.cairo(operation: "read the image pixels", status: "no pixel data")
        }
        let data = UnsafeRawPointer(bytes)
        let rowBytes = 1 + width * (alpha ? 4 : 3)
        for y in 0..<rows {
            let row = data + y * stride
            var o = raw + (y * rowBytes + 1)
            defer { raw.storeBytes(of: 0 as UInt8, toByteOffset: y * rowBytes, as: UInt8.self) }
            if !alpha {
                // Four pixels at a time, as 12 bytes in two stores: a pixel's byte-swapped word
                // shifted right by 8 is its R G B bytes in memory order (19 M instructions a
                // timeline at scale 2 before, one byte at a time).
                var x = 0
                #if _endian(little)
                var p = row
                let quads = width / 4
                for _ in 0..<quads {
                    let t0 = UInt64(p.load(as: UInt32.self).byteSwapped &>> 8)
                    let t1 = UInt64(p.load(fromByteOffset: 4, as: UInt32.self).byteSwapped &>> 8)
                    let t2 = UInt64(p.load(fromByteOffset: 8, as: UInt32.self).byteSwapped &>> 8)
                    let t3 = UInt64(p.load(fromByteOffset: 12, as: UInt32.self).byteSwapped &>> 8)
                    o.storeBytes(of: t0 | t1 &<< 24 | t2 &<< 48, as: UInt64.self)
                    o.storeBytes(of: UInt32(truncatingIfNeeded: t2 &>> 16 | t3 &<< 8), toByteOffset: 8, as: UInt32.self)
                    o += 12
                    p += 16
                }
                x = quads &* 4
                #endif
                while x < width {
                    let pixel = row.load(fromByteOffset: 4 * x, as: UInt32.self)
                    o.storeBytes(of: UInt8(truncatingIfNeeded: pixel >> 16), as: UInt8.self)
                    o.storeBytes(of: UInt8(truncatingIfNeeded: pixel >> 8), toByteOffset: 1, as: UInt8.self)
                    o.storeBytes(of: UInt8(truncatingIfNeeded: pixel), toByteOffset: 2, as: UInt8.self)
                    o += 3
                    x += 1
                }
                continue
            }
            for x in 0..<width {
                let pixel = row.load(fromByteOffset: 4 * x, as: UInt32.self)
                var r = (pixel >> 16) & 0xFF, g = (pixel >> 8) & 0xFF, b = pixel & 0xFF
                let a = pixel >> 24
                if a != 0 && a != 255 {
                    r = (r * 255 + a / 2) / a; g = (g * 255 + a / 2) / a; b = (b * 255 + a / 2) / a
                }
                o.storeBytes(of: (UInt32(r) | UInt32(g) << 8 | UInt32(b) << 16 | UInt32(a) << 24).littleEndian, as: UInt32.self)
                o += 4
            }
        }
    }

    /// The PNG file around compressed scanlines (a zlib stream).
    private static func file(width: Int, height: Int, alpha: Bool, idat: UnsafeRawBufferPointer) -> [UInt8] {
        var header: [UInt8] = []
        header += bigEndian(UInt32(width))
        header += bigEndian(UInt32(height))
        // Bit depth 8; colour type 6 (RGBA) or 2 (RGB); deflate; no filter method; no interlace.
        header += [8, alpha ? 6 : 2, 0, 0, 0]
        var png = signature
        png.reserveCapacity(signature.count + idat.count + 64)
        header.withUnsafeBytes { appendChunk("IHDR", $0, to: &png) }
        appendChunk("IDAT", idat, to: &png)
        appendChunk("IEND", UnsafeRawBufferPointer(start: nil, count: 0), to: &png)
        return png
    }

    /// A PNG written band by band: `append` each band's surface, top to bottom (all as wide
    /// as the image, together as tall), then `finish`.
    final class Stream {
        let width: Int
        let height: Int
        let alpha: Bool
        private var rowsWritten = 0
        /// zlib keeps a pointer to its stream: it must not move, so it lives on the heap.
        private let z = UnsafeMutablePointer<z_stream>.allocate(capacity: 1)
        private var compressed: [UInt8] = []
        private var finished = false

        /// `level`: zlib's compression level (1 is 2.6 times as fast as 6 on a timeline's
        /// pixels and 12% larger).
        init(width: Int, height: Int, alpha: Bool, level: Int32) throws {
            self.width = width; self.height = height; self.alpha = alpha
            z.initialize(to: z_stream())
            let status = deflateInit_(z, level, ZLIB_VERSION, Int32(MemoryLayout<z_stream>.size))
            guard status == Z_OK else { throw RenderError.cairo(operation: "compress the PNG", status: "zlib error \(status)") }
        }

        deinit {
            deflateEnd(z)
            z.deinitialize(count: 1)
            z.deallocate()
        }

        /// Adds the next band's rows.
        func append(_ surface: CairoSurface) throws {
            let image = surface.pointer
            let rows = Int(cairo_image_surface_get_height(image))
            guard Int(cairo_image_surface_get_width(image)) == width, rowsWritten + rows <= height,
                  (cairo_image_surface_get_format(image) == CAIRO_FORMAT_ARGB32) == alpha else {
                throw RenderError.invalidArgument("a PNG band does not match the image (\(width)×\(height))")
            }
            let count = PNGEncoder.scanlineBytes(surface, alpha: alpha)
            try ImageBuffers.with(count) { raw in
                try PNGEncoder.scanlines(surface, width: width, alpha: alpha, into: raw)
                try deflate(UnsafeMutableRawBufferPointer(start: raw, count: count), flush: Z_NO_FLUSH)
            }
            rowsWritten += rows
        }

        private func deflate(_ inp: UnsafeMutableRawBufferPointer, flush: Int32) throws {
            var chunk = [UInt8](repeating: 0, count: 256 * 1024)
            do {
                z.pointee.next_in = inp.baseAddress?.assumingMemoryBound(to: UInt8.self)
                z.pointee.avail_in = uInt(inp.count)
                while true {
                    let (status, produced) = chunk.withUnsafeMutableBufferPointer { out -> (Int32, Int) in
                        z.pointee.next_out = out.baseAddress
                        z.pointee.avail_out = uInt(out.count)
                        let status = CCairo.deflate(z, flush)
                        return (status, out.count - Int(z.pointee.avail_out))
                    }
                    guard status == Z_OK || status == Z_STREAM_END || status == Z_BUF_ERROR else {
                        throw RenderError.cairo(operation: "compress the PNG", status: "zlib error \(status)")
                    }
                    compressed.append(contentsOf: chunk[0..<produced])
                    if status == Z_STREAM_END || (flush == Z_NO_FLUSH && z.pointee.avail_in == 0 && z.pointee.avail_out > 0) { break }
                }
                z.pointee.next_in = nil
            }
        }

        /// The PNG file.
        func finish() throws -> [UInt8] {
            guard !finished, rowsWritten == height else {
                throw RenderError.invalidArgument("a PNG got \(rowsWritten) of its \(height) rows")
            }
            finished = true
            try deflate(UnsafeMutableRawBufferPointer(start: nil, count: 0), flush: Z_FINISH)
            guard compressed.count < Int(Int32.max) else {
                throw RenderError.invalidArgument("the PNG's pixel data is too large (\(compressed.count) bytes compressed)")
            }
            return compressed.withUnsafeBytes { PNGEncoder.file(width: width, height: height, alpha: alpha, idat: $0) }
        }
    }

    /// Length, type, data, CRC-32 of type and data.
    private static func appendChunk(_ type: String, _ data: UnsafeRawBufferPointer, to png: inout [UInt8]) {
        let typeBytes = Array(type.utf8)
        png += bigEndian(UInt32(data.count))
        png += typeBytes
        var crc = crc32(0, typeBytes, uInt(typeBytes.count))
        // (zlib returns the initial value for a NULL buffer, so an empty chunk skips the call.)
        if let base = data.baseAddress, data.count > 0 {
            crc = crc32(crc, base.assumingMemoryBound(to: UInt8.self), uInt(data.count))
            png.append(contentsOf: data)
        }
        png += bigEndian(UInt32(crc))
    }

    private static func bigEndian(_ value: UInt32) -> [UInt8] {
        [UInt8(value >> 24), UInt8((value >> 16) & 0xFF), UInt8((value >> 8) & 0xFF), UInt8(value & 0xFF)]
    }
}
