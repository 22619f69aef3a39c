package io.consultdesk.lead;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.consultdesk.support.Leads;
import io.consultdesk.support.TestServer;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * A database failure half-way through storing a lead (the consent row cannot be written) rolls the
 * whole lead back: never a lead without its consent evidence. The visitor is told and keeps every answer.
 */
class StorageFailureTest {

    @Test
    void aFailureMidTransactionStoresNothingAndSaysSo() {
        try (TestServer server = TestServer.start()) {
            String form = server.get("/embed/demo").body();
            server.jdbi().useHandle(h -> h.execute("ALTER TABLE lead_consent RENAME TO lead_consent_away"));

            HttpResponse<String> api = server.postJson("/api/v1/clinics/demo/leads", Leads.validJson());
            assertEquals(503, api.statusCode(), api.body());
            assertTrue(api.body().contains("nothing was saved"), api.body());
            assertEquals("30", api.headers().firstValue("Retry-After").orElse(null));

            HttpResponse<String> page = server.post("/embed/demo", "application/x-www-form-urlencoded",
                    "interest=tms&location=any&name=" + URLEncoder.encode("Robin Hale", StandardCharsets.UTF_8)
                            + "&email=robin%40example.com&preferredContact=email&state=WA&adult=true&consent=true"
                            + "&started=" + URLEncoder.encode(hidden(form, "started"), StandardCharsets.UTF_8)
                            + "&submissionKey=" + hidden(form, "submissionKey"));
            assertEquals(503, page.statusCode());
            assertTrue(page.body().contains("We could not send your request just now. Your answers are still here"), page.body());
            assertTrue(page.body().contains("value=\"Robin Hale\""));

            assertEquals(0, server.leadCount(), "the lead was rolled back with its consent");

            server.jdbi().useHandle(h -> h.execute("ALTER TABLE lead_consent_away RENAME TO lead_consent"));
            assertEquals(201, server.postJson("/api/v1/clinics/demo/leads", Leads.validJson()).statusCode());
            assertEquals(1, server.leadCount());
        }
    }

    static String hidden(String html, String name) {
        return TestServer.hiddenField(html, name);
    }
}
