internal import CYaml
import Yams

/// YAML → `SourceNode`, through Yams' composed node tree (which keeps each node's mark).
/// Guards against alias bombs and deep nesting before anything walks every occurrence.
public enum YAMLReader {
    public static func read(_ text: String, file: String) -> Result<SourceNode, Diagnostic> {
        func fail(_ rule: String, _ loc: SourceLocation, _ msg: String) -> Result<SourceNode, Diagnostic> {
            .failure(Diagnostic(file: file, location: loc, severity: .error, rule: rule, message: msg))
        }
        if InputText.isBlank(text) {
            return fail("input-empty", .start, "file is empty: expected an incident (title, service, start, end, timeline, ...); `hindsight init` writes a template")
        }
        if let deep = nestingBeyondLimit(text) {
            return fail("nesting-depth", deep,
                        "nesting is deeper than \(InputLimits.maxDepth) levels; an incident needs at most 5")
        }
        let node: Node?
        do {
            // Yams' basic resolver: the default one compiles seven regular expressions on first
            // use (8.8 M instructions, ICU's regex engine starting up: 3% of a whole `render`),
            // only to tell what plain scalars read as; `convert` needs that for merge keys
            // alone and tells them itself (`isMergeKey`).
            node = try Yams.compose(yaml: text, .basic)
        } catch let error as YamlError {
            return .failure(diagnostic(for: error, text: text, file: file))
        } catch {
            return fail("syntax", .start, "could not parse YAML: \(error)")
        }
        guard let node else {
            return fail("input-empty", .start, "file holds no YAML document")
        }
        // Aliased nodes share storage in Yams but would be copied by a full walk: measure the
        // expanded size first, memoised on (kind, mark), which an alias shares with its anchor.
        var memo: [Key: Extent] = [:]
        switch expandedSize(node, depth: 1, memo: &memo) {
        case .tooDeep(let mark):
            return fail("nesting-depth", location(mark),
                        "nesting is deeper than \(InputLimits.maxDepth) levels; an incident needs at most 5")
        case .tooLarge:
            return fail("alias-limit", location(node.mark),
                        "document expands to more than \(InputLimits.maxExpandedNodes) values once YAML aliases are followed (an alias bomb?); Hindsight refuses it")
        case .ok:
            var mergeError: SourceLocation?
            let converted = convert(node, mergeError: &mergeError)
            if let mergeError {
                return fail("type", mergeError, "`<<` (a YAML merge key) takes a mapping, an alias of one (`<<: *defaults`) or a list of them")
            }
            return .success(converted)
        }
    }

    /// Where the document first nests deeper than the limit, found before composing: Yams'
    /// composer recurses once per level with no limit, so a deep document would overflow the
    /// stack. libyaml's own event parser keeps its stack on the heap, and reads the text exactly
    /// as composing will (quotes, comments, CR line breaks, block scalars), so the count is
    /// exact. Aliases are single events here; `expandedSize` bounds what they add. A syntax
    /// error ends the count quietly: composing reports it.
    static func nestingBeyondLimit(_ text: String) -> SourceLocation? {
        var text = text
        return text.withUTF8 { bytes -> SourceLocation? in
            guard let base = bytes.baseAddress else { return nil }
            var parser = yaml_parser_t()
            guard yaml_parser_initialize(&parser) == 1 else { return nil }
            defer { yaml_parser_delete(&parser) }
            yaml_parser_set_input_string(&parser, base, bytes.count)
            yaml_parser_set_encoding(&parser, YAML_UTF8_ENCODING)
            var depth = 0
            while true {
                var event = yaml_event_t()
                guard yaml_parser_parse(&parser, &event) == 1 else { return nil }
                defer { yaml_event_delete(&event) }
                switch event.type {
                case YAML_SEQUENCE_START_EVENT, YAML_MAPPING_START_EVENT:
                    depth += 1
                    if depth > InputLimits.maxDepth {
                        return SourceLocation(line: Int(event.start_mark.line) + 1, column: Int(event.start_mark.column) + 1)
                    }
                case YAML_SEQUENCE_END_EVENT, YAML_MAPPING_END_EVENT: depth -= 1
                case YAML_STREAM_END_EVENT: return nil
                default: break
                }
            }
        }
    }

    private struct Key: Hashable { let kind: Int; let line: Int; let column: Int }
    /// A subtree once aliases are followed: how many values, and how many levels of lists and
    /// mappings (0 for a scalar).
    private struct Extent { var size: Int; var height: Int }
    private enum Size { case ok(Extent), tooDeep(Mark?), tooLarge }

