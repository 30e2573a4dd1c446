/// A deflate encoder (RFC 1951) made for the scanlines of charts.
///
/// A chart is flat colour: long runs of one pixel, rows equal to the row above, and some
/// antialiased text and lines. A general compressor looks for repeats anywhere in the last
/// 32 KiB through a hash table it updates at every byte; libdeflate's fastest level spent
/// 13 ms on a timeline at scale 2 and 25 ms on the card (2 to 2.8 ns a byte here), most of a
/// warm figure's time. This encoder tries, at each position, the two places where a chart
/// repeats itself, the pixel to the left and the row above, and a small hash table of 4-byte
/// sequences (updated only where a literal is written and where a match starts) for the rest,
/// takes the longest match (greedy), and writes each block with the Huffman codes of its own
/// symbols (or stored, when that is smaller). Rows with no filter: the row above is itself a
/// match candidate, which is what the PNG "up" filter would otherwise buy.
///
/// A piece of an image is compressed on its own (`compress`), with no history before it, and
/// ends either with a final block or, for pieces that others follow, with an empty stored
/// block (what zlib's `Z_SYNC_FLUSH` writes): it then ends on a byte boundary, and pieces
/// join into one stream by concatenation. The output depends only on the bytes given and
/// the geometry: the same on every machine.
public enum ScanlineDeflate {
    /// The farthest a match may reach back (deflate's window).
    static let window = 32768
    /// Symbols per block at most: a block's Huffman codes follow its own statistics.
    static let blockSymbols = 1 << 15

    /// `data` compressed as raw deflate blocks. `rowBytes`: bytes from a byte to the one below
    /// it; `pixelBytes`: from a byte to the one left of it. `final`: whether the last block is
    /// marked final (else an empty stored block follows it, ending the output on a byte).
    public static func compress(_ data: UnsafeRawBufferPointer, rowBytes: Int, pixelBytes: Int, final: Bool) -> [UInt8] {
        // Stored blocks bound what is written (dynamic ones are chosen only when smaller): a
        // block holds at least `blockSymbols` bytes but the last, stored in blocks of up to
        // 65,535 bytes with 5 bytes of header each, then at most 6 bytes of padding and marker.
        let bound = data.count + (data.count / blockSymbols + 2) * 2 * 5 + 16
        return [UInt8](unsafeUninitializedCapacity: bound) { out, written in
            var writer = BitWriter(out: out.baseAddress!)
            var encoder = Encoder(data: data, rowBytes: rowBytes, pixelBytes: pixelBytes)
            defer { encoder.deallocate() }
            encoder.run(&writer, final: final)
            if !final {
                // An empty stored block, not final: header bits 000, pad to a byte, LEN 0, NLEN 0xFFFF.
                writer.storedBlocks(UnsafeBufferPointer(start: nil, count: 0), final: false)
            } else {
                writer.alignToByte()
            }
            written = writer.written
        }
    }

    // MARK: - Matching

    private struct Encoder {
        let base: UnsafePointer<UInt8>
        let count: Int
        let rowBytes: Int
        let pixelBytes: Int
        /// Symbols of the block being gathered: a literal byte (< 256), or a match as
        /// `1 << 31 | (distance - 1) << 8 | (length - 3)`.
        let symbols: UnsafeMutablePointer<UInt32>
        var symbolCount = 0
        /// Frequencies of the block's literal/length symbols (286) and distance symbols (30).
        let literalFrequencies: UnsafeMutablePointer<Int>
        let distanceFrequencies: UnsafeMutablePointer<Int>
        /// Position + 1 of the last 4-byte sequence with each hash (0: none).
        let table: UnsafeMutablePointer<Int32>
        let tables: Tables

        static let hashBits = 14

