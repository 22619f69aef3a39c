package io.consultdesk.audit;

import io.consultdesk.staff.StaffUser;

/** Who did something, and from where; {@link #SYSTEM} for what the server does by itself. */
public record Actor(String userId, String email, String clientIp) {
    public static final Actor SYSTEM = new Actor(null, null, null);

    public static Actor of(StaffUser user, String clientIp) {
        return new Actor(user.id(), user.email(), clientIp);
    }
}
