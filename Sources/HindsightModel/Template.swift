/// The commented template written by `hindsight init`. It is a valid incident, so a user can
/// render it at once and edit from there.
public enum IncidentTemplate {
    public static let yaml = """
    # A Hindsight incident (format v1). Every field is explained beside it; fields marked
    # "optional" can be deleted. Check it with `hindsight check FILE`, draw it with
    # `hindsight render FILE`. Text fields accept inline Markdown (**bold**, `code`, links).

    title: Checkout failed for a third of our customers   # the postmortem's headline
    emoji: "🛒"                    # optional: one emoji shown beside the title
    service: Checkout API            # the service that was down or slow
    severity: SEV-2                  # optional: free text
    # An IANA name (Europe/Berlin), a UTC offset (+02:00, UTC-5) or an abbreviation
    # (UTC, GMT, SAST, WAT, EAT, CET, CEST, EST, EDT, PST, PDT, IST, JST, ...).
    timezone: UTC
    start: 2025-03-14 13:05          # YYYY-MM-DD HH:MM in `timezone` (start needs a date)
    end: 2025-03-14 14:20            # HH:MM means the start's date; write the date past midnight

    impact:
      summary: Customers saw an error page when paying; orders could not be placed.
      users_affected_percent: 35     # a number from 0 to 100
      services: [Payments, Order confirmation emails]   # optional
      # optional: each component's status over time, one band each in the impact figure;
      # status: operational, degraded_performance, partial_outage, major_outage, under_maintenance
      # components:
      #   - name: Payments
      #     intervals:
      #       - {from: "13:05", to: "14:00", status: major_outage}
      #       - {from: "14:00", to: "14:20", status: degraded_performance}

    root_cause: A configuration change lowered the database connection limit below peak load.

    # One line per event, in time order. kind is one of: detected, action, investigation,
    # misleading, escalated, identified, mitigated, resolved, note (default: action).
    timeline:
      - at: "13:05"
        kind: detected
        via: monitoring              # monitoring, engineer, customer or other
        text: Error-rate alert fired for the checkout API.
      - at: "13:15"
        kind: misleading
        text: Suspected the payment provider; their status page was green.
      - at: "13:30"
        kind: escalated
        to: Database team            # who it was escalated to
        text: Paged the database on-call engineer.
      - at: "13:50"
        kind: identified
        text: Found the connection limit lowered by the morning's config change.
      - at: "14:00"
        kind: mitigated
        text: Reverted the configuration change.
      - at: "14:20"
        kind: resolved
        text: Error rate back to normal for 20 minutes; incident closed.

    resolution: >
      The configuration change was reverted, the connection pool refilled within minutes,
      and checkout recovered. A load test confirmed the old limit holds at peak traffic.

    corrective:
      improvements:
        - Review configuration changes that touch capacity limits.
        - Alert on connection-pool saturation before errors reach users.
      tasks:
        - text: Add a pool-saturation alert at 80% to the database dashboard
          owner: Database team         # optional
          due: 2025-03-28              # optional, YYYY-MM-DD
        - Add a capacity check to the configuration review checklist

    """
}
