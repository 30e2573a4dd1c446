// The scene: a figure, or a page of a report, as plain values. Layout produces it, tests inspect it, and the renderer
// (the only code that calls cairo and pango) draws it to PNG, SVG and PDF. Units are logical
// pixels, origin top-left, y down.

public struct Point: Hashable, Sendable, Codable {
    public var x: Double
    public var y: Double
    public init(_ x: Double, _ y: Double) { self.x = x; self.y = y }
}

public struct Rect: Hashable, Sendable, Codable {
    public var x: Double
    public var y: Double
    public var w: Double
    public var h: Double
    public init(x: Double, y: Double, w: Double, h: Double) {
        self.x = x; self.y = y; self.w = w; self.h = h
    }
    public var minX: Double { x }
    public var minY: Double { y }
    public var maxX: Double { x + w }
    public var maxY: Double { y + h }
    public var midX: Double { x + w / 2 }
    public var midY: Double { y + h / 2 }

    /// True when the interiors overlap (touching edges do not count).
    public func intersects(_ o: Rect) -> Bool {
        minX < o.maxX && o.minX < maxX && minY < o.maxY && o.minY < maxY
    }
    /// True when `o` lies inside this rect (edges included).
    public func contains(_ o: Rect) -> Bool {
        o.minX >= minX && o.maxX <= maxX && o.minY >= minY && o.maxY <= maxY
    }
    public func union(_ o: Rect) -> Rect {
        let x0 = Swift.min(minX, o.minX), y0 = Swift.min(minY, o.minY)
        return Rect(x: x0, y: y0, w: Swift.max(maxX, o.maxX) - x0, h: Swift.max(maxY, o.maxY) - y0)
    }
    public func insetBy(_ d: Double) -> Rect { Rect(x: x + d, y: y + d, w: w - 2 * d, h: h - 2 * d) }
    public func offsetBy(dx: Double, dy: Double) -> Rect { Rect(x: x + dx, y: y + dy, w: w, h: h) }
}

/// A straight (non-premultiplied) sRGB colour, components 0...1.
public struct RGBA: Hashable, Sendable, Codable {
    public var r: Double
    public var g: Double
    public var b: Double
    public var a: Double
    public init(r: Double, g: Double, b: Double, a: Double = 1) {
        self.r = r; self.g = g; self.b = b; self.a = a
    }
    /// `#rgb`, `#rrggbb` or `#rrggbbaa`; nil when malformed.
    public init?(hex: String) {
        var s = Substring(hex)
        if s.hasPrefix("#") { s = s.dropFirst() }
        if s.count == 3 { s = Substring(s.map { "\($0)\($0)" }.joined()) }
        guard s.count == 6 || s.count == 8, let v = UInt64(s, radix: 16) else { return nil }
        let n = s.count == 6 ? (v << 8) | 0xFF : v
        r = Double((n >> 24) & 0xFF) / 255
        g = Double((n >> 16) & 0xFF) / 255
        b = Double((n >> 8) & 0xFF) / 255
        a = Double(n & 0xFF) / 255
    }

    /// `#rrggbb` in lower case; alpha is left out.
    public var hexRGB: String {
        func byte(_ v: Double) -> String {
            let s = String(Int((min(max(v, 0), 1) * 255).rounded()), radix: 16)
            return s.count == 1 ? "0" + s : s
        }
        return "#" + byte(r) + byte(g) + byte(b)
    }
    public func withAlpha(_ a: Double) -> RGBA { RGBA(r: r, g: g, b: b, a: a) }
}

public enum FontWeight: Int, Hashable, Sendable, Codable {
    case regular = 400, medium = 500, semibold = 600, bold = 700
}

public struct FontSpec: Hashable, Sendable, Codable {
    public var family: String
    public var size: Double
    public var weight: FontWeight
    public var italic: Bool
    public init(family: String = "Inter", size: Double, weight: FontWeight = .regular, italic: Bool = false) {
        self.family = family; self.size = size; self.weight = weight; self.italic = italic
    }
}

public enum TextAlign: String, Hashable, Sendable, Codable { case left, center, right }

/// What a text measurer reports for one (possibly wrapped) block of text.
/// `width`/`height` are the logical extents of the whole block; `ink` is the inked area,
/// relative to the block's top-left corner (it can stick out of the logical box).
public struct TextMetrics: Hashable, Sendable, Codable {
    public var width: Double
    public var height: Double
    public var ink: Rect
    public var lineCount: Int
    /// Distance from the top of the block to the first line's baseline.
    public var baseline: Double
    public init(width: Double, height: Double, ink: Rect, lineCount: Int, baseline: Double) {
        self.width = width; self.height = height; self.ink = ink
        self.lineCount = lineCount; self.baseline = baseline
    }
}

/// Text measurement is asked of the backend, because only its shaper knows the answer.
/// Implementations must be deterministic and must agree exactly with how the renderer draws
/// a `TextRun` with the same text, font, wrap width and alignment.
public protocol TextMeasurer {
    func measure(_ text: String, font: FontSpec, wrapWidth: Double?, align: TextAlign) -> TextMetrics
    /// The same, with inline styles (bold, italic, code, link) on parts of the text.
    func measure(_ text: String, styles: [StyledRange], font: FontSpec, wrapWidth: Double?, align: TextAlign) -> TextMetrics
}

extension TextMeasurer {
    /// Measurers that know no styles measure the plain text.
    public func measure(_ text: String, styles: [StyledRange], font: FontSpec, wrapWidth: Double?, align: TextAlign) -> TextMetrics {
        measure(text, font: font, wrapWidth: wrapWidth, align: align)
    }
}

