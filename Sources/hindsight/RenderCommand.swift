import ArgumentParser
import Foundation
import HindsightLayout
import HindsightModel
import HindsightRender

enum FigureOutput {
    /// `light`, `dark`, `high-contrast`, or a theme file (YAML or JSON). File diagnostics are
    /// printed unless `quiet` (a batch worker: its parent printed them once).
    static func theme(named name: String, quiet: Bool = false) throws -> Theme {
        if let t = Theme.builtIn[name] { return t }
        guard name.contains(".") || name.contains("/") else {
            throw CLIError.usage("unknown theme `\(name)`; available: light, dark, high-contrast, or a theme file (.yaml/.json)")
        }
        let bytes: [UInt8]
        do { bytes = try FileIO.read(name, limit: 256 * 1024) } catch let e as FileIOError { throw CLIError.io(e.description) }
        FileIO.protectInputs([name])
        let (theme, diags) = ThemeFile.load(bytes: bytes, file: name, fontFamilies: { try FontSetup.register(fontFiles: $0) })
        if !quiet || theme == nil { Diagnostics.print(diags, format: .text) }
        guard let theme else { throw Quiet(code: Exit.inputErrors) }
        return theme
    }

    /// The theme names (or files) of `--theme a,b`.
    static func themeNames(_ list: String) throws -> [String] {
        let names = list.split(separator: ",").map { String($0).trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        guard !names.isEmpty else { throw CLIError.usage("--theme needs at least one theme") }
        return names
    }

    /// The theme files among `names` (those that are not built-in themes): watch watches them.
    static func themeFiles(_ names: [String]) -> [String] {
        names.filter { Theme.builtIn[$0] == nil }
    }

    /// The themes `names` stand for, loaded; `most` caps how many (a report's figures and
    /// their dark variant); two themes of one name are an error (their files would collide).
    static func themes(_ names: [String], most: Int? = nil, quiet: Bool = false) throws -> [Theme] {
        if let most, names.count > most {
            throw CLIError.usage("--theme takes at most \(most) themes here: the figures' and the dark variant's")
        }
        let themes = try names.map { try theme(named: $0, quiet: quiet) }
        var seen: Set<String> = []
        for t in themes where !seen.insert(t.name).inserted { throw CLIError.usage("--theme names `\(t.name)` twice") }
        return themes
    }

    /// Renders every requested figure into memory, then writes them all (each atomically).
    static func write(_ incident: Incident, stem: String, outputDir: String, options: FigureOptions) throws -> FigureSet.Result {
        let result = try render(incident, stem: stem, options: options)
        try Outputs.write(result.files, into: outputDir)
        return result
    }

    /// The figures in memory, nothing written. `measurer`: one kept across renders (watch).
    static func render(_ incident: Incident, stem: String, options: FigureOptions, measurer: PangoTextMeasurer? = nil) throws -> FigureSet.Result {
        let measurer = try measurer ?? makeMeasurer()
        do { return try FigureSet.render(incident, stem: stem, options: options, measurer: measurer) }
        catch { throw CLIError.io("could not render the figures: \(error)") }
    }

    static func makeMeasurer() throws -> PangoTextMeasurer {
        do { return try PangoTextMeasurer() } catch { throw CLIError.io("\(error)") }
    }

    /// The scene check's findings on `result`, as warning lines naming `path`: a warning,
    /// never a reason to lay a figure out differently.
    static func sceneWarnings(_ result: FigureSet.Result, figures: [Figure], path: String) -> [String] {
        figures.flatMap { figure in
            result.scenes[figure].map { scene in
                SceneCheck.problems(scene).map { "\(path): warning: \(figure.rawValue): \($0) [scene-check]" }
            } ?? []
        }
    }
}

/// Writing a command's files: every destination is checked against the command's inputs
/// first (none may be replaced), then each file is written atomically.
enum Outputs {
    static func write(_ files: [RenderedFile], into dir: String) throws {
        let paths = files.map { "\(dir)/\($0.name)" }
        try FileIO.refuseReplacingInputs(paths)
        for (f, path) in zip(files, paths) { try FileIO.writeAtomically(f.bytes, to: path) }
    }
}

/// The look of the figures, for every command that draws them (render, batch, report,
/// embed): the themes and the PNG density.
struct ThemeFlags: ParsableArguments {
    @Option(help: ArgumentHelp(
        "light, dark, high-contrast or a theme file; comma-separated for several (render, batch: default light; report, embed: default light,dark, the second being the dark variant in <picture>).",
        valueName: "themes"))
    var theme: String?

