import HindsightModel

/// The figures Hindsight draws.
public enum Figure: String, CaseIterable, Sendable, Codable {
    case timeline, impact, card

    /// Lays out this figure for an incident.
    public func scene(_ incident: Incident, theme: Theme, measurer: any TextMeasurer, width: Double? = nil) -> Scene {
        switch self {
        case .timeline: return TimelineLayout(measurer: measurer, width: width ?? 800, theme: theme).layout(incident)
        case .impact: return ImpactLayout(measurer: measurer, width: width.map { min(max($0, 480), 2400) } ?? 800, theme: theme).layout(incident)
        case .card: return CardLayout(measurer: measurer, theme: theme).layout(incident)
        }
    }
}
