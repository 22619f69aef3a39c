package io.consultdesk.dashboard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.consultdesk.staff.Role;
import io.consultdesk.support.Leads;
import io.consultdesk.support.StaffClient;
import io.consultdesk.support.TestServer;
import java.net.http.HttpResponse;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The request's page links the visitor's address and number with mailto: and tel:, encoded: a character of the
 * address that a mail program would read as a header or a body (? & = # %) stays part of the address, also for a row
 * stored before the address rule was tightened.
 */
class LeadLinksTest {
    static TestServer server;
    static StaffClient staff;

    @BeforeAll
    static void start() {
        server = TestServer.start();
        staff = StaffClient.signedIn(server, "links@demo-clinic.example", Role.STAFF, "demo");
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    static String lead(String email) {
        HttpResponse<String> r = server.postJson("/api/v1/clinics/demo/leads",
                Leads.validJson().replace("jordan@example.com", email));
        assertEquals(201, r.statusCode(), r.body());
        Matcher id = Pattern.compile("\"id\"\\s*:\\s*\"([^\"]+)\"").matcher(r.body());
        assertTrue(id.find());
        return id.group(1);
    }

    @Test
    void theAddressIsPercentEncodedInItsMailtoLink() {
        String id = lead("o'hara%tag+x@example.com");
        String html = staff.get("/staff/leads/" + id).body();
        assertTrue(html.contains("href=\"mailto:o%27hara%25tag+x@example.com\""), html);
        assertTrue(html.contains("href=\"tel:+13105550199\""), html);
    }

    @Test
    void anAddressStoredUnderOlderRulesCannotAddRecipientsOrABody() {
        String id = lead("plain@example.com");
        String older = server.app().database().sealer().seal("a?cc=x%40evil.example&body=y@example.com",
                io.consultdesk.db.SealContexts.lead(id, "email")); // stored sealed, as every address is
        server.jdbi().useHandle(h -> h.createUpdate("UPDATE lead SET email = :e WHERE id = :id")
                .bind("e", older).bind("id", id).execute());
        String html = staff.get("/staff/leads/" + id).body();
        Matcher href = Pattern.compile("href=\"(mailto:[^\"]*)\"").matcher(html);
        assertTrue(href.find(), html);
        assertEquals("mailto:a%3Fcc%3Dx%2540evil.example%26body%3Dy@example.com", href.group(1));
        assertFalse(href.group(1).contains("?") || href.group(1).contains("&"));
    }
}
