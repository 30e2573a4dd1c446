import Foundation
import HindsightModel

/// What a heading or a label means, whatever words the author chose.
enum Meaning: String, Sendable {
    // The assignment's four sections.
    case summary, timeline, rootCauseAndResolution, corrective
    // Parts that are sections in some postmortems and sub-headings in others.
    case impact, duration, rootCause, resolution
    // Timeline phases (the assignment's list of what a timeline covers).
    case detection, actions, misleading, escalation
    // Corrective parts.
    case improvements, tasks
    // Summary fields written as labels.
    case start, end, timezone, usersAffected, service
    case other

    /// Names that open a section wherever they appear; the other meanings may also be
    /// sub-headings of an open section.
    var isStrong: Bool {
        switch self {
        case .summary, .timeline, .rootCauseAndResolution, .corrective: return true
        default: return false
        }
    }

    /// Whether a heading meaning `inner` is part of a section meaning `self` rather than the
    /// start of a new section (`Impact` under `Issue Summary`, `Resolution` under `Timeline`).
    func contains(_ inner: Meaning) -> Bool {
        switch self {
        case .summary: return [.impact, .duration, .rootCause, .start, .end, .timezone, .usersAffected, .service, .detection].contains(inner)
        case .impact, .duration: return [.start, .end, .timezone, .usersAffected, .service, .impact, .duration].contains(inner)
        case .timeline: return [.detection, .actions, .misleading, .escalation, .resolution, .duration].contains(inner)
        case .rootCauseAndResolution: return [.rootCause, .resolution].contains(inner)
        case .corrective: return [.improvements, .tasks, .actions, .corrective].contains(inner)
        default: return false
        }
    }

    /// Classifies a heading or label by its words. Punctuation, emoji, numbering such as
    /// `1.` or `Task 0:`, and parentheses (`Timeline (all times UTC)`) are ignored.
    static func of(_ raw: String) -> Meaning? {
        let words = normalizedWords(raw)
        guard !words.isEmpty, words.count <= 12 else { return nil }
        // Whole-word phrase matching on the word list (no string searching: this runs for
        // every heading-like line of the document).
        func has(_ any: String...) -> Bool {
            any.contains { phrase in
                if !phrase.contains(" ") { return words.contains(phrase) }
                let p = phrase.split(separator: " ")
                guard p.count <= words.count else { return false }
                return (0...(words.count - p.count)).contains { k in p.indices.allSatisfy { words[k + $0] == p[$0] } }
            }
        }

        if has("cause", "causes", "root cause", "rca") && has("resolution", "resolve", "resolved", "fix", "fixed", "fixes", "solution", "recovery", "remediation", "mitigation") {
            return .rootCauseAndResolution
        }
        if has("timeline", "time line", "chronology", "sequence of events", "timeline of events", "events timeline", "incident timeline",
               "following events", "events took place", "events that took place", "course of events", "order of events") { return .timeline }
        if has("corrective", "correction", "corrections", "preventative", "preventive", "prevention", "preventing", "preventation", "action items", "action item", "next steps", "lessons", "lessons learned", "follow up", "followup", "recommendations") {
            return has("measures taken") ? .resolution : .corrective
        }
        if has("summary", "overview", "synopsis", "executive summary", "issue description", "incident description", "tl dr", "tldr") { return .summary }
        if has("misleading", "red herring", "false lead", "false leads", "dead end", "dead ends", "wrong turns") { return .misleading }
        if has("escalation", "escalated", "escalations") { return .escalation }
        if has("detection", "detected", "discovery", "how detected", "detection method") {
            return has("duration") ? .duration : .detection
        }
        if has("root cause", "root causes", "cause", "causes", "trigger", "what went wrong", "culprit") { return .rootCause }
        if has("resolution", "resolved", "fix", "fixed", "how it was fixed", "recovery", "solution", "measures taken", "mitigation", "remediation") {
            return .resolution
        }
        if has("improvements", "improvement", "fixes", "improvements fixes", "long term improvements") { return .improvements }
        if has("tasks", "task", "task list", "todo", "to do", "todos", "action plan") { return .tasks }
        if has("actions", "actions taken", "action taken", "investigation", "debugging", "debugging process", "debugging steps", "steps taken", "response") {
            return .actions
        }
        if has("impact", "impacts", "impacted", "scope") {
            return has("users", "user", "percent", "percentage") && !has("summary") ? .usersAffected : .impact
        }
        // Field labels, by their whole wording (`Start time:`, `Service:`).
        let phrase = words.joined(separator: " ")
        if ["users affected", "affected users", "percentage of users", "percent of users", "share of users", "users impacted",
            "percentage of users affected", "affected", "customers affected"].contains(phrase) { return .usersAffected }
        if ["timezone", "time zone"].contains(phrase) { return .timezone }
        if ["start", "start time", "started", "began", "begin", "outage start", "start date", "from", "outage began",
            "incident start", "start of outage", "detection time", "time detected"].contains(phrase) {
            return phrase.contains("detect") ? .detection : .start
        }
        if ["end", "end time", "ended", "outage end", "end date", "until", "resolved at", "outage ended", "incident end",
            "end of outage", "resolution time", "time resolved", "recovery time"].contains(phrase) { return .end }
        if ["service", "services", "affected service", "affected services", "services affected", "service affected", "system",
            "affected system", "systems affected", "affected component", "component"].contains(phrase) { return .service }
        if has("duration", "date", "when", "period", "outage window", "time", "dates", "project date", "duration of the outage") { return .duration }
        return .other
    }

