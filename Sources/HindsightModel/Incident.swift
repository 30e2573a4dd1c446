/// An incident of format v1, decoded and resolved: every time is an instant with its offset.
///
/// An incident may be partial (a draft, or a postmortem that leaves things out): what the
/// author did not write is nil, never a placeholder. The loaders guarantee one thing to draw
/// by: a `start` or at least one timeline event.
public struct Incident: Sendable, Equatable {
    /// nil when the postmortem has no title; figures and reports show `displayTitle`.
    public var title: String?
    public var emoji: String?
    public var service: String?
    public var severity: String?
    /// The zone as written, or nil when every time carries its own offset.
    public var zone: Zone?
    /// When the outage began and ended; nil when not written.
    public var start: IncidentTime?
    public var end: IncidentTime?
    public var impact: Impact
    public var rootCause: String?
    public var rootCauseDetail: String?
    public var resolution: String?
    public var timeline: [Event]
    /// nil when the postmortem has no corrective measures at all.
    public var corrective: Corrective?
    public var authors: [String]
    /// A one-line hook for the playful report's subtitle ("90 minutes of silence").
    public var tagline: String?
    /// A light remark drawn on by the playful report's opener; never invented by Hindsight.
    public var humor: String?
    /// Where each field was written (`title`, `timeline[2].at`, ...), for later diagnostics.
    public var locations: [String: SourceLocation]
    /// False when the postmortem writes no calendar date at all: the times then sit on a
    /// stand-in date, and figures and reports show clock times only (`windowText`).
    public var dateKnown: Bool

    public init(title: String?, emoji: String? = nil, service: String?, severity: String? = nil, zone: Zone?,
                start: IncidentTime?, end: IncidentTime?, impact: Impact, rootCause: String?,
                rootCauseDetail: String? = nil, resolution: String?, timeline: [Event],
                corrective: Corrective?, authors: [String] = [], tagline: String? = nil, humor: String? = nil,
                locations: [String: SourceLocation] = [:], dateKnown: Bool = true) {
        self.title = title; self.emoji = emoji; self.service = service; self.severity = severity
        self.zone = zone; self.start = start; self.end = end; self.impact = impact
        self.rootCause = rootCause; self.rootCauseDetail = rootCauseDetail; self.resolution = resolution
        self.timeline = timeline; self.corrective = corrective; self.authors = authors
        self.tagline = tagline; self.humor = humor
        self.locations = locations
        self.dateKnown = dateKnown
    }

    /// The title to show: the one written, or "Untitled postmortem".
    public var displayTitle: String { title ?? Self.untitledTitle }
    public static let untitledTitle = "Untitled postmortem"

    /// The zone name to show: as written, or `UTC+02:00` from the first time's offset.
    public var zoneLabel: String {
        let offset = windowStart.offset
        return zone?.written ?? (offset == 0 ? "UTC" : "UTC" + Zone.offsetText(offset))
    }

    /// There is something to place on a time axis: a start or a timeline event. Figures and
    /// reports need it (`LoadResult.drawable`); `export` does not.
    public var isDrawable: Bool { start != nil || !timeline.isEmpty }

    /// The first instant a figure shows: the start, or an event written before it (a draft
    /// may have one), or the first event when no start is written. Figures are drawn only for
    /// an incident that `isDrawable`.
    public var windowStart: IncidentTime {
        [start, timeline.first?.at].compactMap { $0 }.min() ?? end ?? IncidentTime(epoch: 0, offset: 0, syntax: .clock(hour: 0, minute: 0, second: 0))
    }
    /// The last instant a figure shows: the end, else the last event, else the start.
    public var windowEnd: IncidentTime {
        let last = [end, timeline.last?.at].compactMap { $0 }.max() ?? windowStart
        return max(last, windowStart)
    }
    /// The start and the end were both written (the window is the outage, not the events).
    public var windowIsKnown: Bool { start != nil && end != nil }
    /// Seconds from `windowStart` to `windowEnd`.
    public var windowSeconds: Int64 { windowEnd.epoch - windowStart.epoch }
    /// The window spans more than one calendar day.
    public var windowIsMultiDay: Bool { windowStart.wall.dateText != windowEnd.wall.dateText }

    /// `time`'s date as shown: `2024-04-18`, or nothing when no date is written.
    public func dateText(_ time: IncidentTime) -> String? { dateKnown ? time.wall.dateText : nil }

    /// The outage window as one line: `2024-04-18 09:30–11:00 SAST`, `2024-04-18 23:30 –
    /// 2024-04-19 01:00 SAST`; an unknown start or end is said (`from 09:30 SAST, end not
    /// stated`), and no date is shown where none was written.
    public var windowText: String {
        func at(_ t: IncidentTime, dated: Bool) -> String {
            [dated ? dateText(t) : nil, t.wall.clockText].compactMap { $0 }.joined(separator: " ")
        }
        switch (start, end) {
        case let (s?, e?):
            let sameDay = s.wall.dateText == e.wall.dateText
            return sameDay ? "\(at(s, dated: true))–\(e.wall.clockText) \(zoneLabel)"
                           : "\(at(s, dated: true)) – \(at(e, dated: true)) \(zoneLabel)"
        case let (s?, nil):
            return "from \(at(s, dated: true)) \(zoneLabel), end not stated"
        case let (nil, e?):
            return "until \(at(e, dated: true)) \(zoneLabel), start not stated"
        case (nil, nil):
            return "\(at(windowStart, dated: true)) \(zoneLabel), start and end not stated"
        }
    }

    /// The outage's length; nil unless both its start and its end are known.
    public var durationSeconds: Int64? {
        guard let start, let end else { return nil }
        return end.epoch - start.epoch
    }
    public var durationMinutes: Double? { durationSeconds.map { Double($0) / 60 } }

