package io.consultdesk.mail;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.simplejavamail.api.email.Email;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends what the {@link Outbox} holds. One dispatcher thread claims due messages, most urgent first,
 * and hands them to a few sender threads; it wakes when a message is queued, when a sender frees up,
 * and at least every poll interval (for retries that fall due, and messages queued by another
 * instance). Logs name the message id and kind, never an address or any content.
 */
public final class MailWorker {
    private static final Logger LOG = LoggerFactory.getLogger(MailWorker.class);
    static final Duration POLL = Duration.ofSeconds(5);
    private static final int URGENT = MailKind.URGENT_ALERT.priority;

    private final Outbox outbox;
    private final MailComposer composer;
    private final MailTransport transport;
    private final Semaphore free;
    private final AtomicInteger inFlight = new AtomicInteger();
    /** Urgent alerts being sent: until they are done, nothing less urgent starts. */
    private final AtomicInteger urgentInFlight = new AtomicInteger();
    private final ExecutorService pool;
    private final Thread dispatcher;
    private volatile boolean running;

    public MailWorker(Outbox outbox, MailComposer composer, MailTransport transport, int senders) {
        this.outbox = outbox;
        this.composer = composer;
        this.transport = transport;
        this.free = new Semaphore(senders);
        AtomicInteger n = new AtomicInteger();
        this.pool = Executors.newFixedThreadPool(senders, r -> {
            Thread t = new Thread(r, "consultdesk-mail-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        this.dispatcher = new Thread(this::dispatch, "consultdesk-mail-dispatcher");
        this.dispatcher.setDaemon(true);
    }

    public void start() {
        running = true;
        dispatcher.start();
    }

    /**
     * Graceful stop: claim nothing more, give sends in progress up to {@code bound} to finish, and leave
     * everything else queued for the next start. A send still running after the bound keeps its lease;
     * the next start takes it over when the lease ends and sends it again under the same Message-ID.
     */
    public void stop(Duration bound) {
        running = false;
        outbox.signal();
        try {
            dispatcher.join(bound.toMillis());
            pool.shutdown();
            if (!pool.awaitTermination(bound.toMillis(), TimeUnit.MILLISECONDS)) {
                LOG.warn("{} email(s) were still being sent after {} s; they stay queued and are sent again after restart.",
                        inFlight.get(), bound.toSeconds());
                pool.shutdownNow();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            pool.shutdownNow();
        } finally {
            transport.close();
        }
    }

    private void dispatch() {
        while (running) {
            try {
                int slots = free.availablePermits();
                int maxPriority = urgentInFlight.get() > 0 ? URGENT : Integer.MAX_VALUE;
                List<OutboxDao.Message> batch = slots > 0 ? outbox.claim(slots, maxPriority) : List.of();
                for (OutboxDao.Message m : batch) {
                    free.acquire();
                    inFlight.incrementAndGet();
                    boolean urgent = m.priority() <= URGENT;
                    if (urgent) {
                        urgentInFlight.incrementAndGet();
                    }
                    pool.execute(() -> {
                        try {
                            deliver(m);
                        } finally {
                            if (urgent) {
                                urgentInFlight.decrementAndGet();
                            }
                            inFlight.decrementAndGet();
                            free.release();
                            outbox.signal();
                        }
                    });
                }
                if (batch.size() < slots || slots == 0) {
                    outbox.awaitWork(POLL);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                LOG.error("Could not read the email outbox: {}; trying again in {} s", e.toString(), POLL.toSeconds());
                sleepQuietly();
            }
        }
    }

    private void deliver(OutboxDao.Message m) {
        int attempt = m.attempts() + 1;
        if ("sending".equals(m.status())) {
            LOG.warn("Email {} ({}) was being sent when its sender stopped; sending it again with the same Message-ID.",
                    m.id(), m.kind());
        }
        Email email;
        try {
            email = composer.compose(m);
        } catch (MailComposer.Superseded e) {
            try {
                outbox.superseded(m, e.getMessage());
                LOG.info("Email {} ({}) not sent: {}", m.id(), m.kind(), e.getMessage());
            } catch (RuntimeException failed) {
                LOG.error("Could not mark email {} superseded: {}; it is looked at again when its lease ends", m.id(), failed.toString());
            }
            return;
        } catch (RuntimeException e) {
            LOG.error("Email {} ({}) cannot be composed and is marked failed: {}", m.id(), m.kind(), e.toString());
            record(m, SendFailure.permanent("not composed: " + e.getMessage()));
            return;
        }
        try {
            transport.send(m, email);
        } catch (Exception e) {
            SendFailure failure = SendFailure.classify(e);
            String status = record(m, failure);
            if ("failed".equals(status)) {
                LOG.error("Email {} ({}) failed on attempt {}: {}", m.id(), m.kind(), attempt,
                        failure.code() > 0 ? "SMTP " + failure.code() + (failure.permanent() ? ", permanent" : "") : failure.detail());
            } else {
                LOG.warn("Email {} ({}) not sent on attempt {}, will retry: {}", m.id(), m.kind(), attempt,
                        failure.code() > 0 ? "SMTP " + failure.code() : failure.detail());
            }
            return;
        }
        try {
            outbox.sent(m);
            LOG.info("Email {} ({}) sent on attempt {}", m.id(), m.kind(), attempt);
        } catch (RuntimeException e) {
            // Sent but not marked: the lease runs out and the message is sent again with the same Message-ID.
            LOG.error("Email {} ({}) was sent but could not be marked sent: {}", m.id(), m.kind(), e.toString());
        }
    }

    private String record(OutboxDao.Message m, SendFailure failure) {
        try {
            return outbox.failed(m, failure);
        } catch (RuntimeException e) {
            LOG.error("Could not record the outcome of email {}: {}; it is retried when its lease ends", m.id(), e.toString());
            return "pending";
        }
    }

    private static void sleepQuietly() {
        try {
            Thread.sleep(POLL.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
