package io.consultdesk.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.consultdesk.support.TestServer;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * HSTS: when the public URL is https (TLS in front of the server), every response tells the browser to come back
 * only over https for a year, subdomains included; when it is http (or unset), no response says so, since that
 * would lock browsers out of a server that has no TLS.
 */
class TransportSecurityTest {
    static final String HSTS = "Strict-Transport-Security";

    /** Answers of every kind: pages, assets, the API (good and bad), redirects, errors, the dashboard. */
    static List<HttpResponse<String>> answers(TestServer server) {
        List<HttpResponse<String>> all = new ArrayList<>();
        all.add(server.get("/healthz"));
        all.add(server.get("/widget.js"));
        all.add(server.get("/embed/demo"));
        all.add(server.get("/embed/no-such-clinic"));
        all.add(server.get("/consultation/not-a-token"));
        all.add(server.get("/staff"));
        all.add(server.get("/staff/sign-in"));
        all.add(server.get("/staff/leads"));
        all.add(server.get("/no-such-page", "Accept", "text/html"));
        all.add(server.get("/api/v1/clinics/demo/slots"));
        all.add(server.postJson("/api/v1/clinics/demo/leads", "{\"name\": "));
        all.add(server.postJson("/api/v1/clinics/demo/leads", "{}"));
        all.add(server.post("/staff/sign-in", "application/x-www-form-urlencoded", "email=a%40b.example&password=x"));
        return all;
    }

    static String describe(HttpResponse<String> r) {
        return r.request().method() + " " + r.uri().getPath() + " (" + r.statusCode() + ")";
    }

    @Test
    void everyAnswerCarriesHstsWhenThePublicUrlIsHttps() {
        try (TestServer server = TestServer.start(TestServer.Builder.defaults().baseUrl("https://consult.example.com"))) {
            List<HttpResponse<String>> answers = answers(server);
            assertTrue(answers.stream().map(HttpResponse::statusCode).distinct().count() >= 5,
                    "answers of several kinds: " + answers.stream().map(TransportSecurityTest::describe).toList());
            for (HttpResponse<String> r : answers) {
                assertEquals(List.of("max-age=31536000; includeSubDomains"), r.headers().allValues(HSTS), describe(r));
            }
        }
    }

    @Test
    void noAnswerCarriesHstsWhenThePublicUrlIsHttpOrUnset() {
        for (Optional<String> base : List.of(Optional.of("http://consult.example.com"), Optional.<String>empty())) {
            TestServer.Builder b = TestServer.Builder.defaults();
            base.ifPresent(b::baseUrl);
            try (TestServer server = TestServer.start(b)) {
                for (HttpResponse<String> r : answers(server)) {
                    assertEquals(Optional.empty(), r.headers().firstValue(HSTS), base + ": " + describe(r));
                }
            }
        }
    }
}
