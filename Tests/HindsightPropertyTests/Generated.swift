import HindsightModel
import Testing

/// One generated incident: a fixed seed and an option mix for `IncidentGenerator.yaml`.
struct GeneratedCase: Sendable, CustomTestStringConvertible {
    let seed: UInt64
    let options: IncidentGenerator.Options

    var testDescription: String {
        let o = options
        return "seed \(seed): \(o.events) events over \(o.spanMinutes) min, texts ~\(o.textLength), "
            + "\(o.unicode ? "unicode" : "latin"), zone \(o.zone ?? "none (offsets)")\(o.burst ? ", burst" : "")"
    }

    var yaml: String { IncidentGenerator.yaml(seed: seed, options) }

    /// The incident, which the generator promises is valid: no errors and no warnings.
    func incident() throws -> Incident {
        let r = IncidentLoader.load(text: yaml, file: "generated.yaml", format: .yaml)
        #expect(r.diagnostics.isEmpty, "\(r.diagnostics.prefix(3).map(\.text))")
        return try #require(r.incident, "the generator made an invalid incident: \(r.diagnostics.prefix(3).map(\.text))")
    }
}

/// A fixed family of generated incidents, so the suite is deterministic. Each option list has a
/// length co-prime to the others, so case `i` takes `i mod n` from each and the mixes vary
/// without repeating; the extremes are always in. Layout time grows with events × text length,
/// so texts are capped at `textBudget / events` characters (300 events of 40, 11 of 900).
enum Generated {
    static let events = [1, 2, 4, 11, 25, 60, 120, 200, 300]               // 9
    static let spans = [3, 20, 90, 600, 1440, 10 * 1440, 30 * 1440]        // 7: 3 min to 30 days
    static let texts = [6, 40, 120, 400, 900]                               // 5
    static let textBudget = 12_000
    static let zones: [String?] = [                                         // 11: IANA, offset, abbreviation, none
        "UTC", "Europe/Berlin", "+05:45", "America/New_York", "SAST", nil,
        "Australia/Lord_Howe", "UTC-3", "IST", "Europe/London", "GMT+1",
    ]

    static let extremes: [GeneratedCase] = [
        GeneratedCase(seed: 1, options: .init(events: 1, spanMinutes: 3, textLength: 6, zone: "UTC")),
        GeneratedCase(seed: 2, options: .init(events: 300, spanMinutes: 3, textLength: 40, burst: true, zone: "+14:00")),
        GeneratedCase(seed: 3, options: .init(events: 300, spanMinutes: 30 * 1440, textLength: 40, unicode: true, zone: "America/Sao_Paulo")),
        GeneratedCase(seed: 4, options: .init(events: 2, spanMinutes: 30 * 1440, textLength: 6, unicode: true, zone: nil)),
        GeneratedCase(seed: 5, options: .init(events: 11, spanMinutes: 90, textLength: 900, unicode: true, zone: "Asia/Kathmandu")),
    ]

    static let mixes: [GeneratedCase] = (0..<44).map { i in
        GeneratedCase(seed: 100 + UInt64(i) * 7919, options: .init(
            events: events[i % events.count], spanMinutes: spans[i % spans.count],
            textLength: min(texts[i % texts.count], textBudget / events[i % events.count]),
            burst: i % 4 == 3, unicode: i % 2 == 1, zone: zones[i % zones.count]))
    }

    static let cases = extremes + mixes
}
