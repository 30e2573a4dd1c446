import HindsightModel

/// Checks a Markdown postmortem against the assignment's rules (four sections, 400–600 words,
/// a summary with start, end, timezone, impact, share of users and root cause, a timeline
/// with times that covers detection to resolution, a concrete task list). Every finding is
/// a warning with a one-line hint (`hindsight check --strict` makes them fail), except a file
/// that cannot be read at all, which is an error.
public enum PostmortemLinter {
    public static let wordRange = 400...600

    public static func lint(bytes: [UInt8], file: String) -> [Diagnostic] {
        lint(MarkdownImporter.importMarkdown(bytes: bytes, file: file))
    }

    /// Lints what `MarkdownImporter` read, without parsing the file again.
    public static func lint(_ imported: ImportResult) -> [Diagnostic] {
        guard let d = imported.draft else { return imported.diagnostics.filter { $0.severity == .error } }
        var sink = DiagnosticSink(file: imported.file)
        let top = SourceLocation.start
        let summary = d.sectionLocations[.summary] ?? top

        if d.sectionLocations[.summary] == nil {
            sink.warning("lint-section-summary", top, "no Issue Summary section; add `## Issue Summary` with the duration, impact and root cause")
        }
        if d.sectionLocations[.timeline] == nil {
            sink.warning("lint-section-timeline", top, "no Timeline section; add `## Timeline` with `- 09:30 - what happened` bullets")
        }
        if d.sectionLocations[.rootCauseAndResolution] == nil && d.sectionLocations[.rootCause] == nil && d.sectionLocations[.resolution] == nil {
            sink.warning("lint-section-root-cause", top, "no Root cause and resolution section; add `## Root cause and resolution` explaining the cause and the fix in detail")
        }
        if d.sectionLocations[.corrective] == nil {
            sink.warning("lint-section-corrective", top, "no Corrective and preventative measures section; add it with broad improvements and a task list")
        }
        if !wordRange.contains(d.wordCount) {
            sink.warning("lint-word-count", top, "\(d.wordCount) words; the assignment asks for \(wordRange.lowerBound)–\(wordRange.upperBound) (\(d.wordCount < wordRange.lowerBound ? "say more" : "cut it down"))")
        }
        if !d.startInSummary || !d.endInSummary {
            let what = !d.startInSummary && !d.endInSummary ? "start and end" : !d.startInSummary ? "start" : "end"
            sink.warning("lint-duration", d.start?.location ?? summary, "the summary gives no outage \(what); write both, e.g. `Duration: April 18, 2024, 09:30 - 11:00 SAST`")
        }
        if !d.zoneWritten {
            sink.warning("lint-timezone", d.start?.location ?? summary, "no timezone beside the times; write one, e.g. `09:30 SAST` or `14:00 UTC+1`")
        }
        if d.impact == nil {
            sink.warning("lint-impact", summary, "the summary does not say what users experienced; add an `Impact:` line (what was down or slow, what users saw)")
        }
        if d.percent == nil {
            sink.warning("lint-users-percent", d.impact?.location ?? summary, "the summary does not say how many users were affected; give a percentage, e.g. “about 30% of users”")
        }
        if !d.rootCauseInSummary {
            sink.warning("lint-root-cause", summary, "the summary does not state the root cause; add a one-sentence `Root cause:` line")
        }

        if let tl = d.timelineLocation ?? d.sectionLocations[.timeline] {
            let untimed = d.events.filter { !$0.timed }
            if d.timelineEntries > 0 && d.timedEntries == 0 {
                sink.warning("lint-timeline-times", tl, "no timeline entry carries a time; start each with one, e.g. `- 09:30 - Alert fired`")
            } else {
                for e in untimed {
                    sink.warning("lint-timeline-times", e.location, "timeline entry without a time; start it with one, e.g. `10:15 - ...`")
                }
            }
            let kinds = Set(d.events.map(\.kind))
            if !kinds.contains(.detected) {
                sink.warning("lint-timeline-detection", tl, "the timeline does not say when the issue was detected; add e.g. `- 09:30 - Alert fired for ...`")
            } else if !d.events.contains(where: { $0.kind == .detected && $0.via != nil }) {
                sink.warning("lint-timeline-detection-method", tl, "the timeline does not say how the issue was detected (monitoring alert, an engineer, a customer complaint)")
            }
            if kinds.isDisjoint(with: [.action, .investigation, .mitigated, .identified]) {
                sink.warning("lint-timeline-actions", tl, "the timeline lists no actions taken; say what was investigated and what was assumed")
            }
            if !kinds.contains(.misleading) {
                sink.warning("lint-timeline-misleading", tl, "the timeline mentions no misleading path; say which assumption or check led nowhere")
            }
            if !kinds.contains(.escalated) {
                sink.warning("lint-timeline-escalation", tl, "the timeline does not say whom the incident was escalated to; add e.g. `- 10:20 - Escalated to the database team`")
            }
            if !kinds.contains(.resolved) {
                sink.warning("lint-timeline-resolution", tl, "the timeline does not say how the incident was resolved; end it with the fix and the time service was restored")
            }
        }
        if d.tasks.isEmpty {
            sink.warning("lint-task-list", d.correctiveLocation ?? top, "no concrete task list; add TODO-style items such as `- [ ] Add monitoring on server memory`")
        }
        return sink.diagnostics.sortedByLocation()
    }
}
