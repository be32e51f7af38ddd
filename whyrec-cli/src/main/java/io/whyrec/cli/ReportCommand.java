package io.whyrec.cli;

import io.whyrec.server.feedback.SatisfactionReport;
import io.whyrec.server.store.Database;
import io.whyrec.server.store.Store;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code whyrec report satisfaction --data-dir DIR [--jdbc-url URL] [--json]}: the satisfaction report over the
 * explanation feedback the server stored ({@link SatisfactionReport}: the helpful rate with its 95% Wilson
 * interval overall and per model, method, narrator, language and arm, and each two arms compared with Newcombe's
 * 95% interval of the difference), read from the store {@code whyrec serve} writes (SQLite under the data
 * directory, or the database of {@code --jdbc-url}, with {@code WHYREC_JDBC_USER} and
 * {@code WHYREC_JDBC_PASSWORD}). The same figures as {@code GET /v1/admin/satisfaction}. Errors: a data directory
 * without a store.
 */
@Command(name = "report", mixinStandardHelpOptions = true,
        description = "Reports over what the server stored.",
        subcommands = {ReportCommand.Satisfaction.class})
final class ReportCommand {

    /** {@code whyrec report satisfaction}: helpful rates of the explanations, per group and per A/B arm. */
    @Command(name = "satisfaction", mixinStandardHelpOptions = true,
            description = "Helpful rate of the explanations (users' feedback) per model, method, narrator, language "
                    + "and A/B arm, with 95% Wilson intervals; arms compared with Newcombe's 95% interval.",
            footer = {"", "Example:", "  whyrec report satisfaction --data-dir ml100k --json"})
    static final class Satisfaction implements Callable<Integer> {

        @Option(names = "--data-dir", paramLabel = "DIR", defaultValue = "whyrec-data",
                description = "Data directory of the server (default: ${DEFAULT-VALUE}).")
        Path dataDir;

        @Option(names = "--jdbc-url", paramLabel = "URL",
                description = "Read this database (e.g. PostgreSQL) instead of SQLite under the data directory.")
        String jdbcUrl;

        @picocli.CommandLine.Mixin
        EncryptionKeyOption encryptionKey;

        @Option(names = "--json", description = "Print the report as JSON (the shape of GET /v1/admin/satisfaction).")
        boolean json;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            if (jdbcUrl == null && !Files.exists(dataDir.resolve(Database.SQLITE_FILE))) {
                throw new IllegalArgumentException("--data-dir " + dataDir + ": no store " + Database.SQLITE_FILE
                        + " there (it is written by 'whyrec serve')");
            }
            SatisfactionReport report;
            try (Database db = jdbcUrl == null ? Database.openSqlite(dataDir)
                    : Database.open(jdbcUrl, System.getenv("WHYREC_JDBC_USER"), System.getenv("WHYREC_JDBC_PASSWORD"))) {
                report = SatisfactionReport.of(new Store(db, encryptionKey.keys()).loadFeedback());
            }
            PrintWriter out = spec.commandLine().getOut();
            out.print(json ? Json.write(report.toJson()) + System.lineSeparator() : report.text());
            out.flush();
            return 0;
        }
    }
}
