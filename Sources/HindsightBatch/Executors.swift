import Foundation
import HindsightModel

/// Where a batch renders.
public enum Isolation: Sendable {
    /// Worker threads in this process. Cheapest to start; but a crash while rendering one input
    /// ends the whole batch. For library callers that have no worker executable.
    case threads
    /// Long-lived worker processes, each rendering many inputs one after another. A crash (or
    /// a kill) fails only the input in hand: it is recorded as `render-crash`, a new worker
    /// starts and the batch goes on. `command` starts a worker: a program that calls
    /// `BatchWorker.serve` (`hindsight batch --worker`). `options` is the first line every
    /// worker reads on its standard input (one JSON value, no newline): what to render, from
    /// which it makes the same renderers as the batch (checked by their hash).
    case processes(command: [String], options: [UInt8], timeLimit: Double? = nil)
}

/// Runs jobs and hands back their results. Called from the coordinator's thread only.
protocol JobExecutor: AnyObject {
    /// How many jobs may be in flight at once.
    var capacity: Int { get }
    func submit(_ job: BatchJob) throws
    /// Results of jobs finished since the last call, waiting up to `timeout` seconds for one.
    func collect(timeout: Double) throws -> [JobResult]
    /// Called with nothing in flight: lets the workers go.
    func shutdown()
}

public enum ExecutorError: Error, CustomStringConvertible, Sendable {
    case cannotStartWorker(String)
    case protocolError(String)
    public var description: String {
        switch self {
        case .cannotStartWorker(let why): return "cannot start a worker process: \(why)"
        case .protocolError(let why): return "worker process: \(why)"
        }
    }
}

// MARK: - Threads

final class ThreadExecutor: JobExecutor {
    /// Jobs waiting and results ready, behind one condition variable.
    private final class Shared: @unchecked Sendable {
        // @unchecked: every field is read and written with `condition` locked.
        let condition = NSCondition()
        var queue: [BatchJob] = []
        var results: [JobResult] = []
        var closed = false
    }

    let capacity: Int
    private let shared = Shared()

    init(threads: Int, renderers: [OutputRenderer]) {
        capacity = threads
        for i in 0..<threads {
            let shared = self.shared
            let thread = Thread {
                while let job = Self.take(shared) {
                    let result = JobRunner.run(job, renderers: renderers)
                    shared.condition.lock()
                    shared.results.append(result)
                    shared.condition.broadcast()
                    shared.condition.unlock()
                }
            }
            thread.name = "hindsight-batch-\(i + 1)"
            thread.stackSize = 8 << 20    // pango and the layouts recurse more than the default 512 KB allows
            thread.start()
        }
    }

    private static func take(_ shared: Shared) -> BatchJob? {
        shared.condition.lock()
        defer { shared.condition.unlock() }
        while shared.queue.isEmpty && !shared.closed { shared.condition.wait() }
        return shared.queue.isEmpty ? nil : shared.queue.removeFirst()
    }

    func submit(_ job: BatchJob) {
        shared.condition.lock()
        shared.queue.append(job)
        shared.condition.broadcast()
        shared.condition.unlock()
    }

    func collect(timeout: Double) -> [JobResult] {
        shared.condition.lock()
        defer { shared.condition.unlock() }
        if shared.results.isEmpty { _ = shared.condition.wait(until: Date(timeIntervalSinceNow: timeout)) }
        defer { shared.results.removeAll() }
        return shared.results
    }

    func shutdown() {
        shared.condition.lock()
        shared.closed = true
        shared.condition.broadcast()
        shared.condition.unlock()
    }
}

// MARK: - Processes

/// Worker processes speaking JSON lines: the coordinator writes one `BatchJob` per line on a
/// worker's standard input and reads one `JobResult` per line from its standard output (the
/// first line is a `WorkerHello`). Workers share the coordinator's standard error. One job is
/// in flight per worker, so when a worker dies, the job it died on is known; and a worker only
/// reads while the coordinator writes, so neither can block the other.
///
/// Workers run in their own process group, so a Ctrl-C at the terminal reaches only the
/// coordinator; each worker finishes (and writes) the input in hand, then sees its standard
/// input close and exits. That is what makes a batch killed halfway leave only whole files.
final class ProcessExecutor: JobExecutor {
    let capacity: Int
    private let command: [String]
    /// The line each worker reads first: the options it renders with.
    private let options: [UInt8]
    private let optionsHash: String
    private var workers: [Worker] = []
    private var queue: [BatchJob] = []
    private var results: [JobResult] = []
    /// How often each job went back to the queue because its worker stopped politely.
    private var requeued: [Int: Int] = [:]
    /// Workers that died before saying hello, in a row: a broken worker command.
    private var failedStarts = 0

    private final class Worker {
        let pid: pid_t
        let input: Int32
        var output: LineReader
        var job: BatchJob? { didSet { jobStarted = job == nil ? nil : monotonicSeconds() } }
        var jobStarted: Double?
        /// Killed for running past the time limit.
        var timedOut = false
        var greeted = false
        init(pid: pid_t, input: Int32, output: Int32) {
            self.pid = pid; self.input = input; self.output = LineReader(fd: output)
        }
    }

