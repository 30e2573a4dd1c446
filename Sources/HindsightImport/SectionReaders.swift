import Foundation
import HindsightModel

extension PostmortemReader {
    static let fixWords = ["resolved", "resolve", "fixed", "fix ", "fixing", "restored", "rolled back", "roll back", "rollback",
                           "reverted", "solution", "solved", "solve", "removing", "removed", "corrected", "correcting", "restart",
                           "patch", "replaced", "re-index", "reindex", "mitigat", "redeploy", "reconfigur", "was addressed",
                           "by adding", "by updating", "by changing", "by increasing", "by optimizing", "by removing", "by deleting",
                           "to address the issue", "to restore", "workaround"]

    // MARK: - Root cause and resolution

    mutating func readCauseAndResolution() {
        var cause: [Field.Line] = [], fix: [Field.Line] = []
        // Sentences about the fix found in a root cause section, used when no resolution is written.
        var fixInCause: [Field.Line] = []
        var seen = Set<Meaning>()
        for s in outline.sections where [.rootCauseAndResolution, .rootCause, .resolution].contains(s.meaning) {
            guard !seen.contains(s.meaning) else { continue }
            seen.insert(s.meaning)
            for f in outline.fields(s, splitOn: [.rootCause, .resolution, .rootCauseAndResolution]) {
                let meaning = f.meaning.flatMap { [.rootCause, .resolution].contains($0) ? $0 : nil }
                    ?? (s.meaning == .rootCauseAndResolution ? nil : s.meaning)
                let paragraphs = outline.paragraphs(f.lines)
                switch meaning {
                case .resolution?: fix += paragraphs
                case .rootCause?:
                    cause += paragraphs
                    for p in paragraphs {
                        let fixes = Prose.sentences(p.text).filter { Self.isFix($0) }
                        if !fixes.isEmpty { fixInCause.append(Field.Line(index: p.index, text: fixes.joined(separator: " "))) }
                    }
                default:
                    // Unlabelled text of a combined section: sentences about the fix are the
                    // resolution; those naming the cause, or not about the fix, explain the cause.
                    for p in paragraphs {
                        let sentences = Prose.sentences(p.text)
                        let fixes = sentences.filter { Self.isFix($0) }
                        let causes = sentences.filter { !Self.isFix($0) || Prose.contains(Self.causeWords + Self.problemWords, in: $0.lowercased()) }
                        if !causes.isEmpty { cause.append(Field.Line(index: p.index, text: causes.joined(separator: " "))) }
                        if !fixes.isEmpty { fix.append(Field.Line(index: p.index, text: fixes.joined(separator: " "))) }
                    }
                }
            }
        }
        if let first = cause.first {
            let loc = location(first.index)
            let detail = capped(cause.map(\.text).joined(separator: " "), "root_cause_detail", loc)
            if draft.rootCause == nil {
                let short = Prose.sentences(detail).first ?? detail
                draft.rootCause = Found(value: short, location: loc, note: "the first sentence of the root cause section")
                rec.guess("root_cause", "the first sentence of the root cause section", rule: "import-guessed-root-cause", at: loc)
                if short != detail { draft.rootCauseDetail = detail }
            } else if detail != draft.rootCause?.value {
                draft.rootCauseDetail = detail
            }
        }
        if let first = fix.first {
            let loc = location(first.index)
            draft.resolution = Found(value: capped(fix.map(\.text).joined(separator: " "), "resolution", loc), location: loc, note: nil)
            return
        }
        if let first = fixInCause.first {
            let loc = location(first.index)
            let note = "the root cause section's sentences about the fix"
            draft.resolution = Found(value: capped(fixInCause.map(\.text).joined(separator: " "), "resolution", loc), location: loc, note: note)
            rec.guess("resolution", note, rule: "import-guessed-resolution", at: loc)
            return
        }
        // No resolution section: the summary's sentences about the fix.
        for s in summarySections {
            for f in outline.fields(s, splitOn: []) {
                for p in outline.paragraphs(f.lines) {
                    let fixes = Prose.sentences(p.text).filter { Self.isFix($0) }
                    guard !fixes.isEmpty else { continue }
                    let loc = location(p.index)
                    let note = "the summary's sentences about the fix"
                    draft.resolution = Found(value: capped(fixes.joined(separator: " "), "resolution", loc), location: loc, note: note)
                    rec.guess("resolution", note, rule: "import-guessed-resolution", at: loc)
                    return
                }
            }
        }
        // Last: what the timeline says was done to mitigate and resolve.
        let steps = draft.events.filter { $0.kind == .mitigated || $0.kind == .resolved }
        if let first = steps.first {
            let note = "the timeline's mitigation and resolution entries (no resolution is written)"
            draft.resolution = Found(value: capped(steps.map { Self.sentence($0.text) }.joined(separator: " "), "resolution", first.location),
                                     location: first.location, note: note)
            rec.guess("resolution", note, rule: "import-guessed-resolution", at: first.location, warning: true)
        }
    }

