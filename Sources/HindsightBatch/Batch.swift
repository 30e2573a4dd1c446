import Foundation
import HindsightModel

/// What to render, from where, to where, and how.
public struct BatchConfiguration: Sendable {
    /// Files and folders to find inputs under.
    public var paths: [String]
    public var outputDirectory: String
    /// Lowercase extensions of the inputs to take from folders.
    public var extensions: Set<String> = InputDiscovery.incidentExtensions
    /// What each valid input becomes: the figures, and later a report. With
    /// `Isolation.processes`, the workers must be started with the same renderers (checked).
    public var renderers: [OutputRenderer]
    /// The Hindsight version, recorded in the manifest: a new version renders everything again.
    public var version: String
    /// Inputs rendering at once.
    public var jobs: Int = ProcessInfo.processInfo.activeProcessorCount
    public var isolation: Isolation = .threads
    public var shard: Shard?
    /// Render every input, even those unchanged since the last manifest.
    public var force = false
    /// Delete the outputs the last manifest lists for inputs that are no longer found (in
    /// this shard), when they still hold the bytes it recorded.
    public var prune = false
    public var progress: ProgressStyle = .none
    /// SIGINT, SIGTERM and SIGHUP stop the batch cleanly: no new input starts, those in hand
    /// finish, the manifest is written, and `BatchReport.stoppedBy` names the signal (the
    /// caller then re-raises it). Blocks those signals for the duration of `Batch.run`.
    public var stopOnSignals = true
    /// Seconds between intermediate manifests, so that a batch killed outright can still
    /// skip, next time, what it finished.
    public var checkpointInterval = 10.0

    public init(paths: [String], outputDirectory: String, renderers: [OutputRenderer], version: String) {
        self.paths = paths; self.outputDirectory = outputDirectory; self.renderers = renderers; self.version = version
    }
}

/// The outcome of a batch. Times and "this run" counts are here, not in the manifest.
public struct BatchReport: Sendable {
    public var manifest: Manifest
    /// Rendered by this run.
    public var rendered: Int
    /// Skipped: unchanged since the last manifest, outputs intact.
    public var unchanged: Int
    public var failed: Int
    /// Outputs of vanished inputs deleted (`prune`).
    public var pruned: Int = 0
    /// Some output, or the manifest, could not be written.
    public var writeFailed: Bool
    /// The signal that stopped the batch early; the inputs it did not reach are not in the manifest.
    public var stoppedBy: Int32?
    public var seconds: Double

    /// `12 inputs: 10 rendered, 1 unchanged, 1 failed in 0.8 s (12.5 inputs/s)`.
    public var summary: String {
        var s = "\(manifest.inputs.count) input\(manifest.inputs.count == 1 ? "" : "s")"
        if let shard = manifest.shard { s += " (shard \(shard))" }
        s += ": \(rendered) rendered, \(unchanged) unchanged, \(failed) failed in " + String(format: "%.2f s", seconds)
        if rendered > 0 { s += String(format: " (%.1f inputs/s)", Double(rendered) / seconds) }
        if pruned > 0 { s += "; \(pruned) stale output\(pruned == 1 ? "" : "s") of vanished inputs deleted" }
        if let stoppedBy { s += "; stopped early by signal \(stoppedBy)" }
        return s
    }
}

public enum BatchError: Error, CustomStringConvertible, Sendable {
    case outputUnwritable(String, String)
    public var description: String {
        switch self {
        case .outputUnwritable(let dir, let why): return "\(dir): cannot write the output folder: \(why)"
        }
    }
}

