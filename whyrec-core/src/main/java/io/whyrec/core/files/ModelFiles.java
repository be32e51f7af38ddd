package io.whyrec.core.files;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.whyrec.api.Recommender;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.TreeMap;
import java.util.zip.CRC32C;

/**
 * Saves and loads fitted models in whyrec's versioned model file format. The layout (big-endian):
 * <pre>
 *   8 bytes  magic "WHYRECMD"
 *   4 bytes  format version (int), currently {@value #FORMAT_VERSION}
 *   2+n      model kind (modified UTF-8, as DataOutput.writeUTF), e.g. "ease"
 *   4+n      parameters: length (int) then UTF-8 JSON object, the model's {@link Recommender#params()}
 *   4+n      (version 2) the training data's item-id table: count (int, 0 = not recorded) then each id as
 *            DataOutput.writeUTF, in dense index order
 *   8        (version 2) the training data's fingerprint ({@link io.whyrec.core.data.Dataset#fingerprint()}, 0 =
 *            not recorded)
 *   8+n      payload: length (long) then the bytes {@link PersistentModel#writePayload} wrote
 *   4 bytes  CRC32C of every byte before it
 * </pre>
 * A file is written through {@link AtomicFiles} (a temporary file in the same folder, synced, renamed over the
 * target, the folder synced), so a reader never sees a half-written model, even after a crash or a power loss. Version 1 files (no item table) are still read. Loading checks, in order: the magic, the version, that the declared lengths fit in
 * the file (truncation), the checksum, the kind's reader, and that the reader consumed the whole payload.
 */
public final class ModelFiles {

    /** The first eight bytes of every whyrec model file. */
    static final byte[] MAGIC = "WHYRECMD".getBytes(StandardCharsets.US_ASCII);
    /** The format version this build writes and the newest it reads. */
    public static final int FORMAT_VERSION = 2;

    private static final ObjectMapper JSON = new ObjectMapper();
    private ModelFiles() {
    }

    /**
     * A model file read back: the model and what it records of its training data.
     *
     * @param model       the model
     * @param itemIds     the training data's item ids in dense index order (empty when not recorded, as in
     *                    version 1 files)
     * @param fingerprint the training data's {@link io.whyrec.core.data.Dataset#fingerprint()}, 0 when not recorded
     */
    public record ModelFile(Recommender model, List<String> itemIds, long fingerprint) {

        /** Copies the ids. */
        public ModelFile {
            itemIds = List.copyOf(itemIds);
        }

        /**
         * Checks that the model was trained over these item ids (the same ids in the same dense order), so that
         * its item indices mean the same items.
         *
         * @param where names the file in the message
         * @param ids   the item ids of the data the model is about to score, in dense order
         * @throws ModelFormatException naming the first difference
         */
        public void requireItems(Path where, List<String> ids) throws ModelFormatException {
            if (itemIds.isEmpty()) {
                if (model.numItems() != ids.size()) {
                    throw new ModelFormatException(where, "the model scores " + model.numItems() + " items but the data "
                            + "has " + ids.size() + "; it was trained on another dataset");
                }
                return;
            }
            if (itemIds.size() != ids.size()) {
                throw new ModelFormatException(where, "the model was trained on " + itemIds.size() + " items but the "
                        + "data has " + ids.size() + "; it was trained on another dataset (retrain it with whyrec train)");
            }
            for (int i = 0; i < ids.size(); i++) {
                if (!itemIds.get(i).equals(ids.get(i))) {
                    throw new ModelFormatException(where, "item " + i + " of the model is '" + itemIds.get(i)
                            + "' but the data's item " + i + " is '" + ids.get(i) + "'; it was trained on another "
                            + "dataset (retrain it with whyrec train)");
                }
            }
        }
    }

    /**
     * Writes a model file atomically, recording no training data.
     *
     * @throws IllegalArgumentException when the model has no persistence role
     */
    public static void save(Recommender model, Path file) throws IOException {
        save(model, file, List.of(), 0L);
    }

