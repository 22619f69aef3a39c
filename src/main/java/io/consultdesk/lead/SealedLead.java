package io.consultdesk.lead;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.consultdesk.db.OpenedCache;
import io.consultdesk.db.Sealer;
import java.time.Instant;
import java.util.List;

/**
 * What of a request is stored sealed with the data key besides its answers ({@link SealedAnswers}): who the
 * person is (name, email, phone) and what triage and staff made of it ({@link Triage}: the crisis markers,
 * priority, flags, and the acknowledgement and escalation of an urgent request). A copy of the database file
 * tells neither who wrote nor who is in crisis. Each value is bound to its request and column.
 */
public final class SealedLead {
    private static final ObjectMapper JSON = new ObjectMapper();

    private SealedLead() {}

    public static String context(String leadId, String column) {
        return io.consultdesk.db.SealContexts.lead(leadId, column);
    }

    public static String seal(Sealer sealer, String leadId, String column, String value) {
        return sealer.seal(value, context(leadId, column));
    }

    public static String open(OpenedCache cache, String leadId, String column, String sealed) {
        return cache.open(sealed, context(leadId, column));
    }

    /**
     * The triage of a request as staff work with it, sealed in {@code lead.triage}.
     *
     * @param priority       0 urgent, 1 review, 2 likely fit, 3 routine ({@code io.consultdesk.screening.Priority})
     * @param flags          flag codes, sorted
     * @param acknowledgedBy the staff user's id
     * @param alertHeld      urgent, but its immediate alert was held: too many urgent requests from one address this hour
     */
    public record Triage(boolean helpNow, boolean urgent, int priority, List<String> flags, Instant acknowledgedAt,
                         String acknowledgedBy, Instant escalatedAt, boolean alertHeld) {
        public Triage {
            flags = flags == null ? List.of() : List.copyOf(flags);
        }

        /** Urgent and not acknowledged yet: listed first and counted in every staff page. */
        public boolean waiting() {
            return urgent && acknowledgedAt == null;
        }

        public Triage acknowledged(String by, Instant at) {
            return new Triage(helpNow, urgent, priority, flags, at, by, escalatedAt, alertHeld);
        }

        public Triage escalated(Instant at) {
            return new Triage(helpNow, urgent, priority, flags, acknowledgedAt, acknowledgedBy, at, alertHeld);
        }

        private record Stored(boolean helpNow, boolean urgent, int priority, List<String> flags, Long acknowledgedAt,
                              String acknowledgedBy, Long escalatedAt, boolean alertHeld) {}

        public String seal(Sealer sealer, String leadId) {
            try {
                return SealedLead.seal(sealer, leadId, "triage", JSON.writeValueAsString(new Stored(helpNow, urgent, priority,
                        flags, millis(acknowledgedAt), acknowledgedBy, millis(escalatedAt), alertHeld)));
            } catch (JsonProcessingException e) {
                throw new IllegalStateException(e);
            }
        }

        public static Triage open(OpenedCache cache, String leadId, String sealed) {
            if (sealed == null) {
                return new Triage(false, false, 3, List.of(), null, null, null, false);
            }
            return cache.open(sealed, context(leadId, "triage"), Triage::read); // opened and parsed once, then cached
        }

        private static Triage read(String json) {
            try {
                Stored s = JSON.readValue(json, Stored.class);
                return new Triage(s.helpNow(), s.urgent(), s.priority(), s.flags(), instant(s.acknowledgedAt()),
                        s.acknowledgedBy(), instant(s.escalatedAt()), s.alertHeld());
            } catch (JsonProcessingException e) {
                throw new Sealer.Unreadable("a sealed triage is not readable JSON");
            }
        }

        private static Long millis(Instant i) {
            return i == null ? null : i.toEpochMilli();
        }

        private static Instant instant(Long ms) {
            return ms == null ? null : Instant.ofEpochMilli(ms);
        }
    }
}
