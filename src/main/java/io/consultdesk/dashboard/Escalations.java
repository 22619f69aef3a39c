package io.consultdesk.dashboard;

import io.consultdesk.audit.Actor;
import io.consultdesk.audit.AuditLog;
import io.consultdesk.clinic.Clinic;
import io.consultdesk.clinic.ClinicService;
import io.consultdesk.db.Database;
import io.consultdesk.lead.SealedLead;
import io.consultdesk.mail.MailKind;
import io.consultdesk.mail.Outbox;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An urgent request that nobody acknowledged within the clinic's time (15 minutes unless set) is
 * escalated: a PHI-free email to the clinic's escalation recipients (or, if it has none, its urgent
 * recipients, then its notification recipients), queued in the same transaction that marks the lead
 * escalated. The mark is conditional, so each lead is escalated once, even with several instances.
 */
public final class Escalations {
    private static final Logger LOG = LoggerFactory.getLogger(Escalations.class);
    private final Database db;
    private final ClinicService clinics;
    private final Outbox outbox;
    private final AuditLog audit;
    private final Clock clock;

    public Escalations(Database db, ClinicService clinics, Outbox outbox, AuditLog audit, Clock clock) {
        this.db = db;
        this.clinics = clinics;
        this.outbox = outbox;
        this.audit = audit;
        this.clock = clock;
    }

    /**
     * Checks every request whose time has come (all real requests are checked alike, so the schedule says nothing
     * of which are urgent) and escalates the urgent ones nobody acknowledged; returns how many this call escalated.
     */
    public int escalateDue() {
        Instant now = clock.instant();
        List<DeskDao.DueEscalation> due = db.jdbi().withExtension(DeskDao.class, d -> d.dueEscalations(now));
        int escalated = 0;
        for (DeskDao.DueEscalation lead : due) {
            SealedLead.Triage triage = SealedLead.Triage.open(db.opened(), lead.id(), lead.triage());
            boolean escalate = triage.waiting() && !lead.test();
            Optional<Clinic> clinic = clinics.find(lead.clinicSlug());
            if (escalate && clinic.isEmpty()) {
                continue;
            }
            List<String> to = escalate ? recipients(clinic.get()) : List.of();
            String after = escalate ? triage.escalated(now).seal(db.sealer(), lead.id()) : lead.triage();
            boolean done = db.write(h -> {
                if (h.attach(DeskDao.class).markChecked(lead.id(), lead.triage(), after) == 0) {
                    return false;
                }
                if (!escalate) {
                    return false;
                }
                to.forEach(r -> outbox.enqueue(h, lead.clinicSlug(), lead.id(), MailKind.ESCALATION, r));
                // Not naming the request: only urgent ones are escalated (its sealed triage keeps the time)
                audit.record(h, Actor.SYSTEM, "lead.escalated", lead.clinicSlug(), null,
                        "not acknowledged within " + clinic.get().dashboard().acknowledgeMinutes() + " min · "
                                + to.size() + (to.size() == 1 ? " recipient" : " recipients"));
                return true;
            });
            if (done) {
                escalated++;
                LOG.warn("An urgent request of clinic {} was not acknowledged in time: escalated to {} recipient(s)",
                        lead.clinicSlug(), to.size());
            }
        }
        if (escalated > 0) {
            outbox.signal();
        }
        return escalated;
    }

    static List<String> recipients(Clinic clinic) {
        Clinic.Recipients r = clinic.recipients();
        return !r.escalation().isEmpty() ? r.escalation() : !r.urgent().isEmpty() ? r.urgent() : r.requests();
    }
}
