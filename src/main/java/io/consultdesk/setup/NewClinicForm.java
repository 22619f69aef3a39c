package io.consultdesk.setup;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.consultdesk.clinic.Clinic;
import java.text.Normalizer;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

/**
 * The "New clinic" form as typed: what a clinic cannot take requests without. Every value is kept as typed (the
 * page shows it again next to its problems); {@link #draft()} turns it into the clinic file's JSON form, which
 * {@link io.consultdesk.clinic.ClinicRules} checks like any other.
 *
 * @param notifyAddresses the addresses that hear of new requests, one per line (the form's field {@code notify})
 * @param urgentAddresses the addresses alerted at once to an urgent request, one per line, optional ({@code urgent})
 */
public record NewClinicForm(String name, String slug, String phone, String hours, String locationName,
                            String locationAddress, String timeZone, String notifyAddresses, String urgentAddresses) {
    /** Until the clinic sets its own colours (settings, branding): a calm teal that passes AA contrast. */
    public static final String DEFAULT_BRAND_COLOR = "#2f6f73";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int SLUG_MAX = 48;

    public NewClinicForm {
        name = nz(name);
        slug = nz(slug);
        phone = nz(phone);
        hours = nz(hours);
        locationName = nz(locationName);
        locationAddress = nz(locationAddress);
        timeZone = nz(timeZone);
        notifyAddresses = nz(notifyAddresses);
        urgentAddresses = nz(urgentAddresses);
    }

    /** An empty form; the person creating the clinic hears of its requests until they name others. */
    public static NewClinicForm blank(String creatorEmail) {
        return new NewClinicForm("", "", "", "", "", "", "", creatorEmail, "");
    }

    /** The posted form; a field that was not sent is empty. */
    public static NewClinicForm read(Function<String, String> field) {
        return new NewClinicForm(field.apply("name"), field.apply("slug"), field.apply("phone"), field.apply("hours"),
                field.apply("locationName"), field.apply("locationAddress"), field.apply("timeZone"),
                field.apply("notify"), field.apply("urgent"));
    }

    /**
     * The same form with the address name made ready for the rules: as typed, lower-cased with spaces turned into
     * dashes ("North Shore" → "north-shore"); suggested from the clinic's name when none was typed.
     */
    public NewClinicForm withSuggestedSlug() {
        return new NewClinicForm(name, slug.isBlank() ? suggestSlug(name) : typedSlug(slug), phone, hours, locationName,
                locationAddress, timeZone, notifyAddresses, urgentAddresses);
    }

    /** Whether no address name was typed and none could be made from the clinic's name ("!!!"). */
    public boolean noSlugFromName() {
        return slug.isBlank() && !name.isBlank() && suggestSlug(name).isEmpty();
    }

    /** An address name as typed, made ready: trimmed, lower-cased, each run of spaces a dash; anything else is left to the rules. */
    static String typedSlug(String typed) {
        return nz(typed).strip().toLowerCase(Locale.ROOT).replaceAll("\\s+", "-");
    }

    /**
     * An address name made from a name: lowercase letters and digits, accents dropped, everything else a single dash,
     * at most 48 characters ("Bright Harbor Ketamine & TMS" → "bright-harbor-ketamine-tms"); empty when nothing is left.
     */
    public static String suggestSlug(String name) {
        String plain = Normalizer.normalize(nz(name), Normalizer.Form.NFD).replaceAll("\\p{M}", "")
                .toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("^-+|-+$", "");
        if (plain.length() > SLUG_MAX) {
            plain = plain.substring(0, SLUG_MAX).replaceAll("-+$", "");
        }
        return plain;
    }

    /** The non-empty lines of a list field, each trimmed (a line break ends an address; nothing else is split). */
    static List<String> lines(String text) {
        return Arrays.stream(text.split("\r\n|\n")).map(String::strip).filter(s -> !s.isEmpty()).toList();
    }

    /**
     * The clinic in the clinic file's JSON form: the typed values as they are (the rules trim and check them), one
     * location, every question on, the default dashboard, online booking off, no allowed website yet.
     */
    public ObjectNode draft() {
        ObjectNode root = JSON.createObjectNode();
        root.put("slug", typedSlug(slug));
        root.put("name", name);
        root.put("phone", phone);
        root.put("hours", hours);
        root.put("brandColor", DEFAULT_BRAND_COLOR);
        root.put("locale", "en");
        ObjectNode location = root.putArray("locations").addObject();
        String id = suggestSlug(locationName);
        location.put("id", id.isEmpty() ? "main" : id);
        location.put("name", locationName);
        if (!locationAddress.isBlank()) {
            location.put("address", locationAddress);
        }
        location.put("timeZone", timeZone);
        root.putArray("allowedOrigins");
        ObjectNode recipients = root.putObject("recipients");
        ArrayNode notifyList = recipients.putArray("notify");
        lines(notifyAddresses).forEach(notifyList::add);
        ArrayNode urgentList = recipients.putArray("urgent");
        lines(urgentAddresses).forEach(urgentList::add);
        recipients.putArray("escalation");
        root.set("questions", JSON.valueToTree(Clinic.Questions.all()));
        root.set("dashboard", JSON.valueToTree(Clinic.Dashboard.DEFAULT));
        return root;
    }

    private static String nz(String s) {
        return s == null ? "" : s;
    }
}
