import CCairo
import CDeflate
import Foundation
@testable import HindsightRender
import Testing

/// `ScanlineDeflate`'s pieces, joined into one zlib stream, must inflate (by zlib, an
/// independent decoder) to the pieces' bytes in order, whatever the data: noise (stored
/// blocks), a chart's runs and rows, text, a few bytes, nothing.
@Suite struct ScanlineDeflateTests {
    /// Data of several kinds, `count` bytes, the same for the same seed.
    static func data(_ kind: Int, count: Int, seed: UInt64) -> [UInt8] {
        var state = seed &* 0x9E37_79B9_7F4A_7C15 | 1
        func next() -> UInt64 { state ^= state << 13; state ^= state >> 7; state ^= state << 17; return state }
        switch kind {
        case 0: // noise: stored
            return (0..<count).map { _ in UInt8(truncatingIfNeeded: next()) }
        case 1: // flat runs of a few colours, like a chart's scanlines
            var bytes: [UInt8] = []
            bytes.reserveCapacity(count)
            while bytes.count < count {
                let colour = [UInt8](repeating: 0, count: 3).map { _ in UInt8(truncatingIfNeeded: next() % 4 * 60) }
                for _ in 0..<Int(next() % 500 + 1) { bytes += colour }
            }
            return Array(bytes.prefix(count))
        case 2: // words: literals and short matches found through the hash table
            let words = ["outage", "mail", "server", "queue", "the", "restart", "09:42", "→", "🔥"]
            var text = ""
            while text.utf8.count < count { text += words[Int(next() % UInt64(words.count))] + " " }
            return Array(text.utf8.prefix(count))
        case 3: // rows of 301 bytes, each the one above with a few bytes changed
            var bytes = (0..<min(count, 301)).map { _ in UInt8(truncatingIfNeeded: next() % 3) }
            while bytes.count < count {
                var row = Array(bytes[(bytes.count - 301)...].prefix(301))
                for _ in 0..<3 { row[Int(next() % 301)] = UInt8(truncatingIfNeeded: next()) }
                bytes += row
            }
            return Array(bytes.prefix(count))
        default: // a few values
            return (0..<count).map { UInt8(truncatingIfNeeded: $0 % 7) }
        }
    }

    /// A zlib stream of `pieces`, each compressed on its own, the last one final.
    static func zlib(_ pieces: [[UInt8]], rowBytes: Int = 301, pixelBytes: Int = 3) -> [UInt8] {
        var out: [UInt8] = [0x78, 0x01]
        var adler: UInt32 = 1
        for (i, piece) in pieces.enumerated() {
            piece.withUnsafeBytes { raw in
                out += ScanlineDeflate.compress(raw, rowBytes: rowBytes, pixelBytes: pixelBytes, final: i == pieces.count - 1)
                adler = libdeflate_adler32(adler, raw.baseAddress, raw.count)
            }
        }
        return out + [UInt8(adler >> 24), UInt8((adler >> 16) & 0xFF), UInt8((adler >> 8) & 0xFF), UInt8(adler & 0xFF)]
    }

    static func inflate(_ zlibStream: [UInt8], expected: Int) -> [UInt8]? {
        var out = [UInt8](repeating: 0, count: max(expected, 1))
        var length = uLong(out.count)
        let status = zlibStream.withUnsafeBufferPointer { uncompress(&out, &length, $0.baseAddress, uLong($0.count)) }
        return status == Z_OK ? Array(out.prefix(Int(length))) : nil
    }

    @Test(arguments: 0..<5)
    func joinedPiecesInflateToTheWhole(kind: Int) throws {
        for seed in 0..<3 as Range<UInt64> {
            // Sizes around the minimum match, a block's symbols and a stored block's 65,535 bytes.
            let sizes = [0, 1, 3, 4, 5, 300, 65_535, 70_000, 400_000]
            let pieces = (0..<4).map { i in Self.data(kind, count: sizes[(i * 4 + Int(seed)) % sizes.count], seed: seed * 10 + UInt64(i)) }
            let whole = pieces.flatMap { $0 }
            // (Compared apart: a failed expectation prints its operands, here megabytes.)
            func same(_ stream: [UInt8]) -> Bool { Self.inflate(stream, expected: whole.count) == whole }
            #expect(same(Self.zlib(pieces)), "kind \(kind), seed \(seed)")
            // One piece alone, and with other geometries (no row above, wider pixels).
            #expect(same(Self.zlib([whole])))
            #expect(same(Self.zlib([whole], rowBytes: 0, pixelBytes: 4)))
            #expect(same(Self.zlib([whole], rowBytes: 40_000, pixelBytes: 1)))
        }
    }

