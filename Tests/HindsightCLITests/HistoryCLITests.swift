import Foundation
import HindsightTestSupport
import Testing

/// A status page's `incidents.json` and a PagerDuty log work wherever an incident file does,
/// recognised by their content; `--incident-id` chooses one of several incidents.
@Suite(.serialized) struct HistoryCLITests {
    let statusPage = Fixtures.root.appendingPathComponent("history/statuspage-incidents.json").path
    let pagerDuty = Fixtures.root.appendingPathComponent("history/pagerduty-log-entries.json").path

    @Test func renderJustWorks() throws {
        let dir = try Scratch.directory()
        let r = try CLI.run(["render", pagerDuty, "-o", dir.path, "--format", "svg", "--figure", "timeline"])
        #expect(r.status == 0, "\(r.stderr)")
        let svg = try String(contentsOf: dir.appendingPathComponent("pagerduty-log-entries-timeline.svg"), encoding: .utf8)
        #expect(svg.hasPrefix("<?xml") || svg.hasPrefix("<svg"))
    }

    @Test func severalIncidentsNeedAnID() throws {
        let dir = try Scratch.directory()
        let r = try CLI.run(["render", statusPage, "-o", dir.path])
        #expect(r.status == 1)
        #expect(r.stderr.hasPrefix("\(statusPage):3:16: error: this status page holds 2 incidents; choose one with `--incident-id ID`: `k3v9q2m8x1`, `p7d2w4n6z0` [history-choose-incident]"), "\(r.stderr)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path).isEmpty, "a failing command writes nothing")
        for command in [["render", "-o", dir.path], ["report", "-o", dir.path], ["check"], ["export"]] {
            let ok = try CLI.run([command[0], statusPage, "--incident-id", "p7d2w4n6z0"] + command.dropFirst())
            #expect(ok.status == 0, "\(command): \(ok.stderr)")
        }
        let export = try CLI.run(["export", statusPage, "--incident-id", "p7d2w4n6z0"])
        #expect(export.stdout.contains("\"title\": \"Delayed email notifications\""))
        #expect(export.stdout.contains("\"start\": \"2025-02-02T16:40:00-06:00\""), "shown in the page's zone: \(export.stdout)")
    }

    @Test func standardInputIsSniffed() throws {
        let data = try Data(contentsOf: URL(fileURLWithPath: pagerDuty))
        let r = try CLI.run(["export", "-"], stdin: data)
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("\"kind\": \"escalated\""))
    }
}
