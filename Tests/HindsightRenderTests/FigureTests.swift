import Foundation
import HindsightLayout
import HindsightModel
@testable import HindsightRender
import HindsightTestSupport
import Testing

/// Every figure of generated incidents, laid out with real pango: no overlapping or clipped
/// text, every event labelled once, text contrast at least 4.5:1, and every format renders.
@Suite struct FigureFamilyTests {
    static let family: [(String, IncidentGenerator.Options)] = [
        ("1 event, 3 min", .init(events: 1, spanMinutes: 3)),
        ("2 events, 3 min, offsets", .init(events: 2, spanMinutes: 3, zone: nil)),
        ("example-like", .init(events: 11, spanMinutes: 90, zone: "SAST")),
        ("burst", .init(events: 12, spanMinutes: 45, burst: true, zone: "Africa/Lagos")),
        ("long texts", .init(events: 8, spanMinutes: 120, textLength: 400, zone: "UTC+05:30")),
        ("unicode", .init(events: 10, spanMinutes: 200, unicode: true, zone: "Europe/Berlin")),
        ("multi-day", .init(events: 20, spanMinutes: 3 * 1440, zone: "America/New_York")),
        ("30 days", .init(events: 40, spanMinutes: 30 * 1440, zone: "-03:00")),
        ("100 events", .init(events: 100, spanMinutes: 600, zone: "JST")),
        ("300 events", .init(events: 300, spanMinutes: 2000, unicode: true, zone: "PDT")),
    ]

    static let measurer = try! PangoTextMeasurer()

    static func incident(_ o: IncidentGenerator.Options, seed: UInt64) throws -> Incident {
        let r = IncidentLoader.load(text: IncidentGenerator.yaml(seed: seed, o), file: "gen.yaml", format: .yaml)
        return try #require(r.incident, "generated incident is invalid: \(r.diagnostics.map(\.text))")
    }

    @Test(arguments: family.indices)
    func everyFigureAndThemeKeepsTheInvariants(index: Int) throws {
        let (name, options) = Self.family[index]
        for seed: UInt64 in [1, 2] {
            let incident = try Self.incident(options, seed: seed + UInt64(index) * 100)
            for theme in [Theme.light, .dark, .highContrast] {
                for figure in Figure.allCases {
                    let scene = figure.scene(incident, theme: theme, measurer: Self.measurer)
                    let problems = SceneCheck.problems(scene)
                    #expect(problems.isEmpty, "\(name) seed \(seed) \(figure) \(theme.name): \(problems.prefix(3))")
                    if figure == .timeline {
                        #expect(scene.eventCount == incident.timeline.count)
                    }
                    #expect(!scene.alt.isEmpty)
                }
            }
        }
    }

    @Test(arguments: [0, 3, 6, 9])
    func everyFormatRenders(index: Int) throws {
        let incident = try Self.incident(Self.family[index].1, seed: 7)
        for figure in Figure.allCases {
            let scene = figure.scene(incident, theme: .dark, measurer: Self.measurer)
            let png = try SceneRenderer.render(scene, format: .png)
            #expect(png.starts(with: [0x89, 0x50, 0x4E, 0x47]))
            let svg = String(decoding: try SceneRenderer.render(scene, format: .svg), as: UTF8.self)
            #expect(svg.hasPrefix("<?xml"))
            let pdf = try SceneRenderer.render(scene, format: .pdf)
            #expect(pdf.starts(with: Array("%PDF".utf8)))
        }
    }

    @Test func scaleMultipliesPixels() throws {
        let incident = try Self.incident(Self.family[2].1, seed: 3)
        let scene = Figure.card.scene(incident, theme: .light, measurer: Self.measurer)
        for scale in [2.0, 3.0] {
            let img = try RasterImage.decode(png: try SceneRenderer.render(scene, format: .png, scale: scale))
            #expect(img.width == Int(1200 * scale) && img.height == Int(630 * scale))
        }
    }

    @Test func cardIsAlwaysPreviewSize() throws {
        for (_, o) in Self.family {
            let scene = Figure.card.scene(try Self.incident(o, seed: 5), theme: .light, measurer: Self.measurer)
            #expect(scene.width == 1200 && scene.height == 630)
        }
    }
}

/// The look of the built-in example and of the incident fixtures, pinned by reference images in Tests/Goldens. A few
/// differing pixels are tolerated (anti-aliasing); on failure a diff image is written beside
/// the test run and its path printed. `HINDSIGHT_UPDATE_GOLDENS=1 swift test` rewrites them.
@Suite struct GoldenImageTests {
    static let dir = Fixtures.goldens

    /// The example in light and dark, and each incident of Tests/Fixtures/incidents in light.
    static let cases: [(stem: String, yaml: String, figure: Figure, theme: String)] = {
        var out = Figure.allCases.flatMap { f in ["light", "dark"].map { (BuiltinExample.stem, BuiltinExample.yaml, f, $0) } }
        for name in IncidentFixtureTests.names {
            let yaml = (try? String(contentsOf: IncidentFixtureTests.dir.appendingPathComponent(name), encoding: .utf8)) ?? ""
            out += Figure.allCases.map { (String(name.dropLast(5)), yaml, $0, "light") }
        }
        return out
    }()

    @Test(arguments: cases.indices)
    func figureMatchesGolden(index: Int) throws {
        let c = Self.cases[index]
        let incident = try #require(IncidentLoader.load(text: c.yaml, file: "\(c.stem).yaml", completeness: .partial).incident)
        let scene = c.figure.scene(incident, theme: Theme.builtIn[c.theme]!, measurer: FigureFamilyTests.measurer)
        try Self.compare(try SceneRenderer.render(scene, format: .png), golden: "\(c.stem)-\(c.figure.rawValue)-\(c.theme)")
    }

    /// `png` against `Tests/Goldens/<golden>.png` (0.2 % of pixels may differ), or written
    /// there with `HINDSIGHT_UPDATE_GOLDENS=1`.
    static func compare(_ png: [UInt8], golden name: String) throws {
        let golden = Self.dir.appendingPathComponent("\(name).png")
        if ProcessInfo.processInfo.environment["HINDSIGHT_UPDATE_GOLDENS"] == "1" {
            try Data(png).write(to: golden)
            return
        }
        let expected = try RasterImage.decode(png: Array(try Data(contentsOf: golden)))
        let actual = try RasterImage.decode(png: png)
        let (count, diff) = actual.difference(from: expected)
        let allowed = actual.pixels.count / 500 // 0.2 %
        if count > allowed {
            let out = FileManager.default.temporaryDirectory.appendingPathComponent("hindsight-golden-diff-\(name).png")
            if let diff { try Data(try diff.png()).write(to: out) }
            try Data(png).write(to: out.deletingPathExtension().appendingPathExtension("actual.png"))
            Issue.record("\(name): \(count) pixels differ (allowed \(allowed)); diff image: \(out.path)")
        }
    }

    @Test func differenceFindsChangedPixels() throws {
        var a = RasterImage(width: 4, height: 4, pixels: Array(repeating: 0xFFFF_FFFF, count: 16))
        let b = a
        a.pixels[5] = 0xFF00_0000
        let (count, diff) = a.difference(from: b)
        #expect(count == 1)
        #expect(diff?.pixels[5] == 0xFFFF_0000)
        let round = try RasterImage.decode(png: try a.png())
        #expect(round == a)
    }
}
