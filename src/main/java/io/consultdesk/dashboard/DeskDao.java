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
 * Names, emails, phones and triage are sealed ({@code io.consultdesk.lead.SealedLead}): the Stored records
 * hold them sealed, and {@link DeskService} opens them.
 */
@RegisterConstructorMapper(DeskDao.Candidate.class)
@RegisterConstructorMapper(DeskDao.StoredRow.class)
@RegisterConstructorMapper(DeskDao.StoredLead.class)
@RegisterConstructorMapper(DeskDao.ConsentRow.class)
@RegisterConstructorMapper(DeskDao.NoteRow.class)
@RegisterConstructorMapper(DeskDao.Created.class)
@RegisterConstructorMapper(DeskDao.DueEscalation.class)
@RegisterConstructorMapper(SourceCounts.Row.class)
public interface DeskDao {

    /**
     * The filters SQL can apply, as bound parameters (null means "any"); {@code terms}: how many search tokens
     * must all match (0: no search). Urgency, priority and flags are sealed, so they are filtered and sorted
     * in memory ({@link DeskService}).
     */
    record Where(String clinic, String location, String interest, Instant from, Instant to, int terms) {}

    /** What the inbox sorts and filters on, before it reads the rows of the page it shows. */
    record Candidate(String id, String status, Instant createdAt, String triage, boolean test) {}

    /** A request of a list as stored: {@code name}, {@code email}, {@code phone} and {@code triage} sealed. */
    record StoredRow(String id, String clinicSlug, Instant createdAt, String status, String name, String email,
                     String phone, String preferredContact, String interest, String locationId, String triage,
                     String assignedEmail, String bestTime, boolean test) {}

    /** A request of a list, opened. */
    record ListRow(String id, String clinicSlug, Instant createdAt, String status, String name, String email,
                   String phone, String preferredContact, String interest, String locationId, boolean urgent,
                   Instant acknowledgedAt, Instant escalatedAt, int priority, String flags, String assignedEmail,
                   String bestTime, boolean test) {}

    /** A request as stored, for its page: {@code name}, {@code email}, {@code phone} and {@code triage} sealed. */
    record StoredLead(String id, String clinicSlug, Instant createdAt, String source, String status,
                      Instant statusChangedAt, String name, String email, String phone, String preferredContact,
                      String bestTime, String timeZone, String state, String locationId, String interest,
                      String referralSource, String triage, String sealed, String assignedTo, String assignedEmail,
                      Instant escalateAt, String callbackWindow, boolean test, String utmSource, String utmMedium,
                      String utmCampaign) {}

    /** A request, opened, for its page. */
    record LeadRecord(String id, String clinicSlug, Instant createdAt, String source, String status,
                      Instant statusChangedAt, String name, String email, String phone, String preferredContact,
                      String bestTime, String timeZone, String state, String locationId, String interest,
                      String referralSource, boolean helpNow, boolean urgent, int priority, String flags, String sealed,
                      String assignedTo, String assignedEmail, Instant acknowledgedAt, String acknowledgedEmail,
                      Instant escalateAt, Instant escalatedAt, String callbackWindow, boolean test, String utmSource,
                      String utmMedium, String utmCampaign, boolean alertHeld) {}

    record ConsentRow(String kind, String textVersion, String text, Instant givenAt, String clientIp, String phone) {}

    record NoteRow(String id, String authorEmail, Instant createdAt, String body) {}

    record Created(Instant createdAt, String interest) {}

    record DueEscalation(String id, String clinicSlug, String triage, boolean test) {}

    String FILTERS = " l.clinic_slug IN (<clinics>)"
            + " AND (:clinic IS NULL OR l.clinic_slug = :clinic)"
            + " AND (:location IS NULL OR l.location_id = :location)"
            + " AND (:interest IS NULL OR l.interest = :interest)"
            + " AND (:from IS NULL OR l.created_at >= :from)"
            + " AND (:to IS NULL OR l.created_at < :to)"
            + " AND (:terms = 0 OR l.id IN (SELECT k.lead_id FROM lead_lookup k WHERE k.token IN (<tokens>)"
            + " GROUP BY k.lead_id HAVING count(*) = :terms))";