    /// Lowercased words of a heading, without parentheses, punctuation, emoji and numbering.
    static func normalizedWords(_ raw: String) -> [String] {
        var s = ""
        var depth = 0
        for ch in raw.lowercased() {
            if ch == "(" || ch == "[" { depth += 1; continue }
            if ch == ")" || ch == "]" { depth = max(0, depth - 1); continue }
            if depth > 0 { continue }
            if ch == "&" { s += " and " } else if ch.isLetter || ch.isNumber { s.append(ch) } else { s += " " }
        }
        var words = s.split(separator: " ").map(String.init)
        // "0x19", "1", "task 0", "step 2", roman numerals used as numbering
        // (`Task List` keeps its `task`: only `Task 0`, `Step 2` are numbering.)
        while let w = words.first, words.count > 1 {
            let numbering = w.first?.isNumber == true || ["i", "ii", "iii", "iv", "v", "vi"].contains(w)
                || (["task", "step", "part"].contains(w) && words[1].first?.isNumber == true)
            guard numbering else { break }
            words.removeFirst()
        }
        if words.count == 1, words[0].first?.isNumber == true { words.removeFirst() }
        return words
    }
}

/// A line acting as a heading: a Markdown heading (level 1–6), or a pseudo heading (level 7):
/// a bold-only line, a short line ending with `:`, or a line that is just a section name.
struct HeadingInfo {
    var level: Int
    /// The heading's words up to its first colon (`Issue Summary` of `Issue Summary: Duration: 2 hours`).
    var label: String
    /// What follows that colon, if anything.
    var value: String
    var meaning: Meaning?
    /// A list item's label, scoped to that item's children.
    var item: Int?
}

/// One line of the document in reading order, with its block and its heading role.
struct DocLine {
    var text: String
    var line: Int
    var block: Int
    var heading: HeadingInfo?
}

struct Section {
    var meaning: Meaning
    /// The heading line (nil for the preamble before the first section).
    var heading: Int?
    /// Lines of the section, heading included.
    var range: Range<Int>
}

/// The document's lines and its sections, found by what headings mean.
struct Outline {
    let doc: MarkdownDocument
    var lines: [DocLine] = []
    var sections: [Section] = []

    init(_ doc: MarkdownDocument) {
        self.doc = doc
        for (bi, b) in doc.blocks.enumerated() {
            for (li, l) in b.lines.enumerated() {
                lines.append(DocLine(text: l.text, line: l.line, block: bi, heading: Self.heading(b, index: li, line: l, doc: doc)))
            }
        }
        sections = Self.segment(lines, doc: doc)
    }

    static let maxLabelWords = 8

    /// Splits `Label: value` when the label looks like one (a few words, no sentence inside,
    /// not a time such as `10:30`).
    static func labelSplit(_ text: String) -> (label: String, value: String)? {
        // A label is short: its colon is near the start.
        guard let colon = text.prefix(64).firstIndex(of: ":") else { return nil }
        let label = text[..<colon]
        guard !label.isEmpty, label.count <= 60 else { return nil }
        // 10:30 or "at 10:30"
        if let prev = label.last, prev.isNumber, text[text.index(after: colon)...].first?.isNumber == true { return nil }
        let words = label.split(whereSeparator: { $0 == " " })
        guard words.count <= maxLabelWords, label.first.map({ $0.isLetter || $0 == "*" || !$0.isASCII }) == true else { return nil }
        if label.contains(". ") || label.contains("?") || label.contains("!") || label.contains("`") { return nil }
        let value = text[text.index(after: colon)...].trimmingCharacters(in: .whitespaces)
        let cleanLabel = String(Clean.dropLeadingDecoration(Substring(label))).trimmingCharacters(in: .whitespaces)
        guard !cleanLabel.isEmpty else { return nil }
        return (cleanLabel, value)
    }

