package io.whyrec.gguf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.whyrec.api.Counterfactual;
import io.whyrec.api.EventAttribution;
import io.whyrec.api.Explanation;
import io.whyrec.api.FacetAttribution;
import io.whyrec.api.Fidelity;
import io.whyrec.api.ItemInfo;
import io.whyrec.explain.narrate.Facts;
import io.whyrec.explain.narrate.GroundedNarrator;
import io.whyrec.explain.narrate.GroundingGate;
import io.whyrec.explain.narrate.Narration;
import io.whyrec.explain.narrate.NarratorConfig;
import io.whyrec.explain.narrate.SummaryFacts;
import io.whyrec.explain.narrate.TemplateNarrator;
import io.whyrec.explain.narrate.Vocabulary;
import io.whyrec.explain.text.ExplanationText;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The GGUF path end to end with a model file the test writes itself ({@link TinyGguf}: one block, random
 * weights): {@code --narrator gguf} finds the backend through ServiceLoader, llama.cpp loads the file, the
 * prompt goes through its chat template, the generation is bounded by the token limit and the deadline, and the
 * gate rejects the noise it writes, so the template answers and the rejection is counted. Skips, with the
 * loader's error, where llama.cpp's native library cannot run.
 */
class GgufNarratorTest {

    static final String[] TITLES = {"Alien (1979)", "Aliens (1986)", "Toy Story (1995)", "Blade Runner (1982)"};
    static final List<List<String>> FACETS = List.of(List.of("Sci-Fi", "Horror"), List.of("Sci-Fi", "Action"),
            List.of("Animation", "Comedy"), List.of("Sci-Fi", "Film-Noir"));
    static final ItemInfo INFO = new ItemInfo() {
        @Override
        public String title(int item) {
            return TITLES[item];
        }

        @Override
        public List<String> facets(int item) {
            return FACETS.get(item);
        }
    };
    static final Vocabulary VOCABULARY = Vocabulary.of(INFO, TITLES.length);

    @TempDir
    static Path dir;
    static Path model;

    @BeforeAll
    static void writeModel() throws Exception {
        try {
            Class.forName("de.kherud.llama.LlamaModel", true, GgufNarratorTest.class.getClassLoader());
        } catch (LinkageError e) {
            Assumptions.assumeTrue(false, "llama.cpp's native library does not load here ("
                    + System.getProperty("os.name") + " " + System.getProperty("os.arch") + "): " + e);
        }
        model = TinyGguf.write(dir.resolve("tiny.gguf"), 20261203L);
    }

    static Explanation explanation() {
        List<EventAttribution> events = List.of(new EventAttribution(0, 0, 100, 1, 0.41),
                new EventAttribution(1, 1, 200, 1, 0.23), new EventAttribution(2, 2, 300, 1, 0.06));
        List<FacetAttribution> facets = List.of(new FacetAttribution("Sci-Fi", 0.32 / 0.70, 0.32));
        Counterfactual cf = new Counterfactual(10, List.of(0, 1), List.of(0, 1), 3, 14, List.of(), true);
        return new Explanation(7, 3, 3, 0.70, 0, "exact", events, facets, cf, Fidelity.none(), "");
    }

    static SummaryFacts summaryFacts() {
        return new SummaryFacts("Mostly Sci-Fi and Action (70% of your weighted activity), from the 1980s.",
                List.of(new SummaryFacts.Facet("Sci-Fi", 0.45, List.of("Alien (1979)")),
                        new SummaryFacts.Facet("Action", 0.25, List.of("Aliens (1986)"))), 2, 0.70, 1980, null,
                List.of());
    }