        init(data: UnsafeRawBufferPointer, rowBytes: Int, pixelBytes: Int) {
            base = data.baseAddress.map { $0.assumingMemoryBound(to: UInt8.self) } ?? UnsafePointer(bitPattern: 1)!
            count = data.count
            self.rowBytes = rowBytes <= ScanlineDeflate.window ? rowBytes : 0
            self.pixelBytes = pixelBytes <= ScanlineDeflate.window ? pixelBytes : 0
            symbols = .allocate(capacity: ScanlineDeflate.blockSymbols)
            literalFrequencies = .allocate(capacity: 286)
            literalFrequencies.initialize(repeating: 0, count: 286)
            distanceFrequencies = .allocate(capacity: 30)
            distanceFrequencies.initialize(repeating: 0, count: 30)
            table = .allocate(capacity: 1 << Encoder.hashBits)
            table.initialize(repeating: 0, count: 1 << Encoder.hashBits)
            tables = Tables.shared
        }

        func deallocate() {
            symbols.deallocate(); literalFrequencies.deallocate(); distanceFrequencies.deallocate(); table.deallocate()
        }

        /// Bytes equal at `a` and `b` (`b` < `a`), at most `limit`.
        @inline(__always) func matchLength(_ a: Int, _ b: Int, limit: Int) -> Int {
            var n = 0
            while n &+ 8 <= limit {
                let x = UnsafeRawPointer(base + (a &+ n)).loadUnaligned(as: UInt64.self)
                let y = UnsafeRawPointer(base + (b &+ n)).loadUnaligned(as: UInt64.self)
                let diff = x ^ y
                if diff != 0 { return n &+ (diff.littleEndian.trailingZeroBitCount &>> 3) }
                n &+= 8
            }
            while n < limit && base[a &+ n] == base[b &+ n] { n &+= 1 }
            return n
        }

        @inline(__always) func hash(_ p: Int) -> Int {
            let v = UnsafeRawPointer(base + p).loadUnaligned(as: UInt32.self).littleEndian
            return Int((v &* 0x9E37_79B1) &>> UInt32(32 - Encoder.hashBits))
        }

        /// Greedy matching: at each position the longest of a match with the pixel to the
        /// left, the row above and the last position with the same 4-byte hash; the left one
        /// first, as its distance is cheapest (a distance of a row costs 9 to 13 extra bits,
        /// so on a blank row runs to the left take a seventh of the bits matches with the row
        /// above would).
        mutating func run(_ writer: inout BitWriter, final: Bool) {
            var blockStart = 0
            var p = 0
            let up = rowBytes, left = pixelBytes
            while p < count {
                let limit = min(258, count &- p)
                var best = 0, distance = 0
                if limit >= 4 {
                    if left > 0 && p >= left {
                        best = matchLength(p, p &- left, limit: limit); distance = left
                    }
                    if best < limit && up > 0 && p >= up {
                        let n = matchLength(p, p &- up, limit: limit)
                        if n > best { best = n; distance = up }
                    }
                    if best < 32 {
                        let h = hash(p)
                        let candidate = Int(table[h]) &- 1
                        table[h] = Int32(truncatingIfNeeded: p &+ 1)
                        if candidate >= 0 && p &- candidate <= ScanlineDeflate.window && p &- candidate != distance {
                            let n = matchLength(p, candidate, limit: limit)
                            if n > best { best = n; distance = p &- candidate }
                        }
                    }
                }
                if best >= 4 {
                    symbols[symbolCount] = 1 << 31 | UInt32(truncatingIfNeeded: distance &- 1) << 8 | UInt32(truncatingIfNeeded: best &- 3)
                    literalFrequencies[Int(tables.lengthSymbol[best &- 3])] &+= 1
                    distanceFrequencies[tables.distanceSymbol(distance &- 1)] &+= 1
                    p &+= best
                } else {
                    let byte = base[p]
                    symbols[symbolCount] = UInt32(byte)
                    literalFrequencies[Int(byte)] &+= 1
                    p &+= 1
                }
                symbolCount &+= 1
                if symbolCount == ScanlineDeflate.blockSymbols {
                    flush(&writer, from: blockStart, to: p, final: final && p == count)
                    blockStart = p
                }
            }
            // (A block flushed at the very end above was marked final already.)
            if blockStart < count || count == 0 {
                flush(&writer, from: blockStart, to: count, final: final)
            }
        }

