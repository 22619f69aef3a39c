package io.consultdesk.staff;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.consultdesk.support.MutableClock;
import io.consultdesk.support.StaffClient;
import io.consultdesk.support.TestServer;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Guessing across accounts (finding 9 of issue 13): the pause per account and address alone let one address try
 * a few passwords on every account, and many addresses try many on one. Now there is a limit per address across
 * accounts and one per account across addresses, kept in the database; the refusal is the sign-in page with a
 * 429 and Retry-After, the same whether the account exists or not.
 */
class SignInLimitsTest {
    final MutableClock clock = new MutableClock(Instant.parse("2026-11-23T09:00:00Z"));

    TestServer start() {
        return TestServer.start(TestServer.Builder.defaults().clock(clock).trustProxy(true));
    }

    static HttpResponse<String> signInFrom(String ip, String email, String password, TestServer server) {
        return new StaffClient(server).postSignIn(Map.of("email", email, "password", password), "X-Forwarded-For", ip);
    }

    @Test
    void oneAddressTryingManyAccountsIsPausedWhateverTheAccount() {
        try (TestServer server = start()) {
            String password = StaffClient.addUser(server, "dana@clinic.example", Role.STAFF, "demo");
            String ip = "203.0.113.9";
            for (int i = 0; i < StaffService.FREE_PER_ADDRESS - 1; i++) {
                // A different account each time (most do not exist): never the pause per account and address.
                assertEquals(401, signInFrom(ip, "person" + i + "@clinic.example", "Winter2026!", server).statusCode(), "try " + i);
            }
            HttpResponse<String> last = signInFrom(ip, "person-last@clinic.example", "Winter2026!", server);
            assertEquals(429, last.statusCode(), "the 20th failure from one address starts the pause");

            // Now even a right password from that address waits, and so does a guess at an unknown account:
            // both get the same calm page, status and wait.
            HttpResponse<String> known = signInFrom(ip, "dana@clinic.example", password, server);
            HttpResponse<String> unknown = signInFrom(ip, "nobody@clinic.example", "Winter2026!", server);
            assertEquals(429, known.statusCode());
            assertEquals(429, unknown.statusCode());
            assertEquals(known.headers().firstValue("Retry-After"), unknown.headers().firstValue("Retry-After"));
            assertEquals("30", known.headers().firstValue("Retry-After").orElse(null));
            assertTrue(known.body().contains("Too many failed sign-in attempts") && known.body().contains("try again in 30 seconds"),
                    known.body());
            assertEquals(withoutEmail(known.body(), "dana@clinic.example"), withoutEmail(unknown.body(), "nobody@clinic.example"));
            assertTrue(known.body().contains("<form method=\"post\" action=\"/staff/sign-in\""), "the sign-in page, to try again later");

            // Another address is not paused by this one's guesses.
            assertEquals(303, signInFrom("198.51.100.7", "dana@clinic.example", password, server).statusCode());

            // The count per address is forgotten an hour after its last failure.
            clock.advance(Duration.ofMinutes(61));
            assertEquals(303, signInFrom(ip, "dana@clinic.example", password, server).statusCode());
        }
    }

    @Test
    void oneAccountGuessedFromManyAddressesIsPausedAndAnUnknownOneTheSame() {
        try (TestServer server = start()) {
            String password = StaffClient.addUser(server, "lee@clinic.example", Role.STAFF, "demo");
            for (String email : new String[] {"lee@clinic.example", "ghost@clinic.example"}) {
                for (int i = 0; i < StaffService.FREE_PER_ACCOUNT - 1; i++) {
                    assertEquals(401, signInFrom("203.0.113." + (i + 1), email, "guess " + i, server).statusCode());
                }
                assertEquals(429, signInFrom("203.0.113.200", email, "guess 10", server).statusCode(), email);
                HttpResponse<String> fresh = signInFrom("192.0.2.55", email, email.startsWith("lee") ? password : "x", server);
                assertEquals(429, fresh.statusCode(), "an eleventh address waits too: " + email);
                assertEquals("30", fresh.headers().firstValue("Retry-After").orElse(null), email);
            }
            // After the wait, the right password gets in, and clears the account's count.
            clock.advance(Duration.ofSeconds(31));
            assertEquals(303, signInFrom("192.0.2.56", "lee@clinic.example", password, server).statusCode());
            assertEquals(401, signInFrom("192.0.2.57", "lee@clinic.example", "wrong again", server).statusCode());
        }
    }

    @Test
    void theCountsAreInTheDatabaseSoAnotherInstanceSeesThem() {
        try (TestServer server = start()) {
            for (int i = 0; i < StaffService.FREE_PER_ACCOUNT; i++) {
                signInFrom("203.0.113." + (i + 1), "kim@clinic.example", "guess " + i, server);
            }
            TestServer second = server.restart(TestServer.Builder.defaults().clock(clock).trustProxy(true));
            try {
                assertEquals(429, signInFrom("192.0.2.1", "kim@clinic.example", "guess", second).statusCode());
            } finally {
                second.close();
            }
        }
    }

    /** Right passwords leave no pause behind, even when the clock is set back (found by InstallForgeryTest). */
    @Test
    void rightPasswordsLeaveNoPauseEvenWhenTheClockIsSetBack() {
        try (TestServer server = start()) {
            String password = StaffClient.addUser(server, "sol@clinic.example", Role.STAFF, "demo");
            assertEquals(303, signInFrom("203.0.113.5", "sol@clinic.example", password, server).statusCode());
            clock.advance(Duration.ofDays(-1));
            assertEquals(303, signInFrom("203.0.113.5", "sol@clinic.example", password, server).statusCode());
            clock.advance(Duration.ofDays(1));
        }
    }

    private static String withoutEmail(String body, String email) {
        return body.replace(email, "EMAIL").replaceAll("name=\"_csrf\" value=\"[^\"]*\"", "");
    }
}
