package io.whyrec.server.api;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import com.fasterxml.jackson.databind.JsonNode;
import io.whyrec.api.Item;
import io.whyrec.core.data.InputRules;
import io.whyrec.core.profile.EventWeighting;
import io.whyrec.server.store.StoredEvent;

import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Jazzer fuzz targets for every API body parser (the parse functions, not the HTTP server): the fuzzer's bytes are
 * a request body for {@code POST /v1/events}, {@code POST /v1/users/{user}/events}, {@code POST /v1/items},
 * {@code POST /v1/recommendations} and the one-member edit bodies of {@code PUT .../events/{id}},
 * {@code PUT .../tags/{tag}} and {@code PUT .../personalization}. Expected: an {@link ApiException} with status 400
 * and a message naming the field, or a parse whose every id follows {@link InputRules} and whose numbers are in
 * range. Anything else is a finding.
 *
 * <p>The normal test run replays the inputs under
 * {@code src/test/resources/io/whyrec/server/api/ApiBodyFuzzTestInputs/<target>/}; {@code scripts/fuzz.sh} fuzzes.
 */
class ApiBodyFuzzTest {

    private static final ApiContext API = new ApiContext(null, null, null, Requests.newMapper(), null,
            ApiContext.Limits.DEFAULT, null);
    private static final EventWeighting WEIGHTING = EventWeighting.DEFAULT;
    private static final long NOW = 1_700_000_000L;

    @FuzzTest(maxDuration = "10s")
    void postEvents(byte[] input) {
        expect400(() -> {
            JsonNode body = Requests.batch(Requests.parseJson(text(input), API.json()), API, "events");
            for (int i = 0; i < body.size(); i++) {
                check(PostEvents.parse(API, body.get(i), "events[" + i + "]", WEIGHTING, NOW, null, null));
            }
        });
    }

    @FuzzTest(maxDuration = "10s")
    void postUserEvents(byte[] input) {
        expect400(() -> {
            JsonNode body = Requests.batch(Requests.parseJson(text(input), API.json()), API, "events");
            for (int i = 0; i < body.size(); i++) {
                check(PostEvents.parse(API, body.get(i), "events[" + i + "]", WEIGHTING, NOW, null, "u1"));
            }
        });
    }

    @FuzzTest(maxDuration = "10s")
    void postItems(byte[] input) {
        expect400(() -> {
            List<Item> items = PostItems.parse(API, Requests.batch(Requests.parseJson(text(input), API.json()),
                    API, "items"));
            for (Item item : items) {
                requireId(item.id(), "item id");
                for (String tag : item.tags()) {
                    requireId(tag, "tag");
                }
                if (item.title() != null && InputRules.textProblem(item.title()) != null) {
                    throw new AssertionError("title accepted: " + InputRules.textProblem(item.title()));
                }
            }
        });
    }

    @FuzzTest(maxDuration = "10s")
    void postRecommendations(byte[] input) {
        expect400(() -> {
            for (StoredEvent e : PostRecommendations.parseSession(API, Requests.parseJson(text(input), API.json()),
                    WEIGHTING, NOW)) {
                check(e);
            }
        });
    }

    @FuzzTest(maxDuration = "10s")
    void editBodies(byte[] input) {
        String body = text(input);
        expect400(() -> Requests.booleanMember(body, API.json(), "excluded", true));
        expect400(() -> Requests.booleanMember(body, API.json(), "enabled", null));
    }

    /**
     * All the targets above in one (the budget of {@code .ci/run}): the last input byte picks the target in the
     * order postEvents, postUserEvents, postItems, postRecommendations, editBodies; the rest is its input.
     */
    @FuzzTest(maxDuration = "60s")
    void allBodies(FuzzedDataProvider data) {
        int target = data.consumeInt(0, 4);
        byte[] input = data.consumeRemainingAsBytes();
        switch (target) {
            case 0 -> postEvents(input);
            case 1 -> postUserEvents(input);
            case 2 -> postItems(input);
            case 3 -> postRecommendations(input);
            default -> editBodies(input);
        }
    }

    private static String text(byte[] input) {
        return new String(input, StandardCharsets.UTF_8);
    }

    /** Runs a parse; a 400 naming something is expected, any other outcome but success is a finding. */
    private static void expect400(Runnable parse) {
        try {
            parse.run();
        } catch (ApiException e) {
            if (e.status() != 400 || e.getMessage() == null || !e.getMessage().contains(": ")) {
                throw new AssertionError("an API error without status 400 and a field: " + e.status() + " "
                        + e.getMessage(), e);
            }
        }
    }

    private static void check(StoredEvent e) {
        requireId(e.eventId(), "event id");
        requireId(e.user(), "user");
        requireId(e.item(), "item");
        requireId(e.type(), "type");
        if (!Double.isFinite(e.value()) || e.value() < 0 || e.ts() < 0) {
            throw new AssertionError("accepted value " + e.value() + " at ts " + e.ts());
        }
    }

    private static void requireId(String id, String what) {
        String problem = InputRules.idProblem(id);
        if (problem != null) {
            throw new AssertionError(what + " accepted: " + problem);
        }
    }
}