    static let problemWords = ["the issue was", "the problem was", "the error was", "typo", "misconfigur", "bug", "the issue stemmed"]

    static func isFix(_ sentence: String) -> Bool { Prose.contains(fixWords, in: sentence.lowercased()) }

    /// The text as a sentence: capitalised, ending with a full stop.
    static func sentence(_ text: String) -> String {
        let t = Prose.capitalizedFirst(text.trimmingCharacters(in: .whitespaces))
        guard let last = t.last else { return t }
        return ".!?".contains(last) ? t : t + "."
    }

    // MARK: - Corrective and preventative measures

    private enum Bucket { case improvements, tasks }

    /// A label inside the corrective section: `Tasks:`, `TODO`, `Action items` hold tasks;
    /// `Improvements/Fixes:`, `Lessons learned`, `Preventive measures` hold improvements.
    /// “Actions taken”, “Steps performed”: what was done, not what is to do.
    static func tellsWhatWasDone(_ label: String) -> Bool {
        let words = Meaning.normalizedWords(label)
        return words.contains { ["taken", "performed"].contains($0) }
    }

    private static func bucket(ofLabel label: String) -> Bucket? {
        if tellsWhatWasDone(label) { return nil }
        let words = " " + Meaning.normalizedWords(label).joined(separator: " ") + " "
        if ["task", "tasks", "todo", "to do", "action item", "action items", "actions", "action plan", "next steps", "checklist"].contains(where: { words.contains(" \($0) ") }) {
            return .tasks
        }
        if ["improve", "improvements", "improvement", "fix", "fixes", "lessons", "measures", "prevent", "preventive", "preventative",
            "corrective", "recommendations", "long term", "immediate"].contains(where: { words.contains(" \($0)") }) {
            return .improvements
        }
        return nil
    }

    static let doneMarkers = ["(accomplished.)", "(accomplished)", "(done)", "[done]", "**done**", "done", "✅", "✔", "(completed)", "completed"]
    static let todoMarkers = ["**todo**", "todo", "(todo)", "[todo]"]

