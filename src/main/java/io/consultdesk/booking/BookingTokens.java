package io.consultdesk.booking;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Base64;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The link in the visitor's email that lets them cancel or reschedule without an account:
 * {@code <booking id>.<HMAC of the id and the booking's sequence>}, under a server secret. Nothing is
 * stored: the token is checked by computing it again. It cannot be made from a lead or booking id
 * without the secret; it stops working when the booking changes (each change raises the sequence, and
 * the email about the change carries a new link), when it is cancelled, and after the slot.
 */
public final class BookingTokens {
    private static final int MAC_BYTES = 18;
    private final byte[] key;

    public BookingTokens(byte[] key) {
        this.key = key.clone();
    }

    public String issue(String bookingId, int sequence) {
        return bookingId + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(mac(bookingId, sequence));
    }

    /** The booking a well-formed token names (not yet checked against its sequence). */
    public static Optional<String> bookingId(String token) {
        if (token == null || token.length() > 100 || !token.matches("^[A-Za-z0-9_-]{16,40}\\.[A-Za-z0-9_-]{24}$")) {
            return Optional.empty();
        }
        return Optional.of(token.substring(0, token.indexOf('.')));
    }

    /** Whether the token was issued for this booking at this sequence. */
    public boolean matches(String token, String bookingId, int sequence) {
        if (bookingId(token).filter(bookingId::equals).isEmpty()) {
            return false;
        }
        byte[] given;
        try {
            given = Base64.getUrlDecoder().decode(token.substring(token.indexOf('.') + 1));
        } catch (IllegalArgumentException e) {
            return false;
        }
        return MessageDigest.isEqual(given, mac(bookingId, sequence));
    }

    private byte[] mac(String bookingId, int sequence) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            byte[] full = mac.doFinal(("booking-manage:" + bookingId + ":" + sequence).getBytes(StandardCharsets.UTF_8));
            return Arrays.copyOf(full, MAC_BYTES);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
