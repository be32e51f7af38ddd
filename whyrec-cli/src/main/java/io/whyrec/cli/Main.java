package io.whyrec.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * Entry point of the {@code whyrec} command. Errors reach the user as one line naming what was wrong and where;
 * the stack trace is printed only with {@code WHYREC_DEBUG=1}.
 */
@Command(name = "whyrec", mixinStandardHelpOptions = true, version = "whyrec 0.1.0",
        description = "Explainable, scrutable recommendations: import data, build interest profiles, "
                + "train and evaluate recommenders.",
        footer = {"", "bin/whyrec spark --train FILE [--test FILE] [--items FILE] [--master URL] --out DIR runs the "
                + "pipeline on Apache Spark (module whyrec-spark, docs/spark.md)."},
        subcommands = {ImportCommand.class, TrainCommand.class, RecommendCommand.class, ProfileCommand.class,
                EvaluateCommand.class, ExplainCommand.class, DemoCommand.class, BenchCommand.class,
                ServeCommand.class, DiscloseCommand.class, AuditCommand.class, TagsCommand.class, ReportCommand.class,
                PseudonymsCommand.class, EncryptionCommand.class, CommandLine.HelpCommand.class})
public final class Main {

    /** Exit code for failed work or bad input data. */
    static final int EXIT_FAILURE = 1;

    private Main() {
    }

    /** Runs the command line and exits with its code. */
    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs the command line and returns the exit code (used by tests). */
    public static int run(String... args) {
        CommandLine cli = new CommandLine(new Main());
        cli.setExecutionExceptionHandler((ex, commandLine, parseResult) -> {
            String message = ex.getMessage() == null ? ex.toString() : ex.getMessage();
            commandLine.getErr().println("whyrec " + commandLine.getCommandName() + ": error: " + message);
            if ("1".equals(System.getenv("WHYREC_DEBUG"))) {
                ex.printStackTrace(commandLine.getErr());
            }
            return EXIT_FAILURE;
        });
        try {
            return cli.execute(args);
        } finally {
            // the writers autoflush only on println; a command that ends with print() must still be seen
            cli.getOut().flush();
            cli.getErr().flush();
        }
    }
}