    /// The heading role of line `index` of block `b`, if it has one.
    static func heading(_ b: Block, index: Int, line: TextLine, doc: MarkdownDocument) -> HeadingInfo? {
        let text = line.text
        func info(_ level: Int, item: Int? = nil) -> HeadingInfo {
            let body = String(Clean.trimTrailing(Clean.dropLeadingDecoration(Substring(text))))
            if let (label, value) = labelSplit(body), !value.isEmpty {
                return HeadingInfo(level: level, label: label, value: value, meaning: Meaning.of(label), item: item)
            }
            return HeadingInfo(level: level, label: body, value: "", meaning: Meaning.of(body), item: item)
        }
        switch b.kind {
        case .heading(let level):
            // The words of a multi-line heading share one role, given to its first line.
            return index == 0 ? info(level, item: b.item) : nil
        case .paragraph:
            break
        default:
            return nil
        }
        let words = line.words
        guard words > 0 else { return nil }
        // Inside a list, only an item's own first line can be a label, and only when the item
        // holds a nested list (`- **Detection:**` followed by sub-items).
        if let item = b.item {
            // `* Timeline:` followed by lines of its own (lazy continuation lines of the
            // item): a section written as a list item.
            if b.firstInItem, index == 0, b.lines.count > 1, text.hasSuffix(":"), words <= 6,
               let m = Meaning.of(String(text.dropLast())), m.isStrong {
                return info(7)
            }
            guard b.firstInItem, index == 0, doc.items[item].hasChildren else { return nil }
            if line.emphasisOnly || text.hasSuffix(":") { return words <= maxLabelWords + 2 ? info(7, item: item) : nil }
            return nil
        }
        if line.emphasisOnly && words <= 12 { return info(7) }
        // (`text` is trimmed already, by `Clean.text`.)
        if text.hasSuffix(":") && words <= maxLabelWords && !text.dropLast().contains(": ") && !text.contains(". ") { return info(7) }
        if words <= 6, !text.hasSuffix("."), let m = Meaning.of(text), m.isStrong { return info(7) }
        // A short line alone in its paragraph naming a part (`Root Cause`, `RESOLUTION`).
        if b.lines.count == 1, words <= 4, let last = text.last, last.isLetter || last == ")",
           text.first?.isUppercase == true, let m = Meaning.of(text), m != .other { return info(7) }
        // The assignment's own prompts kept as headings: "How was the issue detected?"
        if text.hasSuffix("?"), let m = Meaning.of(text), m != .other { return info(7) }
        // "Final Thoughts" alone on the first line of a paragraph, in Title Case.
        if index == 0, b.lines.count > 1, words <= 5, let last = text.last, last.isLetter || last.isNumber,
           text.split(separator: " ").allSatisfy({ $0.first?.isUppercase == true || $0.first?.isNumber == true }) {
            return info(7)
        }
        return nil
    }

    /// Cuts the document into sections. A heading opens a new section when its name is one of
    /// the assignment's sections, or when it stands at the same or a higher level than the
    /// open section's heading and is not a part of it (`Resolution:` inside a timeline stays
    /// a phase label; `## Root Cause` after `## Timeline` opens a section).
    static func segment(_ lines: [DocLine], doc: MarkdownDocument) -> [Section] {
        var sections: [Section] = []
        var open = Section(meaning: .other, heading: nil, range: 0..<0)
        var openLevel = 0
        func close(at i: Int) {
            open.range = open.range.lowerBound..<i
            if !open.range.isEmpty || open.heading != nil { sections.append(open) }
        }
        for (i, l) in lines.enumerated() {
            guard let h = l.heading, h.item == nil, let m = h.meaning else { continue }
            // An unknown `Label:` line inside a known section labels a part of it
            // (`Automated certificate renewal:` under the corrective measures).
            if m == .other, open.meaning != .other, l.text.hasSuffix(":") { continue }
            let starts: Bool
            if open.meaning == .other {
                // The preamble, a title or an unrelated section never swallows a known part.
                starts = m != .other || h.level <= openLevel || open.heading == nil
            } else if open.meaning.contains(m) {
                starts = false
            } else if m.isStrong {
                starts = !(m == open.meaning && h.level > openLevel)
            } else {
                starts = h.level <= openLevel
            }
            guard starts else { continue }
            close(at: i)
            open = Section(meaning: m, heading: i, range: i..<i)
            openLevel = h.level
        }
        close(at: lines.count)
        // The preamble (before any section) keeps the `.other` meaning with no heading.
        return sections
    }

    /// Lines of the first section meaning `m`, or of every such section.
    func sections(_ m: Meaning) -> [Section] { sections.filter { $0.meaning == m } }

    func block(of l: DocLine) -> Block { doc.blocks[l.block] }
    func location(_ l: DocLine, _ needle: String? = nil) -> SourceLocation { doc.location(line: l.line, of: needle) }
}
