import Foundation

/// Decodes a located document into an `Incident`, checking every rule of format v1 and
/// reporting each problem at the line and column where it was written. Keeps going after an
/// error so one run reports everything it can.
public struct IncidentDecoder {
    public static var topLevelFields: [String] { FormatV1.topLevelFields }
    static let impactFields = FormatV1.impactFields
    static let seriesFields = FormatV1.seriesFields
    static let pointFields = FormatV1.pointFields
    static let eventFields = FormatV1.eventFields
    static let correctiveFields = FormatV1.correctiveFields
    static let taskFields = FormatV1.taskFields
    static let componentFields = FormatV1.componentFields
    static let intervalFields = FormatV1.intervalFields

    var sink: DiagnosticSink
    let completeness: Completeness
    var locations: [String: SourceLocation] = [:]
    var zone: Zone?
    var zoneOK = true
    /// The start's offset, used to show times when the incident has no zone.
    var startOffset: Int?
    /// A `start` value was written (even if it could not be read).
    var startWritten = false

    init(file: String, completeness: Completeness) { sink = DiagnosticSink(file: file); self.completeness = completeness }

    /// Decodes `root`; the incident is nil when there are errors. With `.partial`, a missing
    /// field the assignment requires is a warning and the incident is made without it.
    public static func decode(_ root: SourceNode, file: String, completeness: Completeness = .required) -> (incident: Incident?, diagnostics: [Diagnostic]) {
        var d = IncidentDecoder(file: file, completeness: completeness)
        let incident = d.decodeIncident(root)
        let diags = d.sink.diagnostics.sortedByLocation()
        return (diags.hasErrors ? nil : incident, diags)
    }

    // MARK: - Mapping access

    /// The fields of one mapping: duplicates and unknown keys are reported once, here.
    struct Fields {
        let node: SourceNode
        let path: String
        var values: [String: SourceNode] = [:]
        var keyLocations: [String: SourceLocation] = [:]
    }

    mutating func fields(_ node: SourceNode, path: String, known: [String], what: String) -> Fields? {
        guard case .mapping(let pairs) = node.value else {
            sink.error("type", node.location, "\(what) must be a mapping of fields (\(known.prefix(4).map { "`\($0):`" }.joined(separator: ", "))...), found \(node.kindDescription)")
            return nil
        }
        var f = Fields(node: node, path: path)
        for (k, v) in pairs {
            guard let key = k.scalarText else {
                sink.error("type", k.location, "a key must be a plain name such as `\(known[0])`")
                continue
            }
            if let first = f.keyLocations[key] {
                sink.error("duplicate-key", k.location, "`\(join(path, key))` is given twice (first on line \(first.line)); keep one")
                continue
            }
            f.keyLocations[key] = k.location
            if known.contains(key) {
                f.values[key] = v
                locations[join(path, key)] = v.isNull ? k.location : v.location
            } else if path.isEmpty && FormatV1.derivedFields.contains(key) {
                continue  // written by `export`, recomputed here
            } else if let near = Suggest.nearest(key, in: known, maxDistance: max(2, key.count / 3)) {
                sink.warning("unknown-field", k.location, "unknown field `\(join(path, key))`, ignored; did you mean `\(near)`?")
            } else {
                sink.warning("unknown-field", k.location, "unknown field `\(join(path, key))`, ignored; known fields here: \(known.joined(separator: ", "))")
            }
        }
        return f
    }

    func join(_ path: String, _ key: String) -> String { path.isEmpty ? key : "\(path).\(key)" }

    /// A present, non-null value, or nil.
    func value(_ f: Fields, _ key: String) -> SourceNode? {
        guard let v = f.values[key], !v.isNull else { return nil }
        return v
    }

    mutating func missing(_ f: Fields, _ key: String, _ hint: String) {
        let full = join(f.path, key)
        if let k = f.keyLocations[key] {
            sink.error("required", k, "`\(full)` has no value; \(hint)")
        } else {
            sink.error("required", f.node.location, "missing required field `\(full)`: \(hint)")
        }
    }

