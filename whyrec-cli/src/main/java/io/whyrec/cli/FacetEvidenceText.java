package io.whyrec.cli;

import io.whyrec.core.profile.EventWeighting;
import io.whyrec.core.profile.InterestProfile;
import java.text.MessageFormat;
import java.text.NumberFormat;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.ResourceBundle;

/**
 * Answers "why do you think I like Sci-Fi?" in English or Chinese from the interest profile's own evidence: the
 * facet's share of the weighted activity, the seed formula with its alpha and beta, and, per evidence event,
 * its f, h, decay, w_t and the part it adds to the facet, with locale-correct numbers. Sentences come from the
 * bundle {@code io/whyrec/cli/facet_evidence_en|zh.properties}; every title named is the title of an evidence
 * event of that facet.
 */
final class FacetEvidenceText {

    private final Locale locale;
    private final ResourceBundle bundle;

    /** A renderer for "en" or "zh". */
    FacetEvidenceText(String lang) {
        this.locale = switch (Objects.requireNonNull(lang, "lang")) {
            case "en" -> Locale.ENGLISH;
            case "zh" -> Locale.SIMPLIFIED_CHINESE;
            default -> throw new IllegalArgumentException("--lang must be en or zh, got \"" + lang + "\"");
        };
        this.bundle = ResourceBundle.getBundle("io.whyrec.cli.facet_evidence", locale,
                ResourceBundle.Control.getNoFallbackControl(ResourceBundle.Control.FORMAT_PROPERTIES));
    }

    /**
     * The lines of the answer: header, formula, one line per shown evidence event, and a "more" line when some
     * are not shown.
     *
     * @param facet     the facet of the profile
     * @param profile   the whole profile (for the activity total)
     * @param weighting the seed formula's parameters the profile was built with
     * @param top       how many evidence events to show (0 = all)
     */
    List<String> lines(InterestProfile.FacetInterest facet, InterestProfile profile, EventWeighting weighting, int top) {
        NumberFormat pct = NumberFormat.getPercentInstance(locale);
        pct.setMaximumFractionDigits(1);
        List<String> out = new ArrayList<>();
        if (facet.evidence().isEmpty()) {
            out.add(msg("none", facet.name()));
            return out;
        }
        out.add(msg("header", facet.name(), pct.format(facet.share()), num(facet.weight()), num(profile.activity()),
                NumberFormat.getIntegerInstance(locale).format(facet.evidence().size())));
        out.add(msg("formula", num(weighting.alpha()), num(weighting.beta())));
        int shown = top <= 0 ? facet.evidence().size() : Math.min(top, facet.evidence().size());
        for (int i = 0; i < shown; i++) {
            InterestProfile.Evidence e = facet.evidence().get(i);
            out.add(msg("event", e.title(), InterestProfile.date(e.timestamp()), num(weighting.alpha()), num(e.frequency()),
                    num(weighting.beta()), num(e.heat()), num(e.decay()), num(e.weight()), num(e.contribution())));
        }
        if (shown < facet.evidence().size()) {
            out.add(msg("more", NumberFormat.getIntegerInstance(locale).format(facet.evidence().size() - shown)));
        }
        return out;
    }

    private String num(double v) {
        NumberFormat f = NumberFormat.getNumberInstance(locale);
        f.setMinimumFractionDigits(2);
        f.setMaximumFractionDigits(3);
        return f.format(v);
    }


    private String msg(String key, Object... args) {
        return new MessageFormat(bundle.getString(key), locale).format(args);
    }
}
