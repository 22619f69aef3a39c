package io.consultdesk.browser;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetupTest;
import io.consultdesk.support.Chromium;
import io.consultdesk.support.Mails;
import io.consultdesk.support.TestServer;
import jakarta.mail.internet.MimeMessage;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
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
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The screening steps and the crisis path as a visitor on a phone meets them: the demo clinic page on
 * {@code localhost} embeds the form from {@code 127.0.0.1} (another origin), in real headless Chromium; and
 * the same form with JavaScript off.
 */
class ScreeningBrowserTest {
    static final Dimension PHONE = new Dimension(390, 844);
    static final List<String> CRISIS_LINKS = List.of("tel:988", "sms:988", "sms:741741?body=HOME", "tel:911");

    static TestServer server;
    static ChromeDriver driver;
    /** A real SMTP server: the urgent alert must be the first email of an urgent request to arrive. */
    static GreenMail smtp;

    @BeforeAll
    static void start() {
        smtp = new GreenMail(ServerSetupTest.SMTP.dynamicPort());
        smtp.start();
        server = TestServer.start(TestServer.Builder.defaults().smtp("127.0.0.1", smtp.getSmtp().getPort()));
        driver = chrome(false);
    }

    @AfterAll
    static void stop() {
        try {
            if (driver != null) driver.quit();
        } finally {
            if (server != null) server.close();
            if (smtp != null) smtp.stop();
        }
    }

    @BeforeEach
    void clean() {
        server.clearLeads();
        driver.switchTo().defaultContent();
        driver.manage().window().setSize(PHONE);
    }

    static ChromeDriver chrome(boolean javaScriptOff) {
        return Chromium.start(PHONE, javaScriptOff);
    }

    // --- helpers ---

    static WebDriverWait waiting() {
        return waiting(driver);
    }

    static WebDriverWait waiting(WebDriver d) {
        return new WebDriverWait(d, Duration.ofSeconds(10), Duration.ofMillis(50));
    }

    static Object js(String script, Object... args) {
        return ((JavascriptExecutor) driver).executeScript(script, args);
    }

