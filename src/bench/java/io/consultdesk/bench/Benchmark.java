package io.consultdesk.bench;

import io.consultdesk.App;
import io.consultdesk.Config;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;

/**
 * Starts the real server in-process on a free port with a fresh SQLite database in a temporary directory,
 * then measures (all traffic to 127.0.0.1 only):
 * <ol>
 *   <li>the bytes and gzip -9 bytes of the loader, the form page and its CSS/JS;</li>
 *   <li>the HTTP requests needed to render the form in its iframe, and for the whole embed;</li>
 *   <li>throughput and latency of {@code POST /api/v1/clinics/demo/leads} and {@code GET /healthz}
 *       at a fixed concurrency, bounded in count and time.</li>
 * </ol>
 * Run with {@code mvn -B -Pbench verify -Dmaven.test.skip=true}. Tunable with system properties
 * {@code bench.concurrency}, {@code bench.warmup}, {@code bench.requests}, {@code bench.seconds}.
 */
public final class Benchmark {
    private static final int CONCURRENCY = Integer.getInteger("bench.concurrency", 8);
    private static final int WARMUP = Integer.getInteger("bench.warmup", 200);
    private static final int REQUESTS = Integer.getInteger("bench.requests", 2_000);
    private static final int SECONDS = Integer.getInteger("bench.seconds", 10);
    /** A hard stop for the whole run, whatever happens. */
    private static final int WATCHDOG_SECONDS = 150;

    private static final String LEAD_JSON = "{\"name\":\"Bench Visitor\",\"email\":\"bench+%d@example.com\","
            + "\"phone\":\"(310) 555-0199\",\"preferredContact\":\"phone\",\"state\":\"CA\",\"adult\":true,"
            + "\"location\":\"any\",\"interest\":\"tms\",\"consent\":true}";

    private final HttpClient http;
    private final String base;
    private final AtomicLong emailCounter = new AtomicLong();

    private Benchmark(HttpClient http, String base) {
        this.http = http;
        this.base = base;
    }

    public static void main(String[] args) {
        startWatchdog();
        int code = 0;
        try {
            run();
        } catch (Throwable t) {
            System.out.flush();
            System.err.println("BENCHMARK FAILED: " + t);
            t.printStackTrace();
            code = 1;
        }
        System.out.flush();
        System.err.flush();
        System.exit(code);
    }

    private static void run() throws Exception {
        Path tempDir = Files.createTempDirectory("consultdesk-bench-");
        try {
            runIn(tempDir);
        } finally {
            deleteRecursively(tempDir);
        }
    }

    private static void runIn(Path tempDir) throws Exception {
        // The server logs one line per request; send it to a file so it costs what it costs in production
        // (a write per request) without flooding this report. Must be set before the first logger exists.
        Path serverLog = tempDir.resolve("server.log");
        System.setProperty("org.slf4j.simpleLogger.logFile", serverLog.toString());

        printContext(tempDir);

        Config config = new Config(0, tempDir, Optional.empty(), false, 1_000_000, false, Duration.ZERO, io.consultdesk.mail.MailSettings.files());
        long startNanos = System.nanoTime();
        App app = new App(config, Clock.systemUTC()).start();
        double startMs = (System.nanoTime() - startNanos) / 1e6;
        ExecutorService pool = null;
        try {
            String base = "http://127.0.0.1:" + app.port();
            System.out.printf(Locale.ROOT, "Server: %s (in-process, started in %.0f ms), data dir %s%n%n",
                    base, startMs, tempDir);
            pool = Executors.newFixedThreadPool(CONCURRENCY, r -> {
                Thread t = new Thread(r, "bench-client");
                t.setDaemon(true);
                return t;
            });
            HttpClient http = HttpClient.newBuilder()
                    .version(HttpClient.Version.HTTP_1_1)
                    .connectTimeout(Duration.ofSeconds(5))
                    .followRedirects(HttpClient.Redirect.NEVER)
                    .build();
            Benchmark bench = new Benchmark(http, base);
            bench.sizesAndRequests();
            bench.load(pool);
            long leads = app.database().jdbi().withHandle(h ->
                    h.createQuery("SELECT count(*) FROM lead").mapTo(Long.class).one());
            System.out.printf(Locale.ROOT, "Leads stored in the database after the run: %d%n", leads);
            long logLines;
            try (Stream<String> lines = Files.lines(serverLog)) {
                logLines = lines.count();
            }
            System.out.printf(Locale.ROOT, "Server log lines written (to %s): %d%n", serverLog.getFileName(), logLines);
        } finally {
            if (pool != null) {
                pool.shutdownNow();
            }
            app.stop();
        }
    }

    // ---------------------------------------------------------------- context

