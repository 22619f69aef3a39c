package io.consultdesk.audit;

import java.time.Instant;
import java.util.List;
import org.jdbi.v3.sqlobject.config.RegisterConstructorMapper;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.customizer.BindMethods;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

/**
 * All SQL of the audit log. There is an INSERT and there are SELECTs: the log is append-only, and the
 * database refuses UPDATE and DELETE on it as well (triggers in V4).
 */
@RegisterConstructorMapper(AuditDao.Entry.class)
public interface AuditDao {

    /**
     * @param repeatCount how many times this happened (1, or more for a burst counted on one row, see V10)
     * @param lastAt      when it last happened, for a counted burst; null otherwise
     */
    record Entry(long id, Instant at, String actorId, String actorEmail, String action, String clinicSlug,
                 String leadId, String detail, String clientIp, int repeatCount, Instant lastAt) {
        /** A new entry, to be written. */
        public static Entry of(Instant at, String actorId, String actorEmail, String action, String clinicSlug,
                               String leadId, String detail, String clientIp) {
            return new Entry(0, at, actorId, actorEmail, action, clinicSlug, leadId, detail, clientIp, 1, null);
        }
    }

    String COLUMNS = "id, at, actor_id, actor_email, action, clinic_slug, lead_id, detail, client_ip, repeat_count, last_at";

    @SqlUpdate("INSERT INTO audit_log (at, actor_id, actor_email, action, clinic_slug, lead_id, detail, client_ip)"
            + " VALUES (:at, :actorId, :actorEmail, :action, :clinicSlug, :leadId, :detail, :clientIp)")
    void insert(@BindMethods Entry entry);

    /**
     * A security event that may come in bursts: the first of its (action, account, address, detail, minute) is a
     * new row, each repeat adds one to that row's count (the only update the database allows on the log).
     */
    @SqlUpdate("INSERT INTO audit_log (at, actor_id, actor_email, action, clinic_slug, lead_id, detail, client_ip,"
            + " repeat_count, last_at, repeat_key)"
            + " VALUES (:at, :actorId, :actorEmail, :action, :clinicSlug, :leadId, :detail, :clientIp, 1, :at, :key)"
            + " ON CONFLICT (repeat_key) WHERE repeat_key IS NOT NULL"
            + " DO UPDATE SET repeat_count = repeat_count + 1, last_at = excluded.at")
    void insertOrCount(@BindMethods Entry entry, @Bind("key") String repeatKey);

    @SqlQuery("SELECT " + COLUMNS + " FROM audit_log"
            + " WHERE (:action IS NULL OR action = :action) AND (:email IS NULL OR actor_email = :email)"
            + " AND (:lead IS NULL OR lead_id = :lead)"
            + " ORDER BY id DESC LIMIT :limit OFFSET :offset")
    List<Entry> page(@Bind("action") String action, @Bind("email") String email, @Bind("lead") String leadId,
                     @Bind("limit") int limit, @Bind("offset") int offset);

    /** What happened to one lead, oldest first, without the views (the timeline shows changes). */
    @SqlQuery("SELECT " + COLUMNS + " FROM audit_log"
            + " WHERE lead_id = :lead AND action <> 'lead.viewed' ORDER BY id")
    List<Entry> changesTo(@Bind("lead") String leadId);

    @SqlQuery("SELECT DISTINCT action FROM audit_log ORDER BY action")
    List<String> actions();
}
