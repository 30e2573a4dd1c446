import HindsightModel

/// A Statuspage-style incident history (`incidents.json`): `{"incidents": [...]}`, a list of
/// incidents, `{"incident": {...}}` or one incident. Each incident has `id`, `name`, `status`,
/// `impact`, `created_at`, `resolved_at`, `components` and `incident_updates`, each update a
/// `status`, a `body`, `created_at`/`display_at` and `affected_components`
/// (`name`, `old_status`, `new_status`).
enum StatusPageImporter {
    /// An update's `status`, and the event kind it becomes.
    enum UpdateStatus: String {
        case investigating, identified, monitoring, resolved, postmortem
        case scheduled, inProgress = "in_progress", verifying, completed

        /// The first `investigating` update is when the incident was detected; later ones are
        /// investigation. Statuses of maintenance windows and the postmortem are notes.
        func kind(firstInvestigating: Bool) -> EventKind {
            switch self {
            case .investigating: return firstInvestigating ? .detected : .investigation
            case .identified: return .identified
            case .monitoring: return .mitigated
            case .resolved: return .resolved
            case .postmortem, .scheduled, .inProgress, .verifying, .completed: return .note
            }
        }
    }

    static func read(_ root: SourceNode, incidentID: String?, into r: inout HistoryReader) -> HistoryDraft? {
        let candidates: [SourceNode]
        var container = root
        if let list = root["incidents"] {
            container = list
            guard let items = r.list(list, "`incidents`") else { return nil }
            candidates = items
        } else if let one = root["incident"] {
            candidates = [one]
        } else if case .sequence(let items) = root.value {
            candidates = items
        } else {
            candidates = [root]
        }
        let ids = candidates.map { $0["id"]?.scalarText }
        guard let chosen = r.choose(ids, wanted: incidentID, at: container.location, kind: .statusPage) else { return nil }
        let pageName = root["page"].flatMap { r.text($0["name"], "`page.name`") }
        var draft = readIncident(candidates[chosen], pageName: pageName, into: &r)
        // The page's zone shows the times; one Hindsight does not know is left out, not an error.
        if let zn = root["page"]?["time_zone"], let z = r.text(zn, "`page.time_zone`"), case .success(let zone) = Zone.parse(z) {
            draft?.zone = zone
        }
        return draft
    }

