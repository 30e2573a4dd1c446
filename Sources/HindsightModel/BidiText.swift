/// Keeps a user's text from reordering the text around it when several fields share a line.
///
/// The Unicode bidirectional algorithm reorders a line by its characters' directions: an
/// Arabic service name followed by "2024-11-03 21:15 – 2024-11-04 00:45" makes the digits and
/// the dash part of a right-to-left run, and the line reads "00:45 04-11-2024 – 21:15
/// 03-11-2024". `isolate` wraps a field in FIRST STRONG ISOLATE … POP DIRECTIONAL ISOLATE
/// (U+2068 … U+2069): inside, the field takes its own direction; outside, it counts as one
/// neutral character. A LEFT-TO-RIGHT MARK in front keeps the line itself left to right (the
/// figures are laid out left to right; pango picks a line's direction from its first strong
/// character and does not skip isolates when doing so).
///
/// Text without right-to-left letters or directional controls is returned unchanged, so
/// left-to-right text keeps its exact bytes.
public enum BidiText {
    public static let firstStrongIsolate: Unicode.Scalar = "\u{2068}"
    public static let popDirectionalIsolate: Unicode.Scalar = "\u{2069}"
    public static let leftToRightMark: Unicode.Scalar = "\u{200E}"

    /// `field` isolated for joining with other text on one line (see the type's comment).
    public static func isolate(_ field: String) -> String {
        guard field.unicodeScalars.contains(where: needsIsolation) else { return field }
        // A stray U+2069 in the field would end our isolate early and let what follows it
        // (an override such as U+202E) leak into the rest of the line: drop unmatched ones.
        var depth = 0
        var scalars = String.UnicodeScalarView()
        for s in field.unicodeScalars {
            switch s.value {
            case 0x2066...0x2068: depth += 1
            case 0x2069:
                guard depth > 0 else { continue }
                depth -= 1
            default: break
            }
            scalars.append(s)
        }
        return "\(leftToRightMark)\(firstStrongIsolate)\(String(scalars))\(popDirectionalIsolate)"
    }

    /// A right-to-left letter (Hebrew, Arabic, Syriac, Thaana, N'Ko, … and their presentation
    /// forms) or an explicit directional control (embeddings, overrides, isolates, RLM, ALM).
    static func needsIsolation(_ s: Unicode.Scalar) -> Bool {
        switch s.value {
        case 0x0590...0x08FF, 0xFB1D...0xFDFF, 0xFE70...0xFEFE, 0x10800...0x10FFF, 0x1E800...0x1EFFF: return true
        case 0x200F, 0x061C, 0x202A...0x202E, 0x2066...0x2069: return true
        default: return false
        }
    }
}
