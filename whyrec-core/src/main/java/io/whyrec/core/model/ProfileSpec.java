package io.whyrec.core.model;

import io.whyrec.api.Recommender;
import io.whyrec.core.Progress;
import io.whyrec.core.data.Dataset;
import io.whyrec.core.profile.EventWeighting;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;

/**
 * Configures, tunes and fits the {@link ProfileModel}. Keys accepted by {@link #configure}: the weighting keys of
 * {@link EventWeighting#override} (alpha, beta, halfLifeDays, frequency, windowDays, heat, maxRating,
 * dwellCapSeconds) and {@code norm} (none|sqrt|count). The tuning grid has four configurations: the default
 * weighting with sqrt, count and none normalisation, and a 60-day half-life with sqrt.
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
        return List.of(
                new ProfileModel.Config(w, ProfileModel.Normalisation.SQRT),
                new ProfileModel.Config(w, ProfileModel.Normalisation.COUNT),
                new ProfileModel.Config(w, ProfileModel.Normalisation.NONE),
                new ProfileModel.Config(w.withHalfLifeDays(60), ProfileModel.Normalisation.SQRT));
    }

    @Override
    public ProfileModel.Config configure(Map<String, String> overrides) {
        TreeSet<String> known = new TreeSet<>(EventWeighting.KEYS);
        known.add("norm");
        for (String key : overrides.keySet()) {
            if (!known.contains(key)) {
                throw new IllegalArgumentException("unknown parameter '" + key + "' for model 'profile'; known: "
                        + known);
            }
        }
        EventWeighting weighting = defaults().weighting().override(overrides);
        ProfileModel.Normalisation norm = defaults().normalisation();
        if (overrides.containsKey("norm")) {
            String raw = overrides.get("norm").trim();
            try {
                norm = ProfileModel.Normalisation.valueOf(raw.toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("norm='" + raw + "' is not one of none|sqrt|count", e);
            }
        }
        return new ProfileModel.Config(weighting, norm);
    }

    @Override
    public Recommender fit(Dataset train, ProfileModel.Config config, Progress progress) {
        ProfileModel model = new ProfileModel(train.catalog(), config);
        progress.update("profile: facet matrix", 1, 1);
        return model;
    }
}
