/// An incident of format v1, decoded and resolved: every time is an instant with its offset.
public struct Incident: Sendable, Equatable {
    public var title: String
    public var emoji: String?
    public var service: String
    public var severity: String?
    /// The zone as written, or nil when every time carries its own offset.
    public var zone: Zone?
    public var start: IncidentTime
    public var end: IncidentTime
    public var impact: Impact
    public var rootCause: String
    public var rootCauseDetail: String?
    public var resolution: String
    public var timeline: [Event]
    public var corrective: Corrective
    public var authors: [String]
    /// A one-line hook for the playful report's subtitle ("90 minutes of silence").
    public var tagline: String?
    /// A light remark drawn on by the playful report's opener; never invented by Hindsight.
    public var humor: String?
    /// Where each field was written (`title`, `timeline[2].at`, ...), for later diagnostics.
    public var locations: [String: SourceLocation]

    public init(title: String, emoji: String? = nil, service: String, severity: String? = nil, zone: Zone?,
                start: IncidentTime, end: IncidentTime, impact: Impact, rootCause: String,
                rootCauseDetail: String? = nil, resolution: String, timeline: [Event],
                corrective: Corrective, authors: [String] = [], tagline: String? = nil, humor: String? = nil,
                locations: [String: SourceLocation] = [:]) {
        self.title = title; self.emoji = emoji; self.service = service; self.severity = severity
        self.zone = zone; self.start = start; self.end = end; self.impact = impact
        self.rootCause = rootCause; self.rootCauseDetail = rootCauseDetail; self.resolution = resolution
        self.timeline = timeline; self.corrective = corrective; self.authors = authors
        self.tagline = tagline; self.humor = humor
        self.locations = locations
    }

    /// The zone name to show: as written, or `UTC+02:00` from the start's offset.
    public var zoneLabel: String {
        zone?.written ?? (start.offset == 0 ? "UTC" : "UTC" + Zone.offsetText(start.offset))
    }

    public var durationSeconds: Int64 { end.epoch - start.epoch }
    public var durationMinutes: Double { Double(durationSeconds) / 60 }

    /// Minutes from `start` to the first event of `kind`, if any.
    public func minutesToFirst(_ kind: EventKind) -> Double? {
        timeline.first { $0.kind == kind }.map { Double($0.at.epoch - start.epoch) / 60 }
    }
    public var timeToDetectMinutes: Double? { minutesToFirst(.detected) }
    public var timeToIdentifyMinutes: Double? { minutesToFirst(.identified) }
    public var timeToEscalateMinutes: Double? { minutesToFirst(.escalated) }
    public var timeToMitigateMinutes: Double? { minutesToFirst(.mitigated) }
    public var timeToResolveMinutes: Double? { minutesToFirst(.resolved) }
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
    public init(at: IncidentTime, kind: EventKind = .action, text: String, via: DetectionMethod? = nil, to: String? = nil) {
        self.at = at; self.kind = kind; self.text = text; self.via = via; self.to = to
    }
}

public struct Impact: Sendable, Equatable {
    public var summary: String
    public var usersAffectedPercent: Double
    public var services: [String]
    public var series: [ImpactSeries]
    public init(summary: String, usersAffectedPercent: Double, services: [String] = [], series: [ImpactSeries] = []) {
        self.summary = summary; self.usersAffectedPercent = usersAffectedPercent
        self.services = services; self.series = series
    }
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
