import Foundation
import HindsightModel

/// The worker-process side of `Isolation.processes`: reads the batch's options (the first
/// line on standard input), then `BatchJob`s, one JSON line each; renders and writes each one;
/// answers with one `JobResult` line on standard output. Renders many inputs per process, so
/// fonts and caches stay warm.
public enum BatchWorker {
    /// TEST ONLY: a worker given an input with this stem crashes (SIGSEGV) before rendering
    /// it, to test that a crash fails only that input. Never set it outside tests.
    public static let testCrashVariable = "HINDSIGHT_TEST_CRASH_ON"
    /// TEST ONLY: a worker given an input with this stem sleeps for an hour before rendering
    /// it, to test the per-input time limit. Never set it outside tests.
    public static let testHangVariable = "HINDSIGHT_TEST_HANG_ON"

    /// Exit status of a worker that stopped between jobs because SIGINT, SIGTERM or SIGHUP
    /// arrived (EX_TEMPFAIL): the job sent after its last answer is unread and goes to another worker.
    static let stoppedStatus: Int32 = 75

    /// Serves jobs until standard input ends (status 0), or until SIGINT, SIGTERM or SIGHUP
    /// arrives (after the job in hand; `stoppedStatus`), and returns the exit status.
    /// `configure` makes the renderers from the first line (`Isolation.processes`' options);
    /// when it throws, or the line never comes, the worker exits 2 without a hello.
    public static func serve(configure: ([UInt8]) throws -> [OutputRenderer]) -> Int32 {
        // Signals wait until a job is written completely (checked between jobs); this must
        // happen before any thread starts, so that every thread inherits the mask.
        let stop = StopSignals()
        stop.block()
        signal(SIGPIPE, SIG_IGN)
        // Results go to a private copy of standard output; anything else printing to standard
        // output (a library's warning) lands on standard error instead of in the protocol.
        let channel = dup(1)
        dup2(2, 1)
        let crashOn = ProcessInfo.processInfo.environment[testCrashVariable]
        let hangOn = ProcessInfo.processInfo.environment[testHangVariable]

        func send<T: Encodable>(_ value: T) -> Bool {
            guard var line = try? JSONEncoder().encode(value) else { return false }
            line.append(0x0A)
            return line.withUnsafeBytes { writeAll(channel, $0) }
        }
        var input = LineReader(fd: 0)
        var optionsLine = input.nextLine()
        while optionsLine == nil {
            guard input.fill() else {
                FileHandle.standardError.write(Data("hindsight batch worker: standard input ended before the options line\n".utf8))
                return 2
            }
            optionsLine = input.nextLine()
        }
        let renderers: [OutputRenderer]
        do { renderers = try configure(optionsLine!) } catch {
            FileHandle.standardError.write(Data("hindsight batch worker: unusable options: \(error)\n".utf8))
            return 2
        }
        guard send(WorkerHello(hello: "hindsight-batch-worker", options: OutputRenderer.optionsHash(renderers))) else { return 1 }
        while true {
            guard let line = input.nextLine() else {
                if input.fill() { continue }
                return 0   // the coordinator closed our input: done
            }
            guard let job = try? JSONDecoder().decode(BatchJob.self, from: Data(line)) else {
                FileHandle.standardError.write(Data("hindsight batch worker: unreadable job line\n".utf8))
                return 2
            }
            if let crashOn, job.stem == crashOn { kill(getpid(), SIGSEGV) }
            if let hangOn, job.stem == hangOn { sleep(3600) }
            guard send(JobRunner.run(job, renderers: renderers)) else { return 1 }
            if stop.pending() != nil { return stoppedStatus }
        }
    }
}

/// SIGINT, SIGTERM and SIGHUP held back (blocked) so that they can be handled between jobs
/// rather than interrupting a write; SIGKILL cannot be, which is why workers outlive the
/// coordinator by one job (see `ProcessExecutor`).
struct StopSignals {
    static let signals: [Int32] = [SIGINT, SIGTERM, SIGHUP]

    private var set: sigset_t {
        var s = sigset_t()
        sigemptyset(&s)
        for sig in Self.signals { sigaddset(&s, sig) }
        return s
    }

    /// Blocks the signals in the calling thread (and every thread it starts later); returns the previous mask.
    @discardableResult
    func block() -> sigset_t {
        var s = set, old = sigset_t()
        pthread_sigmask(SIG_BLOCK, &s, &old)
        return old
    }

    /// The first of the signals waiting, if any.
    func pending() -> Int32? {
        var waiting = sigset_t()
        sigpending(&waiting)
        return Self.signals.first { sigismember(&waiting, $0) == 1 }
    }

    /// Takes the waiting signals off the queue (so restoring the mask does not deliver them).
    func discardPending() {
        while let sig = pending() {
            var one = sigset_t(), taken: Int32 = 0
            sigemptyset(&one)
            sigaddset(&one, sig)
            sigwait(&one, &taken)   // returns at once: the signal is waiting
        }
    }

    func restore(_ mask: sigset_t) {
        var m = mask
        pthread_sigmask(SIG_SETMASK, &m, nil)
    }
}
