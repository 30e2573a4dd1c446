import CCmark

/// A parsed cmark-gfm document that owns its node tree: the tree is freed with the value.
/// Not shared between threads; every parse makes its own. Shared by the importer (whole
/// postmortems) and `Inline.parse` (text fields) within the package.
package final class CmarkDocument {
    package let root: OpaquePointer

    /// The GitHub extensions the importer reads: tables, task lists, strikethrough, autolinks.
    package static let extensionNames = ["table", "tasklist", "strikethrough", "autolink"]

    /// Registration of the core extensions is a process-wide, run-once step (a Swift global
    /// initializer is thread-safe; the C function is not).
    private static let registered: Void = { cmark_gfm_core_extensions_ensure_registered() }()

    /// Parses `text`; `tables: false` leaves pipe tables as paragraphs (see `MarkdownDocument`).
    package init?(_ text: String, tables: Bool = true) {
        _ = Self.registered
        guard let parser = cmark_parser_new(CMARK_OPT_DEFAULT) else { return nil }
        defer { cmark_parser_free(parser) }
        for name in Self.extensionNames where tables || name != "table" {
            if let ext = cmark_find_syntax_extension(name) { cmark_parser_attach_syntax_extension(parser, ext) }
        }
        var bytes = Array(text.utf8)
        bytes.withUnsafeMutableBufferPointer { buf in
            buf.baseAddress!.withMemoryRebound(to: CChar.self, capacity: buf.count) {
                cmark_parser_feed(parser, $0, buf.count)
            }
        }
        guard let doc = cmark_parser_finish(parser) else { return nil }
        root = doc
    }

    deinit { cmark_node_free(root) }

    /// Visits every node in document order without recursion (cmark's iterator), so nesting
    /// depth costs memory in the caller's own stack only. Leaf nodes get `enter` only.
    package func walk(_ visit: (CmarkNode, _ entering: Bool) -> Void) {
        guard let iter = cmark_iter_new(root) else { return }
        defer { cmark_iter_free(iter) }
        while true {
            let ev = cmark_iter_next(iter)
            if ev == CMARK_EVENT_DONE || ev == CMARK_EVENT_NONE { break }
            guard let node = cmark_iter_get_node(iter) else { continue }
            visit(CmarkNode(ptr: node), ev == CMARK_EVENT_ENTER)
        }
    }
}

/// A borrowed view of one node; valid while its `CmarkDocument` lives.
package struct CmarkNode {
    package let ptr: OpaquePointer

    package enum Kind {
        case document, blockQuote, list, item, codeBlock, htmlBlock, paragraph, heading, thematicBreak
        case text, softBreak, lineBreak, code, htmlInline, emph, strong, link, image
        case table, tableRow, tableCell, strikethrough, other
    }

    package var kind: Kind {
        switch cmark_node_get_type(ptr) {
        case CMARK_NODE_DOCUMENT: return .document
        case CMARK_NODE_BLOCK_QUOTE: return .blockQuote
        case CMARK_NODE_LIST: return .list
        case CMARK_NODE_ITEM: return .item
        case CMARK_NODE_CODE_BLOCK: return .codeBlock
        case CMARK_NODE_HTML_BLOCK: return .htmlBlock
        case CMARK_NODE_PARAGRAPH: return .paragraph
        case CMARK_NODE_HEADING: return .heading
        case CMARK_NODE_THEMATIC_BREAK: return .thematicBreak
        case CMARK_NODE_TEXT: return .text
        case CMARK_NODE_SOFTBREAK: return .softBreak
        case CMARK_NODE_LINEBREAK: return .lineBreak
        case CMARK_NODE_CODE: return .code
        case CMARK_NODE_HTML_INLINE: return .htmlInline
        case CMARK_NODE_EMPH: return .emph
        case CMARK_NODE_STRONG: return .strong
        case CMARK_NODE_LINK: return .link
        case CMARK_NODE_IMAGE: return .image
        default:
            // Extension nodes are told apart by their type string.
            switch typeString {
            case "table": return .table
            case "table_row", "table_header": return .tableRow
            case "table_cell": return .tableCell
            case "tasklist": return .item
            case "strikethrough": return .strikethrough
            default: return .other
            }
        }
    }

    package var typeString: String { cmark_node_get_type_string(ptr).map { String(cString: $0) } ?? "" }
    package var literal: String { cmark_node_get_literal(ptr).map { String(cString: $0) } ?? "" }
    /// A link's destination (empty for other nodes).
    package var url: String { cmark_node_get_url(ptr).map { String(cString: $0) } ?? "" }
    package var startLine: Int { Int(cmark_node_get_start_line(ptr)) }
    package var headingLevel: Int { Int(cmark_node_get_heading_level(ptr)) }
    package var fenceInfo: String { cmark_node_get_fence_info(ptr).map { String(cString: $0) } ?? "" }
    package var isFenced: Bool {
        // cmark writes through all three pointers.
        var length: Int32 = 0, offset: Int32 = 0
        var character: CChar = 0
        return cmark_node_get_fenced(ptr, &length, &offset, &character) != 0
    }
    package var isTaskItem: Bool { typeString == "tasklist" }
    package var isTaskChecked: Bool { cmark_gfm_extensions_get_tasklist_item_checked(ptr) }
    package var isHeaderRow: Bool { cmark_gfm_extensions_get_table_row_is_header(ptr) != 0 }
}
