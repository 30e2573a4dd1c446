import Foundation
import HindsightLayout
import HindsightModel
import HindsightRender

/// What a batch makes of each valid incident. The figures are one renderer; a report (a later
/// `--report md|pdf|html`) is another, passed alongside:
///
///     OutputRenderer(fingerprint: "report md alx plain") { incident, stem in
///         try ReportGenerator.render(incident, stem: stem, options: options, measurer: m).files
///     }
///
/// The batch writes the files (atomically, into the input's output folder), hashes them into
/// the manifest and decides from the fingerprints whether an unchanged input needs rendering.
public struct OutputRenderer: Sendable {
    /// Everything besides the incident that decides the output bytes (figures, formats, theme
    /// colours, scale…), in a canonical text form. It feeds the manifest's options hash:
    /// change it and every input renders again.
    public var fingerprint: String
    /// The files for one incident, named relative to its output folder (no `..`, not absolute).
    public var render: @Sendable (_ incident: Incident, _ stem: String) throws -> [RenderedFile]

    public init(fingerprint: String, render: @escaping @Sendable (_ incident: Incident, _ stem: String) throws -> [RenderedFile]) {
        self.fingerprint = fingerprint; self.render = render
    }

    /// The figures, exactly as `hindsight render` draws them: `<stem>-<figure>[-<theme>].<ext>`.
    /// Pango is set up on first use, so a batch with nothing to render never loads a font.
    public static func figures(_ options: FigureOptions) -> OutputRenderer {
        let measurer = SharedMeasurer()
        // One input per worker and core: its files are drawn one after the other.
        var one = options
        one.concurrent = false
        let serial = one
        return OutputRenderer(fingerprint: fingerprint(options)) { incident, stem in
            try FigureSet.render(incident, stem: stem, options: serial, measurer: measurer.get()).files
        }
    }

    /// The options hash: SHA-256 of the renderers' fingerprints.
    public static func optionsHash(_ renderers: [OutputRenderer]) -> String {
        SHA256.hex(renderers.map(\.fingerprint).joined(separator: "\n").utf8)
    }

    /// Figure options as canonical text. Themes are spelled out colour by colour, so editing a
    /// theme file re-renders; a new theme field comes with a new Hindsight version, which
    /// re-renders anyway.
    static func fingerprint(_ o: FigureOptions) -> String {
        func color(_ c: RGBA) -> String { [c.r, c.g, c.b, c.a].map(JSONValue.format).joined(separator: ",") }
        let themes = o.themes.map { t in
            var fields = ["name=\(t.name)", "font=\(t.fontFamily)"]
            fields += [("background", t.background), ("surface", t.surface), ("text", t.text), ("muted", t.mutedText),
                       ("grid", t.grid), ("axis", t.axis), ("outage", t.outage)].map { "\($0.0)=\(color($0.1))" }
            fields += EventKind.allCases.map { "\($0.rawValue)=\(color(t.color($0)))" }
            fields += t.phaseColors.map { "phase=\(color($0))" }
            return "{" + fields.joined(separator: ";") + "}"
        }
        return "figures figures=\(o.figures.map(\.rawValue).joined(separator: ",")) formats=\(o.formats.map(\.rawValue).joined(separator: ","))"
            + " scale=\(JSONValue.format(o.scale)) width=\(o.width.map(JSONValue.format) ?? "auto") layout-json=\(o.layoutJSON)"
            + " themes=" + themes.joined(separator: ",")
    }
}

/// One `PangoTextMeasurer` for all threads of a process, created on first use.
public final class SharedMeasurer: Sendable {
    private let state = Locked<PangoTextMeasurer?>(nil)

    public init() {}

    public func get() throws -> PangoTextMeasurer {
        try state.withLock { m in
            if let m { return m }
            let made = try PangoTextMeasurer()
            m = made
            return made
        }
    }
}

