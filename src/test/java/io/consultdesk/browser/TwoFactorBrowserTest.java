package io.consultdesk.browser;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.consultdesk.staff.Role;
import io.consultdesk.staff.TwoFactor;
import io.consultdesk.support.Chromium;
import io.consultdesk.support.MutableClock;
import io.consultdesk.support.StaffClient;
import io.consultdesk.support.TestServer;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Two-step sign-in in real headless Chromium (issue 13): a person sets it up from their account page by reading
 * the key off the page (as someone who cannot scan would type it into an app) and typing the code it gives, saves
 * the recovery codes, signs out, signs in with password and code, then once more with a recovery code. The
 * server's clock is the test's, so each sign-in's code is that of a new 30-second step.
 */
class TwoFactorBrowserTest {
    static final String EMAIL = "morgan@bright-harbor.example";
    static final MutableClock CLOCK = new MutableClock(Instant.parse("2026-11-23T09:00:05Z"));
    static TestServer server;
    static ChromeDriver driver;

    @BeforeAll
    static void start() {
        server = TestServer.start(TestServer.Builder.defaults().clock(CLOCK));
        driver = Chromium.start(new Dimension(1280, 900), false);
    }

    @AfterAll
    static void stop() {
        try {
            if (driver != null) driver.quit();
        } finally {
            server.close();
        }
    }

    @Test
    void setUpFromTheAccountPageThenSignInWithACodeAndWithARecoveryCode() {
        String password = StaffClient.addUser(server, EMAIL, Role.STAFF, "demo");

        driver.get(server.url("/staff/account"));
        waitFor(ExpectedConditions.urlContains("/staff/sign-in"));
        signInWithPassword(password);
        waitFor(ExpectedConditions.urlContains("/staff/account"));
        assertEquals("Off", driver.findElement(By.id("two-factor-status")).getText());

        // Set it up: the QR code is drawn inline, the key is on the page to type.
        driver.findElement(By.id("two-factor-start")).click();
        waitFor(ExpectedConditions.presenceOfElementLocated(By.id("totp-secret")));
        WebElement qr = driver.findElement(By.cssSelector(".two-factor-qr svg"));
        assertTrue(qr.isDisplayed() && qr.getSize().getWidth() >= 150, "the QR code is shown: " + qr.getSize());
        String secret = driver.findElement(By.id("totp-secret")).getText().replace(" ", "");
        assertEquals(32, secret.length(), secret);
        driver.findElement(By.id("setup-code")).sendKeys(TwoFactor.codeAt(secret, CLOCK.instant()));
        driver.findElement(By.cssSelector("#two-factor form button[type=submit]")).click();

        waitFor(ExpectedConditions.presenceOfElementLocated(By.id("recovery-codes")));
        List<String> codes = driver.findElements(By.cssSelector("#recovery-codes code")).stream().map(WebElement::getText).toList();
        assertEquals(10, codes.size(), codes.toString());
        driver.findElement(By.id("continue")).click();
        waitFor(ExpectedConditions.textToBe(By.id("two-factor-status"), "On"));

        // Signs out, and in again with password and a code.
        signOut();
        CLOCK.advance(Duration.ofSeconds(30));
        driver.get(server.url("/staff/sign-in"));
        signInWithPassword(password);
        waitFor(ExpectedConditions.urlContains("/staff/sign-in/code"));
        assertEquals("Enter the code from your authenticator app", driver.findElement(By.tagName("h1")).getText());
        driver.findElement(By.id("code")).sendKeys(TwoFactor.codeAt(secret, CLOCK.instant()) + "\n");
        waitFor(ExpectedConditions.urlContains("/staff/leads"));
        assertEquals(EMAIL, driver.findElement(By.cssSelector(".bar .who")).getText(), "signed in");

        // And once more with a recovery code instead of the app.
        signOut();
        driver.get(server.url("/staff/sign-in"));
        signInWithPassword(password);
        waitFor(ExpectedConditions.urlContains("/staff/sign-in/code"));
        driver.findElement(By.id("code")).sendKeys(codes.get(0) + "\n");
        waitFor(ExpectedConditions.urlContains("/staff/leads"));
        driver.get(server.url("/staff/account"));
        assertTrue(driver.findElement(By.id("two-factor")).getText().contains("9 recovery codes left"));
    }

    private static void signInWithPassword(String password) {
        driver.findElement(By.id("email")).sendKeys(EMAIL);
        driver.findElement(By.id("password")).sendKeys(password + "\n");
    }

    private static void signOut() {
        driver.findElement(By.cssSelector("form.signout button")).click();
        waitFor(ExpectedConditions.urlContains("/staff/sign-in?ended=out"));
    }

    private static void waitFor(org.openqa.selenium.support.ui.ExpectedCondition<?> condition) {
        new WebDriverWait(driver, Duration.ofSeconds(15)).until(condition);
    }
}
