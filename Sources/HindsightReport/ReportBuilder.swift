import HindsightLayout
import HindsightModel

/// The section layout a report follows.
public enum ReportTemplate: String, CaseIterable, Sendable {
    /// The postmortem assignment's: Issue Summary, Timeline, Root cause and resolution,
    /// Corrective and preventative measures.
    case alx
    /// Google SRE's: Summary, Impact, Root causes, Trigger, Resolution, Detection, Action
    /// items, Lessons learned, Timeline.
    case googleSRE = "google-sre"
    /// Atlassian's: Summary, Leadup, Fault, Impact, Detection, Response, Recovery, Timeline,
    /// Root cause, Follow-up tasks.
    case atlassian
}

public enum ReportStyle: String, CaseIterable, Sendable {
    case plain
    /// The assignment's second task: an attention-grabbing title and opener, an emoji per event
    /// kind, and the incident's own `tagline` and `humor`. Never random.
    case playful
}

/// The figures a report embeds, already laid out (first theme) with their file names.
public struct ReportFigures: Sendable {
    public var timeline: DocumentFigure?
    public var impact: DocumentFigure?
    public var card: DocumentFigure?
    public init(timeline: DocumentFigure? = nil, impact: DocumentFigure? = nil, card: DocumentFigure? = nil) {
        self.timeline = timeline; self.impact = impact; self.card = card
    }
}

/// Incident → `Document`, following a template and a style.
public struct ReportBuilder {
    public var template: ReportTemplate
    public var style: ReportStyle
    public var figures: ReportFigures

    public init(template: ReportTemplate = .alx, style: ReportStyle = .plain, figures: ReportFigures = ReportFigures()) {
        self.template = template; self.style = style; self.figures = figures
    }

    var playful: Bool { style == .playful }

    // MARK: - Pieces

    /// Inline Markdown of a text field → document inlines (the model's one parse).
    static func inline(_ s: String) -> [Inline] { Inline.parse(s) }

    func heading(_ text: String, emoji: String) -> Block {
        .heading(level: 2, content: [.text(playful ? "\(emoji) \(text)" : text)])
    }

    /// "2024-04-18 09:30 SAST"
    static func when(_ t: IncidentTime, zone: String) -> String { "\(t.wall.dateText) \(t.wall.clockText) \(zone)" }

    static func percent(_ p: Double) -> String { "\(JSONValue.format((p * 10).rounded() / 10))%" }

    /// "About 90% of users were affected"; every user or none is said as such ("About 100%"
    /// read wrong).
    static func usersAffected(_ p: Double) -> String {
        p >= 100 ? "All users were affected" : p <= 0 ? "No users were affected" : "About \(percent(p)) of users were affected"
    }

    /// "90% of" or "all" (before "users" / "our users").
    static func share(_ p: Double) -> String { p >= 100 ? "all" : "\(percent(p)) of" }

    static let kindEmoji: [EventKind: String] = [
        .detected: "🚨", .action: "🛠️", .investigation: "🔍", .misleading: "🙈", .escalated: "📣",
        .identified: "💡", .mitigated: "🩹", .resolved: "🎉", .note: "📝",
    ]

    /// What the kind adds in front of the event's text in a timeline bullet.
    func eventLead(_ e: Event) -> String? {
        switch e.kind {
        case .detected: return e.via.map { "Detected by \(Self.detectedBy($0))" } ?? "Detected"
        case .misleading: return "Misleading path"
        case .escalated: return e.to.map { "Escalated to \($0)" } ?? "Escalated"
        case .identified: return "Root cause found"
        case .mitigated: return "Mitigated"
        case .resolved: return "Resolved"
        case .action, .investigation, .note: return nil
        }
    }

    static func detectedBy(_ v: DetectionMethod) -> String {
        switch v {
        case .monitoring: return "a monitoring alert"
        case .engineer: return "an engineer"
        case .customer: return "a customer report"
        case .other: return "other means"
        }
    }

    /// One bullet per event: `**09:30** - Detected by a monitoring alert: text`.
    func timelineBullets(_ i: Incident) -> [[Inline]] {
        let multiDay = i.start.wall.dateText != i.end.wall.dateText
        return i.timeline.map { e in
            let w = e.at.wall
            let time = multiDay ? "\(w.dateText) \(w.clockText)" : w.clockText
            var line: [Inline] = [.bold([.text(time)]), .text(" - ")]
            if playful, let emoji = Self.kindEmoji[e.kind] { line.append(.text(emoji + " ")) }
            if let lead = eventLead(e) { line.append(.text(lead + ": ")) }
            line += Self.inline(e.text)
            return line
        }
    }

