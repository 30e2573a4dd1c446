import Foundation
import HindsightLayout
import HindsightModel
import HindsightRender
import HindsightTestSupport
import Testing

@Suite struct MeasurerTests {
    let measurer: PangoTextMeasurer
    init() throws { measurer = try PangoTextMeasurer() }

    func width(_ text: String, _ font: FontSpec) -> Double {
        measurer.measure(text, font: font, wrapWidth: nil, align: .left).width
    }

    @Test func configureIsIdempotent() throws {
        try FontSetup.configure()
        try FontSetup.configure()
    }

    @Test func systemFontsAreInvisible() {
        let text = "Deploy 4.2.1 rolled back at 14:05"
        let inter = width(text, FontSpec(family: "Inter", size: 16))
        // DejaVu Serif is installed on the machine but not pinned; Liberation Sans may or may not be.
        #expect(width(text, FontSpec(family: "DejaVu Serif", size: 16)) == inter)
        #expect(width(text, FontSpec(family: "Liberation Sans", size: 16)) == inter)
        #expect(width(text, FontSpec(family: "sans-serif", size: 16)) == inter)
        // A pinned fallback family is visible when asked for by name.
        #expect(width(text, FontSpec(family: "DejaVu Sans", size: 16)) != inter)
    }

    @Test func emojiHasAWidth() {
        let metrics = measurer.measure("📧", font: FontSpec(size: 20), wrapWidth: nil, align: .left)
        #expect(metrics.width > 15)
        #expect(metrics.ink.w > 10 && metrics.ink.h > 10)
    }

    @Test func longerTextIsWider() {
        let font = FontSpec(size: 14)
        #expect(width("Rollback", font) < width("Rollback started", font))
        #expect(width("Rollback started", font) < width("Rollback started by on-call", font))
    }

    @Test func boldIsWiderThanRegular() {
        let text = "Incident declared"
        #expect(width(text, FontSpec(size: 14, weight: .bold)) > width(text, FontSpec(size: 14, weight: .regular)))
        #expect(width(text, FontSpec(size: 14, weight: .semibold)) > width(text, FontSpec(size: 14, weight: .medium)))
    }

    @Test(arguments: [TextAlign.left, .center, .right])
    func wrappingStaysInsideTheWrapWidth(align: TextAlign) {
        let text = "The payment gateway rejected every request for seventeen minutes after a certificate rotation"
        let font = FontSpec(size: 14)
        let single = measurer.measure(text, font: font, wrapWidth: nil, align: align)
        let wrapped = measurer.measure(text, font: font, wrapWidth: 160, align: align)
        #expect(single.lineCount == 1)
        #expect(wrapped.lineCount > 2)
        #expect(wrapped.width <= 160 + 1)
        #expect(wrapped.height > single.height * 2)
        #expect(wrapped.baseline == single.baseline)
    }

    @Test func unbreakableWordsWrapAtCharacters() {
        let metrics = measurer.measure("https://status.example.com/incidents/01HQZX8Y6K", font: FontSpec(size: 14),
                                       wrapWidth: 80, align: .left)
        #expect(metrics.lineCount > 1)
        #expect(metrics.width <= 81)
    }

    @Test func metricsDescribeTheBlock() {
        let metrics = measurer.measure("gyp Äj", font: FontSpec(size: 40), wrapWidth: nil, align: .left)
        #expect(metrics.lineCount == 1)
        #expect(metrics.baseline > 0 && metrics.baseline < metrics.height)
        // The ink of "Ä" and "gyp" reaches above the x-height and below the baseline.
        #expect(metrics.ink.minY < metrics.baseline - 25)
        #expect(metrics.ink.maxY > metrics.baseline + 5)
        #expect(metrics.ink.minX >= 0 && metrics.ink.maxX <= metrics.width + 1)
    }

    @Test func newMeasurersAgree() throws {
        let font = FontSpec(size: 13, weight: .medium, italic: true)
        let a = measurer.measure("Ünïcödé Ωμέγα Привет 📧", font: font, wrapWidth: 90, align: .center)
        let b = try PangoTextMeasurer().measure("Ünïcödé Ωμέγα Привет 📧", font: font, wrapWidth: 90, align: .center)
        #expect(a == b)
    }

    @Test func threadsMeasureTheSame() throws {
        let texts = (0..<300).map { "Event \($0): error budget \($0 * 7 % 100) % burned 📧 Ωμέγα" }
        let fonts = [FontSpec(size: 12), FontSpec(size: 15, weight: .bold), FontSpec(size: 11, italic: true)]
        // Separate measurers so the per-measurer cache cannot hide a difference.
        let measurers = try [PangoTextMeasurer(), PangoTextMeasurer()]
        let results = LockedBox<[[TextMetrics]]>([[], []])
        DispatchQueue.concurrentPerform(iterations: 2) { thread in
            let metrics = texts.enumerated().map { i, text in
                measurers[thread].measure(text, font: fonts[i % fonts.count], wrapWidth: i % 2 == 0 ? 120 : nil,
                                          align: .left)
            }
            results.withLock { $0[thread] = metrics }
        }
        let both = results.withLock { $0 }
        #expect(both[0].count == texts.count)
        #expect(both[0] == both[1])
    }
}

/// Inline Markdown reaches the figures as pango attributes: measured and drawn alike.
@Suite struct StyledTextTests {
    @Test func stylesChangeTheMeasureAndTheLabelStaysPlain() throws {
        let m = try PangoTextMeasurer()
        let font = FontSpec(family: "Inter", size: 14)
        func width(_ markdown: String) -> Double {
            let t = MarkdownText.styled(markdown)
            return m.measure(t.text, styles: t.styles, font: font, wrapWidth: nil, align: .left).width
        }
        let plain = width("rolled back the deploy")
        #expect(width("rolled back the **deploy**") > plain)
        #expect(width("rolled back the `deploy`") != plain)
        #expect(abs(width("rolled back the [deploy](https://x.example)") - plain) < 0.01, "an underline takes no room")
    }

    @Test func eventLabelsCarryStylesAndRender() throws {
        let m = try PangoTextMeasurer()
        var yaml = IncidentGenerator.yaml(seed: 7)
        yaml = yaml.replacingOccurrences(of: "kind: detected\n    text: \"", with: "kind: detected\n    text: \"**Pager** fired for `api` on *prod*: ")
        let incident = try #require(IncidentLoader.load(text: yaml, file: "s.yaml", format: .yaml).incident)
        let scene = Figure.timeline.scene(incident, theme: .light, measurer: m)
        let label = try #require(scene.texts.first { $0.role == .label && $0.events == [0] })
        #expect(label.text.hasPrefix("Pager fired for api on prod: "))
        #expect(label.styles.map(\.style) == [.bold, .code, .italic])
        #expect(SceneCheck.problems(scene).isEmpty)
        for format in [OutputFormat.png, .svg, .pdf] {
            #expect(try SceneRenderer.render(scene, format: format).count > 100)
        }
    }
}
