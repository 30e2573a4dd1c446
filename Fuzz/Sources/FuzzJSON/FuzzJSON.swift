import Foundation
import FuzzChecks
import HindsightModel

/// libFuzzer target for the JSON reader. Besides the loader's properties (FuzzChecks):
/// - differential: what JSONReader accepts, Foundation's JSONSerialization accepts too, with
///   the same values (not the converse: JSONSerialization also takes `[1,]`; and it refuses
///   numbers beyond a Double, which JSONReader keeps as text for the decoder to judge; and it
///   drops a U+FEFF at the start of a string or after an escape, which JSONReader keeps);
/// - the values JSONReader read, written back out with JSONValue, read back the same.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzJSON(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let bytes = data.map { Array(UnsafeBufferPointer(start: $0, count: size)) } ?? []
    FuzzChecks.check(IncidentLoader.load(bytes: bytes, file: "fuzz.json", format: .json), input: bytes, format: "json")
    // The text exactly as the loader hands it to the reader (BOM dropped, encoding checked).
    guard case .success(let text) = InputText.decode(bytes, file: "fuzz.json") else { return 0 }
    let foundation = try? JSONSerialization.jsonObject(with: Data(text.utf8), options: .fragmentsAllowed)
    guard case .success(let node) = JSONReader.read(text, file: "fuzz.json"), !JSONCompare.hasHugeNumber(node) else { return 0 }
    guard let foundation else { FuzzChecks.fail("JSONReader accepts what JSONSerialization refuses") }
    if let why = JSONCompare.difference(node, foundation) { FuzzChecks.fail("JSONReader and JSONSerialization differ: \(why)") }
    let written = JSONCompare.value(node).serialized()
    guard case .success(let again) = JSONReader.read(written, file: "again.json") else {
        FuzzChecks.fail("JSONValue wrote JSON that JSONReader refuses: \(written)")
    }
    if let why = JSONCompare.difference(node, again) { FuzzChecks.fail("write and read back differs: \(why)") }
    return 0
}

enum JSONCompare {
    /// The node as a JSONValue: numbers become doubles, `true`/`false` booleans.
    static func value(_ n: SourceNode) -> JSONValue {
        switch n.value {
        case .null: return .null
        case .scalar(let s, .quoted): return .string(s)
        case .scalar(let s, _): return s == "true" ? .bool(true) : s == "false" ? .bool(false) : .number(Double(s) ?? .nan)
        case .sequence(let items): return .array(items.map(value))
        case .mapping(let pairs): return .object(pairs.map { ($0.key.scalarText ?? "", value($0.value)) })
        }
    }

    /// True when a number is beyond a Double's range.
    static func hasHugeNumber(_ n: SourceNode) -> Bool {
        switch n.value {
        case .scalar(let s, .plain): return s != "true" && s != "false" && Double(s).map { !$0.isFinite } == true
        case .scalar, .null: return false
        case .sequence(let items): return items.contains(where: hasHugeNumber)
        case .mapping(let pairs): return pairs.contains { hasHugeNumber($0.value) }
        }
    }

    static func sameNumber(_ a: Double?, _ b: Double?) -> Bool {
        guard let a, let b else { return false }
        if !a.isFinite || !b.isFinite { return !a.isFinite && !b.isFinite }
        return a == b || abs(a - b) <= 1e-12 * max(abs(a), abs(b))
    }

    static func sameText(_ a: String, _ b: String) -> Bool { a.unicodeScalars.elementsEqual(b.unicodeScalars) }

    /// The text as compared with JSONSerialization's: without U+FEFF.
    static func foundationText(_ s: String) -> String {
        String(String.UnicodeScalarView(s.unicodeScalars.filter { $0 != "\u{FEFF}" }))
    }

    /// Where a JSONReader tree and a JSONSerialization object disagree, or nil.
    static func difference(_ n: SourceNode, _ o: Any) -> String? {
        switch n.value {
        case .null: return o is NSNull ? nil : "null vs \(o)"
        case .scalar(let s, .quoted):
            guard let t = o as? String, sameText(foundationText(s), foundationText(t)) else {
                return "string \(s.debugDescription) vs \(String(reflecting: o))"
            }
            return nil
        case .scalar(let s, _):
            guard let num = o as? NSNumber else { return "\(s) vs \(o)" }
            if s == "true" || s == "false" { return num.boolValue == (s == "true") ? nil : "\(s) vs \(num)" }
            return sameNumber(Double(s), num.doubleValue) ? nil : "number \(s) vs \(num)"
        case .sequence(let items):
            guard let a = o as? [Any], a.count == items.count else { return "list of \(items.count) vs \(o)" }
            for (x, y) in zip(items, a) { if let why = difference(x, y) { return why } }
            return nil
        case .mapping(let pairs):
            guard let object = o as? [String: Any] else { return "object vs \(o)" }
            // Keys are compared without U+FEFF. Two keys that differ only by it (`s\u{FEFF}ervice`
            // and `service`) then collide, and which value a dictionary keeps is unspecified:
            // such keys are ambiguous and not compared (found by FuzzJSON: an oracle mistake).
            var d: [String: Any] = [:], original: [String: String] = [:], ambiguous = Set<String>()
            for (k, v) in object {
                let key = foundationText(k)
                if let seen = original[key], seen != k { ambiguous.insert(key) }
                original[key] = k
                d[key] = v
            }
            var last: [String: SourceNode] = [:], ours: [String: String] = [:]
            for p in pairs {
                let raw = p.key.scalarText ?? "", key = foundationText(raw)
                if let seen = ours[key], seen != raw { ambiguous.insert(key) }
                ours[key] = raw
                last[key] = p.value
            }
            if last.count != d.count { return "object of \(last.count) keys vs \(d.count)" }
            for (k, v) in last where !ambiguous.contains(k) {
                guard let w = d[k] else { return "key \(k.debugDescription) missing" }
                if let why = difference(v, w) { return "\(k): \(why)" }
            }
            return nil
        }
    }

    /// Where two JSONReader trees disagree (numbers compared as doubles), or nil.
    static func difference(_ a: SourceNode, _ b: SourceNode) -> String? {
        switch (a.value, b.value) {
        case (.null, .null): return nil
        case (.scalar(let s, .quoted), .scalar(let t, .quoted)):
            return sameText(s, t) ? nil : "string \(s.debugDescription) vs \(t.debugDescription)"
        case (.scalar(let s, .plain), .scalar(let t, .plain)):
            if s == "true" || s == "false" || t == "true" || t == "false" { return s == t ? nil : "\(s) vs \(t)" }
            return sameNumber(Double(s), Double(t)) ? nil : "number \(s) vs \(t)"
        case (.scalar(let s, .plain), .null):
            return Double(s).map { !$0.isFinite } == true ? nil : "\(s) vs null"
        case (.sequence(let x), .sequence(let y)):
            guard x.count == y.count else { return "list of \(x.count) vs \(y.count)" }
            for (p, q) in zip(x, y) { if let why = difference(p, q) { return why } }
            return nil
        case (.mapping(let x), .mapping(let y)):
            guard x.count == y.count else { return "object of \(x.count) pairs vs \(y.count)" }
            for (p, q) in zip(x, y) {
                if let why = difference(p.key, q.key) ?? difference(p.value, q.value) { return why }
            }
            return nil
        default: return "\(a.kindDescription) vs \(b.kindDescription)"
        }
    }
}

/// The process entry: SwiftPM links `main` to `<Module>_main`.
@_cdecl("FuzzJSON_main")
public func fuzzJSONMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    FuzzChecks.runFuzzer(argc, argv, fuzzJSON)
}
