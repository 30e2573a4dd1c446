import Foundation
import HindsightModel

/// Times, zones and durations written in the summary, before they are resolved to instants.
struct SummaryFacts {
    struct Timed {
        var moment: Moment
        /// Index into `Outline.lines`.
        var index: Int
    }
    var start: Timed?
    var end: Timed?
    var duration: (seconds: Int, index: Int, evidence: String)?
    /// Every date written in the summary, in order.
    var dates: [Timed] = []
    /// Zones written in the summary apart from any time (`Duration (all times UTC)`).
    var zones: [(zone: FoundZone, index: Int, evidence: String)] = []
}

extension PostmortemReader {
    static let startWords: Set<String> = ["start", "started", "starting", "began", "begin", "beginning", "since", "commenced", "occurred", "onset", "from"]
    static let endWords: Set<String> = ["end", "ended", "ending", "until", "till", "resolved", "restored", "fixed", "recovered", "closed", "lasted"]

    static let impactWords = ["user", "customer", "client", "affect", "impact", "down", "unavailable", "inaccessible", "unable",
                              "error", "slow", "outage", "fail", "experienc", "could not", "couldn't", "cannot", "can't",
                              "disrupt", "degrad", "latency", "timeout", "time out", "lost", "locked out", "unresponsive",
                              "500", "502", "503", "crash", "delay", "inaccessib", "broken", "visitor"]
    static let causeWords = ["root cause", "caused by", "due to", "stemmed from", "stems from", "triggered by", "the cause",
                             "because of", "traced to", "resulted from", "was caused", "culprit", "the reason"]

    /// Bytes of summary text read for facts.
    static let summaryBudget = 32_000

