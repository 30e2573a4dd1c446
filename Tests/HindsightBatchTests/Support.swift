import Foundation
import HindsightBatch
import HindsightModel
import HindsightRender
import Testing

/// A fresh folder under the temporary directory, removed by `cleanup()`.
struct Scratch {
    let url: URL
    var path: String { url.path }

    init() throws {
        url = FileManager.default.temporaryDirectory.appendingPathComponent("hindsight-batch-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    func cleanup() { try? FileManager.default.removeItem(at: url) }

    func sub(_ relative: String) -> String { url.appendingPathComponent(relative).path }

    /// Writes `text` (creating folders) and returns the path.
    @discardableResult
    func write(_ relative: String, _ text: String) throws -> String {
        try write(relative, Array(text.utf8))
    }

    @discardableResult
    func write(_ relative: String, _ bytes: [UInt8]) throws -> String {
        let path = sub(relative)
        try FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        return path
    }

    /// `count` generated (valid) incidents named `<prefix>-<i>.yaml` in `folder`.
    func incidents(_ count: Int, in folder: String, prefix: String = "incident", seed: UInt64 = 1) throws {
        for i in 0..<count {
            try write("\(folder)/\(prefix)-\(i).yaml", IncidentGenerator.yaml(seed: seed + UInt64(i)))
        }
    }

    /// Every regular file below `relative`, as paths relative to it, sorted. Symbolic links
    /// are not followed.
    func files(under relative: String) -> [String] {
        var out: [String] = []
        func walk(_ dir: String, _ prefix: String) {
            for name in (try? FileManager.default.contentsOfDirectory(atPath: dir)) ?? [] {
                var st = stat()
                guard lstat(dir + "/" + name, &st) == 0 else { continue }
                if st.st_mode & S_IFMT == S_IFDIR { walk(dir + "/" + name, prefix + name + "/") }
                else if st.st_mode & S_IFMT == S_IFREG { out.append(prefix + name) }
            }
        }
        walk(relative == "." ? path : sub(relative), "")
        return out.sorted()
    }
}

enum Fixtures {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures")
    static func text(_ relative: String) throws -> String {
        try String(contentsOf: root.appendingPathComponent(relative), encoding: .utf8)
    }
}

/// A batch of timeline SVGs only (the fastest figure), rendered in this process.
func quickBatch(_ paths: [String], to output: String, shard: Shard? = nil, force: Bool = false, jobs: Int = 2) throws -> BatchReport {
    var config = BatchConfiguration(paths: paths, outputDirectory: output,
                                    renderers: [.figures(FigureOptions(figures: [.timeline], formats: [.svg]))], version: "test")
    config.jobs = jobs
    config.shard = shard
    config.force = force
    config.stopOnSignals = false
    return try Batch.run(config)
}

/// Runs the built `hindsight` binary (the one `swift build --scratch-path …` put beside the tests).
enum CLI {
    struct Run {
        var status: Int32
        var signaled: Bool
        var stdout: String
        var stderr: String
    }

    static let packageRoot = Fixtures.root.deletingLastPathComponent().deletingLastPathComponent()

    static var binary: String {
        let candidates = [
            URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("hindsight").path,
            Bundle.main.bundleURL.deletingLastPathComponent().appendingPathComponent("hindsight").path,
            packageRoot.appendingPathComponent(".build-batch/debug/hindsight").path,
            packageRoot.appendingPathComponent(".build/debug/hindsight").path,
        ]
        return candidates.first { FileManager.default.isExecutableFile(atPath: $0) } ?? candidates[2]
    }

    struct MissingBinary: Error, CustomStringConvertible {
        var description: String { "no hindsight binary at \(CLI.binary): run `swift build --scratch-path .build-batch` first" }
    }

    /// Starts `hindsight ARGS` with stdout and stderr going to files (standard input: `stdin`'s
    /// bytes, else nothing); `wait` collects them.
    static func start(_ args: [String], cwd: String? = nil, env: [String: String] = [:], stdin: [UInt8]? = nil) throws -> (Process, URL, URL) {
        guard FileManager.default.isExecutableFile(atPath: binary) else { throw MissingBinary() }
        let p = Process()
        p.executableURL = URL(fileURLWithPath: binary)
        p.arguments = args
        if let cwd { p.currentDirectoryURL = URL(fileURLWithPath: cwd) }
        var environment = ProcessInfo.processInfo.environment
        environment["CI"] = nil
        for (k, v) in env { environment[k] = v }
        p.environment = environment
        let out = FileManager.default.temporaryDirectory.appendingPathComponent("hindsight-out-\(UUID().uuidString)")
        let err = FileManager.default.temporaryDirectory.appendingPathComponent("hindsight-err-\(UUID().uuidString)")
        try Data().write(to: out)
        try Data().write(to: err)
        p.standardOutput = try FileHandle(forWritingTo: out)
        p.standardError = try FileHandle(forWritingTo: err)
        if let stdin {
            let file = FileManager.default.temporaryDirectory.appendingPathComponent("hindsight-in-\(UUID().uuidString)")
            try Data(stdin).write(to: file)
            p.standardInput = try FileHandle(forReadingFrom: file)
            defer { try? FileManager.default.removeItem(at: file) }
            try p.run()
        } else {
            p.standardInput = FileHandle.nullDevice
            try p.run()
        }
        return (p, out, err)
    }

    static func wait(_ started: (Process, URL, URL)) -> Run {
        let (p, out, err) = started
        p.waitUntilExit()
        defer { try? FileManager.default.removeItem(at: out); try? FileManager.default.removeItem(at: err) }
        let o = (try? String(contentsOf: out, encoding: .utf8)) ?? ""
        let e = (try? String(contentsOf: err, encoding: .utf8)) ?? ""
        return Run(status: p.terminationStatus, signaled: p.terminationReason == .uncaughtSignal, stdout: o, stderr: e)
    }

    @discardableResult
    static func run(_ args: [String], cwd: String? = nil, env: [String: String] = [:], stdin: [UInt8]? = nil) throws -> Run {
        wait(try start(args, cwd: cwd, env: env, stdin: stdin))
    }
}

/// The manifest of a finished batch.
func manifest(in folder: String) throws -> Manifest {
    try Manifest.read(folder + "/" + Manifest.fileName)
}
