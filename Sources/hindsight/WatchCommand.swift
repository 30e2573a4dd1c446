import ArgumentParser
import Dispatch
import Foundation
import HindsightLayout
import HindsightModel
import HindsightRender
import HindsightReport
import HindsightWatch

struct WatchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "watch",
        abstract: "Render again whenever an input or a theme file changes; optionally serve a live preview.",
        discussion: """
        Renders every input once, then again each time one is saved: only the files whose bytes \
        changed are rewritten (atomically). A save with errors keeps the last good files and prints \
        its diagnostics (on a terminal the screen is redrawn in place). Ctrl-C stops (exit 0).
        --serve starts a preview on http://127.0.0.1:PORT/ (loopback only) that reloads itself.

        Examples:
          hindsight watch incident.yaml            # ./output, on every save
          hindsight watch incident.yaml --serve    # and a page that reloads
          hindsight watch postmortem.md --to md,html --theme brand.yaml -o site
          hindsight watch incident.yaml --once     # render once, exit
        """)

    @Argument(help: "Incident files (YAML or JSON) or Markdown postmortems (.md) to watch.")
    var inputs: [String]

    @Option(name: .shortAndLong, help: "Output folder.")
    var output: String = "output"

    @OptionGroup var figures: FigureFlags

    @Option(help: "Also write each input's report: md, pdf, html; repeatable or comma-separated.",
            transform: { try ArgumentList.parse($0) as [ReportFormat] })
    var to: [[ReportFormat]] = []

    @OptionGroup var reportFlags: ReportFlags

    @OptionGroup var history: HistoryFlags

    @Flag(help: "Serve a preview page on 127.0.0.1 that reloads itself when the files change.")
    var serve = false

    @Option(help: "Port of the preview (with --serve; default 8017; 0: any free port).")
    var port: UInt16?
    static let defaultPort: UInt16 = 8017

    @Flag(help: "Render once and exit (1 if an input has errors), as render does, writing only changed files.")
    var once = false

    func validate() throws {
        if inputs.contains(Destination.stdout) { throw ValidationError("watch reads files it can watch; `-` (standard input) cannot be watched") }
        if output == Destination.stdout { throw ValidationError("watch writes into a folder; -o - has none") }
        if once && serve { throw ValidationError("--once renders and exits; --serve would stop with it") }
        if port != nil && !serve { throw ValidationError("--port is the preview's port; add --serve") }
    }

    func run() throws {
        for path in inputs + FigureOutput.themeFiles(try figures.look.names(default: FigureFlags.defaultThemes)) {
            var isDir: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isDir), !isDir.boolValue else {
                throw CLIError.io("\(path): no such file")
            }
        }
        // Bad flag values fail here, once, before any watching. A theme file with errors fails
        // only `--once`: a watch starts anyway and renders once the file is fixed.
        do { _ = try figures.request(command: "watch").options(quiet: true) } catch is Quiet where !once {}
        let measurer = try FigureOutput.makeMeasurer()
        let session = WatchSession(inputs: inputs, sharedFiles: FigureOutput.themeFiles(try figures.look.names(default: FigureFlags.defaultThemes)), outputDir: output) { targets in
            render(targets, measurer: measurer)
        }
        let display = WatchDisplay(session: session)

        if once {
            display.begin()
            display.show(session.renderAll())
            if !session.failedInputs.isEmpty { throw Quiet(code: Exit.inputErrors) }
            return
        }

        let watcher: FileWatcher
        do { watcher = try FileWatcher(files: session.watchedFiles) } catch { throw CLIError.io("\(error)") }
        var server: PreviewServer?
        if serve {
            try FileManager.default.createDirectory(atPath: output, withIntermediateDirectories: true)
            let title = "Hindsight preview: " + inputs.map { ($0 as NSString).lastPathComponent }.joined(separator: ", ")
            do {
                let s = try PreviewServer(root: output, port: port ?? Self.defaultPort, title: title)
                try s.start()
                server = s
            } catch {
                throw CLIError.io("cannot serve the preview on 127.0.0.1:\(port ?? Self.defaultPort): \(error)")
            }
        }
        display.preview = server?.url
        // Ctrl-C and SIGTERM end the loop; the process then leaves with 0.
        let signals = [SIGINT, SIGTERM].map { number -> any DispatchSourceSignal in
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
            source.setEventHandler { watcher.wake() }
            source.resume()
            return source
        }
        defer { signals.forEach { $0.cancel() } }

        func publish(_ cycle: WatchSession.Cycle) {
            display.show(cycle)
            server?.hub.publish(files: session.outputNames, problems: session.diagnostics.flatMap(\.messages),
                                forceReload: cycle.wroteAnything)
        }
        display.begin()
        publish(session.renderAll())
        while let changed = watcher.next() {
            if session.affected(by: changed).isEmpty { continue }
            display.begin()
            publish(session.handle(changed))
        }
        server?.stop()
    }

    /// Renders `targets` in memory: figures, then the reports `--to` asks for (a figure a report
    /// shares with them, once). Theme files are read again, so editing one shows at once.
    func render(_ targets: [String], measurer: PangoTextMeasurer) -> [String: Rendering] {
        let options: FigureOptions
        do { options = try figures.request(command: "watch").options() } catch {
            let messages = Self.messages(for: error)
            return Dictionary(uniqueKeysWithValues: targets.map { ($0, Rendering(files: nil, messages: messages)) })
        }
        var out: [String: Rendering] = [:]
        for path in targets {
            var messages: [String] = []
            do {
                let (incident, diags) = try Inputs.load(path, incidentID: history.incidentID)
                messages += diags.map(\.text)
                guard let incident else { out[path] = Rendering(files: nil, messages: messages); continue }
                let stem = FileIO.stem(of: path)
                let result = try FigureOutput.render(incident, stem: stem, options: options, measurer: measurer)
                messages += FigureOutput.sceneWarnings(result, figures: options.figures, path: path)
                var files = result.files
                for format in ArgumentList.flatten(to) {
                    let report = try ReportOutput.render(incident, stem: stem, options: reportFlags.options(format, scale: figures.look.scale), measurer: measurer)
                    for f in report {
                        guard let same = files.first(where: { $0.name == f.name }) else { files.append(f); continue }
                        // One name, two drawings (a report's light figure, a --theme file's): the figure stays.
                        if same.bytes != f.bytes {
                            messages.append("\(path): warning: \(f.name): the \(format.rawValue) report draws this figure in its own themes; the file keeps the --theme figure [watch-name-clash]")
                        }
                    }
                }
                out[path] = Rendering(files: files, messages: messages)
            } catch {
                out[path] = Rendering(files: nil, messages: messages + Self.messages(for: error))
            }
        }
        return out
    }

    static func messages(for error: any Error) -> [String] {
        switch error {
        case is Quiet: return []  // its diagnostics were printed where they arose (a theme file's)
        case let e as CLIError: return ["hindsight: \(e.message)"]
        case let e as FileIOError: return ["hindsight: \(e.description)"]
        default: return ["hindsight: \(error)"]
        }
    }
}