    // MARK: - Scalars

    /// Trimmed from both ends of a text: white space, and U+FEFF (a stray byte-order mark),
    /// which Yams drops from the start of a YAML scalar, so an export would not read back.
    static let textPadding = CharacterSet.whitespacesAndNewlines.union(CharacterSet(charactersIn: "\u{FEFF}"))

    mutating func text(_ node: SourceNode, _ path: String) -> String? {
        guard let s = node.scalarText else {
            sink.error("type", node.location, "`\(path)` must be text, found \(node.kindDescription)")
            return nil
        }
        let t = s.trimmingCharacters(in: Self.textPadding)
        if t.isEmpty {
            sink.error("empty", node.location, "`\(path)` is empty; write the text")
            return nil
        }
        if t.count > InputLimits.maxTextLength {
            sink.error("text-too-long", node.location, "`\(path)` is \(t.count) characters; the limit is \(InputLimits.maxTextLength)")
            return nil
        }
        return t
    }

    /// An event (or a component's interval) outside start…end: an error for `check`; a draft
    /// is drawn with it where it was written (the figure's window takes an event in; a band is
    /// cut to the window).
    mutating func outsideWindow(_ loc: SourceLocation, _ message: String, rule: String = "event-outside-window") {
        switch completeness {
        case .required: sink.error(rule, loc, message)
        case .partial: sink.warning(rule, loc, message)
        }
    }

    /// A field the assignment requires is absent: an error for `check`, a warning when the
    /// incident may be partial.
    mutating func incomplete(_ f: Fields, _ key: String) {
        let full = join(f.path, key)
        let hint = FormatV1.hint(full)
        let loc = f.keyLocations[key] ?? f.node.location
        let what = f.keyLocations[key] != nil ? "`\(full)` has no value" : "missing required field `\(full)`"
        switch completeness {
        case .required: sink.error("required", loc, "\(what): \(hint)")
        case .partial: sink.warning("required", loc, "\(what) (drawn as unknown): \(hint)")
        }
    }

    /// A text field the assignment requires; nil (reported) when absent.
    mutating func assignmentText(_ f: Fields, _ key: String) -> String? {
        guard let v = value(f, key) else { incomplete(f, key); return nil }
        return text(v, join(f.path, key))
    }

    mutating func requiredText(_ f: Fields, _ key: String, _ hint: String) -> String? {
        guard let v = value(f, key) else { missing(f, key, hint); return nil }
        return text(v, join(f.path, key))
    }

    mutating func optionalText(_ f: Fields, _ key: String) -> String? {
        guard let v = value(f, key) else { return nil }
        return text(v, join(f.path, key))
    }

    mutating func textList(_ node: SourceNode, _ path: String) -> [String]? {
        guard case .sequence(let items) = node.value else {
            sink.error("type", node.location, "`\(path)` must be a list (`- item` lines or `[a, b]`), found \(node.kindDescription)")
            return nil
        }
        var out: [String] = []
        for (i, item) in items.enumerated() {
            if let t = text(item, "\(path)[\(i)]") { out.append(t) }
        }
        return out
    }

    mutating func number(_ node: SourceNode, _ path: String, example: String) -> Double? {
        guard let s = node.scalarText else {
            sink.error("type", node.location, "`\(path)` must be a number such as \(example), found \(node.kindDescription)")
            return nil
        }
        let t = s.trimmingCharacters(in: .whitespaces)
        // `"50"` is text in YAML and JSON alike; the schema says number.
        if case .scalar(_, .quoted) = node.value {
            sink.error("type", node.location, "`\(path)` must be a number such as \(example), found the text \"\(t)\"; write it without quotes")
            return nil
        }
        if t.hasSuffix("%"), let v = Double(t.dropLast().trimmingCharacters(in: .whitespaces)) {
            sink.error("type", node.location, "`\(path)` must be a plain number: write `\(JSONValue.format(v))` without the % sign")
            return nil
        }
        guard let v = Double(t), v.isFinite, t.first != "+", !t.lowercased().contains("n") else {
            sink.error("type", node.location, "`\(path)` must be a number such as \(example), found `\(t)`")
            return nil
        }
        return v
    }

