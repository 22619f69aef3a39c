package io.consultdesk.lead;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.consultdesk.support.Leads;
import io.consultdesk.support.MutableClock;
import io.consultdesk.support.TestServer;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The per-IP limit on every submission path, with a clock moved by hand. */
class RateLimitTest {
    static final String PATH = "/api/v1/clinics/demo/leads";

    @Test
    void theApiAnswers429WithRetryAfterAndCountsOnlyStoredLeads() {
        MutableClock clock = new MutableClock(Instant.parse("2026-11-23T10:40:00Z"));
        try (TestServer server = TestServer.start(TestServer.Builder.defaults().rateLimitPerHour(3).clock(clock))) {
            // Invalid attempts do not use up the allowance: a person fixing typos is never locked out.
            for (int i = 0; i < 5; i++) {
                assertEquals(422, server.postJson(PATH, "{\"name\": \"x\"}").statusCode());
            }
            for (int i = 0; i < 3; i++) {
                assertEquals(201, server.postJson(PATH, Leads.validJson()).statusCode());
            }
            HttpResponse<String> limited = server.postJson(PATH, Leads.validJson());
            assertEquals(429, limited.statusCode());
            assertEquals("1200", limited.headers().firstValue("Retry-After").orElse(null)); // 20 minutes to 11:00
            assertTrue(limited.body().contains("retry after 1200 seconds"), limited.body());
            assertEquals(3, server.leadCount());

            clock.advance(Duration.ofMinutes(20));
            assertEquals(201, server.postJson(PATH, Leads.validJson()).statusCode());
        }
    }

    @Test
    void forwardedForIsIgnoredUnlessTheProxyIsTrusted() {
        try (TestServer server = TestServer.start(TestServer.Builder.defaults().rateLimitPerHour(1))) {
            assertEquals(201, server.postJson(PATH, Leads.validJson(), "X-Forwarded-For", "203.0.113.1").statusCode());
            // A client cannot dodge the limit by inventing a new address.
            assertEquals(429, server.postJson(PATH, Leads.validJson(), "X-Forwarded-For", "203.0.113.2").statusCode());
        }
        try (TestServer server = TestServer.start(TestServer.Builder.defaults().rateLimitPerHour(1).trustProxy(true))) {
            assertEquals(201, server.postJson(PATH, Leads.validJson(), "X-Forwarded-For", "198.51.100.7, 203.0.113.1").statusCode());
            assertEquals(201, server.postJson(PATH, Leads.validJson(), "X-Forwarded-For", "198.51.100.7, 203.0.113.2").statusCode());
            assertEquals(429, server.postJson(PATH, Leads.validJson(), "X-Forwarded-For", "10.9.9.9, 203.0.113.2").statusCode());
            String ip = server.jdbi().withHandle(h -> h.createQuery(
                    "SELECT client_ip FROM lead_consent ORDER BY given_at LIMIT 1").mapTo(String.class).one());
            assertEquals("203.0.113.1", ip);
        }
    }
}
