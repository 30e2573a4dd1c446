import HindsightLayout
import HindsightModel

/// The section layout a report follows.
public enum ReportTemplate: String, CaseIterable, Sendable, Codable {
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

public enum ReportStyle: String, CaseIterable, Sendable, Codable {
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
        let multiDay = i.windowIsMultiDay
        return i.timeline.map { e in
            let clock = e.marked(e.at.wall.clockText)
            let time = multiDay ? [i.dateText(e.at), clock].compactMap { $0 }.joined(separator: " ") : clock
            var line: [Inline] = [.bold([.text(time)]), .text(" - ")]
            if playful, let emoji = Self.kindEmoji[e.kind] { line.append(.text(emoji + " ")) }
            if let lead = eventLead(e) { line.append(.text(lead + ": ")) }
            line += Self.inline(e.text)
            return line
        }
    }

    func durationParagraph(_ i: Incident) -> Block {
        guard let minutes = i.durationMinutes, let start = i.start, let end = i.end, i.dateKnown else {
            // A partial postmortem: what is known, and what is not stated.
            return .paragraph([.bold([.text("Duration:")]), .text(" \(i.windowText).")])
        }
        return .paragraph([.bold([.text("Duration:")]), .text(" \(DurationText.format(minutes: minutes)), from "
            + "\(Self.when(start, zone: i.zoneLabel)) to \(Self.when(end, zone: i.zoneLabel)).")])
    }

    /// A labelled paragraph, or a visible prompt where the postmortem does not say.
    func labelled(_ label: String, _ text: String?, missing: String) -> Block {
        guard let text else { return .prompt("Fill in: \(missing) (not stated)") }
        return .paragraph([.bold([.text(label)]), .text(" ")] + Self.inline(text))
    }

    /// A paragraph of the incident's text, or a visible prompt where it does not say.
    func prose(_ text: String?, missing: String) -> Block {
        guard let text else { return .prompt("Fill in: \(missing) (not stated)") }
        return .paragraph(Self.inline(text))
    }

