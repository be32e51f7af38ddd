package io.whyrec.cli;

import io.whyrec.server.privacy.AuditLog;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code whyrec audit verify --data-dir DIR}: checks the hash chain of the server's audit log
 * ({@code DIR/audit.log}) and prints either how many records it holds, intact (exit 0), or the first broken line
 * and what is wrong with it (exit 1).
 */
@Command(name = "audit", mixinStandardHelpOptions = true,
        description = "Check the server's hash-chained audit log (token issues, erasures, admin actions).",
        subcommands = {AuditCommand.Verify.class})
final class AuditCommand {

    /** {@code whyrec audit verify}: the chain check. */
    @Command(name = "verify", mixinStandardHelpOptions = true,
            description = "Verify the hash chain of DIR/audit.log and name the first broken line.",
            footer = {"", "Example:", "  whyrec audit verify --data-dir ml100k"})
    static final class Verify implements Callable<Integer> {

        @Option(names = "--data-dir", paramLabel = "DIR", defaultValue = "whyrec-data",
                description = "Data directory of the server (default: ${DEFAULT-VALUE}).")
        Path dataDir;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            Path file = dataDir.resolve(AuditLog.FILE);
            AuditLog.Verification v = AuditLog.verify(file);
            PrintWriter out = spec.commandLine().getOut();
            if (v.intact()) {
                out.println(file + ": " + v.message());
                return 0;
            }
            spec.commandLine().getErr().println("whyrec audit verify: " + file + ": broken at line " + v.brokenLine()
                    + ": " + v.message() + " (" + v.records() + " records before it check out)");
            return Main.EXIT_FAILURE;
        }
    }
}
