import Foundation
import Testing
import HindsightModel
import HindsightLayout
import HindsightRender
import HindsightImport

/// The impact figure's per-component status bands (`impact.components`, a status page's
/// `affected_components`): one labelled band per component over the outage window.
@Suite struct ComponentBandTests {
    static let history = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures/history")

    static func statusPage() throws -> Incident {
        let name = "statuspage-components.json"
        let bytes = Array(try Data(contentsOf: history.appendingPathComponent(name)))
        let r = InputLoading.load(bytes: bytes, file: name, format: .json)
        return try #require(r.incident, "\(r.diagnostics.map(\.text))")
    }

    static func impact(_ i: Incident, width: Double = 1600, theme: Theme = .light) -> Scene {
        ImpactLayout(measurer: FigureFamilyTests.measurer, width: width, theme: theme).layout(i)
    }

    @Test(arguments: ["light", "dark"])
    func statusPageComponentsMatchGolden(theme: String) throws {
        let scene = Self.impact(try Self.statusPage(), theme: Theme.builtIn[theme]!)
        try GoldenImageTests.compare(try SceneRenderer.render(scene, format: .png), golden: "statuspage-components-impact-\(theme)")
    }

    /// The page's order of components, each status from its update until the next, cut to the
    /// window; a change back to `operational` at the very end leaves nothing to draw.
    @Test func intervalsFromTheUpdates() throws {
        let i = try Self.statusPage()
        let c = i.impact.components
        #expect(c.map(\.name) == ["Document sync", "Full-text search across shared workspaces and archived projects", "Web editor", "Webhooks"])
        func spans(_ k: Int) -> [String] { c[k].intervals.map { "\($0.from.wall.clockMinutesText)-\($0.to.wall.clockMinutesText) \($0.status.rawValue)" } }
        #expect(spans(0) == ["14:04-14:52 major_outage", "14:52-15:38 degraded_performance", "15:38-16:31 operational"])
        #expect(spans(1) == ["14:04-14:15 operational", "14:15-15:38 partial_outage", "15:38-16:31 degraded_performance"])
        #expect(spans(3) == ["14:04-14:30 operational", "14:30-15:38 degraded_performance", "15:38-16:31 under_maintenance"])
    }

    /// No overlap, nothing off the canvas, enough contrast; one name per component, left of
    /// its band, in rows that do not touch; the bands inside the axis.
    @Test(arguments: [480.0, 800, 1200, 1600])
    func bandsKeepTheInvariants(width: Double) throws {
        var i = try Self.statusPage()
        // Many components with long and right-to-left names.
        i.impact.components += (0..<10).map { k in
            ComponentImpact(name: k % 3 == 0 ? "خدمة الدفع \(k)" : "Regional edge cache cluster number \(k) (eu-west)", intervals: [
                .init(from: i.start!, to: i.end!, status: ComponentStatus.allCases[k % 5]),
            ])
        }
        for theme in [Theme.light, .dark, .highContrast] {
            let scene = Self.impact(i, width: width, theme: theme)
            #expect(SceneCheck.problems(scene).isEmpty, "\(width) \(theme.name): \(SceneCheck.problems(scene).prefix(3))")
            let names = scene.texts.filter { $0.role == .component }
            #expect(names.count == i.impact.components.count)
            for (a, b) in zip(names, names.dropFirst()) { #expect(a.extent.maxY < b.extent.minY) }
            #expect(names.allSatisfy { $0.extent.minX >= 40 && $0.extent.maxX <= width / 3 + 40 })
            let legend = Set(scene.texts.filter { $0.role == .legend }.map(\.text))
            #expect(legend == Set(ComponentStatus.allCases.map(\.title)))
        }
    }

    @Test func noComponentsNoBands() throws {
        var i = try Self.statusPage()
        i.impact.components = []
        let scene = Self.impact(i)
        #expect(!scene.texts.contains { $0.role == .component || $0.text == "Component status" })
        #expect(!scene.alt.contains("major outage 14:04"))
        #expect(Self.impact(try Self.statusPage()).alt.contains("Document sync: major outage 14:04–14:52"))
    }
}
