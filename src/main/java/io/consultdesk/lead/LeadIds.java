package io.consultdesk.lead;

import java.security.SecureRandom;
import java.util.Base64;

/** Lead ids: 128 random bits, URL-safe. Nothing about a lead (order, time, clinic) can be read from its id. */
public final class LeadIds {
    private static final SecureRandom RANDOM = new SecureRandom();

    private LeadIds() {}

    public static String next() {
        byte[] bytes = new byte[16];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
