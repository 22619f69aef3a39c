package io.consultdesk.settings;

import io.consultdesk.clinic.ClinicService;
import io.consultdesk.clinic.SettingsDiff;
import io.consultdesk.i18n.Messages;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A saved version of the settings as the pages tell it: when, who, what kind of change, each field's old → new. */
public final class VersionText {
    private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("MMM d, yyyy, h:mm a z", Locale.ENGLISH);
    /** A field of one location ({@code locations[beverly-hills].timeZone}), of one consultation type, of one place's hours. */
    private static final Pattern LOCATION_FIELD = Pattern.compile("^locations\\[([^\\]]+)]\\.(id|name|address|timeZone)$");
    private static final Pattern TYPE_FIELD = Pattern.compile(
            "^booking\\.types\\[([^\\]]+)]\\.(id|name|mode|minutes|bufferMinutes|locations)$");
    private static final Pattern PLACE_FIELD = Pattern.compile(
            "^booking\\.locations\\.([a-z0-9-]+)\\.(capacity|blockedDates|hours\\.(mon|tue|wed|thu|fri|sat|sun))$");
    private final Messages m;
    private final ZoneId zone;
    private final Map<String, String> locationNames;
    private final Map<String, String> typeNames;

    /** @param zone the clinic's time zone (its first location's), in which times are shown */
    public VersionText(Messages m, ZoneId zone) {
        this(m, zone, Map.of(), Map.of());
    }

    /**
     * @param locationNames the clinic's location ids → names, so a location's field reads "Beverly Hills · Time zone"
     * @param typeNames     the consultation types' ids → names
     */
    public VersionText(Messages m, ZoneId zone, Map<String, String> locationNames, Map<String, String> typeNames) {
        this.m = m;
        this.zone = zone;
        this.locationNames = Map.copyOf(locationNames);
        this.typeNames = Map.copyOf(typeNames);
    }

    public record View(int version, String when, String iso, String who, String what, List<Change> changes) {}

    /** One changed field; {@code known} when the label is a name people read rather than the field's path. */
    public record Change(String field, String label, boolean known, String before, String after) {}

    public View of(ClinicService.Version v) {
        return new View(v.version(), WHEN.format(v.savedAt().atZone(zone)), v.savedAt().toString(), who(v), what(v),
                v.changes().stream().map(this::change).toList());
    }

    public String who(ClinicService.Version v) {
        return v.by().orElse(m.get("settings.history.commandLine"));
    }

    public String what(ClinicService.Version v) {
        Optional<Section> section = v.section().flatMap(Section::of);
        return switch (v.source()) {
            case "settings" -> section.map(s -> m.get("settings.history.source.settings", m.get("settings.section." + s.code())))
                    .orElse(m.get("settings.history.source.settingsPage"));
            case "restore" -> m.get("settings.history.source.restore", v.restoredFrom().orElse(0));
            case "import" -> m.get("settings.history.source.import");
            case "create" -> m.get("settings.history.source.create");
            default -> m.get("settings.history.source.baseline");
        };
    }

    public Change change(SettingsDiff.Change c) {
        String label = label(c.field());
        return new Change(c.field(), label == null ? c.field() : label, label != null, value(c.before()), value(c.after()));
    }

    /**
     * A field's name as people read it ("Phone", "Beverly Hills · Time zone", "Los Angeles · Consultation hours on
     * Monday"), or null when there is none (the field's path is shown instead).
     */
    public String label(String field) {
        if (m.has("settings.label." + field)) {
            return m.get("settings.label." + field);
        }
        Matcher l = LOCATION_FIELD.matcher(field);
        if (l.matches()) {
            return m.get("settings.review.label.part", locationNames.getOrDefault(l.group(1), l.group(1)),
                    m.get("settings.review.label.location." + l.group(2)));
        }
        Matcher t = TYPE_FIELD.matcher(field);
        if (t.matches()) {
            return m.get("settings.review.label.part", typeNames.getOrDefault(t.group(1), t.group(1)),
                    m.get("settings.label.type." + t.group(2)));
        }
        Matcher p = PLACE_FIELD.matcher(field);
        if (p.matches()) {
            String name = locationNames.getOrDefault(p.group(1), p.group(1));
            String part = p.group(3) != null ? m.get("settings.review.label.hoursOn", m.get("settings.day." + p.group(3)))
                    : m.get(p.group(2).equals("capacity") ? "settings.label.booking.capacity" : "settings.label.booking.placeBlockedDates");
            return m.get("settings.review.label.part", name, part);
        }
        return null;
    }

    /** “value”, or (none) when the field was not set or is an empty list. */
    public String value(String v) {
        return v == null || v.isEmpty() ? m.get("settings.value.none") : "“" + v + "”";
    }

    /** "Phone: “(310) 555-0142” → “(310) 555-0100”" */
    public String line(SettingsDiff.Change c) {
        Change view = change(c);
        return m.get("settings.change", view.label(), view.before(), view.after());
    }
}
