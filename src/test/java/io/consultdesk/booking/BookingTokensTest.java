package io.consultdesk.booking;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.consultdesk.db.RandomIds;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.NullSource;

/** The visitor's manage link token: HMAC of the booking id and its sequence under a server key, checked by recomputing. */
class BookingTokensTest {
    static final byte[] KEY = key(1);
    static final byte[] OTHER_KEY = key(2);
    static final BookingTokens TOKENS = new BookingTokens(KEY);
    static final String BOOKING = "Qm9va2luZ0lkMTIzNDU2Nw"; // 22 characters, as RandomIds makes them
    static final String LEAD = "TGVhZElkMTIzNDU2Nzg5MA";

    static byte[] key(int seed) {
        byte[] k = new byte[32];
        Arrays.fill(k, (byte) seed);
        return k;
    }

    static String mac(String token) {
        return token.substring(token.indexOf('.') + 1);
    }

    @Test
    void aTokenMatchesItsBookingAndSequence() {
        for (int sequence : new int[] {0, 1, 2, 17, Integer.MAX_VALUE}) {
            String token = TOKENS.issue(BOOKING, sequence);
            assertTrue(TOKENS.matches(token, BOOKING, sequence), "sequence " + sequence);
            assertEquals(Optional.of(BOOKING), BookingTokens.bookingId(token));
            assertEquals(token, TOKENS.issue(BOOKING, sequence), "the same token every time: nothing stored");
            assertEquals(token, new BookingTokens(key(1)).issue(BOOKING, sequence), "another instance with the same key agrees");
            assertTrue(token.startsWith(BOOKING + "."));
            assertEquals(24, mac(token).length(), "144 bits of MAC");
            assertTrue(token.matches("[A-Za-z0-9_.-]+"), "URL-safe as it is: " + token);
        }
        String real = RandomIds.next();
        assertTrue(TOKENS.matches(TOKENS.issue(real, 0), real, 0), "a real random id");
    }

    @Test
    void anotherSequenceBookingOrKeyDoesNotMatch() {
        String token = TOKENS.issue(BOOKING, 3);
        for (int other : new int[] {0, 1, 2, 4, 13, 30, -3}) {
            assertFalse(TOKENS.matches(token, BOOKING, other), "sequence " + other);
        }
        String otherBooking = "Qm9va2luZ0lkMTIzNDU2Nx";
        assertFalse(TOKENS.matches(token, otherBooking, 3), "another booking");
        assertFalse(TOKENS.matches(TOKENS.issue(otherBooking, 3), BOOKING, 3), "another booking's token");
        assertFalse(TOKENS.matches(token.replace(BOOKING, otherBooking), otherBooking, 3), "the MAC moved to another booking");
        assertFalse(new BookingTokens(OTHER_KEY).matches(token, BOOKING, 3), "another server's key");
        assertFalse(TOKENS.matches(new BookingTokens(OTHER_KEY).issue(BOOKING, 3), BOOKING, 3), "made under another key");
        assertNotEquals(token, new BookingTokens(OTHER_KEY).issue(BOOKING, 3));
    }

