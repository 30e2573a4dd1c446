import CCmark
import Foundation
import HindsightModel

/// The outcome of importing one Markdown postmortem.
public struct ImportResult: Sendable {
    /// The incident read: with `.required`, only when every field the assignment requires was
    /// found; with `.partial`, also without them (nil only for a file that cannot be read).
    public var incident: Incident?
    /// Errors for what is missing, warnings and infos for what was inferred, each at the
    /// Markdown line and column of its evidence; sorted by position.
    public var diagnostics: [Diagnostic]
    /// Field path (`start`, `timezone`, `timeline[3].kind`, `corrective.tasks[0].done`) →
    /// short note of how the value was inferred. Fields absent here were written plainly.
    public var guesses: [String: String]
    /// The file name diagnostics carry.
    var file: String
    /// The reading behind the incident, shared with the linter.
    var draft: Draft?

    public var hasErrors: Bool { incident == nil || diagnostics.hasErrors }

    /// The normalized incident as YAML (the fields of `IncidentExport.json`), with a
    /// `# missing: …` line for each field the assignment requires that was not found and a
    /// `# guessed: …` comment on each line whose value was inferred.
    public func exportYAML() throws -> String {
        guard let incident else { throw ImportError.incomplete(diagnostics.filter { $0.severity == .error }) }
        var out = "# Imported from a Markdown postmortem. `# guessed:` marks values the importer inferred; check them.\n"
        out += IncidentExport.missingComments(incident)
        ImportYAML.emit(IncidentExport.json(incident), path: "", indent: 0, guesses: guesses, into: &out)
        return out
    }
}

public enum ImportError: Error, CustomStringConvertible, Sendable {
    /// The postmortem lacks required fields; the errors name them.
    case incomplete([Diagnostic])

    public var description: String {
        switch self {
        case .incomplete(let d):
            return "the postmortem could not be imported: " + d.map(\.message).joined(separator: "; ")
        }
    }
}

/// Markdown postmortem (the ALX/Holberton assignment's shape, written any which way) →
/// `Incident` of format v1, with diagnostics for everything missing or inferred.
public enum MarkdownImporter {
    /// The cmark-gfm version this build links.
    public static var cmarkVersion: String { String(cString: cmark_version_string()) }

    /// Largest Markdown file imported: 4 MiB (`InputLimits.maxBytes`); a postmortem is a few KiB.
    public static let maxBytes = InputLimits.maxBytes

    /// `totalSize` is the file's real size when `bytes` holds only its first `maxBytes + 1`
    /// (as `InputText.decode` takes it).
    /// `completeness` says whether a field the assignment requires may be missing (`.partial`:
    /// a warning, and the incident is made without it) or is an error (`.required`).
    public static func importMarkdown(bytes: [UInt8], file: String, totalSize: Int? = nil, completeness: Completeness = .required) -> ImportResult {
        var rec = Recorder(file: file)
        guard let outline = parse(bytes: bytes, file: file, totalSize: totalSize, rec: &rec) else {
            return ImportResult(incident: nil, diagnostics: rec.sink.diagnostics, guesses: [:], file: file, draft: nil)
        }
        var reader = PostmortemReader(outline: outline, file: file)
        reader.rec.sink = rec.sink
        reader.read()
        let incident = assemble(&reader, completeness: completeness)
        let diags = reader.rec.sink.diagnostics.sortedByLocation()
        return ImportResult(incident: diags.hasErrors ? nil : incident, diagnostics: diags, guesses: reader.rec.guesses, file: file, draft: reader.draft)
    }

    public static func importMarkdown(text: String, file: String, completeness: Completeness = .required) -> ImportResult {
        importMarkdown(bytes: Array(text.utf8), file: file, completeness: completeness)
    }

