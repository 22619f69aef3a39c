package io.consultdesk.booking;

import io.consultdesk.db.Sealer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Optional;

/**
 * The booking capability a visitor (or the site that sent the request through the API) receives with a stored
 * request: what lets it book a consultation or ask for a call back for that request, instead of the request's id.
 *
 * <p>A token is the request's id and its expiry (2 hours), encrypted and authenticated (AES-256-GCM) under a server
 * secret of its own and bound to the clinic: it cannot be made or altered without the secret, nor read (the id is
 * not in it in clear), nor used at another clinic. Each token is different (a random nonce). Nothing is stored
 * when one is given; a token that booked is recorded on its booking ({@link #hash}), which spends it. Whether the
 * request is still open is checked where it is used ({@link BookingService}).
 */
public final class BookingCapabilities {
    public static final Duration LIFETIME = Duration.ofHours(2);
    private static final String PREFIX = "s1:";
    private final Sealer sealer;
    private final Clock clock;

    public BookingCapabilities(byte[] key, Clock clock) {
        this.sealer = new Sealer(key);
        this.clock = clock;
    }

    /** What a working token names. */
    public record Capability(String leadId, Instant expiresAt, String hash) {}

    public String issue(String clinicSlug, String leadId) {
        long expires = clock.instant().plus(LIFETIME).getEpochSecond();
        String sealed = sealer.seal(leadId + " " + expires, context(clinicSlug));
        return sealed.substring(sealed.indexOf(':', PREFIX.length()) + 1);
    }

    /** The request a token of this clinic names, while it has not expired; empty for anything else. */
    public Optional<Capability> open(String clinicSlug, String token) {
        if (token == null || !token.matches("^[A-Za-z0-9_-]{40,200}$")) {
            return Optional.empty();
        }
        String plain;
        try {
            plain = sealer.open(PREFIX + sealer.keyId() + ":" + token, context(clinicSlug));
        } catch (Sealer.Unreadable e) {
            return Optional.empty();
        }
        int space = plain.indexOf(' ');
        if (space <= 0) {
            return Optional.empty();
        }
        Instant expires;
        try {
            expires = Instant.ofEpochSecond(Long.parseLong(plain.substring(space + 1)));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
        if (!clock.instant().isBefore(expires)) {
            return Optional.empty();
        }
        return Optional.of(new Capability(plain.substring(0, space), expires, hash(token)));
    }

    /** What a booking keeps of the token that made it: its SHA-256, never the token. */
    static String hash(String token) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.US_ASCII)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String context(String clinicSlug) {
        return "booking-capability:" + clinicSlug;
    }
}
