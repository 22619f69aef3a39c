package io.consultdesk.settings;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.consultdesk.clinic.ClinicRules;
import java.math.BigInteger;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns a settings page's form fields into the clinic's draft (the clinic file's JSON form) and the clinic back
 * into form fields. Pure: no HTTP, no database. It never judges a value: numbers that read as whole numbers become
 * JSON numbers, anything else stays the text typed, so {@code ClinicRules} (the one set of rules) says what is wrong.
 *
 * <p>Fields are named by their path in the clinic file ({@code locations[1].timeZone},
 * {@code booking.locations.los-angeles.hours.mon}), so each problem of the rules lands next to its field. Rows of
 * a list (locations, consultation types) may be removed or added on the page; {@link Draft#formPath} turns a path in
 * the draft back into the row's field on the page.
 */
public final class SettingsForms {
    public static final List<String> DAYS = List.of("mon", "tue", "wed", "thu", "fri", "sat", "sun");
    /** The optional questions that are on/off switches, in the form's order. */
    public static final List<String> SWITCHES = ClinicRules.QUESTIONS.stream().filter(q -> !q.equals("depressionScale")).toList();
    public static final List<String> DEPRESSION_SCALES = List.of("phq9", "phq8", "off");
    public static final List<String> MODES = List.of("phone", "inPerson");
    /** What a clinic without online booking shows in the booking page's number fields (the rules' defaults). */
    static final int DEFAULT_NOTICE = 120;
    static final int DEFAULT_HORIZON = 21;
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final Pattern WHOLE = Pattern.compile("^[+-]?[0-9]+$");
    private static final Pattern HEX = Pattern.compile("^#[0-9a-fA-F]{6}$");
    private static final Pattern LOCATION_ROW = Pattern.compile("^locations\\[([0-9]{1,3})]\\.");
    private static final Pattern TYPE_ROW = Pattern.compile("^booking\\.types\\[([0-9]{1,3})]\\.");

    private SettingsForms() {}

    /** One entry of a list typed as lines of a text area, or as a comma-separated line (opening hours). */
    public record Entry(int line, String text) {}

    /**
     * A form turned into the clinic's draft.
     *
     * @param rows    a row's path in the draft → its path on the page ({@code locations[1]} → {@code locations[2]}
     *                when the page's second row was removed)
     * @param entries a list field → its entries as typed, in the draft's order, so a problem of the third one says which
     */
    public record Draft(ObjectNode json, Map<String, String> rows, Map<String, List<Entry>> entries) {
        /** The page's field for a path of the draft. */
        public String formPath(String draftPath) {
            for (Map.Entry<String, String> r : rows.entrySet()) {
                String from = r.getKey();
                if (draftPath.equals(from) || draftPath.startsWith(from + ".") || draftPath.startsWith(from + "[")) {
                    return r.getValue() + draftPath.substring(from.length());
                }
            }
            return draftPath;
        }
    }

    /** A row of locations or consultation types on the page: {@code added} rows are new (their id can be typed). */
    public record Row(String prefix, String id, boolean added, boolean removed) {
        public String path(String field) {
            return prefix + "." + field;
        }
    }

    /** A field of the page: where problems land ({@code path}) and the name others' changes have in the history. */
    public record Field(String path, String changeKey) {}

    // ---- The clinic's current settings as the form's fields ----

    public static FormValues fields(Section section, ObjectNode clinic) {
        FormValues.Builder f = FormValues.builder();
        switch (section) {
            case PROFILE -> {
                for (String k : Section.PROFILE.fields()) {
                    f.put(k, clinic.path(k).asText(k.equals("locale") ? "en" : ""));
                }
            }
            case LOCATIONS -> {
                int i = 0;
                for (JsonNode l : clinic.path("locations")) {
                    String p = "locations[" + i++ + "]";
                    f.put(p + ".id", l.path("id").asText()).put(p + ".name", l.path("name").asText())
                            .put(p + ".address", l.path("address").asText("")).put(p + ".timeZone", l.path("timeZone").asText());
                }
            }
            case QUESTIONS -> {
                JsonNode q = clinic.path("questions");
                SWITCHES.forEach(s -> f.check("questions." + s, q.path(s).asBoolean(true)));
                f.put("questions.depressionScale", q.path("depressionScale").asText("phq9"));
            }
            case RECIPIENTS -> {
                for (String kind : List.of("notify", "urgent", "escalation")) {
                    f.put("recipients." + kind, lines(clinic.path("recipients").path(kind)));
                }
            }
            case WEBSITES -> f.put("allowedOrigins", lines(clinic.path("allowedOrigins")));
            case BRANDING -> f.put("brandColor", clinic.path("brandColor").asText());
            case DASHBOARD -> {
                JsonNode d = clinic.path("dashboard");
                f.put("dashboard.idleLogoffMinutes", d.path("idleLogoffMinutes").asText("15"));
                f.put("dashboard.acknowledgeMinutes", d.path("acknowledgeMinutes").asText("15"));
            }
            case BOOKING -> bookingFields(f, clinic);
        }
        return f.build();
    }

    private static void bookingFields(FormValues.Builder f, ObjectNode clinic) {
        JsonNode b = clinic.path("booking");
        f.check("booking.enabled", b.path("enabled").asBoolean(false));
        f.put("booking.minimumNoticeMinutes", b.path("minimumNoticeMinutes").asText(Integer.toString(DEFAULT_NOTICE)));
        f.put("booking.horizonDays", b.path("horizonDays").asText(Integer.toString(DEFAULT_HORIZON)));
        f.put("booking.blockedDates", lines(b.path("blockedDates")));
        int i = 0;
        for (JsonNode t : b.path("types")) {
            String p = "booking.types[" + i++ + "]";
            f.put(p + ".id", t.path("id").asText()).put(p + ".name", t.path("name").asText())
                    .put(p + ".mode", t.path("mode").asText()).put(p + ".minutes", t.path("minutes").asText())
                    .put(p + ".bufferMinutes", t.path("bufferMinutes").asText("0"));
            List<String> where = new ArrayList<>();
            t.path("locations").forEach(l -> where.add(l.asText()));
            f.putAll(p + ".locations", where);
        }
        for (String id : locationIds(clinic)) {
            JsonNode l = b.path("locations").path(id);
            String p = "booking.locations." + id;
            f.put(p + ".capacity", l.path("capacity").asText("1"));
            for (String day : DAYS) {
                List<String> open = new ArrayList<>();
                l.path("hours").path(day).forEach(o -> open.add(o.asText()));
                f.put(p + ".hours." + day, String.join(", ", open));
            }
            f.put(p + ".blockedDates", lines(l.path("blockedDates")));
        }
    }

    private static String lines(JsonNode list) {
        List<String> out = new ArrayList<>();
        list.forEach(n -> out.add(n.asText()));
        return String.join("\n", out);
    }

    /** The clinic's location ids, in its order (the booking page has a part per location). */
    public static List<String> locationIds(ObjectNode clinic) {
        List<String> ids = new ArrayList<>();
        clinic.path("locations").forEach(l -> ids.add(l.path("id").asText()));
        return ids;
    }

    // ---- What the page posted, made ready for a draft ----

    /**
     * The posted fields with the page's helpers resolved: on the branding page the colour is the colour picker's when
     * it was moved (it starts at the colour the page showed), else the hex text as typed. (With the page's script,
     * both show the same colour.)
     */
    public static FormValues read(Section section, FormValues posted) {
        if (section != Section.BRANDING) {
            return posted;
        }
        String picker = posted.value("brandColorPicker");
        boolean moved = !picker.isEmpty() && !picker.equalsIgnoreCase(posted.value("brandColorShown"));
        return FormValues.builder().put("brandColor", moved ? picker : posted.value("brandColor")).build();
    }

    /** The posted fields with one more, empty row of locations or consultation types (the "Add" buttons). */
    public static FormValues addRow(Section section, FormValues values) {
        if (section == Section.LOCATIONS) {
            String p = "locations[" + nextIndex(values, LOCATION_ROW) + "]";
            return values.with(Map.of(p + ".id", "", p + ".name", "", p + ".address", "", p + ".timeZone", "",
                    p + ".added", "true"));
        }
        if (section == Section.BOOKING) {
            String p = "booking.types[" + nextIndex(values, TYPE_ROW) + "]";
            return values.with(Map.of(p + ".id", "", p + ".name", "", p + ".mode", "phone", p + ".minutes", "15",
                    p + ".bufferMinutes", "0", p + ".added", "true"));
        }
        return values;
    }

    private static int nextIndex(FormValues values, Pattern row) {
        return indices(values, row).stream().mapToInt(Integer::intValue).max().orElse(-1) + 1;
    }

    private static TreeSet<Integer> indices(FormValues values, Pattern row) {
        TreeSet<Integer> out = new TreeSet<>();
        for (String name : values.names()) {
            Matcher m = row.matcher(name);
            if (m.find()) {
                out.add(Integer.parseInt(m.group(1)));
            }
        }
        return out;
    }

    /** The rows of locations on the page, in order. */
    public static List<Row> locationRows(FormValues values) {
        return rows(values, LOCATION_ROW, "locations");
    }

    /** The rows of consultation types on the page, in order. */
    public static List<Row> typeRows(FormValues values) {
        return rows(values, TYPE_ROW, "booking.types");
    }

    private static List<Row> rows(FormValues values, Pattern pattern, String list) {
        List<Row> rows = new ArrayList<>();
        for (int i : indices(values, pattern)) {
            String p = list + "[" + i + "]";
            rows.add(new Row(p, values.value(p + ".id").strip(), values.checked(p + ".added"), values.checked(p + ".remove")));
        }
        return rows;
    }

    /** Every field of a section's page, for placing problems and marking what others changed. */
    public static List<Field> fieldsOf(Section section, FormValues values, ObjectNode clinic) {
        List<Field> out = new ArrayList<>();
        switch (section) {
            case PROFILE -> Section.PROFILE.fields().forEach(k -> out.add(same(k)));
            case LOCATIONS -> {
                out.add(same("locations"));
                for (Row r : locationRows(values)) {
                    out.add(new Field(r.prefix(), r.added() ? r.prefix() : "locations[" + r.id() + "]")); // the row as a whole
                    for (String f : List.of("id", "name", "address", "timeZone")) {
                        out.add(new Field(r.path(f), r.added() ? r.path(f) : "locations[" + r.id() + "]." + f));
                    }
                }
            }
            case QUESTIONS -> {
                SWITCHES.forEach(s -> out.add(same("questions." + s)));
                out.add(same("questions.depressionScale"));
            }
            case RECIPIENTS -> List.of("notify", "urgent", "escalation").forEach(k -> out.add(same("recipients." + k)));
            case WEBSITES -> out.add(same("allowedOrigins"));
            case BRANDING -> out.add(same("brandColor"));
            case DASHBOARD -> {
                out.add(same("dashboard.idleLogoffMinutes"));
                out.add(same("dashboard.acknowledgeMinutes"));
            }
            case BOOKING -> {
                for (String k : List.of("enabled", "minimumNoticeMinutes", "horizonDays", "blockedDates", "types", "locations")) {
                    out.add(same("booking." + k));
                }
                for (Row r : typeRows(values)) {
                    for (String f : List.of("id", "name", "mode", "minutes", "bufferMinutes", "locations")) {
                        out.add(new Field(r.path(f), r.added() ? r.path(f) : "booking.types[" + r.id() + "]." + f));
                    }
                }
                for (String id : locationIds(clinic)) {
                    String p = "booking.locations." + id;
                    out.add(same(p + ".capacity"));
                    out.add(same(p + ".hours"));
                    DAYS.forEach(d -> out.add(same(p + ".hours." + d)));
                    out.add(same(p + ".blockedDates"));
                }
            }
        }
        return out;
    }

    private static Field same(String path) {
        return new Field(path, path);
    }

    // ---- Two people at once: a stale page's form, field by field ----

    private static final Pattern PLACE_FIELD = Pattern.compile("^booking\\.locations\\.([a-z0-9-]{1,48})\\.");
    private static final List<String> LOCATION_PARTS = List.of("id", "name", "address", "timeZone", "added", "remove");
    private static final List<String> TYPE_PARTS = List.of("id", "name", "mode", "minutes", "bufferMinutes", "locations",
            "added", "remove");

    /**
     * One field of a page as a person changes it, named as {@link io.consultdesk.clinic.SettingsDiff} names what it
     * holds: a text or a switch, a whole list typed in a text area (recipients, websites, closed days), one day's
     * openings, and a whole row (a location {@code locations[beverly-hills]}, a consultation type). A row added on the
     * page and not saved yet is keyed by its place on the page ({@code +locations[2]}).
     *
     * @param prefix the field's name on the page, or the row's prefix ({@code locations[1]})
     * @param parts  the values of the row's fields by their last name ({@code name}, {@code timeZone}); "" for a field
     */
    public record Unit(String key, String prefix, Map<String, List<String>> parts, boolean row) {
        String name(String part) {
            return part.isEmpty() ? prefix : prefix + "." + part;
        }

        /** The field of the page next to which a mark about the whole unit is shown. */
        public String markedAt() {
            return row ? prefix + ".name" : prefix;
        }

        /** Whether a field of the clinic file (as the history names it) is this unit or inside it. */
        public boolean holds(String field) {
            return within(field, key);
        }

        /**
         * Whether a change of that field (as the history names it) is about what this unit writes: the unit itself,
         * and for a location removed on the page, its bookable hours too, which go with it.
         */
        public boolean writes(String field) {
            if (holds(field)) {
                return true;
            }
            boolean removed = row && key.startsWith("locations[") && !parts.getOrDefault("remove", List.of()).isEmpty();
            return removed && within(field, "booking.locations." + key.substring("locations[".length(), key.length() - 1));
        }

        private static boolean within(String field, String outer) {
            return field.equals(outer) || field.startsWith(outer + ".") || field.startsWith(outer + "[");
        }

        /** The same values as another unit's, as a person reads them (line endings, spaces at the ends and blank lines aside). */
        boolean same(Unit other) {
            return normal(parts).equals(normal(other.parts));
        }

        private static Map<String, List<String>> normal(Map<String, List<String>> parts) {
            Map<String, List<String>> out = new java.util.TreeMap<>();
            parts.forEach((k, vs) -> {
                List<String> n = vs.stream().map(SettingsForms::normalText).filter(v -> !v.isEmpty()).sorted().toList();
                if (!n.isEmpty()) {
                    out.put(k, n);
                }
            });
            return out;
        }
    }

    private static String normalText(String v) {
        List<String> lines = new ArrayList<>();
        for (String line : (v == null ? "" : v).split("\r\n|\r|\n")) {
            if (!line.isBlank()) {
                lines.add(line.strip());
            }
        }
        return String.join("\n", lines);
    }

    /** The fields of a section's form as units, in the page's order. */
    public static List<Unit> units(Section section, FormValues v) {
        List<Unit> out = new ArrayList<>();
        switch (section) {
            case PROFILE -> Section.PROFILE.fields().forEach(k -> out.add(field(k, v)));
            case LOCATIONS -> locationRows(v).forEach(r -> out.add(row(r, "locations", LOCATION_PARTS, v)));
            case QUESTIONS -> {
                SWITCHES.forEach(q -> out.add(field("questions." + q, v)));
                out.add(field("questions.depressionScale", v));
            }
            case RECIPIENTS -> List.of("notify", "urgent", "escalation").forEach(k -> out.add(field("recipients." + k, v)));
            case WEBSITES -> out.add(field("allowedOrigins", v));
            case BRANDING -> out.add(field("brandColor", v));
            case DASHBOARD -> {
                out.add(field("dashboard.idleLogoffMinutes", v));
                out.add(field("dashboard.acknowledgeMinutes", v));
            }
            case BOOKING -> {
                for (String k : List.of("enabled", "minimumNoticeMinutes", "horizonDays", "blockedDates")) {
                    out.add(field("booking." + k, v));
                }
                typeRows(v).forEach(r -> out.add(row(r, "booking.types", TYPE_PARTS, v)));
                java.util.LinkedHashSet<String> places = new java.util.LinkedHashSet<>();
                for (String name : v.names()) {
                    Matcher m = PLACE_FIELD.matcher(name);
                    if (m.find()) {
                        places.add(m.group(1));
                    }
                }
                for (String id : places) {
                    String p = "booking.locations." + id;
                    out.add(field(p + ".capacity", v));
                    DAYS.forEach(d -> out.add(field(p + ".hours." + d, v)));
                    out.add(field(p + ".blockedDates", v));
                }
            }
        }
        return out;
    }

    private static Unit field(String name, FormValues v) {
        return new Unit(name, name, Map.of("", v.all(name)), false);
    }

    private static Unit row(Row r, String list, List<String> parts, FormValues v) {
        Map<String, List<String>> values = new LinkedHashMap<>();
        parts.forEach(p -> values.put(p, v.all(r.path(p))));
        String key = r.added() ? "+" + r.prefix() : list + "[" + r.id() + "]";
        return new Unit(key, r.prefix(), values, true);
    }

    /**
     * A stale page's form, refilled field by field: a unit the person left as the page showed it ({@code shown}) takes
     * its value now ({@code current}, someone else's change); a unit they changed keeps what they typed, and is a
     * conflict when someone else changed it too ({@code changedMeanwhile}) to something else. Rows saved meanwhile by
     * someone else are added; rows they removed and the person left alone are left out.
     *
     * @param conflicts the units both changed, as the refilled form has them
     */
    public record Refill(FormValues values, List<Unit> conflicts) {}

    public static Refill refill(Section section, FormValues typed, FormValues shown, FormValues current,
                                java.util.function.Predicate<Unit> changedMeanwhile) {
        Map<String, Unit> before = index(units(section, shown));
        Map<String, Unit> now = index(units(section, current));
        FormValues.Builder out = FormValues.builder();
        List<Unit> conflicts = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        List<Unit> mine = units(section, typed);
        for (Unit u : mine) {
            seen.add(u.key());
            Unit was = before.get(u.key());
            Unit is = now.get(u.key());
            if (was != null && u.same(was)) {
                if (is != null) {
                    put(out, u.prefix(), is); // untouched here: as it is now (removed meanwhile: left out)
                }
                continue;
            }
            put(out, u.prefix(), u);
            if (changedMeanwhile.test(u) && (is == null ? was != null : !u.same(is))) {
                conflicts.add(u);
            }
        }
        int nextLocation = nextIndex(typed, LOCATION_ROW);
        int nextType = nextIndex(typed, TYPE_ROW);
        for (Unit u : now.values()) {
            if (seen.contains(u.key())) {
                continue;
            }
            String prefix = !u.row() ? u.prefix()
                    : u.prefix().startsWith("locations[") ? "locations[" + nextLocation++ + "]" : "booking.types[" + nextType++ + "]";
            put(out, prefix, u); // added meanwhile by someone else
        }
        return new Refill(out.build(), List.copyOf(conflicts));
    }

    private static Map<String, Unit> index(List<Unit> units) {
        Map<String, Unit> out = new LinkedHashMap<>();
        units.forEach(u -> out.put(u.key(), u));
        return out;
    }

    private static void put(FormValues.Builder out, String prefix, Unit from) {
        Unit at = new Unit(from.key(), prefix, from.parts(), from.row());
        from.parts().forEach((part, values) -> {
            if (!values.isEmpty()) { // an unticked box is no value at all
                out.putAll(at.name(part), values);
            }
        });
    }

    // ---- The form's fields into the draft ----

    /** The clinic's current settings with this section's part replaced by the form's values. */
    public static Draft draft(Section section, ObjectNode current, FormValues v) {
        ObjectNode json = current.deepCopy();
        Map<String, String> rows = new LinkedHashMap<>();
        Map<String, List<Entry>> entries = new LinkedHashMap<>();
        switch (section) {
            case PROFILE -> Section.PROFILE.fields().forEach(k -> json.put(k, v.value(k)));
            case LOCATIONS -> locations(json, v, rows);
            case QUESTIONS -> {
                ObjectNode q = json.putObject("questions");
                SWITCHES.forEach(s -> q.put(s, v.checked("questions." + s)));
                q.put("depressionScale", v.value("questions.depressionScale"));
            }
            case RECIPIENTS -> {
                ObjectNode r = json.putObject("recipients");
                for (String kind : List.of("notify", "urgent", "escalation")) {
                    r.set(kind, lineList("recipients." + kind, v, entries));
                }
            }
            case WEBSITES -> json.set("allowedOrigins", lineList("allowedOrigins", v, entries));
            case BRANDING -> json.put("brandColor", v.value("brandColor").strip());
            case DASHBOARD -> {
                ObjectNode d = json.putObject("dashboard");
                number(d, "idleLogoffMinutes", v.value("dashboard.idleLogoffMinutes"));
                number(d, "acknowledgeMinutes", v.value("dashboard.acknowledgeMinutes"));
            }
            case BOOKING -> booking(json, v, rows, entries);
        }
        return new Draft(json, rows, entries);
    }

    private static void locations(ObjectNode json, FormValues v, Map<String, String> rows) {
        Set<String> before = new HashSet<>(locationIds(json));
        ArrayNode out = json.putArray("locations");
        Set<String> taken = new HashSet<>();
        List<Row> kept = new ArrayList<>();
        for (Row r : locationRows(v)) {
            boolean blank = r.id().isEmpty() && v.value(r.path("name")).isBlank() && v.value(r.path("address")).isBlank();
            if (!r.removed() && !(r.added() && blank)) {
                kept.add(r);
                taken.add(r.id());
            }
        }
        for (Row r : kept) {
            String id = r.id();
            if (id.isEmpty() && r.added()) { // a new location's id is suggested from its name
                id = unique(slug(v.value(r.path("name"))), taken);
                taken.add(id);
            }
            rows.put("locations[" + out.size() + "]", r.prefix());
            ObjectNode l = out.addObject();
            l.put("id", id);
            l.put("name", v.value(r.path("name")));
            l.put("address", v.value(r.path("address")));
            l.put("timeZone", v.value(r.path("timeZone")).strip());
        }
        // A removed location takes its bookable hours with it, and leaves the types offered at other places too.
        Set<String> removed = new HashSet<>(before);
        out.forEach(l -> removed.remove(l.path("id").asText()));
        if (!removed.isEmpty() && json.path("booking").isObject()) {
            JsonNode hours = json.path("booking").path("locations");
            if (hours.isObject()) {
                removed.forEach(((ObjectNode) hours)::remove);
            }
            for (JsonNode t : json.path("booking").path("types")) {
                if (t.path("locations").isArray()) {
                    ArrayNode where = (ArrayNode) t.path("locations");
                    ArrayNode left = NODES.arrayNode();
                    where.forEach(w -> {
                        if (!removed.contains(w.asText())) {
                            left.add(w);
                        }
                    });
                    if (!left.isEmpty()) {
                        ((ObjectNode) t).set("locations", left);
                    }
                }
            }
        }
    }

    private static void booking(ObjectNode json, FormValues v, Map<String, String> rows, Map<String, List<Entry>> entries) {
        List<String> places = locationIds(json);
        ObjectNode b = NODES.objectNode();
        b.put("enabled", v.checked("booking.enabled"));
        number(b, "minimumNoticeMinutes", v.value("booking.minimumNoticeMinutes"));
        number(b, "horizonDays", v.value("booking.horizonDays"));
        b.set("blockedDates", lineList("booking.blockedDates", v, entries));
        ArrayNode types = b.putArray("types");
        Set<String> taken = new HashSet<>();
        List<Row> kept = new ArrayList<>();
        for (Row r : typeRows(v)) {
            boolean blank = r.id().isEmpty() && v.value(r.path("name")).isBlank();
            if (!r.removed() && !(r.added() && blank)) {
                kept.add(r);
                taken.add(r.id());
            }
        }
        for (Row r : kept) {
            String id = r.id();
            if (id.isEmpty() && r.added()) {
                id = unique(slug(v.value(r.path("name"))), taken);
                taken.add(id);
            }
            rows.put("booking.types[" + types.size() + "]", r.prefix());
            ObjectNode t = types.addObject();
            t.put("id", id);
            t.put("name", v.value(r.path("name")));
            t.put("mode", v.value(r.path("mode")));
            number(t, "minutes", v.value(r.path("minutes")));
            number(t, "bufferMinutes", v.value(r.path("bufferMinutes")));
            List<String> where = v.all(r.path("locations"));
            if (!where.isEmpty()) {
                ArrayNode a = t.putArray("locations");
                where.forEach(a::add);
            }
        }
        ObjectNode hours = b.putObject("locations");
        for (String id : places) {
            String p = "booking.locations." + id;
            ObjectNode week = NODES.objectNode();
            for (String day : DAYS) {
                List<Entry> open = commaList(v.value(p + ".hours." + day));
                if (!open.isEmpty()) {
                    ArrayNode a = week.putArray(day);
                    open.forEach(o -> a.add(o.text()));
                    entries.put(p + ".hours." + day, open);
                }
            }
            if (week.isEmpty()) {
                continue; // every day empty: this location takes no bookings
            }
            ObjectNode l = hours.putObject(id);
            number(l, "capacity", v.value(p + ".capacity"));
            l.set("hours", week);
            l.set("blockedDates", lineList(p + ".blockedDates", v, entries));
        }
        json.set("booking", b);
    }

    /** A whole number as a JSON number; anything else as the text typed (the rules say what is wrong); blank: absent. */
    static void number(ObjectNode parent, String field, String text) {
        String t = text.strip();
        if (t.isEmpty()) {
            return;
        }
        if (WHOLE.matcher(t).matches()) {
            BigInteger n = new BigInteger(t.startsWith("+") ? t.substring(1) : t);
            parent.put(field, n.bitLength() < 32 ? NODES.numberNode(n.intValue()) : NODES.numberNode(n));
        } else {
            parent.put(field, text);
        }
    }

    /** A text area's lines as a list: split on line breaks (CR, LF or both), blank lines dropped. */
    static ArrayNode lineList(String field, FormValues v, Map<String, List<Entry>> entries) {
        ArrayNode a = NODES.arrayNode();
        List<Entry> kept = new ArrayList<>();
        String[] lines = v.value(field).split("\r\n|\r|\n", -1);
        for (int i = 0; i < lines.length; i++) {
            if (!lines[i].isBlank()) {
                a.add(lines[i]);
                kept.add(new Entry(i + 1, lines[i].strip()));
            }
        }
        entries.put(field, kept);
        return a;
    }

    /** Openings typed as {@code 09:00-12:00, 13:00-17:00}. */
    static List<Entry> commaList(String text) {
        List<Entry> out = new ArrayList<>();
        for (String part : text.split(",")) {
            if (!part.isBlank()) {
                out.add(new Entry(0, part.strip()));
            }
        }
        return out;
    }

    /** An id suggested from a name: "Beverly Hills" → {@code beverly-hills}. */
    public static String slug(String name) {
        String ascii = Normalizer.normalize(name, Normalizer.Form.NFD).replaceAll("\\p{M}", "");
        String s = ascii.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("^-+|-+$", "");
        if (s.length() > 48) {
            s = s.substring(0, 48).replaceAll("-+$", "");
        }
        return s;
    }

    private static String unique(String id, Set<String> taken) {
        if (id.isEmpty() || !taken.contains(id)) {
            return id;
        }
        for (int n = 2; ; n++) {
            String candidate = id + "-" + n;
            if (!taken.contains(candidate)) {
                return candidate;
            }
        }
    }

    /** The colour to show in the colour picker: the typed one when it is a colour, else the saved one. */
    public static String pickerColor(String typed, String saved) {
        return typed != null && HEX.matcher(typed.strip()).matches() ? typed.strip().toLowerCase(Locale.ROOT) : saved;
    }

    /** Whether a text is a colour the contrast can be measured of. */
    public static boolean isColor(String typed) {
        return typed != null && HEX.matcher(typed.strip()).matches();
    }
}
