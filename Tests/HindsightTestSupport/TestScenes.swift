import Foundation
import HindsightLayout
import HindsightRender

/// Hand-built scenes for the render tests. Texts are measured with the real measurer, and each
/// text's measured logical box (blue) and ink box (red) are drawn under it as thin outlines, so
/// a rendered image shows at a glance whether text sits where it was measured.
public enum TestScenes {
    public static let ink = RGBA(r: 0.13, g: 0.15, b: 0.2)

    /// A text run at `origin` with its metrics from `measurer`, preceded by its boxes if `boxes`.
    public static func text(_ text: String, _ font: FontSpec, at origin: Point, wrapWidth: Double? = nil,
                     align: TextAlign = .left, color: RGBA = ink, boxes: Bool = true,
                     measurer: PangoTextMeasurer) -> [SceneItem] {
        let metrics = measurer.measure(text, font: font, wrapWidth: wrapWidth, align: align)
        let run = TextRun(text: text, font: font, color: color, origin: origin, wrapWidth: wrapWidth,
                          align: align, metrics: metrics, role: .label)
        guard boxes else { return [.text(run)] }
        return [
            .shape(.rect(run.box, cornerRadius: 0), Paint(stroke: RGBA(r: 0.2, g: 0.4, b: 1, a: 0.6), lineWidth: 0.5)),
            .shape(.rect(run.inkBox, cornerRadius: 0), Paint(stroke: RGBA(r: 1, g: 0.1, b: 0.1, a: 0.8), lineWidth: 0.5)),
            .text(run),
        ]
    }

    /// Shapes of every kind, wrapped and aligned text, colour emoji and non-Latin scripts.
    public static func sample(measurer: PangoTextMeasurer, title: String = "Render test") -> Scene {
        var items: [SceneItem] = [
            .shape(.rect(Rect(x: 20, y: 20, w: 360, h: 150), cornerRadius: 12),
                   Paint(fill: RGBA(hex: "#e8f0fe")!, stroke: RGBA(hex: "#1a73e8")!, lineWidth: 2)),
            .shape(.circle(center: Point(530, 100), radius: 50),
                   Paint(fill: RGBA(hex: "#fce8e6")!, stroke: RGBA(hex: "#d93025")!, lineWidth: 3)),
            .shape(.polygon([Point(620, 150), Point(690, 50), Point(760, 150)]),
                   Paint(fill: RGBA(hex: "#fef7e0")!, stroke: RGBA(hex: "#f9ab00")!, lineWidth: 2)),
            .shape(.polyline([Point(20, 380), Point(200, 320), Point(380, 360), Point(560, 300), Point(760, 340)]),
                   Paint(fill: RGBA(hex: "#ff0000")!, stroke: RGBA(hex: "#188038")!, lineWidth: 2, dash: [8, 4])),
        ]
        items += text("Incident INC-2041 — checkout outage", FontSpec(size: 22, weight: .bold),
                      at: Point(30, 30), measurer: measurer)
        items += text("Wrapped, centred: the payment gateway rejected every request for 17 minutes after a certificate rotation.",
                      FontSpec(size: 14), at: Point(30, 70), wrapWidth: 330, align: .center, measurer: measurer)
        items += text("📧 Paged on-call · ✓ ack", FontSpec(size: 16, weight: .medium), at: Point(30, 190), measurer: measurer)
        items += text("Ünïcödé Ωμέγα Привет", FontSpec(size: 18, italic: true), at: Point(30, 225), measurer: measurer)
        items += text("right aligned\nsecond, longer line", FontSpec(size: 13, weight: .semibold),
                      at: Point(560, 190), align: .right, measurer: measurer)
        items += text("Wrapped right: a long label that needs several lines", FontSpec(size: 12),
                      at: Point(400, 250), wrapWidth: 150, align: .right, color: RGBA(hex: "#5f6368")!, measurer: measurer)
        items += text("gyp Äj", FontSpec(size: 40), at: Point(600, 230), measurer: measurer)
        return Scene(figure: "card", width: 800, height: 400, background: RGBA(r: 1, g: 1, b: 1), items: items,
                     alt: "A test card with shapes & \"quoted\" <text>.", title: title)
    }

    /// A timeline-sized figure: 1600×600 with 40 text runs and 41 shapes, no debugging boxes.
    public static func timeline(measurer: PangoTextMeasurer) -> Scene {
        func text(_ text: String, _ font: FontSpec, at origin: Point, wrapWidth: Double? = nil,
                  align: TextAlign = .left) -> [SceneItem] {
            Self.text(text, font, at: origin, wrapWidth: wrapWidth, align: align, boxes: false, measurer: measurer)
        }
        var items: [SceneItem] = [
            .shape(.rect(Rect(x: 0, y: 0, w: 1600, h: 60), cornerRadius: 0), Paint(fill: RGBA(hex: "#f1f3f4")!)),
            .shape(.polyline([Point(60, 300), Point(1540, 300)]), Paint(stroke: RGBA(hex: "#5f6368")!, lineWidth: 2)),
        ]
        items += text("INC-2041: checkout outage, 2024-03-02", FontSpec(size: 24, weight: .bold), at: Point(60, 16))
        for i in 0..<13 {
            let x = 60 + Double(i) * 114
            items.append(.shape(.polyline([Point(x, 295), Point(x, 305)]), Paint(stroke: RGBA(hex: "#5f6368")!)))
            items += text(String(format: "%02d:%02d", 14 + i / 4, (i % 4) * 15), FontSpec(size: 12),
                          at: Point(x - 14, 310))
        }
        let labels = ["Deploy 4.2.1 starts", "Error rate above 5 %", "📟 On-call paged", "Incident declared",
                      "Rollback started", "Certificate rotated", "Gateway recovers", "Traffic back to normal",
                      "Status page updated", "Customer comms sent", "Monitoring extended", "Incident resolved",
                      "Postmortem scheduled"]
        for (i, label) in labels.enumerated() {
            let x = 80 + Double(i) * 112
            let up = i % 2 == 0
            items.append(.shape(.circle(center: Point(x, 300), radius: 6),
                                Paint(fill: RGBA(hex: "#d93025")!, stroke: RGBA(r: 1, g: 1, b: 1), lineWidth: 2)))
            items.append(.shape(.polyline([Point(x, up ? 290 : 310), Point(x, up ? 200 : 400)]),
                                Paint(stroke: RGBA(hex: "#9aa0a6")!, dash: [3, 3])))
            items += text(label, FontSpec(size: 13, weight: .semibold), at: Point(x - 50, up ? 140 : 410),
                          wrapWidth: 100, align: .center)
            items += text("+\(i * 7) min", FontSpec(size: 11), at: Point(x - 50, up ? 180 : 450))
        }
        return Scene(figure: "timeline", width: 1600, height: 600, background: RGBA(r: 1, g: 1, b: 1),
                     items: items, alt: "Timeline of INC-2041", title: "INC-2041")
    }
}