    // MARK: - Times

    mutating func timeSyntax(_ node: SourceNode, _ path: String) -> TimeSyntax? {
        guard let s = node.scalarText else {
            sink.error("type", node.location, "`\(path)` must be a time (\(TimeParseError.accepted)), found \(node.kindDescription)")
            return nil
        }
        switch TimeSyntax.parse(s) {
        case .success(let t): return t
        case .failure(let e):
            sink.error("time-format", node.location, "`\(path)` is `\(s)`: \(e.message)")
            return nil
        }
    }

    /// Resolves a time; `baseDate` is the date of `start` in the incident's zone.
    mutating func resolve(_ t: TimeSyntax, at loc: SourceLocation, _ path: String, baseDate: WallTime?) -> IncidentTime? {
        switch t {
        case .absolute(let wall, let off):
            let epoch = wall.secondsAsIfUTC - Int64(off)
            // Without a zone, every time is shown on the start's clock.
            return IncidentTime(epoch: epoch, offset: zone?.offset(at: epoch) ?? startOffset ?? off, syntax: t)
        case .local(let wall):
            guard let zone else {
                if zoneOK { sink.error("timezone-required", loc, "`\(path)` has no offset and the incident has no `timezone`; add `timezone:` (e.g. `UTC`, `Africa/Lagos`, `+02:00`) or write an offset (`\(wall.dateText)T\(wall.clockText)+00:00`)") }
                return nil
            }
            guard let epoch = instant(of: wall, in: zone, at: loc, path) else { return nil }
            return IncidentTime(epoch: epoch, offset: zone.offset(at: epoch), syntax: t)
        case .clock(let h, let m, let s):
            guard let base = baseDate else {
                // Without a start (reported where it is missing) a clock time has no date.
                if !startWritten { sink.error("time-format", loc, "`\(path)` is a bare clock time and there is no `start` to give it a date; write the date (`YYYY-MM-DD HH:MM`) or add `start`") }
                return nil
            }
            guard let zone else {
                if zoneOK { sink.error("timezone-required", loc, "`\(path)` is a bare clock time and the incident has no `timezone`; add `timezone:` or write a full time with an offset") }
                return nil
            }
            let wall = WallTime(year: base.year, month: base.month, day: base.day, hour: h, minute: m, second: s)
            guard let epoch = instant(of: wall, in: zone, at: loc, path) else { return nil }
            return IncidentTime(epoch: epoch, offset: zone.offset(at: epoch), syntax: t)
        }
    }

    func show(_ t: IncidentTime, sameDayAs base: IncidentTime?) -> String {
        let w = t.wall
        if let base, base.wall.dateText == w.dateText { return w.clockText }
        return "\(w.dateText) \(w.clockText)"
    }

    // MARK: - The incident

