import ArgumentParser
import Foundation
import HindsightLayout
import HindsightModel
import HindsightRender

struct RenderOptions {
    var figures: [String] = ["timeline"]
    var formats: [OutputFormat] = [.png, .svg]
    var themes: [String] = ["light"]
    var scale: Double = 1
    var width: Double = 1600
    var layoutJSON = false
}

enum FigureOutput {
    static let figureNames = ["timeline"]

    static func theme(named name: String) throws -> Theme {
        switch name {
        case "light": return .light
        case "dark": return .dark
        default: throw CLIError.usage("unknown theme `\(name)`; available: light, dark")
        }
    }

    /// Renders every requested figure, theme and format into memory first, then writes them
    /// all (each atomically), so a failure leaves nothing half-done. Returns the paths.
    static func write(_ incident: Incident, stem: String, outputDir: String, options: RenderOptions) throws -> [String] {
        let measurer: PangoTextMeasurer
        do { measurer = try PangoTextMeasurer() } catch { throw CLIError.io("\(error)") }
        var files: [(String, [UInt8])] = []
        let both = options.themes.count > 1
        for themeName in options.themes {
            let theme = try theme(named: themeName)
            let suffix = both && themeName != "light" ? "-\(themeName)" : ""
            for figure in options.figures {
                let scene = TimelineLayout(measurer: measurer, width: options.width, theme: theme).layout(incident)
                let base = "\(outputDir)/\(stem)-\(figure)\(suffix)"
                for format in options.formats {
                    do {
                        let bytes = try SceneRenderer.render(scene, format: format, scale: options.scale,
                                                             metadata: DocumentMetadata(title: incident.title, author: incident.authors.first))
                        files.append(("\(base).\(format.rawValue)", bytes))
                    } catch { throw CLIError.io("could not render \(figure) as \(format.rawValue): \(error)") }
                }
                if options.layoutJSON {
                    files.append(("\(base).layout.json", Array((LayoutJSON.encode(scene).serialized(pretty: true) + "\n").utf8)))
                }
            }
        }
        for (path, bytes) in files { try FileIO.writeAtomically(bytes, to: path) }
        return files.map(\.0)
    }
}

struct RenderCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "render",
        abstract: "Render the figures of each input as PNG, SVG or PDF.",
        discussion: "Writes DIR/<stem>-<figure>.<ext>; with --theme light,dark the dark files end in -dark.")

    @Argument(help: "Incident files (YAML or JSON); `-` reads standard input.")
    var inputs: [String]

    @Option(name: .shortAndLong, help: "Output folder.")
    var output: String = "output"

    @Option(help: "Which figure: timeline or all.")
    var figure: String = "all"

    @Option(help: "png, svg, pdf; repeatable or comma-separated.")
    var format: [String] = []

    @Option(help: "light, dark; comma-separated for several.")
    var theme: String = "light"

    @Option(help: "PNG pixel density (1 = logical size).")
    var scale: Double = 1

    @Option(help: "Figure width in logical pixels.")
    var width: Double = 1600

    @Flag(name: .customLong("layout-json"), help: "Also write DIR/<stem>-<figure>.layout.json, the placed texts.")
    var layoutJSON = false

    func validate() throws {
        guard scale >= 0.5 && scale <= 4 else { throw ValidationError("--scale must be between 0.5 and 4") }
        guard width >= 480 && width <= 8000 else { throw ValidationError("--width must be between 480 and 8000") }
        guard figure == "all" || FigureOutput.figureNames.contains(figure) else {
            throw ValidationError("--figure must be one of: \(FigureOutput.figureNames.joined(separator: ", ")), all")
        }
    }

    func run() throws {
        var options = RenderOptions()
        options.figures = figure == "all" ? FigureOutput.figureNames : [figure]
        let formats = format.flatMap { $0.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces).lowercased() } }
        if !formats.isEmpty {
            options.formats = try formats.map {
                guard let f = OutputFormat(rawValue: $0) else { throw CLIError.usage("unknown format `\($0)`; available: png, svg, pdf") }
                return f
            }
        }
        options.themes = theme.split(separator: ",").map { String($0).trimmingCharacters(in: .whitespaces) }
        for t in options.themes { _ = try FigureOutput.theme(named: t) }
        options.scale = scale
        options.width = width
        options.layoutJSON = layoutJSON
        var failed = false
        for path in inputs {
            let (incident, diags) = try Inputs.load(path)
            Diagnostics.print(diags, format: .text)
            guard let incident else { failed = true; continue }
            for written in try FigureOutput.write(incident, stem: FileIO.stem(of: path), outputDir: output, options: options) {
                print(written)
            }
        }
        if failed { throw Quiet(code: Exit.inputErrors) }
    }
}
