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

    public LeadService(Database db, RateLimiter rateLimiter, Outbox outbox, Clock clock) {
        this.db = db;
        this.rateLimiter = rateLimiter;
        this.outbox = outbox;
        this.clock = clock;
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
    }

    public Outcome submit(Clinic clinic, LeadInput input, Map<String, FieldError> readErrors, Origin origin) {
        LeadValidator.Result result = LeadValidator.validate(input, clinic, readErrors);
        if (!result.valid()) {
            return new Outcome.Invalid(result.errors());
        }
        ValidLead lead = result.lead();
        Messages messages = Messages.forLocale(clinic.locale());
        try {
            Outcome.Stored stored = db.write(h -> {
                LeadDao dao = h.attach(LeadDao.class);
                if (origin.idempotencyKey() != null) {
                    var existing = dao.findByIdempotencyKey(clinic.slug(), origin.idempotencyKey());
                    if (existing.isPresent()) {
                        return new Outcome.Stored(existing.get(), true);
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
                String sealedTriage = new SealedLead.Triage(lead.helpNow(), triage.urgent(), triage.priority().rank(),
                        triage.flags().stream().map(Flag::code).sorted().toList(), null, null, null).seal(sealer, id);
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
                outbox.enqueueNewLead(h, clinic, id, lead.email(), triage.urgent());
                return new Outcome.Stored(id, false);
            });
            if (!stored.replay()) {
                outbox.signal();
            }
            return stored;
        } catch (RateLimiter.Limited limited) {
            return new Outcome.RateLimited(limited.retryAfter());
        }
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

    private static String json(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
