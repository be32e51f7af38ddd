package io.whyrec.explain.narrate;

import java.time.Duration;
import java.util.Locale;
import java.util.Objects;

/**
 * Which narrator writes the sentences, and how to reach it; {@link #TEMPLATE} holds every default.
 *
 * @param backend     "template" (default: the en/zh templates) or "openai" (an OpenAI-compatible chat endpoint)
 * @param baseUrl     the endpoint's base URL, e.g. {@code http://127.0.0.1:8000/v1} (openai only; requests go to
 *                    {@code baseUrl/chat/completions})
 * @param model       the model name sent with each request (openai only)
 * @param apiKeyEnv   the environment variable the API key is read from (default {@code WHYREC_NARRATOR_API_KEY});
 *                    when it is unset, no key is sent (local servers need none)
 * @param timeout     how long one request may take before the template answers instead (default 10 s)
 * @param maxTokens   most tokens the model may write (default 160: two sentences)
 * @param temperature sampling temperature (default 0.2: close to the facts)
 */
public record NarratorConfig(String backend, String baseUrl, String model, String apiKeyEnv, Duration timeout,
                             int maxTokens, double temperature) {

    /** The default API key variable. */
    public static final String DEFAULT_KEY_ENV = "WHYREC_NARRATOR_API_KEY";

    /** The templates; the defaults of the other fields. */
    public static final NarratorConfig TEMPLATE = new NarratorConfig(TemplateNarrator.NAME, null, null,
            DEFAULT_KEY_ENV, Duration.ofSeconds(10), 160, 0.2);

    /** Checks the fields, naming the option that is wrong. */
    public NarratorConfig {
        Objects.requireNonNull(backend, "backend");
        backend = backend.toLowerCase(Locale.ROOT);
        if (!backend.equals(TemplateNarrator.NAME) && !backend.equals(OpenAiNarrator.BACKEND)) {
            throw new IllegalArgumentException("--narrator must be template or openai, got \"" + backend + "\"");
        }
        if (backend.equals(OpenAiNarrator.BACKEND)) {
            if (baseUrl == null || !(baseUrl.startsWith("http://") || baseUrl.startsWith("https://"))) {
                throw new IllegalArgumentException("--narrator openai needs --narrator-url http(s)://HOST:PORT/v1, got "
                        + (baseUrl == null ? "none" : "\"" + baseUrl + "\""));
            }
            if (model == null || model.isBlank()) {
                throw new IllegalArgumentException("--narrator openai needs --narrator-model NAME");
            }
        }
        if (timeout == null || timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("--narrator-timeout must be positive, got " + timeout);
        }
        if (maxTokens < 16) {
            throw new IllegalArgumentException("narrator maxTokens must be >= 16, got " + maxTokens);
        }
        apiKeyEnv = apiKeyEnv == null ? DEFAULT_KEY_ENV : apiKeyEnv;
    }

    /** An OpenAI-compatible endpoint with the other defaults. */
    public static NarratorConfig openAi(String baseUrl, String model) {
        return new NarratorConfig(OpenAiNarrator.BACKEND, baseUrl, model, DEFAULT_KEY_ENV, TEMPLATE.timeout(),
                TEMPLATE.maxTokens(), TEMPLATE.temperature());
    }

    /** A copy with another timeout. */
    public NarratorConfig withTimeout(Duration newTimeout) {
        return new NarratorConfig(backend, baseUrl, model, apiKeyEnv, newTimeout, maxTokens, temperature);
    }

    /** The backend this configuration names. */
    public Narrator create() {
        return backend.equals(TemplateNarrator.NAME) ? new TemplateNarrator()
                : new OpenAiNarrator(baseUrl, model, System.getenv(apiKeyEnv), timeout, maxTokens, temperature);
    }
}
