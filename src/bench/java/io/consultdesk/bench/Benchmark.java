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
 *   <li>(2b) per loader mode (inline, button, dialog), the bytes a clinic's page downloads before the form is
 *       opened, and in headless Chromium the time from a click on the opener to a ready form;</li>
 *   <li>throughput and latency of {@code POST /api/v1/clinics/demo/leads} and {@code GET /healthz}
 *       at a fixed concurrency, bounded in count and time;</li>
 *   <li>the time a restarted server takes to drain a backlog of queued emails (2 per request) to a local
 *       SMTP server (GreenMail), in a second, separate data directory;</li>
 *   <li>the staff dashboard over the stored leads;</li>
 *   <li>booking: listing free slots, booking distinct slots concurrently, and 50 requests at once for one slot.</li>
 * </ol>
 * Run with {@code mvn -B -Pbench verify -Dmaven.test.skip=true}. Tunable with system properties
 * {@code bench.concurrency}, {@code bench.warmup}, {@code bench.requests}, {@code bench.seconds},
 * {@code bench.mailLeads}, {@code bench.modeRuns}.
 */
public final class Benchmark {
    private static final int CONCURRENCY = Integer.getInteger("bench.concurrency", 8);
    private static final int WARMUP = Integer.getInteger("bench.warmup", 200);
    private static final int REQUESTS = Integer.getInteger("bench.requests", 2_000);
    private static final int SECONDS = Integer.getInteger("bench.seconds", 10);
    /** Requests submitted for the email drain; each queues 2 emails (clinic notification + visitor confirmation). */
    private static final int MAIL_LEADS = Integer.getInteger("bench.mailLeads", 500);
    /** A bound on each wait of the email drain; the drain fails rather than waits longer. */
    private static final int MAIL_WAIT_SECONDS = 60;
    /** A hard stop for the whole run, whatever happens (within the exec plugin's 300 s). */
    private static final int WATCHDOG_SECONDS = 285;

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
            System.out.println();
            mailDrain(tempDir.resolve("mail-drain"));
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

        Config config = new Config(0, tempDir, Optional.empty(), false, 1_000_000, false, Duration.ZERO,
                io.consultdesk.mail.MailSettings.files(), Optional.empty(), Config.LOOPBACK, true);
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
            Sizes sizes = bench.sizesAndRequests();
            bench.load(pool);
            bench.dashboard(pool, app);
            bench.booking(pool);
            // Last of the in-process sections: a browser still closing must not share the cores with the timed load.
            bench.embedModes(sizes);
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
        System.out.printf(Locale.ROOT, "Mail:    %d requests = %d queued emails drained to GreenMail SMTP on 127.0.0.1 "
                + "(own data dir)%n", MAIL_LEADS, 2 * MAIL_LEADS);
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

    /** The loader, and what the iframe loads for the form (page, CSS, JS). */
    private record Sizes(Resource loader, List<Resource> form) {}

    private Sizes sizesAndRequests() throws Exception {
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
        return new Sizes(loader, form);
    }

    // ---------------------------------------------------------------- 2b: embed modes

    /** Page loads per mode and cache state for the click-to-ready timing. */
    private static final int MODE_RUNS = Integer.getInteger("bench.modeRuns", 5);

