package io.whyrec.core.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every reader on tiny hand-written files. */
class ReadersTest {

    @TempDir
    Path dir;

    Path write(String name, String text) throws IOException {
        return write(name, text, StandardCharsets.UTF_8);
    }

    Path write(String name, String text, Charset cs) throws IOException {
        Path p = dir.resolve(name);
        Files.createDirectories(p.getParent());
        Files.write(p, text.getBytes(cs));
        return p;
    }

    @Test
    void ml100kWithItemsGenresAndUsersBeside() throws IOException {
        Path data = write("u.data", "1\t10\t5\t300\n2\t10\t3\t100\n1\t20\t4\t200\n");
        // u.item in ISO-8859-1 with an accented title; 3 genres given by u.genre
        write("u.genre", "unknown|0\nAction|1\nComedy|2\n\n", StandardCharsets.ISO_8859_1);
        write("u.item", "10|Café (1995)|01-Jan-1995||http://x|0|1|1\n20|B (1996)||||0|0|1\n"
                + "30|Only in catalogue (1990)||||1|0|0\n", StandardCharsets.ISO_8859_1);
        write("u.user", "1|24|M|technician|85711\n2|53|F|other|94043\n");
        ImportResult r = Importer.importData(ImportRequest.of(ImportFormat.AUTO, data));
        Dataset d = r.dataset();
        assertEquals(List.of("1", "2"), d.users().ids());
        assertEquals(List.of("10", "20", "30"), d.items().ids(), "rated items first, then catalogue-only");
        // user 1: (20, t=200, 4) before (10, t=300, 5): time order, not file order
        assertArrayEquals(new int[] {1, 0}, d.itemsOf(0));
        assertEquals(200, d.timestamp(0));
        assertEquals(4f, d.value(0));
        assertEquals("rating", d.eventTypes().get(d.eventType(0)));
        assertEquals("Café (1995)", d.catalog().title(0));
        assertEquals(List.of("Action", "Comedy"), d.catalog().item(0).tags());
        assertEquals(List.of("unknown"), d.catalog().item(2).tags());
        assertEquals("24", r.userAttributes().get("1").get("age"));
        assertEquals(3, r.report().rowsRead());
        assertEquals(3, r.report().rowsKept());
    }

    @Test
    void ml100kStandardGenresWhenNoGenreFile() throws IOException {
        Path data = write("a/ua.base", "1\t10\t5\t300\n");
        write("a/u.item", "10|T|||u|0|0|0|0|0|1|0|0|0|0|0|0|0|0|0|0|0|0|1\n", StandardCharsets.ISO_8859_1);
        Dataset d = Importer.importData(ImportRequest.of(ImportFormat.AUTO, data)).dataset();
        assertEquals(List.of("Comedy", "Western"), d.catalog().item(0).tags());
    }

    @Test
    void ml1mRatingsAndMovies() throws IOException {
        Path data = write("ratings.dat", "1::1193::5::978300760\n1::661::3::978302109\n2::1193::4::978298413\n");
        write("movies.dat", "1193::One Flew (1975)::Drama\n661::James (1996)::Animation|Children's|Musical\n",
                StandardCharsets.ISO_8859_1);
        write("users.dat", "1::F::1::10::48067\n2::M::56::16::70072\n");
        ImportResult r = Importer.importData(ImportRequest.of(ImportFormat.AUTO, data));
        Dataset d = r.dataset();
        assertEquals(3, d.numEvents());
        assertEquals(List.of("Animation", "Children's", "Musical"), d.catalog().item(1).tags());
        assertEquals("F", r.userAttributes().get("1").get("gender"));
        // user 1: 1193 at 978300760 is before 661 at 978302109
        assertArrayEquals(new int[] {0, 1}, d.itemsOf(0));
    }

    @Test
    void mlLatestCsvQuotedCrlfAndTags() throws IOException {
        Path data = write("ratings.csv", "userId,movieId,rating,timestamp\r\n1,11,4.5,964982703\r\n"
                + "1,29,3.0,964981247\r\n");
        write("movies.csv", "movieId,title,genres\r\n11,\"American President, The (1995)\",Comedy|Drama\r\n"
                + "29,\"Say \"\"Hi\"\" (1995)\",(no genres listed)\r\n");
        write("tags.csv", "userId,movieId,tag,timestamp\r\n2,29,funny,1445714994\r\n2,11,comedy ,1445714995\r\n"
                + "3,11,Funny,1445714996\r\n4,11,dark   comedy,1445714997\r\n");
        Dataset d = Importer.importData(ImportRequest.of(ImportFormat.AUTO, data)).dataset();
        int p = d.items().require("11", "item");
        int s = d.items().require("29", "item");
        assertEquals("American President, The (1995)", d.catalog().title(p));
        assertEquals("Say \"Hi\" (1995)", d.catalog().title(s));
        // a user tag equal to a genre but for case adds nothing; user tags are marked apart from the genres and
        // given one spelling across the catalogue (the first seen), white space runs made one space
        assertEquals(List.of("Comedy", "Drama", "#funny", "#dark comedy"), d.catalog().item(p).tags());
        assertEquals(List.of("#funny"), d.catalog().item(s).tags(), "(no genres listed) is not a genre");
        assertEquals(4.5f, d.value(1));
    }

