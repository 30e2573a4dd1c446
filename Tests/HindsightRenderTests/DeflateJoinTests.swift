import CCairo
import CDeflate
import Foundation
@testable import HindsightRender
import Testing

/// Raw deflate streams compressed apart, joined into one zlib stream, must inflate (by zlib, an
/// independent decoder) to the pieces' bytes in order, whatever the data and however
/// libdeflate chose its blocks (stored, fixed or dynamic Huffman codes).
@Suite struct DeflateJoinTests {
    /// Data of several kinds, `count` bytes, the same for the same seed.
    static func data(_ kind: Int, count: Int, seed: UInt64) -> [UInt8] {
        var state = seed &* 0x9E37_79B9_7F4A_7C15 | 1
        func next() -> UInt64 { state ^= state << 13; state ^= state >> 7; state ^= state << 17; return state }
        switch kind {
        case 0: // noise: libdeflate stores it
            return (0..<count).map { _ in UInt8(truncatingIfNeeded: next()) }
        case 1: // flat runs of a few colours, like a chart's scanlines
            var bytes: [UInt8] = []
            bytes.reserveCapacity(count)
            while bytes.count < count {
                let colour = [UInt8](repeating: 0, count: 3).map { _ in UInt8(truncatingIfNeeded: next() % 4 * 60) }
                for _ in 0..<Int(next() % 500 + 1) { bytes += colour }
            }
            return Array(bytes.prefix(count))
        case 2: // words: dynamic codes with literals and short matches
            let words = ["outage", "mail", "server", "queue", "the", "restart", "09:42", "→", "🔥"]
            var text = ""
            while text.utf8.count < count { text += words[Int(next() % UInt64(words.count))] + " " }
            return Array(text.utf8.prefix(count))
        default: // a few bytes: libdeflate's fixed codes
            return (0..<count).map { UInt8(truncatingIfNeeded: $0 % 7) }
        }
    }

    static func compress(_ bytes: [UInt8], level: Int32) throws -> [UInt8] {
        let compressor = try DeflateCompressor(level: level)
        var out = [UInt8](repeating: 0, count: compressor.bound(bytes.count))
        let written = try bytes.withUnsafeBytes { input in
            try out.withUnsafeMutableBytes { try compressor.deflate(input.baseAddress!, count: bytes.count, into: $0.baseAddress!) }
        }
        return Array(out.prefix(written))
    }

    static func inflate(_ zlibStream: [UInt8], expected: Int) -> [UInt8]? {
        var out = [UInt8](repeating: 0, count: max(expected, 1))
        var length = uLong(out.count)
        let status = zlibStream.withUnsafeBufferPointer { uncompress(&out, &length, $0.baseAddress, uLong($0.count)) }
        return status == Z_OK ? Array(out.prefix(Int(length))) : nil
    }

    static func adler(_ bytes: [UInt8]) -> UInt32 { bytes.withUnsafeBytes { libdeflate_adler32(1, $0.baseAddress, $0.count) } }

    @Test(arguments: [1, 6, 12])
    func joinedPiecesInflateToTheWhole(level: Int32) throws {
        for seed in 0..<4 as Range<UInt64> {
            // Pieces of every kind and of sizes across libdeflate's block lengths.
            let sizes = [1, 7, 300, 70_000, 400_000]
            let pieces = (0..<5).map { i in Self.data((i + Int(seed)) % 4, count: sizes[(i * 3 + Int(seed)) % sizes.count], seed: seed * 10 + UInt64(i)) }
            let streams = try pieces.map { try Self.compress($0, level: level) }
            let ends = try streams.dropLast().map { stream in
                try #require(stream.withUnsafeBytes { DeflateJoin.ends(of: $0) }, "a libdeflate stream is walked")
            }
            for (stream, end) in zip(streams, ends) {
                #expect((end.end + 7) / 8 == stream.count, "the stream ends in its last byte")
                #expect(end.lastBlock < end.end)
            }
            let whole = pieces.flatMap { $0 }
            var output: [UInt8] = []
            DeflateJoin.zlib(streams, ends: ends, adler: Self.adler(whole), into: &output)
            #expect(Self.inflate(output, expected: whole.count) == whole, "level \(level), seed \(seed)")
        }
    }

    @Test func storedPiecesJoinToo() throws {
        let pieces = [Self.data(1, count: 200_000, seed: 1), Self.data(2, count: 10, seed: 2), Self.data(0, count: 70_000, seed: 3)]
        var streams: [[UInt8]] = [], ends: [DeflateJoin.Ends] = []
        for piece in pieces.dropLast() {
            let (stream, end) = piece.withUnsafeBytes { DeflateJoin.stored($0) }
            // The walker agrees with what `stored` says of its own stream.
            #expect(stream.withUnsafeBytes { DeflateJoin.ends(of: $0) } == end)
            streams.append(stream); ends.append(end)
        }
        streams.append(try Self.compress(pieces[2], level: 1))
        let whole = pieces.flatMap { $0 }
        var output: [UInt8] = []
        DeflateJoin.zlib(streams, ends: ends, adler: Self.adler(whole), into: &output)
        #expect(Self.inflate(output, expected: whole.count) == whole)
    }

    @Test func brokenStreamsAreRefusedNotWalkedForever() throws {
        let stream = try Self.compress(Self.data(2, count: 100_000, seed: 5), level: 6)
        for cut in [1, 2, stream.count / 2, stream.count - 1] {
            #expect(Array(stream.prefix(cut)).withUnsafeBytes { DeflateJoin.ends(of: $0) } == nil, "cut at \(cut)")
        }
        // Reserved block type 3, and garbage: nil or some ends, never a crash or a hang.
        #expect([UInt8]([0b111, 0, 0]).withUnsafeBytes { DeflateJoin.ends(of: $0) } == nil)
        for seed in 0..<50 as Range<UInt64> {
            _ = Self.data(0, count: 2_000, seed: seed).withUnsafeBytes { DeflateJoin.ends(of: $0) }
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
    }
}
