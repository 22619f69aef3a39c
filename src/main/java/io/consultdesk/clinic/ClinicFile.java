package io.consultdesk.clinic;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.consultdesk.booking.BookingSettings;
import io.consultdesk.i18n.Messages;
import java.util.List;
import java.util.Map;

/**
 * The clinic settings file read by {@code clinic import} and written by {@code clinic export}: the JSON form of a
 * clinic, and nothing more. What makes a clinic valid is {@link ClinicRules}, the one set of rules the settings
 * pages use too. The format is documented in the README.
 */
public final class ClinicFile {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private ClinicFile() {}

    /** The file could not be used; {@link #problems()} reads "field.path: what is wrong", one per problem. */
    public static final class Invalid extends RuntimeException {
        private final List<Problem> details;

        public Invalid(List<Problem> details) {
            super(String.join("\n", lines(details)));
            this.details = List.copyOf(details);
        }

        /** Each problem as {@code clinic import} prints it, in English. */
        public List<String> problems() {
            return lines(details);
        }

        public List<Problem> details() {
            return details;
        }

        private static List<String> lines(List<Problem> details) {
            Messages m = Messages.english();
            return details.stream().map(p -> p.line(m)).toList();
        }
    }

    /** The file's JSON, or the place where it is not JSON. */
    public static JsonNode read(String json) {
        try {
            JsonNode root = JSON.readTree(json);
            if (root == null) {
                throw new Invalid(List.of(new Problem("(file)", "clinic.rule.object", List.of())));
            }
            return root;
        } catch (JsonProcessingException e) {
            var loc = e.getLocation();
            throw new Invalid(List.of(new Problem("(file)", "clinic.rule.json",
                    List.of(loc == null ? 0 : loc.getLineNr(), loc == null ? 0 : loc.getColumnNr()))));
        }
    }

    /** A clinic from its file, checked by {@link ClinicRules}. */
    public static Clinic parse(String json) {
        ClinicRules.Result result = ClinicRules.check(read(json));
        if (result instanceof ClinicRules.Result.Invalid invalid) {
            throw new Invalid(invalid.problems());
        }
        return ((ClinicRules.Result.Valid) result).clinic();
    }

    /** The booking settings as stored with the clinic (the file's {@code booking} object). */
    public static String bookingJson(BookingSettings b) {
        try {
            return JSON.writeValueAsString(bookingNode(b));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Reads stored booking settings; they were checked when the clinic was saved. */
    public static BookingSettings bookingFromJson(String json, List<Clinic.Location> locations) {
        if (json == null) {
            return BookingSettings.OFF;
        }
        try {
            return ClinicRules.storedBooking(JSON.readTree(json), locations);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Stored booking settings are not readable", e);
        }
    }

    private static ObjectNode bookingNode(BookingSettings b) {
        ObjectNode n = JSON.createObjectNode();
        n.put("enabled", b.enabled());
        n.put("minimumNoticeMinutes", b.minimumNotice().toMinutes());
        n.put("horizonDays", b.horizonDays());
        b.blockedDates().stream().sorted().forEach(d -> n.withArray("blockedDates").add(d.toString()));
        ArrayNode types = n.putArray("types");
        for (BookingSettings.ConsultationType t : b.types()) {
            ObjectNode tn = types.addObject();
            tn.put("id", t.id());
            tn.put("name", t.name());
            tn.put("mode", t.mode().code);
            tn.put("minutes", t.minutes());
            tn.put("bufferMinutes", t.bufferMinutes());
            if (!t.locations().isEmpty()) {
                t.locations().forEach(tn.putArray("locations")::add);
            }
        }
        ObjectNode locs = n.putObject("locations");
        b.locations().entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(e -> {
            ObjectNode ln = locs.putObject(e.getKey());
            ln.put("capacity", e.getValue().capacity());
            ObjectNode hn = ln.putObject("hours");
            ClinicRules.DAYS.entrySet().stream().sorted(Map.Entry.comparingByValue()).forEach(d -> {
                List<BookingSettings.Opening> open = e.getValue().on(d.getValue());
                if (!open.isEmpty()) {
                    ArrayNode a = hn.putArray(d.getKey());
                    open.forEach(o -> a.add(o.from() + "-" + o.to()));
                }
            });
            e.getValue().blockedDates().stream().sorted().forEach(d -> ln.withArray("blockedDates").add(d.toString()));
        });
        return n;
    }

    public static String write(Clinic c) {
        try {
            return JSON.writeValueAsString(tree(c)) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The clinic in the file's JSON form (what the settings pages edit and the settings history keeps). */
    public static ObjectNode tree(Clinic c) {
        ObjectNode root = JSON.createObjectNode();
        root.put("slug", c.slug());
        root.put("name", c.name());
        root.put("phone", c.phone());
        root.put("hours", c.hours());
        root.put("brandColor", c.brandColor());
        c.offer().ifPresent(o -> root.put("offer", o));
        root.put("locale", c.locale().toLanguageTag());
        c.privacyNoticeUrl().ifPresent(u -> root.put("privacyNoticeUrl", u));
        c.consentText().ifPresent(t -> root.put("privacyConsent", t));
        ArrayNode locs = root.putArray("locations");
        for (Clinic.Location l : c.locations()) {
            ObjectNode n = locs.addObject();
            n.put("id", l.id());
            n.put("name", l.name());
            l.address().ifPresent(a -> n.put("address", a));
            n.put("timeZone", l.timeZone());
        }
        c.allowedOrigins().forEach(root.putArray("allowedOrigins")::add);
        ObjectNode rec = root.putObject("recipients");
        c.recipients().requests().forEach(rec.putArray("notify")::add);
        c.recipients().urgent().forEach(rec.putArray("urgent")::add);
        c.recipients().escalation().forEach(rec.putArray("escalation")::add);
        root.set("questions", JSON.valueToTree(c.questions()));
        root.set("dashboard", JSON.valueToTree(c.dashboard()));
        if (!c.booking().equals(BookingSettings.OFF)) {
            root.set("booking", bookingNode(c.booking()));
        }
        return root;
    }
}
