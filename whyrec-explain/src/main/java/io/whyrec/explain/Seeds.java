package io.whyrec.explain;

import io.whyrec.api.History;

import java.util.SplittableRandom;

/**
 * Derives the generator of one explanation from the explainer's seed and what is explained, so an
 * explanation is reproducible whatever order explanations are asked in.
 */
public final class Seeds {

    private Seeds() {
    }

    /** The generator for explaining {@code item} for {@code history} under a base seed. */
    public static SplittableRandom forCall(long seed, History history, int item) {
        long h = seed;
        h = h * 0x9E3779B97F4A7C15L + history.user();
        h = h * 0x9E3779B97F4A7C15L + item;
        h = h * 0x9E3779B97F4A7C15L + history.size();
        return new SplittableRandom(h);
    }
}
