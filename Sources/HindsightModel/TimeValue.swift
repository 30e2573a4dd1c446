import Foundation

/// One of the three time forms of format v1, as written.
public enum TimeSyntax: Hashable, Sendable {
    /// `HH:MM` or `HH:MM:SS`: on the date of `start`, in the incident's zone.
    case clock(hour: Int, minute: Int, second: Int)
    /// `YYYY-MM-DD HH:MM[:SS]` (or with `T`): in the incident's zone.
    case local(WallTime)
    /// ISO 8601 with an offset (`Z`, `+02:00`, `+0200`): the offset wins over the zone.
    case absolute(WallTime, offset: Int)

    public var hasDate: Bool { if case .clock = self { return false } else { return true } }

    /// Parses the scalar's source text. The error is a message naming the accepted forms.
    public static func parse(_ raw: String) -> Result<TimeSyntax, TimeParseError> {
        let s = raw.trimmingCharacters(in: .whitespaces)
        let chars = Array(s.unicodeScalars)
        var i = 0
        func digits(_ n: Int) -> Int? {
            guard i + n <= chars.count else { return nil }
            var v = 0
            for k in 0..<n {
                let c = chars[i + k]
                guard c.value >= 48 && c.value <= 57 else { return nil }
                v = v * 10 + Int(c.value - 48)
            }
            i += n
            return v
        }
        func eat(_ c: Unicode.Scalar) -> Bool {
            if i < chars.count && chars[i] == c { i += 1; return true }
            return false
        }
        func clock() -> Result<(Int, Int, Int), TimeParseError>? {
            let save = i
            guard let h = digits(2) ?? { i = save; return digits(1) }() else { return nil }
            guard eat(":"), let m = digits(2) else { i = save; return nil }
            var sec = 0
            if eat(":") {
                guard let ss = digits(2) else { return .failure(.malformed) }
                sec = ss
                if i < chars.count && (chars[i] == "." || chars[i] == ",") {
                    return .failure(.fractionalSeconds)
                }
            }
            guard h <= 23 else { return .failure(.outOfRange("hour \(h) is not 0–23")) }
            guard m <= 59 else { return .failure(.outOfRange("minute \(m) is not 0–59")) }
            guard sec <= 59 else { return .failure(.outOfRange("second \(sec) is not 0–59")) }
            return .success((h, m, sec))
        }

        // Date part?
        if chars.count >= 10, let y = digits(4), eat("-") {
            guard let mo = digits(2), eat("-"), let d = digits(2) else { return .failure(.malformed) }
            guard (1...12).contains(mo) else { return .failure(.outOfRange("month \(mo) is not 1–12")) }
            guard d >= 1 && d <= WallTime.daysIn(month: mo, year: y) else {
                return .failure(.outOfRange("day \(d) does not exist in \(String(format: "%04d-%02d", y, mo))"))
            }
            if i == chars.count { return .failure(.dateOnly) }
            guard eat("T") || eat("t") || eat(" ") else { return .failure(.malformed) }
            while eat(" ") {}
            guard let c = clock() else { return .failure(.malformed) }
            let (h, m, sec): (Int, Int, Int)
            switch c {
            case .failure(let e): return .failure(e)
            case .success(let v): (h, m, sec) = v
            }
            let wall = WallTime(year: y, month: mo, day: d, hour: h, minute: m, second: sec)
            while eat(" ") {}
            if i == chars.count { return .success(.local(wall)) }
            if eat("Z") || eat("z") {
                guard i == chars.count else { return .failure(.malformed) }
                return .success(.absolute(wall, offset: 0))
            }
            let rest = String(String.UnicodeScalarView(chars[i...]))
            if let off = Zone.parseOffset(rest) { return .success(.absolute(wall, offset: off)) }
            if case .success = Zone.parse(rest) { return .failure(.zoneName(rest)) }
            return .failure(.malformed)
        }
        i = 0
        if let c = clock() {
            switch c {
            case .failure(let e): return .failure(e)
            case .success(let (h, m, sec)):
                if i == chars.count { return .success(.clock(hour: h, minute: m, second: sec)) }
                let rest = String(String.UnicodeScalarView(chars[i...])).trimmingCharacters(in: .whitespaces)
                let upper = rest.uppercased().replacingOccurrences(of: ".", with: "")
                if upper == "AM" || upper == "PM" {
                    if h < 1 || h > 12 { return .failure(.malformed) }
                    let h24 = upper == "AM" ? (h == 12 ? 0 : h) : (h == 12 ? 12 : h + 12)
                    return .failure(.twelveHour(String(format: "%02d:%02d", h24, m)))
                }
                if case .success = Zone.parse(rest) { return .failure(.zoneName(rest)) }
                return .failure(.malformed)
            }
        }
        return .failure(.malformed)
    }
}

public enum TimeParseError: Error, Hashable, Sendable {
    case malformed
    case outOfRange(String)
    case fractionalSeconds
    case dateOnly
    case twelveHour(String)
    case zoneName(String)

    public static let accepted = "`HH:MM`, `YYYY-MM-DD HH:MM` or ISO 8601 with an offset such as `2024-04-18T09:30:00+02:00`"

    public var message: String {
        switch self {
        case .malformed: return "not a time; write \(Self.accepted)"
        case .outOfRange(let why): return "not a valid time: \(why)"
        case .fractionalSeconds: return "fractions of a second are not supported; write whole seconds (`HH:MM:SS`)"
        case .dateOnly: return "a date without a time; add the time (`YYYY-MM-DD HH:MM`)"
        case .twelveHour(let h24): return "12-hour times are not accepted; write 24-hour time (`\(h24)`)"
        case .zoneName(let z): return "a zone name after the time is not accepted; set `timezone: \(z)` once and write the time alone, or use an offset such as `+02:00`"
        }
    }
}

/// A resolved point in time: the instant, the offset in force there, and the form written.
public struct IncidentTime: Hashable, Sendable, Comparable {
    /// Seconds since 1970-01-01T00:00:00Z.
    public var epoch: Int64
    /// Offset east of UTC used to show this time (the zone's, or the written offset).
    public var offset: Int
    public var syntax: TimeSyntax

    public init(epoch: Int64, offset: Int, syntax: TimeSyntax) {
        self.epoch = epoch; self.offset = offset; self.syntax = syntax
    }

    /// The wall-clock reading at `offset`.
    public var wall: WallTime { WallTime(secondsSinceEpoch: epoch + Int64(offset)) }

    /// ISO 8601 with offset, e.g. `2024-04-18T09:30:00+02:00`. An offset with seconds (an IANA
    /// zone's local mean time, before about 1900) is written to the minute and the clock moved
    /// to match, so the text still names exactly this instant.
    public var iso8601: String {
        let minutes = offset - offset % 60
        let w = WallTime(secondsSinceEpoch: epoch + Int64(minutes))
        return w.dateText + "T" + w.hour.zeroPadded(2) + ":" + w.minute.zeroPadded(2) + ":" + w.second.zeroPadded(2) + Zone.offsetText(minutes)
    }

    public static func < (a: IncidentTime, b: IncidentTime) -> Bool { a.epoch < b.epoch }
    public static func == (a: IncidentTime, b: IncidentTime) -> Bool { a.epoch == b.epoch && a.offset == b.offset }
    public func hash(into h: inout Hasher) { h.combine(epoch); h.combine(offset) }
}
