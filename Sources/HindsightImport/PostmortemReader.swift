import Foundation
import HindsightModel

/// What the importer read from a postmortem, field by field, before it becomes an
/// `Incident`; the linter checks the same reading.
struct Draft: Sendable {
    struct Event: Sendable {
        var at: IncidentTime
        var kind: EventKind
        var text: String
        var via: DetectionMethod?
        var to: String?
        var location: SourceLocation
        /// The entry carried its own time of day.
        var timed: Bool
    }

    var title: Found<String>?
    var emoji: String?
    var service: Found<String>?
    var zone: Zone?
    /// Some calendar date is written (else the times sit on a stand-in date).
    var dateKnown = true
    /// A timezone was written (not assumed).
    var zoneWritten = false
    var start: Found<IncidentTime>?
    var end: Found<IncidentTime>?
    /// The summary writes the start, and the end (or a duration).
    var startInSummary = false, endInSummary = false
    var impact: Found<String>?
    var percent: Found<Double>?
    var rootCause: Found<String>?
    /// The summary states the root cause (not only the root cause section).
    var rootCauseInSummary = false
    var rootCauseDetail: String?
    var resolution: Found<String>?
    var events: [Event] = []
    /// Entries read under the timeline heading (events, before any were dropped), and how
    /// many of them carry a time of day.
    var timelineEntries = 0, timedEntries = 0
    var timelineLocation: SourceLocation?
    var improvements: [String] = []
    var tasks: [CorrectiveTask] = []
    var correctiveLocation: SourceLocation?
    /// The first heading of each of the assignment's sections, by meaning.
    var sectionLocations: [Meaning: SourceLocation] = [:]
    var wordCount = 0
}

/// Reads a parsed postmortem into a `Draft`, recording every inference.
struct PostmortemReader {
    let outline: Outline
    var rec: Recorder
    var draft = Draft()
    /// Said once per file: a missing year, and each misspelt zone.
    var warnedNoYear = false
    var warnedZoneTypos = Set<String>()

    init(outline: Outline, file: String) {
        self.outline = outline
        rec = Recorder(file: file)
    }

    var lines: [DocLine] { outline.lines }

    /// Reads everything, in an order where each step can use the ones before.
    mutating func read() {
        draft.wordCount = outline.doc.wordCount
        for s in outline.sections {
            guard let h = s.heading, draft.sectionLocations[s.meaning] == nil else { continue }
            draft.sectionLocations[s.meaning] = outline.location(lines[h])
        }
        readTitle()
        let summary = readSummary()
        let timeline = readTimelineEntries()
        let chrono = resolveCalendar(summary: summary, timeline: timeline)
        resolveWindow(summary: summary, calendar: chrono)
        resolveEvents(timeline, calendar: chrono)
        readCauseAndResolution()
        readCorrective()
        readService()
    }

    // MARK: - Sections

    static let summaryFamily: Set<Meaning> = [.summary, .impact, .duration, .start, .end, .timezone, .usersAffected, .service, .detection, .rootCause]

    /// The sections that describe the incident as a whole: the summary and its parts, and any
    /// untitled text before the timeline (the preamble or the title's own paragraph).
    var summarySections: [Section] {
        let firstBody = outline.sections.firstIndex { [.timeline, .rootCauseAndResolution, .corrective].contains($0.meaning) } ?? outline.sections.count
        // After the timeline, only a first part not written before it (`## Impact` placed
        // last); a second summary is a copy (students often paste two versions).
        var seen = Set(outline.sections.prefix(firstBody).map(\.meaning))
        return outline.sections.enumerated().filter { (k, s) in
            if k < firstBody { return Self.summaryFamily.contains(s.meaning) || s.meaning == .other }
            guard Self.summaryFamily.contains(s.meaning), s.meaning != .rootCause, s.meaning != .detection else { return false }
            return seen.insert(s.meaning).inserted
        }.map(\.1)
    }

    func location(_ index: Int, _ needle: String? = nil) -> SourceLocation { outline.location(lines[index], needle) }

    // MARK: - Title

    /// The first `#` heading that is not a section name; else the first heading before the
    /// first section; else a short first line; else none.
    mutating func readTitle() {
        let firstSection = outline.sections.first { $0.meaning != .other }?.heading ?? lines.count
        func isName(_ h: HeadingInfo) -> Bool { h.meaning == .other || h.meaning == nil }
        if let i = lines.firstIndex(where: { $0.heading?.level == 1 && $0.heading?.item == nil && isName($0.heading!) }) {
            setTitle(lines[i].text, index: i, note: nil)
            return
        }
        if let i = lines[..<firstSection].firstIndex(where: { l in
            guard let h = l.heading, h.item == nil, isName(h) else { return false }
            return !l.text.hasSuffix(":")
        }) {
            setTitle(lines[i].text, index: i, note: "the first heading (no `#` title)")
            return
        }
        // A short first line before any section reads as a title.
        if let first = lines.first, first.heading == nil, Words.count(first.text) <= 12, !first.text.hasSuffix("."), firstSection > 0 {
            setTitle(first.text, index: 0, note: "the first line (no `#` title)")
            return
        }
        // No title: left unknown (figures show “Untitled postmortem”), never the file name.
    }

    mutating func setTitle(_ raw: String, index: Int, note: String?) {
        var emoji: Character?
        var kept = ""
        for ch in raw {
            if Self.isEmoji(ch) { if emoji == nil { emoji = ch } } else { kept.append(ch) }
        }
        let title = Clean.text(String(Clean.trimTrailing(Substring(kept.replacingOccurrences(of: "`", with: "")))))
        guard !title.isEmpty else { return }
        let loc = location(index)
        draft.title = Found(value: title, location: loc, note: note)
        if let note { rec.guess("title", note, rule: "import-guessed-title", at: loc) }
        if let emoji {
            draft.emoji = String(emoji)
            rec.guess("emoji", "from the title", rule: "import-guessed-emoji", at: location(index, String(emoji)))
        }
    }

    static func isEmoji(_ ch: Character) -> Bool {
        guard let u = ch.unicodeScalars.first else { return false }
        return u.properties.isEmojiPresentation || (u.properties.isEmoji && u.value > 0x2100 && ch.unicodeScalars.count > 1)
            || (0x1F000...0x1FAFF).contains(u.value)
    }
}
