package io.whyrec.explain.narrate;

import dev.langchain4j.model.ollama.OllamaChatModel;

import java.time.Duration;
import java.util.Objects;

/**
 * A narrator that asks an Ollama server ({@code POST baseUrl/api/chat}) through langchain4j's
 * {@link OllamaChatModel}, with the rules and facts of {@link ChatNarrator}, the same as the OpenAI-compatible
 * backend. One request per sentence, no retries (a failed request is answered by the template at once).
 */
public final class OllamaNarrator extends ChatNarrator {

    /** The backend's configuration name. */
    public static final String BACKEND = "ollama";

    private final OllamaChatModel chat;

    /**
     * A client of one Ollama server and model.
     *
     * @param baseUrl     the server's base URL, e.g. {@code http://127.0.0.1:11434}
     * @param model       the model name, e.g. {@code llama3.2}
     * @param timeout     the request timeout
     * @param maxTokens   most tokens written (Ollama's {@code num_predict})
     * @param temperature sampling temperature
     */
    public OllamaNarrator(String baseUrl, String model, Duration timeout, int maxTokens, double temperature) {
        super(BACKEND + ":" + Objects.requireNonNull(model, "model"));
        this.chat = OllamaChatModel.builder()
                .baseUrl(Objects.requireNonNull(baseUrl, "baseUrl"))
                .modelName(model)
                .timeout(timeout)
                .maxRetries(0)
                .numPredict(maxTokens)
                .temperature(temperature)
                .build();
    }

    @Override
    protected String complete(String system, String user) {
        return ask(chat, system, user);
    }
}