    @Option(help: "PNG pixel density (1 = logical size; default 2, sharp on HiDPI screens).")
    var scale: Double = 2

    func validate() throws {
        guard scale >= 0.5 && scale <= 4 else { throw ValidationError("--scale must be between 0.5 and 4") }
    }

    /// The theme names (or files) asked for, else those of `defaultList`.
    func names(default defaultList: String) throws -> [String] { try FigureOutput.themeNames(theme ?? defaultList) }

    /// The themes asked for, else `defaultList`, loaded (see `FigureOutput.themes`).
    func themes(default defaultList: String, most: Int? = nil, quiet: Bool = false) throws -> [Theme] {
        try FigureOutput.themes(names(default: defaultList), most: most, quiet: quiet)
    }
}

/// What the figure flags ask for, as plain values, no theme loaded yet: `render` turns it into
/// `FigureOptions` at once; `batch` also sends it to its worker processes (`BatchRenderOptions`).
struct FigureRequest: Codable, Equatable {
    var figures: [Figure]
    /// Empty: the default file types.
    var formats: [OutputFormat]
    /// Built-in theme names or theme files.
    var themes: [String]
    var scale: Double
    var width: Double?

    /// The options to render with, the themes loaded (`quiet`: no theme-file warnings).
    func options(quiet: Bool = false) throws -> FigureOptions {
        var options = FigureOptions()
        options.figures = figures
        if !formats.isEmpty { options.formats = formats }
        options.themes = try FigureOutput.themes(themes, quiet: quiet)
        options.scale = scale
        options.width = width
        return options
    }
}

/// The figure flags `render` and `batch` share: which figures, formats, width, and the look.
struct FigureFlags: ParsableArguments {
    @Option(help: "timeline, impact, card or all; repeatable or comma-separated (default: all).",
            transform: { try ArgumentList.parse($0, all: true) as [Figure] })
    var figure: [[Figure]] = []

    @Option(name: .customLong("image-format"), help: "png, svg, pdf; repeatable or comma-separated (default: png,svg).",
            transform: { try ArgumentList.parse($0) as [OutputFormat] })
    var imageFormat: [[OutputFormat]] = []

    /// Deprecated spelling of `--image-format` (batch also took diagnostics styles here).
    @Option(name: .customLong("format"), help: .hidden)
    var format: [String] = []

    @OptionGroup var look: ThemeFlags

    /// The themes when none are asked for.
    static let defaultThemes = "light"

    @Option(help: "Figure width in logical pixels (timeline and impact default 800, their design width; the card is always 1200×630).")
    var width: Double?

    func validate() throws {
        if let width { guard width >= 480 && width <= 8000 else { throw ValidationError("--width must be between 480 and 8000") } }
    }

    /// The figures asked for, in the canonical order.
    var figures: [Figure] {
        let asked = Set(figure.joined())
        return asked.isEmpty ? Figure.allCases : Figure.allCases.filter(asked.contains)
    }

