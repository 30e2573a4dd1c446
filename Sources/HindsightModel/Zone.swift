import Foundation

/// The incident's timezone as the author wrote it (`SAST`, `Africa/Johannesburg`, `UTC+2`,
/// `+05:30`), resolved to a rule that maps wall-clock times to instants. Never consults the
/// machine's own timezone.
public struct Zone: Hashable, Sendable {
    public enum Rule: Hashable, Sendable {
        /// A fixed offset east of UTC, in seconds.
        case fixed(Int)
        /// An IANA zone (daylight saving applies).
        case iana(String)
    }

    /// The name shown in figures and reports: exactly what the author wrote.
    public let written: String
    public let rule: Rule

    public init(written: String, rule: Rule) { self.written = written; self.rule = rule }

    /// Common abbreviations, each read as one fixed offset. Where an abbreviation is
    /// ambiguous the most common reading is used: IST = India, CST = US Central, BST = British
    /// Summer Time. Write an IANA name or an offset to be unambiguous.
    public static let abbreviations: [String: Int] = {
        let h = 3600
        return [
            "UTC": 0, "GMT": 0, "Z": 0, "UT": 0, "WET": 0,
            "WEST": h, "BST": h, "CET": h, "WAT": h, "MET": h,
            "CEST": 2 * h, "SAST": 2 * h, "CAT": 2 * h, "EET": 2 * h, "MEST": 2 * h,
            "EEST": 3 * h, "EAT": 3 * h, "MSK": 3 * h, "TRT": 3 * h, "AST": 3 * h,
            "GST": 4 * h, "PKT": 5 * h, "IST": 5 * h + 1800, "NPT": 5 * h + 2700,
            "ICT": 7 * h, "WIB": 7 * h, "SGT": 8 * h, "HKT": 8 * h, "PHT": 8 * h, "AWST": 8 * h,
            "JST": 9 * h, "KST": 9 * h, "ACST": 9 * h + 1800, "AEST": 10 * h, "AEDT": 11 * h,
            "NZST": 12 * h, "NZDT": 13 * h,
            "BRT": -3 * h, "ART": -3 * h, "ADT": -3 * h,
            "EDT": -4 * h, "EST": -5 * h, "CDT": -5 * h, "CST": -6 * h, "MDT": -6 * h,
            "MST": -7 * h, "PDT": -7 * h, "PST": -8 * h, "AKDT": -8 * h, "AKST": -9 * h,
            "HST": -10 * h,
        ]
    }()

    public enum ParseError: Error, Equatable {
        case unknown(suggestion: String?)
        case offsetOutOfRange
    }

    /// Parses a `timezone` value: IANA name, UTC offset (`+02:00`, `+0200`, `+2`, `UTC-5`,
    /// `GMT+05:30`) or abbreviation.
    /// US zone names without standard/daylight (`PT`, `MT`, `CT`, `ET`): the IANA zone they
    /// stand for decides the offset by date.
    public static let genericUSZones: [String: String] = [
        "PT": "America/Los_Angeles", "MT": "America/Denver", "CT": "America/Chicago", "ET": "America/New_York",
    ]

