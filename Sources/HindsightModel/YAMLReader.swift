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
            node = try Yams.compose(yaml: text)
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
        var memo: [Key: Int] = [:]
        switch expandedSize(node, depth: 1, memo: &memo) {
        case .tooDeep(let mark):
            return fail("nesting-depth", location(mark),
                        "nesting is deeper than \(InputLimits.maxDepth) levels; an incident needs at most 5")
        case .tooLarge:
            return fail("alias-limit", location(node.mark),
                        "document expands to more than \(InputLimits.maxExpandedNodes) values once YAML aliases are followed (an alias bomb?); Hindsight refuses it")
        case .ok:
            return .success(convert(node))
        }
    }

    /// A lexical bound on nesting, checked before composing: Yams' composer recurses once per
    /// level with no limit, so very deep input would overflow the stack. Counts block levels
    /// (indentation steps and `- ` chains) plus open flow brackets outside quotes and comments;
    /// it never undercounts, and normal text cannot reach the limit. Returns where it is passed.
    static func nestingBeyondLimit(_ text: String) -> SourceLocation? {
        var text = text
        return text.withUTF8 { bytes -> SourceLocation? in
            var indents: [Int] = []
            var flow = 0
            var line = 0
            var i = 0
            let n = bytes.count
            // Column of byte `k` on the line starting at `lineStart` (counting scalars).
            func column(_ lineStart: Int, _ k: Int) -> Int {
                var c = 1
                for j in lineStart..<k where bytes[j] & 0xC0 != 0x80 { c += 1 }
                return c
            }
            while i < n {
                line += 1
                let lineStart = i
                var end = i
                while end < n && bytes[end] != 0x0A { end += 1 }
                defer { i = end + 1 }
                var k = i
                while k < end && bytes[k] == 0x20 { k += 1 }
                if k == end || bytes[k] == UInt8(ascii: "#") || bytes[k] == 0x0D { continue }
                if flow == 0 {
                    let indent = k - lineStart
                    while let last = indents.last, last >= indent { indents.removeLast() }
                    indents.append(indent)
                }
                var depth = indents.count
                // `- - - x` nests one level per dash.
                while k + 1 < end && (bytes[k] == UInt8(ascii: "-") || bytes[k] == UInt8(ascii: "?")) && bytes[k + 1] == 0x20 {
                    depth += 1
                    k += 2
                    while k < end && bytes[k] == 0x20 { k += 1 }
                    if depth + flow > InputLimits.maxDepth { return SourceLocation(line: line, column: column(lineStart, k)) }
                }
                var quote: UInt8 = 0
                while k < end {
                    let c = bytes[k]
                    if quote != 0 {
                        if c == quote { quote = 0 }
                    } else if c == UInt8(ascii: "\"") || c == UInt8(ascii: "'") {
                        quote = c
                    } else if c == UInt8(ascii: "#") && (k == lineStart || bytes[k - 1] == 0x20) {
                        break
                    } else if c == UInt8(ascii: "[") || c == UInt8(ascii: "{") {
                        flow += 1
                        if depth + flow > InputLimits.maxDepth { return SourceLocation(line: line, column: column(lineStart, k)) }
                    } else if (c == UInt8(ascii: "]") || c == UInt8(ascii: "}")) && flow > 0 {
                        flow -= 1
                    }
                    k += 1
                }
                if depth + flow > InputLimits.maxDepth { return SourceLocation(line: line, column: 1) }
            }
            return nil
        }
    }

    private struct Key: Hashable { let kind: Int; let line: Int; let column: Int }
    private enum Size { case ok(Int), tooDeep(Mark?), tooLarge }

    private static func expandedSize(_ node: Node, depth: Int, memo: inout [Key: Int]) -> Size {
        let kind: Int
        switch node {
        case .scalar: return .ok(1)
        case .mapping: kind = 1
        case .sequence: kind = 2
        }
        if depth > InputLimits.maxDepth { return .tooDeep(node.mark) }
        let key = node.mark.map { Key(kind: kind, line: $0.line, column: $0.column) }
        if let key, let known = memo[key] { return .ok(known) }
        var total = 1
        func add(_ child: Node, _ memo: inout [Key: Int]) -> Size? {
            switch expandedSize(child, depth: depth + 1, memo: &memo) {
            case .ok(let n):
                total += n
                return total > InputLimits.maxExpandedNodes ? .tooLarge : nil
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

    private static func convert(_ node: Node) -> SourceNode {
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
            return SourceNode(.mapping(m.map { (key: convert($0.key), value: convert($0.value)) }), loc)
        case .sequence(let s):
            return SourceNode(.sequence(s.map(convert)), loc)
        }
    }

    static func diagnostic(for error: YamlError, text: String, file: String) -> Diagnostic {
        func make(_ mark: Mark, _ problem: String, _ context: YamlError.Context?) -> Diagnostic {
            var loc = location(mark)
            var message = problem
            // libyaml's "cannot start any token" at a tab is the classic tab-indentation mistake.
            if let ch = character(in: text, at: loc), ch == "\t" {
                message = "tab character in indentation; YAML indents with spaces only (replace the tab with spaces)"
            } else if problem.contains("mapping values are not allowed") {
                message = "unexpected ':' here; a value that contains ': ' must be quoted"
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
