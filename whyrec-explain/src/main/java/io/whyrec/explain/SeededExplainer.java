package io.whyrec.explain;

import io.whyrec.api.History;
import io.whyrec.api.ItemInfo;
import io.whyrec.api.ItemScorer;

import java.util.SplittableRandom;

/**
 * A sampling explainer (LIME, KernelSHAP): it draws one seed from the generator it is built with, and every
 * explanation samples from a generator derived from that seed and from (user, item, history length) by
 * {@link Seeds#forCall}, so an explanation is reproducible whatever order explanations are asked in.
 */
public abstract class SeededExplainer extends BaseExplainer {

    private final long seed;

    /**
     * @param model  the model to explain (any {@link ItemScorer})
     * @param info   titles and facets for facet attributions; null for none
     * @param random source of the explainer's seed (one value is drawn)
     */
    protected SeededExplainer(ItemScorer model, ItemInfo info, SplittableRandom random) {
        super(new ScoringAdapter(model), info);
        this.seed = random.nextLong();
    }

    /** The generator of the explanation of {@code item} for {@code history}. */
    protected SplittableRandom randomFor(History history, int item) {
        return Seeds.forCall(seed, history, item);
    }
}
