import Foundation
import HindsightModel
import Testing

/// `FileIO.writeAtomically` replacing what is already at the path: the new bytes are there,
/// nothing is left beside them, the old file's permission bits are kept, a link is replaced
/// (not its target), and a folder in the way is an error that leaves it as it was.
@Suite struct FileIOTests {
    let dir: String
    init() throws {
        dir = NSTemporaryDirectory() + "fileio-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
    }

    func read(_ path: String) -> String? { FileManager.default.contents(atPath: path).map { String(decoding: $0, as: UTF8.self) } }
    var entries: [String] { ((try? FileManager.default.contentsOfDirectory(atPath: dir)) ?? []).sorted() }

    @Test func aNewFileAndAFileReplaced() throws {
        let path = dir + "/figure.svg"
        try FileIO.writeAtomically(Array("first".utf8), to: path)
        #expect(read(path) == "first")
        chmod(path, 0o600)
        try FileIO.writeAtomically(Array("second, longer".utf8), to: path)
        #expect(read(path) == "second, longer")
        var st = stat()
        #expect(stat(path, &st) == 0 && st.st_mode & 0o777 == 0o600)
        #expect(entries == ["figure.svg"])
    }

    @Test func aLinkIsReplacedNotItsTarget() throws {
        let target = dir + "/target.txt", link = dir + "/out.txt"
        try FileIO.writeAtomically(Array("target".utf8), to: target)
        #expect(symlink(target, link) == 0)
        try FileIO.writeAtomically(Array("new".utf8), to: link)
        #expect(read(target) == "target")
        #expect(read(link) == "new")
        var st = stat()
        #expect(lstat(link, &st) == 0 && st.st_mode & S_IFMT == S_IFREG)
        #expect(entries == ["out.txt", "target.txt"])
    }

    @Test func aFolderInTheWayIsAnErrorAndStays() throws {
        let path = dir + "/figure.png"
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: false)
        #expect(throws: FileIOError.self) { try FileIO.writeAtomically(Array("x".utf8), to: path) }
        var isDir: ObjCBool = false
        #expect(FileManager.default.fileExists(atPath: path, isDirectory: &isDir) && isDir.boolValue)
        #expect(entries == ["figure.png"])
    }
}
