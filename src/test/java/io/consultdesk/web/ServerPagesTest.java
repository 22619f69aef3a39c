package io.consultdesk.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.consultdesk.support.TestServer;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Health, the loader, the form's assets and the demo page. */
class ServerPagesTest {
    static TestServer server;

    @BeforeAll
    static void start() {
        server = TestServer.start();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void healthReportsTheDatabase() throws Exception {
        HttpResponse<String> r = server.get("/healthz");
        assertEquals(200, r.statusCode());
        JsonNode body = new ObjectMapper().readTree(r.body());
        assertEquals("ok", body.get("status").asText());
        assertEquals("up", body.at("/database/status").asText());
        assertEquals(io.consultdesk.support.Migrations.newest(), body.at("/database/schemaVersion").asText());
        assertTrue(body.at("/database/latencyMs").isNumber());
        assertEquals("files", body.at("/mail/transport").asText());
        assertTrue(body.at("/mail/pending").isNumber());
        assertTrue(body.at("/mail/failed").isNumber());
    }

    @Test
    void theLoaderIsSmallCacheableAndUsableFromAnySite() {
        HttpResponse<String> r = server.get("/widget.js");
        assertEquals(200, r.statusCode());
        assertTrue(r.headers().firstValue("Content-Type").orElse("").startsWith("text/javascript"));
        assertEquals("cross-origin", r.headers().firstValue("Cross-Origin-Resource-Policy").orElse(null));
        assertTrue(r.headers().firstValue("Cache-Control").orElse("").contains("max-age=300"));
        assertTrue(r.body().contains("document.currentScript"));
        String etag = r.headers().firstValue("ETag").orElseThrow();
        assertEquals(304, server.get("/widget.js", "If-None-Match", etag).statusCode());
    }

    @Test
    void formAssetsAreVersionedAndCachedForAYear() {
        String html = server.get("/embed/demo").body();
        Matcher css = Pattern.compile("href=\"(/static/form\\.css\\?v=[0-9a-f]{12})\"").matcher(html);
        Matcher js = Pattern.compile("src=\"(/static/form\\.js\\?v=[0-9a-f]{12})\"").matcher(html);
        assertTrue(css.find() && js.find(), html);
        HttpResponse<String> r = server.get(css.group(1));
        assertEquals(200, r.statusCode());
        assertTrue(r.headers().firstValue("Cache-Control").orElse("").contains("immutable"));
        assertEquals(200, server.get(js.group(1)).statusCode());
        assertEquals(404, server.get("/static/..%2Fpom.xml").statusCode());
        assertEquals(404, server.get("/static/nothing.js").statusCode());
    }

    @Test
    void theDemoEmbedsTheWidgetFromTheOtherLoopbackName() {
        HttpResponse<String> viaLocalhost = server.get("/demo");
        assertEquals(200, viaLocalhost.statusCode());
        String other = "http://127.0.0.1:" + server.port();
        assertTrue(viaLocalhost.body().contains("<script src=\"" + other + "/widget.js\" data-clinic=\"demo\" async></script>"));
        String csp = viaLocalhost.headers().firstValue("Content-Security-Policy").orElseThrow();
        assertTrue(csp.contains("script-src 'self' " + other) && csp.contains("frame-src " + other), csp);
        assertTrue(!csp.contains("unsafe-inline"), csp);

        HttpResponse<String> via127 = server.send(java.net.http.HttpRequest.newBuilder(
                java.net.URI.create("http://127.0.0.1:" + server.port() + "/demo")).GET());
        assertTrue(via127.body().contains("<script src=\"http://localhost:" + server.port() + "/widget.js\""));
    }

    @Test
    void otherPagesMayNotBeFramed() {
        HttpResponse<String> r = server.get("/healthz");
        assertEquals("DENY", r.headers().firstValue("X-Frame-Options").orElse(null));
        assertTrue(r.headers().firstValue("Content-Security-Policy").orElse("").contains("frame-ancestors 'none'"));
    }

    @Test
    void noAnswerEverReachesTheLog() {
        PrintStream original = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            String marker = "Zebulon Quixote";
            server.postJson("/api/v1/clinics/demo/leads", io.consultdesk.support.Leads.validJson().replace("Jordan Rivera", marker));
            server.postJson("/api/v1/clinics/demo/leads", "{\"name\": \"" + marker + "\", ");
            server.postJson("/api/v1/clinics/demo/leads", "{\"name\": \"" + marker + "\", \"email\": \"bad\"}");
            server.post("/embed/demo", "application/x-www-form-urlencoded", "name=Zebulon+Quixote&email=zq%40example.com");
            server.get("/healthz");
        } finally {
            System.setErr(original);
        }
        String log = captured.toString(StandardCharsets.UTF_8);
        assertTrue(log.contains("POST /api/v1/clinics/demo/leads 201"), "requests are logged: " + log);
        assertTrue(!log.contains("Zebulon") && !log.contains("zq@example.com") && !log.contains("Quixote"), log);
    }
}
