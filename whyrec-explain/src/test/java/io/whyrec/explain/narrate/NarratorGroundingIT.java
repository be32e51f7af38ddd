package io.whyrec.explain.narrate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.whyrec.api.Explanation;
import io.whyrec.api.ItemInfo;
import io.whyrec.explain.testing.Ml100kExplanations;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The grounding gate on real explanations: MovieLens 100K (ua.base, EASE lambda 400, exact attributions with a
 * counterfactual), the top-5 of the first 300 users (override with {@code -Dwhyrec.narrator.users=N}), in
 * English and Chinese. For each explanation the loopback {@link OpenAiStub} and {@link OllamaStub} replay answers
 * written from its facts ({@link PlantedAnswers}): two faithful ones and one per plantable violation; each goes
 * through langchain4j's OpenAI client and its Ollama client, and the gate. The gate must reject every planted violation and no faithful answer.
 * It prints the counts and the report figures per backend (template; per stub protocol, faithful and hallucinated):
 * grounding rate, feature-match ratio (share of sentences shown that name the explanation's top facet, over the
 * explanations that have one), unique-sentence ratio and latency p50/p99. Skipped when the data is absent.
 */
class NarratorGroundingIT {

    @Test
    void rejectsEveryPlantedViolationAndNoFaithfulAnswer() throws Exception {
        Ml100kExplanations ml = Ml100kExplanations.load();
        int maxUsers = Integer.getInteger("whyrec.narrator.users", 300);
        ItemInfo info = ml.info();
        Vocabulary vocabulary = ml.vocabulary();
        PlantedAnswers writer = new PlantedAnswers(vocabulary, 20261202L);
        GroundedNarrator template = GroundedNarrator.of(NarratorConfig.TEMPLATE);
        GroundingGate gate = new GroundingGate(vocabulary);
        NarratorReport templateReport = new NarratorReport("template");
        List<NarratorReport> faithfulReports = List.of(new NarratorReport("openai-stub, faithful answers"),
                new NarratorReport("ollama-stub, faithful answers"));
        List<NarratorReport> plantedReports = List.of(new NarratorReport("openai-stub, hallucinated answers"),
                new NarratorReport("ollama-stub, hallucinated answers"));
        Map<GroundingGate.Kind, int[]> planted = new EnumMap<>(GroundingGate.Kind.class); // {planted, rejected}
        int faithful = 0;
        int faithfulRejected = 0;
        List<String> falseRejections = new ArrayList<>();
        List<String> missed = new ArrayList<>();
        int explanations = 0;
        try (OpenAiStub stub = new OpenAiStub(); OllamaStub ollama = new OllamaStub()) {
            List<GroundedNarrator> narrators = List.of(
                    GroundedNarrator.of(NarratorConfig.openAi(stub.baseUrl(), "stub")),
                    GroundedNarrator.of(NarratorConfig.ollama(ollama.baseUrl(), "stub")));
            List<List<Explanation>> perUser = ml.topExplanations(maxUsers, 5);
            int users = perUser.size();
            for (List<Explanation> xs : perUser) {
                for (Explanation x : xs) {
                    explanations++;
                    for (Locale locale : List.of(Locale.ENGLISH, Locale.SIMPLIFIED_CHINESE)) {
                        Facts facts = Facts.of(x, info);
                        long t0 = System.nanoTime();
                        Narration t = template.narrate(x, info, locale, vocabulary);
                        templateReport.add(facts, t.text(), gate.check(t.text(), facts).grounded(),
                                System.nanoTime() - t0);
                        String prompt = facts.promptFacts(locale);
                        for (String answer : writer.faithful(facts, locale)) {
                            stub.record(prompt, answer);
                            ollama.record(prompt, answer);
                            for (int b = 0; b < narrators.size(); b++) {
                                Narration n = narrators.get(b).narrate(x, info, locale, vocabulary);
                                faithful++;
                                faithfulReports.get(b).add(facts, n.text(), n.grounded(), n.nanos());
                                if (!n.grounded()) {
                                    faithfulRejected++;
                                    falseRejections.add(n.requested() + ": " + answer + " -> " + n.rejections());
                                }
                            }
                        }
                        Map<GroundingGate.Kind, String> bad = new EnumMap<>(writer.planted(facts, locale));
                        List<Map.Entry<GroundingGate.Kind, String>> cases = new ArrayList<>(bad.entrySet());
                        String rank = writer.wrongRank(facts, locale);
                        if (rank != null) {
                            cases.add(Map.entry(GroundingGate.Kind.WRONG_NUMBER, rank));
                        }
                        for (Map.Entry<GroundingGate.Kind, String> c : cases) {
                            stub.record(prompt, c.getValue());
                            ollama.record(prompt, c.getValue());
                            for (int b = 0; b < narrators.size(); b++) {
                                Narration n = narrators.get(b).narrate(x, info, locale, vocabulary);
                                plantedReports.get(b).add(facts, n.text(), n.grounded(), n.nanos());
                                int[] counts = planted.computeIfAbsent(c.getKey(), k -> new int[2]);
                                counts[0]++;
                                if (!n.grounded() && n.rejections().stream().anyMatch(
                                        s -> s.startsWith(c.getKey().name().toLowerCase(Locale.ROOT)))) {
                                    counts[1]++;
                                } else {
                                    missed.add(c.getKey() + ": " + c.getValue() + " -> " + n.rejections());
                                }
                            }
                        }
                    }
                }
            }
            System.out.println("NarratorGroundingIT: " + users + " users, " + explanations
                    + " explanations (top-5, EASE lambda 400, exact + counterfactual), en and zh; "
                    + stub.requests() + " requests to the OpenAI-compatible stub, " + ollama.requests()
                    + " to the Ollama stub");
            for (GroundedNarrator narrator : narrators) {
                System.out.println("  " + narrator.summary());
            }
            assertEquals(stub.requests(), ollama.requests());
        }
        int plantedTotal = 0;
        int rejectedTotal = 0;
        for (Map.Entry<GroundingGate.Kind, int[]> e : planted.entrySet()) {
            System.out.printf(Locale.ROOT, "  planted %-24s %6d, rejected for that reason %6d (%.1f%%)%n",
                    e.getKey(), e.getValue()[0], e.getValue()[1], 100.0 * e.getValue()[1] / e.getValue()[0]);
            plantedTotal += e.getValue()[0];
            rejectedTotal += e.getValue()[1];
        }
        System.out.printf(Locale.ROOT, "  planted violations rejected: %d of %d (%.1f%%); faithful answers rejected: "
                + "%d of %d (%.1f%%)%n", rejectedTotal, plantedTotal, 100.0 * rejectedTotal / plantedTotal,
                faithfulRejected, faithful, 100.0 * faithfulRejected / faithful);
        System.out.println("  " + NarratorReport.header());
        List<NarratorReport> reports = new ArrayList<>(List.of(templateReport));
        for (int b = 0; b < faithfulReports.size(); b++) {
            reports.add(faithfulReports.get(b));
            reports.add(plantedReports.get(b));
        }
        for (NarratorReport r : reports) {
            System.out.println("  " + r.row());
        }
        assertTrue(falseRejections.isEmpty(), falseRejections.size() + " faithful answers rejected, e.g. "
                + falseRejections.subList(0, Math.min(5, falseRejections.size())));
        assertTrue(missed.isEmpty(), missed.size() + " planted violations not caught, e.g. "
                + missed.subList(0, Math.min(5, missed.size())));
        assertEquals(plantedTotal, rejectedTotal);
        assertTrue(plantedTotal > 2 * 5 * explanations, "most explanations take most kinds of violation");
        assertEquals(1.0, templateReport.groundingRate(), 0.0, "every template sentence passes the gate");
    }
}