    mutating func readSummary() -> SummaryFacts {
        var facts = SummaryFacts()
        let titleLine = draft.title.flatMap { t in lines.firstIndex { $0.line == t.location.line } }
        struct Candidate { var timed: SummaryFacts.Timed; var role: Int /* 1 start, 2 end */; var partner: Int? }
        var cands: [Candidate] = []
        var impactFields: [Field] = [], causeFields: [Field] = [], percentLines: [Field.Line] = []
        var prose: [Field.Line] = []
        var durations: [(seconds: Int, index: Int, evidence: String, labelled: Bool)] = []
        var bestPercent: (score: Int, percent: TimeScanner.Percent, index: Int)?
        let splitOn: Set<Meaning> = [.impact, .duration, .start, .end, .timezone, .usersAffected, .service, .rootCause, .detection, .summary]

        // The summary's facts are in its first paragraphs; a summary of megabytes (a pasted log,
        // a hostile file) is read only so far, which keeps every phrase search below cheap.
        var budget = Self.summaryBudget
        for section in summarySections {
            // A heading such as `# DNS Outage of 2 May 2024` dates the incident.
            if let h = section.heading {
                let sc = TimeScanner(lines[h].heading?.label ?? lines[h].text)
                for m in sc.moments() where m.date != nil && m.clock == nil { facts.dates.append(.init(moment: m, index: h)) }
            }
            for var field in outline.fields(section, splitOn: splitOn) {
                // The title line (a short first line) is not part of the summary's text.
                field.lines.removeAll { $0.index == titleLine }
                var kept = 0
                while kept < field.lines.count && budget > 0 { budget -= field.lines[kept].text.utf8.count; kept += 1 }
                field.lines.removeSubrange(kept...)
                switch field.meaning {
                case .impact?: impactFields.append(field); percentLines += field.lines
                case .usersAffected?: percentLines += field.lines
                case .rootCause?: causeFields.append(field)
                case .service?: break
                default: prose += field.lines; percentLines += field.lines
                }
                for (n, line) in field.lines.enumerated() {
                    let sc = TimeScanner(line.text)
                    let ms = sc.moments()
                    var firstClock = true
                    for (k, m) in ms.enumerated() {
                        if m.date != nil { facts.dates.append(.init(moment: m, index: line.index)) }
                        guard m.clock != nil else { continue }
                        var role = 0
                        if firstClock && n == 0 && field.meaning == .start { role = 1 }
                        if firstClock && n == 0 && field.meaning == .end { role = 2 }
                        firstClock = false
                        if role == 0 {
                            let before = (max(0, m.first - 3)..<m.first).compactMap { sc.t[$0]?.lower }
                            if before.contains(where: Self.endWords.contains) { role = 2 }
                            else if before.contains(where: Self.startWords.contains) { role = 1 }
                        }
                        var cand = Candidate(timed: .init(moment: m, index: line.index), role: role, partner: nil)
                        // "A - B": the second end is the partner of the first.
                        if k > 0, sc.isRange(ms[k - 1], m), let prev = cands.indices.last, cands[prev].timed.index == line.index {
                            cands[prev].partner = cands.count
                            cand.partner = prev
                            if cand.role == 0 || cand.role == 1 { cand.role = 2 }
                        }
                        cands.append(cand)
                    }
                    // A date written alone in the line belongs to its times ("On 05/04/2020 from 8.35 AM to 8.55 AM").
                    if let d = ms.first(where: { $0.date != nil }) {
                        for k in cands.indices where cands[k].timed.index == line.index && cands[k].timed.moment.date == nil {
                            cands[k].timed.moment.date = d.date
                            cands[k].timed.moment.ambiguousDate = d.ambiguousDate
                            cands[k].timed.moment.dateBorrowed = true
                        }
                    }
                    if let z = ms.last(where: { $0.zone != nil })?.zone ?? sc.zones().first?.zone {
                        for k in cands.indices where cands[k].timed.index == line.index && cands[k].timed.moment.zone == nil {
                            cands[k].timed.moment.zone = z
                        }
                    }
                    for (z, tok) in sc.zones() { facts.zones.append((z, line.index, sc.t.list[tok].text)) }
                    for d in sc.durations() { durations.append((d.seconds, line.index, d.evidence, field.meaning == .duration)) }
                    if field.meaning != .rootCause && field.meaning != .service {
                        for p in sc.percents() {
                            // The words around it (not the whole line, which may be long).
                            let context = sc.t.text(max(0, p.token - 12), min(sc.t.count, p.end + 12))
                            let score = Self.percentScore(p, line: context) + (field.meaning == .usersAffected ? 4 : 0)
                            if bestPercent == nil || score > bestPercent!.score { bestPercent = (score, p, line.index) }
                        }
                    }
                }
            }
        }

        if let d = durations.first(where: \.labelled) ?? durations.first { facts.duration = (d.seconds, d.index, d.evidence) }

        // The window: written start and end, else a range, else the first time.
        let startIdx = cands.firstIndex { $0.role == 1 } ?? cands.firstIndex { $0.partner != nil } ?? cands.indices.first
        if let s = startIdx {
            var start = cands[s].timed
            var end: SummaryFacts.Timed?
            if let p = cands[s].partner, p > s { end = cands[p].timed }
            else if let e = cands[(s + 1)...].firstIndex(where: { $0.role == 2 }) { end = cands[e].timed }
            if var e = end {
                // Each end lends the other its zone: `10:45 AM - 12:15 PM (WAT)`; the end lends
                // the start its date: `9:00 to 11:00 on May 2`.
                if start.moment.zone == nil { start.moment.zone = e.moment.zone }
                if e.moment.zone == nil { e.moment.zone = start.moment.zone }
                // (An end without a date takes the start's when it is resolved, so that
                // `10 PM - 2 AM` can roll over midnight.)
                if start.moment.date == nil {
                    start.moment.date = e.moment.date; start.moment.ambiguousDate = e.moment.ambiguousDate
                    start.moment.dateBorrowed = true
                }
                end = e
            }
            facts.start = start
            facts.end = end
        }

        readImpact(impactFields: impactFields, prose: outline.paragraphs(prose))
        readSummaryCause(causeFields: causeFields, prose: outline.paragraphs(prose))
        if let (_, p, index) = bestPercent {
            let loc = location(index, p.evidence)
            let usersWord = p.following.contains { Self.userWords.contains($0) }
            let note: String? = usersWord ? nil : "read from “\(p.evidence) \(p.following.prefix(3).joined(separator: " "))”, not said to be users"
            draft.percent = Found(value: p.value, location: loc, note: note)
            if let note { rec.guess("impact.users_affected_percent", note, rule: "import-guessed-percent", at: loc, warning: true) }
        } else if let (value, index, evidence) = allUsersPhrase(percentLines) {
            let loc = location(index, evidence)
            draft.percent = Found(value: value, location: loc, note: "from “\(evidence)”")
            rec.guess("impact.users_affected_percent", "from “\(evidence)”", rule: "import-guessed-percent", at: loc)
        }
        return facts
    }

    static let userWords: Set<String> = ["users", "user", "customers", "customer", "clients", "client", "userbase", "visitors",
                                         "staff", "employees", "members", "traffic", "requests", "accounts", "players", "base"]

