package io.consultdesk.mail;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.sqlobject.config.RegisterConstructorMapper;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.customizer.BindList;
import org.jdbi.v3.sqlobject.customizer.BindMethods;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

/** All SQL of the email outbox. */
@RegisterConstructorMapper(OutboxDao.Message.class)
@RegisterConstructorMapper(OutboxDao.Counts.class)
public interface OutboxDao {

    /**
     * One email to one recipient.
     *
     * @param bookingId       the booking an email is about (its content is read from it when sent)
     * @param bookingSequence the booking's sequence it describes: once the booking changed again, it is superseded
     * @param scheduledFor    not to be sent before this (a reminder); null: as soon as possible
     * @param inviteId        the team invitation an email is about (its link's token is in the row's sealed secret)
     * @param leadRef         for an email that exists because its request was urgent ({@link MailKind#revealsCrisis}):
     *                        the request's id, sealed, and {@code leadId} null, so the outbox does not tell which
     *                        requests were urgent; {@link Outbox} opens it back into {@code leadId}
     */
    record Message(String id, String clinicSlug, String leadId, String kind, String recipient, int priority,
                   String status, int attempts, Instant createdAt, Instant nextAttemptAt, Instant giveUpAt,
                   Instant leaseUntil, Instant sentAt, Instant failedAt, String lastError, String bookingId,
                   Integer bookingSequence, Instant scheduledFor, String inviteId, String leadRef) {}

    /** @param scheduled emails waiting for their time (reminders), not counted as pending */
    record Counts(long pending, long sending, long failed, long scheduled, Instant oldestPending) {}

    String COLUMNS = "id, clinic_slug, lead_id, kind, recipient, priority, status, attempts, created_at,"
            + " next_attempt_at, give_up_at, lease_until, sent_at, failed_at, last_error, booking_id, booking_sequence,"
            + " scheduled_for, invite_id, lead_ref";

    @SqlUpdate("INSERT INTO outbox (id, clinic_slug, lead_id, kind, recipient, priority, status, attempts, created_at,"
            + " next_attempt_at, give_up_at, booking_id, booking_sequence, scheduled_for, invite_id, lead_ref)"
            + " VALUES (:id, :clinicSlug, :leadId, :kind, :recipient, :priority, 'pending', 0, :createdAt,"
            + " :nextAttemptAt, :giveUpAt, :bookingId, :bookingSequence, :scheduledFor, :inviteId, :leadRef)")
    void insert(@BindMethods Message message);

    /** The secret an email needs when it is sent (an invitation's token), sealed with the data key. */
    @SqlUpdate("UPDATE outbox SET sealed_secret = :sealed WHERE id = :id")
    void seal(@Bind("id") String id, @Bind("sealed") String sealed);

    @SqlQuery("SELECT sealed_secret FROM outbox WHERE id = :id")
    Optional<String> sealedSecret(@Bind("id") String id);

    /**
     * The emails of an invitation that is no longer valid (revoked, replaced or accepted) and not yet sent:
     * not sent, and their sealed token erased now. One being sent right now is left to its sender.
     */
    @SqlUpdate("UPDATE outbox SET status = 'superseded', sealed_secret = NULL, last_error = :why"
            + " WHERE invite_id = :inviteId AND status = 'pending'")
    int supersedeInvitation(@Bind("inviteId") String inviteId, @Bind("why") String why);

    /** Not sent because what it describes changed since (a booking moved or cancelled): a newer email tells. */
    @SqlUpdate("UPDATE outbox SET status = 'superseded', lease_until = NULL, last_error = :why, sealed_secret = NULL"
            + " WHERE id = :id AND status = 'sending'")
    int markSuperseded(@Bind("id") String id, @Bind("why") String why);

    /**
     * The next messages to send: due pending ones, and ones whose sender stopped mid-send (lease
     * expired), most urgent first. On PostgreSQL with several instances this becomes
     * {@code FOR UPDATE SKIP LOCKED}; on SQLite the single writer makes select-then-claim safe.
     */
    @SqlQuery("SELECT " + COLUMNS + " FROM outbox"
            + " WHERE ((status = 'pending' AND next_attempt_at <= :now) OR (status = 'sending' AND lease_until <= :now))"
            + " AND priority <= :maxPriority"
            + " ORDER BY priority, next_attempt_at, created_at LIMIT :limit")
    List<Message> due(@Bind("now") Instant now, @Bind("maxPriority") int maxPriority, @Bind("limit") int limit);