        /// Writes the gathered symbols (for data `from..<to`) as one block and starts a new one.
        mutating func flush(_ writer: inout BitWriter, from: Int, to: Int, final: Bool) {
            defer {
                symbolCount = 0
                literalFrequencies.update(repeating: 0, count: 286)
                distanceFrequencies.update(repeating: 0, count: 30)
            }
            literalFrequencies[256] += 1
            let literals = Array(UnsafeBufferPointer(start: literalFrequencies, count: 286))
            let distances = Array(UnsafeBufferPointer(start: distanceFrequencies, count: 30))
            let dynamic = DynamicCodes(literalFrequencies: literals, distanceFrequencies: distances)
            let storedBits = 8 * ((to - from) + 5 * max(1, (to - from + 65534) / 65535)) + 7
            if dynamic.bits(literals, distances) >= storedBits {
                writer.storedBlocks(UnsafeBufferPointer(start: base + from, count: to - from), final: final)
                return
            }
            writer.put(final ? 1 : 0, 1)
            writer.put(2, 2)
            dynamic.writeHeader(&writer)
            let t = tables
            let lCodes = dynamic.literal.codes, lLengths = dynamic.literal.lengths
            let dCodes = dynamic.distance.codes, dLengths = dynamic.distance.lengths
            lCodes.withUnsafeBufferPointer { lc in lLengths.withUnsafeBufferPointer { ll in
            dCodes.withUnsafeBufferPointer { dc in dLengths.withUnsafeBufferPointer { dl in
                for s in UnsafeBufferPointer(start: symbols, count: symbolCount) {
                    if s < 256 {
                        writer.put(UInt64(lc[Int(s)]), Int(ll[Int(s)]))
                        continue
                    }
                    let length = Int(s & 0xFF) &+ 3
                    let ls = Int(t.lengthSymbol[length &- 3])
                    writer.put(UInt64(lc[ls]) | UInt64(length &- Int(t.lengthBase[ls &- 257])) &<< UInt64(ll[ls]),
                               Int(ll[ls]) &+ Int(t.lengthExtra[ls &- 257]))
                    let distance = Int((s &>> 8) & 0x7FFF) &+ 1
                    let ds = t.distanceSymbol(distance &- 1)
                    writer.put(UInt64(dc[ds]) | UInt64(distance &- Int(t.distanceBase[ds])) &<< UInt64(dl[ds]),
                               Int(dl[ds]) &+ Int(t.distanceExtra[ds]))
                }
                writer.put(UInt64(lc[256]), Int(ll[256]))
            }}}}
        }
    }

    // MARK: - Huffman codes

    /// Canonical Huffman codes for some frequencies, no code longer than a limit; codes are
    /// bit-reversed, ready to be written low bit first.
    struct Code {
        var lengths: [UInt8]
        var codes: [UInt16]

        init(frequencies: [Int], limit: Int) {
            lengths = Code.lengths(frequencies, limit: limit)
            codes = Code.canonical(lengths)
        }

        /// Code lengths of a length-limited Huffman code. At least two symbols get a code (a
        /// single used symbol is paired with another), so the code is always complete.
        static func lengths(_ frequencies: [Int], limit: Int) -> [UInt8] {
            var used = frequencies.indices.filter { frequencies[$0] > 0 }
            if used.count < 2 {
                // A complete code needs two symbols: pair the one used (or none) with the first unused ones.
                for s in frequencies.indices where used.count < 2 && !used.contains(s) { used.append(s) }
            }
            // Ascending frequency, ties by symbol: an order (frequency, then symbol, both total).
            used.sort { (frequencies[$0], $0) < (frequencies[$1], $1) }
            var a = used.map { max(frequencies[$0], 1) }
            minimumRedundancy(&a)
            // a[i]: the depth of used[i]; the most frequent symbol is last and shallowest.
            var counts = [Int](repeating: 0, count: max(limit, a.max() ?? 0) + 1)
            for d in a { counts[d] += 1 }
            if counts.count > limit + 1 {
                // Too deep: put the overflow at the limit, then lengthen shorter codes until the
                // Kraft sum is exactly one again (each step frees one leaf at the limit).
                for d in (limit + 1)..<counts.count { counts[limit] += counts[d]; counts[d] = 0 }
                var total = 0
                for d in 1...limit { total += counts[d] << (limit - d) }
                while total > 1 << limit {
                    counts[limit] -= 1
                    for d in stride(from: limit - 1, through: 1, by: -1) where counts[d] > 0 {
                        counts[d] -= 1; counts[d + 1] += 2; break
                    }
                    total -= 1
                }
            }
            // Longest codes to the least frequent symbols.
            var lengths = [UInt8](repeating: 0, count: frequencies.count)
            var i = 0
            for d in stride(from: min(limit, counts.count - 1), through: 1, by: -1) {
                for _ in 0..<counts[d] { lengths[used[i]] = UInt8(d); i += 1 }
            }
            return lengths
        }

