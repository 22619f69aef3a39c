package io.consultdesk.clinic;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.StreamSupport;

/**
 * Which settings differ between two states of a clinic (in the clinic file's JSON form), field by field, for
 * the audit log and the settings' history. A pure function. Fields are named by their path in the file; the
 * entries of a list of objects with an {@code id} (locations, consultation types) by that id, so removing the
 * first location reads as one location removed, not as every other one renamed. A list of plain values (allowed
 * websites, recipients, opening hours) is one field whose value is the whole list.
 */
public final class SettingsDiff {
    private SettingsDiff() {}

    /** One changed field: its value before and after, absent ({@code null}) when it was added or removed. */
    public record Change(String field, String before, String after) {}

    public static List<Change> between(JsonNode before, JsonNode after) {
        Map<String, String> old = flatten(before);
        Map<String, String> now = flatten(after);
        Set<String> fields = new LinkedHashSet<>(now.keySet());
        fields.addAll(old.keySet());
        List<Change> changes = new ArrayList<>();
        for (String f : fields) {
            String a = old.get(f);
            String b = now.get(f);
            if (a == null ? b != null : !a.equals(b)) {
                changes.add(new Change(f, a, b));
            }
        }
        return changes;
    }

    static Map<String, String> flatten(JsonNode node) {
        Map<String, String> out = new LinkedHashMap<>();
        if (node != null) {
            flatten(node, "", out);
        }
        return out;
    }

    private static void flatten(JsonNode node, String path, Map<String, String> out) {
        if (node.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                flatten(e.getValue(), path.isEmpty() ? e.getKey() : path + "." + e.getKey(), out);
            }
        } else if (node.isArray()) {
            boolean byId = node.size() > 0 && StreamSupport.stream(node.spliterator(), false)
                    .allMatch(e -> e.isObject() && e.path("id").isTextual());
            boolean plain = StreamSupport.stream(node.spliterator(), false).allMatch(JsonNode::isValueNode);
            if (byId) {
                for (JsonNode e : node) {
                    flatten(e, path + "[" + e.get("id").asText() + "]", out);
                }
            } else if (plain) {
                List<String> values = new ArrayList<>();
                node.forEach(e -> values.add(e.asText()));
                out.put(path, String.join(", ", values));
            } else {
                for (int i = 0; i < node.size(); i++) {
                    flatten(node.get(i), path + "[" + i + "]", out);
                }
            }
        } else if (!node.isNull()) {
            out.put(path, node.asText());
        }
    }
}
