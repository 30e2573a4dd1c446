import Foundation

/// What an input file is, decided here and only here: by its name's extension, then by its
/// content. `InputFormat` is the syntax it is written in (what `IncidentLoader` parses);
/// a JSON file is further a format-v1 incident or an incident history kept by another tool.
public enum InputKind: String, Sendable, CaseIterable {
    case yaml, json, markdown
    /// A Statuspage-style `incidents.json`.
    case statusPage
    /// A PagerDuty-style log-entries export.
    case pagerDuty

    /// The syntax the input is written in.
    public var format: InputFormat {
        switch self {
        case .yaml: return .yaml
        case .markdown: return .markdown
        case .json, .statusPage, .pagerDuty: return .json
        }
    }

    /// How messages name an incident history of this kind.
    public var name: String {
        switch self {
        case .yaml: return "YAML incident"
        case .json: return "JSON incident"
        case .markdown: return "Markdown postmortem"
        case .statusPage: return "status page"
        case .pagerDuty: return "PagerDuty log"
        }
    }

    /// The kind of an input named `name` (a path, or nil for standard input) holding `bytes`.
    /// `format`, when the caller already knows the syntax, stands for the name. A JSON input
    /// is a history when its content says so (never its name), else a format-v1 incident.
    public static func of(name: String?, bytes: [UInt8], format: InputFormat? = nil) -> InputKind {
        switch format ?? self.format(name: name, bytes: bytes) {
        case .yaml: return .yaml
        case .markdown: return .markdown
        case .json:
            guard case .success(let text) = InputText.decode(bytes, file: name ?? "<stdin>"),
                  case .success(let root) = JSONReader.read(text, file: name ?? "<stdin>") else { return .json }
            return history(root) ?? .json
        }
    }

    /// The syntax of an input: by the name's extension (`.yaml`/`.yml`, `.json`, `.md`/
    /// `.markdown`), else by content (`sniff`).
    public static func format(name: String?, bytes: [UInt8]) -> InputFormat {
        name.flatMap(InputFormat.fromPath) ?? sniff(bytes)
    }

    /// The syntax of an input whose name says nothing (standard input): JSON when it opens
    /// with `{` or `[`; Markdown when it has an ATX heading (`# `…`###### `) or a line opening
    /// in bold (`**Timeline**`), and none of the incident format's top-level keys (`title:`,
    /// `start:`, `timeline:`) at the line start; otherwise YAML. A YAML comment line looks
    /// like a heading, hence the second test.
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

    /// The kind of history a JSON document holds, or nil for anything else (an incident of
    /// format v1, or JSON that is neither: the v1 decoder then says what it expected).
    /// - `{"log_entries": [...]}`, or a list of objects whose `type` ends in `_log_entry`:
    ///   PagerDuty.
    /// - `{"incidents": [...]}`, `{"incident": {...}}`, one incident object with
    ///   `incident_updates`, or a list of such objects: Statuspage.
    static func history(_ root: SourceNode) -> InputKind? {
        switch root.value {
        case .mapping:
            if root["log_entries"] != nil { return .pagerDuty }
            if root["incident_updates"] != nil || root["incidents"] != nil { return .statusPage }
            if let one = root["incident"], one["incident_updates"] != nil { return .statusPage }
            return nil
        case .sequence(let items):
            guard let first = items.first else { return nil }
            if first["incident_updates"] != nil { return .statusPage }
            if let type = first["type"]?.scalarText, type.hasSuffix("_log_entry") { return .pagerDuty }
            return nil
        case .scalar, .null:
            return nil
        }
    }
}
