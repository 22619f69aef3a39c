package io.consultdesk.browser;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import io.consultdesk.support.Chromium;
import io.consultdesk.support.MutableClock;
import io.consultdesk.support.TestServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Security review, finding 18: whatever the visitor answers, the clinic's page hears the same thing from the form.
 *
 * <p>A clinic's page on {@code 127.0.0.1} (a small server of its own) embeds the widget from the server on
 * {@code localhost}, on a 390 px phone. Its own script records every {@code message} event it receives (origin and
 * data, in order) and every scroll of the page, and the test adds a marker to that record before each thing the
 * visitor does. The same visitor then fills in the form four times, through to a time booked on the "Pick a time"
 * page: with no crisis signal (item 9 "Not at all"), with item 9 "Several days", with "Thoughts of suicide" ticked,
 * and pressing "I need help now". The four records must be equal, message for message: the same kinds at the same
 * moments, with the same data (heights included: nothing is allowed to differ; only the heights sent while the page
 * loads, before any answer, are compared by the one they settle at). And where the crisis panel opens, it opens
 * where the visitor is looking: on the phone's screen, without the clinic's page scrolling.
 */
class CrisisHostMessagesBrowserTest {
    static final Dimension PHONE = new Dimension(390, 844);
    static final Dimension DESKTOP = new Dimension(1280, 900);
    static final ObjectMapper JSON = new ObjectMapper();

    static TestServer server;
    static ChromeDriver driver;
    static HttpServer host;

    /** The clinic's page's own script, loaded before the widget: any script of a host page can do the same. */
    static final String RECORDER = """
            window.heard = [];
            window.scrolls = 0;
            addEventListener('message', function (event) {
              window.heard.push({ origin: event.origin, data: JSON.stringify(event.data) });
            });
            addEventListener('scroll', function () { window.scrolls++; }, { passive: true });
            """;

    enum Visitor {
        /** No crisis signal: item 9 "Not at all", no crisis condition, the help link not pressed. */
        NONE,
        /** PHQ-9 item 9 "Several days", tapped near the bottom of the phone's screen. */
        ITEM_9,
        /** "Thoughts of suicide" ticked among the conditions. */
        CONDITION,
        /** "I need help now" pressed on the safety step. */
        HELP_NOW
    }