    func durationParagraph(_ i: Incident) -> Block {
        .paragraph([.bold([.text("Duration:")]), .text(" \(DurationText.format(minutes: i.durationMinutes)), from "
            + "\(Self.when(i.start, zone: i.zoneLabel)) to \(Self.when(i.end, zone: i.zoneLabel)).")])
    }

    func impactParagraph(_ i: Incident) -> Block {
        var p: [Inline] = [.bold([.text("Impact:")]), .text(" ")]
        p += Self.inline(i.service) + [.text(" was affected. ")]
        p += Self.inline(i.impact.summary)
        p.append(.text(" " + Self.usersAffected(i.impact.usersAffectedPercent)))
        if !i.impact.services.isEmpty {
            p.append(.text(" (\(i.impact.services.map { MarkdownText.plain($0) }.joined(separator: ", ")))"))
        }
        p.append(.text("."))
        return .paragraph(p)
    }

    /// "**Detection:** a monitoring alert at 09:30, 0 min after the outage began."
    func detectionSummary(_ i: Incident) -> Block? {
        guard let d = i.timeline.first(where: { $0.kind == .detected }) else { return nil }
        var s = d.via.map { " \(Self.detectedBy($0).prefix(1).uppercased() + Self.detectedBy($0).dropFirst())" } ?? " Detected"
        s += " at \(d.at.wall.clockText)"
        if let ttd = i.timeToDetectMinutes { s += ", \(DurationText.format(minutes: ttd)) after the outage began" }
        return .paragraph([.bold([.text("Detection:")]), .text(s + ".")])
    }

    /// "**Response:** escalated to X at 10:20; root cause found at 10:30; mitigated at 10:40;
    /// resolved at 11:00. Two misleading paths cost 20 min."
    func responseSummary(_ i: Incident) -> Block? {
        var steps: [String] = []
        func first(_ k: EventKind) -> Event? { i.timeline.first { $0.kind == k } }
        if let e = first(.escalated) { steps.append("escalated\(e.to.map { " to \(MarkdownText.plain($0))" } ?? "") at \(e.at.wall.clockText)") }
        if let e = first(.identified) { steps.append("root cause found at \(e.at.wall.clockText)") }
        if let e = first(.mitigated) { steps.append("mitigated at \(e.at.wall.clockText)") }
        if let e = first(.resolved) { steps.append("resolved at \(e.at.wall.clockText)") }
        guard !steps.isEmpty else { return nil }
        var s = " " + steps.joined(separator: "; ") + "."
        s = " " + s.dropFirst().prefix(1).uppercased() + s.dropFirst(2)
        let misleading = i.timeline.filter { $0.kind == .misleading }.count
        if misleading > 0 { s += " \(misleading == 1 ? "One misleading path" : "\(misleading) misleading paths") slowed the diagnosis." }
        return .paragraph([.bold([.text("Response:")]), .text(s)])
    }

    func tasksBlock(_ i: Incident) -> Block {
        .tasks(i.corrective.tasks.map { t in
            var c = Self.inline(t.text)
            var extra: [String] = []
            if let o = t.owner { extra.append("owner: \(MarkdownText.plain(o))") }
            if let d = t.due { extra.append("due \(d)") }
            if !extra.isEmpty { c += [.text(" "), .italic([.text("(\(extra.joined(separator: ", ")))")])] }
            return TaskItem(done: t.done, content: c)
        })
    }

    func figure(_ f: DocumentFigure?) -> [Block] { f.map { [.figure($0)] } ?? [] }

    // MARK: - Documents

    public func document(_ i: Incident) -> Document {
        var doc = Document(title: title(i), subtitle: subtitle(i), authors: i.authors)
        switch template {
        case .alx: doc.blocks = alx(i)
        case .googleSRE: doc.blocks = googleSRE(i)
        case .atlassian: doc.blocks = atlassian(i)
        }
        var by: [String] = []
        if !i.authors.isEmpty { by.append(i.authors.map { MarkdownText.plain($0) }.joined(separator: ", ")) }
        by.append(i.start.wall.dateText)
        by.append("\(doc.wordCount) words")
        doc.byline = by.joined(separator: " · ")
        return doc
    }

    func title(_ i: Incident) -> String {
        let t = MarkdownText.plain(i.title)
        guard playful else { return t }
        return [i.emoji, t].compactMap { $0 }.joined(separator: " ")
    }

