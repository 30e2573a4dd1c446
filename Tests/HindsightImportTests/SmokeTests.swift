import Testing
@testable import HindsightImport

@Test func linksCmarkGFM() {
    #expect(MarkdownImporter.cmarkVersion.hasPrefix("0."))
}