    mutating func decodeIncident(_ root: SourceNode) -> Incident? {
        guard let f = fields(root, path: "", known: Self.topLevelFields, what: "an incident") else { return nil }

        let title = assignmentText(f, "title")
        var emoji: String?
        if let e = optionalText(f, "emoji") {
            emoji = e
            if e.count > 1 || e.unicodeScalars.allSatisfy({ $0.isASCII }) {
                sink.warning("emoji", value(f, "emoji")!.location, "`emoji` should be one emoji such as \"📧\"; found `\(e)`")
            }
        }
        let service = assignmentText(f, "service")
        let severity = optionalText(f, "severity")

        if let zn = value(f, "timezone") {
            if let zs = text(zn, "timezone") {
                switch Zone.parse(zs) {
                case .success(let z): zone = z
                case .failure(.offsetOutOfRange):
                    zoneOK = false
                    sink.error("timezone-unknown", zn.location, "`timezone` offset `\(zs)` is outside −14:00…+14:00")
                case .failure(.unknown(let near)):
                    zoneOK = false
                    let hint = near.map { "did you mean `\($0)`? " } ?? ""
                    sink.error("timezone-unknown", zn.location, "unknown `timezone` `\(zs)`; \(hint)accepted: an IANA name (`Africa/Johannesburg`), a UTC offset (`+02:00`, `UTC-5`) or an abbreviation (UTC, GMT, SAST, WAT, EAT, CET, CEST, EST, EDT, PST, PDT, IST, JST, ...)")
                }
            } else { zoneOK = false }
        }

        // start and end
        var start: IncidentTime?
        if let sn = value(f, "start") {
            startWritten = true
            if let t = timeSyntax(sn, "start") {
                if t.hasDate {
                    start = resolve(t, at: sn.location, "start", baseDate: nil)
                    startOffset = start?.offset
                } else {
                    sink.error("time-format", sn.location, "`start` needs a date: write `YYYY-MM-DD HH:MM` (the other times may then be `HH:MM` on that date)")
                }
            }
        } else { incomplete(f, "start") }
        let baseDate = start?.wall
        // `start` written with an offset other than `timezone`'s (`…Z` with `timezone: WAT`):
        // the times written in the zone are then off by the difference, and every window error
        // that follows is one mistake; they are reported once, at `start` (below).
        var startOffsetMismatch: (location: SourceLocation, written: Int, zone: Int)?
        if let s = start, let sn = value(f, "start"), case .absolute(_, let written) = s.syntax, let zone,
           zone.offset(at: s.epoch) != written {
            startOffsetMismatch = (sn.location, written, zone.offset(at: s.epoch))
        }

        var end: IncidentTime?
        if let en = value(f, "end") {
            if let t = timeSyntax(en, "end"), let e = resolve(t, at: en.location, "end", baseDate: baseDate) {
                if let s = start, e.epoch <= s.epoch {
                    var msg = "`end` (\(show(e, sameDayAs: s))) must be after `start` (\(show(s, sameDayAs: e)))"
                    if case .clock = t { msg += "; an outage that runs past midnight writes the full date (`YYYY-MM-DD HH:MM`)" }
                    sink.error("end-before-start", en.location, msg)
                } else { end = e }
            }
        } else { incomplete(f, "end") }

        let impact = decodeImpact(f, start: start, end: end, baseDate: baseDate)
        let rootCause = assignmentText(f, "root_cause")
        let rootCauseDetail = optionalText(f, "root_cause_detail")
        let resolution = assignmentText(f, "resolution")
        let timeline = decodeTimeline(f, start: start, end: end, baseDate: baseDate)
        let corrective = decodeCorrective(f)
        var authors: [String] = []
        if let an = value(f, "authors") { authors = textList(an, "authors") ?? [] }
        let tagline = optionalText(f, "tagline")
        let humor = optionalText(f, "humor")

        if let m = startOffsetMismatch, let s = start {
            let consequences: Set<String> = ["end-before-start", "event-outside-window", "interval-outside-window"]
            let dropped = sink.removeErrors { consequences.contains($0.rule) }
            if dropped > 0 {
                let zoneName = value(f, "timezone").flatMap { text($0, "timezone") } ?? "the timezone"
                sink.error("start-offset", m.location, "`start` is written at UTC\(Zone.offsetText(m.written)) but `timezone` is \(zoneName) (UTC\(Zone.offsetText(m.zone))), so it is \(s.wall.clockText) there, and the other times, read in \(zoneName), fall outside the outage (\(dropped) errors); write `start` without the offset (`\(s.wall.dateText) HH:MM` in \(zoneName)) or give every time the same offset")
            }
        }

        guard let impact, let timeline else { return nil }
        return Incident(title: title, emoji: emoji, service: service, severity: severity, zone: zone,
                        start: start, end: end, impact: impact, rootCause: rootCause,
                        rootCauseDetail: rootCauseDetail, resolution: resolution, timeline: timeline,
                        corrective: corrective, authors: authors, tagline: tagline, humor: humor, locations: locations)
    }

