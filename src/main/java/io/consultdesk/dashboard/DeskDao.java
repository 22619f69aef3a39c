package io.consultdesk.dashboard;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.sqlobject.config.RegisterConstructorMapper;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.customizer.BindList;
import org.jdbi.v3.sqlobject.customizer.BindMethods;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

/**
 * All SQL of the staff dashboard. Every query that returns leads is limited to {@code <clinics>}, the
 * clinics the signed-in person may see, so a lead of another clinic is not found whatever its id.
 * Test requests (sent from a clinic's setup checklist, {@code test = 1}) are listed and open like any
 * request, but kept out of the export, the overview's figures and escalation: each such query says so.
 */
@RegisterConstructorMapper(DeskDao.ListRow.class)
@RegisterConstructorMapper(DeskDao.LeadRecord.class)
@RegisterConstructorMapper(DeskDao.StatusCount.class)
@RegisterConstructorMapper(DeskDao.ConsentRow.class)
@RegisterConstructorMapper(DeskDao.NoteRow.class)
@RegisterConstructorMapper(DeskDao.Created.class)
@RegisterConstructorMapper(DeskDao.DueEscalation.class)
@RegisterConstructorMapper(SourceCounts.Row.class)
public interface DeskDao {

    /** The filters as bound parameters; null means "any". */
    record Where(String clinic, String location, String interest, String flag, String flagPattern, Instant from,
                 Instant to, String query, String queryDigits) {}

    record ListRow(String id, String clinicSlug, Instant createdAt, String status, String name, String email,
                   String phone, String preferredContact, String interest, String locationId, boolean urgent,
                   Instant acknowledgedAt, Instant escalatedAt, int priority, String flags, String assignedEmail,
                   String bestTime, boolean test) {}

    record StatusCount(String status, long count) {}

    record LeadRecord(String id, String clinicSlug, Instant createdAt, String source, String status,
                      Instant statusChangedAt, String name, String email, String phone, String preferredContact,
                      String bestTime, String timeZone, String state, String locationId, String interest,
                      String referralSource, boolean helpNow, boolean urgent, int priority, String flags, String sealed,
                      String assignedTo, String assignedEmail, Instant acknowledgedAt, String acknowledgedEmail,
                      Instant escalateAt, Instant escalatedAt, String callbackWindow, boolean test, String utmSource,
                      String utmMedium, String utmCampaign) {}

    record ConsentRow(String kind, String textVersion, String text, Instant givenAt, String clientIp, String phone) {}

    record NoteRow(String id, String authorEmail, Instant createdAt, String body) {}

    record Created(Instant createdAt, String interest) {}

    record DueEscalation(String id, String clinicSlug) {}

    String FILTERS = " l.clinic_slug IN (<clinics>)"
            + " AND (:clinic IS NULL OR l.clinic_slug = :clinic)"
            + " AND (:location IS NULL OR l.location_id = :location)"
            + " AND (:interest IS NULL OR l.interest = :interest)"
            + " AND (:flag IS NULL OR (:flag = 'urgent' AND l.urgent = 1) OR l.flags LIKE :flagPattern)"
            + " AND (:from IS NULL OR l.created_at >= :from)"
            + " AND (:to IS NULL OR l.created_at < :to)"
            + " AND (:query IS NULL OR lower(l.name) LIKE :query ESCAPE '!' OR lower(l.email) LIKE :query ESCAPE '!'"
            + " OR (:queryDigits IS NOT NULL AND replace(replace(replace(replace(replace(coalesce(l.phone, ''),"
            + " ' ', ''), '-', ''), '(', ''), ')', ''), '.', '') LIKE :queryDigits))";

    String LIST = "SELECT l.id, l.clinic_slug, l.created_at, l.status, l.name, l.email, l.phone, l.preferred_contact,"
            + " l.interest, l.location_id, l.urgent, l.acknowledged_at, l.escalated_at, l.priority, l.flags,"
            + " a.email AS assigned_email, l.best_time, l.test"
            + " FROM lead l LEFT JOIN staff_user a ON a.id = l.assigned_to WHERE" + FILTERS
            + " AND l.status IN (<statuses>)";

