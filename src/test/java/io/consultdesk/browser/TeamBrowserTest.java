package io.consultdesk.browser;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetupTest;
import io.consultdesk.staff.Role;
import io.consultdesk.support.Chromium;
import io.consultdesk.support.Mails;
import io.consultdesk.support.StaffClient;
import io.consultdesk.support.TestServer;
import jakarta.mail.internet.MimeMessage;
import java.time.Duration;
import java.util.Arrays;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Inviting someone to a clinic's team in real headless Chromium: the owner signs in, invites a person from the
 * team page; the link is taken from the email as received by a real SMTP server; the invited person opens it
 * in a browser of their own, chooses a password and lands signed in; the same link opened again no longer works.
 */
class TeamBrowserTest {
    static final String OWNER = "owner@bright-harbor.example";
    static final String INVITED = "jamie@bright-harbor.example";
    static final Pattern LINK = Pattern.compile("(https?://\\S+/staff/invitation/[A-Za-z0-9_-]{43})");

    static GreenMail smtp;
    static TestServer server;
    static ChromeDriver driver;

    @BeforeAll
    static void start() {
        smtp = new GreenMail(ServerSetupTest.SMTP.dynamicPort());
        smtp.start();
        server = TestServer.start(TestServer.Builder.defaults().smtp("127.0.0.1", smtp.getSmtp().getPort()));
        driver = Chromium.start(new Dimension(1280, 900), false);
    }

    @AfterAll
    static void stop() {
        try {
            if (driver != null) driver.quit();
        } finally {
            try {
                server.close();
            } finally {
                smtp.stop();
            }
        }
    }

    @Test
    void anOwnerInvitesSomeoneWhoOpensTheLinkSetsAPasswordAndIsSignedIn() {
        String password = StaffClient.addUser(server, OWNER, Role.OWNER, "demo");

        // The owner signs in and opens the team page.
        driver.get(server.url("/staff/clinics/demo/team"));
        waitFor(ExpectedConditions.urlContains("/staff/sign-in"));
        driver.findElement(By.id("email")).sendKeys(OWNER);
        driver.findElement(By.id("password")).sendKeys(password + "\n");
        waitFor(ExpectedConditions.urlContains("/staff/clinics/demo/team"));
        assertEquals("Team", driver.findElement(By.tagName("h1")).getText());

        // Invites Jamie as staff, from the keyboard.
        driver.findElement(By.id("invite-email")).sendKeys(INVITED);
        new Select(driver.findElement(By.id("invite-role"))).selectByVisibleText("Staff");
        driver.findElement(By.cssSelector("#invite button[type=submit]")).sendKeys(" ");
        waitFor(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector(".notice"), "Invitation sent"));
        WebElement pending = driver.findElement(By.cssSelector("tr[data-invite='" + INVITED + "']"));
        assertTrue(pending.getText().contains("Staff") && pending.getText().contains(OWNER), pending.getText());

        // The link from the email, as Jamie receives it.
        assertTrue(smtp.waitForIncomingEmail(15_000, 1), "the invitation arrives");
        MimeMessage mail = Arrays.stream(smtp.getReceivedMessages()).filter(m -> Mails.to(m).equals(INVITED)).findFirst()
                .orElseThrow();
        Matcher link = LINK.matcher(Mails.textParts(mail).get("text/plain"));
        assertTrue(link.find());
        String url = link.group(1);

        // Jamie's own browser (no cookie of the owner's).
        driver.manage().deleteAllCookies();
        driver.get(url);
        assertEquals("Join the team of Bright Harbor Ketamine & TMS", driver.findElement(By.tagName("h1")).getText());
        assertEquals(INVITED, driver.findElement(By.id("email")).getAttribute("value"));
        driver.findElement(By.id("password")).sendKeys("plum orchard lantern 47");
        driver.findElement(By.id("confirm")).sendKeys("plum orchard lantern 47");
        driver.findElement(By.cssSelector("form button[type=submit]")).click();

        waitFor(ExpectedConditions.urlContains("/staff/leads"));
        assertEquals(INVITED, driver.findElement(By.cssSelector(".bar .who")).getText(), "signed in as Jamie");
        assertTrue(driver.findElement(By.cssSelector(".bar nav")).getText().contains("Inbox"));

        // The same link again: it no longer works.
        driver.get(url);
        assertEquals("This invitation link no longer works", driver.findElement(By.tagName("h1")).getText());
        assertTrue(driver.findElement(By.tagName("main")).getText().contains("Ask the person who invited you"));
    }

    private static void waitFor(org.openqa.selenium.support.ui.ExpectedCondition<?> condition) {
        new WebDriverWait(driver, Duration.ofSeconds(15)).until(condition);
    }
}
