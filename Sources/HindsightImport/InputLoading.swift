import HindsightModel

/// One entry point for every input kind: YAML and JSON incidents, and Markdown postmortems.
public enum InputLoading {
    public static func load(bytes: [UInt8], file: String, format: InputFormat? = nil, totalSize: Int? = nil) -> LoadResult {
        IncidentLoader.load(bytes: bytes, file: file, format: format, totalSize: totalSize)
    }
}
