package io.consultdesk.browser;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.consultdesk.support.Chromium;
import io.consultdesk.support.TestServer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The widget as a visitor meets it: the demo clinic page on {@code localhost} embeds the form from
 * {@code 127.0.0.1} (another origin), in real headless Chromium.
 */
class EmbedBrowserTest {
    static final Dimension PHONE = new Dimension(390, 844);
    static final Dimension DESKTOP = new Dimension(1280, 900);

    static TestServer server;
    static ChromeDriver driver;

    @BeforeAll
    static void start() {
        server = TestServer.start();
        driver = Chromium.start(DESKTOP, false);
    }

    @AfterAll
    static void stop() {
        try {
            if (driver != null) driver.quit();
        } finally {
            if (server != null) server.close();
        }
    }

    @BeforeEach
    void clean() {
        server.clearLeads();
        driver.switchTo().defaultContent();
        driver.manage().deleteAllCookies();
        driver.manage().window().setSize(DESKTOP);
    }

    // --- helpers ---

    static WebDriverWait waiting() {
        return new WebDriverWait(driver, Duration.ofSeconds(10), Duration.ofMillis(50));
    }

    static Object js(String script, Object... args) {
        return ((JavascriptExecutor) driver).executeScript(script, args);
    }

    static String demoUrl() {
        return "http://localhost:" + server.port() + "/demo";
    }

    static String embedPrefix() {
        return "http://127.0.0.1:" + server.port() + "/embed/demo";
    }

