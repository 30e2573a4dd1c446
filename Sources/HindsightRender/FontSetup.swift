import CCairo
import Foundation

/// Pins the fonts every figure is measured and drawn with, so output never depends on what
/// else is installed on the machine.
///
/// `configure()` builds a fontconfig configuration that knows only the files below (no font
/// directories, no system or user configuration files, one rule for scaling bitmap emoji) and
/// makes it fontconfig's current configuration. Pango font maps
/// read the current configuration when they are created, so this must happen before the
/// first pango font map of the process; `PangoTextMeasurer.init()` and `SceneRenderer.render`
/// call it themselves. Code outside this module must not create pango font maps.
public enum FontSetup {
    /// A pinned font file and the Debian package that installs it.
    struct PinnedFont: Sendable {
        let path: String
        let package: String
    }

    /// The fonts figures may use. Inter is the text face (every weight `FontWeight` names,
    /// upright and italic); DejaVu Sans covers symbols and scripts Inter lacks, and DejaVu Sans
    /// Mono sets inline `code`; Noto Color
    /// Emoji draws emoji in colour.
    static let pinnedFonts: [PinnedFont] = {
        let inter = "/usr/share/fonts/opentype/inter/Inter-"
        let dejavu = "/usr/share/fonts/truetype/dejavu/"
        return ["Regular", "Italic", "Medium", "MediumItalic", "SemiBold", "SemiBoldItalic",
                "Bold", "BoldItalic"].map { PinnedFont(path: "\(inter)\($0).otf", package: "fonts-inter") }
            + [PinnedFont(path: "/usr/share/fonts/truetype/noto/NotoColorEmoji.ttf", package: "fonts-noto-color-emoji"),
               PinnedFont(path: "\(dejavu)DejaVuSans.ttf", package: "fonts-dejavu-core"),
               PinnedFont(path: "\(dejavu)DejaVuSans-Bold.ttf", package: "fonts-dejavu-core"),
               PinnedFont(path: "\(dejavu)DejaVuSansMono.ttf", package: "fonts-dejavu-core"),
               PinnedFont(path: "\(dejavu)DejaVuSansMono-Bold.ttf", package: "fonts-dejavu-core")]
    }()

    /// Families tried, in order, after the one a `FontSpec` names. Appending them to every
    /// font description makes fallback independent of fontconfig's tie-breaking.
    static let fallbackFamilies = ["Inter", "DejaVu Sans", "Noto Color Emoji"]

    /// The one fontconfig rule the pinned set needs, from fontconfig's own
    /// `10-scale-bitmap-fonts.conf`: a bitmap font (here Noto Color Emoji, whose only strike
    /// is 109 px) is scaled to the requested pixel size. Without it an emoji in 14 px text is
    /// drawn, and measured, 109 px tall.
    static let scaleBitmapFontsRule = """
        <fontconfig>
          <match target="font">
            <test name="outline" compare="eq"><bool>false</bool></test>
            <edit name="pixelsizefixupfactor" mode="assign">
              <divide><name target="pattern">pixelsize</name><name target="font">pixelsize</name></divide>
            </edit>
          </match>
          <match target="font">
            <test name="outline" compare="eq"><bool>false</bool></test>
            <test name="pixelsizefixupfactor" compare="not_eq"><double>1.0</double></test>
            <edit name="matrix" mode="assign">
              <times>
                <name>matrix</name>
                <matrix><name>pixelsizefixupfactor</name><double>0</double>
                        <double>0</double><name>pixelsizefixupfactor</name></matrix>
              </times>
            </edit>
            <edit name="size" mode="assign"><divide><name>size</name><name>pixelsizefixupfactor</name></divide></edit>
          </match>
        </fontconfig>
        """

    /// Installs the pinned configuration. Idempotent and thread-safe: the work runs once per
    /// process and every later call returns (or rethrows) the first call's outcome.
    public static func configure() throws {
        try outcome.get()
    }

    // A lazily initialised static runs exactly once, even when first touched by two threads.
    private static let outcome = Result { () throws(RenderError) in try install() }

    private static func install() throws(RenderError) {
        for font in pinnedFonts where !FileManager.default.fileExists(atPath: font.path) {
            throw RenderError.missingFont(path: font.path, package: font.package)
        }
        // The configuration lives for the rest of the process, so its reference is never dropped.
        guard let config = FcConfigCreate() else {
            throw RenderError.fontconfig("could not create a configuration")
        }
        guard FcConfigParseAndLoadFromMemory(config, scaleBitmapFontsRule, 1) != 0 else {
            throw RenderError.fontconfig("could not load the bitmap scaling rule")
        }
        // The font set never changes while we run; don't let fontconfig poll for changes.
        FcConfigSetRescanInterval(config, 0)
        for font in pinnedFonts where FcConfigAppFontAddFile(config, font.path) == 0 {
            throw RenderError.fontconfig("could not load \(font.path) (reinstall \(font.package))")
        }
        guard FcConfigSetCurrent(config) != 0 else {
            throw RenderError.fontconfig("could not make the pinned configuration current")
        }
    }
}
