import CCairo

/// Joins raw deflate streams, compressed apart (libdeflate compresses a whole buffer at once,
/// so pieces of an image compressed on several cores are separate streams), into the one zlib
/// stream a PNG's IDAT data must be.
///
/// Each stream but the last ends in a block marked final and stops somewhere inside a byte. To
/// join them, the final mark of that block is cleared and an empty stored block is put after it,
/// which ends on a byte boundary (what zlib's `Z_SYNC_FLUSH` writes); the next stream starts
/// there. Finding the final block means walking the stream's blocks: `ends(of:)` reads every
/// block header and Huffman table and skips every symbol, without writing out what they
/// decode to (about a twentieth of what inflating them costs).
enum DeflateJoin {
    /// Bit offsets in a raw deflate stream (bit 0 is the lowest bit of byte 0).
    struct Ends: Equatable {
        /// Where the header of the block marked final starts: its first bit is the final mark.
        var lastBlock: Int
        /// The bit after the final block's end-of-block code.
        var end: Int
    }

    /// Walks a raw deflate stream to its final block. nil when the bytes are not a complete,
    /// valid stream (never for libdeflate's output; `PNGEncoder.Piece` then stores the data).
    static func ends(of stream: UnsafeRawBufferPointer) -> Ends? {
        guard let base = stream.baseAddress, stream.count > 0 else { return nil }
        var reader = BitReader(base: base, count: stream.count)
        while true {
            let start = reader.position
            let final = reader.take(1)
            switch reader.take(2) {
            case 0:
                reader.alignToByte()
                let length = reader.take(16), complement = reader.take(16)
                guard length ^ complement == 0xFFFF else { return nil }
                reader.position += Int(length) * 8
            case 1:
                guard skipSymbols(&reader, literals: Huffman.fixedLiterals, distances: Huffman.fixedDistances) else { return nil }
            case 2:
                guard let (literals, distances) = dynamicTables(&reader),
                      skipSymbols(&reader, literals: literals, distances: distances) else { return nil }
            default:
                return nil
            }
            guard !reader.overrun else { return nil }
            if final == 1 { return Ends(lastBlock: start, end: reader.position) }
        }
    }

    /// One zlib stream of raw deflate `streams` (in order) whose uncompressed bytes have the
    /// Adler-32 checksum `adler`; `ends[i]` are `ends(of: streams[i])` for all but the last
    /// stream (the last one's final block stays final). Appends to `output`.
    static func zlib(_ streams: [[UInt8]], ends: [Ends], adler: UInt32, into output: inout [UInt8]) {
        precondition(!streams.isEmpty && ends.count >= streams.count - 1)
        // CMF 0x78 (deflate, 32 KiB window), FLG 0x01 (fastest; (0x7801 % 31) == 0), as libdeflate writes at level 1.
        output += [0x78, 0x01]
        for (i, stream) in streams.enumerated() {
            guard i < streams.count - 1 else { output.append(contentsOf: stream); break }
            let ends = ends[i]
            let start = output.count
            output.append(contentsOf: stream[0..<((ends.end + 7) / 8)])
            // Clear the final mark and the bits after the end (libdeflate leaves them zero, but
            // the stored block's header is read from them).
            output[start + ends.lastBlock / 8] &= ~(1 << UInt8(ends.lastBlock % 8))
            if ends.end % 8 != 0 { output[start + ends.end / 8] &= UInt8((1 << (ends.end % 8)) - 1) }
            // An empty stored block, not final: three zero header bits at `end`, padding to the
            // byte, then LEN 0 and NLEN 0xFFFF.
            let headerEnd = ends.end + 3
            while output.count < start + (headerEnd + 7) / 8 { output.append(0) }
            output += [0x00, 0x00, 0xFF, 0xFF]
        }
        output += [UInt8(adler >> 24), UInt8((adler >> 16) & 0xFF), UInt8((adler >> 8) & 0xFF), UInt8(adler & 0xFF)]
    }

    /// `data` as a raw deflate stream of stored (uncompressed) blocks, and its ends.
    static func stored(_ data: UnsafeRawBufferPointer) -> ([UInt8], Ends) {
        var stream: [UInt8] = []
        stream.reserveCapacity(data.count + data.count / 65535 * 5 + 5)
        var offset = 0, lastBlock = 0
        repeat {
            let length = min(65535, data.count - offset)
            lastBlock = stream.count * 8
            let final: UInt8 = offset + length == data.count ? 1 : 0
            stream += [final, UInt8(length & 0xFF), UInt8(length >> 8), UInt8(~length & 0xFF), UInt8((~length >> 8) & 0xFF)]
            stream.append(contentsOf: data[offset..<(offset + length)])
            offset += length
        } while offset < data.count
        return (stream, Ends(lastBlock: lastBlock, end: stream.count * 8))
    }