    /// Decodes and parses; nil (with an error recorded) when the file is not Markdown text.
    static func parse(bytes: [UInt8], file: String, totalSize: Int?, rec: inout Recorder) -> Outline? {
        let text: String
        switch InputText.decode(bytes, file: file, maxBytes: maxBytes, totalSize: totalSize) {
        case .failure(let d): appendDiagnostic(d, to: &rec); return nil
        case .success(let t): text = withoutEmbeddedBlocks(t)
        }
        if text.allSatisfy({ $0.isWhitespace }) {
            rec.error("input-empty", .start, "file is empty: expected a Markdown postmortem (Issue Summary, Timeline, Root cause and resolution, Corrective and preventative measures)")
            return nil
        }
        guard let doc = MarkdownDocument(text: text) else {
            rec.error("import-parse", .start, "the Markdown parser could not read this file")
            return nil
        }
        if let line = doc.tablesDisabledAt {
            rec.warning("import-tables-ignored", SourceLocation(line: line, column: 1), "tables longer than \(MarkdownDocument.maxTableLines) lines or wider than \(MarkdownDocument.maxTableColumns) columns are read as plain text")
        }
        return Outline(doc)
    }

    /// The text with every block that `hindsight embed` manages (from a line holding
    /// `<!-- hindsight:begin -->` to the line holding `<!-- hindsight:end -->`) blanked, line
    /// breaks kept so positions stay right: a README that is its own incident (`embed README.md
    /// --incident README.md`) must read the same after its figures or report were embedded.
    static func withoutEmbeddedBlocks(_ text: String) -> String {
        let begin = "<!-- hindsight:begin -->", end = "<!-- hindsight:end -->"
        guard text.contains(begin) else { return text }
        var out = ""
        out.reserveCapacity(text.utf8.count)
        var inside = false
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            if !inside && line.contains(begin) {
                inside = !line.contains(end)
                out += "\n"
            } else if inside {
                if line.contains(end) { inside = false }
                out += "\n"
            } else {
                out += line + "\n"
            }
        }
        out.removeLast()
        // A begin marker never closed is not an embedded block: read the text as written.
        return inside ? text : out
    }

    private static func appendDiagnostic(_ d: Diagnostic, to rec: inout Recorder) {
        switch d.severity {
        case .error: rec.error(d.rule, d.location, d.message)
        case .warning: rec.warning(d.rule, d.location, d.message)
        case .info: rec.info(d.rule, d.location, d.message)
        }
    }

    /// Builds the incident from the reading; reports each field the assignment requires that
    /// is missing (an error for `check`, a warning when the incident may be partial).
    static func assemble(_ reader: inout PostmortemReader, completeness: Completeness) -> Incident? {
        let d = reader.draft
        let summaryLoc = d.sectionLocations[.summary] ?? .start
        func missing(_ rule: String, _ loc: SourceLocation, _ message: String) {
            switch completeness {
            case .required: reader.rec.error(rule, loc, message)
            case .partial: reader.rec.warning(rule, loc, message)
            }
        }

        if d.title == nil {
            missing("import-missing-title", .start, "no title: start the postmortem with a `# Title` heading")
        }
        if d.service == nil {
            missing("import-missing-service", d.impact?.location ?? summaryLoc, "no service named: say what was down or slow (e.g. “our internal email server was unresponsive”)")
        }
        if d.start == nil {
            missing("import-missing-start", summaryLoc, "no outage start found: write the start and end with a timezone in the summary (e.g. `Duration: April 18, 2024, 09:30 - 11:00 SAST`)")
        }
        if d.start != nil && d.end == nil {
            missing("import-missing-end", d.start!.location, "no outage end found: write when the outage ended (e.g. `09:30 - 11:00 SAST`) or how long it lasted (`2 hours`)")
        }
        var end = d.end
        if let s = d.start, let e = d.end, e.value.epoch <= s.value.epoch {
            missing("import-window", e.location, "the outage ends (\(e.value.iso8601)) no later than it starts (\(s.value.iso8601)); the end is left out")
            end = nil
        }
        if d.impact == nil { missing("import-missing-impact", summaryLoc, "no impact found: say what users experienced (an `Impact:` line in the summary)") }
        if d.percent == nil { missing("import-missing-percent", d.impact?.location ?? summaryLoc, "no share of users affected: write it as a percentage (e.g. “about 30% of users”)") }
        if d.rootCause == nil { missing("import-missing-root-cause", summaryLoc, "no root cause found: add a `Root cause:` line to the summary or a “Root cause and resolution” section") }
        if d.resolution == nil {
            missing("import-missing-resolution", d.sectionLocations[.rootCauseAndResolution] ?? summaryLoc,
                    "no resolution found: explain how the issue was fixed under “Root cause and resolution”")
        }
        if d.timelineLocation == nil && reader.outline.sections(.timeline).isEmpty {
            missing("import-missing-section", .start, "no Timeline section: add `## Timeline` with `- 09:30 - what happened` bullets")
        } else if d.events.isEmpty {
            missing("import-missing-section", d.timelineLocation ?? .start, "the Timeline section has no entries that can be placed in time: write `- 09:30 - what happened` bullets")
        }
        let hasCorrective = d.correctiveLocation != nil || !reader.outline.sections(.corrective).isEmpty
        if !hasCorrective {
            missing("import-missing-section", .start, "no “Corrective and preventative measures” section: add it with the improvements and a task list")
        }
        var locations: [String: SourceLocation] = [:]
        locations["title"] = d.title?.location
        locations["service"] = d.service?.location
        locations["start"] = d.start?.location
        locations["end"] = end?.location
        locations["impact.summary"] = d.impact?.location
        locations["impact.users_affected_percent"] = d.percent?.location
        locations["root_cause"] = d.rootCause?.location
        locations["resolution"] = d.resolution?.location
        if let t = d.timelineLocation { locations["timeline"] = t }
        if let c = d.correctiveLocation { locations["corrective"] = c }
        for (k, e) in d.events.enumerated() { locations["timeline[\(k)]"] = e.location }
        return Incident(
            title: d.title?.value, emoji: d.emoji, service: d.service?.value, zone: d.zone, start: d.start?.value, end: end?.value,
            impact: Impact(summary: d.impact?.value, usersAffectedPercent: d.percent?.value), rootCause: d.rootCause?.value,
            rootCauseDetail: d.rootCauseDetail, resolution: d.resolution?.value,
            timeline: d.events.map { Event(at: $0.at, kind: $0.kind, text: $0.text, via: $0.via, to: $0.to, timeGuessed: !$0.timed) },
            corrective: hasCorrective ? Corrective(improvements: d.improvements, tasks: d.tasks) : nil, locations: locations,
            dateKnown: d.dateKnown)
    }
}

