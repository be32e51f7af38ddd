package io.whyrec.server.limits;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The calling thread's kernel task on Linux ({@code /proc/thread-self}), for the settings Java has no call for:
 * its status files and a command run on its task id ({@code renice}, {@code taskset}).
 */
final class ThreadTask {

    /** The calling thread's task directory. */
    static final Path SELF = Path.of("/proc/thread-self");

    private ThreadTask() {
    }

    /**
     * Runs a command with the calling thread's task id appended, its output discarded, waiting at most 10 s.
     *
     * @return whether the command ran and exited with 0
     */
    static boolean run(String... command) {
        try {
            List<String> args = new ArrayList<>(List.of(command));
            args.add(Files.readSymbolicLink(SELF).getFileName().toString());
            Process p = new ProcessBuilder(args).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            if (!p.waitFor(10, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return false;
            }
            return p.exitValue() == 0;
        } catch (IOException | RuntimeException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
