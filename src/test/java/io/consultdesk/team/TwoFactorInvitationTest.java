package io.consultdesk.team;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetupTest;
import io.consultdesk.staff.Role;
import io.consultdesk.support.StaffClient;
import io.consultdesk.support.TestServer;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Joining through an invitation is no way around a clinic's requirement of two-step sign-in (issue 13). */
class TwoFactorInvitationTest {
    @RegisterExtension
    static final GreenMailExtension smtp = new GreenMailExtension(ServerSetupTest.SMTP.dynamicPort());

    @Test
    void someoneJoiningAClinicThatRequiresItSetsItUpBeforeTheirFirstSession() {
        try (TestServer server = TestServer.start(TestServer.Builder.defaults().smtp("127.0.0.1", smtp.getSmtp().getPort()))) {
            StaffClient owner = StaffClient.signedIn(server, "owner@bright-harbor.example", Role.OWNER, "demo");
            owner.get("/staff/clinics/demo/team");
            assertEquals(303, owner.post("/staff/clinics/demo/team/two-factor", Map.of("required", "true")).statusCode());
            Teams.invite(owner, "demo", "new@bright-harbor.example", "staff");
            String link = Teams.awaitLink(smtp, "new@bright-harbor.example", 1);

            StaffClient invitee = Teams.opened(server, link);
            String password = "plum orchard lantern 47";
            HttpResponse<String> joined = invitee.post(link, Map.of("password", password, "confirm", password));
            assertEquals(303, joined.statusCode(), joined.body());
            assertEquals("/staff/sign-in/setup", Teams.location(joined));
            assertEquals(Optional.empty(), invitee.sessionCookie(), "no session before two-step sign-in is set up");
            assertTrue(invitee.get("/staff/sign-in/setup").body().contains("id=\"totp-secret\""));
        }
    }
}
