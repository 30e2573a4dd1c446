/// Inline Markdown (allowed in every text field) reduced to plain text for figures:
/// `**bold**`, `*em*`, `_em_`, `` `code` ``, `[text](url)` and `<url>` keep their words.
public enum MarkdownText {
    public static func plain(_ s: String) -> String {
        var out = ""
        var chars = Array(s)
        var i = 0
        chars.append("\0")
        while i < chars.count - 1 {
            let c = chars[i]
            if c == "\\", i + 1 < chars.count - 1, "\\`*_[]()<>#!".contains(chars[i + 1]) {
                out.append(chars[i + 1]); i += 2; continue
            }
            if c == "[", let close = chars[(i + 1)...].firstIndex(of: "]"), close + 1 < chars.count, chars[close + 1] == "(",
               let paren = chars[(close + 1)...].firstIndex(of: ")") {
                out += String(chars[(i + 1)..<close]); i = paren + 1; continue
            }
            if c == "<", let close = chars[(i + 1)...].firstIndex(of: ">"),
               String(chars[(i + 1)..<close]).contains("://") {
                out += String(chars[(i + 1)..<close]); i = close + 1; continue
            }
            if c == "`" { i += 1; continue }
            if c == "*" || (c == "_" && (i == 0 || !chars[i - 1].isLetter || !chars[i + 1].isLetter)) {
                // Emphasis markers: drop runs of * and flanking _.
                i += 1; continue
            }
            out.append(c); i += 1
        }
        return out
    }
}