    private static func expandedSize(_ node: Node, depth: Int, memo: inout [Key: Extent]) -> Size {
        let kind: Int
        switch node {
        case .scalar: return .ok(Extent(size: 1, height: 0))
        case .mapping: kind = 1
        case .sequence: kind = 2
        }
        if depth > InputLimits.maxDepth { return .tooDeep(node.mark) }
        let key = node.mark.map { Key(kind: kind, line: $0.line, column: $0.column) }
        // A subtree met before is as large again, but an alias may place it deeper than before.
        if let key, let known = memo[key] {
            return depth + known.height - 1 > InputLimits.maxDepth ? .tooDeep(node.mark) : .ok(known)
        }
        var total = Extent(size: 1, height: 1)
        func add(_ child: Node, _ memo: inout [Key: Extent]) -> Size? {
            switch expandedSize(child, depth: depth + 1, memo: &memo) {
            case .ok(let e):
                total.size += e.size
                total.height = max(total.height, e.height + 1)
                return total.size > InputLimits.maxExpandedNodes ? .tooLarge : nil
            case let other: return other
            }
        }
        switch node {
        case .mapping(let m):
            for pair in m {
                if let stop = add(pair.key, &memo) { return stop }
                if let stop = add(pair.value, &memo) { return stop }
            }
        case .sequence(let s):
            for child in s { if let stop = add(child, &memo) { return stop } }
        case .scalar: break
        }
        if let key { memo[key] = total }
        return .ok(total)
    }

    private static func location(_ mark: Mark?) -> SourceLocation {
        guard let mark else { return .start }
        return SourceLocation(line: max(mark.line, 1), column: max(mark.column, 1))
    }

    /// Yams' node → `SourceNode`. Merge keys (`<<: *defaults`, `<<: [*a, *b]`) are applied
    /// as YAML 1.1 defines them: the merged mappings' keys are added unless the mapping
    /// itself (or a mapping listed earlier) has them; a merged pair keeps its own position.
    private static func convert(_ node: Node, mergeError: inout SourceLocation?) -> SourceNode {
        let loc = location(node.mark)
        switch node {
        case .scalar(let s):
            switch s.style {
            case .singleQuoted, .doubleQuoted:
                return SourceNode(.scalar(s.string, .quoted), loc)
            case .literal, .folded:
                return SourceNode(.scalar(s.string, .block), loc)
            default:
                if ["", "~", "null", "Null", "NULL"].contains(s.string) {
                    return SourceNode(.null, loc)
                }
                return SourceNode(.scalar(s.string, .plain), loc)
            }
        case .mapping(let m):
            var own: [(key: SourceNode, value: SourceNode)] = []
            var merged: [(key: SourceNode, value: SourceNode)] = []
            for pair in m {
                guard case .scalar(let k) = pair.key, isMergeKey(k) else {
                    own.append((key: convert(pair.key, mergeError: &mergeError), value: convert(pair.value, mergeError: &mergeError)))
                    continue
                }
                let sources: [Node]
                switch pair.value {
                case .mapping: sources = [pair.value]
                case .sequence(let list) where list.allSatisfy({ $0.mapping != nil }): sources = Array(list)
                default:
                    if mergeError == nil { mergeError = location(pair.value.mark) }
                    continue
                }
                for source in sources {
                    guard case .mapping(let pairs) = convert(source, mergeError: &mergeError).value else { continue }
                    merged += pairs
                }
            }
            var taken = Set(own.compactMap(\.key.scalarText))
            for pair in merged {
                guard let key = pair.key.scalarText, taken.insert(key).inserted else { continue }
                own.append(pair)
            }
            return SourceNode(.mapping(own), loc)
        case .sequence(let s):
            return SourceNode(.sequence(s.map { convert($0, mergeError: &mergeError) }), loc)
        }
    }

    /// Whether a mapping key is YAML 1.1's merge key: a plain scalar tagged `!!merge`, or
    /// untagged and `<<` (which Yams' default resolver resolves to `!!merge`: none of the
    /// rules it tries first, bool, int and float, matches `<<`). Reads the key's own tag,
    /// which nothing resolves (`Node.tag` would, with the basic resolver, to `!!str`).
    static func isMergeKey(_ key: Node.Scalar) -> Bool {
        guard key.style == .plain else { return false }
        let tag = key.tag.description
        return tag == Tag.Name.merge.rawValue || (tag == Tag.Name.implicit.rawValue && key.string == "<<")
    }