    static void openDemoAndEnterForm() {
        driver.switchTo().defaultContent();
        driver.get("http://localhost:" + server.port() + "/demo");
        waiting().until(ExpectedConditions.frameToBeAvailableAndSwitchToIt(By.cssSelector("#contact iframe")));
        waiting().until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("form.cd-form")));
        waiting().until(d -> "about".equals(currentStep()));
    }

    static WebElement shownStep() {
        return driver.findElement(By.cssSelector(".cd-form [data-step]:not([hidden])"));
    }

    static String currentStep() {
        List<WebElement> shown = driver.findElements(By.cssSelector(".cd-form [data-step]:not([hidden])"));
        return shown.size() == 1 ? shown.get(0).getDomAttribute("data-step") : null;
    }

    static String progressText() {
        return driver.findElement(By.id("cd-progress-text")).getText();
    }

    static void press(String button) {
        String from = currentStep();
        shownStep().findElement(By.cssSelector("[data-" + button + "]")).click();
        waiting().withMessage(() -> button + " from " + from).until(d -> currentStep() != null && !from.equals(currentStep()));
    }

    static WebElement radio(String name, String value) {
        return driver.findElement(By.cssSelector("input[name='" + name + "'][value='" + value + "']"));
    }

    static void choose(String name, String value) {
        WebElement radio = radio(name, value);
        radio.click();
        assertTrue(radio.isSelected(), name + "=" + value + " selected");
    }

    static void type(String id, String text) {
        WebElement input = driver.findElement(By.id(id));
        input.clear();
        input.sendKeys(text);
    }

    static void fillContact(String name, String email) {
        type("f-name", name);
        type("f-email", email);
        choose("preferredContact", "email");
        new Select(driver.findElement(By.id("f-state"))).selectByValue("CA");
        driver.findElement(By.id("f-adult")).click();
        driver.findElement(By.id("f-consent")).click();
    }

    static void submitAndWaitForThanks() {
        driver.findElement(By.cssSelector(".cd-submit")).click();
        waiting().withMessage(() -> "thank-you block after submitting")
                .until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("[data-submitted] #thanks-heading")));
    }

    static void assertCrisisLinks(WebElement panel) {
        List<WebElement> actions = panel.findElements(By.cssSelector("a[href^='tel:'], a[href^='sms:']"));
        assertEquals(CRISIS_LINKS, actions.stream().map(a -> a.getDomAttribute("href")).collect(Collectors.toList()));
        for (WebElement a : actions) {
            assertTrue(a.isDisplayed(), a.getDomAttribute("href") + " visible");
            assertFalse(a.getText().isBlank(), a.getDomAttribute("href") + " has a label");
        }
    }

    /** Where an element of the form is in the host page's viewport (the frame has no scrolling of its own). */
    static long topInHostViewport(String id) {
        long inFrame = ((Number) js("return Math.round(document.getElementById(arguments[0]).getBoundingClientRect().top);", id)).longValue();
        driver.switchTo().defaultContent();
        long frameTop = ((Number) js("return Math.round(document.querySelector('#contact iframe').getBoundingClientRect().top);")).longValue();
        driver.switchTo().frame(driver.findElement(By.cssSelector("#contact iframe")));
        return frameTop + inFrame;
    }

    /** Waits until the element's top is on screen in the clinic's page, in its upper part. */
    static void assertBroughtIntoView(String id) {
        long viewport = hostViewportHeight();
        long[] last = {0};
        waiting().withMessage(() -> "#" + id + " in the host page's viewport (top at " + last[0] + " of " + viewport + ")").until(d -> {
            last[0] = topInHostViewport(id);
            return last[0] >= 0 && last[0] < viewport - 150;
        });
    }

    static long hostViewportHeight() {
        driver.switchTo().defaultContent();
        long h = ((Number) js("return window.innerHeight;")).longValue();
        driver.switchTo().frame(driver.findElement(By.cssSelector("#contact iframe")));
        return h;
    }

    static Map<String, Object> theLead() {
        return server.leadRow(server.onlyLeadId());
    }

    // --- tests ---

    @Test
    void item9AboveZeroOpensTheCrisisPanelAtOnceAndTheRequestIsUrgent() {
        openDemoAndEnterForm();
        choose("interest", "ketamine");
        choose("location", "any");
        press("next");
        assertEquals("feelings", currentStep());
        WebElement panel = driver.findElement(By.id("crisis"));
        assertFalse(panel.isDisplayed(), "crisis panel starts closed");

        // Far down the second step, the visitor answers item 9 with "Several days".
        WebElement severalDays = radio("phq9", "1");
        assertEquals("Several days", severalDays.findElement(By.xpath("..")).getText().trim());
        js("arguments[0].scrollIntoView({block: 'center'});", severalDays);
        severalDays.click();
        assertTrue(severalDays.isSelected());

        waiting().until(ExpectedConditions.attributeContains(By.id("crisis"), "class", "cd-crisis--open"));
        waiting().until(ExpectedConditions.visibilityOf(panel));
        assertCrisisLinks(panel);
        // Brought into view on the clinic's page, although the visitor was deep in the step.
        assertBroughtIntoView("crisis-heading");
        // Not trapped: focus stays on the answer, nothing was sent, and the visitor can carry on.
        assertEquals("phq9", js("return document.activeElement.name;"));
        assertEquals(0, server.leadCount());
        assertTrue(driver.findElements(By.cssSelector("[data-submitted]")).isEmpty());

        press("next");
        assertEquals("safety", currentStep());
        assertBroughtIntoView("step-safety");
        press("next");
        assertEquals("contact", currentStep());
        assertTrue(driver.findElement(By.id("crisis")).isDisplayed(), "the panel stays open on later steps");
        fillContact("Robin Day", "robin@example.com");
        submitAndWaitForThanks();

        WebElement after = driver.findElement(By.id("crisis"));
        assertTrue(after.isDisplayed(), "the panel is open on the thank-you page too");
        assertCrisisLinks(after);
        Map<String, Object> lead = theLead();
        assertEquals(1, ((Number) lead.get("urgent")).intValue());
        assertEquals(0, ((Number) lead.get("priority")).intValue(), "urgent sorts first");
        assertEquals(0, ((Number) lead.get("help_now")).intValue(), "item 9, not the help link");

        // The urgent alert is the first of this request's emails to arrive, and it says nothing about the person.
        String leadId = server.jdbi().withHandle(h -> h.createQuery("SELECT id FROM lead").mapTo(String.class).one());
        String link = "/staff/leads/" + leadId;
        waiting().withTimeout(Duration.ofSeconds(20)).until(d -> java.util.Arrays.stream(smtp.getReceivedMessages())
                .filter(m -> Mails.everything(m).contains(link)).count() == 2);
        MimeMessage first = java.util.Arrays.stream(smtp.getReceivedMessages())
                .filter(m -> Mails.everything(m).contains(link)).findFirst().orElseThrow();
        assertEquals("oncall@demo-clinic.example", Mails.to(first));
        assertTrue(Mails.subject(first).startsWith("Urgent consultation request"), Mails.subject(first));
        String everything = Mails.everything(first);
        for (String phi : List.of("Robin", "Robin Day", "robin@example.com", "Several days", "suicid", "epress", "ketamine infusion")) {
            assertFalse(everything.contains(phi), "\"" + phi + "\" must not appear in the urgent alert");
        }
    }

    @Test
    void stepsShowProgressMoveFocusAndBackKeepsEveryAnswer() {
        openDemoAndEnterForm();
        WebElement bar = driver.findElement(By.cssSelector("[role='progressbar']"));
        assertEquals("Step 1 of 4", progressText());
        assertEquals("1", bar.getDomAttribute("aria-valuenow"));
        assertEquals("4", bar.getDomAttribute("aria-valuemax"));
        assertEquals(1, driver.findElements(By.cssSelector(".cd-form [data-step]:not([hidden])")).size(), "one step at a time");
        assertFalse(driver.findElement(By.cssSelector(".cd-submit")).isDisplayed(), "the send button waits for the last step");

        // Next checks the step's required answers, and only those.
        shownStep().findElement(By.cssSelector("[data-next]")).click();
        assertEquals("about", currentStep());
        assertTrue(driver.findElement(By.id("f-interest-error")).isDisplayed(), "interest error shown");
        assertEquals("interest", js("return document.activeElement.name;"));

        choose("interest", "tms");
        choose("location", "los-angeles");
        driver.findElement(By.cssSelector("input[name='conditions'][value='depression']")).click();
        choose("antidepressantTrials", "2");
        press("next");
        assertEquals("Step 2 of 4", progressText());
        assertEquals("2", bar.getDomAttribute("aria-valuenow"));
        assertEquals("Step 2 of 4", bar.getDomAttribute("aria-valuetext"));
        assertEquals("step-feelings", js("return document.activeElement.id;"), "focus on the step's heading");
        assertBroughtIntoView("step-feelings");
        assertFalse(driver.findElement(By.id("step-about")).isDisplayed());
        assertTrue(driver.findElement(By.cssSelector("#f-phq1 legend")).isDisplayed());
        // The bar's width moves in a 0.2 s transition: wait for it to settle, then check where it stopped
        String ratio = "return Math.round(document.querySelector('#cd-bar span').getBoundingClientRect().width"
                + " / document.getElementById('cd-bar').getBoundingClientRect().width * 100);";
        waiting().until(d -> {
            long first = ((Number) js(ratio)).longValue();
            try {
                Thread.sleep(250);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return first == ((Number) js(ratio)).longValue();
        });
        assertEquals(50, ((Number) js(ratio)).longValue(), "the bar is half full on step 2 of 4");

        choose("phq1", "2");
        choose("gad3", "1");
        choose("phqDifficulty", "somewhat");
        press("next");
        assertEquals("Step 3 of 4", progressText());
        assertEquals("step-safety", js("return document.activeElement.id;"));
        assertBroughtIntoView("step-safety");
        choose("safety.seizures", "no");
        choose("safety.pregnancy", "notSure");

        press("back");
        assertEquals("Step 2 of 4", progressText());
        assertEquals("step-feelings", js("return document.activeElement.id;"));
        assertTrue(radio("phq1", "2").isSelected(), "PHQ answer kept");
        assertTrue(radio("gad3", "1").isSelected(), "GAD answer kept");
        assertTrue(radio("phqDifficulty", "somewhat").isSelected());
        press("back");
        assertEquals("Step 1 of 4", progressText());
        assertTrue(radio("interest", "tms").isSelected());
        assertTrue(radio("antidepressantTrials", "2").isSelected(), "trials kept");
        assertTrue(driver.findElement(By.cssSelector("input[name='conditions'][value='depression']")).isSelected());
        assertTrue(driver.findElements(By.cssSelector(".cd-form [data-step]:not([hidden]) [data-back]")).isEmpty(), "no Back on step 1");

        press("next");
        press("next");
        assertTrue(radio("safety.seizures", "no").isSelected(), "safety answer kept");
        press("next");
        assertEquals("Step 4 of 4", progressText());
        assertTrue(driver.findElement(By.cssSelector(".cd-submit")).isDisplayed());
        assertTrue(driver.findElements(By.cssSelector(".cd-form [data-step]:not([hidden]) [data-next]")).isEmpty(), "no Next on the last step");
        fillContact("Sam Rivers", "sam@example.com");
        submitAndWaitForThanks();
        assertFalse(driver.findElement(By.id("crisis")).isDisplayed(), "no crisis signal, no panel");
        Map<String, Object> lead = theLead();
        assertEquals(0, ((Number) lead.get("urgent")).intValue());
        Object screening = server.leadRow(server.onlyLeadId()).get("screening");
        assertNotNull(screening, "the answers given on earlier steps were sent");
    }

    @Test
    void screeningCanBeSkippedEntirely() {
        openDemoAndEnterForm();
        choose("interest", "unsure");
        choose("location", "any");
        press("next");
        press("next");
        assertEquals("safety", currentStep());
        press("next");
        fillContact("Jo Park", "jo@example.com");
        submitAndWaitForThanks();
        assertEquals(1, server.leadCount());
        Map<String, Object> lead = server.leadRow(server.onlyLeadId());
        assertNull(lead.get("screening"), "nothing answered, nothing stored");
        assertEquals(0, ((Number) lead.get("urgent")).intValue());
    }

    @Test
    void aProblemFoundByTheServerTakesTheVisitorToItsStep() {
        openDemoAndEnterForm();
        choose("interest", "tms");
        choose("location", "any");
        press("next");
        // A tampered answer (the form offers only 0 to 3), which only the server can refuse.
        WebElement tampered = radio("phq3", "3");
        js("arguments[0].value = '7';", tampered);
        tampered.click();
        press("next");
        press("next");
        fillContact("Lee Tamper", "lee@example.com");
        driver.findElement(By.cssSelector(".cd-submit")).click();

        WebElement summary = waiting().until(ExpectedConditions.visibilityOfElementLocated(By.id("cd-summary")));
        assertTrue(summary.getText().contains("Some of your answers to the questionnaire could not be read."), summary.getText());
        waiting().until(d -> "feelings".equals(currentStep()));
        assertEquals("Step 2 of 4", progressText());
        assertEquals("Lee Tamper", driver.findElement(By.id("f-name")).getDomProperty("value"), "answers kept");
        assertEquals(0, server.leadCount());
    }

    @Test
    void theHelpLinkOpensThePanelOnAnyStepAndMarksTheRequestUrgent() {
        openDemoAndEnterForm();
        choose("interest", "tms");
        choose("location", "any");
        press("next");
        press("next");
        assertEquals("safety", currentStep());

        driver.findElement(By.cssSelector("[data-crisis-open]")).click();
        WebElement panel = waiting().until(ExpectedConditions.visibilityOfElementLocated(By.id("crisis")));
        assertCrisisLinks(panel);
        assertEquals("crisis", js("return document.activeElement.id;"), "focus on the panel");
        assertEquals("true", driver.findElement(By.cssSelector("input[name='helpNow']")).getDomProperty("value"));
        assertBroughtIntoView("crisis-heading");
        assertEquals("safety", currentStep(), "the form stays where the visitor was");

        // "Back to the form" closes the panel without losing the step.
        driver.findElement(By.cssSelector("[data-crisis-close]")).click();
        waiting().until(ExpectedConditions.invisibilityOf(panel));
        assertEquals("safety", currentStep());
        press("next");
        fillContact("Ari Help", "ari@example.com");
        submitAndWaitForThanks();
        Map<String, Object> lead = theLead();
        assertEquals(1, ((Number) lead.get("urgent")).intValue());
        assertEquals(1, ((Number) lead.get("help_now")).intValue());
    }

    @Test
    void withJavaScriptOffItem9OpensThePanelOnThePageAfterSubmitting() {
        ChromeDriver noJs = chrome(true);
        try {
            String url = "http://127.0.0.1:" + server.port() + "/embed/demo?host="
                    + URLEncoder.encode("http://localhost:" + server.port(), StandardCharsets.UTF_8);
            noJs.get(url);
            waiting(noJs).until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("form.cd-form")));
            // One long form: every section on show, no step buttons, the progress bar hidden.
            for (String step : List.of("about", "feelings", "safety", "contact")) {
                assertTrue(noJs.findElement(By.cssSelector("[data-step='" + step + "']")).isDisplayed(), step + " shown");
            }
            assertFalse(noJs.findElement(By.id("cd-progress")).isDisplayed());
            assertTrue(noJs.findElements(By.cssSelector("[data-next]")).stream().noneMatch(WebElement::isDisplayed));
            WebElement panel = noJs.findElement(By.id("crisis"));
            assertFalse(panel.isDisplayed(), "closed before sending");

            noJs.findElement(By.cssSelector("input[name='interest'][value='ketamine']")).click();
            noJs.findElement(By.cssSelector("input[name='location'][value='any']")).click();
            noJs.findElement(By.cssSelector("input[name='phq9'][value='1']")).click();
            assertFalse(noJs.findElement(By.id("crisis")).isDisplayed(), "without JavaScript nothing opens before the post");
            noJs.findElement(By.id("f-name")).sendKeys("Noa Script");
            noJs.findElement(By.id("f-email")).sendKeys("noa@example.com");
            noJs.findElement(By.cssSelector("input[name='preferredContact'][value='email']")).click();
            new Select(noJs.findElement(By.id("f-state"))).selectByValue("CA");
            noJs.findElement(By.id("f-adult")).click();
            noJs.findElement(By.id("f-consent")).click();
            noJs.findElement(By.cssSelector(".cd-submit")).click();

            waiting(noJs).until(ExpectedConditions.visibilityOfElementLocated(By.id("thanks-heading")));
            WebElement after = noJs.findElement(By.id("crisis"));
            assertTrue(after.isDisplayed(), "crisis panel open on the thank-you page");
            List<WebElement> actions = after.findElements(By.cssSelector("a[href^='tel:'], a[href^='sms:']"));
            assertEquals(CRISIS_LINKS, actions.stream().map(a -> a.getDomAttribute("href")).collect(Collectors.toList()));
            assertTrue(actions.stream().allMatch(WebElement::isDisplayed));
            Map<String, Object> lead = theLead();
            assertEquals(1, ((Number) lead.get("urgent")).intValue());
        } finally {
            noJs.quit();
        }
    }
}
