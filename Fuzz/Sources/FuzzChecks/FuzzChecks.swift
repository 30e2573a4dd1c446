import CLibFuzzer
import HindsightModel

/// The properties every fuzz target asserts about a load, beyond "no crash, no hang":
/// a refusal always says why, an accepted incident has no errors, every diagnostic points
/// inside the input, and an accepted incident's export reads back to the same export.
/// A violated property stops the process (`fatalError`), which libFuzzer records as a crash.
public enum FuzzChecks {
    /// Which warnings reading an accepted incident's export back may give, besides those
    /// about the derived fields (`duration_minutes`, `metrics`: `unknown-field`).
    public enum ReimportWarnings: Sendable {
        /// Only rules the input itself was warned about (YAML and JSON: the same validator).
        case sameAsInput
        /// Any warning: the Markdown importer applies rules of its own, so the validator may
        /// warn where it did not (an escalation without `to`, say). Errors are never allowed.
        case any
    }

    public static func check(_ result: LoadResult, input bytes: [UInt8], format: String,
                             reimport: ReimportWarnings = .sameAsInput) {
        check(result.incident, result.diagnostics, input: bytes, format: format, reimport: reimport)
    }

    public static func check(_ incident: Incident?, _ diagnostics: [Diagnostic], input bytes: [UInt8], format: String,
                             reimport: ReimportWarnings) {
        let lines = lineCount(bytes)
        for d in diagnostics where d.location.line < 1 || d.location.line > lines + 1 || d.location.column < 1 {
            fail("\(format): diagnostic outside the input (\(lines) lines): \(d.text)")
        }
        guard let incident else {
            if !diagnostics.hasErrors { fail("\(format): no incident and no error") }
            return
        }
        if diagnostics.hasErrors { fail("\(format): an incident with errors: \(diagnostics.map(\.text))") }
        let inputRules = Set(diagnostics.map(\.rule))
        roundTrip(incident, format: format) { d in
            d.rule == "unknown-field" || (d.severity == .warning && (reimport == .any || inputRules.contains(d.rule)))
        }
    }

    /// Export as JSON and as YAML, read each back: the same export, with no diagnostics but
    /// those `allowed`.
    public static func roundTrip(_ incident: Incident, format: String, allowed: (Diagnostic) -> Bool) {
        let export = IncidentExport.json(incident)
        let json = export.serialized(pretty: true)
        let yaml: String
        do { yaml = try IncidentExport.yaml(incident) } catch { fail("\(format): YAML export threw \(error)") }
        for (text, back) in [(json, InputFormat.json), (yaml, .yaml)] {
            // Read back as `render` and `export` read a file: a draft may be partial, and an event
            // outside a written window is a warning there (`check` makes both errors).
            let r = IncidentLoader.load(text: text, file: "export.\(back.rawValue)", format: back, completeness: .partial)
            guard let again = r.incident else {
                fail("\(format) → \(back) export does not load: \(r.diagnostics.map(\.text))\n\(text)")
            }
            if let d = r.diagnostics.first(where: { !allowed($0) }) {
                fail("\(format) → \(back) export reads back with \(d.text)\n\(text)")
            }
            let second = IncidentExport.json(again)
            if second != export {
                fail("\(format) → \(back) export changed:\n\(export.serialized(pretty: true))\n---\n\(second.serialized(pretty: true))")
            }
        }
    }

    /// Lines as YAML counts them: LF, CR and CR LF each end one.
    public static func lineCount(_ bytes: [UInt8]) -> Int {
        var lines = 1
        for (i, b) in bytes.enumerated() where b == 0x0A ? i == 0 || bytes[i - 1] != 0x0D : b == 0x0D { lines += 1 }
        return lines
    }

    public static func fail(_ message: String) -> Never {
        fatalError("fuzz property violated: \(message)")
    }

    /// Runs libFuzzer's driver (argument parsing, corpus, mutation) over `testOneInput`.
    public static func runFuzzer(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?,
                                 _ testOneInput: @convention(c) (UnsafePointer<UInt8>?, Int) -> CInt) -> CInt {
        var argc = argc
        var argv = argv
        return LLVMFuzzerRunDriver(&argc, &argv, testOneInput)
    }
}
