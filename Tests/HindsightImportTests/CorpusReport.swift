import Foundation
import Testing
import HindsightModel
@testable import HindsightImport

/// Runs the importer and the linter over every `.md` file of a folder and prints a table.
/// Skipped unless `HINDSIGHT_CORPUS` names the folder (see `scripts/corpus-report.sh`);
/// `HINDSIGHT_CORPUS_VERBOSE=1` also prints each file's reading and diagnostics, and
/// `HINDSIGHT_CORPUS_OUT` names a file to write the report to.
@Suite struct CorpusReport {
    static let environment = ProcessInfo.processInfo.environment
    static let folder = environment["HINDSIGHT_CORPUS"]
    static let verbose = environment["HINDSIGHT_CORPUS_VERBOSE"] == "1"

    @Test(.enabled(if: folder != nil)) func corpusReport() throws {
        let dir = URL(fileURLWithPath: Self.folder!)
        let names = try FileManager.default.contentsOfDirectory(atPath: dir.path).filter { $0.hasSuffix(".md") && $0 != "README.md" }.sorted()
        var rows: [[String]] = [["file", "result", "events", "bullets", "start", "end", "tz", "%", "lint", "ms (debug)"]]
        var complete = 0, crashedOrSilent = 0, placeholder = 0
        var verbose = ""
        for name in names {
            let bytes = Array(try Data(contentsOf: dir.appendingPathComponent(name)))
            let clock = ContinuousClock()
            var r: ImportResult!
            var lint: [Diagnostic] = []
            let elapsed = clock.measure {
                r = MarkdownImporter.importMarkdown(bytes: bytes, file: name)
                lint = PostmortemLinter.lint(r)
            }
            let d = r.draft
            let bullets = TimelineCount.entries(in: String(decoding: bytes, as: UTF8.self))
            let events = d?.events.count ?? 0
            let firstError = r.diagnostics.first { $0.severity == .error }
            if r.incident == nil && firstError == nil { crashedOrSilent += 1 }
            let result = r.incident != nil ? "OK" : (firstError.map { "\($0.rule)@\($0.location.line)" } ?? "NO RESULT")
            let hasAll = d?.start != nil && d?.end != nil && events > 0 && events >= bullets
            if hasAll { complete += 1 }
            if r.guesses["start"]?.contains("placeholder") == true { placeholder += 1 }
            func yn(_ b: Bool) -> String { b ? "y" : "n" }
            rows.append([name, result, "\(events)", "\(bullets)", yn(d?.start != nil), yn(d?.end != nil), yn(d?.zoneWritten == true),
                         yn(d?.percent != nil), "\(lint.filter { $0.severity == .warning }.count)",
                         String(format: "%.1f", Double(elapsed.components.attoseconds) / 1e15 + Double(elapsed.components.seconds) * 1000)])
            if Self.verbose {
                verbose += "\n== \(name)\n"
                if let d {
                    verbose += "title: \(d.title?.value ?? "-") | service: \(d.service?.value ?? "-") | zone: \(d.zone?.written ?? "-")\n"
                    verbose += "start: \(d.start?.value.iso8601 ?? "-")  end: \(d.end?.value.iso8601 ?? "-")  percent: \(d.percent.map { "\($0.value)" } ?? "-")\n"
                    verbose += "impact: \(d.impact?.value.prefix(100) ?? "-")\nroot cause: \(d.rootCause?.value.prefix(100) ?? "-")\nresolution: \(d.resolution?.value.prefix(100) ?? "-")\n"
                    for e in d.events { verbose += "  \(e.at.iso8601) \(e.kind.rawValue)\(e.via.map { "/\($0.rawValue)" } ?? "")\(e.to.map { " →\($0)" } ?? "") \(e.text.prefix(70))\n" }
                    verbose += "improvements: \(d.improvements.count) \(d.improvements.map { String($0.prefix(30)) })\ntasks: \(d.tasks.map { String($0.text.prefix(30)) + ($0.done ? "✓" : "") })\n"
                }
                for x in r.diagnostics where x.severity != .info { verbose += "  \(x.text)\n" }
                for x in lint { verbose += "  \(x.text)\n" }
            }
        }
        let widths = rows[0].indices.map { c in rows.map { $0[c].count }.max() ?? 0 }
        var table = ""
        for row in rows {
            table += row.enumerated().map { $0.element.padding(toLength: widths[$0.offset], withPad: " ", startingAt: 0) }.joined(separator: "  ") + "\n"
        }
        let pct = names.isEmpty ? 0 : Double(complete) * 100 / Double(names.count)
        table += String(format: "\n%d files; %d (%.0f%%) imported with start, end and all timeline events; %d imported as a valid incident; %d without a result or an error; %d on the placeholder date\n",
                        names.count, complete, pct, rows.dropFirst().filter { $0[1] == "OK" }.count, crashedOrSilent, placeholder)
        let report = Self.verbose ? verbose + "\n" + table : table
        print(report)
        if let out = Self.environment["HINDSIGHT_CORPUS_OUT"] { try report.write(toFile: out, atomically: true, encoding: .utf8) }
        #expect(crashedOrSilent == 0)
    }
}

