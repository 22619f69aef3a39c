package io.consultdesk.lead;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.consultdesk.clinic.Clinic;
import io.consultdesk.i18n.Messages;
import io.consultdesk.mail.Outbox;
import io.consultdesk.screening.Assessment;
import io.consultdesk.screening.Flag;
import io.consultdesk.screening.ScreeningAnswers;
import io.consultdesk.screening.Score;
import io.consultdesk.screening.Triage;
import io.consultdesk.screening.TriageInput;
import java.util.LinkedHashMap;
import java.util.Set;
import io.consultdesk.ratelimit.RateLimiter;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import io.consultdesk.db.Database;
import io.consultdesk.db.RandomIds;

/**
 * Takes a consultation request from any path (embedded form or API), validates it and stores it
 * with its consent evidence and its emails (queued in the outbox) in one transaction. When
 * {@link #submit} returns {@link Outcome.Stored}, the lead is committed to disk and its emails will
 * be sent, however long the mail server is away.
 */
public final class LeadService {
    private static final ObjectMapper JSON = new ObjectMapper();
    /**
     * Test requests a clinic may send in an hour (from its setup checklist). They count per clinic, never against the
     * visitors' per-address limit: the staff often share one address with the waiting room's tablet.
     */
    public static final int TEST_REQUESTS_PER_HOUR = 10;
    private final Database db;
    private final RateLimiter rateLimiter;
    private final Outbox outbox;
    private final Clock clock;
    private final io.consultdesk.audit.AuditLog audit;

    public LeadService(Database db, RateLimiter rateLimiter, Outbox outbox, Clock clock) {
        this.db = db;
        this.rateLimiter = rateLimiter;
        this.outbox = outbox;
        this.clock = clock;
        this.audit = new io.consultdesk.audit.AuditLog(db, clock);
    }

    /**
     * Where a submission came from; none of it is an answer.
     *
     * @param test sent with "Send a test request" from a clinic's setup checklist: stored and emailed like any
     *     request, shown as a test, kept out of charts, exports, escalation and reminders
     */
    public record Origin(String source, String clientIp, String idempotencyKey, boolean test) {
        /** A visitor's (or an API client's) request. */
        public Origin(String source, String clientIp, String idempotencyKey) {
            this(source, clientIp, idempotencyKey, false);
        }
    }

    public sealed interface Outcome {
        /** Stored (or found already stored under the same idempotency key). */
        record Stored(String leadId, boolean replay) implements Outcome {}

        record Invalid(Map<String, FieldError> errors) implements Outcome {}

        record RateLimited(java.time.Duration retryAfter) implements Outcome {}

        /** The idempotency key was first used with another request: nothing stored, nothing of that one told. */
        record KeyReused() implements Outcome {}
    }

    public Outcome submit(Clinic clinic, LeadInput input, Map<String, FieldError> readErrors, Origin origin) {
        LeadValidator.Result result = LeadValidator.validate(input, clinic, readErrors);
        if (!result.valid()) {
            return new Outcome.Invalid(result.errors());
        }
        ValidLead lead = result.lead();
        Messages messages = Messages.forLocale(clinic.locale());
        String requestHash = origin.idempotencyKey() == null ? null : requestHash(clinic, input);
        try {
            Outcome.Stored stored = db.write(h -> {
                LeadDao dao = h.attach(LeadDao.class);
                if (origin.idempotencyKey() != null) {
                    var existing = dao.findIdempotent(clinic.slug(), origin.idempotencyKey());
                    if (existing.isPresent()) {
                        if (!java.security.MessageDigest.isEqual(bytes(existing.get().hash()), bytes(requestHash))) {
                            throw new KeyReusedException();
                        }
                        return new Outcome.Stored(existing.get().id(), true);
                    }
                }
                if (origin.test()) {
                    rateLimiter.hit(h, "test-request:" + clinic.slug(), TEST_REQUESTS_PER_HOUR);
                } else {
                    rateLimiter.hit(h, "lead:" + origin.clientIp());
                }
                Instant now = clock.instant();
                String id = RandomIds.next();
                Assessment triage = assess(lead);
                ScreeningAnswers s = lead.screening();
                SealedAnswers answers = new SealedAnswers(lead.conditions(), lead.tmsChecklist(), lead.message(),
                        s.isEmpty() ? null : JSON.valueToTree(screeningJson(s)), triage.reasons());
                // Every real request gets the same check time, so the column says nothing of which are urgent
                Instant escalateAt = origin.test() ? null
                        : now.plus(java.time.Duration.ofMinutes(clinic.dashboard().acknowledgeMinutes()));
                io.consultdesk.db.Sealer sealer = db.sealer();
                boolean alertNow = triage.urgent() && alertNow(h, clinic, origin);
                String sealedTriage = new SealedLead.Triage(lead.helpNow(), triage.urgent(), triage.priority().rank(),
                        triage.flags().stream().map(Flag::code).sorted().toList(), null, null, null,
                        triage.urgent() && !alertNow).seal(sealer, id);
                dao.insert(new LeadDao.LeadRow(id, clinic.slug(), now, origin.source(), origin.idempotencyKey(),
                        SealedLead.seal(sealer, id, "name", lead.name()), SealedLead.seal(sealer, id, "email", lead.email()),
                        SealedLead.seal(sealer, id, "phone", lead.phone()), lead.preferredContact(), lead.bestTime(),
                        lead.timeZone(), lead.state(), lead.locationId(), lead.interest(), lead.referralSource(),
                        sealedTriage, answers.seal(sealer, id), escalateAt, origin.test(), lead.utm().source(),
                        lead.utm().medium(), lead.utm().campaign()));
                dao.insertLookup(db.lookup().of(lead.name(), lead.email(), lead.phone()), id);
                dao.insertConsent(new LeadDao.ConsentRow(id, "privacy", clinic.consentVersion(messages),
                        clinic.consent(messages), now, origin.clientIp(), null));
                if (lead.smsConsent()) {
                    dao.insertConsent(new LeadDao.ConsentRow(id, "sms", messages.get("consent.sms.version"),
                            messages.get("consent.sms", clinic.name()), now, origin.clientIp(),
                            sealer.seal(lead.phone(), io.consultdesk.db.SealContexts.consentPhone(id, "sms"))));
                }
                if (requestHash != null) {
                    dao.setIdempotencyHash(id, requestHash);
                }
                outbox.enqueueNewLead(h, clinic, id, lead.email(), alertNow);
                return new Outcome.Stored(id, false);
            });
            if (!stored.replay()) {
                outbox.signal();
            }
            return stored;
        } catch (RateLimiter.Limited limited) {
            return new Outcome.RateLimited(limited.retryAfter());
        } catch (KeyReusedException reused) {
            return new Outcome.KeyReused();
        }
    }

