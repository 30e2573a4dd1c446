import Foundation
import HindsightTestSupport
import Testing
@testable import HindsightModel

@Suite struct TimeSyntaxTests {
    @Test func clockForms() throws {
        #expect(try TimeSyntax.parse("09:30").get() == .clock(hour: 9, minute: 30, second: 0))
        #expect(try TimeSyntax.parse("9:05").get() == .clock(hour: 9, minute: 5, second: 0))
        #expect(try TimeSyntax.parse("23:59:58").get() == .clock(hour: 23, minute: 59, second: 58))
    }

    @Test func localForms() throws {
        let w = WallTime(year: 2024, month: 4, day: 18, hour: 9, minute: 30)
        #expect(try TimeSyntax.parse("2024-04-18 09:30").get() == .local(w))
        #expect(try TimeSyntax.parse("2024-04-18T09:30").get() == .local(w))
        #expect(try TimeSyntax.parse("2024-04-18 09:30:15").get() == .local(WallTime(year: 2024, month: 4, day: 18, hour: 9, minute: 30, second: 15)))
    }

    @Test func absoluteForms() throws {
        let w = WallTime(year: 2024, month: 4, day: 18, hour: 9, minute: 30)
        #expect(try TimeSyntax.parse("2024-04-18T09:30:00+02:00").get() == .absolute(w, offset: 7200))
        #expect(try TimeSyntax.parse("2024-04-18T09:30:00Z").get() == .absolute(w, offset: 0))
        #expect(try TimeSyntax.parse("2024-04-18 09:30Z").get() == .absolute(w, offset: 0))
        #expect(try TimeSyntax.parse("2024-04-18T09:30-0530").get() == .absolute(w, offset: -19800))
    }

    @Test func rejections() {
        #expect(TimeSyntax.parse("9.30") == .failure(.malformed))
        #expect(TimeSyntax.parse("24:00") == .failure(.outOfRange("hour 24 is not 0–23")))
        #expect(TimeSyntax.parse("10:60") == .failure(.outOfRange("minute 60 is not 0–59")))
        #expect(TimeSyntax.parse("2023-02-29 10:00") == .failure(.outOfRange("day 29 does not exist in 2023-02")))
        #expect(TimeSyntax.parse("2024-04-18") == .failure(.dateOnly))
        #expect(TimeSyntax.parse("9:30 PM") == .failure(.twelveHour("21:30")))
        #expect(TimeSyntax.parse("12:15 am") == .failure(.twelveHour("00:15")))
        #expect(TimeSyntax.parse("2024-04-18 09:30:00.5") == .failure(.fractionalSeconds))
        #expect(TimeSyntax.parse("2024-04-18 09:30 SAST") == .failure(.zoneName("SAST")))
        #expect(TimeSyntax.parse("") == .failure(.malformed))
    }
}

@Suite struct ZoneTests {
    @Test(arguments: [
        ("SAST", 7200), ("WAT", 3600), ("EAT", 10800), ("CET", 3600), ("CEST", 7200), ("GMT", 0), ("UTC", 0),
        ("EST", -18000), ("EDT", -14400), ("PST", -28800), ("PDT", -25200), ("IST", 19800), ("JST", 32400),
        ("+02:00", 7200), ("-05:00", -18000), ("+0530", 19800), ("UTC-5", -18000), ("UTC+05:45", 20700),
        ("GMT+1", 3600), ("utc", 0),
    ])
    func fixedZones(name: String, offset: Int) throws {
        let z = try Zone.parse(name).get()
        #expect(z.rule == .fixed(offset))
        #expect(z.written == name)
    }

    @Test func ianaZonesFollowDaylightSaving() throws {
        let ny = try Zone.parse("America/New_York").get()
        // 2024-01-15 12:00 EST (-5) and 2024-07-15 12:00 EDT (-4)
        let winter = ny.instant(of: WallTime(year: 2024, month: 1, day: 15, hour: 12, minute: 0))
        let summer = ny.instant(of: WallTime(year: 2024, month: 7, day: 15, hour: 12, minute: 0))
        #expect(ny.offset(at: winter) == -18000)
        #expect(ny.offset(at: summer) == -14400)
        #expect(winter == 1705338000)
        #expect(summer == 1721059200)
        #expect(try Zone.parse("Asia/Kolkata").get().offset(at: 0) == 19800) // not in ICU's list, still valid
        let jhb = try Zone.parse("Africa/Johannesburg").get()
        #expect(jhb.instant(of: WallTime(year: 2024, month: 4, day: 18, hour: 9, minute: 30)) == 1713425400)
    }

