package io.whyrec.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.whyrec.core.data.DatasetFile;
import io.whyrec.core.data.PseudonymRecord;
import io.whyrec.core.privacy.Pseudonymizer;
import io.whyrec.server.store.Database;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The pseudonymisation acceptance scenario of issue 11 (item 5), run by {@link PseudonymsTest} on synthetic data
 * and by {@link PseudonymsIT} on ML-100K, through the command line a user meets:
 * <ol>
 *   <li>{@code whyrec import --pseudonymize --pseudonym-key old.key} of interactions whose user ids are distinctive
 *       strings, into the data directory P; the same file imported raw into R (the control);</li>
 *   <li>{@code whyrec serve} on P with the key and an access log file: for the chosen users, by raw id, a token,
 *       the profile, the list, events posted by the admin ({@code POST /v1/events}, a new user too) and by the
 *       user, a muted tag, personalisation off and on, a 400 and a 404 naming the raw id in the path, and the
 *       erasure of some; the lists of the compared users are taken before anything changes;</li>
 *   <li>{@code whyrec serve} on R with the same options answers the compared users with the very same lists
 *       (items, scores and explanations), and {@code whyrec recommend} and {@code profile} on P with the key print
 *       what they print on R;</li>
 *   <li>with both servers stopped, every file under P (dataset, SQLite database, WAL and shared memory, audit log,
 *       secrets, record) and the logs (access log, everything the JVM printed while serving) are searched, bytes,
 *       for every raw id: none is found, while the same search finds them in R, so it can fail;</li>
 *   <li>{@code whyrec pseudonyms rotate} moves P to new.key: serving with the old key is refused, with the new key
 *       the same raw ids reach the same users (fresh tokens; old ones refused), the old pseudonyms are gone from
 *       the files, and still no raw id is found.</li>
 * </ol>
 */
final class PseudonymScenario {

    static final String ADMIN = "pseudonym-scenario-admin-key-01";

    /** What the scenario saw. */
    record Report(int idsChecked, List<String> filesWhileServing, long rawHitsWhileServing,
                  List<String> filesSearched, long bytesSearched, long rawHits, long rawHitsInControl,
                  long oldPseudonymHitsAfterRotation, long rawHitsAfterRotation, int comparedUsers, int actedUsers,
                  int erasedUsers, Map<String, Integer> rotatedRows) {
    }

    private final Path work;
    private final Path events;
    private final Path items;
    private final List<String> rawIds;
    private final List<String> acted;
    private final List<String> erased;
    private final List<String> compared;
    private final String newUser;
    private final String anItem;
    private final HttpClient http = HttpClient.newHttpClient();
    private final ObjectMapper json = new ObjectMapper();

    /**
     * @param work     an empty folder for the data directories, keys and logs
     * @param events   a generic CSV (user,item,timestamp,event_type,value) whose user ids are {@code rawIds}
     * @param items    its items file, or null
     * @param rawIds   every user id of the file
     * @param acted    users acted for on the API (a token, profile, events, edits)
     * @param erased   users of {@code acted} then erased
     * @param compared users whose lists are compared with the raw import's (not acted for before the comparison)
     * @param anItem   an item id of the catalogue
     */
    PseudonymScenario(Path work, Path events, Path items, List<String> rawIds, List<String> acted,
                      List<String> erased, List<String> compared, String anItem) {
        this.work = work;
        this.events = events;
        this.items = items;
        this.rawIds = rawIds;
        this.acted = acted;
        this.erased = erased;
        this.compared = compared;
        this.anItem = anItem;
        this.newUser = "member-new-000001-x7";
    }

