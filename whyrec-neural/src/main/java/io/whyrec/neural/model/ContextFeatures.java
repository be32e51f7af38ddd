package io.whyrec.neural.model;

/**
 * The time-of-event features of {@link SasRecConfig#context()}: the hour of day (0..23) and the weekday
 * (0 = Monday .. 6 = Sunday) of a timestamp in seconds since the Unix epoch, both in UTC. 1970-01-01 was a
 * Thursday, so day d (days since the epoch) is weekday {@code (d + 3) mod 7}.
 */
public final class ContextFeatures {

    /** Rows of the hour-of-day embedding. */
    public static final int HOURS = 24;
    /** Rows of the weekday embedding. */
    public static final int WEEKDAYS = 7;

    private ContextFeatures() {
    }

    /** Hour of day, 0..23, UTC. */
    public static int hour(long epochSeconds) {
        return (int) Math.floorMod(Math.floorDiv(epochSeconds, 3600L), 24L);
    }

    /** Weekday, 0 = Monday .. 6 = Sunday, UTC. */
    public static int weekday(long epochSeconds) {
        return (int) Math.floorMod(Math.floorDiv(epochSeconds, 86400L) + 3L, 7L);
    }
}
