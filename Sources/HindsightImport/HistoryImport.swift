import HindsightModel

/// Incident history kept by other tools, read as incidents: a Statuspage-style
/// `incidents.json` (`StatusPageImporter`) and a PagerDuty-style log-entries export
/// (`PagerDutyImporter`). Both are recognised by their content, never by their name, so every
/// command that takes an input reads them (`hindsight render incidents.json`).
///
/// A file may hold several incidents: `incidentID` chooses one; without it a file holding one
/// incident gives that one, and a file holding several is an error listing their ids.
public enum HistoryImport {
    /// The incident a history file of `kind` (`.statusPage` or `.pagerDuty`, as
    /// `InputKind.of` decided) holds.
    public static func load(bytes: [UInt8], file: String, kind: InputKind, incidentID: String? = nil, totalSize: Int? = nil) -> LoadResult {
        let root: SourceNode
        switch InputText.decode(bytes, file: file, totalSize: totalSize).flatMap({ JSONReader.read($0, file: file) }) {
        case .failure(let d): return LoadResult(incident: nil, diagnostics: [d])
        case .success(let r): root = r
        }
        var reader = HistoryReader(file: file)
        let draft: HistoryDraft?
        switch kind {
        case .statusPage: draft = StatusPageImporter.read(root, incidentID: incidentID, into: &reader)
        case .pagerDuty: draft = PagerDutyImporter.read(root, incidentID: incidentID, into: &reader)
        case .yaml, .json, .markdown: preconditionFailure("\(kind) is not an incident history")
        }
        // An incident whose fields could not all be read gets no further (cascading) errors.
        let incident = reader.sink.hasErrors ? nil : draft.flatMap { makeIncident($0, kind: kind, reader: &reader) }
        let diags = reader.sink.diagnostics.sortedByLocation()
        return LoadResult(incident: diags.hasErrors ? nil : incident, diagnostics: diags)
    }

    /// The one place a history draft becomes an `Incident`. What a status page or an on-call
    /// log does not record (the share of users, root cause, resolution, corrective measures)
    /// is filled with the emptiest value today's model allows, and each such gap is an `info`
    /// diagnostic (`check --verbose` lists them). Per-component impact bands are not in the
    /// model: the affected components become `impact.services`.
    static func makeIncident(_ d: HistoryDraft, kind: InputKind, reader: inout HistoryReader) -> Incident? {
        guard let startStamp = d.start ?? d.events.first?.at else {
            reader.sink.error("history-missing-start", d.location, "incident `\(d.id)` has no start: no `created_at` and no dated update")
            return nil
        }
        // An incident still open has no end: drawn up to its last update, the end said to be unknown.
        let endStamp = d.end
        if endStamp == nil {
            reader.sink.warning("history-missing-end", d.location, "incident `\(d.id)` has no end: it is not resolved (no `resolved_at` and no resolve entry); it is drawn up to its last update")
        }
        if let endStamp, endStamp.epoch <= startStamp.epoch {
            reader.sink.error("end-before-start", endStamp.location, "incident `\(d.id)` ends (\(endStamp.iso8601)) no later than it starts (\(startStamp.iso8601))")
            return nil
        }
        // Times are shown in the history's zone, else on the start's clock (as a v1 incident
        // without `timezone` is).
        func time(_ s: HistoryStamp) -> IncidentTime { s.incidentTime(shownAt: d.zone?.offset(at: s.epoch) ?? startStamp.offset) }
        var events: [Event] = []
        var locations: [String: SourceLocation] = ["title": d.location, "start": startStamp.location]
        if let endStamp { locations["end"] = endStamp.location }
        for e in d.events {
            if e.at.epoch < startStamp.epoch {
                reader.sink.warning("event-outside-window", e.at.location, "\(e.what) at \(e.at.iso8601) is before the incident's start (\(startStamp.iso8601)); left out of the timeline")
                continue
            }
            if let endStamp, e.at.epoch > endStamp.epoch {
                // A postmortem published days later is usual: a note, not a problem.
                reader.sink.info("event-outside-window", e.at.location, "\(e.what) at \(e.at.iso8601) is after the incident's end (\(endStamp.iso8601)); left out of the timeline")
                continue
            }
            locations["timeline[\(events.count)]"] = e.at.location
            events.append(Event(at: time(e.at), kind: e.kind, text: e.text, via: e.via, to: e.to))
        }
        if events.isEmpty {
            reader.sink.error("required", d.location, "incident `\(d.id)` has no \(kind == .statusPage ? "updates" : "log entries") inside its window to draw as a timeline")
            return nil
        }
        if events.count > InputLimits.maxEvents {
            reader.sink.error("too-many-events", d.location, "incident `\(d.id)` has \(events.count) events; the limit is \(InputLimits.maxEvents)")
            return nil
        }
        let windowEnd = endStamp.map(time) ?? events.last!.at
        let components = d.components.map { c in
            ComponentImpact(name: c.name, intervals: c.intervals(from: time(startStamp), to: windowEnd, time: time))
        }.filter { !$0.intervals.isEmpty }
        reader.sink.info("history-not-recorded", d.location, "a \(kind.name) does not record the share of users affected, the root cause, the resolution or corrective measures; they are shown as not stated")
        return Incident(
            title: d.title, service: d.service, severity: d.severity, zone: d.zone,
            start: time(startStamp), end: endStamp.map(time),
            impact: Impact(summary: d.impactSummary, usersAffectedPercent: nil, services: d.services, components: components),
            rootCause: nil, resolution: nil, timeline: events,
            corrective: nil, locations: locations)
    }
}