    @Test
    void theTinyModelLoadsWritesBoundedSeededTextAndTheGateRejectsIt() throws Exception {
        Explanation x = explanation();
        try (GgufNarrator raw = new GgufNarrator(model, Duration.ofSeconds(30), 16, 0.2)) {
            assertEquals("gguf:tiny.gguf", raw.name());
            String first = raw.narrate(Facts.of(x, INFO), Locale.ENGLISH);
            assertFalse(first.isBlank());
            // 16 tokens of this vocabulary are at most 8 UTF-8 bytes each (" watched", or U+FFFD for a lone byte)
            assertTrue(first.getBytes(StandardCharsets.UTF_8).length <= 16 * 8, first);
            assertEquals(first, raw.narrate(Facts.of(x, INFO), Locale.ENGLISH), "the seed fixes the sampling");
            assertFalse(new GroundingGate(VOCABULARY).check(first, Facts.of(x, INFO)).grounded(),
                    "random weights write noise, which the gate refuses: " + first);
        }

        GroundedNarrator narrator = GroundedNarrator.of(NarratorConfig.gguf(model.toString()));
        assertEquals("gguf:tiny.gguf", narrator.name());
        for (Locale locale : List.of(Locale.ENGLISH, Locale.SIMPLIFIED_CHINESE)) {
            Narration n = narrator.narrate(x, INFO, locale, VOCABULARY);
            String template = ExplanationText.forLanguage(locale.getLanguage(), INFO).render(x);
            assertEquals(template, n.text());
            assertEquals(TemplateNarrator.NAME, n.narrator());
            assertEquals("gguf:tiny.gguf", n.requested());
            assertFalse(n.rejections().isEmpty());
            assertFalse(n.rejections().get(0).startsWith("backend_error"), "the model answered and the gate judged "
                    + "it: " + n.rejections());
        }
        Narration summary = narrator.summarize(summaryFacts(), Locale.ENGLISH, VOCABULARY);
        assertEquals(summaryFacts().template(), summary.text());
        assertTrue(summary.fellBack());
        assertEquals(3, narrator.calls());
        assertEquals(0, narrator.accepted());
        assertEquals(3, narrator.rejections().values().stream().mapToLong(Long::longValue).sum());
        assertFalse(narrator.rejections().containsKey(GroundingGate.Kind.BACKEND_ERROR), narrator.summary());
    }

    @Test
    void aGenerationPastItsDeadlineIsCancelledAndTheTemplateAnswers() {
        GroundedNarrator narrator = GroundedNarrator.of(NarratorConfig.gguf(model.toString())
                .withTimeout(Duration.ofNanos(1)));
        Narration n = narrator.narrate(explanation(), INFO, Locale.ENGLISH, VOCABULARY);
        assertEquals(ExplanationText.forLanguage("en", INFO).render(explanation()), n.text());
        assertTrue(n.rejections().get(0).startsWith("backend_error: gguf:tiny.gguf: no answer within 0 ms"),
                n.rejections().toString());
        assertEquals(1L, narrator.rejections().get(GroundingGate.Kind.BACKEND_ERROR));
    }

    @Test
    void aMissingOrForeignFileIsNamed() throws Exception {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> NarratorConfig.gguf(dir.resolve("none.gguf").toString()).create());
        assertTrue(e.getMessage().contains("none.gguf: no such file"), e.getMessage());
        Path text = Files.writeString(dir.resolve("notes.gguf"), "not a model");
        e = assertThrows(IllegalArgumentException.class, () -> NarratorConfig.gguf(text.toString()).create());
        assertTrue(e.getMessage().contains("notes.gguf: not a GGUF file"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> new NarratorConfig("gguf", null, null, " ", null, Duration.ofSeconds(1), 160, 0.2));
        assertTrue(e.getMessage().contains("--narrator gguf needs --narrator-model-path FILE.gguf"), e.getMessage());
        // a GGUF header with nothing after it: llama.cpp refuses it, and the error names the file
        Path truncated = Files.write(dir.resolve("truncated.gguf"), "GGUF\3\0\0\0".getBytes(StandardCharsets.US_ASCII));
        e = assertThrows(IllegalArgumentException.class, () -> NarratorConfig.gguf(truncated.toString()).create());
        assertTrue(e.getMessage().contains("truncated.gguf: llama.cpp could not load it"), e.getMessage());
    }
}
