import Foundation
import HindsightImport
import HindsightModel

/// The files under `Tests/Fixtures` (and the package around them), for every test target.
public enum Fixtures {
    /// `Tests/Fixtures`.
    public static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures")
    /// The package's root folder (holding `Package.swift`).
    public static let packageRoot = root.deletingLastPathComponent().deletingLastPathComponent()
    /// `Tests/Goldens`, the golden images.
    public static let goldens = root.deletingLastPathComponent().appendingPathComponent("Goldens")
    /// The bundled example, `assets/examples/email-outage.yaml`.
    public static let example = packageRoot.appendingPathComponent("assets/examples/email-outage.yaml")

    /// `Tests/Fixtures/<relative>`.
    public static func url(_ relative: String) -> URL { root.appendingPathComponent(relative) }

    public static func text(_ relative: String) throws -> String {
        try String(contentsOf: url(relative), encoding: .utf8)
    }

    public static func bytes(_ relative: String) throws -> [UInt8] {
        Array(try Data(contentsOf: url(relative)))
    }

    /// The file names in `Tests/Fixtures/<sub>` ending in `suffix`, sorted.
    public static func names(_ sub: String, suffix: String = "") -> [String] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: url(sub).path)) ?? []
        return names.filter { $0.hasSuffix(suffix) }.sorted()
    }

    /// The files in `Tests/Fixtures/<sub>`, sorted, without the `.expect` files beside them.
    public static func files(_ sub: String) -> [URL] {
        names(sub).filter { !$0.hasSuffix(".expect") }.map { url(sub).appendingPathComponent($0) }
    }

    /// An incident file read by `IncidentLoader` (its format from its name, then content).
    public static func load(_ url: URL) -> LoadResult {
        let bytes = Array((try? Data(contentsOf: url)) ?? Data())
        return IncidentLoader.load(bytes: bytes, file: url.lastPathComponent)
    }

    /// The text of `Tests/Fixtures/markdown/<name>`.
    public static func markdown(_ name: String) throws -> String {
        try text("markdown/" + name)
    }

    /// `Tests/Fixtures/markdown/<name>` read by the Markdown importer.
    public static func importMarkdown(_ name: String) throws -> ImportResult {
        MarkdownImporter.importMarkdown(text: try markdown(name), file: name)
    }
}
