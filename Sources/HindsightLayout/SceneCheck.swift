import Foundation
import HindsightModel

/// The invariants every figure keeps: no two texts overlap, every text lies inside the canvas,
/// and (for a timeline) every event is labelled exactly once and marked on its axis's
/// time-to-pixel mapping. A test oracle and a warning; layouts never ask it whether they fit.
public enum SceneCheck {
    public static func problems(_ scene: Scene) -> [String] {
        var out: [String] = []
        let texts = scene.texts
        let canvas = scene.canvas
        for t in texts where !canvas.contains(t.extent) {
            out.append("text outside the canvas: \"\(t.text.prefix(40))\" at \(t.extent)")
        }
        // Sweep by x so large scenes stay fast.
        let order = texts.indices.sorted { texts[$0].extent.minX < texts[$1].extent.minX }
        for (n, i) in order.enumerated() {
            let a = texts[i].extent
            for j in order[(n + 1)...] {
                let b = texts[j].extent
                if b.minX >= a.maxX { break }
                if a.intersects(b) {
                    out.append("texts overlap: \"\(texts[i].text.prefix(30))\" and \"\(texts[j].text.prefix(30))\"")
                }
            }
        }
        out += contrastProblems(scene)
        if scene.kind == .timeline {
            var count = [Int](repeating: 0, count: scene.eventCount)
            for t in texts where t.role == .label {
                for e in t.events where e >= 0 && e < count.count { count[e] += 1 }
            }
            for (i, c) in count.enumerated() where c != 1 {
                out.append("event \(i) is labelled \(c) times")
            }
            out += chartProblems(scene)
        }
        return out
    }

    /// A timeline's axis: segments in order along the axis and in time, one marker per event,
    /// each on its segment's linear time-to-pixel mapping.
    public static func chartProblems(_ scene: Scene) -> [String] {
        guard let chart = scene.chart else { return ["the timeline records no axis"] }
        func epoch(_ iso: String) -> Int64? {
            guard case .success(.absolute(let w, let offset)) = TimeSyntax.parse(iso) else { return nil }
            return w.secondsAsIfUTC - Int64(offset)
        }
        var out: [String] = []
        let segments = chart.segments.compactMap { s in epoch(s.from).flatMap { f in epoch(s.to).map { (f, $0, s) } } }
        if segments.count != chart.segments.count || segments.isEmpty { return ["axis segments with unreadable times"] }
        for (a, b) in zip(segments, segments.dropFirst()) where !(a.1 < b.0 && a.2.end < b.2.start) {
            out.append("axis segments out of order: \(a.2) then \(b.2)")
        }
        for s in segments where s.1 < s.0 || s.2.end < s.2.start { out.append("axis segment runs backwards: \(s.2)") }
        if chart.markers.map(\.event) != Array(0..<scene.eventCount) { out.append("markers do not match the events one to one") }
        for m in chart.markers {
            guard let t = epoch(m.time), let s = segments.first(where: { t >= $0.0 && t <= $0.1 }) else {
                out.append("marker of event \(m.event) lies on no segment"); continue
            }
            let expected = s.1 == s.0 ? s.2.start : s.2.start + (s.2.end - s.2.start) * Double(t - s.0) / Double(s.1 - s.0)
            let actual = chart.orientation == .horizontal ? m.center.x : m.center.y
            if abs(actual - expected) > 0.01 { out.append("marker of event \(m.event) at \(actual), its time maps to \(expected)") }
        }
        return out
    }

    /// Texts whose colour has less than `minimum` contrast (WCAG AA: 4.5) with what is drawn
    /// beneath the middle of their box.
    public static func contrastProblems(_ scene: Scene, minimum: Double = 4.5) -> [String] {
        var out: [String] = []
        for (n, item) in scene.items.enumerated() {
            guard case .text(let t) = item else { continue }
            let p = Point(t.box.midX, t.box.midY)
            var below = scene.background
            for earlier in scene.items[..<n] {
                guard case .shape(let shape, let paint) = earlier, let fill = paint.fill, covers(shape, p) else { continue }
                below = fill.over(below)
            }
            let ratio = Theme.contrast(t.color.over(below), below)
            if ratio < minimum {
                out.append("low contrast \(String(format: "%.2f", ratio)):1 for \"\(t.text.prefix(30))\"")
            }
        }
        return out
    }

    static func covers(_ shape: Shape, _ p: Point) -> Bool {
        switch shape {
        case .rect(let r, _): return p.x >= r.minX && p.x <= r.maxX && p.y >= r.minY && p.y <= r.maxY
        case .circle(let c, let radius): return (p.x - c.x) * (p.x - c.x) + (p.y - c.y) * (p.y - c.y) <= radius * radius
        case .polygon(let pts):
            // Even-odd point-in-polygon.
            var inside = false
            var j = pts.count - 1
            for i in pts.indices {
                let a = pts[i], b = pts[j]
                if (a.y > p.y) != (b.y > p.y), p.x < (b.x - a.x) * (p.y - a.y) / (b.y - a.y) + a.x { inside.toggle() }
                j = i
            }
            return inside
        case .polyline: return false
        }
    }
}
