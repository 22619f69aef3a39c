package io.consultdesk.browser;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.consultdesk.staff.Role;
import io.consultdesk.support.Chromium;
import io.consultdesk.support.Leads;
import io.consultdesk.support.StaffClient;
import io.consultdesk.support.TestServer;
import java.time.Duration;
import java.util.List;
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
 * The dashboard in real headless Chromium, keyboard first: a staff member follows the link of an urgent
 * alert, signs in, lands on the lead, goes back to the inbox where the urgent lead is at the top,
 * acknowledges it and moves it along the pipeline. No JavaScript is involved: the pages are plain forms.
 */
class DashboardBrowserTest {
    static TestServer server;
    static ChromeDriver driver;

    @BeforeAll
    static void start() {
        server = TestServer.start();
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

    private static String submit(String name, String email, boolean helpNow) {
        String json = Leads.validJson().replace("Jordan Rivera", name).replace("jordan@example.com", email)
                .replace("\"smsConsent\": true", "\"smsConsent\": true, \"helpNow\": " + helpNow);
        var r = server.postJson("/api/v1/clinics/demo/leads", json);
        assertEquals(201, r.statusCode(), r.body());
        return r.body().replaceAll(".*\"id\":\"([^\"]+)\".*", "$1");
    }

    @Test
    void signInFindTheUrgentLeadFirstAcknowledgeItAndMoveItAlong() {
        submit("Routine Older", "older@example.com", false);
        String urgent = submit("Riley Urgent", "riley@example.com", true);
        submit("Routine Newer", "newer@example.com", false);
        String password = StaffClient.addUser(server, "nurse@demo-clinic.example", Role.STAFF, "demo");

        // The link of the urgent alert email, opened signed out, leads to sign-in and then to the lead.
        driver.get(server.url("/staff/leads/" + urgent));
        wait(ExpectedConditions.urlContains("/staff/sign-in"));
        driver.findElement(By.id("email")).sendKeys("nurse@demo-clinic.example");
        driver.findElement(By.id("password")).sendKeys(password + "\n");
        wait(ExpectedConditions.urlContains("/staff/leads/" + urgent));
        assertEquals("Riley Urgent", driver.findElement(By.tagName("h1")).getText());
        assertTrue(driver.findElement(By.id("urgent-heading")).getText().startsWith("Urgent"));

        // The inbox puts the urgent, unacknowledged lead at the top although it is not the oldest.
        driver.findElement(By.cssSelector(".bar nav a[href='/staff/leads']")).click();
        wait(ExpectedConditions.presenceOfElementLocated(By.cssSelector("table.leads")));
        List<WebElement> rows = driver.findElements(By.cssSelector("table.leads tbody tr"));
        assertEquals(3, rows.size());
        assertTrue(rows.get(0).getText().contains("Riley Urgent"), rows.get(0).getText());
        assertTrue(rows.get(0).getAttribute("class").contains("waiting"));
        assertTrue(driver.findElement(By.cssSelector(".bar nav")).getText().contains("1 urgent"));

        // Acknowledge it, by keyboard.
        rows.get(0).findElement(By.linkText("Riley Urgent")).click();
        wait(ExpectedConditions.presenceOfElementLocated(By.cssSelector("button.danger")));
        driver.findElement(By.cssSelector("button.danger")).sendKeys(" ");
        wait(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector(".notice"), "Acknowledged"));
        assertTrue(driver.findElement(By.id("urgent-heading")).getText().contains("acknowledged"));
        assertTrue(driver.findElements(By.cssSelector("button.danger")).isEmpty());

        // Move it to "Contacted"; the status and the timeline say so.
        new Select(driver.findElement(By.id("status-select"))).selectByVisibleText("Contacted");
        driver.findElement(By.cssSelector("#status button[type=submit]")).click();
        wait(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector(".notice"), "Status saved"));
        assertEquals("Contacted", driver.findElement(By.cssSelector(".pill.status")).getText());
        String timeline = driver.findElement(By.cssSelector("ol.timeline")).getText();
        assertTrue(timeline.contains("Acknowledged"), timeline);
        assertTrue(timeline.contains("Status: New → Contacted"), timeline);

        // Back in the inbox the acknowledged lead is no longer held at the top as waiting.
        driver.findElement(By.cssSelector(".bar nav a[href='/staff/leads']")).click();
        wait(ExpectedConditions.presenceOfElementLocated(By.cssSelector("table.leads")));
        assertTrue(driver.findElements(By.cssSelector("tr.waiting")).isEmpty());
        assertFalse(driver.findElement(By.cssSelector(".bar nav")).getText().contains("urgent"));
        // The status change is audited with the request; the acknowledgement without it (only urgent requests have
        // one, so its id would tell a reader of the file who was in crisis) and kept in the request's sealed triage.
        assertEquals(1L, (long) server.jdbi().withHandle(h -> h.createQuery(
                "SELECT count(*) FROM audit_log WHERE lead_id = :id AND action = 'lead.statusChanged'")
                .bind("id", urgent).mapTo(Long.class).one()));
        assertEquals(1L, (long) server.jdbi().withHandle(h -> h.createQuery(
                "SELECT count(*) FROM audit_log WHERE lead_id IS NULL AND action = 'lead.acknowledged'").mapTo(Long.class).one()));
        assertNotNull(server.triage(urgent).acknowledgedAt());

        // Book a phone consultation for the lead from its page: the card, the timeline and the consultations list show it.
        driver.findElement(By.linkText("Riley Urgent")).click();
        driver.findElement(By.linkText("Book a consultation")).click();
        driver.findElement(By.partialLinkText("Free 15-minute phone consultation")).click();
        WebElement first = driver.findElement(By.cssSelector("fieldset.slots input[type=radio]"));
        String start = first.getAttribute("value");
        driver.findElement(By.cssSelector("label[for='" + first.getAttribute("id") + "']")).click();
        assertTrue(first.isSelected());
        driver.findElement(By.cssSelector("form.pick button[type=submit]")).sendKeys(" ");
        wait(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector(".notice"), "Consultation booked"));
        String card = driver.findElement(By.id("consultation")).getText();
        assertTrue(card.contains("Free 15-minute phone consultation") && card.contains("by phone, Los Angeles")
                && card.contains("Booked by staff"), card);
        assertEquals("Consultation scheduled", driver.findElement(By.cssSelector(".pill.status")).getText());
        assertTrue(driver.findElement(By.cssSelector("ol.timeline")).getText().contains("Consultation booked for"));
        driver.get(server.url("/staff/consultations?view=day&date=" + start.substring(0, 10)));
        assertTrue(driver.findElement(By.cssSelector("table.consultations")).getText().contains("Riley Urgent"));
        driver.findElement(By.cssSelector("table.consultations")).findElement(By.linkText("Riley Urgent")).click();
        wait(ExpectedConditions.urlContains("/staff/leads/" + urgent));
    }

    private static void wait(org.openqa.selenium.support.ui.ExpectedCondition<?> condition) {
        new WebDriverWait(driver, Duration.ofSeconds(10)).until(condition);
    }
}
