import Foundation
import Testing
@testable import HindsightModel

/// `impact.components`: each component's status intervals, decoded with positions, exported
/// and read back, declared in the format v1 field table.
@Suite struct ComponentImpactTests {
    static func yaml(_ components: String) -> String {
        incidentYAML(extra: "").replacingOccurrences(of: "  users_affected_percent: 10\n", with: "  users_affected_percent: 10\n  components:\n" + components)
    }

    static let good = """
        - name: API
          intervals:
            - {from: "10:00", to: "10:20", status: major_outage}
            - {from: "10:20", to: "10:50", status: degraded_performance}
            - {from: "10:50", to: "11:00", status: operational}
        - name: Maintenance window
          intervals:
            - {from: "2025-01-10 10:05", to: "10:30", status: under_maintenance}

    """

    static func diagnostics(_ components: String, completeness: Completeness = .required) -> [Diagnostic] {
        IncidentLoader.load(text: yaml(components), file: "t.yaml", format: .yaml, completeness: completeness).diagnostics
    }

    @Test func decodesIntervalsInOrder() throws {
        let r = load(Self.yaml(Self.good))
        let i = try #require(r.incident, "\(r.diagnostics.map(\.text))")
        #expect(r.diagnostics.isEmpty)
        #expect(i.impact.components.map(\.name) == ["API", "Maintenance window"])
        let api = i.impact.components[0]
        #expect(api.intervals.map(\.status) == [.majorOutage, .degradedPerformance, .operational])
        #expect(api.intervals[0].from == i.start && api.intervals[2].to == i.end)
        #expect(i.impact.components[1].intervals.map(\.status) == [.underMaintenance])
    }

    @Test func unknownStatusNamesTheNearest() {
        let d = Self.diagnostics("""
            - name: API
              intervals:
                - {from: "10:00", to: "10:20", status: major_outge}

        """)
        let e = d.first { $0.rule == "status-unknown" }
        #expect(e?.severity == .error)
        #expect(e?.message.contains("did you mean `major_outage`?") == true)
        // At the status itself: line 11 (after the 11 lines before it).
        #expect(e?.location.line == 12)
        #expect(e?.location.column == 48)
    }

    @Test func intervalsOutOfOrderOrEmpty() {
        let overlap = Self.diagnostics("""
            - name: API
              intervals:
                - {from: "10:00", to: "10:30", status: major_outage}
                - {from: "10:20", to: "10:40", status: partial_outage}

        """)
        #expect(overlap.filter { $0.rule == "interval-order" }.count == 1)
        #expect(overlap.first { $0.rule == "interval-order" }?.message.contains("before the interval before it ends") == true)
        let backwards = Self.diagnostics("""
            - name: API
              intervals:
                - {from: "10:30", to: "10:10", status: major_outage}

        """)
        #expect(backwards.first { $0.rule == "interval-order" }?.message.contains("must be after") == true)
    }

    @Test func intervalsOutsideTheWindow() {
        let c = """
            - name: API
              intervals:
                - {from: "09:50", to: "10:20", status: major_outage}
                - {from: "10:20", to: "11:10", status: degraded_performance}

        """
        let strict = Self.diagnostics(c).filter { $0.rule == "interval-outside-window" }
        #expect(strict.count == 2 && strict.allSatisfy { $0.severity == .error })
        // A draft is drawn; the figure cuts the band to the window.
        let draft = IncidentLoader.load(text: Self.yaml(c), file: "t.yaml", format: .yaml, completeness: .partial)
        #expect(draft.diagnostics.filter { $0.rule == "interval-outside-window" }.allSatisfy { $0.severity == .warning })
        #expect(draft.incident?.impact.components.first?.intervals.count == 2)
    }

    /// An unknown status does not hide the interval's other problems: one run reports all.
    @Test func everyProblemInOneRun() {
        let d = Self.diagnostics("""
            - name: API
              intervals:
                - {from: "09:50", to: "10:20", status: major_outge}
                - {from: "10:10", to: "10:40", status: partial_outage}

        """)
        #expect(d.map(\.rule) == ["interval-outside-window", "status-unknown", "interval-order"])
        #expect(d.map(\.location.line) == [12, 12, 13])
    }

    @Test func missingFieldsAndDuplicates() {
        let d = Self.diagnostics("""
            - name: API
              intervals:
                - {from: "10:00", status: major_outage}
            - name: API
              intervals: []
            - intervals: []

        """)
        #expect(d.contains { $0.rule == "required" && $0.message.contains("impact.components[0].intervals[0].to") })
        #expect(d.contains { $0.rule == "duplicate-component" })
        #expect(d.contains { $0.rule == "required" && $0.message.contains("impact.components[2].name") })
    }

