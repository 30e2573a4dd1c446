import CCairo
import Foundation
import HindsightLayout

/// A pango font map and context set up so that text shapes identically for every output:
/// no hinting, no hinted metrics, unrounded (sub-pixel) glyph positions, an identity matrix
/// and a fixed language (pango would otherwise take it from the locale, which changes font
/// fallback and line breaking).
///
/// The measurer and the renderer both lay text out through `layout(_:font:wrapWidth:align:)`,
/// which is why measured boxes and drawn text agree exactly: the renderer draws the very
/// layout it measured, whatever the surface type or scale.
///
/// Not thread-safe. Instances are handed to one thread at a time by `ShaperPool`.
final class TextShaper: @unchecked Sendable {
    // @unchecked: the pool gives an instance to one thread at a time (the hand-over happens
    // under the pool's lock), which is all pango asks of its objects.
    /// Held only to release our reference; the context keeps its own.
    private let fontMap: GObjectRef
    private let context: GObjectRef
    /// Glyph outlines and images for `SVGWriter`, by font and glyph.
    var glyphShapes: [GlyphKey: GlyphShape] = [:]
    /// A context for turning glyphs into paths (`SVGWriter`); created on first use.
    private(set) lazy var scratch: CairoContext = {
        // A 1×1 image is the cheapest surface; nothing is ever drawn on it.
        let surface = try! CairoSurface(taking: cairo_image_surface_create(CAIRO_FORMAT_A8, 1, 1), operation: "create a scratch surface")
        return try! CairoContext(surface)
    }()

    /// Call `FontSetup.configure()` first: the font map reads fontconfig's current configuration.
    init() {
        let map = pango_cairo_font_map_new()!
        fontMap = GObjectRef(taking: OpaquePointer(map))
        context = GObjectRef(taking: pango_font_map_create_context(map))

        let options = cairo_font_options_create()
        defer { cairo_font_options_destroy(options) }
        cairo_font_options_set_hint_style(options, CAIRO_HINT_STYLE_NONE)
        cairo_font_options_set_hint_metrics(options, CAIRO_HINT_METRICS_OFF)
        pango_cairo_context_set_font_options(context.pointer, options)
        pango_context_set_round_glyph_positions(context.pointer, 0)
        pango_context_set_language(context.pointer, pango_language_from_string("en"))
    }

    /// Recently shaped texts: a run measured by the layout is drawn from the same pango
    /// layout instead of being shaped again. Emptied when it reaches `shapedLimit` entries.
    private var shaped: [TextKey: ShapedText] = [:]
    private static let shapedLimit = 512

    /// The font this shaper's map loads for one family alone (no fallback chain).
    func font(family: String, size: Double, weight: Int = 400, italic: Bool = false) -> GObjectRef? {
        let description = Self.description(families: family, size: size, weight: weight, italic: italic)
        defer { pango_font_description_free(description) }
        return pango_font_map_load_font(UnsafeMutablePointer(fontMap.pointer), context.pointer, description).map { GObjectRef(taking: OpaquePointer($0)) }
    }

    /// A pango font description (the caller frees it): `families` a comma-separated list,
    /// `size` in px.
    private static func description(families: String, size: Double, weight: Int, italic: Bool) -> OpaquePointer {
        let description = pango_font_description_new()!
        pango_font_description_set_family(description, families)
        pango_font_description_set_absolute_size(description, size * Double(PANGO_SCALE))
        pango_font_description_set_weight(description, PangoWeight(rawValue: UInt32(weight)))
        pango_font_description_set_style(description, italic ? PANGO_STYLE_ITALIC : PANGO_STYLE_NORMAL)
        return description
    }

    /// `layout(...)` remembered: the same arguments give the same (shared) layout, which the
    /// caller must not change. For measuring and drawing runs.
    func sharedLayout(_ text: String, font: FontSpec, wrapWidth: Double?, align: TextAlign, styles: [StyledRange] = []) -> ShapedText {
        let key = TextKey(text: text, font: font, wrapWidth: wrapWidth, align: align, styles: styles)
        if let known = shaped[key] { return known }
        let result = layout(text, font: font, wrapWidth: wrapWidth, align: align, styles: styles)
        if shaped.count >= Self.shapedLimit { shaped.removeAll(keepingCapacity: true) }
        shaped[key] = result
        return result
    }

    /// Paragraphs laid out on this shaper, by value: a report's are measured while its pages
    /// are laid out and drawn when they are painted, from the same layouts.
    private var paragraphs: [Paragraph: ParagraphLayout] = [:]

    /// The paragraph laid out (cached like `sharedLayout`).
    func paragraph(_ paragraph: Paragraph) -> ParagraphLayout {
        if let known = paragraphs[paragraph] { return known }
        let result = ParagraphLayout(paragraph, shaper: self)
        if paragraphs.count >= Self.shapedLimit { paragraphs.removeAll(keepingCapacity: true) }
        paragraphs[paragraph] = result
        return result
    }

