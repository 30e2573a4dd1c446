import Testing
import HindsightModel
@testable import HindsightImport

/// The time, date, zone, duration and percentage forms students write.
@Suite struct TimeScannerTests {
    /// The first moment of `text` as `YYYY-MM-DD HH:MM:SS ZONE` (parts missing are `-`).
    func first(_ text: String) -> String {
        guard let m = TimeScanner(text).moments().first else { return "none" }
        let d = m.date.map { "\($0.year.map(String.init) ?? "????")-\($0.month)-\($0.day)" } ?? "-"
        let c = m.clock.map { "\($0.hour):\($0.minute):\($0.second)" } ?? "-"
        return "\(d) \(c) \(m.zone?.zone.written ?? "-")"
    }

    @Test func clockForms() {
        #expect(first("at 9:30 AM the alert fired") == "- 9:30:0 -")
        #expect(first("21:30 - restarted") == "- 21:30:0 -")
        #expect(first("12:05 AM: the engineer") == "- 0:5:0 -")
        #expect(first("12pm GMT +1") == "- 12:0:0 GMT+1")
        #expect(first("8.35 AM GMT - detected") == "- 8:35:0 GMT")
        #expect(first("09h30 CET") == "- 9:30:0 CET")
        #expect(first("3:00:00pm -PST") == "- 15:0:0 PST")
        #expect(first("10:00 hours of July 2nd") == "????-7-2 10:0:0 -")
        #expect(first("12: 48pm") == "- 12:48:0 -")
        #expect(first("version 14.04 of Ubuntu") == "none")
        #expect(first("a ratio of 16:9") == "none")
    }

    @Test func dateForms() {
        #expect(first("April 18, 2024, 09:30 AM SAST") == "2024-4-18 9:30:0 SAST")
        #expect(first("2024-04-18 09:30 SAST") == "2024-4-18 9:30:0 SAST")
        #expect(first("Oct 22rd 2022 9:00 AM (EAT)") == "2022-10-22 9:0:0 EAT")
        #expect(first("January23, 2021") == "2021-1-23 - -")
        #expect(first("Monday, May the 4th, 2020") == "2020-5-4 - -")
        #expect(first("on friday, 24 mar 2017 at 07:32:16 GMT") == "2017-3-24 7:32:16 GMT")
        #expect(first("14th may 2023 (12pm GMT +1)") == "2023-5-14 12:0:0 GMT+1")
        #expect(first("Project Date: 12-Dec-2022") == "2022-12-12 - -")
        #expect(first("On 02-15-2022, our site") == "2022-2-15 - -")
        #expect(first("14:30 UTC, March 6, 2025") == "2025-3-6 14:30:0 UTC")
        // Both readings possible: day/month first, the other kept.
        let m = TimeScanner("05/04/2020").moments().first
        #expect(m?.date == DayDate(year: 2020, month: 4, day: 5) && m?.ambiguousDate == DayDate(year: 2020, month: 5, day: 4))
        #expect(TimeScanner("15/08").date(at: 0, shortNumeric: true)?.date == DayDate(year: nil, month: 8, day: 15))
        #expect(TimeScanner("15/08").date(at: 0) == nil)
    }

    @Test func zoneForms() {
        #expect(first("10:45 AM (WAT)") == "- 10:45:0 WAT")
        #expect(first("14:00 UTC+1") == "- 14:0:0 UTC+1")
        #expect(first("7:00 am (UTC−05:00)") == "- 7:0:0 UTC−05:00")
        #expect(first("06:05 Central African Time (CAT)") == "- 6:5:0 CAT")
        #expect(first("7:31 PM PT") == "- 19:31:0 PT")
        #expect(TimeScanner.zone(named: "PT")?.rule == .iana("America/Los_Angeles"))
        // A likely typo next to a time is corrected (and reported by the importer).
        let typo = TimeScanner("07:32 GWT").moments().first?.zone
        #expect(typo?.zone.written == "GMT" && typo?.correctedFrom == "GWT")
        #expect(first("10:20 IT support") == "- 10:20:0 -")
        #expect(TimeScanner("Timeline (all times pacific Time)").zones().first?.zone.zone.written == "PT")
    }

    @Test func ranges() {
        let sc = TimeScanner("from 9:00 to 11:30 GMT")
        let ms = sc.moments()
        #expect(ms.count == 2 && sc.isRange(ms[0], ms[1]))
        let sc2 = TimeScanner("started at 08:00 GMT and ended at 10:00 GMT")
        let ms2 = sc2.moments()
        #expect(ms2.count == 2 && sc2.isRange(ms2[0], ms2[1]))
        let sc3 = TimeScanner("at 08:00 the alert fired; at 10:00 we restarted")
        let ms3 = sc3.moments()
        #expect(ms3.count == 2 && !sc3.isRange(ms3[0], ms3[1]))
    }

    @Test func durations() {
        func secs(_ s: String) -> [Int] { TimeScanner(s).durations().map(\.seconds) }
        #expect(secs("lasted 2 hours") == [7200])
        #expect(secs("45 minutes") == [2700])
        #expect(secs("1 hour 41 minutes") == [6060])
        #expect(secs("1 hour and 50 minutes") == [6600])
        #expect(secs("(3 hours, 30 minutes)") == [12600])
        #expect(secs("2h30m") == [9000])
        #expect(secs("ten minutes") == [600])
        #expect(secs("half an hour") == [1800])
        #expect(secs("2.5 hours") == [9000])
        #expect(secs("at 10:00 hours") == [])
    }

    @Test func percentages() {
        func values(_ s: String) -> [Double] { TimeScanner(s).percents().map(\.value) }
        #expect(values("90% of users") == [90])
        #expect(values("about 30 % of users") == [30])
        #expect(values("ninety percent of users") == [90])
        #expect(values("twenty-five per cent") == [25])
        #expect(values("12.5% of requests") == [12.5])
        #expect(values("250% more traffic") == [])
    }
}
