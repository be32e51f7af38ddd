package io.whyrec.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.whyrec.api.Progress;
import io.whyrec.core.data.Dataset;
import io.whyrec.core.data.DatasetFile;
import io.whyrec.core.data.ImportFormat;
import io.whyrec.core.data.ImportRequest;
import io.whyrec.core.data.Importer;
import io.whyrec.core.model.BinaryMatrix;
import io.whyrec.core.model.Ease;
import io.whyrec.server.ServerConfig;
import io.whyrec.server.WhyrecServer;
import io.whyrec.server.live.ServedModel;
import io.whyrec.server.live.ServingConfig;
import io.whyrec.server.privacy.AuditLog;
import io.whyrec.server.store.Database;
import io.whyrec.server.store.DatasetSeed;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The erasure acceptance test of issue 11 on ML-100K ({@code ua.base} + {@code ua.test} + {@code u.item}),
 * on SQLite and on PostgreSQL ({@code WHYREC_TEST_PG_URL}): the import is served, 10 users (9 drawn with a seed
 * and user 943) get tokens, use them (a muted facet, an excluded event, personalisation off), and are erased; the
 * server is stopped and started again. Then:
 * <ul>
 *   <li>no text column of any table (item ids aside: ML-100K user ids are item ids too) equals an erased id;</li>
 *   <li>no byte of any file of the data directory (database, WAL, dataset file, audit log, secrets) holds an
 *       erased user's distinctive strings: each event row as SQLite lays it out (event id, user id, item id
 *       side by side), their tag edit and exclusion rows, and their id as a JSON string in the audit log;
 *       before the erasure the same search finds them, so the check can fail;</li>
 *   <li>the dataset file, decoded, has no erased user and exactly their events fewer;</li>
 *   <li>{@code whyrec profile --user} and {@code recommend --user} refuse them as unknown (and still answer for a
 *       user who was not erased);</li>
 *   <li>their old tokens get 401 (at once and after the restart), and a write with an old token creates nothing;
 *       a freshly issued token works;</li>
 *   <li>the EASE refitted after the erasure equals (max abs difference of the item-item weights at most 1e-9)
 *       an EASE trained apart, with the same configuration, on the original dataset without those users;</li>
 *   <li>{@code whyrec audit verify} finds the chain intact, with one erasure record per user.</li>
 * </ul>
 */
class ErasureIT {

    private static final String ADMIN = "erasure-it-admin-key-0123";
    private static final byte[] SECRET = "erasure-it-token-secret-of-32-bytes!".getBytes(StandardCharsets.UTF_8);
    private static final long SEED = 11;
    private static final String PG_ENV = "WHYREC_TEST_PG_URL";

    @TempDir
    Path dir;

    private WhyrecServer server;
    private String pgBase;
    private String pgSchema;
    private final HttpClient http = HttpClient.newHttpClient();
    private final ObjectMapper json = new ObjectMapper();

    @AfterEach
    void stop() throws SQLException {
        if (server != null) {
            server.close();
        }
        if (pgSchema != null) {
            try (Connection c = DriverManager.getConnection(pgBase); Statement s = c.createStatement()) {
                s.execute("DROP SCHEMA IF EXISTS " + pgSchema + " CASCADE");
            }
        }
    }

    @Test
    void sqlite() throws Exception {
        scenario(null);
    }

    @Test
    void postgres() throws Exception {
        pgBase = System.getenv(PG_ENV);
        Assumptions.assumeTrue(pgBase != null && !pgBase.isBlank(), "skipped: " + PG_ENV + " is not set; run "
                + "eval \"$(.ci/services.sh)\" to start PostgreSQL and set it");
        Path data = ml100k();
        String schema = "erasure_" + Long.toString(System.nanoTime(), 36);
        try (Connection c = DriverManager.getConnection(pgBase); Statement s = c.createStatement()) {
            s.execute("CREATE SCHEMA " + schema);
        }
        pgSchema = schema;
        assertTrue(Files.isDirectory(data));
        scenario(pgBase + (pgBase.contains("?") ? "&" : "?") + "currentSchema=" + schema);
    }

