import Foundation
import HindsightModel

/// A word, a run of digits or one punctuation character of a line, with its place in the line.
struct Token {
    enum Kind { case number, word, punct }
    let kind: Kind
    let text: String
    /// Lowercased text.
    let lower: String
    /// Numbers only (capped at 10^9).
    let value: Int
    /// Where it is in the line.
    let range: Range<String.Index>
    let spaceBefore: Bool

    func isPunct(_ c: String) -> Bool { kind == .punct && text == c }
    func isWord(_ w: String) -> Bool { kind == .word && lower == w }
    var digits: Int { kind == .number ? text.utf8.count : 0 }
}

/// A line split into tokens: digits and letters are separate runs (`09h30`, `22rd`, `10AM`).
/// Only the first `maxTokens` are read: dates, times and percentages of a postmortem are in
/// short lines, and the bound keeps a megabyte-long line cheap.
struct Tokens {
    static let maxTokens = 4_000
    let source: String
    let list: [Token]

    init(_ s: String, maxTokens: Int = Tokens.maxTokens) {
        source = s
        var out: [Token] = []
        let scalars = s.unicodeScalars
        var i = scalars.startIndex
        var space = false
        while i < scalars.endIndex && out.count < maxTokens {
            let u = scalars[i]
            if u.isSpace { space = true; i = scalars.index(after: i); continue }
            let start = i
            let kind: Token.Kind
            if u.isDigit {
                kind = .number
                repeat { i = scalars.index(after: i) } while i < scalars.endIndex && scalars[i].isDigit
            } else if u.isLetter {
                kind = .word
                repeat { i = scalars.index(after: i) } while i < scalars.endIndex && scalars[i].isLetter && !scalars[i].isDigit
            } else {
                kind = .punct
                i = scalars.index(after: i)
            }
            let text = String(scalars[start..<i])
            let value = kind == .number ? (text.utf8.count > 9 ? 1_000_000_000 : Int(text) ?? 0) : 0
            out.append(Token(kind: kind, text: text, lower: kind == .word ? text.lowercased() : text,
                             value: value, range: start..<i, spaceBefore: space))
            space = false
        }
        list = out
    }

    var count: Int { list.count }
    subscript(i: Int) -> Token? { i >= 0 && i < list.count ? list[i] : nil }

    /// The source text from token `a` up to (not including) token `b`.
    func text(_ a: Int, _ b: Int) -> String {
        guard a < b, a >= 0, b <= list.count else { return "" }
        return String(source[list[a].range.lowerBound..<list[b - 1].range.upperBound])
    }
}

/// A calendar date as written; the year may be missing (`April 17th`).
struct DayDate: Hashable {
    var year: Int?
    var month: Int
    var day: Int
}

struct Clock: Hashable {
    var hour: Int, minute: Int, second: Int
    /// Written with AM/PM.
    var twelveHour: Bool
    var seconds: Int { hour * 3600 + minute * 60 + second }
}

struct FoundZone {
    var zone: Zone
    /// What the author wrote when it had to be corrected (`GWT` for GMT).
    var correctedFrom: String?
}

/// A date and/or a time of day, with a zone when one was written beside it.
struct Moment {
    var date: DayDate?
    /// Set when the date was numeric and both day/month readings are possible.
    var ambiguousDate: DayDate?
    /// The date was taken from another time in the same line or range, not written here.
    var dateBorrowed = false
    var clock: Clock?
    var zone: FoundZone?
    /// Token range in its line.
    var first: Int, end: Int
    /// The text as written, to place diagnostics.
    var evidence: String
}

/// Finds dates, times, zones, durations and percentages in one line of prose.
struct TimeScanner {
    let t: Tokens

    init(_ text: String, maxTokens: Int = Tokens.maxTokens) { t = Tokens(text, maxTokens: maxTokens) }

    // MARK: Vocabulary

