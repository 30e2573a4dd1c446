import HindsightModel

/// Time ↔ position for an incident's window, and wall clocks, in the incident's own zone.
public struct TimeAxis: Sendable {
    public let start: Int64
    public let end: Int64
    public let x0: Double
    public let x1: Double
    let zone: Zone?
    let fallbackOffset: Int

    public init(incident: Incident, x0: Double, x1: Double) {
        self.init(incident: incident, from: incident.start.epoch, to: incident.end.epoch, x0: x0, x1: x1)
    }

    /// An axis over any span, in the incident's zone.
    public init(incident: Incident, from: Int64, to: Int64, x0: Double, x1: Double) {
        start = from; end = max(to, from + 10)
        self.x0 = x0; self.x1 = x1
        zone = incident.zone; fallbackOffset = incident.start.offset
    }

    public func x(_ epoch: Int64) -> Double {
        let span = Double(max(end - start, 1))
        return x0 + (x1 - x0) * Double(epoch - start) / span
    }

    public func offset(at epoch: Int64) -> Int { zone?.offset(at: epoch) ?? fallbackOffset }
    /// The instant a wall-clock reading names in this zone.
    public func instant(of w: WallTime) -> Int64 { zone?.instant(of: w) ?? (w.secondsAsIfUTC - Int64(fallbackOffset)) }
    /// ISO 8601 with the zone's offset at that instant.
    public func iso8601(_ epoch: Int64) -> String {
        IncidentTime(epoch: epoch, offset: offset(at: epoch), syntax: .local(wall(epoch))).iso8601
    }
    public func wall(_ epoch: Int64) -> WallTime { WallTime(secondsSinceEpoch: epoch + Int64(offset(at: epoch))) }

    /// Candidate tick steps, in seconds.
    static let steps: [Int64] = [1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200, 10800, 21600, 43200,
                                 86400, 2 * 86400, 7 * 86400, 14 * 86400, 28 * 86400]

    static let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
    public static func monthDay(_ w: WallTime) -> String { "\(months[w.month - 1]) \(w.day)" }
}

/// One unbroken stretch of a time axis: `from...to` (epoch seconds) drawn linearly from pixel
/// `start` to pixel `end`.
public struct AxisSegment: Hashable, Sendable {
    public var from: Int64
    public var to: Int64
    public var start: Double
    public var end: Double
    public init(from: Int64, to: Int64, start: Double, end: Double) {
        self.from = from; self.to = to; self.start = start; self.end = end
    }
    /// The linear time → pixel mapping of this stretch.
    public func position(_ epoch: Int64) -> Double {
        to == from ? start : start + (end - start) * Double(epoch - from) / Double(to - from)
    }
}

/// A quiet stretch left out of the axis: the last moment before (`from`) and the first after
/// (`to`), drawn as a short break at `position`.
public struct AxisBreak: Hashable, Sendable {
    public var from: Int64
    public var to: Int64
    public var position: Double
    public var seconds: Int64 { to - from }
}

/// A time axis that leaves out quiet gaps: the moments that matter (start, end, every event)
/// form clusters; a gap between clusters that would take a large share of the axis becomes a
/// break of fixed length. Every segment uses the same pixels per second, so the chart stays
/// time-proportional within each stretch and between them.
public struct BrokenTimeAxis: Sendable {
    public let segments: [AxisSegment]
    public let breaks: [AxisBreak]
    /// Pixels per second, the same in every segment.
    public let scale: Double
    /// Wall clock and offsets in the incident's zone.
    public let zoned: TimeAxis

    /// A gap is broken out when it is at least this share of the whole span and
    /// `breakOverMedian` times the median gap between moments (at most `maxBreaks` of them).
    static let breakShare = 0.2
    static let breakOverMedian: Int64 = 4
    static let maxBreaks = 6

