import FuzzChecks
import HindsightModel

/// libFuzzer target: the input as a YAML incident and as a JSON incident, read and validated.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzIncident(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let bytes = data.map { Array(UnsafeBufferPointer(start: $0, count: size)) } ?? []
    for format in [InputFormat.yaml, .json] {
        let result = IncidentLoader.load(bytes: bytes, file: "fuzz.\(format.rawValue)", format: format)
        FuzzChecks.check(result, input: bytes, format: format.rawValue)
    }
    return 0
}

/// The process entry: SwiftPM links `main` to `<Module>_main`.
@_cdecl("FuzzIncident_main")
public func fuzzIncidentMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    FuzzChecks.runFuzzer(argc, argv, fuzzIncident)
}
