/// The invariants every figure keeps: no two texts overlap, every text lies inside the canvas,
/// and (for a timeline) every event is labelled exactly once.
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
        if scene.figure == "timeline" {
            var count = [Int](repeating: 0, count: scene.eventCount)
            for t in texts where t.role == .label {
                for e in t.events where e >= 0 && e < count.count { count[e] += 1 }
            }
            for (i, c) in count.enumerated() where c != 1 {
                out.append("event \(i) is labelled \(c) times")
            }
        }
        return out
    }
}
