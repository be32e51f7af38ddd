package io.whyrec.api;

/**
 * Receives progress of long work (training, importing, evaluating). The command line renders it as a progress
 * bar on a terminal and as plain lines otherwise; library callers may pass {@link #NONE}.
 */
public interface Progress {

    /** Discards all progress. */
    Progress NONE = (task, done, total) -> { };

    /**
     * Reports that {@code done} of {@code total} units of a task are finished.
     *
     * @param task  short human-readable task name, stable while the task runs
     * @param done  units finished so far
     * @param total total units, or -1 when unknown
     */
    void update(String task, long done, long total);
}
