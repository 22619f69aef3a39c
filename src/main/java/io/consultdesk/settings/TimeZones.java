package io.consultdesk.settings;

import io.consultdesk.clinic.ClinicRules;
import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The time zones a location can be in: region-based IANA zones, the usual US ones first. */
public final class TimeZones {
    /** US zones, each with the message key of its everyday name. */
    public static final Map<String, String> US;

    static {
        Map<String, String> us = new LinkedHashMap<>();
        us.put("America/New_York", "settings.zone.eastern");
        us.put("America/Chicago", "settings.zone.central");
        us.put("America/Denver", "settings.zone.mountain");
        us.put("America/Phoenix", "settings.zone.arizona");
        us.put("America/Los_Angeles", "settings.zone.pacific");
        us.put("America/Anchorage", "settings.zone.alaska");
        us.put("Pacific/Honolulu", "settings.zone.hawaii");
        us.put("America/Puerto_Rico", "settings.zone.puertoRico");
        US = java.util.Collections.unmodifiableMap(us);
    }

    private static final List<String> REGIONS = List.of("Africa/", "America/", "Antarctica/", "Arctic/", "Asia/",
            "Atlantic/", "Australia/", "Europe/", "Indian/", "Pacific/");
    /** Every other region-based zone, sorted. */
    public static final List<String> OTHERS = ZoneId.getAvailableZoneIds().stream()
            .filter(z -> REGIONS.stream().anyMatch(z::startsWith) && ClinicRules.isZone(z) && !US.containsKey(z))
            .sorted().toList();

    private TimeZones() {}

    /** Whether a value is one of the options (else the page adds it, so a typed or stored value is never lost). */
    public static boolean listed(String zone) {
        return US.containsKey(zone) || OTHERS.contains(zone);
    }
}
