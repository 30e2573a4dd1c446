import HindsightLayout

/// The colours of the reports, in one place: the PDF report's (`PDF`) and the HTML report's
/// light and dark schemes (`htmlLight`, `htmlDark`). A colour a report shares with the figure
/// themes is taken from the theme (`Theme.light`, `Theme.dark`); the rest are the reports' own.
public enum ReportPalette {
    /// The PDF report: printed, so light only.
    public enum PDF {
        public static let text = Theme.light.text
        public static let muted = hex("#59636e")
        public static let link = hex("#0b5cad")
        public static let linkUnderline = hex("#8fb3dc")
        public static let code = hex("#8a3324")
        public static let codeBackground = hex("#f1f2f4")
        public static let rule = hex("#d1d9e0")
        public static let tableRule = hex("#dde3e8")
        public static let tableHeaderFill = hex("#f3f5f7")
        public static let tableHeaderRule = hex("#6e7781")
        public static let calloutFill = Theme.light.surface
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

    public static let htmlLight = Scheme(background: Theme.light.background, text: Theme.light.text, muted: Theme.light.mutedText,
                                         rule: hex("#d0d7de"), accent: Theme.light.color(.action), callout: hex("#f6f8fa"))
    public static let htmlDark = Scheme(background: Theme.dark.background, text: Theme.dark.text, muted: Theme.dark.mutedText,
                                        rule: hex("#30363d"), accent: Theme.dark.color(.action), callout: Theme.dark.surface)

    static func hex(_ s: String) -> RGBA { RGBA(hex: s)! }
}