        /// Moffat and Katajainen's in-place minimum-redundancy code: `a` holds frequencies in
        /// ascending order and gets each one's code length (depth).
        static func minimumRedundancy(_ a: inout [Int]) {
            let n = a.count
            guard n > 1 else { if n == 1 { a[0] = 1 }; return }
            // Phase 1: internal node weights, leaves and internal nodes merged in order.
            a[0] += a[1]
            var root = 0, leaf = 2
            for next in 1..<(n - 1) {
                if leaf >= n || a[root] < a[leaf] { a[next] = a[root]; a[root] = next; root += 1 }
                else { a[next] = a[leaf]; leaf += 1 }
                if leaf >= n || (root < next && a[root] < a[leaf]) { a[next] += a[root]; a[root] = next; root += 1 }
                else { a[next] += a[leaf]; leaf += 1 }
            }
            // Phase 2: depths of the internal nodes.
            a[n - 2] = 0
            if n >= 3 { for next in stride(from: n - 3, through: 0, by: -1) { a[next] = a[a[next]] + 1 } }
            // Phase 3: depths of the leaves.
            var available = 1, usedNodes = 0, depth = 0
            var r = n - 2, next = n - 1
            while available > 0 {
                while r >= 0 && a[r] == depth { usedNodes += 1; r -= 1 }
                while available > usedNodes { a[next] = depth; next -= 1; available -= 1 }
                available = 2 * usedNodes; depth += 1; usedNodes = 0
            }
        }

        /// Canonical codes for `lengths` (RFC 1951 3.2.2), bit-reversed.
        static func canonical(_ lengths: [UInt8]) -> [UInt16] {
            var counts = [Int](repeating: 0, count: 16)
            for l in lengths where l > 0 { counts[Int(l)] += 1 }
            var next = [Int](repeating: 0, count: 16)
            var code = 0
            for bits in 1..<16 { next[bits] = code; code = (code + counts[bits]) << 1 }
            return lengths.map { l in
                guard l > 0 else { return 0 }
                let c = next[Int(l)]; next[Int(l)] += 1
                var reversed = 0
                for b in 0..<Int(l) where c & (1 << b) != 0 { reversed |= 1 << (Int(l) - 1 - b) }
                return UInt16(reversed)
            }
        }
    }

    /// A dynamic block's three codes and its header's code-length sequence.
    struct DynamicCodes {
        var literal: Code
        var distance: Code
        var lengthCode: Code
        var literalCount: Int
        var distanceCount: Int
        var lengthCodeCount: Int
        /// The run-length-coded code lengths: (symbol 0...18, extra value).
        var sequence: [(UInt8, UInt8)]

        static let order = [16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11, 4, 12, 3, 13, 2, 14, 1, 15]

