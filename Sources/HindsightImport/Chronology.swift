import Foundation
import HindsightModel

/// The calendar clock times are placed on: the incident's zone, the date of the start, and
/// what to assume when the author left something out.
struct Chronology {
    var zone: Zone
    var baseDate: DayDate
    var fallbackYear: Int
    /// Month-day pairs written unambiguously (`May the 4th`), to settle `05/04/2020`.
    var knownDays: Set<Int>
    /// The zone of timeline entries that name none (the timeline heading's, else the incident's).
    var timelineZone: Zone
    /// Zone most timeline entries name, when they name one; a different zone on one entry
    /// is checked against its neighbours.
    var prevailingEntryZone: Zone?
}

extension PostmortemReader {
    /// When no date is written anywhere, clock times are placed on this date, with a warning
    /// and a `# guessed:` note; it is deliberately far from any real incident.
    static let placeholderYear = 1970
    static let placeholderDate = DayDate(year: placeholderYear, month: 1, day: 1)
    /// Above this backwards jump, a clock time with no date is read as the next day.
    static let rolloverGap: Int64 = 6 * 3600
    static let zoneSearchLines = 2_000

    mutating func resolveCalendar(summary: SummaryFacts, timeline: TimelineFacts) -> Chronology {
        let all = summary.dates + timeline.dates
        var known = Set<Int>()
        for d in all where d.moment.ambiguousDate == nil { if let x = d.moment.date { known.insert(x.month * 100 + x.day) } }
        let yearFrom = all.first { $0.moment.date?.year != nil }
        let year = yearFrom?.moment.date?.year ?? Self.placeholderYear

        var base: SummaryFacts.Timed?
        for cand in [summary.start, summary.end, summary.dates.first, timeline.dates.first] {
            if let c = cand, c.moment.date != nil { base = c; break }
        }
        var chrono = Chronology(zone: Zone(written: "UTC", rule: .fixed(0)), baseDate: Self.placeholderDate, fallbackYear: year,
                                knownDays: known, timelineZone: Zone(written: "UTC", rule: .fixed(0)), prevailingEntryZone: nil)
        let anchor = summary.start?.index ?? timeline.entries.first?.index
        if let b = base {
            chrono.baseDate = settle(b.moment, index: b.index, chrono: chrono)
            if summary.start != nil && summary.start!.moment.date == nil {
                rec.guess("start", "date taken from “\(b.moment.evidence)”", rule: "import-date-from-context",
                          at: location(b.index, b.moment.evidence))
            }
        } else {
            let loc = anchor.map { location($0) } ?? .start
            draft.dateKnown = false
            rec.guess("start", "no date written: 1970-01-01 stands in for it; write the real date", rule: "import-no-date", at: loc, warning: true,
                      message: "no date is written anywhere; figures and the report show clock times only (write the date, e.g. `April 18, 2024, 09:30 SAST`)")
        }

        // The zone: beside the summary's times, elsewhere in the summary, the timeline's
        // heading, the timeline's entries, anywhere in the document; else UTC.
        var found: (zone: FoundZone, loc: SourceLocation, note: String?)?
        if let s = summary.start, let z = s.moment.zone { found = (z, location(s.index, s.moment.evidence), nil) }
        else if let e = summary.end, let z = e.moment.zone { found = (z, location(e.index, e.moment.evidence), nil) }
        else if let z = summary.zones.first { found = (z.zone, location(z.index, z.evidence), nil) }
        else if let z = timeline.zone { found = (z.zone, location(z.index, z.evidence), "from the timeline's heading") }
        var entryZones: [(FoundZone, Int)] = []
        for e in timeline.entries { if let z = e.moment?.zone { entryZones.append((z, e.index)) } }
        if let first = entryZones.first {
            let counts = Dictionary(grouping: entryZones, by: { $0.0.zone.rule }).mapValues(\.count)
            if let top = counts.max(by: { $0.value < $1.value }), top.value >= 2 || entryZones.count == 1 {
                chrono.prevailingEntryZone = entryZones.first { $0.0.zone.rule == top.key }?.0.zone
            }
            if found == nil {
                let z = entryZones.first { $0.0.zone.rule == chrono.prevailingEntryZone?.rule }?.0 ?? first.0
                found = (z, location(first.1), "from the timeline's times")
            }
        }
        if found == nil {
            // Anywhere else a time is written with a zone (the first lines suffice: a zone is
            // written near the top when it is written at all).
            for l in lines.indices.prefix(Self.zoneSearchLines) where lines[l].text.contains(where: \.isNumber) {
                if let m = TimeScanner(lines[l].text, maxTokens: 200).moments().first(where: { $0.zone != nil && $0.clock != nil }) {
                    found = (m.zone!, location(l, m.evidence), "from “\(m.evidence)”"); break
                }
            }
        }
        if let f = found {
            chrono.zone = f.zone.zone
            draft.zoneWritten = true
            if let bad = f.zone.correctedFrom {
                warnedZoneTypos.insert(bad)
                rec.guess("timezone", "“\(bad)” read as \(f.zone.zone.written)", rule: "import-zone-typo", at: f.loc, warning: true,
                          message: "unknown timezone “\(bad)”, read as \(f.zone.zone.written)")
            } else if let note = f.note {
                rec.guess("timezone", note, rule: "import-guessed-timezone", at: f.loc)
            }
        } else {
            let loc = anchor.map { location($0) } ?? .start
            rec.guess("timezone", "none written: assumed UTC", rule: "import-no-timezone", at: loc, warning: true,
                      message: "no timezone is written; times are read as UTC (write it beside the times, e.g. `09:30 SAST` or `14:00 UTC+1`)")
        }
        draft.zone = chrono.zone
        chrono.timelineZone = timeline.zone?.zone.zone ?? chrono.zone
        return chrono
    }

