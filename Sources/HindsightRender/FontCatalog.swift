import CCairo
import HindsightModel

/// What the pinned fonts can draw: the faces fontconfig loaded, the scripts each covers, and
/// the characters of a text no pinned font has (which pango would draw as a box).
public enum FontCatalog {
    /// One face of a pinned file (a `.ttc` collection holds several).
    public struct Face: Sendable {
        public let family: String
        public let style: String
        public let file: String
    }

    /// Scripts and a few letters of each: a face covers a script when it has all of them.
    /// What `hindsight fonts` reports.
    public static let scriptSamples: [(script: String, sample: String)] = [
        ("Latin", "AZaz0123ÀÉßøłœ"), ("Greek", "ΑΩαωάέ"), ("Cyrillic", "АЯаяЁё"), ("Armenian", "ԱՖաֆ"),
        ("Georgian", "აბგჰ"), ("Hebrew", "אבגשת"), ("Arabic", "ابتثجحخ٠١"), ("Syriac", "ܐܒܓ"), ("Thaana", "ހށނ"),
        ("Devanagari", "अआकखग"), ("Bengali", "অআকখ"), ("Gurmukhi", "ਅਆਕਖ"), ("Gujarati", "અઆકખ"),
        ("Oriya", "ଅଆକଖ"), ("Tamil", "அஆகங"), ("Telugu", "అఆకఖ"), ("Kannada", "ಅಆಕಖ"), ("Malayalam", "അആകഖ"),
        ("Sinhala", "අආකඛ"), ("Thai", "กขคง"), ("Lao", "ກຂຄງ"), ("Myanmar", "ကခဂဃ"), ("Khmer", "កខគឃ"),
        ("Ethiopic", "ሀለሐመ"), ("Han", "中国日本語漢字"), ("Hiragana", "あいうえお"), ("Katakana", "アイウエオ"),
        ("Hangul", "한국어글"), ("Emoji", "😀📧🔥⚡☕"), ("Symbols", "→←✓★●■"),
    ]

    /// Every face of the pinned configuration, in the order fontconfig loaded them.
    public static func faces() throws -> [Face] {
        try FontSetup.catalog().map { Face(family: $0.family, style: $0.style, file: $0.file) }
    }

    /// The scripts of `scriptSamples` a face fully covers.
    public static func scripts(of face: Face) throws -> [String] {
        guard let charset = try FontSetup.catalog().first(where: { $0.file == face.file && $0.style == face.style && $0.family == face.family })?.charset
        else { return [] }
        return scriptSamples.filter { sample in sample.sample.unicodeScalars.allSatisfy { FcCharSetHasChar(charset, $0.value) != 0 } }
            .map(\.script)
    }

    /// The characters of `text` no pinned font has a glyph for, each once, in order of first
    /// appearance. Characters that draw nothing by design (controls, default-ignorables such as
    /// U+200D ZWJ, U+FE0F or the bidi isolates) are never missing.
    public static func missing(in text: String) throws -> [Unicode.Scalar] {
        var seen = Set<UInt32>()
        var candidates: [Unicode.Scalar] = []
        for scalar in text.unicodeScalars where !seen.contains(scalar.value) {
            seen.insert(scalar.value)
            if alwaysCovered.contains(where: { $0.contains(scalar.value) }) { continue }
            let p = scalar.properties
            if p.isDefaultIgnorableCodePoint || p.generalCategory == .control || p.generalCategory == .format { continue }
            candidates.append(scalar)
        }
        // Text of Latin letters and common punctuation needs no font loaded to be checked.
        guard !candidates.isEmpty else { return [] }
        _ = try FontSetup.catalog()
        return candidates.filter { !covers($0.value) }
    }

    /// Whether some pinned font has a glyph for the code point (fonts loaded first).
    static func covers(_ value: UInt32) -> Bool {
        loaded.contains { FcCharSetHasChar($0.charset, value) != 0 }
    }