    /** Urgent and unacknowledged first, then by priority (review, likely fit, routine), oldest waiting first. */
    String LIST_ORDER = " ORDER BY CASE WHEN l.urgent = 1 AND l.acknowledged_at IS NULL THEN 0 ELSE 1 END, l.priority,"
            + " l.created_at, l.id LIMIT :limit OFFSET :offset";

    /** The inbox: every request, test requests too (shown as tests). */
    @SqlQuery(LIST + LIST_ORDER)
    List<ListRow> inbox(@BindList(value = "clinics", onEmpty = BindList.EmptyHandling.NULL_STRING) List<String> clinics, @BindMethods Where where,
                        @BindList("statuses") List<String> statuses, @Bind("limit") int limit, @Bind("offset") int offset);

    /** The CSV export: the inbox's list without test requests. */
    @SqlQuery(LIST + " AND l.test = 0" + LIST_ORDER)
    List<ListRow> export(@BindList(value = "clinics", onEmpty = BindList.EmptyHandling.NULL_STRING) List<String> clinics, @BindMethods Where where,
                         @BindList("statuses") List<String> statuses, @Bind("limit") int limit, @Bind("offset") int offset);

    @SqlQuery("SELECT l.status, count(*) AS count FROM lead l WHERE" + FILTERS + " GROUP BY l.status")
    List<StatusCount> countByStatus(@BindList(value = "clinics", onEmpty = BindList.EmptyHandling.NULL_STRING) List<String> clinics, @BindMethods Where where);

    /**
     * Urgent leads nobody acknowledged, whatever their status: one closed without an acknowledgement is
     * still escalated, so it is still counted (and listed first).
     */
    @SqlQuery("SELECT count(*) FROM lead l WHERE l.clinic_slug IN (<clinics>) AND l.urgent = 1 AND l.acknowledged_at IS NULL")
    long unacknowledgedUrgent(@BindList(value = "clinics", onEmpty = BindList.EmptyHandling.NULL_STRING) List<String> clinics);

    @SqlQuery("SELECT l.id, l.clinic_slug, l.created_at, l.source, l.status, l.status_changed_at, l.name, l.email, l.phone,"
            + " l.preferred_contact, l.best_time, l.time_zone, l.state, l.location_id, l.interest, l.referral_source,"
            + " l.help_now, l.urgent, l.priority, l.flags, l.sealed, l.assigned_to, a.email AS assigned_email,"
            + " l.acknowledged_at, k.email AS acknowledged_email, l.escalate_at, l.escalated_at, l.callback_window, l.test,"
            + " l.utm_source, l.utm_medium, l.utm_campaign"
            + " FROM lead l LEFT JOIN staff_user a ON a.id = l.assigned_to LEFT JOIN staff_user k ON k.id = l.acknowledged_by"
            + " WHERE l.id = :id AND l.clinic_slug IN (<clinics>)")
    Optional<LeadRecord> find(@Bind("id") String id, @BindList(value = "clinics", onEmpty = BindList.EmptyHandling.NULL_STRING) List<String> clinics);

    @SqlQuery("SELECT kind, text_version, text, given_at, client_ip, phone FROM lead_consent WHERE lead_id = :id ORDER BY kind")
    List<ConsentRow> consents(@Bind("id") String leadId);

    @SqlQuery("SELECT n.id, u.email AS author_email, n.created_at, n.body FROM lead_note n"
            + " LEFT JOIN staff_user u ON u.id = n.author_id WHERE n.lead_id = :id ORDER BY n.created_at, n.id")
    List<NoteRow> notes(@Bind("id") String leadId);

