import Foundation
@testable import HindsightModel

/// A small valid incident in YAML, with fields to override.
func incidentYAML(timezone: String? = "UTC", start: String = "2025-01-10 10:00", end: String = "2025-01-10 11:00",
                  events: [(String, String)] = [("10:00", "detected"), ("10:30", "resolved")], extra: String = "") -> String {
    var s = "title: T\nservice: S\n"
    if let timezone { s += "timezone: \(timezone)\n" }
    s += "start: \(start)\nend: \(end)\nimpact:\n  summary: x\n  users_affected_percent: 10\nroot_cause: r\ntimeline:\n"
    for (at, kind) in events { s += "  - at: \"\(at)\"\n    kind: \(kind)\n    text: t\n" }
    s += "resolution: r\ncorrective:\n  improvements: [i]\n  tasks: [t]\n" + extra
    return s
}

func load(_ yaml: String) -> LoadResult { IncidentLoader.load(text: yaml, file: "t.yaml", format: .yaml) }
