import Foundation
import HindsightModel

/// A fresh folder under the temporary directory, removed by `cleanup()`.
public struct Scratch: Sendable {
    public let url: URL
    public var path: String { url.path }

    public init() throws { url = try Scratch.directory() }

    /// Creates a fresh, empty folder under the temporary directory; the caller removes it.
    public static func directory() throws -> URL {
        let d = FileManager.default.temporaryDirectory.appendingPathComponent("hindsight-test-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: d, withIntermediateDirectories: true)
        return d
    }

    /// A fresh file under the temporary directory holding `bytes`; the caller removes it.
    /// `name` ends the file's name (a suffix such as `.pdf` for tools that look at it).
    public static func file(_ bytes: [UInt8], name: String) throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("hindsight-test-\(UUID().uuidString)-\(name)")
        try Data(bytes).write(to: url)
        return url
    }

    public func cleanup() { try? FileManager.default.removeItem(at: url) }

    public func sub(_ relative: String) -> String { url.appendingPathComponent(relative).path }

    /// Writes `text` (creating folders) and returns the path.
    @discardableResult
    public func write(_ relative: String, _ text: String) throws -> String {
        try write(relative, Array(text.utf8))
    }

    @discardableResult
    public func write(_ relative: String, _ bytes: [UInt8]) throws -> String {
        let path = sub(relative)
        try FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        return path
    }

    /// `count` generated (valid) incidents named `<prefix>-<i>.yaml` in `folder`.
    public func incidents(_ count: Int, in folder: String, prefix: String = "incident", seed: UInt64 = 1) throws {
        for i in 0..<count {
            try write("\(folder)/\(prefix)-\(i).yaml", IncidentGenerator.yaml(seed: seed + UInt64(i)))
        }
    }

    /// Every regular file below `relative`, as paths relative to it, sorted. Symbolic links
    /// are not followed.
    public func files(under relative: String) -> [String] {
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