    mutating func readCorrective() {
        var sections = outline.sections(.corrective)
        if sections.isEmpty { sections = outline.sections.filter { $0.meaning == .improvements || $0.meaning == .tasks } }
        guard var section = sections.first else { return }
        // `# Task List` or `# Improvements` written as sections of their own right after the
        // measures are parts of them.
        if let k = outline.sections.firstIndex(where: { $0.range == section.range }) {
            for next in outline.sections[(k + 1)...] {
                guard next.meaning == .tasks || next.meaning == .improvements, next.range.lowerBound == section.range.upperBound else { break }
                section.range = section.range.lowerBound..<next.range.upperBound
            }
        }
        draft.correctiveLocation = section.heading.map { location($0) }
        // A section named like a task list (`TODO:`, `Action items`) holds tasks.
        let sectionBucket = section.heading.flatMap { lines[$0].heading }.flatMap { Self.bucket(ofLabel: $0.label) }.flatMap { $0 == .tasks ? $0 : nil }
        var improvements: [(String, SourceLocation)] = []
        var tasks: [(task: CorrectiveTask, location: SourceLocation, note: String?, doneNote: String?)] = []
        // List items under no label: tasks, unless the section also has a labelled task list.
        var unsorted: [(text: String, location: SourceLocation, done: Bool?, doneNote: String?)] = []
        let fields = outline.fields(section, splitOn: [.improvements, .tasks, .corrective, .actions])
        let hasTaskLabel = fields.contains { $0.label.flatMap(Self.bucket(ofLabel:)) == .tasks }
        // Where the section holds lists or tables, its unlabelled prose introduces or concludes them.
        let sectionHasItems = section.range.contains { let b = outline.block(of: lines[$0]); return b.item != nil || b.table != nil }

        var outerBucket: Bucket?   // the bucket of the last label outside a list
        for f in fields {
            // What was done during the incident is not a measure.
            if let label = f.label, Self.tellsWhatWasDone(label) { continue }
            let itemLabel = f.labelLine.map { outline.block(of: lines[$0]).item != nil } ?? false
            var bucket = f.label.flatMap(Self.bucket(ofLabel:)) ?? (f.label == nil ? sectionBucket : nil)
            var inherited = false
            if !itemLabel { outerBucket = bucket } else if bucket == nil, outerBucket != nil { bucket = outerBucket; inherited = true }
            // `1. **Patch the server:**` with sub-steps, under a task label: one task, its
            // sub-steps the detail.
            if inherited, bucket == .tasks, let label = f.label, let at = f.labelLine {
                let name = String(Clean.trimTrailing(Substring(label))).trimmingCharacters(in: CharacterSet(charactersIn: ": "))
                let detail = f.lines.map(\.text).joined(separator: " ")
                tasks.append((CorrectiveTask(text: detail.isEmpty ? name : "\(name): \(detail)"), location(at), "a task with its sub-steps", nil))
                continue
            }
            let groups = outline.entries(f.lines.map(\.index))
            // Where a field holds a list or a table, its prose is an introduction or a conclusion.
            let hasItems = groups.contains { g in let b = outline.block(of: lines[g[0]]); return b.item != nil || b.table != nil }
                || f.label == nil && sectionHasItems
            var owners: [Int: Int] = [:], states: [Int: Int] = [:]   // table → column
            var firstTaskProse: Int?   // the block of the field's first prose task line
            for group in groups {
                let first = lines[group[0]]
                let b = outline.block(of: first)
                if hasItems && b.item == nil && b.table == nil { continue }
                let loc = location(group[0])
                var text = ([f.lines.first { $0.index == group[0] }?.text ?? first.text] + group.dropFirst().map { lines[$0].text }).joined(separator: " ")
                var owner: String?
                var done: Bool? = b.item.flatMap { outline.doc.items[$0].checked }
                var doneNote: String?
                if case .tableRow(let header) = b.kind {
                    let table = b.table ?? 0
                    if header {
                        let names = b.cells.map { $0.lowercased() }
                        owners[table] = names.firstIndex { $0.contains("owner") || $0.contains("assignee") || $0.contains("who") }
                        states[table] = names.firstIndex { $0.contains("status") || $0.contains("done") || $0.contains("state") }
                        continue
                    }
                    if let c = owners[table], c < b.cells.count, !b.cells[c].isEmpty { owner = b.cells[c] }
                    let skip = Set([owners[table], states[table]].compactMap { $0 })
                    text = b.cells.enumerated().first { !skip.contains($0.offset) && !$0.element.isEmpty }?.element ?? ""
                    for cell in b.cells { if let d = Self.doneState(cell) { done = d; doneNote = "“\(cell)” in its row" } }
                }
                // Intros such as "To prevent this we will:" and closing remarks are not items.
                if b.item == nil, text.hasSuffix(":") || Self.closingWords.contains(where: { text.lowercased().hasPrefix($0) })
                    || Prose.contains(Self.introWords, in: text.lowercased()) { continue }
                text = String(Clean.dropLeadingDecoration(Substring(text)))
                var isTask = bucket == .tasks
                if let (label, value) = Outline.labelSplit(text), Self.bucket(ofLabel: label) == .tasks, !value.isEmpty {
                    text = value; isTask = true
                }
                let (clean, marker) = Self.strippingState(text)
                if let marker { done = marker; doneNote = "marked \(marker ? "done" : "to do") in its text" }
                if let o = Self.owner(in: clean) { owner = o.owner; text = o.text } else { text = clean }
                guard !text.isEmpty else { continue }
                text = capped(text, "corrective", loc)
                if isTask && b.item == nil && b.table == nil && owner == nil {
                    // A prose line under a task label: each sentence is a task; after tasks
                    // written as the lines of one paragraph, a later paragraph is a closing remark.
                    if let fb = firstTaskProse, fb != first.block, outline.doc.blocks[fb].lines.count > 1 { continue }
                    if firstTaskProse == nil { firstTaskProse = first.block }
                    for sentence in Prose.sentences(text) {
                        tasks.append((CorrectiveTask(text: sentence, done: done ?? false), loc, "a sentence of a task line", doneNote))
                    }
                } else if isTask {
                    tasks.append((CorrectiveTask(text: text, owner: owner, done: done ?? false), loc, nil, doneNote))
                } else if bucket == .improvements {
                    improvements.append((text, loc))
                } else if let item = b.item {
                    // Unlabelled: an item holding sub-items is an improvement, its sub-items
                    // the tasks for it.
                    if outline.doc.items[item].depth > 0 && !hasTaskLabel {
                        tasks.append((CorrectiveTask(text: text, owner: owner, done: done ?? false), loc, "a sub-item of an improvement", doneNote))
                    } else if outline.doc.items[item].hasChildren && !hasTaskLabel {
                        improvements.append((text, loc))
                    } else {
                        unsorted.append((text, loc, done, doneNote))
                    }
                } else if b.table != nil {
                    tasks.append((CorrectiveTask(text: text, owner: owner, done: done ?? false), loc, "a row of a table under the corrective measures", doneNote))
                } else {
                    improvements.append((text, loc))
                }
            }
        }
        for u in unsorted {
            if hasTaskLabel {
                improvements.append((u.text, u.location))
            } else {
                tasks.append((CorrectiveTask(text: u.text, done: u.done ?? false), u.location, "a list item under the corrective measures", u.doneNote))
            }
        }
        // `Task: …` followed by `Owner: …` and `Deadline: …` lines: one task.
        tasks = Self.groupingDetails(tasks)
        // No task list anywhere: the measures written (two or more; one remark is not a
        // list) are the concrete things to do.
        if tasks.isEmpty && !hasTaskLabel && improvements.count >= 2 {
            tasks = improvements.map { (CorrectiveTask(text: $0.0), $0.1, "a corrective measure (no task list is written)", nil) }
            improvements = []
        }
        // A task written twice is one task.
        var seenTasks = Set<String>(), seenImprovements = Set<String>()
        tasks = tasks.filter { seenTasks.insert($0.task.text.lowercased()).inserted }
        improvements = improvements.filter { seenImprovements.insert($0.0.lowercased()).inserted }
        draft.improvements = improvements.map(\.0)
        draft.tasks = tasks.map(\.task)
        for (k, t) in tasks.enumerated() {
            if let note = t.note { rec.guesses["corrective.tasks[\(k)]"] = note }
            if let note = t.doneNote { rec.guess("corrective.tasks[\(k)].done", note, rule: "import-guessed-done", at: t.location) }
        }
    }

