package io.whyrec.explain.narrate;

import dev.langchain4j.data.message.SystemMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.openai.OpenAiChatModel;

import java.time.Duration;
import java.util.Locale;
import java.util.Objects;

/**
 * A narrator that asks an OpenAI-compatible chat endpoint (OpenAI, vLLM, llama.cpp's server, LM Studio, ...)
 * through langchain4j's {@link OpenAiChatModel}: a system message with the rules ({@link #systemPrompt}) and a
 * user message with the structured explanation ({@link Facts#promptFacts}). One request per sentence, no
 * retries (a failed request is answered by the template at once).
 */
public final class OpenAiNarrator implements Narrator {

    /** The backend's configuration name. */
    public static final String BACKEND = "openai";

    private final String model;
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
        this.model = Objects.requireNonNull(model, "model");
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
    public String name() {
        return BACKEND + ":" + model;
    }

    @Override
    public String narrate(Facts facts, Locale locale) throws NarratorException {
        ChatResponse response;
        try {
            response = chat.chat(ChatRequest.builder()
                    .messages(SystemMessage.from(systemPrompt(locale)), UserMessage.from(facts.promptFacts(locale)))
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

    /** The rules a model is given: write one or two sentences from the facts only, naming the first reason. */
    public static String systemPrompt(Locale locale) {
        if (locale.getLanguage().equals("zh")) {
            return "你为推荐系统写推荐理由。用一到两句简体中文说明为什么推荐这个条目。只能使用给出的事实：标题必须原样照写并放在"
                    + "“”中，必须提到第一个理由，百分比必须与给出的数字一致，类别只能用给出的类别。不要提到任何其他标题、类别或数字。";
        }
        return "You write the reason for a recommendation. In one or two English sentences, say why the item is "
                + "recommended. Use only the facts given: write titles exactly as given, name the first reason, give "
                + "percentages exactly as given and name only the facets given. Do not mention any other title, facet "
                + "or number.";
    }
}
