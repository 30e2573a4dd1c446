import Dispatch
import Foundation

/// Runs the pieces of one task (the compressed pieces of a PNG) on the calling thread and on
/// whatever threads of the global queue are free to help.
///
/// Pieces are claimed one at a time from a shared counter. The caller works through them too
/// and then waits only for pieces a helper has already claimed, so it never waits for a helper
/// that has not started: with every core busy (the figures of a `render` drawn side by side,
/// a batch), the caller does all the pieces itself, and helpers that start late find nothing
/// left. Results do not depend on which thread ran which piece.
enum ParallelWork {
    /// Threads that may help a caller: one less than the cores.
    static let helpers = max(0, ProcessInfo.processInfo.activeProcessorCount - 1)

    /// Runs `body(0) … body(count - 1)`, each once, and returns when all have run.
    static func run(_ count: Int, _ body: @escaping @Sendable (Int) -> Void) {
        guard count > 1, helpers > 0 else { for i in 0..<count { body(i) }; return }
        let state = State(count: count)
        for _ in 0..<min(helpers, count - 1) {
            DispatchQueue.global().async { state.work(body) }
        }
        state.work(body)
        state.waitUntilDone()
    }

    /// `body(0) … body(count - 1)` run as `run` runs them: each one's value or error, in order.
    static func results<T>(_ count: Int, _ body: @escaping @Sendable (Int) throws -> T) -> [Result<T, any Error>] {
        let results = Locked([Result<T, any Error>?](repeating: nil, count: count))
        run(count) { i in
            let result = Result { try body(i) }
            results.withLock { $0[i] = result }
        }
        return results.withLock { $0.map { $0! } }
    }

    private final class State: @unchecked Sendable {
        // @unchecked: `next` and `done` are only touched under `condition`.
        private let condition = NSCondition()
        private let count: Int
        private var next = 0
        private var done = 0

        init(count: Int) { self.count = count }

        func work(_ body: (Int) -> Void) {
            while true {
                condition.lock()
                let i = next
                if i < count { next += 1 }
                condition.unlock()
                guard i < count else { return }
                body(i)
                condition.lock()
                done += 1
                if done == count { condition.broadcast() }
                condition.unlock()
            }
        }

        func waitUntilDone() {
            condition.lock()
            while done < count { condition.wait() }
            condition.unlock()
        }
    }
}