    @Test
    void userItemsPositionsAndSplit() throws IOException {
        Path train = write("train.txt", "0 5 6 7\n1 6\n2 \n");
        Path test = write("test.txt", "0 8\n1 5 9\n2 7\n");
        ImportResult r = Importer.importData(ImportRequest.of(ImportFormat.USER_ITEMS, train).withTest(test));
        Split s = r.split();
        assertEquals(List.of("0", "1", "2"), s.train().users().ids());
        // train items 5,6,7; then test-only 8,9
        assertEquals(List.of("5", "6", "7", "8", "9"), s.train().items().ids());
        assertEquals(0, s.train().userSize(2), "a line with only a user id declares a user without events");
        assertEquals(2, s.train().timestamp(2), "timestamp = position on the line");
        // test: user 0 item 8 (dropped, not in train), user 1 item 5 at position 1 (after 1 train event),
        // user 1 item 9 dropped, user 2 item 7 at position 0
        assertEquals(2, s.test().numEvents());
        assertEquals(1, s.test().timestamp(s.test().userStart(1)));
        assertEquals(2, r.report().droppedTestRows());
        assertEquals(2, r.report().droppedTestItems());
        assertEquals(8, r.report().rowsRead());
        assertEquals(6, r.report().rowsKept());
    }

    @Test
    void userItemsWithItemMapJoinsMovies() throws IOException {
        Path train = write("train.txt", "0 0 1\n");
        Path map = write("item_map.txt", "1193 0\n661 1\n");
        Path movies = write("movies.dat", "661::James (1996)::Animation\n1193::One Flew (1975)::Drama\n"
                + "5::Not mapped (1990)::Comedy\n", StandardCharsets.ISO_8859_1);
        Path texts = write("texts.json", "{\"1193\": \"A nest.\", \"5\": \"unused\"}");
        ImportResult r = Importer.importData(ImportRequest.of(ImportFormat.USER_ITEMS, train).withItemMap(map)
                .withItems(movies).withItemTexts(texts));
        Dataset d = r.dataset();
        assertEquals(2, d.numItems(), "only mapped movies enter the catalogue");
        assertEquals("One Flew (1975)", d.catalog().title(0));
        assertEquals("A nest.", d.catalog().item(0).text());
        assertEquals(List.of("Animation"), d.catalog().item(1).tags());
    }

    @Test
    void genericCsvWithIsoTimesContextAndItems() throws IOException {
        Path data = write("events.csv", "user,item,timestamp,event_type,value,device\n"
                + "u1,a,2020-01-01T00:00:10Z,view,,phone\nu1,b,1577836800,buy,2,web\nu2,a,2020-01-02,click,1,web\n");
        Path items = write("items.csv", "id,title,text,tags\na,Apple,\"Red, sweet\",fruit|red\nc,Cherry,,\n");
        ImportResult r = Importer.importData(ImportRequest.of(ImportFormat.AUTO, data).withItems(items));
        Dataset d = r.dataset();
        // u1: b at 1577836800 (= 2020-01-01T00:00:00Z) before a at +10 s
        assertArrayEquals(new int[] {1, 0}, d.itemsOf(0));
        assertEquals(1_577_836_810L, d.timestamp(1));
        assertEquals(1f, d.value(1), "empty value defaults to 1");
        assertEquals("buy", d.eventTypes().get(d.eventType(0)));
        assertEquals(1_577_923_200L, d.timestamp(2), "a date is UTC midnight");
        assertEquals(List.of("a", "b", "c"), d.items().ids());
        assertEquals("Red, sweet", d.catalog().item(0).text());
        assertEquals(List.of("fruit", "red"), d.catalog().item(0).tags());
        assertTrue(r.report().notes().stream().anyMatch(n -> n.contains("device")));
    }

    @Test
    void genericTsvAndJsonLines() throws IOException {
        Path tsv = write("e.tsv", "user_id\titem_id\trating\nx\tp\t3\n");
        Dataset d = Importer.importData(ImportRequest.of(ImportFormat.GENERIC, tsv)).dataset();
        assertEquals(3f, d.value(0));
        assertEquals(0, d.timestamp(0), "no timestamp column: position in the file");
        Path jl = write("e.jsonl", "{\"user\": 7, \"item\": \"p\", \"timestamp\": 5, \"ctx\": 1}\n"
                + "{\"user\": \"7\", \"item\": \"q\", \"event_type\": \"cart\", \"value\": 2.5, \"timestamp\": 4}\n");
        Path items = write("items.jsonl", "{\"id\": \"p\", \"title\": \"P\", \"tags\": [\"t1\", \"t2\"]}\n");
        d = Importer.importData(ImportRequest.of(ImportFormat.AUTO, jl).withItems(items)).dataset();
        assertEquals(List.of("7"), d.users().ids());
        assertArrayEquals(new int[] {1, 0}, d.itemsOf(0));
        assertEquals(2.5f, d.value(0));
        assertEquals(List.of("t1", "t2"), d.catalog().item(0).tags());
    }

    @Test
    void explicitSyntaxOverridesExtension() throws IOException {
        Path f = write("events.log", "user\titem\nu\ti\n");
        Dataset d = Importer.importData(ImportRequest.of(ImportFormat.GENERIC, f).withSyntax("tsv")).dataset();
        assertEquals(1, d.numEvents());
        assertNull(GenericFormat.Syntax.of(f));
    }

    @Test
    void fieldSplitting() {
        assertArrayEquals(new String[] {"a", "", "b"}, Fields.split("a||b", '|'));
        assertArrayEquals(new String[] {"1", "T", ""}, Fields.split("1::T::", "::"));
        assertArrayEquals(new String[] {"9"}, Fields.splitWhitespace(" 9 \t"));
        assertArrayEquals(new String[] {"1", "a,b", "x\"y", ""}, Fields.splitQuoted("1,\"a,b\",\"x\"\"y\",", ','));
    }
}
