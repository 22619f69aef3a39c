package io.consultdesk.settings;

import io.consultdesk.clinic.Clinic;
import io.consultdesk.clinic.ClinicRules;
import io.consultdesk.clinic.Contrast;
import io.consultdesk.i18n.Messages;
import io.consultdesk.staff.ClinicTabs;
import io.consultdesk.staff.StaffFrame;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One section of a clinic's settings as a form: the values shown (the clinic's, or what the person typed), the
 * version the page shows (a save from an older one is refused as stale), each problem next to its field, and
 * what others saved meanwhile.
 *
 * @param clinic  the clinic as saved now (consent version, location names, the saved colour)
 * @param changed   a field's path → what others changed in it since the page was opened (a stale save)
 * @param conflicts a field's path → why it is a conflict: the person changed it, and so did someone else meanwhile
 * @param stale     who saved what and when since the page was opened; empty when the save was not stale
 * @param saved     the confirmation after a save: the fields it changed, or that nothing changed
 */
public record SettingsPage(StaffFrame frame, ClinicTabs tabs, Clinic clinic, Section section, FormValues values,
                           int version, Placement problems, Map<String, List<String>> changed,
                           Map<String, List<String>> conflicts, List<Stale> stale, Optional<Saved> saved, String scriptUrl) {

    /** A version saved by someone else since the page was opened. */
    public record Stale(String who, String when, String what, List<String> changes) {}

    /**
     * A save's confirmation: "Saved as version 8" and each field changed, or "Nothing changed"; {@code meanwhile}: what
     * others saved on other pages since the page was opened, which stays.
     */
    public record Saved(String heading, List<String> changes, List<String> meanwhile) {
        public Saved(String heading, List<String> changes) {
            this(heading, changes, List.of());
        }
    }

    public String t(String key, Object... args) {
        return frame.t(key, args);
    }

    public Messages messages() {
        return frame.messages();
    }

    public String slug() {
        return clinic.slug();
    }

    // ---- Navigation ----

    public List<Section> sections() {
        return Arrays.asList(Section.values());
    }

    public String base() {
        return "/staff/clinics/" + clinic.slug() + "/settings";
    }

    public String href(Section s) {
        return base() + "/" + s.code();
    }

    public String current(Section s) {
        return s == section ? "page" : null;
    }

    public String action() {
        return href(section);
    }

    public String previewAction() {
        return href(section) + "/preview";
    }

    public String title() {
        return t("settings.section." + section.code());
    }

    // ---- Fields ----

    public String value(String path) {
        return values.value(path);
    }

    public boolean checked(String path) {
        return values.checked(path);
    }

    public boolean has(String path, String value) {
        return values.all(path).contains(value);
    }

    /** A field's element id, e.g. {@code f-locations-0--timeZone}; the error summary links to it. */
    public static String id(String path) {
        return "f-" + path.replaceAll("[^A-Za-z0-9_-]", "-");
    }

    public String idOf(String path) {
        return id(path);
    }

    public List<String> problems(String path) {
        return problems.at(path);
    }

    public List<String> changes(String path) {
        return changed.getOrDefault(path, List.of());
    }

    /** The other pages the problems at a field are fixed on, each linked next to it. */
    public List<Section> problemPages(String path) {
        return problems.pagesAt(path);
    }

    public List<String> conflicts(String path) {
        return conflicts.getOrDefault(path, List.of());
    }

    public String invalid(String path) {
        return problems.at(path).isEmpty() ? null : "true";
    }

    /** The ids describing a field: its hint, its problems, what others changed in it. */
    public String describedBy(String path, boolean hint) {
        List<String> ids = new ArrayList<>();
        if (hint) {
            ids.add(id(path) + "-hint");
        }
        if (!problems(path).isEmpty() || !changes(path).isEmpty() || !conflicts(path).isEmpty()) {
            ids.add(id(path) + "-notes");
        }
        return ids.isEmpty() ? null : String.join(" ", ids);
    }

    public String fieldClass(String path) {
        return "field" + (problems(path).isEmpty() ? "" : " field--error") + (changes(path).isEmpty() ? "" : " field--changed")
                + (conflicts(path).isEmpty() ? "" : " field--conflict");
    }

    // ---- Profile ----

    public List<String> locales() {
        return ClinicRules.LOCALES;
    }

    public String consentVersion() {
        return clinic.consentVersion(messages());
    }

    /** The standard consent wording with the clinic's name: what an empty consent field means. */
    public String standardConsent() {
        return t("consent.privacy", clinic.name());
    }

    public int max(String field) {
        return switch (field) {
            case "name" -> ClinicRules.NAME_MAX;
            case "phone" -> ClinicRules.PHONE_MAX;
            case "hours" -> ClinicRules.HOURS_MAX;
            case "offer" -> ClinicRules.OFFER_MAX;
            case "privacyNoticeUrl" -> ClinicRules.URL_MAX;
            case "privacyConsent" -> ClinicRules.CONSENT_MAX;
            case "address" -> ClinicRules.ADDRESS_MAX;
            default -> 0;
        };
    }

    // ---- Locations and consultation types ----

    public List<SettingsForms.Row> locationRows() {
        return SettingsForms.locationRows(values);
    }

    public List<SettingsForms.Row> typeRows() {
        return SettingsForms.typeRows(values);
    }

    public Map<String, String> usZones() {
        return TimeZones.US;
    }

    public List<String> otherZones() {
        return TimeZones.OTHERS;
    }

    /** A value that is not one of the listed zones (a typo posted, an old stored one), so it is shown and kept. */
    public boolean unlistedZone(String zone) {
        return !zone.isEmpty() && !TimeZones.listed(zone);
    }

    /** The places a consultation type can be offered at: the clinic's locations as saved. */
    public List<Clinic.Location> places() {
        return clinic.locations();
    }

    public List<String> days() {
        return SettingsForms.DAYS;
    }

    public List<String> modes() {
        return SettingsForms.MODES;
    }

    // ---- Questions ----

    public List<String> switches() {
        return SettingsForms.SWITCHES;
    }

    public List<String> depressionScales() {
        return SettingsForms.DEPRESSION_SCALES;
    }

    // ---- Branding ----

    /** The colour the page measures and shows: the typed one when it is a colour, else the saved one. */
    public String color() {
        return SettingsForms.pickerColor(value("brandColor"), clinic.brandColor());
    }

    public boolean colorTyped() {
        return SettingsForms.isColor(value("brandColor"));
    }

    public String contrast() {
        return Contrast.format(Contrast.ofText(color()));
    }

    public boolean passes() {
        return Contrast.passes(color());
    }

    /** The form's text colour on the brand colour (white or near-black). */
    public String ink() {
        return Contrast.ink(color());
    }

    /** The nearest colour that passes, offered as a one-click fix, or null when the colour passes. */
    public String suggestion() {
        return passes() ? null : Contrast.nearestPassing(color());
    }

    // ---- Dashboard ----

    public int minIdle() {
        return Clinic.Dashboard.MIN_IDLE;
    }

    public int maxIdle() {
        return Clinic.Dashboard.MAX_IDLE;
    }

    public int minAcknowledge() {
        return Clinic.Dashboard.MIN_ACKNOWLEDGE;
    }

    public int maxAcknowledge() {
        return Clinic.Dashboard.MAX_ACKNOWLEDGE;
    }
}