    static func diagnostic(for error: YamlError, text: String, file: String) -> Diagnostic {
        func make(_ mark: Mark, _ problem: String, _ context: YamlError.Context?) -> Diagnostic {
            var loc = location(mark)
            var message = problem
            // libyaml's "cannot start any token" at a tab is the classic tab-indentation mistake.
            if let ch = character(in: text, at: loc), ch == "\t" {
                message = "tab character in indentation; YAML indents with spaces only (replace the tab with spaces)"
            } else if problem.contains("mapping values are not allowed") {
                if let (own, above) = misindentedKey(in: text, at: loc) {
                    // `key:` alone before the colon: the key is not lined up with the one above.
                    message = "this key is indented \(own) spaces but the one above \(above); keys of one mapping line up: indent it like the line above"
                    loc.column = own + 1
                } else {
                    message = "unexpected ':' here; a value that contains ': ' must be quoted"
                }
            } else if problem.contains("expected ',' or ']'") || problem.contains("expected ',' or '}'") {
                let bracket = problem.contains("']'") ? "[" : "{"
                let closer = bracket == "[" ? "]" : "}"
                let opened = context.map { " on line \($0.mark.line)" } ?? ""
                let msg = "YAML syntax: the '\(bracket)' opened\(opened) is not closed; add '\(closer)' (or a ',' between items)"
                return Diagnostic(file: file, location: loc, severity: .error, rule: "syntax", message: msg)
            } else if problem.contains("did not find expected key") || problem.contains("did not find expected") {
                message = "\(problem); check the indentation of this line against the one above"
            } else if problem.contains("found duplicate anchor") {
                message = problem
            } else if problem.contains("exceeded the maximum nesting depth") || problem.contains("depth") {
                message = "nesting is too deep (libyaml stops at 1000 levels; an incident needs at most 5)"
                return Diagnostic(file: file, location: loc, severity: .error, rule: "nesting-depth", message: message)
            }
            if let context, !context.text.isEmpty {
                message += " (\(context.text) at line \(context.mark.line))"
            }
            if loc.line < 1 { loc = .start }
            return Diagnostic(file: file, location: loc, severity: .error, rule: "syntax", message: "YAML syntax: " + message)
        }
        switch error {
        case let .scanner(context, problem, mark, _): return make(mark, problem, context)
        case let .parser(context, problem, mark, _): return make(mark, problem, context)
        case let .composer(context, problem, mark, _): return make(mark, problem, context)
        case let .reader(problem, offset, _, _):
            let loc = offset.map { lineColumn(in: text, scalarOffset: $0) } ?? .start
            return Diagnostic(file: file, location: loc, severity: .error, rule: "input-encoding", message: "YAML reader: \(problem)")
        case .memory:
            return Diagnostic(file: file, location: .start, severity: .error, rule: "syntax", message: "YAML parser ran out of memory")
        default:
            return Diagnostic(file: file, location: .start, severity: .error, rule: "syntax", message: "could not parse YAML")
        }
    }

    /// For a `:` libyaml refused at `loc`: when everything before it on its line is a plain
    /// key (no `: ` of its own, so not a value holding a colon) indented differently from the
    /// line above, the two indentations.
    static func misindentedKey(in text: String, at loc: SourceLocation) -> (own: Int, above: Int)? {
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        guard loc.line >= 2, loc.line <= lines.count else { return nil }
        let line = Array(lines[loc.line - 1].unicodeScalars)
        guard loc.column >= 2, loc.column - 1 <= line.count else { return nil }
        let before = String(String.UnicodeScalarView(line[..<(loc.column - 1)]))
        let key = before.drop { $0 == " " }
        guard !key.isEmpty, !key.contains(": "), !key.hasPrefix("-"), !key.contains("#") else { return nil }
        let own = before.count - key.count
        for previous in lines[..<(loc.line - 1)].reversed() {
            let content = previous.drop { $0 == " " }
            if content.isEmpty || content.hasPrefix("#") { continue }
            // In `- key: value` the item's keys line up after the dash.
            let above = previous.count - content.count + (content.hasPrefix("- ") ? 2 : 0)
            return above == own ? nil : (own, above)
        }
        return nil
    }

    private static func character(in text: String, at loc: SourceLocation) -> Unicode.Scalar? {
        var line = 1
        var col = 1
        for u in text.unicodeScalars {
            if line == loc.line && col == loc.column { return u }
            if u == "\n" { line += 1; col = 1; if line > loc.line { return nil } } else { col += 1 }
        }
        return nil
    }

    private static func lineColumn(in text: String, scalarOffset: Int) -> SourceLocation {
        var line = 1, col = 1, n = 0
        for u in text.unicodeScalars {
            if n == scalarOffset { break }
            if u == "\n" { line += 1; col = 1 } else { col += 1 }
            n += 1
        }
        return SourceLocation(line: line, column: col)
    }
}
