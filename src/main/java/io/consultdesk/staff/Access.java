package io.consultdesk.staff;

import io.javalin.security.RouteRole;
import java.util.Optional;
import java.util.Set;

/**
 * Who may open a page under {@code /staff}: every route of the dashboard names one of these in App's route
 * table, and {@link StaffAuth#guard} checks it before the handler runs (handlers never check roles). A
 * route that names none is treated as {@link #SIGNED_IN}: nothing is public by omission.
 *
 * <p>On the pages of one clinic ({@code /staff/clinics/{clinic}/...}) a person who is not on that clinic's
 * team gets 404, as if it did not exist; one on its team without the right role gets 403.
 */
public enum Access implements RouteRole {
    /** No session needed: the sign-in page, an invitation's link. */
    PUBLIC,
    /** Anyone signed in: their own account, the pages that list what they may open. */
    SIGNED_IN,
    /** The consultation requests (names, answers, notes): admins, and owners and staff of a clinic. */
    REQUESTS,
    /** The server's operator: the audit log, creating clinics. Others get 404. */
    ADMIN,
    /** A clinic's settings and team: its owners, and admins. */
    CLINIC_MANAGE,
    /** A clinic's embed page and install status: its owners, its marketing people, and admins. */
    CLINIC_WEBSITE;

    /** The access a route named; a route that names none needs a session. */
    public static Access of(Set<RouteRole> roles) {
        return roles.stream().filter(Access.class::isInstance).map(Access.class::cast).findFirst().orElse(SIGNED_IN);
    }

    /** Whether a role in a clinic opens a page of that clinic with this access. */
    public boolean allows(Role role) {
        return switch (this) {
            case PUBLIC, SIGNED_IN -> true;
            case REQUESTS -> role.seesRequests();
            case ADMIN -> role == Role.ADMIN;
            case CLINIC_MANAGE -> role.manages();
            case CLINIC_WEBSITE -> role.manages() || role == Role.MARKETING;
        };
    }

    public boolean clinicScoped() {
        return this == CLINIC_MANAGE || this == CLINIC_WEBSITE;
    }

    /** Where a person lands after signing in: the inbox, or the website page of their first clinic when they see no requests. */
    public static String home(StaffUser user) {
        if (user.seesRequests()) {
            return "/staff/leads";
        }
        Optional<String> first = user.roles().keySet().stream().findFirst();
        return first.map(slug -> "/staff/clinics/" + slug + "/embed").orElse("/staff/account");
    }
}
