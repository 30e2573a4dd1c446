/// The built-in example: the assignment's email outage as a format v1 incident. Rendered by
/// `hindsight` with no arguments. The same text is in `assets/examples/email-outage.yaml`
/// (a test keeps the two identical).
public enum BuiltinExample {
    public static let stem = "email-outage"
    public static let fileName = "email-outage.yaml"
    public static let yaml = """
    # Hindsight's built-in example: the postmortem assignment's email outage, as an incident.
    title: The Day the Emails Stood Still
    emoji: "📧"
    service: Internal email server
    severity: SEV-2
    timezone: SAST
    start: 2024-04-18 09:30
    end: 2024-04-18 11:00
    impact:
      summary: >
        Staff could neither send nor receive email, which delayed communication and
        stalled work in several departments.
      users_affected_percent: 90
      services: [Email sending, Email receiving]
    root_cause: >
      A corrupted software update broke a service the email server depends on, and the
      server stopped responding.
    root_cause_detail: >
      The update package for the email server software arrived incomplete: a library that the
      mail transfer service loads at start-up was missing. The installer did not check the
      package before applying it, so the service crashed on its first restart and the server
      stopped accepting connections for both sending and receiving.
    timeline:
      - at: "09:30"
        kind: detected
        via: monitoring
        text: A monitoring alert flagged the email server as unresponsive.
      - at: "09:35"
        kind: action
        text: IT support confirmed the outage by trying to reach the server.
      - at: "09:40"
        kind: investigation
        text: Looked at the server's status and its recent logs.
      - at: "09:50"
        kind: investigation
        text: Suspected the network and checked the network infrastructure.
      - at: "10:00"
        kind: misleading
        text: Restarted the server's network services; the outage went on.
      - at: "10:10"
        kind: misleading
        text: Tested the server hardware; every component was healthy.
      - at: "10:20"
        kind: escalated
        to: System administration team
        text: Handed the incident to the system administration team.
      - at: "10:30"
        kind: identified
        text: Going through recent updates turned up a corrupted update package.
      - at: "10:40"
        kind: mitigated
        text: Rolled the email server back to the last stable version.
      - at: "10:50"
        kind: action
        text: Restarted the email server and tested sending and receiving.
      - at: "11:00"
        kind: resolved
        text: Service back; kept watching to make sure the fix held.
    resolution: >
      The team traced the failure to the corrupted update package, rolled the email server
      back to the last stable version, reinstalled it cleanly and restarted it. Sending and
      receiving were tested before the incident was closed.
    corrective:
      improvements:
        - Check every software update before it is installed.
        - Alert on service health straight after each update.
        - Keep a rehearsed way back for every update.
      tasks:
        - text: Add checksum and completeness checks to the update pipeline
          owner: Platform team
        - text: Add a post-update health probe for the mail services to monitoring
          owner: SRE
        - text: Write and rehearse the email server rollback runbook
          owner: System administration
        - text: Make update validation a required step of the update policy
        - text: Audit the update process every quarter

    """
}
