package io.consultdesk.dashboard;

import io.consultdesk.db.OpenedCache;
import io.consultdesk.lead.SealedLead;
import io.consultdesk.lead.SealedLead.Triage;
import java.util.Comparator;
import java.util.List;
import java.util.function.Function;

/**
 * Opens the sealed parts of requests for staff (names, emails, phones, triage), and orders and filters lists
 * of them by what is sealed: urgent and unacknowledged first, then by priority (review, likely fit, routine),
 * oldest waiting first.
 */
final class OpenLeads {
    private OpenLeads() {}

    record Sorted(DeskDao.Candidate candidate, Triage triage) {}

    static final Comparator<Sorted> ORDER = Comparator.comparing((Sorted s) -> s.triage().waiting() ? 0 : 1)
            .thenComparingInt(s -> s.triage().priority())
            .thenComparing(s -> s.candidate().createdAt())
            .thenComparing(s -> s.candidate().id());

    static Triage triage(OpenedCache cache, String leadId, String sealed) {
        return Triage.open(cache, leadId, sealed);
    }

    /** Whether a request passes the flag filter: {@code urgent}, or a flag code; null passes everything. */
    static boolean flagged(Triage t, String flag) {
        return flag == null || (InboxFilter.URGENT.equals(flag) ? t.urgent() : t.flags().contains(flag));
    }

    static DeskDao.ListRow row(OpenedCache cache, DeskDao.StoredRow r) {
        Triage t = triage(cache, r.id(), r.triage());
        return new DeskDao.ListRow(r.id(), r.clinicSlug(), r.createdAt(), r.status(),
                SealedLead.open(cache, r.id(), "name", r.name()), SealedLead.open(cache, r.id(), "email", r.email()),
                SealedLead.open(cache, r.id(), "phone", r.phone()), r.preferredContact(), r.interest(), r.locationId(),
                t.urgent(), t.acknowledgedAt(), t.escalatedAt(), t.priority(), flagsJson(t.flags()), r.assignedEmail(),
                r.bestTime(), r.test());
    }

    static DeskDao.LeadRecord lead(OpenedCache cache, DeskDao.StoredLead l, Function<String, String> staffEmail) {
        Triage t = triage(cache, l.id(), l.triage());
        return new DeskDao.LeadRecord(l.id(), l.clinicSlug(), l.createdAt(), l.source(), l.status(), l.statusChangedAt(),
                SealedLead.open(cache, l.id(), "name", l.name()), SealedLead.open(cache, l.id(), "email", l.email()),
                SealedLead.open(cache, l.id(), "phone", l.phone()), l.preferredContact(), l.bestTime(), l.timeZone(),
                l.state(), l.locationId(), l.interest(), l.referralSource(), t.helpNow(), t.urgent(), t.priority(),
                flagsJson(t.flags()), l.sealed(), l.assignedTo(), l.assignedEmail(), t.acknowledgedAt(),
                t.acknowledgedBy() == null ? null : staffEmail.apply(t.acknowledgedBy()),
                t.urgent() ? l.escalateAt() : null, t.escalatedAt(), l.callbackWindow(), l.test(), l.utmSource(),
                l.utmMedium(), l.utmCampaign(), t.alertHeld());
    }

    /** Flag codes as the JSON array {@link Labels#flags} reads (codes are lower-case letters and dashes). */
    static String flagsJson(List<String> flags) {
        StringBuilder out = new StringBuilder("[");
        for (String f : flags) {
            if (out.length() > 1) {
                out.append(',');
            }
            out.append('"').append(f.replaceAll("[^A-Za-z0-9_-]", "")).append('"');
        }
        return out.append(']').toString();
    }
}
