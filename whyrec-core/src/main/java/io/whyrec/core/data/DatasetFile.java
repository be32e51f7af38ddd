package io.whyrec.core.data;

import io.whyrec.api.Item;
import io.whyrec.core.files.AtomicFiles;
import java.io.IOException;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32;

/**
 * The internal binary form of an imported dataset or given split, which every later command loads instead of
 * re-parsing the source files.
 *
 * <p>Why a custom binary file: the events are already in their final column form (CSR over users), so loading is
 * one read, one checksum and bulk copies of primitive arrays; about a million events reload in tens of
 * milliseconds, against a second or more to re-parse and re-index text (and the source files may not be at hand
 * any more). A general store would add a dependency and row-by-row decoding for data that is written once and
 * never updated; the mutable event store of the server (new events arriving one by one) is a SQLite database
 * and a different concern.
 *
 * <p>Layout (big-endian): magic {@code "WHYRECDS"} (8 bytes), format version (int), payload length (long),
 * CRC32 of the payload (long), then the payload: the kind (0 dataset, 1 split), the split name, the user ids, the
 * catalogue (per item: id, title, text, tags), the event-type names, then one or two parts, each with its CSR
 * columns (user offsets, items, timestamps, values, types). Strings are an int byte length and UTF-8 bytes.
 *
 * <p>Writes go through {@link AtomicFiles}: a temporary file in the target folder that is synced and renamed
 * over the target only when complete, and the folder is synced after the rename, so a failed write, a crash or a
 * power loss leaves the old file or the new one. A file with a wrong magic, a newer version, a wrong length or a bad
 * checksum is rejected with a {@link DataFormatException} saying which.
 */
public final class DatasetFile {

    /** The 8-byte magic at the start of every file. */
    static final byte[] MAGIC = "WHYRECDS".getBytes(StandardCharsets.US_ASCII);

    /** The format version written; files with a higher version are refused. */
    public static final int VERSION = 1;

    /** Header size in bytes: magic, version, payload length, checksum. */
    static final int HEADER = 8 + 4 + 8 + 8;

    private DatasetFile() {
    }

    /**
     * What a file holds: a dataset, or a split (then {@code dataset} is its train part).
     *
     * @param dataset the dataset, or the split's train part
     * @param split   the split, or null for a plain dataset
     */
    public record Contents(Dataset dataset, Split split) {

        /** Whether the file held a split. */
        public boolean isSplit() {
            return split != null;
        }
    }

    /** Writes a dataset atomically. */
    public static void write(Path file, Dataset data) {
        writePayload(file, encode(data, null));
    }

    /** Writes a split (both parts, which must share their indices and catalogue) atomically. */
    public static void write(Path file, Split split) {
        if (split.train().users() != split.test().users() || split.train().catalog() != split.test().catalog()) {
            throw new IllegalArgumentException("the split's parts do not share their user index and catalogue");
        }
        writePayload(file, encode(split.train(), split));
    }

