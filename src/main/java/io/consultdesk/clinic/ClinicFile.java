package io.consultdesk.clinic;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.consultdesk.mail.EmailAddresses;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * The clinic settings file read by {@code clinic import} and written by {@code clinic export}.
 * The format is documented in the README; every problem is reported with the path of the field.
 */
public final class ClinicFile {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private static final Pattern SLUG = Pattern.compile("^[a-z0-9]([a-z0-9-]{0,46}[a-z0-9])?$");
    private static final Pattern COLOR = Pattern.compile("^#[0-9a-fA-F]{6}$");
    private static final Set<String> TOP = Set.of("slug", "name", "phone", "hours", "brandColor", "offer", "locale",
            "privacyNoticeUrl", "locations", "allowedOrigins", "recipients", "questions", "dashboard");
    private static final Set<String> DASHBOARD = Set.of("idleLogoffMinutes", "acknowledgeMinutes");
    private static final Set<String> LOCATION = Set.of("id", "name", "address", "timeZone");
    private static final Set<String> RECIPIENTS = Set.of("notify", "urgent", "escalation");
    private static final Set<String> QUESTIONS = Set.of("bestTime", "state", "location", "interest", "conditions",
            "tmsChecklist", "referralSource", "message", "depressionScale", "anxietyScale", "tmsSafety",
            "ketamineSafety", "antidepressantTrials");
    private static final Set<String> LOCALES = Set.of("en");

    private ClinicFile() {}

    /** The file could not be used; each entry reads "field.path: what is wrong". */
    public static final class Invalid extends RuntimeException {
        private final List<String> problems;

        Invalid(List<String> problems) {
            super(String.join("\n", problems));
            this.problems = List.copyOf(problems);
        }

        public List<String> problems() {
            return problems;
        }
    }

