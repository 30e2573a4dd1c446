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
/// Scanlines are compressed by `ScanlineDeflate`, a deflate encoder made for charts (it looks
/// for repeats at the pixel to the left and the row above first). Against libdeflate at its
/// fastest level, on the example's three figures at scale 2 (compression alone, one core; issue
/// 17, session 9 in BENCHMARKS.md):
///
/// | | timeline | card | impact |
/// |---|---|---|---|
/// | zlib level 6 (before 2026-12-05) | 204.1 KB | 82.2 KB | 90.9 KB |
/// | libdeflate level 1 (2026-12-05) | 13.1 ms, 217.9 KB | 25.3 ms, 89.2 KB | 11.7 ms, 97.8 KB |
/// | **`ScanlineDeflate`** | **4.6 ms, 213.5 KB** | **2.9 ms, 82.8 KB** | **2.2 ms, 92.9 KB** |
///
/// Row filters (sub, up, Paeth) made these flat-colour images 15–25% larger at every zlib and
/// libdeflate level; here the row above is a match candidate instead of a filter.
///
/// An image is compressed in pieces of about a mebibyte of scanlines, on every free core; each
/// piece's blocks end on a byte boundary, so the pieces join into one zlib stream by
/// concatenation (`pieceBytes`); a figure is drawn in bands of one piece each
/// (`encode(width:height:format:cleared:bandRows:draw:)`). The bytes depend only on the image.
enum PNGEncoder {
    private static let signature: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]

    /// `surface` must be an RGB24 image (written as RGB) or an ARGB32 image (written as RGBA,
    /// un-premultiplied the way cairo's own writer does). Its scanlines are compressed in
    /// pieces of about `pieceBytes` on every free core.
    static func encode(_ surface: CairoSurface) throws -> [UInt8] {
        let image = surface.pointer
        let width = Int(cairo_image_surface_get_width(image)), height = Int(cairo_image_surface_get_height(image))
        let alpha = cairo_image_surface_get_format(image) == CAIRO_FORMAT_ARGB32
        let count = scanlineBytes(surface, alpha: alpha)
        let rowBytes = rowBytes(width: width, alpha: alpha)
        let bands = bands(height: height, rowBytes: rowBytes)
        // Scanlines in a kept buffer (`ImageBuffers`): a warm figure maps nothing new.
        let compressed = try ImageBuffers.with(count) { raw in
            try scanlines(surface, width: width, alpha: alpha, into: raw)
            // The scanlines outlive `all` (it returns when every piece is done); pieces only read them.
            let address = Int(bitPattern: raw)
            return try Piece.all(bands.count) { i in
                let rows = bands[i]
                let data = UnsafeRawBufferPointer(start: UnsafeRawPointer(bitPattern: address)! + rows.lowerBound * rowBytes,
                                                  count: rows.count * rowBytes)
                return Piece(data, rowBytes: rowBytes, alpha: alpha, last: i == bands.count - 1)
            }
        }
        return try Piece.file(compressed, width: width, height: height, alpha: alpha)
    }

    /// A PNG drawn band by band, each band on its own surface: `draw(rows, surface)` draws the
    /// image's `rows` on an image surface of `format` exactly as tall, its first row at the top
    /// (`SceneRenderer.draw(_:on:scale:band:)`). Each band is one piece, drawn, turned into
    /// scanlines (over its own pixels, for RGB) and compressed on whichever core is free.
    ///
    /// Why bands, for every image and not only those taller than a cairo surface can be: a
    /// band's pixels are a megabyte or so, re-used from band to band, where a whole timeline at
    /// scale 2 is 8.8 MB of fresh memory for the kernel to clear and fault in; the drawing is
    /// spread over the cores with the compression; and an image of any height is drawn the
    /// same way in bounded memory. A band draws only the items that reach into it, and gives
    /// the very pixels drawing the whole image at once gives (`TallPNGTests`).
    ///
    /// `cleared: false`: a re-used buffer is not cleared first (the caller paints every pixel
    /// opaque). `bandRows`: rows per band instead of a piece's (tests).
    static func encode(width: Int, height: Int, format: cairo_format_t, cleared: Bool, bandRows: Int? = nil,
                       draw: @escaping @Sendable (Range<Int>, CairoSurface) throws -> Void) throws -> [UInt8] {
        let alpha = format == CAIRO_FORMAT_ARGB32
        let rowBytes = rowBytes(width: width, alpha: alpha)
        let bands = bands(height: height, rowBytes: rowBytes, rowsPerBand: bandRows)
        let compressed = try Piece.all(bands.count) { i in
            let rows = bands[i]
            let surface = try CairoSurface.image(format, width: width, height: rows.count, cleared: cleared)
            try draw(rows, surface)
            let count = scanlineBytes(surface, alpha: alpha)
            func compress(_ raw: UnsafeMutableRawPointer) throws -> Piece {
                try scanlines(surface, width: width, alpha: alpha, into: raw)
                return Piece(UnsafeRawBufferPointer(start: raw, count: count), rowBytes: rowBytes, alpha: alpha,
                             last: i == bands.count - 1)
            }
            if !alpha, let pixels = cairo_image_surface_get_data(surface.pointer) {
                // RGB scanlines take no more room than the pixels they are made of.
                defer { cairo_surface_mark_dirty(surface.pointer) }
                return try compress(UnsafeMutableRawPointer(pixels))
            }
            return try ImageBuffers.with(count) { try compress($0) }
        }
        return try Piece.file(compressed, width: width, height: height, alpha: alpha)
    }

    /// Scanline bytes per piece (whole rows, at least one).
    ///
    /// An image's scanlines are compressed in pieces of whole rows, each on whichever core is
    /// free (`ParallelWork`), and joined into one zlib stream. The pieces depend only on the
    /// image (its row size), never on the cores, so the bytes are the same everywhere. Each
    /// piece starts with no history (its first row has no row above to match).
    static let pieceBytes = 1 << 20

    /// The rows of each piece of an image `height` rows tall: `rowsPerBand` each (by default
    /// as many as fit in `pieceBytes`, at least one), the last one shorter; one empty band for
    /// an empty image.
    static func bands(height: Int, rowBytes: Int, rowsPerBand: Int? = nil) -> [Range<Int>] {
        let step = max(1, rowsPerBand ?? pieceBytes / rowBytes)
        guard height > 0 else { return [0..<0] }
        return stride(from: 0, to: height, by: step).map { $0..<($0 + min(step, height - $0)) }
    }

    /// Bytes of one scanline: the filter-type byte, then 3 (RGB) or 4 (RGBA) per pixel.
    private static func rowBytes(width: Int, alpha: Bool) -> Int { 1 + width * (alpha ? 4 : 3) }

    /// One piece's compressed scanlines.
    struct Piece {
        /// Raw deflate blocks ending on a byte boundary (`ScanlineDeflate.compress`); the last
        /// piece's last block is final.
        var stream: [UInt8]
        /// Adler-32 and length of the scanlines.
        var adler: UInt32
        var length: Int

        init(_ data: UnsafeRawBufferPointer, rowBytes: Int, alpha: Bool, last: Bool) {
            length = data.count
            adler = libdeflate_adler32(1, data.baseAddress, data.count)
            stream = ScanlineDeflate.compress(data, rowBytes: rowBytes, pixelBytes: alpha ? 4 : 3, final: last)
        }

        /// `make(0) … make(count - 1)` on every free core, in order.
        static func all(_ count: Int, _ make: @escaping @Sendable (Int) throws -> Piece) throws -> [Piece] {
            try ParallelWork.results(count, make).map { try $0.get() }
        }

        /// The PNG file of an image's pieces, in order.
        static func file(_ pieces: [Piece], width: Int, height: Int, alpha: Bool) throws -> [UInt8] {
            var adler: UInt32 = 1
            for piece in pieces { adler = UInt32(adler32_combine(uLong(adler), uLong(piece.adler), off_t(piece.length))) }
            var idat: [UInt8] = []
            idat.reserveCapacity(pieces.reduce(6) { $0 + $1.stream.count })
            // CMF 0x78 (deflate, 32 KiB window), FLG 0x01 (fastest; 0x7801 is a multiple of 31).
            idat += [0x78, 0x01]
            for piece in pieces { idat += piece.stream }
            idat += [UInt8(adler >> 24), UInt8((adler >> 16) & 0xFF), UInt8((adler >> 8) & 0xFF), UInt8(adler & 0xFF)]
            guard idat.count < Int(Int32.max) else {
                throw RenderError.invalidArgument("the PNG's pixel data is too large (\(idat.count) bytes compressed)")
            }
            return idat.withUnsafeBytes { PNGEncoder.file(width: width, height: height, alpha: alpha, idat: $0) }
        }
    }

    /// How many bytes `scanlines` writes for a surface.
    private static func scanlineBytes(_ surface: CairoSurface, alpha: Bool) -> Int {
        let image = surface.pointer
        return rowBytes(width: Int(cairo_image_surface_get_width(image)), alpha: alpha) * Int(cairo_image_surface_get_height(image))
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
        let rowBytes = rowBytes(width: width, alpha: alpha)
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
