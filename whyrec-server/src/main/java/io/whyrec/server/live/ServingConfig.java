package io.whyrec.server.live;

import java.util.Objects;

/**
 * How the server fits and serves its models, with every default in one place:
 * <ul>
 *   <li>{@code defaultModel = "profile"}: the model used when a request gives no {@code model} parameter; the
 *       profile model is the scrutable one (muting removes exactly one facet's term).</li>
 *   <li>{@code easeLambda = 500} (interactions; {@link io.whyrec.core.model.EaseConfig#DEFAULT_LAMBDA}): EASE's
 *       L2 regularisation.</li>
 *   <li>{@code easeMaxItems = 20,000} (items): EASE is not fitted over a larger catalogue, since its dense
 *       item-item matrix needs 4 n^2 bytes (1.6 GB at 20,000 items) and an O(n^3) inverse.</li>
 *   <li>{@code refitSeconds = 300} (seconds): how often the background thread checks whether events changed since
 *       the last fit and, if so, refits EASE and swaps it in; 0 disables background refits.</li>
 *   <li>{@code refitThreads = 1}: solver threads of a background refit (the start-up fit uses every processor),
 *       so that a refit leaves the other core to the requests.</li>
 *   <li>{@code responseCacheBytes = 256 MiB}: budget of the per-user cache of rendered recommendation responses
 *       ({@link ResponseCache}); 0 disables it.</li>
 *   <li>{@code warmUp = true}: after start, a background thread builds every user's input for the default model,
 *       so first requests do not pay for building histories, then computes (and drops) the top 10 with exact
 *       explanations and the JSON body for up to 2,000 users, so the JIT has compiled that path before clients'
 *       requests queue behind the interpreter (about a second of CPU on ML-1M); when EASE is fitted and is not the
 *       default model, the same again for EASE.</li>
 *   <li>{@code counterfactualCandidates = 50}: candidate new events of the counterfactual search (see
 *       {@link io.whyrec.explain.counterfactual.CounterfactualConfig}).</li>
 * </ul>
 *
 * @param defaultModel             "profile" or "ease"
 * @param easeLambda               EASE regularisation, > 0
 * @param easeMaxItems             largest catalogue EASE is fitted on
 * @param refitSeconds             background refit period in seconds, 0 = never
 * @param refitThreads             solver threads of background refits, >= 1
 * @param counterfactualCandidates candidates of the counterfactual search, >= 1
 * @param responseCacheBytes       response cache budget in bytes, 0 = no cache
 * @param warmUp                   whether to build every user's model input in the background after start
 */
public record ServingConfig(String defaultModel, double easeLambda, int easeMaxItems, long refitSeconds,
                            int refitThreads, int counterfactualCandidates, long responseCacheBytes, boolean warmUp) {

    /** The defaults listed above. */
    public static final ServingConfig DEFAULT = new ServingConfig(Ranker.PROFILE, 500.0, 20_000, 300, 1, 50,
            256L << 20, true);

    /** Checks the fields. */
    public ServingConfig {
        Objects.requireNonNull(defaultModel, "defaultModel");
        if (!defaultModel.equals(Ranker.PROFILE) && !defaultModel.equals(Ranker.EASE)) {
            throw new IllegalArgumentException("defaultModel '" + defaultModel + "' is not one of profile, ease");
        }
        if (!(easeLambda > 0) || !Double.isFinite(easeLambda)) {
            throw new IllegalArgumentException("easeLambda must be a finite number > 0, got " + easeLambda);
        }
        if (easeMaxItems < 0 || refitSeconds < 0 || refitThreads < 1 || counterfactualCandidates < 1
                || responseCacheBytes < 0) {
            throw new IllegalArgumentException("ServingConfig needs easeMaxItems >= 0, refitSeconds >= 0, "
                    + "refitThreads >= 1, counterfactualCandidates >= 1 and responseCacheBytes >= 0");
        }
    }

    /** A copy with another default model. */
    public ServingConfig withDefaultModel(String model) {
        return new ServingConfig(model, easeLambda, easeMaxItems, refitSeconds, refitThreads, counterfactualCandidates,
                responseCacheBytes, warmUp);
    }

    /** A copy with another refit period. */
    public ServingConfig withRefitSeconds(long seconds) {
        return new ServingConfig(defaultModel, easeLambda, easeMaxItems, seconds, refitThreads, counterfactualCandidates,
                responseCacheBytes, warmUp);
    }

    /** A copy with another response cache budget in bytes (0 disables the cache). */
    public ServingConfig withResponseCacheBytes(long budget) {
        return new ServingConfig(defaultModel, easeLambda, easeMaxItems, refitSeconds, refitThreads,
                counterfactualCandidates, budget, warmUp);
    }
}
