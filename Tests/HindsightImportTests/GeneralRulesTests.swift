import Foundation
import Testing
import HindsightModel
@testable import HindsightImport

/// One test per general reading rule, each on a small postmortem written for it.
@Suite struct GeneralRulesTests {
    func imported(_ text: String, _ completeness: Completeness = .partial) -> ImportResult {
        MarkdownImporter.importMarkdown(text: text, file: "p.md", completeness: completeness)
    }
    func first(_ text: String) -> String {
        guard let m = TimeScanner(text).moments().first else { return "none" }
        let c = m.clock.map { "\($0.hour):\($0.minute)" } ?? "-"
        return "\(c) \(m.zone?.zone.written ?? "-")"
    }

    @Test func twentyFourHourTimesWithAStrayMeridiemAndMissingMinutes() {
        #expect(first("at 14:39 PM the site went down") == "14:39 -")
        #expect(first("around 3:AM WAT") == "3:0 WAT")
        #expect(first("at 9:15 PM") == "21:15 -")
    }

    @Test func zoneKeepsTheUnicodeMinusAsWritten() {
        #expect(first("10:00 UTC−05:00") == "10:0 UTC−05:00")
        #expect(first("10:00 UTC-05:00") == "10:0 UTC-05:00")
    }

    @Test func partialPostmortemIsImportedWithWarnings() throws {
        let text = """
        # Login outage

        ## Summary
        From 14:00 to 15:30 UTC on 2024-02-03 the login service failed for everyone trying to sign in.

        ## Timeline
        - 14:05 - Alert fired for login errors.
        - 15:30 - Service restored.

        """
        let r = imported(text)
        let i = try #require(r.incident, "\(r.diagnostics.map(\.text))")
        #expect(!r.diagnostics.hasErrors)
        #expect(i.impact.usersAffectedPercent == nil && i.rootCause == nil && i.corrective == nil)
        #expect(r.diagnostics.contains { $0.rule == "import-missing-percent" && $0.severity == .warning })
        let yaml = try r.exportYAML()
        #expect(yaml.contains("# missing: impact.users_affected_percent — "))
        #expect(yaml.contains("# missing: corrective — "))
        // `check` keeps them as errors.
        #expect(imported(text, .required).diagnostics.contains { $0.rule == "import-missing-percent" && $0.severity == .error })
    }

    @Test func noTitleIsUnknownNeverTheFileName() throws {
        let r = imported("Some notes.\n\n## Timeline\n\n- 2024-02-03 10:00 UTC - Alert fired.\n- 10:30 - Restored.\n")
        let i = try #require(r.incident, "\(r.diagnostics.map(\.text))")
        #expect(i.title == nil)
        #expect(i.displayTitle == "Untitled postmortem")
    }

    @Test func stepsSectionStandsInForAMissingTimelineWithGuessedTimes() throws {
        let text = """
        # Web outage

        The site failed at 08:15 EAT on 2024-05-06.

        ## Debugging steps

        We looked at it like this.

        1. Checked the running processes.
        2. Read the web server's error log.
        3. Fixed the file name in the settings.

        """
        let r = imported(text)
        let i = try #require(r.incident, "\(r.diagnostics.map(\.text))")
        #expect(i.timeline.count == 3)
        #expect(i.timeline.allSatisfy { $0.timeGuessed })
        #expect(i.timeline.allSatisfy { $0.at == i.start })
        #expect(r.diagnostics.contains { $0.rule == "import-timeline-elsewhere" })
    }

    @Test func sectionWrittenAsAListItemWithLazyLines() throws {
        let text = """
        # Checkout outage

        * Summary:
        On 2024-07-01 from 10:00 to 11:00 CAT checkout failed for 20% of users.
        * Timeline:
        10:00: Alert fired for checkout errors.
        10:20: Restarted the payment worker.
        11:00: Service restored.

        """
        let r = imported(text)
        let i = try #require(r.incident, "\(r.diagnostics.map(\.text))")
        #expect(i.timeline.map(\.at.wall.clockText) == ["10:00", "10:20", "11:00"])
    }

    @Test func followingEventsHeadingIsTheTimeline() throws {
        let text = """
        # DNS outage

        ## The following events took place on March 3, 2024:

        - 09:00 UTC - Alert fired.
        - 09:40 UTC - Restored the record.

        """
        let i = try #require(imported(text).incident)
        #expect(i.timeline.count == 2)
    }

    @Test func measuresAreTasksWhenNoTaskListIsWrittenAndIntrosAreNotItems() throws {
        let text = """
        # Disk outage

        On 2024-01-02 from 10:00 to 11:00 UTC uploads failed for 30% of users.

        ## Timeline
        - 10:00 - Alert fired.
        - 11:00 - Resolved.

        ## Correction and prevention measures

        After the review, the following measures were agreed.

        Immediate fixes:
        - Clean the temporary folder every night.
        - Alert when the disk is 80% full.

        Long-term improvements:
        - Move uploads to object storage.

        """
        let r = imported(text)
        let i = try #require(r.incident, "\(r.diagnostics.map(\.text))")
        #expect(i.tasks.map(\.text) == ["Clean the temporary folder every night.", "Alert when the disk is 80% full.", "Move uploads to object storage."])
        #expect(i.improvements.isEmpty)
    }