    /// Seconds one input may take (load, render, write) before its worker is killed and the
    /// input fails with `render-timeout`; nil for no limit.
    private let timeLimit: Double?

    init(command: [String], options: [UInt8], workers: Int, optionsHash: String, timeLimit: Double? = nil) {
        self.command = command; self.options = options; self.capacity = workers; self.optionsHash = optionsHash; self.timeLimit = timeLimit
        // A worker that dies makes writes to its pipe fail with EPIPE instead of killing us.
        signal(SIGPIPE, SIG_IGN)
    }

    func submit(_ job: BatchJob) throws {
        queue.append(job)
        try dispatch()
    }

    /// Gives queued jobs to idle workers, starting workers as needed.
    private func dispatch() throws {
        while !queue.isEmpty {
            if let idle = workers.first(where: { $0.job == nil }) {
                let job = queue.removeFirst()
                idle.job = job
                var line = try JSONEncoder().encode(job)
                line.append(0x0A)
                // A failed write means the worker died; its death is handled when its output closes.
                _ = line.withUnsafeBytes { writeAll(idle.input, $0) }
            } else if workers.count < capacity {
                workers.append(try spawn())
            } else {
                return
            }
        }
    }

    func collect(timeout: Double) throws -> [JobResult] {
        var fds = workers.map { pollfd(fd: $0.output.fd, events: Int16(POLLIN), revents: 0) }
        if !fds.isEmpty, poll(&fds, nfds_t(fds.count), Int32(timeout * 1000)) > 0 {
            var dead: [Worker] = []
            for (i, w) in workers.enumerated() where fds[i].revents != 0 {
                let open = w.output.fill()
                while let line = w.output.nextLine() { try handle(line, from: w) }
                if !open { dead.append(w) }
            }
            for w in dead { try bury(w) }
            try dispatch()
        } else if fds.isEmpty {
            Thread.sleep(forTimeInterval: timeout)
        }
        // A worker past the limit is killed; its output then closes, and `bury` fails the input.
        if let timeLimit {
            let now = monotonicSeconds()
            for w in workers where !w.timedOut {
                if let started = w.jobStarted, now - started > timeLimit {
                    w.timedOut = true
                    kill(w.pid, SIGKILL)
                }
            }
        }
        defer { results.removeAll() }
        return results
    }

    private func handle(_ line: [UInt8], from w: Worker) throws {
        guard w.greeted else {
            guard let hello = try? JSONDecoder().decode(WorkerHello.self, from: Data(line)) else {
                throw ExecutorError.protocolError("expected a hello, got `\(String(decoding: line.prefix(200), as: UTF8.self))`")
            }
            guard hello.options == optionsHash else {
                throw ExecutorError.protocolError("the worker renders with other options than the batch (\(hello.options) ≠ \(optionsHash))")
            }
            w.greeted = true
            failedStarts = 0
            return
        }
        let result: JobResult
        do { result = try JSONDecoder().decode(JobResult.self, from: Data(line)) } catch {
            throw ExecutorError.protocolError("unreadable result `\(String(decoding: line.prefix(200), as: UTF8.self))`")
        }
        guard let job = w.job, job.id == result.id else {
            throw ExecutorError.protocolError("result for job \(result.id), which it was not given")
        }
        w.job = nil
        results.append(result)
    }

    /// A worker's output closed: it exited or died. Blame the job in hand only for a crash.
    private func bury(_ w: Worker) throws {
        close(w.input); close(w.output.fd)
        workers.removeAll { $0 === w }
        var status: Int32 = 0
        while waitpid(w.pid, &status, 0) < 0 && errno == EINTR {}
        let exit = ExitStatus(status)
        if !w.greeted {
            failedStarts += 1
            if let job = w.job { queue.insert(job, at: 0) }
            if failedStarts >= 3 { throw ExecutorError.cannotStartWorker("`\(command.joined(separator: " "))` \(exit)") }
            return
        }
        guard let job = w.job else { return }
        if exit == .exited(BatchWorker.stoppedStatus) && requeued[job.id, default: 0] < 3 {
            // Asked to stop (SIGTERM) after its last answer, so it never read this job: not
            // this input's fault. Another worker renders it.
            requeued[job.id, default: 0] += 1
            queue.insert(job, at: 0)
            return
        }
        if w.timedOut {
            results.append(.failure(job, rule: "render-timeout",
                                    "rendering this input took longer than \(JSONValue.format(timeLimit ?? 0)) s, the per-input limit (--time-limit); it was stopped and the other inputs went on"))
            return
        }
        results.append(.failure(job, rule: "render-crash",
                                "the renderer crashed on this input (worker process \(exit)); the other inputs were not affected. This is a bug in Hindsight: please report it with the input"))
    }

    func shutdown() {
        for w in workers {
            close(w.input)   // end of input: the worker exits
            close(w.output.fd)
            var status: Int32 = 0
            while waitpid(w.pid, &status, 0) < 0 && errno == EINTR {}
        }
        workers.removeAll()
    }

