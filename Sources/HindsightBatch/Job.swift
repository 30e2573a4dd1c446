import Foundation
import HindsightImport
import HindsightModel
import HindsightRender

/// One input to render, as sent to a worker (thread or process): the bytes the coordinator
/// hashed, so the manifest's hash is always that of the content rendered.
public struct BatchJob: Sendable, Codable {
    public var id: Int
    /// The path as found; named in diagnostics, and its extension picks the input format.
    public var file: String
    /// Output folder of this input, relative to `outputRoot` (`""` at the top).
    public var folder: String
    public var stem: String
    public var outputRoot: String
    public var content: Data
    /// The file's real size when `content` was cut at the input size limit.
    public var totalSize: Int?
}

/// What became of one job. Sent back by workers as one JSON line.
public struct JobResult: Sendable, Codable {
    public var id: Int
    public var status: Manifest.Status
    /// Paths relative to the output root.
    public var outputs: [Manifest.Output]
    public var diagnostics: [DiagnosticRecord]
    /// An output could not be written (exit code 3 rather than 1).
    public var writeFailed: Bool

    static func failure(_ job: BatchJob, rule: String, _ message: String, writeFailed: Bool = false, before: [DiagnosticRecord] = []) -> JobResult {
        let d = Diagnostic(file: job.file, location: .start, severity: .error, rule: rule, message: message)
        return JobResult(id: job.id, status: .failed, outputs: [], diagnostics: before + [DiagnosticRecord(d)], writeFailed: writeFailed)
    }
}

/// Load, render, write: the whole work of one input, the same in a worker thread and in a
/// worker process.
enum JobRunner {
    static func run(_ job: BatchJob, renderers: [OutputRenderer]) -> JobResult {
        // The kind from the file's name, then its content (`InputKind.of`).
        let loaded = InputLoading.load(bytes: Array(job.content), file: job.file, totalSize: job.totalSize).drawable(file: job.file)
        let diagnostics = loaded.diagnostics.sortedByLocation().map(DiagnosticRecord.init)
        guard let incident = loaded.incident, !loaded.hasErrors else {
            return JobResult(id: job.id, status: .failed, outputs: [], diagnostics: diagnostics, writeFailed: false)
        }
        // Everything is rendered into memory first: a render error writes nothing.
        var files: [RenderedFile] = []
        do {
            for renderer in renderers { files += try renderer.render(incident, job.stem) }
        } catch {
            return .failure(job, rule: "render-error", "could not render: \(error)", before: diagnostics)
        }
        // Renderers may share files (a report's figures beside it are the figures): the first
        // rendering of a name wins. The figures come first, so with `--theme brand.yaml
        // --report md` the brand figures stay what `--theme` asked for, and the report shows them.
        var seen: Set<String> = []
        files = files.filter { seen.insert($0.name).inserted }
        if let bad = files.first(where: { !isSafeName($0.name) }) {
            return .failure(job, rule: "render-error", "a renderer produced the unsafe file name `\(bad.name)`", before: diagnostics)
        }
        if let link = OutputTree.linkedFolder(root: job.outputRoot, folder: job.folder) {
            return .failure(job, rule: "output-link", "\(link) is a symbolic link inside the output folder; Hindsight does not write through it (its figures would land outside the output folder): remove the link", before: diagnostics)
        }
        let folder = job.folder.isEmpty ? job.outputRoot : (job.outputRoot as NSString).appendingPathComponent(job.folder)
        let paths = files.map { (folder as NSString).appendingPathComponent($0.name) }
        // No output may replace an input: this one (`batch docs/pm.md --report md -o docs`).
        do { try FileIO.refuseReplacingInputs(paths, inputs: [job.file]) } catch let e as OutputReplacesInput {
            return .failure(job, rule: "output-replaces-input",
                            "its output \(e.output) would replace this input; write the outputs to another folder (-o DIR)", before: diagnostics)
        } catch {
            return .failure(job, rule: "output-replaces-input", "\(error)", before: diagnostics)
        }
        var outputs: [Manifest.Output] = []
        for (file, path) in zip(files, paths) {
            do {
                try FileIO.writeAtomically(file.bytes, to: path)
            } catch {
                return .failure(job, rule: "output-unwritable", "\(error)", writeFailed: true, before: diagnostics)
            }
            let relative = job.folder.isEmpty ? file.name : job.folder + "/" + file.name
            outputs.append(Manifest.Output(path: relative, sha256: SHA256.hex(file.bytes), bytes: file.bytes.count))
        }
        return JobResult(id: job.id, status: .rendered, outputs: outputs, diagnostics: diagnostics, writeFailed: false)
    }

    /// A relative path that stays inside the folder it is joined to.
    static func isSafeName(_ name: String) -> Bool {
        !name.isEmpty && !name.hasPrefix("/") && !name.split(separator: "/", omittingEmptySubsequences: false)
            .contains { $0.isEmpty || $0 == "." || $0 == ".." }
    }
}

/// The output folder's tree as batch writes it.
enum OutputTree {
    /// The first folder along `folder` (relative to `root`) that is a symbolic link, as a path
    /// under `root`; nil when every existing component is a real folder. (A link to a folder
    /// inside the output would carry figures wherever it points.)
    static func linkedFolder(root: String, folder: String) -> String? {
        var path = root
        for part in folder.split(separator: "/") {
            path = (path as NSString).appendingPathComponent(String(part))
            var st = stat()
            guard lstat(path, &st) == 0 else { return nil }   // made by the write, as a real folder
            if st.isSymbolicLink { return path }
        }
        return nil
    }
}
