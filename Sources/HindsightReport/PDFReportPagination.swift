import HindsightLayout

/// Breaks a flow of units into pages.
///
/// Units go down the page until one does not fit; the break then goes before it, or further
/// back past every unit that must stay with its successor (`keepWithNext`). Only a chain of
/// kept units taller than a whole page is broken where it overflows. A table row that starts a
/// page gets the table's header row above it again.
enum PDFReportPaginator {
    struct Placed {
        var unit: FlowUnit
        /// Top of the unit on its page.
        var y: Double
        /// The unit's index in the flow; nil for a repeated table header.
        var index: Int?
    }

    /// Pages of placed units; the text area runs from `top` to `bottom` (page y).
    static func paginate(_ units: [FlowUnit], top: Double, bottom: Double) -> [[Placed]] {
        var pages: [[Placed]] = [[]]
        var y = top
        var i = 0
        while i < units.count {
            let unit = units[i]
            let page = pages[pages.count - 1]
            let gap = page.isEmpty ? 0 : unit.spaceBefore
            if let first = page.lazy.compactMap(\.index).first, y + gap + unit.height > bottom + 1e-6 {
                var next = i
                while next > first, units[next - 1].keepWithNext { next -= 1 }
                if next == first { next = i }
                pages[pages.count - 1].removeAll { ($0.index ?? -1) >= next }
                pages.append([])
                y = top
                i = next
                if let header = units[next].repeatedHeader {
                    pages[pages.count - 1].append(Placed(unit: units[header], y: y, index: nil))
                    y += units[header].height
                }
                continue
            }
            pages[pages.count - 1].append(Placed(unit: unit, y: y + gap, index: i))
            y += gap + unit.height
            i += 1
        }
        return pages
    }

    /// A page's boxes in drawing order, at page coordinates: each group's background first,
    /// then the units' boxes, with consecutive lines of one paragraph merged into one box.
    static func boxes(of page: [Placed]) -> [PDFReportBox] {
        var boxes: [PDFReportBox] = []
        for (k, placed) in page.enumerated() {
            if let group = placed.unit.group, k == 0 || page[k - 1].unit.group?.id != group.id {
                let run = page[k...].prefix { $0.unit.group?.id == group.id }
                let bottom = run.last.map { $0.y + $0.unit.height } ?? placed.y
                let area = Rect(x: group.x, y: placed.y, w: group.width, h: bottom - placed.y)
                boxes.append(.fill(.background, area, group.fill))
                boxes.append(.fill(.background, Rect(x: area.x, y: area.y, w: PDFReportStyle.calloutBarWidth, h: area.h), group.bar))
            }
            for box in placed.unit.boxes.map({ $0.movedDown(by: placed.y) }) {
                if let last = boxes.last, let merged = merge(last, box) {
                    boxes[boxes.count - 1] = merged
                } else {
                    boxes.append(box)
                }
            }
        }
        return boxes
    }

    /// One box for two boxes holding consecutive lines of the same paragraph.
    private static func merge(_ a: PDFReportBox, _ b: PDFReportBox) -> PDFReportBox? {
        guard a.role == b.role, a.anchor == nil, b.anchor == nil else { return nil }
        let (itemsA, itemsB) = (a.items, b.items)
        guard itemsA.count == 1, itemsB.count == 1,
              case .paragraph(var run) = itemsA[0], case .paragraph(let next) = itemsB[0],
              run.paragraph == next.paragraph, run.lines.upperBound == next.lines.lowerBound else { return nil }
        run.lines = run.lines.lowerBound..<next.lines.upperBound
        return .lines(a.role, a.frame.union(b.frame), run)
    }
}