    // Idempotency keys bound to their request (finding 6 of issue 13)

    /** Thrown inside the transaction when the key was first used with another request. */
    private static final class KeyReusedException extends RuntimeException {
        KeyReusedException() {
            super(null, null, false, false);
        }
    }

    private static final ObjectMapper CANONICAL = new ObjectMapper()
            .configure(com.fasterxml.jackson.databind.MapperFeature.SORT_PROPERTIES_ALPHABETICALLY, true)
            .configure(com.fasterxml.jackson.databind.SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS, true);

    /**
     * SHA-256 (hex) of the request as read (every field, sorted, as JSON) and its clinic: the same request sent again
     * has the same hash whatever the order or spacing of its JSON; any other answer changes it.
     */
    static String requestHash(Clinic clinic, LeadInput input) {
        try {
            byte[] canonical = CANONICAL.writeValueAsBytes(Map.of("clinic", clinic.slug(), "request", input));
            return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(canonical));
        } catch (JsonProcessingException | java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] bytes(String hex) {
        return hex == null ? new byte[0] : hex.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    }

    // Urgent alerts per address (finding 4 of issue 13)

    /**
     * Whether this urgent request's alert goes to the urgent recipients at once: yes for the first few of an address
     * per clinic and hour ({@link io.consultdesk.ratelimit.PublicLimits#urgentAlertsPerAddress}, 3 by default). Past
     * that the request is stored and shown urgent all the same (first in the inbox, escalated if nobody acknowledges
     * it in the clinic's time) and the clinic's usual notification still goes; only the immediate alert is held, and
     * its timeline says so (from its sealed triage). A test request from the setup checklist is never held.
     * The count's bucket is a keyed hash, and the audit row does not name the request: either would tell a reader of
     * the database file which requests, or which addresses, were urgent.
     */
    private boolean alertNow(org.jdbi.v3.core.Handle h, Clinic clinic, Origin origin) {
        if (origin.test() || rateLimiter.tryHit(h, "urgent-alert:" + db.sealer().keyedName("rate-limit-bucket", clinic.slug() + " " + origin.clientIp(), 16),
                io.consultdesk.ratelimit.PublicLimits.forRequests(rateLimiter.perWindow()).urgentAlertsPerAddress())) {
            return true;
        }
        audit.record(h, new io.consultdesk.audit.Actor(null, null, origin.clientIp()), "lead.alertHeld", clinic.slug(), null,
                null);
        return false;
    }

    /** The triage of a request, computed here on the server; staff see it, the visitor never does. */
    static Assessment assess(ValidLead lead) {
        ScreeningAnswers s = lead.screening();
        return Triage.assess(new TriageInput(Set.copyOf(lead.conditions()), s.antidepressantTrials(),
                Boolean.TRUE.equals(lead.tmsChecklist().get(Choices.THREE_OR_MORE_MEDICATIONS)), s.depression(), s.anxiety(), s.safety(),
                lead.helpNow()));
    }

    /** The answers as stored: each instrument with its answers (null for a skipped item), codes for the rest. */
    private static Map<String, Object> screeningJson(ScreeningAnswers s) {
        Map<String, Object> out = new LinkedHashMap<>();
        s.depression().ifPresent(d -> out.put("depression", instrument(d)));
        s.anxiety().ifPresent(a -> out.put("anxiety", instrument(a)));
        s.difficulty().ifPresent(d -> out.put("difficulty", d));
        if (!s.safety().isEmpty()) {
            Map<String, String> safety = new LinkedHashMap<>();
            s.safety().entrySet().stream().sorted(Map.Entry.comparingByKey())
                    .forEach(e -> safety.put(e.getKey().code(), e.getValue().code()));
            out.put("safety", safety);
        }
        s.antidepressantTrials().ifPresent(t -> out.put("antidepressantTrials", t));
        return out;
    }

    private static Map<String, Object> instrument(Score score) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("instrument", score.instrument().code());
        m.put("answers", score.answers());
        return m;
    }
}
