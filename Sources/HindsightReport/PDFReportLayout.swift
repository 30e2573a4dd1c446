import HindsightLayout
import HindsightModel

/// A report laid out: every page's boxes at their final place, in PDF points with the origin at
/// the page's top-left. Computed completely (page count included) before anything is drawn;
/// each page is then a `Scene` (`scenes`) that the renderer draws like a figure.
struct PDFReportLayout {
    var pageWidth: Double
    var pageHeight: Double
    var pages: [[PDFReportBox]]

    /// The pages as scenes: the boxes' items in order, headings as outline entries. The paper
    /// is the PDF's own white (a transparent background).
    var scenes: [Scene] {
        pages.map { boxes in
            Scene(figure: "page", width: pageWidth, height: pageHeight, background: RGBA(r: 1, g: 1, b: 1, a: 0),
                  items: boxes.flatMap(\.items),
                  outline: boxes.compactMap { box in
                      box.anchor.map { OutlineEntry(title: $0.title, level: $0.level, at: Point(box.frame.x, box.frame.y)) }
                  })
        }
    }
}

/// One thing on a page: scene items with the role they play in the report (what pagination,
/// tests and checks look at), at the box's place.
struct PDFReportBox {
    enum Role: Hashable {
        case title, subtitle, byline, heading(level: Int), paragraph, listItem, listMarker
        case tableHeader, tableRow, figure, caption, prompt, rule, background, footer
    }

    /// A heading's outline entry (which jumps to the box).
    struct Anchor: Hashable {
        var title: String
        var level: Int
    }

    var role: Role
    var frame: Rect
    /// What the box draws into its frame. Applied where the box ends up on its page, so that
    /// every coordinate is computed from the final frame.
    let draw: (Rect) -> [SceneItem]
    var anchor: Anchor?

    init(_ role: Role, _ frame: Rect, anchor: Anchor? = nil, draw: @escaping (Rect) -> [SceneItem]) {
        self.role = role; self.frame = frame; self.draw = draw; self.anchor = anchor
    }

    /// What the box draws, at its place.
    var items: [SceneItem] { draw(frame) }

    /// Lines of a paragraph (all by default): the frame's left edge is the paragraph's, its
    /// top the top of the first line's box.
    static func text(_ role: Role, _ frame: Rect, _ text: MeasuredParagraph, lines: Range<Int>? = nil, color: RGBA,
                     anchor: Anchor? = nil) -> PDFReportBox {
        Self.lines(role, frame, ParagraphRun(text.paragraph, lines: lines ?? text.lines.indices, frame: frame, color: color), anchor: anchor)
    }

    /// A paragraph's lines drawn at the box's frame.
    static func lines(_ role: Role, _ frame: Rect, _ run: ParagraphRun, anchor: Anchor? = nil) -> PDFReportBox {
        PDFReportBox(role, frame, anchor: anchor) { frame in
            var run = run
            run.frame = frame
            return [.paragraph(run)]
        }
    }

    static func fill(_ role: Role, _ frame: Rect, _ color: RGBA) -> PDFReportBox {
        PDFReportBox(role, frame) { [.shape(.rect($0, cornerRadius: 0), Paint(fill: color))] }
    }

    /// A task's box, ticked when done.
    static func checkbox(_ frame: Rect, done: Bool) -> PDFReportBox {
        PDFReportBox(.listMarker, frame) { r in
            let lineWidth = 0.9
            guard done else {
                // Stroked, inset by half the line so that ink stays inside the frame.
                return [.shape(.rect(r.insetBy(lineWidth / 2), cornerRadius: 1.6),
                               Paint(stroke: ReportPalette.PDF.checkboxStroke, lineWidth: lineWidth))]
            }
            let tick = [Point(r.minX + r.w * 0.24, r.minY + r.h * 0.53), Point(r.minX + r.w * 0.43, r.minY + r.h * 0.72),
                        Point(r.minX + r.w * 0.77, r.minY + r.h * 0.3)]
            return [.shape(.rect(r, cornerRadius: 1.6), Paint(fill: ReportPalette.PDF.checkboxDone)),
                    .shape(.polyline(tick), Paint(stroke: RGBA(r: 1, g: 1, b: 1), lineWidth: 1.3, round: true))]
        }
    }

