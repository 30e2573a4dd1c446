/// `--shard I/N`: a stable share of the inputs, for N CI jobs that together render every
/// input exactly once.
///
/// An input belongs to shard `1 + (first 8 bytes of SHA-256(relative path)) mod N`. The share
/// depends on nothing but the input's own relative path: adding or removing a file moves
/// only that file, and every machine, run and input order agrees.
public struct Shard: Sendable, Hashable, CustomStringConvertible {
    /// 1-based.
    public let index: Int
    public let count: Int

    public init?(index: Int, count: Int) {
        guard count >= 1, (1...count).contains(index) else { return nil }
        self.index = index; self.count = count
    }

    /// `I/N` with 1 ≤ I ≤ N.
    public init?(_ text: String) {
        let parts = text.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 2, let i = Int(parts[0]), let n = Int(parts[1]) else { return nil }
        self.init(index: i, count: n)
    }

    public var description: String { "\(index)/\(count)" }

    /// The shard (1-based) that `relativePath` belongs to among `count`.
    public static func index(of relativePath: String, count: Int) -> Int {
        Int(SHA256.digest(relativePath.utf8).prefix64 % UInt64(count)) + 1
    }

    public func contains(_ relativePath: String) -> Bool {
        count == 1 || Self.index(of: relativePath, count: count) == index
    }
}
