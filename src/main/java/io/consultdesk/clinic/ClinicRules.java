package io.consultdesk.clinic;

import com.fasterxml.jackson.databind.JsonNode;
import io.consultdesk.booking.BookingSettings;
import io.consultdesk.mail.EmailAddresses;
import java.net.URI;
import java.time.DateTimeException;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The one set of rules for a clinic's settings, used by {@code clinic import} and by the settings pages
 * alike. It takes the clinic in the clinic file's JSON form (the settings pages build the same form from
 * their fields) and gives either the {@link Clinic} or every problem, each with the path of its field and a
 * message key, so one run shows everything to fix, in the reader's language.
 */
public final class ClinicRules {
    static final Pattern SLUG = Pattern.compile("^[a-z0-9]([a-z0-9-]{0,46}[a-z0-9])?$");
    private static final Pattern COLOR = Pattern.compile("^#[0-9a-fA-F]{6}$");
    static final Set<String> TOP = Set.of("slug", "name", "phone", "hours", "brandColor", "offer", "locale",
            "privacyNoticeUrl", "privacyConsent", "locations", "allowedOrigins", "recipients", "questions", "dashboard",
            "booking");
    private static final Set<String> BOOKING = Set.of("enabled", "minimumNoticeMinutes", "horizonDays", "blockedDates",
            "types", "locations");
    private static final Set<String> BOOKING_TYPE = Set.of("id", "name", "mode", "minutes", "bufferMinutes", "locations");
    private static final Set<String> BOOKING_LOCATION = Set.of("capacity", "hours", "blockedDates");
    static final Map<String, DayOfWeek> DAYS = Map.of("mon", DayOfWeek.MONDAY, "tue", DayOfWeek.TUESDAY,
            "wed", DayOfWeek.WEDNESDAY, "thu", DayOfWeek.THURSDAY, "fri", DayOfWeek.FRIDAY, "sat", DayOfWeek.SATURDAY,
            "sun", DayOfWeek.SUNDAY);
    private static final Pattern OPENING = Pattern.compile("^([01][0-9]|2[0-3]):([0-5][0-9])-([01][0-9]|2[0-3]):([0-5][0-9])$");
    private static final Set<String> DASHBOARD = Set.of("idleLogoffMinutes", "acknowledgeMinutes");
    private static final Set<String> LOCATION = Set.of("id", "name", "address", "timeZone");
    private static final Set<String> RECIPIENTS = Set.of("notify", "urgent", "escalation");
    public static final List<String> QUESTIONS = List.of("bestTime", "state", "location", "interest", "conditions",
            "tmsChecklist", "referralSource", "message", "depressionScale", "anxietyScale", "tmsSafety",
            "ketamineSafety", "antidepressantTrials");
    public static final List<String> LOCALES = List.of("en");
    /** Limits of the free-text settings, also the forms' maxlength. */
    public static final int NAME_MAX = 120;
    public static final int PHONE_MAX = 40;
    public static final int HOURS_MAX = 200;
    public static final int OFFER_MAX = 160;
    public static final int URL_MAX = 500;
    public static final int ADDRESS_MAX = 300;
    public static final int CONSENT_MIN = 80;
    public static final int CONSENT_MAX = 2000;
    public static final int MAX_LOCATIONS = 50;
    public static final int MAX_LIST = 50;
    /**
     * Address names no new clinic takes, from the browser or {@code clinic import}: the dashboard's own paths
     * ({@code /staff/clinics/new}, {@code …/settings}, {@code …/setup}, {@code …/team}, {@code …/embed}) and names that
     * read as a part of Consultdesk rather than a clinic. A clinic that already has one keeps working.
     */
    public static final List<String> RESERVED_SLUGS = List.of("new", "staff", "settings", "setup", "team", "embed", "admin",
            "api", "static", "widget");
    /**
     * The demo clinic's address name. Reserved only for clinics created in the browser: the demo clinic itself is
     * created (on a new server) and re-imported from its own file, and {@code /demo} shows it.
     */
    public static final String DEMO_SLUG = "demo";