    public static func parse(_ raw: String) -> Result<Zone, ParseError> {
        let s = raw.trimmingCharacters(in: .whitespaces)
        if s.isEmpty { return .failure(.unknown(suggestion: nil)) }
        if let off = abbreviations[s.uppercased()] {
            return .success(Zone(written: s, rule: .fixed(off)))
        }
        // `CT`, `ET`: US zones named without standard or daylight time follow the date.
        if let iana = genericUSZones[s.uppercased()] {
            return .success(Zone(written: s, rule: .iana(iana)))
        }
        // UTC+2, GMT-05:30, UTC +2
        for prefix in ["UTC", "GMT", "UT"] where s.uppercased().hasPrefix(prefix) {
            let rest = s.dropFirst(prefix.count).trimmingCharacters(in: .whitespaces)
            if let off = parseOffset(rest) {
                guard abs(off) <= 14 * 3600 else { return .failure(.offsetOutOfRange) }
                return .success(Zone(written: s, rule: .fixed(off)))
            }
        }
        if s.first == "+" || s.first == "-" || s.first == "\u{2212}" {
            if let off = parseOffset(s) {
                guard abs(off) <= 14 * 3600 else { return .failure(.offsetOutOfRange) }
                return .success(Zone(written: s, rule: .fixed(off)))
            }
            return .failure(.unknown(suggestion: nil))
        }
        if s.contains("/") || knownIdentifiers.contains(s) {
            // ICU's list holds legacy names (Asia/Calcutta), so ask TimeZone itself.
            if s.count <= 64, s.allSatisfy({ $0.isASCII }), TimeZone(identifier: s) != nil {
                return .success(Zone(written: s, rule: .iana(s)))
            }
            // Case-insensitive match of an IANA name is accepted and shown as written.
            if let match = lowercasedIdentifiers[s.lowercased()] {
                return .success(Zone(written: s, rule: .iana(match)))
            }
            return .failure(.unknown(suggestion: Suggest.nearest(s, in: TimeZone.knownTimeZoneIdentifiers, maxDistance: 4)))
        }
        let candidates = Array(abbreviations.keys) + TimeZone.knownTimeZoneIdentifiers
        return .failure(.unknown(suggestion: Suggest.nearest(s, in: candidates, maxDistance: 2)))
    }

    private static let knownIdentifiers = Set(TimeZone.knownTimeZoneIdentifiers)
    private static let lowercasedIdentifiers: [String: String] = {
        var d: [String: String] = [:]
        for id in TimeZone.knownTimeZoneIdentifiers { d[id.lowercased()] = id }
        return d
    }()

    /// `+02:00`, `+0200`, `+2`, `-05:30`, `+5:45` → seconds east of UTC.
    static func parseOffset(_ s: String) -> Int? {
        var chars = Substring(s)
        guard let signChar = chars.first else { return nil }
        let sign: Int
        switch signChar {
        case "+": sign = 1
        case "-", "\u{2212}": sign = -1
        default: return nil
        }
        chars = chars.dropFirst()
        let hours: Int, minutes: Int
        if let colon = chars.firstIndex(of: ":") {
            let hs = chars[..<colon], ms = chars[chars.index(after: colon)...]
            guard (1...2).contains(hs.count), ms.count == 2, let h = Int(hs), let m = Int(ms),
                  hs.allSatisfy(\.isASCII), ms.allSatisfy(\.isASCII) else { return nil }
            hours = h; minutes = m
        } else {
            guard chars.allSatisfy({ $0.isASCII && $0.isNumber }) else { return nil }
            switch chars.count {
            case 1, 2: hours = Int(chars)!; minutes = 0
            case 4: hours = Int(chars.prefix(2))!; minutes = Int(chars.suffix(2))!
            default: return nil
            }
        }
        guard minutes < 60, hours <= 23 else { return nil }
        return sign * (hours * 3600 + minutes * 60)
    }

    /// Seconds east of UTC in force at the instant `epoch`.
    public func offset(at epoch: Int64) -> Int {
        switch rule {
        case .fixed(let s): return s
        case .iana(let id):
            guard let tz = TimeZone(identifier: id) else { return 0 }
            return tz.secondsFromGMT(for: Date(timeIntervalSince1970: TimeInterval(epoch)))
        }
    }

    /// The instant at which clocks in this zone show the given wall-clock time. In a
    /// daylight-saving gap or overlap the earlier offset's reading is used.
    public func instant(of wall: WallTime) -> Int64 {
        let local = wall.secondsAsIfUTC
        switch rule {
        case .fixed(let s): return local - Int64(s)
        case .iana:
            // Two passes converge for every real zone rule.
            let first = local - Int64(offset(at: local))
            let second = local - Int64(offset(at: first))
            return second
        }
    }

    /// What a wall-clock time is in this zone: one instant, none (it falls in a gap where
    /// the clocks jumped forward), or two (the hour repeated when they went back).
    public enum LocalTime: Equatable, Sendable {
        case exact(Int64)
        /// Clocks jumped at instant `transition` from offset `before` to `after`.
        case nonexistent(transition: Int64, before: Int, after: Int)
        /// The earlier and the later instant showing this wall-clock time.
        case ambiguous(earlier: Int64, later: Int64)
    }

