/// "Did you mean …?": the one home of the suggestion, for the decoders' fields and values and
/// for the command line's commands and flag values.
public enum Suggest {
    /// The candidate closest to `word` (case-insensitive; a swap of two neighbouring letters is
    /// one edit), if within `maxDistance`; on a tie, the earlier candidate. With `prefixes`,
    /// when none is that close, the first candidate `word` begins (three letters or more).
    public static func nearest(_ word: String, in candidates: [String], maxDistance: Int = 3, prefixes: Bool = false) -> String? {
        let w = Array(word.lowercased())
        var best: (String, Int)?
        for c in candidates {
            let b = Array(c.lowercased())
            guard abs(b.count - w.count) <= maxDistance else { continue }
            let d = distance(w, b)
            if d <= maxDistance, best == nil || d < best!.1 { best = (c, d) }
        }
        if let best { return best.0 }
        guard prefixes, w.count >= 3 else { return nil }
        return candidates.first { $0.lowercased().hasPrefix(word.lowercased()) }
    }

    /// A mistyped command or flag value: one edit for a short word, two from six letters, or a
    /// command's beginning (`rend` → `render`).
    public static func commandLine(_ word: String, in candidates: [String]) -> String? {
        nearest(word, in: candidates, maxDistance: max(1, min(2, word.count / 3)), prefixes: true)
    }

    /// Edits (insert, delete, replace, swap two neighbours) from `a` to `b`: the optimal
    /// string alignment distance.
    static func distance(_ a: [Character], _ b: [Character]) -> Int {
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        var before = [Int](repeating: 0, count: b.count + 1)   // row i - 2
        var prev = Array(0...b.count)                          // row i - 1
        var cur = [Int](repeating: 0, count: b.count + 1)
        for i in 1...a.count {
            cur[0] = i
            for j in 1...b.count {
                cur[j] = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
                if i > 1, j > 1, a[i - 1] == b[j - 2], a[i - 2] == b[j - 1] { cur[j] = min(cur[j], before[j - 2] + 1) }
            }
            (before, prev, cur) = (prev, cur, before)
        }
        return prev[b.count]
    }
}