/// What an importer read from one incident of a history file, before it becomes an `Incident`.
struct HistoryDraft {
    struct DraftEvent {
        var at: HistoryStamp
        var kind: EventKind
        var text: String
        var via: DetectionMethod? = nil
        var to: String? = nil
        /// How a diagnostic names it ("update 3", "log entry Q1…").
        var what: String
    }
    var id: String
    var location: SourceLocation
    var title: String
    var service: String
    var severity: String?
    var start: HistoryStamp?
    var end: HistoryStamp?
    /// In time order.
    var events: [DraftEvent]
    var services: [String]
    /// What users saw, from what the history records (a status page: each component's worst status).
    var impactSummary: String? = nil
    /// The zone the history names (a status page's `page.time_zone`), used to show the times.
    var zone: Zone? = nil
    /// Each component's changes of status, in time order (a status page's `affected_components`).
    var components: [DraftComponent] = []

    struct DraftComponent {
        struct Change { var at: HistoryStamp; var old: ComponentStatus?; var new: ComponentStatus }
        var name: String
        var changes: [Change]

        /// The statuses over `from…to`: the status before the first change (its `old`), then
        /// each change's new status until the next, cut to the window; equal neighbours joined.
        func intervals(from: IncidentTime, to: IncidentTime, time: (HistoryStamp) -> IncidentTime) -> [ComponentImpact.Interval] {
            var out: [ComponentImpact.Interval] = []
            func add(_ a: IncidentTime, _ b: IncidentTime, _ s: ComponentStatus) {
                let a = max(a, from), b = min(b, to)
                guard a.epoch < b.epoch else { return }
                if let last = out.last, last.status == s, last.to.epoch == a.epoch { out[out.count - 1].to = b; return }
                out.append(.init(from: a, to: b, status: s))
            }
            if let first = changes.first, let old = first.old { add(from, time(first.at), old) }
            for (k, c) in changes.enumerated() {
                add(time(c.at), k + 1 < changes.count ? time(changes[k + 1].at) : to, c.new)
            }
            return out
        }
    }
}

/// A time read from a history file: the instant and the offset it was written with.
struct HistoryStamp {
    var epoch: Int64
    var offset: Int
    var wall: WallTime
    var location: SourceLocation

    var iso8601: String { incidentTime(shownAt: offset).iso8601 }

    func incidentTime(shownAt shown: Int) -> IncidentTime {
        IncidentTime(epoch: epoch, offset: shown, syntax: .absolute(wall, offset: offset))
    }
}

/// Diagnostics and typed access to the located JSON, shared by both importers.
struct HistoryReader {
    var sink: DiagnosticSink
    init(file: String) { sink = DiagnosticSink(file: file) }

    /// The fields of an object; a key given twice is an error, the first value is kept.
    mutating func object(_ node: SourceNode, _ what: String) -> [String: SourceNode]? {
        guard case .mapping(let pairs) = node.value else {
            sink.error("type", node.location, "\(what) must be an object, found \(node.kindDescription)")
            return nil
        }
        var out: [String: SourceNode] = [:]
        var seen: [String: SourceLocation] = [:]
        for (k, v) in pairs {
            guard let key = k.scalarText else { continue }
            if let first = seen[key] {
                sink.error("duplicate-key", k.location, "`\(key)` is given twice in \(what) (first on line \(first.line)); keep one")
                continue
            }
            seen[key] = k.location
            out[key] = v
        }
        return out
    }

