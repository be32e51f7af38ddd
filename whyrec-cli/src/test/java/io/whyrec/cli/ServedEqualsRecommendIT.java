package io.whyrec.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.whyrec.api.Recommender;
import io.whyrec.api.ScoredItem;
import io.whyrec.core.data.Dataset;
import io.whyrec.core.data.DatasetFile;
import io.whyrec.core.files.ModelFiles;
import io.whyrec.core.model.Models;
import io.whyrec.server.ServerConfig;
import io.whyrec.server.WhyrecServer;
import io.whyrec.server.live.ServingConfig;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the server answers is what {@code whyrec recommend} prints: on the ML-1M implicit split, every served
 * model (ease, ials, itemknn, profile, pop) is trained once with {@code whyrec train} (the model files record the item table), the server loads them
 * with {@code --model-dir}, and for 200 users drawn with seed 42 the API's top 10 of every model equals the top
 * 10 of the recommend command's code path on the same file, item for item (for 3 users per model through the
 * command itself, JSON output). Skipped, with a message, when ../shared/data is absent.
 */
class ServedEqualsRecommendIT {

    private static final String ADMIN = "it-admin-key-0123456789";
    private static final List<String> MODELS = List.of("ease", "ials", "itemknn", "profile", "pop");

    @TempDir
    Path dir;

    @Test
    void theApisTopTenEqualsRecommendForEveryServedModel() throws Exception {
        Path data = Path.of(System.getProperty("whyrec.shared.data", "../../shared/data"), "ml-1m-colakg-implicit");
        Assumptions.assumeTrue(Files.isRegularFile(data.resolve("train.txt")), "skipped: ../shared/data not found");
        Path ml1m = data.resolveSibling("ml-1m").resolve("movies.dat");
        List<String> imp = new ArrayList<>(List.of("import", "--format", "user-items", "--train",
                data.resolve("train.txt").toString(), "--test", data.resolve("test.txt").toString(), "--item-map",
                data.resolve("item_map.txt").toString(), "--data-dir", dir.toString()));
        if (Files.isRegularFile(ml1m)) {
            imp.addAll(List.of("--items", ml1m.toString()));
        }
        CliTest.Run r = CliTest.run(imp.toArray(String[]::new));
        assertEquals(0, r.code(), r.err());
        for (String m : MODELS) {
            CliTest.Run t = CliTest.run("train", "--data-dir", dir.toString(), "--model", m, "--quiet");
            assertEquals(0, t.code(), m + ": " + t.err());
        }
        Dataset train = DatasetFile.read(dir.resolve("dataset.whyrec")).split().train();
        List<Recommender> files = new ArrayList<>();
        for (String m : MODELS) {
            files.add(Models.load(dir.resolve("models").resolve(m + ".model")));
        }

        ServingConfig serving = ServingConfig.DEFAULT.withModels(MODELS, "ease").withModelDir(dir.resolve("models"))
                .withRefitSeconds(0).withResponseCacheBytes(0);
        HttpClient http = HttpClient.newHttpClient();
        ObjectMapper json = new ObjectMapper();
        try (WhyrecServer server = WhyrecServer.start(ServerConfig.defaults("127.0.0.1", 0, dir)
                .withSecrets(ADMIN, new byte[32]).withServing(serving))) {
            JsonNode served = get(http, json, server, "/v1/models");
            for (JsonNode m : served.get("models")) {
                assertTrue(m.get("source").asText().contains(".model (trained on the stored events)"), m.toString());
            }
            int[] active = train.activeUsers();
            SplittableRandom random = new SplittableRandom(42);
            int compared = 0;
            for (int n = 0; n < 200; n++) {
                int u = active[random.nextInt(active.length)];
                String user = train.users().id(u);
                for (int m = 0; m < MODELS.size(); m++) {
                    List<String> expected = new ArrayList<>();
                    for (ScoredItem s : RecommendCommand.recommend(files.get(m), train, u, 10)) {
                        expected.add(train.items().id(s.item()));
                    }
                    JsonNode api = get(http, json, server, "/v1/users/" + user + "/recommendations?k=10&model="
                            + MODELS.get(m));
                    List<String> actual = new ArrayList<>();
                    api.get("items").forEach(it -> actual.add(it.get("item").asText()));
                    assertEquals(expected, actual, MODELS.get(m) + " user " + user);
                    if (n < 3) {
                        CliTest.Run cli = CliTest.run("recommend", "--data-dir", dir.toString(), "--model",
                                MODELS.get(m), "--user", user, "--k", "10", "--json");
                        assertEquals(0, cli.code(), cli.err());
                        List<String> printed = new ArrayList<>();
                        json.readTree(cli.out()).get("items").forEach(it -> printed.add(it.get("item").asText()));
                        assertEquals(printed, actual, "bin/whyrec recommend --model " + MODELS.get(m) + " " + user);
                    }
                    compared++;
                }
            }
            assertEquals(200 * MODELS.size(), compared);
            System.out.println("served = recommend: 200 users x " + MODELS + " top-10 lists equal item for item");
        }
    }

    private static JsonNode get(HttpClient http, ObjectMapper json, WhyrecServer server, String path)
            throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port()
                + path)).header("X-Admin-Key", ADMIN).GET().build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode(), path + ": " + r.body());
        return json.readTree(r.body());
    }
}
