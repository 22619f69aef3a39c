package io.consultdesk.mail;

import io.consultdesk.clinic.Clinic;
import io.consultdesk.db.Database;
import io.consultdesk.db.RandomIds;
import io.consultdesk.db.SealContexts;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.jdbi.v3.core.Handle;

/**
 * The email queue in the database. Emails are queued inside the caller's transaction (the lead and
 * its emails commit together or not at all); the {@link MailWorker} claims due ones, and reports
 * back here whether each was sent, should be retried, or failed for good.
 */
public final class Outbox {
    /** How long a claimed message belongs to its sender; after that it is presumed dead and the message is taken over. */
    static final Duration LEASE = Duration.ofMillis(SmtpTransport.TIMEOUT_MS * 4L);

    private final Database db;
    private final Clock clock;
    private final Duration giveUpAfter;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition work = lock.newCondition();
    private boolean signalled;

    public Outbox(Database db, Clock clock, Duration giveUpAfter) {
        this.db = db;
        this.clock = clock;
        this.giveUpAfter = giveUpAfter;
    }

    /**
     * Queues the emails of a new request: one to each notification recipient, one to the visitor, and
     * for an urgent request an alert to each urgent recipient (to the notification recipients when the
     * clinic named none: an urgent alert always has somebody to go to).
     */
    public void enqueueNewLead(Handle h, Clinic clinic, String leadId, String visitorEmail, boolean urgent) {
        if (urgent) {
            List<String> urgentTo = clinic.recipients().urgent().isEmpty()
                    ? clinic.recipients().requests() : clinic.recipients().urgent();
            for (String recipient : urgentTo) {
                enqueue(h, clinic.slug(), leadId, MailKind.URGENT_ALERT, recipient);
            }
        }
        for (String recipient : clinic.recipients().requests()) {
            enqueue(h, clinic.slug(), leadId, MailKind.LEAD_NOTIFICATION, recipient);
        }
        enqueue(h, clinic.slug(), leadId, MailKind.VISITOR_CONFIRMATION, visitorEmail);
    }

    /** Queues one email in the caller's transaction; call {@link #signal()} after the commit. */
    public String enqueue(Handle h, String clinicSlug, String leadId, MailKind kind, String recipient) {
        return enqueue(h, clinicSlug, leadId, kind, recipient, null, null, null, null);
    }

    /**
     * Queues an email about a booking (its content is read from the booking when it is sent, and it is
     * superseded if the booking has changed again by then), to be sent at once or, with {@code at}, not
     * before then and not after {@code until}. A test request (from a clinic's setup checklist) gets no
     * reminder: nothing is queued and null is returned.
     */
    public String enqueueAboutBooking(Handle h, String clinicSlug, String leadId, MailKind kind, String recipient,
                                      String bookingId, int sequence, Instant at, Instant until) {
        if (kind == MailKind.BOOKING_REMINDER && h.attach(OutboxDao.class).isTestLead(leadId)) {
            return null;
        }
        return enqueue(h, clinicSlug, leadId, kind, recipient, bookingId, sequence, at, until);
    }

    /**
     * Queues the invitation to a clinic's team in the caller's transaction. The email is rendered when it is
     * sent, after this transaction, and its link needs the raw token, which the database otherwise never
     * holds (only its SHA-256): the row keeps it sealed with the data key, bound to this row's id, and the
     * worker erases it as soon as the email is sent or has failed for good.
     */
    public String enqueueInvitation(Handle h, String clinicSlug, String inviteId, String recipient, String token) {
        String id = enqueue(h, clinicSlug, null, MailKind.STAFF_INVITATION, recipient, null, null, null, null, inviteId);
        h.attach(OutboxDao.class).seal(id, db.sealer().seal(token, secretContext(id)));
        return id;
    }

    /**
     * The invitation's emails not sent yet are not sent at all (it was revoked, replaced or accepted), and their
     * sealed token is erased now, in the caller's transaction.
     */
    public void withdrawInvitation(Handle h, String inviteId, String why) {
        h.attach(OutboxDao.class).supersedeInvitation(inviteId, why);
    }

    /** The secret a message carries (an invitation's token), opened with the data key; empty once erased. */
    public java.util.Optional<String> secret(OutboxDao.Message m) {
        return db.jdbi().withExtension(OutboxDao.class, d -> d.sealedSecret(m.id()))
                .map(sealed -> db.sealer().open(sealed, secretContext(m.id())));
    }

    /** A sealed secret opens only in the row it was written for. */
    private static String secretContext(String outboxId) {
        return "outbox.sealed_secret:" + outboxId;
    }

    private String enqueue(Handle h, String clinicSlug, String leadId, MailKind kind, String recipient, String bookingId,
                           Integer sequence, Instant at, Instant until) {
        return enqueue(h, clinicSlug, leadId, kind, recipient, bookingId, sequence, at, until, null);
    }

    private String enqueue(Handle h, String clinicSlug, String leadId, MailKind kind, String recipient, String bookingId,
                           Integer sequence, Instant at, Instant until, String inviteId) {
        if (!EmailAddresses.isValid(recipient)) {
            throw new IllegalArgumentException("not a deliverable address for " + kind.code);
        }
        Instant now = clock.instant();
        Instant due = at == null || at.isBefore(now) ? now : at;
        Instant giveUp = until != null ? until : due.plus(giveUpAfter);
        String id = RandomIds.next();
        String sealedRecipient = db.sealer().seal(recipient, SealContexts.recipient(id)); // a visitor's address is theirs
        boolean unlinked = kind.revealsCrisis() && leadId != null;
        h.attach(OutboxDao.class).insert(new OutboxDao.Message(id, clinicSlug, unlinked ? null : leadId, kind.code,
                sealedRecipient, kind.priority, "pending", 0, now, due, giveUp, null, null, null, null, bookingId, sequence,
                at, inviteId, unlinked ? db.sealer().seal(leadId, SealContexts.outboxLead(id)) : null));
        return id;
    }