    /// Minutes from `start` to the first event of `kind`, if both are known (a guessed event
    /// time gives no figure).
    public func minutesToFirst(_ kind: EventKind) -> Double? {
        guard let start, let e = timeline.first(where: { $0.kind == kind }), !e.timeGuessed else { return nil }
        return Double(e.at.epoch - start.epoch) / 60
    }
    public var timeToDetectMinutes: Double? { minutesToFirst(.detected) }
    public var timeToIdentifyMinutes: Double? { minutesToFirst(.identified) }
    public var timeToEscalateMinutes: Double? { minutesToFirst(.escalated) }
    public var timeToMitigateMinutes: Double? { minutesToFirst(.mitigated) }
    public var timeToResolveMinutes: Double? { minutesToFirst(.resolved) }

    /// The corrective tasks and improvements, empty when none are written.
    public var tasks: [CorrectiveTask] { corrective?.tasks ?? [] }
    public var improvements: [String] { corrective?.improvements ?? [] }

    /// The share of users as shown: `90%`, or "share of users not stated".
    public var usersAffectedText: String {
        impact.usersAffectedPercent.map { "\(JSONValue.format(($0 * 10).rounded() / 10))% of users affected" } ?? "share of users not stated"
    }
}

public enum EventKind: String, CaseIterable, Sendable {
    case detected, action, investigation, misleading, escalated, identified, mitigated, resolved, note
}

public enum DetectionMethod: String, CaseIterable, Sendable {
    case monitoring, engineer, customer, other
}

public struct Event: Sendable, Equatable {
    public var at: IncidentTime
    public var kind: EventKind
    public var text: String
    public var via: DetectionMethod?
    public var to: String?
    /// The author wrote no time for this event: the importer placed it (after the event
    /// before it, or at the start). Figures and reports mark such a time (`≈ 10:15`).
    public var timeGuessed: Bool
    public init(at: IncidentTime, kind: EventKind = .action, text: String, via: DetectionMethod? = nil, to: String? = nil,
                timeGuessed: Bool = false) {
        self.at = at; self.kind = kind; self.text = text; self.via = via; self.to = to; self.timeGuessed = timeGuessed
    }

    /// The mark put before a guessed time in figures and reports.
    public static let guessedTimeMark = "≈"
    /// `time` with the guessed-time mark when the time was guessed.
    public func marked(_ time: String) -> String { timeGuessed ? Self.guessedTimeMark + time : time }
}

public struct Impact: Sendable, Equatable {
    /// What users experienced; nil when not written.
    public var summary: String?
    /// nil when the share of users is not stated.
    public var usersAffectedPercent: Double?
    public var services: [String]
    public var series: [ImpactSeries]
    /// Each affected component's status over time (`impact.components`; a status page's
    /// `affected_components`), drawn as one band per component in the impact figure.
    public var components: [ComponentImpact]
    public init(summary: String?, usersAffectedPercent: Double?, services: [String] = [], series: [ImpactSeries] = [],
                components: [ComponentImpact] = []) {
        self.summary = summary; self.usersAffectedPercent = usersAffectedPercent
        self.services = services; self.series = series; self.components = components
    }
}

/// A component's status, in a status page's words.
public enum ComponentStatus: String, CaseIterable, Sendable, Comparable {
    case operational
    case degradedPerformance = "degraded_performance"
    case partialOutage = "partial_outage"
    case majorOutage = "major_outage"
    case underMaintenance = "under_maintenance"

    /// From fine to worst: maintenance is planned, so it counts as less than any degradation.
    public static let bySeverity: [ComponentStatus] = [.operational, .underMaintenance, .degradedPerformance, .partialOutage, .majorOutage]
    public static func < (a: Self, b: Self) -> Bool { bySeverity.firstIndex(of: a)! < bySeverity.firstIndex(of: b)! }

    /// `major outage`, as a sentence says it.
    public var words: String { rawValue.replacingOccurrences(of: "_", with: " ") }
}

/// One component's statuses over time: intervals in time order, none overlapping.
public struct ComponentImpact: Sendable, Equatable {
    public struct Interval: Sendable, Equatable {
        public var from: IncidentTime
        public var to: IncidentTime
        public var status: ComponentStatus
        public init(from: IncidentTime, to: IncidentTime, status: ComponentStatus) {
            self.from = from; self.to = to; self.status = status
        }
    }
    public var name: String
    public var intervals: [Interval]
    public init(name: String, intervals: [Interval]) { self.name = name; self.intervals = intervals }
}

public struct ImpactSeries: Sendable, Equatable {
    public struct Point: Sendable, Equatable {
        public var at: IncidentTime
        public var value: Double
        public init(at: IncidentTime, value: Double) { self.at = at; self.value = value }
    }
    public var name: String
    public var unit: String?
    public var points: [Point]
    public init(name: String, unit: String? = nil, points: [Point]) {
        self.name = name; self.unit = unit; self.points = points
    }
}

public struct Corrective: Sendable, Equatable {
    public var improvements: [String]
    public var tasks: [CorrectiveTask]
    public init(improvements: [String], tasks: [CorrectiveTask]) {
        self.improvements = improvements; self.tasks = tasks
    }
}

public struct CorrectiveTask: Sendable, Equatable {
    public var text: String
    public var owner: String?
    /// `YYYY-MM-DD`.
    public var due: String?
    public var done: Bool
    public init(text: String, owner: String? = nil, due: String? = nil, done: Bool = false) {
        self.text = text; self.owner = owner; self.due = due; self.done = done
    }
}