    static let months: [String: Int] = [
        "jan": 1, "january": 1, "feb": 2, "february": 2, "mar": 3, "march": 3, "apr": 4, "april": 4,
        "may": 5, "jun": 6, "june": 6, "jul": 7, "july": 7, "aug": 8, "august": 8, "sep": 9, "sept": 9,
        "september": 9, "oct": 10, "october": 10, "nov": 11, "november": 11, "dec": 12, "december": 12,
    ]
    static let weekdays: Set<String> = [
        "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday",
        "mon", "tue", "tues", "wed", "thu", "thur", "thurs", "fri", "sat", "sun",
    ]
    static let ordinals: Set<String> = ["st", "nd", "rd", "th"]

    /// Zone names written out, each read as the abbreviation shown.
    static let longZoneNames: [([String], String)] = [
        (["coordinated", "universal", "time"], "UTC"), (["universal", "time"], "UTC"),
        (["greenwich", "mean", "time"], "GMT"), (["greenwich", "time"], "GMT"),
        (["british", "summer", "time"], "BST"),
        (["central", "european", "summer", "time"], "CEST"), (["central", "european", "time"], "CET"),
        (["eastern", "european", "time"], "EET"),
        (["west", "africa", "time"], "WAT"), (["west", "african", "time"], "WAT"),
        (["central", "africa", "time"], "CAT"), (["central", "african", "time"], "CAT"),
        (["east", "africa", "time"], "EAT"), (["east", "african", "time"], "EAT"),
        (["south", "african", "standard", "time"], "SAST"), (["south", "africa", "standard", "time"], "SAST"),
        (["south", "african", "time"], "SAST"),
        (["india", "standard", "time"], "IST"), (["indian", "standard", "time"], "IST"),
        (["japan", "standard", "time"], "JST"),
        (["pacific", "standard", "time"], "PST"), (["pacific", "daylight", "time"], "PDT"), (["pacific", "time"], "PT"),
        (["mountain", "standard", "time"], "MST"), (["mountain", "daylight", "time"], "MDT"), (["mountain", "time"], "MT"),
        (["central", "standard", "time"], "CST"), (["central", "daylight", "time"], "CDT"), (["central", "time"], "CT"),
        (["eastern", "standard", "time"], "EST"), (["eastern", "daylight", "time"], "EDT"), (["eastern", "time"], "ET"),
    ]

    static let genericUSZones = Zone.genericUSZones

    /// A zone name as written (abbreviation, `UTC+1`, generic US name) → Zone.
    static func zone(named written: String) -> Zone? {
        if case .success(let z) = Zone.parse(written) { return z }
        return nil
    }

    static let numberWords: [String: Int] = [
        "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
        "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15,
        "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20, "thirty": 30,
        "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90, "hundred": 100,
        "a": 1, "an": 1,
    ]

    // MARK: Dates

