import ArgumentParser
import HindsightRender

struct FontsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "fonts",
        abstract: "List the pinned fonts, in fallback order, and the scripts each covers.",
        discussion: "Figures and PDF reports use only these files. A character none of them has is a `glyph-missing` warning.")

    func run() throws {
        let faces: [FontCatalog.Face]
        do { faces = try FontCatalog.faces() } catch { throw CLIError.io("\(error)") }
        for family in FontSetup.pinned {
            let own = faces.filter { family.files.contains($0.file) && $0.family == family.family }
            var scripts: [String] = []
            for face in own { for s in try FontCatalog.scripts(of: face) where !scripts.contains(s) { scripts.append(s) } }
            let styles = own.map(\.style)
            print("\(family.family) (\(family.package)): \(scripts.isEmpty ? "-" : scripts.joined(separator: ", "))")
            print("    styles: \(styles.joined(separator: ", "))")
            for file in family.files { print("    \(file)") }
        }
    }
}
