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
import org.openqa.selenium.Keys;
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
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The profile page end to end in a real headless Chromium (Debian's {@code /usr/bin/chromium} driven through
 * {@code /usr/bin/chromedriver}, set explicitly so Selenium never downloads a driver or a browser): load user
 * u1's page, see Sci-Fi as the top interest, mute it with the page's button, see the recommendation list change
 * and Sci-Fi vanish from every "Why?" panel and every item's tags, then switch to Chinese. Screenshots of the
 * page in English (before and after muting) and Chinese are saved under {@code target/screenshots/}. A second
 * test asks the "Why don't I see …?" box about a film that is neither listed nor rated, by typing part of its
 * title: the answer region shows the rank the server gives, the gap and the sentence, an unknown title is answered
 * readably, the page has no horizontal scroll at 390 px, and in Chinese the label, the error and the sentence are
 * Chinese (screenshots {@code why-not-en.png} and {@code why-not-zh-390.png}). Skipped with a message when
 * Chromium or chromedriver is not installed ({@code .ci/services.sh} installs both).
 *
 * <p>Fixture: as in {@link ServerContract}: 40 items "Film i" tagged G[i % 5] (plus G[(i + 1) % 5] when
 * i % 3 == 0); u1 rated three Comedy films, then eight Sci-Fi films, so Sci-Fi leads the profile.
 */
class BrowserTest {

    private static final String ADMIN = "browser-admin-key-0123456789";
    private static final byte[] SECRET = "browser-token-secret-of-32-bytes!!!!".getBytes(StandardCharsets.UTF_8);
    private static final String[] G = {"Sci-Fi", "Drama", "Comedy", "Horror", "Romance"};
    private static final Path SHOTS = Path.of("target", "screenshots");
    private static final int[] COMEDY = {2, 7, 17};
    private static final int[] SCI_FI = {0, 5, 10, 15, 20, 25, 30, 35};

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

    /** A screenshot with the element scrolled into the middle of the view. */
    private void shootAt(String name, WebElement e) throws Exception {
        Files.createDirectories(SHOTS);
        ((JavascriptExecutor) driver).executeScript("arguments[0].scrollIntoView({block: 'center'});", e);
        File f = ((TakesScreenshot) driver).getScreenshotAs(OutputType.FILE);
        Files.copy(f.toPath(), SHOTS.resolve(name), StandardCopyOption.REPLACE_EXISTING);
    }

    private void openEveryWhyPanel() {
        for (WebElement b : driver.findElements(By.cssSelector("#recs .why-button"))) {
            b.click();
        }
    }

    /** Starts the server with the fixture and a headless Chromium; answers u1's token. */
    private String startServerAndBrowser() throws Exception {
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
        send("POST", "/v1/events", events("c", COMEDY, 1_700_000_000L));
        send("POST", "/v1/events", events("s", SCI_FI, 1_700_100_000L));
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
        return token;
    }

