import CCmark

/// Inline Markdown (allowed in every text field of an incident) parsed by cmark-gfm into a
/// small tree: the reports turn it into bold, italics, code and working links.
public indirect enum MarkdownInline: Hashable, Sendable {
    case text(String)
    case emphasis([MarkdownInline])
    case strong([MarkdownInline])
    case code(String)
    case link([MarkdownInline], url: String)
    case lineBreak

    /// Parses one text field. Block structure (lists, headings) is flattened: paragraphs are
    /// joined with a line break, so a field never turns into anything but inline text.
    public static func parse(_ text: String) -> [MarkdownInline] {
        guard let doc = CmarkDocument(inlineOnly(text), tables: false) else { return [.text(text)] }
        var stack: [[MarkdownInline]] = [[]]
        var links: [String] = []
        var paragraphs = 0
        doc.walk { node, entering in
            switch node.kind {
            case .text, .htmlInline:
                stack[stack.count - 1].append(.text(node.literal))
            case .code:
                stack[stack.count - 1].append(.code(node.literal))
            case .softBreak:
                stack[stack.count - 1].append(.text(" "))
            case .lineBreak:
                stack[stack.count - 1].append(.lineBreak)
            case .emph, .strong, .link, .strikethrough:
                if entering {
                    stack.append([])
                    if node.kind == .link { links.append(cmark_node_get_url(node.ptr).map { String(cString: $0) } ?? "") }
                } else {
                    let children = stack.removeLast()
                    let made: MarkdownInline
                    switch node.kind {
                    case .emph, .strikethrough: made = .emphasis(children)
                    case .strong: made = .strong(children)
                    default: made = .link(children, url: links.removeLast())
                    }
                    stack[stack.count - 1].append(made)
                }
            case .paragraph, .heading:
                if entering, paragraphs > 0 { stack[stack.count - 1].append(.lineBreak) }
                if !entering { paragraphs += 1 }
            case .codeBlock:
                stack[stack.count - 1].append(.code(node.literal))
            default:
                break
            }
        }
        return merged(stack.first ?? [])
    }

    /// A text field is inline Markdown only: what would start a block at the beginning of a
    /// line (`# `, `- `, `1. `, `>`, fences, setext underlines) is escaped so it stays text,
    /// and indentation (which would make a code block) is dropped.
    static func inlineOnly(_ text: String) -> String {
        text.split(separator: "\n", omittingEmptySubsequences: false).map { raw -> String in
            let line = raw.drop { $0 == " " || $0 == "\t" }
            guard let first = line.first else { return "" }
            let rest = line.dropFirst()
            let spaceOrEnd = rest.isEmpty || rest.first == " " || rest.first == "\t"
            var escape = false
            switch first {
            case "#": escape = line.drop { $0 == "#" }.first.map { $0 == " " || $0 == "\t" } ?? true
            case "-", "+", "*": escape = spaceOrEnd || line.allSatisfy { $0 == first || $0 == " " }
            case "=", "_": escape = line.allSatisfy { $0 == first || $0 == " " }
            case ">", "`", "~": escape = true
            default:
                let digits = line.prefix { $0.isASCII && $0.isNumber }
                if !digits.isEmpty && digits.count <= 9 {
                    let after = line.dropFirst(digits.count)
                    if let d = after.first, d == "." || d == ")" {
                        let next = after.dropFirst().first
                        if next == nil || next == " " || next == "\t" {
                            return digits + "\\" + after
                        }
                    }
                }
            }
            return escape ? "\\" + line : String(line)
        }.joined(separator: "\n")
    }

    /// Adjacent text pieces joined (cmark splits text at every special character).
    static func merged(_ items: [MarkdownInline]) -> [MarkdownInline] {
        var out: [MarkdownInline] = []
        for item in items {
            if case .text(let b) = item, case .text(let a)? = out.last {
                out[out.count - 1] = .text(a + b)
            } else {
                out.append(item)
            }
        }
        return out
    }
}
