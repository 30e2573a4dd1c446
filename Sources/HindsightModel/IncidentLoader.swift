import Foundation

/// The input kinds Hindsight reads.
public enum InputFormat: String, Sendable {
    case yaml, json, markdown

    /// From the file name's extension; nil when it says nothing (then the content decides:
    /// `InputKind.format`).
    public static func fromPath(_ path: String) -> InputFormat? {
        switch (path as NSString).pathExtension.lowercased() {
        case "yaml", "yml": return .yaml
        case "json": return .json
        case "md", "markdown": return .markdown
        default: return nil
        }
    }
}

public struct LoadResult: Sendable {
    public var incident: Incident?
    public var diagnostics: [Diagnostic]
    public var hasErrors: Bool { diagnostics.hasErrors || incident == nil }

    public init(incident: Incident?, diagnostics: [Diagnostic]) {
        self.incident = incident
        self.diagnostics = diagnostics
    }
}

extension LoadResult {
    /// For figures and reports: an incident with neither a start nor a timeline event has
    /// nothing to place on a time axis, which is an error (`nothing-to-draw`) here.
    public func drawable(file: String) -> LoadResult {
        guard let i = incident, !i.isDrawable else { return self }
        let at = i.locations["timeline"] ?? i.locations["title"] ?? .start
        return LoadResult(incident: nil, diagnostics: (diagnostics + [Diagnostic(
            file: file, location: at, severity: .error, rule: "nothing-to-draw",
            message: "nothing to draw: no outage start and no timeline event with a time; write the start (e.g. `Duration: April 18, 2024, 09:30 - 11:00 SAST` or `start: 2024-04-18 09:30`) or timed events (`- 09:30 - what happened`)")]).sortedByLocation())
    }
}

/// Bytes → validated `Incident` plus diagnostics. Pure: reads no files itself.
public enum IncidentLoader {
    /// `completeness` says whether a field the assignment requires may be missing (`.partial`,
    /// for drawing) or is an error (`.required`, for `check`).
    public static func load(bytes: [UInt8], file: String, format: InputFormat? = nil, totalSize: Int? = nil,
                            completeness: Completeness = .required) -> LoadResult {
        let text: String
        switch InputText.decode(bytes, file: file, totalSize: totalSize) {
        case .failure(let d): return LoadResult(incident: nil, diagnostics: [d])
        case .success(let t): text = t
        }
        let fmt = format ?? InputKind.format(name: file, bytes: bytes)
        let parsed: Result<SourceNode, Diagnostic>
        switch fmt {
        case .json: parsed = JSONReader.read(text, file: file)
        case .yaml: parsed = YAMLReader.read(text, file: file)
        case .markdown:
            // Markdown is imported by HindsightImport (`InputLoading.load`), which this module
            // cannot see.
            return LoadResult(incident: nil, diagnostics: [Diagnostic(
                file: file, location: .start, severity: .error, rule: "markdown-import",
                message: "a Markdown postmortem is read by `InputLoading.load` (HindsightImport), not `IncidentLoader`")])
        }
        switch parsed {
        case .failure(let d): return LoadResult(incident: nil, diagnostics: [d])
        case .success(let root):
            let (incident, diags) = IncidentDecoder.decode(root, file: file, completeness: completeness)
            return LoadResult(incident: incident, diagnostics: diags)
        }
    }

    public static func load(text: String, file: String, format: InputFormat? = nil, completeness: Completeness = .required) -> LoadResult {
        load(bytes: Array(text.utf8), file: file, format: format, completeness: completeness)
    }
}