    @Test func labelledTaskListKeepsImprovementsApart() throws {
        let text = """
        # Disk outage

        On 2024-01-02 from 10:00 to 11:00 UTC uploads failed for 30% of users.

        ## Timeline
        - 10:00 - Alert fired.
        - 11:00 - Resolved.

        ## Corrective and preventative measures

        Improvements:
        - Better disk monitoring.

        Tasks:
        - Add a disk alert at 80%.
        - Clean the temporary folder nightly.

        """
        let i = try #require(imported(text).incident)
        #expect(i.tasks.count == 2 && i.improvements == ["Better disk monitoring."])
    }

    @Test func oneResolutionTheLastFix() {
        #expect(PostmortemReader.oneResolution([.detected, .resolved, .mitigated, .resolved]) == [.detected, .mitigated, .mitigated, .resolved])
        #expect(PostmortemReader.oneResolution([.detected, .resolved, .mitigated]) == [.detected, .mitigated, .resolved])
        #expect(PostmortemReader.oneResolution([.detected, .mitigated]) == [.detected, .mitigated])
    }

    @Test func severalResolvedEntriesBecomeOneResolution() throws {
        let text = """
        # API outage

        On 2024-01-02 from 10:00 to 11:00 UTC the API failed for 50% of users.

        ## Timeline
        - 10:00 - Alert fired.
        - 10:30 - Resolved the database lock; errors dropped.
        - 10:50 - Service restored for all regions.

        """
        let i = try #require(imported(text).incident)
        #expect(i.timeline.filter { $0.kind == .resolved }.count == 1)
        #expect(i.timeline.last?.kind == .resolved)
        #expect((i.timeToMitigateMinutes ?? .infinity) <= (i.timeToResolveMinutes ?? -1))
    }

    @Test func spacedPlusOffsetAndNoRangeMisread() {
        #expect(first("2:30pm GMT + 1") == "14:30 GMT+1")
        #expect(first("09:00 UTC - 11:00 UTC") == "9:0 UTC")
    }

    @Test func taskOwnerDeadlineGroupsAreOneTask() throws {
        let text = """
        # Queue outage

        On 2024-03-03 from 13:00 to 14:00 UTC payments failed for 10% of users.

        ## Timeline
        - 13:00 - Alert fired.
        - 14:00 - Resolved.

        ## Corrective and preventative measures

        Task: Add a queue depth alert
        Owner: Platform team
        Deadline: 2024-03-10

        Task: Write a runbook
        Owner: SRE
        Deadline: March 20

        """
        let i = try #require(imported(text).incident)
        #expect(i.tasks.map(\.text) == ["Add a queue depth alert", "Write a runbook"])
        #expect(i.tasks.map(\.owner) == ["Platform team", "SRE"])
        // A deadline without a year is not a date the format can hold.
        #expect(i.tasks.map(\.due) == ["2024-03-10", nil])
    }

    @Test func taskProseSentencesDuplicatesAndActionsTaken() throws {
        let text = """
        # Cert outage

        On 2024-03-03 from 13:00 to 14:00 UTC the site failed for all users, 100% of them.

        ## Timeline
        - 13:00 - Alert fired.
        - 14:00 - Resolved.

        ## Corrective and preventative measures

        - Renew certificates a month before they expire.
        - Alert on certificate expiry.
        - Renew certificates a month before they expire.

        ### Actions taken:
        The team renewed the certificate. Then it checked the site.

        TODO:
        Make the settings file read-only. Review every settings file.

        """
        let i = try #require(imported(text).incident)
        #expect(i.tasks.map(\.text) == ["Make the settings file read-only.", "Review every settings file."])
        #expect(!i.tasks.contains { $0.text.contains("renewed") })
        #expect(i.improvements == ["Renew certificates a month before they expire.", "Alert on certificate expiry."])
    }

    @Test func plainLineSectionNamesEndTheTimelineAndPseudoTableHeadersAreNotEvents() throws {
        let text = """
        Queue outage

        On 2024-03-03 from 11:30 AM to 12:45 PM WAT the queue failed for 40% of users.

        Timeline (all times WAT)

        Time (WAT)\tActions
        11:30 AM\t\tUpgrade starts
        12:00 PM\t\tQueue down
        12:45 PM\t\tQueue back online

        ROOT CAUSE

        At 11:30 AM the upgrade changed the queue's port. It was rolled back at 12:40 PM.

        """
        let i = try #require(imported(text).incident)
        #expect(i.timeline.map(\.at.wall.clockText) == ["11:30", "12:00", "12:45"])
        #expect(i.rootCause?.hasPrefix("At 11:30 AM the upgrade") == true)
    }

