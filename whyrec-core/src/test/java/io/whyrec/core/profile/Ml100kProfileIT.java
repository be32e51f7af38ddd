package io.whyrec.core.profile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.whyrec.api.History;
import io.whyrec.api.Item;
import io.whyrec.core.data.Dataset;
import io.whyrec.core.data.IdIndex;
import io.whyrec.core.data.ItemCatalog;
import io.whyrec.core.model.ProfileModel;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * The interest profile of MovieLens 100K user 1 (u.data ratings, u.item genres), printed, with consistency checks
 * against the raw files. The files are parsed by a tiny local helper (the real readers live in {@code data}).
 * Skips when ../shared/data is missing.
 */
class Ml100kProfileIT {

    @Test
    void profileOfUserOne() throws IOException {
        Path dir = Path.of(System.getProperty("whyrec.shared.data", "../shared/data"), "ml-100k");
        Assumptions.assumeTrue(Files.isRegularFile(dir.resolve("u.data")), "skipped: ../shared/data not found");
        Dataset data = read(dir);
        assertEquals(100_000, data.numEvents());
        int user = data.users().require("1", "user");
        History history = HistoryBuilder.build(data, user, EventWeighting.DEFAULT);
        InterestProfile profile = new InterestProfiler(data.catalog()).profile(history);
        System.out.println(profile.toText("ml-100k user 1", 8, 3));

        assertEquals(data.userSize(user), profile.numEvents());
        assertEquals(1.0, profile.facets().stream().mapToDouble(InterestProfile.FacetInterest::share).sum(), 1e-9);
        // Each facet's evidence lists exactly the user's events on items with that genre.
        for (InterestProfile.FacetInterest f : profile.facets()) {
            long expected = 0;
            for (int e = data.userStart(user); e < data.userEnd(user); e++) {
                expected += data.catalog().item(data.item(e)).tags().contains(f.name()) ? 1 : 0;
            }
            assertEquals(expected, f.evidence().size(), f.name());
        }
        // The profile model's contributions add up to its score on real data too.
        ProfileModel model = new ProfileModel(data.catalog(), ProfileModel.Config.DEFAULT);
        double[] scores = new double[data.numItems()];
        model.score(history, scores);
        for (int j = 0; j < data.numItems(); j += 97) {
            double sum = 0;
            for (double c : model.contributions(history, j)) {
                sum += c;
            }
            assertTrue(Math.abs(sum - scores[j]) <= 1e-9 * Math.max(1e-12, Math.abs(scores[j])), "item " + j);
        }
    }

    /** Reads u.data and u.item (ISO-8859-1, 19 genre flags named by u.genre). */
    private static Dataset read(Path dir) throws IOException {
        List<String> genres = new ArrayList<>();
        for (String line : Files.readAllLines(dir.resolve("u.genre"), StandardCharsets.ISO_8859_1)) {
            if (!line.isBlank()) {
                genres.add(line.substring(0, line.lastIndexOf('|')));
            }
        }
        Map<String, Item> items = new HashMap<>();
        IdIndex.Builder itemIds = new IdIndex.Builder();
        List<String> itemLines = Files.readAllLines(dir.resolve("u.item"), StandardCharsets.ISO_8859_1);
        for (int n = 0; n < itemLines.size(); n++) {
            String[] f = itemLines.get(n).split("\\|", -1);
            if (f.length != 5 + genres.size()) {
                throw new IOException("u.item:" + (n + 1) + ": expected " + (5 + genres.size()) + " fields, got "
                        + f.length);
            }
            List<String> tags = new ArrayList<>();
            for (int g = 0; g < genres.size(); g++) {
                if (f[5 + g].equals("1")) {
                    tags.add(genres.get(g));
                }
            }
            itemIds.add(f[0]);
            items.put(f[0], new Item(f[0], f[1], "", tags));
        }
        List<String> lines = Files.readAllLines(dir.resolve("u.data"), StandardCharsets.US_ASCII);
        IdIndex.Builder userIds = new IdIndex.Builder();
        int n = lines.size();
        int[] user = new int[n];
        int[] item = new int[n];
        long[] time = new long[n];
        float[] value = new float[n];
        IdIndex itemIndex = itemIds.build();
        for (int i = 0; i < n; i++) {
            String[] f = lines.get(i).split("\t");
            user[i] = userIds.add(f[0]);
            item[i] = itemIndex.require(f[1], "item (u.data:" + (i + 1) + ")");
            value[i] = Float.parseFloat(f[2]);
            time[i] = Long.parseLong(f[3]);
        }
        return Dataset.fromColumns(userIds.build(), ItemCatalog.of(itemIndex, items), List.of("rating"),
                user, item, time, value, new short[n]);
    }
}
