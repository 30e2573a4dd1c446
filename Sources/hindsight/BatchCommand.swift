import ArgumentParser
import Foundation
import HindsightBatch
import HindsightLayout
import HindsightModel
import HindsightRender
import HindsightReport

extension ProgressMode: ExpressibleByArgument {}

struct BatchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "batch",
        abstract: "Render every incident under some folders, in parallel, into a mirrored folder tree.",
        discussion: """
        Finds every .yaml, .yml and .json (and with --markdown .md) file under each PATH and writes \
        DIR/<folder>/<stem>-<figure>.<ext>, where <folder> is the file's folder relative to the PATH. \
        DIR/manifest.json lists every input with its hashes, outputs and diagnostics; an input unchanged \
        since the last manifest is skipped. Bad inputs are reported and skipped: exit 1 if any failed, \
        3 if DIR cannot be written. Each input renders in a worker process, so a crash fails only that input.
        With --merge-manifests, the PATHs are shard manifests (or their folders): they are merged into \
        DIR/manifest.json and their outputs copied into DIR. See docs/batch.md.

        Examples:
          hindsight batch incidents -o site/figures --jobs 4
          hindsight batch incidents -o site --report md,pdf --theme light,dark --diagnostics github
          hindsight batch incidents -o site --check            # CI: exit 1 naming each stale or missing file
          hindsight batch incidents -o out --shard 2/4         # one of four CI jobs
        """)

    @Argument(help: "Folders (searched recursively) and files; with --merge-manifests, manifests or their folders.")
    var paths: [String] = []

    @Option(name: .shortAndLong, help: "Output folder.")
    var output: String = "output"

    @Option(help: "Inputs rendering at once (default: the number of cores).")
    var jobs: Int?

    @Option(help: "I/N: render only the I-th of N stable shares of the inputs (1-based).")
    var shard: String?

    @Option(help: "auto (default: a bar on a terminal, plain lines in CI or a log), always (the bar) or never.", transform: ArgumentList.one)
    var progress: ProgressMode = .auto

    @Option(help: "How problems are reported: text (standard error; default), json or github (standard output).", transform: ArgumentList.one)
    var diagnostics: DiagnosticsFormat = .text

    @Flag(help: "Also take Markdown postmortems (.md).")
    var markdown = false

    @Flag(help: "Render every input, even those unchanged since the last manifest.")
    var force = false

    @Flag(help: "Delete the outputs the last manifest lists for inputs that no longer exist (unless changed since).")
    var prune = false

    @Flag(help: "Treat warnings as errors: an input with warnings fails the batch (exit 1); its outputs are still written.")
    var strict = false

    @Flag(help: "Write nothing: render in memory and exit 1, naming each file in DIR that differs from what the inputs give or is missing.")
    var check = false

    @Option(name: .customLong("time-limit"), help: "Seconds one input may take before it fails with render-timeout and the batch goes on (0: no limit; worker processes only).")
    var timeLimit: Double = 120

    @Flag(name: .customLong("merge-manifests"), help: "Merge shard manifests (the PATHs) into DIR/manifest.json.")
    var mergeManifests = false

    @Option(help: "process (default: worker processes, a crash fails one input) or thread (in-process: faster to start, no crash isolation).", transform: ArgumentList.one)
    var isolation: IsolationMode = .process

    /// The figure flags of `render`; the deprecated `--format` also takes text, json or github (diagnostics).
    @OptionGroup var figures: FigureFlags

    @Option(help: "Also write each input's report beside its figures: md, pdf, html; repeatable or comma-separated.",
            transform: { try ArgumentList.parse($0) as [ReportFormat] })
    var report: [[ReportFormat]] = []

    /// `--template`, `--style`, `--page` of `report`, for the reports `--report` asks for.
    @OptionGroup var reportFlags: ReportFlags

    /// Internal: serve jobs as a worker process (JSON lines on standard input and output; the
    /// first line read is the batch's `BatchRenderOptions`, so no other flag is needed).
    @Flag(help: .private)
    var worker = false

    /// Internal, for the benchmark: write N generated incidents into DIR instead of rendering.
    @Option(help: .private)
    var generate: Int?

    enum IsolationMode: String, ExpressibleByArgument, CaseIterable { case process, thread }

    func validate() throws {
        if let jobs, !(1...256).contains(jobs) { throw ValidationError("--jobs must be between 1 and 256") }
        if check && (mergeManifests || prune) { throw ValidationError("--check writes nothing; it does not go with --merge-manifests or --prune") }
        guard timeLimit >= 0 && timeLimit.isFinite else { throw ValidationError("--time-limit must be a number of seconds, 0 for none") }
        if let shard, Shard(shard) == nil { throw ValidationError("--shard must be I/N with 1 ≤ I ≤ N, e.g. 2/4") }
        if !worker && generate == nil && paths.isEmpty {
            throw ValidationError(mergeManifests ? "name the manifests to merge" : "name at least one folder or file (PATH)")
        }
    }

    func run() throws {
        if let generate { return try Self.generate(generate, into: output) }
        if worker {
            let status = BatchWorker.serve { line in
                try JSONDecoder().decode(BatchRenderOptions.self, from: Data(line)).renderers(quiet: true)
            }
            if status != 0 { throw Quiet(code: status) }
            return
        }
        if mergeManifests { return try merge() }
        if check { return try checkFreshness() }
        let options = try renderOptions()
        let renderers = try options.renderers()

        var config = BatchConfiguration(paths: paths, outputDirectory: output, renderers: renderers, version: Hindsight.version)
        if markdown { config.extensions.formUnion(InputDiscovery.markdownExtensions) }
        config.jobs = jobs ?? ProcessInfo.processInfo.activeProcessorCount
        config.shard = shard.flatMap(Shard.init)
        config.force = force
        config.prune = prune
        config.progress = ProgressStyle.resolve(progress)
        config.isolation = isolation == .thread ? .threads
            : .processes(command: workerCommand, options: Array(try JSONEncoder().encode(options)), timeLimit: timeLimit > 0 ? timeLimit : nil)
        let report: BatchReport
        do { report = try Batch.run(config) }
        catch let e as DiscoveryError {
            if case .noSuchPath(let p) = e, let raw = Inputs.undecodableArgument(decodingTo: p) {
                throw CLIError.usage("\(FileIO.escapedName(raw)): the name is not valid UTF-8 (shown with \\x escapes); Hindsight reads names as UTF-8 text: rename it")
            }
            throw CLIError.usage(e.description)
        }
        catch let e as BatchError { throw CLIError.io(e.description) }
        catch let e as ExecutorError { throw CLIError.io(e.description) }

        printDiagnostics(of: report.manifest)
        printError("hindsight batch: \(report.summary); manifest \((output as NSString).appendingPathComponent(Manifest.fileName))")
        if let signal = report.stoppedBy {
            // Leave the way the signal would have made us leave, now that the manifest is written.
            // (Unblocked explicitly: the parent may have started us with it blocked.)
            fflush(nil)
            var set = sigset_t()
            sigemptyset(&set)
            sigaddset(&set, signal)
            Foundation.signal(signal, SIG_DFL)
            pthread_sigmask(SIG_UNBLOCK, &set, nil)
            raise(signal)
        }
        if report.writeFailed { throw Quiet(code: Exit.io) }
        if report.failed > 0 { throw Quiet(code: Exit.inputErrors) }
        if strict && report.manifest.inputs.contains(where: { $0.diagnostics.contains { $0.diagnostic.severity == .warning } }) {
            printError("hindsight batch: --strict: warnings count as errors")
            throw Quiet(code: Exit.inputErrors)
        }
    }

    /// `--check`: every input rendered in this process, compared with DIR; nothing written.
    func checkFreshness() throws {
        let renderers = try renderOptions().renderers()
        var extensions = InputDiscovery.incidentExtensions
        if markdown { extensions.formUnion(InputDiscovery.markdownExtensions) }
        let discovery: Discovery
        do { discovery = try InputDiscovery.discover(paths, extensions: extensions, excluding: output) }
        catch let e as DiscoveryError { throw CLIError.usage(e.description) }
        let shard = self.shard.flatMap(Shard.init)
        var differences: [Freshness.Difference] = []
        var checked = 0
        var diagnostics: [Diagnostic] = discovery.rejected.filter { shard?.contains($0.input.relativePath) ?? true }.map(\.diagnostic)
        for input in discovery.inputs where shard?.contains(input.relativePath) ?? true {
            let (incident, diags) = try Inputs.load(input.path)
            diagnostics += diags
            guard let incident else { continue }
            var files: [RenderedFile] = []
            // A file the figures and a report share is written once, as the figures drew it.
            do {
                for f in try renderers.flatMap({ try $0.render(incident, input.stem) }) where !files.contains(where: { $0.name == f.name }) {
                    files.append(f)
                }
            } catch { throw CLIError.io("\(input.path): could not render: \(error)") }
            let dir = input.folder.isEmpty ? output : (output as NSString).appendingPathComponent(input.folder)
            differences += Freshness.compare(files, in: dir)
            checked += files.count
        }
        // In the machine styles each stale or missing file is a diagnostic too (an annotation on
        // the file in GitHub's checks); the text lines of `Freshness.report` stay on standard error.
        let printed = diagnostics + (diagnosticsFormat == .text ? [] : differences.map(\.diagnostic))
        if diagnosticsFormat == .json || !printed.isEmpty { Diagnostics.print(printed, format: diagnosticsFormat) }
        try Freshness.report(differences, checked: checked, command: "batch")
        if diagnostics.hasErrors || (strict && diagnostics.contains { $0.severity == .warning }) { throw Quiet(code: Exit.inputErrors) }
    }

    /// What to render, parsed exactly as `render` parses its figure flags, plus the reports.
    func renderOptions() throws -> BatchRenderOptions {
        if let style = figures.formatNames.first(where: { DiagnosticsFormat(rawValue: $0) != nil }) {
            warnDeprecated("--format \(style)", use: "--diagnostics \(style)", command: "batch")
        }
        let request = try figures.request(command: "batch", legacy: figureFormatNames, hint: "; or text, json, github (diagnostics, now --diagnostics)")
        return BatchRenderOptions(figures: request, reports: ArgumentList.flatten(report),
                                  template: reportFlags.template, style: reportFlags.style, page: reportFlags.page)
    }

    /// This very executable as a worker; what it renders comes on its standard input.
    var workerCommand: [String] {
        let exe = (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe"))
            ?? Bundle.main.executablePath ?? CommandLine.arguments[0]
        return [exe, "batch", "--worker"]
    }

    func merge() throws {
        let merged: Manifest
        do { merged = try Batch.mergeManifests(paths, into: output) }
        catch let e as ManifestError {
            if case .incompatible = e { throw CLIError.usage(e.description) }
            throw CLIError.io(e.description)
        }
        catch let e as BatchError { throw CLIError.io(e.description) }
        catch { throw CLIError.io("\(output): \(error.localizedDescription)") }
        printDiagnostics(of: merged)
        let failed = merged.failed.count
        printError("hindsight batch: merged \(paths.count) manifests: \(merged.inputs.count) inputs, \(failed) failed; manifest \((output as NSString).appendingPathComponent(Manifest.fileName))")
        if failed > 0 { throw Quiet(code: Exit.inputErrors) }
    }

    /// The `--format` values that name figure formats.
    var figureFormatNames: [String] { figures.formatNames.filter { DiagnosticsFormat(rawValue: $0) == nil } }

    /// `--diagnostics`, or a diagnostics format given as the deprecated `--format` (the last one wins).
    var diagnosticsFormat: DiagnosticsFormat {
        figures.formatNames.compactMap(DiagnosticsFormat.init(rawValue:)).last ?? diagnostics
    }

    /// Every input's diagnostics, in the manifest's order (JSON even when there are none).
    func printDiagnostics(of manifest: Manifest) {
        // Notes (`info`: what a Markdown import inferred) stay in the manifest, not the log.
        let all = manifest.inputs.flatMap { $0.diagnostics.map(\.diagnostic) }.filter { $0.severity != .info }
        if diagnosticsFormat == .json || !all.isEmpty { Diagnostics.print(all, format: diagnosticsFormat) }
    }

    /// `count` deterministic incidents (`IncidentGenerator`), 100 per folder.
    static func generate(_ count: Int, into dir: String) throws {
        for i in 1...max(count, 1) {
            let folder = String(format: "%03d", (i - 1) / 100)
            try FileIO.writeAtomically(IncidentGenerator.yaml(seed: UInt64(i)), to: "\(dir)/\(folder)/incident-\(String(format: "%05d", i)).yaml")
        }
    }
}

