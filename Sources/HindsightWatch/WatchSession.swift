import Foundation
import HindsightModel
import HindsightRender

/// What rendering one input gave: its files (nil when it could not be rendered) and the
/// diagnostics to show for it (text lines, `file:line:col: severity: message`).
public struct Rendering: Sendable {
    public var files: [RenderedFile]?
    public var messages: [String]
    public init(files: [RenderedFile]?, messages: [String] = []) {
        self.files = files
        self.messages = messages
    }
}

/// Maps file changes to renders and renders to writes.
///
/// A change to an input re-renders that input; a change to a shared file (a theme) re-renders
/// every input. Rendering is done by the caller's `render` (in memory, nothing written), so
/// the session decides only what to write: each file whose bytes differ from what this
/// session last wrote there (or from what is on disk, the first time), atomically, through
/// `FileIO.writeAtomically`. An input that fails to render keeps its last good outputs on disk
/// and its diagnostics are kept until the next render of it.
public final class WatchSession {
    /// One input's part of a cycle.
    public struct InputResult: Sendable, Equatable {
        public var input: String
        /// The paths written this cycle (bytes changed), in render order.
        public var written: [String]
        /// How many rendered files had the same bytes as before and were left alone.
        public var unchanged: Int
        /// The input could not be rendered; its previous outputs stay.
        public var failed: Bool
    }

    /// What one change did.
    public struct Cycle: Sendable {
        public var results: [InputResult]
        /// From the start of rendering to the last file written.
        public var elapsed: Duration
        public var wroteAnything: Bool { results.contains { !$0.written.isEmpty } }
        public var failed: Bool { results.contains(where: \.failed) }
    }

    public let inputs: [String]
    public let sharedFiles: [String]
    public let outputDir: String
    private let render: ([String]) -> [String: Rendering]
    /// Bytes this session last wrote (or found in place), by path.
    private var onDisk: [String: [UInt8]] = [:]
    /// The last good file names of each input, and the diagnostics of its last render.
    private var names: [String: [String]] = [:]
    private var messages: [String: [String]] = [:]
    private var failing: Set<String> = []

    /// `render` gets the inputs to render and returns a `Rendering` for each (an input
    /// missing from the answer counts as failed).
    public init(inputs: [String], sharedFiles: [String] = [], outputDir: String,
                render: @escaping ([String]) -> [String: Rendering]) {
        self.inputs = inputs
        self.sharedFiles = sharedFiles
        self.outputDir = outputDir
        self.render = render
    }

    /// Every file whose change matters: the inputs, then the shared files.
    public var watchedFiles: [String] { inputs + sharedFiles }

    /// The inputs a change to `changed` re-renders, in the order given to `init`.
    public func affected(by changed: Set<String>) -> [String] {
        if sharedFiles.contains(where: changed.contains) { return inputs }
        return inputs.filter(changed.contains)
    }

    /// Renders every input (the first cycle).
    public func renderAll() -> Cycle { run(inputs) }

    /// Renders what `changed` affects; an empty cycle when nothing watched changed.
    public func handle(_ changed: Set<String>) -> Cycle { run(affected(by: changed)) }

    /// The current good outputs (names inside `outputDir`), input by input in render order.
    public var outputNames: [String] { inputs.flatMap { names[$0] ?? [] } }

    /// The diagnostics of each input's last render, inputs in order.
    public var diagnostics: [(input: String, messages: [String])] {
        inputs.compactMap { input in messages[input].flatMap { $0.isEmpty ? nil : (input, $0) } }
    }

    /// The inputs whose last render failed.
    public var failedInputs: [String] { inputs.filter(failing.contains) }

    private func run(_ targets: [String]) -> Cycle {
        guard !targets.isEmpty else { return Cycle(results: [], elapsed: .zero) }
        let clock = ContinuousClock()
        let start = clock.now
        let rendered = render(targets)
        var results: [InputResult] = []
        for input in targets {
            let rendering = rendered[input] ?? Rendering(files: nil, messages: ["\(input): error: not rendered"])
            messages[input] = rendering.messages
            guard let files = rendering.files else {
                failing.insert(input)
                results.append(InputResult(input: input, written: [], unchanged: 0, failed: true))
                continue
            }
            do {
                let (written, unchanged) = try write(files)
                failing.remove(input)
                names[input] = files.map(\.name)
                results.append(InputResult(input: input, written: written, unchanged: unchanged, failed: false))
            } catch {
                failing.insert(input)
                messages[input, default: []].append("\(error)")
                results.append(InputResult(input: input, written: [], unchanged: 0, failed: true))
            }
        }
        return Cycle(results: results, elapsed: clock.now - start)
    }

    /// Writes the files whose bytes changed; checks every destination against the inputs first.
    private func write(_ files: [RenderedFile]) throws -> (written: [String], unchanged: Int) {
        let paths = files.map { (outputDir as NSString).appendingPathComponent($0.name) }
        try FileIO.refuseReplacingInputs(paths)
        var written: [String] = []
        var unchanged = 0
        for (file, path) in zip(files, paths) {
            if let last = onDisk[path], last == file.bytes, FileManager.default.fileExists(atPath: path) {
                unchanged += 1
                continue
            }
            // The first time, the file on disk is the reference (a restart rewrites nothing).
            if try FileIO.writeAtomically(file.bytes, to: path, skipIfUnchanged: onDisk[path] == nil) {
                written.append(path)
            } else {
                unchanged += 1
            }
            onDisk[path] = file.bytes
        }
        return (written, unchanged)
    }
}
