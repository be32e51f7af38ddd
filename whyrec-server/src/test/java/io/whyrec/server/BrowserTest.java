package io.whyrec.server;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.io.File;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The profile page end to end in a real headless Chromium (Debian's {@code /usr/bin/chromium} driven through
 * {@code /usr/bin/chromedriver}, set explicitly so Selenium never downloads a driver or a browser): load user
 * u1's page, see Sci-Fi as the top interest, mute it with the page's button, see the recommendation list change
 * and Sci-Fi vanish from every "Why?" panel and every item's tags, then switch to Chinese. Screenshots of the
 * page in English (before and after muting) and Chinese are saved under {@code target/screenshots/}. Skipped
 * with a message when Chromium or chromedriver is not installed ({@code .ci/services.sh} installs both).
 *
 * <p>Fixture: as in {@link ServerContract}: 40 items "Film i" tagged G[i % 5] (plus G[(i + 1) % 5] when
 * i % 3 == 0); u1 rated three Comedy films, then eight Sci-Fi films, so Sci-Fi leads the profile.
 */
class BrowserTest {

    private static final String ADMIN = "browser-admin-key-0123456789";
    private static final byte[] SECRET = "browser-token-secret-of-32-bytes!!!!".getBytes(StandardCharsets.UTF_8);
    private static final String[] G = {"Sci-Fi", "Drama", "Comedy", "Horror", "Romance"};
    private static final Path SHOTS = Path.of("target", "screenshots");

    @TempDir
    Path dir;

    private WhyrecServer server;
    private WebDriver driver;
    private final HttpClient http = HttpClient.newHttpClient();

    @AfterEach
    void stop() {
        if (driver != null) {
            driver.quit();
        }
        if (server != null) {
            server.close();
        }
    }