    @Test func unknownZonesSuggest() {
        guard case .failure(.unknown(let s)) = Zone.parse("Africa/Johanesburg") else { Issue.record("accepted"); return }
        #expect(s == "Africa/Johannesburg")
        guard case .failure(.unknown) = Zone.parse("Mars/Olympus") else { Issue.record("accepted"); return }
        #expect(Zone.parse("+15:00") == .failure(.offsetOutOfRange))
    }

    @Test func wallTimeRoundTrip() {
        for s: Int64 in [0, 86399, 951782400, 1713425400, -86400 * 365, 4102444800] {
            #expect(WallTime(secondsSinceEpoch: s).secondsAsIfUTC == s)
        }
        #expect(WallTime(secondsSinceEpoch: 951782400) == WallTime(year: 2000, month: 2, day: 29, hour: 0, minute: 0))
    }
}

@Suite struct ResolutionTests {
    @Test func exampleTimesAndMetrics() throws {
        let r = load(BuiltinExample.yaml)
        let i = try #require(r.incident)
        #expect(r.diagnostics.isEmpty)
        #expect(i.start?.iso8601 == "2024-04-18T09:30:00+02:00")
        #expect(i.end?.iso8601 == "2024-04-18T11:00:00+02:00")
        #expect(i.durationMinutes == 90)
        #expect(i.timeToDetectMinutes == 0)
        #expect(i.timeToIdentifyMinutes == 60)
        #expect(i.timeToEscalateMinutes == 50)
        #expect(i.timeToMitigateMinutes == 70)
        #expect(i.timeToResolveMinutes == 90)
        #expect(i.zoneLabel == "SAST")
    }

    @Test func multiDayIncidentWithMixedForms() throws {
        let r = Fixtures.load(Fixtures.root.appendingPathComponent("good/multiday-iana.yaml"))
        let i = try #require(r.incident, "\(r.diagnostics.map(\.text))")
        #expect(i.durationMinutes == Double(33 * 60 + 45))
        // The ISO event with its own offset (+01:00 == Lagos) is shown in the incident's zone.
        #expect(i.timeline[3].at.iso8601 == "2024-06-02T07:30:00+01:00")
        #expect(i.timeline[2].at.iso8601 == "2024-06-02T00:20:00+01:00")
        #expect(i.zoneLabel == "Africa/Lagos")
    }

    @Test func offsetsOnlyNeedNoZone() throws {
        let r = Fixtures.load(Fixtures.root.appendingPathComponent("good/offsets-only.json"))
        let i = try #require(r.incident, "\(r.diagnostics.map(\.text))")
        #expect(i.zone == nil)
        #expect(i.zoneLabel == "UTC-07:00")
        #expect(i.timeline[1].at.iso8601 == "2023-11-02T14:30:00-07:00") // written as 21:30Z, shown on the start's clock
        #expect(i.durationMinutes == 70)
    }

    @Test func daylightSavingGapIsResolved() throws {
        let r = Fixtures.load(Fixtures.root.appendingPathComponent("good/dst-new-york.yaml"))
        let i = try #require(r.incident)
        #expect(i.start?.iso8601 == "2024-03-10T01:30:00-05:00")
        #expect(i.end?.iso8601 == "2024-03-10T03:30:00-04:00")
        #expect(i.durationMinutes == 60) // clocks jumped an hour
    }

    @Test func clockTimesAfterMidnightAreAnErrorNotARollOver() {
        let r = load(incidentYAML(start: "2025-01-10 23:00", end: "2025-01-11 01:00",
                                  events: [("23:30", "detected"), ("00:30", "resolved")]))
        #expect(r.incident == nil)
        let d = r.diagnostics.first { $0.rule == "event-order" }
        #expect(d?.message.contains("2025-01-11 00:30") == true)
    }

    @Test func endAsClockTimeUsesStartDate() throws {
        let i = try #require(load(incidentYAML(end: "\"11:00\"")).incident)
        #expect(i.end?.iso8601 == "2025-01-10T11:00:00+00:00")
    }
}

@Suite struct ZeroPaddedTests {
    /// `Int.zeroPadded` replaced `String(format: "%0*d")` in every date and time text: same text.
    @Test func writesWhatPrintfWrites() {
        for width in [2, 4] {
            for n in [-10_000, -123, -9, -1, 0, 1, 7, 9, 10, 59, 99, 100, 999, 1_000, 2_024, 9_999, 10_000, 123_456] {
                #expect(n.zeroPadded(width) == String(format: "%0\(width)d", n), "\(n) in \(width)")
            }
        }
    }

    @Test func timeTextsKeepTheirShape() {
        let w = WallTime(secondsSinceEpoch: 1_713_432_600 + 7_200)
        #expect(w.dateText == "2024-04-18")
        #expect(w.clockText == "11:30")
        #expect(Zone.offsetText(-(5 * 3_600 + 30 * 60)) == "-05:30")
        #expect(Zone.offsetText(3_600, colon: false) == "+0100")
    }
}