    /**
     * Writes a model file atomically with its training data's item-id table and fingerprint, so that a reader
     * can check the model against the data it scores.
     *
     * @throws IllegalArgumentException when the model has no persistence role or the table does not cover the
     *                                  model's items
     */
    public static void save(Recommender model, Path file, List<String> itemIds, long fingerprint) throws IOException {
        if (!itemIds.isEmpty() && itemIds.size() != model.numItems()) {
            throw new IllegalArgumentException(itemIds.size() + " item ids for a model of " + model.numItems()
                    + " items");
        }
        if (!(model instanceof PersistentModel persistent)) {
            throw new IllegalArgumentException("model '" + model.name() + "' cannot be saved: "
                    + model.getClass().getSimpleName() + " does not implement PersistentModel");
        }
        ByteArrayOutputStream payload = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(payload)) {
            persistent.writePayload(out);
        }
        byte[] params = JSON.writeValueAsBytes(new TreeMap<>(model.params()));
        AtomicFiles.write(file, raw -> {
            CRC32C crc = new CRC32C();
            DataOutputStream out = new DataOutputStream(new java.util.zip.CheckedOutputStream(raw, crc));
            out.write(MAGIC);
            out.writeInt(FORMAT_VERSION);
            out.writeUTF(persistent.kind());
            out.writeInt(params.length);
            out.write(params);
            out.writeInt(itemIds.size());
            for (String id : itemIds) {
                out.writeUTF(id);
            }
            out.writeLong(fingerprint);
            out.writeLong(payload.size());
            payload.writeTo(out);
            out.flush();
            // the checksum is written past the checked stream so it does not cover itself
            raw.write(ByteBuffer.allocate(4).putInt((int) crc.getValue()).array());
        });
    }

    /**
     * Reads a model file with what it records of its training data. The store knows the file format, not the
     * models: {@code readers} gives the reader of a model kind (the model registry,
     * {@code io.whyrec.core.model.Models#read(Path)}, passes its specs' readers).
     *
     * @param readers the reader of each model kind, empty for a kind nobody can read
     * @param known   the kinds there are readers for, named when the file holds another
     * @throws ModelFormatException naming the file when it is not a whyrec model file, has a newer format
     *                              version, is truncated, fails its checksum, or holds an unknown model kind
     */
    public static ModelFile read(Path file, Function<String, Optional<ModelReader>> readers, List<String> known)
            throws IOException {
        byte[] bytes = Files.readAllBytes(file);
        if (bytes.length < MAGIC.length || !Arrays.equals(bytes, 0, MAGIC.length, MAGIC, 0, MAGIC.length)) {
            throw new ModelFormatException(file, "not a whyrec model file (it does not start with \"WHYRECMD\")");
        }
        DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes));
        String kind;
        Map<String, Object> params;
        List<String> itemIds = List.of();
        long fingerprint = 0;
        int payloadStart;
        long payloadLength;
        try {
            in.skipNBytes(MAGIC.length);
            int version = in.readInt();
            if (version > FORMAT_VERSION || version < 1) {
                throw new ModelFormatException(file, "unsupported model format version " + version
                        + " (this build reads versions 1.." + FORMAT_VERSION
                        + (version > FORMAT_VERSION ? "; it was written by a newer whyrec)" : ")"));
            }
            kind = in.readUTF();
            int paramsLength = in.readInt();
            if (paramsLength < 0 || paramsLength > in.available()) {
                throw truncated(file, bytes.length);
            }
            byte[] json = in.readNBytes(paramsLength);
            if (version >= 2) {
                int count = in.readInt();
                if (count < 0 || count > in.available() / 2) {
                    throw truncated(file, bytes.length);
                }
                List<String> ids = new java.util.ArrayList<>(count);
                for (int i = 0; i < count; i++) {
                    ids.add(in.readUTF());
                }
                itemIds = ids;
                fingerprint = in.readLong();
            }
            payloadLength = in.readLong();
            payloadStart = bytes.length - in.available();
            if (payloadLength < 0 || payloadLength + 4 > in.available()) {
                throw truncated(file, bytes.length);
            }
            if (payloadLength + 4 < in.available()) {
                throw new ModelFormatException(file, "corrupt model file: " + (in.available() - payloadLength - 4)
                        + " unexpected bytes after the payload");
            }
            int stored = ByteBuffer.wrap(bytes, bytes.length - 4, 4).getInt();
            CRC32C crc = new CRC32C();
            crc.update(bytes, 0, bytes.length - 4);
            if ((int) crc.getValue() != stored) {
                throw new ModelFormatException(file, "corrupt model file: checksum mismatch (stored "
                        + Integer.toHexString(stored) + ", computed " + Long.toHexString(crc.getValue()) + ")");
            }
            params = JSON.readValue(json, new TypeReference<LinkedHashMap<String, Object>>() { });
        } catch (EOFException e) {
            throw truncated(file, bytes.length);
        }
        ModelReader reader = readers.apply(kind).orElseThrow(() -> new ModelFormatException(file,
                "unknown model kind '" + kind + "' (known: " + String.join(", ", new java.util.TreeSet<>(known))
                        + ")"));
        ByteArrayInputStream payloadBytes = new ByteArrayInputStream(bytes, payloadStart, (int) payloadLength);
        Recommender model;
        try {
            model = reader.read(params, new DataInputStream(payloadBytes));
        } catch (EOFException e) {
            throw new ModelFormatException(file, "corrupt " + kind + " payload: it ends early", e);
        } catch (IOException | RuntimeException e) {
            throw new ModelFormatException(file, "corrupt " + kind + " payload: " + e.getMessage(), e);
        }
        if (payloadBytes.available() != 0) {
            throw new ModelFormatException(file, "corrupt " + kind + " payload: " + payloadBytes.available()
                    + " bytes left unread");
        }
        if (!itemIds.isEmpty() && itemIds.size() != model.numItems()) {
            throw new ModelFormatException(file, "corrupt model file: " + itemIds.size() + " item ids for a model of "
                    + model.numItems() + " items");
        }
        return new ModelFile(model, itemIds, fingerprint);
    }

    private static ModelFormatException truncated(Path file, int length) {
        return new ModelFormatException(file, "truncated model file (" + length + " bytes; the header declares more)");
    }
}
