import Foundation
import HindsightImport
import HindsightModel
import HindsightTestSupport
import Testing

/// Replays the fuzzers' corpus in Tests/Fixtures/fuzz-seeds/<target>/ (the seeds, and every
/// small reproducer a fuzz run found) with the properties the fuzz targets check (Fuzz/Sources/
/// FuzzChecks): a refusal says why, an incident comes without errors, every diagnostic points
/// inside the input, and an accepted incident's export reads back the same. (Time is the
/// fuzzer's to check: `-timeout=1`.)
@Suite struct FuzzCorpusTests {
    static let root = Fixtures.url("fuzz-seeds")

    static func files(_ target: String) -> [String] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: root.appendingPathComponent(target).path)) ?? []
        return names.sorted().map { "\(target)/\($0)" }
    }

    @Test func everyTargetHasSeeds() {
        for target in ["FuzzIncident", "FuzzJSON", "FuzzMarkdown"] { #expect(!Self.files(target).isEmpty, "\(target)") }
    }

    @Test(arguments: files("FuzzIncident") + files("FuzzJSON"))
    func incident(_ path: String) throws {
        let bytes = Array(try Data(contentsOf: Self.root.appendingPathComponent(path)))
        for format in [InputFormat.yaml, .json] {
            let r = IncidentLoader.load(bytes: bytes, file: "seed.\(format.rawValue)", format: format)
            let warned = Set(r.diagnostics.map(\.rule))
            expectFuzzProperties(r, bytes) { $0.severity == .warning && warned.contains($0.rule) }
        }
    }

    /// The Markdown importer applies rules of its own, so reading its export back may warn
    /// where the import did not.
    @Test(arguments: files("FuzzMarkdown"))
    func markdown(_ path: String) throws {
        let bytes = Array(try Data(contentsOf: Self.root.appendingPathComponent(path)))
        expectFuzzProperties(InputLoading.load(bytes: bytes, file: "x.md", format: .markdown), bytes) { $0.severity == .warning }
    }
}

/// The fuzz targets' properties for the load `r` of `bytes`; reading an accepted incident's
/// export back may also give the diagnostics `reimport` allows.
func expectFuzzProperties(_ r: LoadResult, _ bytes: [UInt8], sourceLocation: Testing.SourceLocation = #_sourceLocation,
                          reimport: (Diagnostic) -> Bool) {
    // Lines as YAML counts them: LF, CR and CR LF each end one.
    var lines = 1
    for (i, b) in bytes.enumerated() where b == 0x0A ? i == 0 || bytes[i - 1] != 0x0D : b == 0x0D { lines += 1 }
    for d in r.diagnostics {
        #expect(d.location.line >= 1 && d.location.line <= lines + 1 && d.location.column >= 1,
                "outside the input (\(lines) lines): \(d.text)", sourceLocation: sourceLocation)
    }
    if let incident = r.incident {
        #expect(!r.diagnostics.hasErrors, "an incident with errors: \(r.diagnostics.prefix(3).map(\.text))", sourceLocation: sourceLocation)
        expectRoundTrip(incident, also: reimport, sourceLocation: sourceLocation)
    } else {
        #expect(r.diagnostics.hasErrors, "refused without an error", sourceLocation: sourceLocation)
    }
}