    /// Phrases of a line that introduces a list rather than being an item of it.
    static let introWords = ["the following", "as follows", "following steps", "following measures", "following actions"]

    /// How closing remarks begin ("In conclusion, ...", "By addressing these tasks, ...").
    static let closingWords = ["in conclusion", "to conclude", "in summary", "overall,", "by implementing these", "by addressing these",
                               "by taking these", "by turning", "this postmortem", "this incident", "moving forward", "we are committed",
                               "thank", "note:", "in short"]

    static func doneState(_ cell: String) -> Bool? {
        let lower = cell.lowercased()
        if Prose.contains(["done", "completed", "complete", "accomplished"], in: lower) { return true }
        if Prose.contains(["todo", "to do", "open", "pending", "planned"], in: lower) { return false }
        return nil
    }

    /// Removes a trailing state marker (`(Accomplished.)`, `**DONE**`, `✅`, `TODO`).
    static func strippingState(_ text: String) -> (String, Bool?) {
        var t = text.trimmingCharacters(in: .whitespaces)
        let lower = t.lowercased()
        for m in doneMarkers where lower.hasSuffix(m) && m.count < t.count {
            t = String(t.dropLast(m.count)).trimmingCharacters(in: .whitespaces)
            return (t, true)
        }
        for m in todoMarkers where lower.hasSuffix(m) && m.count < t.count && m != "todo" {
            t = String(t.dropLast(m.count)).trimmingCharacters(in: .whitespaces)
            return (t, false)
        }
        return (t, nil)
    }

