package io.whyrec.server.privacy;

import io.whyrec.core.data.DatasetFile;
import io.whyrec.server.auth.TokenGenerations;
import io.whyrec.server.live.LiveEngine;
import io.whyrec.server.live.ModelRegistry;
import io.whyrec.server.live.ResponseCache;
import io.whyrec.server.live.ServedModel;
import io.whyrec.server.store.Store;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Erases a user everywhere the server and its data directory keep them, in this order, each step durable before
 * the next:
 * <ol>
 *   <li>the dataset file {@code dataset.whyrec} of the data directory is rewritten without the user (atomically:
 *       temporary file, fsync, rename, fsync of the folder), so no later seeding and no command-line reader
 *       ({@code profile}, {@code train}, {@code recommend}, {@code explain}, {@code evaluate}) sees them;</li>
 *   <li>one store transaction deletes every row of the user and moves their token generation on (so every token
 *       issued before gets 401 from the next request on), then the in-memory state and the response cache forget
 *       them;</li>
 *   <li>the database files are scrubbed ({@link Store#scrubUserTables()}: SQLite checkpoint with
 *       {@code secure_delete}, PostgreSQL {@code VACUUM});</li>
 *   <li>a background refit of every fitted model is asked for; until it ran, {@link #modelsHolding()} names the
 *       model versions still fitted on the user's events (their recommendations and explanations for other users
 *       cite only those users' own events);</li>
 *   <li>the audit log records the erasure under the user's keyed pseudonym.</li>
 * </ol>
 * A failure in any step answers an error and leaves what was done; erasing again finishes the rest (every step
 * is idempotent).
 */
public final class Erasure {

    private final LiveEngine engine;
    private final Store store;
    private final ModelRegistry registry;
    private final TokenGenerations generations;
    private final ResponseCache cache;
    private final AuditLog audit;
    private final Path datasetFile;
    private final Runnable refitSoon;

    /**
     * @param engine      the live state (erases from the store and memory)
     * @param store       the store (scrubbed after the erasure)
     * @param registry    the served models
     * @param generations the users' token generations
     * @param cache       the response cache
     * @param audit       the audit log
     * @param datasetFile the data directory's dataset file (it may not exist)
     * @param refitSoon   asks for a background refit of every fitted model
     */
    public Erasure(LiveEngine engine, Store store, ModelRegistry registry, TokenGenerations generations,
                   ResponseCache cache, AuditLog audit, Path datasetFile, Runnable refitSoon) {
        this.engine = engine;
        this.store = store;
        this.registry = registry;
        this.generations = generations;
        this.cache = cache;
        this.audit = audit;
        this.datasetFile = datasetFile;
        this.refitSoon = refitSoon;
    }

    /**
     * What one erasure removed.
     *
     * @param rows          rows deleted per store table
     * @param datasetEvents events of the user removed from the dataset file (0 when it held none, or is absent)
     * @param modelsHolding the served model versions still fitted on events of erased users
     */
    public record Result(Map<String, Integer> rows, int datasetEvents, List<Map<String, Object>> modelsHolding) {
    }

    /** Erases a user (see the class comment); one erasure runs at a time. */
    public synchronized Result erase(String user) {
        int datasetEvents = 0;
        if (Files.isRegularFile(datasetFile)) {
            datasetEvents = DatasetFile.eraseUsers(datasetFile, List.of(user)).events();
        }
        String key = generations.keys().of(user);
        Store.Erased erased = engine.erase(user, key);
        generations.set(key, erased.generation());
        cache.forget(user);
        store.scrubUserTables();
        refitSoon.run();
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("user", "hmac-sha256:" + key);
        details.put("rows", erased.rows());
        details.put("datasetEvents", datasetEvents);
        details.put("tokenGeneration", erased.generation());
        audit.append("user.erase", details);
        return new Result(erased.rows(), datasetEvents, modelsHolding());
    }

    /**
     * Follows the erasures another replica sharing the store committed, once {@link LiveEngine#catchUp} dropped
     * their users from memory: each erased pseudonym's token generation is read from the store (so the user's
     * old tokens get 401 here from then on), the response cache and the data directory's dataset file forget the
     * dropped users, and a background refit is asked for. The other replica's audit log holds the erasure. After
     * a catch-up that reloaded the whole state ({@link LiveEngine.CaughtUp#gap}) every stored generation is read.
     */
    public synchronized void follow(LiveEngine.CaughtUp caught) {
        if (caught.gap()) {
            store.loadTokenGenerations().forEach(generations::set);
        }
        if (caught.erasures() == 0) {
            return;
        }
        for (String key : caught.erasedKeys()) {
            generations.set(key, store.tokenGeneration(key));
        }
        for (String user : caught.erased()) {
            cache.forget(user);
        }
        if (!caught.erased().isEmpty() && Files.isRegularFile(datasetFile)) {
            DatasetFile.eraseUsers(datasetFile, caught.erased());
        }
        refitSoon.run();
    }

    /**
     * The served model versions fitted before the latest erasures of this run, with how many erased users each
     * still holds: {@code [{"model": "ease", "version": 3, "erasedUsers": 2}]}. A model loaded from a file is
     * listed when any user was erased since it was loaded, as the server cannot refit it (retrain the file with
     * {@code whyrec train}, which reads the rewritten dataset file).
     */
    public List<Map<String, Object>> modelsHolding() {
        List<Map<String, Object>> out = new ArrayList<>();
        for (String name : registry.names()) {
            ServedModel m = registry.current(name);
            if (m == null || registry.isLive(name)) {
                continue;
            }
            int held = registry.erasedUsersHeld(name);
            if (held > 0) {
                Map<String, Object> e = new LinkedHashMap<>();
                e.put("model", name);
                e.put("version", m.version());
                e.put("erasedUsers", held);
                out.add(e);
            }
        }
        return out;
    }
}