    public static Clinic parse(String json) {
        JsonNode root;
        try {
            root = JSON.readTree(json);
        } catch (JsonProcessingException e) {
            var loc = e.getLocation();
            throw new Invalid(List.of("(file): not valid JSON"
                    + (loc == null ? "" : " at line " + loc.getLineNr() + ", column " + loc.getColumnNr())));
        }
        if (root == null || !root.isObject()) {
            throw new Invalid(List.of("(file): must be a JSON object"));
        }
        Reader r = new Reader();
        r.unknown(root, "", TOP);
        String slug = r.text(root, "slug", true, 48);
        if (slug != null && !SLUG.matcher(slug).matches()) {
            r.problem("slug", "must be lowercase letters, digits and dashes, like \"sunrise-tms\"");
        }
        String name = r.text(root, "name", true, 120);
        String phone = r.text(root, "phone", true, 40);
        String hours = r.text(root, "hours", true, 200);
        String color = r.text(root, "brandColor", true, 7);
        if (color != null && !COLOR.matcher(color).matches()) {
            r.problem("brandColor", "must be a colour like \"#2f6f73\"");
        }
        String offer = r.text(root, "offer", false, 160);
        String locale = Optional.ofNullable(r.text(root, "locale", false, 10)).orElse("en");
        if (!LOCALES.contains(locale)) {
            r.problem("locale", "must be one of " + LOCALES);
        }
        String notice = r.text(root, "privacyNoticeUrl", false, 500);
        if (notice != null && !notice.matches("^https?://\\S+$")) {
            r.problem("privacyNoticeUrl", "must be an http(s) URL");
        }

        List<Clinic.Location> locations = new ArrayList<>();
        JsonNode locs = root.get("locations");
        if (locs == null || !locs.isArray() || locs.isEmpty()) {
            r.problem("locations", "must be a list with at least one location");
        } else {
            Set<String> ids = new HashSet<>();
            for (int i = 0; i < locs.size(); i++) {
                String at = "locations[" + i + "]";
                JsonNode l = locs.get(i);
                if (!l.isObject()) {
                    r.problem(at, "must be an object with id, name and timeZone");
                    continue;
                }
                r.unknown(l, at + ".", LOCATION);
                String id = r.text(l, at, "id", true, 48);
                if (id != null && !SLUG.matcher(id).matches()) {
                    r.problem(at + ".id", "must be lowercase letters, digits and dashes, like \"beverly-hills\"");
                } else if (id != null && !ids.add(id)) {
                    r.problem(at + ".id", "\"" + id + "\" is used by another location");
                }
                String lname = r.text(l, at, "name", true, 120);
                String address = r.text(l, at, "address", false, 300);
                String zone = r.text(l, at, "timeZone", true, 64);
                if (zone != null) {
                    try {
                        ZoneId.of(zone);
                    } catch (DateTimeException e) {
                        r.problem(at + ".timeZone", "\"" + zone + "\" is not a known IANA time zone (like America/Los_Angeles)");
                    }
                }
                locations.add(new Clinic.Location(id, lname, Optional.ofNullable(address), zone));
            }
        }

        List<String> origins = r.list(root, "allowedOrigins", s -> OriginPattern.problem(s).orElse(null));

        JsonNode rec = root.get("recipients");
        List<String> notify = List.of();
        List<String> urgent = List.of();
        List<String> escalation = List.of();
        if (rec == null || !rec.isObject()) {
            r.problem("recipients", "must be an object with notify, urgent and escalation lists of email addresses");
        } else {
            r.unknown(rec, "recipients.", RECIPIENTS);
            Function<String, String> email = s -> EmailAddresses.isValid(s) ? null : "\"" + s + "\" is not a valid email address";
            notify = r.list(rec, "recipients", "notify", email);
            urgent = r.list(rec, "recipients", "urgent", email);
            escalation = r.list(rec, "recipients", "escalation", email);
            if (notify.isEmpty()) {
                r.problem("recipients.notify", "must name at least one address, or nobody hears of new requests");
            }
        }

        Clinic.Questions questions = Clinic.Questions.all();
        JsonNode q = root.get("questions");
        if (q != null) {
            if (!q.isObject()) {
                r.problem("questions", "must be an object of true/false switches");
            } else {
                r.unknown(q, "questions.", QUESTIONS);
                String scale = "phq9";
                JsonNode scaleNode = q.get("depressionScale");
                if (scaleNode != null && !scaleNode.isNull()) {
                    if (scaleNode.isTextual() && Clinic.Questions.DEPRESSION_SCALES.contains(scaleNode.asText())) {
                        scale = scaleNode.asText();
                    } else {
                        r.problem("questions.depressionScale", "must be \"phq9\", \"phq8\" or \"off\"");
                    }
                }
                questions = new Clinic.Questions(r.bool(q, "bestTime"), r.bool(q, "state"), r.bool(q, "location"),
                        r.bool(q, "interest"), r.bool(q, "conditions"), r.bool(q, "tmsChecklist"),
                        r.bool(q, "referralSource"), r.bool(q, "message"), scale, r.bool(q, "anxietyScale"),
                        r.bool(q, "tmsSafety"), r.bool(q, "ketamineSafety"), r.bool(q, "antidepressantTrials"));
            }
        }
        Clinic.Dashboard dashboard = Clinic.Dashboard.DEFAULT;
        JsonNode d = root.get("dashboard");
        if (d != null) {
            if (!d.isObject()) {
                r.problem("dashboard", "must be an object with idleLogoffMinutes and acknowledgeMinutes");
            } else {
                r.unknown(d, "dashboard.", DASHBOARD);
                dashboard = new Clinic.Dashboard(
                        r.minutes(d, "idleLogoffMinutes", dashboard.idleLogoffMinutes(), Clinic.Dashboard.MIN_IDLE,
                                Clinic.Dashboard.MAX_IDLE),
                        r.minutes(d, "acknowledgeMinutes", dashboard.acknowledgeMinutes(),
                                Clinic.Dashboard.MIN_ACKNOWLEDGE, Clinic.Dashboard.MAX_ACKNOWLEDGE));
            }
        }
        if (!r.problems.isEmpty()) {
            throw new Invalid(r.problems);
        }
        return new Clinic(slug, name, phone, hours, color.toLowerCase(Locale.ROOT), Optional.ofNullable(offer),
                Locale.forLanguageTag(locale), Optional.ofNullable(notice), List.copyOf(locations), origins,
                new Clinic.Recipients(notify, urgent, escalation), questions, dashboard);
    }

