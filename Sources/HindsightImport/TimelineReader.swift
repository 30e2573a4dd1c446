import Foundation
import HindsightModel

/// One entry under the timeline heading: a bullet, a numbered item, a table row, a
/// `**10:30 AM** - ...` paragraph or a line of prose.
struct TimelineEntry {
    var text: String
    /// Index into `Outline.lines` of its first line.
    var index: Int
    var moment: Moment?
    /// The time was found inside the text rather than at its start.
    var momentInText = false
    /// The phase label it sits under (`Misleading paths:`), and which label that was.
    var hint: Meaning?
    var hintGroup: Int?
    var lastInGroup = false
    /// The date given by a line such as `2019-10-21 (all times UTC)` above it, and that line.
    var dateContext: (moment: Moment, index: Int)?
}

struct TimelineFacts {
    var section: Section?
    var entries: [TimelineEntry] = []
    /// The zone the timeline's heading or a context line names (`Timeline (UTC−05:00)`).
    var zone: (zone: FoundZone, index: Int, evidence: String)?
    /// Dates written in the timeline, in order.
    var dates: [SummaryFacts.Timed] = []
}

extension PostmortemReader {
    static let columnNames: Set<String> = ["time", "times", "date", "timestamp", "event", "events", "action", "actions",
                                           "description", "details", "what", "happened", "activity", "step", "steps", "and"]
    static let leadWords: Set<String> = ["at", "on", "by", "around", "approximately", "approx", "about", "circa", "~", "time", "from", "since"]

    mutating func readTimelineEntries() -> TimelineFacts {
        var best = TimelineFacts()
        for s in outline.sections(.timeline) {
            let facts = timelineEntries(in: s)
            if !facts.entries.isEmpty { best = facts; break }
            if best.section == nil { best = facts }
        }
        // No timeline: a section of steps (“Debugging process”, “Measures taken”) whose
        // entries carry times stands in for it; else a list of steps (“Debugging steps”),
        // placed after the start with their times marked as guessed.
        if best.section == nil {
            let candidates = outline.sections.filter { [.actions, .resolution, .detection].contains($0.meaning) && $0.heading != nil }
            let read = candidates.map { ($0, timelineEntries(in: $0)) }
            let timed = read.first { $0.1.entries.contains { $0.moment?.clock != nil } }
            // The list items of a steps section (its prose introduces or concludes them).
            let outline = self.outline
            let steps = read.filter { $0.0.meaning == .actions }.map { s, facts -> (Section, TimelineFacts) in
                var f = facts
                f.entries = facts.entries.filter { outline.block(of: outline.lines[$0.index]).item != nil }
                return (s, f)
            }.first { $0.1.entries.count >= 2 }
            if let (s, facts) = timed ?? steps, let h = s.heading {
                best = facts
                let what = timed != nil ? "the timed entries" : "the steps"
                rec.warning("import-timeline-elsewhere", location(h), "no Timeline section; \(what) under “\(lines[h].heading?.label ?? lines[h].text)” are read as the timeline")
            }
        }
        if let s = best.section, let h = s.heading { draft.timelineLocation = location(h) }
        draft.timelineEntries = best.entries.count
        draft.timedEntries = best.entries.filter { $0.moment?.clock != nil }.count
        return best
    }

    /// Where a time stands at the start of a line (after bullets, emoji and `At`/`On`), the
    /// moment and the text after it.
    func leadingMoment(_ text: String) -> (moment: Moment, rest: String)? {
        let s = String(Clean.dropLeadingDecoration(Substring(text)))
        // The time is at the start: a few dozen tokens hold it.
        let sc = TimeScanner(s, maxTokens: 40)
        var k = 0
        while let tok = sc.t[k], Self.leadWords.contains(tok.lower) || ["~", "[", "(", "`", "*"].contains(tok.text) { k += 1 }
        guard let m = sc.moment(at: k, shortNumeric: true) else { return nil }
        // Everything after the moment (past the tokens read, too), without the closer of
        // `[09:30]`, `(09:30)`, `**09:30**` or a code span, and the separator.
        var rest = Substring(m.end > 0 ? String(sc.t.source[sc.t.list[m.end - 1].range.upperBound...]) : s)
        while let c = rest.first, "`])*".contains(c) { rest = rest.dropFirst() }
        var after = String(Clean.dropLeadingDecoration(rest))
        // A stray closing `**` or backtick is not text.
        if !after.contains(where: { $0.isLetter || $0.isNumber }) { after = "" }
        return (m, after)
    }

