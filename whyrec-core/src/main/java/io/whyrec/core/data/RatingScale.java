package io.whyrec.core.data;

import java.util.Locale;

/**
 * The declared range of a rating, both ends included: an imported rating outside it is a bad row ("rating out of
 * scale"), so a negative rating or one of 8.7e8 never reaches a profile. The MovieLens formats know theirs
 * ({@link #MOVIELENS_STARS} for 100K and 1M, {@link #MOVIELENS_HALF_STARS} for latest); the generic format checks
 * rows of type {@code rating} against {@link #GENERIC_DEFAULT} unless the request declares another.
 *
 * @param min lowest allowed rating, finite
 * @param max highest allowed rating, finite and at least {@code min}
 */
public record RatingScale(double min, double max) {

    /** ML-100K and ML-1M: whole stars 1 to 5. */
    public static final RatingScale MOVIELENS_STARS = new RatingScale(1, 5);
    /** MovieLens latest and latest-small: half stars 0.5 to 5. */
    public static final RatingScale MOVIELENS_HALF_STARS = new RatingScale(0.5, 5);
    /** Generic rows of type {@code rating}: 0 to 5, the server's default rating heat (value / maxRating 5). */
    public static final RatingScale GENERIC_DEFAULT = new RatingScale(0, 5);

    /** Checks that both ends are finite and in order. */
    public RatingScale {
        if (!Double.isFinite(min) || !Double.isFinite(max) || min > max) {
            throw new IllegalArgumentException("rating scale [" + min + ", " + max
                    + "]: both ends must be finite numbers with min <= max");
        }
    }

    /**
     * Parses {@code MIN..MAX}, e.g. {@code 1..5} or {@code 0.5..5}.
     *
     * @throws IllegalArgumentException naming the option when the text is not of that form
     */
    public static RatingScale parse(String text) {
        int dots = text == null ? -1 : text.indexOf("..");
        if (dots < 0) {
            throw new IllegalArgumentException("--rating-scale: expected MIN..MAX such as 1..5, got '" + text + "'");
        }
        try {
            return new RatingScale(Double.parseDouble(text.substring(0, dots).trim()),
                    Double.parseDouble(text.substring(dots + 2).trim()));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--rating-scale: expected MIN..MAX such as 1..5, got '" + text + "'");
        }
    }

    /** Whether a rating lies in the scale (false for NaN). */
    public boolean contains(double rating) {
        return rating >= min && rating <= max;
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "[%s, %s]", trim(min), trim(max));
    }

    private static String trim(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e15 ? String.valueOf((long) v) : String.valueOf(v);
    }
}
