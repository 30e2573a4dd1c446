import Testing
@testable import HindsightModel

/// `YAMLReader` composes with Yams' basic resolver and tells merge keys itself: the keys it
/// merges must be those Yams' default resolver resolves to `!!merge`, no more, no fewer.
@Suite struct YAMLMergeKeyTests {
    @Test func aPlainUntaggedKeyMerges() throws {
        let node = try YAMLReader.read("a: &a {x: 1}\nb:\n  <<: *a\n  y: 2\n", file: "m.yaml").get()
        guard case .mapping(let top) = node.value, case .mapping(let b) = top[1].value.value else { Issue.record("shape"); return }
        #expect(b.compactMap(\.key.scalarText) == ["y", "x"])
    }

    @Test func anExplicitMergeTagMerges() throws {
        let node = try YAMLReader.read("a: &a {x: 1}\nb:\n  !!merge <<: *a\n", file: "m.yaml").get()
        guard case .mapping(let top) = node.value, case .mapping(let b) = top[1].value.value else { Issue.record("shape"); return }
        #expect(b.compactMap(\.key.scalarText) == ["x"])
    }

    @Test func quotedOrOtherwiseTaggedKeysAreOrdinaryKeys() throws {
        for key in ["\"<<\"", "'<<'", "!!str <<", "! <<"] {
            let node = try YAMLReader.read("a: &a {x: 1}\nb:\n  \(key): *a\n", file: "m.yaml").get()
            guard case .mapping(let top) = node.value, case .mapping(let b) = top[1].value.value else { Issue.record("shape"); continue }
            #expect(b.compactMap(\.key.scalarText) == ["<<"], "\(key)")
        }
    }
}
