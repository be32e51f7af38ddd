package io.whyrec.explain.narrate;

import dev.langchain4j.model.openai.OpenAiChatModel;

import java.time.Duration;
import java.util.Objects;

/**
 * A narrator that asks an OpenAI-compatible chat endpoint (OpenAI, vLLM, llama.cpp's server, LM Studio, ...)
 * through langchain4j's {@link OpenAiChatModel}, with the rules and facts of {@link ChatNarrator}. One request
 * per sentence, no retries (a failed request is answered by the template at once).
 */
public final class OpenAiNarrator extends ChatNarrator {

    /** The backend's configuration name. */
    public static final String BACKEND = "openai";

    private final OpenAiChatModel chat;

    /**
     * A client of one endpoint and model.
     *
     * @param baseUrl     the endpoint's base URL (requests go to {@code baseUrl/chat/completions})
     * @param model       the model name
     * @param apiKey      the API key, or null when the endpoint needs none
     * @param timeout     the request timeout
     * @param maxTokens   most tokens written
     * @param temperature sampling temperature
     */
    public OpenAiNarrator(String baseUrl, String model, String apiKey, Duration timeout, int maxTokens,
                          double temperature) {
        super(BACKEND + ":" + Objects.requireNonNull(model, "model"));
        this.chat = OpenAiChatModel.builder()
                .baseUrl(Objects.requireNonNull(baseUrl, "baseUrl"))
                .apiKey(apiKey == null || apiKey.isBlank() ? "none" : apiKey)
                .modelName(model)
                .timeout(timeout)
                .maxRetries(0)
                .maxTokens(maxTokens)
                .temperature(temperature)
                .build();
    }

    @Override
    protected String complete(String system, String user) {
        return ask(chat, system, user);
    }
}
