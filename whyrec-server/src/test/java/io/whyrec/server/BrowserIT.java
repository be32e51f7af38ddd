package io.whyrec.server;

import io.whyrec.explain.narrate.Facts;
import io.whyrec.explain.narrate.GroundedNarrator;
import io.whyrec.explain.narrate.Narrator;
import io.whyrec.explain.narrate.NarratorConfig;
import io.whyrec.explain.narrate.NarratorException;
import io.whyrec.explain.narrate.SummaryFacts;
import io.whyrec.server.feedback.ExplanationArms;
import io.whyrec.server.testing.AdminHttp;
import io.whyrec.server.testing.Chromium;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.Keys;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.io.File;
import java.net.http.HttpClient;
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
 * {@code /usr/bin/chromedriver}, set explicitly so Selenium never downloads a driver or a browser):
 * <ul>
 *   <li>{@code everyScreenAndLanguage}: at 390 px (mobile) and 1400 px, in English and Chinese (chosen in the
 *       page's menu and kept across a reload), no horizontal scroll with every panel open, every control named
 *       for its item, {@code aria-expanded} on every Why? toggle, text alternatives for bars, touch targets of at
 *       least 40 px, Chinese throughout, and an axe-core scan with no serious or critical violation (the
 *       {@code axe.min.js} bundled in Deque's {@code com.deque.html.axe-core:selenium} test dependency);</li>
 *   <li>{@code everyEditCanBeUndoneAndAChangedLinkLoadsThatUser}: mute and undo, not interested, more like this,
 *       leaving out a counterfactual's events and including them again, delete and undo, a new {@code #user=}
 *       link;</li>
 *   <li>muting Sci-Fi changes the list and removes it from every "Why?" panel and every item's tags;</li>
 *   <li>the "Why don't I see …?" box answers a typed title in English and Chinese.</li>
 * </ul>
 * Screenshots go to {@code target/screenshots/} (profile-en-1400.png, profile-zh-390.png, why-en-1400.png, ...;
 * docs/screenshots holds copies). {@code liveServerFigures} measures a running server's page when
 * {@code -Dwhyrec.page.url} is set. Skipped with a message when Chromium or chromedriver is not installed
 * ({@code .ci/services.sh} installs both).
 *
 * <p>Fixture: as in {@link ServerContract}: 40 items "Film i" tagged G[i % 5] (plus G[(i + 1) % 5] when
 * i % 3 == 0); u1 rated three Comedy films, then eight Sci-Fi films, so Sci-Fi leads the profile.
 */
class BrowserIT {

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
        HttpResponse<String> r = AdminHttp.send(http, server.port(), ADMIN, method, path, body);
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
        for (WebElement b : driver.findElements(By.cssSelector("#recs .why-button[aria-expanded=false]"))) {
            b.click();
        }
    }

    /** Starts the server with the fixture and a headless Chromium; answers u1's token. */
    private String startServerAndBrowser() throws Exception {
        return startServerAndBrowser(GroundedNarrator.of(NarratorConfig.TEMPLATE));
    }

    /** The same, with {@code narrator} writing the sentences and the summary. */
    private String startServerAndBrowser(GroundedNarrator narrator) throws Exception {
        return startServerAndBrowser(narrator, null);
    }

    /** The same, with {@code arms} (null: the defaults) assigning the explanation styles. */
    private String startServerAndBrowser(GroundedNarrator narrator, ExplanationArms arms) throws Exception {
        Chromium.assumeInstalled();
        ServerConfig config = ServerConfig.defaults("127.0.0.1", 0, dir).withSecrets(ADMIN, SECRET);
        server = WhyrecServer.start(arms == null ? config : config.withServing(config.serving().withArms(arms)),
                narrator, (line, port) -> { });
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
        startBrowser();
        return token;
    }

    /** A wait of 30 s on the page that ignores elements gone stale while the page re-renders. */
    private WebDriverWait pageWait() {
        WebDriverWait wait = new WebDriverWait(driver, Duration.ofSeconds(30));
        wait.ignoring(StaleElementReferenceException.class);
        return wait;
    }

    /** Opens u1's page with the token and waits for its 10 items; answers the wait ({@link #pageWait}). */
    private WebDriverWait openPage(String token) {
        WebDriverWait wait = pageWait();
        driver.get("http://127.0.0.1:" + server.port() + "/#user=u1&token=" + token);
        wait.until(d -> d.findElements(By.cssSelector("#recs > li")).size() == 10);
        return wait;
    }

    /** Starts a headless Chromium ({@link Chromium}); skips the test when it is not installed. */
    private void startBrowser() throws Exception {
        Chromium.assumeInstalled();
        driver = Chromium.start(dir);
    }

    @Test
    void mutingATagOnThePageChangesTheListAndRemovesItFromEveryExplanation() throws Exception {
        String token = startServerAndBrowser();
        WebDriverWait wait = openPage(token);
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
                && d.findElement(By.cssSelector("#recs .why-button")).getText().equals("为什么？"));
        assertEquals(listAfter, listed(), "the language does not change the list");
        assertFalse(driver.findElement(By.id("recs")).getAttribute("textContent").contains("Sci-Fi"));
        openEveryWhyPanel();
        shoot("profile-zh.png");
        assertTrue(Files.size(SHOTS.resolve("profile-zh.png")) > 10_000, "a real screenshot");
    }
    /**
     * (issue 12 item 4) Under every Why? panel, "Helpful" and "Not helpful" (labelled for their item) post the
     * answer with the explanation's id and are replaced by a thank-you; the admin report counts both answers, in
     * the arm the page's explanations came from, and the panel lists as many reasons before "more" as the arm.
     */
    @Test
    void clickingHelpfulUnderAWhyPanelPostsTheFeedback() throws Exception {
        String token = startServerAndBrowser();
        WebDriverWait wait = openPage(token);
        List<WebElement> items = driver.findElements(By.cssSelector("#recs > li"));
        String first = items.get(0).getAttribute("data-item");
        String second = items.get(1).getAttribute("data-item");
        String title = items.get(0).findElement(By.cssSelector(".rec-title")).getText();
        items.get(0).findElement(By.cssSelector("button.why-button")).click();
        WebElement panel = items.get(0).findElement(By.cssSelector(".why"));
        wait.until(d -> panel.isDisplayed());
        ExplanationArms.Arm arm = ExplanationArms.defaults(false).assign("u1");
        assertEquals(arm.reasons(), panel.findElements(By.cssSelector(".reasons:not(.more-reasons) > li")).size(),
                "u1's arm " + arm.name() + " lists " + arm.reasons() + " reasons before 'more' (u1 has 8 Sci-Fi ones)");
        WebElement group = panel.findElement(By.cssSelector(".feedback[role=group]"));
        assertEquals("Was this explanation helpful?", group.getAttribute("aria-label"));
        WebElement yes = group.findElement(By.cssSelector("button.fb-yes"));
        assertEquals("Helpful", yes.getText());
        assertEquals("The explanation of " + title + " was helpful", yes.getAttribute("aria-label"));
        yes.click();
        wait.until(d -> !panel.findElements(By.cssSelector(".fb-thanks")).isEmpty());
        assertEquals("Thank you for your feedback.", panel.findElement(By.cssSelector(".fb-thanks")).getText());
        assertTrue(panel.findElements(By.cssSelector("button.fb-yes, button.fb-no")).isEmpty(), "answered once");
        String report = send("GET", "/v1/admin/satisfaction", null);
        assertTrue(report.startsWith("{\"answers\":1,\"helpful\":1,"), report);
        assertTrue(report.contains("\"arm\":[{\"value\":\"" + arm.name() + "\",\"answers\":1,\"helpful\":1"), report);

        WebElement li2 = driver.findElement(By.cssSelector("#recs > li[data-item='" + second + "']"));
        li2.findElement(By.cssSelector("button.why-button")).click();
        li2.findElement(By.cssSelector(".why button.fb-no")).click();
        wait.until(d -> !d.findElements(By.cssSelector("#recs > li[data-item='" + second + "'] .fb-thanks")).isEmpty());
        report = send("GET", "/v1/admin/satisfaction", null);
        assertTrue(report.startsWith("{\"answers\":2,\"helpful\":1,"), report);
        assertNotEquals(first, second);
    }

    /** Sets the layout viewport (a phone at 390 px: mobile, so anything too wide would zoom the page out). */
    private void viewport(int width, int height) {
        ((ChromeDriver) driver).executeCdpCommand("Emulation.setDeviceMetricsOverride",
                Map.of("width", width, "height", height, "deviceScaleFactor", 1, "mobile", width < 600));
    }

    private Object js(String script, Object... args) {
        return ((JavascriptExecutor) driver).executeScript(script, args);
    }

    /** Opens every Why? panel and every "more reasons" list that is closed. */
    private void openEverything() {
        js("document.querySelectorAll('#recs .why-button[aria-expanded=false]').forEach(b => b.click());"
                + "document.querySelectorAll('#recs .toggle.more[aria-expanded=false]').forEach(b => b.click());");
    }

    /**
     * Runs axe-core (the axe.min.js bundled in Deque's com.deque.html.axe-core:selenium jar, a test dependency)
     * in the page and answers its serious and critical violations, one line each.
     */
    @SuppressWarnings("unchecked")
    private List<String> axeSeriousViolations() throws Exception {
        String axe;
        try (var in = BrowserIT.class.getResourceAsStream("/axe.min.js")) {
            assertNotNull(in, "axe.min.js is on the test class path (com.deque.html.axe-core:selenium)");
            axe = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        js(axe);
        driver.manage().timeouts().scriptTimeout(Duration.ofSeconds(120));
        Object out = ((JavascriptExecutor) driver).executeAsyncScript(
                "const done = arguments[arguments.length - 1];"
                + "axe.run(document, { resultTypes: ['violations'] }).then(r => done(r.violations"
                + "  .filter(v => v.impact === 'serious' || v.impact === 'critical')"
                + "  .map(v => v.impact + ' ' + v.id + ': ' + v.help + ' at ' + v.nodes.slice(0, 5)"
                + "    .map(n => n.target.join(' ') + ' (' + (n.failureSummary || '').replace(/\\s+/g, ' ') + ')').join('; '))))"
                + "  .catch(e => done(['axe failed: ' + e]));");
        return (List<String>) out;
    }

    /** Widths: [innerWidth, clientWidth, scrollWidth] of the document. */
    private List<Long> widths() {
        List<?> w = (List<?>) js("return [window.innerWidth, document.documentElement.clientWidth,"
                + " document.documentElement.scrollWidth];");
        return w.stream().map(x -> ((Number) x).longValue()).toList();
    }

    /** Asserts that no element with a non-empty selector result lies (partly) outside the viewport's width. */
    private void assertInsideViewport(String selector, String what) {
        Object bad = js("const w = document.documentElement.clientWidth; return Array.from(document.querySelectorAll(arguments[0]))"
                + ".filter(e => e.offsetParent !== null).filter(e => { const r = e.getBoundingClientRect();"
                + " return r.left < 0 || r.right > w + 0.5 || r.width === 0; }).map(e => e.outerHTML.slice(0, 120));", selector);
        assertEquals(List.of(), bad, what + " outside the viewport");
        assertTrue(((Number) js("return Array.from(document.querySelectorAll(arguments[0])).filter(e => e.offsetParent"
                + " !== null).length;", selector)).intValue() > 0, what + " shown");
    }

    /**
     * One screen and language: the page at {@code width} px in {@code lang} (chosen in the page's menu, kept across
     * a reload through localStorage and shown in the fragment and the html lang attribute) has no horizontal
     * scroll with every Why? panel and every "more reasons" list open, names every control for its item,
     * marks every Why? toggle with aria-expanded, gives every bar a text alternative, keeps the timeline's buttons
     * and the Why? bars inside the viewport, has touch targets of at least 40 px, is all Chinese in Chinese (the
     * title, every label, the type column, "decay", the genre names), and axe-core finds no serious or critical
     * violation. Screenshot {@code profile-<lang>-<width>.png}.
     */
    @ParameterizedTest(name = "{1} at {0} px")
    @CsvSource({"390, en", "390, zh", "1400, en", "1400, zh", "360, zh", "1920, en"})
    void everyScreenAndLanguage(int width, String lang) throws Exception {
        String token = startServerAndBrowser();
        viewport(width, 1000);
        WebDriverWait wait = openPage(token);
        String base = "http://127.0.0.1:" + server.port() + "/";
        if (lang.equals("zh")) {
            new Select(driver.findElement(By.id("lang"))).selectByValue("zh");
            wait.until(d -> d.findElement(By.tagName("h1")).getText().equals("我们认为你喜欢的内容"));
            assertTrue(driver.getCurrentUrl().contains("lang=zh"), "the fragment names the language: " + driver.getCurrentUrl());
            driver.get(base + "#user=u1&token=" + token); // a link without lang=: localStorage keeps the choice
            driver.navigate().refresh();
        }
        wait.until(d -> d.findElements(By.cssSelector("#recs > li")).size() == 10
                && !d.findElements(By.cssSelector("#timeline tbody tr")).isEmpty());
        String htmlLang = (String) js("return document.documentElement.lang;");
        assertTrue(htmlLang.startsWith(lang), "html lang " + htmlLang);
        assertEquals(lang, driver.findElement(By.id("lang")).getAttribute("value"), "the language kept across reloads");
        boolean zh = lang.equals("zh");
        assertEquals(zh ? "whyrec — 你的兴趣" : "whyrec — your interests", driver.getTitle());

        openEverything();
        wait.until(d -> d.findElements(By.cssSelector("#recs .why[hidden]")).isEmpty());
        List<Long> w = widths();
        System.out.println("BrowserIT widths at " + width + " px, " + lang + " (innerWidth, clientWidth, scrollWidth): " + w);
        assertTrue(w.get(1) <= width && w.get(1) >= width - 20, "the layout is " + width + " px wide (less a scroll bar): " + w);
        assertTrue(w.get(2) <= w.get(1), "no horizontal scroll at " + width + " px in " + lang + ": " + w);
        assertEquals(width, w.get(0), "nothing zooms the page out: " + w);
        assertInsideViewport("#timeline button.delete-event", "a timeline Delete button");
        assertInsideViewport("#timeline button.exclude, #timeline button.include", "a timeline Leave out button");
        assertInsideViewport("#recs .why .bar", "a Why? bar");
        assertInsideViewport("#facets button", "a chart button");

        // every control is named for its item, every Why? toggle says whether it is open
        for (WebElement li : driver.findElements(By.cssSelector("#recs > li"))) {
            String title = li.findElement(By.cssSelector(".rec-title")).getText();
            WebElement why = li.findElement(By.cssSelector("button.why-button"));
            assertEquals(zh ? "为什么推荐《" + title + "》？" : "Why is " + title + " recommended?", why.getAttribute("aria-label"));
            assertEquals("true", why.getAttribute("aria-expanded"));
            assertEquals(zh ? "对《" + title + "》不感兴趣" : "Not interested in " + title,
                    li.findElement(By.cssSelector("button.not-interested")).getAttribute("aria-label"));
            assertEquals(zh ? "多推荐类似《" + title + "》的内容" : "More like " + title,
                    li.findElement(By.cssSelector("button.more-like")).getAttribute("aria-label"));
            List<WebElement> reasons = li.findElements(By.cssSelector(".why .reasons > li"));
            assertFalse(reasons.isEmpty(), "reasons for " + title);
            int armReasons = ExplanationArms.defaults(false).assign("u1").reasons();
            assertTrue(li.findElements(By.cssSelector(".why .reasons:not(.more-reasons) > li")).size() <= armReasons,
                    "at most the arm's " + armReasons + " reasons before 'more'");
            WebElement yes = li.findElement(By.cssSelector(".why .feedback button.fb-yes"));
            assertEquals(zh ? "《" + title + "》的解释有帮助" : "The explanation of " + title + " was helpful",
                    yes.getAttribute("aria-label"));
            for (WebElement r : reasons) {
                String text = r.findElement(By.cssSelector(".reason")).getText();
                assertTrue(zh ? text.matches("你给《Film \\d+》评分（5/5 分）") : text.matches("You rated Film \\d+ 5/5"), text);
                String alt = r.findElement(By.cssSelector("[role=img]")).getAttribute("aria-label");
                assertTrue(alt.startsWith(text) && alt.matches(".*\\d+%.*"), "the bar's text alternative: " + alt);
            }
            // bars are scaled to the item's largest |contribution|: the strongest reason's bar is full
            Object first = js("const b = arguments[0].querySelector('.why .reasons .bar > div'); return b.style.width;", li);
            assertTrue(String.valueOf(first).matches("100(\\.0)?%"), "the strongest reason fills its bar: " + first);
        }
        for (WebElement row : driver.findElements(By.cssSelector("#timeline tbody tr"))) {
            String title = row.findElement(By.cssSelector("td.title")).getText();
            String name = row.findElement(By.cssSelector("button.delete-event")).getAttribute("aria-label");
            assertEquals(zh ? "删除：你给《" + title + "》评分（5/5 分）" : "Delete: you rated " + title + " 5/5", name);
            assertEquals(zh ? "评分 5/5" : "rating 5/5", row.findElement(By.cssSelector("td.type")).getText());
            assertTrue(row.findElement(By.cssSelector("button.exclude")).getAttribute("aria-label")
                    .startsWith(zh ? "在推荐中忽略：你给《" + title : "Leave out: you rated " + title));
        }
        for (WebElement f : driver.findElements(By.cssSelector("#facets > li"))) {
            String facet = f.getAttribute("data-facet");
            String shown = f.findElement(By.cssSelector(".facet-name")).getText();
            if (zh) {
                assertEquals(Map.of("Sci-Fi", "科幻", "Comedy", "喜剧", "Drama", "剧情", "Horror", "恐怖", "Romance", "爱情")
                        .get(facet), shown, "the genre in Chinese");
            }
            assertEquals(zh ? "屏蔽“" + shown + "”" : "Mute " + shown, f.findElement(By.cssSelector("button.mute")).getAttribute("aria-label"));
            assertNotNull(f.findElement(By.cssSelector("[role=img]")).getAttribute("aria-label"));
        }
        if (zh) {
            String page = driver.findElement(By.tagName("main")).getText();
            for (String english : List.of("Why?", "Delete", "Mute", "decay", "rating", "Not interested", "More like",
                    "Your", "Show", "Sci-Fi", "Comedy", "When", "Type", "Ask")) {
                assertFalse(page.contains(english), "English on the Chinese page: " + english);
            }
            assertTrue(page.contains("衰减") && page.contains("为什么？") && page.contains("推荐依据"), "Chinese labels");
        }
        // touch targets: every visible button, select and text box is at least 40 px high and wide
        Object small = js("return Array.from(document.querySelectorAll('button, select, input[type=search]'))"
                + ".filter(e => e.offsetParent !== null).filter(e => { const r = e.getBoundingClientRect();"
                + " return r.height < 40 || r.width < 40; }).map(e => e.outerHTML.slice(0, 100));");
        assertEquals(List.of(), small, "touch targets under 40 px");

        List<String> violations = axeSeriousViolations();
        System.out.println("BrowserIT axe at " + width + " px, " + lang + ": " + violations.size()
                + " serious/critical violations " + violations);
        assertEquals(List.of(), violations, "axe-core serious/critical violations");
        shoot("profile-" + lang + "-" + width + ".png");
        // the Why? panels in view, for the record
        shootAt("why-" + lang + "-" + width + ".png", driver.findElement(By.cssSelector("#recs > li .why")));
    }

    /**
     * The scrutability controls, each with its undo: muting a topic (undone from the toast), "Not interested"
     * and "More like this" (each posts an event and refreshes the list), leaving out the events of a counterfactual
     * (the list changes, the timeline marks them, "Include again" restores the list), deleting an event (undo posts
     * it again) and a changed #user= link loading that user.
     */
    /**
     * A narrator (in process, answering from the summary's facts as a faithful model would) writes the summary:
     * the page shows its two sentences, each with a "That's not me" that mutes the facet the sentence names.
     */
    @Test
    void aNarratedSummaryIsShownAndEachSentenceMutesTheFacetItNames() throws Exception {
        GroundedNarrator narrator = new GroundedNarrator(new Narrator() {
            @Override
            public String name() {
                return "stub";
            }

            @Override
            public String narrate(Facts facts, java.util.Locale locale) throws NarratorException {
                throw new NarratorException("sentences are not asked here", null);
            }

            @Override
            public String summarize(SummaryFacts facts, java.util.Locale locale) {
                SummaryFacts.Facet top = facts.facets().get(0);
                SummaryFacts.Facet second = facts.facets().get(1);
                return String.format(java.util.Locale.ROOT, "Your favourite is %s (%.0f%%). You also like %s.",
                        top.name(), 100 * top.share(), second.name());
            }
        });
        String token = startServerAndBrowser(narrator);
        WebDriverWait wait = pageWait();
        driver.get("http://127.0.0.1:" + server.port() + "/#user=u1&token=" + token);
        wait.until(d -> !d.findElement(By.id("summary")).getText().isBlank());
        String summary = driver.findElement(By.id("summary")).getText();
        assertTrue(summary.startsWith("Your favourite is Sci-Fi ("), summary);
        List<WebElement> phrases = driver.findElements(By.cssSelector("#summary .phrase[data-kind=narrated]"));
        assertEquals(2, phrases.size(), summary);
        assertTrue(phrases.get(1).getText().startsWith("You also like "), summary);
        assertFalse(summary.contains(".;") || summary.endsWith(".."), "the sentences keep their own stops: " + summary);
        List<WebElement> notMe = driver.findElements(By.cssSelector("#summary button.not-me"));
        assertEquals(2, notMe.size());
        notMe.get(0).click();
        wait.until(d -> d.findElement(By.id("muted")).getText().contains("Sci-Fi"));
        assertFalse(driver.findElement(By.id("muted")).getText().contains("Comedy"), "only the facet it names");
        wait.until(d -> !d.findElement(By.id("summary")).getText().contains("Sci-Fi"));
        assertTrue(narrator.accepted() >= 2, narrator.summary());
    }

    /**
     * With a narrated arm, a Why? panel quotes the sentence the narrator (in process) wrote for its item when the
     * grounding gate passed it, as text (its markup is not parsed), labelled with who wrote it, in the page's
     * language; the "helpful?" answer under it is counted for that narrator. A sentence naming a title the
     * explanation does not hold is refused by the gate and the panel has no quote (nor the template sentence).
     */
    @Test
    void aGroundedNarratedSentenceIsQuotedInItsWhyPanelAndAHallucinatedOneIsNot() throws Exception {
        java.util.concurrent.atomic.AtomicBoolean hallucinate = new java.util.concurrent.atomic.AtomicBoolean();
        Map<String, String> written = new java.util.concurrent.ConcurrentHashMap<>(); // "lang item title" -> text
        GroundedNarrator narrator = new GroundedNarrator(new Narrator() {
            @Override
            public String name() {
                return "stub";
            }

            @Override
            public String narrate(Facts facts, java.util.Locale locale) {
                String top = facts.top().title();
                String text = locale.getLanguage().equals("zh") ? "你给《" + top + "》打了高分，<b>它</b>最能说明这条推荐。"
                        : hallucinate.get() ? "You rated " + top + " and \"Blade Runner\" highly."
                        : "You rated " + top + " highly: <b>it</b> leads this pick.";
                written.put(locale.getLanguage() + " " + facts.itemTitle(), text);
                return text;
            }

            @Override
            public String summarize(SummaryFacts facts, java.util.Locale locale) throws NarratorException {
                throw new NarratorException("summaries are not asked here", null);
            }
        });
        String token = startServerAndBrowser(narrator,
                ExplanationArms.parse("narrator:2:narrator", ExplanationArms.DEFAULT_SEED));
        WebDriverWait wait = openPage(token);
        List<String> items = listed();

        // grounded: quoted at the top of the panel, as text, with who wrote it; the reasons stay below it
        By first = By.cssSelector("#recs > li[data-item='" + items.get(0) + "']");
        String title = driver.findElement(first).findElement(By.cssSelector(".rec-title")).getText();
        driver.findElement(first).findElement(By.cssSelector("button.why-button")).click();
        wait.until(d -> "shown".equals(d.findElement(first).findElement(By.cssSelector(".why"))
                .getAttribute("data-narration")));
        WebElement panel = driver.findElement(first).findElement(By.cssSelector(".why"));
        String sentence = written.get("en " + title);
        assertNotNull(sentence, "the narrator was asked for " + title + ": " + written.keySet());
        assertEquals(sentence, panel.findElement(By.cssSelector("figure.narrated blockquote")).getText());
        assertTrue(sentence.contains("<b>it</b>"), sentence);
        assertTrue(panel.findElements(By.cssSelector("figure.narrated b")).isEmpty(), "the sentence is text");
        assertEquals("In words, by stub, checked against the reasons below",
                panel.findElement(By.cssSelector("figure.narrated figcaption")).getText());
        assertEquals("figure", panel.findElement(By.xpath("./*[1]")).getTagName(), "the quote comes first");
        assertFalse(panel.findElements(By.cssSelector(".reasons > li")).isEmpty(), "the reasons stay");
        assertFalse(panel.getAttribute("textContent").contains("Recommended because"), "no template sentence");
        panel.findElement(By.cssSelector("button.fb-yes")).click();
        wait.until(d -> !d.findElement(first).findElements(By.cssSelector(".fb-thanks")).isEmpty());
        String report = send("GET", "/v1/admin/satisfaction", null);
        assertTrue(report.contains("\"narrator\":[{\"value\":\"stub\",\"answers\":1,\"helpful\":1"),
                "the answer is counted for the narrator whose sentence was shown: " + report);

        // hallucinated: the gate refuses the invented title, so the panel has no quote
        hallucinate.set(true);
        By second = By.cssSelector("#recs > li[data-item='" + items.get(1) + "']");
        String title2 = driver.findElement(second).findElement(By.cssSelector(".rec-title")).getText();
        driver.findElement(second).findElement(By.cssSelector("button.why-button")).click();
        wait.until(d -> "none".equals(d.findElement(second).findElement(By.cssSelector(".why"))
                .getAttribute("data-narration")));
        WebElement panel2 = driver.findElement(second).findElement(By.cssSelector(".why"));
        assertTrue(written.get("en " + title2).contains("Blade Runner"), written.toString());
        assertTrue(panel2.findElements(By.cssSelector("figure.narrated")).isEmpty(), "no quote");
        String why2 = panel2.getAttribute("textContent");
        assertFalse(why2.contains("Blade Runner") || why2.contains("Recommended because"), why2);
        assertFalse(panel2.findElements(By.cssSelector(".reasons > li")).isEmpty(), "the reasons are shown");
        assertFalse(panel2.findElements(By.cssSelector("button.fb-yes")).isEmpty(), "and the question");
        assertTrue(narrator.calls() - narrator.accepted() >= 1, narrator.summary());

        // in Chinese the narrator is asked in Chinese and the open panel quotes that sentence
        hallucinate.set(false);
        new Select(driver.findElement(By.id("lang"))).selectByValue("zh");
        wait.until(d -> d.findElement(By.tagName("h1")).getText().equals("我们认为你喜欢的内容")
                && !d.findElements(By.cssSelector("#recs > li[data-item='" + items.get(0)
                        + "'] figure.narrated figcaption")).isEmpty()
                && d.findElement(first).findElement(By.cssSelector("figure.narrated figcaption")).getText()
                        .startsWith("由 stub"));
        WebElement quote = driver.findElement(first).findElement(By.cssSelector("figure.narrated"));
        assertEquals(written.get("zh " + title), quote.findElement(By.tagName("blockquote")).getText());
        assertEquals("由 stub 用文字概括，已对照下方的推荐依据核对", quote.findElement(By.tagName("figcaption")).getText());
        shootAt("why-narrated-zh-1200.png", quote);
        List<String> violations = axeSeriousViolations();
        assertEquals(List.of(), violations, "axe-core serious/critical violations with the quotes shown");
    }

    @Test
    void everyEditCanBeUndoneAndAChangedLinkLoadsThatUser() throws Exception {
        String token = startServerAndBrowser();
        viewport(1400, 1000);
        WebDriverWait wait = openPage(token);
        List<String> original = listed();

        // mute, then undo from the toast
        driver.findElement(By.cssSelector("#facets > li[data-facet='Sci-Fi'] button.mute")).click();
        wait.until(d -> d.findElement(By.id("muted")).getText().contains("Sci-Fi"));
        WebElement undo = driver.findElement(By.cssSelector("#toast button.undo"));
        assertEquals("Undo: Muted Sci-Fi.", undo.getAttribute("aria-label"));
        undo.click();
        wait.until(d -> d.findElement(By.id("mutedLine")).getAttribute("hidden") != null
                && !d.findElements(By.cssSelector("#facets > li[data-facet='Sci-Fi']")).isEmpty());
        assertEquals(original, listed(), "undoing the mute restores the list");

        // "That's not me" on the summary's first phrase mutes the facets it names; undo unmutes them
        WebElement notMe = driver.findElement(By.cssSelector("#summary button.not-me"));
        assertTrue(notMe.getAttribute("aria-label").startsWith("That's not me: Mostly "), notMe.getAttribute("aria-label"));
        String phrase = driver.findElement(By.cssSelector("#summary .phrase")).getText();
        notMe.click();
        wait.until(d -> !d.findElement(By.id("muted")).getText().isBlank());
        String muted = driver.findElement(By.id("muted")).getText();
        assertTrue(phrase.contains("Sci-Fi") == muted.contains("Sci-Fi"), phrase + " / muted: " + muted);
        assertFalse(driver.findElement(By.id("summary")).getText().startsWith(phrase), "the phrase changed");
        driver.findElement(By.cssSelector("#toast button.undo")).click();
        wait.until(d -> d.findElement(By.id("mutedLine")).getAttribute("hidden") != null);
        wait.until(d -> original.equals(listed()));

        // not interested: the item leaves the list; undo brings it back
        String first = original.get(0);
        driver.findElement(By.cssSelector("#recs > li[data-item='" + first + "'] button.not-interested")).click();
        wait.until(d -> !listed().contains(first) && listed().size() == 10);
        driver.findElement(By.cssSelector("#toast button.undo")).click();
        wait.until(d -> listed().equals(original));

        // more like this: a 'like' event on the item, which leaves the list (seen) and shows in the timeline
        String second = original.get(1);
        driver.findElement(By.cssSelector("#recs > li[data-item='" + second + "'] button.more-like")).click();
        wait.until(d -> !listed().contains(second));
        assertEquals("liked", driver.findElement(By.cssSelector("#timeline tbody tr td.type")).getText(),
                "the newest event is the like");
        driver.findElement(By.cssSelector("#toast button.undo")).click();
        wait.until(d -> listed().equals(original));

        // the counterfactual's events left out, then included again from the timeline
        openEverything();
        WebElement cf = driver.findElements(By.cssSelector("#recs .cf button.exclude-cf")).stream().findFirst()
                .orElseThrow(() -> new AssertionError("no counterfactual on the page"));
        WebElement cfItem = cf.findElement(By.xpath("ancestor::li[@data-item]"));
        String cfTitle = cfItem.findElement(By.cssSelector(".rec-title")).getText();
        String sentence = cfItem.findElement(By.cssSelector(".cf p")).getText();
        assertTrue(sentence.matches("If you hadn’t rated Film \\d+( and Film \\d+|, Film \\d+)*, this would drop to #\\d+\\."),
                sentence);
        assertTrue(cf.getAttribute("aria-label").matches("Leave out the (event|\\d+ events) behind " + cfTitle
                + " from my recommendations"), cf.getAttribute("aria-label"));
        String cfId = cfItem.getAttribute("data-item");
        cf.click();
        wait.until(d -> !listed().contains(cfId));
        List<WebElement> excluded = driver.findElements(By.cssSelector("#timeline tbody tr.excluded"));
        assertFalse(excluded.isEmpty(), "the timeline marks the events left out");
        assertTrue(excluded.get(0).getText().contains("(left out)"), excluded.get(0).getText());
        while (!driver.findElements(By.cssSelector("#timeline button.include")).isEmpty()) {
            int n = driver.findElements(By.cssSelector("#timeline button.include")).size();
            WebElement include = driver.findElement(By.cssSelector("#timeline button.include"));
            assertTrue(include.getAttribute("aria-label").startsWith("Include again: you rated Film "));
            include.click();
            wait.until(d -> d.findElements(By.cssSelector("#timeline button.include")).size() < n);
        }
        wait.until(d -> listed().equals(original));

        // delete an event, then undo: the same event is posted again
        WebElement row = driver.findElement(By.cssSelector("#timeline tbody tr"));
        String eventId = row.getAttribute("data-event");
        int rows = driver.findElements(By.cssSelector("#timeline tbody tr")).size();
        row.findElement(By.cssSelector("button.delete-event")).click();
        wait.until(d -> d.findElements(By.cssSelector("#timeline tbody tr[data-event='" + eventId + "']")).isEmpty());
        driver.findElement(By.cssSelector("#toast button.undo")).click();
        wait.until(d -> d.findElements(By.cssSelector("#timeline tbody tr[data-event='" + eventId + "']")).size() == 1);
        assertEquals(rows, driver.findElements(By.cssSelector("#timeline tbody tr")).size());
        wait.until(d -> listed().equals(original));

        // a changed #user= link (hashchange, no reload) loads that user
        send("POST", "/v1/events", "[{\"id\":\"u2e\",\"user\":\"u2\",\"item\":\"i4\",\"ts\":1700000000,\"type\":\"rating\",\"value\":4}]");
        String token2 = send("POST", "/v1/users/u2/token", null).replaceAll(".*\"token\"\\s*:\\s*\"([^\"]+)\".*", "$1");
        js("location.hash = arguments[0];", "#user=u2&token=" + token2);
        wait.until(d -> d.findElements(By.cssSelector("#timeline tbody tr")).size() == 1
                && "u2e".equals(d.findElement(By.cssSelector("#timeline tbody tr")).getAttribute("data-event")));
        assertEquals("rating 4/5", driver.findElement(By.cssSelector("#timeline tbody tr td.type")).getText());
    }

    /**
     * Opt-in, against a running server (for docs/serving.md's figures): {@code -Dwhyrec.page.url=http://...#user=1&token=...}
     * loads that page at 1400 px and prints how many facets the chart shows and where the recommendations start;
     * screenshot {@code live-1400.png}. Skipped unless the property is set.
     */
    @Test
    void liveServerFigures() throws Exception {
        String url = System.getProperty("whyrec.page.url", "");
        Assumptions.assumeFalse(url.isEmpty(), "skipped: set -Dwhyrec.page.url to measure a running server's page");
        startBrowser();
        viewport(1400, 1000);
        WebDriverWait wait = new WebDriverWait(driver, Duration.ofSeconds(120));
        driver.get(url);
        wait.until(d -> !d.findElements(By.cssSelector("#recs > li")).isEmpty()
                && !d.findElements(By.cssSelector("#facets > li")).isEmpty());
        long facets = driver.findElements(By.cssSelector("#facets > li")).size();
        double top = ((Number) js("return document.getElementById('recsSection').getBoundingClientRect().top;")).doubleValue();
        System.out.println("BrowserIT live page: " + facets + " facets charted, recommendations start at " + top
                + " px, " + driver.findElements(By.cssSelector("#recs > li")).size() + " items, widths " + widths());
        assertTrue(facets <= 15, facets + " facets");
        assertTrue(top <= 1500, "recommendations start at " + top);
        shoot("live-1400.png");
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
        WebDriverWait wait = openPage(token);

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
