package io.consultdesk.setup;

import io.consultdesk.clinic.ClinicRules;
import io.consultdesk.clinic.Problem;
import io.consultdesk.staff.StaffFrame;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The "New clinic" page: the form, with each problem of the rules next to its field.
 *
 * @param embedBase the server's public URL, to show the form's future address ({@code …/embed/{slug}})
 */
public record NewClinicPage(StaffFrame frame, NewClinicForm form, List<Problem> problems, List<TimeZones.Group> zones,
                            String embedBase) {
    /**
     * Which field of the form each problem belongs to, by the path the rules name in the clinic file's form. The
     * most precise paths come first: "locations" alone (no location at all) is the location's name.
     */
    private static final Map<String, List<String>> FIELDS = fields();
    /** One address of a recipients list: its problem says which (1 for the first non-empty line). */
    private static final Pattern ADDRESS = Pattern.compile("^recipients\\.(?:notify|urgent)\\[(\\d{1,3})]$");

    private static Map<String, List<String>> fields() {
        Map<String, List<String>> f = new LinkedHashMap<>();
        f.put("name", List.of("name"));
        f.put("slug", List.of("slug"));
        f.put("phone", List.of("phone"));
        f.put("hours", List.of("hours"));
        f.put("locationAddress", List.of("locations[0].address"));
        f.put("timeZone", List.of("locations[0].timeZone"));
        f.put("locationName", List.of("locations[0].name", "locations[0].id", "locations"));
        f.put("urgent", List.of("recipients.urgent"));
        f.put("notify", List.of("recipients.notify", "recipients"));
        return f;
    }

    public String t(String key, Object... args) {
        return frame.t(key, args);
    }

    /** The messages of the problems about one field, or an empty list. */
    public List<String> errors(String field) {
        List<String> out = new ArrayList<>();
        for (Problem p : problems) {
            if (field.equals(fieldOf(p))) {
                out.add(text(p));
            }
        }
        return out;
    }

    public boolean hasErrors(String field) {
        return !errors(field).isEmpty();
    }

    /** The field's aria-invalid: "true", or no attribute at all. */
    public String invalid(String field) {
        return hasErrors(field) ? "true" : null;
    }

    /** A posted time zone that is not one of the options (kept as typed, shown with its problem). */
    public boolean unlistedZone() {
        return !form.timeZone().isBlank() && zones.stream().flatMap(g -> g.zones().stream())
                .noneMatch(z -> z.id().equals(form.timeZone()));
    }

    /** The problems that belong to no field of this form (a setting the form does not show). */
    public List<String> otherErrors() {
        return problems.stream().filter(p -> fieldOf(p) == null).map(p -> p.line(frame.messages())).toList();
    }

    /** The hint and the error of a field, for its aria-describedby. */
    public String describedBy(String field, boolean hint) {
        String ids = (hint ? "f-" + field + "-hint " : "") + (hasErrors(field) ? "f-" + field + "-error" : "");
        return ids.isBlank() ? null : ids.strip();
    }

    /** The form's address as it will be, with the address name typed or suggested (a placeholder before either). */
    public String embedUrl() {
        String slug = form.slug().isBlank() ? NewClinicForm.suggestSlug(form.name()) : form.slug().strip();
        return embedBase + "/embed/" + (slug.isEmpty() ? t("setup.new.slug.placeholder") : slug);
    }

    public int nameMax() {
        return ClinicRules.NAME_MAX;
    }

    public int phoneMax() {
        return ClinicRules.PHONE_MAX;
    }

    public int hoursMax() {
        return ClinicRules.HOURS_MAX;
    }

    public int addressMax() {
        return ClinicRules.ADDRESS_MAX;
    }

    private String text(Problem p) {
        String text = p.text(frame.messages());
        Matcher line = ADDRESS.matcher(p.path());
        return line.matches() ? t("setup.new.addressProblem", Integer.parseInt(line.group(1)) + 1, text) : text;
    }

    private static String fieldOf(Problem p) {
        for (Map.Entry<String, List<String>> e : FIELDS.entrySet()) {
            if (e.getValue().stream().anyMatch(p::isAbout)) {
                return e.getKey();
            }
        }
        return null;
    }
}