    /// The deprecated `--format` values, split at commas and lowercased.
    var formatNames: [String] {
        format.flatMap { $0.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces).lowercased() } }
    }

    /// What these flags ask for. `legacy` are the figure formats given with the deprecated
    /// `--format` (batch takes its diagnostics styles out first); `hint` ends the message for an
    /// unknown one.
    func request(command: String, legacy: [String]? = nil, hint: String = "") throws -> FigureRequest {
        let legacyNames = legacy ?? formatNames
        if !legacyNames.isEmpty { warnDeprecated("--format", use: "--image-format", command: command) }
        let old: [OutputFormat] = try legacyNames.map {
            guard let f = OutputFormat(rawValue: $0) else {
                throw CLIError.usage(ArgumentList.unknown($0, among: OutputFormat.allCases.map(\.rawValue)) + hint)
            }
            return f
        }
        return FigureRequest(figures: figures, formats: ArgumentList.flatten(imageFormat + [old]),
                             themes: try look.names(default: Self.defaultThemes), scale: look.scale, width: width)
    }
}

struct RenderCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "render",
        abstract: "Render the figures of each input as PNG, SVG or PDF.",
        discussion: """
        Writes DIR/<stem>-<figure>.<ext>; with --theme light,dark the dark files end in -dark. \
        INPUT is a YAML or JSON incident or a Markdown postmortem (.md); `-` reads standard input.

        Examples:
          hindsight render incident.yaml                      # every figure, PNG and SVG, into ./output
          hindsight render incident.yaml --theme light,dark --scale 2
          hindsight render incident.yaml --figure timeline,card --image-format svg -o docs/img
          hindsight render incident.yaml --figure card --image-format png -o - > card.png
          hindsight render incident.yaml -o docs/img --check  # CI: exit 1 if the committed figures are stale
        """)

    @Argument(help: "Incident files (YAML or JSON) or Markdown postmortems (.md); `-` reads standard input.")
    var inputs: [String]

    @Option(name: .shortAndLong, help: "Output folder; `-` writes the one file asked for to standard output.")
    var output: String = "output"

    @OptionGroup var figures: FigureFlags

    @OptionGroup var history: HistoryFlags

    @Flag(name: .customLong("layout-json"), help: "Also write DIR/<stem>-<figure>.layout.json, the placed texts.")
    var layoutJSON = false

    @Flag(help: "Print each figure's alt text (instead of the paths written).")
    var alt = false

    @Flag(help: "Write nothing: exit 1, naming each file, if what is in DIR differs from what the inputs give.")
    var check = false

    func validate() throws {
        if check && output == Destination.stdout { throw ValidationError("--check compares with a folder; -o - has none") }
    }

    func run() throws {
        var options = try figures.request(command: "render").options()
        options.layoutJSON = layoutJSON
        // Every input is read and validated, and its figures drawn, before anything is
        // written: a failing command writes nothing (README, "Exit codes").
        var loaded: [(path: String, incident: Incident)] = []
        var failed = false
        for path in inputs {
            let (incident, diags) = try Inputs.load(path, incidentID: history.incidentID)
            Diagnostics.print(diags, format: .text)
            if let incident { loaded.append((path, incident)) } else { failed = true }
        }
        if failed { throw Quiet(code: Exit.inputErrors) }
        let results = try loaded.map { try FigureOutput.render($0.incident, stem: FileIO.stem(of: $0.path), options: options) }
        for (result, (path, _)) in zip(results, loaded) {
            for line in FigureOutput.sceneWarnings(result, figures: options.figures, path: path) { printError(line) }
        }
        let files = results.flatMap(\.files)
        if check {
            return try Freshness.report(Freshness.compare(files, in: output), checked: files.count, command: "render")
        }
        let written = try Destination.write(files, into: output, hint: "choose one with --figure and --image-format and one --theme")
        // Standard output carries the file itself with `-o -`; the alt texts then go to standard error.
        let toStdout = output == Destination.stdout
        func say(_ line: String) { if toStdout { printError(line) } else { print(line) } }
        if alt {
            for result in results { for (name, text) in result.alt { say("\(name): \(text)") } }
        } else {
            for path in written { say(path) }
        }
    }
}
