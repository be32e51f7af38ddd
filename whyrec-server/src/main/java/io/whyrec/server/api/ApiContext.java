package io.whyrec.server.api;

import io.whyrec.core.privacy.Pseudonymizer;
import io.whyrec.server.privacy.AuditLog;
import io.whyrec.server.privacy.Erasure;
import io.whyrec.server.feedback.ExplanationIds;
import io.whyrec.server.store.Store;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.whyrec.server.auth.Authenticator;
import io.whyrec.server.live.LiveEngine;
import io.whyrec.server.live.Ranker;
import io.whyrec.server.live.ResponseCache;
import io.whyrec.server.limits.FairUse;

/**
 * What every endpoint needs: the live engine and ranker, the authenticator, the JSON mapper, the metrics, the
 * request limits and the admission of requests by those limits.
 *
 * @param engine   live state in step with the store
 * @param ranker   rankings, explanations, profiles
 * @param auth     identifies callers
 * @param json     the JSON mapper
 * @param metrics  Prometheus counters
 * @param limits   request limits
 * @param cache    the per-user cache of rendered recommendation responses
 * @param erasure  erases users everywhere (null where no endpoint erases, as in tests of rendering)
 * @param audit    the audit log of token issues, erasures and admin actions (null where nothing is audited)
 * @param pseudonyms the key of a pseudonymised data directory, under which every user id that arrives (a path's
 *                   {@code {user}}, an event's {@code user}) is replaced by its pseudonym at the door; null when
 *                   user ids are stored as they arrive
 * @param ids      issues and reads the ids of explanations that feedback answers name
 * @param store    the store the feedback is written to and the satisfaction report read from (null where no
 *                 endpoint writes, as in tests of rendering)
 * @param admission admits requests by the fair-use limits of {@code limits}
 */
public record ApiContext(LiveEngine engine, Ranker ranker, Authenticator auth, ObjectMapper json, Metrics metrics,
                         Limits limits, ResponseCache cache, Erasure erasure, AuditLog audit,
                         Pseudonymizer pseudonyms, ExplanationIds ids, Store store, Admission admission) {

    /**
     * A context without erasure, audit log and store, whose explanation ids are keyed by a fixed test key and
     * which admits by the limits' fair-use settings on the system clock (for
     * tests of the read endpoints' rendering).
     */
    public ApiContext(LiveEngine engine, Ranker ranker, Authenticator auth, ObjectMapper json, Metrics metrics,
                      Limits limits, ResponseCache cache) {
        this(engine, ranker, auth, json, metrics, limits, cache, null, null, null,
                new ExplanationIds("rendering tests only".getBytes(java.nio.charset.StandardCharsets.UTF_8)), null,
                Admission.of(limits.fairUse()));
    }

    /**
     * The id under which a user id that arrived is stored, checked, served and logged: its pseudonym when the
     * data directory is pseudonymised, else the id itself.
     */
    public String storedUser(String user) {
        return pseudonyms == null ? user : pseudonyms.pseudonym(user);
    }

    /**
     * Request limits, with their defaults.
     *
     * @param maxBatch  most events (or items) in one POST batch; default 10,000
     * @param defaultK  list length when {@code k} is not given; default 10
     * @param maxK      largest accepted {@code k}; default 100
     * @param maxIdLength longest accepted id (user, item, event, event type, tag), in UTF-8 bytes; default and
     *                    most {@link io.whyrec.core.data.InputRules#MAX_ID_BYTES} (200), the length the store's
     *                    schema and the importers hold
     * @param fairUse   the cost budget per request, the bound on concurrent expensive requests, the per-token rates
     *                  and the admin-key backoff; default {@link FairUse#DEFAULT}
     */
    public record Limits(int maxBatch, int defaultK, int maxK, int maxIdLength, FairUse fairUse) {
        /** The defaults listed above. */
        public static final Limits DEFAULT = new Limits(10_000, 10, 100, io.whyrec.core.data.InputRules.MAX_ID_BYTES,
                FairUse.DEFAULT);

        /** Checks the fair-use settings are given. */
        public Limits {
            java.util.Objects.requireNonNull(fairUse, "fairUse");
        }

        /** A copy with other fair-use settings. */
        public Limits withFairUse(FairUse fair) {
            return new Limits(maxBatch, defaultK, maxK, maxIdLength, fair);
        }
    }
}
