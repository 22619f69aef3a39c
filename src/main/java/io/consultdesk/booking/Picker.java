package io.consultdesk.booking;

import java.util.List;
import java.util.Map;

/**
 * The slot picker as a page shows it (the widget's "Pick a time" step and the visitor's "Choose another
 * time"): which consultation and where, the time zone the times are in, the next days with free times,
 * one radio per time. Two forms: {@code times} re-renders (another type, place, zone or days), {@code book}
 * books the chosen time; without JavaScript both are plain form posts.
 *
 * @param types     radios, only when the clinic offers more than one type; otherwise {@code typeId} is fixed
 * @param locations radios, only when the chosen type is offered at more than one location
 * @param zones     the time zones to choose from, the one shown checked
 * @param zoneText  the sentence saying which time zone the times are in
 * @param from      the first day shown (the visitor's calendar), kept when the times are shown again
 * @param earlier   the first day of the page before, or null; {@code later} likewise
 * @param slotError the problem with the chosen time (none chosen, no longer offered), next to the times
 * @param notice    a notice above the times ("That time was just taken …"), or null
 * @param empty     what to say when no day has a free time
 * @param status    what a screen reader hears when the times are shown again, e.g. "Showing times for …"
 */
public record Picker(Forms forms, String typeId, String locationId, List<Option> types, List<Option> locations,
                     List<Option> zones, String zoneId, String zoneText, List<Day> days, String from, String earlier,
                     String later, String slotError, String notice, String empty, String status) {

    /**
     * Where the two forms go. {@code timesMethod} is {@code get} on the visitor's own page (showing other
     * times changes nothing) and {@code post} in the iframe (the lead's reference stays out of URLs).
     *
     * @param hidden fields both forms carry (the lead's reference, whether the crisis panel is open)
     */
    public record Forms(String timesAction, String timesMethod, String bookAction, String bookLabel,
                        Map<String, String> hidden) {}

    /** A radio or select option; {@code detail} is a second line (a location's address), or null. */
    public record Option(String value, String label, String detail, boolean checked) {}

    /** One day of free times, e.g. "Tuesday, November 17", in the time zone shown. */
    public record Day(String legend, List<Time> times) {}

    /**
     * One free time: {@code value} is its start with the location's offset (as the API writes it),
     * {@code label} the time in the zone shown, {@code clinicLabel} the clinic's time when it differs.
     */
    /**
     * One free time: {@code label} in the zone shown; {@code clinicLabel} the time at the clinic when that
     * zone differs (the zone's name is said once above the days, and to screen readers in {@code clinicZone}).
     */
    public record Time(String value, String id, String label, String clinicLabel, String clinicZone, boolean checked) {}

    public boolean choosesType() {
        return types.size() > 1;
    }

    public boolean choosesLocation() {
        return locations.size() > 1;
    }
}
