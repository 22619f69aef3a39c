package io.consultdesk.lead;

import java.time.Instant;
import java.util.Optional;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.customizer.BindMethods;
import org.jdbi.v3.sqlobject.statement.SqlBatch;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

/** All SQL of the lead feature. */
public interface LeadDao {

    /**
     * A lead as written: the validated contact details plus where and how it arrived, the triage, and
     * the answers sealed with the data key ({@link SealedAnswers}), and the campaign of the page it came from;
     * {@code test}: a test request from the setup checklist. {@code name}, {@code email}, {@code phone} and
     * {@code triage} are sealed ({@link SealedLead}); {@code escalateAt}: when to check it for escalation.
     */
    record LeadRow(String id, String clinicSlug, Instant createdAt, String source, String idempotencyKey,
                   String name, String email, String phone, String preferredContact, String bestTime,
                   String timeZone, String state, String locationId, String interest, String referralSource,
                   String triage, String sealed, Instant escalateAt,
                   boolean test, String utmSource, String utmMedium, String utmCampaign) {}

    record ConsentRow(String leadId, String kind, String textVersion, String text, Instant givenAt,
                      String clientIp, String phone) {}

    @SqlUpdate("INSERT INTO lead (id, clinic_slug, created_at, source, idempotency_key, status, status_changed_at, name,"
            + " email, phone, preferred_contact, best_time, time_zone, state, adult, location_id, interest, referral_source,"
            + " triage, sealed, escalate_at, test, utm_source, utm_medium, utm_campaign)"
            + " VALUES (:id, :clinicSlug, :createdAt, :source, :idempotencyKey, 'new', :createdAt, :name, :email, :phone,"
            + " :preferredContact, :bestTime, :timeZone, :state, 1, :locationId, :interest, :referralSource,"
            + " :triage, :sealed, :escalateAt, :test, :utmSource, :utmMedium, :utmCampaign)")
    void insert(@BindMethods LeadRow lead);

    /** The keyed tokens staff find the request by ({@code io.consultdesk.db.LookupTokens}). */
    @SqlBatch("INSERT OR IGNORE INTO lead_lookup (token, lead_id) VALUES (:token, :leadId)")
    void insertLookup(@Bind("token") java.util.Collection<String> tokens, @Bind("leadId") String leadId);

    @SqlUpdate("INSERT INTO lead_consent (lead_id, kind, text_version, text, given_at, client_ip, phone)"
            + " VALUES (:leadId, :kind, :textVersion, :text, :givenAt, :clientIp, :phone)")
    void insertConsent(@BindMethods ConsentRow consent);

    @SqlQuery("SELECT id FROM lead WHERE clinic_slug = :clinic AND idempotency_key = :key")
    Optional<String> findByIdempotencyKey(@Bind("clinic") String clinicSlug, @Bind("key") String key);

    /** A lead stored under an idempotency key, with the hash of the request the key was first used with. */
    record Idempotent(String id, String hash) {}

    @SqlQuery("SELECT id, idempotency_hash AS hash FROM lead WHERE clinic_slug = :clinic AND idempotency_key = :key")
    @org.jdbi.v3.sqlobject.config.RegisterConstructorMapper(Idempotent.class)
    Optional<Idempotent> findIdempotent(@Bind("clinic") String clinicSlug, @Bind("key") String key);

    @SqlUpdate("UPDATE lead SET idempotency_hash = :hash WHERE id = :id")
    void setIdempotencyHash(@Bind("id") String leadId, @Bind("hash") String hash);

    @SqlQuery("SELECT count(*) FROM lead")
    long count();
}
