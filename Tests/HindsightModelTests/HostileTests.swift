import Foundation
import Testing
@testable import HindsightModel

/// Hostile input gets one clear diagnostic, quickly, never a crash or a hang.
@Suite struct HostileInputTests {
    func check(_ bytes: [UInt8], file: String = "h.yaml", rule: String, line: Int = 1, column: Int = 1, mentions: String) {
        let clock = ContinuousClock()
        var r: LoadResult!
        let elapsed = clock.measure { r = IncidentLoader.load(bytes: bytes, file: file, format: InputFormat.fromPath(file)) }
        #expect(elapsed < .seconds(1), "took \(elapsed)")
        #expect(r.incident == nil)
        #expect(r.diagnostics.count == 1, "\(r.diagnostics.map(\.text))")
        let d = r.diagnostics.first
        #expect(d?.rule == rule)
        #expect(d?.location == SourceLocation(line: line, column: column))
        #expect(d?.message.contains(mentions) == true, "\(d?.message ?? "")")
    }

    @Test func emptyFile() {
        check([], rule: "input-empty", mentions: "empty")
        check(Array("  \n# only a comment\n\n".utf8), rule: "input-empty", mentions: "hindsight init")
        check([], file: "h.json", rule: "input-empty", mentions: "empty")
    }

    @Test func binaryBytes() {
        var bytes = Array("title: x\nab".utf8)
        bytes += [0x00, 0xFF, 0x13, 0x37]
        check(bytes, rule: "input-binary", line: 2, column: 3, mentions: "binary")
    }

    @Test func invalidUTF8() {
        check(Array("title: caf".utf8) + [0xE9] + Array("\n".utf8), rule: "input-encoding", line: 1, column: 11, mentions: "UTF-8")
        check([0xFF, 0xFE, 0x74, 0x00], rule: "input-encoding", mentions: "UTF-16")
    }

    @Test func tabIndentation() {
        check(Array("title: x\nimpact:\n\tsummary: y\n".utf8), rule: "syntax", line: 3, column: 1, mentions: "tab")
    }

    @Test func aliasBomb() {
        var s = "a: &a [x, x, x, x, x, x, x, x, x, x]\n"
        for i in 1...12 {
            let prev = Character(Unicode.Scalar(96 + i)!), cur = Character(Unicode.Scalar(97 + i)!)
            s += "\(cur): &\(cur) [" + Array(repeating: "*\(prev)", count: 10).joined(separator: ", ") + "]\n"
        }
        check(Array(s.utf8), rule: "alias-limit", mentions: "1000000")
    }

    @Test func hugeFile() {
        let line = Array("  - filler text to make a very large file\n".utf8)
        var bytes = Array("title: x\nnotes:\n".utf8)
        while bytes.count < 20_000_000 { bytes += line }
        check(bytes, rule: "input-too-large", mentions: "4.0 MiB limit")
    }

    @Test func deepNestingYAMLFlow() {
        let s = "x: " + String(repeating: "[", count: 200_000) + String(repeating: "]", count: 200_000)
        check(Array(s.utf8), rule: "nesting-depth", line: 1, column: 4 + InputLimits.maxDepth - 1, mentions: "64 levels")
    }

    @Test func deepNestingYAMLDashes() {
        check(Array((String(repeating: "- ", count: 500_000) + "x").utf8), rule: "nesting-depth", mentions: "64 levels",
              checkPosition: false)
    }

    @Test func deepNestingYAMLBlock() {
        var s = "x:\n"
        for i in 1...300 { s += String(repeating: " ", count: i) + "k:\n" }
        check(Array(s.utf8), rule: "nesting-depth", line: 65, column: 65, mentions: "64 levels")
    }

    @Test func deepNestingJSON() {
        let s = String(repeating: "{\"a\":", count: 100_000) + "1" + String(repeating: "}", count: 100_000)
        check(Array(s.utf8), file: "h.json", rule: "nesting-depth", line: 1, column: 1 + 5 * InputLimits.maxDepth, mentions: "64 levels")
    }

    @Test func notAMapping() {
        check(Array("- a\n- b\n".utf8), rule: "type", mentions: "mapping")
        check(Array("[1, 2]".utf8), file: "h.json", rule: "type", mentions: "mapping")
    }
}

extension HostileInputTests {
    func check(_ bytes: [UInt8], rule: String, mentions: String, checkPosition: Bool) {
        let r = IncidentLoader.load(bytes: bytes, file: "h.yaml", format: .yaml)
        #expect(r.diagnostics.count == 1)
        #expect(r.diagnostics.first?.rule == rule)
        #expect(r.diagnostics.first?.message.contains(mentions) == true)
    }
}

/// A diagnostic is one line whatever its file name or message holds: a newline in a name
/// cannot forge a second diagnostic.
@Suite struct DiagnosticTextTests {
    @Test func controlCharactersAreEscaped() {
        let d = Diagnostic(file: "a\nb.yaml:9:9: error: forged [x]\r\u{1B}[2J\u{202E}", location: SourceLocation(line: 1, column: 2),
                           severity: .error, rule: "r", message: "bad\tvalue\u{2028}here")
        #expect(d.text == #"a\nb.yaml:9:9: error: forged [x]\r\u{1B}[2J\u{202E}:1:2: error: bad\tvalue\u{2028}here [r]"#)
        #expect(!d.text.contains { $0.isNewline })
        #expect(Diagnostic.escapeControls(d.text) == d.text, "idempotent")
        // Ordinary text, backslashes included, is unchanged.
        #expect(Diagnostic.escapeControls(#"C:\x `a` ü 🔥"#) == #"C:\x `a` ü 🔥"#)
    }
}