    /// How likely a percentage is the share of users affected: `30% of our users` scores
    /// highest, a percentage of requests or transactions lower, `20% drop` lowest.
    static func percentScore(_ p: TimeScanner.Percent, line: String) -> Int {
        var score = 0
        let next = p.following.prefix(4)
        if next.contains(where: { ["users", "user", "customers", "customer", "clients", "userbase", "visitors", "staff", "employees", "members", "accounts", "players"].contains($0) }) || (next.contains("user") && next.contains("base")) { score += 6 }
        else if next.contains(where: { ["traffic", "requests", "transactions", "queries", "service", "services", "sessions"].contains($0) }) { score += 3 }
        let lower = line.lowercased()
        if Prose.contains(["affect", "impact", "experienc", "unable", "could not", "couldn't", "locked out", "disrupt"], in: lower) { score += 2 }
        if Prose.contains(["drop", "decrease", "increase", "faster", "cpu", "memory", "disk"], in: next.joined(separator: " ")) { score -= 4 }
        return score
    }

    /// "all users", "every customer", "all of our users" → 100; "half of all visitors" → 50.
    func allUsersPhrase(_ lines: [Field.Line]) -> (Double, Int, String)? {
        let groups = ["users", "customers", "clients", "visitors", "user base", "userbase"]
        for l in lines {
            let lower = l.text.lowercased()
            // "half of all visitors" before "all visitors".
            for (share, lead) in [(50.0, ["half of all", "half of our", "half of the", "half of", "half the"]),
                                  (100.0, ["all", "all of our", "all of the", "all our", "all the", "every", "entire", "whole"])] {
                let phrases = lead.flatMap { l in groups.map { "\(l) \($0)" } } + (share == 100 ? ["every user", "every customer"] : [])
                if let (p, _) = Prose.find(phrases, in: lower) { return (share, l.index, p) }
            }
        }
        return nil
    }

    mutating func readImpact(impactFields: [Field], prose: [Field.Line]) {
        if let f = impactFields.first(where: { !$0.lines.isEmpty }) {
            let loc = location(f.lines[0].index)
            draft.impact = Found(value: capped(f.text, "impact.summary", loc), location: loc, note: nil)
            return
        }
        var picked: [String] = []
        var at: Int?
        for l in prose {
            for s in Prose.sentences(l.text) where picked.count < 4 {
                let lower = s.lowercased()
                guard Prose.contains(Self.impactWords, in: lower), !Prose.contains(Self.causeWords, in: lower) else { continue }
                picked.append(s)
                if at == nil { at = l.index }
            }
        }
        guard let at, !picked.isEmpty else { return }
        let loc = location(at)
        draft.impact = Found(value: capped(picked.joined(separator: " "), "impact.summary", loc), location: loc, note: "sentences of the summary about users and service")
        rec.guess("impact.summary", "sentences of the summary about users and service", rule: "import-guessed-impact", at: loc)
    }

    mutating func readSummaryCause(causeFields: [Field], prose: [Field.Line]) {
        if let f = causeFields.first(where: { !$0.lines.isEmpty }) {
            let loc = location(f.lines[0].index)
            draft.rootCause = Found(value: capped(f.text, "root_cause", loc), location: loc, note: nil)
            draft.rootCauseInSummary = true
            return
        }
        for l in prose {
            for sentence in Prose.sentences(l.text) where Prose.contains(Self.causeWords, in: sentence.lowercased()) {
                let loc = location(l.index)
                // "Root cause: a typo" → "a typo"
                var s = sentence
                if let (label, value) = Outline.labelSplit(s), Meaning.of(label) == .rootCause, !value.isEmpty { s = Prose.capitalizedFirst(value) }
                draft.rootCause = Found(value: capped(s, "root_cause", loc), location: loc, note: "the summary's sentence naming the cause")
                rec.guess("root_cause", "the summary's sentence naming the cause", rule: "import-guessed-root-cause", at: loc)
                draft.rootCauseInSummary = true
                return
            }
        }
    }

    /// The text trimmed; longer than a field may hold, cut with a warning.
    mutating func capped(_ raw: String, _ path: String, _ loc: SourceLocation) -> String {
        let text = raw.trimmingCharacters(in: .whitespaces)
        guard text.count > InputLimits.maxTextLength else { return text }
        rec.warning("import-text-truncated", loc, "`\(path)` is \(text.count) characters; cut to \(InputLimits.maxTextLength)")
        return Prose.truncated(text, limit: InputLimits.maxTextLength)
    }
}
