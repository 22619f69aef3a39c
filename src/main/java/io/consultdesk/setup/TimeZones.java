package io.consultdesk.setup;

import io.consultdesk.clinic.ClinicRules;
import java.time.ZoneId;
import java.time.format.TextStyle;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The time zones a location may be in, for a select: the US ones first (with their everyday names), then every
 * other region-based IANA zone (no fixed offsets, no abbreviations, no "Etc/" or "US/" aliases), by name.
 */
public final class TimeZones {
    /** The US zones a clinic is most likely in, east to west, then Puerto Rico. */
    static final List<String> US = List.of("America/New_York", "America/Chicago", "America/Denver", "America/Phoenix",
            "America/Los_Angeles", "America/Anchorage", "Pacific/Honolulu", "America/Puerto_Rico");
    private static final Pattern REGION = Pattern.compile(
            "^(Africa|America|Antarctica|Arctic|Asia|Atlantic|Australia|Europe|Indian|Pacific)/.+$");

    private TimeZones() {}

    /** One option: the zone's id (what is stored) and what the select shows. */
    public record Zone(String id, String label) {}

    /** A group of options ({@code optgroup}). */
    public record Group(String labelKey, List<Zone> zones) {}

    public static List<Group> groups() {
        List<Zone> us = US.stream().map(id -> new Zone(id, ZoneId.of(id).getDisplayName(TextStyle.FULL, Locale.US)
                + " — " + id)).toList();
        List<Zone> others = ZoneId.getAvailableZoneIds().stream()
                .filter(id -> REGION.matcher(id).matches() && ClinicRules.isZone(id) && !US.contains(id))
                .sorted().map(id -> new Zone(id, id)).toList();
        return List.of(new Group("setup.new.zones.us", us), new Group("setup.new.zones.other", others));
    }
}
