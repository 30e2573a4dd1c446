import CCmark
import HindsightModel

/// Markdown postmortem → `Incident` plus diagnostics. (Being built.)
public enum MarkdownImporter {
    /// The cmark-gfm version this build links.
    public static var cmarkVersion: String { String(cString: cmark_version_string()) }
}