    /// A date starting at token `i`: `2024-04-18`, `April 18, 2024`, `18th of April 2024`,
    /// `Monday, May the 4th, 2020`, `12-Dec-2022`, `02/15/2022`; `shortNumeric` also accepts
    /// `15/08` (only trusted at the start of a timeline entry).
    func date(at start: Int, shortNumeric: Bool = false) -> (date: DayDate, ambiguous: DayDate?, next: Int)? {
        var i = start
        // Weekday prefix: "Thursday, ", "on friday, ".
        if let w = t[i], w.kind == .word, Self.weekdays.contains(w.lower) {
            i += 1
            if t[i]?.isPunct(",") == true { i += 1 }
        }
        guard let a = t[i] else { return nil }
        if a.kind == .number {
            // ISO: 2024-04-18 or 2024/04/18
            if a.digits == 4, let s1 = t[i + 1], s1.isPunct("-") || s1.isPunct("/"), let m = t[i + 2], m.kind == .number,
               t[i + 3]?.isPunct(s1.text) == true, let d = t[i + 4], d.kind == .number, !s1.spaceBefore, !m.spaceBefore {
                guard valid(a.value, m.value, d.value) else { return nil }
                return (DayDate(year: a.value, month: m.value, day: d.value), nil, i + 5)
            }
            // 12-Dec-2022, 12 Dec 2022, 18th April 2024, 18th of April, 05 June
            if a.digits <= 2, (1...31).contains(a.value) {
                var j = i + 1
                if let o = t[j], o.kind == .word, Self.ordinals.contains(o.lower), !o.spaceBefore { j += 1 }
                let sep = t[j]?.isPunct("-") == true || t[j]?.isPunct("/") == true
                if sep { j += 1 }
                if t[j]?.isWord("of") == true { j += 1 }
                if let mw = t[j], mw.kind == .word, let month = Self.months[mw.lower] {
                    j += 1
                    if t[j]?.isPunct(".") == true { j += 1 }
                    if sep, t[j]?.isPunct("-") == true || t[j]?.isPunct("/") == true { j += 1 }
                    if t[j]?.isPunct(",") == true, t[j + 1]?.digits == 4 { j += 1 }
                    var year: Int?
                    if let y = t[j], y.digits == 4, (1900...2200).contains(y.value) { year = y.value; j += 1 }
                    guard valid(year ?? 2000, month, a.value) else { return nil }
                    return (DayDate(year: year, month: month, day: a.value), nil, j)
                }
            }
            // Numeric D/M/Y or M/D/Y: 02-15-2022, 05/04/2020, 15.08.2024
            if a.digits <= 2, let s1 = t[i + 1], s1.isPunct("/") || s1.isPunct("-") || s1.isPunct("."), !s1.spaceBefore,
               let b = t[i + 2], b.kind == .number, b.digits <= 2, !b.spaceBefore {
                var year: Int?
                var j = i + 3
                if let s2 = t[j], s2.isPunct(s1.text), !s2.spaceBefore, let y = t[j + 1], y.kind == .number, !y.spaceBefore,
                   y.digits == 4 || y.digits == 2 {
                    year = y.digits == 2 ? 2000 + y.value : y.value
                    j += 2
                } else if !(shortNumeric && s1.isPunct("/")) {
                    return nil
                }
                let dm = valid(year ?? 2000, b.value, a.value) ? DayDate(year: year, month: b.value, day: a.value) : nil
                let md = valid(year ?? 2000, a.value, b.value) ? DayDate(year: year, month: a.value, day: b.value) : nil
                switch (dm, md) {
                case let (x?, y?): return x == y ? (x, nil, j) : (x, y, j)
                case let (x?, nil): return (x, nil, j)
                case let (nil, y?): return (y, nil, j)
                default: return nil
                }
            }
            return nil
        }
        // the 4th of May
        if a.isWord("the"), let n = t[i + 1], n.kind == .number, n.digits <= 2 {
            return date(at: i + 1)
        }
        // April 18, 2024 / Apr 18th 2024 / May the 4th, 2020 / January23, 2021 / April 17th
        if a.kind == .word, let month = Self.months[a.lower] {
            var j = i + 1
            if t[j]?.isPunct(".") == true { j += 1 }
            if t[j]?.isWord("the") == true { j += 1 }
            guard let d = t[j], d.kind == .number, d.digits <= 2, (1...31).contains(d.value) else { return nil }
            // "May 9:30" is a month word before a time, not a date.
            if t[j + 1]?.isPunct(":") == true { return nil }
            j += 1
            if let o = t[j], o.kind == .word, Self.ordinals.contains(o.lower), !o.spaceBefore { j += 1 }
            var year: Int?
            var k = j
            if t[k]?.isPunct(",") == true { k += 1 }
            if let y = t[k], y.digits == 4, (1900...2200).contains(y.value), t[k + 1]?.isPunct(":") != true {
                year = y.value; j = k + 1
            }
            guard valid(year ?? 2000, month, d.value) else { return nil }
            return (DayDate(year: year, month: month, day: d.value), nil, j)
        }
        return nil
    }

    private func valid(_ y: Int, _ m: Int, _ d: Int) -> Bool {
        (1...12).contains(m) && d >= 1 && d <= WallTime.daysIn(month: m, year: y)
    }

    // MARK: Times of day

