/// JSON Schema (2020-12) of incident format v1, printed by `hindsight schema`. Editors use it
/// for completion and inline checks; Hindsight's own validator is stricter (time order,
/// window, zones) and gives positions.
public enum IncidentSchema {
    static let time: JSONValue = .object([
        ("type", .string("string")),
        ("description", .string("HH:MM[:SS] on the start's date, YYYY-MM-DD HH:MM[:SS] in `timezone`, or ISO 8601 with an offset")),
        ("pattern", .string(#"^(\d{4}-\d{2}-\d{2}[T ])?\d{1,2}:\d{2}(:\d{2})?(Z|[+-]\d{2}(:?\d{2})?)?$"#)),
    ])
    static let text: JSONValue = .object([("type", .string("string")), ("minLength", .int(1))])
    static func list(_ items: JSONValue) -> JSONValue { .object([("type", .string("array")), ("items", items)]) }
    static func object(_ props: [(String, JSONValue)], required: [String]) -> JSONValue {
        .object([
            ("type", .string("object")),
            ("properties", .object(props)),
            ("required", .array(required.map(JSONValue.string))),
            ("additionalProperties", .bool(false)),
        ])
    }
    static func described(_ v: JSONValue, _ d: String) -> JSONValue {
        guard case .object(var pairs) = v else { return v }
        // One `description` per schema: a more specific one replaces the general one.
        pairs.removeAll { $0.0 == "description" }
        pairs.append(("description", .string(d)))
        return .object(pairs)
    }

    public static var json: JSONValue {
        let event = object([
            ("at", time),
            ("kind", .object([("enum", .array(EventKind.allCases.map { .string($0.rawValue) })), ("default", .string("action"))])),
            ("text", described(text, "one or two sentences")),
            ("via", described(.object([("enum", .array(DetectionMethod.allCases.map { .string($0.rawValue) }))]), "with kind detected: how it was detected")),
            ("to", described(text, "with kind escalated: the team or people it was escalated to")),
            ("guessed", described(.object([("type", .string("boolean"))]), "the time was not written but inferred (by the importer): shown as ≈, and left out of the time-to metrics")),
        ], required: ["at", "text"])
        let task: JSONValue = .object([("oneOf", .array([
            text,
            object([("text", text), ("owner", text),
                    ("due", .object([("type", .string("string")), ("format", .string("date"))])),
                    ("done", .object([("type", .string("boolean"))]))], required: ["text"]),
        ]))])
        let series = object([
            ("name", text), ("unit", text),
            ("points", list(object([("at", time), ("value", .object([("type", .string("number"))]))], required: ["at", "value"]))),
        ], required: ["name", "points"])
        let component = object([
            ("name", described(text, "the component, as the status page names it")),
            ("intervals", list(object([
                ("from", time), ("to", described(time, "after from; intervals in time order, not overlapping, within start…end")),
                ("status", .object([("enum", .array(ComponentStatus.allCases.map { .string($0.rawValue) }))])),
            ], required: FormatV1.intervalFields))),
        ], required: FormatV1.componentFields)
        var root = object([
            ("title", described(text, "headline of the postmortem")),
            ("emoji", described(text, "one emoji shown beside the title")),
            ("service", described(text, "the service that was down or slow")),
            ("severity", described(text, "free text such as SEV-1")),
            ("timezone", described(text, "IANA name, UTC offset or common abbreviation; shown as written")),
            ("start", described(time, "outage start; needs a date")),
            ("end", described(time, "outage end, after start")),
            ("impact", object([
                ("summary", described(text, "what users experienced")),
                ("users_affected_percent", .object([("type", .string("number")), ("minimum", .int(0)), ("maximum", .int(100))])),
                ("services", list(text)),
                ("series", list(series)),
                ("components", described(list(component), "each component's status over time, drawn as bands in the impact figure")),
            ], required: FormatV1.requiredKeys(in: "impact"))),
            ("root_cause", described(text, "short statement of the cause")),
            ("root_cause_detail", described(text, "the long explanation")),
            ("timeline", .object([("type", .string("array")), ("minItems", .int(1)), ("items", event)])),
            ("resolution", described(text, "how it was fixed, in detail")),
            ("corrective", object([("improvements", list(text)), ("tasks", list(task))], required: FormatV1.requiredKeys(in: "corrective"))),
            ("authors", list(text)),
            ("tagline", described(text, "a one-line hook, the playful report's subtitle")),
            ("humor", described(text, "a light remark the playful report's opener uses")),
            ("duration_minutes", described(.object([("type", .string("number")), ("readOnly", .bool(true))]), "written by `hindsight export`; recomputed from start and end when read")),
            ("metrics", described(.object([("type", .string("object")), ("readOnly", .bool(true))]), "written by `hindsight export` (time to detect, identify, escalate, mitigate, resolve); recomputed when read")),
        ], required: FormatV1.requiredKeys(in: ""))
        guard case .object(let pairs) = root else { return root }
        root = .object([
            ("$schema", .string("https://json-schema.org/draft/2020-12/schema")),
            ("title", .string("Hindsight incident, format v1")),
        ] + pairs)
        return root
    }
}
