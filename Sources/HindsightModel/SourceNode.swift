/// A parsed YAML or JSON document with the position of every value, mapping keys included.
/// Scalars keep the text the author wrote; types are decided by the incident decoder, never
/// by a YAML 1.1 resolver (which would read `09:30` as the number 570).
public struct SourceNode: Sendable {
    public enum ScalarStyle: Sendable { case plain, quoted, block }

    public enum Value: Sendable {
        case scalar(String, ScalarStyle)
        case null
        case mapping([(key: SourceNode, value: SourceNode)])
        case sequence([SourceNode])
    }

    public var value: Value
    public var location: SourceLocation

    public init(_ value: Value, _ location: SourceLocation) {
        self.value = value; self.location = location
    }

    /// The scalar's text, or nil for mappings, sequences and null.
    public var scalarText: String? {
        if case .scalar(let s, _) = value { return s }
        return nil
    }

    public var isNull: Bool { if case .null = value { return true } else { return false } }

    /// A short noun for messages: "a string", "a list", "a mapping", "null".
    public var kindDescription: String {
        switch value {
        case .scalar: return "a single value"
        case .null: return "nothing (null)"
        case .mapping: return "a mapping"
        case .sequence: return "a list"
        }
    }
}

/// Limits on what Hindsight reads, so hostile input fails fast with a clear error.
public enum InputLimits {
    /// Largest incident file read (YAML or JSON).
    public static let maxBytes = 4 * 1024 * 1024
    /// Largest number of nodes a document may expand to once YAML aliases are followed.
    public static let maxExpandedNodes = 1_000_000
    /// Deepest nesting of lists and mappings.
    public static let maxDepth = 64
    /// Most timeline events in one incident.
    public static let maxEvents = 5_000
    /// Longest single text value, in characters.
    public static let maxTextLength = 20_000
}

extension SourceNode {
    /// The value of `key` in a mapping (the first, if given twice); nil otherwise.
    package subscript(key: String) -> SourceNode? {
        guard case .mapping(let pairs) = value else { return nil }
        return pairs.first { $0.key.scalarText == key }?.value
    }
}
