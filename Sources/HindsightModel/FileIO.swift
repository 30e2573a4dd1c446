import CSystem
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
    public init(path: String, reason: String) { self.path = path; self.reason = reason }
    public var description: String { "\(path): \(reason)" }
}

/// An output would replace one of the command's own inputs (`report pm.md -o .` writing
/// `./pm.md`). Refused before anything is written; the command line has to change.
public struct OutputReplacesInput: Error, CustomStringConvertible, Sendable {
    public let output: String
    public let input: String
    public var description: String {
        "\(output): refusing to write this file: it is the input \(input), which the output would replace; write the outputs to another folder (-o DIR)"
    }
}

/// File reading with a size bound, and writing through a temporary file in the same folder
/// that is renamed into place, so a reader never sees a half-written output.
public enum FileIO {
    /// The size of a file (a link's target's), or nil. By `stat`: FileManager's attributes
    /// also look up the owner's user and group names (the password and group databases).
    public static func size(of path: String) -> Int? {
        var info = stat()
        guard path != "-", stat(path, &info) == 0 else { return nil }
        return Int(info.st_size)
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
    /// these bytes, nothing is written (the modification time stays). A file replaced keeps
    /// its permission bits (a README kept at 0600 stays 0600). With `throughLink`, a path that
    /// is a symbolic link is written at the link's target, so the link stays a link (what
    /// `embed` does to a linked README); otherwise the rename replaces the link itself.
    /// Refuses (`OutputReplacesInput`) to replace a file registered with `protectInputs`,
    /// unless `mayReplaceInput` (the one file `embed` is asked to update).
    @discardableResult
    public static func writeAtomically(_ bytes: [UInt8], to path: String, skipIfUnchanged: Bool = false,
                                       throughLink: Bool = false, mayReplaceInput: Bool = false) throws -> Bool {
        if !mayReplaceInput { try refuseReplacingInputs([path]) }
        var path = path
        if throughLink, let target = linkTarget(path) { path = target }
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
        var existing = stat()
        let mode: mode_t = lstat(path, &existing) == 0 && existing.st_mode & S_IFMT == S_IFREG ? existing.st_mode & 0o777 : 0o644
        let tmp = dir + "/.\(url.lastPathComponent).tmp-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        let fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, mode)
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
        // open(2) applies the umask; the mode of the file replaced is kept exactly.
        if ok && mode != 0o644 { ok = fchmod(fd, mode) == 0 }
        if close(fd) != 0 { ok = false }
        let replacesFile = existing.st_mode & S_IFMT == S_IFREG && !mayReplaceInput && !throughLink
        guard ok, replacesFile && exchange(tmp, path) || rename(tmp, path) == 0 else {
            let reason = String(cString: strerror(errno))
            unlink(tmp)
            throw FileIOError(path: path, reason: "cannot write: \(reason)")
        }
        return true
    }

    /// Puts the new file `tmp` at `path`, where a regular file of ours is: the two are swapped
    /// in one step (`renameat2`'s `RENAME_EXCHANGE`), then the old one, now at `tmp`, is
    /// removed. False, changing nothing, where the system cannot swap (then `rename` does it).
    ///
    /// Why not `rename`: on ext4 (its `auto_da_alloc`), renaming onto an existing file first
    /// has the new file's blocks allocated and written out, 0.5 ms a file here, every time a
    /// figure is drawn again into its folder (BENCHMARKS.md, issue 17, session 11). That
    /// guards a file renamed into place without `fsync` from being found empty after a power
    /// cut; outputs are drawn again from their input, so figures and reports do without it.
    /// A file the user wrote (`embed`'s README, `mayReplaceInput`) is still renamed.
    private static func exchange(_ tmp: String, _ path: String) -> Bool {
        guard hindsight_rename_exchange(tmp, path) == 0 else { return false }
        unlink(tmp)
        return true
    }

    /// The file a symbolic link finally leads to (absolute), or nil when `path` is not a link.
    /// A dangling link leads to where its target would be.
    static func linkTarget(_ path: String) -> String? {
        var st = stat()
        guard lstat(path, &st) == 0, st.st_mode & S_IFMT == S_IFLNK else { return nil }
        var current = path
        for _ in 0..<40 {
            guard let dest = try? FileManager.default.destinationOfSymbolicLink(atPath: current) else { return current }
            let base = (current as NSString).deletingLastPathComponent
            current = dest.hasPrefix("/") ? dest : ((base.isEmpty ? "." : base) as NSString).appendingPathComponent(dest)
            guard lstat(current, &st) == 0, st.st_mode & S_IFMT == S_IFLNK else { return current }
        }
        return current
    }

    // MARK: Inputs are never replaced

    /// A file by device and inode: two spellings of one path (`./pm.md`, `docs/../pm.md`, a
    /// hard link, a symbolic link to it) are the same file.
    struct FileIdentity: Hashable {
        let device: UInt64, inode: UInt64
        init?(_ path: String) {
            var st = stat()
            guard path != "-", stat(path, &st) == 0 else { return nil }
            device = UInt64(st.st_dev); inode = UInt64(st.st_ino)
        }
    }

    private static let protectedLock = NSLock()
    // Guarded by `protectedLock`. Paths, not identities: a file deleted since it was read
    // frees its inode for another, which must not inherit the protection.
    nonisolated(unsafe) private static var protected: [String] = []

    /// Registers files this process read as its inputs (incidents, postmortems, themes): no
    /// `writeAtomically` of this process may replace one of them afterwards. The command line
    /// reads every input through here, so the rule holds for every command that writes.
    public static func protectInputs(_ paths: [String]) {
        protectedLock.lock()
        defer { protectedLock.unlock() }
        for path in paths where path != "-" && !protected.contains(path) { protected.append(path) }
    }

    /// Throws for the first of `outputs` that is (or leads to) one of `inputs`, or, by
    /// default, of the inputs registered with `protectInputs`. Commands call it with every
    /// file they are about to write, before writing any.
    public static func refuseReplacingInputs(_ outputs: [String], inputs: [String]? = nil) throws {
        let candidates: [String]
        if let inputs { candidates = inputs } else {
            protectedLock.lock()
            candidates = protected
            protectedLock.unlock()
        }
        var table: [FileIdentity: String] = [:]
        for input in candidates { if let id = FileIdentity(input), table[id] == nil { table[id] = input } }
        guard !table.isEmpty else { return }
        for output in outputs {
            if let id = FileIdentity(output), let input = table[id] { throw OutputReplacesInput(output: output, input: input) }
        }
    }

    public static func writeAtomically(_ text: String, to path: String, skipIfUnchanged: Bool = false) throws {
        try writeAtomically(Array(text.utf8), to: path, skipIfUnchanged: skipIfUnchanged)
    }

    /// A file name's bytes as text, each byte that is not part of valid UTF-8 written `\xFF`:
    /// how diagnostics name a file whose name is not UTF-8.
    public static func escapedName(_ raw: [UInt8]) -> String {
        var out = "", i = 0
        while i < raw.count {
            var matched = false
            for length in (1...4).reversed() where i + length <= raw.count {
                if let s = String(validating: raw[i..<(i + length)], as: UTF8.self), s.unicodeScalars.count == 1 {
                    out += s; i += length; matched = true; break
                }
            }
            if !matched { out += String(format: "\\x%02X", raw[i]); i += 1 }
        }
        return out
    }

    /// The input's stem: file name without extension; `-` is `stdin`.
    public static func stem(of path: String) -> String {
        if path == "-" { return "stdin" }
        let name = (path as NSString).lastPathComponent
        let s = (name as NSString).deletingPathExtension
        return s.isEmpty ? name : s
    }
}
