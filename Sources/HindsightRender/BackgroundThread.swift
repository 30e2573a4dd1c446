import CSystem

/// A detached thread for work that runs beside the caller, started on another core.
///
/// Why not Foundation's `Thread`, or a plain `pthread_create`: on this 2-core machine a new
/// thread was often queued on its creator's core and started only when the creator's time
/// slice ended, about 2 ms later (measured with uprobes and a C test, BENCHMARKS.md, issue 17,
/// session 11), while the other core idled. Started on another core it runs within 0.1 ms;
/// it then takes back every core the process may use.
enum BackgroundThread {
    /// Runs `body` on a new thread; returns false, without running it, if no thread could be made.
    @discardableResult
    static func start(_ body: @escaping @Sendable () -> Void) -> Bool {
        let box = Unmanaged.passRetained(Box(body)).toOpaque()
        let status = hindsight_thread_start_elsewhere({ raw in
            hindsight_thread_widen()
            Unmanaged<Box>.fromOpaque(raw!).takeRetainedValue().body()
            return nil
        }, box)
        guard status == 0 else {
            Unmanaged<Box>.fromOpaque(box).release()
            return false
        }
        return true
    }

    private final class Box {
        let body: @Sendable () -> Void
        init(_ body: @escaping @Sendable () -> Void) { self.body = body }
    }
}
