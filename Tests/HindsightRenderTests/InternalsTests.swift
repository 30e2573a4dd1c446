import Foundation
import CCairo
@testable import HindsightRender
import Testing

@Suite struct InternalsTests {
    @Test func sourceDateEpoch() throws {
        #expect(try SceneRenderer.sourceDateEpoch([:]) == nil)
        #expect(try SceneRenderer.sourceDateEpoch(["SOURCE_DATE_EPOCH": ""]) == nil)
        #expect(try SceneRenderer.sourceDateEpoch(["SOURCE_DATE_EPOCH": "1709387100"])
                == Date(timeIntervalSince1970: 1_709_387_100))
        #expect(throws: RenderError.invalidSourceDateEpoch("soon")) {
            try SceneRenderer.sourceDateEpoch(["SOURCE_DATE_EPOCH": "soon"])
        }
    }

    @Test func pdfDates() throws {
        #expect(try SceneRenderer.pdfDate(Date(timeIntervalSince1970: 0)) == "1970-01-01T00:00:00Z")
        #expect(try SceneRenderer.pdfDate(Date(timeIntervalSince1970: 1_709_387_100.9)) == "2024-03-02T13:45:00Z")
    }

    @Test func missingFontMessageNamesFileAndPackage() {
        let message = "\(RenderError.missingFont(path: "/usr/share/fonts/x.otf", package: "fonts-inter"))"
        #expect(message.contains("/usr/share/fonts/x.otf") && message.contains("apt-get install fonts-inter"))
        #expect(FontSetup.pinnedFiles.allSatisfy { $0.path.hasPrefix("/usr/share/fonts/") && $0.package.hasPrefix("fonts-") })
    }
}

@Suite struct FontPinningTests {
    @Test func onlyThePinnedFontsAreKnown() throws {
        try FontSetup.configure()
        let config = FcConfigGetCurrent()
        #expect(FcConfigGetFonts(config, FcSetSystem)?.pointee.nfont ?? 0 == 0, "no system fonts")
        // A collection (.ttc) holds several faces: every face comes from a pinned file, and
        // every pinned file gave at least one.
        let files = Set(try FontCatalog.faces().map(\.file))
        #expect(files == Set(FontSetup.pinnedFiles.map(\.path)))
    }
}
