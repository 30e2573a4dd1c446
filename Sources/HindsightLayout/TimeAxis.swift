import HindsightModel

/// Time ↔ position and tick choice for an incident's window, in the incident's own zone.
public struct TimeAxis: Sendable {
    public let start: Int64
    public let end: Int64
    public let x0: Double
    public let x1: Double
    let zone: Zone?
    let fallbackOffset: Int

    public init(incident: Incident, x0: Double, x1: Double) {
        self.init(incident: incident, from: incident.windowStart.epoch, to: incident.windowEnd.epoch, x0: x0, x1: x1)
    }

    /// An axis over any span, in the incident's zone.
    public init(incident: Incident, from: Int64, to: Int64, x0: Double, x1: Double) {
        start = from; end = max(to, from + 10)
        self.x0 = x0; self.x1 = x1
        zone = incident.zone; fallbackOffset = incident.windowStart.offset
    }

    public func x(_ epoch: Int64) -> Double {
        let span = Double(max(end - start, 1))
        return x0 + (x1 - x0) * Double(epoch - start) / span
    }

    public func offset(at epoch: Int64) -> Int { zone?.offset(at: epoch) ?? fallbackOffset }
    public func wall(_ epoch: Int64) -> WallTime { WallTime(secondsSinceEpoch: epoch + Int64(offset(at: epoch))) }

    /// Candidate steps, in seconds (seconds steps for incidents told to the second, a few
    /// minutes long at most).
    static let steps: [Int64] = [1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200, 10800, 21600, 43200,
                                 86400, 2 * 86400, 7 * 86400, 14 * 86400, 28 * 86400]

    public struct Tick: Hashable, Sendable {
        public var epoch: Int64
        public var label: String
        public var major: Bool   // carries a date
    }

    /// Ticks at round wall-clock times, at most `maxCount`, labelled `HH:MM` (with the date on
    /// the first tick of each new day for multi-day spans), or `Apr 18` for day steps.
    public func ticks(maxCount: Int) -> [Tick] {
        let span = end - start
        // Seconds steps only for incidents under two minutes: their labels are wider.
        let step = Self.steps.first { (span < 120 || $0 >= 60) && span / $0 <= Int64(max(maxCount, 2)) } ?? Self.steps.last!
        let multiDay = wall(start).dateText != wall(end).dateText
        var out: [Tick] = []
        // Walk wall-clock multiples of the step from the start's local time.
        let localStart = wall(start).secondsAsIfUTC
        var local = (localStart / step) * step
        if step >= 7 * 86400 { local = (localStart / 86400) * 86400 } // weeks: start on a day
        if local < localStart { local += step >= 7 * 86400 ? 86400 : step }
        var lastDate = ""
        var guardCount = 0
        while guardCount < 1000 {
            guardCount += 1
            let w = WallTime(secondsSinceEpoch: local)
            let epoch = (zone?.instant(of: w)) ?? (local - Int64(fallbackOffset))
            if epoch > end { break }
            if epoch >= start {
                let date = w.dateText
                let label: String
                var major = false
                if step >= 86400 {
                    label = Self.monthDay(w)
                    major = true
                } else if multiDay && date != lastDate {
                    label = "\(Self.monthDay(w)) \(w.clockText)"
                    major = true
                } else {
                    label = w.clockText
                }
                lastDate = date
                out.append(Tick(epoch: epoch, label: label, major: major))
            }
            local += step
        }
        return out
    }

    static let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
    public static func monthDay(_ w: WallTime) -> String { "\(months[w.month - 1]) \(w.day)" }
}

public enum DurationText {
    /// `45 min`, `1 h 30 min`, `2 d 3 h`.
    public static func format(minutes m: Double) -> String {
        let total = Int(m.rounded())
        if total < 60 { return "\(total) min" }
        if total < 24 * 60 {
            let h = total / 60, r = total % 60
            return r == 0 ? "\(h) h" : "\(h) h \(r) min"
        }
        let d = total / 1440, h = (total % 1440) / 60
        return h == 0 ? "\(d) d" : "\(d) d \(h) h"
    }
}
