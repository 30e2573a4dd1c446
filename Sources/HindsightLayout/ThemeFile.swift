import Foundation
import HindsightModel

/// A custom theme in YAML or JSON: a built-in base with colours and the font overridden.
///
/// ```yaml
/// name: brand            # used in output names when several themes are asked for
/// base: dark             # light, dark or high-contrast
/// font: Inter            # Inter or DejaVu Sans (the pinned families), or a family of font_files
/// font_files: [fonts/Brand-Regular.otf, fonts/Brand-Bold.otf]   # optional, relative to this file
/// colors:
///   background: "#101820"
///   surface: "#18222d"
///   text: "#f2f2f2"
///   muted_text: "#b8c0c8"
///   grid: "#2a3440"
///   axis: "#8090a0"
///   kinds: {detected: "#ff6b6b", resolved: "#4cd137"}
///   phases: ["#3d1d20", "#2c1e3d", "#3a2e12", "#15301e"]
/// ```
/// Text colours below WCAG AA contrast (4.5:1) against the background are reported as warnings.
public enum ThemeFile {
    public static let fonts = ["Inter", "DejaVu Sans"]
    static let topFields = ["name", "base", "font", "font_files", "colors"]
    static let colorFields = ["background", "surface", "text", "muted_text", "grid", "axis", "outage", "kinds", "phases"]

