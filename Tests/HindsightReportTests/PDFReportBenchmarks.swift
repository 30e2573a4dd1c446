import Foundation
import HindsightLayout
import HindsightRender
@testable import HindsightReport
import HindsightTestSupport
import Testing

/// Timings of the PDF report, not checks: run with `HINDSIGHT_BENCH=1`, in release, and with
/// `--filter PDFReportBenchmarks` so that the first render is the first thing the process does.
///
/// Each time is printed as wall clock and as the thread's CPU time: rendering runs on one
/// thread, so CPU time is the work itself, and it holds still on a busy shared machine.
@Suite(.serialized, .enabled(if: ProcessInfo.processInfo.environment["HINDSIGHT_BENCH"] != nil))
struct PDFReportBenchmarks {
    struct Timing: CustomStringConvertible {
        var wall: Double
        var cpu: Double
        var description: String { String(format: "%.1f ms (CPU %.1f ms)", wall, cpu) }
    }

    static func cpuNow() -> Double {
        var t = timespec()
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t)
        return Double(t.tv_sec) * 1e3 + Double(t.tv_nsec) / 1e6
    }

    static func time(_ body: () throws -> Void) rethrows -> Timing {
        let cpu = cpuNow()
        let wall = try milliseconds(body)
        return Timing(wall: wall, cpu: cpuNow() - cpu)
    }

    /// Medians of wall and CPU time, each over `runs`.
    static func median(_ runs: Int, _ body: () throws -> Void) rethrows -> Timing {
        let times = try (0..<runs).map { _ in try time(body) }
        return Timing(wall: times.map(\.wall).sorted()[runs / 2], cpu: times.map(\.cpu).sorted()[runs / 2])
    }

    @Test func postmortemReport() throws {
        var document: Document!
        var bytes: [UInt8] = []
        // What a command pays once per process: font setup, the figures' scenes (their texts
        // measured, which loads the fonts), then the first report.
        let setup = try Self.time { try PageRenderer.with { _ in } }
        let scenes = try Self.time { document = PDFReportFixtures.postmortem(measurer: try PangoTextMeasurer()) }
        let first = try Self.time { bytes = try PDFReportWriter.render(document) }
        let figures = document.blocks.filter { if case .figure = $0 { true } else { false } }.count
        print("report: \(document.wordCount) words, \(figures) figures, \(bytes.count) bytes")
        print("first of the process: font setup \(setup), scenes \(scenes), first report \(first)")
        for page in PageSize.allCases {
            let t = try Self.median(21) { bytes = try PDFReportWriter.render(document, page: page) }
            print("\(page): median \(t) per report, \(bytes.count) bytes")
        }
        let layout = Self.median(21) {
            try? PageRenderer.with { _ = PDFReportWriter.layout(document, page: .a4, measurer: $0) }
        }
        print("layout and pagination alone: median \(layout)")
    }
}