    func subtitle(_ i: Incident) -> String? {
        guard playful else { return nil }
        if let tag = i.tagline { return MarkdownText.plain(tag) }
        // A hook made of the incident's own numbers.
        return "\(DurationText.format(minutes: i.durationMinutes)), \(Self.share(i.impact.usersAffectedPercent)) users: \(MarkdownText.plain(i.service)) stopped answering."
    }

    func opener(_ i: Incident) -> [Block] {
        guard playful else { return [] }
        var p: [Inline] = []
        if let h = i.humor { p += Self.inline(h) + [.text(" ")] }
        let misleading = i.timeline.filter { $0.kind == .misleading }.count
        var s = "For \(DurationText.format(minutes: i.durationMinutes)) on \(TimeAxis.monthDay(i.start.wall)), \(Self.share(i.impact.usersAffectedPercent)) our users found out what life is like without one service: \(MarkdownText.plain(i.service))."
        if misleading > 0 { s += " We chased \(misleading == 1 ? "one wrong lead" : "\(misleading) wrong leads") before we found the real culprit." }
        s += " Here is what happened, what fooled us, and what we are changing."
        p.append(.text(s))
        return [.paragraph(p)]
    }

    func alx(_ i: Incident) -> [Block] {
        var b: [Block] = opener(i)
        b.append(heading("Issue Summary", emoji: "📋"))
        b.append(durationParagraph(i))
        b.append(impactParagraph(i))
        b.append(.paragraph([.bold([.text("Root cause:")]), .text(" ")] + Self.inline(i.rootCause)))
        if let d = detectionSummary(i) { b.append(d) }
        if let r = responseSummary(i) { b.append(r) }
        b += figure(figures.impact)
        b.append(heading("Timeline", emoji: "⏱️"))
        b.append(.paragraph([.text(timelineIntro(i))]))
        b += figure(figures.timeline)
        b.append(.bullets(timelineBullets(i)))
        if let k = keyNumbers(i) { b.append(k) }
        b.append(heading("Root cause and resolution", emoji: "🔬"))
        b.append(.paragraph([.bold([.text("Root cause:")]), .text(" ")] + Self.inline(i.rootCauseDetail ?? i.rootCause)))
        b.append(.paragraph([.bold([.text("Resolution:")]), .text(" ")] + Self.inline(i.resolution)))
        b.append(heading("Corrective and preventative measures", emoji: "🛡️"))
        b.append(.paragraph([.bold([.text("What we will improve:")])]))
        b.append(i.corrective.improvements.isEmpty ? .prompt("Fill in: the broad things to improve or fix")
                                                   : .bullets(i.corrective.improvements.map(Self.inline)))
        b.append(.paragraph([.bold([.text("Tasks:")])]))
        b.append(i.corrective.tasks.isEmpty ? .prompt("Fill in: a concrete task list (patch, add monitoring on …)") : tasksBlock(i))
        return b
    }

    /// "All times are SAST. 11 events over 1 h 30 min: 2 misleading paths, 1 escalation."
    func timelineIntro(_ i: Incident) -> String {
        var s = "All times are \(i.zoneLabel). \(i.timeline.count) \(i.timeline.count == 1 ? "event" : "events") over \(DurationText.format(minutes: i.durationMinutes))"
        var parts: [String] = []
        let m = i.timeline.filter { $0.kind == .misleading }.count
        let e = i.timeline.filter { $0.kind == .escalated }.count
        if m > 0 { parts.append("\(m) misleading \(m == 1 ? "path" : "paths")") }
        if e > 0 { parts.append("\(e) \(e == 1 ? "escalation" : "escalations")") }
        s += parts.isEmpty ? "." : ", including " + parts.joined(separator: " and ") + "."
        return s
    }

    /// "**Key numbers:** time to detect 0 min, to find the root cause 1 h, ..."
    func keyNumbers(_ i: Incident) -> Block? {
        let metrics: [(String, Double?)] = [
            ("time to detect", i.timeToDetectMinutes), ("to find the root cause", i.timeToIdentifyMinutes),
            ("to mitigate", i.timeToMitigateMinutes), ("to resolve", i.timeToResolveMinutes),
        ]
        let parts = metrics.compactMap { m in m.1.map { "\(m.0) \(DurationText.format(minutes: $0))" } }
        guard !parts.isEmpty else { return nil }
        var text = parts.joined(separator: ", ") + "."
        text = text.prefix(1).uppercased() + text.dropFirst()
        return .paragraph([.bold([.text("Key numbers:")]), .text(" " + text)])
    }

