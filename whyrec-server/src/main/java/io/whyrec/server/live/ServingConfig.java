package io.whyrec.server.live;

import io.whyrec.core.privacy.PrivateCounts;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * How the server fits and serves its models, with every default in one place:
 * <ul>
 *   <li>{@code models = [ease, itemknn, profile, pop]}: the served models (names of the model registry
 *       {@code io.whyrec.core.model.Models}; a module's model such as {@code sasrec} is served when its module is
 *       on the class path).</li>
 *   <li>{@code defaultModel = "ease"}: the model used when a request names none: the strongest model whose
 *       explanations are exact (EASE is additive; on ML-100K ua it reaches NDCG@10 0.316 where popularity reaches
 *       0.133 and the profile model 0.130, see docs/serving.md).</li>
 *   <li>{@code params = {}}: {@code key=value} configuration per model ({@code --param ease.lambda=400}); a model
 *       with a configuration is not tuned.</li>
 *   <li>{@code modelDir = null}: a folder of model files written by {@code whyrec train} ({@code NAME.model});
 *       a served name with a file there is loaded from it instead of fitted.</li>
 *   <li>{@code tuneDefault = true}: the default model's configuration is chosen at its first fit on a seeded
 *       80/20 validation split of the stored events (NDCG@10), as {@code whyrec evaluate} chooses it.</li>
 *   <li>{@code easeMaxItems = 0} (items, 0 = no cap): an optional cap on the catalogue EASE is refitted on. With
 *       no cap EASE refits at every size: it picks its form by catalogue size and free heap (dense double, dense
 *       float, then sparse, see {@link io.whyrec.core.model.Ease}), and a form that does not fit in the heap is
 *       refused before the work, the reason shown by {@code GET /v1/models} and the previous version kept in
 *       service.</li>
 *   <li>{@code refitSeconds = 300} (seconds): how often the background thread checks whether events changed since
 *       the last fit and, if so, refits the fitted models and swaps them in; 0 disables background refits.</li>
 *   <li>{@code refitThreads = 1}: solver threads of a background refit (the start-up fit uses every processor),
 *       so that a refit leaves the other core to the requests.</li>
 *   <li>{@code responseCacheBytes = 256 MiB}: budget of the per-user cache of rendered recommendation responses
 *       ({@link ResponseCache}); 0 disables it.</li>
 *   <li>{@code warmUp = true}: after start, a background thread builds every user's input for the default model,
 *       so first requests do not pay for building histories, then computes (and drops) the top 10 with
 *       explanations and the JSON body for up to 2,000 users, so the JIT has compiled that path before clients'
 *       requests queue behind the interpreter.</li>
 *   <li>{@code counterfactualCandidates = 50}: candidate new events of the counterfactual search (why-not uses
 *       {@link io.whyrec.explain.whynot.WhyNotConfig#DEFAULT}; see
 *       {@link io.whyrec.explain.counterfactual.CounterfactualConfig}).</li>
 *   <li>{@code arms = null}: the A/B arms of explanation styles, each user assigned to one by a seeded hash;
 *       null means {@link io.whyrec.server.feedback.ExplanationArms#defaults(boolean)}: reasons-2 against
 *       reasons-5, or template against narrator when a narrator is configured.</li>
 * </ul>
 *
 * @param models                   served model names, at least one
 * @param defaultModel             one of {@code models}
 * @param params                   model name to its {@code key=value} configuration
 * @param modelDir                 folder of model files to load, or null
 * @param tuneDefault              whether to choose the default model's configuration on validation
 * @param easeMaxItems             largest catalogue EASE is fitted on, 0 for no cap
 * @param refitSeconds             background refit period in seconds, 0 = never
 * @param refitThreads             solver threads of background refits, >= 1
 * @param counterfactualCandidates candidates of the counterfactual search, >= 1
 * @param responseCacheBytes       response cache budget in bytes, 0 = no cache
 * @param warmUp                   whether to build every user's model input in the background after start
 * @param privatePopularity        differential privacy of the popularity list, or null for exact counts
 * @param arms                     the A/B arms of explanation styles, or null for
 *                                 {@link io.whyrec.server.feedback.ExplanationArms#defaults(boolean)}
 */
public record ServingConfig(List<String> models, String defaultModel, Map<String, Map<String, String>> params,
                            Path modelDir, boolean tuneDefault, int easeMaxItems, long refitSeconds,
                            int refitThreads, int counterfactualCandidates, long responseCacheBytes, boolean warmUp,
                            PrivatePopularity privatePopularity, io.whyrec.server.feedback.ExplanationArms arms) {

    /** The default served models. */
    public static final List<String> DEFAULT_MODELS = List.of("ease", "itemknn", "profile", "pop");
    /** The default model of requests that name none. */
    public static final String DEFAULT_MODEL = "ease";

    /** The defaults listed above. */
    public static final ServingConfig DEFAULT = new ServingConfig(DEFAULT_MODELS, DEFAULT_MODEL, Map.of(), null,
            true, 0, 300, 1, 50, 256L << 20, true, null, null);

    /** Checks the fields and copies the collections. */
    public ServingConfig {
        Objects.requireNonNull(defaultModel, "defaultModel");
        models = List.copyOf(models);
        if (models.isEmpty()) {
            throw new IllegalArgumentException("models: at least one model must be served");
        }
        if (!models.contains(defaultModel)) {
            throw new IllegalArgumentException("default model '" + defaultModel + "' is not among the served models "
                    + models);
        }
        Map<String, Map<String, String>> copy = new LinkedHashMap<>();
        params.forEach((k, v) -> copy.put(k, Map.copyOf(v)));
        params = java.util.Collections.unmodifiableMap(copy);
        for (String m : params.keySet()) {
            if (!models.contains(m)) {
                throw new IllegalArgumentException("param: model '" + m + "' is not among the served models " + models);
            }
        }
        if (easeMaxItems < 0 || refitSeconds < 0 || refitThreads < 1 || counterfactualCandidates < 1
                || responseCacheBytes < 0) {
            throw new IllegalArgumentException("ServingConfig needs easeMaxItems >= 0, refitSeconds >= 0, "
                    + "refitThreads >= 1, counterfactualCandidates >= 1 and responseCacheBytes >= 0");
        }
    }

    /** A copy serving other models with another default (which must be among them). */
    public ServingConfig withModels(List<String> newModels, String newDefault) {
        return new ServingConfig(newModels, newDefault, params, modelDir, tuneDefault, easeMaxItems, refitSeconds,
                refitThreads, counterfactualCandidates, responseCacheBytes, warmUp, privatePopularity, arms);
    }

    /** A copy with another default model, added to the served models when it is not among them. */
    public ServingConfig withDefaultModel(String model) {
        List<String> m = new java.util.ArrayList<>(models);
        if (!m.contains(model)) {
            m.add(model);
        }
        return withModels(m, model);
    }

    /** A copy with per-model configurations. */
    public ServingConfig withParams(Map<String, Map<String, String>> newParams) {
        return new ServingConfig(models, defaultModel, newParams, modelDir, tuneDefault, easeMaxItems, refitSeconds,
                refitThreads, counterfactualCandidates, responseCacheBytes, warmUp, privatePopularity, arms);
    }

    /** A copy loading models from a folder of model files (null: fit every model). */
    public ServingConfig withModelDir(Path dir) {
        return new ServingConfig(models, defaultModel, params, dir, tuneDefault, easeMaxItems, refitSeconds,
                refitThreads, counterfactualCandidates, responseCacheBytes, warmUp, privatePopularity, arms);
    }

    /** A copy that tunes the default model on validation, or uses its defaults. */
    public ServingConfig withTuneDefault(boolean tune) {
        return new ServingConfig(models, defaultModel, params, modelDir, tune, easeMaxItems, refitSeconds,
                refitThreads, counterfactualCandidates, responseCacheBytes, warmUp, privatePopularity, arms);
    }

    /** A copy with another refit period. */
    public ServingConfig withRefitSeconds(long seconds) {
        return new ServingConfig(models, defaultModel, params, modelDir, tuneDefault, easeMaxItems, seconds,
                refitThreads, counterfactualCandidates, responseCacheBytes, warmUp, privatePopularity, arms);
    }

    /** A copy with another response cache budget in bytes (0 disables the cache). */
    public ServingConfig withResponseCacheBytes(long budget) {
        return new ServingConfig(models, defaultModel, params, modelDir, tuneDefault, easeMaxItems, refitSeconds,
                refitThreads, counterfactualCandidates, budget, warmUp, privatePopularity, arms);
    }

    /**
     * The popularity list (personalisation off, users without events, anonymous sessions) served from counts
     * released with user-level differential privacy ({@link PrivateCounts}) instead of exact counts.
     *
     * @param counts         epsilon and the per-user cap of items
     * @param refreshSeconds the least time between two releases (each release spends epsilon), >= 1
     * @param seed           seed of the noise, or null for a secret one drawn from {@link java.security.SecureRandom}
     *                       at each release (a known seed lets anyone subtract the noise: tests only)
     */
    public record PrivatePopularity(PrivateCounts counts, long refreshSeconds, Long seed) {
        /** Checks the values. */
        public PrivatePopularity {
            Objects.requireNonNull(counts, "counts");
            if (refreshSeconds < 1) {
                throw new IllegalArgumentException("differential privacy: the refresh interval must be >= 1 s, got "
                        + refreshSeconds);
            }
        }
    }

    /** A copy that serves the popularity list from differentially private counts (null: exact counts). */
    public ServingConfig withPrivatePopularity(PrivatePopularity dp) {
        return new ServingConfig(models, defaultModel, params, modelDir, tuneDefault, easeMaxItems, refitSeconds,
                refitThreads, counterfactualCandidates, responseCacheBytes, warmUp, dp, arms);
    }

    /** A copy with other explanation arms (null: the defaults). */
    public ServingConfig withArms(io.whyrec.server.feedback.ExplanationArms newArms) {
        return new ServingConfig(models, defaultModel, params, modelDir, tuneDefault, easeMaxItems, refitSeconds,
                refitThreads, counterfactualCandidates, responseCacheBytes, warmUp, privatePopularity, newArms);
    }
}
