package io.consultdesk.settings;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The fields a browser would post from a form of a page, read from its HTML (jte's escaped output): inputs
 * (ticked boxes only, no buttons), text areas and the selected option of each select. Tests change some and post
 * them back, as a person would.
 */
final class PageForm {
    private static final Pattern INPUT = Pattern.compile("<input\\b([^>]*)>");
    private static final Pattern TEXTAREA = Pattern.compile("<textarea\\b([^>]*)>(.*?)</textarea>", Pattern.DOTALL);
    private static final Pattern SELECT = Pattern.compile("<select\\b([^>]*)>(.*?)</select>", Pattern.DOTALL);
    private static final Pattern OPTION = Pattern.compile("<option\\b([^>]*)>([^<]*)</option>");
    private static final Pattern ATTR = Pattern.compile("([a-zA-Z-]+)(?:=\"([^\"]*)\")?");
    private final Map<String, List<String>> fields = new LinkedHashMap<>();

    private PageForm() {}

    /** The fields of the first form whose opening tag contains {@code marker} (e.g. {@code class="settings-form"}). */
    static PageForm of(String html, String marker) {
        int start = html.indexOf(marker);
        if (start < 0) {
            throw new AssertionError("no form " + marker + " in the page:\n" + html);
        }
        start = html.lastIndexOf("<form", start);
        String form = html.substring(start, html.indexOf("</form>", start));
        PageForm f = new PageForm();
        String rest = TEXTAREA.matcher(form).replaceAll(m -> {
            f.add(attrs(m.group(1)).get("name"), unescape(m.group(2)));
            return "";
        });
        rest = SELECT.matcher(rest).replaceAll(m -> {
            Matcher o = OPTION.matcher(m.group(2));
            String value = null;
            while (o.find()) {
                Map<String, String> a = attrs(o.group(1));
                if (a.containsKey("selected") || value == null) {
                    String v = a.containsKey("value") ? a.get("value") : o.group(2);
                    if (a.containsKey("selected")) {
                        value = unescape(v);
                        break;
                    }
                    value = unescape(v);
                }
            }
            f.add(attrs(m.group(1)).get("name"), value == null ? "" : value);
            return "";
        });
        Matcher i = INPUT.matcher(rest);
        while (i.find()) {
            Map<String, String> a = attrs(i.group(1));
            String type = a.getOrDefault("type", "text");
            if (type.equals("submit") || type.equals("button") || a.get("name") == null) {
                continue;
            }
            if ((type.equals("checkbox") || type.equals("radio")) && !a.containsKey("checked")) {
                continue;
            }
            f.add(a.get("name"), unescape(a.getOrDefault("value", type.equals("checkbox") ? "on" : "")));
        }
        return f;
    }

    private static Map<String, String> attrs(String s) {
        Map<String, String> out = new LinkedHashMap<>();
        Matcher m = ATTR.matcher(s);
        while (m.find()) {
            out.put(m.group(1), m.group(2) == null ? "" : m.group(2));
        }
        return out;
    }

    static String unescape(String s) {
        return s.replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", "\"").replace("&#39;", "'")
                .replace("&#10;", "\n").replace("&#13;", "\r").replace("&amp;", "&");
    }

    private void add(String name, String value) {
        if (name != null) {
            fields.computeIfAbsent(unescape(name), k -> new ArrayList<>()).add(value);
        }
    }

    String get(String name) {
        List<String> v = fields.get(name);
        return v == null ? null : v.get(0);
    }

    boolean has(String name) {
        return fields.containsKey(name);
    }

    PageForm set(String name, String value) {
        fields.put(name, new ArrayList<>(List.of(value)));
        return this;
    }

    PageForm remove(String name) {
        fields.remove(name);
        return this;
    }

    /** As an urlencoded body would carry them: each value of each field. */
    List<Map.Entry<String, String>> pairs() {
        List<Map.Entry<String, String>> out = new ArrayList<>();
        fields.forEach((k, vs) -> vs.forEach(v -> out.add(Map.entry(k, v))));
        return out;
    }

    Map<String, List<String>> asMap() {
        return fields;
    }
}
