package io.consultdesk.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.consultdesk.support.TestServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * HEAD answers what GET would (status and every header: type, length, caching, security), without a body, because
 * it runs the GET handler. Checked with a raw socket, so nothing in between fills in or drops a header.
 */
class HeadRequestTest {
    static TestServer server;

    @BeforeAll
    static void start() {
        server = TestServer.start();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    /** A response as it came off the wire: status line, headers (names lowercased), and the bytes after them. */
    record Raw(int status, Map<String, List<String>> headers, byte[] body) {
        String header(String name) {
            List<String> v = headers.get(name.toLowerCase(Locale.ROOT));
            return v == null ? null : String.join(", ", v);
        }

        /** Every header but the ones that change from one answer to the next by nature. */
        Map<String, List<String>> comparable() {
            Map<String, List<String>> m = new TreeMap<>(headers);
            m.remove("date");
            return m;
        }
    }

    static Raw raw(String method, String path, String... headers) {
        try (Socket socket = new Socket("localhost", server.port())) {
            socket.setSoTimeout(10_000);
            StringBuilder request = new StringBuilder(method + " " + path + " HTTP/1.1\r\nHost: localhost:" + server.port()
                    + "\r\nConnection: close\r\n");
            for (int i = 0; i + 1 < headers.length; i += 2) {
                request.append(headers[i]).append(": ").append(headers[i + 1]).append("\r\n");
            }
            request.append("\r\n");
            OutputStream out = socket.getOutputStream();
            out.write(request.toString().getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            byte[] all = in.readAllBytes();
            String text = new String(all, StandardCharsets.ISO_8859_1);
            int end = text.indexOf("\r\n\r\n");
            assertTrue(end > 0, "a complete head: " + text);
            String[] lines = text.substring(0, end).split("\r\n");
            int status = Integer.parseInt(lines[0].split(" ")[1]);
            Map<String, List<String>> h = new TreeMap<>();
            for (int i = 1; i < lines.length; i++) {
                int colon = lines[i].indexOf(':');
                h.computeIfAbsent(lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT), k -> new java.util.ArrayList<>())
                        .add(lines[i].substring(colon + 1).trim());
            }
            byte[] body = java.util.Arrays.copyOfRange(all, end + 4, all.length);
            return new Raw(status, h, body);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    static void sameAsGet(String path, String... headers) {
        Raw get = raw("GET", path, headers);
        Raw head = raw("HEAD", path, headers);
        assertEquals(get.status(), head.status(), "HEAD " + path + " answers GET's status");
        Map<String, List<String>> expected = get.comparable();
        Map<String, List<String>> actual = head.comparable();
        if (path.equals("/healthz")) { // its body says how long the database took to answer, so its length varies
            assertTrue(Integer.parseInt(head.header("content-length")) > 0, head.headers().toString());
            expected.remove("content-length");
            actual.remove("content-length");
        }
        assertEquals(expected, actual, "HEAD " + path + " answers GET's headers");
        assertEquals(0, head.body().length, "HEAD " + path + " sends no body");
        if (get.header("content-length") != null && !path.equals("/healthz")) {
            assertEquals(get.body().length, Integer.parseInt(head.header("content-length")), path);
        }
    }

    @Test
    void headAnswersWhatGetWouldForEveryPublicPath() {
        String html = server.get("/embed/demo").body();
        Matcher css = Pattern.compile("href=\"(/static/form\\.css\\?v=[0-9a-f]{12})\"").matcher(html);
        assertTrue(css.find(), html);
        for (String path : List.of("/", "/demo", "/embed/demo", "/widget.js", css.group(1), "/static/form.js",
                "/static/nothing.js", "/embed/no-such-clinic", "/healthz")) {
            sameAsGet(path);
        }
        for (String path : List.of("/demo", "/widget.js", css.group(1))) {
            sameAsGet(path, "Accept-Encoding", "gzip"); // compressed as GET would be
        }
        // The form's page carries fresh tokens, so its compressed length varies from one answer to the next.
        assertEquals("gzip", raw("HEAD", "/embed/demo", "Accept-Encoding", "gzip").header("content-encoding"));
        // No such route: Javalin's own 404, whose message names the method; the status and type are GET's.
        Raw missing = raw("HEAD", "/no-such-page");
        assertEquals(404, missing.status());
        assertEquals(raw("GET", "/no-such-page").header("content-type"), missing.header("content-type"));
        assertEquals(0, missing.body().length);
        Raw health = raw("HEAD", "/healthz");
        assertEquals(200, health.status());
        assertTrue(health.header("content-type").startsWith("application/json"), health.headers().toString());
        assertEquals("no-store", health.header("cache-control"));
        assertTrue(Integer.parseInt(health.header("content-length")) > 20, health.headers().toString());
        Raw loader = raw("HEAD", "/widget.js");
        assertTrue(loader.header("content-type").startsWith("text/javascript"), loader.headers().toString());
        assertEquals("cross-origin", loader.header("cross-origin-resource-policy"));
        assertEquals(304, raw("HEAD", "/widget.js", "If-None-Match", loader.header("etag")).status());
    }

    @Test
    void headOfTheHealthCheckSaysTheDatabaseIsDownAsGetDoes() throws IOException {
        Path db = server.dataDir().resolve("consultdesk.db");
        Path away = server.dataDir().resolve("consultdesk.db.away");
        Files.move(db, away);
        Files.createDirectory(db); // nothing can open a directory as a database: it is dead
        try {
            Raw get = raw("GET", "/healthz");
            Raw head = raw("HEAD", "/healthz");
            assertEquals(503, get.status(), new String(get.body(), StandardCharsets.UTF_8));
            assertEquals(503, head.status(), "a HEAD-based monitor sees the dead database");
            assertEquals(get.header("content-type"), head.header("content-type"));
            assertEquals(get.header("cache-control"), head.header("cache-control"));
            assertTrue(Integer.parseInt(head.header("content-length")) > 0, head.headers().toString());
            assertEquals(0, head.body().length);
        } finally {
            Files.delete(db);
            Files.move(away, db);
        }
        assertEquals(200, raw("HEAD", "/healthz").status());
    }
}
