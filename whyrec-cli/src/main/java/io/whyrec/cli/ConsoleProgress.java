package io.whyrec.cli;

import io.whyrec.api.Progress;
import java.io.PrintWriter;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * Renders {@link Progress} on standard error: a progress bar when standard error is a terminal, plain
 * "task: done/total (pct%)" lines at most every two seconds otherwise (the progress bar library would print ANSI
 * codes into a log file). Not thread-safe across tasks; one task at a time, as the commands use it.
 */
final class ConsoleProgress implements Progress, AutoCloseable {

    private final PrintWriter err;
    private final boolean terminal;
    private final boolean quiet;
    private String task;
    private ProgressBar bar;
    private long lastPlainLine;

    ConsoleProgress(PrintWriter err, boolean quiet) {
        this.err = err;
        this.quiet = quiet;
        this.terminal = System.console() != null && System.getenv("TERM") != null
                && !"dumb".equals(System.getenv("TERM"));
    }

    /** Whether standard error is a terminal (progress bars) rather than a file or pipe (plain lines). */
    boolean terminal() {
        return terminal;
    }

    @Override
    public synchronized void update(String name, long done, long total) {
        if (quiet) {
            return;
        }
        if (!name.equals(task)) {
            finishTask();
            task = name;
            lastPlainLine = 0;
            if (terminal) {
                bar = new ProgressBarBuilder().setTaskName(name).setInitialMax(Math.max(total, 1))
                        .setStyle(ProgressBarStyle.ASCII).setConsumer(new ConsoleProgressBarConsumer(System.err))
                        .setUpdateIntervalMillis(200).build();
            }
        }
        if (bar != null) {
            if (total > 0) {
                bar.maxHint(total);
            }
            bar.stepTo(done);
            if (total > 0 && done >= total) {
                finishTask();
            }
            return;
        }
        long now = System.nanoTime();
        boolean finished = total > 0 && done >= total;
        if (finished || now - lastPlainLine > 2_000_000_000L) {
            lastPlainLine = now;
            if (total > 0) {
                err.printf("%s: %d/%d (%d%%)%n", name, done, total, Math.round(100.0 * done / total));
            } else {
                err.printf("%s: %d%n", name, done);
            }
            err.flush();
            if (finished) {
                task = null;
            }
        }
    }

    private void finishTask() {
        if (bar != null) {
            bar.close();
            bar = null;
        }
        task = null;
    }

    @Override
    public synchronized void close() {
        finishTask();
    }
}
