import HindsightModel
import Testing

/// Export → re-import gives back the same export, through JSON and through YAML.
@Suite struct RoundTripTests {
    @Test(arguments: Generated.cases)
    func exportRoundTrips(_ c: GeneratedCase) throws {
        expectRoundTrip(try c.incident())
    }
}

/// `IncidentExport.json` read back as JSON, and `IncidentExport.yaml` read back as YAML, each
/// exports exactly as the original did. The only diagnostics allowed are the warnings about
/// the derived fields (`duration_minutes`, `metrics`: `unknown-field`), which the reader
/// ignores, and those `also` allows.
func expectRoundTrip(_ incident: Incident, also: (Diagnostic) -> Bool = { _ in false },
                     sourceLocation: Testing.SourceLocation = #_sourceLocation) {
    let export = IncidentExport.json(incident)
    var texts = [(export.serialized(pretty: true), InputFormat.json)]
    do {
        texts.append((try IncidentExport.yaml(incident), .yaml))
    } catch {
        Issue.record("YAML export threw \(error)", sourceLocation: sourceLocation)
    }
    for (text, format) in texts {
        // A partial incident's export is a partial incident: its gaps are `required` warnings.
        // The derived fields (`duration_minutes`, `metrics`) read back without a warning.
        let r = IncidentLoader.load(text: text, file: "export.\(format.rawValue)", format: format, completeness: .partial)
        #expect(r.diagnostics.allSatisfy { ($0.rule == "required" && $0.severity == .warning) || also($0) },
                "\(format): \(r.diagnostics.prefix(3).map(\.text))", sourceLocation: sourceLocation)
        guard let back = r.incident else {
            Issue.record("the \(format) export does not load:\n\(text)", sourceLocation: sourceLocation)
            continue
        }
        #expect(IncidentExport.json(back) == export, "\(format) export changed on the way back:\n\(text)",
                sourceLocation: sourceLocation)
    }
}
