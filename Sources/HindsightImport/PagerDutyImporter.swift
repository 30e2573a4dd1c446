import HindsightModel

/// A PagerDuty-style log-entries export: `{"log_entries": [...]}` or the list alone. Each entry
/// has a `type` (`trigger_log_entry`, `acknowledge_log_entry`, …), `created_at`, `summary`,
/// `channel` (`type`, `summary`), `agent` (`summary`), `incident` (`id`, `summary`), and for an
/// escalation `assignees` (`summary`). Entries of several incidents are grouped by
/// `incident.id`.
enum PagerDutyImporter {
    /// The entry types that become events; others (notifications, assignments) are left out.
    enum EntryType: String {
        case trigger = "trigger_log_entry"
        case acknowledge = "acknowledge_log_entry"
        case escalate = "escalate_log_entry"
        case annotate = "annotate_log_entry"
        case resolve = "resolve_log_entry"

        var kind: EventKind {
            switch self {
            case .trigger: return .detected
            case .acknowledge: return .action
            case .escalate: return .escalated
            case .annotate: return .note
            case .resolve: return .resolved
            }
        }
    }

    static func read(_ root: SourceNode, incidentID: String?, into r: inout HistoryReader) -> HistoryDraft? {
        let list = root["log_entries"] ?? root
        guard let entries = r.list(list, "`log_entries`") else { return nil }
        // Group by incident, in order of first appearance.
        var ids: [String] = []
        var groups: [String: [SourceNode]] = [:]
        var titles: [String: SourceNode] = [:]
        for e in entries {
            guard let inc = e["incident"], let id = inc["id"]?.scalarText else {
                r.sink.error("required", e.location, "a log entry without `incident.id`: Hindsight cannot tell which incident it belongs to")
                continue
            }
            if groups[id] == nil { ids.append(id); titles[id] = inc }
            groups[id, default: []].append(e)
        }
        if r.sink.hasErrors { return nil }
        guard let chosen = r.choose(ids, wanted: incidentID, at: list.location, kind: .pagerDuty) else { return nil }
        let id = ids[chosen]
        return readIncident(id: id, incident: titles[id]!, entries: groups[id]!, into: &r)
    }

    static func readIncident(id: String, incident: SourceNode, entries: [SourceNode], into r: inout HistoryReader) -> HistoryDraft? {
        let title = r.text(incident["summary"], "`incident.summary`") ?? "Incident \(id)"
        var service: String?
        var read: [(event: HistoryDraft.DraftEvent, type: EntryType, index: Int)] = []
        var skipped = 0
        for (i, e) in entries.enumerated() {
            guard let f = r.object(e, "a log entry") else { continue }
            guard let typeText = r.text(f["type"], "`type`") else {
                r.sink.error("required", e.location, "a log entry without `type` (such as `trigger_log_entry`)")
                continue
            }
            guard let type = EntryType(rawValue: typeText) else { skipped += 1; continue }
            guard let tn = f["created_at"], !tn.isNull else {
                r.sink.error("required", e.location, "a `\(typeText)` without `created_at`")
                continue
            }
            guard let at = r.time(tn, "`created_at`") else { continue }
            if service == nil { service = f["service"].flatMap { r.text($0["summary"], "`service.summary`") } }
            let summary = r.text(f["summary"], "`summary`")
            let channel = f["channel"]
            let channelSummary = channel.flatMap { r.text($0["summary"], "`channel.summary`") }
            let agent = f["agent"].flatMap { r.text($0["summary"], "`agent.summary`") }
            var event = HistoryDraft.DraftEvent(at: at, kind: type.kind, text: "", what: "log entry \(i + 1) (\(typeText))")
            switch type {
            case .annotate:
                // A note's words are the channel's summary; the entry's is "Note added by …".
                event.text = channelSummary ?? summary ?? "Note added"
            case .trigger:
                // The alert's own words (the channel's summary) say more than "Triggered through the API".
                event.text = channelSummary ?? summary ?? "Triggered"
                event.via = channel.flatMap { $0["type"]?.scalarText }.map(via)
            case .escalate:
                event.text = summary ?? "Escalated"
                let to = f["assignees"].flatMap { $0.isNull ? nil : r.list($0, "`assignees`") }?
                    .compactMap { r.text($0["summary"], "an assignee's `summary`") } ?? []
                event.to = to.isEmpty ? nil : to.joined(separator: ", ")
            case .acknowledge, .resolve:
                event.text = summary ?? (type == .acknowledge ? "Acknowledged" : "Resolved") + (agent.map { " by \($0)" } ?? "")
            }
            read.append((event, type, i))
        }
        if skipped > 0 {
            r.sink.info("history-entries-skipped", incident.location, skipped == 1 ? "1 log entry of another type (a notification or assignment) is not an event" : "\(skipped) log entries of other types (notifications, assignments) are not events")
        }
        // PagerDuty lists entries newest first unless asked otherwise; the timeline runs forward.
        if let first = read.first, let last = read.last, first.event.at.epoch > last.event.at.epoch { read.reverse() }
        read = read.enumerated().sorted { ($0.element.event.at.epoch, $0.offset) < ($1.element.event.at.epoch, $1.offset) }.map(\.element)
        let start = read.first { $0.type == .trigger }?.event.at ?? read.first?.event.at
        let end = read.last { $0.type == .resolve }?.event.at
        return HistoryDraft(id: id, location: incident.location, title: title, service: service ?? title, severity: nil,
                            start: start, end: end, events: read.map(\.event), services: [])
    }

    /// How a trigger arrived: a person in the web or mobile app, or an integration.
    static func via(_ channelType: String) -> DetectionMethod {
        switch channelType {
        case "web_trigger", "mobile", "web": return .engineer
        case "api", "email", "nagios", "integration", "auto", "timeout": return .monitoring
        default: return .other
        }
    }
}
