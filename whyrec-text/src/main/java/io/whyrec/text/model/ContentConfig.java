package io.whyrec.text.model;

import io.whyrec.core.config.Params;
import io.whyrec.core.profile.EventWeighting;
import io.whyrec.text.embed.EmbeddingConfig;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Configuration of the {@link ContentModel}. Defaults, in one place:
 * <ul>
 *   <li>{@code weighting = EventWeighting.DEFAULT}: the seed formula's weights w_t of the interest embedding
 *       I = sum_t w_t x_t (see {@link EventWeighting} for its own defaults).</li>
 *   <li>{@code encoder = AUTO}: the text model, chosen by the catalogue's script (see {@link EmbeddingConfig}).</li>
 *   <li>{@code annThreshold = 50_000} (items): catalogues at least this large retrieve candidates through the
 *       HNSW index instead of scoring every item.</li>
 *   <li>{@code annCandidates = 200} (items): how many HNSW neighbours of I are re-scored exactly before the
 *       top K is cut.</li>
 * </ul>
 *
 * @param weighting     event weights of the interest embedding
 * @param encoder       which text encoder
 * @param annThreshold  catalogue size from which HNSW retrieval is used, >= 1
 * @param annCandidates HNSW neighbours re-scored exactly, >= 1
 */
public record ContentConfig(EventWeighting weighting, EmbeddingConfig.Choice encoder, int annThreshold,
                            int annCandidates) {

    /** Default catalogue size from which HNSW retrieval is used. */
    public static final int DEFAULT_ANN_THRESHOLD = 50_000;
    /** Default number of HNSW candidates re-scored exactly. */
    public static final int DEFAULT_ANN_CANDIDATES = 200;

    /** The defaults listed in the class comment. */
    public static final ContentConfig DEFAULT = new ContentConfig(EventWeighting.DEFAULT,
            EmbeddingConfig.Choice.AUTO, DEFAULT_ANN_THRESHOLD, DEFAULT_ANN_CANDIDATES);

    /** Checks the values. */
    public ContentConfig {
        Objects.requireNonNull(weighting, "weighting");
        Objects.requireNonNull(encoder, "encoder");
        if (annThreshold < 1) {
            throw new IllegalArgumentException("annThreshold must be >= 1, got " + annThreshold);
        }
        if (annCandidates < 1) {
            throw new IllegalArgumentException("annCandidates must be >= 1, got " + annCandidates);
        }
    }

    /** The keys {@link #from} reads: the weighting's, encoder, annThreshold, annCandidates. */
    public static final Set<String> KEYS;

    static {
        Set<String> keys = new LinkedHashSet<>(EventWeighting.KEYS);
        keys.addAll(List.of("encoder", "annThreshold", "annCandidates"));
        KEYS = Collections.unmodifiableSet(keys);
    }

    /** Reads a configuration from settings, the defaults where a key is absent. */
    public static ContentConfig from(Params p) {
        return new ContentConfig(DEFAULT.weighting().override(p.only(EventWeighting.KEYS)),
                p.choice("encoder", EmbeddingConfig.Choice.class, DEFAULT.encoder()),
                p.intAtLeast("annThreshold", DEFAULT.annThreshold(), 1),
                p.intAtLeast("annCandidates", DEFAULT.annCandidates(), 1));
    }

    /** The settings {@link #from} reads back into this configuration. */
    public Map<String, String> toSettings() {
        Map<String, String> s = new LinkedHashMap<>(weighting.toSettings());
        s.put("encoder", Params.choiceName(encoder));
        s.put("annThreshold", Integer.toString(annThreshold));
        s.put("annCandidates", Integer.toString(annCandidates));
        return s;
    }

    /** A copy with another encoder. */
    public ContentConfig withEncoder(EmbeddingConfig.Choice choice) {
        return new ContentConfig(weighting, choice, annThreshold, annCandidates);
    }

    /** A copy with another HNSW threshold and candidate count. */
    public ContentConfig withAnn(int threshold, int candidates) {
        return new ContentConfig(weighting, encoder, threshold, candidates);
    }
}