    /// Reads the entries of one timeline section.
    func timelineEntries(in section: Section) -> TimelineFacts {
        var facts = TimelineFacts(section: section)
        var entries: [TimelineEntry] = []
        var headingHint: (Meaning?, Int)?
        var itemHints: [Int: (Meaning?, Int)] = [:]
        var groupCount = 0
        var dateContext: (moment: Moment, index: Int)?
        var run: [Int] = []
        var donor: (Moment, Meaning?)?
        var timeColumn: [Int: Int] = [:]   // table → column holding the time
        var leading: [Int: (moment: Moment, rest: String)?] = [:]
        func cachedLeading(_ i: Int) -> (moment: Moment, rest: String)? {
            if let known = leading[i] { return known }
            let found = leadingMoment(lines[i].text)
            leading[i] = found
            return found
        }

        func hint(for index: Int) -> (Meaning?, Int)? {
            var item = outline.block(of: lines[index]).item
            while let it = item {
                if let h = itemHints[it] { return h }
                item = outline.doc.items[it].parent
            }
            return headingHint
        }
        func context(_ text: String, _ index: Int) {
            let sc = TimeScanner(text)
            for m in sc.moments() where m.date != nil && m.clock == nil {
                dateContext = (m, index)
                facts.dates.append(.init(moment: m, index: index))
            }
            if facts.zone == nil, let (z, tok) = sc.zones().first { facts.zone = (z, index, sc.t.list[tok].text) }
        }
        /// `isLine`: `text` is line `index` as written (its leading time is already known).
        func add(_ text: String, index: Int, extra: [String], isLine: Bool = false) {
            var e = TimelineEntry(text: text, index: index)
            let h = hint(for: index)
            e.hint = h?.0; e.hintGroup = h?.1
            e.dateContext = dateContext
            if let (m, rest) = isLine ? cachedLeading(index) : leadingMoment(text) {
                e.moment = m; e.text = rest
            } else if let (label, value) = Outline.labelSplit(text), let (m, rest) = leadingMoment(value) {
                e.moment = m
                e.text = rest
                if let lm = Meaning.of(label), [.detection, .misleading, .escalation, .resolution, .actions, .rootCause].contains(lm), rest.isEmpty {
                    e.hint = lm
                }
            } else if let m = TimeScanner(text, maxTokens: 200).moments().first(where: { $0.clock != nil }) {
                e.moment = m; e.momentInText = true
            }
            e.text = ([e.text] + extra).filter { !$0.isEmpty }.joined(separator: " ")
            // The header of a table written as plain lines (`Time (WAT)   Actions`), or a short
            // line naming a part (`🕵️ The Investigation`, `Timeline (all hours, Pacific time)`).
            if e.moment == nil, case let words = Meaning.normalizedWords(e.text), !words.isEmpty,
               words.allSatisfy(Self.columnNames.contains)
                || (words.count <= 4 && !e.text.hasSuffix(".") && (Meaning.of(e.text).map { $0 != .other } ?? false)) { return }
            if e.text.isEmpty {
                // A time alone (`- November 10, 2023, 15:30 UTC`) dates the entry after it.
                if let m = e.moment { donor = (m, e.hint) }
                return
            }
            if e.moment == nil, let (m, h) = donor { e.moment = m; if e.hint == nil { e.hint = h } }
            donor = nil
            entries.append(e)
        }
        func flushRun() {
            for group in outline.entries(run, joinsBrokenItems: true, startsEntry: { cachedLeading($0) != nil }) {
                add(lines[group[0]].text, index: group[0], extra: group.dropFirst().map { lines[$0].text }, isLine: true)
            }
            run = []
        }

        if let h = section.heading { context(lines[h].text, h) }
        // Past the event limit the timeline is refused whole; reading more would only cost time.
        for i in section.range where i != section.heading && entries.count <= InputLimits.maxEvents {
            let l = lines[i]
            let b = outline.block(of: l)
            switch b.kind {
            case .code:
                flushRun(); continue
            case .tableRow(let header):
                flushRun()
                let table = b.table ?? 0
                if header {
                    if let c = b.cells.prefix(8).firstIndex(where: { ["time", "when", "date", "timestamp", "hour"].contains(Meaning.normalizedWords($0).joined(separator: " ")) || $0.lowercased().hasPrefix("time") }) {
                        timeColumn[table] = c
                    }
                    continue
                }
                if b.cells.allSatisfy(\.isEmpty) { continue }
                let col = timeColumn[table] ?? b.cells.prefix(8).firstIndex { leadingMoment($0) != nil }
                if let c = col, c < b.cells.count {
                    let others = b.cells.enumerated().filter { $0.offset != c && !$0.element.isEmpty }.map(\.element)
                    add(b.cells[c] + " - " + others.joined(separator: " – "), index: i, extra: [])
                } else {
                    add(b.cells.filter { !$0.isEmpty }.joined(separator: " – "), index: i, extra: [])
                }
                continue
            default:
                break
            }
            if let h = l.heading {
                flushRun()
                groupCount += 1
                let phase: Meaning? = h.meaning.flatMap { [.detection, .misleading, .escalation, .resolution, .actions, .rootCause].contains($0) ? $0 : nil }
                if let item = h.item { itemHints[item] = (phase, groupCount) } else { headingHint = (phase, groupCount) }
                context(l.text, i)
                if !h.value.isEmpty, leadingMoment(h.value) != nil { add(h.value, index: i, extra: []) }
                continue
            }
            // A line that only dates what follows: `2019-10-21 (all times UTC)`.
            if b.item == nil, let (m, rest) = cachedLeading(i), m.clock == nil, Words.count(rest) <= 6 {
                flushRun()
                context(l.text, i)
                continue
            }
            // Long runs are read in pieces, cut where a line starts a new entry anyway, so the
            // event limit below stops the reading early.
            if run.count >= 512, cachedLeading(i) != nil { flushRun() }
            run.append(i)
        }
        flushRun()
        // In a timeline of timed entries, an untimed paragraph of prose (not a list item or a
        // table row) tells the story around them; it is not an event.
        let timedCount = entries.filter { $0.moment != nil }.count
        if timedCount >= 2 && timedCount * 2 >= entries.count {
            entries.removeAll { e in
                let b = outline.block(of: lines[e.index])
                return e.moment == nil && b.item == nil && b.table == nil && Words.count(e.text) > 12
            }
        }
        // The last entry under each label (a `Resolution:` label's last entry is the resolution).
        var seen = Set<Int>()
        for k in entries.indices.reversed() {
            if let g = entries[k].hintGroup, !seen.contains(g) { entries[k].lastInGroup = true; seen.insert(g) }
        }
        facts.entries = entries
        for e in entries where e.moment?.date != nil { facts.dates.append(.init(moment: e.moment!, index: e.index)) }
        return facts
    }
}
