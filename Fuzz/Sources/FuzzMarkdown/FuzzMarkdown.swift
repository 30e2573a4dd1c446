import FuzzChecks
import HindsightImport
import HindsightModel

/// libFuzzer target: the input as a Markdown postmortem, through the one entry point every
/// input kind takes (InputLoading), with the loader's properties (FuzzChecks).
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzMarkdown(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let bytes = data.map { Array(UnsafeBufferPointer(start: $0, count: size)) } ?? []
    let result = MarkdownImporter.importMarkdown(bytes: bytes, file: "x.md")
    FuzzChecks.check(result.incident, result.diagnostics, input: bytes, format: "markdown", reimport: .any)
    return 0
}

/// The process entry: SwiftPM links `main` to `<Module>_main`.
@_cdecl("FuzzMarkdown_main")
public func fuzzMarkdownMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    FuzzChecks.runFuzzer(argc, argv, fuzzMarkdown)
}
