import Foundation
import HindsightLayout
import HindsightModel
import HindsightRender

// Renders the built-in example's three figures as PNG, SVG and PDF over and over in one
// process, printing the resident set size at each checkpoint, so memory that leaks across
// the C boundary (cairo, pango, fontconfig) shows as growth. Used by scripts/leak-check.sh.
//
//   RenderSoak RENDERS [CHECKPOINT...]      checkpoints default to 100 and RENDERS

let numbers = CommandLine.arguments.dropFirst().map { Int($0) }
guard let renders = numbers.first ?? 1_000, renders > 0, numbers.allSatisfy({ $0 != nil }) else {
    FileHandle.standardError.write(Data("usage: RenderSoak RENDERS [CHECKPOINT...]\n".utf8))
    exit(2)
}
let checkpoints = Set(numbers.count > 1 ? numbers.dropFirst().compactMap { $0 } : [min(100, renders), renders])

/// glibc's `malloc_trim` (not in Swift's Glibc module): hands freed heap back to the system.
let mallocTrim = unsafeBitCast(dlsym(UnsafeMutableRawPointer(bitPattern: 0), "malloc_trim"),
                               to: (@convention(c) (Int) -> Int32).self)

/// Resident set size in KiB, from /proc/self/statm (the second field, in pages), after
/// trimming the heap, so the number follows memory in use rather than where malloc's free
/// lists happen to stand.
func residentKiB() -> Int {
    _ = mallocTrim(0)
    let statm = (try? String(contentsOfFile: "/proc/self/statm", encoding: .utf8)) ?? ""
    let pages = statm.split(separator: " ").dropFirst().first.flatMap { Int($0) } ?? 0
    return pages * Int(sysconf(Int32(_SC_PAGESIZE))) / 1024
}

do {
    guard let incident = IncidentLoader.load(text: BuiltinExample.yaml, file: BuiltinExample.fileName, format: .yaml).incident else {
        fatalError("the built-in example does not load")
    }
    let measurer = try PangoTextMeasurer()
    var options = FigureOptions(figures: Figure.allCases, formats: OutputFormat.allCases, themes: [.light])
    // One file after another: drawn on both cores, the threads' transient allocations swing
    // single RSS readings by ±10%, which hides a slow leak as well as it fakes one.
    options.concurrent = ProcessInfo.processInfo.environment["RENDERSOAK_CONCURRENT"] == "1"

    for i in 1...renders {
        let result = try FigureSet.render(incident, stem: BuiltinExample.stem, options: options, measurer: measurer)
        precondition(result.files.count == Figure.allCases.count * OutputFormat.allCases.count)
        if checkpoints.contains(i) { print("renders \(i): rss \(residentKiB()) KiB") }
    }
} catch {
    FileHandle.standardError.write(Data("RenderSoak: \(error)\n".utf8))
    exit(1)
}
