import Foundation
import HindsightModel

/// Infers a timeline event's kind from its words (and from the phase label it was written
/// under, such as `Misleading paths:`), how an issue was detected, and whom it was escalated to.
enum EventClassifier {
    struct Result {
        var kind: EventKind
        /// The words that decided the kind (nil when it is the default `action`).
        var evidence: String?
        var fromLabel = false
        var via: DetectionMethod?
        var viaEvidence: String?
        var to: String?
    }

    /// Decisive phrases, in order of precedence: an escalation that found nothing is an
    /// escalation; a restart that did not help is a misleading path; "identified and resolved"
    /// is a resolution.
    static let decisive: [(EventKind, [String])] = [
        (.escalated, ["escalat", "looped in", "called in", "paged the", "paged ", "handed over", "handed off", "brought in",
                      "pulled in", "assigned to", "was assigned", "notified the", "informed the", "reached out to", "involved the",
                      "is notified", "was notified", "were notified"]),
        (.misleading, ["misleading", "mislead", "red herring", "false lead", "false alarm", "wrongly", "mistakenly", "incorrectly",
                       "initially thought", "initially suspect", "initially assum", "initial assumption", "initial hypothesis",
                       "initial theory", "assumed", "assuming", "assumption", "wild goose", "dead end", "turned out", "ruled out",
                       "issue persisted", "problem persisted", "error persisted", "outage persisted", "still persisted",
                       "no abnormalities", "found nothing", "no issues were found", "did not help", "didn't help", "no luck",
                       "to no avail", "suspected that", "wrongly suspect", "thought to be", "thought it was", "it wasn't", "wasn't the",
                       "was not the", "no effect", "without effect", "did not work", "didn't work", "did not fix", "didn't fix",
                       "no improvement", "false positive", "detour",
                       "despite", "continues to", "continued to", "still failing", "still down", "but the issue", "but the problem",
                       "hypothesis", "changed nothing", "made no difference", "no difference", "nothing changed"]),
        (.resolved, ["resolved", "resolving", "restored", "restoring", "back online", "back to normal", "back up", "up and run",
                     "fully functional", "fully operational", "functional again", "operational again", "resumed", "recovered",
                     "recovers", "resolution confirmed", "incident closed", "formally closed", "outage ends", "incident ends",
                     "service is back", "was back", "is back", "are back", "% back", "working normally", "working properly", "working again",
                     "works normally", "normal operation", "problem was solved", "issue was solved", "was solved", "returned to normal",
                     "stabilized", "stabilised", "displayed correctly", "everything is running", "200 ok", "200 status", "flowing again", "load again",
                     "loads again", "loading again", "up again", "online again"]),
        (.identified, ["root cause identified", "root cause found", "root cause was", "identified", "discovered", "discovers",
                       "found that", "found the", "found a ", "found an ", "found out", "revealed", "reveals", "revealing", "uncovered",
                       "uncovers", "pinpointed", "traced to", "traced back", "realized", "realised", "determined", "diagnosed",
                       "culprit", "caught", "narrowed down", "deadlock found", "was the cause"]),
    ]

    /// Phrases of the everyday kinds: the one written first in the entry decides.
    static let ordinary: [(EventKind, [String])] = [
        (.mitigated, ["rolled back", "roll back", "rollback", "rolling back", "reverted", "revert", "restarted", "restart", "rebooted",
                      "reboot", "patched", "patch", "hotfix", "hot fix", "fixed", "fixing", "applied", "applying", "mitigat",
                      "workaround", "temporary fix", "rerouted", "scaled", "redeployed", "reinstalled", "corrected", "failover",
                      "failed over", "cleared", "re-index", "reindex", "raised", "increased", "removed", "to remove", "replaced",
                      "optimized", "optimised", "implemented", "deployed a fix", "fix deployed", "changed its name", "dumped the data",
                      "set up", "recreated", "rebuilt", "expanded", "reran", "rerun", "renewed", "installed", "rotated", "redirected"]),
        (.detected, ["detected", "detect", "noticed", "notice", "alerted", "alert", "alarm", "reported", "reports", "reporting",
                     "report ", "complain", "observed", "became aware", "first identified", "flagged", "fired", "received", "pager",
                     "spotted", "getting 500", "receiving calls", "started receiving", "began failing", "started failing", "synthetic"]),
        (.investigation, ["investigat", "checked", "checking", "check ", "examined", "examining", "examine", "analy", "reviewed",
                          "review", "looked", "looking", "look into", "debug", "inspected", "diagnos", "explored", "exploring",
                          "tested", "testing", "verified", "confirmed", "traced", "strace", "curl", "ran ", "running", "searched",
                          "monitored", "ping", "began working", "started working", "troubleshoot", "dives into",
                          "dug", "focus", "attention shifted", "redirected focus", "suspected", "suspecting"]),
    ]

    /// Context that is not a step of the response; only when nothing else is said.
    static let noteWords = ["outage begins", "outage began", "outage starts", "outage started", "incident begins", "triggers", "postmortem"]

    /// Words that undo what follows them: "until the error is resolved".
    static let negations = ["until ", "not ", "n't ", "before ", "unless ", "if ", "never "]

    /// The earliest place in `lower` where one of `phrases` starts a word and is not negated.
    static func firstMatch(_ phrases: [String], in lower: String) -> (phrase: String, at: String.Index)? {
        var best: (String, String.Index)?
        for p in phrases {
            var from = lower.startIndex
            while let r = Prose.firstWordStart(of: p, in: lower, from: from) {
                from = lower.index(after: r.lowerBound)
                let before = lower[lower.index(r.lowerBound, offsetBy: -min(20, lower.distance(from: lower.startIndex, to: r.lowerBound)))..<r.lowerBound]
                if negations.contains(where: { before.hasSuffix($0) || before.contains(" " + $0) }) { continue }
                if best == nil || r.lowerBound < best!.1 || (r.lowerBound == best!.1 && p.count > best!.0.count) { best = (p, r.lowerBound) }
                break
            }
        }
        return best
    }

