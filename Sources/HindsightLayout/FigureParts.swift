import HindsightModel

// Pieces every figure shares: the measure → place text API, the header, the metrics line and
// the kind legend. Each builder returns its items and the y where it ends.

/// Items of a built piece of a figure and the y where it ends.
public struct Built {
    public var items: [SceneItem]
    public var bottom: Double
    public init(items: [SceneItem] = [], bottom: Double) { self.items = items; self.bottom = bottom }
}

/// Shapes and texts of a piece of a figure (a figure draws all its texts over all its shapes)
/// and the y where the piece ends.
public struct Layers {
    public var shapes: [SceneItem] = []
    public var texts: [SceneItem] = []
    public var bottom: Double
    public init(shapes: [SceneItem] = [], texts: [SceneItem] = [], bottom: Double) {
        self.shapes = shapes; self.texts = texts; self.bottom = bottom
    }

    /// `next` below this piece: its items after these, its bottom the new bottom.
    public mutating func add(_ next: Layers) {
        shapes += next.shapes; texts += next.texts; bottom = next.bottom
    }
}

extension Typesetter {
    /// Measures a text, not yet placed: `placed(at:)` (or `placed(right:top:)`, …) puts it on
    /// the canvas. Measuring first lets a layout decide where a text goes from its size.
    public func measure(_ s: String, size: Double, weight: FontWeight = .regular, italic: Bool = false, color: RGBA,
                        wrap: Double? = nil, align: TextAlign = .left, role: TextRole, events: [Int] = [],
                        styles: [StyledRange] = []) -> TextRun {
        run(s, size: size, weight: weight, italic: italic, color: color, at: Point(0, 0), wrap: wrap, align: align,
            role: role, events: events, styles: styles)
    }
}

extension TextRun {
    /// This text with its logical box's top-left corner at `p`.
    public func placed(at p: Point) -> TextRun { var t = self; t.origin = p; return t }
    /// This text with its logical box's right edge at `right`.
    public func placed(right: Double, top: Double) -> TextRun { placed(at: Point(right - metrics.width, top)) }
    /// This text centred on `centerX`.
    public func placed(centerX: Double, top: Double) -> TextRun { placed(at: Point(centerX - metrics.width / 2, top)) }
    /// This text centred on `centerX`, moved inside `minX...maxX` when it would stick out.
    public func placed(centerX: Double, top: Double, within minX: Double, _ maxX: Double) -> TextRun {
        placed(at: Point(Swift.min(Swift.max(centerX - metrics.width / 2, minX), maxX - metrics.width), top))
    }
}

/// The words figures use for an incident.
public enum IncidentText {
    /// `emoji title`.
    public static func title(_ i: Incident) -> String {
        [i.emoji, BidiText.isolate(MarkdownText.plain(i.displayTitle))].compactMap { $0 }.joined(separator: " ")
    }

    /// The derived durations, in the order a reader asks for them.
    public static func metrics(_ i: Incident) -> [(name: String, minutes: Double)] {
        let all: [(String, Double?)] = [
            ("detect", i.timeToDetectMinutes), ("identify", i.timeToIdentifyMinutes),
            ("mitigate", i.timeToMitigateMinutes), ("resolve", i.timeToResolveMinutes),
        ]
        return all.compactMap { m in m.1.map { (name: m.0, minutes: $0) } }
    }

    /// "Time to detect 0 min  ·  to identify 60 min …", or nil when no event gives one.
    public static func metricsLine(_ i: Incident) -> String? {
        let parts = metrics(i).map { "to \($0.name) \(DurationText.format(minutes: $0.minutes))" }
        return parts.isEmpty ? nil : "Time " + parts.joined(separator: "  ·  ")
    }
}

/// The header of a figure: the title, then a subtitle line of details.
public struct FigureHeader {
    public enum Detail { case service, severity, window, duration, usersAffected }

    public var titlePrefix: String?
    public var details: [Detail]
    public var titleSize: Double
    public var subtitleSize: Double

    public init(titlePrefix: String? = nil, details: [Detail], titleSize: Double = 20, subtitleSize: Double = 13) {
        self.titlePrefix = titlePrefix; self.details = details; self.titleSize = titleSize; self.subtitleSize = subtitleSize
    }

    public func subtitle(_ i: Incident) -> String {
        details.compactMap { d -> String? in
            switch d {
            case .service: return i.service.map { BidiText.isolate(MarkdownText.plain($0)) }
            case .severity: return i.severity.map { BidiText.isolate(MarkdownText.plain($0)) }
            case .window: return i.windowText
            case .duration: return i.durationMinutes.map { DurationText.format(minutes: $0) }
            case .usersAffected: return i.usersAffectedText
            }
        }.joined(separator: "  ·  ")
    }

    public func build(_ i: Incident, typesetter ts: Typesetter, theme: Theme, x: Double, top: Double, width: Double) -> Built {
        let titleText = [i.emoji, (titlePrefix ?? "") + BidiText.isolate(MarkdownText.plain(i.displayTitle))].compactMap { $0 }.joined(separator: " ")
        let title = ts.measure(titleText, size: titleSize, weight: .bold, color: theme.text, wrap: width, role: .title)
            .placed(at: Point(x, top))
        let sub = ts.measure(subtitle(i), size: subtitleSize, color: theme.mutedText, wrap: width, role: .subtitle)
            .placed(at: Point(x, title.extent.maxY + 5))
        return Built(items: [.text(title), .text(sub)], bottom: sub.extent.maxY)
    }
}

/// Legend entries laid out left to right from (x, y), wrapping before `maxX`.
public struct LegendBuilder {
    public enum Swatch { case marker(EventKind), band(RGBA) }
    public var size: Double = 11

    public init(size: Double = 11) { self.size = size }

    /// An entry without a swatch is a plain label (the zone of the times).
    public func build(_ entries: [(Swatch?, String)], typesetter ts: Typesetter, theme: Theme, x: Double, y: Double, maxX: Double) -> Built {
        var items: [SceneItem] = []
        var cx = x, cy = y, rowBottom = y
        for (swatch, name) in entries {
            let label = ts.measure(name, size: size, color: theme.mutedText, role: .legend)
            let inset = swatch == nil ? 0.0 : 17
            let w = inset + 1 + label.metrics.width
            if cx + w > maxX, cx > x { cx = x; cy = rowBottom + 5 }
            let placed = label.placed(at: Point(cx + inset, cy))
            let mid = cy + label.metrics.height / 2
            switch swatch {
            case .marker(let k)?: items.append(TimelineLayout.marker(k, at: Point(cx + 6, mid), size: 5.5, theme: theme))
            case .band(let c)?:
                items.append(.shape(.rect(Rect(x: cx, y: mid - 6, w: 12, h: 12), cornerRadius: 2), Paint(fill: c, stroke: theme.grid, lineWidth: 1)))
            case nil: break
            }
            items.append(.text(placed))
            rowBottom = max(rowBottom, placed.extent.maxY)
            cx += w + 16
        }
        return Built(items: items, bottom: rowBottom)
    }
}
