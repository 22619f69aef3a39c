package io.consultdesk.staff;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/**
 * What a person may do. {@link #ADMIN} runs the whole server (every clinic, creates clinics, the audit
 * log). The other roles are held per clinic: {@link #OWNER} manages the clinic (settings, team, embed)
 * and works on its requests, {@link #STAFF} works on its requests, {@link #MARKETING} runs the clinic's
 * website (the embed page, install status and request counts by source) and sees nothing of any patient.
 */
public enum Role {
    ADMIN, OWNER, STAFF, MARKETING;

    public String code() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<Role> of(String code) {
        return Arrays.stream(values()).filter(r -> r.code().equals(code)).findFirst();
    }

    /** A role held per clinic (every role but admin). */
    public static Optional<Role> member(String code) {
        return of(code).filter(r -> r != ADMIN);
    }

    /** Sees the clinic's consultation requests: names, answers, notes. */
    public boolean seesRequests() {
        return this != MARKETING;
    }

    /** Changes the clinic's settings and team. */
    public boolean manages() {
        return this == ADMIN || this == OWNER;
    }
}
