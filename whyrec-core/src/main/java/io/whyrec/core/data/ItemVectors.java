package io.whyrec.core.data;

import io.whyrec.core.files.AtomicFiles;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Precomputed item vectors of any modality (image, audio or text embeddings made elsewhere), one per item, all of
 * one dimension, under a label that names what they are. They are read from a CSV or TSV file of lines
 * {@code item_id,v1,...,vd} (the separator is a tab when the first line holds one, otherwise a comma; blank lines
 * and lines starting with {@code #} are skipped) and kept in a side file next to the dataset file
 * ({@link #sideFile}), written atomically, whose first line {@code #whyrec-item-vectors 1 LABEL DIMENSION} gives
 * the format version, the label and the dimension.
 */
public final class ItemVectors {

    /** Version of the side-file format this class writes and reads. */
    public static final int VERSION = 1;
    private static final String HEADER = "#whyrec-item-vectors";

    private final String label;
    private final int dimension;
    private final Map<String, float[]> vectors;

    private ItemVectors(String label, int dimension, Map<String, float[]> vectors) {
        this.label = label;
        this.dimension = dimension;
        this.vectors = Collections.unmodifiableMap(vectors);
    }

    /**
     * Reads a CSV or TSV vector file strictly: every error names the file and line (non-number, NaN or infinite
     * value, a dimension that differs from the first line's, an item the catalogue does not have, a duplicate).
     *
     * @param file  the vector file
     * @param label what the vectors are (for example {@code image-clip}); letters, digits, '-', '_' and '.'
     * @param known the catalogue's item ids
     */
    public static ItemVectors read(Path file, String label, Set<String> known) {
        checkLabel(label);
        Map<String, float[]> out = new LinkedHashMap<>();
        int dim = -1;
        try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String line;
            long n = 0;
            String sep = null;
            while ((line = r.readLine()) != null) {
                n++;
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                if (sep == null) {
                    sep = line.indexOf('\t') >= 0 ? "\t" : ",";
                }
                String[] f = line.split(sep, -1);
                String id = f[0].strip();
                if (id.isEmpty()) {
                    throw new DataFormatException(file, n, "item_id", "empty item id");
                }
                if (f.length < 2) {
                    throw new DataFormatException(file, n, null, "no vector values after item '" + id + "'");
                }
                if (dim < 0) {
                    dim = f.length - 1;
                } else if (f.length - 1 != dim) {
                    throw new DataFormatException(file, n, null, "item '" + id + "' has " + (f.length - 1)
                            + " values, the first vector has " + dim);
                }
                if (known != null && !known.contains(id)) {
                    throw new DataFormatException(file, n, "item_id", "unknown item '" + id + "'");
                }
                float[] v = new float[dim];
                for (int j = 0; j < dim; j++) {
                    String s = f[j + 1].strip();
                    float x;
                    try {
                        x = Float.parseFloat(s);
                    } catch (NumberFormatException e) {
                        throw new DataFormatException(file, n, "v" + (j + 1), "not a number: '" + s + "'");
                    }
                    if (!Float.isFinite(x)) {
                        throw new DataFormatException(file, n, "v" + (j + 1), "not finite: '" + s + "'");
                    }
                    v[j] = x;
                }
                if (out.put(id, v) != null) {
                    throw new DataFormatException(file, n, "item_id", "duplicate item '" + id + "'");
                }
            }
        } catch (NoSuchFileException e) {
            throw new DataFormatException(file, "file not found", e);
        } catch (IOException e) {
            throw new DataFormatException(file, "cannot read: " + e.getMessage(), e);
        }
        if (out.isEmpty()) {
            throw new DataFormatException(file, "no vectors", null);
        }
        return new ItemVectors(label, dim, out);
    }

    /** The side file next to a dataset file: {@code dataset.whyrec} gives {@code dataset.whyrec.vectors}. */
    public static Path sideFile(Path datasetFile) {
        return datasetFile.resolveSibling(datasetFile.getFileName() + ".vectors");
    }

    /** Writes these vectors atomically to the side file of a dataset file. */
    public void writeNextTo(Path datasetFile) {
        StringBuilder sb = new StringBuilder();
        sb.append(HEADER).append(' ').append(VERSION).append(' ').append(label).append(' ').append(dimension)
                .append('\n');
        for (Map.Entry<String, float[]> e : vectors.entrySet()) {
            sb.append(e.getKey());
            for (float x : e.getValue()) {
                sb.append('\t').append(x);
            }
            sb.append('\n');
        }
        try {
            AtomicFiles.write(sideFile(datasetFile), sb.toString().getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + sideFile(datasetFile), e);
        }
    }

    /** The vectors stored next to a dataset file, or null when it has none. */
    public static ItemVectors readNextTo(Path datasetFile) {
        Path side = sideFile(datasetFile);
        if (!Files.exists(side)) {
            return null;
        }
        String first;
        try (BufferedReader r = Files.newBufferedReader(side, StandardCharsets.UTF_8)) {
            first = r.readLine();
        } catch (IOException e) {
            throw new DataFormatException(side, "cannot read: " + e.getMessage(), e);
        }
        String[] h = first == null ? new String[0] : first.split(" ");
        if (h.length != 4 || !h[0].equals(HEADER)) {
            throw new DataFormatException(side, 1, null, "not a whyrec item-vector file (header '" + HEADER
                    + " VERSION LABEL DIMENSION' missing)");
        }
        if (!h[1].equals(String.valueOf(VERSION))) {
            throw new DataFormatException(side, 1, null, "item-vector file version " + h[1]
                    + " is not the one this whyrec reads (" + VERSION + "); re-import");
        }
        ItemVectors v = read(side, h[2], null);
        if (!h[3].equals(String.valueOf(v.dimension))) {
            throw new DataFormatException(side, 1, null, "header says dimension " + h[3] + ", vectors have "
                    + v.dimension);
        }
        return v;
    }

    private static void checkLabel(String label) {
        Objects.requireNonNull(label, "label");
        if (!label.matches("[A-Za-z0-9._-]+")) {
            throw new IllegalArgumentException("vector label must use letters, digits, '.', '_' or '-', got '"
                    + label + "'");
        }
    }

    /** What the vectors are (for example {@code image-clip}). */
    public String label() {
        return label;
    }

    /** The length of every vector. */
    public int dimension() {
        return dimension;
    }

    /** Number of items with a vector. */
    public int size() {
        return vectors.size();
    }

    /** An item's vector (do not modify it), or null when the item has none. */
    public float[] vector(String item) {
        return vectors.get(item);
    }
}
