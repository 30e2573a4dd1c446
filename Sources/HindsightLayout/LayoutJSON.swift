import HindsightModel

/// The placed scene as `--layout-json` writes it: every text's ink box in logical pixels, and
/// for a timeline its markers and the time-to-pixel mapping of each stretch of its axis.
public enum LayoutJSON {
    public static func encode(_ scene: Scene) -> JSONValue {
        func r(_ v: Double) -> JSONValue { .number((v * 100).rounded() / 100) }
        var fields: [(String, JSONValue)] = [
            ("figure", .string(scene.figure)),
            ("width", r(scene.width)), ("height", r(scene.height)),
            ("texts", .array(scene.texts.map { t in
                let b = t.inkBox
                return .object([
                    ("text", .string(t.text)), ("role", .string(t.role.reported.rawValue)),
                    ("x", r(b.x)), ("y", r(b.y)), ("w", r(b.w)), ("h", r(b.h)),
                    ("events", .array(t.events.map(JSONValue.int))),
                ])
            })),
            ("events", .int(scene.eventCount)),
            ("alt", .string(scene.alt)),
        ]
        if let chart = scene.chart {
            fields.append(("markers", .array(chart.markers.map { m in
                .object([("event", .int(m.event)), ("time", .string(m.time)), ("x", r(m.center.x)), ("y", r(m.center.y))])
            })))
            fields.append(("axis", .object([
                ("orientation", .string(chart.orientation.rawValue)),
                ("segments", .array(chart.segments.map { s in
                    .object([("from", .string(s.from)), ("to", .string(s.to)), ("start", r(s.start)), ("end", r(s.end))])
                })),
            ])))
        }
        return .object(fields)
    }
}
