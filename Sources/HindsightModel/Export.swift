import Yams

/// The normalized incident of `hindsight export`: the input's fields, every time as ISO 8601
/// with offset, the zone as written, the duration and the derived metrics.
public enum IncidentExport {
    public static func json(_ i: Incident) -> JSONValue {
        var o: [(String, JSONValue)] = [("title", .string(i.title))]
        if let e = i.emoji { o.append(("emoji", .string(e))) }
        o.append(("service", .string(i.service)))
        if let s = i.severity { o.append(("severity", .string(s))) }
        o.append(("timezone", .string(i.zoneLabel)))
        o.append(("start", .string(i.start.iso8601)))
        o.append(("end", .string(i.end.iso8601)))
        o.append(("duration_minutes", .number(i.durationMinutes)))
        var impact: [(String, JSONValue)] = [
            ("summary", .string(i.impact.summary)),
            ("users_affected_percent", .number(i.impact.usersAffectedPercent)),
            ("services", .array(i.impact.services.map(JSONValue.string))),
        ]
        if !i.impact.series.isEmpty {
            impact.append(("series", .array(i.impact.series.map { s in
                var so: [(String, JSONValue)] = [("name", .string(s.name))]
                if let u = s.unit { so.append(("unit", .string(u))) }
                so.append(("points", .array(s.points.map {
                    .object([("at", .string($0.at.iso8601)), ("value", .number($0.value))])
                })))
                return .object(so)
            })))
        }
        o.append(("impact", .object(impact)))
        o.append(("root_cause", .string(i.rootCause)))
        if let d = i.rootCauseDetail { o.append(("root_cause_detail", .string(d))) }
        o.append(("timeline", .array(i.timeline.map { e in
            var eo: [(String, JSONValue)] = [("at", .string(e.at.iso8601)), ("kind", .string(e.kind.rawValue)), ("text", .string(e.text))]
            if let v = e.via { eo.append(("via", .string(v.rawValue))) }
            if let t = e.to { eo.append(("to", .string(t))) }
            return .object(eo)
        })))
        o.append(("resolution", .string(i.resolution)))
        o.append(("corrective", .object([
            ("improvements", .array(i.corrective.improvements.map(JSONValue.string))),
            ("tasks", .array(i.corrective.tasks.map { t in
                var to: [(String, JSONValue)] = [("text", .string(t.text))]
                if let ow = t.owner { to.append(("owner", .string(ow))) }
                if let d = t.due { to.append(("due", .string(d))) }
                to.append(("done", .bool(t.done)))
                return .object(to)
            })),
        ])))
        if !i.authors.isEmpty { o.append(("authors", .array(i.authors.map(JSONValue.string)))) }
        if let t = i.tagline { o.append(("tagline", .string(t))) }
        if let h = i.humor { o.append(("humor", .string(h))) }
        var metrics: [(String, JSONValue)] = []
        let derived: [(String, Double?)] = [
            ("time_to_detect_minutes", i.timeToDetectMinutes),
            ("time_to_identify_minutes", i.timeToIdentifyMinutes),
            ("time_to_escalate_minutes", i.timeToEscalateMinutes),
            ("time_to_mitigate_minutes", i.timeToMitigateMinutes),
            ("time_to_resolve_minutes", i.timeToResolveMinutes),
        ]
        for (k, v) in derived { if let v { metrics.append((k, .number(v))) } }
        o.append(("metrics", .object(metrics)))
        return .object(o)
    }

    /// The same content as YAML (strings that a YAML 1.1 reader would misread are quoted).
    public static func yaml(_ i: Incident) throws -> String {
        try Yams.serialize(node: node(json(i)), width: 100, allowUnicode: true, sortKeys: false)
    }

    static func node(_ v: JSONValue) -> Node {
        switch v {
        case .null: return Node("null", Tag(.null))
        case .bool(let b): return Node(b ? "true" : "false", Tag(.bool))
        case .int(let n): return Node(String(n), Tag(.int))
        case .number(let d): return Node(JSONValue.format(d), d == d.rounded() ? Tag(.int) : Tag(.float))
        case .string(let s):
            if s.contains("\n") { return Node(s, Tag(.str), .literal) }
            // A text YAML would read as something else when plain (`~`, `null`, `yes`, `12`,
            // `2024-01-01`) is quoted: the emitter does not check, and `title: ~` read back
            // as no title (found by FuzzJSON).
            let plainReadsAs = Resolver.default.resolveTag(of: Node(s))
            return Node(s, Tag(.str), plainReadsAs == .str ? .any : .doubleQuoted)
        case .array(let items): return Node(items.map(node))
        case .object(let pairs): return Node(pairs.map { (Node($0.0), node($0.1)) })
        }
    }
}