    /// `09:30`, `9:30 AM`, `9:30a.m.`, `21:30:15`, `8.35 AM`, `09h30`, `12pm`, `10 AM`, `12: 48pm`.
    func clock(at i: Int) -> (clock: Clock, next: Int)? {
        guard let h = t[i], h.kind == .number, h.digits <= 2 else { return nil }
        // Not the tail of a bigger number such as 1.5 or a version 14.04
        if let p = t[i - 1], (p.isPunct(".") || p.isPunct(":")), !h.spaceBefore, t[i - 2]?.kind == .number { return nil }
        var j = i + 1
        var minute = 0, second = 0
        var hasMinutes = false
        if let sep = t[j], (sep.isPunct(":") && !sep.spaceBefore) || (sep.isWord("h") && !sep.spaceBefore),
           let m = t[j + 1], m.kind == .number, m.digits == 2, !m.spaceBefore || (sep.isPunct(":") && meridiem(at: j + 2) != nil) {
            minute = m.value; hasMinutes = true; j += 2
            if let s2 = t[j], s2.isPunct(":"), !s2.spaceBefore, let s = t[j + 1], s.kind == .number, s.digits == 2, !s.spaceBefore {
                second = s.value; j += 2
            }
        } else if let sep = t[j], sep.isPunct("."), !sep.spaceBefore, let m = t[j + 1], m.kind == .number, m.digits == 2,
                  !m.spaceBefore, meridiem(at: j + 2) != nil {
            minute = m.value; hasMinutes = true; j += 2
        } else if let sep = t[j], sep.isPunct(":"), !sep.spaceBefore, meridiem(at: j + 1) != nil {
            // `3:AM`: the minutes left out.
            hasMinutes = true; j += 1
        }
        if let (_, next) = meridiem(at: j), hasMinutes, (13...23).contains(h.value), minute < 60, second < 60 {
            // `14:39 PM`: a 24-hour time with a stray AM/PM; the hour says which.
            return (Clock(hour: h.value, minute: minute, second: second, twelveHour: false), next)
        }
        if let (pm, next) = meridiem(at: j) {
            guard (1...12).contains(h.value), minute < 60, second < 60 else { return nil }
            let hour = pm ? (h.value == 12 ? 12 : h.value + 12) : (h.value == 12 ? 0 : h.value)
            return (Clock(hour: hour, minute: minute, second: second, twelveHour: true), next)
        }
        guard hasMinutes, h.value <= 23, minute < 60, second < 60 else { return nil }
        // A following number (`10:30 45`) or another colon means this is not a time.
        if let n = t[j], n.isPunct(":"), !n.spaceBefore, t[j + 1]?.kind == .number { return nil }
        // "10:00 hours"
        if let w = t[j], w.isWord("hours") || w.isWord("hrs") || w.isWord("hr") { j += 1 }
        return (Clock(hour: h.value, minute: minute, second: second, twelveHour: false), j)
    }

    /// AM/PM in any spelling: `AM`, `pm`, `a.m.`, `P.M`.
    func meridiem(at i: Int) -> (pm: Bool, next: Int)? {
        guard let w = t[i], w.kind == .word else { return nil }
        if w.lower == "am" || w.lower == "pm" {
            var j = i + 1
            if t[j]?.isPunct(".") == true, !(t[j]!.spaceBefore), t[j + 1] == nil || t[j + 1]!.spaceBefore { j += 1 }
            return (w.lower == "pm", j)
        }
        if (w.lower == "a" || w.lower == "p"), t[i + 1]?.isPunct(".") == true, t[i + 2]?.isWord("m") == true {
            var j = i + 3
            if t[j]?.isPunct(".") == true { j += 1 }
            return (w.lower == "p", j)
        }
        return nil
    }

    // MARK: Zones