    /// Every instant at which clocks in this zone show `wall`. (Zone rules change at most
    /// once within a day of any instant, so the offsets a day either side are the only
    /// candidates.)
    public func resolve(_ wall: WallTime) -> LocalTime {
        let local = wall.secondsAsIfUTC
        guard case .iana = rule else { return .exact(instant(of: wall)) }
        let before = offset(at: local - 86_400 - 14 * 3600), after = offset(at: local + 86_400 + 14 * 3600)
        var instants: [Int64] = []
        for o in [before, after, offset(at: local - Int64(offset(at: local)))] {
            let t = local - Int64(o)
            if offset(at: t) == o && !instants.contains(t) { instants.append(t) }
        }
        instants.sort()
        if instants.count >= 2 { return .ambiguous(earlier: instants[0], later: instants[instants.count - 1]) }
        if let t = instants.first { return .exact(t) }
        // A gap: the first instant at the new offset lies between the two readings.
        var lo = local - Int64(max(before, after)), hi = local - Int64(min(before, after))
        while lo < hi {
            let mid = lo + (hi - lo) / 2
            if offset(at: mid) == before { lo = mid + 1 } else { hi = mid }
        }
        return .nonexistent(transition: lo, before: before, after: after)
    }

    /// `+02:00` style text for an offset in seconds.
    public static func offsetText(_ seconds: Int, colon: Bool = true) -> String {
        let sign = seconds < 0 ? "-" : "+"
        let a = abs(seconds)
        let h = a / 3600, m = (a % 3600) / 60
        return sign + h.zeroPadded(2) + (colon ? ":" : "") + m.zeroPadded(2)
    }
}

/// A calendar date and clock time with no zone (proleptic Gregorian).
public struct WallTime: Hashable, Sendable, Comparable {
    public var year: Int, month: Int, day: Int
    public var hour: Int, minute: Int, second: Int

    public init(year: Int, month: Int, day: Int, hour: Int, minute: Int, second: Int = 0) {
        self.year = year; self.month = month; self.day = day
        self.hour = hour; self.minute = minute; self.second = second
    }

    /// Days since 1970-01-01 (Howard Hinnant's days_from_civil).
    static func daysFromCivil(_ y0: Int, _ m: Int, _ d: Int) -> Int64 {
        let y = Int64(m <= 2 ? y0 - 1 : y0)
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let mp = Int64((m + 9) % 12)
        let doy = (153 * mp + 2) / 5 + Int64(d) - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146097 + doe - 719468
    }

    /// The wall time `seconds` after 1970-01-01T00:00:00 (no zone).
    public init(secondsSinceEpoch s: Int64) {
        var days = s / 86400
        var rem = s % 86400
        if rem < 0 { rem += 86400; days -= 1 }
        let z = days + 719468
        let era = (z >= 0 ? z : z - 146096) / 146097
        let doe = z - era * 146097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        let y = yoe + era * 400 + (m <= 2 ? 1 : 0)
        self.init(year: Int(y), month: Int(m), day: Int(d),
                  hour: Int(rem / 3600), minute: Int(rem % 3600 / 60), second: Int(rem % 60))
    }

    public var secondsAsIfUTC: Int64 {
        Self.daysFromCivil(year, month, day) * 86400 + Int64(hour * 3600 + minute * 60 + second)
    }

    public static func < (a: WallTime, b: WallTime) -> Bool { a.secondsAsIfUTC < b.secondsAsIfUTC }

    public static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    public var dateText: String { year.zeroPadded(4) + "-" + month.zeroPadded(2) + "-" + day.zeroPadded(2) }
    /// `HH:MM`, or `HH:MM:SS` when the seconds are not zero.
    public var clockText: String {
        hour.zeroPadded(2) + ":" + minute.zeroPadded(2) + (second == 0 ? "" : ":" + second.zeroPadded(2))
    }
}

extension Int {
    /// The number in at least `width` characters, zeros before the digits, as `%0*d` writes it
    /// (a minus sign counts in the width). Times are formatted on every axis tick and label:
    /// `String(format:)` costs thousands of instructions per call, this a few dozen.
    func zeroPadded(_ width: Int) -> String {
        let digits = String(magnitude)
        let sign = self < 0 ? "-" : ""
        let zeros = Swift.max(0, width - sign.count - digits.count)
        return sign + String(repeating: "0", count: zeros) + digits
    }
}