    /** Reads a file written by either {@code write} method. */
    public static Contents read(Path file) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new DataFormatException(file, "file not found", e);
        } catch (IOException e) {
            throw new DataFormatException(file, "cannot read: " + e.getMessage(), e);
        }
        ByteBuffer b = ByteBuffer.wrap(bytes);
        if (bytes.length < MAGIC.length || !java.util.Arrays.equals(bytes, 0, MAGIC.length, MAGIC, 0, MAGIC.length)) {
            throw new DataFormatException(file, "not a whyrec dataset file (wrong magic header)", null);
        }
        if (bytes.length < HEADER) {
            throw new DataFormatException(file, "truncated dataset file (header incomplete)", null);
        }
        b.position(MAGIC.length);
        int version = b.getInt();
        if (version > VERSION) {
            throw new DataFormatException(file, "dataset file format version " + version
                    + " is newer than this whyrec reads (" + VERSION + "); upgrade whyrec or re-import", null);
        }
        if (version < 1) {
            throw new DataFormatException(file, "invalid dataset file format version " + version, null);
        }
        long length = b.getLong();
        long crc = b.getLong();
        if (length != bytes.length - HEADER) {
            throw new DataFormatException(file, "truncated or padded dataset file: payload should be " + length
                    + " bytes, found " + (bytes.length - HEADER), null);
        }
        CRC32 check = new CRC32();
        check.update(bytes, HEADER, bytes.length - HEADER);
        if (check.getValue() != crc) {
            throw new DataFormatException(file, "corrupt dataset file: checksum mismatch", null);
        }
        try {
            return decode(b, ItemVectors.readNextTo(file));
        } catch (BufferUnderflowException | IllegalArgumentException | IndexOutOfBoundsException e) {
            throw new DataFormatException(file, "corrupt dataset file: " + e, e);
        }
    }

    /** Reads a file that must hold a plain dataset (a split's file gives an error saying so). */
    public static Dataset readDataset(Path file) {
        Contents c = read(file);
        if (c.isSplit()) {
            throw new DataFormatException(file, "holds a train/test split, not a single dataset", null);
        }
        return c.dataset();
    }

    /** Reads a file that must hold a split. */
    public static Split readSplit(Path file) {
        Contents c = read(file);
        if (!c.isSplit()) {
            throw new DataFormatException(file, "holds a single dataset, not a train/test split", null);
        }
        return c.split();
    }

    /**
     * What {@link #eraseUsers} removed.
     *
     * @param users  how many of the asked users the file held
     * @param events how many events of theirs it held (both parts of a split)
     */
    public record Erased(int users, int events) {
    }

    /**
     * Rewrites a dataset file without some users: their ids and every event of theirs (in both parts of a split)
     * are removed, the rest is kept as it was. The new file is written to a temporary file in the same folder,
     * synced, renamed over the old one and the folder synced, so a crash leaves the old file or the new one,
     * never a mix; the old file's blocks are freed by the file system (not overwritten, see docs/serving.md).
     * When the file holds none of the users it is not rewritten.
     *
     * <p>Removing users renumbers the events after theirs: event indices ({@code ds:<n>} in the server and the
     * command line) refer to the file as it is now.
     *
     * @throws DataFormatException when the file cannot be read or written
     */
    public static Erased eraseUsers(Path file, java.util.Collection<String> users) {
        Contents c = read(file);
        Dataset train = c.dataset();
        IdIndex index = train.users();
        java.util.BitSet remove = new java.util.BitSet(index.size());
        for (String u : users) {
            index.find(u).ifPresent(remove::set);
        }
        if (remove.isEmpty()) {
            return new Erased(0, 0);
        }
        List<String> kept = new ArrayList<>(index.size() - remove.cardinality());
        int events = 0;
        for (int u = 0; u < index.size(); u++) {
            if (remove.get(u)) {
                events += train.userSize(u) + (c.isSplit() ? c.split().test().userSize(u) : 0);
            } else {
                kept.add(index.id(u));
            }
        }
        IdIndex without = IdIndex.of(kept);
        if (c.isSplit()) {
            Split s = c.split();
            write(file, new Split(s.train().withoutUsers(remove, without), s.test().withoutUsers(remove, without),
                    s.name()));
        } else {
            write(file, train.withoutUsers(remove, without));
        }
        return new Erased(remove.cardinality(), events);
    }

    /**
     * Rewrites a dataset file with every user id passed through {@code rename} (the users keep their order and
     * events; both parts of a split get the same new ids), atomically as {@link #write} does. Used to move a
     * pseudonymised data directory to a new key.
     *
     * @return how many user ids changed
     * @throws DataFormatException when the file cannot be read or written
     * @throws IllegalArgumentException when two users would get the same id
     */
    public static int renameUsers(Path file, java.util.function.UnaryOperator<String> rename) {
        Contents c = read(file);
        IdIndex before = c.dataset().users();
        IdIndex after = Dataset.renamed(before, rename);
        int changed = 0;
        for (int u = 0; u < before.size(); u++) {
            changed += before.id(u).equals(after.id(u)) ? 0 : 1;
        }
        if (changed == 0) {
            return 0;
        }
        if (c.isSplit()) {
            Split s = c.split();
            write(file, new Split(s.train().withUserIndex(after), s.test().withUserIndex(after), s.name()));
        } else {
            write(file, c.dataset().withUserIndex(after));
        }
        return changed;
    }

    private static void writePayload(Path file, Out payload) {
        CRC32 crc = new CRC32();
        crc.update(payload.buf.array(), 0, payload.buf.position());
        ByteBuffer header = ByteBuffer.allocate(HEADER);
        header.put(MAGIC).putInt(VERSION).putLong(payload.buf.position()).putLong(crc.getValue());
        // a crash or power loss leaves the old file or the new one (AtomicFiles: temporary file, fsync, rename,
        // fsync of the folder)
        try {
            AtomicFiles.write(file, out -> {
                out.write(header.array());
                out.write(payload.buf.array(), 0, payload.buf.position());
            });
        } catch (IOException e) {
            throw new DataFormatException(file, "cannot write: " + e.getMessage(), e);
        }
    }

    private static Out encode(Dataset data, Split split) {
        Out o = new Out(64 + data.numEvents() * 18 * (split == null ? 1 : 2));
        o.putInt(split == null ? 0 : 1);
        o.putString(split == null ? "" : split.name());
        IdIndex users = data.users();
        o.putInt(users.size());
        for (String id : users.ids()) {
            o.putString(id);
        }
        ItemCatalog cat = data.catalog();
        o.putInt(cat.size());
        for (int i = 0; i < cat.size(); i++) {
            Item it = cat.item(i);
            o.putString(it.id());
            o.putString(it.title());
            o.putString(it.text());
            o.putInt(it.tags().size());
            for (String t : it.tags()) {
                o.putString(t);
            }
        }
        o.putInt(data.eventTypes().size());
        for (String t : data.eventTypes()) {
            o.putString(t);
        }
        List<Dataset> parts = split == null ? List.of(data) : List.of(split.train(), split.test());
        o.putInt(parts.size());
        for (Dataset p : parts) {
            int n = p.numEvents();
            o.putInt(n);
            o.ensure(4L * (users.size() + 1) + 18L * n);
            o.buf.asIntBuffer().put(p.userStartArray());
            o.buf.position(o.buf.position() + 4 * (users.size() + 1));
            o.buf.asIntBuffer().put(p.itemArray(), 0, n);
            o.buf.position(o.buf.position() + 4 * n);
            o.buf.asLongBuffer().put(p.timeArray(), 0, n);
            o.buf.position(o.buf.position() + 8 * n);
            o.buf.asFloatBuffer().put(p.valueArray(), 0, n);
            o.buf.position(o.buf.position() + 4 * n);
            o.buf.asShortBuffer().put(p.typeArray(), 0, n);
            o.buf.position(o.buf.position() + 2 * n);
        }
        return o;
    }

    private static Contents decode(ByteBuffer b, ItemVectors vectors) {
        int kind = b.getInt();
        if (kind != 0 && kind != 1) {
            throw new IllegalArgumentException("unknown content kind " + kind);
        }
        String name = getString(b);
        int numUsers = count(b);
        List<String> userIds = new ArrayList<>(numUsers);
        for (int u = 0; u < numUsers; u++) {
            userIds.add(getString(b));
        }
        int numItems = count(b);
        List<String> itemIds = new ArrayList<>(numItems);
        Map<String, Item> content = new LinkedHashMap<>();
        for (int i = 0; i < numItems; i++) {
            String id = getString(b);
            String title = getString(b);
            String text = getString(b);
            int nt = count(b);
            List<String> tags = new ArrayList<>(nt);
            for (int t = 0; t < nt; t++) {
                tags.add(getString(b));
            }
            itemIds.add(id);
            content.put(id, new Item(id, title, text, tags));
        }
        int numTypes = count(b);
        List<String> types = new ArrayList<>(numTypes);
        for (int t = 0; t < numTypes; t++) {
            types.add(getString(b));
        }
        IdIndex users = IdIndex.of(userIds);
        ItemCatalog catalog = ItemCatalog.of(IdIndex.of(itemIds), content).withVectors(vectors);
        int numParts = b.getInt();
        if (numParts != (kind == 0 ? 1 : 2)) {
            throw new IllegalArgumentException("expected " + (kind == 0 ? 1 : 2) + " parts, found " + numParts);
        }
        Dataset[] parts = new Dataset[numParts];
        for (int p = 0; p < numParts; p++) {
            int n = count(b);
            int[] start = new int[numUsers + 1];
            b.asIntBuffer().get(start);
            b.position(b.position() + 4 * start.length);
            int[] item = new int[n];
            b.asIntBuffer().get(item);
            b.position(b.position() + 4 * n);
            long[] time = new long[n];
            b.asLongBuffer().get(time);
            b.position(b.position() + 8 * n);
            float[] value = new float[n];
            b.asFloatBuffer().get(value);
            b.position(b.position() + 4 * n);
            short[] type = new short[n];
            b.asShortBuffer().get(type);
            b.position(b.position() + 2 * n);
            for (int u = 0; u < numUsers; u++) {
                if (start[u] > start[u + 1]) {
                    throw new IllegalArgumentException("user offsets decrease at user " + u);
                }
            }
            for (int e = 0; e < n; e++) {
                if (item[e] < 0 || item[e] >= numItems || type[e] < 0 || type[e] >= numTypes) {
                    throw new IllegalArgumentException("event " + e + " refers to an unknown item or type");
                }
            }
            parts[p] = Dataset.fromGrouped(users, catalog, types, start, item, time, value, type);
        }
        if (b.hasRemaining()) {
            throw new IllegalArgumentException(b.remaining() + " unexpected bytes after the last part");
        }
        return kind == 0 ? new Contents(parts[0], null)
                : new Contents(parts[0], new Split(parts[0], parts[1], name));
    }

    private static int count(ByteBuffer b) {
        int n = b.getInt();
        if (n < 0 || n > b.remaining()) {
            throw new IllegalArgumentException("invalid count " + n);
        }
        return n;
    }

    private static String getString(ByteBuffer b) {
        int n = count(b);
        String s = new String(b.array(), b.position(), n, StandardCharsets.UTF_8);
        b.position(b.position() + n);
        return s;
    }

    /** A growable big-endian byte buffer. */
    private static final class Out {
        ByteBuffer buf;

        Out(long capacity) {
            buf = ByteBuffer.allocate((int) Math.min(Integer.MAX_VALUE - 64, Math.max(256, capacity)))
                    .order(ByteOrder.BIG_ENDIAN);
        }

        void ensure(long more) {
            long need = buf.position() + more;
            if (need > Integer.MAX_VALUE - 64) {
                throw new IllegalStateException("dataset too large for one file (" + need + " bytes)");
            }
            if (need > buf.capacity()) {
                ByteBuffer bigger = ByteBuffer.allocate((int) Math.min(Integer.MAX_VALUE - 64,
                        Math.max(need, 2L * buf.capacity())));
                buf.flip();
                bigger.put(buf);
                buf = bigger;
            }
        }

        void putInt(int v) {
            ensure(4);
            buf.putInt(v);
        }

        void putString(String s) {
            byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
            ensure(4L + bytes.length);
            buf.putInt(bytes.length);
            buf.put(bytes);
        }
    }
}