    /// `(owner: Platform team)` or `— owner: SRE` in a task.
    static let ownerLabels: Set<String> = ["owner", "owners", "assignee", "assigned to", "responsible", "who"]
    static let dueLabels: Set<String> = ["deadline", "due", "due date", "by", "target date", "eta", "when"]

    /// Folds `Owner: …` and `Deadline: …` entries into the task before them (a task written as a
    /// `Task:` / `Owner:` / `Deadline:` group). A deadline becomes `due` when it is a full date.
    static func groupingDetails(_ tasks: [(task: CorrectiveTask, location: SourceLocation, note: String?, doneNote: String?)])
        -> [(task: CorrectiveTask, location: SourceLocation, note: String?, doneNote: String?)] {
        var out: [(task: CorrectiveTask, location: SourceLocation, note: String?, doneNote: String?)] = []
        for t in tasks {
            if !out.isEmpty, let (label, value) = Outline.labelSplit(t.task.text), !value.isEmpty {
                let l = Meaning.normalizedWords(label).joined(separator: " ")
                if ownerLabels.contains(l) { out[out.count - 1].task.owner = value; continue }
                if dueLabels.contains(l) {
                    if let m = TimeScanner(value).moments().first, let d = m.date, let y = d.year, m.ambiguousDate == nil {
                        out[out.count - 1].task.due = String(format: "%04d-%02d-%02d", y, d.month, d.day)
                    }
                    continue
                }
            }
            out.append(t)
        }
        return out
    }

    static func owner(in text: String) -> (text: String, owner: String)? {
        let lower = text.lowercased()
        guard let r = lower.range(of: "owner:") else { return nil }
        let start = text.index(text.startIndex, offsetBy: lower.distance(from: lower.startIndex, to: r.lowerBound))
        let after = text.index(start, offsetBy: 6)
        var owner = text[after...].trimmingCharacters(in: .whitespaces)
        if let close = owner.firstIndex(of: ")") { owner = String(owner[..<close]) }
        var head = String(text[..<start]).trimmingCharacters(in: .whitespaces)
        while let c = head.last, "(—–-,;".contains(c) { head = String(head.dropLast()).trimmingCharacters(in: .whitespaces) }
        guard !owner.isEmpty, !head.isEmpty else { return nil }
        return (head, owner)
    }
}

extension PostmortemReader {
    // MARK: - Service

