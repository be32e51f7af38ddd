package io.whyrec.cli;

import io.whyrec.api.History;
import io.whyrec.api.Recommender;
import io.whyrec.api.ScoredItem;
import io.whyrec.core.data.Dataset;
import io.whyrec.core.files.ModelFiles;
import io.whyrec.core.model.ModelHistories;
import io.whyrec.core.model.Models;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.BitSet;
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
 * {@code whyrec recommend}: the top-K items for a user by full ranking, excluding the items the user already has.
 * Uses the saved model ({@code --model-file}, or {@code DIR/models/NAME.model}); when none was trained yet, the
 * model is fitted with its defaults first (and a note says so). Several users may be given at once; the model is then
 * loaded once and their lists follow in the order given (as a JSON array with {@code --json}). Errors: unknown user, corrupt or incompatible
 * model file.
 */
@Command(name = "recommend", mixinStandardHelpOptions = true,
        description = "Recommend the top-K items for a user.",
        footer = {"", "Examples:",
                "  whyrec recommend --data-dir ml100k --model ease --user 1 --k 10",
                "  whyrec recommend --data-dir ml100k --model-file ease.model --user 1 --json",
                "  whyrec recommend --data-dir ml100k --model ease --user 1,2,3 --json"})
final class RecommendCommand implements Callable<Integer> {

    @Mixin
    DataOptions data;

    @Option(names = "--model", defaultValue = "ease", description = "Model name (default: ${DEFAULT-VALUE}).")
    String model;

    @Option(names = "--model-file", paramLabel = "FILE", description = "A saved model file.")
    Path modelFile;

    @Option(names = "--user", required = true, split = ",", paramLabel = "USER[,USER...]",
            description = "External user id; several, comma-separated, are ranked with one model load (with --json,"
                    + " an array of their objects).")
    List<String> users;

    @Option(names = "--k", defaultValue = "10", description = "How many items (default: ${DEFAULT-VALUE}).")
    int k;

    @Option(names = "--json", description = "Print JSON (stable keys).")
    boolean json;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        Dataset train = data.load(spec.commandLine().getErr()).trainingData();
        int[] index = users.stream().mapToInt(u -> data.requireUser(train, u)).toArray();
        Recommender rec = loadOrFit(train);
        List<Map<String, Object>> lists = new java.util.ArrayList<>();
        for (int n = 0; n < index.length; n++) {
            List<ScoredItem> top = recommend(rec, train, index[n], k);
            if (json) {
                Map<String, Object> out = new LinkedHashMap<>();
                out.put("user", users.get(n));
                out.put("model", rec.name());
                out.put("params", rec.params());
                out.put("items", top.stream().map(s -> itemJson(train, s, top.indexOf(s) + 1)).toList());
                lists.add(out);
            } else {
                spec.commandLine().getOut().print(render(rec, train, users.get(n), top));
            }
        }
        if (json) {
            spec.commandLine().getOut().println(Json.write(lists.size() == 1 ? lists.get(0) : lists));
        }
        return 0;
    }

    private Recommender loadOrFit(Dataset train) throws java.io.IOException {
        Path file = modelFile != null ? modelFile : TrainCommand.modelFile(data, model);
        if (Files.exists(file)) {
            ModelFiles.ModelFile loaded = Models.read(file);
            loaded.requireItems(file, train.items().ids());
            return loaded.model();
        }
        if (modelFile != null) {
            throw new IllegalArgumentException("model file " + file + " does not exist");
        }
        spec.commandLine().getErr().println("note: no trained model at " + file + "; fitting " + model
                + " with its defaults");
        return TrainCommand.fitDefaults(Models.require(model), train);
    }

    /**
     * Full-ranking top-K for a user of the training data, excluding the user's items; equal scores are ordered by
     * popularity (events per item), then by item index, the rule of the server's lists.
     */
    static List<ScoredItem> recommend(Recommender rec, Dataset train, int user, int k) {
        History history = ModelHistories.of(rec, train, user);
        BitSet seen = train.itemSetOf(user);
        double[] scores = new double[rec.numItems()];
        rec.score(history, scores);
        int[] counts = train.itemCounts();
        long[] popularity = new long[scores.length];
        for (int i = 0; i < Math.min(counts.length, popularity.length); i++) {
            popularity[i] = counts[i];
        }
        return Recommender.topK(scores, k, seen::get, popularity);
    }

    static Map<String, Object> itemJson(Dataset data, ScoredItem s, int rank) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("rank", rank);
        m.put("item", data.items().id(s.item()));
        m.put("title", data.catalog().title(s.item()));
        m.put("score", s.score());
        m.put("tags", data.catalog().item(s.item()).tags());
        return m;
    }

    /** A readable top-K list. */
    static String render(Recommender rec, Dataset data, String user, List<ScoredItem> top) {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format("Top-%d for user %s (%s):%n", top.size(), user, rec.name()));
        int rank = 1;
        for (ScoredItem s : top) {
            var item = data.catalog().item(s.item());
            sb.append(String.format("%3d. %-50s %8.4f  %s%n", rank++, clip(item.title(), 50), s.score(),
                    String.join("|", item.tags().subList(0, Math.min(3, item.tags().size())))));
        }
        return sb.toString();
    }

    private static String clip(String s, int n) {
        return s.length() <= n ? s : s.substring(0, n - 3) + "...";
    }
}
