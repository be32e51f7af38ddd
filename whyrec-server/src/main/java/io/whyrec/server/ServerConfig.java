package io.whyrec.server;

import io.whyrec.core.model.ProfileModel;
import io.whyrec.core.privacy.Pseudonymizer;
import io.whyrec.server.api.ApiContext;
import io.whyrec.server.live.ServingConfig;
import io.whyrec.server.crypto.KeyProvider;

import java.nio.file.Path;
import java.util.Objects;

/**
 * Everything the server is started with, with its defaults (see {@link #defaults}):
 * <ul>
 *   <li>{@code host = 127.0.0.1}: loopback only; bind another address on purpose.</li>
 *   <li>{@code port = 8080} (0 = any free port, as tests use).</li>
 *   <li>{@code dataDir}: holds {@code whyrec.db} (SQLite) and, when not given otherwise, the generated secrets
 *       {@code admin.key} and {@code token.secret} (owner-only files). When it holds {@code dataset.whyrec}
 *       (written by {@code whyrec import}) and the store has no events, the store is seeded from it once.</li>
 *   <li>{@code jdbcUrl = null}: the SQLite file above; otherwise the JDBC URL of the store, e.g.
 *       {@code jdbc:postgresql://127.0.0.1:5432/whyrec?user=whyrec&password=...} (user and password may also come
 *       from {@code WHYREC_JDBC_USER} / {@code WHYREC_JDBC_PASSWORD}).</li>
 *   <li>{@code adminKey = null}: take {@code WHYREC_ADMIN_KEY} from the environment, else the data directory's
 *       {@code admin.key}, generated at first start.</li>
 *   <li>{@code tokenSecret = null}: the data directory's {@code token.secret}, generated at first start.</li>
 *   <li>{@code maxBodyBytes = 1,048,576} (bytes): larger request bodies get 413.</li>
 *   <li>{@code model = ProfileModel.Config.DEFAULT}: the profile model and the history weighting
 *       (EventWeighting.DEFAULT: alpha 0.3, beta 0.7, 180-day half-life, rating heat on a 0..5 scale).</li>
 *   <li>{@code limits = ApiContext.Limits.DEFAULT}: batch of at most 10,000, k default 10 and at most 100, ids of
 *       at most 200 UTF-8 bytes (the importers' and the schema's limit), and the fair-use limits of
 *       {@link io.whyrec.server.limits.FairUse#DEFAULT} (cost budget, expensive requests at once, per-token rates,
 *       admin-key backoff).</li>
 *   <li>{@code serving = ServingConfig.DEFAULT}: models ease, itemknn, profile, pop; default ease, tuned on validation;
 *       refit check every 300 s
 *       (see {@link ServingConfig}).</li>
 *   <li>{@code accessLog = null}: no access log ({@code whyrec serve} writes it to standard output unless told
 *       otherwise; see {@link io.whyrec.server.api.AccessLog}). Audit lines are logged either way.</li>
 *   <li>{@code pseudonyms = null}: take the key from {@code WHYREC_PSEUDONYM_KEY} when it is set. A data directory
 *       whose ids are pseudonymised ({@code whyrec import --pseudonymize}) needs its key, and every user id that
 *       arrives on the API is then stored, served and logged as its keyed pseudonym; with a key and an empty
 *       data directory the server starts one (see docs/privacy.md).</li>
 *   <li>{@code encryption = null}: take the store's encryption key from {@code WHYREC_ENCRYPTION_KEY} when it is
 *       set, else a plaintext store. A store encrypted at rest needs its key; an empty store opened with a key is
 *       encrypted from then on (see {@link io.whyrec.server.store.Store} and docs/privacy.md).</li>
 * </ul>
 *
 * @param host         address to bind
 * @param port         port to bind, 0 for any free one
 * @param dataDir      data directory
 * @param adminKey     admin API key (at least 16 characters), or null for the default source
 * @param tokenSecret  user-token signing key (at least 32 bytes), or null for the default source
 * @param maxBodyBytes largest accepted request body in bytes
 * @param model        profile model configuration (its weighting weighs every history)
 * @param limits       request limits
 * @param jdbcUrl      JDBC URL of the store, or null for SQLite under the data directory
 * @param serving      model fitting and serving settings
 * @param accessLog    where the JSON access log goes: {@code "-"} for standard output, a file to append to, or
 *                     null (or {@code "none"}) for none
 * @param pseudonyms   the key of the data directory's pseudonyms, or null for the default source
 * @param encryption   the key the store is encrypted at rest under, or null for the default source
 */
