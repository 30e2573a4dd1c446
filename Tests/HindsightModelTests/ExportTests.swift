import Foundation
import HindsightTestSupport
import Testing
@testable import HindsightModel

@Suite struct ExportTests {
    @Test func exampleExport() throws {
        let i = try #require(load(BuiltinExample.yaml).incident)
        let j = IncidentExport.json(i)
        #expect(j["duration_minutes"] == .number(90))
        #expect(j["start"] == .string("2024-04-18T09:30:00+02:00"))
        #expect(j["end"] == .string("2024-04-18T11:00:00+02:00"))
        #expect(j["timezone"] == .string("SAST"))
        #expect(j["metrics"]?["time_to_detect_minutes"] == .number(0))
        #expect(j["metrics"]?["time_to_mitigate_minutes"] == .number(70))
        #expect(j["metrics"]?["time_to_resolve_minutes"] == .number(90))
        let s = j.serialized(pretty: true)
        #expect(s.contains("\"duration_minutes\": 90,"))
    }

    @Test func exportRoundTripsThroughJSONAndYAML() throws {
        for url in Fixtures.files("good") {
            let i = try #require(Fixtures.load(url).incident)
            let json = IncidentExport.json(i).serialized(pretty: true)
            let back = try #require(IncidentLoader.load(text: json, file: "x.json", format: .json).incident, "\(url.lastPathComponent)")
            #expect(IncidentExport.json(back) == IncidentExport.json(i))
            let yaml = try IncidentExport.yaml(i)
            let r = IncidentLoader.load(text: yaml, file: "x.yaml", format: .yaml)
            // `duration_minutes` and `metrics` are derived: read back silently and recomputed.
            #expect(r.diagnostics.isEmpty, "\(r.diagnostics.map(\.text))")
            let y = try #require(r.incident)
            #expect(IncidentExport.json(y) == IncidentExport.json(i))
        }
    }

    @Test func builtinExampleMatchesAssetFile() throws {
        let asset = Fixtures.packageRoot
            .appendingPathComponent("assets/examples/email-outage.yaml")
        #expect(try String(contentsOf: asset, encoding: .utf8) == BuiltinExample.yaml)
    }

    @Test func templateIsAValidIncident() {
        let r = load(IncidentTemplate.yaml)
        #expect(r.incident != nil)
        #expect(r.diagnostics.isEmpty, "\(r.diagnostics.map(\.text))")
    }

    @Test func schemaNamesEveryTopLevelField() {
        let props = IncidentSchema.json["properties"]
        for f in IncidentDecoder.topLevelFields { #expect(props?[f] != nil, "\(f)") }
    }

    @Test func jsonStringsEscape() {
        #expect(JSONValue.string("a\"b\\c\n\u{1}").serialized() == #""a\"b\\c\n\u0001""#)
        #expect(JSONValue.number(12.5).serialized() == "12.5")
        #expect(JSONValue.number(-3).serialized() == "-3")
    }
}