    @Test
    void everySequenceAndBookingHasItsOwnToken() {
        Set<String> macs = new HashSet<>();
        List<String> bookings = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            bookings.add(RandomIds.next());
        }
        for (String b : bookings) {
            for (int s = 0; s < 20; s++) {
                assertTrue(macs.add(mac(TOKENS.issue(b, s))));
            }
        }
        assertEquals(1000, macs.size());
    }

    @Test
    void changingAnyCharacterOfTheMacOrTheIdBreaksTheToken() {
        String token = TOKENS.issue(BOOKING, 0);
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
        for (int i = 0; i < token.length(); i++) {
            if (token.charAt(i) == '.') {
                continue;
            }
            for (char c : new char[] {alphabet.charAt((alphabet.indexOf(token.charAt(i)) + 1) % 64),
                    alphabet.charAt((alphabet.indexOf(token.charAt(i)) + 32) % 64)}) {
                String tampered = token.substring(0, i) + c + token.substring(i + 1);
                String id = BookingTokens.bookingId(tampered).orElseThrow();
                assertFalse(TOKENS.matches(tampered, BOOKING, 0), "position " + i + ": " + tampered);
                assertFalse(TOKENS.matches(tampered, id, 0), "position " + i + " as its own booking: " + tampered);
            }
        }
    }

    @Test
    void aTruncatedOrExtendedTokenDoesNotMatch() {
        String token = TOKENS.issue(BOOKING, 0);
        for (String broken : List.of(token.substring(0, token.length() - 1), token.substring(0, token.length() - 4),
                token + "A", token + "AAAA", token.substring(0, token.indexOf('.') + 1), BOOKING, BOOKING + ".",
                token.substring(1), token.toUpperCase(), token.toLowerCase(), token.replace('.', '~'), token + "=",
                token.replace(".", "..") , " " + token, token + "\n", token + "%00")) {
            assertFalse(TOKENS.matches(broken, BOOKING, 0), broken);
        }
    }

    @ParameterizedTest
    @NullSource
    @MethodSource("malformed")
    void bookingIdRejectsMalformedTokens(String token) {
        assertEquals(Optional.empty(), BookingTokens.bookingId(token), String.valueOf(token));
        assertFalse(TOKENS.matches(token, BOOKING, 0));
    }

    static Stream<String> malformed() {
        String mac = "A".repeat(24);
        return Stream.of("", " ", ".", "." + mac, "abc", BOOKING, BOOKING + mac,
                "A".repeat(15) + "." + mac,           // id too short
                "A".repeat(41) + "." + mac,           // id too long
                BOOKING + "." + "A".repeat(23),       // MAC too short
                BOOKING + "." + "A".repeat(25),       // MAC too long
                BOOKING + "." + "A".repeat(22) + "==",
                BOOKING + "." + "A".repeat(23) + "+",
                BOOKING + "." + "A".repeat(23) + "/",
                BOOKING.replace('Q', '+') + "." + mac,
                BOOKING.replace('Q', '/') + "." + mac,
                BOOKING.replace('Q', 'é') + "." + mac,
                BOOKING + ".." + mac,
                BOOKING + "." + mac + "." + mac,
                BOOKING + " ." + mac,
                BOOKING + "." + mac + " ",
                BOOKING + "." + mac + "\n",
                "../" + BOOKING + "." + mac,
                BOOKING + "%2E" + mac,
                "A".repeat(200),
                "A".repeat(40) + "." + mac + "A".repeat(60));
    }

    @Test
    void theLongestAndShortestWellFormedIdsAreAccepted() {
        for (String id : List.of("A".repeat(16), "A".repeat(40), "a-b_c".repeat(4))) {
            String token = TOKENS.issue(id, 0);
            assertEquals(Optional.of(id), BookingTokens.bookingId(token));
            assertTrue(TOKENS.matches(token, id, 0));
        }
    }

    /** What someone who knows the lead id (but not the server's key) could try. */
    static List<String> madeFromTheLeadId() throws Exception {
        List<String> guesses = new ArrayList<>();
        Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
        byte[] sha = MessageDigest.getInstance("SHA-256").digest(LEAD.getBytes(StandardCharsets.UTF_8));
        for (String id : List.of(LEAD, BOOKING)) {
            guesses.add(id + "." + b64.encodeToString(Arrays.copyOf(sha, 18)));
            guesses.add(id + "." + b64.encodeToString(Arrays.copyOf(LEAD.getBytes(StandardCharsets.UTF_8), 18)));
            guesses.add(id + "." + LEAD.substring(0, 22) + "AA");
            guesses.add(id + "." + "A".repeat(24));
            for (int s = 0; s < 3; s++) {
                // the same construction with the lead id as the key, or an empty key
                for (byte[] k : List.of(LEAD.getBytes(StandardCharsets.UTF_8), new byte[32])) {
                    Mac mac = Mac.getInstance("HmacSHA256");
                    mac.init(new SecretKeySpec(k, "HmacSHA256"));
                    byte[] full = mac.doFinal(("booking-manage:" + id + ":" + s).getBytes(StandardCharsets.UTF_8));
                    guesses.add(id + "." + b64.encodeToString(Arrays.copyOf(full, 18)));
                }
                guesses.add(new BookingTokens(LEAD.getBytes(StandardCharsets.UTF_8)).issue(id, s));
                guesses.add(new BookingTokens(OTHER_KEY).issue(id, s));
            }
        }
        guesses.add(TOKENS.issue(LEAD, 0)); // a real token, but for the lead's id, not the booking's
        return guesses;
    }

    @Test
    void aTokenCannotBeMadeFromTheLeadId() throws Exception {
        List<String> guesses = madeFromTheLeadId();
        assertTrue(guesses.size() > 30);
        for (String guess : guesses) {
            for (int s = 0; s < 3; s++) {
                assertFalse(TOKENS.matches(guess, BOOKING, s), guess + " at sequence " + s);
            }
        }
        for (int s = 0; s < 3; s++) {
            String real = TOKENS.issue(BOOKING, s);
            assertFalse(real.contains(LEAD), "the token does not carry the lead id");
            assertFalse(guesses.contains(real));
        }
    }

    @Test
    void theKeyIsCopiedAtConstruction() {
        byte[] k = key(7);
        BookingTokens tokens = new BookingTokens(k);
        String before = tokens.issue(BOOKING, 0);
        Arrays.fill(k, (byte) 0);
        assertEquals(before, tokens.issue(BOOKING, 0), "changing the caller's array afterwards changes nothing");
    }
}
