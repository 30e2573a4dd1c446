import Foundation
import HindsightModel

extension PostmortemReader {
    /// One timeline entry on its way to an event.
    private struct Placed {
        var entry: TimelineEntry
        var epoch: Int64?
        var dateWritten = false
        var zone: Zone?
        var wall: WallTime?
        var kind: EventClassifier.Result
        /// Notes on how the time was inferred: (note, rule, evidence, warning).
        var timeNotes: [(String, String, String?, Bool)] = []
    }

    /// Kinds a reader would agree with: one resolution, the last of the fixes. Every
    /// `resolved` before the last fix (`mitigated` or `resolved`) is a mitigation, and when
    /// the last fix is a mitigation after a `resolved`, it is the resolution.
    static func oneResolution(_ kinds: [EventKind]) -> [EventKind] {
        guard kinds.contains(.resolved), let lastFix = kinds.lastIndex(where: { $0 == .resolved || $0 == .mitigated }) else { return kinds }
        var out = kinds
        for k in out.indices where out[k] == .resolved && k != lastFix { out[k] = .mitigated }
        out[lastFix] = .resolved
        return out
    }

    /// Places every timeline entry in time and infers its kind, then fits the outage window
    /// around the events (widening it, with a warning, where they fall outside).
    mutating func resolveEvents(_ tl: TimelineFacts, calendar chrono: Chronology) {
        guard tl.section != nil else { return }
        if tl.entries.count > InputLimits.maxEvents {
            rec.error("import-too-many-events", draft.timelineLocation ?? .start,
                      "the timeline has more than \(InputLimits.maxEvents) entries, the limit")
            return
        }
        var placed: [Placed] = tl.entries.map {
            Placed(entry: $0, kind: EventClassifier.classify($0.text, hint: $0.hint, isLastUnderHint: $0.lastInGroup))
        }
        var curDate = chrono.baseDate
        var lastContext: Int?
        var previous: Int64?
        let startEpoch = draft.start?.value.epoch

        // Pass 1: entries that carry a time.
        for k in placed.indices {
            let e = placed[k].entry
            if let ctx = e.dateContext, ctx.index != lastContext {
                curDate = settle(ctx.moment, index: ctx.index, chrono: chrono)
                lastContext = ctx.index
            }
            guard let m = e.moment else { continue }
            let own = m.zone?.zone
            var zone = own ?? chrono.timelineZone
            if let bad = m.zone?.correctedFrom {
                placed[k].timeNotes.append(("unknown timezone “\(bad)” read as \(m.zone!.zone.written)", "import-zone-typo", bad, true))
            }
            var date = curDate
            if m.date != nil {
                date = settle(m, index: e.index, chrono: chrono)
                curDate = date
                placed[k].dateWritten = true
            }
            guard let clock = m.clock else {
                // A date without a time of day: the start of that day, or the event before.
                let dayStart = zone.instant(of: Self.wall(date, nil))
                let at = max(dayStart, previous ?? startEpoch ?? dayStart)
                placed[k].epoch = at
                placed[k].zone = zone
                placed[k].timeNotes.append(("only a date is written: placed at \(at == dayStart ? "the start of that day" : "the event before it")", "import-no-time", m.evidence, true))
                previous = placed[k].epoch
                continue
            }
            var epoch = zone.instant(of: Self.wall(date, clock))
            // One entry naming a different zone than its neighbours is usually a slip: keep
            // the neighbours' zone when the written one would put it out of order.
            if let own, case let prevailing = chrono.prevailingEntryZone ?? chrono.timelineZone, own.rule != prevailing.rule {
                let alt = prevailing.instant(of: Self.wall(date, clock))
                let next = placed[(k + 1)...].first { $0.entry.moment?.clock != nil }?.entry.moment
                let nextEpoch = next.flatMap { n in n.clock.map { prevailing.instant(of: Self.wall(n.date.map { DayDate(year: $0.year ?? date.year, month: $0.month, day: $0.day) } ?? date, $0)) } }
                let ownFits = (previous.map { epoch >= $0 } ?? true) && (nextEpoch.map { epoch <= $0 } ?? true)
                let altFits = (previous.map { alt >= $0 } ?? true) && (nextEpoch.map { alt <= $0 } ?? true)
                if !ownFits && altFits {
                    placed[k].timeNotes.append(("written in \(m.zone!.zone.written) unlike the events around it; read in \(prevailing.written)", "import-zone-conflict", m.zone!.zone.written, true))
                    zone = prevailing; epoch = alt
                }
            }
            // Clock times only: a big step back is the next day.
            if m.date == nil, let ref = previous ?? startEpoch, epoch < ref, ref - epoch > Self.rolloverGap {
                date = Self.nextDay(date)
                curDate = date
                epoch = zone.instant(of: Self.wall(date, clock))
                placed[k].timeNotes.append(("earlier clock time than the event before: read as the next day (\(Self.wall(date, nil).dateText))", "import-midnight-rollover", m.evidence, true))
            }
            if e.momentInText {
                placed[k].timeNotes.append(("time taken from “\(m.evidence)” in the text", "import-time-in-text", m.evidence, false))
            }
            placed[k].epoch = epoch
            placed[k].zone = zone
            placed[k].wall = Self.wall(date, clock)
            previous = epoch
        }

        // The window, where the summary left it open: from the timed events.
        let timed = placed.compactMap(\.epoch)
        if draft.start == nil, let first = timed.min() {
            let k = placed.firstIndex { $0.epoch == first }!
            let loc = location(placed[k].entry.index, placed[k].entry.moment?.evidence)
            draft.start = Found(value: Self.instant(first, chrono: chrono), location: loc, note: "the first timeline event (the summary gives no start)")
            rec.guess("start", "the first timeline event (the summary gives no start)", rule: "import-guessed-start", at: loc, warning: true)
        }
        // The end only from an entry that says service came back.
        if draft.end == nil, let last = timed.max(), let s = draft.start, last > s.value.epoch,
           let k = placed.lastIndex(where: { $0.epoch == last }), placed[k].kind.kind == .resolved {
            let loc = location(placed[k].entry.index, placed[k].entry.moment?.evidence)
            draft.end = Found(value: Self.instant(last, chrono: chrono), location: loc, note: "the timeline's last event, the resolution (the summary gives no end)")
            rec.guess("end", "the timeline's last event, the resolution (the summary gives no end)", rule: "import-guessed-end", at: loc, warning: true)
        }

        // Pass 2: entries without a time follow the event before them (or the start); a
        // closing resolution entry takes the end.
        let lastTimed = placed.lastIndex { $0.epoch != nil }
        var before = draft.start?.value.epoch
        for k in placed.indices {
            if let ep = placed[k].epoch { before = ep; continue }
            let closing = placed[k].kind.kind == .resolved && (lastTimed.map { k > $0 } ?? true)
            if closing, let end = draft.end?.value.epoch {
                placed[k].epoch = max(end, before ?? end)
                placed[k].timeNotes.append(("no time written: placed at the end of the outage", "import-no-time", nil, true))
            } else if let b = before {
                placed[k].epoch = b
                placed[k].timeNotes.append(("no time written: placed at \(k == 0 || before == draft.start?.value.epoch ? "the start" : "the event before it")", "import-no-time", nil, true))
            }
            before = placed[k].epoch ?? before
        }

        // Events in time order (stable), then the window around them.
        var ordered = placed.enumerated().filter { $0.element.epoch != nil }
            .sorted { ($0.element.epoch!, $0.offset) < ($1.element.epoch!, $1.offset) }
        let coherent = Self.oneResolution(ordered.map(\.element.kind.kind))
        var rekinded = Set<Int>()
        for (k, kind) in coherent.enumerated() where kind != ordered[k].element.kind.kind {
            ordered[k].element.kind.kind = kind
            rekinded.insert(k)
        }
        var moved = Set<Int>()
        var maxSoFar = Int.min
        for (pos, item) in ordered.enumerated() {
            if item.offset < maxSoFar { moved.insert(pos) }
            maxSoFar = max(maxSoFar, item.offset)
        }
        // Events outside the written window stay where they were written (a trigger before
        // the outage, a follow-up after it); the window is what the author wrote.
        if let s = draft.start, let first = ordered.first?.element, let ep = first.epoch, ep < s.value.epoch {
            rec.warning("import-event-outside-window", location(first.entry.index, first.entry.moment?.evidence),
                        "the timeline starts (\(Self.instant(ep, chrono: chrono).wall.clockText)) before the written start (\(s.value.wall.clockText)); the start is kept as written")
        }
        if let e = draft.end, let last = ordered.last?.element, let ep = last.epoch, ep > e.value.epoch {
            rec.warning("import-event-outside-window", location(last.entry.index, last.entry.moment?.evidence),
                        "the timeline goes on (\(Self.instant(ep, chrono: chrono).wall.clockText)) after the written end (\(e.value.wall.clockText)); the end is kept as written")
        }

        for (pos, item) in ordered.enumerated() {
            let p = item.element
            let e = p.entry
            let path = "timeline[\(pos)]"
            let epoch = p.epoch!
            var at = Self.instant(epoch, chrono: chrono)
            if let w = p.wall, let z = p.zone {
                at.syntax = z.rule != chrono.zone.rule ? .absolute(w, offset: z.offset(at: epoch)) : p.dateWritten ? .local(w) : .clock(hour: w.hour, minute: w.minute, second: w.second)
            }
            let entryLoc = location(e.index, e.moment?.evidence)
            for (note, rule, evidence, warning) in p.timeNotes {
                if rule == "import-zone-typo", let typo = evidence, !warnedZoneTypos.insert(typo).inserted {
                    rec.guesses["\(path).at"] = note
                    continue
                }
                rec.guess("\(path).at", note, rule: rule, at: location(e.index, evidence), warning: warning, message: "\(path) “\(Prose.truncated(e.text, limit: 40))”: \(note)")
            }
            if moved.contains(pos) {
                rec.warning("import-event-order", entryLoc, "\(path) “\(Prose.truncated(e.text, limit: 40))” is earlier than the entry written before it; events are put in time order")
            }
            let r = p.kind
            if rekinded.contains(pos) {
                rec.guess("\(path).kind", "one resolution, the last fix: read as `\(r.kind.rawValue)`", rule: "import-kind-order", at: entryLoc,
                          message: "\(path) read as `\(r.kind.rawValue)`: an incident is resolved once, after it is mitigated")
            } else if let ev = r.evidence {
                rec.guess("\(path).kind", "from “\(ev)”", rule: "import-guessed-kind", at: location(e.index, ev),
                          message: "\(path) read as `\(r.kind.rawValue)` from “\(ev)”")
            } else if r.fromLabel, let h = e.hint {
                rec.guess("\(path).kind", "from the \(h.rawValue) label it is listed under", rule: "import-guessed-kind", at: entryLoc,
                          message: "\(path) read as `\(r.kind.rawValue)` from the label it is listed under")
            } else {
                rec.guesses["\(path).kind"] = "no telling words: the default `action`"
            }
            if let v = r.via {
                rec.guess("\(path).via", "from “\(r.viaEvidence ?? v.rawValue)”", rule: "import-guessed-via", at: location(e.index, r.viaEvidence))
            }
            if let t = r.to {
                rec.guess("\(path).to", "from “\(t)”", rule: "import-guessed-to", at: location(e.index, t))
            }
            let text = capped(e.text, "\(path).text", entryLoc)
            draft.events.append(Draft.Event(at: at, kind: r.kind, text: text, via: r.via, to: r.to, location: entryLoc, timed: e.moment?.clock != nil))
        }
        let dropped = placed.count - ordered.count
        if dropped > 0 {
            rec.warning("import-no-time", draft.timelineLocation ?? .start, "\(dropped) timeline entries have no time and nothing to place them by; they are left out")
        }
    }
}
