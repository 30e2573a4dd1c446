import HindsightModel

/// One entry point for every input kind: YAML and JSON incidents, and Markdown postmortems
/// (imported on the fly by `MarkdownImporter`).
public enum InputLoading {
    /// The incident and its diagnostics, as `render`, `report`, `embed` and `export` see them:
    /// by default partial (a missing field the assignment requires is a warning, and the
    /// incident is drawn without it). A Markdown import's `info` diagnostics (values inferred
    /// rather than read) are included. A JSON status-page or on-call history (`HistoryImport`)
    /// is recognised by its content; `incidentID` chooses one of its incidents.
    public static func load(bytes: [UInt8], file: String, format: InputFormat? = nil, totalSize: Int? = nil,
                            completeness: Completeness = .partial, incidentID: String? = nil) -> LoadResult {
        let kind = format ?? sniff(bytes)
        if kind == .json, let history = HistoryImport.load(bytes: bytes, file: file, incidentID: incidentID, totalSize: totalSize) {
            return history
        }
        switch kind {
        case .markdown:
            let r = MarkdownImporter.importMarkdown(bytes: bytes, file: file, totalSize: totalSize, completeness: completeness)
            return LoadResult(incident: r.incident, diagnostics: r.diagnostics)
        case let f:
            return IncidentLoader.load(bytes: bytes, file: file, format: f, totalSize: totalSize, completeness: completeness)
        }
    }

    /// What `hindsight check` reports for a Markdown postmortem: the importer's findings plus
    /// the assignment's rules (`PostmortemLinter`). What the assignment requires and the
    /// importer could not find is an error (`import-missing-…`), as for a YAML incident; a
    /// lint warning that only repeats such an error is left out. Other import errors (the
    /// file reads, but not as a usable postmortem) stay errors too.
    public static func checkMarkdown(bytes: [UInt8], file: String, totalSize: Int? = nil) -> (imported: ImportResult, diagnostics: [Diagnostic]) {
        let imported = MarkdownImporter.importMarkdown(bytes: bytes, file: file, totalSize: totalSize, completeness: .required)
        // A file that could not be read at all has only the importer's error to say.
        var lint = imported.draft == nil ? [] : PostmortemLinter.lint(imported)
        let rules = Set(imported.diagnostics.filter { $0.severity == .error }.map(\.rule))
        let repeats: [String: [String]] = [
            "lint-duration": ["import-missing-start", "import-missing-end"],
            "lint-users-percent": ["import-missing-percent"],
            "lint-impact": ["import-missing-impact"],
            "lint-root-cause": ["import-missing-root-cause"],
            "lint-section-timeline": ["import-missing-section"],
            "lint-section-corrective": ["import-missing-section"],
        ]
        lint.removeAll { d in repeats[d.rule]?.contains(where: rules.contains) ?? false }
        return (imported, (imported.diagnostics + lint).sortedByLocation())
    }

    /// Importer errors that are input limits, not content gaps: `check` keeps them errors.
    static let inputLimitRules: Set<String> = ["import-too-many-events"]

    /// The format of an input whose name says nothing (standard input): JSON when it opens
    /// with `{` or `[`; Markdown when it has an ATX heading (`# `…`###### `) or a line opening
    /// in bold (`**Timeline**`), and none of the
    /// incident format's top-level keys (`title:`, `start:`, `timeline:`) at the line start;
    /// otherwise YAML. A YAML comment line looks like a heading, hence the second test.
    public static func sniff(_ bytes: [UInt8]) -> InputFormat {
        var firstMeaningful: UInt8?
        var heading = false, incidentKey = false
        var i = 0
        let n = min(bytes.count, InputLimits.maxBytes)
        // Skip a UTF-8 byte-order mark.
        if n >= 3 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF { i = 3 }
        while i < n {
            var end = i
            while end < n && bytes[end] != 0x0A { end += 1 }
            var k = i
            while k < end && (bytes[k] == 0x20 || bytes[k] == 0x09 || bytes[k] == 0x0D) { k += 1 }
            if k < end && firstMeaningful == nil { firstMeaningful = bytes[k] }
            if k == i && k < end {
                if bytes[k] == UInt8(ascii: "*") && k + 1 < end && bytes[k + 1] == UInt8(ascii: "*") {
                    heading = true  // `**Timeline**`: bold, which YAML could never start a line with
                } else if bytes[k] == UInt8(ascii: "#") {
                    var h = k
                    while h < end && bytes[h] == UInt8(ascii: "#") { h += 1 }
                    if h - k <= 6 && h < end && bytes[h] == 0x20 && h + 1 < end && bytes[h + 1] != 0x20 { heading = true }
                } else {
                    for key in ["title:", "start:", "timeline:"] where end - k >= key.utf8.count {
                        if zip(bytes[k..<(k + key.utf8.count)], key.utf8).allSatisfy({ $0 == $1 }) { incidentKey = true }
                    }
                }
            }
            i = end + 1
        }
        if firstMeaningful == UInt8(ascii: "{") || firstMeaningful == UInt8(ascii: "[") { return .json }
        return heading && !incidentKey ? .markdown : .yaml
    }
}
