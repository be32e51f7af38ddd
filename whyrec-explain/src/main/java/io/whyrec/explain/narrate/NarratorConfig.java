package io.whyrec.explain.narrate;

import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import java.util.ServiceLoader;

/**
 * Which narrator writes the sentences, and how to reach it; {@link #TEMPLATE} holds every default.
 *
 * @param backend     "template" (default: the en/zh templates), "openai" (an OpenAI-compatible chat endpoint),
 *                    "ollama" (an Ollama server) or "gguf" (a local GGUF model file run in process by llama.cpp,
 *                    from the whyrec-gguf module)
 * @param baseUrl     the endpoint's base URL: for openai e.g. {@code http://127.0.0.1:8000/v1} (requests go to
 *                    {@code baseUrl/chat/completions}), for ollama e.g. {@code http://127.0.0.1:11434} (requests
 *                    go to {@code baseUrl/api/chat})
 * @param model       the model name sent with each request (openai and ollama)
 * @param modelPath   the GGUF file (gguf only); it is read from disk, nothing is ever downloaded
 * @param apiKeyEnv   the environment variable the API key is read from (default {@code WHYREC_NARRATOR_API_KEY});
 *                    when it is unset, no key is sent (local servers need none)
 * @param timeout     how long one request may take before the template answers instead (default 10 s)
 * @param maxTokens   most tokens the model may write (default 160: two sentences)
 * @param temperature sampling temperature (default 0.2: close to the facts)
 */
public record NarratorConfig(String backend, String baseUrl, String model, String modelPath, String apiKeyEnv,
                             Duration timeout, int maxTokens, double temperature) {

    /** The default API key variable. */
    public static final String DEFAULT_KEY_ENV = "WHYREC_NARRATOR_API_KEY";

    /** The configuration name of the local GGUF backend. */
    public static final String GGUF = "gguf";

    /** The templates; the defaults of the other fields. */
    public static final NarratorConfig TEMPLATE = new NarratorConfig(TemplateNarrator.NAME, null, null, null,
            DEFAULT_KEY_ENV, Duration.ofSeconds(10), 160, 0.2);

    /**
     * A backend that lives in another module (the GGUF one, whose native libraries whyrec-explain does not carry),
     * found through {@link ServiceLoader} when its module is on the class path.
     */
    public interface Provider {
        /** The configuration name it serves, e.g. "gguf". */
        String backend();

        /** The narrator of a configuration naming {@link #backend()}. */
        Narrator create(NarratorConfig config);
    }

    /** Checks the fields, naming the option that is wrong. */
    public NarratorConfig {
        Objects.requireNonNull(backend, "backend");
        backend = backend.toLowerCase(Locale.ROOT);
        if (!backend.equals(TemplateNarrator.NAME) && !backend.equals(OpenAiNarrator.BACKEND)
                && !backend.equals(OllamaNarrator.BACKEND) && !backend.equals(GGUF)) {
            throw new IllegalArgumentException("--narrator must be template, openai, ollama or gguf, got \""
                    + backend + "\"");
        }
        if (backend.equals(GGUF)) {
            if (modelPath == null || modelPath.isBlank()) {
                throw new IllegalArgumentException("--narrator gguf needs --narrator-model-path FILE.gguf");
            }
        } else if (!backend.equals(TemplateNarrator.NAME)) {
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
        return new NarratorConfig(OpenAiNarrator.BACKEND, baseUrl, model, null, DEFAULT_KEY_ENV, TEMPLATE.timeout(),
                TEMPLATE.maxTokens(), TEMPLATE.temperature());
    }

    /** An Ollama server with the other defaults. */
    public static NarratorConfig ollama(String baseUrl, String model) {
        return new NarratorConfig(OllamaNarrator.BACKEND, baseUrl, model, null, DEFAULT_KEY_ENV, TEMPLATE.timeout(),
                TEMPLATE.maxTokens(), TEMPLATE.temperature());
    }

    /** A local GGUF model file with the other defaults. */
    public static NarratorConfig gguf(String modelPath) {
        return new NarratorConfig(GGUF, null, null, modelPath, DEFAULT_KEY_ENV, TEMPLATE.timeout(),
                TEMPLATE.maxTokens(), TEMPLATE.temperature());
    }

    /** A copy with another timeout. */
    public NarratorConfig withTimeout(Duration newTimeout) {
        return new NarratorConfig(backend, baseUrl, model, modelPath, apiKeyEnv, newTimeout, maxTokens, temperature);
    }

    /** A copy with another token limit. */
    public NarratorConfig withMaxTokens(int newMaxTokens) {
        return new NarratorConfig(backend, baseUrl, model, modelPath, apiKeyEnv, timeout, newMaxTokens, temperature);
    }

    /**
     * The backend this configuration names.
     *
     * @throws IllegalStateException for gguf when the whyrec-gguf module is not on the class path
     */
    public Narrator create() {
        return switch (backend) {
            case TemplateNarrator.NAME -> new TemplateNarrator();
            case OllamaNarrator.BACKEND -> new OllamaNarrator(baseUrl, model, timeout, maxTokens, temperature);
            case OpenAiNarrator.BACKEND ->
                    new OpenAiNarrator(baseUrl, model, System.getenv(apiKeyEnv), timeout, maxTokens, temperature);
            default -> {
                for (Provider p : ServiceLoader.load(Provider.class)) {
                    if (p.backend().equals(backend)) {
                        yield p.create(this);
                    }
                }
                throw new IllegalStateException("--narrator " + backend + " needs the whyrec-" + backend
                        + " module on the class path (bin/whyrec has it)");
            }
        };
    }
}