    /// `moments`: the instants the axis must show (start, end, events); `from`/`to` the pixel
    /// range; `breakLength` the pixels of each break; `pad` the pixels kept beside a break.
    public init(incident: Incident, moments: [Int64], from p0: Double, to p1: Double,
                breakLength: Double = 26, pad: Double = 12, allowBreaks: Bool = true) {
        let times = Array(Set(moments)).sorted()
        zoned = TimeAxis(incident: incident, x0: p0, x1: p1)
        guard let first = times.first, let last = times.last, last > first else {
            let t = times.first ?? 0
            segments = [AxisSegment(from: t - 30, to: t + 30, start: p0, end: p1)]
            breaks = []; scale = (p1 - p0) / 60
            return
        }
        // Break a gap that is both a large share of the span and far longer than the usual
        // gap between moments; largest first.
        var gaps = (0..<(times.count - 1)).map { (index: $0, seconds: times[$0 + 1] - times[$0]) }
        let positive = gaps.map(\.seconds).filter { $0 > 0 }.sorted()
        let median = positive[positive.count / 2]
        gaps.sort { $0.seconds != $1.seconds ? $0.seconds > $1.seconds : $0.index < $1.index }
        let span = last - first
        var shown = span
        var broken = Set<Int>()
        for g in gaps where allowBreaks && broken.count < Self.maxBreaks {
            guard Double(g.seconds) >= Self.breakShare * Double(span), g.seconds >= Self.breakOverMedian * median,
                  shown - g.seconds > 0,
                  Double(g.seconds) * (p1 - p0) / Double(span) > 3 * (breakLength + 2 * pad) else { break }
            broken.insert(g.index); shown -= g.seconds
        }
        // Clusters of moments between breaks.
        var clusters: [(Int64, Int64)] = []
        var clusterStart = first
        for i in 0..<(times.count - 1) where broken.contains(i) {
            clusters.append((clusterStart, times[i])); clusterStart = times[i + 1]
        }
        clusters.append((clusterStart, last))
        let nb = Double(clusters.count - 1)
        let length = p1 - p0
        // Pixels per second, then the padding beside each break in whole seconds.
        let k0 = (length - nb * (breakLength + 2 * pad)) / Double(max(shown, 1))
        let padSeconds = clusters.count == 1 ? 0 : max(1, Int64((pad / k0).rounded()))
        var ranges: [(Int64, Int64)] = []
        for (i, c) in clusters.enumerated() {
            var lo = c.0, hi = c.1
            if i > 0 { lo -= min(padSeconds, (c.0 - clusters[i - 1].1) / 3) }
            if i < clusters.count - 1 { hi += min(padSeconds, (clusters[i + 1].0 - c.1) / 3) }
            ranges.append((lo, hi))
        }
        let total = ranges.reduce(Int64(0)) { $0 + $1.1 - $1.0 }
        let k = (length - nb * breakLength) / Double(max(total, 1))
        var segs: [AxisSegment] = [], brks: [AxisBreak] = []
        var cursor = p0
        for (i, r) in ranges.enumerated() {
            let end = cursor + k * Double(r.1 - r.0)
            segs.append(AxisSegment(from: r.0, to: r.1, start: cursor, end: end))
            if i < clusters.count - 1 {
                brks.append(AxisBreak(from: clusters[i].1, to: clusters[i + 1].0, position: end + breakLength / 2))
            }
            cursor = end + breakLength
        }
        segments = segs; breaks = brks; scale = k
    }

    /// The pixel of an instant: on its segment's line; inside a break, the break's middle.
    public func position(_ epoch: Int64) -> Double {
        for (i, s) in segments.enumerated() {
            if epoch <= s.to || i == segments.count - 1 {
                if epoch >= s.from || i == 0 { return s.position(epoch) }
                return breaks[i - 1].position
            }
        }
        return segments.last!.end
    }

    /// The segment holding an instant, if any.
    public func segment(holding epoch: Int64) -> AxisSegment? {
        segments.first { epoch >= $0.from && epoch <= $0.to }
    }

    public var startPixel: Double { segments.first!.start }
    public var endPixel: Double { segments.last!.end }

