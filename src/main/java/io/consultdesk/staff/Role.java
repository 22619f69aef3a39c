package io.consultdesk.staff;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** Staff see the leads of the clinics they work for; admins see every clinic and the audit log. */
public enum Role {
    ADMIN, STAFF;

    public String code() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<Role> of(String code) {
        return Arrays.stream(values()).filter(r -> r.code().equals(code)).findFirst();
    }
}
