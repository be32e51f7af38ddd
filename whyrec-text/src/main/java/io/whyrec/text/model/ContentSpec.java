package io.whyrec.text.model;

import io.whyrec.api.Progress;
import io.whyrec.api.Recommender;
import io.whyrec.core.config.Params;
import io.whyrec.core.data.Dataset;
import io.whyrec.core.model.ModelSpec;
import io.whyrec.core.profile.EventWeighting;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The spec of the {@link ContentModel}, named "content". Override keys: the weighting keys of
 * {@link EventWeighting#override} (alpha, beta, halfLifeDays, frequency, windowDays, heat, maxRating,
 * dwellCapSeconds), {@code encoder} (auto|minilm|bge-zh|hashing|vectors), {@code annThreshold} and {@code annCandidates}
 * (integers >= 1). The tuning grid is the defaults alone: the text model has no parameter fitted to interactions.
 * Fitting embeds the training catalogue (all items, including those without interactions) through an
 * {@link EmbeddingSource}.
 */
public final class ContentSpec implements ModelSpec<ContentConfig> {

    private final EmbeddingSource source;

    /** A spec that embeds through a source. */
    public ContentSpec(EmbeddingSource source) {
        this.source = Objects.requireNonNull(source, "source");
    }

    @Override
    public String name() {
        return ContentModel.NAME;
    }

    @Override
    public ContentConfig defaults() {
        return ContentConfig.DEFAULT;
    }

    @Override
    public List<ContentConfig> tuningGrid() {
        return List.of(defaults());
    }

    @Override
    public ContentConfig configure(Map<String, String> overrides) {
        return ContentConfig.from(Params.of(name(), overrides, ContentConfig.KEYS));
    }

    @Override
    public Recommender fit(Dataset train, ContentConfig config, Progress progress) {
        return new ContentModel(source.of(train.catalog(), config.encoder(), progress), config);
    }
}