    func impactParagraph(_ i: Incident) -> Block {
        var p: [Inline] = [.bold([.text("Impact:")]), .text(" ")]
        if let service = i.service { p += Self.inline(service) + [.text(" was affected. ")] }
        if let summary = i.impact.summary { p += Self.inline(summary) }
        if let percent = i.impact.usersAffectedPercent { p.append(.text(" " + Self.usersAffected(percent))) }
        else { p.append(.text(" The share of users affected is not stated")) }
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
        s += " at \(d.marked(d.at.wall.clockText))"
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
        .tasks(i.tasks.map { t in
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
        if let date = i.dateText(i.windowStart) { by.append(date) }
        by.append("\(doc.wordCount) words")
        doc.byline = by.joined(separator: " · ")
        return doc
    }

    func title(_ i: Incident) -> String {
        let t = MarkdownText.plain(i.displayTitle)
        guard playful else { return t }
        return [i.emoji, t].compactMap { $0 }.joined(separator: " ")
    }

    func subtitle(_ i: Incident) -> String? {
        guard playful else { return nil }
        if let tag = i.tagline { return MarkdownText.plain(tag) }
        // A hook made of the incident's own numbers.
        let numbers = [i.durationMinutes.map { DurationText.format(minutes: $0) }, i.impact.usersAffectedPercent.map { "\(Self.share($0)) users" }]
            .compactMap { $0 }.joined(separator: ", ")
        let what = "\(i.service.map { MarkdownText.plain($0) } ?? "one service") stopped answering."
        return numbers.isEmpty ? what.prefix(1).uppercased() + what.dropFirst() : numbers + ": " + what
    }

    func opener(_ i: Incident) -> [Block] {
        guard playful else { return [] }
        var p: [Inline] = []
        if let h = i.humor { p += Self.inline(h) + [.text(" ")] }
        let misleading = i.timeline.filter { $0.kind == .misleading }.count
        let when = (i.durationMinutes.map { "For \(DurationText.format(minutes: $0))" } ?? "For a while")
            + (i.dateKnown ? " on \(TimeAxis.monthDay(i.windowStart.wall))" : "")
        let who = i.impact.usersAffectedPercent.map { "\(Self.share($0)) our users" } ?? "our users"
        let without = i.service.map { "one service: \(MarkdownText.plain($0))." } ?? "one of our services."
        var s = "\(when), \(who) found out what life is like without \(without)"
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
        b.append(labelled("Root cause:", i.rootCause, missing: "the root cause, in one sentence"))
        if let d = detectionSummary(i) { b.append(d) }
        if let r = responseSummary(i) { b.append(r) }
        b += figure(figures.impact)
        b.append(heading("Timeline", emoji: "⏱️"))
        b.append(.paragraph([.text(timelineIntro(i))]))
        b += figure(figures.timeline)
        b.append(.bullets(timelineBullets(i)))
        if let k = keyNumbers(i) { b.append(k) }
        b.append(heading("Root cause and resolution", emoji: "🔬"))
        b.append(labelled("Root cause:", i.rootCauseDetail ?? i.rootCause, missing: "the root cause, in detail"))
        b.append(labelled("Resolution:", i.resolution, missing: "how the issue was fixed"))
        b.append(heading("Corrective and preventative measures", emoji: "🛡️"))
        b.append(.paragraph([.bold([.text("What we will improve:")])]))
        b.append(i.improvements.isEmpty ? .prompt("Fill in: the broad things to improve or fix")
                                        : .bullets(i.improvements.map(Self.inline)))
        b.append(.paragraph([.bold([.text("Tasks:")])]))
        b.append(i.tasks.isEmpty ? .prompt("Fill in: a concrete task list (patch, add monitoring on …)") : tasksBlock(i))
        return b
    }

    /// "All times are SAST. 11 events over 1 h 30 min: 2 misleading paths, 1 escalation."
    func timelineIntro(_ i: Incident) -> String {
        var s = "All times are \(i.zoneLabel). \(i.timeline.count) \(i.timeline.count == 1 ? "event" : "events")"
        if let minutes = i.durationMinutes { s += " over \(DurationText.format(minutes: minutes))" }
        var parts: [String] = []
        let m = i.timeline.filter { $0.kind == .misleading }.count
        let e = i.timeline.filter { $0.kind == .escalated }.count
        if m > 0 { parts.append("\(m) misleading \(m == 1 ? "path" : "paths")") }
        if e > 0 { parts.append("\(e) \(e == 1 ? "escalation" : "escalations")") }
        s += parts.isEmpty ? "." : ", including " + parts.joined(separator: " and ") + "."
        if i.timeline.contains(where: \.timeGuessed) { s += " Times marked \(Event.guessedTimeMark) are not written in the postmortem and were guessed." }
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
        var p: [Inline] = [.text("Detected at " + (i.dateKnown ? d.marked(Self.when(d.at, zone: i.zoneLabel)) : d.marked(d.at.wall.clockText) + " " + i.zoneLabel))]
        if let v = d.via { p.append(.text(" by \(Self.detectedBy(v))")) }
        if let ttd = i.timeToDetectMinutes { p.append(.text(", \(DurationText.format(minutes: ttd)) after the outage began")) }
        p.append(.text(". "))
        return .paragraph(p + Self.inline(d.text))
    }

    func googleSRE(_ i: Incident) -> [Block] {
        var b: [Block] = opener(i)
        b.append(heading("Summary", emoji: "📋"))
        b.append(.paragraph([i.impact.summary, i.rootCause].compactMap { $0 }.flatMap { Self.inline($0) + [.text(" ")] }.dropLast()))
        b.append(heading("Impact", emoji: "💥"))
        b.append(durationParagraph(i))
        b.append(impactParagraph(i))
        b += figure(figures.impact)
        b.append(heading("Root causes", emoji: "🔬"))
        b.append(prose(i.rootCauseDetail ?? i.rootCause, missing: "the root cause"))
        b.append(heading("Trigger", emoji: "🎯"))
        b.append(.prompt("Fill in: the change or event that set the root cause off"))
        b.append(heading("Resolution", emoji: "🩹"))
        b.append(prose(i.resolution, missing: "how the issue was fixed"))
        b.append(heading("Detection", emoji: "🚨"))
        b.append(detectionParagraph(i))
        b.append(heading("Action items", emoji: "✅"))
        let rows: [[[Inline]]] = i.tasks.map { t in
            [Self.inline(t.text), [.text(t.done ? "done" : "prevent")], [.text(t.owner.map { MarkdownText.plain($0) } ?? "—")]]
        } + i.improvements.map { [Self.inline($0), [.text("improve")], [.text("—")]] }
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
        b.append(.paragraph([i.impact.summary, i.rootCause].compactMap { $0 }.flatMap { Self.inline($0) + [.text(" ")] }.dropLast()))
        b.append(heading("Leadup", emoji: "🧭"))
        b.append(.prompt("Fill in: the circumstances and changes that led up to the incident"))
        b.append(heading("Fault", emoji: "⚡"))
        b.append(prose(i.rootCauseDetail ?? i.rootCause, missing: "the root cause"))
        b.append(heading("Impact", emoji: "💥"))
        b.append(durationParagraph(i))
        b.append(impactParagraph(i))
        b += figure(figures.impact)
        b.append(heading("Detection", emoji: "🚨"))
        b.append(detectionParagraph(i))
        b.append(heading("Response", emoji: "📣"))
        let response = i.timeline.filter { [.escalated, .investigation, .action, .misleading].contains($0.kind) }
        b.append(response.isEmpty ? .prompt("Fill in: who responded, and what they did")
                                  : .bullets(response.map { e in [.text("\(e.marked(e.at.wall.clockText)) – ")] + (eventLead(e).map { [.text($0 + ": ")] } ?? []) + Self.inline(e.text) }))
        b.append(heading("Recovery", emoji: "🩹"))
        b.append(prose(i.resolution, missing: "how the issue was fixed"))
        b.append(heading("Timeline", emoji: "⏱️"))
        b.append(.paragraph([.text(timelineIntro(i))]))
        b += figure(figures.timeline)
        b.append(.bullets(timelineBullets(i)))
        b.append(heading("Root cause", emoji: "🔬"))
        b.append(prose(i.rootCauseDetail ?? i.rootCause, missing: "the root cause"))
        b.append(heading("Follow-up tasks", emoji: "✅"))
        b.append(i.tasks.isEmpty ? .prompt("Fill in: follow-up tasks with owners") : tasksBlock(i))
        return b
    }
}
