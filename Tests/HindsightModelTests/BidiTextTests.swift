import HindsightModel
import Testing

@Suite struct BidiTextTests {
    @Test func leftToRightTextIsUnchanged() {
        for s in ["Internal email server", "Служба почты", "東京リージョン", "⚡ API 🔥", ""] {
            #expect(BidiText.isolate(s) == s)
        }
    }

    @Test func rightToLeftTextIsIsolatedAfterALeftToRightMark() {
        #expect(BidiText.isolate("خدمة البريد") == "\u{200E}\u{2068}خدمة البريد\u{2069}")
        #expect(BidiText.isolate("שלום") == "\u{200E}\u{2068}שלום\u{2069}")
        // A directional control alone is enough to isolate: an override must not leak out.
        #expect(BidiText.isolate("abc\u{202E}def") == "\u{200E}\u{2068}abc\u{202E}def\u{2069}")
    }

    @Test func anUnmatchedPopCannotCloseTheIsolateEarly() {
        #expect(BidiText.isolate("x\u{2069}\u{202E}evil") == "\u{200E}\u{2068}x\u{202E}evil\u{2069}")
        // Balanced isolates inside the field stay.
        #expect(BidiText.isolate("a\u{2067}ب\u{2069}c") == "\u{200E}\u{2068}a\u{2067}ب\u{2069}c\u{2069}")
    }
}