/// Counts timeline entries straight from the Markdown text, independently of the importer:
/// list items, table rows and time-led lines between a heading naming the timeline and the
/// next heading of the same or a higher level (or the next of the assignment's sections).
/// Items that are only a label (`- **Detection:**`) or only a time are not entries.
enum TimelineCount {
    static let sectionNames = ["summary", "overview", "root cause", "resolution", "corrective", "prevent", "action items", "lessons", "conclusion"]

    static func headingLevel(_ line: String) -> Int? {
        let t = line.trimmingCharacters(in: .whitespaces)
        if t.hasPrefix("#") { return t.prefix { $0 == "#" }.count }
        if t.lowercased().hasPrefix("<h"), let d = t.dropFirst(2).first, let n = d.wholeNumberValue { return n }
        return nil
    }

    /// Lowercased letters and spaces, without parentheses, tags, entities and `:shortcodes:`.
    static func plain(_ line: String) -> String {
        line.replacingOccurrences(of: #"\([^)]*\)|<[^>]+>|&\w+;|:[a-z_]+:"#, with: " ", options: .regularExpression)
            .lowercased().filter { $0.isLetter || $0 == " " }.trimmingCharacters(in: .whitespaces)
    }

    static let time = #"\d{1,2}([:.h]\s?\d{2}|\s?[ap]\.?m)"#
    static let datePrefix = #"(on |at |by )?(([a-z]+,? )?([a-z]+\.? \d{1,2}[a-z]*,? \d{4}|\d{4}-\d{2}-\d{2}|\d{1,2}/\d{1,2}(/\d{2,4})?),? )?"#

    static func entries(in text: String) -> Int {
        let lines = text.components(separatedBy: "\n")
        guard let start = lines.firstIndex(where: { l in
            let p = plain(l)
            return (p.hasPrefix("timeline") || p.hasPrefix("chronology") || p.hasPrefix("sequence of events")) && p.count < 60
        }) else { return 0 }
        let level = headingLevel(lines[start]) ?? 7
        var count = 0
        for (k, l) in lines.enumerated() where k > start {
            let t = l.trimmingCharacters(in: .whitespaces)
            if let lv = headingLevel(t), lv <= level { break }
            let p = plain(t)
            if p.count < 50, sectionNames.contains(where: { p.hasPrefix($0) }), !t.hasPrefix("-"), !t.hasPrefix("* ") { break }
            if t.hasPrefix("|") {
                let next = k + 1 < lines.count ? lines[k + 1] : ""
                let isDelimiter = t.allSatisfy { "|-: ".contains($0) }
                let isHeader = next.trimmingCharacters(in: .whitespaces).allSatisfy { "|-: ".contains($0) } && next.contains("-")
                if !isDelimiter && !isHeader && t.contains(where: { $0.isLetter || $0.isNumber }) { count += 1 }
                continue
            }
            let body = t.replacingOccurrences(of: #"<[^>]+>|&\w+;|:[a-z_]+:|\*\*|__"#, with: "", options: .regularExpression)
            let isItem = t.range(of: #"^([-*+]|\d+[.)])\s+\S"#, options: .regularExpression) != nil
            let itemText = body.replacingOccurrences(of: #"^([-*+]|\d+[.)])\s+"#, with: "", options: .regularExpression)
            let labelOnly = itemText.trimmingCharacters(in: .whitespaces).hasSuffix(":")
            // What is left once a leading label and every date or time word are taken out.
            let words = itemText.replacingOccurrences(of: #"^[A-Za-z ]{1,30}:"#, with: "", options: .regularExpression)
                .replacingOccurrences(of: #"(?i)\b(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\b|\b[ap]\.?m\b|\b[A-Z]{2,5}\b|\d+(st|nd|rd|th)?"#, with: "", options: .regularExpression)
                .filter { $0.isLetter }
            let timeLed = body.range(of: "^[^A-Za-z0-9]*" + datePrefix + time, options: [.regularExpression, .caseInsensitive]) != nil
            if isItem && !labelOnly && !words.isEmpty || !isItem && timeLed { count += 1 }
        }
        return count
    }
}