    public static String write(Clinic c) {
        ObjectNode root = JSON.createObjectNode();
        root.put("slug", c.slug());
        root.put("name", c.name());
        root.put("phone", c.phone());
        root.put("hours", c.hours());
        root.put("brandColor", c.brandColor());
        c.offer().ifPresent(o -> root.put("offer", o));
        root.put("locale", c.locale().toLanguageTag());
        c.privacyNoticeUrl().ifPresent(u -> root.put("privacyNoticeUrl", u));
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
        try {
            return JSON.writeValueAsString(root) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Collects every problem instead of stopping at the first, so one run fixes a whole file. */
    private static final class Reader {
        final List<String> problems = new ArrayList<>();

        void problem(String path, String what) {
            problems.add(path + ": " + what);
        }

        void unknown(JsonNode node, String prefix, Set<String> known) {
            for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
                String f = it.next();
                if (!known.contains(f)) {
                    problem(prefix + f, "is not a known setting (known: " + String.join(", ", new java.util.TreeSet<>(known)) + ")");
                }
            }
        }

        String text(JsonNode parent, String field, boolean required, int max) {
            return text(parent, null, field, required, max);
        }

        String text(JsonNode parent, String at, String field, boolean required, int max) {
            String path = at == null ? field : at + "." + field;
            JsonNode n = parent.get(field);
            if (n == null || n.isNull()) {
                if (required) {
                    problem(path, "is required");
                }
                return null;
            }
            if (!n.isTextual()) {
                problem(path, "must be text");
                return null;
            }
            String v = n.asText().strip();
            if (v.isEmpty()) {
                if (required) {
                    problem(path, "must not be empty");
                }
                return null;
            }
            if (v.length() > max) {
                problem(path, "must be at most " + max + " characters");
            }
            if (v.chars().anyMatch(Character::isISOControl)) {
                problem(path, "must not contain line breaks or control characters");
            }
            return v;
        }

        List<String> list(JsonNode parent, String field, Function<String, String> check) {
            return list(parent, null, field, check);
        }

        List<String> list(JsonNode parent, String at, String field, Function<String, String> check) {
            String path = at == null ? field : at + "." + field;
            JsonNode n = parent.get(field);
            if (n == null || n.isNull()) {
                return List.of();
            }
            if (!n.isArray()) {
                problem(path, "must be a list");
                return List.of();
            }
            List<String> out = new ArrayList<>();
            for (int i = 0; i < n.size(); i++) {
                JsonNode e = n.get(i);
                if (!e.isTextual()) {
                    problem(path + "[" + i + "]", "must be text");
                    continue;
                }
                String v = e.asText().strip();
                String why = check.apply(v);
                if (why != null) {
                    problem(path + "[" + i + "]", why);
                } else if (!out.contains(v)) {
                    out.add(v);
                }
            }
            out.sort(null); // stored sets come back sorted; sorting here makes export(import(f)) stable
            return List.copyOf(out);
        }

        int minutes(JsonNode parent, String field, int fallback, int min, int max) {
            JsonNode n = parent.get(field);
            if (n == null || n.isNull()) {
                return fallback;
            }
            if (!n.canConvertToInt() || !n.isIntegralNumber() || n.asInt() < min || n.asInt() > max) {
                problem("dashboard." + field, "must be a whole number of minutes from " + min + " to " + max);
                return fallback;
            }
            return n.asInt();
        }

        boolean bool(JsonNode parent, String field) {
            JsonNode n = parent.get(field);
            if (n == null || n.isNull()) {
                return true;
            }
            if (!n.isBoolean()) {
                problem("questions." + field, "must be true or false");
                return true;
            }
            return n.asBoolean();
        }
    }
}
