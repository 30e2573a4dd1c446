import Foundation
import HindsightModel

extension Batch {
    /// `hindsight batch --merge-manifests`: merges the manifests of a batch's shards (see
    /// `Manifest.merge`) into `folder/manifest.json`, and copies every listed output found
    /// beside a shard's manifest into `folder`, checking its SHA-256 on the way (a truncated
    /// or corrupted CI artifact is refused). Afterwards `folder` holds what one unsharded run
    /// would have written, manifest included.
    ///
    /// - Parameter manifests: manifest files, or folders holding a `manifest.json`.
    @discardableResult
    public static func mergeManifests(_ manifests: [String], into folder: String) throws -> Manifest {
        var parts: [(manifest: Manifest, folder: String)] = []
        for path in manifests {
            var isDir: ObjCBool = false
            let dir = FileManager.default.fileExists(atPath: path, isDirectory: &isDir) && isDir.boolValue
            let file = dir ? (path as NSString).appendingPathComponent(Manifest.fileName) : path
            parts.append((try Manifest.read(file), (file as NSString).deletingLastPathComponent))
        }
        let merged = try Manifest.merge(parts.map(\.manifest))
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let lock = try OutputLock(folder: folder, waiting: { OutputLock.announceWait(folder) })
        defer { lock.release() }
        let target = InputDiscovery.FileID(path: folder)
        for (manifest, source) in parts {
            let base = source.isEmpty ? "." : source
            if target != nil && InputDiscovery.FileID(path: base) == target { continue }   // already in place
            for output in manifest.inputs.filter({ $0.status == .rendered }).flatMap(\.outputs) {
                guard JobRunner.isSafeName(output.path) else {
                    throw ManifestError.invalid(base, "unsafe output path `\(output.path)`")
                }
                let outputFolder = (output.path as NSString).deletingLastPathComponent
                if let link = OutputTree.linkedFolder(root: folder, folder: outputFolder) {
                    throw ManifestError.invalid(link, "is a symbolic link inside the output folder; Hindsight does not write through it")
                }
                let from = base + "/" + output.path
                let bytes = try FileIO.read(from, limit: 1 << 30)
                guard bytes.count == output.bytes, SHA256.hex(bytes) == output.sha256 else {
                    throw ManifestError.invalid(from, "does not match its manifest (size or SHA-256 differs): an incomplete artifact?")
                }
                try FileIO.writeAtomically(bytes, to: (folder as NSString).appendingPathComponent(output.path), skipIfUnchanged: true)
            }
        }
        try merged.write(to: folder)
        return merged
    }
}
