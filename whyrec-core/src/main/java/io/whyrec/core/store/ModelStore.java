package io.whyrec.core.store;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.whyrec.api.Recommender;
import io.whyrec.core.model.Ease;
import io.whyrec.core.model.ProfileModel;
import io.whyrec.core.model.ItemKnn;
import io.whyrec.core.model.Popularity;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.zip.CRC32C;

/**
 * Saves and loads fitted models in whyrec's versioned model file format. The layout (big-endian):
 * <pre>
 *   8 bytes  magic "WHYRECMD"
 *   4 bytes  format version (int), currently {@value #FORMAT_VERSION}
 *   2+n      model kind (modified UTF-8, as DataOutput.writeUTF), e.g. "ease"
 *   4+n      parameters: length (int) then UTF-8 JSON object, the model's {@link Recommender#params()}
 *   8+n      payload: length (long) then the bytes {@link PersistentModel#writePayload} wrote
 *   4 bytes  CRC32C of every byte before it
 * </pre>
 * A file is written to a temporary file in the same folder and then renamed over the target, so a reader never
 * sees a half-written model. Loading checks, in order: the magic, the version, that the declared lengths fit in
 * the file (truncation), the checksum, the kind's reader, and that the reader consumed the whole payload.
 */
public final class ModelStore {

    /** The first eight bytes of every whyrec model file. */
    static final byte[] MAGIC = "WHYRECMD".getBytes(StandardCharsets.US_ASCII);
    /** The format version this build writes and the newest it reads. */
    public static final int FORMAT_VERSION = 1;

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Map<String, ModelReader> READERS = new ConcurrentHashMap<>();

    static {
        register(Popularity.NAME, Popularity::readPayload);
        register(ItemKnn.NAME, ItemKnn::readPayload);
        register(Ease.NAME, Ease::readPayload);
        register(ProfileModel.NAME, ProfileModel::readPayload);
    }

    private ModelStore() {
    }

    /** Registers (or replaces) the reader of a model kind, so further model kinds can be loaded. */
    public static void register(String kind, ModelReader reader) {
        READERS.put(kind, reader);
    }

    /**
     * Writes a model file atomically.
     *
     * @throws IllegalArgumentException when the model has no persistence role
     */
    public static void save(Recommender model, Path file) throws IOException {
        if (!(model instanceof PersistentModel persistent)) {
            throw new IllegalArgumentException("model '" + model.name() + "' cannot be saved: "
                    + model.getClass().getSimpleName() + " does not implement PersistentModel");
        }
        ByteArrayOutputStream payload = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(payload)) {
            persistent.writePayload(out);
        }
        byte[] params = JSON.writeValueAsBytes(new TreeMap<>(model.params()));
        Path target = file.toAbsolutePath();
        Path dir = target.getParent();
        Files.createDirectories(dir);
        Path tmp = Files.createTempFile(dir, target.getFileName().toString(), ".tmp");
        try {
            CRC32C crc = new CRC32C();
            try (OutputStream raw = Files.newOutputStream(tmp);
                 DataOutputStream out = new DataOutputStream(new java.io.BufferedOutputStream(
                         new java.util.zip.CheckedOutputStream(raw, crc), 1 << 16))) {
                out.write(MAGIC);
                out.writeInt(FORMAT_VERSION);
                out.writeUTF(persistent.kind());
                out.writeInt(params.length);
                out.write(params);
                out.writeLong(payload.size());
                payload.writeTo(out);
                out.flush();
                // the checksum is written past the checked stream so it does not cover itself
                raw.write(ByteBuffer.allocate(4).putInt((int) crc.getValue()).array());
            }
            try {
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /**
     * Loads a model file.
     *
     * @throws ModelFormatException naming the file when it is not a whyrec model file, has a newer format
     *                              version, is truncated, fails its checksum, or holds an unknown model kind
     */
    public static Recommender load(Path file) throws IOException {
        byte[] bytes = Files.readAllBytes(file);
        if (bytes.length < MAGIC.length || !Arrays.equals(bytes, 0, MAGIC.length, MAGIC, 0, MAGIC.length)) {
            throw new ModelFormatException(file, "not a whyrec model file (it does not start with \"WHYRECMD\")");
        }
        DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes));
        String kind;
        Map<String, Object> params;
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
        ModelReader reader = READERS.get(kind);
        if (reader == null) {
            throw new ModelFormatException(file, "unknown model kind '" + kind + "' (known: "
                    + String.join(", ", new java.util.TreeSet<>(READERS.keySet())) + ")");
        }
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
        return model;
    }

    private static ModelFormatException truncated(Path file, int length) {
        return new ModelFormatException(file, "truncated model file (" + length + " bytes; the header declares more)");
    }
}
