package io.whyrec.cli;

import io.whyrec.core.model.ModelSpec;
import io.whyrec.core.model.Models;
import io.whyrec.eval.protocol.EvalSettings;
import io.whyrec.eval.protocol.EvaluationProtocol;
import io.whyrec.eval.protocol.ProtocolSpec;
import io.whyrec.server.feedback.SatisfactionReport;
import io.whyrec.server.live.ServingConfig;
import io.whyrec.server.store.Database;
import io.whyrec.server.store.Store;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code whyrec disclose --data-dir DIR --lang en|zh --format md|html [--out FILE]}: the algorithm disclosure
 * report ({@link DisclosureReport}) of the configuration {@code whyrec serve} runs with (its served models and
 * default model, the history weighting given with {@code --weighting}), with accuracy and explanation-fidelity
 * figures from an evaluation it runs itself on the data directory ({@code whyrec evaluate} saves none): each
 * served model with its defaults on the given split (or {@code random:0.8} with the seed), and the default model's
 * explanations of the top-K of {@code --explain-users} sampled users. Written to {@code --out} or to standard
 * output. Errors: an unknown language, format or model, a data directory without imported data.
 */
@Command(name = "disclose", mixinStandardHelpOptions = true,
        description = "Write the algorithm disclosure report (principles, models, accuracy and fidelity with "
                + "intervals, data, retention, user controls) in English or Chinese, as Markdown or HTML.",
        footer = {"", "Examples:",
                "  whyrec disclose --data-dir ml100k --lang en --format md",
                "  whyrec disclose --data-dir ml100k --lang zh --format html --out disclosure-zh.html"})
final class DiscloseCommand implements Callable<Integer> {

    @Option(names = "--data-dir", paramLabel = "DIR", required = true,
            description = "Data directory written by 'whyrec import'.")
    Path dataDir;

    @Mixin
    LangOption langOption;

    @Mixin
    EncryptionKeyOption encryptionKey;

    @Option(names = "--format", defaultValue = "md", description = "md or html (default: ${DEFAULT-VALUE}).")
    String format;

    @Option(names = "--out", paramLabel = "FILE", description = "Write the report here (default: standard output).")
    Path out;

    @Option(names = "--models", split = ",", paramLabel = "LIST",
            description = "The served models, as for serve (default: ease,itemknn,profile,pop).")
    List<String> models;

    @Option(names = {"--default-model", "--model"}, paramLabel = "NAME", defaultValue = ServingConfig.DEFAULT_MODEL,
            description = "The model that ranks lists when a request names none (default: ${DEFAULT-VALUE}).")
    String defaultModel;

    @Mixin
    WeightingOptions weightingOptions;

    @Option(names = "--protocol", paramLabel = "SPEC",
            description = "Evaluation protocol, as for evaluate: given | random:0.8 | temporal:TIMESTAMP | loo "
                    + "(default: given when the import has a test part, else random:0.8).")
    String protocol;

    @Option(names = "--k", defaultValue = "10", description = "List length evaluated (default: ${DEFAULT-VALUE}).")
    int k;

    @Option(names = "--seed", defaultValue = "42", description = "Seed of the split, bootstrap and sampled users "
            + "(default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--explain-users", defaultValue = "50", paramLabel = "N",
            description = "Users whose top-K explanations are measured (default: ${DEFAULT-VALUE}).")
    int explainUsers;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        String lang = langOption.get();
        if (!format.equals("md") && !format.equals("html")) {
            throw new IllegalArgumentException("--format must be md or html, got '" + format + "'");
        }
        if (k < 1 || explainUsers < 1) {
            throw new IllegalArgumentException("--k and --explain-users must be >= 1, got " + k + " and "
                    + explainUsers);
        }
        List<String> served = new ArrayList<>(models == null ? ServingConfig.DEFAULT_MODELS : models);
        if (!served.contains(defaultModel)) {
            throw new IllegalArgumentException("--default-model " + defaultModel + " is not among --models "
                    + String.join(",", served));
        }
        List<ModelSpec<?>> specs = new ArrayList<>();
        for (String m : served) {
            specs.add(Models.require(m));
        }
        DataOptions data = new DataOptions();
        data.dataDir = dataDir;
        DataOptions.Loaded loaded = data.load(spec.commandLine().getErr());
        ProtocolSpec ps = ProtocolSpec.parse(protocol, loaded.given() != null, seed);
        EvaluationProtocol run = ps.build(loaded.trainingData(), loaded.given(), k, EvalSettings.defaults());
        long events = loaded.trainingData().numEvents()
                + (loaded.given() == null ? 0 : loaded.given().test().numEvents());
        DisclosureReport report = DisclosureReport.build(lang, new DisclosureReport.Inputs(run, events, ps.text(), specs,
                defaultModel, weightingOptions.weighting(), ServingConfig.DEFAULT.refitSeconds(), k, seed,
                explainUsers, satisfaction(dataDir, encryptionKey.keys())), io.whyrec.api.Progress.NONE);
        String text = format.equals("md") ? report.markdown() : report.html();
        if (out != null) {
            io.whyrec.core.files.AtomicFiles.write(out, text.getBytes(StandardCharsets.UTF_8));
            spec.commandLine().getErr().println("wrote " + out);
        } else {
            spec.commandLine().getOut().print(text);
        }
        return 0;
    }

    /**
     * The satisfaction figures from the explanation feedback the server stored in the data directory's
     * {@value Database#SQLITE_FILE} (opened with the store's encryption key when it is encrypted at rest), or null
     * when the directory has no store (nothing was ever served).
     */
    static SatisfactionReport satisfaction(Path dataDir, io.whyrec.server.crypto.KeyProvider keys) {
        if (!Files.exists(dataDir.resolve(Database.SQLITE_FILE))) {
            return null;
        }
        try (Database db = Database.openSqlite(dataDir)) {
            return SatisfactionReport.of(new Store(db, keys).loadFeedback());
        }
    }

}
