package io.whyrec.server.api;

import com.fasterxml.jackson.databind.json.JsonMapper;
import io.whyrec.api.Item;
import io.whyrec.core.model.ProfileModel;
import io.whyrec.server.live.Lang;
import io.whyrec.server.live.LiveEngine;
import io.whyrec.server.live.Ranker;
import io.whyrec.server.live.ResponseCache;
import io.whyrec.server.live.ModelRegistry;
import io.whyrec.server.live.ServingConfig;
import io.whyrec.server.live.UserState;
import io.whyrec.server.store.Database;
import io.whyrec.server.store.Store;
import io.whyrec.server.store.StoredEvent;
import io.whyrec.server.store.TagAction;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The streaming recommendations body equals, byte for byte, the ordered maps of {@link Views} serialised by the
 * mapper, on every path: both models, exact and counterfactual, both languages, a muted tag, personalisation off,
 * and explanations that share their attributions.
 *
 * <p>Fixture: 30 items; item i carries tag T[i % 3] and, when i % 4 == 0, also T[(i + 1) % 3], with T = [Sci-Fi,
 * Drama, "Com\"edy é"] (a quote and a non-ASCII letter, which the writer must escape and encode as Jackson does).
 * Under the profile model every item with the same tags gets the same contributions, and the 18 unseen items of
 * user u0 (items 0..11 seen, rated 1..5) fall into only five tag sets, so u0's top 10 holds several items per tag
 * set: those must share one attribution list, the others must not. User u1 has the same history with Drama
 * muted; u2 has personalisation off (popularity list, no explanations); u3 a longer history; "nobody" none.
 */
class RecommendationsJsonTest {

    private static final String[] T = {"Sci-Fi", "Drama", "Com\"edy é"};

    @TempDir
    Path dir;

    @Test
    void streamingBodyEqualsTheMapBodyOnEveryPath() {
        try (Database db = Database.openSqlite(dir)) {
            LiveEngine engine = new LiveEngine(new Store(db), ProfileModel.Config.DEFAULT);
            List<Item> items = new ArrayList<>();
            for (int i = 0; i < 30; i++) {
                List<String> tags = i % 4 == 0 ? List.of(T[i % 3], T[(i + 1) % 3]) : List.of(T[i % 3]);
                items.add(new Item("i" + i, "Film « " + i + " »", "", tags));
            }
            engine.upsertItems(items);
            List<StoredEvent> events = new ArrayList<>();
            for (String u : List.of("u0", "u1", "u2", "u3")) {
                for (int i = 0; i < 12; i++) {
                    events.add(new StoredEvent(u + "-e" + i, u, "i" + i, 1_700_000_000L + 3600L * i, "rating",
                            1 + i % 5, 0));
                }
            }
            // u3 also watched items 12..20 (other taste, a longer history)
            for (int i = 12; i < 21; i++) {
                events.add(new StoredEvent("u3-f" + i, "u3", "i" + i, 1_700_100_000L + i, "rating", 4, 0));
            }
            engine.ingest(events);
            engine.editTag("u1", "Drama", TagAction.MUTED);
            engine.setPersonalized("u2", false);
            ServingConfig serving = ServingConfig.DEFAULT.withParams(java.util.Map.of("ease",
                    java.util.Map.of("lambda", "10")));
            ModelRegistry registry = new ModelRegistry(engine, serving);
            registry.buildAll(1, (name, n) -> { });
            Ranker ranker = new Ranker(engine, registry, serving);
            ApiContext api = new ApiContext(engine, ranker, null, JsonMapper.builder().build(), new Metrics(),
                    ApiContext.Limits.DEFAULT, new ResponseCache(0));

            int compared = 0;
            for (String u : List.of("u0", "u1", "u2", "u3", "nobody")) {
                UserState s = engine.userOrEmpty(u);
                for (String model : serving.models()) {
                    List<String> methods = registry.current(model).additive()
                            ? java.util.Arrays.asList(null, "exact", "counterfactual", "loo")
                            : java.util.Arrays.asList(null, "counterfactual", "loo");
                    for (String method : methods) {
                        for (Lang lang : Lang.values()) {
                            for (int k : new int[]{1, 10}) {
                                for (int maxEvents : new int[]{0, 3, 100}) {
                                    Ranker.Ranking r = ranker.recommend(s, model, k, true, method);
                                    byte[] expected = GetRecommendations.bodyFromMaps(api, s, r, k, lang, maxEvents);
                                    byte[] actual = GetRecommendations.body(api, s, r, k, lang, maxEvents);
                                    assertEquals(new String(expected, StandardCharsets.UTF_8),
                                            new String(actual, StandardCharsets.UTF_8),
                                            u + " " + model + " " + method + " " + lang + " k=" + k);
                                    assertArrayEquals(expected, actual);
                                    compared++;
                                }
                            }
                        }
                    }
                }
            }
            // 5 users x (3 additive models x 4 methods + pop x 3 methods) x 2 languages x 2 k x 3 event limits
            assertEquals(5 * (3 * 4 + 3) * 2 * 2 * 3, compared);

            // the sharing path is exercised: in u0's top 10, items with equal tags share one attribution list,
            // items with other tags do not
            Ranker.Ranking r = ranker.recommend(engine.userOrEmpty("u0"), Ranker.PROFILE, 10, true, Ranker.EXACT);
            int same = 0;
            int different = 0;
            for (Ranker.Ranked a : r.items()) {
                for (Ranker.Ranked b : r.items()) {
                    if (a == b) {
                        continue;
                    }
                    List<String> ta = engine.catalog().catalog().item(a.item()).tags();
                    List<String> tb = engine.catalog().catalog().item(b.item()).tags();
                    if (ta.equals(tb)) {
                        assertSame(a.explanation().events(), b.explanation().events());
                        same++;
                    } else {
                        assertNotSame(a.explanation().events(), b.explanation().events());
                        different++;
                    }
                }
            }
            assertTrue(same > 0 && different > 0, "pairs with equal tags: " + same + ", with other tags: " + different);
        }
    }
}
