import Foundation
import HindsightLayout
@testable import HindsightRender
import HindsightTestSupport
import Testing

/// Many threads drawing the same colour emoji and text in many faces at once, to every
/// surface cairo has: image (PNG, at two scales), PDF and cairo's SVG surface.
///
/// Cairo 1.16 keeps at most 10 FreeType faces open that it opened itself and closes one to
/// open another, racing with a thread that takes the face it closes (a SIGSEGV in libcairo at
/// 0x30, or glibc's "corrupted double-linked list"). The texts here use far more than 10 faces (Inter's
/// weights and styles, Noto's scripts, the CJK collection, the emoji font), so without the
/// faces `FontFaces` hands cairo, faces are closed and reopened all through this test.
@Suite struct ConcurrentRenderTests {
    static let measurer = try! PangoTextMeasurer()

    static func scene(_ seed: Int) -> Scene {
        let emoji = ["⚡", "⚠️", "☕", "✈️", "❤️", "⚙️", "☁️", "♻️", "☠️", "✉️", "⏱️", "❤️‍🔥", "📧", "🇯🇵", "👩🏽‍💻"]
        let scripts = ["東京リージョン", "한국어 장애", "خدمة البريد", "שלום עולם", "सेवा बाधित", "บริการล่ม", "Привет Ωμέγα", "বাংলা", "தமிழ்", "ქართული"]
        let weights: [FontWeight] = [.regular, .medium, .semibold, .bold]
        var items: [SceneItem] = []
        for (i, e) in emoji.enumerated() {
            let font = FontSpec(size: [11.0, 14, 16, 22][(i + seed) % 4], weight: weights[(i + seed) % 4], italic: (i + seed) % 3 == 0)
            items += TestScenes.text("\(e) Deploy \(scripts[(i + seed) % scripts.count]) \(e) ✓", font, at: Point(10, 10 + Double(i) * 26),
                                     boxes: false, measurer: measurer)
        }
        return Scene(figure: "card", width: 400, height: 420, background: RGBA(r: 1, g: 1, b: 1), items: items,
                     alt: "emoji", title: "emoji \(seed)")
    }

    @Test func threadsDrawingTheSameColourGlyphsOnEverySurface() throws {
        try FontSetup.configure()
        let failures = Locked(0)
        // Real threads, more than the cores: `concurrentPerform` would use one per core only.
        let group = DispatchGroup()
        for t in 0..<8 {
            group.enter()
            Thread {
                for i in 0..<6 {
                    let scene = Self.scene(i)
                    let ok: Bool
                    switch (t + i) % 5 {
                    case 0: ok = (try? SceneRenderer.render(scene, format: .png))?.isEmpty == false
                    case 1: ok = (try? SceneRenderer.render(scene, format: .png, scale: 2))?.isEmpty == false
                    case 2, 3: ok = (try? SceneRenderer.render(scene, format: .pdf))?.isEmpty == false
                    default: ok = (try? SceneRenderer.cairoSVG(scene))?.isEmpty == false
                    }
                    if !ok { failures.withLock { $0 += 1 } }
                }
                group.leave()
            }.start()
        }
        group.wait()
        #expect(failures.withLock { $0 } == 0)
    }
}