    /// A zone written at token `i`: `UTC`, `(EAT)`, `GMT +1`, `UTC−05:00`, `-PST`,
    /// `Central African Time (CAT)`, `Pacific Time`. `afterTime` also accepts a likely typo
    /// of an abbreviation (`GWT`), corrected with `correctedFrom` set.
    func zone(at start: Int, afterTime: Bool) -> (zone: FoundZone, next: Int)? {
        var i = start
        var open = false
        if t[i]?.isPunct("(") == true { open = true; i += 1 }
        else if afterTime, let d = t[i], d.isPunct("-"), let w = t[i + 1], w.kind == .word, !w.spaceBefore, w.text == w.text.uppercased() { i += 1 }
        guard let w = t[i], w.kind == .word else { return nil }
        var found: FoundZone?
        var j = i + 1
        if w.lower == "utc" || w.lower == "gmt" || w.lower == "ut" || w.text == "Z" {
            var written = w.text.uppercased()
            // offset, possibly with spaces: "GMT +1", "UTC−05:00", "UTC+2"
            // (`GMT + 1` with spaces only with a plus: `UTC - 11:00` may be a range.)
            if let sign = t[j], sign.isPunct("+") || sign.isPunct("-") || sign.isPunct("\u{2212}"),
               let n = t[j + 1], n.kind == .number, n.digits <= 4, !n.spaceBefore || (sign.isPunct("+") && t[j + 2]?.isPunct(":") != true) {
                var off = (sign.isPunct("+") ? "+" : "-") + n.text
                var k = j + 2
                if let c = t[k], c.isPunct(":"), !c.spaceBefore, let mm = t[k + 1], mm.digits == 2, !mm.spaceBefore {
                    off += ":" + mm.text; k += 2
                }
                if Self.zone(named: written + off) != nil { written += off; j = k }
            }
            if let z = Self.zone(named: written) {
                // Shown as written: `UTC−05:00` keeps its minus sign (spaces go).
                let asWritten = t.text(i, j).filter { $0 != " " }
                found = FoundZone(zone: asWritten.contains("\u{2212}") ? Zone(written: asWritten, rule: z.rule) : z)
            }
        } else if let (name, len) = longName(at: i) {
            j = i + len
            // "Central African Time (CAT)", "(South African Standard Time, UTC+2)": the
            // abbreviation or offset that follows is the same zone.
            var k = j
            if t[k]?.isPunct(",") == true { k += 1 }
            if let inner = zone(at: k, afterTime: false), inner.zone.zone.rule == Self.zone(named: name)?.rule || t[k]?.isPunct("(") == true {
                j = inner.next
            }
            if let z = Self.zone(named: name) { found = FoundZone(zone: z) }
        } else if w.text == w.text.uppercased(), (2...5).contains(w.text.count), w.lower != "am", w.lower != "pm" {
            if Zone.abbreviations[w.text] != nil || Self.genericUSZones[w.text] != nil, let z = Self.zone(named: w.text) {
                found = FoundZone(zone: z)
            } else if afterTime, w.text.count >= 3,
                      let near = Suggest.nearest(w.text, in: Array(Zone.abbreviations.keys).sorted(), maxDistance: 1),
                      let z = Self.zone(named: near) {
                found = FoundZone(zone: z, correctedFrom: w.text)
            }
        }
        guard let f = found else { return nil }
        if open, t[j]?.isPunct(")") == true { j += 1 }
        return (f, j)
    }

    /// The words a long zone name can start with: most tokens are none of them.
    static let longZoneFirstWords = Set(longZoneNames.compactMap { $0.0.first })

    private func longName(at i: Int) -> (String, Int)? {
        guard let first = t[i]?.lower, Self.longZoneFirstWords.contains(first) else { return nil }
        for (words, abbr) in Self.longZoneNames {
            var ok = true
            for (k, w) in words.enumerated() where t[i + k]?.lower != w { ok = false; break }
            if ok { return (abbr, words.count) }
        }
        return nil
    }

    /// Every zone named anywhere in the line (for headings such as `Timeline (all times UTC)`).
    func zones() -> [(zone: FoundZone, token: Int)] {
        var out: [(FoundZone, Int)] = []
        var i = 0
        while i < t.count {
            if let (z, next) = zone(at: i, afterTime: false) {
                out.append((z, i)); i = max(next, i + 1)
            } else { i += 1 }
        }
        return out
    }

    // MARK: Moments