    @SqlUpdate("INSERT INTO lead_note (id, lead_id, author_id, created_at, body) VALUES (:id, :lead, :author, :now, :body)")
    void insertNote(@Bind("id") String id, @Bind("lead") String leadId, @Bind("author") String authorId,
                    @Bind("now") Instant now, @Bind("body") String sealedBody);

    @SqlUpdate("UPDATE lead SET status = :status, status_changed_at = :now,"
            + " furthest_stage = CASE WHEN :stage > furthest_stage THEN :stage ELSE furthest_stage END WHERE id = :id")
    int setStatus(@Bind("id") String id, @Bind("status") String status, @Bind("stage") int stage, @Bind("now") Instant now);

    @SqlUpdate("UPDATE lead SET assigned_to = :user WHERE id = :id")
    int assign(@Bind("id") String id, @Bind("user") String userId);

    @SqlUpdate("UPDATE lead SET acknowledged_at = :now, acknowledged_by = :user"
            + " WHERE id = :id AND urgent = 1 AND acknowledged_at IS NULL")
    int acknowledge(@Bind("id") String id, @Bind("user") String userId, @Bind("now") Instant now);

    // The overview: real requests only, never test requests

    @SqlQuery("SELECT created_at, interest FROM lead WHERE clinic_slug IN (<clinics>) AND created_at >= :since AND test = 0")
    List<Created> createdSince(@BindList(value = "clinics", onEmpty = BindList.EmptyHandling.NULL_STRING) List<String> clinics, @Bind("since") Instant since);

    @SqlQuery("SELECT count(*) FROM lead WHERE clinic_slug IN (<clinics>) AND created_at >= :since AND furthest_stage >= :stage"
            + " AND test = 0")
    long reachedStage(@BindList(value = "clinics", onEmpty = BindList.EmptyHandling.NULL_STRING) List<String> clinics, @Bind("since") Instant since, @Bind("stage") int stage);

    /**
     * Requests since then by campaign (utm_source, utm_medium, utm_campaign; null, or empty, for none), most frequent
     * first, the ones with a campaign before those without at equal counts. Test requests are not counted.
     */
    @SqlQuery("SELECT nullif(utm_source, '') AS source, nullif(utm_medium, '') AS medium,"
            + " nullif(utm_campaign, '') AS campaign, count(*) AS count FROM lead"
            + " WHERE clinic_slug IN (<clinics>) AND created_at >= :since AND test = 0"
            + " GROUP BY 1, 2, 3"
            + " ORDER BY count DESC, nullif(utm_source, '') IS NULL, 1, nullif(utm_medium, '') IS NULL, 2,"
            + " nullif(utm_campaign, '') IS NULL, 3 LIMIT :limit")
    List<SourceCounts.Row> countBySource(@BindList(value = "clinics", onEmpty = BindList.EmptyHandling.NULL_STRING) List<String> clinics,
                                         @Bind("since") Instant since, @Bind("limit") int limit);

    @SqlQuery("SELECT count(*) FROM lead WHERE clinic_slug IN (<clinics>) AND created_at >= :since AND test = 0")
    long countSince(@BindList(value = "clinics", onEmpty = BindList.EmptyHandling.NULL_STRING) List<String> clinics, @Bind("since") Instant since);

    // Escalation of urgent leads nobody acknowledged; a test request is never escalated, even one marked urgent

    @SqlQuery("SELECT id, clinic_slug FROM lead WHERE escalate_at IS NOT NULL AND escalated_at IS NULL"
            + " AND escalate_at <= :now AND acknowledged_at IS NULL AND test = 0 ORDER BY escalate_at LIMIT 100")
    List<DueEscalation> dueEscalations(@Bind("now") Instant now);

    /** Marks the escalation; 0 when another instance did it first or the lead was acknowledged meanwhile. */
    @SqlUpdate("UPDATE lead SET escalated_at = :now WHERE id = :id AND escalated_at IS NULL AND acknowledged_at IS NULL")
    int markEscalated(@Bind("id") String id, @Bind("now") Instant now);
}
