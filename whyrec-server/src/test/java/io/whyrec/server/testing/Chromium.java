package io.whyrec.server.testing;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * The headless browser of the page tests: Debian's {@code /usr/bin/chromium} driven through
 * {@code /usr/bin/chromedriver}, both set explicitly so Selenium never downloads a driver or a browser
 * ({@code .ci/services.sh} installs them).
 */
public final class Chromium {

    /** The browser. */
    public static final Path BINARY = Path.of("/usr/bin/chromium");
    /** Its driver. */
    public static final Path DRIVER = Path.of("/usr/bin/chromedriver");
    /** What a test says when it skips for want of them. */
    public static final String MISSING = "/usr/bin/chromium or /usr/bin/chromedriver is missing (apt-get install "
            + "chromium chromium-driver, or run .ci/services.sh)";

    private Chromium() {
    }

    /** Whether the browser and its driver are installed. */
    public static boolean installed() {
        return Files.isExecutable(BINARY) && Files.isExecutable(DRIVER);
    }

    /** Skips the calling test, saying why, when the browser or its driver is not installed. */
    public static void assumeInstalled() {
        Assumptions.assumeTrue(installed(), "skipped: " + MISSING);
    }

    /**
     * Starts a headless Chromium with a window of 1200 x 1800 px and a fresh profile; the caller quits it.
     *
     * @param dir where the browser's profile folder is made
     * @return the driver of the started browser
     * @throws IOException when the profile folder cannot be made
     */
    public static WebDriver start(Path dir) throws IOException {
        System.setProperty("webdriver.chrome.driver", DRIVER.toString());
        System.setProperty("SE_OFFLINE", "true");
        ChromeOptions options = new ChromeOptions();
        options.setBinary(BINARY.toString());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--no-first-run", "--window-size=1200,1800",
                "--user-data-dir=" + Files.createTempDirectory(dir, "chromium-profile"));
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File(DRIVER.toString())).usingAnyFreePort().build();
        return new ChromeDriver(service, options);
    }
}