    /// A figure scaled to fill the frame, with a hairline that sets a figure with a white
    /// background apart from the page.
    static func figure(_ frame: Rect, _ scene: Scene) -> PDFReportBox {
        PDFReportBox(.figure, frame) { r in
            let border = 0.5
            return [.scene(scene, frame: r),
                    .shape(.rect(r.insetBy(border / 2), cornerRadius: 0), Paint(stroke: ReportPalette.PDF.figureBorder, lineWidth: border))]
        }
    }

    /// The box moved down by `dy`.
    func movedDown(by dy: Double) -> PDFReportBox {
        var box = self
        box.frame.y += dy
        return box
    }
}

/// The smallest piece pagination moves: a line of a paragraph or list item, a heading, a table
/// row, a figure with its caption. Boxes have their page x, and y from the unit's top.
struct FlowUnit {
    /// Space above the unit; dropped when the unit starts a page.
    var spaceBefore = 0.0
    var height: Double
    var boxes: [PDFReportBox]
    /// No page break between this unit and the next.
    var keepWithNext = false
    /// Index (in the flow) of a unit placed again above this one when this one starts a page:
    /// a table's header row.
    var repeatedHeader: Int?
    /// Consecutive units of one group share a background, drawn once per page (callouts).
    var group: Group?

    struct Group {
        var id: Int
        var x: Double
        var width: Double
        var fill: RGBA
        /// A bar down the group's left edge.
        var bar: RGBA
    }
}

/// Turns a document's blocks into flow units, in reading order, with the spacing between blocks
/// (collapsed like CSS margins) and the keep-together rules pagination must honour.
struct PDFReportComposer {
    typealias Style = PDFReportStyle

    let measurer: any ParagraphMeasurer
    let left: Double
    let width: Double
    /// Height of a page's text area: a figure taller than this is scaled down.
    let pageContentHeight: Double

    private(set) var units: [FlowUnit] = []
    /// The previous block's space below.
    private var pendingSpace = 0.0
    /// Set after a heading: the next block's first unit keeps with its second.
    private var followsHeading = false
    private var figureCount = 0
    private var groupCount = 0

    init(measurer: any ParagraphMeasurer, left: Double, width: Double, pageContentHeight: Double) {
        self.measurer = measurer; self.left = left; self.width = width; self.pageContentHeight = pageContentHeight
    }

    // MARK: Blocks

    mutating func addHeader(of document: Document) {
        let title = paragraph([.text(document.title)], Style.title, leading: 1.2)
        var header = lineUnits(title, x: left, role: .title, color: ReportPalette.text)
        if let subtitle = document.subtitle, !subtitle.isEmpty {
            var units = lineUnits(paragraph([.text(subtitle)], Style.subtitle, leading: 1.35),
                                  x: left, role: .subtitle, color: ReportPalette.muted)
            units[0].spaceBefore = 4
            header += units
        }
        // The byline names the authors already; the authors alone stand in when it is missing.
        let byline = document.byline ?? document.authors.joined(separator: ", ")
        if !byline.isEmpty {
            var units = lineUnits(paragraph([.text(byline)], Style.byline, leading: 1.4),
                                  x: left, role: .byline, color: ReportPalette.muted)
            units[0].spaceBefore = 8
            header += units
        }
        // The header stays together, and with the rule under it.
        for i in header.indices { header[i].keepWithNext = true }
        add(header, above: 0, below: 12)
        add([rule()], above: 12, below: 18)
    }

    mutating func add(_ block: Block) {
        switch block {
        case .heading(let level, let content): addHeading(level: level, content)
        case .paragraph(let content):
            guard content.plain.contains(where: { !$0.isWhitespace }) else { return }
            let text = paragraph(content, Style.body, leading: Style.bodyLeading)
            add(lineUnits(text, x: left, role: .paragraph, color: ReportPalette.text), above: Style.paragraphGap, below: Style.paragraphGap)
        case .bullets(let items):
            addList(items.map { (.bullet, $0) })
        case .numbered(let items):
            addList(items.enumerated().map { (.number($0.offset + 1), $0.element) })
        case .tasks(let items):
            addList(items.map { (.checkbox(done: $0.done), $0.content) })
        case .table(let header, let rows): addTable(header: header, rows: rows)
        case .figure(let figure): addFigure(figure)
        case .prompt(let text): addPrompt(text)
        case .rule:
            // A separator goes with what it introduces, never at the foot of a page.
            var unit = rule()
            unit.keepWithNext = true
            add([unit], above: Style.ruleGap, below: Style.ruleGap)
        }
    }

