package io.whyrec.explain.narrate;

import java.time.Duration;
import java.util.Locale;
import java.util.Objects;

/**
 * Which narrator writes the sentences, and how to reach it; {@link #TEMPLATE} holds every default.
 *
 * @param backend     "template" (default: the en/zh templates), "openai" (an OpenAI-compatible chat endpoint) or
 *                    "ollama" (an Ollama server)
 * @param baseUrl     the endpoint's base URL: for openai e.g. {@code http://127.0.0.1:8000/v1} (requests go to
 *                    {@code baseUrl/chat/completions}), for ollama e.g. {@code http://127.0.0.1:11434} (requests
 *                    go to {@code baseUrl/api/chat})
 * @param model       the model name sent with each request (openai and ollama)
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
        if (!backend.equals(TemplateNarrator.NAME) && !backend.equals(OpenAiNarrator.BACKEND)
                && !backend.equals(OllamaNarrator.BACKEND)) {
            throw new IllegalArgumentException("--narrator must be template, openai or ollama, got \"" + backend
                    + "\"");
        }
        if (!backend.equals(TemplateNarrator.NAME)) {
            String example = backend.equals(OpenAiNarrator.BACKEND) ? "http(s)://HOST:PORT/v1" : "http://HOST:11434";
            if (baseUrl == null || !(baseUrl.startsWith("http://") || baseUrl.startsWith("https://"))) {
                throw new IllegalArgumentException("--narrator " + backend + " needs --narrator-url " + example
                        + ", got " + (baseUrl == null ? "none" : "\"" + baseUrl + "\""));
            }
            if (model == null || model.isBlank()) {
                throw new IllegalArgumentException("--narrator " + backend + " needs --narrator-model NAME");
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

    /** An Ollama server with the other defaults. */
    public static NarratorConfig ollama(String baseUrl, String model) {
        return new NarratorConfig(OllamaNarrator.BACKEND, baseUrl, model, DEFAULT_KEY_ENV, TEMPLATE.timeout(),
                TEMPLATE.maxTokens(), TEMPLATE.temperature());
    }

    /** A copy with another timeout. */
    public NarratorConfig withTimeout(Duration newTimeout) {
        return new NarratorConfig(backend, baseUrl, model, apiKeyEnv, newTimeout, maxTokens, temperature);
    }

    /** The backend this configuration names. */
    public Narrator create() {
        return switch (backend) {
            case TemplateNarrator.NAME -> new TemplateNarrator();
            case OllamaNarrator.BACKEND -> new OllamaNarrator(baseUrl, model, timeout, maxTokens, temperature);
            default -> new OpenAiNarrator(baseUrl, model, System.getenv(apiKeyEnv), timeout, maxTokens, temperature);
        };
    }
}