public record ServerConfig(String host, int port, Path dataDir, String adminKey, byte[] tokenSecret,
                           long maxBodyBytes, ProfileModel.Config model, ApiContext.Limits limits, String jdbcUrl,
                           ServingConfig serving, String accessLog, Pseudonymizer pseudonyms,
                           KeyProvider encryption) {

    /** Default address: loopback. */
    public static final String DEFAULT_HOST = "127.0.0.1";
    /** Default port. */
    public static final int DEFAULT_PORT = 8080;
    /** Default body limit in bytes (1 MiB: about 8,000 events). */
    public static final long DEFAULT_MAX_BODY_BYTES = 1 << 20;

    /** Checks the fields. */
    public ServerConfig {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(dataDir, "dataDir");
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(limits, "limits");
        Objects.requireNonNull(serving, "serving");
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port " + port + " is outside 0..65535");
        }
        if (maxBodyBytes < 1024) {
            throw new IllegalArgumentException("maxBodyBytes " + maxBodyBytes + " is below 1024");
        }
    }

    /** The defaults for a host, port and data directory. */
    public static ServerConfig defaults(String host, int port, Path dataDir) {
        return new ServerConfig(host, port, dataDir, null, null, DEFAULT_MAX_BODY_BYTES, ProfileModel.Config.DEFAULT,
                ApiContext.Limits.DEFAULT, null, ServingConfig.DEFAULT, null, null, null);
    }

    /** A copy with an explicit admin key and token secret (tests, deployments with a secret manager). */
    public ServerConfig withSecrets(String newAdminKey, byte[] newTokenSecret) {
        return new ServerConfig(host, port, dataDir, newAdminKey, newTokenSecret, maxBodyBytes, model, limits, jdbcUrl,
                serving, accessLog, pseudonyms, encryption);
    }

    /** A copy with another body limit. */
    public ServerConfig withMaxBodyBytes(long bytes) {
        return new ServerConfig(host, port, dataDir, adminKey, tokenSecret, bytes, model, limits, jdbcUrl, serving,
                accessLog, pseudonyms, encryption);
    }

    /** A copy storing into the database at a JDBC URL (null: SQLite under the data directory). */
    public ServerConfig withJdbcUrl(String url) {
        return new ServerConfig(host, port, dataDir, adminKey, tokenSecret, maxBodyBytes, model, limits, url, serving,
                accessLog, pseudonyms, encryption);
    }

    /** A copy with another profile model configuration (its weighting weighs every history). */
    public ServerConfig withModel(ProfileModel.Config newModel) {
        return new ServerConfig(host, port, dataDir, adminKey, tokenSecret, maxBodyBytes, newModel, limits, jdbcUrl,
                serving, accessLog, pseudonyms, encryption);
    }

    /** A copy with other request limits. */
    public ServerConfig withLimits(ApiContext.Limits newLimits) {
        return new ServerConfig(host, port, dataDir, adminKey, tokenSecret, maxBodyBytes, model, newLimits, jdbcUrl,
                serving, accessLog, pseudonyms, encryption);
    }

    /** A copy with other fair-use limits (the rest of the request limits kept). */
    public ServerConfig withFairUse(io.whyrec.server.limits.FairUse fair) {
        return withLimits(limits.withFairUse(fair));
    }

    /** A copy with other serving settings. */
    public ServerConfig withServing(ServingConfig newServing) {
        return new ServerConfig(host, port, dataDir, adminKey, tokenSecret, maxBodyBytes, model, limits, jdbcUrl,
                newServing, accessLog, pseudonyms, encryption);
    }

    /** A copy with the key of the data directory's pseudonyms (null: {@code WHYREC_PSEUDONYM_KEY} when set). */
    public ServerConfig withPseudonyms(Pseudonymizer key) {
        return new ServerConfig(host, port, dataDir, adminKey, tokenSecret, maxBodyBytes, model, limits, jdbcUrl,
                serving, accessLog, key, encryption);
    }

    /**
     * A copy with the key the store is encrypted at rest under (null: {@code WHYREC_ENCRYPTION_KEY} when set, else
     * none).
     */
    public ServerConfig withEncryption(KeyProvider keys) {
        return new ServerConfig(host, port, dataDir, adminKey, tokenSecret, maxBodyBytes, model, limits, jdbcUrl,
                serving, accessLog, pseudonyms, keys);
    }

    /** A copy with another access log target: {@code "-"} (standard output), a file, or null for none. */
    public ServerConfig withAccessLog(String target) {
        return new ServerConfig(host, port, dataDir, adminKey, tokenSecret, maxBodyBytes, model, limits, jdbcUrl,
                serving, target, pseudonyms, encryption);
    }
}
