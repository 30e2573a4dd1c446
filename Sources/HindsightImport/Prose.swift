import Foundation

/// Small text helpers for the readers.
enum Prose {
    /// The first `limit` sentences of a paragraph (the facts a reader looks for come early;
    /// the limit bounds the work on hostile input): split after `.`, `!` or `?` followed by a
    /// space and a capital letter or a digit (`wp-settings.php`, `e.g. this` and code stay whole).
    static func sentences(_ text: String, limit: Int = 200) -> [String] {
        var out: [String] = []
        var current = ""
        var inCode = false
        var i = text.startIndex
        while i < text.endIndex && out.count < limit {
            let c = text[i]
            current.append(c)
            let n1 = text.index(after: i)
            defer { i = n1 }
            if c == "`" { inCode.toggle() }
            guard !inCode, c == "." || c == "!" || c == "?", n1 < text.endIndex else { continue }
            let next = text[n1]
            let n2 = text.index(after: n1)
            let after = n2 < text.endIndex ? text[n2] : " "
            var ends = false
            if next == " ", after.isUppercase || after.isNumber {
                let lastWord = current.split(separator: " ").last.map { $0.lowercased() } ?? ""
                ends = !["e.g.", "i.e.", "etc.", "approx.", "vs.", "mr.", "dr.", "st."].contains(lastWord)
            } else if next.isUppercase, current.dropLast().last?.isLowercase == true, after.isLowercase {
                // "users.An invalid change": a missing space after the full stop.
                ends = true
            }
            if ends {
                out.append(current.trimmingCharacters(in: .whitespaces))
                current = ""
            }
        }
        let last = current.trimmingCharacters(in: .whitespaces)
        if !last.isEmpty && out.count < limit { out.append(last) }
        return out
    }

    /// The first of `phrases` found in `lower` at the start of a word, and where.
    static func find(_ phrases: [String], in lower: String) -> (phrase: String, range: Range<String.Index>)? {
        var best: (String, Range<String.Index>)?
        for p in phrases {
            guard let r = firstWordStart(of: p, in: lower) else { continue }
            if best == nil || r.lowerBound < best!.1.lowerBound { best = (p, r) }
        }
        return best
    }

    /// Where `needle` first occurs in `haystack` starting a word (not after a letter; any
    /// occurrence when `wordStart` is false), by a byte search: far cheaper than Foundation's
    /// `range(of:)` on long texts.
    static func firstWordStart(of needle: String, in haystack: String, from start: String.Index? = nil, wordStart: Bool = true) -> Range<String.Index>? {
        let h = haystack.utf8, n = Array(needle.utf8)
        guard let first = n.first else { return nil }
        var i = start ?? h.startIndex
        while i < h.endIndex {
            guard let at = h[i...].firstIndex(of: first) else { return nil }
            var j = at, k = 0
            while k < n.count, j < h.endIndex, h[j] == n[k] { j = h.index(after: j); k += 1 }
            if k == n.count {
                let prev = at > h.startIndex ? h[h.index(before: at)] : 32
                // An ASCII letter before means the needle is inside a word.
                if !wordStart || !((prev | 32) >= 97 && (prev | 32) <= 122) { return at..<j }
            }
            i = h.index(after: at)
        }
        return nil
    }

    static func contains(_ phrases: [String], in lower: String) -> Bool { find(phrases, in: lower) != nil }

    /// The text with its first letter capitalised.
    static func capitalizedFirst(_ s: String) -> String {
        guard let f = s.first else { return s }
        return f.uppercased() + s.dropFirst()
    }

    /// Cuts `text` at `limit` characters on a word boundary, with an ellipsis.
    static func truncated(_ text: String, limit: Int) -> String {
        guard text.count > limit else { return text }
        let cut = text.prefix(limit - 1)
        let end = cut.lastIndex(of: " ") ?? cut.endIndex
        return String(cut[..<end]) + "…"
    }
}
