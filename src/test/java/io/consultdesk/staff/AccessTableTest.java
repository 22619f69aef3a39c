package io.consultdesk.staff;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.consultdesk.App;
import io.consultdesk.clinic.Clinic;
import io.consultdesk.clinic.ClinicService;
import io.consultdesk.support.Leads;
import io.consultdesk.support.StaffClient;
import io.consultdesk.support.TestServer;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Every route of the dashboard, read from App's route table, against every kind of person: whatever a route
 * is, people of another clinic get 404 on a clinic's pages, members whose role does not open a page get 403,
 * marketing never reaches a request, only admins reach the admin pages, nobody reaches anything without a
 * session, and no post passes without the session's CSRF token. A new route is covered the day it is added.
 */
class AccessTableTest {
    static TestServer server;
    static String leadId;
    static StaffClient owner;
    static StaffClient staff;
    static StaffClient marketing;
    static StaffClient otherOwner;
    static StaffClient otherStaff;
    static StaffClient admin;

    @BeforeAll
    static void start() {
        server = TestServer.start();
        Clinic d = ClinicService.demoClinic();
        server.app().clinics().save(new Clinic("other", "Other Clinic", d.phone(), d.hours(), d.brandColor(), d.offer(),
                d.locale(), d.privacyNoticeUrl(), d.locations(), d.allowedOrigins(),
                new Clinic.Recipients(List.of("intake@other.example"), List.of(), List.of()), d.questions()));
        HttpResponse<String> r = server.postJson("/api/v1/clinics/demo/leads", Leads.validJson());
        assertEquals(201, r.statusCode(), r.body());
        Matcher id = Pattern.compile("\"id\"\\s*:\\s*\"([^\"]+)\"").matcher(r.body());
        assertTrue(id.find());
        leadId = id.group(1);
        owner = StaffClient.signedIn(server, "owner@demo.example", Role.OWNER, "demo");
        staff = StaffClient.signedIn(server, "staff@demo.example", Role.STAFF, "demo");
        marketing = StaffClient.signedIn(server, "web@demo.example", Role.MARKETING, "demo");
        otherOwner = StaffClient.signedIn(server, "owner@other.example", Role.OWNER, "other");
        otherStaff = StaffClient.signedIn(server, "staff@other.example", Role.STAFF, "other");
        admin = StaffClient.signedIn(server, "admin@consultdesk.example", Role.ADMIN);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    /** The dashboard's routes with the access each names. */
    static List<App.Route> staffRoutes() {
        List<App.Route> routes = new ArrayList<>();
        for (App.Route r : server.app().routes()) {
            if ((r.method().equals("GET") || r.method().equals("POST")) && r.path().startsWith("/staff")) {
                routes.add(r);
            }
        }
        assertTrue(routes.size() > 15, "the route table was read: " + routes);
        return routes;
    }

    static Access access(App.Route r) {
        return Access.of(r.roles());
    }

    /** A concrete path for a route: the demo clinic, the demo lead, plausible values for other parameters. */
    static String path(App.Route r, String clinic) {
        return r.path().replace("{clinic}", clinic).replace("{id}", leadId).replace("{section}", "profile")
                .replace("{version}", "1").replaceAll("\\{[^}]+}", "x");
    }

    static HttpResponse<String> call(StaffClient client, String method, String path) {
        return method.equals("GET") ? client.get(path) : client.post(path, Map.of());
    }

    @Test
    void everyDashboardRouteNamesItsAccess() {
        for (App.Route r : staffRoutes()) {
            assertEquals(1, r.roles().stream().filter(Access.class::isInstance).count(),
                    r.method() + " " + r.path() + " names exactly one Access in App's route table");
        }
    }

    @Test
    void withoutASessionEveryPageButThePublicOnesLeadsToSignIn() {
        for (App.Route r : staffRoutes()) {
            if (access(r) == Access.PUBLIC) {
                continue;
            }
            HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(server.url(path(r, "demo"))));
            b = r.method().equals("GET") ? b.GET() : b.header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString("a=b"));
            HttpResponse<String> res = server.send(b);
            assertEquals(303, res.statusCode(), r.method() + " " + r.path());
            assertTrue(res.headers().firstValue("Location").orElse("").startsWith("/staff/sign-in"), r.path());
        }
    }

    @Test
    void peopleOfAnotherClinicGet404OnEveryPageOfThisOne() {
        for (App.Route r : staffRoutes()) {
            if (!access(r).clinicScoped()) {
                continue;
            }
            for (StaffClient stranger : List.of(otherOwner, otherStaff)) {
                HttpResponse<String> res = call(stranger, r.method(), path(r, "demo"));
                assertEquals(404, res.statusCode(), r.method() + " " + r.path());
                assertFalse(res.body().contains("Bright Harbor"), "the clinic's name is not shown to strangers: " + r.path());
            }
            assertEquals(404, call(admin, r.method(), path(r, "no-such-clinic")).statusCode(), r.path() + " of no clinic");
        }
    }

    @Test
    void membersWithoutTheRoleGet403AndWithItAreLetIn() {
        for (App.Route r : staffRoutes()) {
            Access a = access(r);
            String p = path(r, "demo");
            for (var c : List.of(Map.entry(owner, Role.OWNER), Map.entry(staff, Role.STAFF),
                    Map.entry(marketing, Role.MARKETING), Map.entry(admin, Role.ADMIN))) {
                if (a == Access.PUBLIC || a == Access.SIGNED_IN) {
                    continue;
                }
                int status = call(c.getKey(), r.method(), p).statusCode();
                boolean allowed = a.allows(c.getValue());
                if (!allowed) {
                    assertEquals(a == Access.ADMIN ? 404 : 403, status, c.getValue() + " on " + r.method() + " " + r.path());
                } else {
                    assertNotEquals(403, status, c.getValue() + " on " + r.method() + " " + r.path());
                }
            }
        }
    }

    @Test
    void noPostPassesWithoutTheSessionsCsrfToken() {
        for (App.Route r : staffRoutes()) {
            if (!r.method().equals("POST") || Set.of(Access.PUBLIC).contains(access(r))) {
                continue;
            }
            HttpResponse<String> res = admin.postRaw(path(r, "demo"), Map.of("x", "y"));
            assertEquals(403, res.statusCode(), r.path());
            HttpResponse<String> forged = admin.postRaw(path(r, "demo"), Map.of("_csrf", "forged-token-value"));
            assertEquals(403, forged.statusCode(), r.path());
        }
    }

    /**
     * The emails written in dev mode carry the visitor's link to cancel a booking and the staff's links: the mailbox
     * that lists them is an admin's page of the dashboard, behind the same guard as every /staff route (the old
     * /dev/mail address leads there), and non-admins get 404 as on the other admin pages.
     */
    @Test
    void theDevMailboxIsAnAdminPage() throws Exception {
        try (TestServer dev = TestServer.start(TestServer.Builder.defaults().dev(true))) {
            assertEquals(201, dev.postJson("/api/v1/clinics/demo/leads", Leads.validJson()).statusCode());
            java.nio.file.Path dir = dev.dataDir().resolve("mail");
            io.consultdesk.support.Eventually.await("emails written", () -> java.nio.file.Files.isDirectory(dir)
                    && dir.toFile().list((d, n) -> n.endsWith(".eml")).length == 2);
            String file;
            try (var files = java.nio.file.Files.list(dir)) {
                file = files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".eml")).sorted().findFirst().orElseThrow();
            }
            List<App.Route> mailbox = dev.app().routes().stream().filter(r -> r.path().contains("/dev/mail"))
                    .filter(r -> r.method().equals("GET")).toList(); // each has its HEAD twin, checked below
            assertEquals(List.of("/staff/dev/mail", "/staff/dev/mail/{file}", "/staff/dev/mail/{file}/html"),
                    mailbox.stream().filter(r -> r.path().startsWith("/staff/")).map(App.Route::path).sorted().toList());
            for (App.Route r : mailbox) {
                if (r.path().startsWith("/staff/")) {
                    assertEquals(Access.ADMIN, access(r), r.path());
                }
            }
            List<String> pages = List.of("/staff/dev/mail", "/staff/dev/mail/" + file, "/staff/dev/mail/" + file + "/html");
            for (String old : List.of("/dev/mail", "/dev/mail/" + file, "/dev/mail/" + file + "/html")) {
                HttpResponse<String> res = dev.get(old);
                assertNotEquals(200, res.statusCode(), old);
                assertFalse(res.body().contains("consultation"), old + " shows nothing: " + res.body());
            }
            assertEquals("/staff/dev/mail", dev.get("/dev/mail").headers().firstValue("Location").orElse(""));
            for (String page : pages) {
                HttpResponse<String> res = dev.get(page);
                assertEquals(303, res.statusCode(), page);
                assertTrue(res.headers().firstValue("Location").orElse("").startsWith("/staff/sign-in"), page);
            }
            StaffClient devAdmin = StaffClient.signedIn(dev, "admin@dev.example", Role.ADMIN);
            for (var c : List.of(StaffClient.signedIn(dev, "owner@dev.example", Role.OWNER, "demo"),
                    StaffClient.signedIn(dev, "staff@dev.example", Role.STAFF, "demo"),
                    StaffClient.signedIn(dev, "web@dev.example", Role.MARKETING, "demo"))) {
                for (String page : pages) {
                    assertEquals(404, c.get(page).statusCode(), page);
                }
            }
            HttpResponse<String> list = devAdmin.get("/staff/dev/mail");
            assertEquals(200, list.statusCode());
            assertTrue(list.body().contains("href=\"/staff/dev/mail/" + file + "\""), list.body());
            HttpResponse<String> one = devAdmin.get("/staff/dev/mail/" + file);
            assertEquals(200, one.statusCode());
            assertTrue(one.body().contains("src=\"/staff/dev/mail/" + file + "/html\""), one.body());
            HttpResponse<String> part = devAdmin.get("/staff/dev/mail/" + file + "/html");
            assertEquals(200, part.statusCode());
            assertEquals("SAMEORIGIN", part.headers().firstValue("X-Frame-Options").orElse(""), "the mailbox page frames it");
        }
    }

    /**
     * HEAD runs the GET route behind the same guard: the same roles in the route table, and for every person (none,
     * another clinic's, each role) the same status as GET, never a 200 where GET is refused, and never a body.
     */
    @Test
    void headPassesTheSameGuardAsGet() {
        java.util.Map<String, Set<io.javalin.security.RouteRole>> headRoles = new java.util.HashMap<>();
        for (App.Route r : server.app().routes()) {
            if (r.method().equals("HEAD")) {
                headRoles.put(r.path(), r.roles());
            }
        }
        StaffClient nobody = new StaffClient(server);
        for (App.Route r : staffRoutes()) {
            if (!r.method().equals("GET")) {
                continue;
            }
            assertEquals(r.roles(), headRoles.get(r.path()), "HEAD " + r.path() + " names GET's access");
            for (String clinic : List.of("demo", "no-such-clinic")) {
                String p = path(r, clinic);
                for (StaffClient c : List.of(nobody, owner, staff, marketing, otherOwner, otherStaff, admin)) {
                    HttpResponse<String> get = c.get(p);
                    HttpResponse<String> head = c.head(p);
                    assertEquals(get.statusCode(), head.statusCode(), "HEAD " + p);
                    assertEquals(get.headers().firstValue("Location"), head.headers().firstValue("Location"), "HEAD " + p);
                    assertEquals(get.headers().firstValue("Content-Type"), head.headers().firstValue("Content-Type"), "HEAD " + p);
                    assertEquals("", head.body(), "HEAD " + p);
                }
            }
        }
    }
}
