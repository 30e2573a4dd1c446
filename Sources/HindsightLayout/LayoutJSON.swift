import HindsightModel

/// The placed scene as `--layout-json` writes it: every text's ink box in logical pixels.
public enum LayoutJSON {
    public static func encode(_ scene: Scene) -> JSONValue {
        func r(_ v: Double) -> JSONValue { .number((v * 100).rounded() / 100) }
        return .object([
            ("figure", .string(scene.figure)),
            ("width", r(scene.width)), ("height", r(scene.height)),
            ("texts", .array(scene.texts.map { t in
                let b = t.inkBox
                return .object([
                    ("text", .string(t.text)), ("role", .string(t.role.rawValue)),
                    ("x", r(b.x)), ("y", r(b.y)), ("w", r(b.w)), ("h", r(b.h)),
                    ("events", .array(t.events.map(JSONValue.int))),
                ])
            })),
            ("events", .int(scene.eventCount)),
            ("alt", .string(scene.alt)),
        ])
    }
}
