package io.whyrec.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.whyrec.core.data.CatalogTagger;
import io.whyrec.core.data.DatasetFile;
import io.whyrec.core.data.ItemCatalog;
import io.whyrec.server.ServerConfig;
import io.whyrec.server.WhyrecServer;
import io.whyrec.server.live.ServingConfig;
import io.whyrec.server.store.DatasetSeed;
import io.whyrec.server.testing.AdminHttp;
import io.whyrec.server.testing.Chromium;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Discovered interest tags for a catalogue without genres (issue 12): ML-1M implicit (CoLaKG split) imported with
 * the LLM-written descriptions and {@code --no-facets}, so the items have titles and texts but no taxonomy;
 * {@code whyrec tags --replace} makes 18 tags its only facets, with purity against the MovieLens genres (the
 * same data imported with movies.dat's genres, {@code --truth}) above a shuffled tagging of the same sizes.
 * {@code whyrec profile} and the server seeded from that directory show them in a user's profile. Muting the top
 * one through the API removes it from the profile and from every recommendation's facet explanation and tags. On
 * the page (Debian's headless Chromium through /usr/bin/chromedriver) the chart shows {@code auto:} tags and a mute
 * click removes one from the chart and every "Why?" panel. Skipped, with a message, when ../shared/data is absent;
 * the page part is skipped when Chromium or its driver is missing. The embedding of the 3,260 texts (MiniLM) is
 * cached under {@code data/cache/embeddings} of the working directory, so only a first run pays for it.
 */
class DiscoveredTagsIT {

    private static final String ADMIN = "tags-it-admin-key-0123456789";
    private static final byte[] SECRET = "tags-it-token-secret-of-32-bytes!!!!".getBytes(StandardCharsets.UTF_8);
    private static final int TAGS = 18;
    private static final String USER = "0";

    @TempDir
    Path dir;

    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void aCatalogueWithoutGenresGetsDiscoveredTagsThatProfilesTheApiAndThePageUse() throws Exception {
        Path shared = Path.of(System.getProperty("whyrec.shared.data", "../../shared/data"));
        Path data = shared.resolve("ml-1m-colakg-implicit");
        Path movies = shared.resolve("ml-1m").resolve("movies.dat");
        Assumptions.assumeTrue(Files.isRegularFile(data.resolve("train.txt")) && Files.isRegularFile(movies),
                "skipped: " + shared + " (ml-1m-colakg-implicit and ml-1m/movies.dat) not found");
        Path plain = dir.resolve("plain");
        Path genres = dir.resolve("genres");
        List<String> common = List.of("import", "--format", "user-items", "--train", data.resolve("train.txt").toString(),
                "--test", data.resolve("test.txt").toString(), "--item-map", data.resolve("item_map.txt").toString(),
                "--items", movies.toString());
        List<String> imp = new ArrayList<>(common);
        imp.addAll(List.of("--item-texts", data.resolve("llm_response_item.json").toString(), "--no-facets",
                "--data-dir", plain.toString()));
        CliTest.Run r = CliTest.run(imp.toArray(String[]::new));
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("facets left out: 18 facet names dropped from 3260 items"), r.out());
        imp = new ArrayList<>(common);
        imp.addAll(List.of("--data-dir", genres.toString()));
        r = CliTest.run(imp.toArray(String[]::new));
        assertEquals(0, r.code(), r.err());
        assertEquals(0, DatasetFile.read(plain.resolve(DatasetSeed.FILE)).dataset().catalog().facets().size());

        r = CliTest.run("tags", "--data-dir", plain.toString(), "--tags", Integer.toString(TAGS), "--truth",
                genres.toString(), "--replace", "--json", "--quiet");
        assertEquals(0, r.code(), r.err());
        JsonNode found = Json.mapper().readTree(r.out());
        double purity = found.get("purity").asDouble();
        double shuffled = found.get("shuffledPurity").asDouble();
        assertEquals(3260, found.get("labelledItems").asInt());
        assertTrue(purity > shuffled + 0.05, "purity " + purity + " against " + shuffled + " shuffled");
        assertEquals(TAGS, found.get("tags").size());
        System.out.printf("ML-1M descriptions only, %d tags (%s): purity %.3f against %.3f shuffled%n", TAGS,
                found.get("encoder").asText(), purity, shuffled);
        for (JsonNode t : found.get("tags")) {
            assertTrue(t.get("name").asText().startsWith(CatalogTagger.PREFIX), t.toString());
            System.out.printf("  %4d items  %s  (%.0f%% %s)%n", t.get("items").asInt(), t.get("name").asText(),
                    100 * t.get("facetShare").asDouble(), t.get("dominantFacet").asText());
        }
        ItemCatalog tagged = DatasetFile.read(plain.resolve(DatasetSeed.FILE)).dataset().catalog();
        assertEquals(TAGS, tagged.facets().size(), "the discovered tags are the only facets");
        assertFalse(tagged.item(0).text().isBlank(), "the descriptions are kept");
        r = CliTest.run("profile", "--data-dir", plain.toString(), "--user", USER, "--json");
        assertEquals(0, r.code(), r.err());
        JsonNode cliProfile = Json.mapper().readTree(r.out());
        JsonNode cliFacets = cliProfile.get("facets");
        assertTrue(cliFacets.size() >= 3 && cliFacets.get(0).get("facet").asText().startsWith(CatalogTagger.PREFIX),
                "whyrec profile shows the discovered tags: " + r.out());
        String summary = cliProfile.get("summary").get("text").asText();
        assertTrue(summary.startsWith("Mostly \"" + cliFacets.get(0).get("facet").asText() + "\""),
                "the summary quotes the tag's name: " + summary);

        // the models checked (and pop); EASE at the lambda validation chooses on this split (1600), so the start
        // does not tune it again
        ServingConfig serving = ServingConfig.DEFAULT.withModels(List.of("ease", "profile", "pop"), "ease")
                .withTuneDefault(false).withRefitSeconds(0)
                .withParams(Map.of("ease", Map.of("lambda", "1600")));
        try (WhyrecServer server = WhyrecServer.start(ServerConfig.defaults("127.0.0.1", 0, plain)
                .withSecrets(ADMIN, SECRET).withServing(serving))) {
            JsonNode profile = send(server, "GET", "/v1/users/" + USER + "/profile", null);
            JsonNode facets = profile.get("facets");
            assertTrue(facets.size() >= 3, profile.toString());
            for (JsonNode f : facets) {
                assertTrue(f.get("facet").asText().startsWith(CatalogTagger.PREFIX), f.toString());
            }
            String top = facets.get(0).get("facet").asText();
            assertTrue(cited(send(server, "GET", "/v1/users/" + USER + "/recommendations?k=10&explain=true", null),
                    top), top + " is cited before muting");

            send(server, "PUT", "/v1/users/" + USER + "/tags/" + path(top), "{\"muted\": true}");
            JsonNode after = send(server, "GET", "/v1/users/" + USER + "/profile", null);
            for (JsonNode f : after.get("facets")) {
                assertNotEquals(top, f.get("facet").asText(), "a muted tag leaves the profile");
            }
            assertTrue(after.get("muted").toString().contains(top), after.get("muted").toString());
            for (String model : List.of("ease", "profile")) {
                JsonNode recs = send(server, "GET", "/v1/users/" + USER + "/recommendations?k=10&explain=true&model="
                        + model, null);
                assertEquals(10, recs.get("items").size());
                assertFalse(cited(recs, top), model + " still cites the muted " + top + ": " + recs);
            }
            String next = after.get("facets").get(0).get("facet").asText();
            System.out.println("user " + USER + ": muted " + top + " through the API; next " + next);
            page(server, top, next);
        }
    }

    /** Whether any item's facet explanation or tags name the facet. */
    private static boolean cited(JsonNode recs, String facet) {
        for (JsonNode it : recs.get("items")) {
            for (JsonNode t : it.get("tags")) {
                if (t.asText().equals(facet)) {
                    return true;
                }
            }
            JsonNode x = it.get("explanation");
            if (x != null) {
                for (JsonNode f : x.get("facets")) {
                    if (f.get("facet").asText().equals(facet)) {
                        return true;
                    }
                }
                if (x.get("text").asText().contains(facet)) {
                    return true;
                }
            }
        }
        return false;
    }

    /** On the page: the muted tag is listed as muted, the chart shows auto: tags, and a mute click works. */
    private void page(WhyrecServer server, String mutedByApi, String next) throws Exception {
        if (!Chromium.installed()) {
            System.out.println("page part skipped: " + Chromium.MISSING);
            return;
        }
        String token = send(server, "POST", "/v1/users/" + USER + "/token", null).get("token").asText();
        WebDriver driver = Chromium.start(dir);
        try {
            WebDriverWait wait = new WebDriverWait(driver, Duration.ofSeconds(30));
            wait.ignoring(StaleElementReferenceException.class);
            driver.get("http://127.0.0.1:" + server.port() + "/#user=" + USER + "&token=" + token);
            wait.until(d -> d.findElements(By.cssSelector("#recs > li")).size() == 10);
            assertTrue(driver.findElement(By.id("muted")).getText().contains(mutedByApi), "the API's mute is shown");
            List<WebElement> chart = driver.findElements(By.cssSelector("#facets > li"));
            assertTrue(chart.size() >= 2, chart.size() + " facets charted");
            for (WebElement f : chart) {
                String facet = f.getAttribute("data-facet");
                assertTrue(facet.startsWith(CatalogTagger.PREFIX), facet);
                assertNotEquals(mutedByApi, facet);
            }
            assertEquals(next, chart.get(0).getAttribute("data-facet"), "the page charts the profile's order");
            WebElement mute = driver.findElement(By.cssSelector("#facets > li[data-facet='" + next + "'] button.mute"));
            assertEquals("Mute " + next, mute.getAttribute("aria-label"));
            mute.click();
            wait.until(d -> d.findElement(By.id("muted")).getText().contains(next)
                    && d.findElements(By.cssSelector("#facets > li[data-facet='" + next + "']")).isEmpty());
            wait.until(d -> d.findElements(By.cssSelector("#recs > li")).size() == 10);
            for (WebElement b : driver.findElements(By.cssSelector("#recs .why-button[aria-expanded=false]"))) {
                b.click();
            }
            for (WebElement li : driver.findElements(By.cssSelector("#recs > li"))) {
                String why = li.findElement(By.cssSelector(".why")).getAttribute("textContent");
                assertFalse(why.isBlank(), "every item has a Why? panel");
                assertFalse(why.contains(next), "the muted " + next + " is cited after the click: " + why);
                assertFalse(li.findElement(By.cssSelector(".tags")).getText().contains(next));
            }
            System.out.println("page: muted " + next + " with a click; gone from the chart and every Why? panel");
        } finally {
            driver.quit();
        }
    }

    /** A facet name as one path segment (spaces as %20, not '+'). */
    private static String path(String facet) {
        return URLEncoder.encode(facet, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private JsonNode send(WhyrecServer server, String method, String path, String body) throws Exception {
        HttpResponse<String> resp = AdminHttp.send(http, server.port(), ADMIN, method, path, body);
        assertEquals(200, resp.statusCode(), method + " " + path + ": " + resp.body());
        return Json.mapper().readTree(resp.body());
    }
}
