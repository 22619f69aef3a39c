package io.consultdesk.browser;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.consultdesk.staff.Role;
import io.consultdesk.support.Chromium;
import io.consultdesk.support.StaffClient;
import io.consultdesk.support.TestServer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
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
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The clinic's embed page in real headless Chromium, as its owner uses it: the preview shows the clinic's form
 * inside the sample page inside the embed page (three documents of this server, each framing the next), and
 * the copy button copies a snippet.
 */
class WebsiteBrowserTest {
    static TestServer server;
    static ChromeDriver driver;
    static String password;

    @BeforeAll
    static void start() {
        server = TestServer.start();
        driver = Chromium.start(new Dimension(1280, 900), false);
        password = StaffClient.addUser(server, "owner@demo-clinic.example", Role.OWNER, "demo");
        driver.get(server.url("/staff/clinics/demo/embed"));
        waiting().until(ExpectedConditions.urlContains("/staff/sign-in"));
        driver.findElement(By.id("email")).sendKeys("owner@demo-clinic.example");
        driver.findElement(By.id("password")).sendKeys(password + "\n");
        waiting().until(ExpectedConditions.urlContains("/staff/clinics/demo/embed"));
    }

    @AfterAll
    static void stop() {
        try {
            if (driver != null) driver.quit();
        } finally {
            server.close();
        }
    }

    @BeforeEach
    void open() {
        driver.switchTo().defaultContent();
        driver.get(server.url("/staff/clinics/demo/embed"));
        waiting().until(ExpectedConditions.presenceOfElementLocated(By.id("inline-heading")));
    }

    static WebDriverWait waiting() {
        return new WebDriverWait(driver, Duration.ofSeconds(15), Duration.ofMillis(50));
    }

    static Object js(String script, Object... args) {
        return ((JavascriptExecutor) driver).executeScript(script, args);
    }

    @Test
    void theInlinePreviewShowsTheClinicsFormInsideTheSamplePageSizedToItsContent() {
        WebElement preview = driver.findElement(By.cssSelector("iframe[data-preview='inline-phone']"));
        js("arguments[0].scrollIntoView({block: 'center'});", preview);
        waiting().until(ExpectedConditions.frameToBeAvailableAndSwitchToIt(preview));
        // The sample page: a plain clinic page carrying the real snippet, whose loader frames the form.
        WebElement formFrame = waiting().until(ExpectedConditions.presenceOfElementLocated(By.cssSelector(".form-card iframe")));
        String src = formFrame.getDomProperty("src");
        assertTrue(src.startsWith(server.url("/embed/demo?host=")), src);
        waiting().until(ExpectedConditions.frameToBeAvailableAndSwitchToIt(By.cssSelector(".form-card iframe")));
        waiting().until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("form.cd-form")));
        assertEquals("Preview — nothing you enter here is sent", driver.findElement(By.cssSelector(".cd-preview")).getText());
        assertEquals("Bright Harbor Ketamine & TMS", driver.findElement(By.cssSelector(".cd-clinic")).getText(), "the clinic's own form");

        // The form talks to the sample page (its host is the server's own origin): the iframe takes the form's height.
        driver.switchTo().parentFrame();
        waiting().withMessage(() -> "the form's iframe sized by its messages").until(d ->
                ((Number) js("return document.querySelector('.form-card iframe').getBoundingClientRect().height;")).doubleValue() > 900);
        assertEquals("", js("return document.cookie;"), "the sample page sets no cookie");
    }

    @Test
    @SuppressWarnings("unchecked")
    void theCopyButtonCopiesTheSnippetAndSaysSoWithTheTextSelected() {
        driver.executeCdpCommand("Browser.grantPermissions", Map.of("origin", server.url(""),
                "permissions", List.of("clipboardReadWrite", "clipboardSanitizedWrite")));
        WebElement area = driver.findElement(By.id("snippet-inline"));
        String snippet = area.getDomProperty("value");
        assertTrue(snippet.startsWith("<script src=\"" + server.url("/widget.js") + "\" data-clinic=\"demo\" async></script>"), snippet);
        WebElement copy = driver.findElement(By.cssSelector("button[data-copy='snippet-inline']"));
        assertTrue(copy.isDisplayed(), "the script shows the copy button");
        js("arguments[0].scrollIntoView({block: 'center'});", copy);
        copy.click();

        WebElement status = copy.findElement(By.xpath("following-sibling::span[@class='copy-status']"));
        waiting().withMessage(() -> "the copy button's confirmation").until(d -> !status.getText().isEmpty());
        assertEquals("Copied", status.getText());
        Map<String, Object> selection = (Map<String, Object>) js("var a = document.getElementById('snippet-inline');"
                + " return {active: document.activeElement === a, start: a.selectionStart, end: a.selectionEnd, length: a.value.length};");
        assertEquals(Boolean.TRUE, selection.get("active"), "the box has the focus");
        assertEquals(0L, ((Number) selection.get("start")).longValue());
        assertEquals(((Number) selection.get("length")).longValue(), ((Number) selection.get("end")).longValue(), "all of it selected");

        // The clipboard itself, where the headless browser lets the page read it back.
        Object clipboard = ((JavascriptExecutor) driver).executeAsyncScript("var done = arguments[arguments.length - 1];"
                + " navigator.clipboard.readText().then(done, function (e) { done('unreadable: ' + e.name); });");
        if (!String.valueOf(clipboard).startsWith("unreadable: ")) {
            assertEquals(snippet, clipboard, "the snippet is on the clipboard");
        }
    }
}