    /** Tells the worker that something was queued, so it sends now rather than at its next poll. */
    public void signal() {
        lock.lock();
        try {
            signalled = true;
            work.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** Waits until {@link #signal()} is called or the timeout passes; returns at once if a signal came since the last wait. */
    void awaitWork(Duration timeout) throws InterruptedException {
        lock.lock();
        try {
            long nanos = timeout.toNanos();
            while (!signalled && nanos > 0) {
                nanos = work.awaitNanos(nanos);
            }
            signalled = false;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Claims up to {@code limit} due messages of the most urgent priority that has any, and of no
     * priority above {@code maxPriority}. A batch never mixes priorities, so an urgent alert is never
     * racing a routine email for the same mail server. The returned rows show their state before the claim.
     */
    List<OutboxDao.Message> claim(int limit, int maxPriority) {
        Instant now = clock.instant();
        // Look before taking the write lock: an idle poll must not make a visitor's submission wait.
        if (db.jdbi().withExtension(OutboxDao.class, dao -> dao.due(now, maxPriority, 1)).isEmpty()) {
            return List.of();
        }
        return db.write(h -> {
            OutboxDao dao = h.attach(OutboxDao.class);
            List<OutboxDao.Message> candidates = dao.due(now, maxPriority, limit);
            int best = candidates.isEmpty() ? 0 : candidates.get(0).priority();
            List<OutboxDao.Message> due = candidates.stream().filter(m -> m.priority() == best).toList();
            if (!due.isEmpty()) {
                List<String> ids = new ArrayList<>(due.size());
                due.forEach(m -> ids.add(m.id()));
                dao.claim(ids, now.plus(LEASE));
            }
            return due.stream().map(this::opened).toList();
        });
    }

    void sent(OutboxDao.Message m) {
        Instant now = clock.instant();
        db.write(h -> h.attach(OutboxDao.class).markSent(m.id(), now));
    }

    /** Records a failed attempt: failed for good, or pending again at the time the retry policy picks. Returns the new status. */
    String failed(OutboxDao.Message m, SendFailure failure) {
        Instant now = clock.instant();
        int attempts = m.attempts() + 1;
        var next = failure.permanent() ? java.util.Optional.<Instant>empty()
                : RetryPolicy.next(attempts, now, m.giveUpAt(), ThreadLocalRandom.current().nextDouble());
        return db.write(h -> {
            OutboxDao dao = h.attach(OutboxDao.class);
            if (next.isPresent()) {
                dao.retryAt(m.id(), next.get(), failure.detail());
                return "pending";
            }
            String why = failure.permanent() ? failure.detail()
                    : "gave up after " + attempts + " attempts; last: " + failure.detail();
            dao.markFailed(m.id(), now, why);
            return "failed";
        });
    }

    /** Not sent because what it described has changed since; a newer email tells the recipient. */
    void superseded(OutboxDao.Message m, String why) {
        db.write(h -> h.attach(OutboxDao.class).markSuperseded(m.id(), why));
    }

    public OutboxDao.Counts counts() {
        Instant now = clock.instant();
        return db.jdbi().withExtension(OutboxDao.class, d -> d.counts(now));
    }

    /** Whether the lead is a test request: its emails to the clinic say so in their subject. */
    public boolean isTestLead(String leadId) {
        return leadId != null && db.jdbi().withExtension(OutboxDao.class, d -> d.isTestLead(leadId));
    }

    /**
     * The emails about a request, oldest first: the ones linked to it, and the alerts and escalations that name it
     * sealed (found among the clinic's by opening their reference).
     */
    public List<OutboxDao.Message> forLead(String leadId) {
        return db.jdbi().withExtension(OutboxDao.class, dao -> {
            List<OutboxDao.Message> out = new ArrayList<>(dao.forLead(leadId).stream().map(this::opened).toList());
            String clinic = dao.clinicOfLead(leadId).orElse(null);
            if (clinic != null) {
                dao.withSealedLead(clinic).stream().map(this::opened).filter(m -> leadId.equals(m.leadId())).forEach(out::add);
            }
            out.sort(java.util.Comparator.comparing(OutboxDao.Message::createdAt).thenComparingInt(OutboxDao.Message::priority)
                    .thenComparing(OutboxDao.Message::kind).thenComparing(OutboxDao.Message::id));
            return out;
        });
    }

    /** The message with its recipient (and, for an alert, its request) opened: they are stored sealed with the data key. */
    private OutboxDao.Message opened(OutboxDao.Message m) {
        String leadId = m.leadId() != null || m.leadRef() == null ? m.leadId()
                : db.opened().open(m.leadRef(), SealContexts.outboxLead(m.id()));
        return new OutboxDao.Message(m.id(), m.clinicSlug(), leadId, m.kind(),
                db.sealer().open(m.recipient(), SealContexts.recipient(m.id())), m.priority(), m.status(), m.attempts(),
                m.createdAt(), m.nextAttemptAt(), m.giveUpAt(), m.leaseUntil(), m.sentAt(), m.failedAt(), m.lastError(),
                m.bookingId(), m.bookingSequence(), m.scheduledFor(), m.inviteId(), null);
    }
}
