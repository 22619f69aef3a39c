package io.consultdesk.staff;

import io.consultdesk.clinic.Clinic;
import io.consultdesk.clinic.ClinicService;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.consultdesk.support.StaffClient;
import io.consultdesk.support.TestServer;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code staff add} on the command line, run against the data directory of a running server (as an
 * operator would), with the password on standard input; the accounts are then used over HTTP.
 */
class StaffCliTest {
    static final String PASSWORD = "plum orchard lantern 47";
    TestServer server;

    @BeforeEach
    void startServer() {
        server = TestServer.start(); // creates the demo clinic on its empty database
    }

    @AfterEach
    void stopServer() {
        server.close();
    }

    record Run(int code, String out, String err) {}

    /** {@code Main.run} is package-private in io.consultdesk; this test lives with the staff code it checks. */
    private static final MethodHandle MAIN_RUN;

    static {
        try {
            Class<?> main = Class.forName("io.consultdesk.Main");
            var lookup = MethodHandles.privateLookupIn(main, MethodHandles.lookup());
            MAIN_RUN = lookup.findStatic(main, "run", MethodType.methodType(int.class, String[].class, Map.class,
                    InputStream.class, PrintStream.class, PrintStream.class));
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    Run run(String stdin, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        try {
            int code = (int) MAIN_RUN.invoke(args, Map.of("CONSULTDESK_DATA_DIR", server.dataDir().toString()),
                    new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)),
                    new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
            return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        } catch (Throwable t) {
            throw new AssertionError(t);
        }
    }

    @Test
    void createsAnAdminAndAStaffMemberWhoCanThenSignIn() {
        Run admin = run(PASSWORD + "\n", "staff", "add", "--email", "Owner@Clinic.Example", "--role", "admin");
        assertEquals(0, admin.code(), admin.err());
        assertEquals("Created admin owner@clinic.example (all clinics). Sign in at /staff.\n", admin.out());
        assertEquals("", admin.err());

        Run staff = run("another good passphrase\n", "staff", "add", "--email", "desk@clinic.example", "--role", "staff",
                "--clinic", "demo");
        assertEquals(0, staff.code(), staff.err());
        assertEquals("Created staff desk@clinic.example for demo. Sign in at /staff.\n", staff.out());

        assertEquals(List.of("desk@clinic.example|staff", "owner@clinic.example|admin"), users());
        assertEquals(List.of("desk@clinic.example|demo"), clinicRows());
        // The password is stored only as a bcrypt hash.
        String hash = server.jdbi().withHandle(h -> h.createQuery(
                "SELECT password_hash FROM staff_user WHERE email = 'owner@clinic.example'").mapTo(String.class).one());
        assertTrue(hash.startsWith("$2b$12$"), hash);

        StaffClient desk = new StaffClient(server);
        HttpResponse<String> signedIn = desk.signIn("desk@clinic.example", "another good passphrase");
        assertEquals(303, signedIn.statusCode(), signedIn.body());
        HttpResponse<String> inbox = desk.get("/staff/leads");
        assertEquals(200, inbox.statusCode());
        assertTrue(inbox.body().contains("desk@clinic.example"), "the page names who is signed in");
    }

    @Test
    void aShortOrCommonPasswordIsRefusedAndNoAccountIsMade() {
        Run tooShort = run("short pass\n", "staff", "add", "--email", "new@clinic.example", "--role", "admin");
        assertEquals(65, tooShort.code());
        assertEquals("The password must be at least 12 characters long.\n", tooShort.err());
        assertEquals("", tooShort.out());

        Run common = run("Password1234!\n", "staff", "add", "--email", "new@clinic.example", "--role", "admin");
        assertEquals(65, common.code());
        assertTrue(common.err().contains("That password is on lists of common passwords"), common.err());

        Run emailInIt = run("newcomer of the clinic\n", "staff", "add", "--email", "newcomer@clinic.example", "--role", "admin");
        assertEquals(65, emailInIt.code());
        assertTrue(emailInIt.err().contains("built on your email address"), emailInIt.err());

        Run none = run("", "staff", "add", "--email", "new@clinic.example", "--role", "admin");
        assertEquals(65, none.code());
        assertTrue(none.err().contains("No password given on standard input."), none.err());

        assertEquals(List.of(), users());
    }

    @Test
    void unknownClinicsAndStaffWithoutAClinicAreRefused() {
        Run unknown = run(PASSWORD + "\n", "staff", "add", "--email", "desk@clinic.example", "--role", "staff",
                "--clinic", "demo", "--clinic", "ghost-clinic");
        assertEquals(65, unknown.code());
        assertEquals("One of the clinics given with --clinic does not exist.\n", unknown.err());

        Run noClinic = run(PASSWORD + "\n", "staff", "add", "--email", "desk@clinic.example", "--role", "staff");
        assertEquals(65, noClinic.code());
        assertEquals("An owner, staff or marketing account needs at least one --clinic.\n", noClinic.err());

        Run badEmail = run(PASSWORD + "\n", "staff", "add", "--email", "not-an-email", "--role", "admin");
        assertEquals(65, badEmail.code());
        assertEquals("That is not a valid email address.\n", badEmail.err());

        assertEquals(List.of(), users());
        assertEquals(List.of(), clinicRows());
    }

    @Test
    void missingOrUnknownOptionsPrintUsage() {
        for (String[] args : List.of(
                new String[] {"staff", "add", "--role", "admin"},
                new String[] {"staff", "add", "--email", "x@clinic.example"},
                new String[] {"staff", "add", "--email", "x@clinic.example", "--role", "boss"},
                new String[] {"staff", "add", "--role", "admin", "--email"},
                new String[] {"staff", "add", "--email", "x@clinic.example", "--role", "admin", "--team", "a"})) {
            Run r = run(PASSWORD + "\n", args);
            assertEquals(64, r.code(), String.join(" ", args));
            assertTrue(r.err().contains("Usage:") && r.err().contains("staff add --email E --role admin|owner|staff|marketing"), r.err());
            assertEquals("", r.out());
        }
        assertEquals(List.of(), users());
    }

    @Test
    void reRunningUpdatesRoleAndPasswordAndSignsThePersonOutEverywhere() {
        assertEquals(0, run("first passphrase here\n", "staff", "add", "--email", "sam@clinic.example", "--role", "staff",
                "--clinic", "demo").code());
        StaffClient laptop = new StaffClient(server);
        StaffClient tablet = new StaffClient(server);
        assertEquals(303, laptop.signIn("sam@clinic.example", "first passphrase here").statusCode());
        assertEquals(303, tablet.signIn("sam@clinic.example", "first passphrase here").statusCode());
        assertEquals(200, laptop.get("/staff/leads").statusCode());
        assertEquals(2, sessionsOf("sam@clinic.example"));

        Run updated = run("second passphrase now\n", "staff", "add", "--email", "SAM@clinic.example", "--role", "admin");
        assertEquals(0, updated.code(), updated.err());
        assertEquals("Updated admin sam@clinic.example (all clinics). Sign in at /staff.\n", updated.out());

        assertEquals(List.of("sam@clinic.example|admin"), users(), "the same account, not a second one");
        assertEquals(List.of(), clinicRows(), "admins have no clinic rows");
        assertEquals(0, sessionsOf("sam@clinic.example"));
        assertEquals(303, laptop.get("/staff/leads").statusCode());
        assertEquals(303, tablet.get("/staff/leads").statusCode());

        assertEquals(401, new StaffClient(server).signIn("sam@clinic.example", "first passphrase here").statusCode());
        assertEquals(303, new StaffClient(server).signIn("sam@clinic.example", "second passphrase now").statusCode());
        assertTrue(server.jdbi().withHandle(h -> h.createQuery(
                "SELECT count(*) FROM audit_log WHERE action = 'staff.updated' AND detail LIKE 'sam@clinic.example%'")
                .mapTo(Integer.class).one()) == 1);
    }

    @Test
    void reRunningForAnExistingPersonLeavesTheirOtherTeamsAndRecordsWhatItChanged() {
        Clinic d = ClinicService.demoClinic();
        server.app().clinics().save(new Clinic("north", "North Shore TMS", d.phone(), d.hours(), d.brandColor(), d.offer(),
                d.locale(), d.privacyNoticeUrl(), d.locations(), d.allowedOrigins(),
                new Clinic.Recipients(List.of("intake@north.example"), List.of(), List.of()), d.questions()));
        assertEquals(0, run(PASSWORD + "\n", "staff", "add", "--email", "kim@clinic.example", "--role", "staff",
                "--clinic", "demo").code());
        assertEquals(0, run(PASSWORD + "\n", "staff", "add", "--email", "lee@clinic.example", "--role", "owner",
                "--clinic", "north").code());
        // A clinic's owner took kim off demo's team on the team page.
        server.jdbi().useHandle(h -> h.execute("UPDATE staff_clinic SET disabled_at = 1 WHERE clinic_slug = 'demo'"
                + " AND user_id = (SELECT id FROM staff_user WHERE email = 'kim@clinic.example')"));

        // The operator resets kim's password and puts kim on north's team: demo stays as its owners left it.
        Run north = run("a new passphrase for kim\n", "staff", "add", "--email", "kim@clinic.example", "--role", "marketing",
                "--clinic", "north");
        assertEquals(0, north.code(), north.err());
        assertEquals("Updated marketing kim@clinic.example for north. Sign in at /staff.\n", north.out());
        assertEquals(List.of("kim@clinic.example|demo|staff|disabled", "kim@clinic.example|north|marketing|active",
                "lee@clinic.example|north|owner|active"), memberships());
        assertEquals(1, audited("team.joined", "north", "kim@clinic.example · marketing"));

        // Naming demo again is the operator's explicit choice: enabled there, and recorded as the team page would.
        Run demo = run("a new passphrase for kim\n", "staff", "add", "--email", "kim@clinic.example", "--role", "staff",
                "--clinic", "demo");
        assertEquals(0, demo.code(), demo.err());
        assertEquals("Updated staff kim@clinic.example for demo (still marketing of north). Sign in at /staff.\n", demo.out());
        assertEquals(1, audited("team.memberEnabled", "demo", "kim@clinic.example · staff"));

        // The last owner of a clinic is not demoted from the command line either.
        Run demote = run(PASSWORD + "\n", "staff", "add", "--email", "lee@clinic.example", "--role", "staff", "--clinic", "north");
        assertEquals(65, demote.code());
        assertEquals("lee@clinic.example is the last owner of north: make someone else an owner there first (its team page,"
                + " or staff add --role owner).\n", demote.err());
        Run toAdmin = run(PASSWORD + "\n", "staff", "add", "--email", "lee@clinic.example", "--role", "admin");
        assertEquals(65, toAdmin.code(), "becoming an admin would take the last owner off north's team");
        assertTrue(memberships().contains("lee@clinic.example|north|owner|active"));
    }

    List<String> memberships() {
        return server.jdbi().withHandle(h -> h.createQuery("SELECT u.email || '|' || c.clinic_slug || '|' || c.role || '|'"
                        + " || CASE WHEN c.disabled_at IS NULL THEN 'active' ELSE 'disabled' END FROM staff_clinic c"
                        + " JOIN staff_user u ON u.id = c.user_id ORDER BY u.email, c.clinic_slug")
                .mapTo(String.class).list());
    }

    long audited(String action, String clinic, String detail) {
        return server.jdbi().withHandle(h -> h.createQuery("SELECT count(*) FROM audit_log WHERE action = :a AND clinic_slug = :c"
                + " AND detail = :d AND actor_email = '(command line)'").bind("a", action).bind("c", clinic).bind("d", detail)
                .mapTo(Long.class).one());
    }

    List<String> users() {
        return server.jdbi().withHandle(h -> h.createQuery("SELECT email || '|' || role FROM staff_user ORDER BY email")
                .mapTo(String.class).list());
    }

    List<String> clinicRows() {
        return server.jdbi().withHandle(h -> h.createQuery(
                        "SELECT u.email || '|' || c.clinic_slug FROM staff_clinic c JOIN staff_user u ON u.id = c.user_id"
                                + " ORDER BY u.email, c.clinic_slug")
                .mapTo(String.class).list());
    }

    long sessionsOf(String email) {
        return server.jdbi().withHandle(h -> h.createQuery(
                        "SELECT count(*) FROM staff_session s JOIN staff_user u ON u.id = s.user_id WHERE u.email = :e")
                .bind("e", email).mapTo(Long.class).one());
    }
}