/// `hindsight batch`: every input under some paths, rendered in parallel into a mirrored
/// folder tree, with a manifest for incremental re-runs and CI shards.
///
/// Flow: discover (sorted, collisions and unsafe links rejected) → keep this shard's share →
/// read and hash each input; skip it when the last manifest says it rendered from the same
/// bytes, options and version and its outputs are still there at their recorded sizes → send
/// the rest to the workers, one input at a time per worker (the coordinator holds only the
/// inputs in flight) → write the manifest atomically (also every `checkpointInterval`).
public enum Batch {
    public static func run(_ c: BatchConfiguration) throws -> BatchReport {
        let started = monotonicSeconds()
        let signals = StopSignals()
        let savedMask = c.stopOnSignals ? signals.block() : nil
        defer {
            if let savedMask {
                signals.discardPending()
                signals.restore(savedMask)
            }
        }

        let out = c.outputDirectory
        do { try FileManager.default.createDirectory(atPath: out, withIntermediateDirectories: true) } catch {
            throw BatchError.outputUnwritable(out, (error as NSError).localizedDescription)
        }
        guard access(out, W_OK) == 0 else { throw BatchError.outputUnwritable(out, String(cString: strerror(errno))) }
        // One batch at a time per output folder: a second waits for the first to finish.
        let lock = try OutputLock(folder: out, waiting: { OutputLock.announceWait(out) })
        defer { lock.release() }

        let discovery = try InputDiscovery.discover(c.paths, extensions: c.extensions, excluding: out)
        let inShard = { (input: BatchInput) in c.shard?.contains(input.relativePath) ?? true }
        let inputs = discovery.inputs.filter(inShard)
        let rejected = discovery.rejected.filter { inShard($0.input) }
        let optionsHash = OutputRenderer.optionsHash(c.renderers)
        let progress = ProgressReporter(style: c.progress, total: inputs.count + rejected.count)
        let previous = c.force ? [:] : reusable(in: out, version: c.version, options: optionsHash, log: progress.log)
        let manifestWritten = Self.modificationTime(of: (out as NSString).appendingPathComponent(Manifest.fileName))
        let stale = c.prune ? Self.staleOutputs(in: out, current: inputs.map(\.relativePath) + rejected.map(\.input.relativePath),
                                                 shard: c.shard, log: progress.log) : []

        var entries = rejected.map { r in
            Manifest.Entry(path: r.input.relativePath, file: r.input.path, sha256: nil, options: optionsHash,
                           status: .failed, outputs: [], diagnostics: [DiagnosticRecord(r.diagnostic)])
        }
        var report = BatchReport(manifest: Manifest(hindsight: c.version, options: optionsHash, shard: c.shard, inputs: []),
                                 rendered: 0, unchanged: 0, failed: rejected.count, writeFailed: false, stoppedBy: nil, seconds: 0)

        // Pass 1: hash every input; keep what is unchanged.
        var pending: [BatchInput] = []
        for input in inputs {
            switch read(input, options: optionsHash) {
            case .unreadable(let entry):
                entries.append(entry)
                report.failed += 1
            case .bytes(let bytes, _):
                if let old = previous[input.relativePath], old.file == input.path, old.sha256 == SHA256.hex(bytes),
                   outputsIntact(old.outputs, in: out, manifestWritten: manifestWritten) {
                    entries.append(old)
                    report.unchanged += 1
                } else {
                    pending.append(input)
                }
            }
        }
        progress.settled(entries.count, failed: report.failed)

        // Pass 2: render what changed.
        if !pending.isEmpty {
            progress.startRendering()
            let executor: any JobExecutor
            switch c.isolation {
            case .threads:
                executor = ThreadExecutor(threads: max(1, min(c.jobs, pending.count)), renderers: c.renderers)
            case .processes(let command, let options, let timeLimit):
                executor = ProcessExecutor(command: command, options: options, workers: max(1, min(c.jobs, pending.count)), optionsHash: optionsHash, timeLimit: timeLimit)
            }
            var inFlight: [Int: (input: BatchInput, sha256: String)] = [:]
            var next = 0
            var lastCheckpoint = monotonicSeconds()
            func checkpoint() {
                try? Manifest(hindsight: c.version, options: optionsHash, shard: c.shard, inputs: entries).write(to: out)
            }
            do {
                while true {
                    if report.stoppedBy == nil, savedMask != nil, let sig = signals.pending() {
                        report.stoppedBy = sig
                        progress.log("hindsight batch: stopping (signal \(sig)); finishing the \(inFlight.count) input(s) in hand")
                    }
                    while report.stoppedBy == nil, inFlight.count < executor.capacity, next < pending.count {
                        let input = pending[next]
                        next += 1
                        switch read(input, options: optionsHash) {
                        case .unreadable(let entry):
                            entries.append(entry)
                            report.failed += 1
                            progress.rendered(failed: true)
                        case .bytes(let bytes, let size):
                            let job = BatchJob(id: next, file: input.path, folder: input.folder, stem: input.stem,
                                               outputRoot: out, content: Data(bytes), totalSize: size)
                            inFlight[job.id] = (input, SHA256.hex(bytes))
                            try executor.submit(job)
                        }
                    }
                    if inFlight.isEmpty { break }
                    for result in try executor.collect(timeout: 0.1) {
                        guard let (input, sha) = inFlight.removeValue(forKey: result.id) else { continue }
                        entries.append(Manifest.Entry(path: input.relativePath, file: input.path, sha256: sha, options: optionsHash,
                                                      status: result.status, outputs: result.outputs, diagnostics: result.diagnostics))
                        if result.status == .rendered { report.rendered += 1 } else { report.failed += 1 }
                        if result.writeFailed { report.writeFailed = true }
                        progress.rendered(failed: result.status == .failed)
                    }
                    progress.tick()
                    if monotonicSeconds() - lastCheckpoint >= c.checkpointInterval {
                        checkpoint()
                        lastCheckpoint = monotonicSeconds()
                    }
                }
            } catch {
                executor.shutdown()
                checkpoint()
                progress.finish()
                throw error
            }
            executor.shutdown()
        }
        progress.finish()

        if !stale.isEmpty, report.stoppedBy == nil {
            report.pruned = Self.prune(stale, in: out, keeping: Set(entries.flatMap { $0.outputs.map(\.path) }), log: progress.log)
        }
        report.manifest = Manifest(hindsight: c.version, options: optionsHash, shard: c.shard, inputs: entries)
        do { try report.manifest.write(to: out) } catch {
            report.writeFailed = true
            progress.log("hindsight batch: \(error)")
        }
        report.seconds = monotonicSeconds() - started
        return report
    }

