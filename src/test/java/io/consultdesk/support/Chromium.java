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
        return new ChromeDriver(service, options);
    }
}
