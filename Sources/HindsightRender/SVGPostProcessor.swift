/// Makes cairo's SVG output reproducible and accessible.
///
/// cairo 1.16 names some definitions after process-wide counters (`id="surface13"` for the
/// page group, `id="image18"` for bitmaps such as colour emoji), so the same scene gets other
/// ids when it is not the first document of the process. `process` renumbers those ids from 1
/// in order of appearance, which makes the bytes depend on the document only, and adds the
/// scene's title and description as `<title>` and `<desc>` for screen readers.
enum SVGPostProcessor {
    /// Id prefixes cairo numbers with a process-wide counter. (Glyph, clip, mask and pattern
    /// ids are numbered per document already.)
    private static let globalPrefixes: [[UInt8]] = [Array("surface".utf8), Array("image".utf8)]

    static func process(_ svg: [UInt8], title: String, description: String) -> [UInt8] {
        addTitle(title, description: description, to: renumberIds(svg))
    }

    /// Rewrites `id="surfaceN"` / `#surfaceN` (and the same for `image`) to numbers counted per
    /// document. Only names directly after `"` or `#` are touched: that is where cairo writes
    /// ids and references, and base64 image data contains neither character.
    static func renumberIds(_ svg: [UInt8]) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(svg.count + 64)
        var renamed: [[UInt8]: [UInt8]] = [:]
        var next: [Int] = Array(repeating: 1, count: globalPrefixes.count)
        svg.withUnsafeBufferPointer { b in
            let n = b.count
            var copied = 0  // bytes of `b` already in `out`
            var i = 0
            while i < n {
                let byte = b[i]
                i += 1
                // Only `s` (surface) and `i` (image) can follow; test that byte first: cheap.
                guard (byte == 0x22 || byte == 0x23), i < n, b[i] == 0x73 || b[i] == 0x69 else { continue }
                for (p, prefix) in globalPrefixes.enumerated() where i + prefix.count <= n {
                    var matches = true
                    for k in 0..<prefix.count where b[i + k] != prefix[k] { matches = false; break }
                    guard matches else { continue }
                    var end = i + prefix.count
                    while end < n, b[end] >= 0x30, b[end] <= 0x39 { end += 1 }
                    guard end > i + prefix.count else { break }
                    let name = Array(b[i..<end])
                    let replacement: [UInt8]
                    if let known = renamed[name] {
                        replacement = known
                    } else {
                        replacement = prefix + Array(String(next[p]).utf8)
                        next[p] += 1
                        renamed[name] = replacement
                    }
                    out.append(contentsOf: b[copied..<i])
                    out.append(contentsOf: replacement)
                    copied = end
                    i = end
                    break
                }
            }
            out.append(contentsOf: b[copied..<n])
        }
        return out
    }

    /// Inserts `<title>` and `<desc>` as the first children of the root `<svg>` element.
    static func addTitle(_ title: String, description: String, to svg: [UInt8]) -> [UInt8] {
        var elements = ""
        if !title.isEmpty { elements += "\n<title>\(XMLText.escape(title))</title>" }
        if !description.isEmpty { elements += "\n<desc>\(XMLText.escape(description))</desc>" }
        guard !elements.isEmpty,
              let root = svg.firstRange(of: Array("<svg".utf8)),
              let close = svg[root.upperBound...].firstIndex(of: UInt8(ascii: ">"))
        else { return svg }
        var out = svg
        out.insert(contentsOf: Array(elements.utf8), at: close + 1)
        return out
    }

}