    private mutating func addHeading(level: Int, _ content: [Inline]) {
        guard content.plain.contains(where: { !$0.isWhitespace }) else { return }
        let style = Style.heading(level)
        let text = paragraph(content, style.font, leading: style.leading)
        let anchor = PDFReportBox.Anchor(title: Self.outlineTitle(content), level: level)
        // A heading is one unit (never split) that keeps with what follows.
        let unit = FlowUnit(height: text.height,
                            boxes: [.text(.heading(level: level), Rect(x: left, y: 0, w: width, h: text.height), text,
                                          color: ReportPalette.text, anchor: anchor)],
                            keepWithNext: true)
        add([unit], above: style.above, below: style.below, isHeading: true)
    }

    private enum Marker {
        case bullet
        case number(Int)
        case checkbox(done: Bool)
    }

    private mutating func addList(_ items: [(Marker, [Inline])]) {
        let font = Style.body
        // Bullets and numbers, laid out once each; all bullets share one layout.
        var bullet: MeasuredParagraph?
        let marks: [MeasuredParagraph?] = items.map { marker, _ in
            switch marker {
            case .bullet:
                if bullet == nil { bullet = paragraph([.text("•")], font, leading: Style.bodyLeading) }
                return bullet
            case .number(let n): return paragraph([.text("\(n).")], font, leading: Style.bodyLeading)
            case .checkbox: return nil
            }
        }
        let numberWidth = zip(items, marks).compactMap { item, mark in
            if case .number = item.0 { mark?.width } else { nil }
        }.max() ?? 0
        let indent = max(Style.listIndent, numberWidth + 6)
        var units: [FlowUnit] = []
        for (index, (marker, content)) in items.enumerated() {
            let text = paragraph(content, font, leading: Style.bodyLeading, width: width - indent)
            var item = lineUnits(text, x: left + indent, role: .listItem, color: ReportPalette.text)
            // The marker rides on the item's first line (and comes first, so that pagination
            // can merge the item's lines into one text box per page).
            let baseline = text.lines[0].baseline
            if let mark = marks[index] {
                let x = if case .bullet = marker { left + 3 } else { left + indent - 6 - mark.width }
                let y = baseline - mark.lines[0].baseline
                item[0].boxes.insert(.text(.listMarker, Rect(x: x, y: y, w: mark.width, h: mark.height), mark, color: ReportPalette.text), at: 0)
            } else if case .checkbox(let done) = marker {
                let size = Style.checkboxSize
                // Centred on the middle of a capital letter, which is where the eye expects it.
                let middle = baseline - font.size * 0.36
                item[0].boxes.insert(.checkbox(Rect(x: left + 1, y: middle - size / 2, w: size, h: size), done: done), at: 0)
            }
            if index > 0 { item[0].spaceBefore = Style.itemGap }
            // Like lines in a paragraph, neither the first nor the last item is left alone on a page.
            if index < items.count - 1, index == 0 || index == items.count - 2 {
                item[item.count - 1].keepWithNext = true
            }
            units += item
        }
        add(units, above: Style.listGap, below: Style.listGap)
    }

