import CZlib
import FuzzChecks
import HindsightRender

/// libFuzzer target for ScanlineDeflate, the PNG writer's raw-deflate (RFC 1951) encoder.
/// The first three bytes choose a geometry and a split (DeflateCase); the rest is the data, cut
/// into 1 to 4 pieces (maybe empty), each compressed on its own, the last one final. Checked:
/// - zlib inflates the concatenated pieces (raw deflate) to exactly the data, and reports the
///   end of the stream exactly at the end of the last piece: not before (a non-final piece
///   marked final), not after (a final piece without a final block), no bytes left over;
/// - each non-final piece ends on a byte boundary with an empty stored block, and once zlib has
///   read it (Z_SYNC_FLUSH) all the data up to it is out: pieces join by concatenation;
/// - each piece's output stays within compress's bound,
///   count + (count / 32768 + 2) * 10 + 16 bytes (what compress allocates; ASan catches a write
///   past it, this catches a bound that no longer holds for what is returned).
/// Each piece is handed over in an allocation of exactly its size, so ASan sees any read past it.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzDeflate(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let bytes = data.map { Array(UnsafeBufferPointer(start: $0, count: size)) } ?? []
    let c = DeflateCase(bytes)
    let payload = Array(bytes.dropFirst(DeflateCase.headerBytes))
    let pieces = c.pieces(payload.count)
    var compressed: [[UInt8]] = []
    for (i, range) in pieces.enumerated() {
        let final = i == pieces.count - 1
        let out = compress(payload[range], rowBytes: c.rowBytes, pixelBytes: c.pixelBytes, final: final)
        let n = range.count
        let bound = n + (n / 32768 + 2) * 10 + 16
        if out.count > bound {
            FuzzChecks.fail("deflate: piece \(i) of \(n) bytes compressed to \(out.count) bytes, over the bound \(bound) (\(c.describe(pieces)))")
        }
        if !final && !out.ends(with: [0x00, 0x00, 0xFF, 0xFF]) {
            FuzzChecks.fail("deflate: non-final piece \(i) does not end with an empty stored block: ends \(out.suffix(4).hex) (\(c.describe(pieces)))")
        }
        compressed.append(out)
    }
    Inflation.check(compressed, pieces: pieces, payload: payload, context: c.describe(pieces))
    return 0
}

/// `bytes` compressed from an allocation of exactly their size (none when empty).
func compress(_ bytes: ArraySlice<UInt8>, rowBytes: Int, pixelBytes: Int, final: Bool) -> [UInt8] {
    guard !bytes.isEmpty else {
        return ScanlineDeflate.compress(UnsafeRawBufferPointer(start: nil, count: 0), rowBytes: rowBytes, pixelBytes: pixelBytes, final: final)
    }
    let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: bytes.count, alignment: 1)
    defer { buffer.deallocate() }
    buffer.copyBytes(from: bytes)
    return ScanlineDeflate.compress(UnsafeRawBufferPointer(buffer), rowBytes: rowBytes, pixelBytes: pixelBytes, final: final)
}

/// What the first three bytes choose (missing ones read as 0):
/// - byte 0, bits 0-1: pixelBytes − 1 (1...4); bits 2-3: pieces − 1 (1...4); bits 5-6: how the
///   data is cut (Split); bits 4 and 7: rowBytes' range (Rows);
/// - bytes 1-2 (big-endian): rowBytes within that range.
struct DeflateCase {
    static let headerBytes = 3

    enum Rows: Int { case small, any, nearWindow, anyToo }
    enum Split: Int { case random, even, wholeRows, emptyPieces }

    let pixelBytes: Int
    let rowBytes: Int
    let pieceCount: Int
    let split: Split
    let seed: UInt64

    init(_ bytes: [UInt8]) {
        func byte(_ i: Int) -> Int { i < bytes.count ? Int(bytes[i]) : 0 }
        let b0 = byte(0), v = (byte(1) << 8) | byte(2)
        pixelBytes = (b0 & 3) + 1
        pieceCount = ((b0 >> 2) & 3) + 1
        split = Split(rawValue: (b0 >> 5) & 3)!
        switch Rows(rawValue: ((b0 >> 4) & 1) | ((b0 >> 6) & 2))! {
        case .small: rowBytes = v & 0xFF                        // 0...255
        case .nearWindow: rowBytes = 32768 - 128 + (v & 0xFF)   // 32640...32895, both sides of the window
        case .any, .anyToo: rowBytes = v % 40001                // 0...40000
        }
        seed = UInt64(b0) << 16 | UInt64(v)
    }