    /// A tick: its instant, pixel, clock label in the axis's one format, and on a multi-day
    /// axis its date (a layout shows it where the day changes).
    public struct Tick: Hashable, Sendable {
        public var epoch: Int64
        public var position: Double
        public var label: String
        public var date: String?
    }

    /// Ticks at round wall-clock times, at least `spacing` pixels apart, in every segment; a
    /// segment too short for a round time gets one tick at its first moment. One step and one
    /// label format for the whole axis.
    public func ticks(spacing: Double, moments: [Int64]) -> [Tick] {
        let step = TimeAxis.steps.first { Double($0) * scale >= spacing } ?? TimeAxis.steps.last!
        let seconds = step < 60
        let first = segments.first!.from, last = segments.last!.to
        let multiDay = zoned.wall(first).dateText != zoned.wall(last).dateText
        var epochs: [Int64] = []
        for s in segments {
            var found = false
            for e in roundTimes(from: s.from, to: s.to, step: step) { epochs.append(e); found = true }
            if !found, let m = moments.first(where: { $0 >= s.from && $0 <= s.to }) {
                // On a minutes axis, the moment's minute when it lies in the segment.
                let minute = seconds ? m : zoned.instant(of: { var w = zoned.wall(m); w.second = 0; return w }())
                epochs.append(minute >= s.from ? minute : m)
            }
        }
        var out: [Tick] = []
        for e in epochs {
            let w = zoned.wall(e)
            let label = step >= 86400 ? TimeAxis.monthDay(w) : (seconds ? w.clockSecondsText : w.clockMinutesText)
            let date = multiDay && step < 86400 ? TimeAxis.monthDay(w) : nil
            out.append(Tick(epoch: e, position: position(e), label: label, date: date))
        }
        return out
    }

    /// Wall-clock multiples of `step` (days from midnight for day steps) within `from...to`.
    func roundTimes(from: Int64, to: Int64, step: Int64) -> [Int64] {
        var out: [Int64] = []
        let localFrom = zoned.wall(from).secondsAsIfUTC
        let unit = step >= 86400 ? 86400 : step
        var local = (localFrom / unit) * unit
        if local < localFrom { local += unit }
        var n = 0
        while n < 400 {
            n += 1
            let w = WallTime(secondsSinceEpoch: local)
            let epoch = zoned.instant(of: w)
            if epoch > to { break }
            if epoch >= from && (step < 86400 || (local / 86400) % (step / 86400) == 0) { out.append(epoch) }
            local += unit
        }
        return out
    }
}

extension WallTime {
    /// `HH:MM`, seconds dropped.
    public var clockMinutesText: String { (hour < 10 ? "0" : "") + "\(hour):" + (minute < 10 ? "0" : "") + "\(minute)" }
    /// `HH:MM:SS`.
    public var clockSecondsText: String {
        (hour < 10 ? "0" : "") + "\(hour):" + (minute < 10 ? "0" : "") + "\(minute):" + (second < 10 ? "0" : "") + "\(second)"
    }
}

public enum DurationText {
    /// Rounded to the smallest unit shown, never cut: `20 s`, `45 min`, `1 h 30 min`,
    /// `1 d 2 h` (25 h 56 min).
    public static func format(minutes m: Double) -> String { format(seconds: (m * 60).rounded()) }

    public static func format(seconds s: Double) -> String {
        let seconds = Int64(max(s, 0).rounded())
        if seconds < 60 { return "\(seconds) s" }
        let minutes = (Double(seconds) / 60).rounded()
        if minutes < 60 { return "\(Int64(minutes)) min" }
        if minutes < 24 * 60 {
            let h = Int64(minutes) / 60, r = Int64(minutes) % 60
            return r == 0 ? "\(h) h" : "\(h) h \(r) min"
        }
        let hours = Int64((Double(seconds) / 3600).rounded())
        let d = hours / 24, h = hours % 24
        return h == 0 ? "\(d) d" : "\(d) d \(h) h"
    }
}
