import Foundation
import HindsightModel

/// One incident file found under a PATH argument.
public struct BatchInput: Sendable, Hashable {
    /// The file as found: the PATH argument joined with `relativePath`. Read from here, and
    /// named in diagnostics.
    public var path: String
    /// `/`-separated path relative to the PATH argument it was found under; never absolute,
    /// never with `.` or `..` components. The manifest key, the shard key, and where the
    /// outputs go: `DIR/<folder>/<stem>-<figure>.<ext>`.
    public var relativePath: String

    public init(path: String, relativePath: String) {
        self.path = path; self.relativePath = relativePath
    }

    /// The folder part of `relativePath` (`""` at the top).
    public var folder: String {
        guard let slash = relativePath.lastIndex(of: "/") else { return "" }
        return String(relativePath[..<slash])
    }

    public var stem: String { FileIO.stem(of: relativePath) }

    /// The outputs' location inside the output folder without extension and suffixes:
    /// two inputs with the same key would overwrite each other's figures.
    var outputKey: String { folder.isEmpty ? stem : folder + "/" + stem }
}

/// An input found but refused before reading: a symbolic link leading outside its PATH, a
/// link loop, something that is not a regular file, or outputs that would overwrite another
/// input's. Recorded in the manifest as failed.
public struct RejectedInput: Sendable, Hashable {
    public var input: BatchInput
    public var diagnostic: Diagnostic
}

public struct Discovery: Sendable {
    /// Sorted by relative path; no two share an output location.
    public var inputs: [BatchInput]
    /// Sorted by relative path.
    public var rejected: [RejectedInput]
}

public enum DiscoveryError: Error, CustomStringConvertible, Sendable {
    case noSuchPath(String)
    /// A PATH is the output folder itself: its inputs would sit among the outputs (and a
    /// report could replace them), and the walk skips the output folder.
    case outputIsInput(String)
    public var description: String {
        switch self {
        case .noSuchPath(let p): return "\(p): no such file or folder"
        case .outputIsInput(let p):
            return "\(p): this folder is both a PATH to render and the output folder (-o); write the outputs to another folder, e.g. -o \((p as NSString).appendingPathComponent("figures"))"
        }
    }
}

/// Finds the incident files under the PATH arguments.
///
/// Safety rules, so that a hostile repository can neither hang the walk nor make Hindsight
/// read or write outside where it was pointed:
/// - Folders are entered only as real folders: a symbolic link to a folder is never followed
///   (so link loops cannot recur), and a folder reached twice (bind mounts) is walked once.
/// - A symbolic link to a file is read only when its target lies inside the PATH argument;
///   otherwise the input is rejected (`input-outside-path`). Dangling links and link loops
///   are rejected too (`input-unreadable`); so are FIFOs, sockets and devices (`input-not-a-file`).
/// - Names starting with `.` (`.git`, `.build`, editors' and Hindsight's temporary files) are
///   skipped, and so are the output folder and any other batch's output folder (one holding a
///   Hindsight `manifest.json`) inside a PATH.
/// - Output locations come from names returned by the directory walk, which contain no `/`,
///   so they can never escape the output folder.
public enum InputDiscovery {
    public static let incidentExtensions: Set<String> = ["yaml", "yml", "json"]
    public static let markdownExtensions: Set<String> = ["md", "markdown"]

    /// - Parameters:
    ///   - paths: files and folders; a file named explicitly is taken whatever its extension.
    ///   - extensions: lowercase extensions of the files to take from folders.
    ///   - excluding: a folder not to enter (the output folder).
    public static func discover(_ paths: [String], extensions: Set<String>, excluding: String? = nil) throws -> Discovery {
        var walk = Walk(extensions: extensions, excluded: excluding.flatMap(FileID.init(path:)))
        for root in paths {
            var st = stat()
            guard stat(root, &st) == 0 else { throw DiscoveryError.noSuchPath(root) }
            if st.isDirectory {
                if let excluded = walk.excluded, FileID(st) == excluded { throw DiscoveryError.outputIsInput(root) }
                walk.rootReal = realPath(root) ?? root
                walk.folder(root, relative: "")
            } else {
                // Named explicitly: taken whatever its extension; outputs go to the top of DIR.
                let name = (root as NSString).lastPathComponent
                if st.isRegularFile { walk.found.append(.init(path: root, relativePath: name)) }
                else { walk.reject(path: root, relative: name, rule: "input-not-a-file", "is not a regular file (a FIFO, socket or device?)") }
            }
        }
        return resolveCollisions(walk.found, rejected: walk.rejected)
    }

    /// Sorts, drops exact duplicates (one file named twice), and rejects every input whose
    /// outputs would land where an earlier input's do (`x.yaml` and `x.json` in one folder, or
    /// the same relative path under two PATH arguments).
    static func resolveCollisions(_ found: [BatchInput], rejected: [RejectedInput]) -> Discovery {
        let sorted = found.sorted(by: BatchInput.precedes)
        var inputs: [BatchInput] = []
        var rejected = rejected
        var owners: [String: BatchInput] = [:]
        for input in sorted {
            if let owner = owners[input.outputKey] {
                if owner == input { continue }
                rejected.append(RejectedInput(input: input, diagnostic: Diagnostic(
                    file: input.path, location: .start, severity: .error, rule: "output-collision",
                    message: "its figures would overwrite those of \(owner.path) (same folder and name in the output); rename one of them")))
            } else {
                owners[input.outputKey] = input
                inputs.append(input)
            }
        }
        return Discovery(inputs: inputs, rejected: rejected.sorted { BatchInput.precedes($0.input, $1.input) })
    }

