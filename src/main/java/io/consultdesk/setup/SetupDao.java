package io.consultdesk.setup;

import io.consultdesk.mail.OutboxDao;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.sqlobject.config.RegisterConstructorMapper;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

/**
 * All SQL of the setup checklist: what it reads of a clinic's real state besides its settings, and the removal of the
 * clinic's test requests.
 */
@RegisterConstructorMapper(SetupDao.Loads.class)
@RegisterConstructorMapper(SetupDao.TestLead.class)
@RegisterConstructorMapper(OutboxDao.Message.class)
public interface SetupDao {

    /** Loads of the form from one website (its origin only), in all, and the last one. */
    record Loads(String origin, long loads, Instant lastAt) {}

    /** A test request: its id and when it was sent. */
    record TestLead(String id, Instant createdAt) {}

    /**
     * The websites the form was loaded from, most recent first: {@code allowed} true for the clinic's allowed sites
     * (the form showed), false for refused ones. Written by the embed page from a buffer flushed every 30 seconds.
     */
    @SqlQuery("SELECT origin, sum(loads) AS loads, max(last_at) AS last_at FROM embed_load"
            + " WHERE clinic_slug = :clinic AND allowed = :allowed GROUP BY origin ORDER BY max(last_at) DESC, origin LIMIT 5")
    List<Loads> loads(@Bind("clinic") String clinic, @Bind("allowed") boolean allowed);

    @SqlQuery("SELECT id, created_at FROM lead WHERE clinic_slug = :clinic AND test = 1"
            + " ORDER BY created_at DESC, id LIMIT 1")
    Optional<TestLead> latestTest(@Bind("clinic") String clinic);

    /** How many test requests the clinic has. */
    @SqlQuery("SELECT count(*) FROM lead WHERE clinic_slug = :clinic AND test = 1")
    long testCount(@Bind("clinic") String clinic);

    @SqlQuery("SELECT id FROM lead WHERE clinic_slug = :clinic AND test = 1 ORDER BY created_at, id")
    List<String> testLeadIds(@Bind("clinic") String clinic);

    /** The clinic's test requests, as every statement below names them: never a visitor's request, never another clinic's. */
    String TESTS = "(SELECT id FROM lead WHERE clinic_slug = :clinic AND test = 1)";

    @SqlUpdate("DELETE FROM lead_note WHERE lead_id IN " + TESTS)
    int deleteTestNotes(@Bind("clinic") String clinic);

    @SqlUpdate("DELETE FROM outbox WHERE lead_id IN " + TESTS)
    int deleteTestEmails(@Bind("clinic") String clinic);

    /** The seats of a consultation booked meanwhile (the ones booked before were cancelled, which freed theirs). */
    @SqlUpdate("DELETE FROM booking_seat WHERE booking_id IN (SELECT id FROM booking WHERE lead_id IN " + TESTS + ")")
    int deleteTestSeats(@Bind("clinic") String clinic);

    @SqlUpdate("DELETE FROM booking WHERE lead_id IN " + TESTS)
    int deleteTestBookings(@Bind("clinic") String clinic);

    @SqlUpdate("DELETE FROM lead_consent WHERE lead_id IN " + TESTS)
    int deleteTestConsents(@Bind("clinic") String clinic);

    @SqlUpdate("DELETE FROM lead WHERE clinic_slug = :clinic AND test = 1")
    int deleteTestLeads(@Bind("clinic") String clinic);

    /** One email of one of the clinic's test requests; nothing for any other email, whatever its id. */
    @SqlQuery("SELECT " + OutboxDao.COLUMNS + " FROM outbox WHERE id = :id AND clinic_slug = :clinic"
            + " AND lead_id IN (SELECT id FROM lead WHERE clinic_slug = :clinic AND test = 1)")
    Optional<OutboxDao.Message> testEmail(@Bind("clinic") String clinic, @Bind("id") String emailId);
}
