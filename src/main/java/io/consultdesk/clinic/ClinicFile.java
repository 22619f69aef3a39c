package io.consultdesk.clinic;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.consultdesk.booking.BookingSettings;
import io.consultdesk.mail.EmailAddresses;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.Map;
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
            "privacyNoticeUrl", "locations", "allowedOrigins", "recipients", "questions", "dashboard", "booking");
    private static final Set<String> BOOKING = Set.of("enabled", "minimumNoticeMinutes", "horizonDays", "blockedDates",
            "types", "locations");
    private static final Set<String> BOOKING_TYPE = Set.of("id", "name", "mode", "minutes", "bufferMinutes", "locations");
    private static final Set<String> BOOKING_LOCATION = Set.of("capacity", "hours", "blockedDates");
    private static final Map<String, DayOfWeek> DAYS = Map.of("mon", DayOfWeek.MONDAY, "tue", DayOfWeek.TUESDAY,
            "wed", DayOfWeek.WEDNESDAY, "thu", DayOfWeek.THURSDAY, "fri", DayOfWeek.FRIDAY, "sat", DayOfWeek.SATURDAY,
            "sun", DayOfWeek.SUNDAY);
    private static final Pattern OPENING = Pattern.compile("^([01][0-9]|2[0-3]):([0-5][0-9])-([01][0-9]|2[0-3]):([0-5][0-9])$");
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
        BookingSettings booking = booking(r, root.get("booking"), locations);
        if (!r.problems.isEmpty()) {
            throw new Invalid(r.problems);
        }
        return new Clinic(slug, name, phone, hours, color.toLowerCase(Locale.ROOT), Optional.ofNullable(offer),
                Locale.forLanguageTag(locale), Optional.ofNullable(notice), List.copyOf(locations), origins,
                new Clinic.Recipients(notify, urgent, escalation), questions, dashboard, booking);
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
        Reader r = new Reader();
        try {
            BookingSettings b = booking(r, JSON.readTree(json), locations);
            if (!r.problems.isEmpty()) {
                throw new IllegalStateException("Stored booking settings are not valid: " + r.problems);
            }
            return b;
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Stored booking settings are not readable", e);
        }
    }

    private static BookingSettings booking(Reader r, JsonNode b, List<Clinic.Location> locations) {
        if (b == null || b.isNull()) {
            return BookingSettings.OFF;
        }
        if (!b.isObject()) {
            r.problem("booking", "must be an object with enabled, types and locations");
            return BookingSettings.OFF;
        }
        r.unknown(b, "booking.", BOOKING);
        boolean enabled = r.flag(b, "booking", "enabled", false);
        int notice = r.number(b, "booking.minimumNoticeMinutes", 120, 0, 60 * 24 * 30, 1, "minutes");
        int horizon = r.number(b, "booking.horizonDays", 21, 1, BookingSettings.MAX_HORIZON_DAYS, 1, "days");
        Set<LocalDate> blocked = r.dates(b, "booking", "blockedDates");
        Set<String> clinicLocations = new java.util.LinkedHashSet<>();
        locations.forEach(l -> clinicLocations.add(l.id()));

        Map<String, BookingSettings.LocationHours> hours = new java.util.LinkedHashMap<>();
        JsonNode locs = b.get("locations");
        if (locs != null && !locs.isNull()) {
            if (!locs.isObject()) {
                r.problem("booking.locations", "must be an object: location id → its bookable hours");
            } else {
                for (Iterator<Map.Entry<String, JsonNode>> it = locs.fields(); it.hasNext(); ) {
                    Map.Entry<String, JsonNode> e = it.next();
                    String at = "booking.locations." + e.getKey();
                    if (!clinicLocations.contains(e.getKey())) {
                        r.problem(at, "is not one of the clinic's locations " + clinicLocations);
                        continue;
                    }
                    JsonNode l = e.getValue();
                    if (!l.isObject()) {
                        r.problem(at, "must be an object with hours, capacity and blockedDates");
                        continue;
                    }
                    r.unknown(l, at + ".", BOOKING_LOCATION);
                    int capacity = r.number(l, at + ".capacity", 1, 1, BookingSettings.MAX_CAPACITY, 1, "consultations at once");
                    hours.put(e.getKey(), new BookingSettings.LocationHours(r.weekly(l.get("hours"), at + ".hours"),
                            capacity, r.dates(l, at, "blockedDates")));
                }
            }
        }

        List<BookingSettings.ConsultationType> types = new ArrayList<>();
        JsonNode ts = b.get("types");
        if (ts != null && !ts.isNull() && !ts.isArray()) {
            r.problem("booking.types", "must be a list of consultation types");
        } else if (ts != null && !ts.isNull()) {
            Set<String> ids = new HashSet<>();
            for (int i = 0; i < ts.size(); i++) {
                String at = "booking.types[" + i + "]";
                JsonNode t = ts.get(i);
                if (!t.isObject()) {
                    r.problem(at, "must be an object with id, name, mode and minutes");
                    continue;
                }
                r.unknown(t, at + ".", BOOKING_TYPE);
                String id = r.text(t, at, "id", true, 48);
                if (id != null && !SLUG.matcher(id).matches()) {
                    r.problem(at + ".id", "must be lowercase letters, digits and dashes, like \"phone-15\"");
                } else if (id != null && !ids.add(id)) {
                    r.problem(at + ".id", "\"" + id + "\" is used by another type");
                }
                String tname = r.text(t, at, "name", true, 120);
                String modeCode = r.text(t, at, "mode", true, 20);
                Optional<BookingSettings.Mode> mode = modeCode == null ? Optional.empty() : BookingSettings.Mode.of(modeCode);
                if (modeCode != null && mode.isEmpty()) {
                    r.problem(at + ".mode", "must be \"phone\" or \"inPerson\"");
                }
                int minutes = r.number(t, at + ".minutes", 0, BookingSettings.GRAIN_MINUTES, 240,
                        BookingSettings.GRAIN_MINUTES, "minutes");
                if (t.get("minutes") == null) {
                    r.problem(at + ".minutes", "is required: the length of the consultation in minutes");
                }
                int buffer = r.number(t, at + ".bufferMinutes", 0, 0, 240, BookingSettings.GRAIN_MINUTES, "minutes");
                List<String> where = r.list(t, at, "locations", v -> clinicLocations.contains(v) ? null
                        : "\"" + v + "\" is not one of the clinic's locations " + clinicLocations);
                for (String w : where) {
                    if (!hours.containsKey(w)) {
                        r.problem(at + ".locations", "\"" + w + "\" has no bookable hours in booking.locations");
                    }
                }
                if (id != null && tname != null && mode.isPresent()) {
                    types.add(new BookingSettings.ConsultationType(id, tname, mode.get(), minutes, buffer, where));
                }
            }
        }
        BookingSettings settings = new BookingSettings(enabled, types, java.time.Duration.ofMinutes(notice), horizon,
                blocked, hours);
        if (enabled && r.problems.isEmpty() && !settings.bookable()) {
            r.problem("booking", "is enabled but offers nothing: it needs at least one type and one location with hours");
        }
        return settings;
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
            DAYS.entrySet().stream().sorted(Map.Entry.comparingByValue()).forEach(d -> {
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
        if (!c.booking().equals(BookingSettings.OFF)) {
            root.set("booking", bookingNode(c.booking()));
        }
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

        /** A whole number in [min, max] that is a multiple of {@code step}; {@code fallback} when absent. */
        int number(JsonNode parent, String path, int fallback, int min, int max, int step, String unit) {
            String field = path.substring(path.lastIndexOf('.') + 1);
            JsonNode n = parent.get(field);
            if (n == null || n.isNull()) {
                return fallback;
            }
            if (!n.isIntegralNumber() || !n.canConvertToInt() || n.asInt() < min || n.asInt() > max || n.asInt() % step != 0) {
                problem(path, "must be a whole number of " + unit + " from " + min + " to " + max
                        + (step > 1 ? ", in steps of " + step : ""));
                return fallback;
            }
            return n.asInt();
        }

        boolean flag(JsonNode parent, String at, String field, boolean fallback) {
            JsonNode n = parent.get(field);
            if (n == null || n.isNull()) {
                return fallback;
            }
            if (!n.isBoolean()) {
                problem(at + "." + field, "must be true or false");
                return fallback;
            }
            return n.asBoolean();
        }

        Set<LocalDate> dates(JsonNode parent, String at, String field) {
            Set<LocalDate> out = new java.util.TreeSet<>();
            for (String v : list(parent, at, field, v -> {
                try {
                    LocalDate.parse(v);
                    return null;
                } catch (java.time.format.DateTimeParseException e) {
                    return "\"" + v + "\" is not a date like \"2026-12-25\"";
                }
            })) {
                out.add(LocalDate.parse(v));
            }
            return out;
        }

        /** Weekday → openings like "09:00-12:00", each in steps of 5 minutes, in order and not overlapping. */
        Map<DayOfWeek, List<BookingSettings.Opening>> weekly(JsonNode node, String at) {
            Map<DayOfWeek, List<BookingSettings.Opening>> out = new java.util.EnumMap<>(DayOfWeek.class);
            if (node == null || node.isNull()) {
                problem(at, "is required: weekday (mon … sun) → opening hours like [\"09:00-12:00\", \"13:00-17:00\"]");
                return out;
            }
            if (!node.isObject()) {
                problem(at, "must be an object: weekday (mon … sun) → opening hours like [\"09:00-12:00\"]");
                return out;
            }
            int problemsBefore = problems.size();
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                String path = at + "." + e.getKey();
                DayOfWeek day = DAYS.get(e.getKey());
                if (day == null) {
                    problem(path, "is not a weekday (mon, tue, wed, thu, fri, sat, sun)");
                    continue;
                }
                if (!e.getValue().isArray()) {
                    problem(path, "must be a list of opening hours like \"09:00-12:00\"");
                    continue;
                }
                List<BookingSettings.Opening> openings = new ArrayList<>();
                for (int i = 0; i < e.getValue().size(); i++) {
                    JsonNode o = e.getValue().get(i);
                    var m = o.isTextual() ? OPENING.matcher(o.asText().strip()) : null;
                    if (m == null || !m.matches()) {
                        problem(path + "[" + i + "]", "must be opening hours like \"09:00-12:00\" (24-hour clock)");
                        continue;
                    }
                    LocalTime from = LocalTime.of(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)));
                    LocalTime to = LocalTime.of(Integer.parseInt(m.group(3)), Integer.parseInt(m.group(4)));
                    if (!from.isBefore(to)) {
                        problem(path + "[" + i + "]", "must end after it starts, on the same day");
                    } else if (from.getMinute() % BookingSettings.GRAIN_MINUTES != 0
                            || to.getMinute() % BookingSettings.GRAIN_MINUTES != 0) {
                        problem(path + "[" + i + "]", "must start and end on a multiple of "
                                + BookingSettings.GRAIN_MINUTES + " minutes");
                    } else if (!openings.isEmpty() && from.isBefore(openings.get(openings.size() - 1).to())) {
                        problem(path + "[" + i + "]", "must start after the opening before it ends, in order");
                    } else {
                        openings.add(new BookingSettings.Opening(from, to));
                    }
                }
                if (!openings.isEmpty()) { // a day without openings is a closed day, as if it were left out
                    out.put(day, List.copyOf(openings));
                }
            }
            if (out.isEmpty() && problems.size() == problemsBefore) {
                problem(at, "has no opening on any day: name at least one, like {\"mon\": [\"09:00-12:00\"]}");
            }
            return out;
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