    mutating func decodeImpact(_ top: Fields, start: IncidentTime?, end: IncidentTime?, baseDate: WallTime?) -> Impact? {
        guard let node = value(top, "impact") else {
            incomplete(top, "impact")
            return Impact(summary: nil, usersAffectedPercent: nil)
        }
        guard let f = fields(node, path: "impact", known: Self.impactFields, what: "`impact`") else { return nil }
        let summary = assignmentText(f, "summary")
        var percent: Double?
        if let pn = value(f, "users_affected_percent") {
            if let p = number(pn, "impact.users_affected_percent", example: "`90`") {
                if p < 0 || p > 100 {
                    sink.error("percent-range", pn.location, "`impact.users_affected_percent` is \(JSONValue.format(p)); it must be between 0 and 100")
                } else { percent = p }
            }
        } else { incomplete(f, "users_affected_percent") }
        var services: [String] = []
        if let sn = value(f, "services") { services = textList(sn, "impact.services") ?? [] }
        var series: [ImpactSeries] = []
        if let sn = value(f, "series") { series = decodeSeries(sn, baseDate: baseDate) }
        var components: [ComponentImpact] = []
        if let cn = value(f, "components") { components = decodeComponents(cn, start: start, end: end, baseDate: baseDate) }
        return Impact(summary: summary, usersAffectedPercent: percent, services: services, series: series, components: components)
    }

    /// `impact.components`: each component's status intervals, in time order, not overlapping,
    /// inside the outage window.
    mutating func decodeComponents(_ node: SourceNode, start: IncidentTime?, end: IncidentTime?, baseDate: WallTime?) -> [ComponentImpact] {
        guard case .sequence(let items) = node.value else {
            sink.error("type", node.location, "`impact.components` must be a list of `{name, intervals}`, found \(node.kindDescription)")
            return []
        }
        var out: [ComponentImpact] = []
        for (i, item) in items.enumerated() {
            let path = "impact.components[\(i)]"
            guard let f = fields(item, path: path, known: Self.componentFields, what: "`\(path)`") else { continue }
            let name = requiredText(f, "name", "the component, e.g. `Payments API`")
            if let name, let first = out.firstIndex(where: { $0.name == name }) {
                sink.error("duplicate-component", value(f, "name")!.location, "component `\(name)` is listed twice (first as `impact.components[\(first)]`); give all its intervals in one entry")
                continue
            }
            var intervals: [ComponentImpact.Interval] = []
            if let ln = value(f, "intervals") {
                if case .sequence(let ls) = ln.value {
                    var previous: (to: IncidentTime, path: String)?
                    for (j, l) in ls.enumerated() {
                        let ip = "\(path).intervals[\(j)]"
                        guard let lf = fields(l, path: ip, known: Self.intervalFields, what: "`\(ip)`") else { continue }
                        let from = intervalTime(lf, "from", ip, baseDate: baseDate)
                        let to = intervalTime(lf, "to", ip, baseDate: baseDate)
                        let status = componentStatus(lf, ip)
                        // The times are checked even when the status is unknown: one run reports all.
                        guard let from, let to else { continue }
                        if to.time.epoch <= from.time.epoch {
                            sink.error("interval-order", to.location, "`\(ip).to` (\(show(to.time, sameDayAs: from.time))) must be after `\(ip).from` (\(show(from.time, sameDayAs: to.time)))")
                            continue
                        }
                        if let prev = previous, from.time.epoch < prev.to.epoch {
                            sink.error("interval-order", from.location, "`\(ip).from` (\(show(from.time, sameDayAs: start))) is before the interval before it ends (`\(prev.path).to`, \(show(prev.to, sameDayAs: start))); list intervals in time order, without overlap")
                            continue
                        }
                        previous = (to.time, ip)
                        if let s = start, from.time.epoch < s.epoch {
                            outsideWindow(from.location, "`\(ip).from` (\(show(from.time, sameDayAs: s))) is before `start` (\(show(s, sameDayAs: s))); a component's intervals lie within the outage window", rule: "interval-outside-window")
                            if completeness == .required { continue }
                        }
                        if let e = end, to.time.epoch > e.epoch {
                            outsideWindow(to.location, "`\(ip).to` (\(show(to.time, sameDayAs: start))) is after `end` (\(show(e, sameDayAs: start))); a component's intervals lie within the outage window", rule: "interval-outside-window")
                            if completeness == .required { continue }
                        }
                        if let status { intervals.append(.init(from: from.time, to: to.time, status: status)) }
                    }
                } else {
                    sink.error("type", ln.location, "`\(path).intervals` must be a list of `{from, to, status}`, found \(ln.kindDescription)")
                }
            } else { missing(f, "intervals", "a list of `{from, to, status}`, the component's status over time") }
            if let name { out.append(ComponentImpact(name: name, intervals: intervals)) }
        }
        return out
    }