    enum ReadOutcome {
        /// At most the input size limit plus one byte (to tell it was cut), and then the real size.
        case bytes([UInt8], totalSize: Int?)
        /// A failed manifest entry saying why.
        case unreadable(Manifest.Entry)
    }

    static func read(_ input: BatchInput, options: String) -> ReadOutcome {
        do {
            let bytes = try FileIO.read(input.path)
            return .bytes(bytes, totalSize: bytes.count > InputLimits.maxBytes ? FileIO.size(of: input.path) : nil)
        } catch {
            let reason = (error as? FileIOError)?.reason ?? "\(error)"
            let d = Diagnostic(file: input.path, location: .start, severity: .error, rule: "input-unreadable", message: "cannot read: \(reason)")
            return .unreadable(Manifest.Entry(path: input.relativePath, file: input.path, sha256: nil, options: options,
                                              status: .failed, outputs: [], diagnostics: [DiagnosticRecord(d)]))
        }
    }

    /// Entries of the last manifest in `folder` that can be kept as they are, by relative path.
    static func reusable(in folder: String, version: String, options: String, log: (String) -> Void) -> [String: Manifest.Entry] {
        let path = (folder as NSString).appendingPathComponent(Manifest.fileName)
        guard FileManager.default.fileExists(atPath: path) else { return [:] }
        let old: Manifest
        do { old = try Manifest.read(path) } catch {
            log("hindsight batch: \(error); rendering every input again")
            return [:]
        }
        guard old.hindsight == version, old.options == options else { return [:] }
        var byPath: [String: Manifest.Entry] = [:]
        for e in old.inputs where e.status == .rendered && e.options == options { byPath[e.path] = e }
        return byPath
    }

    /// Every output is still the file the manifest lists: a regular file (not a link, in no
    /// linked folder) with the recorded size and SHA-256. The hash is compared unless the file
    /// provably has not changed since the manifest was written: its status-change time
    /// (`st_ctim`, which every write, rename or `touch` sets to the present and which no
    /// user-space call can set back) is older than the manifest. So an unchanged folder costs
    /// one `lstat` per output, and any file written since (by hand, by another tool, by a
    /// batch with other options) is read and hashed.
    static func outputsIntact(_ outputs: [Manifest.Output], in folder: String, manifestWritten: timespec?) -> Bool {
        !outputs.isEmpty && outputs.allSatisfy { o in
            var st = stat()
            let path = folder + "/" + o.path
            guard JobRunner.isSafeName(o.path), lstat(path, &st) == 0, st.isRegularFile, Int(st.st_size) == o.bytes,
                  OutputTree.linkedFolder(root: folder, folder: (o.path as NSString).deletingLastPathComponent) == nil else { return false }
            if let written = manifestWritten, Self.precedes(st.st_ctim, written) { return true }
            guard let bytes = try? FileIO.read(path, limit: o.bytes) else { return false }
            return bytes.count == o.bytes && SHA256.hex(bytes) == o.sha256
        }
    }