    /// `fontFamilies` registers font files (absolute paths) for rendering and returns the
    /// families they hold, or throws a message saying why a file is not a usable font; without
    /// it, `font_files` are only checked to exist and `font` is taken on trust.
    public static func load(bytes: [UInt8], file: String,
                            fontFamilies: (([String]) throws -> [String])? = nil) -> (theme: Theme?, diagnostics: [Diagnostic]) {
        let text: String
        switch InputText.decode(bytes, file: file, maxBytes: 256 * 1024) {
        case .failure(let d): return (nil, [d])
        case .success(let t): text = t
        }
        let isJSON = file.lowercased().hasSuffix(".json") || text.drop { $0.isWhitespace }.first == "{"
        let parsed = isJSON ? JSONReader.read(text, file: file) : YAMLReader.read(text, file: file)
        let root: SourceNode
        switch parsed {
        case .failure(let d): return (nil, [d])
        case .success(let r): root = r
        }
        var sink = DiagnosticSink(file: file)
        guard case .mapping(let pairs) = root.value else {
            sink.error("type", root.location, "a theme must be a mapping (`base:`, `colors:`, ...), found \(root.kindDescription)")
            return (nil, sink.diagnostics)
        }
        var theme = Theme.light
        var name = FileIO.stem(of: file)
        let fields = Dictionary(pairs.compactMap { p in p.key.scalarText.map { ($0, p) } }, uniquingKeysWith: { a, _ in a })
        for (key, pair) in fields.sorted(by: { $0.value.key.location < $1.value.key.location }) where !topFields.contains(key) {
            sink.warning("unknown-field", pair.key.location, unknownMessage(key, topFields))
        }
        if let b = fields["base"]?.value {
            let base = b.scalarText ?? ""
            if let t = Theme.builtIn[base] { theme = t } else {
                sink.error("theme-base", b.location, "unknown `base` `\(base)`; accepted: light, dark, high-contrast")
            }
        }
        if let n = fields["name"]?.value, let s = n.scalarText?.trimmingCharacters(in: .whitespaces), !s.isEmpty {
            if s.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" }) { name = s } else {
                sink.error("theme-name", n.location, "`name` is used in file names: letters, digits, - and _ only")
            }
        }
        theme.name = name
        var ownFamilies: [String]?  // the families of `font_files`, once read
        if let ff = fields["font_files"]?.value {
            let items: [SourceNode]
            switch ff.value {
            case .sequence(let list): items = list
            default: items = [ff]
            }
            let base = URL(fileURLWithPath: file == "-" ? "." : file).deletingLastPathComponent()
            var paths: [String] = []
            for item in items {
                guard let s = item.scalarText?.trimmingCharacters(in: .whitespaces), !s.isEmpty else {
                    sink.error("type", item.location, "`font_files` lists font file paths (.ttf, .otf, .ttc), relative to the theme file")
                    continue
                }
                let path = (s.hasPrefix("/") ? URL(fileURLWithPath: s) : base.appendingPathComponent(s)).standardizedFileURL.path
                var isDirectory: ObjCBool = false
                guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), !isDirectory.boolValue,
                      FileManager.default.isReadableFile(atPath: path) else {
                    sink.error("theme-font-file", item.location, "font file `\(s)` not found (looked for \(path))")
                    continue
                }
                guard ["ttf", "otf", "ttc", "otc"].contains(URL(fileURLWithPath: path).pathExtension.lowercased()) else {
                    sink.error("theme-font-file", item.location, "`\(s)` is not a TrueType or OpenType font (.ttf, .otf, .ttc, .otc)")
                    continue
                }
                if let fontFamilies {
                    do { ownFamilies = (ownFamilies ?? []) + (try fontFamilies([path])) } catch {
                        sink.error("theme-font-file", item.location, "`\(s)`: \(error)")
                        continue
                    }
                }
                paths.append(path)
            }
            theme.fontFiles = paths
        }
        if let f = fields["font"]?.value {
            let s = f.scalarText?.trimmingCharacters(in: .whitespaces) ?? ""
            if fonts.contains(s) || (ownFamilies?.contains(s) ?? false) || (fontFamilies == nil && !theme.fontFiles.isEmpty && !s.isEmpty) {
                theme.fontFamily = s
            } else if let own = ownFamilies, !own.isEmpty {
                sink.error("theme-font", f.location, "`font` must be a family of `font_files` (\(own.joined(separator: ", "))) or a pinned family (\(fonts.joined(separator: ", ")))")
            } else {
                sink.error("theme-font", f.location, "`font` must be one of the pinned families: \(fonts.joined(separator: ", ")), or a family of the fonts named in `font_files`")
            }
        }
        if let c = fields["colors"]?.value {
            guard case .mapping(let cpairs) = c.value else {
                sink.error("type", c.location, "`colors` must be a mapping of colour names to `#rrggbb`")
                return (nil, sink.diagnostics)
            }
            for (k, v) in cpairs {
                let key = k.scalarText ?? ""
                func color(_ node: SourceNode, _ path: String) -> RGBA? {
                    guard let s = node.scalarText, let c = RGBA(hex: s.trimmingCharacters(in: .whitespaces)), c.a == 1 else {
                        sink.error("theme-color", node.location, "`\(path)` must be an opaque colour `#rrggbb` or `#rgb`")
                        return nil
                    }
                    return c
                }
                switch key {
                case "background": if let x = color(v, "colors.background") { theme.background = x }
                case "surface": if let x = color(v, "colors.surface") { theme.surface = x }
                case "text": if let x = color(v, "colors.text") { theme.text = x }
                case "muted_text": if let x = color(v, "colors.muted_text") { theme.mutedText = x }
                case "grid": if let x = color(v, "colors.grid") { theme.grid = x }
                case "axis": if let x = color(v, "colors.axis") { theme.axis = x }
                case "outage": if let x = color(v, "colors.outage") { theme.outage = x }
                case "kinds":
                    guard case .mapping(let kp) = v.value else {
                        sink.error("type", v.location, "`colors.kinds` must map event kinds to colours"); continue
                    }
                    for (kk, kv) in kp {
                        let kind = kk.scalarText ?? ""
                        guard let ek = EventKind(rawValue: kind) else {
                            sink.warning("unknown-field", kk.location, unknownMessage(kind, EventKind.allCases.map(\.rawValue)))
                            continue
                        }
                        if let x = color(kv, "colors.kinds.\(kind)") { theme.kindColors[ek] = x }
                    }
                case "phases":
                    guard case .sequence(let items) = v.value, items.count == 4 else {
                        sink.error("type", v.location, "`colors.phases` must list 4 colours: undetected, investigating, mitigating, recovering")
                        continue
                    }
                    let cs = items.enumerated().compactMap { color($0.element, "colors.phases[\($0.offset)]") }
                    if cs.count == 4 { theme.phaseColors = cs }
                default:
                    sink.warning("unknown-field", k.location, unknownMessage(key, colorFields))
                }
            }
            // Readability: every colour used for text, against the fills it is drawn on.
            let pairsToCheck: [(String, RGBA, RGBA)] =
                [("text", theme.text, theme.background), ("muted_text", theme.mutedText, theme.background),
                 ("muted_text on surface", theme.mutedText, theme.surface), ("text on surface", theme.text, theme.surface)]
                + EventKind.allCases.map { ("kinds.\($0.rawValue) on surface", theme.color($0), theme.surface) }
                + theme.phaseColors.enumerated().map { ("muted_text on phases[\($0.offset)]", theme.mutedText, $0.element) }
            for (what, fg, bg) in pairsToCheck {
                let r = Theme.contrast(fg, bg)
                if r < 4.5 {
                    sink.warning("theme-contrast", c.location, "\(what): contrast \(String(format: "%.2f", r)):1 is below WCAG AA (4.5:1); text will be hard to read")
                }
            }
        }
        return (sink.hasErrors ? nil : theme, sink.diagnostics)
    }

    static func unknownMessage(_ key: String, _ known: [String]) -> String {
        if let near = Suggest.nearest(key, in: known, maxDistance: max(2, key.count / 3)) {
            return "unknown field `\(key)`, ignored; did you mean `\(near)`?"
        }
        return "unknown field `\(key)`, ignored; known fields here: \(known.joined(separator: ", "))"
    }
}
