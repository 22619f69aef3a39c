package io.consultdesk.team;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The clinic's name is never the strength of a password of its people; the general rules still apply first. */
class TeamPasswordsTest {
    static final List<TeamPasswords.ClinicName> CLINIC = List.of(new TeamPasswords.ClinicName("Bright Harbor Ketamine & TMS", "bright-harbor"));

    static Optional<String> problem(String password) {
        return TeamPasswords.problem(password, "casey@clinic.example", CLINIC);
    }

    @Test
    void theClinicsNameOrSlugAnywhereInItIsRefused() {
        for (String p : List.of("BrightHarborKetamineTMS!", "my bright harbor ketamine & tms", "xx-bright-harbor-2026-xx",
                "Bright Harbor 2026!!", "ketamine harbor bright", "harbor-harbor-harbor-1")) {
            assertEquals(Optional.of("team.password.clinic"), problem(p), p);
        }
    }

    @Test
    void aWordOfTheNameInsideAnOtherwiseStrongPasswordIsFine() {
        for (String p : List.of("quiet river copper 88", "harbor seals sing at dawn", "tms plum orchard lantern")) {
            assertEquals(Optional.empty(), problem(p), p);
        }
    }

    @Test
    void theGeneralRulesComeFirst() {
        assertEquals(Optional.of("staff.password.tooShort"), problem("harbor"));
        assertEquals(Optional.of("staff.password.email"), problem("casey-casey-casey-1"));
        assertEquals(Optional.of("staff.password.common"), problem("password1234"));
    }
}
