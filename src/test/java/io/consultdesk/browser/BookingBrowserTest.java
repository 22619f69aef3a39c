package io.consultdesk.browser;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.consultdesk.booking.BookingDao;
import io.consultdesk.staff.Role;
import io.consultdesk.support.Chromium;
import io.consultdesk.support.MutableClock;
import io.consultdesk.support.StaffClient;
import io.consultdesk.support.TestServer;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Booking the free consultation as a visitor in New York does it, in real headless Chromium with its clock
 * in New York, through the demo clinic's page (the widget on another origin): send the form, pick a time in
 * the iframe (keyboard), book it, see the confirmation; staff then see the lead as scheduled. The server's
 * clock is fixed at Monday 2026-11-16, 8:00 in Los Angeles.
 */
class BookingBrowserTest {
    static MutableClock clock;
    static TestServer server;
    static ChromeDriver driver;

    @BeforeAll
    static void start() {
        clock = new MutableClock(Instant.parse("2026-11-16T16:00:00Z"));
        server = TestServer.start(TestServer.Builder.defaults().clock(clock));
        driver = Chromium.start(new Dimension(1280, 900), false, "America/New_York");
    }

    @AfterAll
    static void stop() {
        try {
            if (driver != null) driver.quit();
        } finally {
            if (server != null) server.close();
        }
    }

    static WebDriverWait waiting() {
        // The booking part of the page is replaced as the visitor goes: an element read mid-swap is read again.
        WebDriverWait wait = new WebDriverWait(driver, Duration.ofSeconds(10), Duration.ofMillis(50));
        wait.ignoring(StaleElementReferenceException.class);
        return wait;
    }

    static Object js(String script, Object... args) {
        return ((JavascriptExecutor) driver).executeScript(script, args);
    }

    static String currentStep() {
        return driver.findElement(By.cssSelector(".cd-form [data-step]:not([hidden])")).getDomAttribute("data-step");
    }

    static String text(String css) {
        return driver.findElement(By.cssSelector(css)).getText();
    }

    @Test
    void pickATimeInTheWidgetBookItAndStaffSeeItScheduled() {
        driver.get("http://localhost:" + server.port() + "/demo");
        waiting().until(ExpectedConditions.frameToBeAvailableAndSwitchToIt(By.cssSelector("#contact iframe")));
        waiting().until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("form.cd-form")));

        driver.findElement(By.cssSelector("input[name='interest'][value='ketamine']")).click();
        driver.findElement(By.cssSelector("input[name='location'][value='los-angeles']")).click();
        for (int i = 0; i < 4 && !"contact".equals(currentStep()); i++) {
            String from = currentStep();
            driver.findElement(By.cssSelector(".cd-form [data-step]:not([hidden]) [data-next]")).click();
            waiting().until(d -> !from.equals(currentStep()));
        }
        driver.findElement(By.id("f-name")).sendKeys("Taylor Booker");
        driver.findElement(By.id("f-email")).sendKeys("taylor@example.com");
        driver.findElement(By.id("f-phone")).sendKeys("(212) 555-0188");
        driver.findElement(By.cssSelector("input[name='preferredContact'][value='phone']")).click();
        new Select(driver.findElement(By.id("f-state"))).selectByValue("NY");
        driver.findElement(By.id("f-adult")).click();
        driver.findElement(By.id("f-consent")).click();
        driver.findElement(By.cssSelector(".cd-submit")).click();

        // The request is received, and the step offers times in the visitor's zone, which it names.
        waiting().until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("[data-submitted] #thanks-heading")));
        assertEquals("thanks-heading", js("return document.activeElement.id;"));
        assertEquals("Times are shown in Eastern Time (your time zone). Under each time: the time at the clinic (Pacific Time).",
                text("#bk-zone-text"));
        assertEquals("Monday, November 16", text(".cd-day legend"));
        js("window.stillThisPage = true;");
        assertTrue(driver.findElements(By.cssSelector("[data-no-js]")).stream().noneMatch(WebElement::isDisplayed),
                "no Show times button with JavaScript");

        // Another zone: the times are shown again in place, the focus stays on the menu, and it is announced.
        new Select(driver.findElement(By.id("bk-zone"))).selectByValue("America/Chicago");
        waiting().until(d -> text("#bk-zone-text").startsWith("Times are shown in Central Time."));
        assertEquals(Boolean.TRUE, js("return window.stillThisPage === true;"), "no page load");
        assertEquals("bk-zone", js("return document.activeElement.id;"));
        waiting().until(d -> String.valueOf(js("return document.querySelector('[aria-live]').textContent;"))
                .startsWith("Showing times for Free 15-minute phone consultation: Monday, November 16 to Wednesday, November 18, in Central Time."));
        // Later days, and back.
        driver.findElement(By.cssSelector("[data-page]")).click();
        waiting().until(d -> text(".cd-day legend").equals("Thursday, November 19"));
        assertEquals("bk-days", js("return document.activeElement.id;"));
        driver.findElement(By.xpath("//button[@data-page][contains(., 'Earlier days')]")).click();
        waiting().until(d -> text(".cd-day legend").equals("Monday, November 16"));

        // With the keyboard: Space on the first time, the arrow to the next one.
        WebElement first = driver.findElement(By.cssSelector("input[name='slot']"));
        first.sendKeys(Keys.SPACE);
        assertTrue(first.isSelected());
        first.sendKeys(Keys.ARROW_RIGHT);
        WebElement chosen = driver.findElement(By.cssSelector("input[name='slot']:checked"));
        String start = chosen.getDomAttribute("value");
        assertEquals("2026-11-16T10:20:00-08:00", start, "the second time of Monday");
        String label = driver.findElement(By.cssSelector("label:has(input[name='slot']:checked)")).getText();
        assertTrue(label.startsWith("12:20 PM") && label.contains("10:20 AM"), label);
        assertEquals("at the clinic, Pacific Time", driver.findElement(By.cssSelector(
                "label:has(input[name='slot']:checked) .cd-sr")).getDomProperty("textContent").strip(),
                "the clinic's zone is said to screen readers with each time");
        assertTrue(driver.findElement(By.cssSelector("label:has(input[name='slot']:checked)")).getSize().getHeight() >= 44,
                "a tile a finger can hit");

        driver.findElement(By.cssSelector("#bk-book .cd-submit")).click();
        waiting().until(ExpectedConditions.visibilityOfElementLocated(By.id("bk-done")));
        assertEquals("Your free consultation is booked", text("#bk-done"));
        assertEquals("bk-done", js("return document.activeElement.id;"));
        assertTrue(text(".cd-details").contains("Monday, November 16, 2026, 12:20 PM (Central Time)"), text(".cd-details"));
        assertTrue(text(".cd-details").contains("10:20 AM (Pacific Time)"));
        assertEquals(Boolean.TRUE, js("return window.stillThisPage === true;"));

        // The lead has the booking, and staff see it as scheduled.
        String lead = server.onlyLeadId();
        BookingDao.BookingRow b = server.app().bookings().activeForLead(lead).orElseThrow();
        assertEquals(OffsetDateTime.parse(start).toInstant(), b.startsAt());
        assertEquals("widget", b.source());
        Map<String, Object> row = server.leadRow(lead);
        assertEquals("scheduled", row.get("status"));
        assertEquals("America/New_York", row.get("time_zone"), "the browser's own zone came with the request");
        StaffClient staff = StaffClient.signedIn(server, "intake@demo-clinic.example", Role.STAFF, "demo");
        String page = staff.get("/staff/leads/" + lead).body();
        assertTrue(page.contains("Taylor Booker") && page.contains("Consultation scheduled"), page);
    }
}