/// What a batch renders, as one typed value: the figures (`FigureRequest`) and the reports.
/// The coordinator parses the flags into it once; each worker process reads it, as JSON, from
/// the first line on its standard input, and both make their renderers from it alone.
struct BatchRenderOptions: Codable, Equatable {
    var figures: FigureRequest
    var reports: [ReportFormat]
    var template: ReportTemplate
    var style: ReportStyle
    var page: PageSize

    /// The figure renderer, then one per report format: the report file and the figures it
    /// links (at the figures' `--scale`). `quiet`: no theme-file warnings (a worker: the
    /// coordinator printed them).
    func renderers(quiet: Bool = false) throws -> [OutputRenderer] {
        let measurer = SharedMeasurer()
        let reportRenderers = reports.map { format in
            let options = ReportOptions(format: format, template: template, style: style, page: page, scale: figures.scale)
            let fingerprint = "report \(format.rawValue) \(options.template.rawValue) \(options.style.rawValue) \(options.page.rawValue)"
                + (options.scale == 1 ? "" : " scale \(options.scale)")
            return OutputRenderer(fingerprint: fingerprint) { incident, stem in
                try ReportGenerator.render(incident, stem: stem, options: options, measurer: try measurer.get(), concurrent: false).files
            }
        }
        return [OutputRenderer.figures(try figures.options(quiet: quiet))] + reportRenderers
    }
}
