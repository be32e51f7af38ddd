package io.whyrec.core.data;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Readers for the GroupLens MovieLens files: 100K ({@code u.data}, {@code ua.base}, {@code u.item},
 * {@code u.genre}, {@code u.user}), 1M ({@code ratings.dat}, {@code movies.dat}, {@code users.dat}) and
 * latest-small ({@code movies.csv}, {@code tags.csv}; its {@code ratings.csv} goes through {@link GenericFormat}).
 * The 100K and 1M metadata files are ISO-8859-1; latest-small is UTF-8. Ratings become events of type
 * {@value #RATING} whose value is the rating.
 */
final class MovieLensFormat {

    /** Event type of every MovieLens rating. */
    static final String RATING = "rating";
    /** The prefix of a facet that comes from users' free-text tags rather than the catalogue's genres. */
    public static final String USER_TAG_PREFIX = "#";

    /** The 19 genre names of ML-100K in flag order, used when no {@code u.genre} is found. */
    static final List<String> ML100K_GENRES = List.of("unknown", "Action", "Adventure", "Animation", "Children's",
            "Comedy", "Crime", "Documentary", "Drama", "Fantasy", "Film-Noir", "Horror", "Musical", "Mystery",
            "Romance", "Sci-Fi", "Thriller", "War", "Western");

    /** The marker latest-small uses for a movie without genres; it is not a genre. */
    static final String NO_GENRES = "(no genres listed)";

    private MovieLensFormat() {
    }

    /** Reads ML-100K ratings ({@code user TAB item TAB rating TAB unix_ts}); also ua/ub/u1..u5 base/test. */
    static void readRatings100k(Path file, InteractionCollector c) {
        readRatings(file, c, false);
    }

    /** Reads ML-1M ratings ({@code user::item::rating::unix_ts}). */
    static void readRatings1m(Path file, InteractionCollector c) {
        readRatings(file, c, true);
    }

    private static final String[] RATING_FIELDS = {"user", "item", "rating", "timestamp"};

    private static void readRatings(Path file, InteractionCollector c, boolean colons) {
        int skipped = TextFile.forEachLine(file, StandardCharsets.ISO_8859_1, c.errors, (line, no) -> {
            c.countRead(1);
            String[] f = colons ? Fields.split(line, "::") : Fields.split(line, '\t');
            if (f.length != 4) {
                c.bad(file, no, null, "wrong column count", "expected 4 " + (colons ? "'::'" : "tab")
                        + "-separated fields (user, item, rating, timestamp), found " + f.length);
                return;
            }
            for (int k = 0; k < 2; k++) {
                if (!Fields.isInteger(f[k])) {
                    c.bad(file, no, RATING_FIELDS[k], "not a number", "not an integer id: '" + f[k] + "'");
                    return;
                }
            }
            float rating;
            try {
                rating = Float.parseFloat(f[2]);
            } catch (NumberFormatException e) {
                c.bad(file, no, "rating", "not a number", "not a number: '" + f[2] + "'");
                return;
            }
            if (!Float.isFinite(rating)) {
                c.bad(file, no, "rating", "bad value", "not a finite number: '" + f[2] + "'");
                return;
            }
            long ts;
            try {
                ts = Fields.parseLong(f[3]);
            } catch (IllegalArgumentException e) {
                c.bad(file, no, "timestamp", "not a number", "not integer epoch seconds: " + e.getMessage());
                return;
            }
            if (!c.validIds(file, no, RATING_FIELDS, f[0], f[1])
                    || !c.validValue(file, no, "rating", RATING, rating)) {
                return;
            }
            int u = c.user(f[0], file, no, "user");
            if (u >= 0) {
                c.row(file, no, u, f[1], ts, RATING, rating);
            }
        });
        c.countRead(skipped);
    }

    /** Reads {@code u.genre} ({@code name|index}); the indices must be 0..n-1, each once. */
    static List<String> readGenres(Path file, RowErrors errors) {
        Map<Integer, String> byIndex = new HashMap<>();
        TextFile.forEachLine(file, StandardCharsets.ISO_8859_1, errors, (line, no) -> {
            String[] f = Fields.split(line, '|');
            if (f.length != 2) {
                errors.reject(file, no, null, "wrong column count", "expected 'name|index', found " + f.length
                        + " fields");
            } else if (!Fields.isInteger(f[1]) || f[1].length() > 9) {
                errors.reject(file, no, "index", "not a number", "not an integer of at most 9 digits: '" + f[1] + "'");
            } else if (byIndex.putIfAbsent(Integer.parseInt(f[1]), f[0]) != null) {
                errors.reject(file, no, "index", "duplicate genre", "genre index " + f[1] + " given twice");
            }
        });
        List<String> names = new ArrayList<>();
        for (int g = 0; g < byIndex.size(); g++) {
            String name = byIndex.get(g);
            if (name == null) {
                throw new DataFormatException(file, "genre indices are not 0.." + (byIndex.size() - 1)
                        + " (missing " + g + ")", null);
            }
            names.add(name);
        }
        return names;
    }

    /**
     * Reads {@code u.item}: {@code id|title|release|video_release|url|flag...} with one 0/1 flag per genre.
     * Title is the item's title; genres whose flag is 1 are its tags; the release date is kept as text.
     */
    static LinkedHashMap<String, ItemDraft> readItems100k(Path file, List<String> genres, RowErrors errors) {
        LinkedHashMap<String, ItemDraft> out = new LinkedHashMap<>();
        int expected = 5 + genres.size();
        TextFile.forEachLine(file, StandardCharsets.ISO_8859_1, errors, (line, no) -> {
            String[] f = Fields.split(line, '|');
            if (f.length != expected) {
                errors.reject(file, no, null, "wrong column count", "expected " + expected
                        + " '|'-separated fields (id, title, release, video release, url, " + genres.size()
                        + " genre flags), found " + f.length);
                return;
            }
            if (!Fields.isInteger(f[0])) {
                errors.reject(file, no, "id", "not a number", "not an integer id: '" + f[0] + "'");
                return;
            }
            ItemDraft d = new ItemDraft(f[0], f[1], "");
            for (int g = 0; g < genres.size(); g++) {
                String flag = f[5 + g];
                if (flag.equals("1")) {
                    d.tag(genres.get(g));
                } else if (!flag.equals("0")) {
                    errors.reject(file, no, "genre " + genres.get(g), "bad value",
                            "genre flag must be 0 or 1, found '" + flag + "'");
                    return;
                }
            }
            putNew(out, d, file, no, errors);
        });
        return out;
    }

    /** Reads {@code u.user} ({@code id|age|gender|occupation|zip}) into attributes by user id. */
    static Map<String, Map<String, String>> readUsers100k(Path file, RowErrors errors) {
        return readUsers(file, errors, false, new String[] {"age", "gender", "occupation", "zip"});
    }

    /** Reads ML-1M {@code users.dat} ({@code id::gender::age::occupation::zip}) into attributes by user id. */
    static Map<String, Map<String, String>> readUsers1m(Path file, RowErrors errors) {
        return readUsers(file, errors, true, new String[] {"gender", "age", "occupation", "zip"});
    }

    private static Map<String, Map<String, String>> readUsers(Path file, RowErrors errors, boolean colons,
                                                               String[] names) {
        Map<String, Map<String, String>> out = new LinkedHashMap<>();
        TextFile.forEachLine(file, StandardCharsets.ISO_8859_1, errors, (line, no) -> {
            String[] f = colons ? Fields.split(line, "::") : Fields.split(line, '|');
            if (f.length != names.length + 1) {
                errors.reject(file, no, null, "wrong column count", "expected " + (names.length + 1)
                        + " fields (id, " + String.join(", ", names) + "), found " + f.length);
                return;
            }
            if (!Fields.isInteger(f[0])) {
                errors.reject(file, no, "id", "not a number", "not an integer id: '" + f[0] + "'");
                return;
            }
            Map<String, String> attrs = new LinkedHashMap<>();
            for (int k = 0; k < names.length; k++) {
                if (names[k].equals("age") && !Fields.isInteger(f[k + 1])) {
                    errors.reject(file, no, "age", "not a number", "not an integer: '" + f[k + 1] + "'");
                    return;
                }
                attrs.put(names[k], f[k + 1]);
            }
            if (out.putIfAbsent(f[0], Map.copyOf(attrs)) != null) {
                errors.reject(file, no, "id", "duplicate id", "user '" + f[0] + "' appears twice");
            }
        });
        return out;
    }

    /** Reads ML-1M {@code movies.dat} ({@code id::Title (year)::Genre|Genre}). */
    static LinkedHashMap<String, ItemDraft> readMovies1m(Path file, RowErrors errors) {
        LinkedHashMap<String, ItemDraft> out = new LinkedHashMap<>();
        TextFile.forEachLine(file, StandardCharsets.ISO_8859_1, errors, (line, no) -> {
            String[] f = Fields.split(line, "::");
            if (f.length != 3) {
                errors.reject(file, no, null, "wrong column count",
                        "expected 3 '::'-separated fields (id, title, genres), found " + f.length);
                return;
            }
            if (!Fields.isInteger(f[0])) {
                errors.reject(file, no, "id", "not a number", "not an integer id: '" + f[0] + "'");
                return;
            }
            ItemDraft d = new ItemDraft(f[0], f[1], "");
            addGenres(d, f[2]);
            putNew(out, d, file, no, errors);
        });
        return out;
    }

    /** Reads latest-small {@code movies.csv} (header {@code movieId,title,genres}, quoted titles). */
    static LinkedHashMap<String, ItemDraft> readMoviesLatest(Path file, RowErrors errors) {
        LinkedHashMap<String, ItemDraft> out = new LinkedHashMap<>();
        CsvRows.read(file, ',', errors, List.of("movieId", "title", "genres"), (f, no) -> {
            if (!Fields.isInteger(f[0])) {
                errors.reject(file, no, "movieId", "not a number", "not an integer id: '" + f[0] + "'");
                return;
            }
            ItemDraft d = new ItemDraft(f[0], f[1], "");
            addGenres(d, f[2]);
            putNew(out, d, file, no, errors);
        });
        return out;
    }

    /**
     * Reads latest-small {@code tags.csv} (header {@code userId,movieId,tag,timestamp}) and appends each tag to
     * its movie's tags after the genres, marked as users' free text by the prefix {@value #USER_TAG_PREFIX}
     * ("#funny") so that it stays apart from the catalogue's genres; a tag equal to one of the movie's genres but
     * for case adds nothing. A tag of a movie not in the catalogue is rejected as "unknown item".
     */
    static void readTagsLatest(Path file, Map<String, ItemDraft> movies, RowErrors errors) {
        // one spelling per tag, the first in the file: "Funny" after "funny" is "funny"
        Map<String, String> spelling = new java.util.HashMap<>();
        CsvRows.read(file, ',', errors, List.of("userId", "movieId", "tag", "timestamp"), (f, no) -> {
            ItemDraft d = movies.get(f[1]);
            if (d == null) {
                errors.reject(file, no, "movieId", "unknown item", "movie '" + f[1] + "' is not in the movies file");
                return;
            }
            String tag = ItemDraft.clean(f[2]);
            if (InputRules.textProblem(tag) != null) {
                errors.reject(file, no, "tag", "bad text", InputRules.textProblem(tag));
                return;
            }
            if (!tag.isEmpty() && !d.hasTagIgnoringCase(tag)) {
                d.tag(USER_TAG_PREFIX + spelling.computeIfAbsent(tag.toLowerCase(java.util.Locale.ROOT), k -> tag));
            }
        });
    }

    private static void addGenres(ItemDraft d, String genres) {
        if (genres.isEmpty() || genres.equals(NO_GENRES)) {
            return;
        }
        for (String g : Fields.split(genres, '|')) {
            d.tag(g);
        }
    }

    /**
     * Adds an item unless its id breaks the id rules of {@link InputRules} ("bad id"), its title, text or a tag
     * their character rules ("bad text"), or its id is taken ("duplicate id").
     */
    static void putNew(Map<String, ItemDraft> out, ItemDraft d, Path file, long no, RowErrors errors) {
        String problem = InputRules.idProblem(d.id);
        if (problem != null) {
            errors.reject(file, no, "id", "bad id", problem);
            return;
        }
        for (String[] text : new String[][] {{"title", d.title}, {"text", d.text}}) {
            String bad = text[1] == null ? null : InputRules.textProblem(text[1]);
            if (bad != null) {
                errors.reject(file, no, text[0], "bad text", bad);
                return;
            }
        }
        for (String tag : d.tags) {
            String bad = InputRules.textProblem(tag);
            if (bad != null) {
                errors.reject(file, no, "tags", "bad text", bad);
                return;
            }
        }
        if (out.putIfAbsent(d.id, d) != null) {
            errors.reject(file, no, "id", "duplicate id", "item '" + d.id + "' appears twice");
        }
    }

    /** {@code u.genre} beside an ML-100K file, or the 19 standard names when it is absent. */
    static List<String> genresBeside(Path itemsFile, RowErrors errors) {
        Path g = sibling(itemsFile, "u.genre");
        return g != null && Files.isRegularFile(g) ? readGenres(g, errors) : ML100K_GENRES;
    }

    /** A file of the given name in the same folder, or null when the path has no parent. */
    static Path sibling(Path file, String name) {
        Path parent = file.toAbsolutePath().getParent();
        return parent == null ? null : parent.resolve(name);
    }
}
