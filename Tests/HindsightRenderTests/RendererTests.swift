import Foundation
import HindsightLayout
import HindsightRender
import HindsightTestSupport
import Testing

@Suite struct RendererTests {
    let measurer: PangoTextMeasurer
    let scene: Scene
    init() throws {
        measurer = try PangoTextMeasurer()
        scene = TestScenes.sample(measurer: measurer)
    }

    /// (width, height) from a PNG's IHDR chunk.
    func pngSize(_ bytes: [UInt8]) -> (Int, Int) {
        func be32(_ at: Int) -> Int { bytes[at..<at + 4].reduce(0) { $0 << 8 | Int($1) } }
        return (be32(16), be32(20))
    }

    func text(_ bytes: [UInt8]) -> String { String(decoding: bytes, as: UTF8.self) }

    @Test(arguments: [1.0, 2.0])
    func png(scale: Double) throws {
        let bytes = try SceneRenderer.render(scene, format: .png, scale: scale)
        #expect(Array(bytes.prefix(8)) == [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A])
        #expect(text(Array(bytes[12..<16])) == "IHDR")
        let (w, h) = pngSize(bytes)
        #expect(w == Int(800 * scale) && h == Int(400 * scale))
        #expect(bytes[25] == 2, "an opaque background gives an RGB PNG (colour type 2)")
        try dump(bytes, as: scale == 1 ? "render-test.png" : "render-test@2x.png")
    }

    @Test func translucentBackgroundGivesRGBA() throws {
        var clear = scene
        clear.background = RGBA(r: 1, g: 1, b: 1, a: 0)
        let bytes = try SceneRenderer.render(clear, format: .png)
        #expect(bytes[25] == 6, "colour type 6 is RGBA")
    }

    @Test func svg() throws {
        let svg = text(try SceneRenderer.render(scene, format: .svg))
        #expect(svg.hasPrefix("<?xml"))
        #expect(svg.contains("width=\"800px\"") && svg.contains("height=\"400px\""))
        #expect(svg.contains("<title>Render test</title>"))
        #expect(svg.contains("<desc>A test card with shapes &amp; &quot;quoted&quot; &lt;text&gt;.</desc>"))
        #expect(svg.hasSuffix("</svg>\n"))
        try dump(Array(svg.utf8), as: "render-test.svg")
    }

    @Test func pdf() throws {
        let metadata = DocumentMetadata(author: "SRE team", creationDate: Date(timeIntervalSince1970: 1_709_387_100))
        let bytes = try SceneRenderer.render(scene, format: .pdf, metadata: metadata)
        let pdf = String(decoding: bytes, as: Unicode.ASCII.self)
        #expect(pdf.hasPrefix("%PDF-"))
        #expect(pdf.contains("/Title (Render test)"))
        #expect(pdf.contains("/Author (SRE team)"))
        // cairo 1.16 writes the date without the "D:" prefix; pdfinfo and browsers read it.
        #expect(pdf.contains("/CreationDate (20240302134500Z)"))
        #expect(pdf.contains("/MediaBox [ 0 0 600 300 ]"), "800×400 px at 0.75 pt per px")
        try dump(bytes, as: "render-test.pdf")
    }

    @Test(arguments: OutputFormat.allCases)
    func outputIsReproducible(format: OutputFormat) throws {
        let first = try SceneRenderer.render(scene, format: format)
        // Another document in between advances cairo's process-wide surface counter.
        _ = try SceneRenderer.render(TestScenes.sample(measurer: measurer, title: "Other"), format: format)
        let second = try SceneRenderer.render(scene, format: format)
        let same = first == second  // compared outside #expect, which would print every byte
        #expect(same)
    }

    @Test(arguments: OutputFormat.allCases)
    func threadsRenderTheSame(format: OutputFormat) throws {
        let scene = self.scene
        let outputs = LockedBox<[[UInt8]]>([[], []])
        DispatchQueue.concurrentPerform(iterations: 2) { thread in
            let bytes = (0..<5).map { _ in (try? SceneRenderer.render(scene, format: format)) ?? [] }
            #expect(Set(bytes).count == 1)
            outputs.withLock { $0[thread] = bytes[0] }
        }
        let both = outputs.withLock { $0 }
        let same = both[0] == both[1]
        #expect(!both[0].isEmpty && same)
    }

    @Test func pdfDateComesFromSourceDateEpochWhenNotGiven() throws {
        let bytes = try SceneRenderer.render(scene, format: .pdf)
        let pdf = String(decoding: bytes, as: Unicode.ASCII.self)
        let expected = ProcessInfo.processInfo.environment["SOURCE_DATE_EPOCH"].map { _ in "/CreationDate (" }
            ?? "/CreationDate (19700101000000Z)"
        #expect(pdf.contains(expected))
    }

    @Test func badArgumentsThrow() {
        #expect(throws: RenderError.self) { try SceneRenderer.render(scene, format: .png, scale: 0) }
        var empty = scene
        empty.width = 0
        #expect(throws: RenderError.self) { try SceneRenderer.render(empty, format: .svg) }
        var huge = scene
        huge.width = 40_000
        #expect {
            try SceneRenderer.render(huge, format: .png)
        } throws: { error in
            "\(error)" == "a PNG cannot be wider than 32767 pixels; this one would be 40000 (lower --scale or --width)"
        }
        var badDash = scene
        badDash.items.append(.shape(.polyline([Point(0, 0), Point(9, 9)]), Paint(stroke: RGBA(r: 0, g: 0, b: 0), dash: [0, 0])))
        #expect {
            try SceneRenderer.render(badDash, format: .pdf)
        } throws: { error in
            "\(error)" == "cairo failed to draw the scene: invalid value for a dash setting"
        }
    }

    /// Writes `bytes` to `$HINDSIGHT_RENDER_DUMP/name` when that variable is set, for looking
    /// at the output by eye.
    func dump(_ bytes: [UInt8], as name: String) throws {
        guard let dir = ProcessInfo.processInfo.environment["HINDSIGHT_RENDER_DUMP"] else { return }
        try Data(bytes).write(to: URL(fileURLWithPath: dir).appendingPathComponent(name))
    }
}
