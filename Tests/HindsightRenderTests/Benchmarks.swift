import Foundation
import HindsightLayout
import HindsightRender
import HindsightTestSupport
import Testing

/// Timings, not checks: run with `HINDSIGHT_BENCH=1` (ideally `-c release` and
/// `--filter Benchmarks` so that font setup is the first thing the process does).
@Suite(.serialized, .enabled(if: ProcessInfo.processInfo.environment["HINDSIGHT_BENCH"] != nil))
struct Benchmarks {
    static func milliseconds(_ body: () throws -> Void) rethrows -> Double {
        try HindsightTestSupport.milliseconds(body)
    }

    static func median(_ runs: Int, _ body: () throws -> Void) rethrows -> Double {
        let times = try (0..<runs).map { _ in try milliseconds(body) }.sorted()
        return times[runs / 2]
    }

    @Test func fontSetupAndFirstFigure() throws {
        let configure = try Self.milliseconds { try FontSetup.configure() }
        var measurer: PangoTextMeasurer!
        let firstMeasure = try Self.milliseconds {
            measurer = try PangoTextMeasurer()
            _ = measurer.measure("Deploy 📧 Ωμέγα", font: FontSpec(size: 13), wrapWidth: nil, align: .left)
        }
        let scene = TestScenes.timeline(measurer: measurer)
        let firstPNG = try Self.milliseconds { _ = try SceneRenderer.render(scene, format: .png) }
        print("font setup: configure() \(configure) ms, first measurement \(firstMeasure) ms, first PNG \(firstPNG) ms")
    }

    @Test func timelineFigure() throws {
        let measurer = try PangoTextMeasurer()
        let scene = TestScenes.timeline(measurer: measurer)
        print("timeline scene: \(scene.texts.count) texts, \(scene.items.count - scene.texts.count) shapes")
        for format in OutputFormat.allCases {
            for scale in format == .png ? [1.0, 2.0] : [1.0] {
                var bytes: [UInt8] = []
                _ = try SceneRenderer.render(scene, format: format, scale: scale)
                let ms = try Self.median(21) { bytes = try SceneRenderer.render(scene, format: format, scale: scale) }
                print("\(format) scale \(scale): median \(ms) ms, \(bytes.count) bytes")
                if let dir = ProcessInfo.processInfo.environment["HINDSIGHT_RENDER_DUMP"] {
                    try Data(bytes).write(to: URL(fileURLWithPath: dir).appendingPathComponent("timeline@\(Int(scale))x.\(format)"))
                }
            }
        }
        // The same pixels as RGBA: a background alpha that still rounds to 255 makes cairo use ARGB32.
        var rgba = scene
        rgba.background = rgba.background.withAlpha(0.9999)
        var bytes: [UInt8] = []
        let ms = try Self.median(21) { bytes = try SceneRenderer.render(rgba, format: .png) }
        print("png as RGBA: median \(ms) ms, \(bytes.count) bytes")
        let measure = Self.median(21) {
            let fresh = try! PangoTextMeasurer()
            for text in scene.texts {
                _ = fresh.measure(text.text, font: text.font, wrapWidth: text.wrapWidth, align: text.align)
            }
        }
        print("measuring the 40 texts, cold cache: median \(measure) ms")
    }

    @Test func twoThreads() throws {
        let measurer = try PangoTextMeasurer()
        let scene = TestScenes.timeline(measurer: measurer)
        _ = try SceneRenderer.render(scene, format: .png)
        let one = try Self.milliseconds { for _ in 0..<40 { _ = try SceneRenderer.render(scene, format: .png) } }
        let two = Self.milliseconds {
            DispatchQueue.concurrentPerform(iterations: 2) { _ in
                for _ in 0..<20 { _ = try! SceneRenderer.render(scene, format: .png) }
            }
        }
        print("40 PNGs: one thread \(one) ms, two threads \(two) ms")
    }
}
