package io.consultdesk.db;

import java.security.SecureRandom;
import java.util.Base64;

/**
 * Ids of leads, emails and form submissions: 128 random bits, URL-safe. Nothing (order, time, clinic)
 * can be read from an id, and no id can be guessed from another.
 */
public final class RandomIds {
    private static final SecureRandom RANDOM = new SecureRandom();

    private RandomIds() {}

    public static String next() {
        byte[] bytes = new byte[16];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
