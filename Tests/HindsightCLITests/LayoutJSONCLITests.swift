import Foundation
import HindsightTestSupport
import Testing

/// The `--layout-json` contract of a timeline as acceptance checks read it: one marker per
/// event, the axis's unbroken stretches, each marker on its stretch's linear time-to-pixel
/// mapping, across gap breaks too; texts inside the canvas and apart.
@Suite struct LayoutJSONCLITests {
    static func epoch(_ iso: String) throws -> Double {
        let f = ISO8601DateFormatter()
        f.formatOptions = [.withInternetDateTime]
        return try #require(f.date(from: iso)).timeIntervalSince1970
    }

    func layout(_ fixture: String) throws -> [String: Any] {
        let dir = try Scratch.directory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let input = Fixtures.root.appendingPathComponent("incidents/\(fixture).yaml").path
        let r = try CLI.run(["render", input, "-o", dir.path, "--figure", "timeline", "--format", "svg", "--layout-json"])
        #expect(r.status == 0, "\(r.stderr)")
        let data = try Data(contentsOf: dir.appendingPathComponent("\(fixture)-timeline.layout.json"))
        return try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
    }

    @Test(arguments: [("cloudflare-regex-2019", 1), ("gitlab-db-2017", 2), ("aws-derecho-2012", 3)])
    func markersLieOnTheirSegments(fixture: String, segmentCount: Int) throws {
        let json = try layout(fixture)
        let axis = try #require(json["axis"] as? [String: Any])
        #expect(axis["orientation"] as? String == "horizontal")
        let segments = try #require(axis["segments"] as? [[String: Any]])
        #expect(segments.count == segmentCount)
        let spans = try segments.map { s in
            (from: try Self.epoch(s["from"] as! String), to: try Self.epoch(s["to"] as! String),
             start: try #require(s["start"] as? Double), end: try #require(s["end"] as? Double))
        }
        for (a, b) in zip(spans, spans.dropFirst()) {
            #expect(a.to < b.from && a.end < b.start, "segments in order along the axis and in time")
        }
        let markers = try #require(json["markers"] as? [[String: Any]])
        #expect(markers.map { $0["event"] as? Int } == Array(0..<(json["events"] as! Int)))
        for m in markers {
            let t = try Self.epoch(try #require(m["time"] as? String))
            let s = try #require(spans.first { t >= $0.from && t <= $0.to }, "marker \(m) on no segment")
            let expected = s.start + (s.end - s.start) * (t - s.from) / (s.to - s.from)
            #expect(abs((m["x"] as! Double) - expected) < 0.02, "\(m)")
        }
        // Every text inside the canvas, no two overlapping, every event labelled once.
        let w = json["width"] as! Double, h = json["height"] as! Double
        let texts = try #require(json["texts"] as? [[String: Any]])
        let boxes = texts.map { (x: $0["x"] as! Double, y: $0["y"] as! Double, w: $0["w"] as! Double, h: $0["h"] as! Double) }
        #expect(boxes.allSatisfy { $0.x >= 0 && $0.y >= 0 && $0.x + $0.w <= w && $0.y + $0.h <= h })
        for i in boxes.indices { for j in boxes.indices where j > i {
            let a = boxes[i], b = boxes[j]
            #expect(!(a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h), "\(texts[i]["text"]!) / \(texts[j]["text"]!)")
        } }
        let labelled = texts.filter { $0["role"] as? String == "label" }.flatMap { $0["events"] as! [Int] }
        #expect(labelled.sorted() == Array(0..<(json["events"] as! Int)))
    }
}

/// A low-contrast theme is warned about, and the chart keeps its shape (it used to turn the
/// example vertical, because the layout asked the contrast check whether it fitted).
@Suite struct SceneCheckWarningTests {
    @Test func lowContrastThemeWarnsAndStaysHorizontal() throws {
        let dir = try Scratch.directory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let theme = dir.appendingPathComponent("faint.yaml")
        try "name: faint\nbase: light\ncolors:\n  text: \"#eeeeee\"\n  muted_text: \"#f2f2f2\"\n".write(to: theme, atomically: true, encoding: .utf8)
        let example = Fixtures.example.path
        let r = try CLI.run(["render", example, "-o", dir.path, "--figure", "timeline", "--format", "svg", "--layout-json", "--theme", theme.path])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stderr.contains("low contrast") && r.stderr.contains("[scene-check]"), "\(r.stderr)")
        let data = try Data(contentsOf: dir.appendingPathComponent("email-outage-timeline.layout.json"))
        let json = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        #expect((json["axis"] as? [String: Any])?["orientation"] as? String == "horizontal")
    }

    /// The impact figure of a status page with components: each component's name is there,
    /// with a role of the contract's list (`other`), and the legend names every status.
    @Test func componentNamesHaveAContractRole() throws {
        let dir = try Scratch.directory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let input = Fixtures.root.appendingPathComponent("history/statuspage-components.json").path
        let r = try CLI.run(["render", input, "-o", dir.path, "--figure", "impact", "--image-format", "svg", "--layout-json"])
        #expect(r.status == 0 && r.stderr.isEmpty, "\(r.stderr)")
        let data = try Data(contentsOf: dir.appendingPathComponent("statuspage-components-impact.layout.json"))
        let json = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        let texts = try #require(json["texts"] as? [[String: Any]])
        let contract: Set<String> = ["title", "subtitle", "tick", "label", "time", "legend", "annotation", "value", "other"]
        #expect(texts.allSatisfy { contract.contains($0["role"] as? String ?? "") })
        let names = texts.filter { $0["role"] as? String == "other" }.compactMap { $0["text"] as? String }
            .filter { ["Document sync", "Web editor", "Webhooks"].contains($0) || $0.hasPrefix("Full-text search") }
        #expect(names.count == 4)
        #expect(names.first == "Document sync" && names.contains { $0.hasPrefix("Full-text search") })
        #expect(Set(texts.filter { $0["role"] as? String == "legend" }.compactMap { $0["text"] as? String })
                == ["Operational", "Under maintenance", "Degraded performance", "Partial outage", "Major outage"])
    }
}
