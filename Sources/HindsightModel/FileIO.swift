import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// `read(2)`, named apart from `FileIO.read`.
private func posixRead(_ fd: Int32, _ buffer: UnsafeMutableRawPointer, _ count: Int) -> Int { read(fd, buffer, count) }

public struct FileIOError: Error, CustomStringConvertible, Sendable {
    public let path: String
    public let reason: String
    public var description: String { "\(path): \(reason)" }
}

/// File reading with a size bound, and writing through a temporary file in the same folder
/// that is renamed into place, so a reader never sees a half-written output.
public enum FileIO {
    /// The size of a regular file, or nil.
    public static func size(of path: String) -> Int? {
        guard path != "-", let attrs = try? FileManager.default.attributesOfItem(atPath: path) else { return nil }
        return (attrs[.size] as? NSNumber)?.intValue
    }

    /// Reads at most `limit + 1` bytes, so a huge file costs no more than the limit.
    public static func read(_ path: String, limit: Int = InputLimits.maxBytes) throws -> [UInt8] {
        if path == "-" { return readStandardInput(limit: limit) }
        // POSIX, sized by fstat: a batch reads thousands of small files, and a read sized by
        // the limit (4 MiB) would allocate that much for each.
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else {
            let code = errno
            switch code {
            case ENOENT, ENOTDIR: throw FileIOError(path: path, reason: "no such file")
            case EACCES, EPERM: throw FileIOError(path: path, reason: "cannot be read (permission denied?)")
            default: throw FileIOError(path: path, reason: "cannot be opened: \(String(cString: strerror(code)))")
            }
        }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0 else {
            throw FileIOError(path: path, reason: "cannot be read: \(String(cString: strerror(errno)))")
        }
        let kind = info.st_mode & S_IFMT
        if kind == S_IFDIR { throw FileIOError(path: path, reason: "is a folder, not a file") }
        // A regular file's size says how much to read (up to one byte past the limit, which is
        // how the caller sees a file too large); anything else is read until it ends.
        let known = kind == S_IFREG && info.st_size > 0 ? min(Int(info.st_size), limit + 1) : nil
        var out = [UInt8](repeating: 0, count: known ?? min(65_536, limit + 1))
        var filled = 0
        while filled <= limit {
            if filled == out.count {
                if known != nil { break }
                out += [UInt8](repeating: 0, count: min(out.count, limit + 1 - out.count))
            }
            let n = out.withUnsafeMutableBytes { buffer in
                posixRead(fd, buffer.baseAddress! + filled, buffer.count - filled)
            }
            if n < 0 {
                if errno == EINTR { continue }
                throw FileIOError(path: path, reason: "read failed: \(String(cString: strerror(errno)))")
            }
            if n == 0 { break }
            filled += n
        }
        out.removeSubrange(filled...)
        return out
    }

    static func readStandardInput(limit: Int) -> [UInt8] {
        var out: [UInt8] = []
        let h = FileHandle.standardInput
        while out.count <= limit {
            let chunk = h.readData(ofLength: min(65536, limit + 1 - out.count))
            if chunk.isEmpty { break }
            out.append(contentsOf: chunk)
        }
        return out
    }

    /// Writes `bytes` to `path` atomically: temporary file in the same folder, then rename.
    /// Creates the folder if needed. When `skipIfUnchanged` and the file already holds exactly
    /// these bytes, nothing is written (the modification time stays).
    @discardableResult
    public static func writeAtomically(_ bytes: [UInt8], to path: String, skipIfUnchanged: Bool = false) throws -> Bool {
        let url = URL(fileURLWithPath: path)
        let dir = url.deletingLastPathComponent().path
        do {
            try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        } catch {
            throw FileIOError(path: dir, reason: "cannot create folder: \(error.localizedDescription)")
        }
        if skipIfUnchanged, let old = FileManager.default.contents(atPath: path), old.count == bytes.count, Array(old) == bytes {
            return false
        }
        let tmp = dir + "/.\(url.lastPathComponent).tmp-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        let fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL, 0o644)
        guard fd >= 0 else {
            throw FileIOError(path: path, reason: "cannot write: \(String(cString: strerror(errno)))")
        }
        var ok = true
        bytes.withUnsafeBytes { buf in
            var off = 0
            while off < buf.count {
                let n = Foundation.write(fd, buf.baseAddress! + off, buf.count - off)
                if n <= 0 { ok = false; break }
                off += n
            }
        }
        if close(fd) != 0 { ok = false }
        guard ok, rename(tmp, path) == 0 else {
            let reason = String(cString: strerror(errno))
            unlink(tmp)
            throw FileIOError(path: path, reason: "cannot write: \(reason)")
        }
        return true
    }

    public static func writeAtomically(_ text: String, to path: String, skipIfUnchanged: Bool = false) throws {
        try writeAtomically(Array(text.utf8), to: path, skipIfUnchanged: skipIfUnchanged)
    }

    /// The input's stem: file name without extension; `-` is `stdin`.
    public static func stem(of path: String) -> String {
        if path == "-" { return "stdin" }
        let name = (path as NSString).lastPathComponent
        let s = (name as NSString).deletingPathExtension
        return s.isEmpty ? name : s
    }
}
