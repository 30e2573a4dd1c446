import CCairo
import Foundation

/// Pins the fonts every figure is measured and drawn with, so output never depends on what
/// else is installed on the machine.
///
/// `configure()` builds a fontconfig configuration that knows only the files below (no font
/// directories, no system or user configuration files; two rules: bitmap emoji scale, and
/// the `emoji` family pango asks for emoji runs is Noto Color Emoji) and makes it
/// fontconfig's current configuration. Pango font maps read the current configuration when
/// they are created, so this must happen before the first pango font map of the process;
/// `PangoTextMeasurer.init()` and `SceneRenderer.render` call it themselves. Code outside
/// this module must not create pango font maps.
public enum FontSetup {
    /// A pinned family: its files and the Debian package that installs them.
    public struct PinnedFamily: Sendable {
        public let family: String
        public let package: String
        public let files: [String]
        /// In the fallback chain of every text (false: used only when named, as the code face).
        let inChain: Bool
    }

    /// The fonts figures may use, in fallback order. Inter is the text face (every weight
    /// `FontWeight` names, upright and italic); a Noto face per script Inter lacks (Arabic,
    /// Hebrew, the scripts of India and South-East Asia, ...); DejaVu Sans for symbols and
    /// the Greek, Cyrillic, Armenian and Georgian Inter lacks; Noto Sans CJK (its Japanese
    /// face) for Chinese, Japanese and Korean; Noto Color Emoji draws emoji in colour (pango
    /// asks for it first for every emoji-presentation sequence, see `configRules`); DejaVu Sans
    /// Mono sets inline `code`.
    public static let pinned: [PinnedFamily] = {
        let inter = "/usr/share/fonts/opentype/inter/Inter-"
        let noto = "/usr/share/fonts/truetype/noto/"
        let dejavu = "/usr/share/fonts/truetype/dejavu/"
        func script(_ name: String, bold: Bool = true) -> PinnedFamily {
            let file = name.filter { $0 != " " }
            return PinnedFamily(family: name, package: "fonts-noto-core",
                                files: ["\(noto)\(file)-Regular.ttf"] + (bold ? ["\(noto)\(file)-Bold.ttf"] : []), inChain: true)
        }
        return [PinnedFamily(family: "Inter", package: "fonts-inter",
                             files: ["Regular", "Italic", "Medium", "MediumItalic", "SemiBold", "SemiBoldItalic",
                                     "Bold", "BoldItalic"].map { "\(inter)\($0).otf" }, inChain: true)]
            + ["Noto Sans Arabic", "Noto Sans Hebrew", "Noto Sans Thaana", "Noto Sans Devanagari", "Noto Sans Bengali",
               "Noto Sans Gurmukhi", "Noto Sans Gujarati", "Noto Sans Oriya", "Noto Sans Tamil", "Noto Sans Telugu",
               "Noto Sans Kannada", "Noto Sans Malayalam", "Noto Sans Sinhala", "Noto Sans Thai", "Noto Sans Lao",
               "Noto Sans Khmer", "Noto Sans Myanmar", "Noto Sans Ethiopic"].map { script($0) }
            + [script("Noto Sans Syriac", bold: false),
               PinnedFamily(family: "DejaVu Sans", package: "fonts-dejavu-core",
                            files: ["\(dejavu)DejaVuSans.ttf", "\(dejavu)DejaVuSans-Bold.ttf"], inChain: true),
               PinnedFamily(family: "Noto Sans CJK JP", package: "fonts-noto-cjk",
                            files: ["/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
                                    "/usr/share/fonts/opentype/noto/NotoSansCJK-Bold.ttc"], inChain: true),
               PinnedFamily(family: "Noto Color Emoji", package: "fonts-noto-color-emoji",
                            files: ["\(noto)NotoColorEmoji.ttf"], inChain: true),
               PinnedFamily(family: "DejaVu Sans Mono", package: "fonts-dejavu-core",
                            files: ["\(dejavu)DejaVuSansMono.ttf", "\(dejavu)DejaVuSansMono-Bold.ttf"], inChain: false)]
    }()