    static let monitoringWords = ["monitor", "alert", "alarm", "pager", "datadog", "nagios", "prometheus", "grafana", "uptime",
                                  "pingdom", "automated", "dashboard", "new relic", "sentry", "health check", "on-call system",
                                  "synthetic", "opsgenie"]
    static let customerWords = ["customer", "users", "user ", "client", "complain", "ticket", "support team", "calls from",
                                "tweet", "contacted"]
    static let engineerWords = ["engineer", "developer", "devops", "admin", "sre", "on-call", "intern", "team noticed",
                                "we noticed", "operator", "staff", "tester", "team", "the dev"]

    /// `hint` is the meaning of the label the entry sits under; `isLastUnderHint` says it is
    /// the last entry under a `Resolution:` label.
    static func classify(_ fullText: String, hint: Meaning?, isLastUnderHint: Bool) -> Result {
        // An entry's telling words come first; the bound keeps a huge entry cheap.
        let text = String(fullText.prefix(1_000))
        let lower = text.lowercased()
        var result = Result(kind: .action)
        var matched: (EventKind, String)?
        for (kind, phrases) in decisive {
            if let (p, _) = firstMatch(phrases, in: lower) { matched = (kind, p); break }
        }
        if matched == nil {
            // The kind whose phrase comes first; at the same place, the longer phrase.
            var earliest: (EventKind, String, String.Index)?
            for (kind, phrases) in ordinary {
                guard let (p, at) = firstMatch(phrases, in: lower) else { continue }
                if let e = earliest, at > e.2 || (at == e.2 && p.count <= e.1.count) { continue }
                earliest = (kind, p, at)
            }
            matched = earliest.map { ($0.0, $0.1) }
            if matched == nil, let (p, _) = firstMatch(noteWords, in: lower) { matched = (.note, p) }
        }
        switch hint {
        case .detection?: result.kind = .detected; result.fromLabel = true
        case .misleading?: result.kind = .misleading; result.fromLabel = true
        case .escalation?: result.kind = .escalated; result.fromLabel = true
        case .rootCause?: result.kind = .identified; result.fromLabel = true
        case .resolution?:
            if let (k, p) = matched, k == .identified || k == .resolved { result.kind = k; result.evidence = p }
            else { result.kind = isLastUnderHint ? .resolved : .mitigated; result.fromLabel = true }
        default:
            if let (k, p) = matched { result.kind = k; result.evidence = p }
        }
        if let e = result.evidence { result.evidence = word(at: e, in: text) }
        if result.kind == .detected {
            for (method, words) in [(DetectionMethod.monitoring, monitoringWords), (.customer, customerWords), (.engineer, engineerWords)] {
                if let (p, _) = Prose.find(words, in: lower) { result.via = method; result.viaEvidence = word(at: p, in: text); break }
            }
        }
        if result.kind == .escalated { result.to = escalationTarget(text) }
        return result
    }

    /// The whole word(s) of `text` where the phrase `stem` first starts a word: "escalat" → "escalated".
    static func word(at stem: String, in text: String) -> String {
        let lower = text.lowercased()
        guard lower.count == text.count, let (_, r) = Prose.find([stem], in: lower) else { return stem }
        var end = r.upperBound
        while end < lower.endIndex, lower[end].isLetter || lower[end] == "-" { end = lower.index(after: end) }
        let a = lower.distance(from: lower.startIndex, to: r.lowerBound), b = lower.distance(from: lower.startIndex, to: end)
        return String(text.dropFirst(a).prefix(b - a)).trimmingCharacters(in: .whitespaces)
    }

    static let targetLeads = ["escalated to", "escalate to", "escalating to", "escalated it to", "escalation to", "assigned to",
                              "reached out to", "handed over to", "handed off to", "notified", "informed", "looped in",
                              "brought in", "pulled in", "involved", "paged", "called in"]
    static let targetStops: Set<String> = ["for", "after", "who", "which", "as", "because", "with", "but", "while", "when",
                                           "to", "since", "due", "that", "where", "of", "about", "so", "immediately", "once",
                                           "on", "at", "by", "via", "from", "in"]

    /// "escalated to the system administration team." → "System administration team".
    static func escalationTarget(_ text: String) -> String? {
        let lower = text.lowercased()
        // Offsets found in the lowercased text are used on the text itself.
        guard lower.count == text.count, let (_, r) = Prose.find(targetLeads, in: lower) else { return nil }
        let offset = lower.distance(from: lower.startIndex, to: r.upperBound)
        let rest = text[text.index(text.startIndex, offsetBy: offset)...]
        let punctuation = CharacterSet(charactersIn: ",;.:!?()\"'*`")
        var words: [String] = []
        for raw in rest.split(separator: " ") {
            let endsClause = raw.last.map { ",;.:!?)".contains($0) } ?? false
            let w = raw.trimmingCharacters(in: punctuation)
            if w.isEmpty { if endsClause { break } else { continue } }
            if words.isEmpty && ["the", "our", "a", "an", "their", "my"].contains(w.lowercased()) {
                if endsClause { break }
                continue
            }
            if targetStops.contains(w.lowercased()) { break }
            words.append(w)
            if endsClause || words.count >= 8 { break }
        }
        guard !words.isEmpty else { return nil }
        return Prose.capitalizedFirst(words.joined(separator: " "))
    }
}
