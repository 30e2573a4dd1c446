import CCairo
import CSystem
import Foundation

/// The FreeType faces cairo draws pango's fonts with: opened by us, each the first time a
/// font of it is drawn or measured, kept for the rest of the process and never closed.
///
/// Why not let cairo open them: cairo 1.16 keeps at most 10 faces it opened itself, closing
/// one (`FT_Done_Face`) to open an 11th. It picks a face no thread has locked, but checks that
/// under a different lock than the one a thread takes the face with, so a thread rendering a
/// glyph can get a face another thread is freeing (a SIGSEGV in libcairo reading
/// `face->glyph->metrics` while the other thread is in `free`). The pinned fonts are far more
/// than 10 faces. A face cairo is handed in the pattern (`FC_FT_FACE`) is never closed by
/// cairo, which still serialises its use per face.
///
/// Why not open them all up front (as before): 50 faces cost every drawing process about
/// 5 M instructions, 200 page faults and 100 system calls, for the five or six a figure uses.
///
/// How: pangocairo makes a font's cairo face in one place, the `create_font_face` of its
/// fonts' `PangoCairoFont` interface, from the font's pattern. `hook()` puts `createFontFace`
/// there: it hands cairo a copy of the pattern that carries our face. The pattern fontconfig
/// and pango share is never changed (pango hashes and compares it, and other threads read it).
/// The interface's layout is private to pango, so `hook()` checks it at run time and reports
/// false when it does not hold; `FontSetup` then opens every face up front instead.
enum FontFaces {
    /// Whether cairo gets its faces from `face(of:)` when it first needs them (see the type's
    /// notes). Checked and put in place once, before any pango font map exists.
    static let hooked: Bool = hook()

    /// The face of a pattern's file and index, opened on first use and kept.
    static func face(of pattern: OpaquePointer) -> FT_Face? {
        var file: UnsafeMutablePointer<FcChar8>?
        var index: Int32 = 0
        guard FcPatternGetString(pattern, FC_FILE, 0, &file) == FcResultMatch, let file else { return nil }
        _ = FcPatternGetInteger(pattern, FC_INDEX, 0, &index)
        let path = String(cString: file)
        return opened.withLock { faces in
            let key = Key(path: path, index: index)
            if let face = faces[key] { return face }
            // FreeType's library is not safe to open faces from on two threads at once; the lock serialises it.
            var face: FT_Face?
            guard let freetype, FT_New_Face(freetype, path, Int(index), &face) == 0, let face else { return nil }
            faces[key] = face
            return face
        }
    }

    /// The files of the faces opened so far (for tests).
    static var openedFiles: Set<String> { opened.withLock { Set($0.keys.map(\.path)) } }

    private struct Key: Hashable {
        let path: String
        let index: Int32
    }

    /// Every face opened, by file and index.
    private static let opened = Locked<[Key: FT_Face]>([:])

    /// The FreeType library the faces belong to; never released.
    private nonisolated(unsafe) static let freetype: FT_Library? = {
        var library: FT_Library?
        return FT_Init_FreeType(&library) == 0 ? library : nil
    }()

    /// pangocairo's own `create_font_face`. Written once by `hook()` before the interface
    /// points at `createFontFace`.
    nonisolated(unsafe) private static var pangoCreateFontFace: (@convention(c) (UnsafeMutableRawPointer?) -> OpaquePointer?)?

    /// The cairo face of a pangocairo font: cairo's face for a copy of the font's pattern
    /// that carries our FreeType face. A pattern whose file cannot be opened goes to
    /// pangocairo's own. (With the hook in place no pattern carries a face already:
    /// `FontSetup` attaches faces only when `hooked` is false.)
    private static let createFontFace: @convention(c) (UnsafeMutableRawPointer?) -> OpaquePointer? = { cfont in
        guard let pango = FontFaces.pangoCreateFontFace else { return nil }
        guard let cfont, let pattern = pango_fc_font_get_pattern(cfont.assumingMemoryBound(to: PangoFcFont.self)),
              let face = FontFaces.face(of: pattern), let copy = FcPatternDuplicate(pattern) else { return pango(cfont) }
        defer { FcPatternDestroy(copy) }
        guard FcPatternAddFTFace(copy, FC_FT_FACE, face) != 0 else { return pango(cfont) }
        // cairo reads the copy's options and keeps the face, not the copy.
        return cairo_ft_font_face_create_for_pattern(copy)
    }

    /// Puts `createFontFace` in pangocairo's font interface, after checking the interface is
    /// the one this code knows: its type and class, two functions of libpangocairo, and an
    /// offset inside the font. Returns false, changing nothing, when any check fails.
    private static func hook() -> Bool {
        let fontType = pango_cairo_fc_font_get_type()
        let interfaceType = pango_cairo_font_get_type()
        // The class is kept for the rest of the process, so the interface changed stays in place.
        guard let fontClass = g_type_class_ref(fontType),
              let raw = g_type_interface_peek(fontClass, interfaceType) else { return false }
        let iface = raw.assumingMemoryBound(to: HindsightPangoCairoFontIface.self)
        var query = GTypeQuery()
        g_type_query(fontType, &query)
        guard iface.pointee.g_iface.g_type == interfaceType, iface.pointee.g_iface.g_instance_type == fontType,
              let create = iface.pointee.create_font_face, let metrics = iface.pointee.create_base_metrics_for_context,
              inPangoCairo(unsafeBitCast(create, to: UnsafeRawPointer.self)),
              inPangoCairo(unsafeBitCast(metrics, to: UnsafeRawPointer.self)),
              iface.pointee.cf_priv_offset > 0, iface.pointee.cf_priv_offset < Int(query.instance_size) else { return false }
        pangoCreateFontFace = create
        iface.pointee.create_font_face = createFontFace
        return true
    }

    /// Whether `code` lies in libpangocairo.
    private static func inPangoCairo(_ code: UnsafeRawPointer) -> Bool {
        hindsight_code_is_in(code, "libpangocairo") != 0
    }
}
