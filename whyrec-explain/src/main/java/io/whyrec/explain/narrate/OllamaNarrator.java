package io.whyrec.explain.narrate;

import dev.langchain4j.data.message.SystemMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.ollama.OllamaChatModel;

import java.time.Duration;
import java.util.Locale;
import java.util.Objects;

/**
 * A narrator that asks an Ollama server ({@code POST baseUrl/api/chat}) through langchain4j's
 * {@link OllamaChatModel}, with the same rules ({@link OpenAiNarrator#systemPrompt}) and the same structured
 * explanation ({@link Facts#promptFacts}) as the OpenAI-compatible backend. One request per sentence, no retries
 * (a failed request is answered by the template at once).
 */
public final class OllamaNarrator implements Narrator {

    /** The backend's configuration name. */
    public static final String BACKEND = "ollama";

    private final String model;
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
        this.model = Objects.requireNonNull(model, "model");
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
    public String name() {
        return BACKEND + ":" + model;
    }

    @Override
    public String narrate(Facts facts, Locale locale) throws NarratorException {
        ChatResponse response;
        try {
            response = chat.chat(ChatRequest.builder()
                    .messages(SystemMessage.from(OpenAiNarrator.systemPrompt(locale)),
                            UserMessage.from(facts.promptFacts(locale)))
                    .build());
        } catch (RuntimeException e) {
            throw new NarratorException(name() + ": " + e.getClass().getSimpleName() + ": " + e.getMessage(), e);
        }
        String text = response == null || response.aiMessage() == null ? null : response.aiMessage().text();
        if (text == null || text.isBlank()) {
            throw new NarratorException(name() + ": empty answer", null);
        }
        return text.strip();
    }
}