    /// Starts `command` with pipes on its standard input and output, in a new process group.
    private func spawn() throws -> Worker {
        var stdinPipe: [Int32] = [0, 0], stdoutPipe: [Int32] = [0, 0]
        guard pipe(&stdinPipe) == 0 else { throw ExecutorError.cannotStartWorker(String(cString: strerror(errno))) }
        guard pipe(&stdoutPipe) == 0 else {
            stdinPipe.forEach { close($0) }
            throw ExecutorError.cannotStartWorker(String(cString: strerror(errno)))
        }
        // Close-on-exec everywhere, so no worker inherits another's pipes (it would then never
        // see its own standard input close). The child's 0 and 1 are dup2'ed and stay open.
        for fd in stdinPipe + stdoutPipe { _ = fcntl(fd, F_SETFD, FD_CLOEXEC) }
        #if os(Linux)
        var actions = posix_spawn_file_actions_t()
        var attributes = posix_spawnattr_t()
        #else
        var actions: posix_spawn_file_actions_t?
        var attributes: posix_spawnattr_t?
        #endif
        posix_spawn_file_actions_init(&actions)
        posix_spawnattr_init(&attributes)
        defer { posix_spawn_file_actions_destroy(&actions); posix_spawnattr_destroy(&attributes) }
        posix_spawn_file_actions_adddup2(&actions, stdinPipe[0], 0)
        posix_spawn_file_actions_adddup2(&actions, stdoutPipe[1], 1)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETPGROUP))
        posix_spawnattr_setpgroup(&attributes, 0)

        var environment = ProcessInfo.processInfo.environment
        // A crash should end the worker at once, not spend seconds symbolicating a backtrace.
        environment["SWIFT_BACKTRACE"] = "enable=no"
        let argv = command.map { strdup($0) } + [nil]
        let envp = environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer { (argv + envp).forEach { free($0) } }
        var pid: pid_t = 0
        let rc = posix_spawn(&pid, command[0], &actions, &attributes, argv, envp)
        close(stdinPipe[0]); close(stdoutPipe[1])
        guard rc == 0 else {
            close(stdinPipe[1]); close(stdoutPipe[0])
            throw ExecutorError.cannotStartWorker("\(command[0]): \(String(cString: strerror(rc)))")
        }
        // The options first; a failed write means the worker died, seen when its output closes.
        _ = (options + [0x0A]).withUnsafeBytes { writeAll(stdinPipe[1], $0) }
        return Worker(pid: pid, input: stdinPipe[1], output: stdoutPipe[0])
    }
}

/// A worker's first line: who it is and which options it renders with.
struct WorkerHello: Codable {
    var hello: String
    var options: String
}

/// How a child process ended (the `W…` macros of `<sys/wait.h>`, which Swift does not import).
enum ExitStatus: Equatable, CustomStringConvertible {
    case exited(Int32)
    case signaled(Int32)

    init(_ status: Int32) {
        let signal = status & 0x7F
        self = signal == 0 ? .exited((status >> 8) & 0xFF) : .signaled(signal)
    }

    var description: String {
        switch self {
        case .exited(let code): return "exited with status \(code)"
        case .signaled(let s):
            let names: [Int32: String] = [SIGSEGV: "SIGSEGV", SIGABRT: "SIGABRT", SIGILL: "SIGILL", SIGBUS: "SIGBUS",
                                          SIGFPE: "SIGFPE", SIGKILL: "SIGKILL", SIGTRAP: "SIGTRAP", SIGTERM: "SIGTERM"]
            return "killed by signal \(s)" + (names[s].map { " (\($0))" } ?? "")
        }
    }
}

/// Splits what arrives on a file descriptor into lines.
struct LineReader {
    let fd: Int32
    private var buffer: [UInt8] = []
    /// Where the next line starts, and how far it is known to hold no newline.
    private var start = 0
    private var scanned = 0

    init(fd: Int32) { self.fd = fd }

    /// Reads what is available (one `read`); false at end of file or on an error.
    mutating func fill() -> Bool {
        if start > 0 && start * 2 > buffer.count {
            buffer.removeFirst(start)
            scanned -= start
            start = 0
        }
        let old = buffer.count
        buffer.append(contentsOf: repeatElement(0, count: 65536))
        let n = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress! + old, 65536) }
        buffer.removeLast(65536 - max(n, 0))
        if n < 0 && errno == EINTR { return true }
        return n > 0
    }

    /// The next complete line, without its newline.
    mutating func nextLine() -> [UInt8]? {
        guard let nl = buffer[max(start, scanned)...].firstIndex(of: 0x0A) else {
            scanned = buffer.count
            return nil
        }
        defer { start = nl + 1; scanned = start }
        return Array(buffer[start..<nl])
    }
}

/// Writes all of `bytes`, retrying short writes; false on an error (EPIPE: the reader is gone).
@discardableResult
func writeAll(_ fd: Int32, _ bytes: UnsafeRawBufferPointer) -> Bool {
    var offset = 0
    while offset < bytes.count {
        let n = write(fd, bytes.baseAddress! + offset, bytes.count - offset)
        if n < 0 && errno == EINTR { continue }
        guard n > 0 else { return false }
        offset += n
    }
    return true
}