    @BeforeAll
    static void start() throws IOException {
        // A fixed clock: the "Pick a time" page after sending shows the same times on every run.
        server = TestServer.start(TestServer.Builder.defaults().clock(new MutableClock(Instant.parse("2026-11-16T16:00:00Z"))));
        driver = Chromium.start(PHONE, false);
        host = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        host.createContext("/", exchange -> {
            String path = exchange.getRequestURI().getPath();
            String body = path.equals("/recorder.js") ? RECORDER : path.equals("/") ? hostPage() : null;
            byte[] bytes = (body == null ? "not found" : body).getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", path.endsWith(".js") ? "text/javascript; charset=utf-8"
                    : "text/html; charset=utf-8");
            exchange.sendResponseHeaders(body == null ? 404 : 200, bytes.length);
            exchange.getResponseBody().write(bytes);
            exchange.close();
        });
        host.start();
    }

    @AfterAll
    static void stop() {
        try {
            if (driver != null) driver.quit();
        } finally {
            try {
                if (host != null) host.stop(0);
            } finally {
                if (server != null) server.close();
            }
        }
    }

    @BeforeEach
    void clean() {
        server.clearLeads();
        driver.switchTo().defaultContent();
        driver.manage().window().setSize(PHONE);
    }

    static String widgetOrigin() {
        return "http://localhost:" + server.port();
    }

    static String hostPage() {
        return "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\">"
                + "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"><title>Bright Harbor</title>"
                + "<script src=\"/recorder.js\"></script></head><body style=\"margin:0;font:16px sans-serif\">"
                + "<h1>Bright Harbor Ketamine &amp; TMS</h1>"
                + "<p style=\"height:500px\">Start with a free consultation.</p>"
                + "<div id=\"contact\"><script src=\"" + widgetOrigin() + "/widget.js\" data-clinic=\"demo\" async></script></div>"
                + "<footer style=\"height:600px\">Our locations</footer></body></html>";
    }

    // --- helpers ---

    static WebDriverWait waiting() {
        WebDriverWait wait = new WebDriverWait(driver, Duration.ofSeconds(10), Duration.ofMillis(50));
        wait.ignoring(StaleElementReferenceException.class);
        return wait;
    }

    static Object js(String script, Object... args) {
        return ((JavascriptExecutor) driver).executeScript(script, args);
    }

    static void enterFrame() {
        driver.switchTo().defaultContent();
        waiting().until(ExpectedConditions.frameToBeAvailableAndSwitchToIt(By.cssSelector("#contact iframe")));
    }

    /** In the host page: how many messages it has heard (and marks) so far. */
    static long heardCount() {
        driver.switchTo().defaultContent();
        return ((Number) js("return window.heard.length;")).longValue();
    }

    /**
     * Waits until the host page has heard nothing new for 500 ms (what the last step caused has all arrived), then
     * writes a marker for the next thing the visitor does into the host page's record. Leaves the driver in the frame.
     */
    static void mark(String what) {
        long[] last = {-1};
        long[] since = {System.nanoTime()};
        waiting().withMessage(() -> "messages to settle before " + what).until(d -> {
            long n = heardCount();
            long now = System.nanoTime();
            if (n != last[0]) {
                last[0] = n;
                since[0] = now;
                return false;
            }
            return now - since[0] >= 500_000_000L;
        });
        js("window.heard.push({ mark: arguments[0] });", what);
        enterFrame();
    }

    static String currentStep() {
        List<WebElement> shown = driver.findElements(By.cssSelector(".cd-form [data-step]:not([hidden])"));
        return shown.size() == 1 ? shown.get(0).getDomAttribute("data-step") : null;
    }

    static void next() {
        String from = currentStep();
        mark("next from " + from);
        driver.findElement(By.cssSelector(".cd-form [data-step]:not([hidden]) [data-next]")).click();
        waiting().withMessage(() -> "the step after " + from).until(d -> currentStep() != null && !from.equals(currentStep()));
    }

    static WebElement input(String name, String value) {
        return driver.findElement(By.cssSelector("input[name='" + name + "'][value='" + value + "']"));
    }

    static void choose(String name, String value) {
        mark(name + " answered");
        WebElement radio = input(name, value);
        radio.click();
        assertTrue(radio.isSelected(), name + "=" + value);
    }

    /** The host page's scroll position (driver back in the frame). */
    static long hostScrollY() {
        driver.switchTo().defaultContent();
        long y = ((Number) js("return Math.round(scrollY);")).longValue();
        enterFrame();
        return y;
    }

    static long hostScrolls() {
        driver.switchTo().defaultContent();
        long n = ((Number) js("return window.scrolls;")).longValue();
        enterFrame();
        return n;
    }

    /**
     * Scrolls the host page (as the visitor's thumb would) so that the element's top is {@code fromTop} px below the
     * top of the phone's screen, or, when negative, its bottom that many px above the screen's bottom.
     */
    static void placeOnScreen(WebElement element, long fromTop) {
        @SuppressWarnings("unchecked")
        Map<String, Number> r = (Map<String, Number>) js("var r = arguments[0].getBoundingClientRect(); return {top: r.top, bottom: r.bottom};", element);
        driver.switchTo().defaultContent();
        double frameTop = ((Number) js("return document.querySelector('#contact iframe').getBoundingClientRect().top;")).doubleValue();
        double screen = ((Number) js("return innerHeight;")).doubleValue();
        double target = fromTop >= 0 ? r.get("top").doubleValue() + frameTop - fromTop
                : r.get("bottom").doubleValue() + frameTop - (screen + fromTop);
        js("window.scrollBy(0, arguments[0]);", target);
        enterFrame();
    }

    /** Where the element is on the phone's screen: {top, bottom} in the host page's viewport, and its height. */
    @SuppressWarnings("unchecked")
    static double[] onScreen(String css) {
        Map<String, Number> r = (Map<String, Number>) js("var r = document.querySelector(arguments[0]).getBoundingClientRect();"
                + " return {top: r.top, bottom: r.bottom};", css);
        driver.switchTo().defaultContent();
        double frameTop = ((Number) js("return document.querySelector('#contact iframe').getBoundingClientRect().top;")).doubleValue();
        double screen = ((Number) js("return innerHeight;")).doubleValue();
        enterFrame();
        return new double[] {frameTop + r.get("top").doubleValue(), frameTop + r.get("bottom").doubleValue(), screen};
    }

    /**
     * A crisis signal given with the element on screen (a tap: a click event, no scrolling by the driver): the panel
     * opens with its heading and its first call button on the phone's screen, and the clinic's page has not scrolled.
     */
    static void signalCrisisOnScreen(WebElement trigger, String what) {
        mark(what);
        long y = hostScrollY();
        long scrolls = hostScrolls();
        js("arguments[0].click();", trigger);
        waiting().until(ExpectedConditions.attributeContains(By.id("crisis"), "class", "cd-crisis--open"));
        waiting().withMessage(() -> "the crisis panel's heading and Call 988 on the phone's screen after " + what + ": heading at "
                + List.of(onScreen("#crisis-heading")[0], onScreen("#crisis-heading")[1]) + ", Call 988 at "
                + List.of(onScreen("#crisis a[href='tel:988']")[0], onScreen("#crisis a[href='tel:988']")[1]))
                .until(d -> {
                    double[] heading = onScreen("#crisis-heading");
                    double[] call = onScreen("#crisis a[href='tel:988']");
                    return heading[0] >= 0 && call[1] <= call[2] && heading[1] > heading[0];
                });
        assertEquals(y, hostScrollY(), "the clinic's page did not scroll when the panel opened (" + what + ")");
        assertEquals(scrolls, hostScrolls(), "no scroll event on the clinic's page (" + what + ")");
        assertTrue(driver.findElement(By.id("crisis")).isDisplayed());
    }

    /** One visitor, from the clinic's page to the "Pick a time" page; returns what the host page heard, marks included. */
    static List<String> fillInAs(Visitor visitor) throws IOException {
        server.clearLeads();
        driver.switchTo().defaultContent();
        driver.get("about:blank");
        driver.get("http://127.0.0.1:" + host.getAddress().getPort() + "/");
        enterFrame();
        waiting().until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("form.cd-form")));
        waiting().until(d -> "about".equals(currentStep()));

        choose("interest", "ketamine");
        mark("conditions ticked");
        driver.findElement(By.cssSelector("input[name='conditions'][value='depression']")).click();
        if (visitor == Visitor.CONDITION) {
            WebElement box = input("conditions", "suicidalThoughts");
            placeOnScreen(box, 420);
            signalCrisisOnScreen(box, "thoughts of suicide ticked");
        }
        choose("location", "any");
        next();

        assertEquals("feelings", currentStep());
        mark("items 1 to 8 answered");
        for (int i = 1; i <= 8; i++) {
            input("phq" + i, "1").click();
        }
        WebElement item9 = input("phq9", visitor == Visitor.ITEM_9 ? "1" : "0");
        // The visitor has scrolled so that the answer is at the bottom of the screen, 40 px above its edge.
        placeOnScreen(item9.findElement(By.xpath("..")), -40);
        if (visitor == Visitor.ITEM_9) {
            signalCrisisOnScreen(item9, "item 9 answered");
        } else {
            mark("item 9 answered");
            js("arguments[0].click();", item9);
        }
        assertTrue(item9.isSelected());
        choose("gad1", "2");
        next();

        assertEquals("safety", currentStep());
        if (visitor == Visitor.HELP_NOW) {
            signalCrisisOnScreen(driver.findElement(By.cssSelector("[data-crisis-open]")), "help link pressed");
        }
        choose("safety.seizures", "no");
        next();

        assertEquals("contact", currentStep());
        mark("contact details typed");
        driver.findElement(By.id("f-name")).sendKeys("Robin Day");
        driver.findElement(By.id("f-email")).sendKeys("robin@example.com");
        driver.findElement(By.cssSelector("input[name='preferredContact'][value='email']")).click();
        new Select(driver.findElement(By.id("f-state"))).selectByValue("CA");
        driver.findElement(By.id("f-adult")).click();
        driver.findElement(By.id("f-consent")).click();
        mark("send pressed");
        driver.findElement(By.cssSelector(".cd-submit")).click();
        waiting().until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("[data-submitted] #thanks-heading")));
        boolean crisis = visitor != Visitor.NONE;
        assertEquals(crisis, driver.findElement(By.id("crisis")).isDisplayed(), "the crisis panel on the page after sending");
        if (crisis) {
            assertEquals(List.of("tel:988", "sms:988", "sms:741741?body=HOME", "tel:911"),
                    driver.findElements(By.cssSelector("#crisis a[href^='tel:'], #crisis a[href^='sms:']")).stream()
                            .map(a -> a.getDomAttribute("href")).toList());
        }
        // "Pick a time": the first time of the first day, booked.
        mark("time chosen");
        driver.findElement(By.cssSelector("input[name='slot']")).click();
        mark("book pressed");
        driver.findElement(By.cssSelector("#bk-book .cd-submit")).click();
        waiting().until(ExpectedConditions.visibilityOfElementLocated(By.id("bk-done")));
        assertEquals(crisis, driver.findElement(By.id("crisis")).isDisplayed(), "the crisis panel still there after booking");
        mark("end");
        driver.switchTo().defaultContent();
        assertEquals(crisis, server.triage(server.onlyLeadId()).urgent(),
                "the request is urgent exactly when a crisis was signalled");

        @SuppressWarnings("unchecked")
        List<Map<String, Object>> heard = (List<Map<String, Object>>) js("return window.heard;");
        List<String> record = new ArrayList<>();
        for (Map<String, Object> m : heard) {
            if (m.containsKey("mark")) {
                record.add("-- " + m.get("mark"));
                continue;
            }
            assertEquals(widgetOrigin(), m.get("origin"), "every message comes from the form's origin");
            String data = (String) m.get("data");
            JsonNode node = JSON.readTree(data);
            // Only the form's own kinds, each with its own fields: the event name, a height, the frame's title.
            String type = node.path("type").asText();
            assertTrue(Set.of("consultdesk:ready", "consultdesk:resize", "consultdesk:scroll", "consultdesk:submitted", "consultdesk:booked")
                    .contains(type), "a message of an expected kind: " + data);
            Iterator<String> fields = node.fieldNames();
            while (fields.hasNext()) {
                String field = fields.next();
                assertTrue(Set.of("type", "height", "title").contains(field), "field " + field + " in " + data);
            }
            record.add(data);
        }
        return whileLoadingSettled(record);
    }

    /**
     * The messages sent while the page loads, before the visitor does anything, as the last height they settle at: how
     * many heights come first depends on when the browser gives the new frame its width (sometimes it lays the page
     * out once at a default width), not on any answer, as none has been given yet. Everything after is kept as heard.
     */
    static List<String> whileLoadingSettled(List<String> record) throws IOException {
        int first = 0;
        while (first < record.size() && !record.get(first).startsWith("-- ")) first++;
        List<String> loading = record.subList(0, first);
        assertTrue(!loading.isEmpty() && loading.get(0).contains("\"consultdesk:ready\""), "ready comes first: " + record);
        String lastHeight = null;
        for (String m : loading.subList(1, loading.size())) {
            assertEquals("consultdesk:resize", JSON.readTree(m).path("type").asText(), "while loading, only heights: " + record);
            lastHeight = m;
        }
        assertTrue(lastHeight != null, "a height while loading: " + record);
        List<String> settled = new ArrayList<>(List.of(loading.get(0), "(loading) " + lastHeight));
        settled.addAll(record.subList(first, record.size()));
        return settled;
    }

    static List<String> kinds(List<String> record) throws IOException {
        List<String> kinds = new ArrayList<>();
        for (String r : record) {
            kinds.add(r.startsWith("-- ") || r.startsWith("(loading) ") ? r.replaceAll("\\{.*", "") : JSON.readTree(r).path("type").asText());
        }
        return kinds;
    }

    // --- tests ---

    @Test
    void theHostPageHearsTheSameWhateverTheVisitorAnswers() throws IOException {
        List<String> none = fillInAs(Visitor.NONE);
        assertTrue(none.stream().anyMatch(r -> r.contains("consultdesk:submitted")), "the host heard the request was sent: " + none);
        assertTrue(none.stream().anyMatch(r -> r.contains("consultdesk:booked")), "the host heard of the booking: " + none);
        assertTrue(none.stream().anyMatch(r -> r.contains("consultdesk:resize")), none.toString());
        for (Visitor crisis : List.of(Visitor.ITEM_9, Visitor.CONDITION, Visitor.HELP_NOW)) {
            List<String> heard = fillInAs(crisis);
            // The kinds first (the clearer message when they differ), then every message whole, heights included.
            assertEquals(kinds(withoutCrisisMark(none, crisis)), kinds(withoutCrisisMark(heard, crisis)),
                    "the kinds of messages, at the same moments, with " + crisis + " as with no crisis signal");
            assertEquals(withoutCrisisMark(none, crisis), withoutCrisisMark(heard, crisis),
                    "every message, data included, with " + crisis + " as with no crisis signal");
            // Nothing at all between the crisis signal and the visitor's next action.
            int at = heard.indexOf(crisisMark(crisis));
            assertTrue(at >= 0 && heard.get(at + 1).startsWith("-- "), "nothing heard when the panel opened: " + heard);
        }
    }

    /**
     * On a computer's screen too (the frame wider, the answers four to a row, classic scroll bars that take room when
     * the frame's page scrolls inside it): the same messages with item 9 above 0 as without.
     */
    @Test
    void onAWideScreenTheHostHearsTheSameToo() throws IOException {
        driver.manage().window().setSize(DESKTOP);
        List<String> none = fillInAs(Visitor.NONE);
        List<String> item9 = fillInAs(Visitor.ITEM_9);
        assertEquals(kinds(none), kinds(item9), "the kinds of messages, at the same moments, on a wide screen");
        assertEquals(none, item9, "every message, data included, on a wide screen");
    }

    /** The marker of the crisis signal itself (the no-crisis visitor has none: that visitor does nothing there). */
    static String crisisMark(Visitor v) {
        return switch (v) {
            case ITEM_9 -> "-- item 9 answered";
            case CONDITION -> "-- thoughts of suicide ticked";
            case HELP_NOW -> "-- help link pressed";
            case NONE -> "";
        };
    }

    static List<String> withoutCrisisMark(List<String> record, Visitor v) {
        // Item 9 is answered by every visitor; the other two signals are an action only the crisis visitor takes.
        if (v == Visitor.ITEM_9) return record;
        return record.stream().filter(r -> !r.equals(crisisMark(v))).toList();
    }

    /**
     * Without JavaScript nothing talks to the host page (there is no script in the frame), and the crisis path is as
     * before: the help link shows the panel (a plain #crisis link), and the page after sending item 9 above 0 has it open.
     */
    @Test
    void withJavaScriptOffTheCrisisPathIsUnchanged() {
        ChromeDriver noJs = Chromium.start(PHONE, true);
        try {
            WebDriverWait wait = new WebDriverWait(noJs, Duration.ofSeconds(10), Duration.ofMillis(50));
            noJs.get(widgetOrigin() + "/embed/demo?host=" + URLEncoder.encode("http://127.0.0.1:" + host.getAddress().getPort(),
                    StandardCharsets.UTF_8));
            wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("form.cd-form")));
            assertFalse(noJs.findElement(By.id("crisis")).isDisplayed(), "closed before anything is asked");
            noJs.findElement(By.cssSelector("[data-crisis-open]")).click();
            wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("crisis")));

            noJs.findElement(By.cssSelector("input[name='interest'][value='ketamine']")).click();
            noJs.findElement(By.cssSelector("input[name='location'][value='any']")).click();
            noJs.findElement(By.cssSelector("input[name='phq9'][value='2']")).click();
            noJs.findElement(By.id("f-name")).sendKeys("Noa Script");
            noJs.findElement(By.id("f-email")).sendKeys("noa@example.com");
            noJs.findElement(By.cssSelector("input[name='preferredContact'][value='email']")).click();
            new Select(noJs.findElement(By.id("f-state"))).selectByValue("CA");
            noJs.findElement(By.id("f-adult")).click();
            noJs.findElement(By.id("f-consent")).click();
            noJs.findElement(By.cssSelector(".cd-submit")).click();
            wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("thanks-heading")));
            WebElement after = noJs.findElement(By.id("crisis"));
            assertTrue(after.isDisplayed(), "the panel is open on the page after sending");
            assertTrue(after.findElement(By.cssSelector("a[href='tel:988']")).isDisplayed());
            assertEquals(1, server.leadCount());
        } finally {
            noJs.quit();
        }
    }
}