    @Test func aBulletBrokenInTwoIsOneEvent() throws {
        let text = """
        # API outage

        On 2024-01-02 from 10:00 to 11:00 UTC the API failed for 50% of users.

        ## Timeline
        - 10:00 - Users saw an error after sending
        - a request to the API.
        - 11:00 - Service restored.

        """
        let i = try #require(imported(text).incident)
        #expect(i.timeline.count == 2)
        #expect(i.timeline[0].text == "Users saw an error after sending a request to the API.")
    }

    @Test func unknownLabelsStayInsideTheirSectionAndClosingRemarksAreNotTasks() throws {
        let text = """
        Cert outage

        On 2024-03-03 from 10:00 to 11:00 UTC the site failed for 60% of users.

        Timeline
        10:00 - Alert fired.
        11:00 - Resolved.

        Corrective and Preventative Measures
        Improvements:

        Certificate renewal:
        Renew certificates automatically.

        Specific Tasks:
        Install an automatic renewal job.
        Alert 30 days before a certificate expires.

        Remember to check your own certificates today!

        """
        let i = try #require(imported(text).incident)
        #expect(i.tasks.map(\.text) == ["Install an automatic renewal job.", "Alert 30 days before a certificate expires."])
        #expect(i.improvements == ["Renew certificates automatically."])
    }

    @Test func headingsEndingWithAColonAndTaskListLabels() throws {
        let text = """
        # Cert outage

        On 2024-01-02 from 10:00 to 11:00 UTC the site failed for 5% of users.

        ## Timeline
        - 10:00 - Alert fired.
        - 11:00 - Resolved.

        ## Corrective and Preventative Measures

        # Improve certificate monitoring:

        Monitor certificate expiry.

        # Task List:
        - Configure automatic renewal.
        - Add an expiry alert.

        """
        let i = try #require(imported(text).incident)
        #expect(i.tasks.map(\.text) == ["Configure automatic renewal.", "Add an expiry alert."])
        #expect(i.improvements == ["Monitor certificate expiry."])
        #expect(Meaning.normalizedWords("Task 0: Fix the server") == ["fix", "the", "server"])
        #expect(Meaning.normalizedWords("Task List") == ["task", "list"])
    }

    @Test func narrativeParagraphsAndPartLinesInATimelineAreNotEvents() throws {
        let text = """
        # API outage

        On 2024-01-02 from 10:00 to 11:00 UTC the API failed for 50% of users.

        ## Timeline
        - Timeline (all times UTC)
        - 10:00 - Alert fired.
        - 10:30 - Restarted the API.
        - 11:00 - Service restored.

        Looking back, the team spent most of the hour reading logs that had nothing to do with the failure.

        """
        let i = try #require(imported(text).incident)
        #expect(i.timeline.count == 3)
    }

    @Test func numberedTasksWithSubStepsAreOneTaskEach() throws {
        let text = """
        # Cert outage

        On 2024-01-02 from 10:00 to 11:00 UTC the site failed for 5% of users.

        ## Timeline
        - 10:00 - Alert fired.
        - 11:00 - Resolved.

        ## Corrective and Preventative Measures

        **TODO Tasks:**
        1. **Patch the server:**
           - Configure automatic renewal.
           - Test the renewal.
        2. **Add monitoring:**
           - Alert 30 days before expiry.

        """
        let i = try #require(imported(text).incident)
        #expect(i.tasks.map(\.text) == ["Patch the server: Configure automatic renewal. Test the renewal.", "Add monitoring: Alert 30 days before expiry."])
    }

    @Test func midnightStartsAnEntryAndRollsOverWithTheDate() throws {
        let text = """
        # Queue outage on the 3rd of May 2024

        ## Summary
        Started at 11:45 PM EAT on 03/05/2024 and ended at 1:15 AM (EAT) the next day. 12% of customers were hit.

        ## Timeline
        - 11:45 PM - alert fired
        - 11:50pm: on-call engineer paged
        - midnight - restarted the queue workers
        - 1:15 AM - service restored

        """
        let i = try #require(imported(text).incident)
        #expect(i.timeline.map(\.at.iso8601) == ["2024-05-03T23:45:00+03:00", "2024-05-03T23:50:00+03:00",
                                                 "2024-05-04T00:00:00+03:00", "2024-05-04T01:15:00+03:00"])
        // 03/05/2024 is read as the 3rd of May, the day the title names.
        #expect(i.start?.iso8601 == "2024-05-03T23:45:00+03:00" && i.durationMinutes == 90)
        #expect(i.impact.usersAffectedPercent == 12)
        // In prose, “midnight” is not a time.
        #expect(TimeScanner("we worked past midnight").moments().isEmpty)
    }
}
