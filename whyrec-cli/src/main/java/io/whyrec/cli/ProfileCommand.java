package io.whyrec.cli;

import io.whyrec.core.data.Dataset;
import io.whyrec.core.profile.EventWeighting;
import io.whyrec.core.profile.HistoryBuilder;
import io.whyrec.core.profile.InterestProfile;
import io.whyrec.core.profile.InterestProfiler;
import io.whyrec.core.model.CatalogItemInfo;
import io.whyrec.core.profile.InterestSummary;
import io.whyrec.explain.narrate.GroundedNarrator;
import io.whyrec.explain.narrate.Narration;
import io.whyrec.explain.narrate.Vocabulary;
import io.whyrec.server.live.Lang;
import io.whyrec.server.live.ProfileSummary;
import io.whyrec.server.api.Views;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code whyrec profile}: prints a user's interest profile: a one-sentence summary ({@link InterestSummary}, in
 * English or Chinese; with {@code --narrator} the narrator's behind its grounding gate, {@link ProfileSummary}), the
 * facets with their share of the user's weighted activity, and under each the events that built it with every term
 * of w_t. Errors: an unknown user id, a bad narrator option.
 */
@Command(name = "profile", mixinStandardHelpOptions = true,
        description = "Show a user's interest profile and the evidence behind each facet.",
        footer = {"", "Examples:",
                "  whyrec profile --data-dir ml100k --user 1",
                "  whyrec profile --format ml100k --train ../shared/data/ml-100k/u.data --user 42 --json",
                "  whyrec profile --data-dir ml100k --user 1 --weighting alpha=0,beta=1,halfLifeDays=30",
                "  WHYREC_NARRATOR_API_KEY=... whyrec profile --data-dir ml100k --user 1 --narrator openai "
                        + "--narrator-url http://127.0.0.1:8000/v1 --narrator-model qwen2.5-7b-instruct"})
final class ProfileCommand implements Callable<Integer> {

    @Mixin
    DataOptions data;

    @Mixin
    WeightingOptions weightingOptions;

    @Option(names = "--user", required = true, paramLabel = "USER", description = "External user id.")
    String user;

    @Option(names = "--top", defaultValue = "8", description = "Facets to show (default: ${DEFAULT-VALUE}).")
    int top;

    @Option(names = "--evidence", defaultValue = "3", description = "Evidence events per facet (default: ${DEFAULT-VALUE}).")
    int evidence;

    @Option(names = "--json", description = "Print JSON (stable keys) instead of text.")
    boolean json;

    @Mixin
    LangOption langOption;

    @Mixin
    NarratorOptions narratorOptions;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        narratorOptions.config(); // a bad narrator option fails before the data is loaded
        Dataset train = data.load(spec.commandLine().getErr()).trainingData();
        int u = data.requireUser(train, user);
        EventWeighting weighting = weightingOptions.weighting();
        InterestProfile profile = new InterestProfiler(train.catalog())
                .profile(HistoryBuilder.build(train, u, weighting));
        GroundedNarrator narrator = narratorOptions.create();
        ProfileSummary shown = ProfileSummary.of(profile, Lang.parse(langOption.get()), narrator,
                narrator.isTemplate() ? null : Vocabulary.of(new CatalogItemInfo(train.catalog()), train.numItems()));
        InterestSummary summary = shown.summary();
        if (json) {
            Map<String, Object> out = toJson(train, user, weighting, profile);
            out.put("summary", Views.summary(shown));
            spec.commandLine().getOut().println(Json.write(out));
        } else {
            if (!summary.text().isEmpty()) {
                spec.commandLine().getOut().println(summary.text());
            }
            Narration n = shown.narration();
            if (n != null) {
                spec.commandLine().getOut().println(n.fellBack()
                        ? "  (template: the " + n.requested() + " narrator's summary was rejected: "
                                + String.join("; ", n.rejections()) + ")"
                        : "  (written by " + n.narrator() + ", grounded)");
            }
            spec.commandLine().getOut().print(profile.toText("user " + user, top, evidence));
        }
        return 0;
    }

    /** The profile as a JSON-ready map with stable keys. */
    static Map<String, Object> toJson(Dataset data, String user, EventWeighting weighting, InterestProfile profile) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("user", user);
        out.put("weighting", weighting.describe());
        out.put("events", profile.numEvents());
        out.put("activity", profile.activity());
        List<Map<String, Object>> facets = profile.facets().stream().map(f -> {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("facet", f.name());
            m.put("share", f.share());
            m.put("weight", f.weight());
            m.put("evidence", f.evidence().stream().map(e -> evidenceJson(data, e)).toList());
            return m;
        }).toList();
        out.put("facets", facets);
        return out;
    }

    /** One evidence event with every term of its weight, with stable keys (shared with {@code explain --facet}). */
    static Map<String, Object> evidenceJson(Dataset data, InterestProfile.Evidence e) {
        Map<String, Object> ev = new LinkedHashMap<>();
        ev.put("item", data.items().id(e.item()));
        ev.put("title", e.title());
        ev.put("timestamp", e.timestamp());
        ev.put("f", e.frequency());
        ev.put("h", e.heat());
        ev.put("decay", e.decay());
        ev.put("w", e.weight());
        ev.put("contribution", e.contribution());
        return ev;
    }
}
