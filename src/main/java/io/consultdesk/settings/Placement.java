package io.consultdesk.settings;

import io.consultdesk.clinic.Problem;
import io.consultdesk.i18n.Messages;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Where each problem of the rules is shown on a settings page: next to the most specific field it is about
 * ({@link Problem#isAbout}), or at the top when no field of the page is about it (a setting of another page).
 * Each problem is shown once, and listed in the summary at the top with a link to its field.
 *
 * @param byField a field's path → its messages
 * @param summary every message in order, with the field it links to (null: shown at the top only)
 */
public record Placement(Map<String, List<String>> byField, List<Item> summary) {
    public static final Placement NONE = new Placement(Map.of(), List.of());

    public record Item(String field, String text) {}

    public static Placement of(List<Problem> problems, SettingsForms.Draft draft, List<SettingsForms.Field> fields,
                               Section section, Messages m) {
        Map<String, List<String>> byField = new LinkedHashMap<>();
        List<Item> summary = new ArrayList<>();
        for (Problem p : problems) {
            Problem onPage = draft == null ? p : new Problem(draft.formPath(p.path()), p.key(), p.args());
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
            }
            if (field != null) {
                byField.computeIfAbsent(field, k -> new ArrayList<>()).add(text);
            }
            summary.add(new Item(field, text));
        }
        return new Placement(byField, List.copyOf(summary));
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

    /** The problems no field of the page is about. */
    public List<String> top() {
        return summary.stream().filter(i -> i.field() == null).map(Item::text).toList();
    }
}
