import Foundation
import HindsightModel

/// Collects what the importer says about a file: diagnostics at Markdown positions, and
/// for each inferred field a short note of how it was inferred (`guesses`).
struct Recorder {
    var sink: DiagnosticSink
    var guesses: [String: String] = [:]

    init(file: String) { sink = DiagnosticSink(file: file) }

    /// Records that `path` was inferred, with an `info` diagnostic (or a `warning` when the
    /// inference may well be wrong) at the evidence.
    mutating func guess(_ path: String, _ note: String, rule: String, at loc: SourceLocation, warning: Bool = false, message: String? = nil) {
        guesses[path] = note
        let text = message ?? "\(path): \(note)"
        if warning { self.warning(rule, loc, text) } else { info(rule, loc, text) }
    }

    /// Each diagnostic once, even when two readers reach the same evidence.
    private var said = Set<String>()
    private mutating func first(_ rule: String, _ loc: SourceLocation, _ message: String) -> Bool {
        said.insert("\(rule)|\(loc.line)|\(loc.column)|\(message)").inserted
    }

    mutating func error(_ rule: String, _ loc: SourceLocation, _ message: String) {
        if first(rule, loc, message) { sink.error(rule, loc, message) }
    }
    mutating func warning(_ rule: String, _ loc: SourceLocation, _ message: String) {
        if first(rule, loc, message) { sink.warning(rule, loc, message) }
    }
    mutating func info(_ rule: String, _ loc: SourceLocation, _ message: String) {
        if first(rule, loc, message) { sink.info(rule, loc, message) }
    }
}

/// A value read from the document, where its evidence was written, and how it was inferred
/// when it was not written plainly.
struct Found<Value> {
    var value: Value
    var location: SourceLocation
    var note: String?
}

extension Found: Sendable where Value: Sendable {}