    mutating func intervalTime(_ f: Fields, _ key: String, _ path: String, baseDate: WallTime?) -> (time: IncidentTime, location: SourceLocation)? {
        guard let n = value(f, key) else {
            missing(f, key, key == "from" ? "when the status began, e.g. `from: \"13:05\"`" : "when the status ended, e.g. `to: \"13:40\"`")
            return nil
        }
        guard let t = timeSyntax(n, "\(path).\(key)"), let time = resolve(t, at: n.location, "\(path).\(key)", baseDate: baseDate) else { return nil }
        return (time, n.location)
    }

    mutating func componentStatus(_ f: Fields, _ path: String) -> ComponentStatus? {
        guard let n = value(f, "status") else {
            missing(f, "status", "one of \(ComponentStatus.allCases.map(\.rawValue).joined(separator: ", "))")
            return nil
        }
        guard let s = text(n, "\(path).status") else { return nil }
        if let status = ComponentStatus(rawValue: s.lowercased().replacingOccurrences(of: " ", with: "_")) { return status }
        let all = ComponentStatus.allCases.map(\.rawValue)
        let near = Suggest.nearest(s, in: all, maxDistance: 4).map { "did you mean `\($0)`? " } ?? ""
        sink.error("status-unknown", n.location, "unknown component status `\(s)`; \(near)accepted: \(all.joined(separator: ", "))")
        return nil
    }


    mutating func decodeSeries(_ node: SourceNode, baseDate: WallTime?) -> [ImpactSeries] {
        guard case .sequence(let items) = node.value else {
            sink.error("type", node.location, "`impact.series` must be a list of `{name, unit, points}`, found \(node.kindDescription)")
            return []
        }
        var out: [ImpactSeries] = []
        for (i, item) in items.enumerated() {
            let path = "impact.series[\(i)]"
            guard let f = fields(item, path: path, known: Self.seriesFields, what: "`\(path)`") else { continue }
            let name = requiredText(f, "name", "what is measured, e.g. `error rate`")
            let unit = optionalText(f, "unit")
            var points: [ImpactSeries.Point] = []
            if let pn = value(f, "points") {
                if case .sequence(let ps) = pn.value {
                    var previous: IncidentTime?
                    for (j, p) in ps.enumerated() {
                        let pp = "\(path).points[\(j)]"
                        guard let pf = fields(p, path: pp, known: Self.pointFields, what: "`\(pp)`") else { continue }
                        var at: IncidentTime?
                        if let an = value(pf, "at") {
                            if let t = timeSyntax(an, "\(pp).at") {
                                at = resolve(t, at: an.location, "\(pp).at", baseDate: baseDate)
                                if let a = at, let prev = previous, a.epoch < prev.epoch {
                                    sink.error("series-order", an.location, "`\(pp).at` is earlier than the point before it; list points in time order")
                                    at = nil
                                }
                            }
                        } else { missing(pf, "at", "the time of the measurement") }
                        var v: Double?
                        if let vn = value(pf, "value") { v = number(vn, "\(pp).value", example: "`12.5`") }
                        else { missing(pf, "value", "the measured value, a number") }
                        if let at, let v { points.append(.init(at: at, value: v)); previous = at }
                    }
                } else {
                    sink.error("type", pn.location, "`\(path).points` must be a list of `{at, value}`, found \(pn.kindDescription)")
                }
            } else { missing(f, "points", "a list of `{at, value}` measurements") }
            if let name { out.append(ImpactSeries(name: name, unit: unit, points: points)) }
        }
        return out
    }