    /// A folder's entries (without `.` and `..`), sorted by bytes: UTF-8 names as text, the
    /// others as bytes. (FileManager drops names it cannot decode without a word.)
    static func list(_ path: String) -> (names: [String], undecodable: [[UInt8]])? {
        guard let dir = opendir(path) else { return nil }
        defer { closedir(dir) }
        var names: [String] = [], undecodable: [[UInt8]] = []
        while let entry = readdir(dir) {
            let raw = withUnsafeBytes(of: entry.pointee.d_name) { buffer in Array(buffer.prefix { $0 != 0 }) }
            if raw == [0x2E] || raw == [0x2E, 0x2E] { continue }
            if let name = String(validating: raw, as: UTF8.self) { names.append(name) } else { undecodable.append(raw) }
        }
        names.sort { $0.utf8.lexicographicallyPrecedes($1.utf8) }
        undecodable.sort { $0.lexicographicallyPrecedes($1) }
        return (names, undecodable)
    }

    /// The realpath of `path`, or nil.
    static func realPath(_ path: String) -> String? {
        guard let p = realpath(path, nil) else { return nil }
        defer { free(p) }
        return String(cString: p)
    }

    /// Identity of a folder, to walk each one once and to skip the output folder.
    struct FileID: Hashable {
        let device: UInt64
        let inode: UInt64
        init(_ st: stat) { device = UInt64(st.st_dev); inode = UInt64(st.st_ino) }
        init?(path: String) {
            var st = stat()
            guard stat(path, &st) == 0 else { return nil }
            self.init(st)
        }
    }

    private struct Walk {
        let extensions: Set<String>
        let excluded: FileID?
        var rootReal = ""
        var visited: Set<FileID> = []
        var found: [BatchInput] = []
        var rejected: [RejectedInput] = []

        init(extensions: Set<String>, excluded: FileID?) {
            self.extensions = extensions; self.excluded = excluded
        }

        mutating func folder(_ path: String, relative: String) {
            var st = stat()
            guard stat(path, &st) == 0 else { return }
            let id = FileID(st)
            guard id != excluded, visited.insert(id).inserted else { return }
            guard let listing = InputDiscovery.list(path) else {
                reject(path: path, relative: relative.isEmpty ? "." : relative, rule: "input-unreadable",
                       "cannot list this folder (permission denied?); its incidents were not rendered")
                return
            }
            let names = listing.names
            // A name that is not UTF-8 cannot be named in the manifest or the outputs: each is
            // reported, never skipped in silence.
            for raw in listing.undecodable where raw.first != UInt8(ascii: ".") {
                let shown = FileIO.escapedName(raw)
                let childPath = (path.hasSuffix("/") ? path : path + "/") + shown
                reject(path: childPath, relative: relative.isEmpty ? shown : relative + "/" + shown, rule: "input-name-encoding",
                       "this name is not valid UTF-8 (shown with \\x escapes); Hindsight reads names as UTF-8 text: rename it to render it")
            }
            // Another batch's output folder (an earlier `-o` inside the PATH): not input.
            if names.contains(Manifest.fileName), Manifest.looksLikeManifest(path + "/" + Manifest.fileName) { return }
            for name in names where !name.hasPrefix(".") {
                let childPath = path == "." ? name : path.hasSuffix("/") ? path + name : path + "/" + name
                let childRelative = relative.isEmpty ? name : relative + "/" + name
                entry(childPath, relative: childRelative, name: name)
            }
        }

        mutating func entry(_ path: String, relative: String, name: String) {
            var link = stat()
            guard lstat(path, &link) == 0 else { return }   // vanished meanwhile
            if link.isDirectory { folder(path, relative: relative); return }
            guard extensions.contains((name as NSString).pathExtension.lowercased()) else { return }
            if link.isSymbolicLink {
                var target = stat()
                guard stat(path, &target) == 0 else {
                    let why = errno == ELOOP ? "is a symbolic link loop" : "is a symbolic link to a missing file"
                    reject(path: path, relative: relative, rule: "input-unreadable", why)
                    return
                }
                // A link to a folder is never followed (see the type's comment).
                if target.isDirectory { return }
                guard let real = InputDiscovery.realPath(path), real.hasPrefix(rootReal.hasSuffix("/") ? rootReal : rootReal + "/") else {
                    reject(path: path, relative: relative, rule: "input-outside-path",
                           "is a symbolic link to a file outside the folder being rendered; Hindsight does not follow it")
                    return
                }
                link = target
            }
            guard link.isRegularFile else {
                reject(path: path, relative: relative, rule: "input-not-a-file", "is not a regular file (a FIFO, socket or device?)")
                return
            }
            found.append(BatchInput(path: path, relativePath: relative))
        }

        mutating func reject(path: String, relative: String, rule: String, _ message: String) {
            rejected.append(RejectedInput(
                input: BatchInput(path: path, relativePath: relative),
                diagnostic: Diagnostic(file: path, location: .start, severity: .error, rule: rule, message: message)))
        }
    }
}

extension BatchInput {
    /// Byte order of the relative path, then of the path: the same on every machine.
    static func precedes(_ a: BatchInput, _ b: BatchInput) -> Bool {
        if a.relativePath != b.relativePath { return a.relativePath.utf8.lexicographicallyPrecedes(b.relativePath.utf8) }
        return a.path.utf8.lexicographicallyPrecedes(b.path.utf8)
    }
}

extension stat {
    var isDirectory: Bool { st_mode & S_IFMT == S_IFDIR }
    var isRegularFile: Bool { st_mode & S_IFMT == S_IFREG }
    var isSymbolicLink: Bool { st_mode & S_IFMT == S_IFLNK }
}