        init(literalFrequencies: [Int], distanceFrequencies: [Int]) {
            literal = Code(frequencies: literalFrequencies, limit: 15)
            distance = Code(frequencies: distanceFrequencies, limit: 15)
            literalCount = max(257, (literal.lengths.lastIndex { $0 > 0 } ?? 0) + 1)
            distanceCount = max(1, (distance.lengths.lastIndex { $0 > 0 } ?? 0) + 1)
            let all = Array(literal.lengths[0..<literalCount]) + Array(distance.lengths[0..<distanceCount])
            sequence = []
            var i = 0
            while i < all.count {
                let l = all[i]
                var run = 1
                while i + run < all.count && all[i + run] == l { run += 1 }
                var left = run
                if l == 0 {
                    while left >= 11 { let n = min(left, 138); sequence.append((18, UInt8(n - 11))); left -= n }
                    if left >= 3 { sequence.append((17, UInt8(left - 3))); left = 0 }
                } else {
                    sequence.append((l, 0)); left -= 1
                    while left >= 3 { let n = min(left, 6); sequence.append((16, UInt8(n - 3))); left -= n }
                }
                for _ in 0..<left { sequence.append((l, 0)) }
                i += run
            }
            var frequencies = [Int](repeating: 0, count: 19)
            for (s, _) in sequence { frequencies[Int(s)] += 1 }
            lengthCode = Code(frequencies: frequencies, limit: 7)
            var count = 19
            while count > 4 && lengthCode.lengths[DynamicCodes.order[count - 1]] == 0 { count -= 1 }
            lengthCodeCount = count
        }

        /// Bits of the whole block: header, symbols and their extra bits.
        func bits(_ literalFrequencies: [Int], _ distanceFrequencies: [Int]) -> Int {
            var total = 3 + 5 + 5 + 4 + 3 * lengthCodeCount
            for (s, _) in sequence {
                total += Int(lengthCode.lengths[Int(s)]) + (s == 16 ? 2 : s == 17 ? 3 : s == 18 ? 7 : 0)
            }
            for (s, f) in literalFrequencies.enumerated() where f > 0 {
                total += f * (Int(literal.lengths[s]) + (s > 256 ? Int(Tables.lengthExtraValues[s - 257]) : 0))
            }
            for (s, f) in distanceFrequencies.enumerated() where f > 0 {
                total += f * (Int(distance.lengths[s]) + Int(Tables.distanceExtraValues[s]))
            }
            return total
        }

        func writeHeader(_ writer: inout BitWriter) {
            writer.put(UInt64(literalCount - 257), 5)
            writer.put(UInt64(distanceCount - 1), 5)
            writer.put(UInt64(lengthCodeCount - 4), 4)
            for i in 0..<lengthCodeCount { writer.put(UInt64(lengthCode.lengths[DynamicCodes.order[i]]), 3) }
            for (s, extra) in sequence {
                writer.put(UInt64(lengthCode.codes[Int(s)]), Int(lengthCode.lengths[Int(s)]))
                switch s {
                case 16: writer.put(UInt64(extra), 2)
                case 17: writer.put(UInt64(extra), 3)
                case 18: writer.put(UInt64(extra), 7)
                default: break
                }
            }
        }
    }

    // MARK: - Tables (RFC 1951 3.2.5)

    /// The length and distance codes' tables, as pointers to memory allocated once (and never
    /// freed), which the inner loops read without Swift's lazy-global check per access.
    struct Tables: @unchecked Sendable {
        // @unchecked: the memory is written once, when `shared` is made, and only read after.
        static let lengthBaseValues: [UInt16] = [3, 4, 5, 6, 7, 8, 9, 10, 11, 13, 15, 17, 19, 23, 27, 31,
                                                 35, 43, 51, 59, 67, 83, 99, 115, 131, 163, 195, 227, 258]
        static let lengthExtraValues: [UInt8] = [0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2,
                                                 3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5, 0]
        static let distanceBaseValues: [UInt16] = [1, 2, 3, 4, 5, 7, 9, 13, 17, 25, 33, 49, 65, 97, 129, 193,
                                                   257, 385, 513, 769, 1025, 1537, 2049, 3073, 4097, 6145,
                                                   8193, 12289, 16385, 24577]
        static let distanceExtraValues: [UInt8] = [0, 0, 0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6,
                                                   7, 7, 8, 8, 9, 9, 10, 10, 11, 11, 12, 12, 13, 13]
        static let shared = Tables()

