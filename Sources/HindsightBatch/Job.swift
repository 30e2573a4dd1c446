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
        let loaded = InputLoading.load(bytes: Array(job.content), file: job.file,
                                       format: InputFormat.fromPath(job.file), totalSize: job.totalSize).drawable(file: job.file)
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
        // Renderers may share files (a report's figures beside it are the figures): the last
        // rendering of a name wins, in first-seen order.
        var position: [String: Int] = [:]
        var unique: [RenderedFile] = []
        for file in files {
            if let at = position[file.name] { unique[at] = file } else { position[file.name] = unique.count; unique.append(file) }
        }
        files = unique
        if let bad = files.first(where: { !isSafeName($0.name) }) {
            return .failure(job, rule: "render-error", "a renderer produced the unsafe file name `\(bad.name)`", before: diagnostics)
        }
        let folder = job.folder.isEmpty ? job.outputRoot : (job.outputRoot as NSString).appendingPathComponent(job.folder)
        var outputs: [Manifest.Output] = []
        for file in files {
            do {
                try FileIO.writeAtomically(file.bytes, to: (folder as NSString).appendingPathComponent(file.name))
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
