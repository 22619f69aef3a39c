package io.consultdesk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.consultdesk.support.TestServer;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The demo clinic (with its allowed sites on any localhost port) exists only where someone asked for it: dev mode,
 * or {@code java -jar consultdesk.jar demo}. A production start on an empty database has no clinic, says how to
 * create one, and answers 404 on /demo and /.
 */
class DemoClinicTest {

    record Started(TestServer server, String log) {}

    static Started startCapturingTheLog(TestServer.Builder b) {
        PrintStream original = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            TestServer server = TestServer.start(b);
            return new Started(server, captured.toString(StandardCharsets.UTF_8));
        } finally {
            System.setErr(original);
        }
    }

    @Test
    void aProductionStartCreatesNoClinicAndSaysHowToCreateOne() {
        Started s = startCapturingTheLog(TestServer.Builder.defaults().demo(false));
        try (TestServer server = s.server()) {
            assertEquals(List.of(), server.app().clinics().slugs(), "no clinic on a fresh production server");
            String log = s.log();
            assertTrue(log.contains("clinic import") && log.contains("/staff/clinics/new") && log.contains("staff add"),
                    "how to create a clinic: " + log);
            assertFalse(log.contains("Created the demo clinic") || log.contains("Demo clinic page"), log);
            assertTrue(log.contains("consultdesk.jar demo"), "and how to try it with the demo: " + log);
            for (String path : List.of("/demo", "/", "/demo?clinic=demo")) {
                HttpResponse<String> r = server.get(path, "Accept", "text/html");
                assertEquals(404, r.statusCode(), path);
                assertFalse(r.body().contains("widget.js"), path);
            }
            assertEquals(404, server.get("/embed/demo").statusCode());
        }
    }

    @Test
    void aProductionStartOnADatabaseWithTheDemoClinicWarnsAndShowsNoDemoPage() {
        TestServer first = TestServer.start(TestServer.Builder.defaults().demo(true));
        PrintStream original = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
        TestServer server;
        try {
            server = first.restart(TestServer.Builder.defaults().demo(false));
        } finally {
            System.setErr(original);
        }
        try (server) {
            String log = captured.toString(StandardCharsets.UTF_8);
            assertTrue(log.contains("The demo clinic \"demo\" is in this database"), log);
            assertEquals(404, server.get("/demo").statusCode());
            assertEquals(404, server.get("/").statusCode());
        }
    }

    @Test
    void theDemoCommandAndDevModeCreateTheDemoClinicAndItsPage() {
        for (TestServer.Builder b : List.of(TestServer.Builder.defaults().demo(true), TestServer.Builder.defaults().dev(true))) {
            Started s = startCapturingTheLog(b);
            try (TestServer server = s.server()) {
                assertTrue(server.app().clinics().exists("demo"));
                assertTrue(s.log().contains("Demo clinic page: http://localhost:" + server.port() + "/demo"), s.log());
                HttpResponse<String> page = server.get("/demo");
                assertEquals(200, page.statusCode());
                assertTrue(page.body().contains("widget.js"), page.body());
                assertEquals("/demo", server.get("/").headers().firstValue("Location").orElse(""));
            }
        }
    }
}
