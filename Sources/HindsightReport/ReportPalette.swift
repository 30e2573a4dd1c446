import HindsightLayout

/// The colours of the reports, in one place: those the PDF and HTML reports share (one value
/// each), the PDF report's own details (`PDF`), and the HTML report's light and dark schemes
/// (`htmlLight`, `htmlDark`). A colour a report shares with the figure themes is taken from the
/// theme (`Theme.light`, `Theme.dark`); the rest are the reports' own.
public enum ReportPalette {
    // The light colours both reports share, one value each (the HTML report's light scheme is
    // made of them): from the light figure theme where it has the idea.
    public static let text = Theme.light.text
    public static let muted = Theme.light.mutedText
    public static let rule = hex("#d0d7de")
    public static let link = Theme.light.color(.action)
    public static let calloutFill = Theme.light.surface

    /// What only the PDF report draws (printed, so light only).
    public enum PDF {
        public static let linkUnderline = hex("#8fb3dc")
        public static let code = hex("#8a3324")
        public static let codeBackground = hex("#f1f2f4")
        public static let tableRule = hex("#dde3e8")
        public static let tableHeaderFill = hex("#f3f5f7")
        public static let tableHeaderRule = hex("#6e7781")
        public static let calloutBar = hex("#b7c0ca")
        public static let checkboxStroke = hex("#6e7781")
        public static let checkboxDone = hex("#1f7a3d")
        public static let figureBorder = hex("#e3e7eb")
    }

    /// A colour scheme of the HTML report (its CSS custom properties).
    public struct Scheme: Sendable {
        public var background, text, muted, rule, accent, callout: RGBA

        /// The scheme as CSS custom property declarations: `--bg: #ffffff; --fg: …;`.
        public var css: String {
            [("bg", background), ("fg", text), ("muted", muted), ("rule", rule), ("accent", accent), ("callout", callout)]
                .map { "--\($0.0): \($0.1.hexRGB);" }.joined(separator: " ")
        }
    }

    public static let htmlLight = Scheme(background: Theme.light.background, text: text, muted: muted,
                                         rule: rule, accent: link, callout: calloutFill)
    public static let htmlDark = Scheme(background: Theme.dark.background, text: Theme.dark.text, muted: Theme.dark.mutedText,
                                        rule: hex("#30363d"), accent: Theme.dark.color(.action), callout: Theme.dark.surface)

    static func hex(_ s: String) -> RGBA { RGBA(hex: s)! }
}