    mutating func decodeTimeline(_ top: Fields, start: IncidentTime?, end: IncidentTime?, baseDate: WallTime?) -> [Event]? {
        guard let node = value(top, "timeline") else {
            incomplete(top, "timeline")
            return []
        }
        guard case .sequence(let items) = node.value else {
            sink.error("type", node.location, "`timeline` must be a list of events (`- at: \"09:30\"` ...), found \(node.kindDescription)")
            return nil
        }
        if items.isEmpty {
            let message = "`timeline` is empty; add at least the detection and the resolution"
            switch completeness {
            case .required: sink.error("required", node.location, message); return nil
            case .partial: sink.warning("required", node.location, message); return []
            }
        }
        if items.count > InputLimits.maxEvents {
            sink.error("too-many-events", node.location, "`timeline` has \(items.count) events; the limit is \(InputLimits.maxEvents)")
            return nil
        }
        var events: [Event] = []
        var ok = true
        var previous: (time: IncidentTime, syntax: TimeSyntax)?
        for (i, item) in items.enumerated() {
            let path = "timeline[\(i)]"
            locations[path] = item.location
            guard let f = fields(item, path: path, known: Self.eventFields, what: "each timeline event") else { ok = false; continue }
            var at: IncidentTime?
            if let an = value(f, "at") {
                if let t = timeSyntax(an, "\(path).at"), let a = resolve(t, at: an.location, "\(path).at", baseDate: baseDate) {
                    at = a
                    if let prev = previous, a.epoch < prev.time.epoch {
                        var msg = "event at \(show(a, sameDayAs: start)) is earlier than the event before it (\(show(prev.time, sameDayAs: start))); list events in time order"
                        if case .clock = t {
                            let next = WallTime(secondsSinceEpoch: a.wall.secondsAsIfUTC + 86400)
                            msg += ". Times do not roll over midnight: for the next day write the full date (`\(next.dateText) \(next.clockText)`)"
                        }
                        sink.error("event-order", an.location, msg)
                        at = nil
                    } else if let s = start, a.epoch < s.epoch {
                        outsideWindow(an.location, "event at \(show(a, sameDayAs: s)) is before `start` (\(show(s, sameDayAs: s))); every event lies within the outage window (move `start` earlier if the outage began sooner)")
                        if completeness == .required { at = nil }
                    } else if let e = end, a.epoch > e.epoch {
                        outsideWindow(an.location, "event at \(show(a, sameDayAs: start)) is after `end` (\(show(e, sameDayAs: start))); every event lies within the outage window (move `end` later if the outage lasted longer)")
                        if completeness == .required { at = nil }
                    }
                    previous = (a, t)
                }
            } else { missing(f, "at", "the time of the event, e.g. `at: \"09:30\"`") }

            var kind = EventKind.action
            let kindNode = value(f, "kind")
            if let kn = kindNode, let ks = text(kn, "\(path).kind") {
                if let k = EventKind(rawValue: ks.lowercased()) { kind = k }
                else {
                    ok = false
                    let all = EventKind.allCases.map(\.rawValue)
                    let near = Suggest.nearest(ks, in: all, maxDistance: 3).map { "did you mean `\($0)`? " } ?? ""
                    sink.error("kind-unknown", kn.location, "unknown event kind `\(ks)`; \(near)accepted: \(all.joined(separator: ", "))")
                }
            }
            let text = requiredText(f, "text", "one or two sentences saying what happened")

            var via: DetectionMethod?
            if let vn = value(f, "via"), let vs = self.text(vn, "\(path).via") {
                if kindNode != nil && kind != .detected {
                    ok = false
                    sink.error("via-misplaced", vn.location, "`via` belongs only to `kind: detected` events (this one is `\(kind.rawValue)`): it says how the issue was detected")
                } else if kindNode == nil {
                    ok = false
                    sink.error("via-misplaced", vn.location, "`via` belongs only to `kind: detected` events; add `kind: detected` to this event")
                } else if let m = DetectionMethod(rawValue: vs.lowercased()) {
                    via = m
                } else {
                    ok = false
                    let all = DetectionMethod.allCases.map(\.rawValue)
                    let near = Suggest.nearest(vs, in: all, maxDistance: 3).map { "did you mean `\($0)`? " } ?? ""
                    sink.error("via-unknown", vn.location, "unknown detection method `\(vs)`; \(near)accepted: \(all.joined(separator: ", "))")
                }
            }
            var to: String?
            if let tn = value(f, "to"), let ts = self.text(tn, "\(path).to") {
                if kind != .escalated {
                    ok = false
                    let fix = kindNode == nil ? "add `kind: escalated` to this event" : "this one is `\(kind.rawValue)`"
                    sink.error("to-misplaced", tn.location, "`to` belongs only to `kind: escalated` events (it names who the incident was escalated to); \(fix)")
                } else { to = ts }
            } else if kind == .escalated && value(f, "to") == nil {
                sink.warning("escalation-target", kindNode?.location ?? item.location, "escalated event without `to`; name the team or people it was escalated to")
            }
            let guessed = flag(f, "guessed", path: "\(path).guessed")
            if let at, let text { events.append(Event(at: at, kind: kind, text: text, via: via, to: to, timeGuessed: guessed)) } else { ok = false }
        }
        return ok && events.count == items.count ? events : nil
    }

