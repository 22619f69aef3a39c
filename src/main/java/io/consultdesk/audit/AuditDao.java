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

    record Entry(long id, Instant at, String actorId, String actorEmail, String action, String clinicSlug,
                 String leadId, String detail, String clientIp) {}

    @SqlUpdate("INSERT INTO audit_log (at, actor_id, actor_email, action, clinic_slug, lead_id, detail, client_ip)"
            + " VALUES (:at, :actorId, :actorEmail, :action, :clinicSlug, :leadId, :detail, :clientIp)")
    void insert(@BindMethods Entry entry);

    @SqlQuery("SELECT id, at, actor_id, actor_email, action, clinic_slug, lead_id, detail, client_ip FROM audit_log"
            + " WHERE (:action IS NULL OR action = :action) AND (:email IS NULL OR actor_email = :email)"
            + " AND (:lead IS NULL OR lead_id = :lead)"
            + " ORDER BY id DESC LIMIT :limit OFFSET :offset")
    List<Entry> page(@Bind("action") String action, @Bind("email") String email, @Bind("lead") String leadId,
                     @Bind("limit") int limit, @Bind("offset") int offset);

    /** What happened to one lead, oldest first, without the views (the timeline shows changes). */
    @SqlQuery("SELECT id, at, actor_id, actor_email, action, clinic_slug, lead_id, detail, client_ip FROM audit_log"
            + " WHERE lead_id = :lead AND action <> 'lead.viewed' ORDER BY id")
    List<Entry> changesTo(@Bind("lead") String leadId);

    @SqlQuery("SELECT DISTINCT action FROM audit_log ORDER BY action")
    List<String> actions();
}
