package io.consultdesk.browser;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpServer;
import io.consultdesk.audit.Actor;
import io.consultdesk.clinic.ClinicFile;
import io.consultdesk.clinic.ClinicService;
import io.consultdesk.staff.Role;
import io.consultdesk.support.Chromium;
import io.consultdesk.support.StaffClient;
import io.consultdesk.support.TestServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * A clinic's owner at the settings pages in real headless Chromium: the offer line and the colour seen in the preview
 * (inside its frame) before saving, then on the embedded form; a website added to the allowed ones, after which a
 * page on that site (a new origin, served here) may frame the form, which it could not before.
 */
class SettingsBrowserTest {
    static TestServer server;
    static ChromeDriver driver;
    static HttpServer host;
    static String demoOwnerPassword;
    static String northOwnerPassword;

    @BeforeAll
    static void start() throws IOException {
        server = TestServer.start();
        ObjectNode north = ClinicFile.tree(ClinicService.demoClinic());
        north.put("slug", "north-shore");
        north.put("name", "North Shore TMS");
        north.putArray("allowedOrigins").add("https://north-shore.example");
        server.app().clinics().create(north, Actor.SYSTEM);
        demoOwnerPassword = StaffClient.addUser(server, "owner@demo-clinic.example", Role.OWNER, "demo");
        northOwnerPassword = StaffClient.addUser(server, "owner@north-shore.example", Role.OWNER, "north-shore");
        // A clinic's website on an origin no clinic allows yet: another loopback address, its own port.
        host = HttpServer.create(new InetSocketAddress("127.0.0.2", 0), 0);
        host.createContext("/", exchange -> {
            String origin = hostOrigin();
            String src = server.url("/embed/north-shore?host=" + URLEncoder.encode(origin, StandardCharsets.UTF_8));
            byte[] page = ("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>North Shore TMS</title></head><body>"
                    + "<h1>Contact us</h1><iframe id=\"widget\" title=\"Consultation request\" width=\"600\" height=\"800\" src=\"" + src
                    + "\"></iframe><script>document.getElementById('widget').addEventListener('load', function () {"
                    + " document.body.setAttribute('data-loaded', 'true'); });</script></body></html>")
                    .getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "text/html; charset=utf-8");
            exchange.sendResponseHeaders(200, page.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(page);
            }
        });
        host.start();
        driver = Chromium.start(new Dimension(1280, 1000), false);
    }

    @AfterAll
    static void stop() {
        try {
            if (driver != null) driver.quit();
        } finally {
            if (host != null) host.stop(0);
            server.close();
        }
    }

    @AfterEach
    void signOut() {
        driver.switchTo().defaultContent();
        driver.get(server.url("/staff/sign-in"));
        driver.manage().deleteAllCookies();
    }

    static String hostOrigin() {
        return "http://127.0.0.2:" + host.getAddress().getPort();
    }

    static WebDriverWait waiting() {
        return new WebDriverWait(driver, Duration.ofSeconds(15), Duration.ofMillis(50));
    }

    static void signIn(String email, String password) {
        driver.get(server.url("/staff/sign-in"));
        driver.findElement(By.id("email")).sendKeys(email);
        driver.findElement(By.id("password")).sendKeys(password + "\n");
        waiting().until(d -> !d.getCurrentUrl().contains("/staff/sign-in"));
    }

    static void type(String id, String text) {
        WebElement field = driver.findElement(By.id(id));
        field.clear();
        field.sendKeys(text);
    }

    static String css(WebElement e, String property) {
        return (String) ((JavascriptExecutor) driver).executeScript(
                "return getComputedStyle(arguments[0]).getPropertyValue(arguments[1]);", e, property);
    }

    /** Opens the phone-width preview frame and waits for the form inside it. */
    static void enterPreview(String which) {
        driver.switchTo().defaultContent();
        waiting().until(ExpectedConditions.frameToBeAvailableAndSwitchToIt(By.cssSelector(".preview--" + which + " iframe")));
        waiting().until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("form.cd-form")));
    }

    @Test
    void theOfferAndTheColourAreSeenInThePreviewThenLiveOnTheForm() {
        signIn("owner@demo-clinic.example", demoOwnerPassword);
        int before = server.app().clinics().version("demo").orElseThrow();

        driver.get(server.url("/staff/clinics/demo/settings/profile"));
        type("f-offer", "Free 20-minute call with a nurse");
        driver.findElement(By.cssSelector("button[formaction$='/profile/preview']")).click();
        enterPreview("phone");
        assertEquals("Free 20-minute call with a nurse", driver.findElement(By.cssSelector(".cd-offer")).getText());
        assertEquals("Preview — nothing you enter here is sent", driver.findElement(By.cssSelector(".cd-preview")).getText());
        assertEquals(390L, ((Number) ((JavascriptExecutor) driver).executeScript("return window.innerWidth;")).longValue(),
                "a phone's width");
        enterPreview("desktop");
        assertEquals("Free 20-minute call with a nurse", driver.findElement(By.cssSelector(".cd-offer")).getText());
        driver.switchTo().defaultContent();
        assertEquals(before, server.app().clinics().version("demo").orElseThrow(), "the preview saved nothing");

        driver.findElement(By.cssSelector("button[value='edit']")).click();
        waiting().until(ExpectedConditions.urlContains("/settings/profile"));
        assertEquals("Free 20-minute call with a nurse", driver.findElement(By.id("f-offer")).getAttribute("value"),
                "back to editing with the unsaved value");
        driver.findElement(By.cssSelector(".form-actions button.primary")).click();
        waiting().until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector(".notice"), "Saved as version"));
        assertTrue(driver.findElement(By.cssSelector(".notice")).getText().contains("Offer line"));

        driver.get(server.url("/staff/clinics/demo/settings/branding"));
        type("f-brandColor", "#225560");
        assertEquals("#225560", driver.findElement(By.id("f-brandColorPicker")).getAttribute("value"), "the picker follows the text");
        driver.findElement(By.cssSelector("button[formaction$='/branding/preview']")).click();
        enterPreview("phone");
        WebElement offer = driver.findElement(By.cssSelector(".cd-offer"));
        assertEquals("Free 20-minute call with a nurse", offer.getText());
        assertEquals("rgb(34, 85, 96)", css(offer, "background-color"), "the unsaved colour");
        WebElement submit = driver.findElement(By.cssSelector(".cd-submit"));
        assertFalse(submit.isEnabled(), "nothing can be sent from the preview");
        driver.switchTo().defaultContent();
        driver.findElement(By.cssSelector(".preview-actions button.primary")).click();
        waiting().until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector(".notice"), "Saved as version"));
        assertEquals(before + 2, server.app().clinics().version("demo").orElseThrow());

        driver.get(server.url("/embed/demo"));
        WebElement live = waiting().until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector(".cd-offer")));
        assertEquals("Free 20-minute call with a nurse", live.getText());
        assertEquals("rgb(34, 85, 96)", css(live, "background-color"));
        assertTrue(driver.findElements(By.cssSelector(".cd-preview")).isEmpty(), "the real form is no preview");
    }

    @Test
    void aWebsiteAddedMayFrameTheFormWhichItCouldNotBefore() {
        driver.get(hostOrigin() + "/");
        waiting().until(ExpectedConditions.attributeToBe(By.tagName("body"), "data-loaded", "true"));
        driver.switchTo().frame(driver.findElement(By.id("widget")));
        assertTrue(driver.findElements(By.cssSelector("form.cd-form")).isEmpty(), "refused: its document is not the form");
        driver.switchTo().defaultContent();

        signIn("owner@north-shore.example", northOwnerPassword);
        driver.get(server.url("/staff/clinics/north-shore/settings/websites"));
        WebElement origins = driver.findElement(By.id("f-allowedOrigins"));
        origins.sendKeys("\n" + hostOrigin());
        driver.findElement(By.cssSelector(".form-actions button.primary")).click();
        waiting().until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector(".notice"), "Saved as version"));
        assertTrue(server.app().clinics().find("north-shore").orElseThrow().allowedOrigins().contains(hostOrigin()));

        driver.get(hostOrigin() + "/");
        waiting().until(ExpectedConditions.attributeToBe(By.tagName("body"), "data-loaded", "true"));
        waiting().until(ExpectedConditions.frameToBeAvailableAndSwitchToIt(By.id("widget")));
        WebElement form = waiting().until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("form.cd-form")));
        assertTrue(form.isDisplayed());
        assertEquals("North Shore TMS", driver.findElement(By.cssSelector(".cd-clinic")).getText());
    }
}
