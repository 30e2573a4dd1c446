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
        out.reserveCapacity(svg.count)
        var renamed: [[UInt8]: [UInt8]] = [:]
        var next: [[UInt8]: Int] = [:]
        var i = 0
        while i < svg.count {
            let byte = svg[i]
            out.append(byte)
            i += 1
            guard byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "#") else { continue }
            for prefix in globalPrefixes where svg[i...].starts(with: prefix) {
                var end = i + prefix.count
                while end < svg.count, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(svg[end]) { end += 1 }
                guard end > i + prefix.count else { break }
                let name = Array(svg[i..<end])
                if renamed[name] == nil {
                    let number = next[prefix, default: 1]
                    next[prefix] = number + 1
                    renamed[name] = prefix + Array(String(number).utf8)
                }
                out += renamed[name]!
                i = end
                break
            }
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
