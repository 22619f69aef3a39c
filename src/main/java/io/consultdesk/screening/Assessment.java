package io.consultdesk.screening;

import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * The result of {@link Triage#assess}: for staff only, never shown to the visitor as a verdict. Flags and
 * priority inform a human; they never reject or discourage anybody.
 *
 * @param urgent the crisis path was triggered (PHQ-9 item 9 above 0, thoughts of suicide ticked, or "I need help
 *     now"): mark the lead URGENT, sort it first and send the urgent alert
 * @param flags review and fit flags; computed whether or not the lead is urgent. Unmodifiable, in enum order.
 * @param priority {@link Priority#URGENT} if urgent, else {@link Priority#REVIEW} if a review flag is set, else
 *     {@link Priority#LIKELY_FIT} if {@link Flag#TMS_LIKELY_FIT}, else {@link Priority#ROUTINE}
 * @param reasons stable codes explaining the above, for staff display (see {@link Triage}); unmodifiable
 */
public record Assessment(boolean urgent, Set<Flag> flags, Priority priority, List<String> reasons) {
    public Assessment {
        Objects.requireNonNull(flags, "flags");
        Objects.requireNonNull(priority, "priority");
        flags = Collections.unmodifiableSet(flags.isEmpty() ? EnumSet.noneOf(Flag.class) : EnumSet.copyOf(flags));
        reasons = List.copyOf(reasons);
    }

    public boolean has(Flag flag) {
        return flags.contains(flag);
    }
}