    private static Path ml100k() {
        Path data = Path.of(System.getProperty("whyrec.shared.data", "../shared/data"), "ml-100k");
        Assumptions.assumeTrue(Files.isRegularFile(data.resolve("ua.base")),
                "skipped: " + data + " not found (set -Dwhyrec.shared.data=/path/to/shared/data)");
        return data;
    }

    private void scenario(String jdbcUrl) throws Exception {
        Path data = ml100k();
        Path file = dir.resolve(DatasetSeed.FILE);
        Importer.importTo(ImportRequest.of(ImportFormat.ML100K, data.resolve("ua.base"))
                .withTest(data.resolve("ua.test")).withItems(data.resolve("u.item")), file);
        DatasetFile.Contents original = DatasetFile.read(file);
        Dataset train = original.dataset();
        Dataset test = original.split().test();

        // 9 users drawn with the seed, and user 943 (the one of the issue)
        Set<String> erased = new LinkedHashSet<>();
        SplittableRandom random = new SplittableRandom(SEED);
        while (erased.size() < 9) {
            String u = Integer.toString(1 + random.nextInt(942));
            erased.add(u);
        }
        erased.add("943");
        String control = Stream.iterate(1, i -> i + 1).map(String::valueOf).filter(u -> !erased.contains(u))
                .findFirst().orElseThrow();
        BitSet gone = new BitSet();
        int goneTrain = 0;
        int goneTest = 0;
        for (String u : erased) {
            int d = train.users().require(u, "user");
            gone.set(d);
            goneTrain += train.userSize(d);
            goneTest += test.userSize(d);
        }

        ServerConfig config = ServerConfig.defaults("127.0.0.1", 0, dir).withSecrets(ADMIN, SECRET)
                .withServing(ServingConfig.DEFAULT.withRefitSeconds(0)).withJdbcUrl(jdbcUrl);
        server = WhyrecServer.start(config);
        assertEquals(train.numEvents(), send("GET", "/health", null, null).path("events").asInt(), "seeded");

        // every erased user gets a token and leaves a row in every user table
        Map<String, String> tokens = new LinkedHashMap<>();
        Map<String, List<byte[]>> patterns = new LinkedHashMap<>();
        for (String u : erased) {
            String token = send("POST", "/v1/users/" + u + "/token", null, null).get("token").asText();
            tokens.put(u, token);
            JsonNode profile = send("GET", "/v1/users/" + u + "/profile", null, token);
            String facet = profile.get("facets").get(0).get("facet").asText();
            String event = profile.get("events").get(0).get("eventId").asText();
            send("PUT", "/v1/users/" + u + "/tags/" + facet, "{\"muted\": true}", token);
            send("PUT", "/v1/users/" + u + "/events/" + event, "{\"excluded\": true}", token);
            // (issue 12 item 4) an answer to the first explanation, with a reason the file search can find
            JsonNode first = send("GET", "/v1/users/" + u + "/recommendations?k=1&explain=true", null, token)
                    .get("items").get(0);
            String reason = "feedback-reason-of-user-" + u;
            assertEquals(201, status("POST", "/v1/users/" + u + "/feedback", "{\"item\":\"" + first.get("item")
                    .asText() + "\",\"explanationId\":\"" + first.get("explanation").get("explanationId").asText()
                    + "\",\"helpful\":true,\"reason\":\"" + reason + "\"}", token), "user " + u + "'s feedback");
            send("PUT", "/v1/users/" + u + "/personalization", "{\"enabled\": false}", token);
            List<byte[]> p = new ArrayList<>();
            int d = train.users().require(u, "user");
            for (int e = train.userStart(d); e < train.userEnd(d); e++) {
                p.add(bytes(DatasetSeed.eventId(e) + u
                        + train.catalog().items().id(train.item(e))));
            }
            p.add(bytes(u + facet + "muted"));
            p.add(bytes(u + event));
            p.add(bytes(reason));
            p.add(bytes("\"" + u + "\""));
            patterns.put(u, p);
        }
        String controlToken = send("POST", "/v1/users/" + control + "/token", null, null).get("token").asText();
        if (jdbcUrl == null) {
            // the search finds the rows while they are stored, so finding none afterwards means something
            for (String u : erased) {
                assertTrue(hits(patterns.get(u).subList(0, patterns.get(u).size() - 1)) > 0,
                        "user " + u + "'s rows are found in the files of " + dir + " before the erasure");
            }
        }
        assertTrue(userRows(jdbcUrl, erased) > 10 * 20, "the table check sees the users before the erasure");

        long erasedEvents = 0;
        for (String u : erased) {
            JsonNode r = send("DELETE", "/v1/users/" + u, null, null);
            erasedEvents += r.get("deletedRows").get("events").asLong();
            assertEquals(1, r.get("deletedRows").get("explanation_feedback").asInt(), "user " + u + "'s feedback");
            assertEquals(train.userSize(train.users().require(u, "user"))
                    + test.userSize(test.users().require(u, "user")), r.get("datasetEvents").asInt(), u);
            assertEquals(401, status("GET", "/v1/users/" + u + "/profile", null, tokens.get(u)),
                    "user " + u + "'s token is refused at once");
        }
        assertEquals(goneTrain, erasedEvents);
        send("GET", "/v1/users/" + control + "/profile", null, controlToken);

        // the refit after the erasure equals EASE fitted apart on the original data without the erased users
        send("POST", "/v1/models/refit?model=ease", null, null);
        ServedModel served = server.registry().current("ease");
        assertEquals(0, server.registry().erasedUsersHeld("ease"), "the refitted EASE holds no erased user");
        Ease refitted = (Ease) served.model();
        BitSet keep = new BitSet(train.numEvents());
        for (int u = 0; u < train.numUsers(); u++) {
            if (!gone.get(u)) {
                keep.set(train.userStart(u), train.userEnd(u));
            }
        }
        Ease apart = Ease.fit(BinaryMatrix.of(train.subset(keep)), refitted.config(), Progress.NONE);
        Ease before = Ease.fit(BinaryMatrix.of(train), refitted.config(), Progress.NONE);
        assertEquals(apart.numItems(), refitted.numItems());
        double maxDiff = 0;
        double maxChange = 0;
        for (int i = 0; i < apart.numItems(); i++) {
            for (int j = 0; j < apart.numItems(); j++) {
                maxDiff = Math.max(maxDiff, Math.abs(apart.weight(i, j) - refitted.weight(i, j)));
                maxChange = Math.max(maxChange, Math.abs(before.weight(i, j) - refitted.weight(i, j)));
            }
        }
        System.out.printf(Locale.ROOT, "ErasureIT %s: refitted EASE vs EASE without the 10 users: max |dB| = %.3g "
                        + "(vs EASE with them: %.3g); %d train events erased%n", jdbcUrl == null ? "sqlite" : "postgres",
                maxDiff, maxChange, erasedEvents);
        assertTrue(maxDiff <= 1e-9, "max abs difference " + maxDiff);
        assertTrue(maxChange > 1e-6, "the erased users changed the weights, so the comparison can fail: " + maxChange);

        server.close();
        server = null;
        server = WhyrecServer.start(config);
        assertEquals(train.numEvents() - goneTrain, send("GET", "/health", null, null).path("events").asInt(),
                "the restarted server holds every event but the erased users'");

        assertEquals(0, userRows(jdbcUrl, erased), "no text column of any table holds an erased id");
        for (String u : erased) {
            assertTrue(server.engine().user(u).isEmpty(), u + " in memory");
            assertEquals(401, status("GET", "/v1/users/" + u + "/profile", null, tokens.get(u)), u + " old token");
            assertEquals(401, status("POST", "/v1/users/" + u + "/events", "[{\"id\":\"x-" + u + "\",\"item\":\"1\"}]",
                    tokens.get(u)), u + " old token writes");
        }
        assertEquals(0, userRows(jdbcUrl, erased), "an old token recreated no row");
        send("GET", "/v1/users/" + control + "/profile", null, controlToken);
        server.close();
        server = null;

        int found = hits(patterns.values().stream().flatMap(List::stream).toList());
        assertEquals(0, found, "byte patterns of erased users in the files of " + dir);
        DatasetFile.Contents now = DatasetFile.read(file);
        for (String u : erased) {
            assertTrue(now.dataset().users().find(u).isEmpty(), u + " in " + file);
        }
        assertEquals(train.numEvents() - goneTrain, now.dataset().numEvents());
        assertEquals(test.numEvents() - goneTest, now.split().test().numEvents());
        for (String u : erased) {
            CliTest.Run p = CliTest.run("profile", "--user", u, "--data-dir", dir.toString());
            assertNotEquals(0, p.code(), p.out());
            assertTrue(p.err().contains("unknown user '" + u + "'"), p.err());
            CliTest.Run r = CliTest.run("recommend", "--user", u, "--data-dir", dir.toString());
            assertNotEquals(0, r.code(), r.out());
            assertTrue(r.err().contains("unknown user '" + u + "'"), r.err());
        }
        assertEquals(0, CliTest.run("profile", "--user", control, "--data-dir", dir.toString()).code());

        CliTest.Run audit = CliTest.run("audit", "verify", "--data-dir", dir.toString());
        assertEquals(0, audit.code(), audit.err());
        String log = Files.readString(dir.resolve(AuditLog.FILE));
        assertEquals(10, log.lines().filter(l -> l.contains("\"action\":\"user.erase\"")).count(), log);
        assertEquals(11, log.lines().filter(l -> l.contains("\"action\":\"token.issue\"")).count());
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /** Occurrences of any of the patterns in the raw bytes of every file under the data directory. */
    private int hits(List<byte[]> patterns) throws Exception {
        int n = 0;
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                byte[] b = Files.readAllBytes(f);
                for (byte[] p : patterns) {
                    n += count(b, p);
                }
            }
        }
        return n;
    }

    private static int count(byte[] hay, byte[] needle) {
        int n = 0;
        outer:
        for (int i = 0; i + needle.length <= hay.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (hay[i + j] != needle[j]) {
                    continue outer;
                }
            }
            n++;
        }
        return n;
    }

    /** Rows of any table holding one of the ids in a text column other than item ids. */
    private long userRows(String jdbcUrl, Set<String> ids) throws SQLException {
        long n = 0;
        try (Connection c = jdbcUrl == null
                ? DriverManager.getConnection("jdbc:sqlite:" + dir.resolve(Database.SQLITE_FILE))
                : DriverManager.getConnection(jdbcUrl)) {
            DatabaseMetaData md = c.getMetaData();
            List<String> tables = new ArrayList<>();
            try (ResultSet rs = md.getTables(null, pgSchema, "%", new String[]{"TABLE"})) {
                while (rs.next()) {
                    tables.add(rs.getString("TABLE_NAME"));
                }
            }
            assertTrue(tables.containsAll(List.of("users", "events", "tag_edits", "personalization",
                    "event_exclusions", "explanation_feedback")), tables.toString());
            for (String t : tables) {
                List<String> cols = new ArrayList<>();
                try (ResultSet rs = md.getColumns(null, pgSchema, t, "%")) {
                    while (rs.next()) {
                        String col = rs.getString("COLUMN_NAME");
                        String type = rs.getString("TYPE_NAME").toUpperCase(Locale.ROOT);
                        if ((type.contains("CHAR") || type.contains("TEXT")) && !col.equals("item_id")
                                && !t.equals("flyway_schema_history")) {
                            cols.add(col);
                        }
                    }
                }
                for (String col : cols) {
                    for (String id : ids) {
                        try (PreparedStatement s = c.prepareStatement(
                                "SELECT COUNT(*) FROM " + t + " WHERE CAST(" + col + " AS TEXT) = ?")) {
                            s.setString(1, id);
                            try (ResultSet r = s.executeQuery()) {
                                r.next();
                                n += r.getLong(1);
                            }
                        }
                    }
                }
            }
        }
        return n;
    }

    private HttpResponse<String> request(String method, String path, String body, String token) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        if (token == null) {
            b.header("X-Admin-Key", ADMIN);
        } else {
            b.header("Authorization", "Bearer " + token);
        }
        if (body != null) {
            b.header("Content-Type", "application/json");
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** A request with the admin key (token null) or a user token that must answer 200; its JSON body. */
    private JsonNode send(String method, String path, String body, String token) throws Exception {
        HttpResponse<String> r = request(method, path, body, token);
        assertEquals(200, r.statusCode(), method + " " + path + ": " + r.body());
        return json.readTree(r.body());
    }

    private int status(String method, String path, String body, String token) throws Exception {
        HttpResponse<String> r = request(method, path, body, token);
        assertFalse(r.body().isEmpty());
        return r.statusCode();
    }
}
