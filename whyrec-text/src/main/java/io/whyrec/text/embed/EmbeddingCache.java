package io.whyrec.text.embed;

import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;

/**
 * Embeddings already computed, kept on disk so a second run re-embeds nothing. There is one binary file per
 * model, {@code <dir>/<model name>.emb}, keyed by the SHA-256 of the text: a header (magic {@code WREMB1}, the
 * model name, the dimension) followed by append-only records of 32 hash bytes and {@code dimension} big-endian
 * floats. A record cut short by a crash is ignored and overwritten by the next append. The file is read once when
 * the cache is opened; new vectors are appended by {@link #putAll}.
 */
public final class EmbeddingCache {

    private static final String MAGIC = "WREMB1";

    private final Path file;
    private final String model;
    private final int dimension;
    private final Map<Key, float[]> vectors = new HashMap<>();
    private long validBytes;

    private EmbeddingCache(Path file, String model, int dimension) {
        this.file = file;
        this.model = model;
        this.dimension = dimension;
    }

    /**
     * Opens (or creates on first write) the cache file of a model in a directory.
     *
     * @throws IllegalStateException when the file belongs to another model or dimension, naming the file
     */
    public static EmbeddingCache open(Path dir, String model, int dimension) {
        String safe = model.replaceAll("[^A-Za-z0-9._-]", "_");
        EmbeddingCache cache = new EmbeddingCache(dir.resolve(safe + ".emb"), model, dimension);
        cache.load();
        return cache;
    }

    /** The cache file. */
    public Path file() {
        return file;
    }

    /** Number of cached vectors. */
    public synchronized int size() {
        return vectors.size();
    }

    /** The cached vector of a text, or null. */
    public synchronized float[] get(String text) {
        return vectors.get(Key.of(text));
    }

    /** Adds vectors and appends them to the file (texts already cached are skipped). */
    public synchronized void putAll(java.util.List<String> texts, float[][] vecs) {
        if (texts.size() != vecs.length) {
            throw new IllegalArgumentException(texts.size() + " texts but " + vecs.length + " vectors");
        }
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            boolean fresh = !Files.exists(file) || validBytes == 0;
            try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
                ch.truncate(validBytes);
                ch.position(validBytes);
                OutputStream os = java.nio.channels.Channels.newOutputStream(ch);
                DataOutputStream out = new DataOutputStream(new BufferedOutputStream(os, 1 << 16));
                if (fresh) {
                    out.writeUTF(MAGIC);
                    out.writeUTF(model);
                    out.writeInt(dimension);
                }
                for (int i = 0; i < vecs.length; i++) {
                    Key key = Key.of(texts.get(i));
                    if (vectors.containsKey(key)) {
                        continue;
                    }
                    if (vecs[i].length != dimension) {
                        throw new IllegalArgumentException("vector " + i + " has " + vecs[i].length
                                + " dimensions, cache " + file + " holds " + dimension);
                    }
                    out.write(key.bytes);
                    for (float f : vecs[i]) {
                        out.writeFloat(f);
                    }
                    vectors.put(key, vecs[i].clone());
                }
                out.flush();
                validBytes = ch.position();
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write embedding cache " + file, e);
        }
    }

    private void load() {
        if (!Files.exists(file)) {
            return;
        }
        try (InputStream is = Files.newInputStream(file);
             DataInputStream in = new DataInputStream(new java.io.BufferedInputStream(is, 1 << 16))) {
            String magic = in.readUTF();
            if (!MAGIC.equals(magic)) {
                throw new IllegalStateException(file + ": not an embedding cache (magic '" + magic + "')");
            }
            String m = in.readUTF();
            int d = in.readInt();
            if (!m.equals(model) || d != dimension) {
                throw new IllegalStateException(file + ": holds model '" + m + "' with " + d
                        + " dimensions, expected '" + model + "' with " + dimension);
            }
            long pos = 2 + MAGIC.getBytes(StandardCharsets.UTF_8).length + 2
                    + m.getBytes(StandardCharsets.UTF_8).length + 4;
            long recordBytes = 32 + 4L * dimension;
            validBytes = pos;
            byte[] record = new byte[(int) recordBytes];
            while (true) {
                try {
                    in.readFully(record);
                } catch (EOFException partial) {
                    break; // a record cut short: ignored, overwritten by the next append
                }
                ByteBuffer buf = ByteBuffer.wrap(record);
                byte[] hash = new byte[32];
                buf.get(hash);
                float[] v = new float[dimension];
                for (int j = 0; j < dimension; j++) {
                    v[j] = buf.getFloat();
                }
                vectors.put(new Key(hash), v);
                validBytes += recordBytes;
            }
        } catch (EOFException e) {
            throw new IllegalStateException(file + ": header cut short; delete the file to rebuild the cache", e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read embedding cache " + file, e);
        }
    }

    /** A SHA-256 digest of a text's UTF-8 bytes, compared by value. */
    private static final class Key {
        final byte[] bytes;
        private final int hash;

        Key(byte[] bytes) {
            this.bytes = bytes;
            this.hash = java.util.Arrays.hashCode(bytes);
        }

        static Key of(String text) {
            try {
                return new Key(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException("SHA-256 unavailable", e);
            }
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && java.util.Arrays.equals(bytes, k.bytes);
        }

        @Override
        public int hashCode() {
            return hash;
        }

        @Override
        public String toString() {
            return HexFormat.of().formatHex(bytes);
        }
    }
}
