import Foundation

/// A 1-based position in an input file. Columns count Unicode scalars.
public struct SourceLocation: Hashable, Sendable, Comparable {
    public var line: Int
    public var column: Int
    public init(line: Int, column: Int) { self.line = line; self.column = column }
    public static let start = SourceLocation(line: 1, column: 1)
    public static func < (a: SourceLocation, b: SourceLocation) -> Bool {
        (a.line, a.column) < (b.line, b.column)
    }
}

public enum Severity: String, Sendable, Comparable {
    case info, warning, error
    private var rank: Int { self == .info ? 0 : self == .warning ? 1 : 2 }
    public static func < (a: Severity, b: Severity) -> Bool { a.rank < b.rank }
}

/// One problem found in an input: `FILE:LINE:COLUMN: error|warning: MESSAGE [rule-id]`.
public struct Diagnostic: Error, Hashable, Sendable {
    public var file: String
    public var location: SourceLocation
    public var severity: Severity
    public var rule: String
    public var message: String

    public init(file: String, location: SourceLocation, severity: Severity, rule: String, message: String) {
        self.file = file; self.location = location; self.severity = severity
        self.rule = rule; self.message = message
    }

    /// The text form of the command-line contract: one line, whatever the file name or the
    /// message holds (control characters are escaped, so a name cannot forge a diagnostic).
    public var text: String {
        Self.escapeControls("\(file):\(location.line):\(location.column): \(severity.rawValue): \(message) [\(rule)]")
    }

    /// `s` with every control character written as an escape: `\n`, `\r`, `\t`, else `\u{…}`
    /// (C0, DEL, C1, the Unicode line and paragraph separators, and the bidirectional
    /// controls that can reorder what a terminal shows). Idempotent: the result has none left.
    public static func escapeControls(_ s: String) -> String {
        func needsEscape(_ c: Unicode.Scalar) -> Bool {
            c.value < 0x20 || (0x7F...0x9F).contains(c.value) || c.value == 0x2028 || c.value == 0x2029
                || (0x202A...0x202E).contains(c.value) || (0x2066...0x2069).contains(c.value)
        }
        guard s.unicodeScalars.contains(where: needsEscape) else { return s }
        var out = ""
        for c in s.unicodeScalars {
            switch c {
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case _ where needsEscape(c): out += "\\u{" + String(c.value, radix: 16, uppercase: true) + "}"
            default: out.unicodeScalars.append(c)
            }
        }
        return out
    }

    /// A GitHub Actions workflow command (`::error file=F,line=L,col=C::MESSAGE`).
    public var github: String {
        let command = severity == .error ? "error" : severity == .warning ? "warning" : "notice"
        let props = "file=\(Self.escapeProperty(file)),line=\(location.line),col=\(location.column),title=\(Self.escapeProperty("hindsight " + rule))"
        return "::\(command) \(props)::\(Self.escapeData(message + " [\(rule)]"))"
    }

    public var json: JSONValue {
        .object([
            ("file", .string(file)), ("line", .int(location.line)), ("column", .int(location.column)),
            ("severity", .string(severity.rawValue)), ("rule", .string(rule)), ("message", .string(message)),
        ])
    }

    // GitHub's escaping rules for workflow commands.
    static func escapeData(_ s: String) -> String {
        s.replacingOccurrences(of: "%", with: "%25").replacingOccurrences(of: "\r", with: "%0D")
            .replacingOccurrences(of: "\n", with: "%0A")
    }
    static func escapeProperty(_ s: String) -> String {
        escapeData(s).replacingOccurrences(of: ":", with: "%3A").replacingOccurrences(of: ",", with: "%2C")
    }
}

extension Array where Element == Diagnostic {
    public var hasErrors: Bool { contains { $0.severity == .error } }
    /// Sorted by position, errors before warnings at the same place; stable otherwise.
    public func sortedByLocation() -> [Diagnostic] {
        enumerated().sorted { a, b in
            if a.element.file != b.element.file { return a.offset < b.offset }
            if a.element.location != b.element.location { return a.element.location < b.element.location }
            if a.element.severity != b.element.severity { return a.element.severity > b.element.severity }
            return a.offset < b.offset
        }.map(\.element)
    }
}

/// Collects diagnostics for one file.
public struct DiagnosticSink: Sendable {
    public let file: String
    public private(set) var diagnostics: [Diagnostic] = []
    public init(file: String) { self.file = file }

    public mutating func error(_ rule: String, _ loc: SourceLocation, _ message: String) {
        diagnostics.append(Diagnostic(file: file, location: loc, severity: .error, rule: rule, message: message))
    }
    public mutating func warning(_ rule: String, _ loc: SourceLocation, _ message: String) {
        diagnostics.append(Diagnostic(file: file, location: loc, severity: .warning, rule: rule, message: message))
    }
    public mutating func info(_ rule: String, _ loc: SourceLocation, _ message: String) {
        diagnostics.append(Diagnostic(file: file, location: loc, severity: .info, rule: rule, message: message))
    }
    public var hasErrors: Bool { diagnostics.hasErrors }
}
