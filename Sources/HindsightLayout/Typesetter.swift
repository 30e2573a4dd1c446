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

    /// Shortens `s` until it measures at most `maxLines` lines at `wrap`, ending it in "…";
    /// says whether it cut. The styles of the characters kept stay on them.
    ///
    /// It cuts after the last whole word (at a space) that fits; when not even the first word
    /// fits (a long URL, or 20,000 characters without a space), inside that word. The work is
    /// bounded whatever the length: a text longer than `maxLines` lines could hold (at 0.15 em
    /// a character, narrower than any letter) is first cut to that many characters, so every
    /// measurement is of a bounded text and a binary search needs O(log n) of them.
    public func fit(_ s: StyledText, font f: FontSpec, wrap: Double, maxLines: Int) -> (StyledText, Bool) {
        func fits(_ t: StyledText) -> Bool {
            measurer.measure(t.text, styles: t.styles, font: f, wrapWidth: wrap, align: .left).lineCount <= maxLines
        }
        let limit = Self.characterLimit(font: f, wrap: wrap, maxLines: maxLines)
        let cut = s.text.index(s.text.startIndex, offsetBy: limit, limitedBy: s.text.endIndex)
        let text = cut.map { s.text[..<$0] } ?? s.text[...]
        if cut == nil || cut == s.text.endIndex, fits(s) { return (s, false) }
        func prefix(_ end: String.Index) -> StyledText {
            let kept = String(text[..<end])
            return StyledText(kept + "…", styles: s.stylesClipped(to: kept.utf8.count))
        }
        /// The last of `ends` whose prefix fits (`ends` in increasing order), by binary search.
        func lastFitting(_ ends: [String.Index]) -> String.Index? {
            var lo = -1, hi = ends.count - 1
            while lo < hi {
                let mid = (lo + hi + 1) / 2
                if fits(prefix(ends[mid])) { lo = mid } else { hi = mid - 1 }
            }
            return lo >= 0 ? ends[lo] : nil
        }
        let wordEnds = text.indices.filter { text[$0] == " " && $0 > text.startIndex } + [text.endIndex]
        if let end = lastFitting(wordEnds) { return (prefix(end), true) }
        // Not even the first word fits: cut inside it, keeping at least one character.
        let firstWord = text[..<wordEnds[0]]
        let characterEnds = Array(firstWord.indices.dropFirst()) + [firstWord.endIndex]
        return (prefix(lastFitting(characterEnds) ?? characterEnds[0]), true)
    }

    /// `fit` for plain text.
    public func fit(_ s: String, font f: FontSpec, wrap: Double, maxLines: Int) -> (String, Bool) {
        let (t, cut) = fit(StyledText(s), font: f, wrap: wrap, maxLines: maxLines)
        return (t.text, cut)
    }

    /// More characters than `maxLines` lines of `wrap` px can hold in font `f`.
    public static func characterLimit(font f: FontSpec, wrap: Double, maxLines: Int) -> Int {
        let perLine = (max(wrap, 1) / max(f.size * 0.15, 0.1)).rounded(.up)
        return Int(min(perLine * Double(max(maxLines, 1)), 1e6)) + 1
    }
}

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
