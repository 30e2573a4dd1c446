import HindsightModel

/// One entry point for every input kind (`InputKind`): YAML and JSON incidents, Markdown
/// postmortems (imported on the fly by `MarkdownImporter`) and incident histories
/// (`HistoryImport`).
public enum InputLoading {
    /// The incident and its diagnostics, as `render`, `report`, `embed` and `export` see them:
    /// by default partial (a missing field the assignment requires is a warning, and the
    /// incident is drawn without it). A Markdown import's `info` diagnostics (values inferred
    /// rather than read) are included. A JSON status-page or on-call history (`HistoryImport`)
    /// is recognised by its content; `incidentID` chooses one of its incidents.
    public static func load(bytes: [UInt8], file: String, format: InputFormat? = nil, totalSize: Int? = nil,
                            completeness: Completeness = .partial, incidentID: String? = nil) -> LoadResult {
        let kind = InputKind.of(name: file, bytes: bytes, format: format)
        switch kind {
        case .markdown:
            let r = MarkdownImporter.importMarkdown(bytes: bytes, file: file, totalSize: totalSize, completeness: completeness)
            return LoadResult(incident: r.incident, diagnostics: r.diagnostics)
        case .statusPage, .pagerDuty:
            return HistoryImport.load(bytes: bytes, file: file, kind: kind, incidentID: incidentID, totalSize: totalSize)
        case .yaml, .json:
            return IncidentLoader.load(bytes: bytes, file: file, format: kind.format, totalSize: totalSize, completeness: completeness)
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
}