/// The role of a text in the figure, as reported by `--layout-json`.
public enum TextRole: String, Hashable, Sendable, Codable {
    case title, subtitle, tick, label, time, legend, annotation, value, other
    /// The name of a component beside its status band (impact figure).
    case component

    /// The role `--layout-json` reports: one of the contract's roles (`spec/cli.md`: title,
    /// subtitle, tick, label, time, legend, annotation, value, other). A component's name is
    /// `other` there; the scene keeps it apart for tests and checks.
    public var reported: TextRole { self == .component ? .other : self }
}

public struct TextRun: Hashable, Sendable {
    public var text: String
    public var font: FontSpec
    public var color: RGBA
    /// Top-left of the logical layout box.
    public var origin: Point
    /// When set, the text is wrapped (at word boundaries, by pango) to this width.
    public var wrapWidth: Double?
    public var align: TextAlign
    public var metrics: TextMetrics
    public var role: TextRole
    /// Indices (0-based, input order) of the timeline events this text stands for.
    public var events: [Int]
    /// Inline Markdown styles on parts of `text` (UTF-8 byte ranges); `metrics` include them.
    public var styles: [StyledRange]

    public init(text: String, font: FontSpec, color: RGBA, origin: Point, wrapWidth: Double? = nil,
                align: TextAlign = .left, metrics: TextMetrics, role: TextRole, events: [Int] = [],
                styles: [StyledRange] = []) {
        self.text = text; self.font = font; self.color = color; self.origin = origin
        self.wrapWidth = wrapWidth; self.align = align; self.metrics = metrics
        self.role = role; self.events = events; self.styles = styles
    }

    /// The logical box on the canvas.
    public var box: Rect { Rect(x: origin.x, y: origin.y, w: metrics.width, h: metrics.height) }
    /// The inked box on the canvas.
    public var inkBox: Rect { metrics.ink.offsetBy(dx: origin.x, dy: origin.y) }
    /// Everything the text can touch: logical box and ink together. Layout keeps these apart.
    public var extent: Rect { box.union(inkBox) }
}

public struct Paint: Hashable, Sendable {
    public var fill: RGBA?
    public var stroke: RGBA?
    public var lineWidth: Double
    /// Dash pattern in logical px; empty = solid.
    public var dash: [Double]
    /// Round line ends and corners (a tick drawn with a pen); square ends and mitred corners
    /// otherwise.
    public var round: Bool
    public init(fill: RGBA? = nil, stroke: RGBA? = nil, lineWidth: Double = 1, dash: [Double] = [], round: Bool = false) {
        self.fill = fill; self.stroke = stroke; self.lineWidth = lineWidth; self.dash = dash; self.round = round
    }
}

public enum Shape: Hashable, Sendable {
    case rect(Rect, cornerRadius: Double)
    case circle(center: Point, radius: Double)
    /// Closed polygon.
    case polygon([Point])
    /// Open polyline (stroke only; a fill is ignored).
    case polyline([Point])
}

public enum SceneItem: Hashable, Sendable {
    case shape(Shape, Paint)
    case text(TextRun)
    /// Lines of a paragraph (a report page's text).
    case paragraph(ParagraphRun)
    /// Another scene (a figure on a report page) on its own background, scaled to fill `frame`
    /// and clipped to it.
    case scene(Scene, frame: Rect)
}

public struct Scene: Hashable, Sendable {
    /// `timeline`, `impact` or `card`; `page` for a page of a report.
    public var figure: String
    public var width: Double
    public var height: Double
    public var background: RGBA
    /// Drawn in order.
    public var items: [SceneItem]
    /// A description of the figure for screen readers and reports.
    public var alt: String
    /// Number of timeline events the figure stands for.
    public var eventCount: Int
    /// Document title (PDF metadata, SVG <title>).
    public var title: String
    /// A timeline's axis and markers, as `--layout-json` records them.
    public var chart: ChartGeometry?
    /// Outline entries on this scene as a page of a document (a report's headings).
    public var outline: [OutlineEntry]

    public init(figure: String, width: Double, height: Double, background: RGBA,
                items: [SceneItem] = [], alt: String = "", eventCount: Int = 0, title: String = "",
                chart: ChartGeometry? = nil, outline: [OutlineEntry] = []) {
        self.figure = figure; self.width = width; self.height = height
        self.background = background; self.items = items; self.alt = alt
        self.eventCount = eventCount; self.title = title; self.chart = chart; self.outline = outline
    }

    /// The figure this scene draws, when it is one of Hindsight's own.
    public var kind: Figure? { Figure(rawValue: figure) }

    public var texts: [TextRun] {
        items.compactMap { if case .text(let t) = $0 { return t } else { return nil } }
    }
    public var canvas: Rect { Rect(x: 0, y: 0, w: width, h: height) }
}

/// Where a timeline put its time axis and its event markers: the time-to-pixel mapping of each
/// unbroken stretch of the axis, and each marker's centre.
public struct ChartGeometry: Hashable, Sendable {
    public enum Orientation: String, Hashable, Sendable { case horizontal, vertical }

    public struct Segment: Hashable, Sendable {
        /// ISO 8601 with offset.
        public var from: String
        public var to: String
        public var start: Double
        public var end: Double
    }

    public struct Marker: Hashable, Sendable {
        public var event: Int
        /// ISO 8601 with offset.
        public var time: String
        public var center: Point
    }

    public var orientation: Orientation
    public var segments: [Segment]
    public var markers: [Marker]

    public init(orientation: Orientation, segments: [Segment], markers: [Marker]) {
        self.orientation = orientation; self.segments = segments; self.markers = markers
    }
}