    /// A `true`/`false` field (`yes`/`no` too), false when absent; anything else is a `type` error.
    mutating func flag(_ f: Fields, _ key: String, path: String) -> Bool {
        guard let n = value(f, key), let s = text(n, path) else { return false }
        switch s.lowercased() {
        case "true", "yes": return true
        case "false", "no": return false
        default:
            sink.error("type", n.location, "`\(path)` must be `true` or `false`, found `\(s)`")
            return false
        }
    }

    mutating func decodeCorrective(_ top: Fields) -> Corrective? {
        guard let node = value(top, "corrective") else {
            incomplete(top, "corrective")
            return nil
        }
        guard let f = fields(node, path: "corrective", known: Self.correctiveFields, what: "`corrective`") else { return nil }
        var improvements: [String]?
        if let n = value(f, "improvements") { improvements = textList(n, "corrective.improvements") }
        else { incomplete(f, "improvements"); improvements = [] }
        var tasks: [CorrectiveTask]?
        if let n = value(f, "tasks") {
            if case .sequence(let items) = n.value {
                var out: [CorrectiveTask] = []
                for (i, item) in items.enumerated() {
                    let path = "corrective.tasks[\(i)]"
                    if item.scalarText != nil {
                        if let t = text(item, path) { out.append(CorrectiveTask(text: t)) }
                        continue
                    }
                    guard let tf = fields(item, path: path, known: Self.taskFields, what: "each task (or plain text)") else { continue }
                    let t = requiredText(tf, "text", "the task, as specific as a to-do item")
                    let owner = optionalText(tf, "owner")
                    var due: String?
                    if let dn = value(tf, "due"), let ds = text(dn, "\(path).due") {
                        if case .failure(.dateOnly) = TimeSyntax.parse(ds) { due = ds }
                        else { sink.error("time-format", dn.location, "`\(path).due` is `\(ds)`; write a date as `YYYY-MM-DD`") }
                    }
                    let done = flag(tf, "done", path: "\(path).done")
                    if let t { out.append(CorrectiveTask(text: t, owner: owner, due: due, done: done)) }
                }
                tasks = out
            } else {
                sink.error("type", n.location, "`corrective.tasks` must be a list of tasks (text, or `{text, owner, due, done}`), found \(n.kindDescription)")
            }
        } else { incomplete(f, "tasks"); tasks = [] }
        guard let improvements, let tasks else { return nil }
        return Corrective(improvements: improvements, tasks: tasks)
    }
}
