#if canImport(Glibc)
import Glibc
#endif
import Foundation

/// Why a watch could not start: the folder of a watched file cannot be watched.
public struct FileWatcherError: Error, CustomStringConvertible {
    public let path: String
    public let reason: String
    public var description: String { "\(path): cannot watch: \(reason)" }
}

/// Tells which of a set of files changed, over Linux inotify.
///
/// It watches the *folder* of each file, not the file: editors save by writing a new file and
/// renaming it over the old one (a new inode a file watch would never see), or by writing in
/// place. Either ends in an event on the folder naming the file: `IN_CLOSE_WRITE` for a write,
/// `IN_MOVED_TO` for a rename onto it, `IN_CREATE` for a new file; a deletion is reported too
/// (the next read then fails, and the save that follows brings the file back). Events for
/// other names in those folders (the output files, an editor's swap files) are dropped.
///
/// `next` blocks until a watched file changes, then waits until no further event arrives for
/// the debounce interval (a save that writes, renames and touches is one change), and returns
/// every file changed meanwhile. When the last event of every changed file says its content is
/// whole (a write closed, a file renamed onto it), a much shorter quiet (`settle`) is enough:
/// a save's trailing events come within microseconds, and the render starts 8 ms sooner. A
/// file only created, deleted or renamed away waits the whole interval, for what completes it.
/// `wake` makes a blocked `next` return nil (signal handlers).
public final class FileWatcher: @unchecked Sendable {
    /// The paths as given, by watch descriptor and then by the name inside that folder.
    private var names: [Int32: [String: String]] = [:]
    private let fd: Int32
    private let wakeRead: Int32
    private let wakeWrite: Int32
    private let lock = NSLock()
    private var closed = false

    /// The files to watch (paths as they will be reported). Their folders must exist.
    public init(files: [String]) throws {
        fd = inotify_init1(Int32(IN_CLOEXEC) | Int32(IN_NONBLOCK))
        guard fd >= 0 else { throw FileWatcherError(path: "inotify", reason: String(cString: strerror(errno))) }
        var pipeFDs: [Int32] = [0, 0]
        guard pipe(&pipeFDs) == 0 else {
            let reason = String(cString: strerror(errno))
            Glibc.close(fd)
            throw FileWatcherError(path: "pipe", reason: reason)
        }
        wakeRead = pipeFDs[0]; wakeWrite = pipeFDs[1]
        for end in pipeFDs {
            _ = fcntl(end, F_SETFD, FD_CLOEXEC)
            _ = fcntl(end, F_SETFL, fcntl(end, F_GETFL) | O_NONBLOCK)
        }
        let mask = UInt32(IN_CLOSE_WRITE | IN_MOVED_TO | IN_CREATE | IN_DELETE | IN_MOVED_FROM | IN_ONLYDIR)
        for file in files {
            let url = URL(fileURLWithPath: file)
            let folder = url.deletingLastPathComponent().path
            let wd = inotify_add_watch(fd, folder, mask)
            guard wd >= 0 else {
                let reason = String(cString: strerror(errno))
                closeDescriptors()
                throw FileWatcherError(path: folder, reason: reason)
            }
            names[wd, default: [:]][url.lastPathComponent] = file
        }
    }

    deinit { closeDescriptors() }

    private func closeDescriptors() {
        lock.lock(); defer { lock.unlock() }
        guard !closed else { return }
        closed = true
        Glibc.close(fd); Glibc.close(wakeRead); Glibc.close(wakeWrite)
    }

    /// Makes the `next` call that is blocked (or the next one) return nil. Safe from any thread.
    public func wake() {
        lock.lock(); defer { lock.unlock() }
        guard !closed else { return }
        var byte: UInt8 = 1
        _ = Glibc.write(wakeWrite, &byte, 1)
    }

    /// Waits up to `timeout` seconds (nil: for ever) for a watched file to change, then until
    /// `debounce` seconds pass with no further change. Returns the files changed (as given to
    /// `init`), an empty set when the timeout passed, or nil after `wake`.
    public func next(debounce: Double = 0.010, settle: Double = 0.002, timeout: Double? = nil) -> Set<String>? {
        // Each changed file, and whether its last event left it whole.
        var changed: [String: Bool] = [:]
        // First a change, waiting as long as allowed.
        while changed.isEmpty {
            switch wait(seconds: timeout) {
            case .woken: return nil
            case .timedOut: return []
            case .ready: changed.merge(drain()) { $1 }
            }
        }
        // Then quiet: every event meanwhile joins this change.
        while true {
            switch wait(seconds: changed.values.allSatisfy { $0 } ? min(settle, debounce) : debounce) {
            case .woken: return nil
            case .timedOut: return Set(changed.keys)
            case .ready: changed.merge(drain()) { $1 }
            }
        }
    }

    private enum Readiness { case ready, timedOut, woken }

    private func wait(seconds: Double?) -> Readiness {
        var fds = [pollfd(fd: fd, events: Int16(POLLIN), revents: 0), pollfd(fd: wakeRead, events: Int16(POLLIN), revents: 0)]
        let ms: Int32 = seconds.map { Int32(max(0, min($0 * 1000, Double(Int32.max)))) } ?? -1
        while true {
            let n = poll(&fds, 2, ms)
            if n < 0 && errno == EINTR { continue }
            if n <= 0 { return .timedOut }
            if fds[1].revents != 0 {
                var byte: UInt8 = 0
                while Glibc.read(wakeRead, &byte, 1) > 0 {}
                return .woken
            }
            return .ready
        }
    }

    /// Reads every queued event; the watched files they name, each with whether its last event
    /// left it whole (`IN_CLOSE_WRITE`, `IN_MOVED_TO`).
    private func drain() -> [String: Bool] {
        var changed: [String: Bool] = [:]
        let size = 64 * 1024
        let buffer = UnsafeMutableRawPointer.allocate(byteCount: size, alignment: MemoryLayout<inotify_event>.alignment)
        defer { buffer.deallocate() }
        while true {
            let n = Glibc.read(fd, buffer, size)
            if n < 0 && errno == EINTR { continue }
            guard n > 0 else { break }
            var offset = 0
            while offset + MemoryLayout<inotify_event>.size <= n {
                let event = buffer.load(fromByteOffset: offset, as: inotify_event.self)
                let nameStart = offset + MemoryLayout<inotify_event>.size
                if event.mask & UInt32(IN_Q_OVERFLOW) != 0 {
                    // Events were lost: any watched file may have changed.
                    for folder in names.values { for file in folder.values { changed[file] = false } }
                } else if event.len > 0, let folder = names[event.wd] {
                    let bytes = UnsafeRawBufferPointer(start: buffer + nameStart, count: Int(event.len))
                    let name = String(decoding: bytes.prefix { $0 != 0 }, as: UTF8.self)
                    if let file = folder[name] { changed[file] = event.mask & UInt32(IN_CLOSE_WRITE | IN_MOVED_TO) != 0 }
                }
                offset = nameStart + Int(event.len)
            }
        }
        return changed
    }
}