    private ClinicRules() {}

    /** The clinic, or every problem found. */
    public sealed interface Result {
        record Valid(Clinic clinic) implements Result {}

        record Invalid(List<Problem> problems) implements Result {}
    }

    public static Result check(JsonNode root) {
        if (root == null || !root.isObject()) {
            return new Result.Invalid(List.of(new Problem("(file)", "clinic.rule.object", List.of())));
        }
        Rules r = new Rules();
        r.unknown(root, "", TOP);
        String slug = r.text(root, null, "slug", true, 48);
        if (slug != null && !SLUG.matcher(slug).matches()) {
            r.problem("slug", "clinic.rule.slug", "sunrise-tms");
        }
        String name = r.text(root, null, "name", true, NAME_MAX);
        String phone = r.text(root, null, "phone", true, PHONE_MAX);
        if (phone != null && phone.chars().filter(Character::isDigit).count() < 3) {
            r.problem("phone", "clinic.rule.phone");
        }
        String hours = r.text(root, null, "hours", true, HOURS_MAX);
        String color = r.text(root, null, "brandColor", true, 7);
        if (color != null && !COLOR.matcher(color).matches()) {
            r.problem("brandColor", "clinic.rule.color");
        } else if (color != null && !Contrast.passes(color)) {
            r.problem("brandColor", "clinic.rule.colorContrast", Contrast.format(Contrast.ofText(color)),
                    Contrast.nearestPassing(color));
        }
        String offer = r.text(root, null, "offer", false, OFFER_MAX);
        String locale = Optional.ofNullable(r.text(root, null, "locale", false, 10)).orElse("en");
        if (!LOCALES.contains(locale)) {
            r.problem("locale", "clinic.rule.locale", String.join(", ", LOCALES));
        }
        String notice = r.text(root, null, "privacyNoticeUrl", false, URL_MAX);
        if (notice != null && !isWebAddress(notice)) {
            r.problem("privacyNoticeUrl", "clinic.rule.url");
        }
        String consent = r.paragraph(root, "privacyConsent", CONSENT_MAX);
        if (consent != null && consent.length() < CONSENT_MIN) {
            r.problem("privacyConsent", "clinic.rule.consentShort", CONSENT_MIN);
        } else if (consent != null && !(consent.contains("988") && consent.contains("911"))) {
            r.problem("privacyConsent", "clinic.rule.consentEmergency");
        }

        List<Clinic.Location> locations = locations(r, root.get("locations"));
        List<String> origins = r.list(root, null, "allowedOrigins", ClinicRules::originProblem);
        Clinic.Recipients recipients = recipients(r, root.get("recipients"));
        Clinic.Questions questions = questions(r, root.get("questions"));
        Clinic.Dashboard dashboard = dashboard(r, root.get("dashboard"));
        BookingSettings booking = booking(r, root.get("booking"), locations);
        if (!r.problems.isEmpty()) {
            return new Result.Invalid(List.copyOf(r.problems));
        }
        return new Result.Valid(new Clinic(slug, name, phone, hours, color.toLowerCase(Locale.ROOT),
                Optional.ofNullable(offer), Locale.forLanguageTag(locale), Optional.ofNullable(notice),
                List.copyOf(locations), origins, recipients, questions, dashboard, booking, Optional.ofNullable(consent)));
    }

    /**
     * The problem of a new clinic's address name that is reserved ({@link #RESERVED_SLUGS}; {@code inBrowser}: the demo's
     * too), if it is.
     */
    public static Optional<Problem> reserved(String slug, boolean inBrowser) {
        String s = slug == null ? "" : slug.strip();
        if (RESERVED_SLUGS.contains(s) || (inBrowser && s.equals(DEMO_SLUG))) {
            return Optional.of(new Problem("slug", "clinic.rule.slugReserved", List.of(s)));
        }
        return Optional.empty();
    }

