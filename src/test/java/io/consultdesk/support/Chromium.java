package io.consultdesk.support;

import java.io.File;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/** Debian's headless Chromium through its chromedriver (.ci/run installs both), as the browser tests drive it. */
public final class Chromium {
    private Chromium() {}

    public static ChromeDriver start(Dimension window, boolean javaScriptOff) {
        return start(window, javaScriptOff, null);
    }

    /** A browser whose clock is in {@code timeZone} (an IANA id, as a visitor's computer would be set), or the machine's when null. */
    public static ChromeDriver start(Dimension window, boolean javaScriptOff, String timeZone) {
        return start(window, javaScriptOff, timeZone, false);
    }

    /**
     * A browser that also records every request it sends, from any page or frame; read (and clear) them with
     * {@link #requestedUrls}.
     */
    public static ChromeDriver startRecordingRequests(Dimension window) {
        return start(window, false, null, true);
    }

    /** The URLs the browser requested since the last call (a recording browser only), in order. */
    public static java.util.List<String> requestedUrls(ChromeDriver driver) {
        var json = new com.fasterxml.jackson.databind.ObjectMapper();
        java.util.List<String> urls = new java.util.ArrayList<>();
        for (org.openqa.selenium.logging.LogEntry entry : driver.manage().logs().get(org.openqa.selenium.logging.LogType.PERFORMANCE)) {
            try {
                var message = json.readTree(entry.getMessage()).path("message");
                if ("Network.requestWillBeSent".equals(message.path("method").asText())) {
                    urls.add(message.path("params").path("request").path("url").asText());
                }
            } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                throw new IllegalStateException(e);
            }
        }
        return urls;
    }

    private static ChromeDriver start(Dimension window, boolean javaScriptOff, String timeZone, boolean recordRequests) {
        ChromeDriverService.Builder builder = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File("/usr/bin/chromedriver"))
                .usingAnyFreePort();
        if (timeZone != null) {
            builder.withEnvironment(java.util.Map.of("TZ", timeZone));
        }
        ChromeDriverService service = builder.build();
        ChromeOptions options = new ChromeOptions();
        options.setBinary("/usr/bin/chromium");
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-background-networking", "--window-size=" + window.getWidth() + "," + window.getHeight());
        if (javaScriptOff) {
            options.addArguments("--blink-settings=scriptEnabled=false");
        }
        if (recordRequests) {
            var logging = new org.openqa.selenium.logging.LoggingPreferences();
            logging.enable(org.openqa.selenium.logging.LogType.PERFORMANCE, java.util.logging.Level.ALL);
            options.setCapability("goog:loggingPrefs", logging);
        }
        return new ChromeDriver(service, options);
    }
}
