package io.consultdesk.staff;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.consultdesk.support.MutableClock;
import io.consultdesk.support.StaffClient;
import io.consultdesk.support.TestServer;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.Test;

/** Sign-in under pressure: parallel guesses, the advertised wait, odd passwords and crafted destinations. */
class SignInHardeningTest {
    final MutableClock clock = new MutableClock(Instant.parse("2026-11-23T09:00:00Z"));

    /** Parallel attempts are counted before their passwords are checked, so they cannot all pass the pause. */
    @Test
    void parallelGuessesAreThrottledLikeSequentialOnes() throws Exception {
        try (TestServer server = TestServer.start(TestServer.Builder.defaults().clock(clock))) {
            String password = StaffClient.addUser(server, "victim@clinic.example", Role.STAFF, "demo");
            ExecutorService pool = Executors.newFixedThreadPool(20);
            CountDownLatch go = new CountDownLatch(1);
            List<CompletableFuture<Integer>> attempts = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                String guess = i == 19 ? password : "wrong guess " + i;
                attempts.add(CompletableFuture.supplyAsync(() -> {
                    try { go.await(); } catch (InterruptedException e) { throw new IllegalStateException(e); }
                    return new StaffClient(server).signIn("victim@clinic.example", guess).statusCode();
                }, pool));
            }
            go.countDown();
            List<Integer> codes = attempts.stream().map(CompletableFuture::join).toList();
            pool.shutdown();
            long checked = server.jdbi().withHandle(h -> h.createQuery("SELECT count(*) FROM audit_log"
                    + " WHERE action IN ('staff.signInFailed', 'staff.signedIn')").mapTo(Long.class).one());
            assertTrue(checked <= StaffService.FREE_ATTEMPTS, "passwords actually checked: " + checked + " " + codes);
        }
    }

    /** Retry-After is rounded up: a client that waits exactly that long gets in. */
    @Test
    void waitingTheAdvertisedRetryAfterIsEnough() {
        try (TestServer server = TestServer.start(TestServer.Builder.defaults().clock(clock))) {
            String password = StaffClient.addUser(server, "r@clinic.example", Role.STAFF, "demo");
            StaffClient client = new StaffClient(server);
            for (int i = 0; i < 5; i++) {
                client.signIn("r@clinic.example", "wrong " + i);
            }
            clock.advance(Duration.ofMillis(500)); // 29.5 s left
            HttpResponse<String> blocked = client.signIn("r@clinic.example", password);
            assertEquals(429, blocked.statusCode());
            long retryAfter = Long.parseLong(blocked.headers().firstValue("Retry-After").orElseThrow());
            assertEquals(30, retryAfter, "rounded up");
            clock.advance(Duration.ofSeconds(retryAfter));
            assertEquals(303, client.signIn("r@clinic.example", password).statusCode());
        }
    }

    /** "Too few distinct characters" counts characters, not UTF-16 units. */
    @Test
    void threeDistinctEmojiAreTooFewLikeThreeDistinctLetters() {
        assertEquals(Optional.of("staff.password.common"), Passwords.problem("abcabcabcabc", "x@clinic.example"));
        assertEquals(Optional.of("staff.password.common"), Passwords.problem("🔒🔑🔐".repeat(4), "x@clinic.example"));
    }

    /** A destination with dot segments that leave /staff/ once the browser resolves them is refused. */
    @Test
    void nextWithDotSegmentsLeavingTheDashboardIsRefused() {
        assertFalse(StaffAuth.safeNext("/staff/../demo"));
        assertFalse(StaffAuth.safeNext("/staff/./../embed/demo"));
    }
}
