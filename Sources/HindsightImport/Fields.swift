import Foundation
import HindsightModel

/// A labelled part of a section: `Impact: ...`, `**Root Cause:**` followed by a paragraph,
/// `- **Tasks**:` followed by sub-items, `### Resolution`. Lines before any label form an
/// unlabelled field.
struct Field {
    struct Line {
        /// Index into `Outline.lines`.
        var index: Int
        /// The line's text, without the label when the label was written on it.
        var text: String
    }
    var label: String?
    var meaning: Meaning?
    /// Index into `Outline.lines` of the label, if any.
    var labelLine: Int?
    var lines: [Line] = []

    var text: String { lines.map(\.text).joined(separator: " ") }
}

extension Outline {
    /// The fields of `section`. Headings and list-item labels always start a field; a line
    /// `Label: value` starts one when its label means one of `splitOn`. A field started by a
    /// list item (`- **Impact:** ...`, `- **Tasks**:` with sub-items) holds that item only;
    /// the lines after it return to the field around it.
    /// Bytes of a section's text read into fields: prose sections (summary, root cause,
    /// corrective measures) say what they say in far less; a section of megabytes (a pasted
    /// log, a hostile file) is read only so far, so the phrase searches stay cheap.
    static let sectionBudget = 65_536

    func fields(_ section: Section, splitOn: Set<Meaning>) -> [Field] {
        var out = [Field(label: nil, meaning: nil, labelLine: nil)]
        var used = 0
        var outer = 0
        var scoped: (item: Int, field: Int)?
        func start(_ f: Field, item: Int?) {
            out.append(f)
            if let item { scoped = (item, out.count - 1) } else { outer = out.count - 1; scoped = nil }
        }
        for i in section.range {
            let l = lines[i]
            used += l.text.utf8.count
            if used > Self.sectionBudget { break }
            let item = doc.blocks[l.block].item
            if let sc = scoped, !(item.map { isWithin($0, sc.item) } ?? false) { scoped = nil }
            var text = l.text
            if let h = l.heading, h.meaning != nil || i == section.heading {
                if i != section.heading { start(Field(label: h.label, meaning: h.meaning, labelLine: i), item: h.item) }
                if h.value.isEmpty { continue }
                text = h.value
            }
            if let (label, value) = Outline.labelSplit(text), let m = Meaning.of(label), splitOn.contains(m) {
                var f = Field(label: label, meaning: m, labelLine: i)
                if !value.isEmpty { f.lines.append(Field.Line(index: i, text: value)) }
                start(f, item: item)
                continue
            }
            out[scoped?.field ?? outer].lines.append(Field.Line(index: i, text: text))
        }
        return out.filter { $0.label != nil || !$0.lines.isEmpty }
    }

    /// True when list item `item` is `ancestor` or nested in it.
    func isWithin(_ item: Int, _ ancestor: Int) -> Bool {
        var cur: Int? = item
        while let c = cur {
            if c == ancestor { return true }
            cur = doc.items[c].parent
        }
        return false
    }

    /// Consecutive lines of one block joined into one (for reading sentences that wrap).
    func paragraphs(_ list: [Field.Line]) -> [Field.Line] {
        var out: [Field.Line] = []
        var lastBlock: Int?
        var lastIndex = -2
        for l in list {
            let block = lines[l.index].block
            if block == lastBlock, l.index == lastIndex + 1, !out.isEmpty {
                out[out.count - 1].text += " " + l.text
            } else {
                out.append(l)
            }
            lastBlock = block; lastIndex = l.index
        }
        return out
    }

    /// Joins a run of lines into entries: a new entry starts at a new list item or table row,
    /// where `startsEntry` says so, or (outside lists) where a line begins a sentence after a
    /// finished one; wrapped lines (lower case, or after a dangling word) continue the entry.
    /// `joinsBrokenItems`: a list item that only continues the sentence of the one before
    /// (`…after sending` / `a request.`: one bullet broken in two) is part of that entry.
    func entries(_ lineIndices: [Int], joinsBrokenItems: Bool = false, startsEntry: (Int) -> Bool = { _ in false }) -> [[Int]] {
        var out: [[Int]] = []
        var previous: Int?
        for i in lineIndices {
            let l = lines[i]
            defer { previous = i }
            guard let p = previous, !out.isEmpty else { out.append([i]); continue }
            let pl = lines[p]
            let b = doc.blocks[l.block], pb = doc.blocks[pl.block]
            if startsEntry(i) { out.append([i]); continue }
            // Another list item, table row or table is another entry; the lines of one item
            // are one entry; in prose, a line that starts a sentence after a finished one.
            if joinsBrokenItems, let item = b.item, let pItem = pb.item, item != pItem, b.firstInItem, doc.items[item].parent == doc.items[pItem].parent,
               l.text.first?.isLowercase == true, let last = pl.text.last, last.isLetter,
               !l.text.prefix(24).contains(" - "), !l.text.prefix(24).contains(": ") { out[out.count - 1].append(i); continue }
            if b.item != pb.item || b.table != nil { out.append([i]); continue }
            if b.item != nil || Self.continues(l.text, after: pl.text) { out[out.count - 1].append(i) } else { out.append([i]) }
        }
        return out
    }

    static let danglingWords: Set<String> = ["and", "or", "the", "a", "an", "to", "of", "with", "by", "for", "in", "on",
                                             "at", "from", "that", "which", "but", "as", "was", "were", "is", "are"]

    /// True when `line` reads as the wrapped continuation of `previous`.
    static func continues(_ line: String, after previous: String) -> Bool {
        guard let first = line.first else { return true }
        if first.isLowercase || first == "(" || first == "," || first == ";" { return true }
        // Lines are already trimmed; only the end of the previous one matters.
        if let last = previous.last, ",;-–—&(/".contains(last) { return true }
        let lastWord = previous.reversed().prefix { $0 != " " }.reversed()
        return danglingWords.contains(String(lastWord).lowercased())
    }
}