    func detectionParagraph(_ i: Incident) -> Block {
        guard let d = i.timeline.first(where: { $0.kind == .detected }) else {
            return .prompt("Fill in: when and how the issue was detected (add a `kind: detected` event with `via`)")
        }
        var p: [Inline] = [.text("Detected at \(Self.when(d.at, zone: i.zoneLabel))")]
        if let v = d.via { p.append(.text(" by \(Self.detectedBy(v))")) }
        if let ttd = i.timeToDetectMinutes { p.append(.text(", \(DurationText.format(minutes: ttd)) after the outage began")) }
        p.append(.text(". "))
        return .paragraph(p + Self.inline(d.text))
    }

    func googleSRE(_ i: Incident) -> [Block] {
        var b: [Block] = opener(i)
        b.append(heading("Summary", emoji: "📋"))
        b.append(.paragraph(Self.inline(i.impact.summary) + [.text(" ")] + Self.inline(i.rootCause)))
        b.append(heading("Impact", emoji: "💥"))
        b.append(durationParagraph(i))
        b.append(impactParagraph(i))
        b += figure(figures.impact)
        b.append(heading("Root causes", emoji: "🔬"))
        b.append(.paragraph(Self.inline(i.rootCauseDetail ?? i.rootCause)))
        b.append(heading("Trigger", emoji: "🎯"))
        b.append(.prompt("Fill in: the change or event that set the root cause off"))
        b.append(heading("Resolution", emoji: "🩹"))
        b.append(.paragraph(Self.inline(i.resolution)))
        b.append(heading("Detection", emoji: "🚨"))
        b.append(detectionParagraph(i))
        b.append(heading("Action items", emoji: "✅"))
        let rows: [[[Inline]]] = i.corrective.tasks.map { t in
            [Self.inline(t.text), [.text(t.done ? "done" : "prevent")], [.text(t.owner.map { MarkdownText.plain($0) } ?? "—")]]
        } + i.corrective.improvements.map { [Self.inline($0), [.text("improve")], [.text("—")]] }
        b.append(rows.isEmpty ? .prompt("Fill in: action items with a type and an owner")
                              : .table(header: [[.text("Action item")], [.text("Type")], [.text("Owner")]], rows: rows))
        b.append(heading("Lessons learned", emoji: "🎓"))
        b.append(.prompt("Fill in: what went well, what went wrong, where we got lucky"))
        b.append(heading("Timeline", emoji: "⏱️"))
        b.append(.paragraph([.text(timelineIntro(i))]))
        b += figure(figures.timeline)
        b.append(.bullets(timelineBullets(i)))
        return b
    }

    func atlassian(_ i: Incident) -> [Block] {
        var b: [Block] = opener(i)
        b.append(heading("Summary", emoji: "📋"))
        b.append(.paragraph(Self.inline(i.impact.summary) + [.text(" ")] + Self.inline(i.rootCause)))
        b.append(heading("Leadup", emoji: "🧭"))
        b.append(.prompt("Fill in: the circumstances and changes that led up to the incident"))
        b.append(heading("Fault", emoji: "⚡"))
        b.append(.paragraph(Self.inline(i.rootCauseDetail ?? i.rootCause)))
        b.append(heading("Impact", emoji: "💥"))
        b.append(durationParagraph(i))
        b.append(impactParagraph(i))
        b += figure(figures.impact)
        b.append(heading("Detection", emoji: "🚨"))
        b.append(detectionParagraph(i))
        b.append(heading("Response", emoji: "📣"))
        let response = i.timeline.filter { [.escalated, .investigation, .action, .misleading].contains($0.kind) }
        b.append(response.isEmpty ? .prompt("Fill in: who responded, and what they did")
                                  : .bullets(response.map { e in [.text("\(e.at.wall.clockText) – ")] + (eventLead(e).map { [.text($0 + ": ")] } ?? []) + Self.inline(e.text) }))
        b.append(heading("Recovery", emoji: "🩹"))
        b.append(.paragraph(Self.inline(i.resolution)))
        b.append(heading("Timeline", emoji: "⏱️"))
        b.append(.paragraph([.text(timelineIntro(i))]))
        b += figure(figures.timeline)
        b.append(.bullets(timelineBullets(i)))
        b.append(heading("Root cause", emoji: "🔬"))
        b.append(.paragraph(Self.inline(i.rootCauseDetail ?? i.rootCause)))
        b.append(heading("Follow-up tasks", emoji: "✅"))
        b.append(i.corrective.tasks.isEmpty ? .prompt("Fill in: follow-up tasks with owners") : tasksBlock(i))
        return b
    }
}