    /// Ranges every character of which some pinned font has (`FontCatalogTests` checks it):
    /// Basic Latin, Latin-1, Latin Extended-A and -B, and General Punctuation's dashes, quotes
    /// and ellipsis. Checking text made of these needs no font loaded.
    static let alwaysCovered: [ClosedRange<UInt32>] = [0x20...0x7E, 0xA0...0x24F, 0x2010...0x2027]

    /// A `glyph-missing` warning per text field of the incident (figures and reports draw
    /// them all) that holds a character no pinned font can draw.
    public static func diagnostics(_ incident: Incident, file: String) throws -> [Diagnostic] {
        var fields: [(String, String)] = []
        for (k, v) in [("title", incident.title), ("service", incident.service), ("impact.summary", incident.impact.summary),
                       ("root_cause", incident.rootCause), ("resolution", incident.resolution),
                       ("emoji", incident.emoji), ("severity", incident.severity), ("root_cause_detail", incident.rootCauseDetail),
                       ("tagline", incident.tagline), ("humor", incident.humor)] {
            if let v { fields.append((k, v)) }
        }
        for (i, s) in incident.impact.services.enumerated() { fields.append(("impact.services[\(i)]", s)) }
        for (i, s) in incident.impact.series.enumerated() {
            fields.append(("impact.series[\(i)].name", s.name))
            if let u = s.unit { fields.append(("impact.series[\(i)].unit", u)) }
        }
        for (i, e) in incident.timeline.enumerated() {
            fields.append(("timeline[\(i)].text", e.text))
            if let to = e.to { fields.append(("timeline[\(i)].to", to)) }
        }
        for (i, s) in incident.improvements.enumerated() { fields.append(("corrective.improvements[\(i)]", s)) }
        for (i, t) in incident.tasks.enumerated() {
            fields.append(("corrective.tasks[\(i)].text", t.text))
            if let o = t.owner { fields.append(("corrective.tasks[\(i)].owner", o)) }
        }
        for (i, a) in incident.authors.enumerated() { fields.append(("authors[\(i)]", a)) }
        var out: [Diagnostic] = []
        for (path, text) in fields {
            let missing = try missing(in: text)
            guard !missing.isEmpty else { continue }
            let names = missing.prefix(8).map(describe).joined(separator: ", ") + (missing.count > 8 ? ", …" : "")
            out.append(Diagnostic(file: file, location: location(path, in: incident), severity: .warning, rule: "glyph-missing",
                                  message: "`\(path)`: no pinned font has \(missing.count == 1 ? "a glyph" : "glyphs") for \(names); "
                                      + "\(missing.count == 1 ? "it is" : "they are") drawn as \(missing.count == 1 ? "a box" : "boxes") (`hindsight fonts` lists the scripts covered)"))
        }
        return out
    }

    /// `U+E000` and, when printable, the character itself.
    static func describe(_ s: Unicode.Scalar) -> String {
        let code = "U+" + String(s.value, radix: 16, uppercase: true).leftPadded(to: 4)
        let printable = s.properties.generalCategory != .privateUse && s.properties.generalCategory != .unassigned
            && s.properties.generalCategory != .surrogate
        return printable ? "\(code) '\(Character(s))'" : code
    }

    /// Where a field was written: its own position, else its parent's (`timeline[2]`), else 1:1.
    static func location(_ path: String, in incident: Incident) -> SourceLocation {
        var p = Substring(path)
        while true {
            if let l = incident.locations[String(p)] { return l }
            guard let cut = p.lastIndex(where: { $0 == "." || $0 == "[" }) else { return .start }
            p = p[..<cut]
        }
    }

    /// The pinned faces and their character sets (`FontSetup.catalog`), empty when the fonts
    /// could not be set up (every call that reaches here has already thrown that error).
    private static var loaded: [FontSetup.CatalogFace] { (try? FontSetup.catalog()) ?? [] }
}

private extension String {
    func leftPadded(to n: Int) -> String { count >= n ? self : String(repeating: "0", count: n - count) + self }
}
