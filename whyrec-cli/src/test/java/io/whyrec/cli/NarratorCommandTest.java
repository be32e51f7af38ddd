package io.whyrec.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpServer;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code explain --narrator openai} and {@code serve --narrator openai} against an OpenAI-compatible endpoint on
 * loopback (JDK HttpServer, a free port) that writes its answer from the prompt's facts: a faithful answer (the
 * first reason with its share) is shown and credited to the narrator; a hallucinated one is replaced by the
 * template sentence, with the reason, in the JSON of the command and of {@code GET .../explanation}.
 */
class NarratorCommandTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern FIRST_REASON = Pattern.compile("^1\\. \"(.+)\": (\\d+%)$", Pattern.MULTILINE);

    static {
        System.setProperty("sun.net.httpserver.nodelay", "true");
    }

    @TempDir
    Path dir;

    Path data;
    HttpServer stub;
    volatile UnaryOperator<String> answer;
    final AtomicInteger requests = new AtomicInteger();

    /** The faithful answer: the first reason and its share, as the prompt gives them. */
    static String faithful(String prompt) {
        Matcher m = FIRST_REASON.matcher(prompt);
        return m.find() ? m.group(1) + " explains " + m.group(2) + " of this score." : "";
    }

    /** The strongest facet line of a summary prompt: "1. Drama: 45% ("...")". */
    private static final Pattern FIRST_FACET = Pattern.compile("^1\\. ([^:\n]+): (\\d+%)", Pattern.MULTILINE);

    /** The faithful summary: the strongest facet and its share, as the prompt gives them. */
    static String faithfulSummary(String prompt) {
        Matcher m = FIRST_FACET.matcher(prompt);
        return m.find() ? "You mostly like " + m.group(1) + " (" + m.group(2) + " of what you do)." : "";
    }

    @BeforeEach
    void setUp() throws Exception {
        Path events = CliTest.writeTasteGroups(dir, 1);
        data = dir.resolve("ws");
        CliTest.Run imp = CliTest.run("import", "--format", "generic", "--train", events.toString(), "--items",
                dir.resolve("items.csv").toString(), "--data-dir", data.toString());
        assertEquals(0, imp.code(), imp.err());
        stub = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 8);
        stub.createContext("/v1/chat/completions", ex -> {
            requests.incrementAndGet();
            try (ex) {
                JsonNode req = JSON.readTree(ex.getRequestBody());
                String user = "";
                for (JsonNode m : req.path("messages")) {
                    if (m.path("role").asText().equals("user")) {
                        user = m.path("content").asText();
                    }
                }
                ObjectNode out = JSON.createObjectNode();
                out.put("id", "stub").put("object", "chat.completion").put("created", 0).put("model",
                        req.path("model").asText());
                ObjectNode choice = out.putArray("choices").addObject();
                choice.put("index", 0).put("finish_reason", "stop");
                choice.putObject("message").put("role", "assistant").put("content", answer.apply(user));
                byte[] body = JSON.writeValueAsBytes(out);
                ex.getResponseHeaders().add("Content-Type", "application/json");
                ex.sendResponseHeaders(200, body.length);
                try (OutputStream os = ex.getResponseBody()) {
                    os.write(body);
                }
            }
        });
        stub.createContext("/api/chat", ex -> {  // Ollama's chat API, non-streaming
            requests.incrementAndGet();
            try (ex) {
                JsonNode req = JSON.readTree(ex.getRequestBody());
                String user = "";
                for (JsonNode m : req.path("messages")) {
                    if (m.path("role").asText().equals("user")) {
                        user = m.path("content").asText();
                    }
                }
                ObjectNode out = JSON.createObjectNode();
                out.put("model", req.path("model").asText()).put("created_at", "2026-12-03T10:00:00Z");
                out.putObject("message").put("role", "assistant").put("content", answer.apply(user));
                out.put("done", true).put("done_reason", "stop");
                byte[] body = JSON.writeValueAsBytes(out);
                ex.getResponseHeaders().add("Content-Type", "application/json");
                ex.sendResponseHeaders(200, body.length);
                try (OutputStream os = ex.getResponseBody()) {
                    os.write(body);
                }
            }
        });
        stub.start();
    }

    @AfterEach
    void tearDown() {
        stub.stop(0);
    }

    private String url() {
        return "http://127.0.0.1:" + stub.getAddress().getPort() + "/v1";
    }

    private JsonNode explain(String lang, String... extra) throws Exception {
        List<String> args = new ArrayList<>(List.of("explain", "--data-dir", data.toString(), "--model", "ease",
                "--user", "u0", "--k", "3", "--lang", lang, "--json"));
        args.addAll(List.of(extra));
        CliTest.Run r = CliTest.run(args.toArray(String[]::new));
        assertEquals(0, r.code(), r.err());
        return JSON.readTree(r.out());
    }

    @Test
    void explainShowsGroundedSentencesAndReplacesHallucinatedOnes() throws Exception {
        for (String lang : List.of("en", "zh")) {
            JsonNode plain = explain(lang);
            answer = NarratorCommandTest::faithful;
            JsonNode told = explain(lang, "--narrator", "openai", "--narrator-url", url(), "--narrator-model", "m");
            answer = p -> "Recommended because of The Silent Harbor (1994) (" + "97% of its score).";
            JsonNode made = explain(lang, "--narrator", "openai", "--narrator-url", url(), "--narrator-model", "m");
            int n = 0;
            for (int i = 0; i < plain.get("items").size(); i++) {
                JsonNode p = plain.get("items").get(i).get("explanations").get(0);
                JsonNode t = told.get("items").get(i).get("explanations").get(0);
                JsonNode h = made.get("items").get(i).get("explanations").get(0);
                assertFalse(p.has("narrator"), "the template alone keeps the old shape");
                assertEquals("openai:m", t.get("narrator").get("name").asText(), t.toString());
                assertTrue(t.get("narrator").get("grounded").asBoolean());
                assertTrue(t.get("text").asText().endsWith(" of this score."), t.get("text").asText());
                assertNotEquals(p.get("text").asText(), t.get("text").asText());
                assertEquals(p.get("text").asText(), h.get("text").asText(), "the template answers");
                assertEquals("template", h.get("narrator").get("name").asText());
                assertEquals("openai:m", h.get("narrator").get("requested").asText());
                assertFalse(h.get("narrator").get("grounded").asBoolean());
                String why = h.get("narrator").get("rejections").toString();
                assertTrue(why.contains("invented_title") && why.contains("wrong_number"), why);
                n++;
            }
            assertEquals(3, n);
        }
        assertEquals(12, requests.get());
    }

    private JsonNode profile(String lang, String... extra) throws Exception {
        List<String> args = new ArrayList<>(List.of("profile", "--data-dir", data.toString(), "--user", "u0",
                "--lang", lang, "--json"));
        args.addAll(List.of(extra));
        CliTest.Run r = CliTest.run(args.toArray(String[]::new));
        assertEquals(0, r.code(), r.err());
        return JSON.readTree(r.out()).get("summary");
    }

    @Test
    void profileShowsTheGroundedSummaryAndReplacesAHallucinatedOne() throws Exception {
        for (String lang : List.of("en", "zh")) {
            JsonNode plain = profile(lang);
            assertFalse(plain.has("narrator"), "the template alone keeps the old shape");
            String top = plain.get("phrases").get(0).get("facets").get(0).asText();
            answer = NarratorCommandTest::faithfulSummary;
            JsonNode told = profile(lang, "--narrator", "openai", "--narrator-url", url(), "--narrator-model", "m");
            assertEquals("openai:m", told.get("narrator").get("name").asText(), told.toString());
            assertTrue(told.get("narrator").get("grounded").asBoolean(), told.toString());
            assertTrue(told.get("text").asText().startsWith("You mostly like " + top + " ("), told.toString());
            JsonNode phrase = told.get("phrases").get(0);
            assertEquals("narrated", phrase.get("kind").asText());
            assertEquals(top, phrase.get("facets").get(0).asText(), "'that's not me' mutes what it names");
            answer = q -> "You mostly like " + top + " and films such as The Silent Harbor (1994).";
            JsonNode made = profile(lang, "--narrator", "openai", "--narrator-url", url(), "--narrator-model", "m");
            assertEquals(plain.get("text").asText(), made.get("text").asText(), "the template answers");
            assertEquals(plain.get("phrases"), made.get("phrases"));
            assertEquals("template", made.get("narrator").get("name").asText());
            assertFalse(made.get("narrator").get("grounded").asBoolean());
            assertTrue(made.get("narrator").get("rejections").toString().contains("invented_title"), made.toString());
        }
        assertEquals(4, requests.get());
        answer = NarratorCommandTest::faithfulSummary;
        CliTest.Run r = CliTest.run("profile", "--data-dir", data.toString(), "--user", "u0", "--narrator", "openai",
                "--narrator-url", url(), "--narrator-model", "m");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().startsWith("You mostly like "), r.out());
        assertTrue(r.out().contains("(written by openai:m, grounded)"), r.out());
        r = CliTest.run("profile", "--data-dir", data.toString(), "--user", "u0", "--narrator", "openai");
        assertNotEquals(0, r.code());
        assertTrue(r.err().contains("--narrator-url"), r.err());
    }

    @Test
    void textOutputSaysWhoWroteEachSentence() {
        answer = p -> "Recommended because of Fargo.";
        CliTest.Run r = CliTest.run("explain", "--data-dir", data.toString(), "--model", "ease", "--user", "u0",
                "--k", "2", "--narrator", "openai", "--narrator-url", url(), "--narrator-model", "m");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("(template; openai:m rejected: missing_top_contributor"), r.out());
        assertTrue(r.err().contains("narrator openai:m: 2 sentences asked, 0 shown"), r.err());
    }

    @Test
    void explainThroughOllamaShowsTheGroundedSentenceAndGatesTheOther() throws Exception {
        String ollama = "http://127.0.0.1:" + stub.getAddress().getPort();
        answer = NarratorCommandTest::faithful;
        JsonNode told = explain("en", "--narrator", "ollama", "--narrator-url", ollama, "--narrator-model", "llama3.2");
        answer = p -> "Recommended because of Fargo.";
        JsonNode made = explain("en", "--narrator", "ollama", "--narrator-url", ollama, "--narrator-model", "llama3.2");
        assertEquals(3, told.get("items").size());
        for (int i = 0; i < told.get("items").size(); i++) {
            JsonNode t = told.get("items").get(i).get("explanations").get(0);
            assertEquals("ollama:llama3.2", t.get("narrator").get("name").asText(), t.toString());
            assertTrue(t.get("narrator").get("grounded").asBoolean(), t.toString());
            assertTrue(t.get("text").asText().endsWith(" of this score."), t.toString());
            JsonNode h = made.get("items").get(i).get("explanations").get(0);
            assertEquals("template", h.get("narrator").get("name").asText(), h.toString());
            assertEquals("ollama:llama3.2", h.get("narrator").get("requested").asText());
            assertFalse(h.get("narrator").get("grounded").asBoolean(), h.toString());
        }
        assertEquals(6, requests.get());
        CliTest.Run r = CliTest.run("explain", "--data-dir", data.toString(), "--user", "u0", "--narrator", "ollama");
        assertNotEquals(0, r.code());
        assertTrue(r.err().contains("--narrator ollama needs --narrator-url http://HOST:11434"), r.err());
    }

    @Test
    void badNarratorOptionsAreNamed() {
        CliTest.Run r = CliTest.run("explain", "--data-dir", data.toString(), "--user", "u0", "--narrator", "openai");
        assertNotEquals(0, r.code());
        assertTrue(r.err().contains("--narrator-url"), r.err());
        r = CliTest.run("explain", "--data-dir", data.toString(), "--user", "u0", "--narrator", "gpt");
        assertTrue(r.err().contains("--narrator must be template, openai, ollama or gguf"), r.err());
        r = CliTest.run("explain", "--data-dir", data.toString(), "--user", "u0", "--narrator", "gguf");
        assertNotEquals(0, r.code());
        assertTrue(r.err().contains("--narrator gguf needs --narrator-model-path FILE.gguf"), r.err());
        r = CliTest.run("explain", "--data-dir", data.toString(), "--user", "u0", "--narrator", "gguf",
                "--narrator-model-path", data.resolve("none.gguf").toString());
        assertNotEquals(0, r.code());
        assertTrue(r.err().contains("none.gguf: no such file"), r.err());
        r = CliTest.run("explain", "--data-dir", data.toString(), "--user", "u0", "--narrator", "openai",
                "--narrator-url", url(), "--narrator-model", "m", "--narrator-timeout", "0");
        assertTrue(r.err().contains("--narrator-timeout"), r.err());
    }

    @Test
    void serveNarratesTheSingleExplanation() throws Exception {
        answer = NarratorCommandTest::faithful;
        RunningServe serve = RunningServe.start("--port", "0", "--data-dir", data.toString(), "--refit-seconds", "0",
                "--no-tune", "--narrator", "openai", "--narrator-url", url(), "--narrator-model", "m", "--arms",
                "narrator:2:narrator");
        int port = serve.port();
        try {
            HttpClient http = HttpClient.newHttpClient();
            String key = Files.readString(data.resolve("admin.key")).trim();
            JsonNode recs = JSON.readTree(http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                    + "/v1/users/u0/recommendations?k=1&explain=true")).header("X-Admin-Key", key).build(),
                    HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8)).body());
            String item = recs.get("items").get(0).get("item").asText();
            JsonNode listed = recs.get("items").get(0).get("explanation");
            // a list keeps the template sentence, and says the arm's single explanation is the narrator's
            assertTrue(listed.get("armNarrated").asBoolean(), listed.toString());
            assertNull(listed.get("narrator"), listed.toString());
            assertTrue(listed.get("text").asText().startsWith("Recommended because of"), listed.toString());
            for (String lang : List.of("en", "zh")) {
                JsonNode x = JSON.readTree(http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                        + "/v1/users/u0/recommendations/" + item + "/explanation?lang=" + lang))
                        .header("X-Admin-Key", key).build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8))
                        .body()).get("explanation");
                assertEquals("narrator", x.get("arm").asText(), "the one arm, narrated: " + x);
                assertEquals("openai:m", x.get("narrator").get("name").asText(), x.toString());
                assertTrue(x.get("narrator").get("grounded").asBoolean(), x.toString());
                assertTrue(x.get("armNarrated").asBoolean(), x.toString());
                assertTrue(x.get("text").asText().endsWith(" of this score."), x.toString());
            }
            answer = NarratorCommandTest::faithfulSummary;
            JsonNode summary = JSON.readTree(http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                    + "/v1/users/u0/profile")).header("X-Admin-Key", key).build(),
                    HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8)).body()).get("summary");
            assertEquals("openai:m", summary.get("narrator").get("name").asText(), summary.toString());
            assertTrue(summary.get("text").asText().startsWith("You mostly like "), summary.toString());
            assertEquals("narrated", summary.get("phrases").get(0).get("kind").asText(), summary.toString());
            answer = q -> "Because of an item the explanation never held.";
            JsonNode x = JSON.readTree(http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                    + "/v1/users/u0/recommendations/" + item + "/explanation")).header("X-Admin-Key", key).build(),
                    HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8)).body()).get("explanation");
            assertEquals("template", x.get("narrator").get("name").asText(), x.toString());
            assertFalse(x.get("narrator").get("grounded").asBoolean(), x.toString());
            assertTrue(x.get("text").asText().startsWith("Recommended because of"), x.toString());
        } finally {
            serve.stop();
        }
        assertEquals(0, serve.stop());
    }
}