        /// Per length symbol − 257 (0...28): its first length and extra bits.
        let lengthBase: UnsafePointer<UInt16>
        let lengthExtra: UnsafePointer<UInt8>
        /// Per distance symbol (0...29): its first distance and extra bits.
        let distanceBase: UnsafePointer<UInt16>
        let distanceExtra: UnsafePointer<UInt8>
        /// Length symbol (257...285) of each length − 3 (0...255).
        let lengthSymbol: UnsafePointer<UInt16>
        /// Distance symbol of each distance − 1 below 512, then of each (distance − 1) >> 8.
        private let distanceSymbols: UnsafePointer<UInt8>

        private init() {
            func pointer<T>(_ values: [T]) -> UnsafePointer<T> {
                let p = UnsafeMutablePointer<T>.allocate(capacity: values.count)
                p.initialize(from: values, count: values.count)
                return UnsafePointer(p)
            }
            let lengths = Tables.lengthBaseValues, distances = Tables.distanceBaseValues
            lengthBase = pointer(lengths)
            lengthExtra = pointer(Tables.lengthExtraValues)
            distanceBase = pointer(distances)
            distanceExtra = pointer(Tables.distanceExtraValues)
            lengthSymbol = pointer((0...255).map { l in UInt16(257 + (lengths.lastIndex { Int($0) <= l + 3 } ?? 0)) })
            let near = (0..<512).map { d in UInt8(distances.lastIndex { Int($0) <= d + 1 } ?? 0) }
            let far = (0..<128).map { h in UInt8(distances.lastIndex { Int($0) <= (h << 8) + 1 } ?? 0) }
            distanceSymbols = pointer(near + far)
        }

        /// Distance symbol (0...29) of a distance − 1 (0...32767).
        @inline(__always) func distanceSymbol(_ d: Int) -> Int {
            d < 512 ? Int(distanceSymbols[d]) : Int(distanceSymbols[512 &+ d &>> 8])
        }
    }

    // MARK: - Bits

    struct BitWriter {
        let out: UnsafeMutablePointer<UInt8>
        var written = 0
        var bits: UInt64 = 0
        var count = 0

        init(out: UnsafeMutablePointer<UInt8>) { self.out = out }

        /// Appends the low `n` bits of `value` (n ≤ 32 + what is pending stays under 64).
        @inline(__always) mutating func put(_ value: UInt64, _ n: Int) {
            bits |= value << UInt64(count)
            count += n
            if count >= 32 {
                UnsafeMutableRawPointer(out + written).storeBytes(of: UInt32(truncatingIfNeeded: bits).littleEndian, as: UInt32.self)
                written += 4
                bits >>= 32
                count -= 32
            }
        }

        /// Pads with zero bits to a byte boundary and writes out what is pending.
        mutating func alignToByte() {
            count = (count + 7) & ~7
            while count > 0 {
                out[written] = UInt8(truncatingIfNeeded: bits)
                written += 1
                bits >>= 8
                count -= 8
            }
            bits = 0; count = 0
        }

        /// Bytes, at a byte boundary.
        mutating func putBytes(_ bytes: [UInt8]) {
            for b in bytes { out[written] = b; written += 1 }
        }

        /// `data` as stored blocks (at most 65,535 bytes each; one empty block for no bytes), the
        /// last one final when `final`.
        mutating func storedBlocks(_ data: UnsafeBufferPointer<UInt8>, final: Bool) {
            let total = data.count
            var offset = 0
            repeat {
                let n = min(65535, total - offset)
                put(final && offset + n == total ? 1 : 0, 1)
                put(0, 2)
                alignToByte()
                putBytes([UInt8(n & 0xFF), UInt8(n >> 8), UInt8(~n & 0xFF), UInt8((~n >> 8) & 0xFF)])
                if n > 0 { (out + written).update(from: data.baseAddress! + offset, count: n) }
                written += n
                offset += n
            } while offset < total
        }
    }
}
