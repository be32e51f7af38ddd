package io.whyrec.explain.narrate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.whyrec.api.Explanation;
import io.whyrec.explain.text.ExplanationText;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The Ollama client path end to end: langchain4j-ollama 1.18.1 (beside langchain4j-core 1.19.0) against
 * {@link OllamaStub} on loopback speaking Ollama's {@code /api/chat}, replaying the recorded answers of
 * {@link Fixture}; a grounded answer is shown as written, a hallucinated, slow, failing or empty one is replaced
 * by the template and counted by reason.
 */
class OllamaNarratorTest {

    private static Locale locale(String lang) {
        return lang.equals("zh") ? Locale.SIMPLIFIED_CHINESE : Locale.ENGLISH;
    }

    @Test
    void replaysRecordedAnswersThroughTheGate() throws Exception {
        Explanation x = Fixture.explanation();
        Facts facts = Facts.of(x, Fixture.INFO);
        try (OllamaStub stub = new OllamaStub()) {
            GroundedNarrator narrator = GroundedNarrator.of(NarratorConfig.ollama(stub.baseUrl(), "llama3.2"));
            assertEquals("ollama:llama3.2", narrator.name());
            int faithful = 0;
            int planted = 0;
            for (Fixture.Answer a : Fixture.answers()) {
                if (a.text().isBlank()) {
                    continue; // an empty answer is a backend failure, checked below
                }
                stub.record(facts.promptFacts(locale(a.lang())), a.text());
                Narration n = narrator.narrate(x, Fixture.INFO, locale(a.lang()), Fixture.VOCABULARY);
                assertEquals("llama3.2", stub.lastModel);
                assertFalse(stub.lastStream, "the client asks for one non-streamed answer");
                assertEquals(NarratorConfig.TEMPLATE.maxTokens(), stub.lastNumPredict);
                String template = ExplanationText.forLanguage(a.lang(), Fixture.INFO).render(x);
                if (a.expect().equals("grounded")) {
                    faithful++;
                    assertEquals(a.text(), n.text());
                    assertEquals("ollama:llama3.2", n.narrator());
                    assertTrue(n.grounded());
                } else {
                    planted++;
                    assertEquals(template, n.text(), "the template answers for " + a.text());
                    assertEquals("template", n.narrator());
                    assertTrue(n.fellBack());
                    assertFalse(n.rejections().isEmpty());
                }
            }
            assertTrue(faithful > 0 && planted > 0, faithful + " faithful, " + planted + " planted");
            assertEquals(faithful + planted, stub.requests());
            assertEquals(faithful, narrator.accepted());
            long rejected = narrator.rejections().values().stream().mapToLong(Long::longValue).sum();
            assertEquals(planted, rejected);
            assertTrue(stub.lastSystem.contains("简体中文"), "the zh rules were sent last");
        }
    }

    @Test
    void slowEmptyAndFailingServersFallBackToTheTemplate() throws Exception {
        Explanation x = Fixture.explanation();
        Facts facts = Facts.of(x, Fixture.INFO);
        String template = ExplanationText.forLanguage("en", Fixture.INFO).render(x);
        try (OllamaStub stub = new OllamaStub()) {
            GroundedNarrator narrator = GroundedNarrator.of(NarratorConfig.ollama(stub.baseUrl(), "m")
                    .withTimeout(Duration.ofMillis(300)));
            stub.record(facts.promptFacts(Locale.ENGLISH), "Alien (1979) explains 63% of this score.");
            stub.delayMillis = 2000;
            Narration slow = narrator.narrate(x, Fixture.INFO, Locale.ENGLISH, Fixture.VOCABULARY);
            assertEquals(template, slow.text());
            assertTrue(slow.rejections().get(0).startsWith("backend_error"), slow.rejections().toString());
            stub.delayMillis = 0;
            stub.status = 500;
            assertEquals(template, narrator.narrate(x, Fixture.INFO, Locale.ENGLISH, Fixture.VOCABULARY).text());
            stub.status = 200;
            stub.record(facts.promptFacts(Locale.ENGLISH), "  ");
            assertEquals(template, narrator.narrate(x, Fixture.INFO, Locale.ENGLISH, Fixture.VOCABULARY).text());
            assertEquals(Map.of(GroundingGate.Kind.BACKEND_ERROR, 3L), narrator.rejections());
            stub.record(facts.promptFacts(Locale.ENGLISH), "Alien (1979) explains 63% of this score.");
            assertEquals("Alien (1979) explains 63% of this score.",
                    narrator.narrate(x, Fixture.INFO, Locale.ENGLISH, Fixture.VOCABULARY).text());
        }
    }

    @Test
    void configurationErrorsNameTheOption() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> NarratorConfig.ollama("127.0.0.1:11434", "m"));
        assertTrue(e.getMessage().contains("--narrator ollama needs --narrator-url http://HOST:11434"),
                e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> NarratorConfig.ollama("http://127.0.0.1:1", null));
        assertTrue(e.getMessage().contains("--narrator ollama needs --narrator-model"), e.getMessage());
    }
}