    /// Shapes `text` as a `TextRun` with these settings is drawn: a new layout, which the
    /// caller may change.
    func layout(_ text: String, font: FontSpec, wrapWidth: Double?, align: TextAlign, styles: [StyledRange] = []) -> ShapedText {
        let layout = GObjectRef(taking: pango_layout_new(context.pointer))

        let description = Self.description(families: ([font.family] + FontSetup.fallbackFamilies).joined(separator: ","),
                                           size: font.size, weight: font.weight.rawValue, italic: font.italic)
        defer { pango_font_description_free(description) }
        pango_layout_set_font_description(layout.pointer, description)

        var text = text, styles = styles
        if let wrapWidth {
            pango_layout_set_width(layout.pointer, pango_units_from_double(wrapWidth))
            pango_layout_set_wrap(layout.pointer, PANGO_WRAP_WORD_CHAR)
            (text, styles) = Self.breakingLongRuns(text, styles: styles)
        }
        let alignment = switch align {
            case .left: PANGO_ALIGN_LEFT
            case .center: PANGO_ALIGN_CENTER
            case .right: PANGO_ALIGN_RIGHT
        }
        pango_layout_set_alignment(layout.pointer, alignment)
        text.withUTF8 { bytes in
            bytes.withMemoryRebound(to: CChar.self) {
                pango_layout_set_text(layout.pointer, $0.baseAddress, Int32($0.count))
            }
        }
        apply(styles, to: layout.pointer, font: font, byteCount: text.utf8.count)
        return ShapedText(layout)
    }

    /// The most characters pango is given without a break opportunity in wrapped text.
    static let longestUnbrokenRun = 200

    /// `text` with a ZERO WIDTH SPACE (a break opportunity that draws nothing) after every
    /// `longestUnbrokenRun` characters that hold no space, styles moved along.
    ///
    /// Pango breaks a word too long for its line character by character, shaping the rest of
    /// the word again for every line: 20,000 characters without a space took seconds,
    /// growing with the square of the length. Cut into runs of at most 200 characters, the
    /// work grows linearly. Words and URLs shorter than that wrap exactly as before.
    static func breakingLongRuns(_ text: String, styles: [StyledRange]) -> (String, [StyledRange]) {
        guard text.utf8.count > longestUnbrokenRun else { return (text, styles) }
        var breaker = RunBreaker()
        let (out, inserted) = breaker.breaking(text)
        guard !inserted.isEmpty else { return (text, styles) }
        // A style starting at an insertion starts after the U+200B; one ending there, before it.
        func moved(_ byte: Int, endingHere: Bool) -> Int {
            var lo = 0, hi = inserted.count  // insertions before `byte` (or at it, for a start)
            while lo < hi {
                let mid = (lo + hi) / 2
                if inserted[mid] < byte || (!endingHere && inserted[mid] == byte) { lo = mid + 1 } else { hi = mid }
            }
            return byte + 3 * lo
        }
        return (out, styles.map { StyledRange(start: moved($0.start, endingHere: false), end: moved($0.end, endingHere: true), style: $0.style) })
    }

    /// OpenType features for all text: Inter's contextual alternates are off, because they
    /// turn the `x` of `0x19` or `1920x1080` into `×` and change what technical text says.
    static let fontFeatures = "calt=0"
    /// The same for pango markup: wrap a paragraph's markup in this span.
    static let featuresSpan = (open: "<span font_features=\"\(fontFeatures)\">", close: "</span>")

    /// Inline styles as pango attributes on byte ranges (never markup, so no text is parsed),
    /// over the font features every text gets.
    /// Bold steps the weight up from the run's own; italic flips the run's slant (emphasis in
    /// an italic text reads upright); code is DejaVu Sans Mono; a link is underlined.
    private func apply(_ styles: [StyledRange], to layout: OpaquePointer, font: FontSpec, byteCount: Int) {
        let list = pango_attr_list_new()!
        defer { pango_attr_list_unref(list) }
        pango_attr_list_insert(list, pango_attr_font_features_new(Self.fontFeatures))
        func add(_ attribute: UnsafeMutablePointer<PangoAttribute>?, _ r: StyledRange) {
            guard let attribute else { return }
            attribute.pointee.start_index = UInt32(clamping: min(max(r.start, 0), byteCount))
            attribute.pointee.end_index = UInt32(clamping: min(max(r.end, 0), byteCount))
            pango_attr_list_insert(list, attribute)
        }
        for r in styles where r.start < r.end {
            if r.style.contains(.bold) {
                let weight = font.weight.rawValue >= FontWeight.semibold.rawValue ? 900 : 700
                add(pango_attr_weight_new(PangoWeight(rawValue: UInt32(weight))), r)
            }
            if r.style.contains(.italic) {
                add(pango_attr_style_new(font.italic ? PANGO_STYLE_NORMAL : PANGO_STYLE_ITALIC), r)
            }
            if r.style.contains(.code) {
                add(pango_attr_family_new((["DejaVu Sans Mono"] + FontSetup.fallbackFamilies).joined(separator: ",")), r)
                add(pango_attr_size_new_absolute(Int32(font.size * 0.92 * Double(PANGO_SCALE))), r)
            }
            if r.style.contains(.link) {
                add(pango_attr_underline_new(PANGO_UNDERLINE_SINGLE), r)
            }
        }
        pango_layout_set_attributes(layout, list)
    }
}

