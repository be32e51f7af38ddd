package io.whyrec.text.embed;

/**
 * The vectors of one {@link Embedder#embed} call and what it cost.
 *
 * @param model     the encoder's name
 * @param vectors   one vector per input text, in input order (not normalised: as the model returned them)
 * @param fromCache distinct texts found in the cache
 * @param computed  distinct texts the model encoded
 * @param seconds   wall time spent in the model, in seconds
 */
public record EmbeddingRun(String model, float[][] vectors, int fromCache, int computed, double seconds) {

    /** Texts encoded per second of model time; NaN when nothing was encoded. */
    public double sentencesPerSecond() {
        return computed == 0 || seconds <= 0 ? Double.NaN : computed / seconds;
    }

    /** A one-line summary for logs. */
    public String summary() {
        return String.format(java.util.Locale.ROOT, "%s: %d texts, %d from cache, %d encoded in %.1f s (%.1f sentences/s)",
                model, vectors.length, fromCache, computed, seconds, sentencesPerSecond());
    }
}
