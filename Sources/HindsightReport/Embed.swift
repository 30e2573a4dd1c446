/// Replaces what lies between `<!-- hindsight:begin -->` and `<!-- hindsight:end -->` in a
/// Markdown file, leaving every other byte as it was.
///
/// Markers count only outside fenced code blocks (a README that documents the markers in a
/// ```` ``` ```` block keeps its example), and the block is written with the file's own line
/// endings (CR LF in a CR LF file).
public enum Embed {
    public static let begin = "<!-- hindsight:begin -->"
    public static let end = "<!-- hindsight:end -->"

    public enum Failure: Error, Equatable {
        case missingMarkers
        case endBeforeBegin(line: Int)
        case duplicateMarkers(line: Int)
    }

    /// The new file content. With `append`, a file without markers gets them (and the block)
    /// added at its end.
    public static func apply(_ original: [UInt8], block: String, append: Bool) -> Result<[UInt8], Failure> {
        let b = Array(begin.utf8), e = Array(end.utf8)
        let prose = proseRanges(original)
        let bs = ranges(of: b, in: original, within: prose), es = ranges(of: e, in: original, within: prose)
        let newline: [UInt8] = usesCRLF(original) ? [0x0D, 0x0A] : [0x0A]
        func lines(_ s: String) -> [UInt8] {
            var out: [UInt8] = []
            for byte in s.utf8 { if byte == 0x0A { out += newline } else { out.append(byte) } }
            return out
        }
        if bs.isEmpty && es.isEmpty {
            guard append else { return .failure(.missingMarkers) }
            var out = original
            if !out.isEmpty && out.last != 0x0A && out.last != 0x0D { out += newline }
            if !out.isEmpty { out += newline }
            out += lines("\(begin)\n\(block)\(end)\n")
            return .success(out)
        }
        if bs.count > 1 { return .failure(.duplicateMarkers(line: line(of: bs[1], in: original))) }
        if es.count > 1 { return .failure(.duplicateMarkers(line: line(of: es[1], in: original))) }
        guard let bi = bs.first else { return .failure(.missingMarkers) }
        guard let ei = es.first else { return .failure(.missingMarkers) }
        if ei < bi { return .failure(.endBeforeBegin(line: line(of: ei, in: original))) }
        var out = Array(original[..<(bi + b.count)])
        out += lines("\n\(block)")
        out += original[ei...]
        return .success(out)
    }

    /// Whether the file's line breaks are CR LF: most of them are.
    static func usesCRLF(_ bytes: [UInt8]) -> Bool {
        var crlf = 0, lf = 0
        for i in bytes.indices where bytes[i] == 0x0A {
            if i > 0 && bytes[i - 1] == 0x0D { crlf += 1 } else { lf += 1 }
        }
        return crlf > lf
    }

    /// Byte ranges of the lines outside fenced code blocks (CommonMark: a line indented at
    /// most three spaces opening with three or more backticks or tildes; closed by a line of
    /// the same character, at least as long, with nothing after it; an unclosed fence runs to
    /// the end of the file).
    static func proseRanges(_ bytes: [UInt8]) -> [Range<Int>] {
        var out: [Range<Int>] = []
        var fence: (char: UInt8, count: Int)?
        var start = 0
        while start < bytes.count {
            var end = start
            while end < bytes.count && bytes[end] != 0x0A { end += 1 }
            let lineEnd = end < bytes.count ? end + 1 : end
            var i = start, indent = 0
            while i < end && bytes[i] == 0x20 && indent < 4 { i += 1; indent += 1 }
            var run = 0
            let c: UInt8? = indent < 4 && i < end && (bytes[i] == 0x60 || bytes[i] == 0x7E) ? bytes[i] : nil
            if let c { while i + run < end && bytes[i + run] == c { run += 1 } }
            if let open = fence {
                if c == open.char && run >= open.count,
                   bytes[(i + run)..<end].allSatisfy({ $0 == 0x20 || $0 == 0x09 || $0 == 0x0D }) { fence = nil }
            } else if let c, run >= 3, !(c == 0x60 && bytes[(i + run)..<end].contains(0x60)) {
                fence = (c, run)
            } else {
                out.append(start..<lineEnd)
            }
            start = lineEnd
        }
        return out
    }

    static func ranges(of needle: [UInt8], in hay: [UInt8], within allowed: [Range<Int>]) -> [Int] {
        var out: [Int] = []
        for range in allowed where range.count >= needle.count {
            var i = range.lowerBound
            while i <= range.upperBound - needle.count {
                if hay[i] == needle[0] && hay[i..<(i + needle.count)].elementsEqual(needle) { out.append(i); i += needle.count } else { i += 1 }
            }
        }
        return out
    }

    static func line(of offset: Int, in bytes: [UInt8]) -> Int { bytes[..<offset].filter { $0 == 0x0A }.count + 1 }
}