    private String send(String method, String path, String body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
                .header("X-Admin-Key", ADMIN)
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            b.header("Content-Type", "application/json");
        }
        HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode(), r.body());
        return r.body();
    }

    private static String events(String prefix, int[] items, long t0) {
        StringBuilder sb = new StringBuilder("[");
        for (int k = 0; k < items.length; k++) {
            sb.append(k == 0 ? "" : ",").append("{\"id\":\"").append(prefix).append(k).append("\",\"user\":\"u1\",")
                    .append("\"item\":\"i").append(items[k]).append("\",\"ts\":").append(t0 + k * 60L)
                    .append(",\"type\":\"rating\",\"value\":5}");
        }
        return sb.append("]").toString();
    }

    /** The item ids of the list as rendered, read in one script call (no element goes stale in between). */
    @SuppressWarnings("unchecked")
    private List<String> listed() {
        return (List<String>) ((JavascriptExecutor) driver).executeScript(
                "return Array.from(document.querySelectorAll('#recs > li')).map(li => li.dataset.item);");
    }

    private void shoot(String name) throws Exception {
        Files.createDirectories(SHOTS);
        ((JavascriptExecutor) driver).executeScript("window.scrollTo(0, 0);");
        File f = ((TakesScreenshot) driver).getScreenshotAs(OutputType.FILE);
        Files.copy(f.toPath(), SHOTS.resolve(name), StandardCopyOption.REPLACE_EXISTING);
    }

    private void openEveryWhyPanel() {
        for (WebElement b : driver.findElements(By.cssSelector("#recs .why-button"))) {
            b.click();
        }
    }

    @Test
    void mutingATagOnThePageChangesTheListAndRemovesItFromEveryExplanation() throws Exception {
        Assumptions.assumeTrue(Files.isExecutable(Path.of("/usr/bin/chromium"))
                        && Files.isExecutable(Path.of("/usr/bin/chromedriver")),
                "skipped: /usr/bin/chromium or /usr/bin/chromedriver is missing (apt-get install chromium "
                        + "chromium-driver, or run .ci/services.sh)");
        server = WhyrecServer.start(ServerConfig.defaults("127.0.0.1", 0, dir).withSecrets(ADMIN, SECRET));
        StringBuilder items = new StringBuilder("[");
        for (int i = 0; i < 40; i++) {
            String tags = "\"" + G[i % 5] + "\"" + (i % 3 == 0 ? ",\"" + G[(i + 1) % 5] + "\"" : "");
            items.append(i == 0 ? "" : ",").append("{\"id\":\"i").append(i).append("\",\"title\":\"Film ").append(i)
                    .append("\",\"tags\":[").append(tags).append("]}");
        }
        send("POST", "/v1/items", items.append("]").toString());
        send("POST", "/v1/events", events("c", new int[]{2, 7, 17}, 1_700_000_000L));
        send("POST", "/v1/events", events("s", new int[]{0, 5, 10, 15, 20, 25, 30, 35}, 1_700_100_000L));
        String token = send("POST", "/v1/users/u1/token", null).replaceAll(".*\"token\"\\s*:\\s*\"([^\"]+)\".*", "$1");

        System.setProperty("webdriver.chrome.driver", "/usr/bin/chromedriver");
        System.setProperty("SE_OFFLINE", "true");
        ChromeOptions options = new ChromeOptions();
        options.setBinary("/usr/bin/chromium");
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--no-first-run", "--window-size=1200,1800",
                "--user-data-dir=" + Files.createTempDirectory(dir, "chromium-profile"));
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File("/usr/bin/chromedriver")).usingAnyFreePort().build();
        driver = new ChromeDriver(service, options);
        WebDriverWait wait = new WebDriverWait(driver, Duration.ofSeconds(30));
        wait.ignoring(StaleElementReferenceException.class);

        driver.get("http://127.0.0.1:" + server.port() + "/#user=u1&token=" + token);
        wait.until(d -> d.findElements(By.cssSelector("#recs > li")).size() == 10);
        assertEquals("Sci-Fi", driver.findElement(By.cssSelector("#facets > li")).getAttribute("data-facet"),
                "Sci-Fi leads the interest chart");
        String before = driver.findElement(By.id("recs")).getAttribute("textContent");
        assertTrue(before.contains("Sci-Fi"), "Sci-Fi is cited before muting");
        List<String> listBefore = listed();
        openEveryWhyPanel();
        shoot("profile-en-before-mute.png");

        driver.findElement(By.cssSelector("#facets > li[data-facet='Sci-Fi'] button.mute")).click();
        wait.until(d -> !listed().equals(listBefore) && d.findElement(By.id("muted")).getText().contains("Sci-Fi"));
        List<String> listAfter = listed();
        assertEquals(10, listAfter.size());
        assertNotEquals(listBefore, listAfter, "the list changed at once");
        for (WebElement li : driver.findElements(By.cssSelector("#recs > li"))) {
            String why = li.findElement(By.cssSelector(".why")).getAttribute("textContent");
            assertFalse(why.isBlank(), "every item has a Why? panel");
            assertFalse(why.contains("Sci-Fi"), "Sci-Fi is cited after muting: " + why);
            assertFalse(li.findElement(By.cssSelector(".tags")).getText().contains("Sci-Fi"));
        }
        for (WebElement f : driver.findElements(By.cssSelector("#facets > li"))) {
            assertNotEquals("Sci-Fi", f.getAttribute("data-facet"), "muted tags leave the chart");
        }
        openEveryWhyPanel();
        shoot("profile-en.png");

        new Select(driver.findElement(By.id("lang"))).selectByValue("zh");
        wait.until(d -> d.findElement(By.tagName("h1")).getText().equals("我们认为你喜欢的内容")
                && d.findElement(By.id("recs")).getAttribute("textContent").contains("推荐给你"));
        assertEquals(listAfter, listed(), "the language does not change the list");
        assertFalse(driver.findElement(By.id("recs")).getAttribute("textContent").contains("Sci-Fi"));
        openEveryWhyPanel();
        shoot("profile-zh.png");
        assertTrue(Files.size(SHOTS.resolve("profile-zh.png")) > 10_000, "a real screenshot");
    }
}
