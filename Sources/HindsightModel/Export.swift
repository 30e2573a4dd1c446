import Yams

/// The normalized incident of `hindsight export`: the input's fields, every time as ISO 8601
/// with offset, the zone as written, the duration and the derived metrics.
public enum IncidentExport {
    public static func json(_ i: Incident) -> JSONValue {
        var o: [(String, JSONValue)] = []
        if let t = i.title { o.append(("title", .string(t))) }
        if let e = i.emoji { o.append(("emoji", .string(e))) }
        if let s = i.service { o.append(("service", .string(s))) }
        if let s = i.severity { o.append(("severity", .string(s))) }
        o.append(("timezone", .string(i.zoneLabel)))
        if let s = i.start { o.append(("start", .string(s.iso8601))) }
        if let e = i.end { o.append(("end", .string(e.iso8601))) }
        if let d = i.durationMinutes { o.append(("duration_minutes", .number(d))) }
        var impact: [(String, JSONValue)] = []
        if let s = i.impact.summary { impact.append(("summary", .string(s))) }
        if let p = i.impact.usersAffectedPercent { impact.append(("users_affected_percent", .number(p))) }
        impact.append(("services", .array(i.impact.services.map(JSONValue.string))))
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
        if !i.impact.components.isEmpty {
            impact.append(("components", .array(i.impact.components.map { c in
                .object([("name", .string(c.name)), ("intervals", .array(c.intervals.map {
                    .object([("from", .string($0.from.iso8601)), ("to", .string($0.to.iso8601)), ("status", .string($0.status.rawValue))])
                }))])
            })))
        }
        o.append(("impact", .object(impact)))
        if let r = i.rootCause { o.append(("root_cause", .string(r))) }
        if let d = i.rootCauseDetail { o.append(("root_cause_detail", .string(d))) }
        if !i.timeline.isEmpty { o.append(("timeline", .array(i.timeline.map { e in
            var eo: [(String, JSONValue)] = [("at", .string(e.at.iso8601)), ("kind", .string(e.kind.rawValue)), ("text", .string(e.text))]
            if let v = e.via { eo.append(("via", .string(v.rawValue))) }
            if let t = e.to { eo.append(("to", .string(t))) }
            if e.timeGuessed { eo.append(("guessed", .bool(true))) }
            return .object(eo)
        }))) }
        if let r = i.resolution { o.append(("resolution", .string(r))) }
        if let c = i.corrective { o.append(("corrective", .object([
            ("improvements", .array(c.improvements.map(JSONValue.string))),
            ("tasks", .array(c.tasks.map { t in
                var to: [(String, JSONValue)] = [("text", .string(t.text))]
                if let ow = t.owner { to.append(("owner", .string(ow))) }
                if let d = t.due { to.append(("due", .string(d))) }
                to.append(("done", .bool(t.done)))
                return .object(to)
            })),
        ]))) }
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

    /// The same content as YAML (strings that a YAML 1.1 reader would misread are quoted),
    /// after a `# missing:` comment for each field the assignment requires that is absent.
    public static func yaml(_ i: Incident) throws -> String {
        missingComments(i) + (try Yams.serialize(node: node(json(i)), width: 100, allowUnicode: true, sortKeys: false))
    }

    /// The fields the assignment requires that the incident lacks (`FormatV1.required` paths).
    public static func missing(_ i: Incident) -> [String] {
        var out: [String] = []
        if i.title == nil { out.append("title") }
        if i.service == nil { out.append("service") }
        if i.start == nil { out.append("start") }
        if i.end == nil { out.append("end") }
        if i.impact.summary == nil { out.append("impact.summary") }
        if i.impact.usersAffectedPercent == nil { out.append("impact.users_affected_percent") }
        if i.rootCause == nil { out.append("root_cause") }
        if i.timeline.isEmpty { out.append("timeline") }
        if i.resolution == nil { out.append("resolution") }
        if i.corrective == nil { out.append("corrective") }
        return out
    }

    /// One `# missing: FIELD — what to write` line per missing field.
    public static func missingComments(_ i: Incident) -> String {
        missing(i).map { "# missing: \($0) — \(FormatV1.hint($0))\n" }.joined()
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
