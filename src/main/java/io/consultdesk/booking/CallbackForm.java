package io.consultdesk.booking;

import java.util.List;
import java.util.Map;

/**
 * "None of these times suit me? Ask us to call you back": the weekdays and the time of day the visitor
 * would like a call in.
 *
 * @param open shown unfolded (it had an error, or nothing can be booked)
 */
public record CallbackForm(String action, Map<String, String> hidden, List<Picker.Option> days, List<Picker.Option> times,
                           String daysError, String timeError, boolean open) {}