    @SqlUpdate("UPDATE outbox SET status = 'sending', attempts = attempts + 1, lease_until = :leaseUntil"
            + " WHERE id IN (<ids>)")
    int claim(@BindList("ids") List<String> ids, @Bind("leaseUntil") Instant leaseUntil);

    /** Sent: the secret it carried (an invitation's token) is erased in the same statement. */
    @SqlUpdate("UPDATE outbox SET status = 'sent', sent_at = :now, lease_until = NULL, last_error = NULL, sealed_secret = NULL"
            + " WHERE id = :id AND status = 'sending'")
    int markSent(@Bind("id") String id, @Bind("now") Instant now);

    @SqlUpdate("UPDATE outbox SET status = 'pending', next_attempt_at = :next, lease_until = NULL, last_error = :error"
            + " WHERE id = :id AND status = 'sending'")
    int retryAt(@Bind("id") String id, @Bind("next") Instant next, @Bind("error") String error);

    /** Failed for good: never retried, so the secret it carried is erased too. */
    @SqlUpdate("UPDATE outbox SET status = 'failed', failed_at = :now, lease_until = NULL, last_error = :error,"
            + " sealed_secret = NULL WHERE id = :id AND status = 'sending'")
    int markFailed(@Bind("id") String id, @Bind("now") Instant now, @Bind("error") String error);

    @SqlQuery("SELECT " + COLUMNS + " FROM outbox WHERE id = :id")
    Optional<Message> find(@Bind("id") String id);

    @SqlQuery("SELECT " + COLUMNS + " FROM outbox WHERE lead_id = :leadId ORDER BY created_at, priority, kind, booking_sequence, id")
    List<Message> forLead(@Bind("leadId") String leadId);

    /** The emails whose request is named only sealed (alerts and escalations): their requests are found by opening it. */
    @SqlQuery("SELECT " + COLUMNS + " FROM outbox WHERE lead_ref IS NOT NULL AND clinic_slug = :clinic")
    List<Message> withSealedLead(@Bind("clinic") String clinicSlug);

    /** A reminder scheduled for later is not pending (nor late) until its time comes. */
    @SqlQuery("SELECT"
            + " coalesce(sum(CASE WHEN status = 'pending' AND NOT " + WAITING + " THEN 1 ELSE 0 END), 0) AS pending,"
            + " coalesce(sum(CASE WHEN status = 'sending' THEN 1 ELSE 0 END), 0) AS sending,"
            + " coalesce(sum(CASE WHEN status = 'failed' THEN 1 ELSE 0 END), 0) AS failed,"
            + " coalesce(sum(CASE WHEN status = 'pending' AND " + WAITING + " THEN 1 ELSE 0 END), 0) AS scheduled,"
            + " min(CASE WHEN status IN ('pending', 'sending') AND NOT " + WAITING
            + " THEN coalesce(scheduled_for, created_at) END) AS oldest_pending"
            + " FROM outbox WHERE status IN ('pending', 'sending', 'failed')") // IN, not <>: the status index serves it
    Counts counts(@Bind("now") Instant now);

    String WAITING = "(scheduled_for IS NOT NULL AND scheduled_for > :now)";

    @SqlQuery("SELECT clinic_slug FROM lead WHERE id = :leadId")
    Optional<String> clinicOfLead(@Bind("leadId") String leadId);

    /** Whether a lead is a test request (from a clinic's setup checklist); false for no lead. */
    @SqlQuery("SELECT count(*) > 0 FROM lead WHERE id = :leadId AND test = 1")
    boolean isTestLead(@Bind("leadId") String leadId);

    @SqlQuery("SELECT " + COLUMNS + " FROM outbox WHERE booking_id = :bookingId ORDER BY created_at, priority, kind, booking_sequence, id")
    List<Message> forBooking(@Bind("bookingId") String bookingId);
}
