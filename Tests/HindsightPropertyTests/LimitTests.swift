import HindsightModel
import Testing

/// Each limit of `InputLimits` (README, "Limits"; docs/hardening.md) at its edge: the largest
/// input is accepted, one step over is refused with one diagnostic naming the rule, at the
/// place it names. HostileTests (HindsightModelTests) covers the far-over cases (20 MB, 200,000
/// brackets, an alias bomb of 10^13 values, binary and non-UTF-8 bytes) and their timing.
@Suite struct LimitTests {
    /// A valid incident with `events` events at 10:00 and `eventText` as each event's text.
    static func incident(events: Int = 2, eventText: String = "t", padding: Int = 0) -> String {
        var s = "title: T\nservice: S\ntimezone: UTC\nstart: 2025-01-10 10:00\nend: 2025-01-10 11:00\n"
        s += "impact: {summary: x, users_affected_percent: 10}\nroot_cause: r\nresolution: r\n"
        s += "corrective: {improvements: [i], tasks: [t]}\ntimeline:\n"
        s += String(repeating: "  - {at: \"10:00\", text: \"\(eventText)\"}\n", count: events)
        if padding > 0 { s += "#" + String(repeating: "x", count: padding - 2) + "\n" }
        return s
    }

    func load(_ bytes: [UInt8], format: InputFormat = .yaml) -> LoadResult {
        IncidentLoader.load(bytes: bytes, file: "limit.\(format.rawValue)", format: format)
    }

    func expectAccepted(_ bytes: [UInt8]) {
        let r = load(bytes)
        #expect(r.incident != nil, "\(r.diagnostics.prefix(3).map(\.text))")
    }

    /// Refused with exactly one diagnostic.
    func expectRefused(_ bytes: [UInt8], format: InputFormat = .yaml, rule: String, at location: HindsightModel.SourceLocation) {
        let r = load(bytes, format: format)
        #expect(r.incident == nil)
        #expect(r.diagnostics.map(\.rule) == [rule], "\(r.diagnostics.prefix(3).map(\.text))")
        #expect(r.diagnostics.first?.location == location)
    }

    @Test func inputSize() {
        let base = Self.incident()
        let exactly = Array(Self.incident(padding: InputLimits.maxBytes - base.utf8.count).utf8)
        #expect(exactly.count == InputLimits.maxBytes)
        expectAccepted(exactly)
        expectRefused(exactly + Array("\n".utf8), rule: "input-too-large", at: .start)
    }

    @Test func eventCount() {
        expectAccepted(Array(Self.incident(events: InputLimits.maxEvents).utf8))
        // One diagnostic, at the list (its first `-`, line 11), not one per event.
        expectRefused(Array(Self.incident(events: InputLimits.maxEvents + 1).utf8), rule: "too-many-events",
                      at: .init(line: 11, column: 3))
    }

    @Test func textLength() {
        // Characters, not bytes or scalars: a family emoji is one character of 25 bytes.
        for unit in ["a", "é", "👨‍👩‍👧‍👦"] {
            let fits = String(repeating: unit, count: InputLimits.maxTextLength)
            expectAccepted(Array(Self.incident(eventText: fits).utf8))
            let r = load(Array(Self.incident(eventText: fits + unit).utf8))
            #expect(r.incident == nil)
            #expect(r.diagnostics.map(\.rule) == ["text-too-long", "text-too-long"], "\(r.diagnostics.prefix(3).map(\.text))")
            #expect(r.diagnostics.first?.message.contains("the limit is 20000") == true)
        }
    }

    @Test func nestingDepthYAML() {
        // The top-level mapping is level 1, so 63 brackets inside it reach the limit exactly.
        let within = "x: " + String(repeating: "[", count: InputLimits.maxDepth - 1) + String(repeating: "]", count: InputLimits.maxDepth - 1)
        #expect(!load(Array(within.utf8)).diagnostics.contains { $0.rule == "nesting-depth" })
        let over = "x: " + String(repeating: "[", count: InputLimits.maxDepth) + String(repeating: "]", count: InputLimits.maxDepth)
        expectRefused(Array(over.utf8), rule: "nesting-depth", at: .init(line: 1, column: 3 + InputLimits.maxDepth))
    }

    @Test func nestingDepthJSON() {
        let within = String(repeating: "[", count: InputLimits.maxDepth) + String(repeating: "]", count: InputLimits.maxDepth)
        #expect(!load(Array(within.utf8), format: .json).diagnostics.contains { $0.rule == "nesting-depth" })
        let over = String(repeating: "[", count: InputLimits.maxDepth + 1) + String(repeating: "]", count: InputLimits.maxDepth + 1)
        expectRefused(Array(over.utf8), format: .json, rule: "nesting-depth", at: .init(line: 1, column: InputLimits.maxDepth + 1))
    }

    @Test func aliasExpansion() {
        // root (1) + key `a` (1) + a list of 1,000 (1,001) + key `b` (1) + a list (1) of k aliases
        // of the first list (k × 1,001): 1,005 + 1,001 k values once aliases are followed.
        func document(aliases k: Int) -> [UInt8] {
            let list = "[" + Array(repeating: "x", count: 1_000).joined(separator: ",") + "]"
            return Array(("a: &a \(list)\nb: [" + Array(repeating: "*a", count: k).joined(separator: ",") + "]\n").utf8)
        }
        let most = (InputLimits.maxExpandedNodes - 1_005) / 1_001
        #expect(!load(document(aliases: most)).diagnostics.contains { $0.rule == "alias-limit" })
        expectRefused(document(aliases: most + 1), rule: "alias-limit", at: .start)
    }

    @Test func valueCountJSON() {
        // JSON has no aliases; the same budget bounds the values it may hold.
        let most = "[" + Array(repeating: "0", count: InputLimits.maxExpandedNodes - 1).joined(separator: ",") + "]"
        #expect(!load(Array(most.utf8), format: .json).diagnostics.contains { $0.rule == "alias-limit" })
        let over = "[" + Array(repeating: "0", count: InputLimits.maxExpandedNodes).joined(separator: ",") + "]"
        expectRefused(Array(over.utf8), format: .json, rule: "alias-limit", at: .init(line: 1, column: 2 * InputLimits.maxExpandedNodes))
    }
}