    /// A date and/or time starting at token `i`, with the zone written beside it.
    func moment(at i: Int, shortNumeric: Bool = false) -> Moment? {
        var m = Moment(first: i, end: i, evidence: "")
        var j = i
        if let (d, alt, next) = date(at: i, shortNumeric: shortNumeric) {
            m.date = d; m.ambiguousDate = alt; j = next
            // "April 18, 2024, 09:30", "on 14th may 2023 (12pm", "May 21, 2020 from 9:39 AM"
            var k = j
            while let s = t[k], s.isPunct(",") || s.isPunct("(") || s.isPunct("-") || s.isPunct("@")
                    || ["at", "from", "around", "about", "approximately", "starting", "by"].contains(s.lower) { k += 1 }
            if let (c, next) = clock(at: k) { m.clock = c; j = next }
        } else if let (c, next) = clock(at: i) {
            m.clock = c; j = next
        } else if shortNumeric, let w = t[i], let hour = ["midnight": 0, "noon": 12, "midday": 12][w.lower] {
            // `midnight - restarted the workers` (only where an entry starts: in prose the
            // word is rarely a time).
            m.clock = Clock(hour: hour, minute: 0, second: 0, twelveHour: false); j = i + 1
        } else { return nil }
        if m.clock != nil {
            var k = j
            while t[k]?.isPunct(",") == true || t[k]?.isPunct(")") == true { k += 1 }
            if let (z, next) = zone(at: k, afterTime: true) { m.zone = z; j = next }
            if m.date == nil {
                // "10:00 hours of July 2nd", "12:00 PM UTC on February 10, 2023", "14:30 UTC, March 6, 2025"
                var k = j
                while let s = t[k], s.isPunct(",") || s.isPunct("(") || ["on", "of", "the"].contains(s.lower) { k += 1 }
                if k > j || t[k]?.kind == .word, let (d, alt, next) = date(at: k) {
                    m.date = d; m.ambiguousDate = alt; j = next
                }
            }
        }
        m.end = j
        m.evidence = t.text(i, j)
        return m
    }

    /// Every date or time in the line, in order.
    func moments() -> [Moment] {
        var out: [Moment] = []
        var i = 0
        while i < t.count {
            if let m = moment(at: i) { out.append(m); i = max(m.end, i + 1) } else { i += 1 }
        }
        return out
    }

    /// Words allowed between the two ends of a range: `9:00 - 11:00`, `from 9:00 to 11:30`,
    /// `started at 08:00 and ended at 10:00`, `began at 14:30 and was resolved by 14:45`.
    static let rangeWords: Set<String> = [
        "-", "–", "—", "~", "to", "until", "till", "through", "thru", "and", "ended", "ending", "ends", "end",
        "at", "was", "were", "resolved", "by", "fixed", "restored", "(", ")", ",", "up", "lasting",
    ]

    /// True when only range words stand between moments `a` and `b` of this line.
    func isRange(_ a: Moment, _ b: Moment) -> Bool {
        guard b.first >= a.end, b.first - a.end <= 6 else { return false }
        var sawConnector = false
        for k in a.end..<b.first {
            guard let tok = t[k], Self.rangeWords.contains(tok.lower) else { return false }
            if tok.lower != "(" && tok.lower != ")" && tok.lower != "," && tok.lower != "at" { sawConnector = true }
        }
        return sawConnector
    }

    // MARK: Durations and percentages

    /// `2 hours`, `45 minutes`, `1 hour 41 minutes`, `1 hour and 50 minutes`, `3 hours, 30
    /// minutes`, `2.5 hours`, `2h30m`, `ten minutes`, `half an hour`, `an hour`.
    func durations() -> [(seconds: Int, token: Int, evidence: String)] {
        var out: [(Int, Int, String)] = []
        var i = 0
        while i < t.count {
            if let (secs, next) = duration(at: i) {
                out.append((secs, i, t.text(i, next))); i = next
            } else { i += 1 }
        }
        return out
    }