    @Test func nothingIsOneEmptyFinalBlock() {
        let stream = Self.zlib([[]])
        #expect(Self.inflate(stream, expected: 0) == [])
        #expect(Self.inflate(Self.zlib([[], [], [1, 2, 3]]), expected: 3) == [1, 2, 3])
    }

    @Test func chartsCompressAndNoiseIsStored() {
        let runs = Self.data(1, count: 1_000_000, seed: 7)
        #expect(Self.zlib([runs]).count < runs.count / 50)
        // Noise costs at most the stored blocks' headers: one per block of symbols (a symbol
        // is at least a byte), plus the zlib header and checksum.
        let noise = Self.data(0, count: 200_000, seed: 8)
        #expect(Self.zlib([noise]).count <= noise.count + (noise.count / ScanlineDeflate.blockSymbols + 1) * 5 + 6)
    }

    @Test func codeLengthsAreLimitedAndComplete() {
        // Fibonacci frequencies make a Huffman tree as deep as it can be (39 for 40 symbols).
        var fibonacci = [1, 1]
        while fibonacci.count < 40 { fibonacci.append(fibonacci[fibonacci.count - 1] + fibonacci[fibonacci.count - 2]) }
        let cases: [([Int], Int)] = [
            (fibonacci + [Int](repeating: 0, count: 246), 15),
            (Array(fibonacci.prefix(19)), 7),
            ([Int](repeating: 5, count: 286), 15),
            ([0, 0, 9, 0], 15), // one symbol used: paired with another
            ([0, 0, 0], 15),    // none: two codes all the same
        ]
        for (frequencies, limit) in cases {
            let lengths = ScanlineDeflate.Code.lengths(frequencies, limit: limit)
            #expect(lengths.max()! <= UInt8(limit))
            // Complete: the Kraft sum of the codes is exactly one.
            let kraft = lengths.filter { $0 > 0 }.reduce(0) { $0 + (1 << (limit - Int($1))) }
            #expect(kraft == 1 << limit, "\(frequencies.prefix(5))…")
            for (s, f) in frequencies.enumerated() where f > 0 { #expect(lengths[s] > 0) }
            // A more frequent symbol never gets a longer code.
            for a in frequencies.indices where frequencies[a] > 0 {
                for b in frequencies.indices where frequencies[b] > frequencies[a] { #expect(lengths[b] <= lengths[a]) }
            }
        }
    }

    /// An image of many pieces: the same pixels as cairo's own writer, and the same bytes
    /// each time, however its pieces fell to threads.
    @Test func imageOfManyPiecesMatchesCairosPixels() throws {
        let surface = try CairoSurface(taking: cairo_image_surface_create(CAIRO_FORMAT_RGB24, 1500, 1000), operation: "create")
        let cr = cairo_create(surface.pointer)!
        defer { cairo_destroy(cr) }
        for i in 0..<60 {
            cairo_set_source_rgb(cr, Double(i % 5) / 5, Double(i % 3) / 3, Double(i % 7) / 7)
            cairo_arc(cr, Double(i * 97 % 1500), Double(i * 61 % 1000), Double(20 + i * 3), 0, 6.283)
            cairo_fill(cr)
        }
        cairo_surface_flush(surface.pointer)
        let ours = try PNGEncoder.encode(surface)
        #expect(4_500_000 / PNGEncoder.pieceBytes >= 4, "several pieces")
        let sink = ByteSink()
        try sink.withClosure { closure in
            try checkCairo(cairo_surface_write_to_png_stream(surface.pointer, writeToByteSink, closure), "write")
        }
        let same = try RasterImage.decode(png: ours).pixels == RasterImage.decode(png: sink.bytes).pixels
        #expect(same)
        #expect(try PNGEncoder.encode(surface) == ours)
        #expect(ours.count < sink.bytes.count, "smaller than cairo's own writer")
    }
}