    private mutating func addTable(header: [[Inline]], rows: [[[Inline]]]) {
        let columns = max(header.count, rows.map(\.count).max() ?? 0)
        guard columns > 0 else { return }
        func padded(_ cells: [[Inline]]) -> [[Inline]] { cells + Array(repeating: [], count: columns - cells.count) }
        let hasHeader = !header.isEmpty
        let allRows = (hasHeader ? [padded(header)] : []) + rows.map(padded)
        let fonts = (hasHeader ? [Style.tableHeader] : []) + Array(repeating: Style.table, count: rows.count)
        let styles = fonts.map { Style.paragraph($0, leading: Style.tableLeading) }
        let cells = allRows.enumerated().map { r, cells in
            cells.map { Paragraph($0, style: styles[r], width: nil) }
        }
        let widths = columnWidths(cells)
        let tableWidth = widths.reduce(0, +)

        var units: [FlowUnit] = []
        for (r, row) in cells.enumerated() {
            let isHeader = hasHeader && r == 0
            var x = left
            var boxes: [PDFReportBox] = []
            var height = 0.0
            for (c, cell) in row.enumerated() {
                let text = measurer.measure(Paragraph(cell.content, style: cell.style, width: widths[c] - 2 * Style.cellPaddingX))
                boxes.append(.text(isHeader ? .tableHeader : .tableRow, Rect(x: x + Style.cellPaddingX, y: Style.cellPaddingY,
                                               w: widths[c] - 2 * Style.cellPaddingX, h: text.height), text, color: ReportPalette.text))
                height = max(height, text.height)
                x += widths[c]
            }
            height += 2 * Style.cellPaddingY
            // A rule under every row, a darker one under the header; a table without a header
            // gets a rule on top instead.
            let ruleHeight = isHeader ? 0.8 : 0.5
            boxes.append(.fill(.rule, Rect(x: left, y: height - ruleHeight, w: tableWidth, h: ruleHeight), isHeader ? ReportPalette.PDF.tableHeaderRule : ReportPalette.PDF.tableRule))
            if isHeader {
                boxes.insert(.fill(.background, Rect(x: left, y: 0, w: tableWidth, h: height), ReportPalette.PDF.tableHeaderFill), at: 0)
            } else if !hasHeader && r == 0 {
                boxes.append(.fill(.rule, Rect(x: left, y: 0, w: tableWidth, h: 0.8), ReportPalette.PDF.tableHeaderRule))
            }
            // The header row keeps with the first row and is repeated on every page the table
            // continues on. A row is never split.
            units.append(FlowUnit(height: height, boxes: boxes, keepWithNext: isHeader && !rows.isEmpty,
                                  repeatedHeader: hasHeader && !isHeader ? 0 : nil))
        }
        add(units, above: Style.figureGap, below: Style.figureGap)
    }

    /// Column widths filling the text width, from the cells' content (as browsers size an
    /// automatic table): every column gets at least its longest word where possible, and the
    /// rest goes to the columns that want more to avoid wrapping.
    private func columnWidths(_ cells: [[Paragraph]]) -> [Double] {
        let columns = cells[0].count
        var minimum = Array(repeating: 0.0, count: columns), natural = minimum
        for row in cells {
            for (c, cell) in row.enumerated() {
                let w = measurer.widths(cell)
                minimum[c] = max(minimum[c], w.min + 2 * Style.cellPaddingX)
                natural[c] = max(natural[c], w.natural + 2 * Style.cellPaddingX)
            }
        }
        let naturalSum = natural.reduce(0, +), minimumSum = minimum.reduce(0, +)
        if naturalSum <= width {
            return natural.map { $0 + (width - naturalSum) * $0 / naturalSum }
        }
        if minimumSum <= width {
            let want = zip(natural, minimum).map { $0 - $1 }
            let wantSum = want.reduce(0, +)
            return zip(minimum, want).map { $0 + (width - minimumSum) * $1 / wantSum }
        }
        // Some column has a word wider than its share (a URL, say): columns that fit in an
        // equal share get their natural width, the others split what is left equally, and
        // pango breaks inside the words that still do not fit.
        var widths = natural
        var open = Array(natural.indices)
        var remaining = width
        while !open.isEmpty {
            let share = remaining / Double(open.count)
            let fitting = open.filter { natural[$0] <= share }
            if fitting.isEmpty {
                open.forEach { widths[$0] = share }
                break
            }
            remaining -= fitting.reduce(0) { $0 + natural[$1] }
            open.removeAll { fitting.contains($0) }
        }
        return widths
    }

