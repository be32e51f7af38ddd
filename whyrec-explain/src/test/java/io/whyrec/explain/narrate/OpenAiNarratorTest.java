package io.whyrec.explain.narrate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.whyrec.api.Explanation;
import io.whyrec.explain.text.ExplanationText;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The client path end to end: langchain4j's OpenAI client against {@link OpenAiStub} on loopback, replaying the
 * recorded answers of {@link Fixture}; a grounded answer is shown as written, a hallucinated one, a slow one and a
 * failing one are replaced by the template and counted by reason.
 */
class OpenAiNarratorTest {

    private static Locale locale(String lang) {
        return lang.equals("zh") ? Locale.SIMPLIFIED_CHINESE : Locale.ENGLISH;
    }

    @Test
    void replaysRecordedAnswersThroughTheGate() throws Exception {
        Explanation x = Fixture.explanation();
        Facts facts = Facts.of(x, Fixture.INFO);
        try (OpenAiStub stub = new OpenAiStub()) {
            GroundedNarrator narrator = GroundedNarrator.of(NarratorConfig.openAi(stub.baseUrl(), "stub-model"));
            assertEquals("openai:stub-model", narrator.name());
            int faithful = 0;
            int planted = 0;
            for (Fixture.Answer a : Fixture.answers()) {
                if (a.text().isBlank()) {
                    continue; // an empty answer is a backend failure, checked below
                }
                stub.record(facts.promptFacts(locale(a.lang())), a.text());
                Narration n = narrator.narrate(x, Fixture.INFO, locale(a.lang()), Fixture.VOCABULARY);
                assertEquals("stub-model", stub.lastModel);
                String template = ExplanationText.forLanguage(a.lang(), Fixture.INFO).render(x);
                if (a.expect().equals("grounded")) {
                    faithful++;
                    assertEquals(a.text(), n.text());
                    assertEquals("openai:stub-model", n.narrator());
                    assertTrue(n.grounded());
                } else {
                    planted++;
                    assertEquals(template, n.text(), "the template answers for " + a.text());
                    assertEquals("template", n.narrator());
                    assertTrue(n.fellBack());
                    assertFalse(n.rejections().isEmpty());
                }
            }
            assertEquals(faithful + planted, stub.requests());
            assertEquals(faithful, narrator.accepted());
            long rejected = narrator.rejections().values().stream().mapToLong(Long::longValue).sum();
            assertEquals(planted, rejected);
            assertEquals(faithful + planted, narrator.calls());
            assertTrue(stub.lastSystem.contains("简体中文"), "the zh rules were sent last");
        }
    }

    @Test
    void slowEmptyAndFailingBackendsFallBackToTheTemplate() throws Exception {
        Explanation x = Fixture.explanation();
        Facts facts = Facts.of(x, Fixture.INFO);
        String template = ExplanationText.forLanguage("en", Fixture.INFO).render(x);
        try (OpenAiStub stub = new OpenAiStub()) {
            GroundedNarrator narrator = GroundedNarrator.of(NarratorConfig.openAi(stub.baseUrl(), "m")
                    .withTimeout(Duration.ofMillis(300)));
            stub.record(facts.promptFacts(Locale.ENGLISH), "Alien (1979) explains 63% of this score.");
            stub.delayMillis = 2000;
            Narration slow = narrator.narrate(x, Fixture.INFO, Locale.ENGLISH, Fixture.VOCABULARY);
            assertEquals(template, slow.text());
            assertTrue(slow.rejections().get(0).startsWith("backend_error"), slow.rejections().toString());
            stub.delayMillis = 0;
            stub.status = 500;
            Narration failing = narrator.narrate(x, Fixture.INFO, Locale.ENGLISH, Fixture.VOCABULARY);
            assertEquals(template, failing.text());
            stub.status = 200;
            stub.record(facts.promptFacts(Locale.ENGLISH), "  ");
            Narration empty = narrator.narrate(x, Fixture.INFO, Locale.ENGLISH, Fixture.VOCABULARY);
            assertEquals(template, empty.text());
            assertEquals(Map.of(GroundingGate.Kind.BACKEND_ERROR, 3L), narrator.rejections());
            stub.record(facts.promptFacts(Locale.ENGLISH), "Alien (1979) explains 63% of this score.");
            assertEquals("Alien (1979) explains 63% of this score.",
                    narrator.narrate(x, Fixture.INFO, Locale.ENGLISH, Fixture.VOCABULARY).text());
        }
    }

    @Test
    void theTemplateNarratorNeedsNoEndpoint() {
        GroundedNarrator narrator = GroundedNarrator.of(NarratorConfig.TEMPLATE);
        Narration n = narrator.narrate(Fixture.explanation(), Fixture.INFO, Locale.SIMPLIFIED_CHINESE,
                Fixture.VOCABULARY);
        assertEquals(ExplanationText.forLanguage("zh", Fixture.INFO).render(Fixture.explanation()), n.text());
        assertEquals("template", n.narrator());
        assertFalse(n.fellBack());
        assertEquals(0, narrator.calls());
    }

    @Test
    void configurationErrorsNameTheOption() {
        IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> NarratorConfig.openAi("localhost:8000", "m"));
        assertTrue(e.getMessage().contains("--narrator-url"), e.getMessage());
        e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> NarratorConfig.openAi("http://127.0.0.1:1/v1", " "));
        assertTrue(e.getMessage().contains("--narrator-model"), e.getMessage());
        e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> new NarratorConfig("gpt", null, null, null, null, Duration.ofSeconds(1), 160, 0.2));
        assertTrue(e.getMessage().contains("--narrator must be template, openai, ollama or gguf"), e.getMessage());
    }
}
