package io.whyrec.server.auth;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The current token generation of every user whose tokens were ever revoked, keyed by the user's
 * {@link UserKeys pseudonym}: a token is accepted only when it carries its user's current generation, and
 * erasing a user moves the generation on, so every token issued before the erasure gets 401 from then on while a
 * token issued afterwards works. A user absent from the map is at generation 0. The store keeps the same map
 * (table {@code token_generations}) so revocations survive restarts.
 */
public final class TokenGenerations {

    private final UserKeys keys;
    private final ConcurrentHashMap<String, Long> generations = new ConcurrentHashMap<>();

    /**
     * @param keys   the pseudonym function
     * @param stored the stored generations, pseudonym to generation
     */
    public TokenGenerations(UserKeys keys, Map<String, Long> stored) {
        this.keys = keys;
        generations.putAll(stored);
    }

    /** The pseudonym function. */
    public UserKeys keys() {
        return keys;
    }

    /** A user's current generation (0 when never revoked). */
    public long current(String user) {
        return generations.getOrDefault(keys.of(user), 0L);
    }

    /** Records a user's new generation (after the store committed it). */
    public void set(String userKey, long generation) {
        generations.merge(userKey, generation, Math::max);
    }
}
