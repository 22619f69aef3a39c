package io.consultdesk.staff;

import io.consultdesk.i18n.Messages;
import java.util.Optional;

/**
 * What the staff layout needs on every page: the title, who is signed in, the CSRF token for the
 * sign-out form, and when the page should give way to the sign-in page (the idle logoff, so health
 * information does not stay on an unattended screen).
 *
 * @param nav which navigation entry is the current page: inbox, consultations, overview, clinics, audit, account, or none
 * @param refreshSeconds seconds until the session's idle logoff; 0 on pages without a session
 * @param refreshUrl where the page goes then: the sign-in page, which brings the person back to this one
 * @param urgentWaiting urgent requests nobody acknowledged yet, shown in the navigation
 */
public record StaffFrame(Messages messages, String title, String nav, Optional<StaffUser> user, String csrf,
                         String cssUrl, long refreshSeconds, String refreshUrl, long urgentWaiting) {

    public String t(String key, Object... args) {
        return messages.get(key, args);
    }

    public boolean signedIn() {
        return user.isPresent();
    }

    public boolean admin() {
        return user.map(StaffUser::isAdmin).orElse(false);
    }

    /** Whether the navigation shows the requests (inbox, consultations, overview). */
    public boolean seesRequests() {
        return user.map(StaffUser::seesRequests).orElse(false);
    }

    /** Whether the navigation shows the clinics' own pages: settings, team and embed (owners, marketing, admins). */
    public boolean clinicPages() {
        return user.map(u -> u.isAdmin() || u.roles().values().stream().anyMatch(r -> r != Role.STAFF)).orElse(false);
    }

    public String current(String entry) {
        return entry.equals(nav) ? "page" : null;
    }
}