    /** Opens the host page afresh and switches into the widget's iframe once its form is there. */
    static void openDemoAndEnterForm() {
        openDemo();
        enterFrame();
        waiting().until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("form.cd-form")));
    }

    static void openDemo() {
        driver.switchTo().defaultContent();
        driver.get(demoUrl());
        waiting().until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#contact iframe")));
    }

    static void enterFrame() {
        driver.switchTo().defaultContent();
        waiting().until(ExpectedConditions.frameToBeAvailableAndSwitchToIt(By.cssSelector("#contact iframe")));
    }

    /** The iframe's height as the host page lays it out; leaves the driver in the host page. */
    static long frameHeight() {
        return height("#contact iframe");
    }

    /** Waits until the iframe's height meets the condition and has not changed for 400 ms; returns it. */
    static long settledFrameHeight(java.util.function.LongPredicate ok, String what) {
        long[] last = {-1};
        long[] since = {System.nanoTime()};
        return waiting().withMessage(() -> "iframe height to settle " + what + " (last " + last[0] + "px)").until(d -> {
            long h = frameHeight();
            long now = System.nanoTime();
            if (h != last[0]) {
                last[0] = h;
                since[0] = now;
                return null;
            }
            return ok.test(h) && now - since[0] >= 400_000_000L ? h : null;
        });
    }

    /** Inside the iframe: the document fits its viewport, so there is no inner scrollbar. */
    static void assertNoInnerScrollbar(String when) {
        enterFrame();
        @SuppressWarnings("unchecked")
        Map<String, Number> m = (Map<String, Number>) js("var e = document.documentElement;"
                + "return {scroll: e.scrollHeight, client: e.clientHeight, inner: window.innerHeight};");
        long scroll = m.get("scroll").longValue();
        long client = m.get("client").longValue();
        assertTrue(scroll <= client + 1,
                when + ": inner scrollbar, scrollHeight " + scroll + " > clientHeight " + client + " (innerHeight " + m.get("inner") + ")");
        driver.switchTo().defaultContent();
    }

    static void choose(String name, String value) {
        WebElement radio = driver.findElement(By.cssSelector("input[name='" + name + "'][value='" + value + "']"));
        radio.click();
        assertTrue(radio.isSelected(), name + "=" + value + " selected");
    }

    static void tick(String cssId) {
        WebElement box = driver.findElement(By.id(cssId));
        if (!box.isSelected()) box.click();
        assertTrue(box.isSelected(), cssId + " ticked");
    }

    static void type(String cssId, String text) {
        WebElement input = driver.findElement(By.id(cssId));
        input.clear();
        input.sendKeys(text);
    }

    /** The step of the form on show (form.js shows one section at a time). */
    static String currentStep() {
        return driver.findElement(By.cssSelector(".cd-form [data-step]:not([hidden])")).getDomAttribute("data-step");
    }

    /** Presses the shown step's Next button and waits for the next step. */
    static void next() {
        String from = currentStep();
        driver.findElement(By.cssSelector(".cd-form [data-step]:not([hidden]) [data-next]")).click();
        waiting().withMessage(() -> "the step after " + from).until(d -> !from.equals(currentStep()));
    }

    /** Presses Next (answering nothing optional) until the step is on show. */
    static void goToStep(String step) {
        for (int i = 0; i < 4 && !step.equals(currentStep()); i++) {
            next();
        }
        assertEquals(step, currentStep());
    }

    /** Fills in every required field (and a few optional ones) of the form in the current frame, step by step. */
    static void fillRequired(String name, String email) {
        for (int i = 0; i < 4 && !"about".equals(currentStep()); i++) {
            String from = currentStep();
            driver.findElement(By.cssSelector(".cd-form [data-step]:not([hidden]) [data-back]")).click();
            waiting().until(d -> !from.equals(currentStep()));
        }
        choose("interest", "tms");
        choose("location", "beverly-hills");
        goToStep("contact");
        type("f-name", name);
        type("f-email", email);
        type("f-phone", "(310) 555-0199");
        choose("preferredContact", "phone");
        new Select(driver.findElement(By.id("f-bestTime"))).selectByValue("morning");
        new Select(driver.findElement(By.id("f-state"))).selectByValue("CA");
        tick("f-adult");
        tick("f-consent");
    }

    static void submitAndWaitForThanks() {
        driver.findElement(By.cssSelector(".cd-submit")).click();
        waiting().withMessage(() -> "thank-you block after submitting")
                .until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("[data-submitted] #thanks-heading")));
    }

    // --- tests ---

    @Test
    void crossOriginEmbedFillsInAndSubmits() {
        openDemo();
        String src = driver.findElement(By.cssSelector("#contact iframe")).getDomProperty("src");
        assertTrue(src.startsWith(embedPrefix()), "iframe src " + src);
        assertTrue(src.contains("host=http%3A%2F%2Flocalhost%3A" + server.port()), "iframe src " + src);

        enterFrame();
        waiting().until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("form.cd-form")));
        fillRequired("Jordan Rivera", "jordan@example.com");
        type("f-message", "Mornings are best.");
        submitAndWaitForThanks();

        assertEquals(1, server.leadCount());
        Map<String, Object> lead = server.leadRow(server.onlyLeadId());
        assertEquals("Jordan Rivera", lead.get("name"));
        assertEquals("jordan@example.com", lead.get("email"));
        assertEquals("phone", lead.get("preferred_contact"));
        assertEquals("CA", lead.get("state"));
        assertEquals("beverly-hills", lead.get("location_id"));
        assertEquals("tms", lead.get("interest"));
        assertEquals("widget", lead.get("source"));
        assertEquals("demo", lead.get("clinic_slug"));
        assertEquals("Mornings are best.", lead.get("message"));
        assertEquals(1, ((Number) lead.get("adult")).intValue());
    }

    @Test
    void iframeIsSizedToItsContentWithNoInnerScrollbar() throws InterruptedException {
        for (Dimension size : List.of(PHONE, DESKTOP)) {
            driver.manage().window().setSize(size);
            openDemoAndEnterForm();
            String at = size.getWidth() + "x" + size.getHeight();
            long formHeight = settledFrameHeight(h -> h > 900, "above 900px at " + at);
            assertNoInnerScrollbar("form at " + at);

            // It does not keep growing (no feedback loop between the frame's height and its content's).
            long first = frameHeight();
            Thread.sleep(1000);
            assertEquals(first, frameHeight(), "iframe height is stable at " + at);
            assertEquals(formHeight, first);

            // The thank-you block is shorter: the iframe shrinks to it, still with no inner scrollbar.
            enterFrame();
            fillRequired("Sam Lee " + size.getWidth(), "sam" + size.getWidth() + "@example.com");
            submitAndWaitForThanks();
            long thanksHeight = settledFrameHeight(h -> h < formHeight, "below the form's " + formHeight + "px at " + at);
            assertTrue(thanksHeight > 100, "thank-you height " + thanksHeight);
            assertNoInnerScrollbar("thank-you at " + at);
        }
        assertEquals(2, server.leadCount());
    }

    @Test
    void emptySubmitShowsInlineErrorsAndKeepsWhatWasTyped() {
        openDemoAndEnterForm();
        choose("interest", "ketamine");
        choose("location", "any");
        goToStep("contact");
        type("f-email", "kept@example.com");
        type("f-message", "Please call after 5pm.");
        new Select(driver.findElement(By.id("f-referralSource"))).selectByValue("doctor");

        driver.findElement(By.cssSelector(".cd-submit")).click();

        WebElement summary = waiting().until(ExpectedConditions.visibilityOfElementLocated(By.id("cd-summary")));
        List<WebElement> links = summary.findElements(By.cssSelector("a[href^='#f-']"));
        List<String> targets = links.stream().map(a -> a.getDomAttribute("href")).collect(Collectors.toList());
        assertTrue(targets.contains("#f-name"), "summary links " + targets);
        assertFalse(targets.contains("#f-email"), "email was filled in: " + targets);
        assertFalse(targets.contains("#f-interest"), "interest was chosen: " + targets);
        WebElement nameError = driver.findElement(By.cssSelector("#f-name-error.cd-error"));
        assertTrue(nameError.isDisplayed(), "name error shown");
        assertFalse(nameError.getText().isBlank(), "name error has a message");
        assertEquals("true", driver.findElement(By.id("f-name")).getDomAttribute("aria-invalid"));

        // The summary's link takes the visitor to the field.
        links.stream().filter(a -> "#f-name".equals(a.getDomAttribute("href"))).findFirst().orElseThrow().click();
        assertEquals("f-name", js("return document.activeElement.id;"));

        // Nothing was sent and nothing typed was lost.
        assertEquals(0, server.leadCount());
        assertEquals("kept@example.com", driver.findElement(By.id("f-email")).getDomProperty("value"));
        assertEquals("Please call after 5pm.", driver.findElement(By.id("f-message")).getDomProperty("value"));
        assertEquals("doctor", new Select(driver.findElement(By.id("f-referralSource"))).getFirstSelectedOption().getDomAttribute("value"));
        assertTrue(driver.findElement(By.cssSelector("input[name='interest'][value='ketamine']")).isSelected());
        assertTrue(driver.findElements(By.cssSelector("[data-submitted]")).isEmpty());
        assertEquals("contact", currentStep(), "the errors are on the step on show");
    }

    @Test
    void crisisLinkOpensThePanelAndTheFormStillWorks() {
        openDemoAndEnterForm();
        WebElement panel = driver.findElement(By.id("crisis"));
        assertFalse(panel.isDisplayed(), "crisis panel starts closed");

        driver.findElement(By.cssSelector("[data-crisis-open]")).click();
        waiting().until(ExpectedConditions.attributeContains(By.id("crisis"), "class", "cd-crisis--open"));
        waiting().until(ExpectedConditions.visibilityOf(panel));

        List<WebElement> actions = panel.findElements(By.cssSelector("a[href^='tel:'], a[href^='sms:']"));
        assertEquals(List.of("tel:988", "sms:988", "sms:741741?body=HOME", "tel:911"),
                actions.stream().map(a -> a.getDomAttribute("href")).collect(Collectors.toList()));
        for (WebElement a : actions) {
            assertTrue(a.isDisplayed(), a.getDomAttribute("href") + " visible");
            assertFalse(a.getText().isBlank(), a.getDomAttribute("href") + " has a label");
        }

        // Opening help does not trap the visitor: the form is still there and can be sent.
        assertTrue(driver.findElement(By.cssSelector("form.cd-form")).isDisplayed());
        assertEquals(0, server.leadCount());
        fillRequired("Alex Kim", "alex@example.com");
        submitAndWaitForThanks();
        assertEquals(1, server.leadCount());
        assertEquals("Alex Kim", server.contact(server.onlyLeadId(), "name"));
    }

    @Test
    void tickingSuicidalThoughtsOpensThePanelAtOnceWithoutSubmitting() {
        openDemoAndEnterForm();
        assertFalse(driver.findElement(By.id("crisis")).isDisplayed(), "crisis panel starts closed");

        WebElement box = driver.findElement(By.cssSelector("input[name='conditions'][value='suicidalThoughts']"));
        box.click();
        assertTrue(box.isSelected());

        waiting().until(ExpectedConditions.attributeContains(By.id("crisis"), "class", "cd-crisis--open"));
        waiting().until(ExpectedConditions.visibilityOfElementLocated(By.id("crisis")));
        assertTrue(driver.findElement(By.cssSelector("#crisis a[href='tel:988']")).isDisplayed());
        assertTrue(driver.findElement(By.cssSelector("form.cd-form")).isDisplayed(), "form still there");
        assertTrue(driver.findElements(By.cssSelector("[data-submitted]")).isEmpty(), "nothing submitted");
        assertTrue(driver.findElement(By.id("cd-summary")).getDomAttribute("hidden") != null, "no validation run");
        assertEquals(0, server.leadCount());
    }

    @Test
    void hostPageCannotReadTheFormAndNoCookiesAreSet() {
        openDemoAndEnterForm();
        choose("interest", "tms");
        choose("location", "any");
        goToStep("contact");
        type("f-name", "Private Person");
        driver.switchTo().defaultContent();

        assertNull(js("return document.querySelector('#contact iframe').contentDocument;"), "host reads the iframe's document");
        assertEquals("blocked", js("try { return String(document.querySelector('#contact iframe').contentWindow.document); }"
                + " catch (e) { return 'blocked'; }"));
        assertEquals("", js("return document.cookie;"));
        assertTrue(driver.manage().getCookies().isEmpty(), "host cookies " + driver.manage().getCookies());

        enterFrame();
        assertEquals("", js("return document.cookie;"));
        assertTrue(driver.manage().getCookies().isEmpty(), "iframe cookies " + driver.manage().getCookies());

        // Not after sending either.
        fillRequired("Private Person", "private@example.com");
        submitAndWaitForThanks();
        assertTrue(driver.manage().getCookies().isEmpty(), "iframe cookies after submit " + driver.manage().getCookies());
        driver.switchTo().defaultContent();
        assertNull(js("return document.querySelector('#contact iframe').contentDocument;"));
        assertEquals("", js("return document.cookie;"));
        assertTrue(driver.manage().getCookies().isEmpty(), "host cookies after submit " + driver.manage().getCookies());
    }

    /**
     * A plain host page (not ours) with a strict CSP of its own and two widgets: one placed by
     * {@code data-target}, one where its tag stands. Each is sized on its own and works on its own.
     */
    @Test
    void twoWidgetsOnOnePageUnderAStrictHostCsp() throws Exception {
        String widget = "http://127.0.0.1:" + server.port();
        String page = "<!DOCTYPE html><html><head><meta charset=\"utf-8\">"
                + "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; script-src " + widget
                + "; frame-src " + widget + "\"><title>Host</title></head><body>"
                + "<h1>Contact</h1><div id=\"first-slot\"></div><p id=\"between\">Or use the form below.</p>"
                + "<script src=\"" + widget + "/widget.js\" data-clinic=\"demo\" data-target=\"first-slot\" async></script>"
                + "<section id=\"second\"><script src=\"" + widget + "/widget.js\" data-clinic=\"demo\" async></script></section>"
                + "</body></html>";
        com.sun.net.httpserver.HttpServer host = com.sun.net.httpserver.HttpServer.create(
                new java.net.InetSocketAddress("127.0.0.1", 0), 0);
        host.createContext("/", exchange -> {
            byte[] body = page.getBytes(java.nio.charset.StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "text/html; charset=utf-8");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        host.start();
        try {
            driver.get("http://localhost:" + host.getAddress().getPort() + "/");
            waiting().until(d -> ((Number) js("return document.querySelectorAll('iframe').length;")).intValue() == 2);
            assertEquals(1L, ((Number) js("return document.querySelectorAll('#first-slot > iframe').length;")).longValue());
            assertEquals(1L, ((Number) js("return document.querySelectorAll('#second > iframe').length;")).longValue());

            waiting().until(d -> height("#first-slot iframe") > 900 && height("#second iframe") > 900);
            long first = settled("#first-slot iframe");
            long second = settled("#second iframe");
            assertEquals(first, second, "the same form, the same height");

            driver.switchTo().frame(driver.findElement(By.cssSelector("#second iframe")));
            waiting().until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("form.cd-form")));
            fillRequired("Alex Two", "alex.two@example.com");
            submitAndWaitForThanks();
            driver.switchTo().defaultContent();

            // The request received (and, the demo clinic booking online, the times to pick): shorter than the form.
            waiting().until(d -> height("#second iframe") < first);
            assertEquals(first, height("#first-slot iframe"), "the other widget is untouched");
            assertEquals(1, server.leadCount());
        } finally {
            host.stop(0);
        }
    }

    static long height(String css) {
        driver.switchTo().defaultContent();
        return ((Number) js("return Math.round(document.querySelector(arguments[0]).getBoundingClientRect().height);", css)).longValue();
    }

    static long settled(String css) {
        long[] last = {-1};
        long[] since = {System.nanoTime()};
        return waiting().until(d -> {
            long h = height(css);
            if (h != last[0]) {
                last[0] = h;
                since[0] = System.nanoTime();
                return null;
            }
            return System.nanoTime() - since[0] >= 400_000_000L ? h : null;
        });
    }
}