/// Adds a break opportunity (U+200B ZERO WIDTH SPACE) after every
/// `TextShaper.longestUnbrokenRun` characters without white space, across the texts it is
/// given in order (a paragraph's pieces).
struct RunBreaker {
    /// Characters since the last white space or break.
    private var run = 0

    /// `text` with the breaks, and the byte offsets in `text` before which one went.
    mutating func breaking(_ text: String) -> (String, [Int]) {
        var out = ""
        var inserted: [Int] = []
        var offset = 0
        for c in text {
            if c.isWhitespace || c == "\u{200B}" { run = 0 } else {
                if run == TextShaper.longestUnbrokenRun { out.append("\u{200B}"); inserted.append(offset); run = 0 }
                run += 1
            }
            out.append(c)
            offset += c.utf8.count
        }
        return (inserted.isEmpty ? text : out, inserted)
    }
}

/// Everything that decides how a text is shaped: the key of the measurer's and the shaper's
/// caches.
struct TextKey: Hashable {
    let text: String
    let font: FontSpec
    let wrapWidth: Double?
    let align: TextAlign
    let styles: [StyledRange]
}

/// A laid-out block of text and what it measures.
struct ShapedText {
    /// The `PangoLayout`.
    let layout: GObjectRef
    let metrics: TextMetrics
    /// Where the top-left of the logical box lies in the layout's own coordinates. With
    /// wrapping and centred or right alignment, lines start to the right of the layout origin.
    let logicalOrigin: Point

    init(_ layout: GObjectRef) {
        self.layout = layout
        var ink = PangoRectangle(), logical = PangoRectangle()
        pango_layout_get_extents(layout.pointer, &ink, &logical)
        let px = { (units: Int32) in pango_units_to_double(units) }
        logicalOrigin = Point(px(logical.x), px(logical.y))
        metrics = TextMetrics(
            width: px(logical.width), height: px(logical.height),
            ink: Rect(x: px(ink.x - logical.x), y: px(ink.y - logical.y), w: px(ink.width), h: px(ink.height)),
            lineCount: Int(pango_layout_get_line_count(layout.pointer)),
            baseline: px(pango_layout_get_baseline(layout.pointer) - logical.y))
    }
}

/// Hands out `TextShaper`s, one per concurrent user; the pool grows to the number of threads
/// that shape text at the same time and then reuses them (a font map caches loaded fonts, so
/// reuse is what makes the second figure fast).
enum ShaperPool {
    /// Idle shapers, and the generation of the font set new shapers are made for.
    private static let state = Locked<(idle: [(TextShaper, Int)], generation: Int)>(([], 0))

    /// Runs `body` with a shaper no other thread uses meanwhile.
    /// Call `FontSetup.configure()` first.
    static func withShaper<R>(_ body: (TextShaper) throws -> R) rethrows -> R {
        waitForWarmUp()
        return try borrow(body)
    }

    /// `withShaper` without waiting for the warm-up (which the warm-up thread itself uses).
    private static func borrow<R>(_ body: (TextShaper) throws -> R) rethrows -> R {
        let (shaper, generation) = state.withLock { s in s.idle.popLast() ?? (nil, s.generation) }
        let used = shaper ?? TextShaper()
        defer {
            // A shaper of an older font set is dropped: its font map does not know the new files.
            state.withLock { s in if generation == s.generation { s.idle.append((used, generation)) } }
        }
        return try body(used)
    }

    /// Installs the pinned fonts and makes a first shaper (its font map, its first font, the
    /// HarfBuzz measurer) on a thread of its own, where it waits in the pool: for a command
    /// that will draw, started before its command line is parsed and its input read, which
    /// then happen meanwhile on the other core. A thread that asks for a shaper before the
    /// first is ready waits for it rather than making a second (`withShaper`).
    ///
    /// Why: in a process that draws one figure, these steps are about a fifth of the work
    /// before anything is drawn, and none of it depends on the input (BENCHMARKS.md, issue 17,
    /// session 11).
    static func warmUp() {
        warming.lock()
        defer { warming.unlock() }
        guard !warmingStarted else { return }
        warmingStarted = true
        warmingDone = !BackgroundThread.start {
            if (try? FontSetup.configure()) != nil { borrow { _ in } }
            warming.lock()
            warmingDone = true
            warming.broadcast()
            warming.unlock()
        }
    }

    /// Guards `warmingStarted` and `warmingDone`, and wakes the threads waiting for the warm-up.
    private static let warming = NSCondition()
    nonisolated(unsafe) private static var warmingStarted = false
    nonisolated(unsafe) private static var warmingDone = true

    private static func waitForWarmUp() {
        warming.lock()
        while !warmingDone { warming.wait() }
        warming.unlock()
    }

    /// Drops every idle shaper and keeps shapers in use from coming back: fonts were added to
    /// fontconfig's configuration, which a pango font map reads only when it is created.
    static func retireAll() {
        state.withLock { s in s.idle.removeAll(); s.generation += 1 }
    }
}
