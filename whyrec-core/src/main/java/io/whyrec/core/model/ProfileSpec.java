package io.whyrec.core.model;

import io.whyrec.api.Progress;
import io.whyrec.api.Recommender;
import io.whyrec.core.config.Params;
import io.whyrec.core.data.Dataset;
import io.whyrec.core.files.ModelReader;
import io.whyrec.core.profile.EventWeighting;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Configures, tunes and fits the {@link ProfileModel}. Keys accepted by {@link #configure}: the weighting keys of
 * {@link EventWeighting#override} (alpha, beta, halfLifeDays, frequency, windowDays, heat, maxRating,
 * dwellCapSeconds), {@code norm} (none|sqrt|count) and {@code popularityExponent} (gamma >= 0). The tuning grid
 * has six configurations: the default weighting with sqrt or count normalisation and no prior, sqrt with
 * popularity priors gamma = 0.5, 1 and 2, and a 60-day half-life with sqrt and gamma = 1. The model is fitted
 * with the training items' event counts for the prior.
 */
public final class ProfileSpec implements ModelSpec<ProfileModel.Config> {

    @Override
    public String name() {
        return ProfileModel.NAME;
    }

    @Override
    public ProfileModel.Config defaults() {
        return ProfileModel.Config.DEFAULT;
    }

    @Override
    public List<ProfileModel.Config> tuningGrid() {
        EventWeighting w = EventWeighting.DEFAULT;
        ProfileModel.Normalisation sqrt = ProfileModel.Normalisation.SQRT;
        return List.of(
                new ProfileModel.Config(w, sqrt, 0.0),
                new ProfileModel.Config(w, ProfileModel.Normalisation.COUNT, 0.0),
                new ProfileModel.Config(w, sqrt, 0.5),
                new ProfileModel.Config(w, sqrt, 1.0),
                new ProfileModel.Config(w, sqrt, 2.0),
                new ProfileModel.Config(w.withHalfLifeDays(60), sqrt, 1.0));
    }

    @Override
    public ProfileModel.Config configure(Map<String, String> overrides) {
        return ProfileModel.Config.from(Params.of(name(), overrides, ProfileModel.Config.KEYS));
    }

    @Override
    public Recommender fit(Dataset train, ProfileModel.Config config, Progress progress) {
        ProfileModel model = new ProfileModel(train.catalog(), config, train.itemCounts());
        progress.update("profile: facet matrix", 1, 1);
        return model;
    }

    @Override
    public Optional<ModelReader> reader() {
        return Optional.of(ProfileModel::readPayload);
    }
}