    /// The data's `n` bytes cut into `pieceCount` consecutive ranges (some maybe empty).
    func pieces(_ n: Int) -> [Range<Int>] {
        var random = SplitMix(seed)
        let k = pieceCount
        var cuts: [Int]
        switch split {
        case .random:
            cuts = (1..<max(k, 1)).map { _ in Int(random.next() % UInt64(n + 1)) }
        case .even:
            cuts = (1..<max(k, 1)).map { $0 * n / k }
        case .wholeRows where rowBytes > 0:
            // As the PNG writer cuts an image: at row boundaries.
            let rows = n / rowBytes
            cuts = (1..<max(k, 1)).map { _ in rowBytes * Int(random.next() % UInt64(rows + 1)) }
        case .wholeRows:
            cuts = (1..<max(k, 1)).map { _ in Int(random.next() % UInt64(n + 1)) }
        case .emptyPieces:
            cuts = (1..<max(k, 1)).map { _ in random.next() & 1 == 0 ? 0 : n }
        }
        cuts.sort()
        let bounds = [0] + cuts + [n]
        return (0..<k).map { bounds[$0]..<bounds[$0 + 1] }
    }

    func describe(_ pieces: [Range<Int>]) -> String {
        "rowBytes \(rowBytes), pixelBytes \(pixelBytes), split \(split), pieces of \(pieces.map(\.count)) bytes"
    }
}

/// SplitMix64: cut points from the header's bits, the same on every run.
struct SplitMix {
    var state: UInt64
    init(_ seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// zlib as the reference inflater.
enum Inflation {
    /// Inflates the compressed pieces in order, as one raw deflate stream fed piece by piece.
    static func check(_ compressed: [[UInt8]], pieces: [Range<Int>], payload: [UInt8], context: String) {
        var stream = z_stream()
        guard czlib_inflate_init_raw(&stream) == Z_OK else { FuzzChecks.fail("deflate: zlib's inflateInit2 failed") }
        defer { _ = inflateEnd(&stream) }
        // One byte more than the data: more output than input shows as total_out past the end.
        var output = [UInt8](repeating: 0, count: payload.count + 1)
        output.withUnsafeMutableBufferPointer { out in
            stream.next_out = out.baseAddress
            stream.avail_out = UInt32(out.count)
            for (i, piece) in compressed.enumerated() {
                let final = i == compressed.count - 1
                var piece = piece
                let status: Int32 = piece.withUnsafeMutableBufferPointer { input in
                    stream.next_in = input.baseAddress
                    stream.avail_in = UInt32(input.count)
                    var status: Int32
                    repeat {
                        status = inflate(&stream, Z_SYNC_FLUSH)
                    } while status == Z_OK && stream.avail_in > 0 && stream.avail_out > 0
                    stream.next_in = nil
                    return status
                }
                let where_ = "piece \(i) of \(compressed.count) (\(piece.count) bytes compressed)"
                let out = Int(stream.total_out), expected = pieces[i].upperBound
                if status != Z_OK && status != Z_STREAM_END && status != Z_BUF_ERROR {
                    let message = stream.msg.map { String(cString: $0) } ?? "no message"
                    FuzzChecks.fail("deflate: zlib refuses the stream in \(where_), status \(status): \(message); \(out) bytes out so far (\(context))")
                }
                if stream.avail_in > 0 {
                    FuzzChecks.fail("deflate: \(status == Z_STREAM_END ? "stream ended" : "inflate stopped") with \(stream.avail_in) bytes of \(where_) left, \(out) bytes out (\(context))")
                }
                if out > payload.count {
                    FuzzChecks.fail("deflate: inflates to more than the \(payload.count) bytes given, after \(where_) (\(context))")
                }
                if out != expected {
                    FuzzChecks.fail("deflate: after \(where_), \(out) bytes out, expected \(expected) (\(context))")
                }
                if !final && status == Z_STREAM_END {
                    FuzzChecks.fail("deflate: stream ended at the end of non-final \(where_) (\(context))")
                }
                if final && status != Z_STREAM_END {
                    FuzzChecks.fail("deflate: no end of stream at the end of the final \(where_), status \(status) (\(context))")
                }
            }
        }
        if let d = payload.indices.first(where: { output[$0] != payload[$0] }) {
            let piece = pieces.firstIndex { $0.contains(d) } ?? -1
            FuzzChecks.fail("deflate: inflated byte \(d) (piece \(piece)) is \(output[d]), the data's is \(payload[d]) (\(context))")
        }
    }
}

extension Array where Element == UInt8 {
    func ends(with suffix: [UInt8]) -> Bool { count >= suffix.count && Array(self[(count - suffix.count)...]) == suffix }
}

extension Collection where Element == UInt8 {
    var hex: String { map { ($0 < 16 ? "0" : "") + String($0, radix: 16) }.joined(separator: " ") }
}

/// The process entry: SwiftPM links `main` to `<Module>_main`.
@_cdecl("FuzzDeflate_main")
public func fuzzDeflateMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    FuzzChecks.runFuzzer(argc, argv, fuzzDeflate)
}
