import ArgumentParser
import Foundation
import HindsightModel

enum DiagnosticsFormat: String, ExpressibleByArgument, CaseIterable {
    case text, json, github
}

enum Diagnostics {
    /// Text on standard error; JSON and GitHub annotations on standard output.
    static func print(_ diagnostics: [Diagnostic], format: DiagnosticsFormat) {
        switch format {
        case .text:
            for d in diagnostics { printError(d.text) }
        case .github:
            for d in diagnostics { Swift.print(d.github) }
        case .json:
            Swift.print(JSONValue.object([("diagnostics", .array(diagnostics.map(\.json)))]).serialized(pretty: true))
        }
    }
}