    /// A list, or nil with an error.
    mutating func list(_ node: SourceNode, _ what: String) -> [SourceNode]? {
        guard case .sequence(let items) = node.value else {
            sink.error("type", node.location, "\(what) must be a list, found \(node.kindDescription)")
            return nil
        }
        return items
    }

    /// A text value trimmed, or nil (absent, null or blank). Not text, or too long: an error.
    mutating func text(_ node: SourceNode?, _ what: String) -> String? {
        guard let node, !node.isNull else { return nil }
        guard let s = node.scalarText else {
            sink.error("type", node.location, "\(what) must be text, found \(node.kindDescription)")
            return nil
        }
        let t = s.split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }
            .filter { !$0.isEmpty }.joined(separator: " ")
        if t.count > InputLimits.maxTextLength {
            sink.error("text-too-long", node.location, "\(what) is \(t.count) characters; the limit is \(InputLimits.maxTextLength)")
            return nil
        }
        return t.isEmpty ? nil : t
    }

    /// An ISO 8601 time with an offset (`2024-04-18T09:30:00Z`, `…:00.123-06:00`); fractions
    /// of a second are dropped. nil for absent or null; an error for anything else.
    mutating func time(_ node: SourceNode?, _ what: String) -> HistoryStamp? {
        guard let node, !node.isNull else { return nil }
        guard let raw = node.scalarText else {
            sink.error("type", node.location, "\(what) must be a time such as `2024-04-18T09:30:00Z`, found \(node.kindDescription)")
            return nil
        }
        switch TimeSyntax.parse(Self.withoutFraction(raw)) {
        case .success(.absolute(let wall, let offset)):
            return HistoryStamp(epoch: wall.secondsAsIfUTC - Int64(offset), offset: offset, wall: wall, location: node.location)
        case .success:
            sink.error("time-format", node.location, "\(what) is `\(raw)`: a time here needs its offset (`2024-04-18T09:30:00Z` or `…+02:00`)")
        case .failure(let e):
            sink.error("time-format", node.location, "\(what) is `\(raw)`: \(e.message)")
        }
        return nil
    }

    /// `2024-04-18T09:30:00.123Z` → `2024-04-18T09:30:00Z`: the seconds' fraction, which
    /// these tools write and the incident format does not keep.
    static func withoutFraction(_ s: String) -> String {
        var chars = Array(s)
        guard chars.count > 20, chars[10] == "T" || chars[10] == " ", chars[19] == "." || chars[19] == "," else { return s }
        var j = 20
        while j < chars.count, chars[j].isASCII, chars[j].isNumber { j += 1 }
        guard j > 20 else { return s }
        chars.removeSubrange(19..<j)
        return String(chars)
    }

    /// The ids of `candidates` in order, for messages: at most 20, then how many more.
    static func idList(_ ids: [String]) -> String {
        if ids.isEmpty { return "none has an `id`" }
        let shown = ids.prefix(20).map { "`\($0)`" }.joined(separator: ", ")
        return ids.count > 20 ? shown + " and \(ids.count - 20) more" : shown
    }

    /// Picks one of several incidents. `ids[i]` is the id of candidate `i` (nil when it has
    /// none). Without `wanted`, a single candidate is chosen; several are an error.
    mutating func choose(_ ids: [String?], wanted: String?, at loc: SourceLocation, kind: InputKind) -> Int? {
        let known = ids.compactMap { $0 }
        if let wanted {
            if let i = ids.firstIndex(of: wanted) { return i }
            let near = Suggest.nearest(wanted, in: known, maxDistance: max(2, wanted.count / 3)).map { " Did you mean `\($0)`?" } ?? ""
            sink.error("history-incident-id", loc, "no incident with id `\(wanted)` in this \(kind.name).\(near) Its incidents: \(Self.idList(known))")
            return nil
        }
        if ids.isEmpty {
            sink.error("history-empty", loc, "this \(kind.name) holds no incident")
            return nil
        }
        if ids.count == 1 { return 0 }
        sink.error("history-choose-incident", loc, "this \(kind.name) holds \(ids.count) incidents; choose one with `--incident-id ID`: \(Self.idList(known))")
        return nil
    }
}