    /// The outputs the last manifest in `folder` lists for inputs (of this shard) that are not
    /// among `current`: the figures of deleted or renamed incidents.
    static func staleOutputs(in folder: String, current: [String], shard: Shard?, log: (String) -> Void) -> [Manifest.Output] {
        let path = (folder as NSString).appendingPathComponent(Manifest.fileName)
        guard FileManager.default.fileExists(atPath: path) else { return [] }
        guard let old = try? Manifest.read(path) else {
            log("hindsight batch: \(path) cannot be read; nothing pruned")
            return []
        }
        let present = Set(current)
        return old.inputs.filter { !present.contains($0.path) && (shard?.contains($0.path) ?? true) }.flatMap(\.outputs)
    }

    /// Deletes each stale output that is still the file the manifest recorded (a regular file,
    /// not a link, in no linked folder, with the recorded SHA-256) and is not an output of
    /// this run; then its folder, if that left it empty. A file changed since is kept, and
    /// said so. Returns how many were deleted.
    static func prune(_ stale: [Manifest.Output], in folder: String, keeping: Set<String>, log: (String) -> Void) -> Int {
        var deleted = 0
        for o in stale where !keeping.contains(o.path) {
            let path = folder + "/" + o.path
            var st = stat()
            guard JobRunner.isSafeName(o.path), lstat(path, &st) == 0 else { continue }
            let dir = (o.path as NSString).deletingLastPathComponent
            guard st.isRegularFile, OutputTree.linkedFolder(root: folder, folder: dir) == nil,
                  let bytes = try? FileIO.read(path, limit: max(o.bytes, 0)), bytes.count == o.bytes, SHA256.hex(bytes) == o.sha256 else {
                log("hindsight batch: \(path) was changed since the last run; not pruned")
                continue
            }
            guard unlink(path) == 0 else { log("hindsight batch: \(path): cannot delete: \(String(cString: strerror(errno)))"); continue }
            deleted += 1
            var parent = dir
            while !parent.isEmpty, rmdir(folder + "/" + parent) == 0 { parent = (parent as NSString).deletingLastPathComponent }
        }
        return deleted
    }

    static func modificationTime(of path: String) -> timespec? {
        var st = stat()
        return lstat(path, &st) == 0 && st.isRegularFile ? st.st_mtim : nil
    }

    /// Strictly earlier (timestamps are coarse: an equal one may be a later change).
    static func precedes(_ a: timespec, _ b: timespec) -> Bool {
        a.tv_sec < b.tv_sec || (a.tv_sec == b.tv_sec && a.tv_nsec < b.tv_nsec)
    }
}

/// An exclusive `flock` on the output folder itself, held for the whole batch: two batches
/// writing one folder at once would interleave their figures and manifests, and the second
/// would take the first's files for its own. Locking the folder leaves no lock file behind;
/// the lock goes with the process, so a killed batch never leaves the folder locked.
final class OutputLock {
    private var fd: Int32

    init(folder: String, waiting: () -> Void) throws {
        fd = open(folder, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard fd >= 0 else { throw BatchError.outputUnwritable(folder, "cannot open it to lock it: \(String(cString: strerror(errno)))") }
        if flock(fd, LOCK_EX | LOCK_NB) == 0 { return }
        waiting()
        while flock(fd, LOCK_EX) != 0 {
            guard errno == EINTR else {
                let why = String(cString: strerror(errno))
                close(fd)
                throw BatchError.outputUnwritable(folder, "cannot lock it: \(why)")
            }
        }
    }

    static func announceWait(_ folder: String) {
        FileHandle.standardError.write(Data("hindsight batch: \(folder) is in use by another batch; waiting for it to finish\n".utf8))
    }

    func release() {
        guard fd >= 0 else { return }
        close(fd)
        fd = -1
    }

    deinit { release() }
}
