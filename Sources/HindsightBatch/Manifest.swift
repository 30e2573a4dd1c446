import Foundation
import HindsightModel

/// `DIR/manifest.json`: every input of a batch, its content hash, the options hash, its status,
/// its outputs with their SHA-256 and size, and its diagnostics.
///
/// A pure function of the inputs, the options and the Hindsight version: no times, no
/// durations, no "rendered this run" versus "kept from the last run" (the summary line says
/// that), so the same inputs give the same bytes, and merged shard manifests equal the
/// manifest of one unsharded run.
public struct Manifest: Sendable, Equatable {
    public static let fileName = "manifest.json"
    /// Version of this file's layout.
    public static let schema = 1

    /// The Hindsight version that rendered.
    public var hindsight: String
    /// `OutputRenderer.optionsHash` of the run.
    public var options: String
    /// The share of the inputs this run took; nil for all of them (and after a merge).
    public var shard: Shard?
    /// Sorted by relative path.
    public var inputs: [Entry]

    public init(hindsight: String, options: String, shard: Shard?, inputs: [Entry]) {
        self.hindsight = hindsight; self.options = options; self.shard = shard
        self.inputs = inputs.sorted(by: Entry.precedes)
    }

    public enum Status: String, Sendable, Codable {
        /// Every output is in the folder, as listed.
        case rendered
        case failed
    }

    public struct Entry: Sendable, Equatable, Codable {
        /// Relative to the PATH argument it was found under.
        public var path: String
        /// As found (the PATH argument joined with `path`); what diagnostics name.
        public var file: String
        /// Of the content rendered; nil when the file could not be read.
        public var sha256: String?
        public var options: String
        public var status: Status
        public var outputs: [Output]
        public var diagnostics: [DiagnosticRecord]

        var json: JSONValue {
            .object([
                ("path", .string(path)), ("file", .string(file)),
                ("sha256", sha256.map(JSONValue.string) ?? .null), ("options", .string(options)),
                ("status", .string(status.rawValue)),
                ("outputs", .array(outputs.map { .object([("path", .string($0.path)), ("sha256", .string($0.sha256)), ("bytes", .int($0.bytes))]) })),
                ("diagnostics", .array(diagnostics.map(\.json))),
            ])
        }

        static func precedes(_ a: Entry, _ b: Entry) -> Bool {
            BatchInput.precedes(BatchInput(path: a.file, relativePath: a.path), BatchInput(path: b.file, relativePath: b.path))
        }
    }

    public struct Output: Sendable, Equatable, Codable {
        /// Relative to the output folder.
        public var path: String
        public var sha256: String
        public var bytes: Int
    }

    public var failed: [Entry] { inputs.filter { $0.status == .failed } }

    // MARK: Writing

    /// The manifest as JSON. `serialized` writes the same text without building this whole
    /// tree at once.
    public var json: JSONValue {
        .object(header + [("inputs", .array(inputs.map(\.json)))])
    }

    private var header: [(String, JSONValue)] {
        let failures = failed.count
        var top: [(String, JSONValue)] = [
            ("hindsight", .string(hindsight)), ("manifest", .int(Self.schema)), ("options", .string(options)),
        ]
        if let shard { top.append(("shard", .string(shard.description))) }
        top.append(("summary", .object([
            ("inputs", .int(inputs.count)), ("rendered", .int(inputs.count - failures)), ("failed", .int(failures)),
        ])))
        return top
    }

    /// `json` pretty-printed, plus a final newline. Built entry by entry, so that writing the
    /// manifest of a large batch costs little more memory than the text itself.
    public var serialized: [UInt8] {
        // The header's object without its closing brace, then each entry indented to its depth.
        var head = JSONValue.object(header + [("inputs", .array([]))]).serialized(pretty: true)
        head.removeLast("[]\n}".utf8.count)
        var out = Array(head.utf8)
        out.reserveCapacity(out.count + inputs.count * 1_400)
        out += Array("[".utf8)
        let indent = Array("\n    ".utf8)
        for (i, entry) in inputs.enumerated() {
            if i > 0 { out.append(UInt8(ascii: ",")) }
            out += indent
            // The entry indented two levels deeper: every line break gains four spaces.
            for byte in entry.json.serialized(pretty: true).utf8 {
                if byte == 0x0A { out += indent } else { out.append(byte) }
            }
        }
        out += Array((inputs.isEmpty ? "]\n}\n" : "\n  ]\n}\n").utf8)
        return out
    }

    /// Writes `folder/manifest.json` atomically; leaves the file alone when it already holds
    /// these bytes.
    public func write(to folder: String) throws {
        try FileIO.writeAtomically(serialized, to: (folder as NSString).appendingPathComponent(Self.fileName), skipIfUnchanged: true)
    }

    // MARK: Reading