    // MARK: - Walking blocks

    /// Extra bits of length code 257 + `l` (0...28): none for the first eight and the last,
    /// then one more every four codes.
    @inline(__always) private static func lengthExtra(_ l: Int) -> Int { l < 8 || l == 28 ? 0 : (l - 4) >> 2 }
    /// Extra bits of distance code `d` (0...29): none for the first four, then one more every two.
    @inline(__always) private static func distanceExtra(_ d: Int) -> Int { d < 4 ? 0 : (d - 2) >> 1 }

    /// Reads symbols up to the end-of-block code; false on an invalid symbol or past the end.
    /// (The hot loop of the walk: one 57-bit look-ahead covers a length code, a distance code
    /// and their extra bits, at most 48 bits.)
    private static func skipSymbols(_ reader: inout BitReader, literals: Huffman, distances: Huffman) -> Bool {
        literals.withTable { literalTable in
            distances.withTable { distanceTable in
                let mask = UInt64(1 << Huffman.tableBits - 1)
                while !reader.overrun {
                    var bits = reader.peek()
                    var used = 0
                    var symbol: Int
                    let entry = literalTable[Int(bits & mask)]
                    if entry != 0 {
                        symbol = Int(entry >> 4); used = Int(entry & 15)
                    } else {
                        guard let (s, n) = literals.slowDecode(bits) else { return false }
                        symbol = s; used = n
                    }
                    if symbol < 256 { reader.position += used; continue }
                    if symbol == 256 { reader.position += used; return true }
                    let length = symbol - 257
                    guard length < 29 else { return false }
                    used += lengthExtra(length)
                    bits >>= UInt64(used)
                    let distanceEntry = distanceTable[Int(bits & mask)]
                    var distance: Int
                    if distanceEntry != 0 {
                        distance = Int(distanceEntry >> 4); used += Int(distanceEntry & 15)
                    } else {
                        guard let (d, n) = distances.slowDecode(bits) else { return false }
                        distance = d; used += n
                    }
                    guard distance < 30 else { return false }
                    reader.position += used + distanceExtra(distance)
                }
                return false
            }
        }
    }

    /// The order in which a dynamic block lists its code-length code lengths.
    private static let codeLengthOrder = [16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11, 4, 12, 3, 13, 2, 14, 1, 15]

    /// A dynamic block's literal/length and distance codes, after its 3-bit header.
    private static func dynamicTables(_ reader: inout BitReader) -> (Huffman, Huffman)? {
        let literalCount = Int(reader.take(5)) + 257, distanceCount = Int(reader.take(5)) + 1
        let codeLengthCount = Int(reader.take(4)) + 4
        var codeLengths = [UInt8](repeating: 0, count: 19)
        for i in 0..<codeLengthCount { codeLengths[codeLengthOrder[i]] = UInt8(reader.take(3)) }
        guard let precode = Huffman(lengths: codeLengths[...]) else { return nil }
        var lengths: [UInt8] = []
        lengths.reserveCapacity(literalCount + distanceCount)
        while lengths.count < literalCount + distanceCount {
            guard !reader.overrun, let symbol = precode.decode(&reader) else { return nil }
            switch symbol {
            case 0..<16:
                lengths.append(UInt8(symbol))
            case 16:
                guard let previous = lengths.last else { return nil }
                lengths += repeatElement(previous, count: 3 + Int(reader.take(2)))
            case 17:
                lengths += repeatElement(0, count: 3 + Int(reader.take(3)))
            default:
                lengths += repeatElement(0, count: 11 + Int(reader.take(7)))
            }
        }
        guard lengths.count == literalCount + distanceCount, lengths[256] != 0,
              let literals = Huffman(lengths: lengths[0..<literalCount]),
              let distances = Huffman(lengths: lengths[literalCount...]) else { return nil }
        return (literals, distances)
    }
}

/// Bits of a byte buffer, lowest bit of each byte first. Reading past the end yields zero bits
/// and sets `overrun`.
private struct BitReader {
    let base: UnsafeRawPointer
    let count: Int
    var position = 0

    init(base: UnsafeRawPointer, count: Int) { self.base = base; self.count = count }

    var overrun: Bool { position > count * 8 }

