import Foundation

/// `--progress auto|always|never`.
public enum ProgressMode: String, Sendable, CaseIterable {
    case auto, always, never
}

/// How progress shows on standard error.
public enum ProgressStyle: Sendable, Equatable {
    /// One line redrawn in place (`\r`): bar, counts, rate, time left. For a person at a terminal.
    case bar
    /// A plain line at every tenth of the work, and every 5 s in between. For CI logs and files.
    case lines
    case none

    /// `auto` draws the bar on a terminal, and plain lines in CI (`CI` set) or without one;
    /// `always` draws the bar even when standard error is not a terminal.
    public static func resolve(_ mode: ProgressMode, environment: [String: String] = ProcessInfo.processInfo.environment,
                               isTerminal: Bool = isatty(2) == 1) -> ProgressStyle {
        switch mode {
        case .never: return .none
        case .always: return .bar
        case .auto:
            let ci = environment["CI"].map { !$0.isEmpty && $0 != "false" && $0 != "0" } ?? false
            return isTerminal && !ci ? .bar : .lines
        }
    }
}

/// Seconds on a monotonic clock.
func monotonicSeconds() -> Double {
    var t = timespec()
    clock_gettime(CLOCK_MONOTONIC, &t)
    return Double(t.tv_sec) + Double(t.tv_nsec) / 1e9
}

/// Draws progress on standard error, and prints other lines (worker messages) above the bar.
final class ProgressReporter {
    let style: ProgressStyle
    private let total: Int
    private let write: (String) -> Void
    private var done = 0
    private var failed = 0
    /// Inputs rendered (or failed) since `renderStart`: the rate counts only real work.
    private var worked = 0
    private var renderStart: Double?
    private var lastDraw = 0.0
    private var lastTenth = 0
    private var barShown = false

    init(style: ProgressStyle, total: Int, write: @escaping (String) -> Void = { s in _ = Array(s.utf8).withUnsafeBytes { writeAll(2, $0) } }) {
        self.style = style; self.total = total; self.write = write
    }

    /// Inputs settled without rendering (unchanged, or refused before reading).
    func settled(_ count: Int, failed f: Int) {
        done += count; failed += f
    }

    /// The rendering starts now (the rate and the time left count from here).
    func startRendering() {
        renderStart = monotonicSeconds()
        lastDraw = renderStart!
        lastTenth = total > 0 ? done * 10 / total : 0
        draw(force: true)
    }

    func rendered(failed f: Bool) {
        done += 1; worked += 1
        if f { failed += 1 }
        draw(force: false)
    }

    /// Called periodically, so that the time left moves while a slow input renders.
    func tick() { draw(force: false) }

    func log(_ line: String) {
        if barShown { write("\r\u{1B}[2K") }
        write(line + "\n")
        if barShown { write(barLine()) }
    }

    /// Removes the bar before the summary.
    func finish() {
        if barShown { write("\r\u{1B}[2K") }
        barShown = false
    }

    private func draw(force: Bool) {
        guard let start = renderStart, style != .none else { return }
        let now = monotonicSeconds()
        switch style {
        case .bar:
            guard force || now - lastDraw >= 0.1 || done == total else { return }
            lastDraw = now
            write("\r\u{1B}[2K" + barLine())
            barShown = true
        case .lines:
            let tenth = total > 0 ? done * 10 / total : 10
            guard force || tenth > lastTenth || now - lastDraw >= 5 else { return }
            lastDraw = now; lastTenth = tenth
            write("hindsight batch: " + status(now - start) + "\n")
        case .none:
            return
        }
    }

    private func barLine() -> String {
        let width = 24
        let filled = total > 0 ? width * done / total : width
        let bar = String(repeating: "=", count: filled) + (filled < width ? ">" + String(repeating: " ", count: width - filled - 1) : "")
        return "[\(bar)] " + status(monotonicSeconds() - (renderStart ?? monotonicSeconds()))
    }

    private func status(_ elapsed: Double) -> String {
        let percent = total > 0 ? done * 100 / total : 100
        var s = "\(done)/\(total) (\(percent)%)"
        if failed > 0 { s += ", \(failed) failed" }
        if worked > 0 && elapsed > 0 {
            let rate = Double(worked) / elapsed
            s += String(format: ", %.1f/s, %@ left", rate, Self.clock(Double(total - done) / rate))
        }
        return s
    }

    /// `m:ss` (or `h:mm:ss`).
    static func clock(_ seconds: Double) -> String {
        let s = Int(seconds.rounded())
        let two = { (v: Int) in v < 10 ? "0\(v)" : "\(v)" }
        return s >= 3600 ? "\(s / 3600):\(two(s / 60 % 60)):\(two(s % 60))" : "\(s / 60):\(two(s % 60))"
    }
}
