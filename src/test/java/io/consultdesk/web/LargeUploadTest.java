package io.consultdesk.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.consultdesk.staff.Role;
import io.consultdesk.support.StaffClient;
import io.consultdesk.support.TestServer;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A post far over the size limit gets its answer every time: the server reads what is left of it before answering 413,
 * because a connection closed on unread data is reset and the sender would see "connection reset" instead of the
 * page that says what was wrong (it happened about once in 30 before).
 */
class LargeUploadTest {
    static final int TRIES = 30;

    @Test
    void aTenMegabytePostIsAnsweredWithItsPageEveryTime() {
        try (TestServer server = TestServer.start()) {
            StaffClient owner = StaffClient.signedIn(server, "owner@clinic.example", Role.OWNER, "demo");
            String big = "x".repeat(10 * 1024 * 1024);
            for (int i = 0; i < TRIES; i++) {
                HttpResponse<String> staff = owner.post("/staff/clinics/demo/settings/profile", Map.of("offer", big));
                assertEquals(413, staff.statusCode(), "try " + i);
                assertTrue(staff.body().contains("Too much to send"));
                HttpResponse<String> visitor = server.send(HttpRequest.newBuilder(URI.create(server.url("/embed/demo")))
                        .header("Content-Type", "application/x-www-form-urlencoded")
                        .POST(HttpRequest.BodyPublishers.ofString("message=" + big)));
                assertEquals(413, visitor.statusCode(), "try " + i);
                assertTrue(visitor.body().contains("Too much to send") && visitor.body().contains("988"));
            }
        }
    }
}
