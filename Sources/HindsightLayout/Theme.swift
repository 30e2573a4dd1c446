import Foundation
import HindsightModel

/// Colours and fonts of a figure. Built-in: light, dark, high-contrast.
public struct Theme: Hashable, Sendable {
    public var name: String
    public var background: RGBA
    public var surface: RGBA          // cards
    public var text: RGBA
    public var mutedText: RGBA
    public var grid: RGBA
    public var axis: RGBA
    public var outage: RGBA           // the outage window's tint
    public var fontFamily: String
    public var kindColors: [EventKind: RGBA]
    public var phaseColors: [RGBA]    // undetected, investigating, mitigating, recovering
    /// Font files of the user's own that `fontFamily` comes from (absolute paths; empty for
    /// the pinned families). The renderer registers them with the pinned fonts.
    public var fontFiles: [String] = []

    public func color(_ kind: EventKind) -> RGBA { kindColors[kind] ?? text }

    /// A component status's colour, taken from the event kinds' so that every theme (and theme
    /// file) has one: green operational, blue maintenance, amber degraded, orange partial, red major.
    public func color(_ status: ComponentStatus) -> RGBA {
        switch status {
        case .operational: return color(.mitigated)
        case .underMaintenance: return color(.action)
        case .degradedPerformance: return color(.identified)
        case .partialOutage: return color(.misleading)
        case .majorOutage: return color(.detected)
        }
    }

    static func hex(_ s: String) -> RGBA { RGBA(hex: s)! }

    public static let light = Theme(
        name: "light",
        background: hex("#ffffff"), surface: hex("#f6f7f9"), text: hex("#1f2328"), mutedText: hex("#57606a"),
        grid: hex("#e4e7eb"), axis: hex("#8c959f"), outage: hex("#fff1f0"), fontFamily: "Inter",
        kindColors: [
            .detected: hex("#cf222e"), .action: hex("#0969da"), .investigation: hex("#8250df"),
            .misleading: hex("#bc4c00"), .escalated: hex("#a40e26"), .identified: hex("#9a6700"),
            .mitigated: hex("#1a7f37"), .resolved: hex("#116329"), .note: hex("#57606a"),
        ],
        phaseColors: [hex("#ffebe9"), hex("#fbefff"), hex("#fff8c5"), hex("#dafbe1")])

    public static let dark = Theme(
        name: "dark",
        background: hex("#0d1117"), surface: hex("#161b22"), text: hex("#e6edf3"), mutedText: hex("#9198a1"),
        grid: hex("#21262d"), axis: hex("#6e7681"), outage: hex("#1f1416"), fontFamily: "Inter",
        kindColors: [
            .detected: hex("#ff7b72"), .action: hex("#58a6ff"), .investigation: hex("#d2a8ff"),
            .misleading: hex("#ffa657"), .escalated: hex("#ff9bce"), .identified: hex("#e3b341"),
            .mitigated: hex("#56d364"), .resolved: hex("#3fb950"), .note: hex("#9198a1"),
        ],
        phaseColors: [hex("#3d1d20"), hex("#2c1e3d"), hex("#3a2e12"), hex("#15301e")])

    public static let highContrast = Theme(
        name: "high-contrast",
        background: hex("#000000"), surface: hex("#000000"), text: hex("#ffffff"), mutedText: hex("#f0f0f0"),
        grid: hex("#5c5c5c"), axis: hex("#ffffff"), outage: hex("#000000"), fontFamily: "Inter",
        kindColors: [
            .detected: hex("#ff6b6b"), .action: hex("#6cb6ff"), .investigation: hex("#dcbdfb"),
            .misleading: hex("#ffb000"), .escalated: hex("#ff8fd0"), .identified: hex("#ffe066"),
            .mitigated: hex("#7ee787"), .resolved: hex("#56f08a"), .note: hex("#f0f0f0"),
        ],
        phaseColors: [hex("#2a0a0a"), hex("#1c0f2e"), hex("#2a2200"), hex("#0a2412")])

    public static let builtIn: [String: Theme] = ["light": .light, "dark": .dark, "high-contrast": .highContrast]

    /// The WCAG 2 contrast ratio of two opaque colours (1...21).
    public static func contrast(_ a: RGBA, _ b: RGBA) -> Double {
        func channel(_ c: Double) -> Double { c <= 0.03928 ? c / 12.92 : pow((c + 0.055) / 1.055, 2.4) }
        func lum(_ c: RGBA) -> Double { 0.2126 * channel(c.r) + 0.7152 * channel(c.g) + 0.0722 * channel(c.b) }
        let la = lum(a), lb = lum(b)
        return (max(la, lb) + 0.05) / (min(la, lb) + 0.05)
    }
}

extension RGBA {
    /// This colour laid over an opaque `below` (straight alpha).
    public func over(_ below: RGBA) -> RGBA {
        RGBA(r: r * a + below.r * (1 - a), g: g * a + below.g * (1 - a), b: b * a + below.b * (1 - a), a: 1)
    }
}

extension ComponentStatus {
    /// The name shown in legends: `Major outage`.
    public var title: String { words.prefix(1).uppercased() + words.dropFirst() }
}

extension EventKind {
    /// The name shown in legends and labels.
    public var title: String {
        switch self {
        case .detected: return "Detected"
        case .action: return "Action"
        case .investigation: return "Investigation"
        case .misleading: return "Misleading path"
        case .escalated: return "Escalated"
        case .identified: return "Root cause found"
        case .mitigated: return "Mitigated"
        case .resolved: return "Resolved"
        case .note: return "Note"
        }
    }
}