    private struct File: Decodable {
        var hindsight: String
        var manifest: Int
        var options: String
        var shard: String?
        var inputs: [Entry]
    }

    /// Whether `path` starts the way every manifest does (`{`, then the `hindsight` key):
    /// cheap enough to ask of every `manifest.json` met while looking for inputs.
    static func looksLikeManifest(_ path: String) -> Bool {
        let prefix = Array("{\n  \"hindsight\": ".utf8)
        var st = stat()
        guard lstat(path, &st) == 0, st.isRegularFile, let h = FileHandle(forReadingAtPath: path) else { return false }
        defer { try? h.close() }
        return (try? h.read(upToCount: prefix.count)).map(Array.init) == prefix
    }

    public static func read(_ path: String) throws -> Manifest {
        let bytes = try FileIO.read(path, limit: 1 << 30)
        let file: File
        do { file = try JSONDecoder().decode(File.self, from: Data(bytes)) } catch {
            throw ManifestError.invalid(path, "not a Hindsight manifest (\(error))")
        }
        guard file.manifest == schema else {
            throw ManifestError.invalid(path, "manifest layout \(file.manifest), this Hindsight reads \(schema)")
        }
        var shard: Shard?
        if let s = file.shard {
            guard let parsed = Shard(s) else { throw ManifestError.invalid(path, "bad shard `\(s)`") }
            shard = parsed
        }
        return Manifest(hindsight: file.hindsight, options: file.options, shard: shard, inputs: file.inputs)
    }

    // MARK: Merging

    /// One manifest from the manifests of the N shards of one batch: same Hindsight version, same
    /// options, shards 1…N each exactly once (or no shards at all: manifests of separate
    /// folders). The result has no shard and equals the manifest of an unsharded run.
    public static func merge(_ parts: [Manifest]) throws -> Manifest {
        guard let first = parts.first else { throw ManifestError.incompatible("no manifests to merge") }
        for m in parts where m.hindsight != first.hindsight {
            throw ManifestError.incompatible("rendered by Hindsight \(first.hindsight) and \(m.hindsight); render every shard with one version")
        }
        for m in parts where m.options != first.options {
            throw ManifestError.incompatible("rendered with different options (hash \(first.options.prefix(12))… and \(m.options.prefix(12))…)")
        }
        let shards = parts.compactMap(\.shard)
        if !shards.isEmpty {
            guard shards.count == parts.count else {
                throw ManifestError.incompatible("some manifests are of shards and some are not")
            }
            let n = shards[0].count
            guard shards.allSatisfy({ $0.count == n }) else {
                throw ManifestError.incompatible("shards of different counts (\(shards.map(\.description).joined(separator: ", ")))")
            }
            let indices = shards.map(\.index)
            let missing = (1...n).filter { !indices.contains($0) }
            let twice = Set(indices.filter { i in indices.filter { $0 == i }.count > 1 })
            guard missing.isEmpty, twice.isEmpty else {
                var what: [String] = []
                if !missing.isEmpty { what.append("missing shard " + missing.map { "\($0)/\(n)" }.joined(separator: ", ")) }
                if !twice.isEmpty { what.append("shard " + twice.sorted().map { "\($0)/\(n)" }.joined(separator: ", ") + " given twice") }
                throw ManifestError.incompatible(what.joined(separator: "; "))
            }
        }
        var byKey: [String: Entry] = [:]
        for entry in parts.flatMap(\.inputs) {
            let key = entry.path + "\u{0}" + entry.file
            if let seen = byKey[key], seen != entry {
                throw ManifestError.incompatible("\(entry.file) is listed twice, with different results")
            }
            byKey[key] = entry
        }
        return Manifest(hindsight: first.hindsight, options: first.options, shard: nil, inputs: Array(byKey.values))
    }
}

public enum ManifestError: Error, CustomStringConvertible, Sendable {
    case invalid(String, String)
    case incompatible(String)
    public var description: String {
        switch self {
        case .invalid(let path, let why): return "\(path): \(why)"
        case .incompatible(let why): return "cannot merge these manifests: \(why)"
        }
    }
}

/// A `Diagnostic` as the manifest and the worker protocol carry it.
public struct DiagnosticRecord: Sendable, Equatable, Codable {
    public var file: String
    public var line: Int
    public var column: Int
    public var severity: String
    public var rule: String
    public var message: String

    public init(_ d: Diagnostic) {
        file = d.file; line = d.location.line; column = d.location.column
        severity = d.severity.rawValue; rule = d.rule; message = d.message
    }

    public var diagnostic: Diagnostic {
        Diagnostic(file: file, location: SourceLocation(line: line, column: column),
                   severity: Severity(rawValue: severity) ?? .error, rule: rule, message: message)
    }

    var json: JSONValue { diagnostic.json }
}