/// YAML for the export: every string double-quoted (JSON escapes are valid YAML), one value
/// per line so a `# guessed:` comment can sit beside it.
enum ImportYAML {
    static func emit(_ v: JSONValue, path: String, indent: Int, guesses: [String: String], into out: inout String) {
        let pad = String(repeating: "  ", count: indent)
        switch v {
        case .object(let pairs):
            for (k, value) in pairs {
                let p = path.isEmpty ? k : "\(path).\(k)"
                switch value {
                case .object(let inner) where !inner.isEmpty:
                    out += "\(pad)\(k):\(comment(guesses[p]))\n"
                    emit(value, path: p, indent: indent + 1, guesses: guesses, into: &out)
                case .array(let items) where !items.isEmpty:
                    out += "\(pad)\(k):\(comment(guesses[p]))\n"
                    emit(value, path: p, indent: indent, guesses: guesses, into: &out)
                default:
                    out += "\(pad)\(k): \(scalar(value))\(comment(guesses[p]))\n"
                }
            }
        case .array(let items):
            for (i, item) in items.enumerated() {
                let p = "\(path)[\(i)]"
                switch item {
                case .object(let pairs) where !pairs.isEmpty:
                    // The object one level in, its first line sharing the dash.
                    var body = ""
                    emit(item, path: p, indent: indent + 1, guesses: guesses, into: &body)
                    var firstLine = body.prefix { $0 != "\n" }
                    if let note = guesses[p], !firstLine.contains("  # guessed:") { firstLine += comment(note) }
                    out += "\(pad)- " + firstLine.dropFirst(pad.count + 2) + body.drop { $0 != "\n" }
                default:
                    out += "\(pad)- \(scalar(item))\(comment(guesses[p]))\n"
                }
            }
        default:
            out += "\(pad)\(scalar(v))\n"
        }
    }

    static func scalar(_ v: JSONValue) -> String {
        switch v {
        case .array: return "[]"
        case .object: return "{}"
        default: return v.serialized()
        }
    }

    static func comment(_ note: String?) -> String {
        guard let note else { return "" }
        return "  # guessed: " + note.replacingOccurrences(of: "\n", with: " ")
    }
}