    /// Every pinned file with its package.
    static let pinnedFiles: [(path: String, package: String)] =
        pinned.flatMap { f in f.files.map { (path: $0, package: f.package) } }

    /// Families tried, in order, after the one a `FontSpec` names. Appending them to every
    /// font description makes fallback independent of fontconfig's tie-breaking.
    static let fallbackFamilies = pinned.filter(\.inChain).map(\.family)

    /// The rules the pinned set needs.
    ///
    /// 1. The `emoji` family is Noto Color Emoji. Pango itemizes emoji sequences (a character
    ///    with emoji presentation, one followed by U+FE0F, keycaps, flags, ZWJ sequences) and
    ///    asks for the `emoji` family for them before the text's own families; the system's
    ///    configuration maps it, ours must too, else ⚡ or ⚠️ come from DejaVu Sans in black.
    /// 2. From fontconfig's own `10-scale-bitmap-fonts.conf`: a bitmap font (here Noto Color
    ///    Emoji, whose only strike is 109 px) is scaled to the requested pixel size. Without it
    ///    an emoji in 14 px text is drawn, and measured, 109 px tall.
    /// 3. Where the folder caches `fc-cache` writes are (the system's, then the user's): the
    ///    pinned faces are read from them (see `FolderCaches`); no folder is ever scanned.
    static let configRules = """
        <fontconfig>
          <cachedir>/var/cache/fontconfig</cachedir>
          <cachedir prefix="xdg">fontconfig</cachedir>
          <alias binding="strong">
            <family>emoji</family>
            <prefer><family>Noto Color Emoji</family></prefer>
          </alias>
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

    /// Installs the pinned configuration, ready to draw. Idempotent and thread-safe: the work
    /// runs once per process and every later call returns (or rethrows) the first call's outcome.
    public static func configure() throws {
        try outcome.get()
    }

    /// Starts installing the fonts and making a first shaper on a thread of its own, for a
    /// command that is about to draw (see `ShaperPool.warmUp`). Does nothing the second time.
    public static func prepareInBackground() {
        ShaperPool.warmUp()
    }

    /// The pinned faces and what each covers, without what only drawing needs (the FreeType
    /// faces, about 12 M instructions): all that `check`'s `glyph-missing` warnings and
    /// `hindsight fonts` read. Taken before any face is attached, so reading it never races
    /// with a thread that is making the configuration ready to draw.
    static func catalog() throws -> [CatalogFace] {
        try installed.get()
    }

    /// One pinned face and its character set (owned by the configuration, which lives for the
    /// rest of the process).
    struct CatalogFace: @unchecked Sendable {
        // @unchecked: the character set is never changed once fontconfig has loaded it.
        let family: String, style: String, file: String
        let charset: OpaquePointer
    }

    // A lazily initialised static runs exactly once, even when first touched by two threads.
    private static let installed = Result { () throws(RenderError) in try install() }
    private static let outcome = Result { () throws(RenderError) in
        _ = try installed.get()
        // HarfBuzz measures glyphs and fonts in place of pangocairo (its font class is changed
        // before any font of it exists).
        HarfBuzzGlyphs.install()
        // Faces are opened when first drawn (`FontFaces`); only where that cannot be put in
        // place are they all opened now.
        guard !FontFaces.hooked else { return }
        guard let set = FcConfigGetFonts(FcConfigGetCurrent(), FcSetApplication) else {
            throw RenderError.fontconfig("no application fonts")
        }
        try attachFaces(set, from: 0)
    }

    /// Font files of the user's own (a theme's `font_files`), added to the pinned set; returns
    /// the families they hold. Registering a file again changes nothing.
    ///
    /// Output stays deterministic: the same files give the same glyphs. A registered family is
    /// used where a theme names it; for other text it comes after every pinned family, so it
    /// can only draw a character no pinned font has (which would otherwise be a box).
    /// Shapers made before the call are retired, so every text shaped afterwards sees the
    /// files; measure and draw with the new family only after registering it.
    public static func register(fontFiles: [String]) throws -> [String] {
        try configure()
        return try userFonts.withLock { known throws(RenderError) in
            var families: [String] = []
            var added = false
            for path in fontFiles {
                if let f = known[path] { families += f; continue }
                // A file may not stand in for a pinned family: every other figure would change.
                let scanned = FcFontSetCreate()
                defer { FcFontSetDestroy(scanned) }
                _ = FcFreeTypeQueryAll(path, UInt32.max, nil, nil, scanned)
                var scannedFamilies: [String] = []
                if let scanned {
                    for i in 0..<Int(scanned.pointee.nfont) {
                        var value: UnsafeMutablePointer<FcChar8>?
                        if let pattern = scanned.pointee.fonts[i], FcPatternGetString(pattern, FC_FAMILY, 0, &value) == FcResultMatch, let value {
                            scannedFamilies.append(String(cString: value))
                        }
                    }
                }
                if let clash = scannedFamilies.first(where: { f in pinned.contains { $0.family == f } }) {
                    throw RenderError.fontconfig("\(path) is a font of the pinned family \(clash), which a theme cannot replace; use the pinned one by name")
                }
                guard let config = FcConfigGetCurrent() else { throw RenderError.fontconfig("no current configuration") }
                let before = Int(FcConfigGetFonts(config, FcSetApplication)?.pointee.nfont ?? 0)
                guard FcConfigAppFontAddFile(config, path) != 0, let set = FcConfigGetFonts(config, FcSetApplication),
                      Int(set.pointee.nfont) > before else {
                    throw RenderError.fontconfig("\(path) is not a font file fontconfig can read")
                }
                if !FontFaces.hooked { try attachFaces(set, from: before) }
                var own: [String] = []
                for i in before..<Int(set.pointee.nfont) {
                    var value: UnsafeMutablePointer<FcChar8>?
                    if let pattern = set.pointee.fonts[i], FcPatternGetString(pattern, FC_FAMILY, 0, &value) == FcResultMatch, let value {
                        let family = String(cString: value)
                        if !own.contains(family) { own.append(family) }
                    }
                }
                known[path] = own
                families += own
                added = true
            }
            if added { ShaperPool.retireAll() }
            var seen = Set<String>()
            return families.filter { seen.insert($0).inserted }
        }
    }

    /// Opens a FreeType face for each pattern of `set` from `first` on and puts it in the
    /// pattern (`FC_FT_FACE`), where cairo takes it instead of opening the file itself: only
    /// when `FontFaces` cannot open faces as they are first drawn (why cairo must not open
    /// them itself is told there). Done before any pango font map reads the patterns.
    ///
    /// Except the faces of `openedByCairo`: so few that cairo never closes one of them, and
    /// so costly to open that doing it in every process, for text that rarely needs them,
    /// was the largest part of this step.
    private static func attachFaces(_ set: UnsafeMutablePointer<FcFontSet>, from first: Int) throws(RenderError) {
        for i in first..<Int(set.pointee.nfont) {
            guard let pattern = set.pointee.fonts[i] else { continue }
            var file: UnsafeMutablePointer<FcChar8>?
            guard FcPatternGetString(pattern, FC_FILE, 0, &file) == FcResultMatch, let file,
                  !openedByCairo.contains(String(cString: file)) else { continue }
            guard let face = FontFaces.face(of: pattern), FcPatternAddFTFace(pattern, FC_FT_FACE, face) != 0 else {
                throw RenderError.fontconfig("could not open \(String(cString: file)) with FreeType")
            }
        }
    }

    /// Files whose faces `attachFaces` leaves for cairo to open from the pattern's file
    /// (`FC_FILE`) the first time it draws with them.
    ///
    /// Why: Noto Sans CJK's two faces (65,535 glyphs each) cost half of all 52 faces' opening,
    /// 2.2 ms and 514 page faults in every drawing process (BENCHMARKS.md, issue 17, session
    /// 7), and only Chinese, Japanese or Korean text draws with them. Safe because they are
    /// fewer than cairo's 10 (`MAX_OPEN_FACES` in cairo-ft-font.c): cairo closes a face it
    /// opened itself only to open an 11th, so the race `FontFaces` tells of cannot happen.
    /// The glyphs are the same: cairo opens the same file and face index.
    static let openedByCairo: Set<String> = [
        "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
        "/usr/share/fonts/opentype/noto/NotoSansCJK-Bold.ttc",
    ]

    /// Registered user font files and their families.
    private static let userFonts = Locked<[String: [String]]>([:])

    /// Makes the pinned configuration current (without FreeType faces) and lists its faces.
    private static func install() throws(RenderError) -> [CatalogFace] {
        for font in pinnedFiles where !FileManager.default.fileExists(atPath: font.path) {
            throw RenderError.missingFont(path: font.path, package: font.package)
        }
        // The configuration lives for the rest of the process, so its reference is never dropped.
        guard let config = FcConfigCreate() else {
            throw RenderError.fontconfig("could not create a configuration")
        }
        guard FcConfigParseAndLoadFromMemory(config, configRules, 1) != 0 else {
            throw RenderError.fontconfig("could not load the font rules")
        }
        // The font set never changes while we run; don't let fontconfig poll for changes.
        FcConfigSetRescanInterval(config, 0)
        // Fontconfig makes the application font set the first time a file is added to it, even
        // a file that holds no font, as /dev/null: no font file is scanned (Inter Regular was,
        // 1.5 M instructions), every pinned face comes from the folder caches when they are current.
        _ = FcConfigAppFontAddFile(config, "/dev/null")
        guard let set = FcConfigGetFonts(config, FcSetApplication) else {
            throw RenderError.fontconfig("could not make the application font set")
        }
        // With faces opened as drawn, no pattern of the set is ever changed, so the cached
        // patterns themselves go in; else each is copied, to take its face (`attachFaces`).
        let caches = FolderCaches(config: config, copies: !FontFaces.hooked)
        for family in pinned {
            for file in family.files {
                let faces = caches.faces(of: family.family, in: file) ?? scannedFaces(of: family.family, in: file)
                guard !faces.isEmpty else {
                    throw RenderError.fontconfig("\(file) holds no face of \(family.family) (reinstall \(family.package))")
                }
                for face in faces {
                    guard FcFontSetAdd(set, face) != 0 else { throw RenderError.fontconfig("could not add \(file)") }
                }
            }
        }
        guard FcConfigSetCurrent(config) != 0 else {
            throw RenderError.fontconfig("could not make the pinned configuration current")
        }
        var catalog: [CatalogFace] = []
        for i in 0..<Int(set.pointee.nfont) {
            guard let pattern = set.pointee.fonts[i] else { continue }
            func string(_ object: String) -> String {
                var value: UnsafeMutablePointer<FcChar8>?
                guard FcPatternGetString(pattern, object, 0, &value) == FcResultMatch, let value else { return "" }
                return String(cString: value)
            }
            var charset: OpaquePointer?
            guard FcPatternGetCharSet(pattern, FC_CHARSET, 0, &charset) == FcResultMatch, let charset else { continue }
            catalog.append(CatalogFace(family: string(FC_FAMILY), style: string(FC_STYLE), file: string(FC_FILE), charset: charset))
        }
        return catalog
    }

    /// The faces (fontconfig patterns) of a pinned family in a file, read from the cache
    /// `fc-cache` keeps of each font folder (Debian's font packages write it when installed).
    ///
    /// Why: scanning a file reads the character set of every face, which for the pinned set
    /// (four CJK collections among them) took about 70 ms, in every process. A cached pattern
    /// is the same pattern, character set included (fontconfig rejects a cache older than its
    /// folder); where no current cache exists the file is scanned as before.
    private final class FolderCaches {
        private let config: OpaquePointer
        /// The copied set of each folder read (nil: no current cache), which owns the patterns.
        private var sets: [String: UnsafeMutablePointer<FcFontSet>?] = [:]
        /// The patterns of the folders read, by file: each folder is gone through once (a
        /// folder holds hundreds of faces; going through it again for each of its pinned files
        /// cost 10 M instructions).
        private var byFile: [String: [OpaquePointer]] = [:]
        /// Whether `faces` hands out copies (which may be changed) or the cached patterns (which must not be).
        private let copies: Bool

        init(config: OpaquePointer, copies: Bool) {
            self.config = config
            self.copies = copies
        }

        deinit {
            // The copied patterns hold a reference to their cache, which stays mapped for them.
            for case let set? in sets.values { FcFontSetDestroy(set) }
        }

        /// The family's faces in `file`, each a reference of the caller's own (a copy or the
        /// cached pattern, see `copies`), or nil when its folder has no current cache.
        func faces(of family: String, in file: String) -> [OpaquePointer]? {
            let folder = file.lastIndex(of: "/").map { String(file[..<$0]) } ?? "."
            if sets[folder] == nil { read(folder) }
            let faces = (byFile[file] ?? []).filter { FontSetup.pattern($0, hasFamily: family) }.compactMap { pattern in
                guard copies else {
                    FcPatternReference(pattern)
                    return pattern
                }
                return FcPatternDuplicate(pattern)
            }
            return faces.isEmpty ? nil : faces
        }

        private func read(_ folder: String) {
            var copy: UnsafeMutablePointer<FcFontSet>?
            if let cache = FcDirCacheLoad(folder, config, nil) {
                copy = FcCacheCopySet(cache)
                FcDirCacheUnload(cache)
            }
            sets[folder] = .some(copy)
            guard let copy else { return }
            for i in 0..<Int(copy.pointee.nfont) {
                var value: UnsafeMutablePointer<FcChar8>?
                guard let pattern = copy.pointee.fonts[i], FcPatternGetString(pattern, FC_FILE, 0, &value) == FcResultMatch,
                      let path = value else { continue }
                byFile[String(cString: path), default: []].append(pattern)
            }
        }
    }

    /// Faces of `family` scanned from `file` itself.
    private static func scannedFaces(of family: String, in file: String) -> [OpaquePointer] {
        guard let scanned = FcFontSetCreate() else { return [] }
        defer { FcFontSetDestroy(scanned) }
        _ = FcFreeTypeQueryAll(file, UInt32.max, nil, nil, scanned)
        return faces(of: family, in: file, scanned)
    }

    /// Copies of the patterns of `set` whose file is `file` and one of whose family names is
    /// `family`, in the set's order. A collection (`.ttc`) holds faces of other families too
    /// (Noto Sans CJK's Korean and Chinese faces, its Mono faces): only the pinned one is kept.
    private static func faces(of family: String, in file: String, _ set: UnsafeMutablePointer<FcFontSet>) -> [OpaquePointer] {
        var out: [OpaquePointer] = []
        for i in 0..<Int(set.pointee.nfont) {
            guard let pattern = set.pointee.fonts[i] else { continue }
            var value: UnsafeMutablePointer<FcChar8>?
            guard FcPatternGetString(pattern, FC_FILE, 0, &value) == FcResultMatch, let path = value,
                  String(cString: path) == file, Self.pattern(pattern, hasFamily: family) else { continue }
            if let copy = FcPatternDuplicate(pattern) { out.append(copy) }
        }
        return out
    }

    /// Whether one of the pattern's family names is `family`.
    static func pattern(_ pattern: OpaquePointer, hasFamily family: String) -> Bool {
        var value: UnsafeMutablePointer<FcChar8>?
        var n: Int32 = 0
        while FcPatternGetString(pattern, FC_FAMILY, n, &value) == FcResultMatch, let name = value {
            if String(cString: name) == family { return true }
            n += 1
        }
        return false
    }
}
