import HindsightModel

/// Makes measured text runs in one font family; shared by every figure layout.
public struct Typesetter {
    public let measurer: any TextMeasurer
    public let family: String

    public init(measurer: any TextMeasurer, family: String) { self.measurer = measurer; self.family = family }

    public func run(_ s: String, size: Double, weight: FontWeight = .regular, italic: Bool = false, color: RGBA,
                    at p: Point, wrap: Double? = nil, align: TextAlign = .left, role: TextRole, events: [Int] = [],
                    styles: [StyledRange] = []) -> TextRun {
        let f = FontSpec(family: family, size: size, weight: weight, italic: italic)
        let m = measurer.measure(s, styles: styles, font: f, wrapWidth: wrap, align: align)
        return TextRun(text: s, font: f, color: color, origin: p, wrapWidth: wrap, align: align, metrics: m, role: role,
                       events: events, styles: styles)
    }

    /// `fit` for styled text: the styles of the words kept stay on them.
    public func fit(_ s: StyledText, font f: FontSpec, wrap: Double, maxLines: Int) -> (StyledText, Bool) {
        if measurer.measure(s.text, styles: s.styles, font: f, wrapWidth: wrap, align: .left).lineCount <= maxLines { return (s, false) }
        let words = s.text.split(separator: " ", omittingEmptySubsequences: false).map(String.init)
        func prefix(_ count: Int) -> StyledText {
            let kept = words[0..<count].joined(separator: " ")
            return StyledText(kept + "…", styles: s.stylesClipped(to: kept.utf8.count))
        }
        var lo = 0, hi = words.count
        while lo < hi { // the largest word count that fits with an ellipsis
            let mid = (lo + hi + 1) / 2
            let t = prefix(mid)
            if measurer.measure(t.text, styles: t.styles, font: f, wrapWidth: wrap, align: .left).lineCount <= maxLines { lo = mid } else { hi = mid - 1 }
        }
        return (prefix(max(lo, 1)), true)
    }

    /// Shortens `s` word by word until it measures at most `maxLines` lines; says whether it cut.
    public func fit(_ s: String, font f: FontSpec, wrap: Double, maxLines: Int) -> (String, Bool) {
        if measurer.measure(s, font: f, wrapWidth: wrap, align: .left).lineCount <= maxLines { return (s, false) }
        let words = s.split(separator: " ", omittingEmptySubsequences: false).map(String.init)
        var lo = 0, hi = words.count
        while lo < hi { // the largest word count that fits with an ellipsis
            let mid = (lo + hi + 1) / 2
            let t = words[0..<mid].joined(separator: " ") + "…"
            if measurer.measure(t, font: f, wrapWidth: wrap, align: .left).lineCount <= maxLines { lo = mid } else { hi = mid - 1 }
        }
        return (words[0..<max(lo, 1)].joined(separator: " ") + "…", true)
    }
}

/// The figures Hindsight draws.
public enum Figure: String, CaseIterable, Sendable {
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
