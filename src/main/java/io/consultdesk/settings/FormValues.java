package io.consultdesk.settings;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The fields of a settings form as text, by name (a field's name is its path in the clinic file, e.g.
 * {@code locations[0].timeZone}): what the server shows, or what a person posted, kept exactly as typed so a
 * refused save shows every value again.
 */
public final class FormValues {
    /** Fields that belong to the page, not to the settings: they are never shown back or re-posted as values. */
    static final Set<String> CONTROL = Set.of("_csrf", "version", "action");
    private final Map<String, List<String>> values;

    private FormValues(Map<String, List<String>> values) {
        this.values = values;
    }

    public static FormValues of(Map<String, List<String>> posted) {
        Map<String, List<String>> copy = new LinkedHashMap<>();
        posted.forEach((k, v) -> {
            if (!CONTROL.contains(k)) {
                copy.put(k, List.copyOf(v));
            }
        });
        return new FormValues(Collections.unmodifiableMap(copy));
    }

    static Builder builder() {
        return new Builder();
    }

    /** The field's value, or "" when it was not sent (an unticked box, a field of another section). */
    public String value(String name) {
        List<String> v = values.get(name);
        return v == null || v.isEmpty() || v.get(0) == null ? "" : v.get(0);
    }

    /** Every value of a field sent several times (a group of checkboxes). */
    public List<String> all(String name) {
        return values.getOrDefault(name, List.of());
    }

    public boolean has(String name) {
        return values.containsKey(name);
    }

    /** A ticked checkbox (sent, with any value but "false"). */
    public boolean checked(String name) {
        return values.containsKey(name) && !"false".equals(value(name));
    }

    public Set<String> names() {
        return values.keySet();
    }

    /** Each value as a name and value pair, as a form of hidden fields carries them again. */
    public List<Map.Entry<String, String>> pairs() {
        List<Map.Entry<String, String>> out = new ArrayList<>();
        values.forEach((k, vs) -> vs.forEach(v -> out.add(Map.entry(k, v == null ? "" : v))));
        return out;
    }

    /** These values with more fields added (a new empty row). */
    FormValues with(Map<String, String> more) {
        Map<String, List<String>> copy = new LinkedHashMap<>(values);
        more.forEach((k, v) -> copy.put(k, List.of(v)));
        return new FormValues(Collections.unmodifiableMap(copy));
    }

    @Override
    public String toString() {
        return values.keySet().toString(); // never the values: they may be long, and tests print this
    }

    static final class Builder {
        private final Map<String, List<String>> values = new LinkedHashMap<>();

        Builder put(String name, String value) {
            values.put(name, List.of(value == null ? "" : value));
            return this;
        }

        Builder check(String name, boolean on) {
            if (on) {
                values.put(name, List.of("true"));
            }
            return this;
        }

        Builder putAll(String name, List<String> list) {
            values.put(name, List.copyOf(list));
            return this;
        }

        FormValues build() {
            return new FormValues(Collections.unmodifiableMap(new LinkedHashMap<>(values)));
        }
    }
}