    static let serviceHeads: Set<String> = ["service", "services", "server", "servers", "website", "site", "application", "app",
                                            "api", "apis", "platform", "database", "system", "page", "cluster", "gateway",
                                            "portal", "infrastructure", "container", "balancer", "webserver", "webpage", "store",
                                            "process", "stack", "functionality", "feature", "network", "terminals", "relay",
                                            "queue", "pipeline", "cache", "email", "mail", "dns", "export", "login", "checkout",
                                            "dashboard", "endpoint", "backend", "frontend", "storage", "bucket", "search", "cdn"]
    static let serviceStops: Set<String> = ["the", "our", "a", "an", "their", "your", "its", "his", "her", "my", "was", "were",
                                            "is", "are", "of", "to", "on", "in", "for", "and", "or", "all", "every", "with", "that",
                                            "this", "these", "by", "from", "at", "as", "one", "some", "most", "entire", "whole",
                                            "when", "which", "while", "into", "onto", "whose", "many", "users", "customers", "it",
                                            "be", "been", "being", "had", "has", "have", "not", "no", "any", "down", "up", "using"]
    static let determiners: Set<String> = ["the", "our", "their", "your", "its", "my", "his", "her"]

    /// The service that was down: a `Service:` label, else the first “our/the … server /
    /// website / API / platform …” of the impact, the summary or the title.
    mutating func readService() {
        var places: [(String, SourceLocation)] = []
        if let i = draft.impact { places.append((i.value, i.location)) }
        // (Not the detection part: it names the monitoring, not what was down.)
        for s in summarySections where s.meaning != .detection {
            for f in outline.fields(s, splitOn: [.service, .rootCause, .impact]) {
                if f.meaning == .service, let l = f.lines.first, !l.text.isEmpty {
                    draft.service = Found(value: Prose.truncated(l.text, limit: 200), location: location(l.index), note: nil)
                    return
                }
                if f.meaning == .rootCause { continue }
                for l in f.lines { places.append((l.text, location(l.index))) }
            }
        }
        if let t = draft.title { places.append((t.value, t.location)) }
        for (text, loc) in places {
            guard let name = Self.serviceName(in: text) else { continue }
            let note = "from “\(name)”"
            draft.service = Found(value: Prose.capitalizedFirst(name), location: loc, note: note)
            rec.guess("service", note, rule: "import-guessed-service", at: loc)
            return
        }
    }

    /// "our internal email server" → "internal email server"; "the Mama Ines APIs" → "Mama Ines APIs".
    static func serviceName(in text: String) -> String? {
        // The service is named early in a paragraph when it is named at all.
        let raw = text.prefix(2_000).split(separator: " ").map(String.init)
        let strip = CharacterSet(charactersIn: ".:!?*_`'\"“”()[],;")
        let words = raw.map { $0.trimmingCharacters(in: strip) }
        for (h, w) in words.enumerated() {
            guard serviceHeads.contains(w.lowercased()) else { continue }
            // "Internal Server Error" names an error, not a service.
            if h + 1 < words.count, ["error", "errors", "fault"].contains(words[h + 1].lowercased()) { continue }
            var k = h
            var phrase = [w]
            // "cache cluster", "login service": a head word may name the kind of the next one.
            var e = h
            while e + 1 < words.count, phrase.count < 3, serviceHeads.contains(words[e + 1].lowercased()),
                  raw[e].last.map({ ",:;.!?)".contains($0) }) != true,
                  !(e + 2 < words.count && ["error", "errors"].contains(words[e + 2].lowercased())) {
                e += 1
                phrase.append(words[e])
            }
            while k > 0, phrase.count < 6 {
                let prev = words[k - 1], prevRaw = raw[k - 1]
                // A word ending a clause or a label (`Cause:`, `subnet,`) bounds the phrase.
                if prevRaw.last.map({ ",:;.!?)".contains($0) }) == true { break }
                let pl = prev.lowercased()
                if prev.isEmpty || serviceStops.contains(pl) || pl.hasSuffix("'s") || pl.hasSuffix("’s")
                    || prev.contains(where: { !$0.isLetter && !$0.isNumber && $0 != "-" && $0 != "/" && $0 != "." }) { break }
                phrase.insert(prev, at: 0)
                k -= 1
            }
            let before = k > 0 ? words[k - 1].lowercased() : ""
            // A bare head word ("server") counts only after "the", "our" or "the company's".
            if phrase.count == 1 && !determiners.contains(before) && !before.hasSuffix("'s") && !before.hasSuffix("’s") { continue }
            return phrase.joined(separator: " ")
        }
        return nil
    }
}