    private func durationPart(at i: Int) -> (seconds: Double, next: Int)? {
        guard let a = t[i] else { return nil }
        if let p = t[i - 1], p.isPunct(":") || p.isPunct("."), !a.spaceBefore { return nil }
        var value: Double
        var j = i + 1
        if a.isWord("half") {
            // half an hour, half-hour
            var k = i + 1
            if t[k]?.isPunct("-") == true { k += 1 }
            if t[k]?.isWord("an") == true || t[k]?.isWord("a") == true { k += 1 }
            if let u = t[k], u.lower.hasPrefix("hour") { return (1800, k + 1) }
            return nil
        }
        if a.kind == .number {
            value = Double(a.value)
            if let dot = t[j], dot.isPunct("."), !dot.spaceBefore, let f = t[j + 1], f.kind == .number, !f.spaceBefore {
                value = Double("\(a.text).\(f.text)") ?? value; j += 2
            }
            // "12:00" is a time, not a number of hours
            if t[j]?.isPunct(":") == true { return nil }
        } else if a.kind == .word, let n = Self.numberWords[a.lower] {
            value = Double(n)
            if let dash = t[j], dash.isPunct("-"), let b = t[j + 1], let m = Self.numberWords[b.lower], m < 10, n >= 20 {
                value += Double(m); j += 2
            }
        } else { return nil }
        guard let u = t[j], u.kind == .word else { return nil }
        let unit: Double
        switch u.lower {
        case "hour", "hours", "hr", "hrs": unit = 3600
        case "h" where !u.spaceBefore: unit = 3600
        case "minute", "minutes", "min", "mins": unit = 60
        case "m" where !u.spaceBefore: unit = 60
        case "second", "seconds", "sec", "secs": unit = 1
        case "day", "days": unit = 86400
        default: return nil
        }
        return (value * unit, j + 1)
    }

    func duration(at i: Int) -> (seconds: Int, next: Int)? {
        guard var (total, j) = durationPart(at: i) else { return nil }
        // "1 hour 41 minutes", "1 hour and 50 minutes", "3 hours, 30 minutes", "2h30m"
        var k = j
        if t[k]?.isPunct(",") == true || t[k]?.isWord("and") == true { k += 1 }
        if let (more, next) = durationPart(at: k) { total += more; j = next }
        return total > 0 ? (Int(total.rounded()), j) : nil
    }

    struct Percent {
        var value: Double
        var token: Int
        var end: Int
        var evidence: String
        /// Words right after it, lowercased (`of our users`).
        var following: [String]
    }

    /// `90%`, `30 %`, `ninety percent`, `25 per cent`.
    func percents() -> [Percent] {
        var out: [Percent] = []
        var i = 0
        while i < t.count {
            guard let a = t[i] else { break }
            var value: Double?
            var j = i + 1
            if a.kind == .number {
                value = Double(a.value)
                if let dot = t[j], dot.isPunct("."), !dot.spaceBefore, let f = t[j + 1], f.kind == .number, !f.spaceBefore {
                    value = Double("\(a.text).\(f.text)"); j += 2
                }
            } else if a.kind == .word, let n = Self.numberWords[a.lower], n > 1 || a.lower == "one" {
                var v = n
                if let dash = t[j], dash.isPunct("-"), let b = t[j + 1], let m = Self.numberWords[b.lower], m < 10 { v += m; j += 2 }
                if n < 10, t[j]?.isWord("hundred") == true { v = n * 100; j += 1 }
                value = Double(v)
            }
            var end: Int?
            if value != nil {
                if let p = t[j], p.isPunct("%") || p.isPunct("％") { end = j + 1 }
                else if let w = t[j], w.lower == "percent" || w.lower == "pct" { end = j + 1 }
                else if let w = t[j], w.lower == "per", t[j + 1]?.isWord("cent") == true { end = j + 2 }
            }
            if let v = value, let e = end, v >= 0, v <= 100 {
                let following = (e..<min(e + 6, t.count)).map { t.list[$0].lower }
                out.append(Percent(value: v, token: i, end: e, evidence: t.text(i, e), following: following))
                i = e
            } else { i += 1 }
        }
        return out
    }
}
