package io.whyrec.core.model;

/**
 * Configuration of {@link ItemKnn}.
 *
 * @param neighbours how many most similar items are kept per item (count); default {@value #DEFAULT_NEIGHBOURS}
 * @param shrinkage  added to the cosine denominator so that items with few common users get smaller similarities
 *                   (unit: users); default {@value #DEFAULT_SHRINKAGE}; 0 gives the plain cosine
 */
public record ItemKnnConfig(int neighbours, double shrinkage) {

    /** Default number of neighbours kept per item. */
    public static final int DEFAULT_NEIGHBOURS = 100;
    /** Default shrinkage. */
    public static final double DEFAULT_SHRINKAGE = 10.0;

    /** Checks the ranges: at least one neighbour, a finite non-negative shrinkage. */
    public ItemKnnConfig {
        if (neighbours < 1) {
            throw new IllegalArgumentException("itemknn: k must be >= 1, got " + neighbours);
        }
        if (!(shrinkage >= 0) || !Double.isFinite(shrinkage)) {
            throw new IllegalArgumentException("itemknn: shrinkage must be a finite number >= 0, got " + shrinkage);
        }
    }

    /** The defaults. */
    public static ItemKnnConfig defaults() {
        return new ItemKnnConfig(DEFAULT_NEIGHBOURS, DEFAULT_SHRINKAGE);
    }
}
