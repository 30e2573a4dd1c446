import Foundation

/// Runs the built `hindsight` binary as a user or a CI script would.
public enum CLI {
    public struct Run: Sendable {
        public var status: Int32
        /// Ended by a signal rather than by exiting.
        public var signaled: Bool
        public var stdout: String
        public var stderr: String
    }

    /// A started `hindsight`; `wait` collects what it wrote.
    public struct Started {
        public let process: Process
        let out: URL, err: URL, input: URL
    }

    /// The binary `swift build` put beside the test bundle (or in the package's build folder).
    public static var binary: URL {
        let candidates = [
            URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("hindsight"),
            Bundle.main.bundleURL.deletingLastPathComponent().appendingPathComponent("hindsight"),
            Fixtures.packageRoot.appendingPathComponent(".build/debug/hindsight"),
            Fixtures.packageRoot.appendingPathComponent(".build-batch/debug/hindsight"),
        ]
        return candidates.first { FileManager.default.isExecutableFile(atPath: $0.path) } ?? candidates[2]
    }

    public struct MissingBinary: Error, CustomStringConvertible {
        public var description: String { "no hindsight binary at \(CLI.binary.path): run `swift build` first" }
    }

    /// Starts `hindsight ARGS` in `cwd` with `env` over this process's environment (less `CI`,
    /// so progress output does not depend on where the tests run) and `stdin` as its input
    /// (empty by default). Its output goes to files, so no stream can fill up and block it.
    /// `shell`: ARGS are for /bin/sh instead (an argument that is not UTF-8 must be made there).
    public static func start(_ args: [String], cwd: URL? = nil, env: [String: String] = [:], stdin: Data? = nil,
                             shell: Bool = false) throws -> Started {
        guard shell || FileManager.default.isExecutableFile(atPath: binary.path) else { throw MissingBinary() }
        let p = Process()
        p.executableURL = shell ? URL(fileURLWithPath: "/bin/sh") : binary
        p.arguments = args
        if let cwd { p.currentDirectoryURL = cwd }
        var environment = ProcessInfo.processInfo.environment
        environment["CI"] = nil
        for (k, v) in env { environment[k] = v }
        p.environment = environment
        let out = try Scratch.file([], name: "stdout")
        let err = try Scratch.file([], name: "stderr")
        let input = try Scratch.file(Array(stdin ?? Data()), name: "stdin")
        p.standardOutput = try FileHandle(forWritingTo: out)
        p.standardError = try FileHandle(forWritingTo: err)
        p.standardInput = try FileHandle(forReadingFrom: input)
        try p.run()
        return Started(process: p, out: out, err: err, input: input)
    }

    /// `start` with the working folder as a path.
    public static func start(_ args: [String], cwd: String, env: [String: String] = [:], stdin: Data? = nil) throws -> Started {
        try start(args, cwd: URL(fileURLWithPath: cwd), env: env, stdin: stdin)
    }

    /// Waits for a started `hindsight` to end and collects its output.
    public static func wait(_ started: Started) -> Run {
        let p = started.process
        p.waitUntilExit()
        defer { for f in [started.out, started.err, started.input] { try? FileManager.default.removeItem(at: f) } }
        let o = (try? Data(contentsOf: started.out)) ?? Data()
        let e = (try? Data(contentsOf: started.err)) ?? Data()
        return Run(status: p.terminationStatus, signaled: p.terminationReason == .uncaughtSignal,
                   stdout: String(decoding: o, as: UTF8.self), stderr: String(decoding: e, as: UTF8.self))
    }

    /// Runs `hindsight ARGS` to its end (see `start`).
    @discardableResult
    public static func run(_ args: [String], cwd: URL? = nil, env: [String: String] = [:], stdin: Data? = nil,
                           shell: Bool = false) throws -> Run {
        wait(try start(args, cwd: cwd, env: env, stdin: stdin, shell: shell))
    }

    /// `run` with the working folder as a path.
    @discardableResult
    public static func run(_ args: [String], cwd: String, env: [String: String] = [:], stdin: Data? = nil) throws -> Run {
        wait(try start(args, cwd: cwd, env: env, stdin: stdin))
    }
}