    /// At least 57 bits from `position` on, in the low bits.
    @inline(__always) func peek() -> UInt64 {
        let byte = position >> 3
        var word: UInt64 = 0
        if byte + 8 <= count {
            word = UInt64(littleEndian: base.loadUnaligned(fromByteOffset: byte, as: UInt64.self))
        } else if byte < count {
            for i in 0..<(count - byte) { word |= UInt64(base.load(fromByteOffset: byte + i, as: UInt8.self)) << (8 * UInt64(i)) }
        }
        return word >> UInt64(position & 7)
    }

    /// The next `n` (≤ 32) bits as a number.
    @inline(__always) mutating func take(_ n: Int) -> UInt32 {
        let value = UInt32(truncatingIfNeeded: peek() & ((1 << UInt64(n)) - 1))
        position += n
        return value
    }

    mutating func alignToByte() { position = (position + 7) & ~7 }
}

/// A canonical Huffman code as deflate defines it, decoded by a table of its first
/// `tableBits` bits, and bit by bit for the rare longer codes.
private struct Huffman {
    static let tableBits = 9
    /// By the next `tableBits` bits: symbol << 4 | code length, or 0 for a longer code.
    private var table: [UInt16]
    /// Codes of each length 0...15, and the symbols in code order.
    private var counts: [Int]
    private var symbols: [UInt16]

    /// nil when the lengths over-subscribe the code (an incomplete code is allowed: deflate
    /// uses one for a single distance).
    init?(lengths: ArraySlice<UInt8>) {
        counts = [Int](repeating: 0, count: 16)
        for length in lengths { guard length < 16 else { return nil }; counts[Int(length)] += 1 }
        var left = 1
        for length in 1..<16 {
            left = left * 2 - counts[length]
            guard left >= 0 else { return nil }
        }
        var offsets = [Int](repeating: 0, count: 17)
        for length in 1..<16 { offsets[length + 1] = offsets[length] + counts[length] }
        symbols = [UInt16](repeating: 0, count: offsets[16])
        for (i, length) in lengths.enumerated() where length > 0 {
            symbols[offsets[Int(length)]] = UInt16(i)
            offsets[Int(length)] += 1
        }
        table = [UInt16](repeating: 0, count: 1 << Self.tableBits)
        var code = 0, k = 0
        for length in 1..<16 {
            for _ in 0..<counts[length] {
                if length <= Self.tableBits {
                    // Codes are sent from their top bit down; the reader sees them reversed.
                    let reversed = Int(Self.reversed[code << (Self.tableBits - length)])
                    let entry = symbols[k] << 4 | UInt16(length)
                    var i = reversed
                    while i < table.count { table[i] = entry; i += 1 << length }
                }
                code += 1; k += 1
            }
            code <<= 1
        }
    }

    func decode(_ reader: inout BitReader) -> Int? {
        let bits = reader.peek()
        let entry = table[Int(bits & UInt64(table.count - 1))]
        if entry != 0 {
            reader.position += Int(entry & 15)
            return Int(entry >> 4)
        }
        guard let (symbol, length) = slowDecode(bits) else { return nil }
        reader.position += length
        return symbol
    }

    /// The table's entries, for a loop that decodes many symbols.
    func withTable<R>(_ body: (UnsafeBufferPointer<UInt16>) -> R) -> R { table.withUnsafeBufferPointer(body) }

    /// A code longer than the table: canonical decoding, one bit at a time. The symbol and
    /// the code's length.
    func slowDecode(_ bits: UInt64) -> (Int, Int)? {
        var code = 0, first = 0, index = 0
        for length in 1..<16 {
            code |= Int((bits >> UInt64(length - 1)) & 1)
            let count = counts[length]
            if code - first < count { return (Int(symbols[index + code - first]), length) }
            index += count; first += count
            first <<= 1; code <<= 1
        }
        return nil
    }

    /// Each `tableBits`-bit number with its bits in reverse order.
    private static let reversed: [UInt16] = (0..<(1 << tableBits)).map { n in
        var r = 0
        for b in 0..<tableBits where n & (1 << b) != 0 { r |= 1 << (tableBits - 1 - b) }
        return UInt16(r)
    }

    static let fixedLiterals = Huffman(lengths: ArraySlice(
        [UInt8](repeating: 8, count: 144) + [UInt8](repeating: 9, count: 112)
            + [UInt8](repeating: 7, count: 24) + [UInt8](repeating: 8, count: 8)))!
    static let fixedDistances = Huffman(lengths: ArraySlice([UInt8](repeating: 5, count: 30)))!
}
