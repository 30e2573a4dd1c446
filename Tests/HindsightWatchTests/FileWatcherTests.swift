import Foundation
import HindsightModel
import HindsightRender
@testable import HindsightWatch
import Testing

/// Runs `body` after `seconds` on a thread of its own. Not on a global dispatch queue: those
/// run as many blocks at a time as there are cores, and with the suite's other tests
/// blocking them on a 2-core machine the block could start after the watcher's whole wait
/// (seen once in CI: the file was read before the delayed write).
func after(_ seconds: Double, _ body: @escaping @Sendable () -> Void) {
    Thread {
        Thread.sleep(forTimeInterval: seconds)
        body()
    }.start()
}

/// A fresh folder under the temporary directory.
struct Scratch {
    let url: URL
    var path: String { url.path }

    init() throws {
        url = FileManager.default.temporaryDirectory.appendingPathComponent("hindsight-watch-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    func file(_ name: String) -> String { url.appendingPathComponent(name).path }

    func write(_ text: String, to name: String) throws {
        try Data(text.utf8).write(to: url.appendingPathComponent(name))
    }

    func cleanup() { try? FileManager.default.removeItem(at: url) }
}

/// Events are waited for with a generous timeout (10 s); no test measures how fast they come.
@Suite struct FileWatcherTests {
    @Test func seesAWriteInPlace() throws {
        let dir = try Scratch(); defer { dir.cleanup() }
        try dir.write("one", to: "a.yaml")
        let watcher = try FileWatcher(files: [dir.file("a.yaml")])
        let handle = try #require(FileHandle(forWritingAtPath: dir.file("a.yaml")))
        try handle.truncate(atOffset: 0)
        handle.write(Data("two".utf8))
        try handle.close()
        #expect(watcher.next(timeout: 10) == [dir.file("a.yaml")])
    }

    @Test func seesASaveByRename() throws {
        let dir = try Scratch(); defer { dir.cleanup() }
        try dir.write("one", to: "a.yaml")
        let watcher = try FileWatcher(files: [dir.file("a.yaml")])
        // As editors save: a new file beside it, renamed over it (a new inode).
        try dir.write("two", to: ".a.yaml.swp")
        #expect(rename(dir.file(".a.yaml.swp"), dir.file("a.yaml")) == 0)
        #expect(watcher.next(timeout: 10) == [dir.file("a.yaml")])
        // The watch goes on for the file now at that name.
        try dir.write("three", to: ".a.yaml.swp")
        #expect(rename(dir.file(".a.yaml.swp"), dir.file("a.yaml")) == 0)
        #expect(watcher.next(timeout: 10) == [dir.file("a.yaml")])
    }

    @Test func aBurstOfSavesIsOneChange() throws {
        let dir = try Scratch(); defer { dir.cleanup() }
        try dir.write("a", to: "a.yaml")
        try dir.write("b", to: "b.yaml")
        let watcher = try FileWatcher(files: [dir.file("a.yaml"), dir.file("b.yaml")])
        for i in 0..<5 { try dir.write("a\(i)", to: "a.yaml") }
        try dir.write("b1", to: "b.yaml")
        // Every event already queued joins the first change: one answer naming both files.
        #expect(watcher.next(timeout: 10) == [dir.file("a.yaml"), dir.file("b.yaml")])
        // Nothing is left over for a second change.
        #expect(watcher.next(timeout: 0.2) == [])
    }

    /// A file created but not yet closed is not a save: the watch waits (up to the debounce)
    /// for the close that completes it, and then reports the file whole.
    @Test func aFileStillBeingWrittenIsWaitedFor() throws {
        let dir = try Scratch(); defer { dir.cleanup() }
        let watcher = try FileWatcher(files: [dir.file("a.yaml")])
        let fd = open(dir.file("a.yaml"), O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        try #require(fd >= 0)
        after(0.15) {
            _ = "whole".withCString { write(fd, $0, 5) }
            close(fd)
        }
        // `settle` alone would end the wait a millisecond after the creation.
        #expect(watcher.next(debounce: 5, settle: 0.001, timeout: 10) == [dir.file("a.yaml")])
        #expect(try String(contentsOfFile: dir.file("a.yaml"), encoding: .utf8) == "whole")
    }

    /// A whole save (a rename onto the file) needs only the short `settle`, not the debounce.
    @Test func aWholeSaveDoesNotWaitForTheDebounce() throws {
        let dir = try Scratch(); defer { dir.cleanup() }
        try dir.write("one", to: "a.yaml")
        let watcher = try FileWatcher(files: [dir.file("a.yaml")])
        try dir.write("two", to: ".a.yaml.swp")
        #expect(rename(dir.file(".a.yaml.swp"), dir.file("a.yaml")) == 0)
        let start = Date()
        #expect(watcher.next(debounce: 60, settle: 0.001, timeout: 10) == [dir.file("a.yaml")])
        // Not a timing: with the debounce it would take a minute.
        #expect(Date().timeIntervalSince(start) < 30)
    }

    @Test func otherFilesInTheFolderAreIgnored() throws {
        let dir = try Scratch(); defer { dir.cleanup() }
        try dir.write("a", to: "a.yaml")
        let watcher = try FileWatcher(files: [dir.file("a.yaml")])
        try dir.write("png", to: "a-card.png")
        try dir.write("x", to: "a.yaml~")
        #expect(watcher.next(timeout: 0.3) == [])
        try dir.write("a2", to: "a.yaml")
        #expect(watcher.next(timeout: 10) == [dir.file("a.yaml")])
    }

    @Test func wakeEndsAWait() throws {
        let dir = try Scratch(); defer { dir.cleanup() }
        try dir.write("a", to: "a.yaml")
        let watcher = try FileWatcher(files: [dir.file("a.yaml")])
        after(0.05) { watcher.wake() }
        #expect(watcher.next(timeout: 10) == nil)
    }

    @Test func aMissingFolderIsAnError() throws {
        #expect(throws: FileWatcherError.self) { try FileWatcher(files: ["/nonexistent-\(UUID().uuidString)/a.yaml"]) }
    }
}

@Suite struct WatchSessionTests {
    /// Renders `<stem>.out` holding the input's text, or fails (with a diagnostic) when the
    /// text contains "broken", as a YAML error would.
    static func render(_ inputs: [String]) -> [String: Rendering] {
        var out: [String: Rendering] = [:]
        for input in inputs {
            let text = (try? String(contentsOfFile: input, encoding: .utf8)) ?? "broken (unreadable)"
            let stem = ((input as NSString).lastPathComponent as NSString).deletingPathExtension
            if text.contains("broken") {
                out[input] = Rendering(files: nil, messages: ["\(input):1:1: error: broken"])
            } else {
                out[input] = Rendering(files: [RenderedFile(name: "\(stem).out", bytes: Array(text.utf8))], messages: [])
            }
        }
        return out
    }

    func inode(_ path: String) -> UInt64? {
        var st = stat()
        return stat(path, &st) == 0 ? UInt64(st.st_ino) : nil
    }

    @Test func aBrokenSaveKeepsTheLastGoodOutput() throws {
        let dir = try Scratch(); defer { dir.cleanup() }
        try dir.write("good", to: "a.yaml")
        let session = WatchSession(inputs: [dir.file("a.yaml")], outputDir: dir.file("out"), render: Self.render)
        let first = session.renderAll()
        #expect(first.results.map(\.written) == [[dir.file("out/a.out")]])
        try dir.write("broken", to: "a.yaml")
        let broken = session.handle([dir.file("a.yaml")])
        #expect(broken.failed)
        #expect(try String(contentsOfFile: dir.file("out/a.out"), encoding: .utf8) == "good")
        #expect(session.failedInputs == [dir.file("a.yaml")])
        #expect(session.diagnostics.flatMap(\.messages) == ["\(dir.file("a.yaml")):1:1: error: broken"])
        // The preview still lists the last good files.
        #expect(session.outputNames == ["a.out"])
        try dir.write("fixed", to: "a.yaml")
        let fixed = session.handle([dir.file("a.yaml")])
        #expect(!fixed.failed && fixed.wroteAnything)
        #expect(try String(contentsOfFile: dir.file("out/a.out"), encoding: .utf8) == "fixed")
        #expect(session.diagnostics.isEmpty && session.failedInputs.isEmpty)
    }

    @Test func onlyChangedBytesAreWritten() throws {
        let dir = try Scratch(); defer { dir.cleanup() }
        try dir.write("same", to: "a.yaml")
        // Already on disk with these bytes (a restart): not rewritten.
        try FileManager.default.createDirectory(atPath: dir.file("out"), withIntermediateDirectories: true)
        try dir.write("same", to: "out/a.out")
        let before = inode(dir.file("out/a.out"))
        let session = WatchSession(inputs: [dir.file("a.yaml")], outputDir: dir.file("out"), render: Self.render)
        let first = session.renderAll()
        #expect(first.results.first?.written == [] && first.results.first?.unchanged == 1)
        // A save that gives the same bytes (a touch) writes nothing either.
        let touched = session.handle([dir.file("a.yaml")])
        #expect(!touched.wroteAnything && touched.results.count == 1)
        #expect(inode(dir.file("out/a.out")) == before)
        try dir.write("different", to: "a.yaml")
        #expect(session.handle([dir.file("a.yaml")]).wroteAnything)
        #expect(inode(dir.file("out/a.out")) != before)
    }

    @Test func aThemeChangeRendersEveryInputAnInputChangeOnlyItself() throws {
        let dir = try Scratch(); defer { dir.cleanup() }
        let session = WatchSession(inputs: [dir.file("a.yaml"), dir.file("b.yaml")], sharedFiles: [dir.file("brand.yaml")],
                                   outputDir: dir.file("out"), render: Self.render)
        #expect(session.affected(by: [dir.file("b.yaml")]) == [dir.file("b.yaml")])
        #expect(session.affected(by: [dir.file("brand.yaml")]) == [dir.file("a.yaml"), dir.file("b.yaml")])
        #expect(session.affected(by: [dir.file("other.yaml")]) == [])
        #expect(session.handle([dir.file("other.yaml")]).results.isEmpty)
        #expect(session.watchedFiles == [dir.file("a.yaml"), dir.file("b.yaml"), dir.file("brand.yaml")])
    }

    @Test func anOutputThatWouldReplaceAnInputIsRefused() throws {
        let dir = try Scratch(); defer { dir.cleanup() }
        try dir.write("x", to: "a.yaml")
        try dir.write("keep", to: "a.out")
        FileIO.protectInputs([dir.file("a.out")])
        let session = WatchSession(inputs: [dir.file("a.yaml")], outputDir: dir.path, render: Self.render)
        let cycle = session.renderAll()
        #expect(cycle.failed)
        #expect(try String(contentsOfFile: dir.file("a.out"), encoding: .utf8) == "keep")
    }
}