    @Test func exportReadsBack() throws {
        let i = try #require(load(Self.yaml(Self.good)).incident)
        let json = IncidentExport.json(i).serialized()
        let back = try #require(IncidentLoader.load(text: json, file: "x.json", format: .json).incident)
        #expect(back.impact.components.map(\.name) == i.impact.components.map(\.name))
        #expect(back.impact.components.flatMap(\.intervals).map { [$0.from.epoch, $0.to.epoch] } == i.impact.components.flatMap(\.intervals).map { [$0.from.epoch, $0.to.epoch] })
        #expect(back.impact.components.flatMap(\.intervals).map(\.status) == i.impact.components.flatMap(\.intervals).map(\.status))
        let yaml = try IncidentExport.yaml(i)
        #expect(try #require(IncidentLoader.load(text: yaml, file: "x.yaml", format: .yaml).incident).impact.components.count == 2)
    }

    @Test func noComponentsWritesNoKey() throws {
        let i = try #require(load(incidentYAML()).incident)
        #expect(i.impact.components.isEmpty)
        #expect(IncidentExport.json(i)["impact"]?["components"] == nil)
    }
}

extension FormatV1Tests {
    @Test func schemaOfImpactMatchesTheFieldTable() throws {
        let impact = try #require(IncidentSchema.json["properties"]?["impact"])
        guard case .object(let props)? = impact["properties"] else { Issue.record("no impact properties"); return }
        #expect(props.map(\.0) == FormatV1.impactFields)
        let component = try #require(impact["properties"]?["components"]?["items"])
        guard case .object(let cprops)? = component["properties"] else { Issue.record("no component properties"); return }
        #expect(cprops.map(\.0) == FormatV1.componentFields)
        let interval = try #require(component["properties"]?["intervals"]?["items"])
        guard case .object(let iprops)? = interval["properties"] else { Issue.record("no interval properties"); return }
        #expect(iprops.map(\.0) == FormatV1.intervalFields)
        #expect(interval["properties"]?["status"]?["enum"] == .array(ComponentStatus.allCases.map { .string($0.rawValue) }))
    }

    /// The template shows `impact.components` commented out: uncommented, it decodes, and it
    /// names every status there is.
    @Test func templateComponentsExampleDecodes() throws {
        let lines = IncidentTemplate.yaml.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let start = try #require(lines.firstIndex { $0.hasPrefix("  # components:") })
        var uncommented = lines
        var k = start
        while k < lines.count, lines[k].hasPrefix("  #  ") || k == start {
            uncommented[k] = lines[k].replacingOccurrences(of: "  # ", with: "  ", options: .anchored)
            k += 1
        }
        #expect(k - start >= 4)
        let i = try #require(load(uncommented.joined(separator: "\n")).incident)
        #expect(!i.impact.components.isEmpty)
        let statusLine = try #require(lines.first { $0.contains("# status:") })
        for s in ComponentStatus.allCases { #expect(statusLine.contains(s.rawValue), "\(s)") }
    }
}

/// The one did-you-mean, for the decoders and the command line alike.
@Suite struct SuggestTests {
    @Test func nearestByEditsWithSwapsAsOne() {
        #expect(Suggest.distance(Array("rendr"), Array("render")) == 1)
        #expect(Suggest.distance(Array("tiemline"), Array("timeline")) == 1)   // a swap
        #expect(Suggest.distance(Array("abc"), Array("")) == 3)
        #expect(Suggest.nearest("major_outge", in: ComponentStatus.allCases.map(\.rawValue)) == "major_outage")
        #expect(Suggest.nearest("DETECTD", in: ["detected", "action"]) == "detected")
        // On a tie, the earlier candidate; beyond the distance, none.
        #expect(Suggest.nearest("cat", in: ["bat", "cap"], maxDistance: 1) == "bat")
        #expect(Suggest.nearest("zzzzzz", in: ["timeline"], maxDistance: 3) == nil)
    }

    @Test func commandLineAllowsFewEditsOrABeginning() {
        let commands = ["render", "report", "embed", "batch", "check", "export", "schema", "init"]
        #expect(Suggest.commandLine("rendr", in: commands) == "render")
        #expect(Suggest.commandLine("rpeort", in: commands) == "report")
        #expect(Suggest.commandLine("sch", in: commands) == "schema")
        #expect(Suggest.commandLine("xy", in: commands) == nil)
        #expect(Suggest.commandLine("tmeline", in: ["timeline", "impact", "card", "all"]) == "timeline")
    }
}