    private static void printContext(Path tempDir) throws IOException {
        Runtime rt = Runtime.getRuntime();
        System.out.println("=== Consultdesk benchmark ===");
        System.out.printf(Locale.ROOT, "Machine: %d cores (availableProcessors), %s %s %s%n",
                rt.availableProcessors(), System.getProperty("os.name"), System.getProperty("os.version"),
                System.getProperty("os.arch"));
        System.out.printf(Locale.ROOT, "Java:    %s (%s, %s), max heap %d MiB%n",
                System.getProperty("java.runtime.version", System.getProperty("java.version")),
                System.getProperty("java.vm.name"), System.getProperty("java.vm.vendor"),
                rt.maxMemory() / (1024 * 1024));
        System.out.printf(Locale.ROOT, "Storage: SQLite in a temp dir on %s (%s)%n",
                Files.getFileStore(tempDir).type(), Files.getFileStore(tempDir).name());
        System.out.printf(Locale.ROOT, "Load:    %d concurrent clients, warm-up %d requests per endpoint, then %d requests "
                + "or %d s per endpoint, whichever first%n", CONCURRENCY, WARMUP, REQUESTS, SECONDS);
    }

    // ---------------------------------------------------------------- 1 + 2: sizes and requests

    private record Resource(String label, String url, int status, byte[] body, String contentType,
                            int wireBytes, String wireEncoding) {
        int gzip9() {
            return gzip9(body);
        }

        static int gzip9(byte[] bytes) {
            try {
                ByteArrayOutputStream out = new ByteArrayOutputStream();
                try (GZIPOutputStream gz = new GZIPOutputStream(out) {
                    {
                        def.setLevel(9);
                    }
                }) {
                    gz.write(bytes);
                }
                return out.size();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    private static final Pattern TAG = Pattern.compile("<(link|script|img|iframe|source|video|audio|embed)\\b([^>]*)>",
            Pattern.CASE_INSENSITIVE);
    private static final Pattern ATTR = Pattern.compile("([a-zA-Z-]+)\\s*=\\s*(\"([^\"]*)\"|'([^']*)'|([^\\s>]+))");
    private static final Pattern CSS_URL = Pattern.compile("url\\(\\s*['\"]?([^'\")]+)|@import\\s+['\"]([^'\"]+)");

    private void sizesAndRequests() throws Exception {
        Resource loader = fetch("loader  /widget.js", "/widget.js");
        Resource page = fetch("form page /embed/demo", "/embed/demo");
        require(loader);
        require(page);
        String html = new String(page.body(), StandardCharsets.UTF_8);

        List<String> sameOrigin = new ArrayList<>();
        List<String> crossOrigin = new ArrayList<>();
        Matcher tags = TAG.matcher(html);
        while (tags.find()) {
            String tag = tags.group(1).toLowerCase(Locale.ROOT);
            var attrs = attributes(tags.group(2));
            String url = null;
            if (tag.equals("link")) {
                String rel = attrs.getOrDefault("rel", "").toLowerCase(Locale.ROOT);
                if (rel.matches(".*\\b(stylesheet|icon|preload|modulepreload|manifest)\\b.*")) {
                    url = attrs.get("href");
                }
            } else {
                url = attrs.get("src");
            }
            if (url == null || url.isBlank() || url.startsWith("data:")) {
                continue;
            }
            url = unescape(url);
            if (url.startsWith(base)) {
                sameOrigin.add(url.substring(base.length()));
            } else if (url.startsWith("/") && !url.startsWith("//")) {
                sameOrigin.add(url);
            } else {
                crossOrigin.add(url);
            }
        }

        List<Resource> subresources = new ArrayList<>();
        for (String url : sameOrigin) {
            String path = url.contains("?") ? url.substring(0, url.indexOf('?')) : url;
            Resource r = fetch("  " + path.substring(path.lastIndexOf('/') + 1) + " " + url, url);
            require(r);
            subresources.add(r);
        }
        // Requests the CSS itself would make (fonts, images, @import).
        List<String> cssRefs = new ArrayList<>();
        for (Resource r : subresources) {
            if (r.contentType() != null && r.contentType().startsWith("text/css")) {
                Matcher m = CSS_URL.matcher(new String(r.body(), StandardCharsets.UTF_8));
                while (m.find()) {
                    String ref = m.group(1) != null ? m.group(1) : m.group(2);
                    if (!ref.startsWith("data:") && !ref.startsWith("#")) {
                        cssRefs.add(ref);
                    }
                }
            }
        }

        System.out.println("--- 1. Transfer sizes (bytes; gzip -9 = java.util.zip at level 9, as `gzip -9`) ---");
        String fmt = "%-44s %6s %10s %10s   %s%n";
        System.out.printf(Locale.ROOT, fmt, "resource", "status", "raw", "gzip -9", "served with Accept-Encoding: gzip");
        List<Resource> form = new ArrayList<>();
        form.add(page);
        form.addAll(subresources);
        printRow(fmt, loader);
        printRow(fmt, page);
        subresources.forEach(r -> printRow(fmt, r));
        long formRaw = form.stream().mapToLong(r -> r.body().length).sum();
        long formGz = form.stream().mapToLong(Resource::gzip9).sum();
        long formWire = form.stream().mapToLong(Resource::wireBytes).sum();
        System.out.printf(Locale.ROOT, fmt, "TOTAL to render the form (page+CSS+JS)", "", formRaw, formGz,
                formWire + " bytes on the wire");
        System.out.printf(Locale.ROOT, fmt, "TOTAL whole embed (loader + form)", "", formRaw + loader.body().length,
                formGz + loader.gzip9(), (formWire + loader.wireBytes()) + " bytes on the wire");
        System.out.println();

        System.out.println("--- 2. HTTP requests ---");
        int formRequests = 1 + sameOrigin.size() + cssRefs.size();
        System.out.printf(Locale.ROOT, "Form in the iframe: %d request(s) = 1 page + %d same-origin subresource(s) "
                + "referenced by the HTML %s + %d referenced by the CSS %s%n",
                formRequests, sameOrigin.size(), sameOrigin, cssRefs.size(), cssRefs);
        System.out.printf(Locale.ROOT, "  cross-origin subresources referenced by the HTML (not counted): %d %s%n",
                crossOrigin.size(), crossOrigin);
        System.out.printf(Locale.ROOT, "Whole embed on a clinic's page: %d request(s) = 1 loader (/widget.js) + %d for the form%n",
                1 + formRequests, formRequests);
        System.out.println();
    }

    private void printRow(String fmt, Resource r) {
        String wire = r.wireEncoding() == null
                ? r.wireBytes() + " (identity)"
                : r.wireBytes() + " (" + r.wireEncoding() + ")";
        System.out.printf(Locale.ROOT, fmt, r.label(), r.status(), r.body().length, r.gzip9(), wire);
    }

    private Resource fetch(String label, String path) throws Exception {
        HttpRequest plain = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(10)).GET().build();
        HttpResponse<byte[]> res = http.send(plain, HttpResponse.BodyHandlers.ofByteArray());
        // The same request as a browser sends it, to see what actually crosses the wire.
        HttpRequest gzip = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(10))
                .header("Accept-Encoding", "gzip").GET().build();
        HttpResponse<byte[]> wire = http.send(gzip, HttpResponse.BodyHandlers.ofByteArray());
        return new Resource(label, path, res.statusCode(), res.body(),
                res.headers().firstValue("Content-Type").orElse(null),
                wire.body().length, wire.headers().firstValue("Content-Encoding").orElse(null));
    }

    private static void require(Resource r) {
        if (r.status() != 200) {
            throw new IllegalStateException("GET " + r.url() + " answered " + r.status());
        }
    }

    private static java.util.Map<String, String> attributes(String raw) {
        var map = new java.util.HashMap<String, String>();
        Matcher m = ATTR.matcher(raw);
        while (m.find()) {
            String v = m.group(3) != null ? m.group(3) : m.group(4) != null ? m.group(4) : m.group(5);
            map.put(m.group(1).toLowerCase(Locale.ROOT), v);
        }
        return map;
    }

    private static String unescape(String s) {
        return s.replace("&amp;", "&").replace("&#x3D;", "=").replace("&#61;", "=");
    }

    // ---------------------------------------------------------------- 3: load

    private record Stats(String name, int requests, int errors, int exceptions, double seconds,
                         long[] sortedNanos, String firstError) {
        double perSecond() {
            return requests / seconds;
        }

        double ms(double percentile) {
            if (sortedNanos.length == 0) {
                return Double.NaN;
            }
            // Nearest rank.
            int rank = (int) Math.ceil(percentile / 100.0 * sortedNanos.length);
            return sortedNanos[Math.max(0, Math.min(sortedNanos.length - 1, rank - 1))] / 1e6;
        }

        double meanMs() {
            return Arrays.stream(sortedNanos).average().orElse(Double.NaN) / 1e6;
        }
    }

    private void load(ExecutorService pool) throws Exception {
        IntFunction<HttpRequest> lead = i -> HttpRequest.newBuilder(URI.create(base + "/api/v1/clinics/demo/leads"))
                .timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(
                        String.format(Locale.ROOT, LEAD_JSON, emailCounter.getAndIncrement())))
                .build();
        IntFunction<HttpRequest> health = i -> HttpRequest.newBuilder(URI.create(base + "/healthz"))
                .timeout(Duration.ofSeconds(30)).GET().build();

        String leadName = "POST /api/v1/clinics/demo/leads";
        String healthName = "GET /healthz";
        System.out.println("--- 3. Throughput and latency (" + CONCURRENCY + " concurrent clients, HTTP/1.1 keep-alive) ---");
        Stats leadWarm = measure(pool, leadName, lead, WARMUP, 60);
        Stats healthWarm = measure(pool, healthName, health, WARMUP, 60);
        Stats leadStats = measure(pool, leadName, lead, REQUESTS, SECONDS);
        Stats healthStats = measure(pool, healthName, health, REQUESTS, SECONDS);

        String fmt = "%-34s %8s %7s %8s %9s %9s %9s %9s %9s%n";
        System.out.printf(Locale.ROOT, fmt, "endpoint", "requests", "errors", "seconds", "req/s",
                "mean ms", "p50 ms", "p99 ms", "max ms");
        for (Stats s : List.of(leadStats, healthStats)) {
            System.out.printf(Locale.ROOT, "%-34s %8d %7d %8.2f %9.1f %9.2f %9.2f %9.2f %9.2f%n", s.name(),
                    s.requests(), s.errors(), s.seconds(), s.perSecond(), s.meanMs(), s.ms(50), s.ms(99), s.ms(100));
        }
        System.out.printf(Locale.ROOT, "(warm-up, not counted above: %s %d req, %d errors; %s %d req, %d errors)%n",
                leadName, leadWarm.requests(), leadWarm.errors(), healthName, healthWarm.requests(), healthWarm.errors());
        for (Stats s : List.of(leadWarm, healthWarm, leadStats, healthStats)) {
            if (s.firstError() != null) {
                System.out.println("First error on " + s.name() + ": " + s.firstError());
            }
        }
        System.out.println("errors = non-2xx responses + I/O failures (" + leadStats.exceptions() + " and "
                + healthStats.exceptions() + " I/O failures above)");
        System.out.println();
    }

