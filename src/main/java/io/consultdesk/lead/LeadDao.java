package io.consultdesk.lead;

import java.time.Instant;
import java.util.Optional;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.customizer.BindMethods;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

/** All SQL of the lead feature. */
public interface LeadDao {

    /** A lead as written: the validated answers plus where and how it arrived; JSON columns already encoded. */
    record LeadRow(String id, String clinicSlug, Instant createdAt, String source, String idempotencyKey,
                   String name, String email, String phone, String preferredContact, String bestTime,
                   String timeZone, String state, String locationId, String interest, String conditions,
                   String tmsChecklist, String referralSource, String message, String screening,
                   Integer depressionTotal, Integer anxietyTotal, boolean helpNow, boolean urgent, int priority,
                   String flags, String triageReasons) {}

    record ConsentRow(String leadId, String kind, String textVersion, String text, Instant givenAt,
                      String clientIp, String phone) {}

    @SqlUpdate("INSERT INTO lead (id, clinic_slug, created_at, source, idempotency_key, status, name, email, phone,"
            + " preferred_contact, best_time, time_zone, state, adult, location_id, interest, conditions, tms_checklist,"
            + " referral_source, message, screening, depression_total, anxiety_total, help_now, urgent, priority, flags,"
            + " triage_reasons)"
            + " VALUES (:id, :clinicSlug, :createdAt, :source, :idempotencyKey, 'new', :name, :email, :phone,"
            + " :preferredContact, :bestTime, :timeZone, :state, 1, :locationId, :interest, :conditions, :tmsChecklist,"
            + " :referralSource, :message, :screening, :depressionTotal, :anxietyTotal, :helpNow, :urgent, :priority,"
            + " :flags, :triageReasons)")
    void insert(@BindMethods LeadRow lead);

    @SqlUpdate("INSERT INTO lead_consent (lead_id, kind, text_version, text, given_at, client_ip, phone)"
            + " VALUES (:leadId, :kind, :textVersion, :text, :givenAt, :clientIp, :phone)")
    void insertConsent(@BindMethods ConsentRow consent);

    @SqlQuery("SELECT id FROM lead WHERE clinic_slug = :clinic AND idempotency_key = :key")
    Optional<String> findByIdempotencyKey(@Bind("clinic") String clinicSlug, @Bind("key") String key);

    @SqlQuery("SELECT count(*) FROM lead")
    long count();
}
