package io.consultdesk.audit;

import io.consultdesk.db.Database;
import java.time.Clock;
import java.util.List;
import org.jdbi.v3.core.Handle;

/**
 * The append-only audit log (45 CFR 164.312(b)): sign-ins and failed sign-ins, every view and export of
 * leads, every change to one. Entries are written in the same transaction as the change they describe,
 * so there is no change without its entry. A detail names what changed, never an answer or a note.
 */
public final class AuditLog {
    public static final int PAGE_SIZE = 100;
    private final Database db;
    private final Clock clock;

    public AuditLog(Database db, Clock clock) {
        this.db = db;
        this.clock = clock;
    }

    public void record(Handle h, Actor actor, String action, String clinicSlug, String leadId, String detail) {
        h.attach(AuditDao.class).insert(AuditDao.Entry.of(clock.instant(), actor.userId(), actor.email(), action,
                clinicSlug, leadId, detail, actor.clientIp()));
    }

    /**
     * Records a security event that may repeat in bursts (failed sign-ins, refusals, views of the audit log): the
     * repeats of one minute with the same action, account, address, clinic and detail are counted on one row
     * ("×300" on the audit page) rather than written one row each. Nothing is lost: the count is exact.
     */
    public void recordRepeat(Handle h, Actor actor, String action, String clinicSlug, String leadId, String detail) {
        java.time.Instant now = clock.instant();
        long minute = now.getEpochSecond() / 60;
        String key = io.consultdesk.staff.StaffService.sha256(String.join("\0", action, String.valueOf(actor.userId()),
                String.valueOf(actor.email()), String.valueOf(actor.clientIp()), String.valueOf(clinicSlug),
                String.valueOf(leadId), String.valueOf(detail), Long.toString(minute)));
        h.attach(AuditDao.class).insertOrCount(AuditDao.Entry.of(now, actor.userId(), actor.email(), action,
                clinicSlug, leadId, detail, actor.clientIp()), key);
    }

    /** {@link #recordRepeat(Handle, Actor, String, String, String, String)} in a transaction of its own. */
    public void recordRepeat(Actor actor, String action, String clinicSlug, String leadId, String detail) {
        db.write(h -> {
            recordRepeat(h, actor, action, clinicSlug, leadId, detail);
            return null;
        });
    }

    /** Records an entry in a transaction of its own (for reads: views, exports). */
    public void record(Actor actor, String action, String clinicSlug, String leadId, String detail) {
        db.write(h -> {
            record(h, actor, action, clinicSlug, leadId, detail);
            return null;
        });
    }

    /** One page of entries, newest first; a null filter matches all. Fetches one extra row to tell if there is more. */
    public List<AuditDao.Entry> page(String action, String email, String leadId, int page) {
        return db.jdbi().withExtension(AuditDao.class,
                d -> d.page(action, email, leadId, PAGE_SIZE + 1, Math.max(0, page - 1) * PAGE_SIZE));
    }

    public List<AuditDao.Entry> changesTo(String leadId) {
        return db.jdbi().withExtension(AuditDao.class, d -> d.changesTo(leadId));
    }

    public List<String> actions() {
        return db.jdbi().withExtension(AuditDao.class, AuditDao::actions);
    }
}
