package io.whyrec.core.profile;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * A user's readable interest profile: the interest vector {@code I = sum_t w_t x_t} over facets (genres, tags),
 * where each event's weight is split equally over its item's facets, so that a facet's share is literally its
 * part of the user's weighted activity ("Sci-Fi is 34% of your weighted activity"). Facets are ordered by weight
 * (descending) then name; each carries the events that built it and the events against its items (negative w_t),
 * which lower its weight.
 *
 * @param user             dense user index (-1 for an anonymous history)
 * @param numEvents        events that entered the profile (after deletions), events against included
 * @param activity         the weighted activity that the shares divide: the sum of the positive facet weights.
 *                         Without events against, this is the sum of w_t over kept events, minus the parts given
 *                         to muted facets and minus events whose item has no facets
 * @param unassignedWeight signed sum of w_t over kept events whose item has no facets (not in any share)
 * @param facets           facets with positive weight, by weight descending then name; muted facets and facets
 *                         whose events against outweigh their evidence are absent
 */
public record InterestProfile(int user, int numEvents, double activity, double unassignedWeight,
                              List<FacetInterest> facets) {

    /** Copies the facet list. */
    public InterestProfile {
        facets = List.copyOf(facets);
    }

    /**
     * One facet of the profile.
     *
     * @param facet    dense facet index in the catalogue
     * @param name     facet name
     * @param weight   I_f: the sum of the contributions of the facet's evidence and of its events against, > 0
     * @param share    weight / activity, in [0,1]; the shares of a profile sum to 1
     * @param evidence the events in favour of the facet (positive w_t), by contribution descending, then time
     *                 descending, then item
     * @param against  the events against the facet's items (negative w_t and contribution), the most negative
     *                 contribution first, then time descending, then item; never part of the evidence
     */
    public record FacetInterest(int facet, String name, double weight, double share, List<Evidence> evidence,
                                List<Evidence> against) {
        /** Copies both event lists. */
        public FacetInterest {
            evidence = List.copyOf(evidence);
            against = List.copyOf(against);
        }
    }

    /**
     * One event's part in one facet, with every term of its weight.
     *
     * @param position     the event's position in the unedited history
     * @param item         dense item index
     * @param title        the item's display title
     * @param timestamp    the event's time, seconds since the epoch (0 when unknown)
     * @param frequency    f_t
     * @param heat         h_t
     * @param decay        exp(-lambda * age_t)
     * @param weight       w_t, negative for an event against its item
     * @param contribution w_t / (number of facets of the item): what the event adds to this facet (negative for an
     *                     event against its item)
     */
    public record Evidence(int position, int item, String title, long timestamp, double frequency, double heat,
                           double decay, double weight, double contribution) {
    }

    /** The facet with the given name, if it is in the profile. */
    public Optional<FacetInterest> facet(String name) {
        return facets.stream().filter(f -> f.name().equals(name)).findFirst();
    }

    /** The share of a facet, 0 when it is absent or muted. */
    public double share(String name) {
        return facet(name).map(FacetInterest::share).orElse(0.0);
    }

    /** Names of the top-n facets, in profile order. */
    public List<String> topFacets(int n) {
        return facets.stream().limit(Math.max(0, n)).map(FacetInterest::name).toList();
    }

    /**
     * A plain-text rendering for the command line: the top facets with their share of weighted activity and, under
     * each, its top evidence events with w_t and its terms.
     *
     * @param userLabel   how to name the user in the heading
     * @param topFacets   how many facets to show
     * @param topEvidence how many evidence events per facet
     */
    public String toText(String userLabel, int topFacets, int topEvidence) {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "Interest profile of %s: %s, weighted activity %.3f%n",
                userLabel, events(numEvents), activity));
        if (facets.isEmpty()) {
            sb.append("  (no facet has any weight)\n");
        }
        int rank = 0;
        for (FacetInterest f : facets) {
            if (rank++ >= topFacets) {
                sb.append(String.format(Locale.ROOT, "  ... %d more facets%n", facets.size() - topFacets));
                break;
            }
            String against = f.against().isEmpty() ? "" : String.format(Locale.ROOT, ", %d against", f.against().size());
            sb.append(String.format(Locale.ROOT,
                    "%3d. %-16s %5.1f%% of your weighted activity (I = %.3f, %s%s)%n",
                    rank, f.name(), 100 * f.share(), f.weight(), events(f.evidence().size()), against));
            for (int i = 0; i < Math.min(topEvidence, f.evidence().size()); i++) {
                Evidence e = f.evidence().get(i);
                sb.append(String.format(Locale.ROOT,
                        "       %-40s w=%.3f (f=%.2f h=%.2f decay=%.3f) adds %.3f  %s%n",
                        clip(e.title(), 40), e.weight(), e.frequency(), e.heat(), e.decay(), e.contribution(),
                        date(e.timestamp())));
            }
        }
        if (unassignedWeight > 0) {
            sb.append(String.format(Locale.ROOT, "  (weight %.3f of events on items without facets is not shown)%n",
                    unassignedWeight));
        }
        return sb.toString();
    }

    private static String events(int n) {
        return n + (n == 1 ? " event" : " events");
    }

    private static String clip(String s, int n) {
        return s.length() <= n ? s : s.substring(0, n - 3) + "...";
    }

    /** Timestamps below this (3 March 1973) are positions in an undated log, not times. */
    public static final long POSITION_LIMIT = 100_000_000L;

    /**
     * An event's time as people read it: its UTC date, or "#N" for an event of an undated log, whose timestamps
     * are the events' positions in the file (user-items and generic files without a time column).
     */
    public static String date(long t) {
        return t < POSITION_LIMIT ? "#" + t
                : DateTimeFormatter.ISO_LOCAL_DATE.format(Instant.ofEpochSecond(t).atOffset(ZoneOffset.UTC));
    }
}
