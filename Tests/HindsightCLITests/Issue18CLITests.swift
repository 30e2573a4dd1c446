import Foundation
import HindsightTestSupport
import Testing

/// Issue 18 through the binary: no output replaces an input; a failing render writes nothing;
/// embed keeps links, modes and line endings; non-UTF-8 names are named.
@Suite(.serialized) struct OutputSafetyCLITests {
    let example = Fixtures.example.path

    func files(_ dir: URL) throws -> [String] { try FileManager.default.contentsOfDirectory(atPath: dir.path).sorted() }

    @Test func aReportNeverReplacesItsPostmortem() throws {
        let dir = try Scratch.directory()
        let md = try String(contentsOf: Fixtures.root.appendingPathComponent("markdown/complete.md"), encoding: .utf8)
        try md.write(to: dir.appendingPathComponent("pm.md"), atomically: true, encoding: .utf8)
        let r = try CLI.run(["report", "pm.md", "-o", "."], cwd: dir)
        #expect(r.status == 2, "\(r.stderr)")
        #expect(r.stderr.contains("it is the input pm.md"), "\(r.stderr)")
        #expect(try String(contentsOf: dir.appendingPathComponent("pm.md"), encoding: .utf8) == md)
        #expect(try files(dir) == ["pm.md"], "nothing else written")
        // Another spelling of the same file is the same file.
        let sub = dir.appendingPathComponent("sub")
        try FileManager.default.createDirectory(at: sub, withIntermediateDirectories: true)
        #expect(try CLI.run(["report", "../pm.md", "-o", ".."], cwd: sub).status == 2)
        #expect(try String(contentsOf: dir.appendingPathComponent("pm.md"), encoding: .utf8) == md)
        // Elsewhere it works.
        let ok = try CLI.run(["report", "pm.md", "-o", "out"], cwd: dir)
        #expect(ok.status == 0)
        // Issue 15: the report's own path is printed last, after the four figures it links (timeline
        // and impact, light and dark).
        let printed = ok.stdout.split(separator: "\n")
        #expect(printed.last == "out/pm.md" && printed.count == 5, "\(ok.stdout)")
    }

    @Test func renderWithABadInputWritesNothing() throws {
        let dir = try Scratch.directory()
        try "title: only a title\n".write(to: dir.appendingPathComponent("bad.yaml"), atomically: true, encoding: .utf8)
        let r = try CLI.run(["render", example, "bad.yaml", "-o", "out"], cwd: dir)
        #expect(r.status == 1)
        #expect(!FileManager.default.fileExists(atPath: dir.appendingPathComponent("out").path), "the good input's figures were written")
    }

    @Test func embedWritesThroughALinkedReadmeAndKeepsItsMode() throws {
        let dir = try Scratch.directory()
        let target = dir.appendingPathComponent("docs/README.md")
        try FileManager.default.createDirectory(at: target.deletingLastPathComponent(), withIntermediateDirectories: true)
        try "# T\n\n<!-- hindsight:begin -->\n<!-- hindsight:end -->\n".write(to: target, atomically: true, encoding: .utf8)
        chmod(target.path, 0o600)
        try FileManager.default.createSymbolicLink(atPath: dir.appendingPathComponent("README.md").path, withDestinationPath: "docs/README.md")
        let r = try CLI.run(["embed", "README.md", "--incident", example], cwd: dir)
        #expect(r.status == 0, "\(r.stderr)")
        var st = stat()
        #expect(lstat(dir.appendingPathComponent("README.md").path, &st) == 0 && st.st_mode & S_IFMT == S_IFLNK, "the link was replaced")
        #expect(try String(contentsOf: target, encoding: .utf8).contains("<picture>"))
        #expect(stat(target.path, &st) == 0 && st.st_mode & 0o777 == 0o600)
    }

    @Test func embedKeepsCRLFAndFencedMarkers() throws {
        let dir = try Scratch.directory()
        let readme = dir.appendingPathComponent("README.md")
        let text = "# T\r\n\r\n```\r\n<!-- hindsight:begin -->\r\n<!-- hindsight:end -->\r\n```\r\n\r\n<!-- hindsight:begin -->\r\n<!-- hindsight:end -->\r\n"
        try Data(text.utf8).write(to: readme)
        #expect(try CLI.run(["embed", readme.path, "--incident", example]).status == 0)
        let out = try [UInt8](Data(contentsOf: readme))
        #expect(!out.indices.contains { out[$0] == 0x0A && ($0 == 0 || out[$0 - 1] != 0x0D) }, "a bare LF in a CR LF file")
        let s = String(decoding: out, as: UTF8.self)
        #expect(s.hasPrefix("# T\r\n\r\n```\r\n<!-- hindsight:begin -->\r\n<!-- hindsight:end -->\r\n```\r\n\r\n<!-- hindsight:begin -->\r\n<picture>"))
    }

    /// Issue 15: an input named `credit-card-outage` gets the figures its block links, no more.
    @Test func embedWritesExactlyTheFilesItLinks() throws {
        let dir = try Scratch.directory()
        try FileManager.default.copyItem(atPath: example, toPath: dir.appendingPathComponent("credit-card-outage.yaml").path)
        try "<!-- hindsight:begin -->\n<!-- hindsight:end -->\n".write(to: dir.appendingPathComponent("README.md"), atomically: true, encoding: .utf8)
        #expect(try CLI.run(["embed", "README.md", "--incident", "credit-card-outage.yaml"], cwd: dir).status == 0)
        let readme = try String(contentsOf: dir.appendingPathComponent("README.md"), encoding: .utf8)
        let linked = Set(readme.components(separatedBy: "src=\"").dropFirst().map { String($0.prefix { $0 != "\"" }) }
            + readme.components(separatedBy: "srcset=\"").dropFirst().map { String($0.prefix { $0 != "\"" }) })
        #expect(linked.count == 4)
        #expect(Set(try files(dir).filter { $0.hasSuffix(".png") }) == linked)
    }

    @Test func aFileNameThatIsNotUTF8IsNamed() throws {
        let dir = try Scratch.directory()
        var raw = Array(dir.appendingPathComponent("bad").path.utf8CString.dropLast())
        raw += [CChar(bitPattern: 0xFF)] + Array(".yaml".utf8CString)
        let fd = open(raw, O_WRONLY | O_CREAT | O_EXCL, 0o644)
        #expect(fd >= 0)
        close(fd)
        // Passed through a shell so the argument keeps its raw byte.
        let r = try CLI.run(["-c", "exec \"$0\" check \"$(printf 'bad\\377.yaml')\"", CLI.binary.path], cwd: dir, shell: true)
        #expect(r.status == 3, "\(r.stderr)")
        #expect(r.stderr.contains("bad\\xFF.yaml") && r.stderr.contains("not valid UTF-8"), "\(r.stderr)")
    }
}
