package io.consultdesk.settings;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.consultdesk.clinic.Problem;
import io.consultdesk.i18n.Messages;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where each problem of the rules is shown on a settings page: next to the most specific field it is about
 * ({@link Problem#isAbout}), or at the top when no field of the page is about it (a setting of another page).
 * Each problem is shown once, and listed in the summary at the top with a link to its field, and to the page it is
 * fixed on when that is another one.
 *
 * <p>One problem of the rules reads differently on the locations page: a consultation type still offered at a location
 * removed on the page (the rules say the type names a location the clinic does not have) is said in words, at that
 * location's row, with what to do on the booking page first.
 *
 * @param byField a field's path → its messages
 * @param summary every message in order, with the field it links to (null: shown at the top only)
 * @param pages   a field's path → the other pages its problems are fixed on
 */
public record Placement(Map<String, List<String>> byField, List<Item> summary, Map<String, List<Section>> pages) {
    public static final Placement NONE = new Placement(Map.of(), List.of(), Map.of());
    private static final Pattern TYPE_PLACE = Pattern.compile("^booking\\.types\\[([0-9]{1,3})]\\.locations\\[[0-9]{1,3}]$");

    /** @param page the other page where it is fixed, or null */
    public record Item(String field, String text, Section page) {}

    /**
     * @param saved the clinic as saved now (the names of the locations a page removes)
     */
    public static Placement of(List<Problem> problems, SettingsForms.Draft draft, List<SettingsForms.Field> fields,
                               Section section, ObjectNode saved, Messages m) {
        Map<String, List<String>> byField = new LinkedHashMap<>();
        Map<String, List<Section>> pages = new LinkedHashMap<>();
        List<Item> summary = new ArrayList<>();
        for (Problem p : problems) {
            Problem onPage = draft == null ? p : new Problem(draft.formPath(p.path()), p.key(), p.args());
            Section fixedOn = null;
            Problem removed = section == Section.LOCATIONS ? offeredOnlyAtARemovedLocation(p, draft, fields, saved) : null;
            if (removed != null) {
                onPage = removed;
                fixedOn = Section.BOOKING;
            }
            String field = null;
            for (SettingsForms.Field f : fields) {
                if (onPage.isAbout(f.path()) && (field == null || f.path().length() > field.length())) {
                    field = f.path();
                }
            }
            String text = text(onPage, field, draft, m);
            Section elsewhere = sectionOf(onPage.path());
            if (field == null && elsewhere != null && elsewhere != section) {
                text = m.get("settings.problem.elsewhere", m.get("settings.section." + elsewhere.code()), text);
                fixedOn = elsewhere;
            }
            if (field != null) {
                byField.computeIfAbsent(field, k -> new ArrayList<>()).add(text);
                if (fixedOn != null && !pages.getOrDefault(field, List.of()).contains(fixedOn)) {
                    pages.computeIfAbsent(field, k -> new ArrayList<>()).add(fixedOn);
                }
            }
            summary.add(new Item(field, text, fixedOn));
        }
        return new Placement(byField, List.copyOf(summary), pages);
    }

    /**
     * The rules' "not one of the clinic's locations" for a consultation type offered only at a location this page
     * removes, said as "“In-person consultation” is offered only at Beverly Hills: …" at that location's row; null
     * for any other problem.
     */
    private static Problem offeredOnlyAtARemovedLocation(Problem p, SettingsForms.Draft draft, List<SettingsForms.Field> fields,
                                                         ObjectNode saved) {
        Matcher type = TYPE_PLACE.matcher(p.path());
        if (draft == null || saved == null || !p.key().equals("clinic.rule.notALocation") || !type.matches() || p.args().isEmpty()) {
            return null;
        }
        String id = String.valueOf(p.args().get(0));
        if (SettingsForms.locationIds(draft.json()).contains(id)) {
            return null;
        }
        String place = null;
        for (com.fasterxml.jackson.databind.JsonNode l : saved.path("locations")) {
            if (l.path("id").asText().equals(id)) {
                place = l.path("name").asText(id);
            }
        }
        String row = fields.stream().filter(f -> f.changeKey().equals("locations[" + id + "]")).map(SettingsForms.Field::path)
                .findFirst().orElse(null);
        if (place == null || row == null) {
            return null;
        }
        String name = draft.json().path("booking").path("types").path(Integer.parseInt(type.group(1))).path("name").asText(id);
        return new Problem(row, "settings.review.onlyPlace", List.of(name, place));
    }

    /** The message; for one entry of a list field, which one: "Line 2: …" or "“13:00-12:00”: …". */
    private static String text(Problem p, String field, SettingsForms.Draft draft, Messages m) {
        String text = p.text(m);
        if (field == null || draft == null || !p.path().startsWith(field + "[") || !p.path().endsWith("]")) {
            return text;
        }
        List<SettingsForms.Entry> entries = draft.entries().get(field);
        String index = p.path().substring(field.length() + 1, p.path().length() - 1);
        if (entries == null || !index.matches("^[0-9]{1,4}$") || Integer.parseInt(index) >= entries.size()) {
            return text;
        }
        SettingsForms.Entry e = entries.get(Integer.parseInt(index));
        if (e.line() > 0) {
            return m.get("settings.problem.line", e.line(), text);
        }
        return text.contains(e.text()) ? text : m.get("settings.problem.entry", e.text(), text);
    }

    /** The page a field of the clinic file is set on, by its first part ({@code booking.types[0].id} → booking). */
    static Section sectionOf(String path) {
        String top = path.split("[.\\[]", 2)[0];
        for (Section s : Section.values()) {
            if (s.fields().contains(top)) {
                return s;
            }
        }
        return null;
    }

    public boolean any() {
        return !summary.isEmpty();
    }

    public List<String> at(String field) {
        return byField.getOrDefault(field, List.of());
    }

    /** The other pages the problems at a field are fixed on. */
    public List<Section> pagesAt(String field) {
        return pages.getOrDefault(field, List.of());
    }

    /** The problems no field of the page is about. */
    public List<String> top() {
        return summary.stream().filter(i -> i.field() == null).map(Item::text).toList();
    }
}