    /** Reads booking settings as stored with a clinic; they were checked when the clinic was saved. */
    static BookingSettings storedBooking(JsonNode b, List<Clinic.Location> locations) {
        Rules r = new Rules();
        BookingSettings settings = booking(r, b, locations);
        if (!r.problems.isEmpty()) {
            throw new IllegalStateException("Stored booking settings are not valid: " + r.problems);
        }
        return settings;
    }

    private static boolean isWebAddress(String url) {
        if (!url.matches("^https?://\\S+$")) {
            return false;
        }
        try {
            return URI.create(url).getHost() != null;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /**
     * Why an allowed website is unusable, or null. An address with a page path is the usual mistake: the problem
     * then names the bare origin to enter instead.
     */
    private static Object[] originProblem(String value) {
        Optional<String> problem = OriginPattern.problem(value);
        if (problem.isEmpty()) {
            return null;
        }
        Matcher m = Pattern.compile("^(https?://[^/?#\\s]+)[/?#].*$").matcher(value.toLowerCase(Locale.ROOT));
        if (m.matches() && OriginPattern.problem(m.group(1)).isEmpty()) {
            return new Object[] {"clinic.rule.originPath", m.group(1)};
        }
        return new Object[] {problem.get()};
    }

    private static List<Clinic.Location> locations(Rules r, JsonNode locs) {
        List<Clinic.Location> out = new ArrayList<>();
        if (locs == null || !locs.isArray() || locs.isEmpty()) {
            r.problem("locations", "clinic.rule.locationsEmpty");
            return out;
        }
        if (locs.size() > MAX_LOCATIONS) {
            r.problem("locations", "clinic.rule.tooMany", MAX_LOCATIONS);
            return out;
        }
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < locs.size(); i++) {
            String at = "locations[" + i + "]";
            JsonNode l = locs.get(i);
            if (!l.isObject()) {
                r.problem(at, "clinic.rule.locationObject");
                continue;
            }
            r.unknown(l, at + ".", LOCATION);
            String id = r.text(l, at, "id", true, 48);
            if (id != null && !SLUG.matcher(id).matches()) {
                r.problem(at + ".id", "clinic.rule.slug", "beverly-hills");
            } else if (id != null && !ids.add(id)) {
                r.problem(at + ".id", "clinic.rule.duplicateLocation", id);
            }
            String name = r.text(l, at, "name", true, NAME_MAX);
            String address = r.text(l, at, "address", false, ADDRESS_MAX);
            String zone = r.text(l, at, "timeZone", true, 64);
            if (zone != null && !isZone(zone)) {
                r.problem(at + ".timeZone", "clinic.rule.timeZone", zone);
            }
            out.add(new Clinic.Location(id, name, Optional.ofNullable(address), zone));
        }
        return out;
    }

    /** A region-based IANA zone (America/Los_Angeles), not a fixed offset or an abbreviation. */
    public static boolean isZone(String zone) {
        try {
            return zone.contains("/") && ZoneId.of(zone).getId().equals(zone);
        } catch (DateTimeException e) {
            return false;
        }
    }

    private static Clinic.Recipients recipients(Rules r, JsonNode rec) {
        if (rec == null || !rec.isObject()) {
            r.problem("recipients", "clinic.rule.recipientsObject");
            return new Clinic.Recipients(List.of(), List.of(), List.of());
        }
        r.unknown(rec, "recipients.", RECIPIENTS);
        Function<String, Object[]> email = s -> EmailAddresses.isValid(s) ? null : new Object[] {"clinic.rule.email", s};
        List<String> notify = r.list(rec, "recipients", "notify", email);
        List<String> urgent = r.list(rec, "recipients", "urgent", email);
        List<String> escalation = r.list(rec, "recipients", "escalation", email);
        if (notify.isEmpty() && !r.has("recipients.notify")) {
            r.problem("recipients.notify", "clinic.rule.notifyEmpty");
        }
        return new Clinic.Recipients(notify, urgent, escalation);
    }

    private static Clinic.Questions questions(Rules r, JsonNode q) {
        if (q == null || q.isNull()) {
            return Clinic.Questions.all();
        }
        if (!q.isObject()) {
            r.problem("questions", "clinic.rule.questionsObject");
            return Clinic.Questions.all();
        }
        r.unknown(q, "questions.", new HashSet<>(QUESTIONS));
        String scale = "phq9";
        JsonNode scaleNode = q.get("depressionScale");
        if (scaleNode != null && !scaleNode.isNull()) {
            if (scaleNode.isTextual() && Clinic.Questions.DEPRESSION_SCALES.contains(scaleNode.asText())) {
                scale = scaleNode.asText();
            } else {
                r.problem("questions.depressionScale", "clinic.rule.depressionScale");
            }
        }
        return new Clinic.Questions(r.flag(q, "questions", "bestTime", true), r.flag(q, "questions", "state", true),
                r.flag(q, "questions", "location", true), r.flag(q, "questions", "interest", true),
                r.flag(q, "questions", "conditions", true), r.flag(q, "questions", "tmsChecklist", true),
                r.flag(q, "questions", "referralSource", true), r.flag(q, "questions", "message", true), scale,
                r.flag(q, "questions", "anxietyScale", true), r.flag(q, "questions", "tmsSafety", true),
                r.flag(q, "questions", "ketamineSafety", true), r.flag(q, "questions", "antidepressantTrials", true));
    }

    private static Clinic.Dashboard dashboard(Rules r, JsonNode d) {
        Clinic.Dashboard dashboard = Clinic.Dashboard.DEFAULT;
        if (d == null || d.isNull()) {
            return dashboard;
        }
        if (!d.isObject()) {
            r.problem("dashboard", "clinic.rule.dashboardObject");
            return dashboard;
        }
        r.unknown(d, "dashboard.", DASHBOARD);
        return new Clinic.Dashboard(
                r.number(d, "dashboard.idleLogoffMinutes", dashboard.idleLogoffMinutes(), Clinic.Dashboard.MIN_IDLE,
                        Clinic.Dashboard.MAX_IDLE, 1, "clinic.unit.minutes"),
                r.number(d, "dashboard.acknowledgeMinutes", dashboard.acknowledgeMinutes(), Clinic.Dashboard.MIN_ACKNOWLEDGE,
                        Clinic.Dashboard.MAX_ACKNOWLEDGE, 1, "clinic.unit.minutes"));
    }

    private static BookingSettings booking(Rules r, JsonNode b, List<Clinic.Location> locations) {
        if (b == null || b.isNull()) {
            return BookingSettings.OFF;
        }
        if (!b.isObject()) {
            r.problem("booking", "clinic.rule.bookingObject");
            return BookingSettings.OFF;
        }
        r.unknown(b, "booking.", BOOKING);
        boolean enabled = r.flag(b, "booking", "enabled", false);
        int notice = r.number(b, "booking.minimumNoticeMinutes", 120, 0, 60 * 24 * 30, 1, "clinic.unit.minutes");
        int horizon = r.number(b, "booking.horizonDays", 21, 1, BookingSettings.MAX_HORIZON_DAYS, 1, "clinic.unit.days");
        Set<LocalDate> blocked = r.dates(b, "booking", "blockedDates");
        Set<String> clinicLocations = new LinkedHashSet<>();
        locations.forEach(l -> clinicLocations.add(l.id()));
        String known = String.join(", ", clinicLocations);

        Map<String, BookingSettings.LocationHours> hours = new LinkedHashMap<>();
        JsonNode locs = b.get("locations");
        if (locs != null && !locs.isNull()) {
            if (!locs.isObject()) {
                r.problem("booking.locations", "clinic.rule.bookingLocations");
            } else {
                for (Iterator<Map.Entry<String, JsonNode>> it = locs.fields(); it.hasNext(); ) {
                    Map.Entry<String, JsonNode> e = it.next();
                    String at = "booking.locations." + e.getKey();
                    if (!clinicLocations.contains(e.getKey())) {
                        r.problem(at, "clinic.rule.notALocation", e.getKey(), known);
                        continue;
                    }
                    JsonNode l = e.getValue();
                    if (!l.isObject()) {
                        r.problem(at, "clinic.rule.locationHoursObject");
                        continue;
                    }
                    r.unknown(l, at + ".", BOOKING_LOCATION);
                    int capacity = r.number(l, at + ".capacity", 1, 1, BookingSettings.MAX_CAPACITY, 1, "clinic.unit.capacity");
                    hours.put(e.getKey(), new BookingSettings.LocationHours(r.weekly(l.get("hours"), at + ".hours"),
                            capacity, r.dates(l, at, "blockedDates")));
                }
            }
        }

        List<BookingSettings.ConsultationType> types = new ArrayList<>();
        JsonNode ts = b.get("types");
        if (ts != null && !ts.isNull() && !ts.isArray()) {
            r.problem("booking.types", "clinic.rule.typesList");
        } else if (ts != null && !ts.isNull()) {
            Set<String> ids = new HashSet<>();
            for (int i = 0; i < ts.size(); i++) {
                String at = "booking.types[" + i + "]";
                JsonNode t = ts.get(i);
                if (!t.isObject()) {
                    r.problem(at, "clinic.rule.typeObject");
                    continue;
                }
                r.unknown(t, at + ".", BOOKING_TYPE);
                String id = r.text(t, at, "id", true, 48);
                if (id != null && !SLUG.matcher(id).matches()) {
                    r.problem(at + ".id", "clinic.rule.slug", "phone-15");
                } else if (id != null && !ids.add(id)) {
                    r.problem(at + ".id", "clinic.rule.duplicateType", id);
                }
                String name = r.text(t, at, "name", true, NAME_MAX);
                String modeCode = r.text(t, at, "mode", true, 20);
                Optional<BookingSettings.Mode> mode = modeCode == null ? Optional.empty() : BookingSettings.Mode.of(modeCode);
                if (modeCode != null && mode.isEmpty()) {
                    r.problem(at + ".mode", "clinic.rule.mode");
                }
                int minutes = r.number(t, at + ".minutes", 0, BookingSettings.GRAIN_MINUTES, 240,
                        BookingSettings.GRAIN_MINUTES, "clinic.unit.minutes");
                if (t.get("minutes") == null || t.get("minutes").isNull()) {
                    r.problem(at + ".minutes", "clinic.rule.minutesRequired");
                }
                int buffer = r.number(t, at + ".bufferMinutes", 0, 0, 240, BookingSettings.GRAIN_MINUTES, "clinic.unit.minutes");
                List<String> where = r.list(t, at, "locations", v -> clinicLocations.contains(v) ? null
                        : new Object[] {"clinic.rule.notALocation", v, known});
                for (String w : where) {
                    if (!hours.containsKey(w)) {
                        r.problem(at + ".locations", "clinic.rule.noHours", w);
                    }
                }
                if (id != null && name != null && mode.isPresent()) {
                    types.add(new BookingSettings.ConsultationType(id, name, mode.get(), minutes, buffer, where));
                }
            }
        }
        BookingSettings settings = new BookingSettings(enabled, types, java.time.Duration.ofMinutes(notice), horizon,
                blocked, hours);
        if (enabled && r.problems.isEmpty() && !settings.bookable()) {
            r.problem("booking", "clinic.rule.offersNothing");
        }
        return settings;
    }

    /** Collects every problem instead of stopping at the first, so one run fixes a whole file or form. */
    private static final class Rules {
        final List<Problem> problems = new ArrayList<>();

        void problem(String path, String key, Object... args) {
            problems.add(new Problem(path, key, Arrays.asList(args)));
        }

        boolean has(String path) {
            return problems.stream().anyMatch(p -> p.isAbout(path));
        }

        void unknown(JsonNode node, String prefix, Set<String> known) {
            for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
                String f = it.next();
                if (!known.contains(f)) {
                    problem(prefix + f, "clinic.rule.unknown", String.join(", ", new TreeSet<>(known)));
                }
            }
        }

        /** One line of text; null when absent or blank (a problem when required). */
        String text(JsonNode parent, String at, String field, boolean required, int max) {
            String path = at == null ? field : at + "." + field;
            JsonNode n = parent.get(field);
            if (n == null || n.isNull()) {
                if (required) {
                    problem(path, "clinic.rule.required");
                }
                return null;
            }
            if (!n.isTextual()) {
                problem(path, "clinic.rule.text");
                return null;
            }
            String v = n.asText().strip();
            if (v.isEmpty()) {
                if (required) {
                    problem(path, "clinic.rule.required");
                }
                return null;
            }
            if (v.length() > max) {
                problem(path, "clinic.rule.tooLong", max, v.length());
            }
            if (v.chars().anyMatch(ClinicRules::unsafeInLine)) {
                problem(path, "clinic.rule.control");
            }
            return v;
        }

        /** A paragraph: like {@link #text} but line breaks are allowed (and kept as typed, trimmed). */
        String paragraph(JsonNode parent, String field, int max) {
            JsonNode n = parent.get(field);
            if (n == null || n.isNull()) {
                return null;
            }
            if (!n.isTextual()) {
                problem(field, "clinic.rule.text");
                return null;
            }
            String v = n.asText().replace("\r\n", "\n").strip();
            if (v.isEmpty()) {
                return null;
            }
            if (v.length() > max) {
                problem(field, "clinic.rule.tooLong", max, v.length());
            }
            if (v.chars().anyMatch(c -> c != '\n' && unsafeInLine(c))) {
                problem(field, "clinic.rule.control");
            }
            return v;
        }

        /**
         * A list of text values, each checked by {@code check} (which gives a message key and its arguments, or
         * null); duplicates dropped, sorted, so export(import(f)) is stable.
         */
        List<String> list(JsonNode parent, String at, String field, Function<String, Object[]> check) {
            String path = at == null ? field : at + "." + field;
            JsonNode n = parent.get(field);
            if (n == null || n.isNull()) {
                return List.of();
            }
            if (!n.isArray()) {
                problem(path, "clinic.rule.list");
                return List.of();
            }
            if (n.size() > MAX_LIST) {
                problem(path, "clinic.rule.tooMany", MAX_LIST);
                return List.of();
            }
            List<String> out = new ArrayList<>();
            for (int i = 0; i < n.size(); i++) {
                JsonNode e = n.get(i);
                if (!e.isTextual()) {
                    problem(path + "[" + i + "]", "clinic.rule.text");
                    continue;
                }
                String v = e.asText().strip();
                if (v.chars().anyMatch(ClinicRules::unsafeInLine)) {
                    problem(path + "[" + i + "]", "clinic.rule.control");
                    continue;
                }
                Object[] why = check.apply(v);
                if (why != null) {
                    problem(path + "[" + i + "]", (String) why[0], Arrays.copyOfRange(why, 1, why.length));
                } else if (!out.contains(v)) {
                    out.add(v);
                }
            }
            out.sort(null);
            return List.copyOf(out);
        }

        /** A whole number in [min, max] that is a multiple of {@code step}; {@code fallback} when absent. */
        int number(JsonNode parent, String path, int fallback, int min, int max, int step, String unit) {
            String field = path.substring(path.lastIndexOf('.') + 1);
            JsonNode n = parent.get(field);
            if (n == null || n.isNull()) {
                return fallback;
            }
            if (!n.isIntegralNumber() || !n.canConvertToInt() || n.asInt() < min || n.asInt() > max || n.asInt() % step != 0) {
                if (step > 1) {
                    problem(path, "clinic.rule.numberStep", min, max, step, new Problem.Term(unit));
                } else {
                    problem(path, "clinic.rule.number", min, max, new Problem.Term(unit));
                }
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
                problem(at + "." + field, "clinic.rule.bool");
                return fallback;
            }
            return n.asBoolean();
        }

        Set<LocalDate> dates(JsonNode parent, String at, String field) {
            Set<LocalDate> out = new TreeSet<>();
            for (String v : list(parent, at, field, v -> {
                try {
                    LocalDate.parse(v);
                    return null;
                } catch (java.time.format.DateTimeParseException e) {
                    return new Object[] {"clinic.rule.date", v};
                }
            })) {
                out.add(LocalDate.parse(v));
            }
            return out;
        }

        /** Weekday → openings like "09:00-12:00", each in steps of 5 minutes, in order and not overlapping. */
        Map<DayOfWeek, List<BookingSettings.Opening>> weekly(JsonNode node, String at) {
            Map<DayOfWeek, List<BookingSettings.Opening>> out = new EnumMap<>(DayOfWeek.class);
            if (node == null || node.isNull()) {
                problem(at, "clinic.rule.hoursRequired");
                return out;
            }
            if (!node.isObject()) {
                problem(at, "clinic.rule.hoursObject");
                return out;
            }
            int problemsBefore = problems.size();
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                String path = at + "." + e.getKey();
                DayOfWeek day = DAYS.get(e.getKey());
                if (day == null) {
                    problem(path, "clinic.rule.weekday");
                    continue;
                }
                if (!e.getValue().isArray()) {
                    problem(path, "clinic.rule.openingList");
                    continue;
                }
                List<BookingSettings.Opening> openings = new ArrayList<>();
                for (int i = 0; i < e.getValue().size(); i++) {
                    JsonNode o = e.getValue().get(i);
                    Matcher m = o.isTextual() ? OPENING.matcher(o.asText().strip()) : null;
                    if (m == null || !m.matches()) {
                        problem(path + "[" + i + "]", "clinic.rule.opening");
                        continue;
                    }
                    LocalTime from = LocalTime.of(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)));
                    LocalTime to = LocalTime.of(Integer.parseInt(m.group(3)), Integer.parseInt(m.group(4)));
                    if (!from.isBefore(to)) {
                        problem(path + "[" + i + "]", "clinic.rule.openingEnd");
                    } else if (from.getMinute() % BookingSettings.GRAIN_MINUTES != 0
                            || to.getMinute() % BookingSettings.GRAIN_MINUTES != 0) {
                        problem(path + "[" + i + "]", "clinic.rule.openingGrain", BookingSettings.GRAIN_MINUTES);
                    } else if (!openings.isEmpty() && from.isBefore(openings.get(openings.size() - 1).to())) {
                        problem(path + "[" + i + "]", "clinic.rule.openingOverlap");
                    } else {
                        openings.add(new BookingSettings.Opening(from, to));
                    }
                }
                if (!openings.isEmpty()) { // a day without openings is a closed day, as if it were left out
                    out.put(day, List.copyOf(openings));
                }
            }
            if (out.isEmpty() && problems.size() == problemsBefore) {
                problem(at, "clinic.rule.noOpening");
            }
            return out;
        }
    }

    /** Line breaks, other control characters and invisible format characters have no place in a one-line setting. */
    static boolean unsafeInLine(int c) {
        return Character.isISOControl(c) || c == '\u2028' || c == '\u2029';
    }
}
