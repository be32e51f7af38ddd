package io.whyrec.server.api;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.whyrec.api.Counterfactual;
import io.whyrec.api.EventAttribution;
import io.whyrec.api.Explanation;
import io.whyrec.api.FacetAttribution;
import io.whyrec.api.Fidelity;
import io.whyrec.api.ItemInfo;
import io.whyrec.core.data.ItemCatalog;
import io.whyrec.server.feedback.ExplanationArms;
import io.whyrec.server.live.Ranker;
import io.whyrec.server.live.UserState;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;

/**
 * Writes the body of {@code GET /v1/users/{u}/recommendations} straight to JSON bytes with Jackson's streaming
 * generator: the same fields, order and number formatting as serialising the ordered maps of {@link Views} with
 * the server's mapper (a test compares the bytes), without building the maps.
 *
 * <p>Explanations of one request that share their event attributions (the very list: {@code Ranker} reuses it
 * when contributions and visible facets are equal, as for items with the same facets under the profile model)
 * have the same {@code nonZeroEvents}, {@code events} and {@code facets} members; that part is written once and
 * copied for the others.
 */
final class RecommendationsJson {

    private RecommendationsJson() {
    }

    /**
     * The response body.
     *
     * @param json      the server's mapper (its generator settings decide the number formatting)
     * @param user      the user id of the path
     * @param s         the user's state the ranking was computed from
     * @param r         the ranking
     * @param k         the requested list length
     * @param label     the non-profiling label, or null when personalised
     * @param info      titles and visible facets
     * @param maxEvents how many events each explanation lists
     * @param sentence  the sentence of an explanation
     * @param idOf      the explanation id of an explanation
     * @param arm       the user's arm of explanation styles
     */
    static byte[] write(ObjectMapper json, String user, UserState s, Ranker.Ranking r, int k, String label,
                        ItemInfo info, int maxEvents, Function<Explanation, String> sentence,
                        Function<Explanation, String> idOf, ExplanationArms.Arm arm) {
        // the shared evidence parts first: one generator at a time keeps Jackson's per-thread buffers in use
        List<Ranker.Ranked> ranked = r.items();
        byte[][] partOf = new byte[ranked.size()][];
        List<Explanation> shared = new ArrayList<>();
        List<byte[]> parts = new ArrayList<>();
        EventNames names = r.input() == null ? null : EventNames.of(s, r.input());
        for (int i = 0; i < ranked.size(); i++) {
            Explanation e = ranked.get(i).explanation();
            if (e != null) {
                int j = indexOfSame(shared, e);
                if (j < 0) {
                    shared.add(e);
                    parts.add(evidence(json, e, info, names, maxEvents));
                    j = parts.size() - 1;
                }
                partOf[i] = parts.get(j);
            }
        }
        Buffer out = Buffer.local();
        try (JsonGenerator g = json.createGenerator(out, JsonEncoding.UTF8)) {
            g.writeStartObject();
            g.writeStringField("user", user);
            g.writeStringField("method", r.method());
            g.writeBooleanField("personalized", r.personalized());
            if (label != null) {
                g.writeStringField("label", label);
            }
            g.writeNumberField("k", k);
            g.writeFieldName("items");
            g.writeStartArray();
            ItemCatalog catalog = r.catalog().catalog();
            for (int i = 0; i < ranked.size(); i++) {
                Ranker.Ranked x = ranked.get(i);
                g.writeStartObject();
                g.writeStringField("item", catalog.items().id(x.item()));
                g.writeStringField("title", info.title(x.item()));
                g.writeFieldName("tags");
                strings(g, info.facets(x.item()));
                g.writeNumberField("rank", x.rank());
                g.writeNumberField("score", x.score());
                Explanation e = x.explanation();
                if (e != null) {
                    g.writeFieldName("explanation");
                    g.writeStartObject();
                    g.writeStringField("method", e.method());
                    g.writeNumberField("score", e.score());
                    double exactness = e.fidelity().get(Fidelity.EXACTNESS_ERROR);
                    if (!Double.isNaN(exactness)) {
                        g.writeNumberField("exactnessError", exactness);
                    }
                    g.writeFieldName("fidelity");
                    g.writeStartObject();
                    for (var f : Views.fidelity(e).entrySet()) {
                        g.writeNumberField(f.getKey(), f.getValue());
                    }
                    g.writeEndObject();
                    // raw bytes after what the generator buffered (as writeRaw would, without decoding them)
                    g.flush();
                    out.write(partOf[i]);
                    if (e.counterfactual() != null) {
                        counterfactual(g, e.counterfactual(), names);
                    }
                    g.writeStringField("text", sentence.apply(e));
                    g.writeStringField("explanationId", idOf.apply(e));
                    g.writeStringField("arm", arm.name());
                    g.writeNumberField("armReasons", arm.reasons());
                    g.writeBooleanField("armNarrated", arm.narrated());
                    g.writeEndObject();
                }
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.copy(0, out.size());
    }

    /** An explanation written before with the very same event attribution list and equal facet attributions. */
    private static int indexOfSame(List<Explanation> shared, Explanation x) {
        for (int j = 0; j < shared.size(); j++) {
            if (shared.get(j).events() == x.events() && shared.get(j).facets().equals(x.facets())) {
                return j;
            }
        }
        return -1;
    }

    private static void strings(JsonGenerator g, List<String> values) throws IOException {
        g.writeStartArray();
        for (String v : values) {
            g.writeString(v);
        }
        g.writeEndArray();
    }

    /**
     * The members {@code ,"nonZeroEvents":..,"events":[..],"facets":[..]} of an explanation, with the leading
     * comma, as {@link Views#explanation} gives them. They depend on the event and facet attributions only
     * (facets are a function of the events and the item's visible facets, which the sharing rule keeps equal).
     */
    private static byte[] evidence(ObjectMapper json, Explanation x, ItemInfo info, EventNames names,
                                   int maxEvents) {
        Buffer out = Buffer.local();
        try (JsonGenerator g = json.createGenerator(out, JsonEncoding.UTF8)) {
            g.writeStartObject();
            List<EventAttribution> evs = Views.largest(x.events(), maxEvents);
            g.writeNumberField("nonZeroEvents", Views.nonZeroEvents(x));
            double total = x.evidenceTotal();
            g.writeFieldName("events");
            g.writeStartArray();
            for (EventAttribution e : evs) {
                EventNames.Event named = names.at(e.position());
                g.writeStartObject();
                g.writeStringField("eventId", named.eventId());
                g.writeStringField("item", named.item());
                g.writeStringField("title", info.title(e.item()));
                g.writeNumberField("ts", named.ts());
                g.writeStringField("type", named.type());
                g.writeNumberField("weight", e.weight());
                g.writeNumberField("contribution", e.contribution());
                g.writeNumberField("share", total > 0 ? e.contribution() / total : 0.0);
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeFieldName("facets");
            g.writeStartArray();
            for (FacetAttribution f : x.facets()) {
                g.writeStartObject();
                g.writeStringField("facet", f.facet());
                g.writeNumberField("contribution", f.contribution());
                g.writeNumberField("share", f.share());
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        // {"nonZeroEvents"...} -> ,"nonZeroEvents"...
        byte[] members = out.copy(0, out.size() - 1);
        members[0] = ',';
        return members;
    }

    private static void counterfactual(JsonGenerator g, Counterfactual cf, EventNames names) throws IOException {
        g.writeFieldName("counterfactual");
        g.writeStartObject();
        g.writeBooleanField("found", cf.found());
        g.writeNumberField("k", cf.k());
        g.writeFieldName("removedEvents");
        g.writeStartArray();
        for (int p : cf.removedPositions()) {
            g.writeString(names.at(p).eventId());
        }
        g.writeEndArray();
        g.writeNumberField("originalRank", cf.originalRank());
        g.writeNumberField("newRank", cf.newRank());
        g.writeEndObject();
    }

    /**
     * A growable byte buffer kept per thread and reused by every body the thread writes (the generator is closed
     * before the next use), so a response allocates only its final exact-size copy. A buffer grown past
     * {@link #KEEP} bytes by an unusually large body is not kept.
     */
    static final class Buffer extends OutputStream {
        static final int KEEP = 1 << 20;
        private static final ThreadLocal<Buffer> LOCAL = ThreadLocal.withInitial(Buffer::new);
        private byte[] bytes = new byte[32 * 1024];
        private int size;

        /** The calling thread's buffer, emptied. */
        static Buffer local() {
            Buffer b = LOCAL.get();
            if (b.bytes.length > KEEP) {
                b = new Buffer();
                LOCAL.set(b);
            }
            b.size = 0;
            return b;
        }

        @Override
        public void write(int b) {
            ensure(1);
            bytes[size++] = (byte) b;
        }

        @Override
        public void write(byte[] b, int off, int len) {
            ensure(len);
            System.arraycopy(b, off, bytes, size, len);
            size += len;
        }

        private void ensure(int more) {
            if (size + more > bytes.length) {
                bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, size + more));
            }
        }

        int size() {
            return size;
        }

        /** A copy of bytes [from, to). */
        byte[] copy(int from, int to) {
            return Arrays.copyOfRange(bytes, from, to);
        }
    }
}
