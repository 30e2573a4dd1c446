import HindsightLayout

/// Measures text with pango exactly as `SceneRenderer` draws it (same fonts, same shaping
/// settings, same code path), so a `TextRun` whose metrics came from here is drawn filling
/// precisely its measured box, in every output format and at every scale.
///
/// Thread safety: the measurer is `Sendable`; share one instance between threads freely.
/// Each measurement borrows a pango context from a process-wide pool (one per concurrently
/// measuring thread), and results are cached per measurer behind a lock. Measurements are
/// deterministic: the same arguments give the same metrics on every thread and in every process.
public final class PangoTextMeasurer: TextMeasurer, Sendable {
    /// Remembered measurements; emptied when it reaches `cacheLimit` entries.
    private let cache = Locked<[TextKey: TextMetrics]>([:])
    private let cacheLimit = 10_000

    /// Pins the fonts (see `FontSetup.configure()`); throws if a font file is missing.
    public init() throws {
        try FontSetup.configure()
    }

    public func measure(_ text: String, font: FontSpec, wrapWidth: Double?, align: TextAlign) -> TextMetrics {
        measure(text, styles: [], font: font, wrapWidth: wrapWidth, align: align)
    }

    public func measure(_ text: String, styles: [StyledRange], font: FontSpec, wrapWidth: Double?, align: TextAlign) -> TextMetrics {
        let key = TextKey(text: text, font: font, wrapWidth: wrapWidth, align: align, styles: styles)
        if let known = cache.withLock({ $0[key] }) { return known }
        let metrics = ShaperPool.withShaper { $0.sharedLayout(text, font: font, wrapWidth: wrapWidth, align: align, styles: styles).metrics }
        cache.withLock { cache in
            if cache.count >= cacheLimit { cache.removeAll(keepingCapacity: true) }
            cache[key] = metrics
        }
        return metrics
    }
}
