package io.whyrec.core.data;

import io.whyrec.api.Item;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Imports interaction and item files into a {@link Dataset} or a given {@link Split}; the entry point the command
 * line uses ({@code whyrec import}).
 *
 * <p>Indices: users in order of first appearance in the train file; items in order of first appearance in train,
 * then items that occur only in the test file, then items that occur only in the catalogue. Test rows whose user
 * is not in train are bad rows ("unknown user"); test rows whose item is not in train are dropped and counted,
 * since the evaluation protocol ranks over train items.
 *
 * <p>For MovieLens formats the metadata files are found beside the ratings when no items file is given:
 * {@code u.item}, {@code u.genre}, {@code u.user} for 100K; {@code movies.dat}, {@code users.dat} for 1M;
 * {@code movies.csv}, {@code tags.csv} for latest-small.
 *
 * <p>Errors: by default the first bad row throws a {@link DataFormatException} naming file:line, field and
 * reason, and nothing is written ({@link #importTo} writes only after everything was read). With
 * {@link ImportRequest#skipBad()} bad rows are skipped and counted by reason in the {@link ImportReport}.
 *
 * <p>Pseudonyms: with {@link ImportRequest#pseudonyms()} every user id of the result (both parts of a split and
 * the user attributes) is replaced by its keyed pseudonym in memory, after reading and before anything is
 * written; error messages about rows still quote the file as it is.
 */
public final class Importer {

    private Importer() {
    }

    /**
     * Imports and then stores the result with {@link DatasetFile} (atomically; nothing is left on failure). The
     * temporary files an earlier, killed write left in the target folder are removed first
     * ({@link io.whyrec.core.files.AtomicFiles#removeStale}); with {@link ImportRequest#pseudonyms()} the folder of
     * {@code out} is marked as pseudonymised ({@link PseudonymRecord#prepareImport}) before the dataset is written.
     */
    public static ImportResult importTo(ImportRequest request, Path out) {
        removeStaleTemporaries(out);
        ImportResult result = importData(request);
        PseudonymRecord.prepareImport(out.toAbsolutePath().getParent(), request.pseudonyms());
        if (result.isSplit()) {
            DatasetFile.write(out, result.split());
        } else {
            DatasetFile.write(out, result.dataset());
        }
        return result;
    }

    /**
     * Removes the temporary files that killed writers left beside a dataset file (in its folder).
     *
     * @return how many were removed
     * @throws DataFormatException naming the folder when it cannot be listed
     */
    public static int removeStaleTemporaries(Path out) {
        Path dir = out.toAbsolutePath().getParent();
        try {
            return io.whyrec.core.files.AtomicFiles.removeStale(dir);
        } catch (java.io.IOException e) {
            throw new DataFormatException(dir, "cannot remove the temporary files of interrupted writes: "
                    + e.getMessage(), e);
        }
    }

    /** Reads the files of a request into memory; see the class comment for indices and errors. */
    public static ImportResult importData(ImportRequest request) {
        ImportFormat format = request.format() == ImportFormat.AUTO ? detect(request.interactions())
                : request.format();
        RowErrors errors = new RowErrors(request.skipBad());
        List<String> notes = new ArrayList<>();
        if (request.format() == ImportFormat.AUTO) {
            notes.add("format detected: " + format.name().toLowerCase(Locale.ROOT));
        }
        Set<String> context = GenericFormat.newContextSet();
        InteractionCollector c = new InteractionCollector(errors, request.ratingScale(format));
        readInteractions(format, request.interactions(), request, c, context);
        if (c.train.size() == 0) {
            throw new DataFormatException(request.interactions(), "no usable interaction rows", null);
        }
        if (request.test() != null) {
            c.startTest(request.interactions());
            readInteractions(format, request.test(), request, c, context);
        }
        if (!context.isEmpty()) {
            notes.add("context columns read but not stored: " + String.join(", ", context));
        }

        Map<String, Map<String, String>> userAttributes = new LinkedHashMap<>();
        LinkedHashMap<String, ItemDraft> meta = readItems(format, request, errors, notes, userAttributes);
        if (request.itemTexts() != null) {
            Map<String, String> texts = GenericFormat.readItemTexts(request.itemTexts());
            int joined = 0;
            for (Map.Entry<String, String> e : texts.entrySet()) {
                ItemDraft d = meta.get(e.getKey());
                if (d != null) {
                    d.text = e.getValue();
                    joined++;
                }
            }
            notes.add("texts joined for " + joined + " of " + meta.size() + " catalogue items");
        }
        if (request.itemMap() != null) {
            meta = remap(meta, UserItemsFormat.readItemMap(request.itemMap(), errors), request.itemMap(), notes);
        }
        ItemDraft.canonicalise(meta.values());
        for (String id : meta.keySet()) {
            c.items.add(id);
        }

        IdIndex users = c.users.build();
        IdIndex items = c.items.build();
        Map<String, Item> content = new LinkedHashMap<>();
        meta.forEach((id, d) -> content.put(id, d.toItem()));
        ItemCatalog catalog = ItemCatalog.of(items, content);
        List<String> types = c.types.build().ids();
        if (types.isEmpty()) {
            types = List.of(GenericFormat.DEFAULT_TYPE);
        }
        Dataset train = c.train.toDataset(users, catalog, types);
        Split split = null;
        if (request.test() != null) {
            Dataset test = c.test.toDataset(users, catalog, types);
            split = new Split(train, test, "given:" + request.interactions().getFileName() + "+"
                    + request.test().getFileName());
        }
        ImportReport report = new ImportReport(c.rowsRead(), c.train.size() + (long) c.test.size(),
                errors.skipped(), c.droppedTestRows(), c.droppedTestItems(), notes);
        Map<String, Map<String, String>> attrs = new LinkedHashMap<>();
        userAttributes.forEach((u, a) -> {
            if (users.find(u).isPresent()) {
                attrs.put(u, a);
            }
        });
        ImportResult result = new ImportResult(train, split, report, java.util.Collections.unmodifiableMap(attrs));
        // in memory, before anything is written: the raw ids never reach a file
        return request.pseudonyms() == null ? result : result.pseudonymized(request.pseudonyms());
    }

    private static void readInteractions(ImportFormat format, Path file, ImportRequest request,
                                         InteractionCollector c, Set<String> context) {
        TextFile.requireFile(file);
        if (request.eventType() != null && format != ImportFormat.GENERIC) {
            throw new IllegalArgumentException("--event-type applies to the generic format only (this is "
                    + format.name().toLowerCase(Locale.ROOT).replace('_', '-') + ", whose event types are fixed)");
        }
        switch (format) {
            case ML100K -> MovieLensFormat.readRatings100k(file, c);
            case ML1M -> MovieLensFormat.readRatings1m(file, c);
            case MLLATEST -> GenericFormat.readInteractions(file, GenericFormat.Syntax.CSV, c,
                    MovieLensFormat.RATING, context, java.util.Map.of());
            case USER_ITEMS -> UserItemsFormat.read(file, c);
            case GENERIC -> GenericFormat.readInteractions(file, syntax(request, file), c,
                    request.eventType() == null ? GenericFormat.DEFAULT_TYPE : request.eventType(), context,
                    request.columns());
            default -> throw new IllegalStateException("format " + format);
        }
    }

    private static GenericFormat.Syntax syntax(ImportRequest request, Path file) {
        if (request.syntax() != null) {
            return GenericFormat.Syntax.valueOf(request.syntax().toUpperCase(Locale.ROOT));
        }
        GenericFormat.Syntax s = GenericFormat.Syntax.of(file);
        if (s == null) {
            // another extension (.dat, .txt): the first line says which, a tab before a comma
            String first = TextFile.firstLine(file);
            s = first.startsWith("{") ? GenericFormat.Syntax.JSONL : first.indexOf('\t') >= 0
                    ? GenericFormat.Syntax.TSV : first.indexOf(',') >= 0 ? GenericFormat.Syntax.CSV : null;
        }
        if (s == null) {
            throw new DataFormatException(file, "cannot tell CSV, TSV or JSON Lines from the file name "
                    + "or its first line; use a .csv, .tsv or .jsonl extension or give --syntax", null);
        }
        return s;
    }

    /**
     * The catalogue of an items file alone, read as {@link #importData} reads a request's items file (u.item, an
     * ML-1M movies.dat, a movies.csv with the tags.csv beside it, or a generic items file), for a caller that
     * reads the events elsewhere: item id to item, in the file's order. A bad row is a {@link DataFormatException}
     * naming file:line.
     */
    public static LinkedHashMap<String, Item> readCatalogue(Path items) {
        ImportRequest request = ImportRequest.of(ImportFormat.GENERIC, items).withItems(items);
        LinkedHashMap<String, ItemDraft> meta = readItems(ImportFormat.GENERIC, request, new RowErrors(false),
                new ArrayList<>(), new LinkedHashMap<>());
        ItemDraft.canonicalise(meta.values());
        LinkedHashMap<String, Item> out = new LinkedHashMap<>();
        meta.forEach((id, d) -> out.put(id, d.toItem()));
        return out;
    }

    private static LinkedHashMap<String, ItemDraft> readItems(ImportFormat format, ImportRequest request,
                                                              RowErrors errors, List<String> notes,
                                                              Map<String, Map<String, String>> userAttributes) {
        Path ratings = request.interactions();
        Path items = request.items();
        switch (format) {
            case ML100K -> {
                Path users = MovieLensFormat.sibling(ratings, "u.user");
                if (users != null && Files.isRegularFile(users)) {
                    userAttributes.putAll(MovieLensFormat.readUsers100k(users, errors));
                    notes.add("users: " + users);
                }
                if (items == null) {
                    items = besideOrNull(ratings, "u.item", notes);
                }
            }
            case ML1M -> {
                Path users = MovieLensFormat.sibling(ratings, "users.dat");
                if (users != null && Files.isRegularFile(users)) {
                    userAttributes.putAll(MovieLensFormat.readUsers1m(users, errors));
                    notes.add("users: " + users);
                }
                if (items == null) {
                    items = besideOrNull(ratings, "movies.dat", notes);
                }
            }
            case MLLATEST -> {
                if (items == null) {
                    items = besideOrNull(ratings, "movies.csv", notes);
                }
            }
            default -> {
                // items only when given
            }
        }
        if (items == null) {
            return new LinkedHashMap<>();
        }
        LinkedHashMap<String, ItemDraft> meta = readItemsFile(format, items, request, errors);
        if (format == ImportFormat.MLLATEST || looksLikeLatestMovies(items)) {
            Path tags = MovieLensFormat.sibling(items, "tags.csv");
            if (tags != null && Files.isRegularFile(tags)) {
                MovieLensFormat.readTagsLatest(tags, meta, errors);
                notes.add("tags: " + tags);
            }
        }
        return meta;
    }

    private static LinkedHashMap<String, ItemDraft> readItemsFile(ImportFormat format, Path items,
                                                                  ImportRequest request, RowErrors errors) {
        TextFile.requireFile(items);
        String name = items.getFileName().toString().toLowerCase(Locale.ROOT);
        if (format == ImportFormat.ML100K || name.equals("u.item")) {
            return MovieLensFormat.readItems100k(items, MovieLensFormat.genresBeside(items, errors), errors);
        }
        // a MovieLens movies file is recognised by its content as well as its name: a .dat of tab-separated
        // columns is a generic items file, not ML-1M's movies.dat
        boolean generic = format == ImportFormat.GENERIC;
        if (format == ImportFormat.ML1M || name.endsWith(".dat") && TextFile.firstLine(items).contains("::")) {
            return MovieLensFormat.readMovies1m(items, errors);
        }
        if (format == ImportFormat.MLLATEST || looksLikeLatestMovies(items)) {
            return MovieLensFormat.readMoviesLatest(items, errors);
        }
        GenericFormat.Syntax s = generic ? syntax(request, items) : GenericFormat.Syntax.of(items);
        if (s == null) {
            throw new DataFormatException(items, "cannot tell the items file's format from its name "
                    + "(expected u.item, an ML-1M movies.dat, movies.csv, or a .csv/.tsv/.jsonl generic items file)", null);
        }
        return GenericFormat.readItems(items, s, errors);
    }

    private static boolean looksLikeLatestMovies(Path items) {
        return items.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".csv")
                && TextFile.firstLine(items).trim().equalsIgnoreCase("movieId,title,genres");
    }

    private static Path besideOrNull(Path ratings, String name, List<String> notes) {
        Path p = MovieLensFormat.sibling(ratings, name);
        if (p != null && Files.isRegularFile(p)) {
            notes.add("items: " + p);
            return p;
        }
        notes.add("no " + name + " beside " + ratings + ": items have ids only");
        return null;
    }

    private static LinkedHashMap<String, ItemDraft> remap(Map<String, ItemDraft> byOriginal,
                                                          Map<String, String> remappedToOriginal, Path mapFile,
                                                          List<String> notes) {
        LinkedHashMap<String, ItemDraft> out = new LinkedHashMap<>();
        int missing = 0;
        List<Map.Entry<String, String>> entries = new ArrayList<>(remappedToOriginal.entrySet());
        entries.sort((a, b) -> compareIds(a.getKey(), b.getKey()));
        for (Map.Entry<String, String> e : entries) {
            ItemDraft d = byOriginal.get(e.getValue());
            if (d == null) {
                missing++;
                d = new ItemDraft(e.getValue(), null, null);
            }
            out.put(e.getKey(), d.withId(e.getKey()));
        }
        notes.add("item map " + mapFile + ": " + remappedToOriginal.size() + " items, "
                + (remappedToOriginal.size() - missing) + " with metadata");
        return out;
    }

    /** Numeric ids in numeric order, otherwise string order (deterministic catalogue order). */
    private static int compareIds(String a, String b) {
        if (Fields.isInteger(a) && Fields.isInteger(b) && a.length() < 19 && b.length() < 19) {
            return Long.compare(Long.parseLong(a), Long.parseLong(b));
        }
        return a.compareTo(b);
    }

    /**
     * Detects the format of an interactions file: by name first ({@code u.data}, {@code *.base}, {@code *.test}
     * → ml100k; {@code ratings.dat} → ml1m; {@code .csv}/{@code .tsv}/{@code .jsonl} → mllatest when the header is
     * {@code userId,movieId,rating,timestamp}, else generic), then by the first line ({@code ::} → ml1m; four
     * tab-separated integers → ml100k; whitespace-separated tokens → user-items).
     */
    public static ImportFormat detect(Path file) {
        TextFile.requireFile(file);
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        String first = TextFile.firstLine(file);
        if (name.equals("u.data") || name.endsWith(".base") || name.endsWith(".test")) {
            return ImportFormat.ML100K;
        }
        if (name.endsWith(".csv") && first.trim().equalsIgnoreCase("userId,movieId,rating,timestamp")) {
            return ImportFormat.MLLATEST;
        }
        if (GenericFormat.Syntax.of(file) != null) {
            return ImportFormat.GENERIC;
        }
        if (first.contains("::")) {
            return ImportFormat.ML1M;
        }
        String[] tab = Fields.split(first, '\t');
        if (tab.length == 4 && Fields.isInteger(tab[0]) && Fields.isInteger(tab[1])) {
            return ImportFormat.ML100K;
        }
        for (char sep : new char[] {'\t', ','}) {
            String[] fields = Fields.split(first, sep);
            if (fields.length >= 2 && java.util.Arrays.stream(fields).map(String::trim)
                    .noneMatch(f -> f.isEmpty() || Character.isDigit(f.charAt(0)) || f.charAt(0) == '-')) {
                // a first line of names separated by tabs or commas reads as a header and as user-items alike
                String syntax = sep == '\t' ? "tsv" : "csv";
                throw new DataFormatException(file, "cannot tell the format: the first line '" + first.strip()
                        + "' looks like the header of a " + syntax.toUpperCase(Locale.ROOT) + " table, and could "
                        + "also be a user-items line; say which: --format generic --syntax " + syntax
                        + " --columns user=" + fields[0].trim() + ",item=" + fields[1].trim()
                        + (fields.length > 2 ? ",value=" + fields[2].trim() : "") + " (a table with a header, "
                        + "columns mapped by name), or --format user-items (each line a user, then its items)",
                        null);
            }
        }
        if (!first.isBlank()) {
            return ImportFormat.USER_ITEMS;
        }
        throw new DataFormatException(file, "cannot detect the format; give it explicitly", null);
    }
}
