import HindsightLayout

/// The look of a PDF report: page geometry, type scale, colours and vertical spacing. Lengths
/// are PDF points (1/72 in).
enum PDFReportStyle {
    // MARK: Page
    /// Left, right and top margin.
    static let margin = 56.0
    /// From the bottom of the text area to the page's bottom edge; the footer sits inside it.
    static let bottomMargin = 66.0
    /// Top of the footer line's box, from the bottom edge of the page.
    static let footerFromBottom = 38.0

    // MARK: Type
    static let body = FontSpec(size: 10.5)
    static let bodyLeading = 1.45
    static let title = FontSpec(size: 24, weight: .bold)
    static let subtitle = FontSpec(size: 13)
    static let byline = FontSpec(size: 9.5)
    static let table = FontSpec(size: 9.5)
    static let tableHeader = FontSpec(size: 9.5, weight: .semibold)
    static let tableLeading = 1.35
    static let caption = FontSpec(size: 8.5)
    static let captionLeading = 1.4
    static let prompt = FontSpec(size: 10, italic: true)
    static let footer = FontSpec(size: 8)

    struct HeadingStyle {
        let font: FontSpec
        let leading: Double
        let above: Double
        let below: Double
    }

    /// Level 1 (a title inside the body), sections (2), subsections (3), anything deeper.
    static func heading(_ level: Int) -> HeadingStyle {
        switch level {
        case ...1: HeadingStyle(font: FontSpec(size: 19, weight: .bold), leading: 1.2, above: 24, below: 8)
        case 2: HeadingStyle(font: FontSpec(size: 15, weight: .bold), leading: 1.25, above: 20, below: 6)
        case 3: HeadingStyle(font: FontSpec(size: 12, weight: .semibold), leading: 1.3, above: 14, below: 4)
        default: HeadingStyle(font: FontSpec(size: 10.5, weight: .semibold), leading: 1.4, above: 10, below: 2)
        }
    }

    // Colour: `ReportPalette.PDF`.

    // MARK: Spacing
    /// Between paragraphs (margins collapse: the larger of two neighbours' wins).
    static let paragraphGap = 7.0
    static let listGap = 7.0
    static let itemGap = 3.0
    /// From a list marker's left edge to the item text.
    static let listIndent = 16.0
    static let checkboxSize = 8.5
    static let cellPaddingX = 6.0
    static let cellPaddingY = 4.0
    static let calloutPaddingX = 12.0
    static let calloutPaddingY = 7.0
    static let calloutBarWidth = 2.5
    static let figureGap = 14.0
    static let captionGap = 6.0
    /// Page height a figure leaves free when it is scaled down to fit a page.
    static let figureHeadroom = 60.0
    static let ruleGap = 14.0
    static let ruleWidth = 0.75

    /// Text in `font`, lines `leading` × its size apart, inline code and links in the
    /// report's colours.
    static func paragraph(_ font: FontSpec, leading: Double, align: TextAlign = .left, ellipsize: Bool = false) -> ParagraphStyle {
        ParagraphStyle(font: font, leading: leading, align: align, ellipsize: ellipsize,
                       code: ReportPalette.PDF.code, codeBackground: ReportPalette.PDF.codeBackground,
                       link: ReportPalette.link, linkUnderline: ReportPalette.PDF.linkUnderline)
    }
}
