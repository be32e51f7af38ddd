package io.whyrec.core.model;

import io.whyrec.api.AdditiveScorer;
import io.whyrec.api.History;
import io.whyrec.api.Item;
import io.whyrec.api.Recommender;
import io.whyrec.api.WeightedEvent;
import io.whyrec.core.config.Params;
import io.whyrec.core.data.IdIndex;
import io.whyrec.core.data.ItemCatalog;
import io.whyrec.core.files.PersistentModel;
import io.whyrec.core.profile.EventWeighting;
import io.whyrec.core.profile.InterestProfiler;
import io.whyrec.core.profile.ProfileEdits;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The profile recommender: scores each item by how well its facets match the user's interest vector, the same
 * vector the readable profile shows. With {@code I_f = sum_t w_t x_{i_t,f}} (each event's weight split equally
 * over its item's facets, as in {@link InterestProfiler}) and F_j the facets of item j,
 * <pre>
 *   s_j = sum_{f in F_j} I_f / norm_j = sum_t w_t * |F_{i_t} ∩ F_j| / (|F_{i_t}| * norm_j)
 * </pre>
 * where norm_j is 1, sqrt(|F_j|) or |F_j| ({@link Normalisation}). The score is linear in the weighted
 * history, so the contribution of event t is exactly {@code w_t * |F_{i_t} ∩ F_j| / (|F_{i_t}| * norm_j)} and the
 * contributions sum to the score. An optional popularity prior (the configuration's {@code popularityExponent}
 * gamma) divides norm_j by {@code (1 + n_j)^gamma}, n_j the item's training events, so contributions still sum to
 * the score; gamma = 0 (the default) leaves it out. Items without facets score 0.
 *
 * <p>The model scores the History it is given, using each event's weight as is: callers build that history with
 * {@code HistoryBuilder} and {@link #weighting()}. Muted facets ({@link #muting}) are removed from both the
 * interest vector and the items' facet sets, so the ranking reads exactly the profile the user sees after muting.
 * The model's state is its configuration and the muted facets; the facet matrix is the catalogue's.
 */
public final class ProfileModel implements Recommender, AdditiveScorer, WeightedHistoryModel, PersistentModel {

    /** The model name used on the command line. */
    public static final String NAME = "profile";

    /**
     * How an item's facet match is normalised by its number of (unmuted) facets.
     */
    public enum Normalisation {
        /** norm_j = 1: the sum of the interest in the item's facets (favours items with many facets). */
        NONE,
        /** norm_j = sqrt(|F_j|): cosine-like, between NONE and COUNT. */
        SQRT,
        /** norm_j = |F_j|: the mean interest over the item's facets. */
        COUNT
    }

    /**
     * The profile model's configuration. Defaults: {@link EventWeighting#DEFAULT}, {@link Normalisation#SQRT} and
     * no popularity prior (the spec's tuning grid tries priors).
     *
     * @param weighting          how the history the model reads is weighted (callers build histories with it)
     * @param normalisation      how item scores are normalised by the item's number of facets
     * @param popularityExponent gamma of the popularity prior {@code (1 + n_j)^gamma}, n_j the item's training
     *                           events; 0 = no prior. A per-item factor keeps the score linear in the history, so
     *                           contributions stay exact.
     */
    public record Config(EventWeighting weighting, Normalisation normalisation, double popularityExponent) {
        /** The default configuration. */
        public static final Config DEFAULT = new Config(EventWeighting.DEFAULT, Normalisation.SQRT, 0.0);

        /** Checks that both parts are present and the exponent is finite and non-negative. */
        public Config {
            Objects.requireNonNull(weighting, "weighting");
            Objects.requireNonNull(normalisation, "normalisation");
            if (!(popularityExponent >= 0 && Double.isFinite(popularityExponent))) {
                throw new IllegalArgumentException("popularityExponent must be finite and >= 0, got "
                        + popularityExponent);
            }
        }

        /** A configuration without popularity prior. */
        public Config(EventWeighting weighting, Normalisation normalisation) {
            this(weighting, normalisation, 0.0);
        }

        /** The keys {@link #from} reads: the weighting's ({@link EventWeighting#KEYS}), norm, popularityExponent. */
        public static final Set<String> KEYS;

        static {
            Set<String> keys = new LinkedHashSet<>(EventWeighting.KEYS);
            keys.add("norm");
            keys.add("popularityExponent");
            KEYS = Collections.unmodifiableSet(keys);
        }

        /** Reads a configuration from settings, the defaults where a key is absent. */
        public static Config from(Params p) {
            return new Config(DEFAULT.weighting().override(p.only(EventWeighting.KEYS)),
                    p.choice("norm", Normalisation.class, DEFAULT.normalisation()),
                    p.number("popularityExponent", DEFAULT.popularityExponent(), 0, false));
        }

        /** The settings {@link #from} reads back into this configuration. */
        public Map<String, String> toSettings() {
            Map<String, String> s = new LinkedHashMap<>(weighting.toSettings());
            s.put("norm", Params.choiceName(normalisation));
            s.put("popularityExponent", Double.toString(popularityExponent));
            return s;
        }
    }

    private final ItemCatalog catalog;
    private final Config config;
    private final BitSet muted;
    private final InterestProfiler profiler;
    private final double[] itemNorm;
    private final int[] itemCounts;

    /** A profile model over a catalogue's facets, without item counts (the popularity prior is then neutral). */
    public ProfileModel(ItemCatalog catalog, Config config) {
        this(catalog, config, new BitSet(), new int[catalog.size()]);
    }

    /**
     * A profile model over a catalogue's facets with the items' training event counts for the popularity prior.
     */
    public ProfileModel(ItemCatalog catalog, Config config, int[] itemCounts) {
        this(catalog, config, new BitSet(), itemCounts);
    }

    private ProfileModel(ItemCatalog catalog, Config config, BitSet muted, int[] itemCounts) {
        this.catalog = Objects.requireNonNull(catalog, "catalog");
        this.config = Objects.requireNonNull(config, "config");
        this.muted = (BitSet) muted.clone();
        if (itemCounts.length != catalog.size()) {
            throw new IllegalArgumentException("item counts cover " + itemCounts.length + " items, catalogue has "
                    + catalog.size());
        }
        this.itemCounts = itemCounts.clone();
        this.profiler = new InterestProfiler(catalog);
        this.itemNorm = new double[catalog.size()];
        for (int j = 0; j < itemNorm.length; j++) {
            int unmuted = 0;
            for (int f : catalog.facetsOf(j)) {
                unmuted += muted.get(f) ? 0 : 1;
            }
            double norm = switch (config.normalisation()) {
                case NONE -> unmuted == 0 ? 0 : 1;
                case SQRT -> Math.sqrt(unmuted);
                case COUNT -> unmuted;
            };
            // the divisor folds in the popularity prior: s_j = match_j * (1 + n_j)^gamma / norm_j
            itemNorm[j] = norm == 0 ? 0 : norm / Math.pow(1.0 + this.itemCounts[j], config.popularityExponent());
        }
    }

    /** The same model with the edits' muted facets removed from the interest vector and from every item. */
    public ProfileModel muting(ProfileEdits edits) {
        BitSet m = (BitSet) muted.clone();
        m.or(edits.mutedFacetIndices(catalog));
        return new ProfileModel(catalog, config, m, itemCounts);
    }

    /** The weighting the histories given to this model must be built with. */
    public EventWeighting weighting() {
        return config.weighting();
    }

    /** The configuration. */
    public Config config() {
        return config;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Map<String, Object> params() {
        Map<String, Object> out = new LinkedHashMap<>(config.weighting().describe());
        out.put("norm", config.normalisation().name().toLowerCase(Locale.ROOT));
        out.put("popularityExponent", config.popularityExponent());
        if (!muted.isEmpty()) {
            List<String> names = new ArrayList<>();
            muted.stream().forEach(f -> names.add(catalog.facets().id(f)));
            out.put("muted", names);
        }
        return out;
    }

    @Override
    public int numItems() {
        return catalog.size();
    }

    @Override
    public void score(History history, double[] out) {
        if (out.length != numItems()) {
            throw new IllegalArgumentException("score array has " + out.length + " entries for " + numItems() + " items");
        }
        double[] interest = profiler.interestVector(history, muted);
        for (int j = 0; j < out.length; j++) {
            double s = 0;
            if (itemNorm[j] > 0) {
                for (int f : catalog.facetsOf(j)) {
                    s += interest[f];
                }
                s /= itemNorm[j];
            }
            out[j] = s;
        }
    }

    @Override
    public double[] contributions(History history, int item) {
        if (item < 0 || item >= numItems()) {
            throw new IllegalArgumentException("item index " + item + " out of range [0, " + numItems() + ")");
        }
        double[] out = new double[history.size()];
        if (itemNorm[item] == 0) {
            return out;
        }
        int[] target = catalog.facetsOf(item);
        for (int t = 0; t < out.length; t++) {
            WeightedEvent e = history.event(t);
            int[] facets = catalog.facetsOf(e.item());
            int overlap = 0;
            for (int f : facets) {
                if (!muted.get(f)) {
                    for (int g : target) {
                        overlap += f == g ? 1 : 0;
                    }
                }
            }
            out[t] = overlap == 0 ? 0.0 : e.weight() * overlap / (facets.length * itemNorm[item]);
        }
        return out;
    }

    /**
     * The contributions of several items in one pass over the history: {@code out[r]} equals
     * {@link #contributions(History, int) contributions(history, items[r])} bit for bit (the same expression per
     * event and item), but each event is read once instead of once per item, which is what a top-K list with
     * explanations costs on a long history.
     *
     * @throws IllegalArgumentException when an item index is out of range
     */
    @Override
    public double[][] contributions(History history, int[] items) {
        int k = items.length;
        int n = history.size();
        double[][] out = new double[k][n];
        int[][] targets = new int[k][];
        for (int r = 0; r < k; r++) {
            int item = items[r];
            if (item < 0 || item >= numItems()) {
                throw new IllegalArgumentException("item index " + item + " out of range [0, " + numItems() + ")");
            }
            targets[r] = itemNorm[item] == 0 ? null : catalog.facetsOf(item);
        }
        for (int t = 0; t < n; t++) {
            WeightedEvent e = history.event(t);
            int[] facets = catalog.facetsOf(e.item());
            for (int r = 0; r < k; r++) {
                int[] target = targets[r];
                if (target == null) {
                    continue;
                }
                int overlap = 0;
                for (int f : facets) {
                    if (!muted.get(f)) {
                        for (int g : target) {
                            overlap += f == g ? 1 : 0;
                        }
                    }
                }
                out[r][t] = overlap == 0 ? 0.0 : e.weight() * overlap / (facets.length * itemNorm[items[r]]);
            }
        }
        return out;
    }

    /**
     * Writes the model's state: the catalogue it scores (item ids, titles and facets, in dense order), the
     * weighting as the settings {@link EventWeighting#toSettings} writes and {@link EventWeighting#override} reads back, the event-type weights
     * and the muted facet names.
     */
    @Override
    public void writePayload(DataOutput out) throws IOException {
        out.writeInt(catalog.size());
        for (int j = 0; j < catalog.size(); j++) {
            Item item = catalog.item(j);
            out.writeUTF(item.id());
            out.writeUTF(item.title());
            out.writeInt(item.tags().size());
            for (String tag : item.tags()) {
                out.writeUTF(tag);
            }
        }
        EventWeighting w = config.weighting();
        // the event-type weights have a section of their own, which files written before they were a setting hold
        Map<String, String> settings = new LinkedHashMap<>(w.toSettings());
        settings.remove("eventTypeWeights");
        out.writeInt(settings.size());
        for (Map.Entry<String, String> e : settings.entrySet()) {
            out.writeUTF(e.getKey());
            out.writeUTF(e.getValue());
        }
        out.writeInt(w.eventTypeWeights().size());
        for (Map.Entry<String, Double> e : w.eventTypeWeights().entrySet()) {
            out.writeUTF(e.getKey());
            out.writeDouble(e.getValue());
        }
        out.writeUTF(config.normalisation().name());
        out.writeDouble(config.popularityExponent());
        for (int count : itemCounts) {
            out.writeInt(count);
        }
        out.writeInt(muted.cardinality());
        for (int f = muted.nextSetBit(0); f >= 0; f = muted.nextSetBit(f + 1)) {
            out.writeUTF(catalog.facets().id(f));
        }
    }

    /** Reads a model written by {@link #writePayload}; the reader registered for kind "profile". */
    public static ProfileModel readPayload(Map<String, Object> params, DataInput in) throws IOException {
        int n = in.readInt();
        if (n < 0) {
            throw new IOException("profile payload: negative item count " + n);
        }
        List<String> ids = new ArrayList<>(n);
        Map<String, Item> items = new HashMap<>();
        for (int j = 0; j < n; j++) {
            String id = in.readUTF();
            String title = in.readUTF();
            int tags = in.readInt();
            List<String> names = new ArrayList<>(tags);
            for (int t = 0; t < tags; t++) {
                names.add(in.readUTF());
            }
            ids.add(id);
            items.put(id, new Item(id, title, "", names));
        }
        ItemCatalog catalog = ItemCatalog.of(IdIndex.of(ids), items);
        Map<String, String> settings = new LinkedHashMap<>();
        int s = in.readInt();
        for (int i = 0; i < s; i++) {
            settings.put(in.readUTF(), in.readUTF());
        }
        Map<String, Double> typeWeights = new LinkedHashMap<>();
        int t = in.readInt();
        for (int i = 0; i < t; i++) {
            typeWeights.put(in.readUTF(), in.readDouble());
        }
        EventWeighting weighting;
        Normalisation norm;
        Config config;
        try {
            weighting = EventWeighting.DEFAULT.withEventTypeWeights(typeWeights)
                    .override(Params.of("profile payload", settings, EventWeighting.KEYS));
            norm = Normalisation.valueOf(in.readUTF());
            config = new Config(weighting, norm, in.readDouble());
        } catch (IllegalArgumentException e) {
            throw new IOException("profile payload: " + e.getMessage(), e);
        }
        int[] counts = new int[n];
        for (int j = 0; j < n; j++) {
            counts[j] = in.readInt();
        }
        BitSet mutedFacets = new BitSet();
        int m = in.readInt();
        for (int i = 0; i < m; i++) {
            String facet = in.readUTF();
            mutedFacets.set(catalog.facets().find(facet)
                    .orElseThrow(() -> new IOException("profile payload: muted facet '" + facet + "' unknown")));
        }
        return new ProfileModel(catalog, config, mutedFacets, counts);
    }
}
