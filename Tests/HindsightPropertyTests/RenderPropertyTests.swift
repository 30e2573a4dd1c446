import HindsightLayout
import HindsightModel
import HindsightRender
import Testing

/// Every valid incident lays out, in every figure and theme, keeping the scene invariants
/// (no overlapping or clipped text, every event labelled once and marked on its axis's
/// time-to-pixel mapping, contrast); timelines of up to 40 events stay horizontal charts; a
/// subset is drawn.
@Suite struct RenderPropertyTests {
    static let measurer = try! PangoTextMeasurer()
    static let themes: [Theme] = [.light, .dark, .highContrast]

    @Test(arguments: Generated.cases)
    func everyFigureAndThemeKeepsTheInvariants(_ c: GeneratedCase) throws {
        let incident = try c.incident()
        for theme in Self.themes {
            for figure in Figure.allCases {
                let scene = figure.scene(incident, theme: theme, measurer: Self.measurer)
                let problems = SceneCheck.problems(scene)
                #expect(problems.isEmpty, "\(figure) \(theme.name): \(problems.prefix(3))")
                #expect(!scene.alt.isEmpty, "\(figure) \(theme.name) has no alt text")
                if figure == .timeline {
                    #expect(scene.eventCount == incident.timeline.count)
                    // A chart, not a list, up to 40 events whatever their span; readable at 800 px.
                    if incident.timeline.count <= 40 { #expect(scene.chart?.orientation == .horizontal, "\(theme.name)") }
                    #expect(scene.texts.allSatisfy { $0.font.size >= 11 })
                }
            }
        }
    }

    /// Every fifth case, each figure in one theme (rotating), drawn to PNG.
    @Test(arguments: Generated.cases.enumerated().filter { $0.offset % 5 == 0 }.map(\.element))
    func rendersToPNG(_ c: GeneratedCase) throws {
        let incident = try c.incident()
        let theme = Self.themes[Int(c.seed % 3)]
        for figure in Figure.allCases {
            let png = try SceneRenderer.render(figure.scene(incident, theme: theme, measurer: Self.measurer), format: .png)
            #expect(png.starts(with: [0x89, 0x50, 0x4E, 0x47]), "\(figure) \(theme.name)")
        }
    }
}