    Report run() throws Exception {
        ByteArrayOutputStream console = new ByteArrayOutputStream();
        PrintStream oldOut = System.out;
        PrintStream oldErr = System.err;
        // everything the JVM prints while the scenario runs (the server's log lines on stderr among it) is a log
        System.setOut(new PrintStream(new Tee(oldOut, console), true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(new Tee(oldErr, console), true, StandardCharsets.UTF_8));
        try {
            return scenario(console);
        } finally {
            System.setOut(oldOut);
            System.setErr(oldErr);
        }
    }

    private Report scenario(ByteArrayOutputStream console) throws Exception {
        Path p = work.resolve("pseudonymised");
        Path r = work.resolve("raw");
        Path oldKey = work.resolve("keys").resolve("old.key");
        Path newKey = work.resolve("keys").resolve("new.key");
        CliTest.Run k1 = CliTest.run("pseudonyms", "new-key", oldKey.toString());
        assertEquals(0, k1.code(), k1.err());
        assertEquals(0, CliTest.run("pseudonyms", "new-key", newKey.toString()).code());
        assertNotEquals(0, CliTest.run("pseudonyms", "new-key", oldKey.toString()).code(), "never overwritten");
        Pseudonymizer old = Pseudonymizer.fromFile(oldKey);

        List<String> importArgs = new ArrayList<>(List.of("import", "--format", "generic", "--train",
                events.toString()));
        if (items != null) {
            importArgs.addAll(List.of("--items", items.toString()));
        }
        List<String> pArgs = new ArrayList<>(importArgs);
        pArgs.addAll(List.of("--pseudonymize", "--pseudonym-key", oldKey.toString(), "--data-dir", p.toString()));
        CliTest.Run imp = CliTest.run(pArgs.toArray(String[]::new));
        assertEquals(0, imp.code(), imp.err());
        assertTrue(imp.out().contains("user ids pseudonymised (HMAC-SHA256, key fingerprint " + old.fingerprint()),
                imp.out());
        List<String> rArgs = new ArrayList<>(importArgs);
        rArgs.addAll(List.of("--data-dir", r.toString()));
        assertEquals(0, CliTest.run(rArgs.toArray(String[]::new)).code());
        assertEquals(old.fingerprint(), PseudonymRecord.read(p).orElseThrow().fingerprint());
        assertEquals(rawIds.size(), DatasetFile.readDataset(p.resolve(DataOptions.DATASET_FILE)).numUsers());

        // the CLI by raw id: the same answers on P (with the key) as on R; without the key, a clear refusal
        for (String u : compared) {
            CliTest.Run onP = CliTest.run("recommend", "--data-dir", p.toString(), "--pseudonym-key",
                    oldKey.toString(), "--model", "ease", "--user", u, "--k", "10", "--json");
            CliTest.Run onR = CliTest.run("recommend", "--data-dir", r.toString(), "--model", "ease", "--user", u,
                    "--k", "10", "--json");
            assertEquals(0, onP.code(), onP.err());
            assertEquals(onR.out(), onP.out(), "recommend --user " + u);
            CliTest.Run profP = CliTest.run("profile", "--data-dir", p.toString(), "--pseudonym-key",
                    oldKey.toString(), "--user", u, "--json");
            CliTest.Run profR = CliTest.run("profile", "--data-dir", r.toString(), "--user", u, "--json");
            assertEquals(0, profP.code(), profP.err());
            assertEquals(profR.out(), profP.out(), "profile --user " + u);
        }
        CliTest.Run noKey = CliTest.run("profile", "--data-dir", p.toString(), "--user", compared.get(0));
        if (System.getenv(Pseudonymizer.ENV) == null) {
            assertNotEquals(0, noKey.code());
            assertTrue(noKey.err().contains("are pseudonymised (key fingerprint " + old.fingerprint() + ")"),
                    noKey.err());
        }

        Path accessLog = work.resolve("logs").resolve("access.log");
        Files.createDirectories(accessLog.getParent());
        Map<String, JsonNode> listsP;
        Map<String, String> tokens = new LinkedHashMap<>();
        List<String> all = new ArrayList<>(rawIds);
        all.add(newUser);
        long whileServing;
        List<String> filesWhileServing;
        try (Serving s = serve(p, accessLog, oldKey)) {
            listsP = lists(s);
            act(s, tokens);
            // while the server runs: the WAL and shared-memory files are there and searched too
            List<Path> running = files(p);
            filesWhileServing = running.stream().map(f -> f.getFileName().toString()).sorted().toList();
            assertTrue(filesWhileServing.contains(Database.SQLITE_FILE + "-wal"), filesWhileServing.toString());
            whileServing = hits(running, all);
        }
        assertEquals(0, whileServing, "raw user ids in the files of " + p + " while serving");
        try (Serving s = serve(r, work.resolve("logs").resolve("raw-access.log"), null)) {
            Map<String, JsonNode> listsR = lists(s);
            for (String u : compared) {
                assertEquals(withoutArm(listsR.get(u).get("items")), withoutArm(listsP.get(u).get("items")),
                        "served list of " + u);
                assertTrue(listsP.get(u).get("items").size() > 0);
            }
        }
        Path consoleLog = work.resolve("logs").resolve("console.log");
        Files.write(consoleLog, console.toByteArray());
        assertTrue(Files.readString(consoleLog).contains("seeded the store from"), "the server's log is captured");

        List<Path> searched = new ArrayList<>(files(p));
        searched.add(accessLog);
        searched.add(consoleLog);
        assertTrue(Files.readString(accessLog).contains("\"user\":"), "the access log has lines with hashed users");
        assertTrue(searched.stream().anyMatch(f -> f.getFileName().toString().equals(Database.SQLITE_FILE)));
        long bytes = 0;
        for (Path f : searched) {
            bytes += Files.size(f);
        }
        long hits = hits(searched, all);
        long control = hits(files(r), rawIds);
        assertEquals(0, hits, "raw user ids in the files of " + p + " and the logs");
        assertTrue(control >= rawIds.size(), "the same search finds the raw ids in " + r + ": " + control);
        storeHoldsPseudonymsOnly(p);

        // rotation to the new key: the kept user's list just before it, on the data as it now is
        String kept = compared.get(0);
        JsonNode keptBefore;
        try (Serving s = serve(p, accessLog, oldKey)) {
            keptBefore = get(s, "/v1/users/" + kept + "/recommendations?k=10&explain=true", null).get("items");
        }
        Path idList = work.resolve("platform-user-ids.txt");
        Files.write(idList, all, StandardCharsets.UTF_8);
        List<String> before = new ArrayList<>();
        for (String u : all) {
            before.add(old.pseudonym(u));
        }
        assertTrue(hits(files(p), before) > 0, "the old pseudonyms are in the files before the rotation");
        CliTest.Run inside = CliTest.run("pseudonyms", "rotate", "--data-dir", p.toString(), "--old-key",
                oldKey.toString(), "--new-key", newKey.toString(), "--users", p.resolve("ids.txt").toString());
        assertNotEquals(0, inside.code());
        assertTrue(inside.err().contains("is inside the data directory"), inside.err());
        CliTest.Run rot = CliTest.run("pseudonyms", "rotate", "--data-dir", p.toString(), "--old-key",
                oldKey.toString(), "--new-key", newKey.toString(), "--users", idList.toString());
        assertEquals(0, rot.code(), rot.err());
        Map<String, Integer> rows = rotatedRows(rot.out());
        Pseudonymizer next = Pseudonymizer.fromFile(newKey);
        assertEquals(next.fingerprint(), PseudonymRecord.read(p).orElseThrow().fingerprint());
        CliTest.Run oldRefused = CliTest.run("serve", "--port", "0", "--data-dir", p.toString(), "--pseudonym-key",
                oldKey.toString(), "--refit-seconds", "0");
        assertNotEquals(0, oldRefused.code());
        assertTrue(oldRefused.err().contains("is not the key of"), oldRefused.err());
        try (Serving s = serve(p, accessLog, newKey)) {
            assertEquals(withoutArm(keptBefore), withoutArm(get(s, "/v1/users/" + kept
                    + "/recommendations?k=10&explain=true", null).get("items")),
                    "the same user, by the same raw id, after the rotation");
            String token = post(s, "/v1/users/" + kept + "/token", null, null).get("token").asText();
            assertEquals(200, status(s, "GET", "/v1/users/" + kept + "/profile", null, token));
            String actedUser = acted.get(acted.size() - 1);
            assertNotEquals(200, status(s, "GET", "/v1/users/" + actedUser + "/profile", null,
                    tokens.get(actedUser)), "a token of before the rotation is refused");
        }
        Files.write(consoleLog, console.toByteArray());
        List<Path> after = new ArrayList<>(files(p));
        after.add(accessLog);
        after.add(consoleLog);
        long oldLeft = hits(files(p), before);
        long rawLeft = hits(after, all);
        assertEquals(0, oldLeft, "old pseudonyms in the files of " + p + " after the rotation: " + where(files(p), before));
        assertEquals(0, rawLeft, "raw ids after the rotation");
        storeHoldsPseudonymsOnly(p);
        return new Report(all.size(), filesWhileServing, whileServing, searched.stream().map(f -> f.getFileName().toString()).toList(), bytes, hits, control, oldLeft, rawLeft, compared.size(),
                acted.size() + 1, erased.size(), rows);
    }

    /** The lists of the compared users (with explanations), by raw id, with the admin key. */
    private Map<String, JsonNode> lists(Serving s) throws Exception {
        Map<String, JsonNode> out = new LinkedHashMap<>();
        for (String u : compared) {
            out.put(u, get(s, "/v1/users/" + u + "/recommendations?k=10&explain=true", null));
        }
        return out;
    }

    private void act(Serving s, Map<String, String> tokens) throws Exception {
        StringBuilder batch = new StringBuilder("[");
        int n = 0;
        for (String u : acted) {
            batch.append(n++ == 0 ? "" : ",").append("{\"id\":\"admin-").append(n).append("\",\"user\":\"")
                    .append(u).append("\",\"item\":\"").append(anItem).append("\",\"type\":\"view\"}");
        }
        batch.append(",{\"id\":\"admin-new\",\"user\":\"").append(newUser).append("\",\"item\":\"").append(anItem)
                .append("\"}]");
        assertEquals(acted.size() + 1, post(s, "/v1/events", batch.toString(), null).get("stored").asInt());
        List<String> users = new ArrayList<>(acted);
        users.add(newUser);
        for (String u : users) {
            String token = post(s, "/v1/users/" + u + "/token", null, null).get("token").asText();
            tokens.put(u, token);
            JsonNode profile = get(s, "/v1/users/" + u + "/profile", token);
            get(s, "/v1/users/" + u + "/recommendations?k=5&explain=true", token);
            post(s, "/v1/users/" + u + "/events", "[{\"id\":\"own-" + Math.abs(u.hashCode()) + "\",\"item\":\""
                    + anItem + "\",\"type\":\"view\"}]", token);
            if (profile.get("facets").size() > 0) {
                String facet = profile.get("facets").get(0).get("facet").asText();
                assertEquals(200, status(s, "PUT", "/v1/users/" + u + "/tags/" + encode(facet), "{\"muted\": true}",
                        token));
            }
            if (profile.get("events").size() > 1) {
                String event = profile.get("events").get(0).get("eventId").asText();
                assertEquals(200, status(s, "PUT", "/v1/users/" + u + "/events/" + encode(event),
                        "{\"excluded\": true}", token));
            }
            assertEquals(200, status(s, "PUT", "/v1/users/" + u + "/personalization", "{\"enabled\": false}", token));
            assertEquals(200, status(s, "PUT", "/v1/users/" + u + "/personalization", "{\"enabled\": true}", token));
            // failures name the path too: they must not carry the raw id into a log either
            assertEquals(400, status(s, "GET", "/v1/users/" + u + "/recommendations?k=abc", null, token));
        }
        assertEquals(404, status(s, "GET", "/v1/users/" + acted.get(0) + "/items/no-such-item/why-not", null, null));
        for (String u : erased) {
            JsonNode e = send(s, "DELETE", "/v1/users/" + u, null, null);
            assertTrue(e.get("deletedRows").get("events").asInt() > 0, e.toString());
            assertEquals(401, status(s, "GET", "/v1/users/" + u + "/profile", null, tokens.get(u)));
        }
    }

    private static String encode(String s) {
        return java.net.URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }

    /** Every id of every user table of the store has the shape of a pseudonym. */
    private static void storeHoldsPseudonymsOnly(Path dir) throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve(Database.SQLITE_FILE));
             Statement st = c.createStatement()) {
            int n = 0;
            for (String t : io.whyrec.server.store.Store.USER_TABLES) {
                // the change log's rows of erased users hold no user id (NULL): nothing to check there
                try (ResultSet rs = st.executeQuery("SELECT user_id FROM " + t + " WHERE user_id IS NOT NULL")) {
                    while (rs.next()) {
                        assertTrue(Pseudonymizer.looksLikePseudonym(rs.getString(1)), t + ": " + rs.getString(1));
                        n++;
                    }
                }
            }
            assertTrue(n > 0);
        }
    }

    private static Map<String, Integer> rotatedRows(String out) {
        Matcher m = Pattern.compile("store rows renamed \\{([^}]*)}").matcher(out);
        assertTrue(m.find(), out);
        Map<String, Integer> rows = new LinkedHashMap<>();
        for (String kv : m.group(1).split(", ")) {
            String[] p = kv.split("=");
            rows.put(p[0], Integer.parseInt(p[1]));
        }
        return rows;
    }

    /** A running {@code whyrec serve}; closing it stops it and checks that it exits cleanly. */
    private record Serving(RunningServe serve) implements AutoCloseable {

        int port() {
            return serve.port();
        }

        @Override
        public void close() throws InterruptedException {
            assertEquals(0, serve.stop(), "serve exits cleanly");
        }
    }

    private Serving serve(Path dir, Path accessLog, Path key) throws Exception {
        List<String> args = new ArrayList<>(List.of("--port", "0", "--data-dir", dir.toString(), "--refit-seconds",
                "0", "--models", "ease,pop", "--default-model", "ease", "--no-tune", "--access-log",
                accessLog.toString()));
        if (key != null) {
            args.addAll(List.of("--pseudonym-key", key.toString()));
        }
        // the admin key comes from the data directory's admin.key (generated at the first start) unless set
        RunningServe serve = RunningServe.start(Duration.ofSeconds(120), Duration.ofSeconds(60),
                args.toArray(String[]::new));
        // the printed line goes to the console log as a user would see it
        System.out.print(serve.out());
        return new Serving(serve);
    }

    private String adminKey(Serving s) throws Exception {
        return s.serve().adminKey();
    }

    private HttpResponse<String> request(Serving s, String method, String path, String body, String token)
            throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + s.port() + path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        if (token == null) {
            b.header("X-Admin-Key", adminKey(s));
        } else {
            b.header("Authorization", "Bearer " + token);
        }
        if (body != null) {
            b.header("Content-Type", "application/json");
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private JsonNode send(Serving s, String method, String path, String body, String token) throws Exception {
        HttpResponse<String> r = request(s, method, path, body, token);
        assertEquals(200, r.statusCode(), method + " " + path + ": " + r.body());
        return json.readTree(r.body());
    }

    private JsonNode get(Serving s, String path, String token) throws Exception {
        return send(s, "GET", path, null, token);
    }

    private JsonNode post(Serving s, String path, String body, String token) throws Exception {
        return send(s, "POST", path, body, token);
    }

    private int status(Serving s, String method, String path, String body, String token) throws Exception {
        HttpResponse<String> r = request(s, method, path, body, token);
        assertFalse(r.body().isEmpty());
        return r.statusCode();
    }

    /** Every regular file under a folder. */
    static List<Path> files(Path dir) throws Exception {
        try (Stream<Path> s = Files.walk(dir)) {
            return s.filter(Files::isRegularFile).toList();
        }
    }

    /** Occurrences of any of the ids (UTF-8 bytes) in the bytes of the files. */
    /** The files holding any of the ids, with how many times and the first id found and its context. */
    static String where(List<Path> files, List<String> ids) throws Exception {
        BytesSearch search = new BytesSearch(ids);
        StringBuilder out = new StringBuilder();
        for (Path f : files) {
            byte[] bytes = Files.readAllBytes(f);
            long n = search.count(bytes);
            if (n > 0) {
                String text = new String(bytes, StandardCharsets.ISO_8859_1);
                String first = ids.stream().filter(text::contains).findFirst().orElse("?");
                int at = text.indexOf(first);
                String around = text.substring(Math.max(0, at - 40), Math.min(text.length(), at + first.length() + 40))
                        .replaceAll("[^\\x20-\\x7e]", ".");
                out.append(f.getFileName()).append(": ").append(n).append(" (").append(first).append(" in '")
                        .append(around).append("') ");
            }
        }
        return out.toString();
    }

    static long hits(List<Path> files, List<String> ids) throws Exception {
        BytesSearch search = new BytesSearch(ids);
        long n = 0;
        for (Path f : files) {
            n += search.count(Files.readAllBytes(f));
        }
        return n;
    }

    /** Counts occurrences of many byte strings at once, indexed by their first four bytes. */
    static final class BytesSearch {
        private final Map<Integer, List<byte[]>> byPrefix = new java.util.HashMap<>();

        BytesSearch(List<String> ids) {
            for (String id : ids) {
                byte[] b = id.getBytes(StandardCharsets.UTF_8);
                if (b.length < 4) {
                    throw new IllegalArgumentException("ids to search must have at least 4 bytes: " + id);
                }
                byPrefix.computeIfAbsent(prefix(b, 0), k -> new ArrayList<>()).add(b);
            }
        }

        private static int prefix(byte[] b, int i) {
            return (b[i] & 0xff) << 24 | (b[i + 1] & 0xff) << 16 | (b[i + 2] & 0xff) << 8 | (b[i + 3] & 0xff);
        }

        long count(byte[] hay) {
            long n = 0;
            for (int i = 0; i + 4 <= hay.length; i++) {
                List<byte[]> candidates = byPrefix.get(prefix(hay, i));
                if (candidates == null) {
                    continue;
                }
                outer:
                for (byte[] c : candidates) {
                    if (i + c.length > hay.length) {
                        continue;
                    }
                    for (int j = 4; j < c.length; j++) {
                        if (hay[i + j] != c[j]) {
                            continue outer;
                        }
                    }
                    n++;
                }
            }
            return n;
        }
    }

    /** Writes to two streams. */
    private static final class Tee extends OutputStream {
        private final OutputStream a;
        private final OutputStream b;

        Tee(OutputStream a, OutputStream b) {
            this.a = a;
            this.b = b;
        }

        @Override
        public synchronized void write(int x) throws java.io.IOException {
            a.write(x);
            b.write(x);
        }

        @Override
        public synchronized void write(byte[] buf, int off, int len) throws java.io.IOException {
            a.write(buf, off, len);
            b.write(buf, off, len);
        }

        @Override
        public void flush() throws java.io.IOException {
            a.flush();
            b.flush();
        }
    }

    /**
     * A served list without what depends on the id the user is stored under: the A/B arm is assigned by a keyed
     * hash of the stored id (the pseudonym on a pseudonymised directory, which a rotation changes), so the arm,
     * the sentence it shapes and the explanation id differ; items, scores and every contribution must not.
     */
    private static JsonNode withoutArm(JsonNode items) {
        com.fasterxml.jackson.databind.node.ArrayNode copy = items.deepCopy();
        for (JsonNode item : copy) {
            JsonNode x = item.get("explanation");
            if (x instanceof com.fasterxml.jackson.databind.node.ObjectNode o) {
                o.remove(List.of("explanationId", "arm", "armReasons", "armNarrated", "text"));
            }
        }
        return copy;
    }

}
