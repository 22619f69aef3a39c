package io.consultdesk.dashboard;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The pipeline: New → Contacted → Consultation scheduled → Became patient, or one of the outcomes
 * Not a fit / No response / Closed. {@code stage} is the step of the funnel a status stands for
 * (-1 for the outcomes, which end the pipeline without advancing it).
 */
public enum LeadStatus {
    NEW("new", 0, true),
    CONTACTED("contacted", 1, true),
    SCHEDULED("scheduled", 2, true),
    PATIENT("patient", 3, false),
    NOT_FIT("notFit", -1, false),
    NO_RESPONSE("noResponse", -1, false),
    CLOSED("closed", -1, false);

    public final String code;
    public final int stage;
    /** Open leads still need something from the clinic; the inbox shows them by default. */
    public final boolean open;

    LeadStatus(String code, int stage, boolean open) {
        this.code = code;
        this.stage = stage;
        this.open = open;
    }

    public static Optional<LeadStatus> of(String code) {
        return Arrays.stream(values()).filter(s -> s.code.equals(code)).findFirst();
    }

    public static List<String> openCodes() {
        return Arrays.stream(values()).filter(s -> s.open).map(s -> s.code).toList();
    }

    public static List<String> allCodes() {
        return Arrays.stream(values()).map(s -> s.code).toList();
    }

    /** The funnel's steps, in order. */
    public static List<LeadStatus> stages() {
        return Arrays.stream(values()).filter(s -> s.stage >= 0).toList();
    }
}