    /** Runs at most {@code count} requests, stopping early after {@code seconds}, with CONCURRENCY workers. */
    private Stats measure(ExecutorService pool, String name, IntFunction<HttpRequest> requests, int count, int seconds)
            throws Exception {
        AtomicInteger next = new AtomicInteger();
        AtomicInteger errors = new AtomicInteger();
        AtomicInteger exceptions = new AtomicInteger();
        java.util.concurrent.atomic.AtomicReference<String> firstError = new java.util.concurrent.atomic.AtomicReference<>();
        long start = System.nanoTime();
        long deadline = start + TimeUnit.SECONDS.toNanos(seconds);
        List<Future<long[]>> workers = new ArrayList<>();
        for (int w = 0; w < CONCURRENCY; w++) {
            workers.add(pool.submit(() -> {
                long[] latencies = new long[count];
                int n = 0;
                while (System.nanoTime() < deadline) {
                    int i = next.getAndIncrement();
                    if (i >= count) {
                        break;
                    }
                    HttpRequest req = requests.apply(i);
                    long t0 = System.nanoTime();
                    try {
                        HttpResponse<byte[]> res = http.send(req, HttpResponse.BodyHandlers.ofByteArray());
                        latencies[n++] = System.nanoTime() - t0;
                        if (res.statusCode() < 200 || res.statusCode() > 299) {
                            errors.incrementAndGet();
                            firstError.compareAndSet(null, "HTTP " + res.statusCode() + " "
                                    + new String(res.body(), StandardCharsets.UTF_8));
                        }
                    } catch (IOException e) {
                        latencies[n++] = System.nanoTime() - t0;
                        errors.incrementAndGet();
                        exceptions.incrementAndGet();
                        firstError.compareAndSet(null, e.toString());
                    }
                }
                return Arrays.copyOf(latencies, n);
            }));
        }
        List<long[]> parts = new ArrayList<>();
        for (Future<long[]> f : workers) {
            parts.add(f.get(seconds + 60L, TimeUnit.SECONDS));
        }
        double elapsed = (System.nanoTime() - start) / 1e9;
        long[] all = parts.stream().flatMapToLong(Arrays::stream).toArray();
        Arrays.sort(all);
        return new Stats(name, all.length, errors.get(), exceptions.get(), elapsed, all, firstError.get());
    }

    // ---------------------------------------------------------------- housekeeping

    private static void startWatchdog() {
        Thread t = new Thread(() -> {
            try {
                Thread.sleep(TimeUnit.SECONDS.toMillis(WATCHDOG_SECONDS));
                System.err.println("BENCHMARK ABORTED: still running after " + WATCHDOG_SECONDS + " s");
                Runtime.getRuntime().halt(2);
            } catch (InterruptedException ignored) {
                // exit normally
            }
        }, "bench-watchdog");
        t.setDaemon(true);
        t.start();
    }

    private static void deleteRecursively(Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException ignored) {
                    // best effort
                }
            });
        } catch (IOException ignored) {
            // best effort
        }
    }
}