    /**
     * The three loader modes as a clinic's page meets them. Bytes: inline loads the form with the page (loader,
     * form page, CSS, JS); button and dialog load only the loader until the visitor opens the form. Time: in
     * headless Chromium, a clinic page on {@code localhost} (its own origin, a strict CSP) with the widget from
     * the server on 127.0.0.1; from the click on the opener (a capturing click listener of the page) to the
     * form's {@code consultdesk:ready} event, each run a fresh page load, with an empty browser cache ("cold",
     * the visitor's first form) and with the form's CSS and JS cached ("warm"). For inline, from the start of
     * the page load to {@code consultdesk:ready}.
     */
    private void embedModes(Sizes sizes) throws Exception {
        System.out.println("--- 2b. Embed modes: bytes before the form is opened, and the time to open it ---");
        long sectionStart = System.nanoTime();
        long loaderRaw = sizes.loader().body().length;
        long loaderGz = sizes.loader().gzip9();
        long formRaw = sizes.form().stream().mapToLong(r -> r.body().length).sum();
        long formGz = sizes.form().stream().mapToLong(Resource::gzip9).sum();
        String fmt = "%-7s %9s %9s   %s%n";
        System.out.printf(Locale.ROOT, "Loader /widget.js: %,d bytes, %,d bytes gzip -9%n", loaderRaw, loaderGz);
        System.out.printf(Locale.ROOT, fmt, "mode", "raw", "gzip -9", "downloaded by the host page before the form is opened");
        System.out.printf(Locale.ROOT, fmt, "inline", loaderRaw + formRaw, loaderGz + formGz,
                "loader + form page + CSS + JS (the form loads with the page)");
        System.out.printf(Locale.ROOT, fmt, "button", loaderRaw, loaderGz, "loader only; the form is fetched when the button is pressed");
        System.out.printf(Locale.ROOT, fmt, "dialog", loaderRaw, loaderGz, "loader only; the form is fetched when an opener is clicked");

        java.io.File chromium = new java.io.File("/usr/bin/chromium");
        java.io.File chromedriver = new java.io.File("/usr/bin/chromedriver");
        if (!chromium.canExecute() || !chromedriver.canExecute()) {
            System.out.println("Timing skipped: /usr/bin/chromium and /usr/bin/chromedriver are needed." + System.lineSeparator());
            return;
        }
        String widget = base;
        String hostJs = "window.t = {};"
                + "document.addEventListener('click', function () { t.click = performance.now(); }, true);"
                + "document.addEventListener('consultdesk:ready', function () { if (!t.ready) t.ready = performance.now(); });";
        java.util.function.Function<String, String> page = attrs -> "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\">"
                + "<title>Clinic</title><script src=\"/bench.js\"></script></head><body><h1>Clinic</h1>"
                + "<p><a id=\"open\" href=\"#contact\" data-consultdesk-open>Request a consultation</a></p>"
                + "<script src=\"" + widget + "/widget.js\" data-clinic=\"demo\" " + attrs + " async></script></body></html>";
        java.util.Map<String, String> pages = java.util.Map.of("/inline", page.apply(""), "/button", page.apply("data-mode=\"button\""),
                "/dialog", page.apply("data-mode=\"dialog\""), "/bench.js", hostJs);
        com.sun.net.httpserver.HttpServer host = com.sun.net.httpserver.HttpServer.create(
                new java.net.InetSocketAddress("127.0.0.1", 0), 0);
        host.createContext("/", exchange -> {
            String body = pages.get(exchange.getRequestURI().getPath());
            byte[] bytes = (body == null ? "" : body).getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", exchange.getRequestURI().getPath().endsWith(".js")
                    ? "text/javascript; charset=utf-8" : "text/html; charset=utf-8");
            exchange.getResponseHeaders().set("Content-Security-Policy", "default-src 'none'; script-src 'self' " + widget
                    + "; frame-src " + widget + "; style-src 'self'; connect-src 'none'");
            exchange.sendResponseHeaders(body == null ? 404 : 200, bytes.length);
            exchange.getResponseBody().write(bytes);
            exchange.close();
        });
        host.start();
        org.openqa.selenium.chrome.ChromeOptions options = new org.openqa.selenium.chrome.ChromeOptions();
        options.setBinary(chromium.getPath());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-background-networking", "--window-size=1280,900");
        org.openqa.selenium.chrome.ChromeDriver driver = null;
        try {
            driver = new org.openqa.selenium.chrome.ChromeDriver(new org.openqa.selenium.chrome.ChromeDriverService.Builder()
                    .usingDriverExecutable(chromedriver).usingAnyFreePort().build(), options);
            String hostUrl = "http://localhost:" + host.getAddress().getPort();
            System.out.printf(Locale.ROOT, "Headless Chromium, host page %s (CSP: script-src/frame-src %s only), %d runs each:%n",
                    hostUrl, widget, MODE_RUNS);
            String tfmt = "%-7s %-5s %-44s %8s %8s %8s%n";
            System.out.printf(Locale.ROOT, tfmt, "mode", "cache", "measured", "min ms", "median", "max ms");
            for (String mode : List.of("inline", "button", "dialog")) {
                for (boolean cold : List.of(true, false)) {
                    double[] ms = new double[MODE_RUNS];
                    for (int run = 0; run < MODE_RUNS; run++) {
                        ms[run] = openOnce(driver, hostUrl + "/" + mode, mode, cold);
                    }
                    Arrays.sort(ms);
                    System.out.printf(Locale.ROOT, "%-7s %-5s %-44s %8.0f %8.0f %8.0f%n", mode, cold ? "cold" : "warm",
                            mode.equals("inline") ? "page load start → consultdesk:ready" : "click on the opener → consultdesk:ready",
                            ms[0], ms[MODE_RUNS / 2], ms[MODE_RUNS - 1]);
                }
            }
        } finally {
            if (driver != null) {
                driver.quit();
            }
            host.stop(0);
        }
        System.out.printf(Locale.ROOT, "(this section took %.0f s, Chromium's start included)%n%n", (System.nanoTime() - sectionStart) / 1e9);
    }

    /** One page load and, in the dialog modes, one click on the opener; the milliseconds to the form's ready event. */
    private static double openOnce(org.openqa.selenium.chrome.ChromeDriver driver, String url, String mode, boolean cold) {
        if (cold) {
            driver.executeCdpCommand("Network.clearBrowserCache", java.util.Map.of());
        }
        driver.get("about:blank");
        driver.get(url);
        org.openqa.selenium.support.ui.WebDriverWait wait = new org.openqa.selenium.support.ui.WebDriverWait(driver,
                Duration.ofSeconds(15), Duration.ofMillis(5));
        if (mode.equals("button")) {
            wait.until(d -> !d.findElements(org.openqa.selenium.By.cssSelector("button[data-consultdesk-open]")).isEmpty());
            driver.findElement(org.openqa.selenium.By.cssSelector("button[data-consultdesk-open]")).click();
        } else if (mode.equals("dialog")) {
            driver.findElement(org.openqa.selenium.By.id("open")).click();
        }
        Number ready = wait.until(d -> (Number) driver.executeScript("return window.t.ready;"));
        Number click = (Number) driver.executeScript("return window.t.click || 0;");
        if (!mode.equals("inline") && click.doubleValue() == 0) {
            throw new IllegalStateException("the click on the opener was not seen in " + url);
        }
        if (!mode.equals("inline") && !(Boolean) driver.executeScript("return document.querySelector('dialog').open;")) {
            throw new IllegalStateException("no open dialog in " + url);
        }
        return ready.doubleValue() - click.doubleValue();
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

    /** A new request with a visitor email address not used before in this run. */
    private IntFunction<HttpRequest> leadRequest() {
        return i -> HttpRequest.newBuilder(URI.create(base + "/api/v1/clinics/demo/leads"))
                .timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(
                        String.format(Locale.ROOT, LEAD_JSON, emailCounter.getAndIncrement())))
                .build();
    }

    private void load(ExecutorService pool) throws Exception {
        IntFunction<HttpRequest> lead = leadRequest();
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

    /**
     * The staff dashboard over the leads the load test stored (a few thousand): the inbox, a search, a
     * lead's page (answers decrypted, timeline built) and the CSV export of every lead, each request also
     * writing its audit row. One signed-in admin session, CONCURRENCY clients.
     */
    private void dashboard(ExecutorService pool, App app) throws Exception {
        String password = "bench dashboard password " + System.nanoTime();
        app.staff().addUser("bench-admin@example.com", io.consultdesk.staff.Role.ADMIN, List.of(), password);
        var signIn = (io.consultdesk.staff.StaffService.SignIn.Success) app.staff().signIn("bench-admin@example.com",
                password, "127.0.0.1");
        String cookie = "cd_staff=" + signIn.token();
        String leadId = app.database().jdbi().withHandle(h -> h.createQuery("SELECT id FROM lead ORDER BY created_at DESC LIMIT 1")
                .mapTo(String.class).one());
        long leads = app.database().jdbi().withHandle(h -> h.createQuery("SELECT count(*) FROM lead").mapTo(Long.class).one());
        java.util.function.Function<String, IntFunction<HttpRequest>> get = path -> i -> HttpRequest.newBuilder(
                URI.create(base + path)).timeout(Duration.ofSeconds(30)).header("Cookie", cookie).GET().build();
        System.out.printf(Locale.ROOT, "--- 5. Staff dashboard (%d leads, %d concurrent clients, one admin session) ---%n",
                leads, CONCURRENCY);
        String fmt = "%-34s %8d %7d %8.2f %9.1f %9.2f %9.2f %9.2f %9.2f%n";
        System.out.printf(Locale.ROOT, "%-34s %8s %7s %8s %9s %9s %9s %9s %9s%n", "endpoint", "requests", "errors",
                "seconds", "req/s", "mean ms", "p50 ms", "p99 ms", "max ms");
        // A search is posted (its text never goes in a URL); the inbox's address then names the saved search.
        String inboxPage = http.send(get.apply("/staff/leads").apply(0), HttpResponse.BodyHandlers.ofString()).body();
        Matcher csrf = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"").matcher(inboxPage);
        if (!csrf.find()) {
            throw new IllegalStateException("no CSRF token on the inbox");
        }
        String searched = http.send(HttpRequest.newBuilder(URI.create(base + "/staff/leads")).header("Cookie", cookie)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("_csrf=" + java.net.URLEncoder.encode(csrf.group(1),
                        java.nio.charset.StandardCharsets.UTF_8) + "&status=all&q=bench%2B17%40example.com")).build(),
                HttpResponse.BodyHandlers.discarding()).headers().firstValue("Location").orElseThrow();
        String[][] cases = {
            {"GET /staff/leads (inbox)", "/staff/leads?status=all"},
            {"GET /staff/leads?search= (search)", searched},
            {"GET /staff/leads/{id}", "/staff/leads/" + leadId},
            {"GET /staff/overview", "/staff/overview"},
        };
        for (String[] c : cases) {
            measure(pool, c[0], get.apply(c[1]), 50, 20);
            Stats s = measure(pool, c[0], get.apply(c[1]), 500, SECONDS);
            System.out.printf(Locale.ROOT, fmt, s.name(), s.requests(), s.errors(), s.seconds(), s.perSecond(), s.meanMs(),
                    s.ms(50), s.ms(99), s.ms(100));
            if (s.firstError() != null) {
                System.out.println("First error: " + s.firstError());
            }
        }
        long t0 = System.nanoTime();
        HttpResponse<byte[]> csv = http.send(get.apply("/staff/leads.csv?status=all").apply(0), HttpResponse.BodyHandlers.ofByteArray());
        System.out.printf(Locale.ROOT, "GET /staff/leads.csv (every lead, one request): HTTP %d, %,d bytes in %.0f ms%n%n",
                csv.statusCode(), csv.body().length, (System.nanoTime() - t0) / 1e6);
    }

    // ---------------------------------------------------------------- 6: booking

    /**
     * Booking on the demo clinic's schedule (its next 21 days from now): listing free slots, booking
     * distinct slots concurrently (each request a new lead and its own free slot), and 50 concurrent
     * requests for one slot of capacity 1, which must give exactly one 201.
     */
    private void booking(ExecutorService pool) throws Exception {
        System.out.printf(Locale.ROOT, "--- 6. Booking (%d concurrent clients) ---%n", CONCURRENCY);
        String fmt = "%-34s %8d %7d %8.2f %9.1f %9.2f %9.2f %9.2f %9.2f%n";
        System.out.printf(Locale.ROOT, "%-34s %8s %7s %8s %9s %9s %9s %9s %9s%n", "endpoint", "requests", "errors",
                "seconds", "req/s", "mean ms", "p50 ms", "p99 ms", "max ms");
        String[][] lists = {
            {"GET slots (all, 21 days)", "/api/v1/clinics/demo/slots"},
            {"GET slots (one type and place)", "/api/v1/clinics/demo/slots?type=in-person&location=beverly-hills"},
        };
        for (String[] c : lists) {
            IntFunction<HttpRequest> get = i -> HttpRequest.newBuilder(URI.create(base + c[1])).timeout(Duration.ofSeconds(30))
                    .GET().build();
            measure(pool, c[0], get, 50, 20);
            Stats s = measure(pool, c[0], get, 500, SECONDS);
            System.out.printf(Locale.ROOT, fmt, s.name(), s.requests(), s.errors(), s.seconds(), s.perSecond(), s.meanMs(),
                    s.ms(50), s.ms(99), s.ms(100));
        }
        // Distinct free slots of the phone type at Los Angeles (capacity 2: each is booked once here).
        List<String> starts = new ArrayList<>();
        Matcher m = Pattern.compile("\"start\":\"([^\"]+)\"").matcher(http.send(HttpRequest.newBuilder(
                URI.create(base + "/api/v1/clinics/demo/slots?type=phone&location=los-angeles")).GET().build(),
                HttpResponse.BodyHandlers.ofString()).body());
        while (m.find()) {
            starts.add(m.group(1));
        }
        int count = Math.min(300, starts.size());
        List<String> leads = newLeads(count + 50);
        IntFunction<HttpRequest> book = i -> bookingRequest(leads.get(i), "phone", "los-angeles", starts.get(i));
        Stats booked = measure(pool, "POST bookings (distinct slots)", book, count, 60);
        System.out.printf(Locale.ROOT, fmt, booked.name(), booked.requests(), booked.errors(), booked.seconds(),
                booked.perSecond(), booked.meanMs(), booked.ms(50), booked.ms(99), booked.ms(100));
        if (booked.firstError() != null) {
            System.out.println("First error: " + booked.firstError());
        }

        // Contention: 50 requests at once for one slot of capacity 1.
        Matcher one = Pattern.compile("\"start\":\"([^\"]+)\"").matcher(http.send(HttpRequest.newBuilder(
                URI.create(base + "/api/v1/clinics/demo/slots?type=in-person&location=beverly-hills")).GET().build(),
                HttpResponse.BodyHandlers.ofString()).body());
        if (!one.find()) {
            System.out.println("No free Beverly Hills slot left to contend for.");
            return;
        }
        String contested = one.group(1);
        ExecutorService burst = Executors.newFixedThreadPool(50);
        java.util.concurrent.CountDownLatch go = new java.util.concurrent.CountDownLatch(1);
        List<Future<Integer>> codes = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            String lead = leads.get(count + i);
            codes.add(burst.submit(() -> {
                go.await();
                return http.send(bookingRequest(lead, "in-person", "beverly-hills", contested),
                        HttpResponse.BodyHandlers.discarding()).statusCode();
            }));
        }
        long t0 = System.nanoTime();
        go.countDown();
        int created = 0;
        int taken = 0;
        for (Future<Integer> f : codes) {
            int code = f.get(60, TimeUnit.SECONDS);
            created += code == 201 ? 1 : 0;
            taken += code == 409 ? 1 : 0;
        }
        burst.shutdown();
        System.out.printf(Locale.ROOT, "50 concurrent POST bookings for one slot of capacity 1: %d × 201, %d × 409, %d other,"
                + " all answered in %.0f ms%n%n", created, taken, 50 - created - taken, (System.nanoTime() - t0) / 1e6);
    }

    /** New requests, each giving its booking token (what books a consultation for it). */
    private List<String> newLeads(int n) throws Exception {
        List<String> ids = new ArrayList<>();
        Pattern id = Pattern.compile("\"bookingToken\":\"([^\"]+)\"");
        IntFunction<HttpRequest> lead = leadRequest();
        for (int i = 0; i < n; i++) {
            Matcher m = id.matcher(http.send(lead.apply(i), HttpResponse.BodyHandlers.ofString()).body());
            if (!m.find()) {
                throw new IllegalStateException("could not create a lead for the booking benchmark");
            }
            ids.add(m.group(1));
        }
        return ids;
    }

    private HttpRequest bookingRequest(String bookingToken, String type, String location, String start) {
        return HttpRequest.newBuilder(URI.create(base + "/api/v1/clinics/demo/bookings"))
                .timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"bookingToken\":\"" + bookingToken + "\",\"type\":\"" + type
                        + "\",\"location\":\"" + location + "\",\"start\":\"" + start + "\"}"))
                .build();
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

    // ---------------------------------------------------------------- 4: email drain

    /**
     * A backlog of {@code 2 × MAIL_LEADS} emails, drained by a restarted server:
     * <ol>
     *   <li>server A, whose SMTP port has nothing listening, accepts {@code MAIL_LEADS} requests through the
     *       HTTP API; each request queues 2 emails, whose first attempt fails (connection refused) and is
     *       rescheduled 15–30 s later by the retry policy;</li>
     *   <li>A stops; with a plain connection to the same SQLite file every pending email is made due now
     *       ({@code next_attempt_at = 0}), so the retry backoff is not part of the figure;</li>
     *   <li>GreenMail starts, then server B on the same data dir pointed at it; timed from B's
     *       {@code start()} returning until GreenMail has received every email.</li>
     * </ol>
     */
    private static void mailDrain(Path dataDir) throws Exception {
        System.out.printf(Locale.ROOT, "--- 4. Email outbox drain (%d queued emails to a local SMTP server) ---%n",
                2 * MAIL_LEADS);
        Files.createDirectories(dataDir);
        int closedPort;
        try (java.net.ServerSocket probe = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            closedPort = probe.getLocalPort();
        }
        int expected = 2 * MAIL_LEADS;

        // 1. Server A queues the backlog; nothing listens on its SMTP port.
        App a = new App(mailConfig(dataDir, closedPort), Clock.systemUTC()).start();
        ExecutorService pool = Executors.newFixedThreadPool(CONCURRENCY, r -> {
            Thread t = new Thread(r, "bench-client");
            t.setDaemon(true);
            return t;
        });
        Stats submitted;
        try {
            HttpClient http = HttpClient.newBuilder()
                    .version(HttpClient.Version.HTTP_1_1)
                    .connectTimeout(Duration.ofSeconds(5))
                    .followRedirects(HttpClient.Redirect.NEVER)
                    .build();
            Benchmark bench = new Benchmark(http, "http://127.0.0.1:" + a.port());
            submitted = bench.measure(pool, "POST /api/v1/clinics/demo/leads", bench.leadRequest(), MAIL_LEADS, 60);
            if (submitted.requests() != MAIL_LEADS || submitted.errors() != 0) {
                throw new IllegalStateException("queueing the backlog: " + submitted.requests() + " requests, "
                        + submitted.errors() + " errors; first: " + submitted.firstError());
            }
            // Let every email make its (failing) first attempt, so B starts from a steady "waiting to retry" queue.
            waitUntil("every queued email to have failed its first attempt", () -> a.database().jdbi().withHandle(h ->
                    h.createQuery("SELECT count(*) FROM outbox WHERE status = 'pending' AND attempts >= 1")
                            .mapTo(Long.class).one()) == expected);
        } finally {
            pool.shutdownNow();
            a.stop();
        }
        System.out.printf(Locale.ROOT, "Queued by server A (SMTP port %d closed): %d requests in %.2f s via the HTTP API, "
                + "%d errors%n", closedPort, submitted.requests(), submitted.seconds(), submitted.errors());

        // 2. Everything due now, through a connection of our own (A is stopped).
        org.jdbi.v3.core.Jdbi db = org.jdbi.v3.core.Jdbi.create("jdbc:sqlite:" + dataDir.resolve("consultdesk.db").toAbsolutePath());
        long nowMs = System.currentTimeMillis();
        java.util.Map<String, Object> before = db.withHandle(h -> h.createQuery(
                        "SELECT count(*) AS n, sum(attempts = 1) AS once, min(typeof(next_attempt_at)) AS t1, "
                        + "max(typeof(next_attempt_at)) AS t2, min(next_attempt_at) AS lo, max(next_attempt_at) AS hi, "
                        + "count(DISTINCT lead_id) AS leads FROM outbox WHERE status = 'pending'")
                .mapToMap().one());
        if (!"integer".equals(before.get("t1")) || !"integer".equals(before.get("t2"))) {
            throw new IllegalStateException("outbox.next_attempt_at is not an INTEGER: " + before);
        }
        long pending = ((Number) before.get("n")).longValue();
        if (pending != expected) {
            throw new IllegalStateException("expected " + expected + " pending emails, found " + before);
        }
        System.out.printf(Locale.ROOT, "Outbox before the drain: %d pending for %d requests, %d after 1 failed attempt, "
                        + "next retry due in %.1f–%.1f s (backoff) -> set next_attempt_at = 0 (due now)%n",
                pending, ((Number) before.get("leads")).longValue(), ((Number) before.get("once")).longValue(),
                (((Number) before.get("lo")).longValue() - nowMs) / 1e3, (((Number) before.get("hi")).longValue() - nowMs) / 1e3);
        int updated = db.withHandle(h -> h.createUpdate("UPDATE outbox SET next_attempt_at = 0 WHERE status = 'pending'").execute());
        if (updated != expected) {
            throw new IllegalStateException("made " + updated + " emails due, expected " + expected);
        }

        // 3. GreenMail, then server B on the same data dir.
        com.icegreen.greenmail.util.GreenMail greenMail =
                new com.icegreen.greenmail.util.GreenMail(new com.icegreen.greenmail.util.ServerSetup(0, "127.0.0.1", "smtp"));
        greenMail.start();
        App b = null;
        try {
            int smtpPort = greenMail.getSmtp().getPort();
            if (smtpPort <= 0) {
                throw new IllegalStateException("GreenMail did not report its SMTP port: " + smtpPort);
            }
            Config configB = mailConfig(dataDir, smtpPort);
            long t0 = System.nanoTime();
            b = new App(configB, Clock.systemUTC()).start();
            long t1 = System.nanoTime();
            boolean all = greenMail.waitForIncomingEmail(TimeUnit.SECONDS.toMillis(MAIL_WAIT_SECONDS), expected);
            long t2 = System.nanoTime();
            if (!all) {
                throw new IllegalStateException("GreenMail received " + greenMail.getReceivedMessages().length + " of "
                        + expected + " emails within " + MAIL_WAIT_SECONDS + " s");
            }
            // Every send is marked in the outbox right after the server accepted it.
            App server = b;
            waitUntil("every email to be marked sent", () -> server.database().jdbi().withHandle(h ->
                    h.createQuery("SELECT count(*) FROM outbox WHERE status = 'sent'").mapTo(Long.class).one()) == expected);
            long t3 = System.nanoTime();
            b.stop();
            b = null;

            double drainS = (t2 - t1) / 1e9;
            System.out.printf(Locale.ROOT, "Server B started in %.0f ms (new App + start(); the mail worker starts inside start())%n",
                    (t1 - t0) / 1e6);
            String fmt = "%-58s %9s %10s%n";
            System.out.printf(Locale.ROOT, fmt, "measure", "seconds", "emails/s");
            System.out.printf(Locale.ROOT, fmt, "drain: start() returned -> GreenMail has all " + expected,
                    String.format(Locale.ROOT, "%.2f", drainS), String.format(Locale.ROOT, "%.1f", expected / drainS));
            System.out.printf(Locale.ROOT, fmt, "  incl. start: new App(...) -> GreenMail has all " + expected,
                    String.format(Locale.ROOT, "%.2f", (t2 - t0) / 1e9),
                    String.format(Locale.ROOT, "%.1f", expected / ((t2 - t0) / 1e9)));
            System.out.printf(Locale.ROOT, fmt, "  start() returned -> outbox shows all " + expected + " sent",
                    String.format(Locale.ROOT, "%.2f", (t3 - t1) / 1e9),
                    String.format(Locale.ROOT, "%.1f", expected / ((t3 - t1) / 1e9)));
            System.out.printf(Locale.ROOT, "(the server's mail worker: %d concurrent senders, one SMTP "
                    + "connection per email, plain SMTP without TLS; outbox writes fsync'd, SQLite synchronous=FULL)%n",
                    io.consultdesk.App.MAIL_SENDERS);

            // 4. What arrived, and what the outbox says.
            jakarta.mail.internet.MimeMessage[] received = greenMail.getReceivedMessages();
            java.util.Set<String> messageIds = new java.util.HashSet<>();
            int withoutId = 0;
            for (jakarta.mail.internet.MimeMessage m : received) {
                String id = m.getMessageID();
                if (id == null) {
                    withoutId++;
                } else {
                    messageIds.add(id);
                }
            }
            java.util.Set<String> outboxIds = new java.util.HashSet<>(db.withHandle(h ->
                    h.createQuery("SELECT '<' || id || '@' || :domain || '>' FROM outbox")
                            .bind("domain", configB.mail().fromDomain()).mapTo(String.class).list()));
            System.out.printf(Locale.ROOT, "GreenMail received %d messages: %d distinct Message-IDs, %d duplicates, "
                            + "%d without one; Message-IDs equal to the outbox ids: %s%n",
                    received.length, messageIds.size(), received.length - withoutId - messageIds.size(), withoutId,
                    messageIds.equals(outboxIds) ? "yes, all " + outboxIds.size() : "NO");
            List<String> states = db.withHandle(h -> h.createQuery(
                            "SELECT status || ' ' || kind || ': ' || count(*) || ' (attempts ' || min(attempts) || '-' "
                            + "|| max(attempts) || ')' FROM outbox GROUP BY status, kind ORDER BY status, kind")
                    .mapTo(String.class).list());
            long failed = db.withHandle(h -> h.createQuery("SELECT count(*) FROM outbox WHERE status = 'failed'")
                    .mapTo(Long.class).one());
            System.out.printf(Locale.ROOT, "Outbox after the drain: %s; failed: %d%n", String.join(", ", states), failed);
            if (received.length != expected || messageIds.size() != expected || !messageIds.equals(outboxIds) || failed != 0) {
                throw new IllegalStateException("the drain delivered the wrong set of emails (see above)");
            }
        } finally {
            if (b != null) {
                b.stop();
            }
            greenMail.stop();
        }
        System.out.println();
    }

    private static Config mailConfig(Path dataDir, int smtpPort) {
        return new Config(0, dataDir, Optional.empty(), false, 1_000_000, false, Duration.ZERO,
                io.consultdesk.mail.MailSettings.smtp("127.0.0.1", smtpPort), Optional.empty(), Config.LOOPBACK, true);
    }

    private static void waitUntil(String what, java.util.function.BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(MAIL_WAIT_SECONDS);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("gave up after " + MAIL_WAIT_SECONDS + " s waiting for " + what);
            }
            Thread.sleep(20);
        }
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
