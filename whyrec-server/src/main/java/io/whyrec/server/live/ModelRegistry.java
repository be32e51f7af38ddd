package io.whyrec.server.live;

import io.whyrec.api.Progress;
import io.whyrec.api.Recommender;
import io.whyrec.core.data.Dataset;
import io.whyrec.core.data.Split;
import io.whyrec.core.files.ModelFiles;
import io.whyrec.core.model.ModelSpec;
import io.whyrec.core.model.ModelTooLargeException;
import io.whyrec.core.model.Models;
import io.whyrec.core.model.ProfileModel;
import io.whyrec.eval.protocol.GivenSplitProtocol;
import io.whyrec.eval.protocol.Trial;
import io.whyrec.eval.protocol.Tuner;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The served models by name: one registration per model, built from the same {@link ModelSpec}s the command line
 * uses ({@link Models}), so adding a served model touches nothing else. Each name is served in one of three ways:
 * <ul>
 *   <li><b>live</b> ({@code profile} without a model file): the profile model of the current catalogue snapshot
 *       ({@link CatalogSnapshot#profile()}), which needs no fit and covers new items at once;</li>
 *   <li><b>fitted</b>: fitted by the server on every stored event ({@link LiveEngine#trainingData()}), with the
 *       configuration given by {@code --param NAME.key=value}, or, for a model marked for tuning (the default
 *       model), the configuration chosen on a seeded 80/20 validation split of the stored events with whyrec-eval's
 *       {@link Tuner} (the same rule {@code whyrec evaluate} uses); the chosen configuration is kept for later
 *       refits, which run when events changed;</li>
 *   <li><b>loaded</b>: read from {@code DIR/NAME.model}, a file written by {@code whyrec train}, checked against
 *       the served catalogue (the same number of items; a model of another dataset is refused with the file
 *       named); it is not refitted, and reloading swaps a newer file in.</li>
 * </ul>
 * Every swap is one reference write ({@link ServedModel} is immutable), so requests in flight keep the model they
 * started with and a refit never fails a request.
 */
public final class ModelRegistry {

    private static final Logger LOG = LoggerFactory.getLogger(ModelRegistry.class);

    /** Seed of the validation split a tuned model is chosen on. */
    public static final long TUNING_SEED = 42;

    /**
     * How one served name is built.
     *
     * @param name      the served name, a {@link Models} name
     * @param overrides {@code key=value} configuration of the model (empty: defaults, or tuning when asked)
     * @param tune      choose the configuration on validation at the first fit (ignored with overrides)
     * @param file      the model file to load instead of fitting, or null
     */
    public record Entry(String name, Map<String, String> overrides, boolean tune, Path file) {

        /** Copies the overrides. */
        public Entry {
            overrides = Map.copyOf(overrides);
        }
    }

    private final LiveEngine engine;
    private final ServingConfig serving;
    private final Map<String, Entry> entries = new LinkedHashMap<>();
    private final Map<String, AtomicReference<ServedModel>> current = new ConcurrentHashMap<>();
    private final Map<String, Object> chosen = new ConcurrentHashMap<>();
    private final Map<String, String> notFitted = new ConcurrentHashMap<>();
    private final Map<String, String> loadedStamps = new ConcurrentHashMap<>();
    private final Map<String, Long> loadedMarks = new ConcurrentHashMap<>();
    private final Object fitLock = new Object();
    private final AtomicReference<ServedModel> live = new AtomicReference<>();

    /**
     * The registry of the configured models.
     *
     * @throws IllegalArgumentException naming an unknown model (and listing the known ones) or a bad override
     */
    public ModelRegistry(LiveEngine engine, ServingConfig serving) {
        this.engine = engine;
        this.serving = serving;
        for (String name : serving.models()) {
            ModelSpec<?> spec = Models.require(name);
            Map<String, String> overrides = serving.params().getOrDefault(name, Map.of());
            if (!ProfileModel.NAME.equals(name) || !overrides.isEmpty()) {
                spec.configure(overrides); // a bad key or value fails at start, naming the model and the key
            }
            Path file = serving.modelDir() == null ? null : serving.modelDir().resolve(name + ".model");
            if (file != null && !Files.isRegularFile(file)) {
                file = null;
            }
            boolean tune = serving.tuneDefault() && name.equals(serving.defaultModel()) && overrides.isEmpty();
            entries.put(name, new Entry(name, overrides, tune, file));
            current.put(name, new AtomicReference<>());
        }
        if (!entries.containsKey(serving.defaultModel())) {
            throw new IllegalArgumentException("default model '" + serving.defaultModel()
                    + "' is not among the served models " + entries.keySet());
        }
    }

    /** The served names, in the order they were configured. */
    public List<String> names() {
        return List.copyOf(entries.keySet());
    }

    /** Whether a name is served. */
    public boolean serves(String name) {
        return entries.containsKey(name);
    }

    /** How a name is built, or null when it is not served. */
    public Entry entry(String name) {
        return entries.get(name);
    }

    /** Whether a name is the live profile model (no fit, no file). */
    public boolean isLive(String name) {
        Entry e = entries.get(name);
        return e != null && e.file() == null && ProfileModel.NAME.equals(name);
    }

    /**
     * How many users erased in this run the model now served under a name still holds: erasures after its fit
     * (after its load, for a model loaded from a file, which the server cannot refit); 0 for the live model and
     * for a name with no model.
     */
    public int erasedUsersHeld(String name) {
        ServedModel m = isLive(name) ? null : current(name);
        if (m == null) {
            return 0;
        }
        return engine.erasuresAfter(m.loaded() ? loadedMarks.getOrDefault(name, -1L) : m.eventsAtFit());
    }

    /**
     * Why a served name has no model now, or why its last refit did not run and the model served is older than
     * the stored events (null when neither).
     */
    public String whyNotFitted(String name) {
        return notFitted.get(name);
    }

    /**
     * The model now served under a name, or null when it is not fitted yet (or not served).
     */
    public ServedModel current(String name) {
        if (isLive(name)) {
            CatalogSnapshot snap = engine.catalog();
            ServedModel m = live.get();
            if (m == null || m.version() != snap.version()) {
                m = new ServedModel(name, snap.version(), snap.profile(), 0, 0, 0, "live", List.of(), Map.of(),
                        System.currentTimeMillis());
                live.set(m);
            }
            return m;
        }
        AtomicReference<ServedModel> ref = current.get(name);
        return ref == null ? null : ref.get();
    }

    /**
     * Loads the model files and fits every other non-live model; a model that cannot be built is logged with the
     * reason and left unserved (its requests answer 503 with that reason).
     *
     * @param threads  solver threads (EASE)
     * @param starting told the name and 1-based position of each model before it is built (start-up progress)
     */
    public void buildAll(int threads, java.util.function.ObjIntConsumer<String> starting) {
        int n = 0;
        for (String name : entries.keySet()) {
            starting.accept(name, ++n);
            try {
                refit(name, threads);
            } catch (RuntimeException | OutOfMemoryError e) {
                notFitted.put(name, e.getMessage() == null ? e.toString() : e.getMessage());
                LOG.error("model {} could not be built: {}", name, e.toString());
            }
        }
    }

    /**
     * Refits one model on every stored event, when events changed since its last fit, and swaps it in; loads it
     * when it comes from a file and the file changed since it was loaded (size or modification time), so that a
     * model retrained with {@code whyrec train} is swapped in by the next refit. One fit runs at a time.
     *
     * @param name    a served name
     * @param threads solver threads (EASE)
     * @return the model now served (the old one when nothing changed), or null when there is none
     * @throws IllegalArgumentException when the name is not served
     * @throws ModelFileException       when a model file is unreadable or does not match the catalogue
     */
    public ServedModel refit(String name, int threads) {
        Entry e = entries.get(name);
        if (e == null) {
            throw new IllegalArgumentException("model '" + name + "' is not served (served: "
                    + String.join(", ", entries.keySet()) + ")");
        }
        if (isLive(name)) {
            return current(name);
        }
        synchronized (fitLock) {
            AtomicReference<ServedModel> ref = current.get(name);
            ServedModel old = ref.get();
            if (e.file() != null) {
                String stamp = stamp(e.file());
                if (old != null && stamp.equals(loadedStamps.get(name))) {
                    return old; // the file has not changed since it was loaded
                }
                long loadMark = engine.changes();
                ServedModel loaded = load(e, old);
                loadedMarks.put(name, loadMark);
                ref.set(loaded);
                loadedStamps.put(name, stamp);
                notFitted.remove(name);
                return loaded;
            }
            long mark = engine.changes();
            CatalogSnapshot snap = engine.catalog();
            if (old != null && old.eventsAtFit() == mark && old.numItems() == snap.size()) {
                return old;
            }
            int n = snap.size();
            if (n < 2 || engine.numEvents() == 0) {
                notFitted.put(name, old == null ? "no events yet" : "no events to refit on (fewer than 2 items or "
                        + "no stored event); version " + old.version() + " is still served and is older than the "
                        + "stored events");
                return old;
            }
            if ("ease".equals(name) && serving.easeMaxItems() > 0 && n > serving.easeMaxItems()) {
                notFitted.put(name, "the catalogue has " + n + " items, more than the " + serving.easeMaxItems()
                        + " EASE is fitted on (ServingConfig.easeMaxItems)" + (old == null ? "" : "; version "
                        + old.version() + " is still served and is older than the stored events"));
                return old;
            }
            long t0 = System.nanoTime();
            Dataset data = engine.trainingData(snap);
            ServedModel next;
            try {
                next = fit(Models.require(name), e, data, old, mark, t0);
            } catch (ModelTooLargeException tooLarge) {
                // refused before the work: say why, and keep serving the previous version if there is one
                String reason = tooLarge.getMessage() + (old == null ? ""
                        : "; version " + old.version() + " (" + old.numItems() + " items) stays in service");
                notFitted.put(name, reason);
                LOG.warn("model {} not refitted on {} items: {}", name, n, reason);
                return old;
            }
            ref.set(next);
            notFitted.remove(name);
            return next;
        }
    }

    private <C> ServedModel fit(ModelSpec<C> spec, Entry e, Dataset data, ServedModel old, long mark, long t0) {
        C config;
        List<Map<String, Object>> trials = List.of();
        String source = "fitted";
        @SuppressWarnings("unchecked")
        C kept = (C) chosen.get(e.name());
        if (!e.overrides().isEmpty()) {
            config = spec.configure(e.overrides());
        } else if (kept != null) {
            config = kept;
            source = old == null ? source : old.source();
            trials = old == null ? List.of() : old.trials();
        } else if (e.tune()) {
            Tuner.Choice<C> choice;
            try {
                Split all = new Split(data, data.subset(new BitSet()), "stored events");
                choice = new Tuner(new GivenSplitProtocol(all, 10), TUNING_SEED).choose(spec, Progress.NONE);
                source = "fitted, tuned on validation";
            } catch (IllegalStateException tooSmall) {
                LOG.info("model {}: not tuned ({}); using its defaults", e.name(), tooSmall.getMessage());
                choice = new Tuner.Choice<>(spec.defaults(), List.of());
            }
            config = choice.config();
            chosen.put(e.name(), config);
            List<Map<String, Object>> t = new ArrayList<>();
            for (Trial trial : choice.trials()) {
                Map<String, Object> m = new LinkedHashMap<>(trial.params());
                m.putAll(trial.validation());
                t.add(m);
            }
            trials = t;
        } else {
            config = spec.defaults();
            chosen.put(e.name(), config);
        }
        Recommender model = spec.fit(data, config, Progress.NONE);
        long version = old == null ? 1 : old.version() + 1;
        Map<String, Double> ratios = SampledFidelity.measure(model, data);
        return new ServedModel(e.name(), version, model, data.activeUsers().length, mark,
                (System.nanoTime() - t0) / 1_000_000, source, trials, ratios, System.currentTimeMillis());
    }

    /** The size and modification time of a model file: a reload happens only when they change. */
    private static String stamp(Path file) {
        try {
            return Files.size(file) + "@" + Files.getLastModifiedTime(file).toMillis();
        } catch (IOException ex) {
            throw new ModelFileException(file + ": cannot be read: " + ex.getMessage());
        }
    }

    private ServedModel load(Entry e, ServedModel old) {
        ModelFiles.ModelFile file;
        try {
            file = Models.read(e.file());
        } catch (IOException | RuntimeException ex) {
            throw new ModelFileException(ex.getMessage());
        }
        Recommender model = file.model();
        if (!model.name().equals(e.name())) {
            throw new ModelFileException(e.file() + ": holds a '" + model.name() + "' model, not '" + e.name() + "'");
        }
        CatalogSnapshot snap = engine.catalog();
        try {
            file.requireItems(e.file(), snap.catalog().items().ids());
        } catch (IOException mismatch) {
            throw new ModelFileException(mismatch.getMessage());
        }
        String source = e.file().toString();
        Dataset data = engine.trainingData(snap);
        if (file.fingerprint() != 0) {
            boolean same = file.fingerprint() == data.fingerprint();
            source += same ? " (trained on the stored events)" : " (trained on other events than those stored now)";
        }
        long version = old == null ? 1 : old.version() + 1;
        long t0 = System.nanoTime();
        Map<String, Double> ratios = SampledFidelity.measure(model, data);
        if (!ratios.isEmpty()) {
            LOG.info("model {}: deletion ratios of its explanation methods on a sample of {} users: {} ({} ms)",
                    e.name(), SampledFidelity.USERS, ratios, (System.nanoTime() - t0) / 1_000_000);
        }
        return new ServedModel(e.name(), version, model, 0, -1, 0, source, List.of(), ratios,
                System.currentTimeMillis());
    }

    /** A model file that cannot be served: unreadable, of another model, or of another dataset. */
    public static final class ModelFileException extends RuntimeException {
        ModelFileException(String message) {
            super(message);
        }
    }
}
