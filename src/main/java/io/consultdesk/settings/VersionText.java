package io.consultdesk.settings;

import io.consultdesk.clinic.ClinicService;
import io.consultdesk.clinic.SettingsDiff;
import io.consultdesk.i18n.Messages;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** A saved version of the settings as the pages tell it: when, who, what kind of change, each field's old → new. */
public final class VersionText {
    private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("MMM d, yyyy, h:mm a z", Locale.ENGLISH);
    private final Messages m;
    private final ZoneId zone;

    /** @param zone the clinic's time zone (its first location's), in which times are shown */
    public VersionText(Messages m, ZoneId zone) {
        this.m = m;
        this.zone = zone;
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
        boolean known = m.has("settings.label." + c.field());
        return new Change(c.field(), known ? m.get("settings.label." + c.field()) : c.field(), known,
                value(c.before()), value(c.after()));
    }

    /** “value”, or (none) when the field was not set. */
    public String value(String v) {
        return v == null ? m.get("settings.value.none") : "“" + v + "”";
    }

    /** "Phone: “(310) 555-0142” → “(310) 555-0100”" */
    public String line(SettingsDiff.Change c) {
        Change view = change(c);
        return m.get("settings.change", view.label(), view.before(), view.after());
    }
}