    /** Every request the filters let through, in any status (the tabs count them), test requests too. */
    @SqlQuery("SELECT l.id, l.status, l.created_at, l.triage, l.test FROM lead l WHERE" + FILTERS)
    List<Candidate> candidates(@BindList(value = "clinics", onEmpty = BindList.EmptyHandling.NULL_STRING) List<String> clinics,
                               @BindMethods Where where,
                               @BindList(value = "tokens", onEmpty = BindList.EmptyHandling.NULL_STRING) List<String> tokens);

    @SqlQuery("SELECT l.id, l.clinic_slug, l.created_at, l.status, l.name, l.email, l.phone, l.preferred_contact,"
            + " l.interest, l.location_id, l.triage, a.email AS assigned_email, l.best_time, l.test"
            + " FROM lead l LEFT JOIN staff_user a ON a.id = l.assigned_to WHERE l.id IN (<ids>)")
    List<StoredRow> rows(@BindList(value = "ids", onEmpty = BindList.EmptyHandling.NULL_STRING) List<String> ids);

    /** The triage of every request of these clinics: the urgent ones nobody acknowledged are counted from it. */
    @SqlQuery("SELECT l.id, l.status, l.created_at, l.triage, l.test FROM lead l WHERE l.clinic_slug IN (<clinics>)")
    List<Candidate> triages(@BindList(value = "clinics", onEmpty = BindList.EmptyHandling.NULL_STRING) List<String> clinics);

    @SqlQuery("SELECT l.id, l.clinic_slug, l.created_at, l.source, l.status, l.status_changed_at, l.name, l.email, l.phone,"
            + " l.preferred_contact, l.best_time, l.time_zone, l.state, l.location_id, l.interest, l.referral_source,"
            + " l.triage, l.sealed, l.assigned_to, a.email AS assigned_email, l.escalate_at, l.callback_window, l.test,"
            + " l.utm_source, l.utm_medium, l.utm_campaign"
            + " FROM lead l LEFT JOIN staff_user a ON a.id = l.assigned_to"
            + " WHERE l.id = :id AND l.clinic_slug IN (<clinics>)")
    Optional<StoredLead> find(@Bind("id") String id, @BindList(value = "clinics", onEmpty = BindList.EmptyHandling.NULL_STRING) List<String> clinics);

    @SqlQuery("SELECT email FROM staff_user WHERE id = :id")
    Optional<String> staffEmail(@Bind("id") String userId);

    @SqlUpdate("INSERT INTO staff_search (id, user_id, query, created_at) VALUES (:id, :user, :query, :now)")
    void insertSearch(@Bind("id") String id, @Bind("user") String userId, @Bind("query") String sealedQuery,
                      @Bind("now") Instant now);

    @SqlQuery("SELECT query FROM staff_search WHERE id = :id AND user_id = :user AND created_at >= :since")
    Optional<String> search(@Bind("id") String id, @Bind("user") String userId, @Bind("since") Instant since);

    @SqlUpdate("DELETE FROM staff_search WHERE created_at < :before")
    int purgeSearches(@Bind("before") Instant before);

    /** Writes a new triage (an acknowledgement) unless another write changed it since it was read; 0 then. */
    @SqlUpdate("UPDATE lead SET triage = :triage WHERE id = :id AND triage = :read")
    int setTriage(@Bind("id") String id, @Bind("read") String read, @Bind("triage") String triage);

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

    // Escalation: every real request is checked once, at its escalate_at; an urgent one nobody acknowledged is
    // escalated. A test request is never checked (no escalate_at).

    @SqlQuery("SELECT id, clinic_slug, triage, test FROM lead WHERE escalate_at IS NOT NULL AND escalate_at <= :now"
            + " ORDER BY escalate_at LIMIT 100")
    List<DueEscalation> dueEscalations(@Bind("now") Instant now);

    /**
     * Marks the request checked, with its triage as the check left it; 0 when another instance did it first or
     * the triage changed meanwhile (it was acknowledged): it is then read again at the next round.
     */
    @SqlUpdate("UPDATE lead SET escalate_at = NULL, triage = :triage WHERE id = :id AND escalate_at IS NOT NULL"
            + " AND triage = :read")
    int markChecked(@Bind("id") String id, @Bind("read") String read, @Bind("triage") String triage);
}
