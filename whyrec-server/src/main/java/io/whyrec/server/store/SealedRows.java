package io.whyrec.server.store;

import io.whyrec.server.crypto.EncryptionException;
import io.whyrec.server.crypto.PayloadCipher;
import io.whyrec.server.feedback.ExplanationIds;
import io.whyrec.server.feedback.Feedback;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;

/**
 * The payloads of an encrypted store's rows, sealed to their rows by a {@link PayloadCipher}: what each row holds
 * beyond the ids its table's keys and lookups need, written with {@link DataOutputStream} (strings as modified
 * UTF-8, numbers big-endian) and sealed with the table, the user id and the row's key as associated data, so a
 * sealed payload moved to another row or another user fails to open.
 * <ul>
 *   <li>{@code events}: the item, the time, the type and the value, bound to {@code events|user|event id};</li>
 *   <li>{@code tag_edits}: the tag, the action and the time, bound to {@code tag_edits|user|keyed tag index};</li>
 *   <li>{@code explanation_feedback}: the item, the answer, the reason, what the explanation was issued under and
 *       the time, bound to {@code explanation_feedback|user|explanation id}.</li>
 * </ul>
 */
final class SealedRows {

    /** The constant sealed into {@code store_meta.key_check}, bound to {@value #CHECK_ROW}. */
    static final String CHECK_TEXT = "whyrec store key check v1";
    /** The row binding of the key-check value. */
    static final String CHECK_ROW = "store_meta|1";

    private final PayloadCipher cipher;

    SealedRows(PayloadCipher cipher) {
        this.cipher = cipher;
    }

    PayloadCipher cipher() {
        return cipher;
    }

    static String eventRow(String user, String eventId) {
        return "events|" + user + "|" + eventId;
    }

    static String tagRow(String user, String tagIndex) {
        return "tag_edits|" + user + "|" + tagIndex;
    }

    static String feedbackRow(String user, String explanationId) {
        return "explanation_feedback|" + user + "|" + explanationId;
    }

    /** The keyed index that stands for a tag in {@code tag_edits.tag}. */
    String tagIndex(String tag) {
        return cipher.index(tag);
    }

    byte[] sealEvent(StoredEvent e) {
        return seal(eventRow(e.user(), e.eventId()), out -> {
            out.writeUTF(e.item());
            out.writeLong(e.ts());
            out.writeUTF(e.type());
            out.writeDouble(e.value());
        });
    }

    StoredEvent openEvent(String eventId, String user, long seq, byte[] sealed) {
        String row = eventRow(user, eventId);
        DataInputStream in = open(row, sealed);
        try {
            return new StoredEvent(eventId, user, in.readUTF(), in.readLong(), in.readUTF(), in.readDouble(), seq);
        } catch (IOException e) {
            throw malformed(row);
        }
    }

    byte[] sealTagEdit(String user, String tagIndex, String tag, TagAction action, long updatedAt) {
        return seal(tagRow(user, tagIndex), out -> {
            out.writeUTF(tag);
            out.writeUTF(action.column());
            out.writeLong(updatedAt);
        });
    }

    /** The tag and action of a sealed tag edit. */
    Map.Entry<String, TagAction> openTagEdit(String user, String tagIndex, byte[] sealed) {
        String row = tagRow(user, tagIndex);
        DataInputStream in = open(row, sealed);
        try {
            String tag = in.readUTF();
            TagAction action = TagAction.fromColumn(in.readUTF());
            in.readLong();
            return Map.entry(tag, action);
        } catch (IOException | IllegalArgumentException e) {
            throw malformed(row);
        }
    }

    byte[] sealFeedback(Feedback f) {
        ExplanationIds.Issued x = f.issued();
        return seal(feedbackRow(f.user(), f.explanationId()), out -> {
            out.writeUTF(f.item());
            out.writeBoolean(f.helpful());
            out.writeBoolean(f.reason() != null);
            out.writeUTF(f.reason() == null ? "" : f.reason());
            out.writeUTF(x.model());
            out.writeLong(x.modelVersion());
            out.writeUTF(x.method());
            out.writeUTF(x.narrator());
            out.writeUTF(x.lang());
            out.writeUTF(x.arm());
            out.writeLong(f.ts());
        });
    }

    Feedback openFeedback(String user, String explanationId, byte[] sealed) {
        String row = feedbackRow(user, explanationId);
        DataInputStream in = open(row, sealed);
        try {
            String item = in.readUTF();
            boolean helpful = in.readBoolean();
            boolean hasReason = in.readBoolean();
            String reason = in.readUTF();
            ExplanationIds.Issued x = new ExplanationIds.Issued(in.readUTF(), in.readLong(), in.readUTF(),
                    in.readUTF(), in.readUTF(), in.readUTF());
            return new Feedback(user, item, explanationId, helpful, hasReason ? reason : null, x, in.readLong());
        } catch (IOException e) {
            throw malformed(row);
        }
    }

    byte[] sealCheck() {
        return cipher.sealBytes(CHECK_TEXT.getBytes(java.nio.charset.StandardCharsets.UTF_8), CHECK_ROW);
    }

    /** Whether a key-check value opens to the constant. */
    boolean checks(byte[] sealed) {
        return CHECK_TEXT.equals(new String(cipher.openBytes(sealed, CHECK_ROW),
                java.nio.charset.StandardCharsets.UTF_8));
    }

    /** A row of an encrypted store without its sealed payload: refused, never read from the placeholders. */
    static EncryptionException notSealed(String row) {
        return new EncryptionException(row + ": the row holds no sealed payload although the store is encrypted "
                + "(it was written around whyrec, or its payload was removed)");
    }

    @FunctionalInterface
    private interface Writer {
        void write(DataOutputStream out) throws IOException;
    }

    private byte[] seal(String row, Writer w) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(64);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            w.write(out);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot encode the payload of " + row + ": " + e.getMessage(), e);
        }
        return cipher.sealBytes(bytes.toByteArray(), row);
    }

    private DataInputStream open(String row, byte[] sealed) {
        if (sealed == null) {
            throw notSealed(row);
        }
        return new DataInputStream(new ByteArrayInputStream(cipher.openBytes(sealed, row)));
    }

    private static EncryptionException malformed(String row) {
        return new EncryptionException(row + ": the sealed payload opened but is not a payload of this table");
    }
}