/// What watch prints after each render: on a terminal, the screen redrawn with every input's
/// diagnostics and status; otherwise plain lines for what this render did. Status lines go to
/// standard output (flushed each time, for scripts reading them), diagnostics to standard error.
final class WatchDisplay {
    let session: WatchSession
    let inPlace = isatty(STDOUT_FILENO) != 0 && isatty(STDERR_FILENO) != 0
    var preview: String?

    init(session: WatchSession) { self.session = session }

    /// Before a render: on a terminal, the screen is cleared, so what the render itself prints
    /// (a theme file's diagnostics) stays on it.
    func begin() {
        guard inPlace else { return }
        print("\u{1B}[H\u{1B}[2J", terminator: "")
        fflush(nil)
    }

    func show(_ cycle: WatchSession.Cycle) {
        guard !cycle.results.isEmpty else { return }
        if inPlace {
            // The whole state, not only this render's part.
            for (_, messages) in session.diagnostics { for line in messages { printError(line) } }
        } else {
            let rendered = Set(cycle.results.map(\.input))
            for (input, messages) in session.diagnostics where rendered.contains(input) { for line in messages { printError(line) } }
        }
        let ms = Double(cycle.elapsed.components.attoseconds) / 1e15 + Double(cycle.elapsed.components.seconds) * 1000
        let time = String(format: "%.0f ms", ms)
        for r in cycle.results {
            if r.failed {
                print("watch: \(r.input): not rendered; the last good files stay (\(time))")
            } else {
                print("watch: \(r.input): \(r.written.count) written, \(r.unchanged) unchanged (\(time))")
                for path in r.written { print("  \(path)") }
            }
        }
        if inPlace {
            if let preview { print("preview: \(preview)") }
            print("watching \(session.watchedFiles.count) file\(session.watchedFiles.count == 1 ? "" : "s"); Ctrl-C stops")
        } else if let preview, !announced {
            print("preview: \(preview)")
            announced = true
        }
        fflush(nil)
    }

    private var announced = false
}