    private mutating func addFigure(_ figure: DocumentFigure) {
        figureCount += 1
        let scene = figure.scene
        let label = figure.caption ?? figure.alt
        var content: [Inline] = [.bold([.text("Figure \(figureCount).")])]
        if !label.isEmpty { content.append(.text(" " + label)) }
        var caption = paragraph(content, Style.caption, leading: Style.captionLeading)
        let below = Style.captionGap + caption.height
        // Text width, unless that makes it taller than a page: then as large as a page allows
        // with room left for a heading above it (which must not be parted from it).
        let scale = min(width / scene.width, (pageContentHeight - below - Style.figureHeadroom) / scene.height)
        let size = (w: scene.width * scale, h: scene.height * scale)
        // Under a figure narrower than the text, the caption is centred like the figure (same
        // width, so the same lines and height).
        if size.w < width - 0.5 {
            caption = paragraph(content, Style.caption, leading: Style.captionLeading, align: .center)
        }
        let frame = Rect(x: left + (width - size.w) / 2, y: 0, w: size.w, h: size.h)
        let unit = FlowUnit(height: size.h + below, boxes: [
            .figure(frame, scene),
            .text(.caption, Rect(x: left, y: size.h + Style.captionGap, w: width, h: caption.height), caption, color: ReportPalette.muted),
        ])
        add([unit], above: Style.figureGap, below: Style.figureGap)
    }

    private mutating func addPrompt(_ text: String) {
        let inset = Style.calloutBarWidth + Style.calloutPaddingX
        let prompt = paragraph([.text(text)], Style.prompt, leading: Style.bodyLeading, width: width - inset - Style.calloutPaddingX)
        var units = lineUnits(prompt, x: left + inset, role: .prompt, color: ReportPalette.muted)
        groupCount += 1
        let group = FlowUnit.Group(id: groupCount, x: left, width: width, fill: ReportPalette.calloutFill, bar: ReportPalette.PDF.calloutBar)
        for i in units.indices { units[i].group = group }
        // The callout's padding belongs to its first and last lines.
        units[0].height += Style.calloutPaddingY
        units[0].boxes = units[0].boxes.map { $0.movedDown(by: Style.calloutPaddingY) }
        units[units.count - 1].height += Style.calloutPaddingY
        add(units, above: Style.figureGap - 4, below: Style.figureGap - 4)
    }

    private func rule() -> FlowUnit {
        FlowUnit(height: Style.ruleWidth,
                 boxes: [.fill(.rule, Rect(x: left, y: 0, w: width, h: Style.ruleWidth), ReportPalette.rule)])
    }

    // MARK: Helpers

    /// Appends a block's units, giving the first one the collapsed space between blocks.
    private mutating func add(_ block: [FlowUnit], above: Double, below: Double, isHeading: Bool = false) {
        guard !block.isEmpty else { return }
        var block = block
        block[0].spaceBefore = max(block[0].spaceBefore, pendingSpace, above)
        // A heading keeps with at least two lines of what follows it.
        if followsHeading, block.count > 1 { block[0].keepWithNext = true }
        // Units refer to each other by flow index.
        let offset = units.count
        for i in block.indices { block[i].repeatedHeader = block[i].repeatedHeader.map { $0 + offset } }
        units += block
        pendingSpace = below
        followsHeading = isHeading
    }

    private func paragraph(_ content: [Inline], _ font: FontSpec, leading: Double, width: Double? = nil,
                           align: TextAlign = .left) -> MeasuredParagraph {
        measurer.measure(Paragraph(content, style: Style.paragraph(font, leading: leading, align: align), width: width ?? self.width))
    }

    /// One unit per line, so the paragraph can break between lines, except where that would
    /// leave a single line alone: never after the first line (orphan) or before the last (widow).
    private func lineUnits(_ text: MeasuredParagraph, x: Double, role: PDFReportBox.Role, color: RGBA) -> [FlowUnit] {
        let count = text.lines.count
        return text.lines.enumerated().map { i, line in
            FlowUnit(height: line.height,
                     boxes: [.text(role, Rect(x: x, y: 0, w: line.x + line.width, h: line.height), text, lines: i..<i + 1, color: color)],
                     keepWithNext: count > 1 && (i == 0 || i == count - 2))
        }
    }

    /// A heading's text for the PDF outline: one line, no markup.
    static func outlineTitle(_ content: [Inline]) -> String { oneLine(content.plain) }

    /// `text` on one line: its line breaks become spaces.
    static func oneLine(_ text: String) -> String {
        text.split(whereSeparator: \.isNewline).joined(separator: " ")
    }
}
