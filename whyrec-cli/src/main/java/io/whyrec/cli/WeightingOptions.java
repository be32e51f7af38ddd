package io.whyrec.cli;

import io.whyrec.core.config.Params;
import io.whyrec.core.profile.EventWeighting;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Option;

/**
 * Flags that override the seed formula's parameters (alpha, beta, half-life, ...) for the interest profile; the
 * defaults and the meaning of each key are documented in docs/interest-profile.md.
 */
final class WeightingOptions {

    @Option(names = "--weighting", paramLabel = "KEY=VALUE", split = ",",
            description = "Seed-formula overrides, e.g. alpha=0.3,beta=0.7,halfLifeDays=180 "
                    + "(keys: alpha, beta, halfLifeDays, frequency, windowDays, heat, maxRating, ...).")
    Map<String, String> overrides = new LinkedHashMap<>();

    /** The default weighting with the overrides applied. */
    EventWeighting weighting() {
        return EventWeighting.DEFAULT.override(Params.of("--weighting", overrides, EventWeighting.KEYS));
    }
}
