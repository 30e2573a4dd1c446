/// Replaces what lies between `<!-- hindsight:begin -->` and `<!-- hindsight:end -->` in a
/// Markdown file, leaving every other byte as it was.
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
        let bs = ranges(of: b, in: original), es = ranges(of: e, in: original)
        if bs.isEmpty && es.isEmpty {
            guard append else { return .failure(.missingMarkers) }
            var out = original
            if !out.isEmpty && out.last != 0x0A { out.append(0x0A) }
            if !out.isEmpty { out.append(0x0A) }
            out += Array("\(begin)\n\(block)\(end)\n".utf8)
            return .success(out)
        }
        if bs.count > 1 { return .failure(.duplicateMarkers(line: line(of: bs[1], in: original))) }
        if es.count > 1 { return .failure(.duplicateMarkers(line: line(of: es[1], in: original))) }
        guard let bi = bs.first else { return .failure(.missingMarkers) }
        guard let ei = es.first else { return .failure(.missingMarkers) }
        if ei < bi { return .failure(.endBeforeBegin(line: line(of: ei, in: original))) }
        var out = Array(original[..<(bi + b.count)])
        out += Array("\n\(block)".utf8)
        out += original[ei...]
        return .success(out)
    }

    static func ranges(of needle: [UInt8], in hay: [UInt8]) -> [Int] {
        guard needle.count <= hay.count else { return [] }
        var out: [Int] = []
        var i = 0
        while i <= hay.count - needle.count {
            if hay[i] == needle[0] && Array(hay[i..<(i + needle.count)]) == needle { out.append(i); i += needle.count } else { i += 1 }
        }
        return out
    }

    static func line(of offset: Int, in bytes: [UInt8]) -> Int { bytes[..<offset].filter { $0 == 0x0A }.count + 1 }
}
