package io.whyrec.explain.narrate;

import dev.langchain4j.data.message.SystemMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.response.ChatResponse;

import java.util.Locale;
import java.util.Objects;

/**
 * A narrator that asks a language model: a system message with the rules ({@link #systemPrompt} for an
 * explanation, {@link SummaryFacts#systemPrompt} for an interest summary) and a user message with the facts
 * ({@link Facts#promptFacts}, {@link SummaryFacts#promptFacts}). A subclass only sends the two messages
 * ({@link #complete}); the failures of every backend are reported the same way: an exception or an empty answer
 * becomes a {@link NarratorException} naming the backend, which the {@link GroundedNarrator} answers with the
 * template.
 */
public abstract class ChatNarrator implements Narrator {

    private final String name;

    /** A narrator reported as {@code name}, e.g. "openai:gpt-4o-mini". */
    protected ChatNarrator(String name) {
        this.name = Objects.requireNonNull(name, "name");
    }

    @Override
    public final String name() {
        return name;
    }

    @Override
    public final String narrate(Facts facts, Locale locale) throws NarratorException {
        return answer(systemPrompt(locale), facts.promptFacts(locale));
    }

    @Override
    public final String summarize(SummaryFacts facts, Locale locale) throws NarratorException {
        return answer(SummaryFacts.systemPrompt(locale), facts.promptFacts(locale));
    }

    /**
     * The model's answer to the two messages.
     *
     * @return the answer's text, or null when the model gave none
     * @throws NarratorException when the backend reports its own failure (a timeout it measures itself)
     * @throws RuntimeException  for any other failure; it is reported as the backend's
     */
    protected abstract String complete(String system, String user) throws NarratorException;

    /** The answer of a langchain4j chat model to the two messages, or null when it gave none. */
    protected static String ask(ChatModel chat, String system, String user) {
        ChatResponse response = chat.chat(ChatRequest.builder()
                .messages(SystemMessage.from(system), UserMessage.from(user))
                .build());
        return response == null || response.aiMessage() == null ? null : response.aiMessage().text();
    }

    private String answer(String system, String user) throws NarratorException {
        String text;
        try {
            text = complete(system, user);
        } catch (RuntimeException e) {
            throw new NarratorException(name + ": " + e.getClass().getSimpleName() + ": " + e.getMessage(), e);
        }
        if (text == null || text.isBlank()) {
            throw new NarratorException(name + ": empty answer", null);
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
