import Foundation

/// Deterministic random incidents, as YAML text in format v1, for tests, property checks and
/// benchmarks. The same seed and options always give the same text.
public struct IncidentGenerator {
    public struct Options: Sendable {
        public var events: Int
        public var spanMinutes: Int
        /// Approximate characters per event text.
        public var textLength: Int
        /// Put most events within one minute.
        public var burst: Bool
        /// Mix in non-Latin scripts and emoji.
        public var unicode: Bool
        /// `timezone` as written: an IANA name, an offset, an abbreviation, or nil for ISO times with offsets.
        public var zone: String?
        public init(events: Int = 11, spanMinutes: Int = 90, textLength: Int = 60, burst: Bool = false,
                    unicode: Bool = false, zone: String? = "UTC") {
            self.events = events; self.spanMinutes = spanMinutes; self.textLength = textLength
            self.burst = burst; self.unicode = unicode; self.zone = zone
        }
    }

    /// SplitMix64: small, fast, and identical on every platform (property tests draw from it too).
    public struct RNG: RandomNumberGenerator {
        public var state: UInt64
        public init(state: UInt64) { self.state = state }
        public mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
        mutating func int(_ n: Int) -> Int { Int(next() % UInt64(max(n, 1))) }
        mutating func pick<T>(_ a: [T]) -> T { a[int(a.count)] }
    }

    static let words = ["database", "replica", "rolled", "back", "the", "deploy", "paged", "on-call", "cache", "restarted",
                        "checked", "latency", "alerts", "load", "balancer", "queue", "drained", "config", "found", "error"]
    static let foreign = ["Привет", "ελέγχουμε", "café", "naïve", "مرحبا", "שלום", "🚨", "✅", "🔥", "Ünïcödé"]
    static let teams = ["Database team", "SRE", "Payments on-call", "Network team", "Platform"]

    public static func yaml(seed: UInt64, _ o: Options = Options()) -> String {
        var rng = RNG(state: seed)
        let zone = o.zone.map { written -> Zone in
            guard case .success(let z) = Zone.parse(written) else { preconditionFailure("IncidentGenerator: unknown zone \(written)") }
            return z
        }
        let startWall = WallTime(year: 2025, month: 1 + rng.int(12), day: 1 + rng.int(28), hour: rng.int(24), minute: rng.int(60))
        let span = Int64(max(o.spanMinutes, 1)) * 60
        let startEpoch = zone?.instant(of: startWall) ?? startWall.secondsAsIfUTC
        // Times are instants, written as the zone's wall clock; one that would read back as
        // another instant (in a daylight-saving gap or overlap) is written with its offset.
        func stamp(_ epoch: Int64) -> String {
            let offset = zone?.offset(at: epoch) ?? 0
            let w = WallTime(secondsSinceEpoch: epoch + Int64(offset))
            if let zone, zone.instant(of: w) == epoch { return "\(w.dateText) \(w.clockText)" }
            return "\(w.dateText)T\(w.clockText)\(Zone.offsetText(offset))"
        }
        func text(_ n: Int) -> String {
            var s = ""
            while s.count < n {
                s += (o.unicode && rng.int(4) == 0 ? rng.pick(foreign) : rng.pick(words)) + " "
            }
            return s.trimmingCharacters(in: [" "]).replacingOccurrences(of: "\"", with: "")
        }
        var y = "title: \"Generated incident \(seed)\"\n"
        if o.unicode { y += "emoji: \"🔥\"\n" }
        y += "service: \"\(text(12))\"\nseverity: SEV-\(1 + rng.int(3))\n"
        if let written = o.zone { y += "timezone: \"\(written)\"\n" }
        y += "start: \"\(stamp(startEpoch))\"\nend: \"\(stamp(startEpoch + span))\"\n"
        y += "impact:\n  summary: \"\(text(80))\"\n  users_affected_percent: \(rng.int(101))\n"
        y += "  services: [\"\(text(8))\", \"\(text(10))\"]\n"
        y += "root_cause: \"\(text(60))\"\ntimeline:\n"
        let n = max(o.events, 1)
        let kinds = EventKind.allCases
        var offsets: [Int64] = (0..<n).map { i in
            if i == 0 { return 0 }
            if i == n - 1 { return span }
            if o.burst && i < n - 2 { return min(span, Int64(5 * i) % 60) }
            return Int64(rng.int(Int(span) + 1))
        }
        offsets.sort()
        for (i, off) in offsets.enumerated() {
            let kind: EventKind = i == 0 ? .detected : i == n - 1 ? .resolved : rng.pick(kinds)
            y += "  - at: \"\(stamp(startEpoch + off))\"\n    kind: \(kind.rawValue)\n"
            y += "    text: \"\(text(max(4, o.textLength / 2 + rng.int(o.textLength + 1))))\"\n"
            if kind == .detected { y += "    via: \(rng.pick(DetectionMethod.allCases).rawValue)\n" }
            if kind == .escalated { y += "    to: \(rng.pick(teams))\n" }
        }
        y += "resolution: \"\(text(120))\"\ncorrective:\n  improvements:\n    - \"\(text(40))\"\n  tasks:\n"
        y += "    - text: \"\(text(30))\"\n      owner: \(rng.pick(teams))\n    - \"\(text(30))\"\n"
        return y
    }
}