    static func readIncident(_ node: SourceNode, pageName: String?, into r: inout HistoryReader) -> HistoryDraft? {
        guard let f = r.object(node, "an incident") else { return nil }
        let id = r.text(f["id"], "`id`") ?? "(no id)"
        let title = r.text(f["name"], "`name`")
        if title == nil { r.sink.error("required", node.location, "incident `\(id)` has no `name` (its headline)") }
        var severity: String?
        if let impact = r.text(f["impact"], "`impact`"), impact.lowercased() != "none" {
            severity = impact.prefix(1).uppercased() + impact.dropFirst() + " impact"
        }

        var services: [String] = []
        var worst: [String: ComponentStatus] = [:]
        func addService(_ name: String?) { if let name, !services.contains(name) { services.append(name) } }
        if let cn = f["components"], !cn.isNull, let components = r.list(cn, "`components`") {
            for c in components { addService(r.text(c["name"], "a component's `name`")) }
        }

        guard let un = f["incident_updates"], !un.isNull else {
            r.sink.error("required", node.location, "incident `\(id)` has no `incident_updates`: they are its timeline")
            return nil
        }
        guard let updates = r.list(un, "`incident_updates`") else { return nil }

        struct Change { var name: String; var old: ComponentStatus?; var new: ComponentStatus }
        struct Read { var at: HistoryStamp; var status: UpdateStatus?; var statusText: String; var text: String; var index: Int; var changes: [Change] }
        var read: [Read] = []
        for (i, u) in updates.enumerated() {
            guard let uf = r.object(u, "an incident update") else { continue }
            let statusText = r.text(uf["status"], "an update's `status`") ?? "update"
            var changes: [String] = []
            var statusChanges: [Change] = []
            if let an = uf["affected_components"], !an.isNull, let affected = r.list(an, "`affected_components`") {
                for a in affected {
                    let name = r.text(a["name"], "an affected component's `name`")
                    addService(name)
                    if let name, let new = r.text(a["new_status"], "`new_status`") {
                        let old = r.text(a["old_status"], "`old_status`")
                        let oldStatus = old.flatMap { componentStatus($0, at: a["old_status"]!, into: &r) }
                        let newStatus = componentStatus(new, at: a["new_status"]!, into: &r)
                        for s in [oldStatus, newStatus].compactMap({ $0 }) where s > (worst[name] ?? .operational) {
                            worst[name] = s
                        }
                        if let newStatus { statusChanges.append(Change(name: name, old: oldStatus, new: newStatus)) }
                        changes.append("\(name): " + [old, new].compactMap { $0.map(readable) }.joined(separator: " → "))
                    }
                }
            }
            let timeNode = uf["display_at"].flatMap { $0.isNull ? nil : $0 } ?? uf["created_at"]
            guard let at = r.time(timeNode, "an update's `display_at`") else {
                if timeNode == nil || timeNode!.isNull { r.sink.error("required", u.location, "an update has neither `display_at` nor `created_at`") }
                continue
            }
            // The words of the update; without them, what changed.
            let text = r.text(uf["body"], "an update's `body`")
                ?? (changes.isEmpty ? "Status: \(readable(statusText))." : changes.joined(separator: "; "))
            read.append(Read(at: at, status: UpdateStatus(rawValue: statusText.lowercased()), statusText: statusText, text: text, index: i,
                             changes: statusChanges))
        }
        // Status pages list updates newest first; the timeline runs forward (stable on ties).
        if let first = read.first, let last = read.last, first.at.epoch > last.at.epoch { read.reverse() }
        read = read.enumerated().sorted { ($0.element.at.epoch, $0.offset) < ($1.element.at.epoch, $1.offset) }.map(\.element)

        var events: [HistoryDraft.DraftEvent] = []
        var sawInvestigating = false
        var resolvedUpdate: HistoryStamp?
        for u in read {
            let kind = u.status?.kind(firstInvestigating: !sawInvestigating) ?? .note
            if u.status == .investigating { sawInvestigating = true }
            if u.status == .resolved && resolvedUpdate == nil { resolvedUpdate = u.at }
            events.append(.init(at: u.at, kind: kind, text: u.text, what: "update \(u.index + 1) (\(u.statusText))"))
        }

        // Each component's changes of status, in time order: its bands in the impact figure.
        var components: [HistoryDraft.DraftComponent] = []
        for u in read {
            for c in u.changes {
                let change = HistoryDraft.DraftComponent.Change(at: u.at, old: c.old, new: c.new)
                if let k = components.firstIndex(where: { $0.name == c.name }) { components[k].changes.append(change) }
                else { components.append(.init(name: c.name, changes: [change])) }
            }
        }

        // In the page's order of components (its services).
        components.sort { (services.firstIndex(of: $0.name) ?? .max) < (services.firstIndex(of: $1.name) ?? .max) }

        let start = r.time(f["created_at"], "`created_at`")
        let end = r.time(f["resolved_at"], "`resolved_at`") ?? resolvedUpdate
        guard let title else { return nil }
        let service = services.count == 1 ? services[0] : (pageName ?? title)
        // What users saw, in the status page's own terms: each component at its worst.
        let seen = services.compactMap { name in worst[name].map { "\(name): \(readable($0.rawValue))" } }
        return HistoryDraft(id: id, location: node.location, title: title, service: service, severity: severity,
                            start: start, end: end, events: events, services: services,
                            impactSummary: seen.isEmpty ? nil : seen.joined(separator: "; ") + ".", components: components)
    }

    /// A component status as a status page writes it; an unknown one is a warning (with the
    /// nearest known status) and leaves the change out of the bands.
    static func componentStatus(_ text: String, at node: SourceNode, into r: inout HistoryReader) -> ComponentStatus? {
        if let s = ComponentStatus(rawValue: text.lowercased()) { return s }
        let all = ComponentStatus.allCases.map(\.rawValue)
        let near = Suggest.nearest(text, in: all, maxDistance: 4).map { "did you mean `\($0)`? " } ?? ""
        r.sink.warning("status-unknown", node.location, "unknown component status `\(text)`, left out of the component bands; \(near)known: \(all.joined(separator: ", "))")
        return nil
    }

    /// `major_outage` → `major outage`.
    static func readable(_ status: String) -> String {
        status.replacingOccurrences(of: "_", with: " ")
    }
}
