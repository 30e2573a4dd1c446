import Foundation
import HindsightTestSupport
import Testing

/// `hindsight fonts`, `glyph-missing` warnings, and theme files with font files of their own.
@Suite(.serialized) struct FontsCLITests {
    let example = Fixtures.example.path
    let themes = Fixtures.root.appendingPathComponent("themes")

    @Test func fontsListsThePinnedFontsAndTheirScripts() throws {
        let r = try CLI.run(["fonts"])
        #expect(r.status == 0, "\(r.stderr)")
        for line in ["Inter (fonts-inter): Latin", "Noto Sans Arabic (fonts-noto-core): Arabic", "Noto Sans Hebrew (fonts-noto-core): Hebrew",
                     "Noto Color Emoji (fonts-noto-color-emoji): Emoji", "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc"] {
            #expect(r.stdout.contains(line), "\(line)")
        }
        #expect(r.stdout.contains("Noto Sans CJK JP (fonts-noto-cjk):") && r.stdout.contains("Han, Hiragana, Katakana, Hangul"))
    }

    @Test func aCharacterWithoutAGlyphIsAWarningNamingFieldAndCharacter() throws {
        let dir = try Scratch.directory()
        let text = try String(contentsOfFile: example, encoding: .utf8)
            .replacingOccurrences(of: "service: Internal email server", with: "service: Internal email server 𓀀")
        let input = dir.appendingPathComponent("glyph.yaml")
        try text.write(to: input, atomically: true, encoding: .utf8)
        let check = try CLI.run(["check", input.path])
        #expect(check.status == 0)
        let line = try #require((check.stdout + check.stderr).split(separator: "\n").first { $0.contains("[glyph-missing]") })
        #expect(line.hasPrefix("\(input.path):4:10: warning: `service`:") && line.contains("U+13000 '𓀀'"), "\(line)")
        let render = try CLI.run(["render", input.path, "-o", dir.path, "--figure", "card", "--format", "svg"])
        #expect(render.status == 0 && render.stderr.contains("[glyph-missing]"))
        #expect(try CLI.run(["check", "--strict", input.path]).status == 1)
    }

    @Test func themeWithItsOwnFontFiles() throws {
        let dir = try Scratch.directory()
        let theme = themes.appendingPathComponent("brand-font.yaml").path
        let r = try CLI.run(["render", example, "-o", dir.path, "--figure", "card", "--format", "pdf,svg", "--theme", "light," + theme])
        #expect(r.status == 0, "\(r.stderr)")
        let own = try String(decoding: Data(contentsOf: dir.appendingPathComponent("email-outage-card-serif.pdf")), as: UTF8.self)
        let pinned = try String(decoding: Data(contentsOf: dir.appendingPathComponent("email-outage-card.pdf")), as: UTF8.self)
        #expect(own.contains("NotoSerif-Bold") && !own.contains("Inter-Bold"))
        #expect(!pinned.contains("NotoSerif") && pinned.contains("Inter-Bold"))
        // Deterministic: the same files give the same bytes.
        let again = try Scratch.directory()
        _ = try CLI.run(["render", example, "-o", again.path, "--figure", "card", "--format", "svg", "--theme", theme])
        #expect(try Data(contentsOf: again.appendingPathComponent("email-outage-card.svg"))
                == Data(contentsOf: dir.appendingPathComponent("email-outage-card-serif.svg")))

        let bad = themes.appendingPathComponent("bad-font-files.yaml").path
        let refused = try CLI.run(["render", example, "-o", dir.appendingPathComponent("x").path, "--theme", bad])
        #expect(refused.status == 1)
        #expect(refused.stderr.contains("\(bad):3:14: error: `not-a-font.ttf`: ") && refused.stderr.contains("[theme-font-file]"), "\(refused.stderr)")
        #expect(refused.stderr.contains("\(bad):3:30: error: font file `missing.otf` not found"))
        #expect(refused.stderr.contains("\(bad):2:7: error: `font` must be") && refused.stderr.contains("[theme-font]"))
        #expect(!FileManager.default.fileExists(atPath: dir.appendingPathComponent("x").path))

        let pinnedTheme = themes.appendingPathComponent("pinned-font-file.yaml").path
        let replaced = try CLI.run(["render", example, "-o", dir.appendingPathComponent("y").path, "--theme", pinnedTheme])
        #expect(replaced.status == 1 && replaced.stderr.contains("pinned family Inter, which a theme cannot replace"), "\(replaced.stderr)")
    }
}
