/// Incident format v1, declared once: the fields of each mapping, which of them the
/// assignment requires, and what to write for each. The decoder reads by these lists, the
/// schema's `required` lists and the export's `# missing:` comments come from them, and
/// `FormatV1Tests` checks the schema and the template against them.
public enum FormatV1 {
    public static let topLevelFields = [
        "title", "emoji", "service", "severity", "timezone", "start", "end", "impact",
        "root_cause", "root_cause_detail", "timeline", "resolution", "corrective", "authors", "tagline", "humor",
    ]
    /// Written by `hindsight export` and recomputed from the times when read back: accepted
    /// (so an export reads back without warnings) and otherwise ignored.
    public static let derivedFields = ["duration_minutes", "metrics"]
    public static let impactFields = ["summary", "users_affected_percent", "services", "series", "components"]
    public static let componentFields = ["name", "intervals"]
    public static let intervalFields = ["from", "to", "status"]
    public static let seriesFields = ["name", "unit", "points"]
    public static let pointFields = ["at", "value"]
    public static let eventFields = ["at", "kind", "text", "via", "to", "guessed"]
    public static let correctiveFields = ["improvements", "tasks"]
    public static let taskFields = ["text", "owner", "due", "done"]

    /// The fields the assignment requires, in the order of the format, with what to write.
    /// An incident without one is still drawn (the field shown as unknown); `check` reports
    /// each as an error.
    public static let required: [(path: String, hint: String)] = [
        ("title", "the postmortem's headline, e.g. `title: The Day the Emails Stood Still`"),
        ("service", "the service that was down or slow, e.g. `service: Internal email server`"),
        ("start", "when the outage began, e.g. `start: 2024-04-18 09:30`"),
        ("end", "when the outage ended, e.g. `end: 2024-04-18 11:00`"),
        ("impact", "a mapping with `summary` (what users experienced) and `users_affected_percent`"),
        ("impact.summary", "what users experienced"),
        ("impact.users_affected_percent", "the share of users affected, a number from 0 to 100"),
        ("root_cause", "a short statement of what caused the outage"),
        ("timeline", "a list of events, each `- at: \"09:30\"` with `kind` and `text`"),
        ("resolution", "how the issue was fixed, in detail"),
        ("corrective", "a mapping with `improvements` (broad fixes) and `tasks` (a concrete to-do list)"),
        ("corrective.improvements", "a list of the broad things to improve"),
        ("corrective.tasks", "a list of concrete tasks, e.g. `- Add a health probe for the mail service`"),
    ]

    /// What to write for the required field `path`.
    public static func hint(_ path: String) -> String {
        required.first { $0.path == path }?.hint ?? ""
    }

    /// The required fields directly inside the mapping at `path` ("" for the top level).
    public static func requiredKeys(in path: String) -> [String] {
        required.compactMap { r in
            let parts = r.path.split(separator: ".").map(String.init)
            let parent = parts.dropLast().joined(separator: ".")
            return parent == path ? parts.last : nil
        }
    }
}

/// How a field the assignment requires is reported when it is absent.
public enum Completeness: Sendable {
    /// `check`: an error (exit 1), and no incident.
    case required
    /// `render`, `report`, `export`: a warning; the incident is drawn with the field unknown,
    /// as long as it has a start or a timeline event to draw.
    case partial
}