    @Test
    void mutingATagOnThePageChangesTheListAndRemovesItFromEveryExplanation() throws Exception {
        String token = startServerAndBrowser();
        WebDriverWait wait = new WebDriverWait(driver, Duration.ofSeconds(30));
        wait.ignoring(StaleElementReferenceException.class);

        driver.get("http://127.0.0.1:" + server.port() + "/#user=u1&token=" + token);
        wait.until(d -> d.findElements(By.cssSelector("#recs > li")).size() == 10);
        assertEquals("Sci-Fi", driver.findElement(By.cssSelector("#facets > li")).getAttribute("data-facet"),
                "Sci-Fi leads the interest chart");
        WebElement sciFi = driver.findElement(By.cssSelector("#facets > li[data-facet='Sci-Fi']"));
        assertEquals("Mute Sci-Fi", sciFi.findElement(By.cssSelector("button.mute")).getAttribute("aria-label"));
        assertEquals("Delete the interest Sci-Fi", sciFi.findElement(By.cssSelector("button.delete"))
                .getAttribute("aria-label"));
        assertTrue(sciFi.findElement(By.cssSelector("[role=img]")).getAttribute("aria-label")
                .matches("Sci-Fi: \\d+% of your weighted activity"), "the bar has a text alternative");
        int charted = driver.findElements(By.cssSelector("#facets > li")).size();
        assertTrue(charted <= 15, charted + " facets charted");
        WebElement all = driver.findElement(By.id("allFacets"));
        if (all.isDisplayed()) {
            assertEquals("false", all.getAttribute("aria-expanded"));
            all.click();
            wait.until(d -> d.findElements(By.cssSelector("#facets > li")).size() > charted);
            assertEquals("true", driver.findElement(By.id("allFacets")).getAttribute("aria-expanded"));
            driver.findElement(By.id("allFacets")).click();
            wait.until(d -> d.findElements(By.cssSelector("#facets > li")).size() == charted);
        }
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
    private String answerText() {
        return driver.findElement(By.id("whyNotAnswer")).getAttribute("textContent");
    }

    private void ask(String typed) {
        WebElement input = driver.findElement(By.id("whyNotInput"));
        input.sendKeys(Keys.chord(Keys.CONTROL, "a"), Keys.DELETE);
        input.sendKeys(typed);
        driver.findElement(By.id("whyNotAsk")).click();
    }

    /** No horizontal scroll: the document is no wider than the viewport. */
    private void assertNoHorizontalScroll(String when) {
        Object widths = ((JavascriptExecutor) driver).executeScript(
                "return [window.innerWidth, document.documentElement.clientWidth, document.documentElement.scrollWidth];");
        List<?> w = (List<?>) widths;
        assertEquals(390L, ((Number) w.get(1)).longValue(), "the layout is 390 px wide: " + w);
        assertTrue(((Number) w.get(2)).longValue() <= ((Number) w.get(1)).longValue(),
                "no horizontal scroll at 390 px " + when + " (innerWidth, clientWidth, scrollWidth): " + w);
        // a mobile viewport zooms out (innerWidth grows) when anything is wider than the page
        assertEquals(390L, ((Number) w.get(0)).longValue(), "nothing zooms the page out: " + w);
    }

    @Test
    void theWhyNotBoxExplainsATypedTitleInEnglishAndChinese() throws Exception {
        String token = startServerAndBrowser();
        WebDriverWait wait = new WebDriverWait(driver, Duration.ofSeconds(30));
        wait.ignoring(StaleElementReferenceException.class);
        driver.get("http://127.0.0.1:" + server.port() + "/#user=u1&token=" + token);
        wait.until(d -> d.findElements(By.cssSelector("#recs > li")).size() == 10);

        WebElement label = driver.findElement(By.cssSelector("label[for='whyNotInput']"));
        assertEquals("Why don’t I see …?", label.getText(), "the box is labelled");
        assertEquals("polite", driver.findElement(By.id("whyNotAnswer")).getAttribute("aria-live"),
                "the answer region is announced");

        // a film neither listed nor rated, with a two-digit number so that part of its title names it alone
        Set<String> rated = IntStream.concat(IntStream.of(COMEDY), IntStream.of(SCI_FI)).mapToObj(i -> "i" + i)
                .collect(Collectors.toSet());
        List<String> shown = listed();
        int n = IntStream.range(10, 40).filter(i -> !rated.contains("i" + i) && !shown.contains("i" + i))
                .findFirst().orElseThrow();
        String api = send("GET", "/v1/users/u1/items/i" + n + "/why-not?k=10&lang=en", null);
        Matcher m = Pattern.compile("\"rank\"\\s*:\\s*(\\d+)").matcher(api);
        assertTrue(m.find(), api);
        String rank = m.group(1);
        assertTrue(api.contains("\"status\":\"OUTSIDE_LIST\""), api);

        ask("ilm " + n);
        wait.until(d -> !d.findElements(By.cssSelector("#whyNotAnswer .wn-text")).isEmpty());
        WebElement region = driver.findElement(By.id("whyNotAnswer"));
        assertEquals(rank, region.findElement(By.cssSelector(".wn-rank")).getAttribute("data-rank"),
                "the page shows the rank the server gives");
        assertTrue(region.findElement(By.cssSelector(".wn-rank")).getText().startsWith(rank + " "));
        assertFalse(region.findElements(By.cssSelector(".wn-gap")).isEmpty(), "the gap is shown");
        String sentence = region.findElement(By.cssSelector(".wn-text")).getText();
        assertTrue(sentence.startsWith("“Film " + n + "” is at rank " + rank + " "), sentence);
        for (WebElement change : region.findElements(By.cssSelector(".wn-change"))) {
            assertFalse(change.findElements(By.cssSelector(".wn-change-items > li")).isEmpty(), "what to change");
            assertFalse(change.findElement(By.cssSelector(".wn-verified, .wn-unverified")).getText().isBlank(),
                    "whether the change was checked");
        }
        shootAt("why-not-en.png", driver.findElement(By.id("whyNotForm")));

        ask("no such film");
        wait.until(d -> answerText().contains("No item matches “no such film”"));
        assertFalse(driver.findElements(By.cssSelector("#whyNotAnswer .wn-error")).isEmpty(), "shown as an error");

        // "ilm 3" is part of eleven titles (Film 3, Film 30..39): the page offers them to pick from
        ask("ilm 3");
        wait.until(d -> !d.findElements(By.cssSelector("#whyNotAnswer .wn-choice")).isEmpty());
        List<WebElement> choices = driver.findElements(By.cssSelector("#whyNotAnswer .wn-choice"));
        assertEquals(10, choices.size(), "at most ten to pick from");
        assertTrue(answerText().contains("1 more"), answerText());
        choices.stream().filter(b -> b.getText().equals("Film 3 (i3)")).findFirst().orElseThrow().click();
        wait.until(d -> !d.findElements(By.cssSelector("#whyNotAnswer .wn-text")).isEmpty());
        assertTrue(driver.findElement(By.cssSelector("#whyNotAnswer .wn-text")).getText().startsWith("“Film 3”"));

        ((ChromeDriver) driver).executeCdpCommand("Emulation.setDeviceMetricsOverride",
                Map.of("width", 390, "height", 1800, "deviceScaleFactor", 1, "mobile", true));
        ask("ilm " + n);
        wait.until(d -> !d.findElements(By.cssSelector("#whyNotAnswer .wn-text")).isEmpty());
        openEveryWhyPanel();
        assertNoHorizontalScroll("in English, every Why? panel open");

        new Select(driver.findElement(By.id("lang"))).selectByValue("zh");
        wait.until(d -> d.findElement(By.cssSelector("label[for='whyNotInput']")).getText().equals("为什么我看不到……？")
                && answerText().contains("《Film " + n + "》目前排在第 " + rank + " 位"));
        assertTrue(driver.findElement(By.cssSelector("#whyNotAnswer .wn-rank")).getText().startsWith("第 " + rank + " 位"),
                "the rank in Chinese");
        ask("no such film");
        wait.until(d -> answerText().contains("没有与“no such film”匹配的内容"));
        ask("ilm " + n);
        wait.until(d -> answerText().contains("《Film " + n + "》目前排在第 " + rank + " 位"));
        assertNotNull(driver.findElement(By.cssSelector("#whyNotAnswer .wn-gap")));
        assertNoHorizontalScroll("in Chinese");
        shootAt("why-not-zh-390.png", driver.findElement(By.id("whyNotForm")));
        assertTrue(Files.size(SHOTS.resolve("why-not-zh-390.png")) > 10_000, "a real screenshot");
    }
}
