package io.consultdesk.browser;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import io.consultdesk.support.Chromium;
import io.consultdesk.support.MutableClock;
import io.consultdesk.support.TestServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The loader's button and dialog modes as a visitor meets them, in real headless Chromium: a clinic's page
 * served from {@code 127.0.0.1} (a small server of its own, with a strict CSP and a script that records the
 * widget's events and any CSP violation) loads the widget from the server on {@code localhost}. The server's
 * clock is Monday 2026-11-16, 8:00 in Los Angeles, so there are times to book.
 */
class EmbedModesBrowserTest {
    static final Dimension PHONE = new Dimension(390, 844);
    static final Dimension DESKTOP = new Dimension(1280, 900);
    static final String CLOSE = "dialog > button";

    static TestServer server;
    static ChromeDriver driver;
    static HttpServer host;
    static final Map<String, String> pages = new ConcurrentHashMap<>();

    /** The host page's own script: records the widget's events (type, detail's keys) and CSP violations. */
    static final String HOST_JS = """
            window.seen = [];
            window.violations = [];
            ['ready', 'submitted', 'booked', 'opened', 'closed'].forEach(function (name) {
              document.addEventListener('consultdesk:' + name, function (event) {
                window.seen.push({ type: event.type, clinic: event.detail.clinic, mode: event.detail.mode,
                  keys: Object.keys(event.detail).sort().join(','), from: event.target.tagName });
              });
            });
            document.addEventListener('securitypolicyviolation', function (event) {
              window.violations.push(event.violatedDirective + ' ' + event.blockedURI);
            });
            """;

    @BeforeAll
    static void start() throws IOException {
        server = TestServer.start(TestServer.Builder.defaults().clock(new MutableClock(Instant.parse("2026-11-16T16:00:00Z"))));
        driver = Chromium.startRecordingRequests(DESKTOP);
        host = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        host.createContext("/", exchange -> {
            String path = exchange.getRequestURI().getPath();
            String body = path.equals("/host.js") ? HOST_JS : pages.get(path);
            byte[] bytes = (body == null ? "not found" : body).getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", path.endsWith(".js") ? "text/javascript; charset=utf-8"
                    : "text/html; charset=utf-8");
            exchange.getResponseHeaders().set("Content-Security-Policy", "default-src 'none'; script-src 'self' " + widgetOrigin()
                    + "; frame-src " + widgetOrigin() + "; style-src 'self'; connect-src 'none'");
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
        driver.manage().window().setSize(DESKTOP);
    }

    // --- the host page ---

    static String widgetOrigin() {
        return "http://localhost:" + server.port();
    }

    /** Serves a clinic page at {@code path} with the widget's tag (its data attributes given) and more of the page's own HTML. */
    static void hostPage(String path, String widgetAttributes, String html) {
        pages.put(path, "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\">"
                + "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"><title>Bright Harbor</title>"
                + "<script src=\"/host.js\"></script></head><body><h1>Bright Harbor Ketamine &amp; TMS</h1>"
                + "<p><a id=\"first-link\" href=\"#top\">Our treatments</a></p>" + html
                + "<script src=\"" + widgetOrigin() + "/widget.js\" data-clinic=\"demo\" " + widgetAttributes + " async></script>"
                + "</body></html>");
    }

    /** Opens a host page and waits until the loader has run (its opener is there); drops the requests before it. */
    static void open(String pathAndQuery, String loaded) {
        driver.switchTo().defaultContent();
        driver.get("about:blank");
        Chromium.requestedUrls(driver);
        driver.get("http://127.0.0.1:" + host.getAddress().getPort() + pathAndQuery);
        waiting().until(ExpectedConditions.presenceOfElementLocated(By.cssSelector(loaded)));
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

    /** The widget events the host page received, in order (read in the host page). */
    @SuppressWarnings("unchecked")
    static List<String> events() {
        driver.switchTo().defaultContent();
        List<Map<String, Object>> seen = (List<Map<String, Object>>) js("return window.seen;");
        List<String> types = new ArrayList<>();
        for (Map<String, Object> e : seen) {
            assertEquals("clinic,mode", e.get("keys"), "an event's detail is the clinic and the mode, nothing else: " + e);
            assertEquals("demo", e.get("clinic"));
            assertEquals("IFRAME", e.get("from"), "dispatched from the iframe");
            types.add(((String) e.get("type")).substring("consultdesk:".length()) + "/" + e.get("mode"));
        }
        return types;
    }

    static void awaitEvents(List<String> expected) {
        waiting().withMessage(() -> "events " + expected + ", got " + events()).until(d -> events().equals(expected));
    }

    static void assertNoViolations() {
        driver.switchTo().defaultContent();
        assertEquals(List.of(), js("return window.violations;"), "CSP violations on the host page");
    }

    static boolean dialogOpen() {
        driver.switchTo().defaultContent();
        return Boolean.TRUE.equals(js("var d = document.querySelector('dialog'); return !!d && d.open && d.matches(':modal');"));
    }

    /** What has the focus in the host page: the id of the element, or its tag when it has none. */
    static String hostFocus() {
        driver.switchTo().defaultContent();
        return (String) js("var e = document.activeElement; return e.id || e.tagName;");
    }

    static boolean focusOnClose() {
        driver.switchTo().defaultContent();
        return Boolean.TRUE.equals(js("return document.activeElement === document.querySelector(arguments[0]);", CLOSE));
    }

    static void press(CharSequence key) {
        new Actions(driver).sendKeys(key).perform();
    }

    static void shiftTab() {
        new Actions(driver).keyDown(Keys.SHIFT).sendKeys(Keys.TAB).keyUp(Keys.SHIFT).perform();
    }

    static void enterDialogFrame() {
        driver.switchTo().defaultContent();
        waiting().until(ExpectedConditions.frameToBeAvailableAndSwitchToIt(By.cssSelector("dialog iframe")));
        waiting().until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("form.cd-form")));
    }

    @SuppressWarnings("unchecked")
    static Map<String, Number> rect(String css) {
        driver.switchTo().defaultContent();
        return (Map<String, Number>) js("var r = document.querySelector(arguments[0]).getBoundingClientRect();"
                + " return {left: r.left, top: r.top, width: r.width, height: r.height, vw: innerWidth, vh: innerHeight};", css);
    }

    static String style(String css, String property) {
        driver.switchTo().defaultContent();
        return (String) js("return getComputedStyle(document.querySelector(arguments[0]))[arguments[1]];", css, property);
    }

    static List<String> widgetRequests() {
        return Chromium.requestedUrls(driver).stream().filter(u -> u.startsWith(widgetOrigin())).toList();
    }

    static String currentStep() {
        return driver.findElement(By.cssSelector(".cd-form [data-step]:not([hidden])")).getDomAttribute("data-step");
    }

    static void next() {
        String from = currentStep();
        driver.findElement(By.cssSelector(".cd-form [data-step]:not([hidden]) [data-next]")).click();
        waiting().until(d -> !from.equals(currentStep()));
    }

    static void choose(String name, String value) {
        WebElement radio = driver.findElement(By.cssSelector("input[name='" + name + "'][value='" + value + "']"));
        radio.click();
        assertTrue(radio.isSelected(), name + "=" + value);
    }

    /** In the form's frame: every required answer (the interest and location chosen before, if any, kept), then Send. */
    static void fillAndSend(String name, String email) {
        fill(name, email);
        driver.findElement(By.cssSelector(".cd-submit")).click();
        waiting().until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("[data-submitted] #thanks-heading")));
    }

    /** In the form's frame: every required answer (the interest and location chosen before, if any, kept). */
    static void fill(String name, String email) {
        if (driver.findElements(By.cssSelector("input[name='interest']:checked")).isEmpty()) {
            choose("interest", "ketamine");
        }
        choose("location", "los-angeles");
        for (int i = 0; i < 4 && !"contact".equals(currentStep()); i++) {
            next();
        }
        driver.findElement(By.id("f-name")).sendKeys(name);
        driver.findElement(By.id("f-email")).sendKeys(email);
        driver.findElement(By.id("f-phone")).sendKeys("(310) 555-0199");
        choose("preferredContact", "phone");
        new Select(driver.findElement(By.id("f-state"))).selectByValue("CA");
        driver.findElement(By.id("f-adult")).click();
        driver.findElement(By.id("f-consent")).click();
    }

    // --- tests ---

    /**
     * On a phone: nothing of the form is fetched until the button is pressed; then a full-screen modal dialog,
     * closed with Escape from its close button and from inside the form (focus back on the button), reopened with
     * what was typed kept; Escape in the open crisis panel closes only the panel.
     */
    @Test
    void buttonModeOnAPhone() {
        driver.manage().window().setSize(PHONE);
        hostPage("/phone", "data-mode=\"button\"", "<p>Call us at (310) 555-0142.</p>");
        open("/phone", "button[data-consultdesk-open]");

        assertEquals(List.of(widgetOrigin() + "/widget.js"), widgetRequests(), "only the loader before the button is pressed");
        assertEquals(0L, js("return document.querySelectorAll('iframe').length;"));
        WebElement button = driver.findElement(By.cssSelector("button[data-consultdesk-open]"));
        assertEquals("Request a free consultation", button.getText());
        assertEquals("dialog", button.getDomAttribute("aria-haspopup"));
        assertEquals("fixed", style("button[data-consultdesk-open]", "position"));
        assertEquals("rgb(47, 111, 115)", style("button[data-consultdesk-open]", "backgroundColor"));
        assertEquals("rgb(255, 255, 255)", style("button[data-consultdesk-open]", "color"), "white on the dark default");
        Map<String, Number> b = rect("button[data-consultdesk-open]");
        assertEquals(20, b.get("vw").doubleValue() - b.get("left").doubleValue() - b.get("width").doubleValue(), 1, "bottom-right");
        assertEquals(20, b.get("vh").doubleValue() - b.get("top").doubleValue() - b.get("height").doubleValue(), 1);
        assertEquals(List.of(), events());

        button.click();
        assertTrue(dialogOpen(), "a modal dialog");
        awaitEvents(List.of("opened/button", "ready/button"));
        assertTrue(widgetRequests().stream().anyMatch(u -> u.startsWith(widgetOrigin() + "/embed/demo?host=")),
                "the form is fetched once the dialog opens");
        assertTrue(focusOnClose(), "the focus is in the dialog, on its close button");
        driver.switchTo().defaultContent();
        assertEquals("Request a free consultation", js("return document.querySelector('dialog').getAttribute('aria-label');"));
        assertEquals("Close", driver.findElement(By.cssSelector(CLOSE)).getDomAttribute("aria-label"));
        assertTrue(driver.findElement(By.cssSelector(CLOSE)).isDisplayed());
        Map<String, Number> d = rect("dialog");
        assertEquals(0, d.get("left").doubleValue(), 0.5, "full screen on a phone");
        assertEquals(0, d.get("top").doubleValue(), 0.5);
        assertEquals(d.get("vw").doubleValue(), d.get("width").doubleValue(), 0.5);
        assertEquals(d.get("vh").doubleValue(), d.get("height").doubleValue(), 0.5);
        waiting().until(x -> rect("dialog iframe").get("height").doubleValue() > rect("dialog").get("height").doubleValue());

        // Escape on the close button.
        press(Keys.ESCAPE);
        waiting().until(x -> !dialogOpen());
        awaitEvents(List.of("opened/button", "ready/button", "closed/button"));
        assertEquals("BUTTON", hostFocus());
        assertTrue(Boolean.TRUE.equals(js("return document.activeElement.hasAttribute('data-consultdesk-open');")),
                "the focus is back on the button");

        // Reopened: the same form (not loaded again); an answer, then Escape from inside the form.
        driver.findElement(By.cssSelector("button[data-consultdesk-open]")).click();
        assertTrue(dialogOpen());
        awaitEvents(List.of("opened/button", "ready/button", "closed/button", "opened/button"));
        enterDialogFrame();
        choose("interest", "spravato");
        choose("location", "any");
        for (int i = 0; i < 4 && !"contact".equals(currentStep()); i++) {
            next();
        }
        driver.findElement(By.id("f-name")).sendKeys("Sam Typed");
        press(Keys.ESCAPE);
        waiting().until(x -> !dialogOpen());
        awaitEvents(List.of("opened/button", "ready/button", "closed/button", "opened/button", "closed/button"));
        assertTrue(Boolean.TRUE.equals(js("return document.activeElement.hasAttribute('data-consultdesk-open');")),
                "the focus is back on the button");

        // Once more: the answer is still there. The crisis panel: Escape in it closes it, and only it.
        driver.findElement(By.cssSelector("button[data-consultdesk-open]")).click();
        enterDialogFrame();
        assertEquals("Sam Typed", driver.findElement(By.id("f-name")).getDomProperty("value"), "what was typed is kept");
        assertEquals("contact", currentStep(), "on the step where the visitor was");
        assertTrue(driver.findElement(By.cssSelector("input[name='interest'][value='spravato']")).isSelected(), "answers kept");
        driver.findElement(By.cssSelector("[data-crisis-open]")).click();
        waiting().until(ExpectedConditions.attributeContains(By.id("crisis"), "class", "cd-crisis--open"));
        press(Keys.ESCAPE);
        waiting().until(x -> !driver.findElement(By.id("crisis")).getDomAttribute("class").contains("cd-crisis--open"));
        assertTrue(dialogOpen(), "the dialog stays open");
        enterDialogFrame();
        press(Keys.ESCAPE);
        waiting().until(x -> !dialogOpen());
        assertEquals(List.of("opened/button", "ready/button", "closed/button", "opened/button", "closed/button",
                "opened/button", "closed/button"), events(), "the form was loaded once");
        assertEquals(0, server.leadCount());
        assertNoViolations();
    }

    /**
     * On a desktop, the button styled by the site: a centred panel, the focus kept in it while the visitor tabs
     * through the form, a request sent and a time booked inside the dialog.
     */
    @Test
    void buttonModeOnADesktopKeepsTheFocusInAndSendsARequest() {
        hostPage("/desktop", "data-mode=\"button\" data-position=\"bottom-left\" data-color=\"#ffcc00\" data-label=\"Book a free call\"",
                "<p>Call us at (310) 555-0142.</p>");
        open("/desktop", "button[data-consultdesk-open]");
        assertEquals("Book a free call", driver.findElement(By.cssSelector("button[data-consultdesk-open]")).getText());
        assertEquals("rgb(255, 204, 0)", style("button[data-consultdesk-open]", "backgroundColor"));
        assertEquals("rgb(17, 24, 39)", style("button[data-consultdesk-open]", "color"), "near-black on a light colour");
        assertEquals(20, rect("button[data-consultdesk-open]").get("left").doubleValue(), 1, "bottom-left");

        driver.findElement(By.cssSelector("button[data-consultdesk-open]")).click();
        awaitEvents(List.of("opened/button", "ready/button"));
        Map<String, Number> d = rect("dialog");
        assertEquals(640, d.get("width").doubleValue(), 0.5, "a panel 640px wide");
        assertEquals((d.get("vw").doubleValue() - 640) / 2, d.get("left").doubleValue(), 1, "centred");
        assertEquals(d.get("vh").doubleValue() * 0.9, d.get("height").doubleValue(), 1, "90% high");
        assertEquals("Book a free call", js("return document.querySelector('dialog').getAttribute('aria-label');"));

        // Tab, many times: the focus goes from the close button through the form and back, never out of the dialog.
        assertTrue(focusOnClose());
        boolean inForm = false;
        boolean backOnClose = false;
        for (int i = 0; i < 60; i++) {
            press(Keys.TAB);
            String focus = hostFocus();
            assertTrue(focus.equals("IFRAME") || focusOnClose(), "after " + (i + 1) + " Tabs the focus is on " + focus);
            inForm |= focus.equals("IFRAME");
            backOnClose |= inForm && focusOnClose();
        }
        assertTrue(inForm && backOnClose, "the focus went through the form and came back to the close button");

        // Shift+Tab from the close button: into the form (the frame, then its last control), never out of the dialog;
        // and backwards through the form round to the close button again.
        js("document.querySelector(arguments[0]).focus();", CLOSE);
        assertTrue(focusOnClose());
        shiftTab();
        assertEquals("IFRAME", hostFocus(), "Shift+Tab from the close button stays in the dialog, in the form");
        shiftTab();
        assertEquals("IFRAME", hostFocus());
        driver.switchTo().frame(driver.findElement(By.cssSelector("dialog iframe")));
        String last = (String) js("var e = document.activeElement; return e.tagName + ' ' + (e.textContent || e.name || '').trim();");
        assertFalse(last.startsWith("BODY"), "a control of the form has the focus: " + last);
        boolean backwardsOnClose = false;
        for (int i = 0; i < 60; i++) {
            shiftTab();
            String focus = hostFocus();
            assertTrue(focus.equals("IFRAME") || focusOnClose(), "after " + (i + 1) + " Shift+Tabs the focus is on " + focus);
            backwardsOnClose |= focusOnClose();
        }
        assertTrue(backwardsOnClose, "backwards through the form, the focus came back to the close button");
        js("document.querySelector(arguments[0]).focus();", CLOSE);

        // A request sent inside the dialog, and a time booked.
        enterDialogFrame();
        fillAndSend("Robin Dialog", "robin@example.com");
        awaitEvents(List.of("opened/button", "ready/button", "submitted/button"));
        assertEquals(1, server.leadCount());
        Map<String, Object> lead = server.leadRow(server.onlyLeadId());
        assertEquals("Robin Dialog", lead.get("name"));
        assertEquals("widget", lead.get("source"));
        assertEquals(null, lead.get("utm_source"));

        driver.switchTo().frame(driver.findElement(By.cssSelector("dialog iframe")));
        waiting().until(ExpectedConditions.elementToBeClickable(By.cssSelector("input[name='slot'] + label, label:has(input[name='slot'])")));
        driver.findElement(By.cssSelector("input[name='slot']")).sendKeys(Keys.SPACE);
        driver.findElement(By.cssSelector("#bk-book .cd-submit")).click();
        waiting().until(ExpectedConditions.visibilityOfElementLocated(By.id("bk-done")));
        awaitEvents(List.of("opened/button", "ready/button", "submitted/button", "booked/button"));
        assertTrue(dialogOpen(), "still open on the confirmation");
        assertNoViolations();
    }

    /**
     * Dialog mode: no button; links of the page open it, also ones added later, and one naming another clinic
     * does not. The tag chooses the interest; the page's campaign goes with the request.
     */
    @Test
    void dialogModeOpensFromTheSitesOwnLinksWithPreselectionAndCampaign() {
        hostPage("/services", "data-mode=\"dialog\" data-interest=\"tms\"",
                "<p><a id=\"book\" href=\"/contact\" data-consultdesk-open=\"demo\">Book a consultation</a></p>"
                        + "<p><a id=\"other\" href=\"#other\" data-consultdesk-open=\"another-clinic\">Another clinic</a></p>");
        open("/services?utm_source=newsletter&utm_medium=email&utm_campaign=spring-tms&name=Jordan", "#book");
        assertEquals(0L, js("return document.querySelectorAll('iframe, dialog, button').length;"), "no button in dialog mode");
        assertEquals(List.of(widgetOrigin() + "/widget.js"), widgetRequests());

        driver.findElement(By.id("other")).click();
        assertFalse(dialogOpen(), "an opener of another clinic");
        assertEquals(0L, js("return document.querySelectorAll('iframe').length;"));

        // An opener added after the loader ran.
        js("var b = document.createElement('button'); b.id = 'later'; b.textContent = 'Ask us';"
                + " b.setAttribute('data-consultdesk-open', ''); document.body.appendChild(b);");
        driver.findElement(By.id("later")).click();
        assertTrue(dialogOpen());
        awaitEvents(List.of("opened/dialog", "ready/dialog"));
        String src = (String) js("return document.querySelector('dialog iframe').src;");
        assertTrue(src.startsWith(widgetOrigin() + "/embed/demo?host=http%3A%2F%2F127.0.0.1%3A"), src);
        assertTrue(src.contains("&interest=tms&utm_source=newsletter&utm_medium=email&utm_campaign=spring-tms"), src);
        assertFalse(src.contains("Jordan"), "nothing else of the page's address: " + src);
        driver.findElement(By.cssSelector(CLOSE)).click();
        waiting().until(x -> !dialogOpen());
        assertEquals("later", hostFocus(), "the focus is back on the opener");

        // The link: the page does not navigate; Escape from inside the form; the focus is back on the link.
        driver.findElement(By.id("book")).click();
        assertTrue(dialogOpen());
        assertTrue(((String) js("return location.pathname;")).equals("/services"));
        enterDialogFrame();
        assertTrue(driver.findElement(By.cssSelector("input[name='interest'][value='tms']")).isSelected(), "interest chosen by the tag");
        driver.findElement(By.cssSelector("input[name='location'][value='beverly-hills']")).click();
        press(Keys.ESCAPE);
        waiting().until(x -> !dialogOpen());
        assertEquals("book", hostFocus());

        driver.findElement(By.id("book")).click();
        enterDialogFrame();
        fillAndSend("Casey Campaign", "casey@example.com");
        awaitEvents(List.of("opened/dialog", "ready/dialog", "closed/dialog", "opened/dialog", "closed/dialog",
                "opened/dialog", "submitted/dialog"));
        Map<String, Object> lead = server.leadRow(server.onlyLeadId());
        assertEquals("tms", lead.get("interest"));
        assertEquals("newsletter", lead.get("utm_source"));
        assertEquals("email", lead.get("utm_medium"));
        assertEquals("spring-tms", lead.get("utm_campaign"));
        assertNoViolations();
    }

    /**
     * The form sent as a plain post (as without JavaScript, or when the script does not take the submit): the
     * thank-you page is a page load of its own, and the host page still hears {@code consultdesk:submitted}, once,
     * carrying nothing but the clinic and the mode; a time booked afterwards is heard after it.
     */
    @Test
    void aFormSentAsAPlainPostTellsTheHostPageOnceThatTheRequestIsStored() {
        hostPage("/plain", "", "<p>Call us at (310) 555-0142.</p>");
        open("/plain", "iframe");
        awaitEvents(List.of("ready/inline"));
        waiting().until(ExpectedConditions.frameToBeAvailableAndSwitchToIt(By.cssSelector("iframe")));
        waiting().until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("form.cd-form")));
        fill("Pat Plainpost", "pat@example.com");
        // HTMLFormElement.submit() sends the form as the browser does without the script: no submit event, a page load.
        js("document.querySelector('form.cd-form').submit();");
        waiting().until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("[data-submitted] #thanks-heading")));
        assertEquals(1, server.leadCount(), "stored");
        awaitEvents(List.of("ready/inline", "ready/inline", "submitted/inline"));

        // The thank-you page's "Pick a time" (with the script): booked is heard next, and no second submitted before it.
        driver.switchTo().frame(driver.findElement(By.cssSelector("iframe")));
        waiting().until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("input[name='slot']")));
        driver.findElement(By.cssSelector("input[name='slot']")).sendKeys(Keys.SPACE);
        driver.findElement(By.cssSelector("#bk-book .cd-submit")).click();
        waiting().until(ExpectedConditions.visibilityOfElementLocated(By.id("bk-done")));
        awaitEvents(List.of("ready/inline", "ready/inline", "submitted/inline", "booked/inline"));
        assertNoViolations();
    }
}