    /// The date a moment names, with the year and day/month order settled.
    mutating func settle(_ m: Moment, index: Int, chrono: Chronology) -> DayDate {
        guard var d = m.date else { return chrono.baseDate }
        if let alt = m.ambiguousDate {
            let altKnown = chrono.knownDays.contains(alt.month * 100 + alt.day)
            let mainKnown = chrono.knownDays.contains(d.month * 100 + d.day)
            if altKnown && !mainKnown { d = alt } else if !mainKnown {
                rec.warning("import-ambiguous-date", location(index, m.evidence),
                            "“\(m.evidence)” can be read either way; read as day/month (\(String(format: "%04d-%02d-%02d", d.year ?? chrono.fallbackYear, d.month, d.day))); write the month as a word to be sure")
            }
        }
        if d.year == nil {
            d.year = chrono.fallbackYear
            if !warnedNoYear {
                warnedNoYear = true
                let note = chrono.fallbackYear == Self.placeholderYear
                    ? "no year is written; dates are placed in the placeholder year 1970 (write the year, e.g. `April 18, 2024`)"
                    : "no year written for “\(m.evidence)”: \(chrono.fallbackYear), from another date in the postmortem"
                rec.warning("import-no-year", location(index, m.evidence), note)
            }
        }
        return d
    }

    static func wall(_ d: DayDate, _ c: Clock?) -> WallTime {
        WallTime(year: d.year ?? placeholderYear, month: d.month, day: d.day, hour: c?.hour ?? 0, minute: c?.minute ?? 0, second: c?.second ?? 0)
    }

    static func nextDay(_ d: DayDate) -> DayDate {
        let w = WallTime(secondsSinceEpoch: wall(d, nil).secondsAsIfUTC + 86400)
        return DayDate(year: w.year, month: w.month, day: w.day)
    }

    /// An instant shown on the incident's clock; `written` is the zone the author wrote beside it.
    func time(_ d: DayDate, _ c: Clock?, in zone: Zone, chrono: Chronology, dateWritten: Bool) -> IncidentTime {
        let w = Self.wall(d, c)
        let epoch = zone.instant(of: w)
        let syntax: TimeSyntax
        if zone.rule != chrono.zone.rule { syntax = .absolute(w, offset: zone.offset(at: epoch)) }
        else if dateWritten { syntax = .local(w) }
        else { syntax = .clock(hour: w.hour, minute: w.minute, second: w.second) }
        return IncidentTime(epoch: epoch, offset: chrono.zone.offset(at: epoch), syntax: syntax)
    }

    /// The instant `epoch` shown on the incident's clock.
    static func instant(_ epoch: Int64, chrono: Chronology) -> IncidentTime {
        let off = chrono.zone.offset(at: epoch)
        return IncidentTime(epoch: epoch, offset: off, syntax: .local(WallTime(secondsSinceEpoch: epoch + Int64(off))))
    }

    /// The outage window as the summary writes it.
    mutating func resolveWindow(summary: SummaryFacts, calendar chrono: Chronology) {
        guard let s = summary.start, let sc = s.moment.clock else { return }
        let sd = s.moment.date != nil ? settle(s.moment, index: s.index, chrono: chrono) : chrono.baseDate
        let start = time(sd, sc, in: s.moment.zone?.zone ?? chrono.zone, chrono: chrono, dateWritten: true)
        draft.start = Found(value: start, location: location(s.index, s.moment.evidence), note: rec.guesses["start"])
        draft.startInSummary = true
        if let e = summary.end, let ec = e.moment.clock {
            var ed = e.moment.date != nil ? settle(e.moment, index: e.index, chrono: chrono) : sd
            var end = time(ed, ec, in: e.moment.zone?.zone ?? chrono.zone, chrono: chrono, dateWritten: true)
            let loc = location(e.index, e.moment.evidence)
            if end.epoch <= start.epoch && (e.moment.date == nil || e.moment.dateBorrowed) {
                ed = Self.nextDay(ed)
                end = time(ed, ec, in: e.moment.zone?.zone ?? chrono.zone, chrono: chrono, dateWritten: true)
                rec.guess("end", "earlier clock time than the start: read as the next day", rule: "import-midnight-rollover", at: loc, warning: true)
            }
            draft.end = Found(value: end, location: loc, note: rec.guesses["end"])
            draft.endInSummary = true
        } else if let d = summary.duration {
            let end = Self.instant(start.epoch + Int64(d.seconds), chrono: chrono)
            let loc = location(d.index, d.evidence)
            let note = "start + \(d.evidence) (the written duration)"
            draft.end = Found(value: end, location: loc, note: note)
            draft.endInSummary = true
            rec.guess("end", note, rule: "import-end-from-duration", at: loc)
        }
    }
}
