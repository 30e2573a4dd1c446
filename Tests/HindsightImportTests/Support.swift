import Foundation
@testable import HindsightImport

/// The Markdown fixtures in `Tests/Fixtures/markdown` (written for these tests).
enum Fixtures {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures/markdown")

    static func text(_ name: String) throws -> String {
        try String(contentsOf: root.appendingPathComponent(name), encoding: .utf8)
    }

    static func load(_ name: String) throws -> ImportResult {
        MarkdownImporter.importMarkdown(text: try text(name), file: name)
    }
}
